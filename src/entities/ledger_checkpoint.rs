//! The public ledger's head as the `ledger-checkpoint` job found it, one row per local day
//! (`services::ledger` is its only writer; the database refuses UPDATE and DELETE).
//! Published at `/feeds/ledger.atom`.

use sea_orm::entity::prelude::*;

/// One day's checkpoint.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_checkpoints")]
pub struct Model {
    /// The local day (`app.timezone`) of the run, `YYYY-MM-DD`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    pub seq: i64,
    pub hash: String,
    /// When the head was read.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
