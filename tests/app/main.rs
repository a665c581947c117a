//! Integration tests: the real router on a real port, a real database (SQLite by default,
//! PostgreSQL when `TEST_DATABASE_URL` is set) and a real SMTP server inside the test.

mod helpers;

mod api_doc;
mod architecture;
mod backup;
mod bad_input;
mod catalog_usage;
mod category_languages;
mod citizen_flow;
mod cli;
mod coordinators;
mod daily_use;
mod dashboard;
mod dashboard_languages;
mod demo;
mod deployment;
mod digests;
mod error_languages;
mod every_page_in_every_language;
mod export;
mod feeds;
mod fresh_figures;
mod languages;
mod limits;
mod logs;
mod mail_delivery;
mod mail_languages;
mod mail_queue;
mod offered_actions;
mod open311;
mod operations;
mod outage;
mod permission_matrix;
mod permissions;
mod personal_data;
mod routing;
mod schedule;
mod security;
mod sessions;
mod shutdown;
mod submissions;
mod support;
mod sweep_checks;
mod sweep_history;
mod transitions;
