//! Mails waiting to be delivered, written in the same transaction as their cause: the
//! template (`kind`) and the data it is rendered with (`context`, JSON). The worker renders
//! at delivery, so a request pays only for one small row.

use crate::domain::state::OutboxState;
use sea_orm::entity::prelude::*;

/// One outgoing mail.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub recipient: String,
    /// The template folder under `templates/email/`.
    pub kind: String,
    /// The template's data, as JSON.
    #[sea_orm(column_type = "Text")]
    pub context: String,
    pub problem_id: Option<i32>,
    pub state: OutboxState,
    pub attempts: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    /// 0: a person waits for it; 1: a notice; 2: bulk ([`crate::domain::state::mail_priority`]).
    pub priority: i16,
    /// The claim (a random token per batch) that may record this mail's outcome.
    pub claimed_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
