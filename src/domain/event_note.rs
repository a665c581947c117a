//! What the service itself says on a problem's timeline ("past its acknowledge-by
//! deadline of …", "routed to … by rule #4"), kept as a catalog key with its arguments
//! rather than as finished text, so that every reader sees it in their own language and
//! with times in their format. People's own notes stay text, never translated.
//!
//! Stored in `problem_events.note_key` and `note_args` (a JSON object). An argument is a
//! string, a number, or `{"time": "<RFC 3339>"}`, which is written as a local time in the
//! reader's language.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

/// A system note: a catalog key (`event.overdue_acknowledge`) and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct EventNote {
    pub key: &'static str,
    pub args: Map<String, Value>,
}

impl EventNote {
    /// A note without arguments.
    pub fn new(key: &'static str) -> EventNote {
        EventNote {
            key,
            args: Map::new(),
        }
    }

    /// Adds a text or number argument.
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> EventNote {
        self.args.insert(name.into(), value.into());
        self
    }

    /// Adds a time argument, written in the reader's language and zone.
    pub fn time(mut self, name: &str, t: DateTime<Utc>) -> EventNote {
        self.args
            .insert(name.into(), json!({"time": t.to_rfc3339()}));
        self
    }

    /// The arguments as stored (`note_args`).
    pub fn encoded_args(&self) -> String {
        Value::Object(self.args.clone()).to_string()
    }
}

/// A stored note in `lang`: the message `key` with `args` (as [`EventNote::encoded_args`]
/// wrote them), times formatted by `time`. Unreadable arguments are left out, so that the
/// message shows what it can rather than failing the page.
pub fn render(
    lang: &str,
    key: &str,
    args: Option<&str>,
    time: impl Fn(DateTime<Utc>) -> String,
) -> String {
    let parsed: Map<String, Value> = args
        .and_then(|a| serde_json::from_str(a).ok())
        .unwrap_or_default();
    let args: Vec<(&str, crate::i18n::Arg)> = parsed
        .iter()
        .filter_map(|(name, v)| {
            let arg = match v {
                Value::String(s) => crate::i18n::Arg::Text(s.clone()),
                Value::Number(n) => crate::i18n::Arg::Number(n.as_f64()?),
                Value::Object(o) => {
                    let t = o.get("time")?.as_str()?;
                    let t = DateTime::parse_from_rfc3339(t).ok()?.with_timezone(&Utc);
                    crate::i18n::Arg::Text(time(t))
                }
                _ => return None,
            };
            Some((name.as_str(), arg))
        })
        .collect();
    crate::i18n::message_with(lang, key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_written_in_each_readers_language_with_its_time() {
        let due: DateTime<Utc> = "2026-11-27T05:00:00Z".parse().unwrap();
        let note = EventNote::new("event.overdue_acknowledge").time("due", due);
        let stored = note.encoded_args();
        let fmt = |t: DateTime<Utc>| t.format("%d.%m %H:%M").to_string();
        let en = render("en", note.key, Some(&stored), fmt);
        let ru = render("ru", note.key, Some(&stored), fmt);
        let kk = render("kk", note.key, Some(&stored), fmt);
        assert!(
            en.contains("27.11 05:00") && en.contains("acknowledge"),
            "{en}"
        );
        assert!(ru.contains("27.11 05:00") && ru != en, "{ru}");
        assert!(kk.contains("27.11 05:00") && kk != ru, "{kk}");
    }

    #[test]
    fn numbers_choose_plural_forms_and_bad_arguments_are_left_out() {
        let stored = EventNote::new("event.escalated_resolve")
            .arg("days", 5)
            .encoded_args();
        let ru = render("ru", "event.escalated_resolve", Some(&stored), |_| {
            String::new()
        });
        assert!(ru.contains("5 дней"), "{ru}");
        let broken = render("en", "event.unrouted", Some("not json"), |_| String::new());
        assert!(!broken.is_empty() && !broken.contains("event"), "{broken}");
    }
}
