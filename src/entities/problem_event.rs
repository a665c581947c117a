//! The timeline of a problem: every transition, comment, question and answer.

use crate::domain::state::{ActorKind, Status};
use crate::domain::status::Action;
use sea_orm::entity::prelude::*;

/// One event. `internal_note` is for coordinators and monitors only, never public.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "problem_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub problem_id: i32,
    pub created_at: DateTimeUtc,
    pub actor_kind: ActorKind,
    pub actor_user_id: Option<i32>,
    /// The event's kind.
    pub action: Action,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    #[sea_orm(column_type = "Text", nullable)]
    pub public_note: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub internal_note: Option<String>,
    pub representative_id: Option<i32>,
    pub routing_rule_id: Option<i32>,
    /// For `acknowledge` and `resolve`: elapsed seconds since the problem's assignment
    /// (paused time included). The digests' and dashboards' durations.
    pub elapsed_seconds: Option<i64>,
    /// What the service itself says, as a catalog key (`domain::event_note`): each reader
    /// sees it in their language. NULL for people's events and older system events.
    pub note_key: Option<String>,
    /// The note's arguments (a JSON object).
    #[sea_orm(column_type = "Text", nullable)]
    pub note_args: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
