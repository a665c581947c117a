//! One error type for the request cycle.
//!
//! Client errors carry a code, a message and, where one field is to blame, its name; they
//! become 4xx answers. Internal errors (`Db`, `Other`) are logged with their cause chain and
//! answered with a generic 500 and an error id that is also in the log. A database that
//! cannot be reached (no connection within `database.acquire_timeout_seconds`, a connection
//! refused or lost, a server shutting down, SQLite busy) is no bug: such errors become
//! [`AppError::Unavailable`] as they are converted (see [`out_of_reach`]), a 503 with
//! `Retry-After` that says to come back in a moment. Domain functions
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
    /// What a parameter names does not exist (404 naming the parameter), such as
    /// `GET /api/v1/stats?election=999`.
    #[error("{message}")]
    Unknown {
        field: &'static str,
        code: &'static str,
        message: Text,
    },
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
    /// The database cannot be reached, or the request took longer than
    /// `server.request_timeout_seconds` (503, with `Retry-After`): nothing is wrong with the
    /// request, and it may well succeed in a moment. The cause is for the log only.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The figures asked for are being counted (just after start-up on a large database,
    /// or a period nobody asked for before) and were not ready within
    /// `dashboard.count_wait_ms` (503, with `Retry-After`): the count goes on, and the same
    /// request succeeds once it is done.
    #[error("figures are being counted")]
    Counting,
    /// Database failure (500). A unique-constraint violation is a 500 too unless the code
    /// that expects one turns it into a conflict with [`AppError::on_unique`]: elsewhere it
    /// is a bug to see, not an answer to give. A database out of reach is
    /// [`AppError::Unavailable`] instead (see `From<DbErr>`).
    #[error("database error")]
    Db(DbErr),
    /// Anything else internal (500).
    #[error("internal error")]
    Other(anyhow::Error),
}

/// Seconds a client is asked to wait (`Retry-After`) when the service is unavailable: about
/// what a pool takes to reconnect after a database restart.
pub const RETRY_AFTER_UNAVAILABLE_SECS: u64 = 5;

/// Seconds a client is asked to wait while figures are being counted.
pub const RETRY_AFTER_COUNTING_SECS: u64 = 3;

/// At most one line this often about requests answered 503 (see [`AppError::log`]).
pub const UNAVAILABLE_LOG_PERIOD: std::time::Duration = std::time::Duration::from_secs(10);

static UNAVAILABLE_LOG: crate::telemetry::throttle::Throttle =
    crate::telemetry::throttle::Throttle::new(UNAVAILABLE_LOG_PERIOD);

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        if out_of_reach(&e) {
            AppError::Unavailable(e.to_string())
        } else {
            AppError::Db(e)
        }
    }
}

impl From<anyhow::Error> for AppError {
    /// An error whose cause is a database out of reach (the submission path's own
    /// connections report `sqlx` errors through `anyhow`) is [`AppError::Unavailable`].
    fn from(e: anyhow::Error) -> Self {
        if caused_by_out_of_reach(&e) {
            AppError::Unavailable(format!("{e:#}"))
        } else {
            AppError::Other(e)
        }
    }
}

/// Whether `e` says the database could not be reached rather than that the statement was
/// wrong: no connection free within the acquire timeout, a connection that could not be
/// opened or was lost, a server shutting down or starting. A caller may try again in a
/// moment; a bug (a constraint, a type, a syntax error) is never one of these.
pub fn out_of_reach(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            sqlx_out_of_reach(e)
        }
        _ => false,
    }
}

/// Whether some cause of `e` is a database out of reach ([`out_of_reach`]): a job or a
/// worker that fails so logs a warning, not an error.
pub fn caused_by_out_of_reach(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<DbErr>().is_some_and(out_of_reach)
            || cause
                .downcast_ref::<sea_orm::sqlx::Error>()
                .is_some_and(sqlx_out_of_reach)
    })
}

/// [`out_of_reach`] for an error straight from `sqlx`.
fn sqlx_out_of_reach(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match e {
        Error::PoolTimedOut | Error::PoolClosed | Error::Io(_) | Error::Tls(_) => true,
        Error::Database(d) => d.code().is_some_and(|c| out_of_reach_code(&c)),
        _ => false,
    }
}

/// Database error codes that mean "not now" rather than "not this": PostgreSQL's
/// connection exceptions (class 08), too many connections (53300), and operator
/// intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now,
/// 57P05 idle session timeout); SQLite's busy (5, the busy timeout ran out: another
/// process holds the write lock), locked (6) and cannot open (14), with their extended
/// codes (the low byte is the primary code).
fn out_of_reach_code(code: &str) -> bool {
    if code.len() == 5 {
        // PostgreSQL's SQLSTATE (always five characters).
        return code.starts_with("08")
            || matches!(code, "53300" | "57P01" | "57P02" | "57P03" | "57P05");
    }
    // SQLite's result code, a decimal number below 10,000.
    code.parse::<u32>()
        .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 14))
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
            AppError::Unknown {
                field,
                code,
                message,
            } => (
                StatusCode::NOT_FOUND,
                code,
                message.render(lang),
                Some(field),
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
            AppError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                Text::key("error.unavailable")
                    .arg(
                        "wait",
                        crate::locale::fmt_wait(lang, RETRY_AFTER_UNAVAILABLE_SECS),
                    )
                    .render(lang),
                None,
            ),
            AppError::Counting => (
                StatusCode::SERVICE_UNAVAILABLE,
                "being_counted",
                Text::key("error.counting")
                    .arg(
                        "wait",
                        crate::locale::fmt_wait(lang, RETRY_AFTER_COUNTING_SECS),
                    )
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

    /// Logs internal errors with their cause chain; returns the id to show the user. An
    /// unavailable service is a warning with its cause, and has no id to show; in a flood
    /// (a database outage fails every request) only the first is a line, then one line
    /// every [`UNAVAILABLE_LOG_PERIOD`] with how many more there were.
    pub fn log(&self) -> Option<String> {
        if let AppError::Unavailable(cause) = self {
            UNAVAILABLE_LOG.note(
                cause,
                || tracing::warn!(%cause, "service unavailable"),
                |count, cause| {
                    tracing::warn!(
                        count,
                        %cause,
                        "service unavailable: more requests answered 503 since the last line"
                    )
                },
            );
            return None;
        }
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
    /// Seconds to wait before trying again: a 429's and a 503's.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooMany {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            AppError::Unavailable(_) => Some(RETRY_AFTER_UNAVAILABLE_SECS),
            AppError::Counting => Some(RETRY_AFTER_COUNTING_SECS),
            _ => None,
        }
    }

    /// `Retry-After` on a 429 and a 503.
    pub fn add_retry_after(&self, res: &mut Response) {
        if let Some(secs) = self.retry_after() {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx;
    use std::sync::Arc;

    fn query_err(e: sqlx::Error) -> DbErr {
        DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
    }

    fn unavailable(e: impl Into<AppError>) -> bool {
        matches!(e.into(), AppError::Unavailable(_))
    }

    #[test]
    fn a_database_out_of_reach_is_unavailable_and_a_bug_stays_internal() {
        let refused = || sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into());
        assert!(unavailable(DbErr::ConnectionAcquire(
            sea_orm::ConnAcquireErr::Timeout
        )));
        assert!(unavailable(DbErr::Conn(RuntimeErr::SqlxError(Arc::new(
            refused()
        )))));
        assert!(unavailable(query_err(refused())));
        assert!(unavailable(query_err(sqlx::Error::PoolTimedOut)));
        // The submission path's own connections report through anyhow, with context.
        assert!(unavailable(
            anyhow::Error::from(sqlx::Error::PoolTimedOut).context("reserving problem ids")
        ));
        assert!(unavailable(anyhow::Error::from(refused())));
        assert!(!unavailable(query_err(sqlx::Error::RowNotFound)));
        assert!(!unavailable(DbErr::Custom("bad".into())));
        assert!(!unavailable(DbErr::RecordNotFound("problem".into())));
        assert!(!unavailable(anyhow::anyhow!("disk full")));
        let (status, code, ..) = AppError::Unavailable("cut".into()).parts_in("en");
        assert_eq!((status.as_u16(), code), (503, "unavailable"));
    }

    #[test]
    fn only_codes_that_mean_not_now_are_out_of_reach() {
        for code in [
            "08006", "08001", "57P01", "57P02", "57P03", "53300", "5", "517", "6", "14",
        ] {
            assert!(out_of_reach_code(code), "{code}");
        }
        // Unique and foreign-key violations, an unknown table, a syntax error; SQLite's
        // constraint (19, and 2067 for UNIQUE) and read-only (8) errors.
        for code in [
            "23505", "23503", "42P01", "42601", "40001", "57014", "19", "2067", "8", "1",
        ] {
            assert!(!out_of_reach_code(code), "{code}");
        }
    }

    #[tokio::test]
    async fn sqlite_busy_past_its_timeout_is_out_of_reach() {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::{ConnectOptions, Connection, Executor};
        let path = std::env::temp_dir().join(format!("civic-busy-{}.db", std::process::id()));
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .busy_timeout(std::time::Duration::ZERO);
        let mut holder = options.connect().await.unwrap();
        let mut other = options.connect().await.unwrap();
        holder.execute("BEGIN IMMEDIATE").await.unwrap();
        let busy = other.execute("BEGIN IMMEDIATE").await.unwrap_err();
        assert!(sqlx_out_of_reach(&busy), "{busy}");
        assert!(unavailable(query_err(busy)));
        holder.close().await.unwrap();
        other.close().await.unwrap();
        let _ = std::fs::remove_file(&path);
    }
}
