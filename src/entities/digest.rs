//! Digests built: one row per recipient, kind and period (a unique key), whichever process
//! builds it. Whether it went out is the state of its outbox row.

use sea_orm::entity::prelude::*;

/// A digest claimed for a recipient and period.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "digests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// `daily`, `weekly` or `rep_summary`.
    pub kind: String,
    pub period_start: DateTimeUtc,
    pub period_end: DateTimeUtc,
    pub outbox_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
