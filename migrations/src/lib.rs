//! Schema migrations for Civic Tracker, shared by SQLite and PostgreSQL.
//!
//! One file per change, named `mYYYYMMDD_HHMMSS_name.rs`. A migration that has landed on
//! `main` is never edited; add a new one instead.

pub use sea_orm_migration::prelude::*;

pub mod ledger_format;

mod m20261128_000001_core;
mod m20261128_000002_schedule;
mod m20261128_000003_supports;
mod m20261128_000004_open311;
mod m20261201_100001_personal_data;
mod m20261201_200001_canonical_emails;
mod m20261203_000001_languages;
mod m20261203_000002_event_notes;
mod m20261203_000003_outbox_claims;
mod m20261204_000001_list_indexes;
mod m20261204_000002_sla_notices;
mod m20261204_100001_problem_search;
mod m20261204_200001_similar_index;
mod m20261205_000001_ledger;
mod m20261205_100001_redactions;
mod m20261206_100001_inbound;
mod m20261206_300001_photos;
mod m20261207_100001_inbound_photos;
mod m20261207_200001_elections;
mod m20261207_200002_problem_elections;
mod m20261207_400001_observer_reports;
mod m20261208_200001_voting_day_deadlines;
mod m20261208_300001_election_reports;
mod m20261208_500001_observed_at;
mod m20261208_500002_observer_stations;
mod m20261208_600001_rule_district;

/// The list of migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_core::Migration),
            Box::new(m20261128_000002_schedule::Migration),
            Box::new(m20261128_000003_supports::Migration),
            Box::new(m20261128_000004_open311::Migration),
            Box::new(m20261201_100001_personal_data::Migration),
            Box::new(m20261201_200001_canonical_emails::Migration),
            Box::new(m20261203_000001_languages::Migration),
            Box::new(m20261203_000002_event_notes::Migration),
            Box::new(m20261203_000003_outbox_claims::Migration),
            Box::new(m20261204_000001_list_indexes::Migration),
            Box::new(m20261204_000002_sla_notices::Migration),
            Box::new(m20261204_100001_problem_search::Migration),
            Box::new(m20261204_200001_similar_index::Migration),
            Box::new(m20261205_000001_ledger::Migration),
            Box::new(m20261205_100001_redactions::Migration),
            Box::new(m20261206_100001_inbound::Migration),
            Box::new(m20261206_300001_photos::Migration),
            Box::new(m20261207_100001_inbound_photos::Migration),
            Box::new(m20261207_200001_elections::Migration),
            Box::new(m20261207_200002_problem_elections::Migration),
            Box::new(m20261207_400001_observer_reports::Migration),
            Box::new(m20261208_200001_voting_day_deadlines::Migration),
            Box::new(m20261208_300001_election_reports::Migration),
            Box::new(m20261208_500001_observed_at::Migration),
            Box::new(m20261208_500002_observer_stations::Migration),
            Box::new(m20261208_600001_rule_district::Migration),
        ]
    }
}
