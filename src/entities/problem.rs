//! Citizens' problems. `citizen_email`, `citizen_name`, `tracking_token` and
//! `confirm_token_hash` are private and never leave the service except to the citizen.
//! The contact columns are erased (see [`erased_contact`]) when the citizen asks or the
//! retention period ends; the problem itself stays.

use crate::domain::lifecycle::Tracked;
use crate::domain::privacy::Contact;
use crate::domain::sla::Level;
use crate::domain::state::{Status, Verdict};
use sea_orm::ActiveValue;
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
    /// When the citizen consented to the processing of their contact details (NULL for
    /// problems filed before this was recorded).
    pub consent_at: Option<DateTimeUtc>,
    /// The version of the consent text they agreed to (`domain::privacy::CONSENT_VERSION`).
    pub consent_version: Option<String>,
    /// When the contact details were erased; nothing reaches or names the citizen since.
    pub contact_erased_at: Option<DateTimeUtc>,
    /// The language the citizen filed in (`kk`, `ru`, `en`): their mail is written in it.
    /// NULL for problems filed before it was recorded (mail: `app.default_language`).
    pub language: Option<String>,
    /// The election an election problem belongs to (issue 20); NULL for other problems.
    pub election_id: Option<i32>,
    /// The number of the polling station it names, within that election.
    pub polling_station: Option<i32>,
    /// A coordinator's finding on an election report: verified (true) or not (false);
    /// NULL until one is recorded. Never changes the status.
    pub verified: Option<bool>,
    /// The accredited observer who filed it (issue 20); NULL for citizens' problems. Never
    /// public: the public sees only that an observer filed it.
    pub observer_id: Option<i32>,
    /// Its deadlines are voting-day paced (issue 20): counted in minutes because it was
    /// assigned while its election's polls were open, so the sweeps remind and escalate it
    /// in minutes (`sla.voting_day_*`).
    pub voting_day_pace: bool,
    /// The exact time of an observer's observation (issue 20), which they give when they
    /// file; NULL for citizens' problems. Public.
    pub observed_at: Option<DateTimeUtc>,
    /// The observer chose to show their name on the public page ("Filed by accredited
    /// observer <name>"); false by default, and for citizens' problems.
    pub observer_named: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What a citizen (or a client on their behalf) files: everything a new problem row holds
/// besides its tracked state, which starts as [`Tracked::filed`].
#[derive(Clone, Debug)]
pub struct Filing {
    pub title: String,
    pub description: String,
    pub category_code: String,
    pub region_code: String,
    pub address: Option<String>,
    pub location: Option<(f64, f64)>,
    pub citizen_email: String,
    pub citizen_name: Option<String>,
    pub anonymous: bool,
    /// The secret of the citizen's tracking link.
    pub tracking_token: String,
    /// The hash of the confirmation link's secret; `None` when no link is sent.
    pub confirm_token_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub open311_token: Option<String>,
    pub citizen_phone: Option<String>,
    pub citizen_device_id: Option<String>,
    pub citizen_account_id: Option<String>,
    pub media_url: Option<String>,
    /// The version of the consent text the citizen agreed to in filing it (consented at
    /// `created_at`).
    pub consent_version: String,
    /// The language the citizen filed in.
    pub language: &'static str,
    /// The election it belongs to, and the polling station it names (issue 20).
    pub election_id: Option<i32>,
    pub polling_station: Option<i32>,
    /// The observer filing it, if one is (see [`Model::observer_id`]).
    pub observer_id: Option<i32>,
}

impl Model {
    /// The one place a new problem row is built (web form, API, Open311 and the demo), so
    /// that a new column is added once. The id is given when the row is written.
    pub fn filed(f: Filing) -> Model {
        // The tracked columns start as the status machine says a filed problem starts.
        let t = Tracked::filed();
        Model {
            id: 0,
            title: f.title,
            description: f.description,
            category_code: f.category_code,
            region_code: f.region_code,
            address: f.address,
            latitude: f.location.map(|l| l.0),
            longitude: f.location.map(|l| l.1),
            citizen_email: f.citizen_email,
            citizen_name: f.citizen_name,
            anonymous: f.anonymous,
            status: t.status,
            verdict: t.verdict,
            representative_id: t.representative_id,
            routing_rule_id: t.routing_rule_id,
            routing_note: None,
            duplicate_of: t.duplicate_of,
            reassign_requested: t.reassign_requested,
            question_pending: t.question_pending,
            tracking_token: f.tracking_token,
            confirm_token_hash: f.confirm_token_hash,
            created_at: f.created_at,
            confirmed_at: t.confirmed_at,
            updated_at: f.created_at,
            assigned_at: t.assigned_at,
            ack_due_at: t.ack_due_at,
            resolve_due_at: t.resolve_due_at,
            acknowledged_at: t.acknowledged_at,
            resolved_at: t.resolved_at,
            closed_at: t.closed_at,
            overdue: t.overdue,
            escalated: t.escalated,
            ack_notices: t.ack_notices.as_i16(),
            resolve_notices: t.resolve_notices.as_i16(),
            paused_at: t.paused_at,
            fix_check_sent_at: t.fix_check_sent_at,
            support_count: 0,
            open311_token: f.open311_token,
            citizen_phone: f.citizen_phone,
            citizen_device_id: f.citizen_device_id,
            citizen_account_id: f.citizen_account_id,
            media_url: f.media_url,
            consent_at: Some(f.created_at),
            consent_version: Some(f.consent_version),
            contact_erased_at: None,
            language: Some(f.language.to_string()),
            election_id: f.election_id,
            polling_station: f.polling_station,
            verified: None,
            observer_id: f.observer_id,
            voting_day_pace: t.voting_day_pace,
            // Set by `services::intake` from an observer's filing.
            observed_at: None,
            observer_named: false,
        }
    }

    /// The citizen's contact details as the row holds them.
    pub fn contact(&self) -> Contact {
        Contact {
            email: self.citizen_email.clone(),
            name: self.citizen_name.clone(),
            anonymous: self.anonymous,
            phone: self.citizen_phone.clone(),
            device_id: self.citizen_device_id.clone(),
            account_id: self.citizen_account_id.clone(),
        }
    }

    /// The columns the status machine's transitions read and write.
    pub fn tracked(&self) -> Tracked {
        Tracked {
            status: self.status,
            verdict: self.verdict,
            representative_id: self.representative_id,
            routing_rule_id: self.routing_rule_id,
            duplicate_of: self.duplicate_of,
            reassign_requested: self.reassign_requested,
            question_pending: self.question_pending,
            confirmed_at: self.confirmed_at,
            assigned_at: self.assigned_at,
            ack_due_at: self.ack_due_at,
            resolve_due_at: self.resolve_due_at,
            acknowledged_at: self.acknowledged_at,
            resolved_at: self.resolved_at,
            closed_at: self.closed_at,
            overdue: self.overdue,
            escalated: self.escalated,
            ack_notices: Level::from_i16(self.ack_notices),
            resolve_notices: Level::from_i16(self.resolve_notices),
            paused_at: self.paused_at,
            fix_check_sent_at: self.fix_check_sent_at,
            voting_day_pace: self.voting_day_pace,
        }
    }

    /// Writes a tracked state into the row (the demo's simulated problems).
    pub fn set_tracked(&mut self, t: &Tracked) {
        self.status = t.status;
        self.verdict = t.verdict;
        self.representative_id = t.representative_id;
        self.routing_rule_id = t.routing_rule_id;
        self.duplicate_of = t.duplicate_of;
        self.reassign_requested = t.reassign_requested;
        self.question_pending = t.question_pending;
        self.confirmed_at = t.confirmed_at;
        self.assigned_at = t.assigned_at;
        self.ack_due_at = t.ack_due_at;
        self.resolve_due_at = t.resolve_due_at;
        self.acknowledged_at = t.acknowledged_at;
        self.resolved_at = t.resolved_at;
        self.closed_at = t.closed_at;
        self.overdue = t.overdue;
        self.escalated = t.escalated;
        self.ack_notices = t.ack_notices.as_i16();
        self.resolve_notices = t.resolve_notices.as_i16();
        self.paused_at = t.paused_at;
        self.fix_check_sent_at = t.fix_check_sent_at;
        self.voting_day_pace = t.voting_day_pace;
    }
}

/// An update of exactly the tracked columns that differ between `before` and `after`.
pub fn changes(before: &Tracked, after: &Tracked) -> ActiveModel {
    fn set<T: PartialEq + Clone + Into<sea_orm::Value>>(b: &T, a: &T) -> ActiveValue<T> {
        if a == b {
            ActiveValue::NotSet
        } else {
            ActiveValue::Set(a.clone())
        }
    }
    ActiveModel {
        status: set(&before.status, &after.status),
        verdict: set(&before.verdict, &after.verdict),
        representative_id: set(&before.representative_id, &after.representative_id),
        routing_rule_id: set(&before.routing_rule_id, &after.routing_rule_id),
        duplicate_of: set(&before.duplicate_of, &after.duplicate_of),
        reassign_requested: set(&before.reassign_requested, &after.reassign_requested),
        question_pending: set(&before.question_pending, &after.question_pending),
        confirmed_at: set(&before.confirmed_at, &after.confirmed_at),
        assigned_at: set(&before.assigned_at, &after.assigned_at),
        ack_due_at: set(&before.ack_due_at, &after.ack_due_at),
        resolve_due_at: set(&before.resolve_due_at, &after.resolve_due_at),
        acknowledged_at: set(&before.acknowledged_at, &after.acknowledged_at),
        resolved_at: set(&before.resolved_at, &after.resolved_at),
        closed_at: set(&before.closed_at, &after.closed_at),
        overdue: set(&before.overdue, &after.overdue),
        escalated: set(&before.escalated, &after.escalated),
        ack_notices: set(&before.ack_notices.as_i16(), &after.ack_notices.as_i16()),
        resolve_notices: set(
            &before.resolve_notices.as_i16(),
            &after.resolve_notices.as_i16(),
        ),
        paused_at: set(&before.paused_at, &after.paused_at),
        fix_check_sent_at: set(&before.fix_check_sent_at, &after.fix_check_sent_at),
        voting_day_pace: set(&before.voting_day_pace, &after.voting_day_pace),
        ..Default::default()
    }
}

/// The columns that erase a problem's contact details at `now` (to
/// [`Contact::erased`]), for one row's update and for the retention period's bulk one.
pub fn erased_contact(now: DateTimeUtc) -> Vec<(Column, sea_orm::Value)> {
    let c = Contact::erased();
    vec![
        (Column::CitizenEmail, c.email.into()),
        (Column::CitizenName, c.name.into()),
        (Column::Anonymous, c.anonymous.into()),
        (Column::CitizenPhone, c.phone.into()),
        (Column::CitizenDeviceId, c.device_id.into()),
        (Column::CitizenAccountId, c.account_id.into()),
        (Column::ContactErasedAt, Some(now).into()),
    ]
}
