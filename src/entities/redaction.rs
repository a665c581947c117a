//! A redacted text of the public record: where it stood, which ledger entries record it,
//! why and when (`services::ledger::redact` is its only writer). The text itself is gone.

use sea_orm::entity::prelude::*;

/// One redaction.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "redactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub problem_id: i32,
    /// The timeline event whose public note was redacted; none for the problem's own texts.
    pub event_id: Option<i32>,
    /// `title`, `description`, `address` or `note`.
    pub field: String,
    /// The ledger entry whose text was redacted.
    pub entry_seq: i64,
    /// The `redaction` entry.
    pub redaction_seq: i64,
    /// The stated reason (public).
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
