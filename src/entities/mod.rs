//! sea-orm entities, one file per table. Business rules live in `crate::domain`; these are
//! only the shapes of the rows.

pub mod access_log;
pub mod auth_token;
pub mod category;
pub mod digest;
pub mod election;
pub mod election_report;
pub mod holiday;
pub mod idempotency_key;
pub mod inbound_photo;
pub mod inbound_reply;
pub mod job_run;
pub mod ledger_checkpoint;
pub mod ledger_entry;
pub mod ledger_text;
pub mod observer_station;
pub mod outbox;
pub mod photo;
pub mod polling_station;
pub mod problem;
pub mod problem_event;
pub mod redaction;
pub mod region;
pub mod routing_rule;
pub mod sla_notice;
pub mod support;
pub mod user;
pub mod user_region;
pub mod values;
