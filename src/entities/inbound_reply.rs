//! Mails received in reply to the service's mails about a problem (issue 19): accepted
//! ones wait out their undo period here, refused ones keep only why. The sender is a
//! peppered hash (for the hourly limit), never the address. Written only by
//! `services::inbound`.

use crate::domain::state::ReplyState;
use sea_orm::entity::prelude::*;

/// One received reply.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbound_replies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub received_at: DateTimeUtc,
    pub sender_hash: String,
    pub problem_id: Option<i32>,
    /// `citizen`, `representative` or `coordinator`: whom the reply address was made for.
    pub party: Option<String>,
    pub user_id: Option<i32>,
    pub state: ReplyState,
    /// Why it was refused or failed (a short code).
    pub reason: Option<String>,
    /// What it does when applied: a workflow action's API name, `answer`, `fixed`,
    /// `not_fixed` or `note`.
    pub action: Option<String>,
    /// The kept text, until it is applied or undone.
    #[sea_orm(column_type = "Text", nullable)]
    pub text: Option<String>,
    pub apply_at: Option<DateTimeUtc>,
    pub undo_hash: Option<String>,
    pub claimed_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
