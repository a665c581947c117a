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
//! times that old whatever happened (age bands move with the clock); ages are read from the
//! app's clock. While a period is recounted, its requests are served the entry they would
//! have had a moment ago; only a period nobody asked for yet makes its request wait, and
//! only for that period's count. `max_age_seconds = 0` turns the cache off.
//!
//! A change made in this process is seen at once: the services call
//! [`StatsCache::changed`] after their transaction commits, and the next read of each
//! period counted before it recounts and waits for the count (unless counting that period
//! is expensive; see there). Other processes keep the max-age bound.
//!
//! Counting reads through `AppState::read_db`: on SQLite a pool of read-only connections
//! beside the single writer, so that a long count does not queue the app's writes.

mod events;
mod load;
mod memo;
mod problems;

pub use load::load;
pub use memo::{Counted, Key, StatsCache};

use crate::app::AppState;
use crate::domain::stats::{self, Period};
use crate::error::{AppError, AppResult};
use sea_orm::DbErr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The cache keys of the standard periods as of now.
fn standard_keys(st: &AppState) -> Vec<Key> {
    stats::STANDARD_PERIODS
        .iter()
        .map(|d| {
            let p = stats::last_days(st.clock.now(), *d, st.tz);
            (p, stats::before(p))
        })
        .collect()
}

/// [`load`] without PostgreSQL's parallel workers: a count of a million problems would
/// otherwise take every core for seconds (at start-up, and at each recount), and the
/// visitors' requests, a few milliseconds of work each, would wait behind it (the home
/// page took 200–300 ms instead of 30 while the figures were counted). One core counts;
/// the others answer.
async fn quietly(
    db: &sea_orm::DatabaseConnection,
    period: Period,
    previous: Period,
    buckets: Vec<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
    tz: chrono_tz::Tz,
) -> Result<stats::Facts, DbErr> {
    use sea_orm::{ConnectionTrait, DbBackend, TransactionTrait};
    if db.get_database_backend() != DbBackend::Postgres {
        return load(db, period, previous, buckets, now, tz).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared("SET LOCAL max_parallel_workers_per_gather = 0")
        .await?;
    let facts = load(&txn, period, previous, buckets, now, tz).await?;
    txn.commit().await?;
    Ok(facts)
}

/// The facts of `period` (compared with `previous`), from the cache when it may be.
pub async fn facts(st: &AppState, period: Period, previous: Period) -> Result<Arc<Counted>, DbErr> {
    let buckets = stats::buckets(period, st.tz);
    if st.stats.is_off() {
        return Ok(Arc::new(Counted::new(
            load(
                &st.read_db,
                period,
                previous,
                buckets,
                st.clock.now(),
                st.tz,
            )
            .await?,
        )));
    }
    let owned = st.clone();
    let count = move || async move {
        let now = owned.clock.now();
        quietly(&owned.read_db, period, previous, buckets, now, owned.tz).await
    };
    st.stats
        .get(
            (period, previous),
            &st.clock,
            || load::head(&st.read_db),
            count,
            &standard_keys(st),
        )
        .await
}

/// The facts of `period` for a request that must not wait for a long count. A period
/// counted before is answered as [`facts`] does (at once, or after a cheap recount of a
/// change made here); one nobody has counted yet (at start-up on a large database, or a
/// new custom period) is waited for at most `dashboard.count_wait_ms`, then answered
/// [`AppError::Counting`] while the count goes on and lands in the cache for the next
/// request.
pub async fn facts_now(st: &AppState, period: Period, previous: Period) -> AppResult<Arc<Counted>> {
    if st.stats.is_off() || st.stats.has_counted((period, previous)) {
        return Ok(facts(st, period, previous).await?);
    }
    let wait = Duration::from_millis(st.config.dashboard.count_wait_ms);
    let owned = st.clone();
    let count = tokio::spawn(async move { facts(&owned, period, previous).await });
    if wait.is_zero() {
        // Not even a look: a count that happened to finish on another thread would make
        // the answer depend on the scheduler.
        return Err(AppError::Counting);
    }
    match tokio::time::timeout(wait, count).await {
        Ok(Ok(counted)) => Ok(counted?),
        Ok(Err(panicked)) => Err(AppError::Other(anyhow::anyhow!(
            "counting figures: {panicked}"
        ))),
        Err(_) => Err(AppError::Counting),
    }
}

/// Counts the standard periods once at start-up, so that no visitor waits for them.
pub async fn prewarm(st: AppState) {
    if st.stats.is_off() {
        return;
    }
    for days in stats::STANDARD_PERIODS {
        let period = stats::last_days(st.clock.now(), days, st.tz);
        let started = Instant::now();
        match facts(&st, period, stats::before(period)).await {
            Ok(_) => tracing::debug!(
                days,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "dashboard figures counted"
            ),
            Err(e) => tracing::warn!(days, error = %e, "counting dashboard figures failed"),
        }
    }
}
