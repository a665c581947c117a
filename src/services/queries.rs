//! Read models: the public list and page of a problem, a representative's workspace and
//! the coordinators' triage queue. Public views never carry contact details, anonymous
//! names, tokens or internal notes; internal views add internal notes, and contact details
//! only for those allowed to see them.

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::state::{ActorKind, Status, UserRole, Verdict};
use crate::domain::status::Action;
use crate::entities::{problem, problem_event, user};
use crate::error::{AppError, AppResult};
use crate::services::problem_reference;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Filters of the public list (all optional; lists are OR within a filter, AND across).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub regions: Vec<String>,
    pub categories: Vec<String>,
    pub statuses: Vec<Status>,
    pub representative: Option<i32>,
    /// Only overdue (true) or only not overdue (false) problems.
    pub overdue: Option<bool>,
    /// Only escalated (true) or only not escalated (false) problems.
    pub escalated: Option<bool>,
    /// Citizens' verdicts (`fixed`, `no_answer`, ...).
    pub verdicts: Vec<Verdict>,
    /// Date ranges, `[from, to)`, on the problem's dates.
    pub ranges: Vec<DateRange>,
    /// Most supported first instead of newest first.
    pub by_support: bool,
    pub page: u64,
    pub per_page: u64,
}

/// `[from, to)` on a problem's date; either end may be open.
pub type DateRange = (DateField, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// A problem's date a list can be filtered on: `<name>_from` / `<name>_to` (local dates,
/// both included) in the list's query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    /// Confirmed by the citizen.
    Received,
    Acknowledged,
    /// Last resolved (cleared when reopened).
    Resolved,
    Closed,
    /// The resolve-by deadline.
    Due,
}

impl DateField {
    pub const ALL: [DateField; 5] = [
        DateField::Received,
        DateField::Acknowledged,
        DateField::Resolved,
        DateField::Closed,
        DateField::Due,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DateField::Received => "received",
            DateField::Acknowledged => "acknowledged",
            DateField::Resolved => "resolved",
            DateField::Closed => "closed",
            DateField::Due => "due",
        }
    }

    /// The query parameters: `<name>_from`, `<name>_to`.
    pub fn params(self) -> (&'static str, &'static str) {
        match self {
            DateField::Received => ("received_from", "received_to"),
            DateField::Acknowledged => ("acknowledged_from", "acknowledged_to"),
            DateField::Resolved => ("resolved_from", "resolved_to"),
            DateField::Closed => ("closed_from", "closed_to"),
            DateField::Due => ("due_from", "due_to"),
        }
    }

    fn column(self) -> problem::Column {
        match self {
            DateField::Received => problem::Column::ConfirmedAt,
            DateField::Acknowledged => problem::Column::AcknowledgedAt,
            DateField::Resolved => problem::Column::ResolvedAt,
            DateField::Closed => problem::Column::ClosedAt,
            DateField::Due => problem::Column::ResolveDueAt,
        }
    }
}

/// The representative a problem is with.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RepresentativeRef {
    pub id: i32,
    pub name: String,
    pub position: Option<String>,
}

/// A code with its English name.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// One problem in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProblemSummary {
    pub id: i32,
    pub reference: String,
    pub title: String,
    #[schema(value_type = String)]
    pub status: Status,
    pub region: Named,
    pub category: Named,
    pub representative: Option<RepresentativeRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub acknowledge_by: Option<DateTime<Utc>>,
    pub resolve_by: Option<DateTime<Utc>>,
    /// Internal lists only: the representative asked for reassignment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reassign_requested: Option<bool>,
    /// The representative asked the citizen a question that is not yet answered.
    pub question_pending: bool,
    /// A deadline the representative still owes has passed.
    pub overdue: bool,
    /// Overdue past the grace period and escalated to the region's coordinators.
    pub escalated: bool,
    /// Citizens who confirmed they have this problem too.
    pub supporters: i32,
}

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
    pub note: Option<String>,
    /// Only in internal views.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
}

/// Why a problem is with whom it is with.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Routing {
    pub rule_id: Option<i32>,
    pub note: Option<String>,
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
    pub acknowledge_by: Option<DateTime<Utc>>,
    pub resolve_by: Option<DateTime<Utc>>,
    pub question_pending: bool,
    /// A deadline the representative still owes has passed (marked by the SLA sweep).
    pub overdue: bool,
    /// Overdue past the grace period and escalated to the region's coordinators.
    pub escalated: bool,
    /// Citizens who confirmed they have this problem too (a merged duplicate's included).
    pub supporters: i32,
    pub timeline: Vec<TimelineEntry>,
}

/// What coordinators (and monitors, without contacts) see beyond the public view.
#[derive(Clone, Debug, Serialize)]
pub struct InternalView {
    #[serde(flatten)]
    pub public: ProblemView,
    pub reassign_requested: bool,
    /// Only for coordinators and admins.
    pub citizen_email: Option<String>,
    pub citizen_name: Option<String>,
}

async fn reps_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, user::Model>, sea_orm::DbErr> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

fn rep_ref(u: &user::Model) -> RepresentativeRef {
    RepresentativeRef {
        id: u.id,
        name: u.name.clone(),
        position: u.position.clone(),
    }
}

fn summaries(
    st: &AppState,
    rows: Vec<problem::Model>,
    reps: &HashMap<i32, user::Model>,
    internal: bool,
) -> Vec<ProblemSummary> {
    let reference = st.reference();
    rows.into_iter()
        .map(|p| ProblemSummary {
            id: p.id,
            reference: problem_reference(p.id),
            region: Named {
                name: reference.region_name(&p.region_code),
                code: p.region_code,
            },
            category: Named {
                name: reference.category_name(&p.category_code),
                code: p.category_code,
            },
            representative: p
                .representative_id
                .and_then(|id| reps.get(&id))
                .map(rep_ref),
            title: p.title,
            status: p.status,
            created_at: p.confirmed_at.unwrap_or(p.created_at),
            updated_at: p.updated_at,
            acknowledge_by: p.ack_due_at,
            resolve_by: p.resolve_due_at,
            reassign_requested: internal.then_some(p.reassign_requested),
            question_pending: p.question_pending,
            overdue: p.overdue,
            escalated: p.escalated,
            supporters: p.support_count,
        })
        .collect()
}

/// A page of public problems (newest first, or most supported first) and the total count.
pub async fn list(st: &AppState, f: &Filter) -> AppResult<(Vec<ProblemSummary>, u64)> {
    let mut q = filtered(f);
    let total = q.clone().count(&st.db).await?;
    if f.by_support {
        q = q.order_by_desc(problem::Column::SupportCount);
    }
    let rows = q
        .order_by_desc(problem::Column::Id)
        .offset((f.page.max(1) - 1) * f.per_page)
        .limit(f.per_page)
        .all(&st.db)
        .await?;
    let reps = reps_by_id(&st.db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok((summaries(st, rows, &reps, false), total))
}

/// The public problems that `f` selects (its paging and order aside).
fn filtered(f: &Filter) -> sea_orm::Select<problem::Entity> {
    let mut q = problem::Entity::find().filter(problem::Column::Status.ne(Status::Unconfirmed));
    if !f.regions.is_empty() {
        q = q.filter(problem::Column::RegionCode.is_in(f.regions.clone()));
    }
    if !f.categories.is_empty() {
        q = q.filter(problem::Column::CategoryCode.is_in(f.categories.clone()));
    }
    if !f.statuses.is_empty() {
        q = q.filter(problem::Column::Status.is_in(f.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(r) = f.representative {
        q = q.filter(problem::Column::RepresentativeId.eq(r));
    }
    if let Some(o) = f.overdue {
        q = q.filter(problem::Column::Overdue.eq(o));
    }
    if let Some(e) = f.escalated {
        q = q.filter(problem::Column::Escalated.eq(e));
    }
    if !f.verdicts.is_empty() {
        q = q.filter(problem::Column::Verdict.is_in(f.verdicts.clone()));
    }
    for (field, from, to) in &f.ranges {
        if let Some(t) = from {
            q = q.filter(field.column().gte(*t));
        }
        if let Some(t) = to {
            q = q.filter(field.column().lt(*t));
        }
    }
    q
}

/// One problem in the open-data export: public fields only (no author, contact details,
/// tokens or internal notes). The CSV columns are these fields, in this order.
#[derive(Clone, Debug, Serialize)]
pub struct ExportRow {
    pub id: i32,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub region_code: String,
    pub region: String,
    pub category_code: String,
    pub category: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub representative_id: Option<i32>,
    pub representative: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub acknowledge_by: Option<DateTime<Utc>>,
    pub resolve_by: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub escalated: bool,
    pub supporters: i32,
    pub duplicate_of: Option<i32>,
}

/// The next `n` problems that `f` selects after id `after`, by id: the export reads the
/// whole table in such batches, so its memory does not grow with the table and it holds a
/// connection only for one batch at a time.
pub async fn export_batch(
    st: &AppState,
    f: &Filter,
    after: i32,
    n: u64,
) -> AppResult<Vec<ExportRow>> {
    let rows = filtered(f)
        .filter(problem::Column::Id.gt(after))
        .order_by_asc(problem::Column::Id)
        .limit(n)
        .all(&st.db)
        .await?;
    let reps = reps_by_id(&st.db, rows.iter().filter_map(|p| p.representative_id)).await?;
    let reference = st.reference();
    Ok(rows
        .into_iter()
        .map(|p| ExportRow {
            id: p.id,
            reference: problem_reference(p.id),
            title: p.title,
            description: p.description,
            status: p.status,
            verdict: p.verdict,
            region: reference.region_name(&p.region_code),
            region_code: p.region_code,
            category: reference.category_name(&p.category_code),
            category_code: p.category_code,
            address: p.address,
            latitude: p.latitude,
            longitude: p.longitude,
            representative: p
                .representative_id
                .and_then(|id| reps.get(&id))
                .map(|u| u.name.clone()),
            representative_id: p.representative_id,
            created_at: p.confirmed_at.unwrap_or(p.created_at),
            updated_at: p.updated_at,
            acknowledge_by: p.ack_due_at,
            resolve_by: p.resolve_due_at,
            acknowledged_at: p.acknowledged_at,
            resolved_at: p.resolved_at,
            closed_at: p.closed_at,
            overdue: p.overdue,
            escalated: p.escalated,
            supporters: p.support_count,
            duplicate_of: p.duplicate_of,
        })
        .collect())
}

/// The most supported problems still open (at least one supporter).
pub async fn most_supported(st: &AppState, n: u64) -> AppResult<Vec<ProblemSummary>> {
    let open: Vec<Status> = Status::open();
    let rows = problem::Entity::find()
        .filter(problem::Column::Status.is_in(open))
        .filter(problem::Column::SupportCount.gt(0))
        .order_by_desc(problem::Column::SupportCount)
        .order_by_desc(problem::Column::Id)
        .limit(n)
        .all(&st.db)
        .await?;
    let reps = reps_by_id(&st.db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok(summaries(st, rows, &reps, false))
}

/// The latest resolutions (resolved, or closed after one), newest first: the answers.
pub async fn recently_resolved(st: &AppState, n: u64) -> AppResult<Vec<ProblemSummary>> {
    let rows = problem::Entity::find()
        .filter(problem::Column::ResolvedAt.is_not_null())
        .filter(problem::Column::Status.is_in([Status::Resolved.as_str(), Status::Closed.as_str()]))
        .order_by_desc(problem::Column::ResolvedAt)
        .limit(n)
        .all(&st.db)
        .await?;
    let reps = reps_by_id(&st.db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok(summaries(st, rows, &reps, false))
}

/// The problems assigned to a representative, most urgent first.
pub async fn workspace(st: &AppState, rep_id: i32) -> AppResult<Vec<ProblemSummary>> {
    let open: Vec<Status> = Status::with_representative();
    let rows = problem::Entity::find()
        .filter(problem::Column::RepresentativeId.eq(rep_id))
        .filter(
            Condition::any()
                .add(problem::Column::Status.is_in(open))
                .add(problem::Column::Status.eq(Status::Resolved)),
        )
        .order_by_asc(problem::Column::ResolveDueAt)
        .order_by_asc(problem::Column::Id)
        .all(&st.db)
        .await?;
    let reps = reps_by_id(&st.db, [rep_id]).await?;
    Ok(summaries(st, rows, &reps, true))
}

/// The triage queue within the user's regions: unassigned `new` and `rejected` problems and
/// problems whose representative asked for reassignment, oldest first.
pub async fn triage(st: &AppState, viewer: &CurrentUser) -> AppResult<Vec<ProblemSummary>> {
    let mut q = problem::Entity::find().filter(
        Condition::any()
            .add(problem::Column::Status.is_in([Status::New.as_str(), Status::Rejected.as_str()]))
            .add(problem::Column::ReassignRequested.eq(true)),
    );
    if !viewer.regions.is_empty() && viewer.role != crate::auth::UserRole::Admin {
        q = q.filter(problem::Column::RegionCode.is_in(viewer.regions.clone()));
    }
    let rows = q
        .order_by_asc(problem::Column::Id)
        .limit(500)
        .all(&st.db)
        .await?;
    let reps = reps_by_id(&st.db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok(summaries(st, rows, &reps, true))
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
    let internals = viewer.sees_internals() && viewer.covers_region(&p.region_code);
    let contacts = viewer.sees_contacts() && viewer.covers_region(&p.region_code);
    let public = view_of(st, p.clone(), internals).await?;
    Ok((
        InternalView {
            public,
            reassign_requested: p.reassign_requested,
            citizen_email: contacts.then(|| p.citizen_email.clone()),
            citizen_name: contacts.then(|| p.citizen_name.clone()).flatten(),
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
    let reference = st.reference();
    let timeline = events
        .into_iter()
        .filter(|e| internal || e.public_note.is_some() || e.to_status != e.from_status)
        .map(|e| TimelineEntry {
            at: e.created_at,
            actor: match (e.actor_kind, e.actor_user_id.and_then(|id| people.get(&id))) {
                (ActorKind::User, Some(u)) if u.role == UserRole::Representative => u.name.clone(),
                (ActorKind::User, Some(u)) => u.role.to_string(),
                (kind, _) => kind.to_string(),
            },
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            note: e.public_note,
            internal_note: if internal { e.internal_note } else { None },
        })
        .collect();
    let rep = p
        .representative_id
        .and_then(|id| people.get(&id))
        .map(rep_ref);
    Ok(ProblemView {
        id: p.id,
        reference: problem_reference(p.id),
        region: Named {
            name: reference.region_name(&p.region_code),
            code: p.region_code,
        },
        category: Named {
            name: reference.category_name(&p.category_code),
            code: p.category_code,
        },
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
        },
        duplicate_of: p.duplicate_of,
        created_at: p.created_at,
        confirmed_at: p.confirmed_at,
        acknowledge_by: p.ack_due_at,
        resolve_by: p.resolve_due_at,
        question_pending: p.question_pending,
        overdue: p.overdue,
        escalated: p.escalated,
        supporters: p.support_count,
        timeline,
    })
}

/// Active representatives, for the coordinators' assign form.
pub async fn active_representatives(st: &AppState) -> AppResult<Vec<RepresentativeRef>> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::Representative))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?
        .iter()
        .map(rep_ref)
        .collect())
}

/// `id → text` for the rows of `E` with these ids (names of users, titles of problems).
pub async fn texts<E: EntityTrait>(
    st: &AppState,
    id: E::Column,
    text: E::Column,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i32, String)> = E::find()
            .select_only()
            .columns([id, text])
            .filter(id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(&st.db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Users' names by id (representatives in lists, tables and mails).
pub async fn user_names(
    st: &AppState,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    texts::<user::Entity>(st, user::Column::Id, user::Column::Name, ids).await
}

/// Problems' titles by id.
pub async fn problem_titles(
    st: &AppState,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    texts::<problem::Entity>(st, problem::Column::Id, problem::Column::Title, ids).await
}
