//! The public ledger's entry format: which events are public, what an entry of each holds,
//! its canonical encoding and the chain hash. Shared by the back-fill migration and the
//! service (`civic_tracker::domain::ledger` re-exports it), so that both encode entries by
//! the same code. README.md, "Public ledger", defines the same in prose.
//!
//! An entry's free texts (a public note, a problem's title...) are not in its encoding:
//! only their commitments, `sha256(salt ‖ UTF-8 text)` with a random 16-byte salt per field,
//! so that a text can later be redacted without breaking the chain.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The hash before the first entry: 32 zero bytes.
pub const GENESIS: [u8; 32] = [0; 32];

/// Bytes in a text field's salt.
pub const SALT_BYTES: usize = 16;

/// The fields that hold free text (committed to, never encoded as such).
pub const TEXT_FIELDS: &[&str] = &[
    "note",
    "says_args",
    "title",
    "description",
    "address",
    "reason",
];

/// The one status in which a problem is not public (the entries' `to` never names it).
const UNCONFIRMED: &str = "unconfirmed";

/// A value of the encoding: only strings, integers and null, so that the canonical form
/// is RFC 8785 (JCS) with no number formatting to agree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Str(String),
}

impl Value {
    /// `Str`, or `Null` for `None`.
    pub fn opt_str(s: Option<&str>) -> Value {
        s.map_or(Value::Null, |s| Value::Str(s.to_string()))
    }

    /// `Int`, or `Null` for `None`.
    pub fn opt_int(n: Option<i64>) -> Value {
        n.map_or(Value::Null, Value::Int)
    }

    fn from_json(v: &serde_json::Value) -> Option<Value> {
        match v {
            serde_json::Value::Null => Some(Value::Null),
            serde_json::Value::String(s) => Some(Value::Str(s.clone())),
            serde_json::Value::Number(n) => n.as_i64().map(Value::Int),
            _ => None,
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Int(n) => out.push_str(&n.to_string()),
            Value::Str(s) => write_str(s, out),
        }
    }
}

/// A JSON string as RFC 8785 writes it: `"` and `\` escaped, `\b \t \n \f \r`, other
/// control characters as `\u00xx` (lower-case hex), everything else as is (UTF-8).
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The hashed part of an entry: every field but the texts, which are there as their
/// commitments (or null when the entry has no such text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    /// UTC, whole seconds.
    pub time: DateTime<Utc>,
    pub problem: i64,
    pub kind: String,
    pub fields: BTreeMap<String, Value>,
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A time as entries hold it: whole seconds.
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

impl Entry {
    /// The canonical encoding (RFC 8785): the object
    /// `{"fields":{...},"kind":..,"problem":..,"seq":..,"time":..}`, keys sorted, no
    /// blanks, UTF-8.
    pub fn canonical(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str("{\"fields\":{");
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(k, &mut out);
            out.push(':');
            v.write(&mut out);
        }
        out.push_str("},\"kind\":");
        write_str(&self.kind, &mut out);
        out.push_str(",\"problem\":");
        out.push_str(&self.problem.to_string());
        out.push_str(",\"seq\":");
        out.push_str(&self.seq.to_string());
        out.push_str(",\"time\":");
        write_str(&time_text(self.time), &mut out);
        out.push('}');
        out
    }

    /// Reads an entry back from its canonical encoding (`None`: not an entry).
    pub fn parse(canonical: &str) -> Option<Entry> {
        let v: serde_json::Value = serde_json::from_str(canonical).ok()?;
        let o = v.as_object()?;
        if o.len() != 5 {
            return None;
        }
        let time = DateTime::parse_from_rfc3339(o.get("time")?.as_str()?)
            .ok()?
            .with_timezone(&Utc);
        let fields = o
            .get("fields")?
            .as_object()?
            .iter()
            .map(|(k, v)| Some((k.clone(), Value::from_json(v)?)))
            .collect::<Option<BTreeMap<_, _>>>()?;
        Some(Entry {
            seq: o.get("seq")?.as_i64()?,
            time,
            problem: o.get("problem")?.as_i64()?,
            kind: o.get("kind")?.as_str()?.to_string(),
            fields,
        })
    }
}

/// `SHA-256(previous hash ‖ canonical encoding)`.
pub fn chain(prev: &[u8; 32], canonical: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(canonical.as_bytes());
    h.finalize().into()
}

/// A text's commitment: `sha256(salt ‖ UTF-8 text)`, lower-case hex.
pub fn commitment(salt: &[u8], text: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(text.as_bytes());
    hex(&h.finalize())
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Bytes from hex (either case); `None` when it is not hex.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A fresh random salt.
pub fn new_salt() -> [u8; SALT_BYTES] {
    rand::random()
}

/// An entry before it has its place in the log: its plain fields and its texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub time: DateTime<Utc>,
    pub problem: i64,
    pub kind: String,
    pub plain: BTreeMap<String, Value>,
    /// Text fields; `None`: the entry has no such text (null in the encoding).
    pub texts: BTreeMap<String, Option<String>>,
}

/// A text field as stored beside its entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedText {
    pub field: String,
    pub salt: [u8; SALT_BYTES],
    pub text: String,
}

impl Draft {
    /// The entry at `seq`, its texts salted with `salt()`.
    pub fn seal(
        self,
        seq: i64,
        mut salt: impl FnMut() -> [u8; SALT_BYTES],
    ) -> (Entry, Vec<SealedText>) {
        let mut fields = self.plain;
        let mut texts = Vec::new();
        for (field, text) in self.texts {
            let value = match text {
                Some(text) => {
                    let s = salt();
                    let c = commitment(&s, &text);
                    texts.push(SealedText {
                        field: field.clone(),
                        salt: s,
                        text,
                    });
                    Value::Str(c)
                }
                None => Value::Null,
            };
            fields.insert(field, value);
        }
        let entry = Entry {
            seq,
            time: whole_seconds(self.time),
            problem: self.problem,
            kind: self.kind,
            fields,
        };
        (entry, texts)
    }
}

/// What the log needs of a problem's timeline event (a `problem_events` row).
#[derive(Clone, Debug)]
pub struct EventFacts<'a> {
    pub time: DateTime<Utc>,
    pub problem: i64,
    pub action: &'a str,
    pub actor: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub representative: Option<i64>,
    pub public_note: Option<&'a str>,
    pub note_key: Option<&'a str>,
    pub note_args: Option<&'a str>,
    /// For the confirmation: what the problem published.
    pub published: Option<Published<'a>>,
}

/// A problem's public content, logged when it is confirmed (published). Never its
/// citizen's contact details.
#[derive(Clone, Debug)]
pub struct Published<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub region: &'a str,
    pub category: &'a str,
}

/// Whether an event is public, and so logged: it is what the public timeline of a
/// problem shows (a public note, the service's words, or a change of status) on a
/// published problem. The filing itself (`unconfirmed`) is not public.
pub fn is_public(f: &EventFacts<'_>) -> bool {
    f.to != Some(UNCONFIRMED) && (f.public_note.is_some() || f.note_key.is_some() || f.from != f.to)
}

/// The entry of a public event (`None` when it is not public). Its kind is the event's
/// action; its fields: `actor`, `from`, `to`, `representative`, `says` (the service's
/// catalog key), and the texts `note` (the public note) and `says_args`; the confirmation
/// adds `region`, `category` and the texts `title`, `description`, `address`.
pub fn event_draft(f: &EventFacts<'_>) -> Option<Draft> {
    if !is_public(f) {
        return None;
    }
    let mut plain = BTreeMap::new();
    plain.insert("actor".into(), Value::Str(f.actor.into()));
    plain.insert("from".into(), Value::opt_str(f.from));
    plain.insert("to".into(), Value::opt_str(f.to));
    plain.insert("representative".into(), Value::opt_int(f.representative));
    plain.insert("says".into(), Value::opt_str(f.note_key));
    let mut texts = BTreeMap::new();
    texts.insert("note".into(), f.public_note.map(str::to_string));
    texts.insert("says_args".into(), f.note_args.map(str::to_string));
    if let Some(p) = &f.published {
        plain.insert("region".into(), Value::Str(p.region.into()));
        plain.insert("category".into(), Value::Str(p.category.into()));
        texts.insert("title".into(), Some(p.title.into()));
        texts.insert("description".into(), Some(p.description.into()));
        texts.insert("address".into(), p.address.map(str::to_string));
    }
    Some(Draft {
        time: f.time,
        problem: f.problem,
        kind: f.action.to_string(),
        plain,
        texts,
    })
}

/// The kind of the entry that records a problem's count of supporters.
pub const SUPPORT_KIND: &str = "support";

/// The entry that records problem `problem`'s count of confirmed supporters at `time`
/// (never who they are).
pub fn support_draft(time: DateTime<Utc>, problem: i64, supporters: i64) -> Draft {
    let mut plain = BTreeMap::new();
    plain.insert("supporters".into(), Value::Int(supporters));
    Draft {
        time,
        problem,
        kind: SUPPORT_KIND.into(),
        plain,
        texts: BTreeMap::new(),
    }
}

/// The kind of the entry that records a redaction.
pub const REDACTION_KIND: &str = "redaction";

/// The entry that records that the text `field` of entry `entry` (of problem `problem`)
/// was redacted at `time` by someone acting as `by` (a role, never a person's address),
/// for `reason`. The reason is a text (committed to, like the others), so that a reason
/// that itself names someone could be redacted in turn.
pub fn redaction_draft(
    time: DateTime<Utc>,
    problem: i64,
    entry: i64,
    field: &str,
    reason: &str,
    by: &str,
) -> Draft {
    let mut plain = BTreeMap::new();
    plain.insert("entry".into(), Value::Int(entry));
    plain.insert("field".into(), Value::Str(field.into()));
    plain.insert("by".into(), Value::Str(by.into()));
    let mut texts = BTreeMap::new();
    texts.insert("reason".into(), Some(reason.to_string()));
    Draft {
        time,
        problem,
        kind: REDACTION_KIND.into(),
        plain,
        texts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_sorts_keys_and_escapes_as_rfc_8785() {
        let mut fields = BTreeMap::new();
        fields.insert(
            "to".into(),
            Value::Str("жол «Абай» ә\u{1}\n\"x\"\\/".into()),
        );
        fields.insert("representative".into(), Value::Int(7));
        fields.insert("from".into(), Value::Null);
        let e = Entry {
            seq: 12,
            time: DateTime::parse_from_rfc3339("2026-12-04T10:20:30.999+05:00")
                .unwrap()
                .with_timezone(&Utc),
            problem: 42,
            kind: "comment".into(),
            fields,
        };
        let e = Entry {
            time: whole_seconds(e.time),
            ..e
        };
        let expected = "{\"fields\":{\"from\":null,\"representative\":7,\
            \"to\":\"жол «Абай» ә\\u0001\\n\\\"x\\\"\\\\/\"},\"kind\":\"comment\",\
            \"problem\":42,\"seq\":12,\"time\":\"2026-12-04T05:20:30Z\"}";
        assert_eq!(e.canonical(), expected);
        assert_eq!(Entry::parse(expected), Some(e));
    }

    #[test]
    fn chain_and_commitment_are_sha_256_as_written_out() {
        // printf '' | sha256sum, and the hash of 32 zero bytes followed by "{}".
        assert_eq!(
            commitment(b"", ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            commitment(&[0; 32], "{}"),
            hex(&chain(&GENESIS, "{}")),
            "the chain hash is the same SHA-256 over previous ‖ canonical"
        );
        assert_eq!(unhex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(unhex("0g"), None);
    }
}
