//! The service layer: transactions around the pure rules in `crate::domain`. Each function
//! here is one thing a user does; the HTTP handlers and the CLI only parse input and call
//! these.

pub mod access;
pub mod assignment;
pub mod digest;
pub mod election_day;
pub mod election_report;
pub mod elections;
pub mod import;
pub mod inbound;
pub mod intake;
pub mod ledger;
pub mod media;
pub mod metrics;
pub mod notify;
pub mod observers;
pub mod open311;
pub mod people;
pub mod personal_data;
pub mod photos;
pub mod queries;
pub mod reference;
pub mod sla;
pub mod stations;
pub mod stats;
pub mod support;
pub mod workflow;

/// The reference shown to people for problem `id` (derived, never stored).
pub fn problem_reference(id: i32) -> String {
    format!("CT-{id:06}")
}
