//! Pure rules of the service: no database, no clock, no I/O. Everything here is unit-tested
//! and used by the web, API, CLI and jobs alike.

pub mod deadlines;
pub mod election_day;
pub mod election_report;
pub mod elections;
pub mod event_note;
pub mod input;
pub mod ledger;
pub mod lifecycle;
pub mod observers;
pub mod open311;
pub mod permissions;
pub mod photos;
pub mod privacy;
pub mod reply;
pub mod routing;
pub mod schedule;
pub mod search;
pub mod similar;
pub mod sla;
pub mod state;
pub mod stats;
pub mod status;
pub mod voting_day;
