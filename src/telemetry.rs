//! Logging set-up. `RUST_LOG` picks the level (default `info`); tests show logs only when
//! `TEST_LOG=1`. Logs go to standard error, so that commands such as `token create` print
//! only their result on standard output.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; safe to call more than once.
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
