//! Lists of problems: the public list with its filters, the open-data export, the home
//! page's blocks, a representative's workspace and the triage queue. The public ones read
//! through `AppState::read_db` (SQLite's read-only connections), so that a long export or
//! a busy list never queues the writer.

use super::{Cursor, EXACT_UP_TO, ProblemSummary, Total, reps_by_id, summaries};

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::state::{Status, Verdict};
use crate::entities::problem;
use crate::error::AppResult;
use crate::services::problem_reference;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Statement,
};
use serde::Serialize;

/// Filters of the public list (all optional; lists are OR within a filter, AND across).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub regions: Vec<String>,
    pub categories: Vec<String>,
    pub statuses: Vec<Status>,
    pub representative: Option<i32>,
    /// Only the reports of this election (issue 20).
    pub election: Option<i32>,
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
    /// Start after this problem (keyset paging; `page` is then ignored).
    pub cursor: Option<Cursor>,
    /// Words to search for (`q=`): then most relevant first, see [`super::search`].
    pub q: Option<String>,
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

/// One page of the public list: its problems, where the next page starts (`None` on the
/// last page) and how many problems the filters select.
#[derive(Clone, Debug)]
pub struct Page {
    pub items: Vec<ProblemSummary>,
    pub next: Option<Cursor>,
    pub total: Total,
}

/// A page of public problems (newest first, or most supported first) and the total count.
/// With a cursor the page starts after it (keyset: a deep page costs what the first one
/// does); without, at `page` (offset, bounded by the parser to the first
/// [`MAX_OFFSET`] problems).
/// Kept for a moment (see [`super::recent`]).
pub async fn list(st: &AppState, f: &Filter) -> AppResult<Page> {
    let page = recently(st, format!("list:{f:?}"), || list_now(st, f)).await?;
    Ok(Page::clone(&page))
}

/// What `make` builds, kept for `dashboard.max_age_seconds` under `key`.
async fn recently<T, F, Fut>(st: &AppState, key: String, make: F) -> AppResult<std::sync::Arc<T>>
where
    T: std::any::Any + Send + Sync,
    F: FnOnce() -> Fut,
    Fut: Future<Output = AppResult<T>>,
{
    let max_age = std::time::Duration::from_secs(st.config.dashboard.max_age_seconds);
    st.recent
        .get(key, max_age, st.stats.generation(), make)
        .await
}

async fn list_now(st: &AppState, f: &Filter) -> AppResult<Page> {
    if f.q.is_some() {
        // Most relevant first, paged by `page` within the first matches; "more than
        // 1,000" is not an estimate but a bound, and says so (`exact: false`).
        let (items, total) = super::search::list(st, f).await?;
        let capped = total > super::search::MAX_MATCHES;
        return Ok(Page {
            items,
            next: None,
            total: Total {
                count: total,
                exact: !capped,
            },
        });
    }
    let (items, next) = page_now(st, f).await?;
    let total = if next.is_none() && f.cursor.is_none() && f.page <= 1 {
        // The whole selection is on this page: its size is the count.
        Total::exact(items.len() as u64)
    } else {
        count(st, f).await?
    };
    Ok(Page { items, next, total })
}

/// A page of public problems without counting them (feeds, the home page), kept for a
/// moment (see [`super::recent`]).
pub async fn page(st: &AppState, f: &Filter) -> AppResult<(Vec<ProblemSummary>, Option<Cursor>)> {
    let page = recently(st, format!("page:{f:?}"), || page_now(st, f)).await?;
    Ok((page.0.clone(), page.1))
}

async fn page_now(st: &AppState, f: &Filter) -> AppResult<(Vec<ProblemSummary>, Option<Cursor>)> {
    if f.q.is_some() {
        return Ok((super::search::list(st, f).await?.0, None));
    }
    let mut q = filtered(f);
    if let Some(c) = f.cursor {
        q = q.filter(c.after(f.by_support));
    }
    if f.by_support {
        q = q.order_by_desc(problem::Column::SupportCount);
    }
    let offset = if f.cursor.is_some() {
        0
    } else {
        (f.page.max(1) - 1) * f.per_page
    };
    let mut rows = q
        .order_by_desc(problem::Column::Id)
        .offset(offset)
        .limit(f.per_page + 1)
        .all(&st.read_db)
        .await?;
    let next = if rows.len() as u64 > f.per_page {
        rows.truncate(f.per_page as usize);
        rows.last().map(|p| Cursor {
            id: p.id,
            supporters: f.by_support.then_some(p.support_count),
        })
    } else {
        None
    };
    let reps = reps_by_id(&st.read_db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok((summaries(st, rows, &reps, false), next))
}

/// How many public problems `f` selects: exact up to [`EXACT_UP_TO`] (counting that many
/// index entries is cheap); past it, on PostgreSQL, the planner's estimate (from the
/// table's statistics, no rows read), labelled as such; SQLite counts them all.
pub async fn count(st: &AppState, f: &Filter) -> AppResult<Total> {
    let probe = filtered(f)
        .select_only()
        .column(problem::Column::Id)
        .limit(EXACT_UP_TO + 1);
    let db = &st.read_db;
    let backend = db.get_database_backend();
    let (sql, values) = parts(probe.build(backend));
    let capped = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) AS n FROM ({sql}) AS capped"),
            values,
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0) as u64;
    if capped <= EXACT_UP_TO {
        return Ok(Total::exact(capped));
    }
    if backend == DbBackend::Postgres {
        let (sql, values) = parts(
            filtered(f)
                .select_only()
                .column(problem::Column::Id)
                .build(backend),
        );
        let plan = db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                format!("EXPLAIN (FORMAT JSON) {sql}"),
                values,
            ))
            .await?
            .map(|r| r.try_get_by_index::<serde_json::Value>(0))
            .transpose()?;
        let rows = plan
            .as_ref()
            .and_then(|p| p.pointer("/0/Plan/Plan Rows"))
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0);
        return Ok(Total::estimated(rows, EXACT_UP_TO + 1));
    }
    let all = filtered(f).count(db).await?;
    Ok(Total::exact(all))
}

/// A statement's SQL and values, to wrap in another statement.
fn parts(s: Statement) -> (String, Vec<sea_orm::Value>) {
    (s.sql, s.values.map(|v| v.0).unwrap_or_default())
}

/// The public problems that `f` selects (its paging and order aside).
pub(super) fn filtered(f: &Filter) -> sea_orm::Select<problem::Entity> {
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
    if let Some(e) = f.election {
        q = q.filter(problem::Column::ElectionId.eq(e));
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
    /// The status's name in the export's language (`status` stays the stable code).
    pub status_label: String,
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
    /// What of the problem's own texts was redacted, when and why ("The description was
    /// redacted on DATE. Reason: ...", several joined by "; "); the text itself is gone.
    pub redacted: Option<String>,
}

/// The next `n` problems that `f` selects after id `after`, by id: the export reads the
/// whole table in such batches, so its memory does not grow with the table and it holds a
/// connection only for one batch at a time.
///
/// Names (status label, region, category) are in `lang`; codes stay as they are.
pub async fn export_batch(
    st: &AppState,
    f: &Filter,
    lang: &str,
    after: i32,
    n: u64,
) -> AppResult<Vec<ExportRow>> {
    let rows = filtered(f)
        .filter(problem::Column::Id.gt(after))
        .order_by_asc(problem::Column::Id)
        .limit(n)
        .all(&st.read_db)
        .await?;
    let reps = reps_by_id(&st.read_db, rows.iter().filter_map(|p| p.representative_id)).await?;
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let mut redacted = crate::services::ledger::redactions_by_problem(&st.read_db, &ids).await?;
    let reference = st.reference();
    // Each status's name once per batch, not a catalog lookup per row.
    let mut labels: std::collections::HashMap<Status, String> = Default::default();
    Ok(rows
        .into_iter()
        .map(|p| ExportRow {
            id: p.id,
            reference: problem_reference(p.id),
            title: p.title,
            description: p.description,
            status: p.status,
            status_label: labels
                .entry(p.status)
                .or_insert_with(|| {
                    crate::i18n::message(lang, &format!("status.{}", p.status.as_str()))
                })
                .clone(),
            verdict: p.verdict,
            region: reference.region_name(&p.region_code, lang),
            region_code: p.region_code,
            category: reference.category_name(&p.category_code, lang),
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
            redacted: redacted.remove(&p.id).map(|rs| {
                rs.iter()
                    .map(|r| crate::services::ledger::redaction_notice(st, lang, r))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        })
        .collect())
}

/// The home page's lists: the latest problems with the total, the most supported open
/// ones and the latest answers. Each is one index range read (see the indexes of
/// `m20261204_000001_list_indexes`), whatever the size of the table.
pub struct HomeBlocks {
    pub latest: Vec<ProblemSummary>,
    pub total: Total,
    pub supported: Vec<ProblemSummary>,
    pub resolved: Vec<ProblemSummary>,
}

/// Kept for a moment (see [`super::recent`]).
pub async fn home_blocks(st: &AppState) -> AppResult<std::sync::Arc<HomeBlocks>> {
    recently(st, "home".into(), || home_blocks_now(st)).await
}

async fn home_blocks_now(st: &AppState) -> AppResult<HomeBlocks> {
    let all = Filter {
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    let latest = list_now(st, &all).await?;
    Ok(HomeBlocks {
        latest: latest.items,
        total: latest.total,
        supported: most_supported(st, 5).await?,
        resolved: recently_resolved(st, 5).await?,
    })
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
        .all(&st.read_db)
        .await?;
    let reps = reps_by_id(&st.read_db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok(summaries(st, rows, &reps, false))
}

/// The latest resolutions (resolved, or closed after one), newest first: the answers.
pub async fn recently_resolved(st: &AppState, n: u64) -> AppResult<Vec<ProblemSummary>> {
    let rows = problem::Entity::find()
        .filter(problem::Column::ResolvedAt.is_not_null())
        .filter(problem::Column::Status.is_in([Status::Resolved.as_str(), Status::Closed.as_str()]))
        .order_by_desc(problem::Column::ResolvedAt)
        .limit(n)
        .all(&st.read_db)
        .await?;
    let reps = reps_by_id(&st.read_db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok(summaries(st, rows, &reps, false))
}

/// The public problems that name polling station `number` of election `election`, newest
/// first, at most `n` (`idx_problems_election_station`).
pub async fn at_station(
    st: &AppState,
    election: i32,
    number: i32,
    n: u64,
) -> AppResult<Vec<ProblemSummary>> {
    newest_public(
        st,
        Condition::all()
            .add(problem::Column::ElectionId.eq(election))
            .add(problem::Column::PollingStation.eq(number)),
        n,
    )
    .await
}

/// The latest verified reports of an election, newest first: the live page's list.
pub async fn latest_verified(
    st: &AppState,
    election: i32,
    n: u64,
) -> AppResult<Vec<ProblemSummary>> {
    newest_public(
        st,
        Condition::all()
            .add(problem::Column::ElectionId.eq(election))
            .add(problem::Column::Verified.eq(true)),
        n,
    )
    .await
}

/// The public problems that meet `condition`, newest first, at most `n`.
async fn newest_public(
    st: &AppState,
    condition: Condition,
    n: u64,
) -> AppResult<Vec<ProblemSummary>> {
    let rows = problem::Entity::find()
        .filter(condition)
        .filter(problem::Column::Status.ne(Status::Unconfirmed))
        .order_by_desc(problem::Column::Id)
        .limit(n)
        .all(&st.read_db)
        .await?;
    let reps = reps_by_id(&st.read_db, rows.iter().filter_map(|p| p.representative_id)).await?;
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
            .add(problem::Column::Status.is_in([Status::New, Status::Rejected]))
            .add(problem::Column::ReassignRequested.eq(true)),
    );
    let reach = crate::domain::permissions::scope(
        viewer.role,
        crate::domain::permissions::Act::ReadInternals,
    );
    if !viewer.regions.is_empty() && reach == Some(crate::domain::permissions::Scope::OwnRegions) {
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
