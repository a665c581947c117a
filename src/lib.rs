//! Civic Tracker: citizens' problems, routed to the responsible representatives and
//! followed in public until they are solved.

pub mod app;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod entities;
pub mod error;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod limits;
pub mod locale;
pub mod mail;
pub mod metrics;
pub mod server;
pub mod services;
pub mod telemetry;
pub mod templates;

pub use app::AppState;
pub use http::build_router;
/// For `serve`: the separate `/metrics` listener of `metrics.listen`, if set.
pub use http::metrics::serve_separately as serve_metrics;
