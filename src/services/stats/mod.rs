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

mod events;
mod load;
mod memo;
mod problems;

pub use load::load;
pub use memo::{Counted, StatsCache};

use crate::app::AppState;
use crate::domain::stats::Period;
use load::head;
use memo::ResetOnDrop;
use sea_orm::DbErr;
use std::sync::Arc;
use std::time::Instant;

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
