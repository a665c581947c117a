//! `log.format = "json"`: one JSON object a line, for example
//!
//! ```text
//! {"timestamp":"2026-12-03T03:00:00.123456Z","level":"INFO","target":"civic_tracker::services::intake","message":"problem submitted","problem_id":42,"span":{"category":"roads","method":"POST","region":"KZ-75","request_id":"k3Xw9q-17","route":"/api/v1/problems"}}
//! ```
//!
//! `timestamp` (UTC, RFC 3339), `level`, `target` and `message` come first, then the
//! event's own fields. The fields of every span the event happened in are merged under
//! `span`, outermost first (an inner span's field wins over an outer one's of the same
//! name), so that `span.request_id` is on every line of a request however deep the code
//! that logged it. tracing-subscriber's own JSON format shows only the innermost span (a
//! service's span, without the request id) or a list of spans to search.

use serde_json::{Map, Value};
use std::fmt;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{JsonFields, Writer};
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// The event formatter; span fields are recorded as JSON by [`JsonFields`].
pub struct JsonLines;

/// Keys of the line itself: an event field of the same name is left out.
const OWN_KEYS: [&str; 5] = ["timestamp", "level", "target", "message", "span"];

impl<S> FormatEvent<S, JsonFields> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, JsonFields>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        let mut time = String::new();
        SystemTime.format_time(&mut Writer::new(&mut time))?;

        let mut line = Line(String::with_capacity(256));
        line.push("timestamp", &Value::from(time))?;
        line.push("level", &Value::from(meta.level().as_str()))?;
        line.push("target", &Value::from(meta.target()))?;
        let message = fields
            .0
            .iter()
            .find(|(k, _)| *k == "message")
            .map_or(Value::from(""), |(_, v)| v.clone());
        line.push("message", &message)?;
        for (key, value) in &fields.0 {
            if !OWN_KEYS.contains(key) {
                line.push(key, value)?;
            }
        }
        let mut span = Map::new();
        if let Some(scope) = ctx.event_scope() {
            for s in scope.from_root() {
                let extensions = s.extensions();
                let Some(recorded) = extensions.get::<FormattedFields<JsonFields>>() else {
                    continue;
                };
                if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(recorded) {
                    span.extend(o);
                }
            }
        }
        if !span.is_empty() {
            line.push("span", &Value::Object(span))?;
        }
        line.0.push('}');
        writer.write_str(&line.0)?;
        writer.write_char('\n')
    }
}

/// A JSON object being written, key by key, in order.
struct Line(String);

impl Line {
    fn push(&mut self, key: &str, value: &Value) -> fmt::Result {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        let key = serde_json::to_string(key).map_err(|_| fmt::Error)?;
        let value = serde_json::to_string(value).map_err(|_| fmt::Error)?;
        self.0.push_str(&key);
        self.0.push(':');
        self.0.push_str(&value);
        Ok(())
    }
}

/// An event's fields in the order they were written: numbers and booleans as themselves,
/// everything else as its text (`%` fields by `Display`, `?` fields by `Debug`).
struct Fields(Vec<(&'static str, Value)>);

impl Visit for Fields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .push((field.name(), Value::from(format!("{value:?}"))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::MakeWriter;

    /// What the formatter wrote.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    fn lines_of(work: impl FnOnce()) -> Vec<Value> {
        let out = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(out.clone())
            .with_ansi(false)
            .fmt_fields(JsonFields::new())
            .event_format(JsonLines)
            .finish();
        tracing::subscriber::with_default(subscriber, work);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    #[test]
    fn a_line_has_its_fields_and_every_enclosing_spans_fields_under_span() {
        let lines = lines_of(|| {
            let request = tracing::info_span!("request", route = "/p/{id}", request_id = "r-1");
            let _r = request.enter();
            let service = tracing::info_span!("submit", region = "KZ-75", route = "inner");
            let _s = service.enter();
            tracing::warn!(problem_id = 7, ok = true, kind = %"login", "done \"quoted\"");
        });
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!(l["level"], "WARN");
        assert_eq!(l["message"], "done \"quoted\"");
        assert_eq!(l["problem_id"], 7);
        assert_eq!(l["ok"], true);
        assert_eq!(l["kind"], "login");
        assert_eq!(l["span"]["request_id"], "r-1");
        assert_eq!(l["span"]["region"], "KZ-75");
        assert_eq!(l["span"]["route"], "inner", "the inner span's field wins");
        assert!(l["target"].as_str().unwrap().starts_with("civic_tracker"));
        let time = l["timestamp"].as_str().unwrap();
        assert!(time.ends_with('Z') && time.len() == 27, "{time}");
    }

    #[test]
    fn a_line_outside_any_span_has_no_span_and_the_line_keys_come_first() {
        let out = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(out.clone())
            .fmt_fields(JsonFields::new())
            .event_format(JsonLines)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(message2 = "x", level = "mine", "hello");
        });
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("{\"timestamp\":\""), "{text}");
        assert!(
            text.contains("\"level\":\"INFO\",\"target\":\"civic_tracker::telemetry::json::tests\",\"message\":\"hello\",\"message2\":\"x\"}"),
            "{text}"
        );
        assert!(!text.contains("span"), "{text}");
        assert!(text.ends_with("}\n"));
    }
}
