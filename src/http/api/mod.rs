//! The JSON API under `/api/v1`. Errors are `{"error": {"code", "message", "field"}}`; the
//! API authenticates with bearer tokens only (no cookies), so it needs no CSRF token.

pub mod doc;
pub mod elections;
pub mod ledger;
pub mod params;
pub mod photos;
pub mod problems;
pub mod reference;
pub mod schema;
pub mod similar;
pub mod stats;

use crate::app::AppState;
use crate::domain::input::FieldError;
use crate::error::AppError;
use crate::i18n::Text;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use serde_json::{Map, Value};

/// The largest request body the API reads (axum's default, stated): more is a 413.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Routes of the API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(doc::openapi))
        .route("/api/v1/regions", get(reference::regions))
        .route("/api/v1/stats", get(stats::stats))
        .route("/api/v1/categories", get(reference::categories))
        .route(
            "/api/v1/problems",
            post(problems::create)
                .layer(DefaultBodyLimit::disable())
                .get(problems::list),
        )
        .route("/api/v1/problems/similar", get(similar::similar))
        .route("/api/v1/problems/{id}", get(problems::show))
        .route("/api/v1/problems/{id}/actions", post(problems::act))
        .route("/api/v1/problems/{id}/supports", post(problems::support))
        .route(
            "/api/v1/problems/{id}/verification",
            post(elections::verify),
        )
        .route(
            "/api/v1/problems/{id}/photos",
            // `http::upload` limits the body itself.
            post(photos::add).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/photos/{id}/hide", post(photos::hide))
        .route("/api/v1/ledger", get(ledger::entries))
        .route("/api/v1/ledger/head", get(ledger::head))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

async fn api_not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// A problem id from the path. Anything but a positive integer is a 404 (no such problem),
/// in the API's JSON: bytes that do not decode as UTF-8 included, which axum's own `Path`
/// would answer with a plain-text 400.
pub struct PathId(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, AppError> {
        match Path::<String>::from_request_parts(parts, st).await {
            Ok(Path(raw)) => crate::http::query::path_id(&raw).map(PathId),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::NotFound),
            Err(e) => Err(AppError::Other(anyhow::anyhow!("path id: {e}"))),
        }
    }
}

/// A request body that must be a JSON object, with every way of failing answered in the
/// API's JSON: a body over [`MAX_BODY_BYTES`] is a 413 and one that cannot be read a 400
/// (axum's own rejections are plain text).
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = AppError;
    async fn from_request(req: Request, st: &S) -> Result<Self, AppError> {
        let body = Bytes::from_request(req, st).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest {
                    code: "unreadable_body",
                    message: e.body_text().into(),
                    field: None,
                }
            }
        })?;
        json_object(&body).map(JsonObject)
    }
}

/// The text fields of a multipart body as the JSON object its JSON twin would be: numbers
/// for `latitude`, `longitude`, `election` and `polling_station`, a boolean for `anonymous` (`true`/`on`/`1` or
/// `false`/`0`), an empty field left out; a value that is none of these stays a string, so
/// that the field's own check names it.
pub(crate) fn multipart_object(fields: &[(String, String)]) -> Map<String, Value> {
    let mut obj = Map::new();
    for (k, v) in fields {
        let t = v.trim();
        let value = match k.as_str() {
            _ if t.is_empty() => continue,
            "latitude" | "longitude" => t
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(v.clone()), Value::Number),
            // Ids are JSON numbers: a multipart form sends them as text.
            "election" | "polling_station" => t
                .parse::<i64>()
                .map_or_else(|_| Value::String(v.clone()), |n| Value::Number(n.into())),
            "anonymous" | "show_name" => match t {
                "true" | "on" | "1" => Value::Bool(true),
                "false" | "0" => Value::Bool(false),
                _ => Value::String(v.clone()),
            },
            _ => Value::String(v.clone()),
        };
        obj.insert(k.clone(), value);
    }
    obj
}

/// Parses a JSON body into an object, naming what is wrong when it is not one.
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, AppError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(AppError::BadRequest {
            code: "invalid_json",
            message: "error.json_object".into(),
            field: None,
        }),
        Err(e) => Err(AppError::BadRequest {
            code: "invalid_json",
            message: Text::key("error.json_invalid").arg("detail", e.to_string()),
            field: None,
        }),
    }
}

/// Typed access to a JSON object's fields, each error naming the field.
pub struct Fields<'a>(pub &'a Map<String, Value>);

impl Fields<'_> {
    /// Rejects fields not in `known`; the error's field is `body` and its message names the
    /// unknown field.
    pub fn only(&self, known: &[&'static str]) -> Result<(), AppError> {
        if let Some(k) = self.0.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(AppError::Invalid(vec![FieldError::new(
                "body",
                "unknown_field",
                Text::key("error.field.unknown_field")
                    .arg("name", format!("{k:?}"))
                    .arg("allowed", known.join(", ")),
            )]));
        }
        Ok(())
    }

    /// An optional string.
    pub fn string(&self, f: &'static str) -> Result<Option<String>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(FieldError::new(f, "invalid_type", "error.field.not_string")),
        }
    }

    /// An optional number.
    pub fn number(&self, f: &'static str) -> Result<Option<f64>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => Err(FieldError::new(f, "invalid_type", "error.field.not_number")),
        }
    }

    /// An optional integer id. A number with a zero fraction (`7.0`) is that integer, as
    /// JSON Schema's `integer` has it.
    pub fn id(&self, f: &'static str) -> Result<Option<i32>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|v| v.fract() == 0.0 && v.abs() <= f64::from(i32::MAX))
                        .map(|v| v as i64)
                })
                .and_then(|v| i32::try_from(v).ok())
                .filter(|v| *v > 0)
                .map(Some)
                .ok_or_else(|| FieldError::new(f, "invalid_id", "error.field.positive_integer")),
            Some(_) => Err(FieldError::new(
                f,
                "invalid_type",
                "error.field.not_integer",
            )),
        }
    }

    /// An optional boolean.
    pub fn boolean(&self, f: &'static str) -> Result<Option<bool>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(FieldError::new(f, "invalid_type", "error.field.boolean")),
        }
    }
}
