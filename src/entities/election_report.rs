//! An election's frozen report (issue 20): its figures as counted once after the results
//! date, with when and the public ledger's head then. `services::election_report` is the
//! only writer of this table.

use sea_orm::entity::prelude::*;

/// One frozen report.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "election_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// One report per election.
    #[sea_orm(unique)]
    pub election_id: i32,
    /// When the figures were counted, by the app's clock.
    pub counted_at: DateTimeUtc,
    /// The public ledger's last entry then (0 and the empty log's hash when there was none).
    pub ledger_seq: i64,
    pub ledger_hash: String,
    /// `domain::election_report::Figures` as JSON.
    #[sea_orm(column_type = "Text")]
    pub figures: String,
    /// When the report was mailed to coordinators and admins; NULL until then.
    pub mailed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
