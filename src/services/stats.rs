//! Reads the facts the figures need ([`load`]) and keeps them in memory ([`StatsCache`]),
//! so that the dashboards answer from counts already made.
//!
//! Every fact is counted by the database (`GROUP BY`), never row by row in Rust, except
//! for the overdue and supported problems that the figures list by name. The cache holds
//! the facts of a period (not of a filter): any region, category or representative of
//! that period is then computed in memory.
//!
//! Invalidation: an entry is reloaded when the event log has moved on (its newest event id
//! changed) and the entry is older than `dashboard.max_age_seconds`, or when it is ten
//! times that old whatever happened (age bands move with the clock). While one reload runs,
//! requests are served the entry they would have had a moment ago; only a period nobody
//! asked for yet makes its request wait. `max_age_seconds = 0` turns the cache off.

use crate::app::AppState;
use crate::domain::state::{Status, Verdict};
use crate::domain::stats::{
    AGE_BAND_DAYS, DeadlineGroup, Dim, DimIndex, Elapsed, Facts, Flow, OpenGroup, OverdueFact,
    Period, SupportedFact, Tally,
};
use crate::domain::status::Action;
use crate::entities::{problem, problem_event};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, CaseStatement, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

fn alias(s: &str) -> Alias {
    Alias::new(s)
}

/// Reads the facts of `period` (counted into `buckets`) and of `previous`, and the open
/// problems as of `now` (their age bands in local days of `tz`).
pub async fn load(
    db: &impl ConnectionTrait,
    period: Period,
    previous: Period,
    buckets: Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Facts, DbErr> {
    let mut dims = DimIndex::default();
    let tallies = tallies_of(db, &mut dims, period, &buckets).await?;
    let previous_tallies = tallies_of(db, &mut dims, previous, &[previous.start]).await?;
    let elapsed = elapsed(db, &mut dims, period).await?;
    let open = open_groups(db, &mut dims, now, tz).await?;
    let deadlines = deadlines(db, &mut dims, period, now).await?;
    let (overdue, supported) = listed(db, &mut dims, now).await?;
    Ok(Facts {
        period,
        previous,
        buckets,
        as_of: now,
        dims: dims.into_dims(),
        tallies,
        previous_tallies,
        elapsed,
        open,
        deadlines,
        overdue,
        supported,
    })
}

fn dim_of(row: &sea_orm::QueryResult, dims: &mut DimIndex) -> Result<u32, DbErr> {
    Ok(dims.of(Dim {
        region: row.try_get("", "g_region")?,
        category: row.try_get("", "g_category")?,
        representative: row.try_get("", "g_rep")?,
    }))
}

fn count(row: &sea_orm::QueryResult) -> Result<u64, DbErr> {
    let n: i64 = row.try_get("", "n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Events joined to their problems, in `period`, of the counted actions.
fn events_in(period: Period, actions: &[Action]) -> SelectStatement {
    let e = problem_event::Entity;
    let p = problem::Entity;
    Query::select()
        .expr_as(
            Expr::col((p, problem::Column::RegionCode)),
            alias("g_region"),
        )
        .expr_as(
            Expr::col((p, problem::Column::CategoryCode)),
            alias("g_category"),
        )
        .expr_as(
            Func::count(Expr::col((e, problem_event::Column::Id))),
            alias("n"),
        )
        .from(e)
        .inner_join(
            p,
            Expr::col((e, problem_event::Column::ProblemId)).equals((p, problem::Column::Id)),
        )
        .and_where(problem_event::Column::Action.is_in(actions.iter().copied()))
        .and_where(Expr::col((e, problem_event::Column::CreatedAt)).gte(period.start))
        .and_where(Expr::col((e, problem_event::Column::CreatedAt)).lt(period.end))
        .group_by_col(alias("g_region"))
        .group_by_col(alias("g_category"))
        .to_owned()
}

/// The index of the bucket an event falls in, as a balanced tree of `CASE`s: a handful of
/// comparisons per event even for a year of weeks, and exact local-day boundaries.
fn bucket_of(buckets: &[DateTime<Utc>], offset: usize) -> Expr {
    if buckets.len() <= 1 {
        return Expr::val(offset as i32);
    }
    let mid = buckets.len() / 2;
    let at = Expr::col((problem_event::Entity, problem_event::Column::CreatedAt));
    Expr::case(at.lt(buckets[mid]), bucket_of(&buckets[..mid], offset))
        .finally(bucket_of(&buckets[mid..], offset + mid))
        .into()
}

async fn tallies_of(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    period: Period,
    buckets: &[DateTime<Utc>],
) -> Result<Vec<Tally>, DbErr> {
    let e = problem_event::Entity;
    let p = problem::Entity;
    let action = || Expr::col((e, problem_event::Column::Action));
    // Who an event is credited to: the actor of an acknowledgement or resolution, the
    // representative a routing chose, and otherwise who holds the problem now.
    let credited = Expr::case(
        action().is_in([Action::Acknowledge, Action::Resolve]),
        Expr::col((e, problem_event::Column::ActorUserId)),
    )
    .case(
        action().is_in([Action::Route, Action::Assign]),
        Expr::col((e, problem_event::Column::RepresentativeId)),
    )
    .finally(Expr::col((p, problem::Column::RepresentativeId)));
    let bucket_expr = bucket_of(buckets, 0);
    let stmt = events_in(period, &Flow::ACTIONS)
        .expr_as(action(), alias("g_action"))
        .expr_as(
            Expr::col((e, problem_event::Column::ToStatus)),
            alias("g_to"),
        )
        .expr_as(credited, alias("g_rep"))
        .expr_as(bucket_expr, alias("g_bucket"))
        .group_by_col(alias("g_action"))
        .group_by_col(alias("g_to"))
        .group_by_col(alias("g_rep"))
        .group_by_col(alias("g_bucket"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let action: Action = row.try_get("", "g_action")?;
        let to: Option<Status> = row.try_get("", "g_to")?;
        let Some(flow) = Flow::of(action, to) else {
            continue;
        };
        let bucket: i32 = row.try_get("", "g_bucket")?;
        out.push(Tally {
            dim: dim_of(&row, dims)?,
            flow,
            bucket: u16::try_from(bucket).unwrap_or(0),
            n: count(&row)?,
        });
    }
    Ok(out)
}

async fn elapsed(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    period: Period,
) -> Result<Vec<Elapsed>, DbErr> {
    let e = problem_event::Entity;
    let secs = || Expr::col((e, problem_event::Column::ElapsedSeconds));
    // Rounded to the hour in the database (integer division on both backends), so that
    // a year of events comes back as a few counts per representative and hour.
    let hours = secs().add(1800).div(3600);
    let stmt = events_in(period, &[Action::Acknowledge, Action::Resolve])
        .expr_as(
            Expr::col((e, problem_event::Column::Action)),
            alias("g_action"),
        )
        .expr_as(
            Expr::col((e, problem_event::Column::ActorUserId)),
            alias("g_rep"),
        )
        .expr_as(hours, alias("g_hours"))
        .and_where(secs().is_not_null())
        .group_by_col(alias("g_action"))
        .group_by_col(alias("g_rep"))
        .group_by_col(alias("g_hours"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let action: Action = row.try_get("", "g_action")?;
        let hours: i64 = row.try_get("", "g_hours")?;
        out.push(Elapsed {
            dim: dim_of(&row, dims)?,
            flow: if action == Action::Acknowledge {
                Flow::Acknowledged
            } else {
                Flow::Resolved
            },
            hours: u32::try_from(Ord::max(hours, 0)).unwrap_or(u32::MAX),
            n: count(&row)?,
        });
    }
    Ok(out)
}

/// Problems grouped by region, category and holder.
fn problems_by_dim() -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(problem::Column::RegionCode), alias("g_region"))
        .expr_as(
            Expr::col(problem::Column::CategoryCode),
            alias("g_category"),
        )
        .expr_as(Expr::col(problem::Column::RepresentativeId), alias("g_rep"))
        .expr_as(Func::count(Expr::col(problem::Column::Id)), alias("n"))
        .from(problem::Entity)
        .group_by_col(alias("g_region"))
        .group_by_col(alias("g_category"))
        .group_by_col(alias("g_rep"))
        .to_owned()
}

async fn open_groups(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Vec<OpenGroup>, DbErr> {
    let filed = || Expr::col(problem::Column::ConfirmedAt);
    // "Under 7 days" is filed in the last 7 local days, today included: the same days the
    // list's received_from / received_to select.
    let mut band = CaseStatement::new();
    for (i, days) in AGE_BAND_DAYS.iter().enumerate() {
        let since = crate::domain::stats::last_days(now, *days, tz).start;
        band = band.case(filed().gte(since), Expr::val(i as i32));
    }
    let band = band.finally(Expr::val(AGE_BAND_DAYS.len() as i32));
    let stmt = problems_by_dim()
        .expr_as(band, alias("g_band"))
        .expr_as(Expr::col(problem::Column::Overdue), alias("g_overdue"))
        .expr_as(Expr::col(problem::Column::Escalated), alias("g_escalated"))
        .and_where(problem::Column::Status.is_in(Status::open()))
        .group_by_col(alias("g_band"))
        .group_by_col(alias("g_overdue"))
        .group_by_col(alias("g_escalated"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let band: i32 = row.try_get("", "g_band")?;
        out.push(OpenGroup {
            dim: dim_of(&row, dims)?,
            band: u8::try_from(band).unwrap_or(4),
            overdue: row.try_get("", "g_overdue")?,
            escalated: row.try_get("", "g_escalated")?,
            n: count(&row)?,
        });
    }
    Ok(out)
}

async fn deadlines(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Vec<DeadlineGroup>, DbErr> {
    let due = || Expr::col(problem::Column::ResolveDueAt);
    let kept = Expr::case(
        problem::Column::Status
            .is_in([Status::Resolved.as_str(), Status::Closed.as_str()])
            .and(Expr::col(problem::Column::ResolvedAt).is_not_null())
            .and(Expr::col(problem::Column::ResolvedAt).lte(due())),
        Expr::val(1),
    )
    .finally(Expr::val(0));
    let stmt = problems_by_dim()
        .expr_as(kept, alias("g_kept"))
        .and_where(due().gte(period.start))
        .and_where(due().lt(Ord::min(period.end, now)))
        // Problems that left the deadline's reach without a resolution are not counted:
        // merged duplicates and those a coordinator closed.
        .and_where(problem::Column::Status.ne(Status::Duplicate))
        .and_where(problem::Column::Status.ne(Status::Unconfirmed))
        .and_where(
            Expr::col(problem::Column::Verdict)
                .is_null()
                .or(Expr::col(problem::Column::Verdict).ne(Verdict::ClosedByCoordinator)),
        )
        .group_by_col(alias("g_kept"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let kept: i32 = row.try_get("", "g_kept")?;
        out.push(DeadlineGroup {
            dim: dim_of(&row, dims)?,
            on_time: kept == 1,
            n: count(&row)?,
        });
    }
    Ok(out)
}

type ListedRow = (
    i32,
    String,
    String,
    Option<i32>,
    bool,
    bool,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    i32,
);

/// The open problems the figures list by name: overdue ones and supported ones.
async fn listed(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    now: DateTime<Utc>,
) -> Result<(Vec<OverdueFact>, Vec<SupportedFact>), DbErr> {
    use sea_orm::{EntityTrait, QueryFilter, QuerySelect};
    let rows: Vec<ListedRow> = problem::Entity::find()
        .select_only()
        .columns([
            problem::Column::Id,
            problem::Column::RegionCode,
            problem::Column::CategoryCode,
            problem::Column::RepresentativeId,
            problem::Column::Overdue,
            problem::Column::Escalated,
            problem::Column::AckDueAt,
            problem::Column::AcknowledgedAt,
            problem::Column::ResolveDueAt,
            problem::Column::ConfirmedAt,
            problem::Column::SupportCount,
        ])
        .filter(problem::Column::Status.is_in(Status::open()))
        .filter(
            problem::Column::Overdue
                .eq(true)
                .or(problem::Column::SupportCount.gt(0)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut overdue = Vec::new();
    let mut supported = Vec::new();
    for (id, region, category, rep, is_overdue, escalated, ack, acked, resolve, filed, n) in rows {
        let dim = dims.of(Dim {
            region,
            category,
            representative: rep,
        });
        if is_overdue {
            let missed_ack = ack.filter(|d| acked.is_none() && *d <= now);
            let missed_resolve = resolve.filter(|d| *d <= now);
            overdue.push(OverdueFact {
                id,
                dim,
                overdue_since: missed_ack.into_iter().chain(missed_resolve).min(),
                escalated,
                filed_at: filed,
            });
        }
        if n > 0 {
            supported.push(SupportedFact {
                id,
                dim,
                supporters: n,
            });
        }
    }
    // Longest overdue first, as every list shows them: sorting once here makes each
    // view's sort a pass over sorted data.
    overdue.sort_by_key(|o| (o.overdue_since.is_none(), o.overdue_since, o.id));
    Ok((overdue, supported))
}

/// The newest event id: when it moves, cached facts may be out of date.
async fn head(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let stmt = Query::select()
        .expr_as(
            Func::coalesce([
                Expr::from(Func::max(Expr::col(problem_event::Column::Id))),
                Expr::val(0),
            ]),
            alias("head"),
        )
        .from(problem_event::Entity)
        .to_owned();
    let row = db.query_one(&stmt).await?;
    Ok(match row {
        Some(r) => r
            .try_get::<i64>("", "head")
            .or_else(|_| r.try_get::<i32>("", "head").map(i64::from))?,
        None => 0,
    })
}

/// A period's facts with the views computed from them so far (page contexts, API
/// answers), which live and die with the facts: the same page for the same filters is
/// rendered from memory until the facts are recounted.
pub struct Counted {
    pub facts: Facts,
    memo: Mutex<HashMap<String, Arc<Value>>>,
}

/// Views kept per period; past this, the memo starts again (crawlers walking every filter
/// must not grow memory without bound).
const VIEWS_KEPT: usize = 512;

impl Counted {
    pub fn new(facts: Facts) -> Counted {
        Counted {
            facts,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// The view `key`, computed by `make` the first time.
    pub async fn memo<F, Fut>(&self, key: String, make: F) -> AppResult<Arc<Value>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<Value>>,
    {
        if let Some(v) = self.memo.lock().expect("memo").get(&key) {
            return Ok(Arc::clone(v));
        }
        let v = Arc::new(make().await?);
        let mut memo = self.memo.lock().expect("memo");
        if memo.len() >= VIEWS_KEPT {
            memo.clear();
        }
        memo.insert(key, Arc::clone(&v));
        Ok(v)
    }
}

struct Entry {
    facts: Arc<Counted>,
    head: i64,
    loaded: Instant,
    /// How long counting took: an expensive period is recounted less often.
    cost: std::time::Duration,
    used: Instant,
    refreshing: bool,
}

/// Facts per period, shared by every dashboard request. See the module's documentation.
pub struct StatsCache {
    entries: Mutex<HashMap<(Period, Period), Entry>>,
    /// One load at a time: a burst of requests for a new period causes one load, and
    /// loads never pile up on the database.
    loading: tokio::sync::Mutex<()>,
    max_age: std::time::Duration,
}

/// How many periods the cache keeps (the four standard ones and a few custom ranges).
const PERIODS_KEPT: usize = 12;

impl StatsCache {
    pub fn new(max_age_seconds: u64) -> StatsCache {
        StatsCache {
            entries: Mutex::new(HashMap::new()),
            loading: tokio::sync::Mutex::new(()),
            max_age: std::time::Duration::from_secs(max_age_seconds),
        }
    }

    /// The entry of `key`, and whether the caller should start its refresh. `head` is
    /// asked for only when the entry is old enough to be refreshed.
    fn fresh(&self, key: &(Period, Period), head: Option<i64>) -> Option<(Arc<Counted>, bool)> {
        self.lookup(key, head, true)
    }

    /// The entry of `key`; with `mark`, whether the caller should start its refresh (and
    /// the entry is marked as refreshing).
    fn lookup(
        &self,
        key: &(Period, Period),
        head: Option<i64>,
        mark: bool,
    ) -> Option<(Arc<Counted>, bool)> {
        let mut entries = self.entries.lock().expect("stats cache");
        let e = entries.get_mut(key)?;
        e.used = Instant::now();
        let age = e.loaded.elapsed();
        let moved = head.is_none_or(|h| h != e.head);
        let min_age = self.min_age(e);
        let stale = (moved && age >= min_age) || age >= min_age.max(self.max_age * 10);
        let start_refresh = mark && stale && !e.refreshing;
        if start_refresh {
            e.refreshing = true;
        }
        Some((Arc::clone(&e.facts), start_refresh))
    }

    /// How old an entry must be before it is recounted: `max_age`, or ten times what
    /// counting it took, so that a year of a million problems (seconds to count) does not
    /// keep the database busy recounting it.
    fn min_age(&self, e: &Entry) -> std::time::Duration {
        self.max_age.max(e.cost * 10)
    }

    /// Whether the entry of `key` is old enough that the event log should be checked.
    fn needs_check(&self, key: &(Period, Period)) -> bool {
        self.entries
            .lock()
            .expect("stats cache")
            .get(key)
            .is_none_or(|e| e.loaded.elapsed() >= self.min_age(e) && !e.refreshing)
    }

    fn store(
        &self,
        key: (Period, Period),
        facts: Arc<Counted>,
        head: i64,
        cost: std::time::Duration,
        standard: &[(Period, Period)],
    ) {
        let mut entries = self.entries.lock().expect("stats cache");
        let now = Instant::now();
        entries.insert(
            key,
            Entry {
                facts,
                head,
                loaded: now,
                cost,
                used: now,
                refreshing: false,
            },
        );
        // Custom periods go first: anyone can ask for many of them, and they must not push
        // the standard periods (which every visitor uses) out.
        while entries.len() > PERIODS_KEPT {
            let Some(oldest) = entries
                .iter()
                .filter(|(k, _)| !standard.contains(k))
                .min_by_key(|(_, e)| e.used)
                .or_else(|| entries.iter().min_by_key(|(_, e)| e.used))
                .map(|(k, _)| *k)
            else {
                break;
            };
            entries.remove(&oldest);
        }
    }

    fn refresh_failed(&self, key: &(Period, Period)) {
        if let Some(e) = self.entries.lock().expect("stats cache").get_mut(key) {
            e.refreshing = false;
        }
    }
}

/// The cache keys of the standard periods as of now.
fn standard_keys(st: &AppState) -> Vec<(Period, Period)> {
    crate::domain::stats::STANDARD_PERIODS
        .iter()
        .map(|d| {
            let p = crate::domain::stats::last_days(st.clock.now(), *d, st.tz);
            (p, crate::domain::stats::before(p))
        })
        .collect()
}

/// Clears an entry's "refreshing" mark when its refresh task ends, however it ends.
struct ResetOnDrop(Arc<StatsCache>, (Period, Period));

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        self.0.refresh_failed(&self.1);
    }
}

/// The facts of `period` (compared with `previous`), from the cache when it may be.
pub async fn facts(st: &AppState, period: Period, previous: Period) -> Result<Arc<Counted>, DbErr> {
    let cache = &st.stats;
    let buckets = crate::domain::stats::buckets(period, st.tz);
    if cache.max_age.is_zero() {
        return Ok(Arc::new(Counted::new(
            load(&st.db, period, previous, buckets, st.clock.now(), st.tz).await?,
        )));
    }
    let key = (period, previous);
    // A young entry is served without asking the database anything.
    let head_now = if cache.needs_check(&key) {
        Some(head(&st.db).await?)
    } else {
        None
    };
    if let Some((facts, refresh)) = cache.fresh(&key, head_now) {
        if refresh {
            let st = st.clone();
            let head_now = head_now.unwrap_or_default();
            tokio::spawn(async move {
                // Whatever happens to this task (an error, a panic), the entry may be
                // refreshed again afterwards.
                let _reset = ResetOnDrop(Arc::clone(&st.stats), key);
                let _one = st.stats.loading.lock().await;
                let started = Instant::now();
                match load(&st.db, period, previous, buckets, st.clock.now(), st.tz).await {
                    Ok(f) => st.stats.store(
                        key,
                        Arc::new(Counted::new(f)),
                        head_now,
                        started.elapsed(),
                        &standard_keys(&st),
                    ),
                    Err(e) => {
                        tracing::warn!(error = %e, "refreshing dashboard figures failed");
                        st.stats.refresh_failed(&key);
                    }
                }
            });
        }
        return Ok(facts);
    }
    let _one = cache.loading.lock().await;
    // Someone else may have counted it while we waited; only look, never mark.
    if let Some((facts, _)) = cache.lookup(&key, head_now, false) {
        return Ok(facts);
    }
    let head_now = match head_now {
        Some(h) => h,
        None => head(&st.db).await?,
    };
    let started = Instant::now();
    let facts = Arc::new(Counted::new(
        load(&st.db, period, previous, buckets, st.clock.now(), st.tz).await?,
    ));
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        dims = facts.facts.dims.len(),
        "dashboard figures loaded"
    );
    cache.store(
        key,
        Arc::clone(&facts),
        head_now,
        started.elapsed(),
        &standard_keys(st),
    );
    Ok(facts)
}

/// Counts the standard periods once at start-up, so that no visitor waits for them.
pub async fn prewarm(st: AppState) {
    if st.stats.max_age.is_zero() {
        return;
    }
    for days in crate::domain::stats::STANDARD_PERIODS {
        let period = crate::domain::stats::last_days(st.clock.now(), days, st.tz);
        let started = Instant::now();
        match facts(&st, period, crate::domain::stats::before(period)).await {
            Ok(_) => tracing::info!(
                days,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "dashboard figures counted"
            ),
            Err(e) => tracing::warn!(days, error = %e, "counting dashboard figures failed"),
        }
    }
}
