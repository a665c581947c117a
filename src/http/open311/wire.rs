//! Open311's wire format: the response format named by the resource's extension, XML and
//! JSON built from the same value, and the specification's error answer.

use crate::error::AppError;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::fmt::Write;

/// The response format, from the resource's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// The resource's extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }
}

/// Splits `name.json` / `name.xml`.
pub(super) fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext.to_ascii_lowercase().as_str() {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, format))
}

/// An Open311 error answer: a list of `code` and `description`.
pub struct Open311Error {
    status: StatusCode,
    description: String,
    format: Format,
    /// Seconds for `Retry-After` on a 429 or a 503.
    retry_after: Option<u64>,
}

impl Open311Error {
    /// An error answer with this status.
    pub(super) fn new(status: StatusCode, format: Format, description: impl Into<String>) -> Self {
        Open311Error {
            status,
            description: description.into(),
            format,
            retry_after: None,
        }
    }

    /// A 400.
    pub(super) fn bad(format: Format, description: impl Into<String>) -> Self {
        Open311Error::new(StatusCode::BAD_REQUEST, format, description)
    }

    /// A 404.
    pub(super) fn not_found(format: Format, description: impl Into<String>) -> Self {
        Open311Error::new(StatusCode::NOT_FOUND, format, description)
    }

    /// An internal failure, answered as the specification allows (a 400 saying what could
    /// not be done) with the error id to quote. It is logged like `AppError`'s 500s: with
    /// its cause chain and that id, inside the request's span (which carries the request
    /// id).
    pub(super) fn internal(format: Format, description: &str, e: &AppError) -> Self {
        match e.log() {
            Some(id) => Open311Error::bad(format, format!("{description} (error id {id})")),
            None => Open311Error::bad(format, description),
        }
    }

    /// The core's errors in Open311's terms: never a 409 or 422 here.
    pub(super) fn from_app(format: Format, e: AppError) -> Self {
        let (status, _, message, _) = e.parts();
        if let Some(secs) = e.retry_after() {
            // A rate limit (429) or an unavailable service (503): wait and try again.
            e.log();
            let mut err = Open311Error::new(status, format, message);
            err.retry_after = Some(secs);
            return err;
        }
        match status {
            StatusCode::NOT_FOUND => Open311Error::not_found(format, message),
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => {
                Open311Error::new(StatusCode::FORBIDDEN, format, message)
            }
            s if s.is_server_error() => Open311Error::internal(
                format,
                &crate::i18n::message(crate::error::answer_language(), "error.open311_internal"),
                &e,
            ),
            _ => Open311Error::bad(format, message),
        }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let body = json!([{"code": self.status.as_u16(), "description": self.description}]);
        let mut r = render(self.format, "errors", &body);
        *r.status_mut() = self.status;
        if let Some(secs) = self.retry_after {
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        r
    }
}

/// A handler's answer: the document, or an error in the specification's format.
pub(super) type Answer = Result<Response, Open311Error>;

/// The element name of one item of list `name`.
fn item_name(list: &str) -> &'static str {
    match list {
        "services" => "service",
        "attributes" => "attribute",
        "values" => "value",
        "endpoints" => "endpoint",
        "formats" => "format",
        "service_requests" => "request",
        "errors" => "error",
        _ => "item",
    }
}

fn xml_value(out: &mut String, name: &str, v: &Value) {
    let _ = write!(out, "<{name}>");
    match v {
        Value::Null => {}
        Value::String(s) => crate::http::xml_escape(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Array(items) => {
            let item = item_name(name);
            for i in items {
                xml_value(out, item, i);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                xml_value(out, k, v);
            }
        }
    }
    let _ = write!(out, "</{name}>");
}

/// The XML form of `body` under element `root` (a list's items get their singular names,
/// as the specification's examples show).
pub fn to_xml(root: &str, body: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml_value(&mut out, root, body);
    out.push('\n');
    out
}

/// `body` as JSON, or as XML under element `root`.
pub(super) fn render(format: Format, root: &str, body: &Value) -> Response {
    match format {
        Format::Json => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string(),
        )
            .into_response(),
        Format::Xml => (
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            to_xml(root, body),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn xml_lists_get_singular_items_and_text_is_escaped() {
        let body = json!([{"code": 400, "description": "a < b & \"c\"\u{1}"}]);
        assert_eq!(
            to_xml("errors", &body),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>400</code>\
             <description>a &lt; b &amp; &quot;c&quot;</description></error></errors>\n"
        );
        let def = json!({"service_code": "roads", "attributes": [{"values": [{"key": "KZ-71", "name": "Астана"}]}]});
        let xml = to_xml("service_definition", &def);
        assert!(xml.contains("<attributes><attribute><values><value><key>KZ-71</key><name>Астана</name></value></values></attribute></attributes>"), "{xml}");
        assert!(to_xml("x", &json!({"a": null})).contains("<a></a>"));
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(split("services.json"), Some(("services", Format::Json)));
        assert_eq!(split("roads.XML"), Some(("roads", Format::Xml)));
        assert_eq!(split("services"), None);
        assert_eq!(split("services.csv"), None);
    }

    /// A log sink for one test.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_internal_failure_is_logged_with_its_causes_and_the_id_the_client_is_given() {
        let logs = Captured::default();
        let sink = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        let e = AppError::Other(anyhow::anyhow!("disk full").context("writing the problem"));
        let answer = tracing::subscriber::with_default(subscriber, || {
            Open311Error::from_app(Format::Json, e)
        });
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        let id = answer
            .description
            .strip_prefix("the request could not be processed; please try again (error id ")
            .and_then(|rest| rest.strip_suffix(')'))
            .expect("the description carries an error id");
        let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        assert!(logged.contains(id), "{logged}");
        assert!(
            logged.contains("writing the problem: disk full"),
            "{logged}"
        );
    }
}
