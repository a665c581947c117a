//! A notice the SLA sweep owes: written with its problem's claim, deleted when the mail
//! that lists it is queued (see `services::sla::notices`).

use sea_orm::entity::prelude::*;

/// One step of one problem, for one audience.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sla_notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `representative` (a reminder or a passed deadline) or `coordinators` (an escalation).
    pub audience: String,
    /// The problem's representative: the recipient of a `representative` notice, the name
    /// shown in an escalation.
    pub representative_id: Option<i32>,
    /// The problem's region: whose coordinators an escalation goes to.
    pub region_code: String,
    pub problem_id: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// `acknowledge` or `resolve`.
    pub deadline: String,
    pub due_at: DateTimeUtc,
    pub passed: bool,
    pub days_overdue: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
