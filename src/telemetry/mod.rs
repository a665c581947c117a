//! Logging set-up. Logs go to standard error, so that commands such as `token create`
//! print only their result on standard output.
//!
//! Two formats (`log.format`): `text`, lines for people, coloured only when standard error is
//! a terminal (and `NO_COLOR` is not set), and `json`, one object a line for a log collector
//! ([`json`]). In both, a line logged while a request is answered carries the request's
//! span: `method`, `route` (the template, never the path: paths carry tokens) and
//! `request_id` (the `X-Request-Id` the answer carries); a job's lines carry `job`.
//!
//! `RUST_LOG` replaces the defaults below (e.g. `RUST_LOG=civic_tracker=debug`); tests show
//! logs only when `TEST_LOG=1`. Whatever the level, no line carries a token, a password or a
//! citizen's e-mail address or phone number: fields name ids, route templates and counts.

mod json;
pub mod throttle;

use crate::config::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::JsonFields;

/// `serve`'s default: the service's own lines from `info`, the libraries' only from `warn`.
/// At `info` sqlx repeats PostgreSQL's notice `relation "seaql_migrations" already exists,
/// skipping`, sea-orm-migration narrates each check, and tokio-cron-scheduler logs
/// `Uninited` and `Job creator created` for every job.
pub const SERVE: &str =
    "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,tokio_cron_scheduler=warn";

/// Every other command's default: silent unless something is wrong, so that a script sees
/// only the result on stdout, and a person nothing but it.
pub const COMMAND: &str = "warn";

/// Installs the global subscriber writing `format`; safe to call more than once (the first
/// call wins).
pub fn init(default_filter: &str, format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder
            .with_target(false)
            .with_ansi(colours(std::io::stderr().is_terminal()))
            .try_init(),
        LogFormat::Json => builder
            .with_ansi(false)
            .fmt_fields(JsonFields::new())
            .event_format(json::JsonLines)
            .try_init(),
    };
}

/// Colours on a terminal unless `NO_COLOR` says otherwise (<https://no-color.org>): never
/// in a file, a pipe or a journal, where the escape codes would be noise.
fn colours(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
