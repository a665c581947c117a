//! One problem's page: the public view with its timeline, the citizen's, and the internal
//! one for signed-in users.

use super::{Named, RepresentativeRef, rep_ref, reps_by_id};

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::state::{ActorKind, Status, UserRole, Verdict};
use crate::domain::status::Action;
use crate::entities::{problem, problem_event};
use crate::error::{AppError, AppResult};
use crate::services::problem_reference;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;

/// One entry of a problem's timeline.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    #[schema(value_type = String)]
    pub action: Action,
    #[schema(value_type = Option<String>)]
    pub from_status: Option<Status>,
    #[schema(value_type = Option<String>)]
    pub to_status: Option<Status>,
    /// Who: `citizen`, `system`, a representative's name, or `coordinator`.
    pub actor: String,
    /// The public note: what a person wrote, or (for the service's own events) what the
    /// service says, in English here; pages show it in the reader's language.
    pub note: Option<String>,
    /// The service's own note as a catalog key and its arguments, for pages.
    #[serde(skip)]
    pub system_note: Option<SystemNote>,
    /// What a person wrote (never translated), for pages.
    #[serde(skip)]
    pub person_note: Option<String>,
    /// Only in internal views.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
    /// The public note was redacted: when and why (the note itself is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted: Option<RedactionNotice>,
}

/// A text of the public record that was redacted (`services::ledger::redact`): which, when
/// and why; never the text.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RedactionNotice {
    /// `title`, `description`, `address` or `note`.
    pub field: String,
    pub at: DateTime<Utc>,
    pub reason: String,
    /// The `redaction` entry in the public ledger.
    pub ledger_seq: i64,
}

impl From<&crate::entities::redaction::Model> for RedactionNotice {
    fn from(r: &crate::entities::redaction::Model) -> Self {
        RedactionNotice {
            field: r.field.clone(),
            at: r.created_at,
            reason: r.reason.clone(),
            ledger_seq: r.redaction_seq,
        }
    }
}

/// The service's own words on an event (`domain::event_note`): a key and its stored
/// arguments.
#[derive(Clone, Debug)]
pub struct SystemNote {
    pub key: String,
    pub args: Option<String>,
}

impl SystemNote {
    /// The note in `lang`, times in the configured zone.
    pub fn render(&self, st: &AppState, lang: &str) -> String {
        crate::domain::event_note::render(lang, &self.key, self.args.as_deref(), |t| {
            crate::locale::fmt_time(st, lang, t)
        })
    }
}

/// Why a problem is with whom it is with.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Routing {
    pub rule_id: Option<i32>,
    pub note: Option<String>,
    /// The last routing or assignment event's note, for pages in the reader's language.
    #[serde(skip)]
    pub system_note: Option<SystemNote>,
}

/// The public view of a problem.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProblemView {
    pub id: i32,
    pub reference: String,
    pub title: String,
    pub description: String,
    #[schema(value_type = String)]
    pub status: Status,
    #[schema(value_type = Option<String>)]
    pub verdict: Option<Verdict>,
    pub region: Named,
    pub category: Named,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The citizen's display name, unless they asked to be anonymous.
    pub author: Option<String>,
    pub representative: Option<RepresentativeRef>,
    /// Representative's name (same as `representative.name`), for simple clients.
    pub name: Option<String>,
    pub routing: Routing,
    pub duplicate_of: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The acknowledge-by deadline while an acknowledgement is owed (none once given).
    pub acknowledge_by: Option<DateTime<Utc>>,
    pub resolve_by: Option<DateTime<Utc>>,
    pub question_pending: bool,
    /// A deadline the representative still owes has passed (marked by the SLA sweep).
    pub overdue: bool,
    /// Overdue past the grace period and escalated to the region's coordinators.
    pub escalated: bool,
    /// The deadlines are in minutes: an election problem assigned while its election's
    /// polls were open (README "Voting day"); reminders and escalation come in minutes too.
    pub voting_day_pace: bool,
    /// Citizens who confirmed they have this problem too (a merged duplicate's included).
    pub supporters: i32,
    pub timeline: Vec<TimelineEntry>,
    /// The problem's texts (and its timeline's notes) taken out of the public record:
    /// which field, when and why. A redacted title or description is empty, an address null.
    pub redactions: Vec<RedactionNotice>,
    /// The citizen's ("before") and the representative's ("after") photos, oldest first; a
    /// hidden one without its addresses, with the reason.
    pub photos: Vec<crate::services::photos::PhotoView>,
    /// The election an election problem belongs to (its id), else null.
    pub election: Option<i32>,
    /// The number of the polling station it names, within its election.
    pub polling_station: Option<i32>,
    /// An election report found verified (true) or not (false) by a coordinator; null
    /// until then.
    pub verified: Option<bool>,
    /// Filed by an accredited observer (issue 20), whose name is shown only when they
    /// chose to (`observer_name`).
    pub observer: bool,
    /// The name of the observer who filed it, when they chose to show it; else null.
    pub observer_name: Option<String>,
    /// When the observer saw what they report (observers' reports only; else null).
    pub observed_at: Option<DateTime<Utc>>,
}

/// What coordinators (and monitors, without contacts) see beyond the public view.
#[derive(Clone, Debug, Serialize)]
pub struct InternalView {
    #[serde(flatten)]
    pub public: ProblemView,
    pub reassign_requested: bool,
    /// Only for coordinators and admins (each view is in the access log).
    pub citizen_email: Option<String>,
    pub citizen_name: Option<String>,
    /// The citizen's contact details were erased then.
    pub contact_erased_at: Option<DateTime<Utc>>,
}

/// The public view of problem `id`; unconfirmed problems do not exist for the public.
pub async fn public_view(st: &AppState, id: i32) -> AppResult<ProblemView> {
    let p = problem::Entity::find_by_id(id)
        .one(&st.db)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    view_of(st, p, false).await
}

/// The view of a problem for its citizen (tracking page): the public view, unconfirmed
/// included.
pub async fn citizen_view(st: &AppState, p: problem::Model) -> AppResult<ProblemView> {
    view_of(st, p, false).await
}

/// The internal view for signed-in users.
pub async fn internal_view(
    st: &AppState,
    viewer: &CurrentUser,
    id: i32,
) -> AppResult<(InternalView, problem::Model)> {
    let p = problem::Entity::find_by_id(id)
        .one(&st.db)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    use crate::domain::permissions::Act;
    let internals = viewer.may_in(Act::ReadInternals, &p.region_code);
    let public = view_of(st, p.clone(), internals).await?;
    // Recorded in the access log when shown.
    let contact = crate::services::personal_data::access::contact_for(st, viewer, &p).await?;
    let (citizen_email, citizen_name) = contact.map_or((None, None), |(e, n)| (Some(e), n));
    Ok((
        InternalView {
            public,
            reassign_requested: p.reassign_requested,
            citizen_email,
            citizen_name,
            contact_erased_at: p.contact_erased_at,
        },
        p,
    ))
}

async fn view_of(st: &AppState, p: problem::Model, internal: bool) -> AppResult<ProblemView> {
    let events = problem_event::Entity::find()
        .filter(problem_event::Column::ProblemId.eq(p.id))
        .order_by_asc(problem_event::Column::Id)
        .all(&st.db)
        .await?;
    let people = reps_by_id(
        &st.db,
        events
            .iter()
            .filter_map(|e| e.actor_user_id)
            .chain(p.representative_id),
    )
    .await?;
    let redactions = crate::services::ledger::redactions_of(&st.db, p.id).await?;
    let photos = crate::services::photos::views_of(st, p.id).await?;
    let redacted_note = |id: i32| {
        redactions
            .iter()
            .find(|r| r.event_id == Some(id))
            .map(RedactionNotice::from)
    };
    let reference = st.reference();
    // The observer's name, only when they chose to show it.
    let observer_name = match p.observer_id.filter(|_| p.observer_named) {
        Some(id) => crate::entities::user::Entity::find_by_id(id)
            .one(&st.db)
            .await?
            .map(|u| u.name),
        None => None,
    };
    let routing_note = events
        .iter()
        .rev()
        .find(|e| {
            matches!(
                e.action,
                Action::Route | Action::Assign | Action::ReturnToTriage
            )
        })
        .and_then(|e| {
            e.note_key.clone().map(|key| SystemNote {
                key,
                args: e.note_args.clone(),
            })
        });
    let timeline = events
        .into_iter()
        .filter(|e| {
            internal
                || e.public_note.is_some()
                || e.note_key.is_some()
                || e.to_status != e.from_status
                || redacted_note(e.id).is_some()
        })
        .map(|mut e| {
            let system_note = e.note_key.take().map(|key| SystemNote {
                key,
                args: e.note_args.take(),
            });
            (e.public_note.take(), system_note, e)
        })
        .map(|(public_note, system_note, e)| TimelineEntry {
            redacted: redacted_note(e.id),
            at: e.created_at,
            actor: match (e.actor_kind, e.actor_user_id.and_then(|id| people.get(&id))) {
                (ActorKind::User, Some(u)) if u.role == UserRole::Representative => u.name.clone(),
                (ActorKind::User, Some(u)) => u.role.to_string(),
                (kind, _) => kind.to_string(),
            },
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            // A person's note, else the service's own words (in English for the API).
            note: public_note
                .clone()
                .or_else(|| system_note.as_ref().map(|n| n.render(st, "en"))),
            person_note: public_note,
            system_note,
            internal_note: if internal { e.internal_note } else { None },
        })
        .collect();
    let rep = p
        .representative_id
        .and_then(|id| people.get(&id))
        .map(rep_ref);
    let (region, category) = Named::place(&reference, p.region_code, p.category_code);
    Ok(ProblemView {
        id: p.id,
        reference: problem_reference(p.id),
        region,
        category,
        title: p.title,
        description: p.description,
        status: p.status,
        verdict: p.verdict,
        address: p.address,
        latitude: p.latitude,
        longitude: p.longitude,
        author: if p.anonymous { None } else { p.citizen_name },
        name: rep.as_ref().map(|r| r.name.clone()),
        representative: rep,
        routing: Routing {
            rule_id: p.routing_rule_id,
            note: p.routing_note,
            system_note: routing_note,
        },
        duplicate_of: p.duplicate_of,
        created_at: p.created_at,
        confirmed_at: p.confirmed_at,
        acknowledge_by: crate::domain::sla::ack_owed(p.ack_due_at, p.acknowledged_at),
        resolve_by: p.resolve_due_at,
        question_pending: p.question_pending,
        overdue: p.overdue,
        escalated: p.escalated,
        voting_day_pace: p.voting_day_pace,
        supporters: p.support_count,
        timeline,
        redactions: redactions.iter().map(RedactionNotice::from).collect(),
        photos,
        election: p.election_id,
        polling_station: p.polling_station,
        verified: p.verified,
        observer: p.observer_id.is_some(),
        observer_name,
        observed_at: p.observed_at,
    })
}
