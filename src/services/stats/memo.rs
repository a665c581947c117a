//! The memo of counted facts: [`StatsCache`] keeps each period's [`Counted`] facts and
//! decides when they are old enough to be counted again.

use crate::domain::stats::{Facts, Period};
use crate::error::AppResult;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

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
    pub(super) loading: tokio::sync::Mutex<()>,
    pub(super) max_age: std::time::Duration,
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
    pub(super) fn fresh(
        &self,
        key: &(Period, Period),
        head: Option<i64>,
    ) -> Option<(Arc<Counted>, bool)> {
        self.lookup(key, head, true)
    }

    /// The entry of `key`; with `mark`, whether the caller should start its refresh (and
    /// the entry is marked as refreshing).
    pub(super) fn lookup(
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
    pub(super) fn needs_check(&self, key: &(Period, Period)) -> bool {
        self.entries
            .lock()
            .expect("stats cache")
            .get(key)
            .is_none_or(|e| e.loaded.elapsed() >= self.min_age(e) && !e.refreshing)
    }

    pub(super) fn store(
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

    pub(super) fn refresh_failed(&self, key: &(Period, Period)) {
        if let Some(e) = self.entries.lock().expect("stats cache").get_mut(key) {
            e.refreshing = false;
        }
    }
}

/// Clears an entry's "refreshing" mark when its refresh task ends, however it ends.
pub(super) struct ResetOnDrop(pub(super) Arc<StatsCache>, pub(super) (Period, Period));

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        self.0.refresh_failed(&self.1);
    }
}
