//! One error type for the request cycle.
//!
//! Client errors carry a code, a message and, where one field is to blame, its name; they
//! become 4xx answers. Internal errors (`Db`, `Other`) are logged with their cause chain and
//! answered with a generic 500 and an error id that is also in the log. Domain functions
//! return typed errors (`domain::input::FieldError`, `domain::status::Refusal`); `anyhow`
//! is for the CLI and jobs, outside the request cycle, and for the rare internal failure.
//!
//! `AppError` answers in JSON (the API's shape). HTML pages wrap it in
//! [`crate::http::pages::PageError`], which renders the same error as a page.
//!
//! Messages are catalog keys with arguments ([`Text`]), said in the answer's language:
//! the web layer runs each request inside [`answering_in`] with the language it chose
//! (the API's from `Accept-Language`, a page's as the page), and [`answer_language`] is
//! that language wherever an error is turned into an answer; English outside a request.

use crate::domain::input::FieldError;
use crate::domain::status::Refusal;
use crate::i18n::Text;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::{DbErr, SqlErr};
use serde_json::json;

/// Result of a handler or service call.
pub type AppResult<T> = Result<T, AppError>;

/// Everything that can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// One or more fields broke a rule (422).
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request is malformed (400).
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        message: Text,
        field: Option<&'static str>,
    },
    /// No or bad credentials (401).
    #[error("authentication required")]
    Unauthorized,
    /// Authenticated, but not allowed (403).
    #[error("{0}")]
    Forbidden(Text),
    /// Nothing there, or nothing the caller may see (404).
    #[error("not found")]
    NotFound,
    /// The route exists, but not with this method (405).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Over a rate limit (429, with `Retry-After`): nothing was stored or sent. `what` is
    /// the key of the message that says what was too many (with the wait as `$wait`).
    #[error("{what}")]
    TooMany {
        what: &'static str,
        retry_after_secs: u64,
    },
    /// The request body is larger than the route takes (413).
    #[error("request body too large")]
    TooLarge,
    /// The request conflicts with the current state (409).
    #[error("{message}")]
    Conflict { code: &'static str, message: Text },
    /// Database failure (500). A unique-constraint violation is a 500 too unless the code
    /// that expects one turns it into a conflict with [`AppError::on_unique`]: elsewhere it
    /// is a bug to see, not an answer to give.
    #[error("database error")]
    Db(#[from] DbErr),
    /// Anything else internal (500).
    #[error("internal error")]
    Other(#[from] anyhow::Error),
}

tokio::task_local! {
    static ANSWER_LANGUAGE: &'static str;
    static ANSWER_PAGE: PageContext;
}

/// What an error page needs to know about the request it answers, beyond its language.
#[derive(Clone, Debug, Default)]
pub struct PageContext {
    /// The path and query of a page asked for with GET (an error page offers to sign in
    /// and come back to it).
    pub path: Option<String>,
    /// The organisation and the party, for the page's title and footer.
    pub org: String,
    pub party: String,
}

/// Runs `work` (a request's handling) with errors answered in `lang`, error pages knowing
/// `page`.
pub async fn answering_in<F: std::future::Future>(
    lang: &'static str,
    page: PageContext,
    work: F,
) -> F::Output {
    ANSWER_LANGUAGE
        .scope(lang, ANSWER_PAGE.scope(page, work))
        .await
}

/// The error page's context of the request being answered (see [`answering_in`]).
pub fn answer_page() -> PageContext {
    ANSWER_PAGE.try_with(Clone::clone).unwrap_or_default()
}

/// The language errors are answered in: the request's (see [`answering_in`]), English
/// outside a request.
pub fn answer_language() -> &'static str {
    ANSWER_LANGUAGE
        .try_with(|l| *l)
        .unwrap_or(crate::i18n::FALLBACK)
}

impl AppError {
    /// A 422 for one field.
    pub fn field(field: &'static str, code: &'static str, message: impl Into<Text>) -> Self {
        AppError::Invalid(vec![FieldError::new(field, code, message)])
    }

    /// The HTTP status, code, message (in the answer's language, see [`answer_language`])
    /// and field of this error.
    pub fn parts(&self) -> (StatusCode, &'static str, String, Option<&'static str>) {
        self.parts_in(answer_language())
    }

    /// [`AppError::parts`] with the message in `lang`.
    pub fn parts_in(&self, lang: &str) -> (StatusCode, &'static str, String, Option<&'static str>) {
        let text = |key: &'static str| Text::key(key).render(lang);
        match self {
            AppError::Invalid(errs) => {
                let first = errs.first();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    first.map_or("invalid", |e| e.code),
                    first.map_or_else(|| text("error.invalid_input"), |e| e.sentence(lang)),
                    first.map(|e| e.field),
                )
            }
            AppError::BadRequest {
                code,
                message,
                field,
            } => (StatusCode::BAD_REQUEST, code, message.render(lang), *field),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                text("error.unauthorized"),
                None,
            ),
            AppError::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", m.render(lang), None),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                text("error.not_found"),
                None,
            ),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                text("error.method_not_allowed"),
                None,
            ),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                text("error.too_large"),
                None,
            ),
            AppError::Conflict { code, message } => {
                (StatusCode::CONFLICT, code, message.render(lang), None)
            }
            AppError::TooMany {
                what,
                retry_after_secs,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                Text::key(what)
                    .arg("wait", crate::locale::fmt_wait(lang, *retry_after_secs))
                    .render(lang),
                None,
            ),
            AppError::Db(_) | AppError::Other(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                text("error.internal"),
                None,
            ),
        }
    }

    /// Where a caller expects a unique-constraint violation (two requests racing to create
    /// the same row), that violation as a 409 with `code` and `message`; any other error
    /// unchanged.
    pub fn on_unique(self, code: &'static str, message: impl Into<Text>) -> AppError {
        match self {
            AppError::Db(ref e) if is_unique_violation(e) => AppError::Conflict {
                code,
                message: message.into(),
            },
            other => other,
        }
    }

    /// Logs internal errors with their cause chain; returns the id to show the user.
    pub fn log(&self) -> Option<String> {
        let (status, ..) = self.parts();
        if status != StatusCode::INTERNAL_SERVER_ERROR {
            return None;
        }
        let id = crate::auth::random_token(8);
        match self {
            AppError::Db(e) => tracing::error!(
                error_id = %id,
                error = %e,
                unique_violation = is_unique_violation(e),
                "database error"
            ),
            AppError::Other(e) => {
                tracing::error!(error_id = %id, error = format!("{e:#}"), "internal error")
            }
            _ => {}
        }
        Some(id)
    }
}

/// Whether `e` is a unique-constraint (or primary-key) violation.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        let text = r.text();
        match r {
            Refusal::IllegalTransition { .. } => AppError::Conflict {
                code: "illegal_transition",
                message: text,
            },
            Refusal::Forbidden(_) => AppError::Forbidden(text),
            Refusal::NoteRequired(_) => AppError::field("note", "required", text),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let error_id = self.log();
        let lang = answer_language();
        let (status, code, mut message, field) = self.parts_in(lang);
        if let Some(id) = &error_id {
            message = Text::key("error.internal_id")
                .arg("id", id.as_str())
                .render(lang);
        }
        let mut body = json!({"error": {"code": code, "message": message, "field": field}});
        if let AppError::Invalid(errs) = &self
            && errs.len() > 1
        {
            body["error"]["details"] = errs
                .iter()
                .map(|e| json!({"field": e.field, "code": e.code, "message": e.message.render(lang)}))
                .collect();
        }
        let mut res = (status, Json(body)).into_response();
        self.add_retry_after(&mut res);
        res
    }
}

impl AppError {
    /// `Retry-After` on a 429.
    pub fn add_retry_after(&self, res: &mut Response) {
        if let AppError::TooMany {
            retry_after_secs, ..
        } = self
        {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after_secs),
            );
        }
    }
}
