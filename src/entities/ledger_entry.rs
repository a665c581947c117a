//! One entry of the public ledger (`services::ledger` is its only writer). The database
//! refuses UPDATE and DELETE on this table.

use sea_orm::entity::prelude::*;

/// An entry: its number, its canonical encoding and its chain hash.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    /// 1, 2, 3... with no gaps; given by the writer, never by the database.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// The entry's time (whole seconds), as in `body`.
    pub created_at: DateTimeUtc,
    pub problem_id: i32,
    pub kind: String,
    /// The canonical encoding that was hashed (`domain::ledger::Entry::canonical`).
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// `SHA-256(previous hash ‖ body)`, lower-case hex.
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
