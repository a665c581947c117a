//! Logging set-up. Logs go to standard error, so that commands such as `token create`
//! print only their result on standard output; colours only when it is a terminal.
//!
//! `RUST_LOG` replaces the defaults below (e.g. `RUST_LOG=civic_tracker=debug`); tests show
//! logs only when `TEST_LOG=1`.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// `serve`'s default: the service's own lines from `info`, the libraries' only from `warn`.
/// At `info` sqlx repeats PostgreSQL's notice `relation "seaql_migrations" already exists,
/// skipping`, sea-orm-migration narrates each check, and tokio-cron-scheduler logs
/// `Uninited` and `Job creator created` for every job.
pub const SERVE: &str =
    "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,tokio_cron_scheduler=warn";

/// Every other command's default: silent unless something is wrong, so that a script sees
/// only the result on stdout, and a person nothing but it.
pub const COMMAND: &str = "warn";

/// Installs the global subscriber; safe to call more than once.
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
