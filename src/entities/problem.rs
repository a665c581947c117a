//! Citizens' problems. `citizen_email`, `citizen_name`, `tracking_token` and
//! `confirm_token_hash` are private and never leave the service except to the citizen.

use crate::domain::state::{Status, Verdict};
use sea_orm::entity::prelude::*;

/// A problem row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "problems")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub category_code: String,
    pub region_code: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub citizen_email: String,
    pub citizen_name: Option<String>,
    pub anonymous: bool,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub representative_id: Option<i32>,
    pub routing_rule_id: Option<i32>,
    /// Why the problem went where it went, in words (kept even if the rule is deleted).
    pub routing_note: Option<String>,
    pub duplicate_of: Option<i32>,
    pub reassign_requested: bool,
    pub question_pending: bool,
    #[sea_orm(unique)]
    pub tracking_token: String,
    pub confirm_token_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub assigned_at: Option<DateTimeUtc>,
    pub ack_due_at: Option<DateTimeUtc>,
    pub resolve_due_at: Option<DateTimeUtc>,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// A deadline the representative still owes has passed (set by the SLA sweep).
    pub overdue: bool,
    /// Overdue past the grace period; the region's coordinators were told.
    pub escalated: bool,
    /// How far the acknowledge-by deadline's notices went: see `domain::sla::Level`.
    pub ack_notices: i16,
    /// The same for the resolve-by deadline.
    pub resolve_notices: i16,
    /// Since when the deadlines are paused: a question waits for the citizen's answer.
    pub paused_at: Option<DateTimeUtc>,
    /// When the citizen was asked "Has this been fixed?" for the current resolution.
    pub fix_check_sent_at: Option<DateTimeUtc>,
    /// Confirmed supports ("I have this problem too").
    pub support_count: i32,
    /// Open311: the token a client follows an unconfirmed request by.
    pub open311_token: Option<String>,
    /// Private contact fields from Open311 clients: never shown.
    pub citizen_phone: Option<String>,
    pub citizen_device_id: Option<String>,
    pub citizen_account_id: Option<String>,
    /// The address of the problem's media (photo), if any.
    pub media_url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
