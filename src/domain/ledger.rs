//! The public ledger's rules: the entry kinds, the entry format and chain hash (shared with
//! the back-fill migration: [`migration::ledger_format`]), and verification of a sequence
//! of entries against the previous head and an archived one. README.md, "Public ledger",
//! defines the format for people who verify with their own tools.

use crate::domain::status::Action;
use chrono::{DateTime, Utc};
pub use migration::ledger_format::{
    Draft, Entry, EventFacts, GENESIS, Published, REDACTION_KIND, SUPPORT_KIND, SealedText,
    TEXT_FIELDS, Value, chain, commitment, event_draft, hex, is_public, new_salt, redaction_draft,
    support_draft, time_text, unhex, whole_seconds,
};

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A public event of a problem's timeline; the kind is the action's name (`confirm`
    /// publishes the problem).
    Event(Action),
    /// A problem's count of confirmed supporters changed.
    Support,
    /// A text of an earlier entry was redacted (`services::ledger::redact`).
    Redaction,
}

impl Kind {
    /// The name in entries (`kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Event(a) => a.as_str(),
            Kind::Support => SUPPORT_KIND,
            Kind::Redaction => REDACTION_KIND,
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            SUPPORT_KIND => Some(Kind::Support),
            REDACTION_KIND => Some(Kind::Redaction),
            _ => Action::parse(s).map(Kind::Event),
        }
    }
}

/// Where a text that may be redacted stands outside the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The problem's own text (`title`, `description`, `address`), logged by `confirm`.
    Problem,
    /// A timeline event's public note (`note`).
    Event,
}

/// The fields a redaction may empty, in the order they are named in errors.
pub const REDACTABLE: &[&str] = &["title", "description", "address", "note"];

/// Whether field `field` of an entry of kind `kind` is a text a redaction may empty, and
/// where else it stands: a confirmation's title, description and address, and the public
/// note of any timeline event. The service's own words (`says_args`), counts of supporters
/// and redactions themselves are not redacted.
pub fn redactable(kind: &str, field: &str) -> Option<Source> {
    match (Kind::parse(kind)?, field) {
        (Kind::Event(Action::Confirm), "title" | "description" | "address") => {
            Some(Source::Problem)
        }
        (Kind::Event(_), "note") => Some(Source::Event),
        _ => None,
    }
}

/// A state of the log a person can write down and check later: the last entry's number and
/// hash. The empty log's head is `0` and 64 zeros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    /// Lower-case hex.
    pub hash: String,
}

impl Head {
    /// The head of the empty log.
    pub fn empty() -> Head {
        Head {
            seq: 0,
            hash: hex(&GENESIS),
        }
    }

    /// Reads `SEQ:HASH` (64 hex digits).
    pub fn parse(s: &str) -> Result<Head, String> {
        let (seq, hash) = s
            .split_once(':')
            .ok_or_else(|| format!("{s:?} is not SEQ:HASH"))?;
        let seq: i64 = seq
            .parse()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| format!("{seq:?} is not an entry number"))?;
        if hash.len() != 64 || unhex(hash).is_none() {
            return Err(format!("{hash:?} is not a SHA-256 hash in hex (64 digits)"));
        }
        Ok(Head {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// An entry as a verifier gets it: where it stands in the log, its hashed part, the hash
/// it claims, and the texts it shows (field, text, salt in hex).
#[derive(Clone, Debug)]
pub struct Received {
    /// The number the log holds it under (the database's row, the API's `seq`).
    pub position: i64,
    pub entry: Entry,
    pub hash: String,
    pub texts: Vec<(String, String, String)>,
    /// The entry's canonical encoding when the reader has it already (the database's
    /// body, checked canonical); `None`: computed from `entry`.
    pub canonical: Option<String>,
}

/// The first thing wrong with a log, naming the entry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("entry {seq} is missing (the log goes on at entry {next})")]
    Missing { seq: i64, next: i64 },
    #[error("entry {seq} is out of order: it comes after entry {after}")]
    OutOfOrder { seq: i64, after: i64 },
    #[error("entry {seq} is out of order: it holds the content of entry {says}")]
    Misplaced { seq: i64, says: i64 },
    #[error(
        "entry {seq}: its hash does not match its content and the previous entry's hash \
         (expected {expected}, the log says {found})"
    )]
    Hash {
        seq: i64,
        expected: String,
        found: String,
    },
    #[error("entry {seq}: the text of field `{field}` does not match its commitment")]
    Commitment { seq: i64, field: String },
    #[error("entry {seq}: {what}")]
    Malformed { seq: i64, what: String },
    #[error(
        "entry {seq}: the log forks from the archived head {archived} (its hash here is \
         {found}): the history up to that head was rewritten"
    )]
    Fork {
        seq: i64,
        archived: Head,
        found: String,
    },
    #[error("the log ends at entry {last}, before the archived head {archived}")]
    Short { last: i64, archived: Head },
}

impl Fault {
    /// The entry named.
    pub fn seq(&self) -> i64 {
        match self {
            Fault::Missing { seq, .. }
            | Fault::OutOfOrder { seq, .. }
            | Fault::Misplaced { seq, .. }
            | Fault::Hash { seq, .. }
            | Fault::Commitment { seq, .. }
            | Fault::Malformed { seq, .. }
            | Fault::Fork { seq, .. } => *seq,
            Fault::Short { last, .. } => *last + 1,
        }
    }
}

/// Checks entries one by one, in the order the log holds them, from the first.
#[derive(Clone, Debug)]
pub struct Verifier {
    seq: i64,
    prev: [u8; 32],
    archived: Option<Head>,
}

impl Verifier {
    /// A verifier of a log from its first entry; with `archived`, a head someone wrote
    /// down earlier, which must be a prefix of the log (the same hash at its number).
    pub fn new(archived: Option<Head>) -> Verifier {
        Verifier {
            seq: 0,
            prev: GENESIS,
            archived,
        }
    }

    /// Checks the next entry.
    pub fn check(&mut self, r: &Received) -> Result<(), Fault> {
        let expected = self.seq + 1;
        if r.position > expected {
            return Err(Fault::Missing {
                seq: expected,
                next: r.position,
            });
        }
        if r.position < expected {
            return Err(Fault::OutOfOrder {
                seq: r.position,
                after: self.seq,
            });
        }
        if r.entry.seq != r.position {
            return Err(Fault::Misplaced {
                seq: r.position,
                says: r.entry.seq,
            });
        }
        for (field, text, salt) in &r.texts {
            let committed = match r.entry.fields.get(field) {
                Some(Value::Str(c)) => c,
                _ => {
                    return Err(Fault::Malformed {
                        seq: r.position,
                        what: format!("field `{field}` shows a text but commits to none"),
                    });
                }
            };
            let salt = unhex(salt).ok_or_else(|| Fault::Malformed {
                seq: r.position,
                what: format!("the salt of field `{field}` is not hex"),
            })?;
            if commitment(&salt, text) != *committed {
                return Err(Fault::Commitment {
                    seq: r.position,
                    field: field.clone(),
                });
            }
        }
        let hash = match &r.canonical {
            Some(c) => chain(&self.prev, c),
            None => chain(&self.prev, &r.entry.canonical()),
        };
        let expected_hash = hex(&hash);
        if expected_hash != r.hash {
            return Err(Fault::Hash {
                seq: r.position,
                expected: expected_hash,
                found: r.hash.clone(),
            });
        }
        if let Some(a) = &self.archived
            && a.seq == r.position
            && a.hash != r.hash
        {
            return Err(Fault::Fork {
                seq: r.position,
                archived: a.clone(),
                found: r.hash.clone(),
            });
        }
        self.seq = r.position;
        self.prev = hash;
        Ok(())
    }

    /// The end of the log: its head, once the archived head has been passed.
    pub fn finish(self) -> Result<Head, Fault> {
        if let Some(a) = self.archived
            && a.seq > self.seq
        {
            return Err(Fault::Short {
                last: self.seq,
                archived: a,
            });
        }
        Ok(Head {
            seq: self.seq,
            hash: hex(&self.prev),
        })
    }

    /// Entries checked so far.
    pub fn checked(&self) -> i64 {
        self.seq
    }
}

/// Reads an entry as `GET /api/v1/ledger` serves it: text fields are objects with their
/// `commitment` and, unless redacted, `text` and `salt`.
pub fn received_from_json(v: &serde_json::Value) -> Result<Received, String> {
    let o = v.as_object().ok_or("an entry is not a JSON object")?;
    let int = |k: &str| o.get(k).and_then(serde_json::Value::as_i64);
    let seq = int("seq").ok_or("an entry without seq")?;
    let bad = |what: &str| format!("entry {seq}: {what}");
    let time = o
        .get("time")
        .and_then(|t| t.as_str())
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .ok_or_else(|| bad("time is not an RFC 3339 time"))?
        .with_timezone(&Utc);
    let mut fields = std::collections::BTreeMap::new();
    let mut texts = Vec::new();
    for (k, f) in o
        .get("fields")
        .and_then(|f| f.as_object())
        .ok_or_else(|| bad("no fields"))?
    {
        let value = match f {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::String(s) => Value::Str(s.clone()),
            serde_json::Value::Number(n) => Value::Int(
                n.as_i64()
                    .ok_or_else(|| bad("a number is not an integer"))?,
            ),
            serde_json::Value::Object(t) => {
                let s = |name: &str| t.get(name).and_then(|v| v.as_str());
                let c = s("commitment").ok_or_else(|| bad("a text without commitment"))?;
                if let (Some(text), Some(salt)) = (s("text"), s("salt")) {
                    texts.push((k.clone(), text.to_string(), salt.to_string()));
                }
                Value::Str(c.to_string())
            }
            _ => return Err(bad("a field is neither text, string, integer nor null")),
        };
        fields.insert(k.clone(), value);
    }
    Ok(Received {
        position: seq,
        entry: Entry {
            seq,
            time,
            problem: int("problem").ok_or_else(|| bad("no problem"))?,
            kind: o
                .get("kind")
                .and_then(|k| k.as_str())
                .ok_or_else(|| bad("no kind"))?
                .to_string(),
            fields,
        },
        hash: o
            .get("hash")
            .and_then(|h| h.as_str())
            .ok_or_else(|| bad("no hash"))?
            .to_string(),
        texts,
        canonical: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A log of `n` comments on problem 42, each with a text.
    fn log(n: i64) -> Vec<Received> {
        let mut prev = GENESIS;
        (1..=n)
            .map(|seq| {
                let mut texts = BTreeMap::new();
                texts.insert("note".to_string(), Some(format!("Жол жөнделді {seq}")));
                let d = Draft {
                    time: DateTime::from_timestamp(1_796_000_000 + seq, 0).unwrap(),
                    problem: 42,
                    kind: "comment".into(),
                    plain: BTreeMap::from([("to".to_string(), Value::Str("assigned".into()))]),
                    texts,
                };
                let (entry, sealed) = d.seal(seq, || [seq as u8; 16]);
                prev = chain(&prev, &entry.canonical());
                Received {
                    position: seq,
                    entry,
                    hash: hex(&prev),
                    texts: sealed
                        .into_iter()
                        .map(|t| (t.field, t.text, hex(&t.salt)))
                        .collect(),
                    canonical: None,
                }
            })
            .collect()
    }

    fn verify(entries: &[Received], archived: Option<Head>) -> Result<Head, Fault> {
        let mut v = Verifier::new(archived);
        for e in entries {
            v.check(e)?;
        }
        v.finish()
    }

    #[test]
    fn an_intact_log_verifies_to_its_head() {
        let l = log(5);
        let head = verify(&l, None).unwrap();
        assert_eq!(head.seq, 5);
        assert_eq!(head.hash, l[4].hash);
        assert_eq!(verify(&[], None).unwrap(), Head::empty());
        assert_eq!(
            Head::empty().to_string(),
            format!("0:{}", "0".repeat(64)),
            "the empty log's head"
        );
    }

    #[test]
    fn each_tampering_names_the_first_bad_entry() {
        let l = log(5);
        let mut changed = l.clone();
        changed[2].texts[0].1 = "Жол жөнделмеді".into();
        assert_eq!(
            verify(&changed, None),
            Err(Fault::Commitment {
                seq: 3,
                field: "note".into()
            })
        );
        let mut deleted = l.clone();
        deleted.remove(1);
        assert_eq!(
            verify(&deleted, None),
            Err(Fault::Missing { seq: 2, next: 3 })
        );
        let mut swapped = l.clone();
        swapped.swap(1, 2);
        assert_eq!(
            verify(&swapped, None),
            Err(Fault::Missing { seq: 2, next: 3 })
        );
        // Swapped contents under the same numbers.
        let mut swapped = l.clone();
        let (a, b) = (swapped[1].entry.clone(), swapped[2].entry.clone());
        swapped[1].entry = b;
        swapped[2].entry = a;
        assert_eq!(
            verify(&swapped, None),
            Err(Fault::Misplaced { seq: 2, says: 3 })
        );
        let mut rehashed = l.clone();
        rehashed[3].entry.problem = 43;
        assert!(matches!(
            verify(&rehashed, None),
            Err(Fault::Hash { seq: 4, .. })
        ));
    }

    #[test]
    fn a_fork_after_an_archived_head_is_detected_at_that_head() {
        let l = log(5);
        let archived = Head {
            seq: 3,
            hash: l[2].hash.clone(),
        };
        assert_eq!(verify(&l, Some(archived.clone())).unwrap().seq, 5);
        // History rewritten from entry 2 on, every hash recomputed: a consistent chain,
        // but not the one that was archived.
        let mut forked = log(1);
        let mut prev = unhex(&forked[0].hash).unwrap().try_into().unwrap();
        for mut r in l.into_iter().skip(1) {
            r.entry.problem = 7;
            prev = chain(&prev, &r.entry.canonical());
            r.hash = hex(&prev);
            forked.push(r);
        }
        assert!(verify(&forked, None).is_ok());
        let fault = verify(&forked, Some(archived.clone())).unwrap_err();
        assert!(matches!(fault, Fault::Fork { seq: 3, .. }), "{fault}");
        assert_eq!(
            verify(&forked[..2], Some(archived.clone())),
            Err(Fault::Short { last: 2, archived })
        );
    }

    #[test]
    fn heads_are_read_as_seq_colon_hash() {
        let h = Head::parse(&format!("12:{}", "AB".repeat(32))).unwrap();
        assert_eq!(h.seq, 12);
        assert_eq!(h.hash, "ab".repeat(32));
        assert!(Head::parse("12").is_err());
        assert!(Head::parse("x:00").is_err());
        assert!(Head::parse(&format!("-1:{}", "0".repeat(64))).is_err());
    }

    #[test]
    fn kinds_are_actions_and_the_ledger_s_own() {
        assert_eq!(Kind::parse("confirm"), Some(Kind::Event(Action::Confirm)));
        assert_eq!(Kind::parse("support"), Some(Kind::Support));
        assert_eq!(Kind::Redaction.as_str(), "redaction");
        assert_eq!(Kind::parse("nothing"), None);
    }

    fn committed(v: &Value) -> String {
        match v {
            Value::Str(s) => s.clone(),
            other => panic!("not a commitment: {other:?}"),
        }
    }

    #[test]
    fn an_entry_served_as_json_reads_back_with_its_texts() {
        let l = log(1);
        let r = &l[0];
        let json = serde_json::json!({
            "seq": 1, "time": time_text(r.entry.time), "problem": 42, "kind": "comment",
            "fields": {"to": "assigned", "note": {"text": r.texts[0].1, "salt": r.texts[0].2,
                       "commitment": committed(&r.entry.fields["note"])}},
            "hash": r.hash,
        });
        let back = received_from_json(&json).unwrap();
        assert_eq!(back.entry, r.entry);
        assert_eq!(back.texts, r.texts);
        assert!(verify(&[back], None).is_ok());
    }
}
