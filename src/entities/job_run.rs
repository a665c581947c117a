//! What each scheduled job last did, and who is running it now.

use sea_orm::entity::prelude::*;

/// One row per job name.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub last_started_at: Option<DateTimeUtc>,
    pub last_finished_at: Option<DateTimeUtc>,
    /// The schedule tick (or `--at` time) the last completed run covered; catch-up after
    /// downtime starts from here.
    pub last_scheduled_for: Option<DateTimeUtc>,
    /// `ok` or `error`.
    pub last_outcome: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_summary: Option<String>,
    pub last_duration_ms: Option<i64>,
    /// A process that runs the job holds it until then.
    pub lease_until: Option<DateTimeUtc>,
    pub lease_owner: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
