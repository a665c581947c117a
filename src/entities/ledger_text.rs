//! The free texts a ledger entry commits to, each with its salt (`services::ledger` is its
//! only writer). Only a redaction may change a row, by emptying `text` and naming itself in
//! `redacted_by`; the database refuses anything else.

use sea_orm::entity::prelude::*;

/// One text field of one entry.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_texts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub field: String,
    /// 16 random bytes, hex: the entry holds `sha256(salt ‖ text)`.
    pub salt: String,
    /// NULL once redacted.
    #[sea_orm(column_type = "Text", nullable)]
    pub text: Option<String>,
    /// The redaction entry that removed the text.
    pub redacted_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
