//! The memo of counted facts: [`StatsCache`] keeps each period's [`Counted`] facts and
//! decides, by the app's [`Clock`], when they are old enough to be counted again, or out
//! of date because this process changed something ([`StatsCache::changed`]).
//!
//! Locking is per period. The map of periods is behind a plain mutex held only to find or
//! add a period's [`Slot`]; each slot has its own async lock, held while that period is
//! counted. So concurrent requests for the same missing period count it once (the others
//! wait on that slot and then find the entry), while a recount of one period (minutes for a
//! year of a million problems) never makes another period's requests or recounts wait.
//! The database pool bounds how many counts run at once.

use crate::clock::Clock;
use crate::domain::stats::{Facts, Period};
use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::DbErr;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A cache key: a period and the period it is compared with.
pub type Key = (Period, Period);

/// A period's facts with the views computed from them so far (page contexts, API
/// answers), which live and die with the facts: the same page for the same filters is
/// rendered from memory until the facts are recounted.
pub struct Counted {
    /// The facts as counted.
    pub facts: Facts,
    memo: Mutex<HashMap<String, Arc<Value>>>,
}

/// Views kept per period; past this, the memo starts again (crawlers walking every filter
/// must not grow memory without bound).
const VIEWS_KEPT: usize = 512;

impl Counted {
    /// Facts without any view computed yet.
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

/// A period's counted facts and what is known about them.
struct Entry {
    facts: Arc<Counted>,
    /// The event log's head when counting started.
    head: i64,
    /// When counting started, by the app's clock.
    loaded: DateTime<Utc>,
    /// How long counting took by the app's clock: an expensive period is recounted less
    /// often.
    cost: Duration,
    /// The cache's generation when counting started: changes made in this process since
    /// then are not in these facts.
    generation: u64,
}

/// What the cache knows of one period.
#[derive(Default)]
struct SlotState {
    entry: Option<Entry>,
    /// When the period was last asked for, in the cache's ticks (the least recently used
    /// custom period is the first to go).
    used: u64,
    /// A background recount has been started and has not ended.
    refreshing: bool,
}

/// One period's place in the cache.
#[derive(Default)]
struct Slot {
    /// Held while this period is counted, and only this period.
    counting: tokio::sync::Mutex<()>,
    state: Mutex<SlotState>,
}

impl Slot {
    fn state(&self) -> std::sync::MutexGuard<'_, SlotState> {
        self.state.lock().expect("stats slot")
    }
}

/// Facts per period, shared by every dashboard request. See the module's documentation.
pub struct StatsCache {
    slots: Mutex<HashMap<Key, Arc<Slot>>>,
    /// A counter standing in for "when" in least-recently-used order.
    ticks: AtomicU64,
    max_age: Duration,
    /// Counts of missing periods running at once: anyone can ask for many custom periods,
    /// and each count may take long, so they queue here instead of taking every database
    /// connection.
    asked: tokio::sync::Semaphore,
    /// Background recounts running at once. Kept apart from `asked`, so that a period
    /// someone waits for never queues behind a recount nobody waits for.
    refreshes: Arc<tokio::sync::Semaphore>,
    /// How many changes this process has committed: facts counted before the latest one
    /// are out of date (see [`StatsCache::changed`]).
    generation: AtomicU64,
}

/// Counts of missing periods that may run at once.
const ASKED_AT_ONCE: usize = 2;

/// How many periods the cache keeps (the four standard ones and a few custom ranges).
const PERIODS_KEPT: usize = 12;

impl StatsCache {
    /// A cache whose entries may be `max_age_seconds` behind the event log (0: no cache).
    pub fn new(max_age_seconds: u64) -> StatsCache {
        StatsCache {
            slots: Mutex::new(HashMap::new()),
            ticks: AtomicU64::new(0),
            max_age: Duration::seconds(i64::try_from(max_age_seconds).unwrap_or(i64::MAX / 1000)),
            asked: tokio::sync::Semaphore::new(ASKED_AT_ONCE),
            refreshes: Arc::new(tokio::sync::Semaphore::new(1)),
            generation: AtomicU64::new(0),
        }
    }

    /// Says that this process has just committed a change to problems (a submission
    /// confirmed, an action, a support, a sweep): every period counted before it is out of
    /// date, and its next read recounts and waits for the count, so that whoever made the
    /// change sees it on the very next page. Call it after the commit, never before: a
    /// count started between the two would be taken for one that includes the change. A
    /// period whose count is expensive (more than a tenth of `max_age`) is spared the wait
    /// and keeps the max-age rule, and no period is recounted more often than every ten
    /// times what counting it took. Other processes are not told: they notice the event
    /// log's head moving, within `max_age`.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// How many changes this process has committed so far: what depends on the figures
    /// (kept answers) is out of date when this moved on.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Whether `key` has been counted before (however old its facts are now).
    pub fn has_counted(&self, key: Key) -> bool {
        let slot = self.slots.lock().expect("stats cache").get(&key).cloned();
        slot.is_some_and(|s| s.state().entry.is_some())
    }

    /// Whether the cache is off (`dashboard.max_age_seconds = 0`): every request counts.
    pub fn is_off(&self) -> bool {
        self.max_age.is_zero()
    }

    /// The facts of `key`. A young entry is served as it is; an old one is served while a
    /// background task recounts it (`count`), when `head` (the event log's newest id) says
    /// that something happened or when it is ten times `max_age` old; a missing one is
    /// counted now, once however many requests ask for it together. `standard` are the
    /// keys that custom periods must not push out.
    pub async fn get<H, HF, C, CF>(
        self: &Arc<Self>,
        key: Key,
        clock: &Clock,
        head: H,
        count: C,
        standard: &[Key],
    ) -> Result<Arc<Counted>, DbErr>
    where
        H: Fn() -> HF,
        HF: Future<Output = Result<i64, DbErr>>,
        C: FnOnce() -> CF,
        CF: Future<Output = Result<Facts, DbErr>> + Send + 'static,
    {
        // Changes committed before this request are in what it is answered.
        let wanted = self.generation.load(Ordering::SeqCst);
        let slot = self.slot(key, standard);
        // A young entry is served without asking the database anything.
        let head_now = if self.needs_check(&slot, clock.now()) {
            Some(head().await?)
        } else {
            None
        };
        match self.lookup(&slot, clock.now(), head_now, wanted, true) {
            Some((facts, true)) => {
                let head_now = head_now.unwrap_or_default();
                self.recount_in_background(key, slot, clock, head_now, count(), standard);
                return Ok(facts);
            }
            Some((facts, false)) => return Ok(facts),
            None => {}
        }
        let _one = slot.counting.lock().await;
        // Someone else may have counted it while we waited; only look, never mark.
        if let Some((facts, _)) = self.lookup(&slot, clock.now(), head_now, wanted, false) {
            return Ok(facts);
        }
        let head_now = match head_now {
            Some(h) => h,
            None => head().await?,
        };
        let _turn = self.asked.acquire().await.expect("never closed");
        let (started, timer) = (clock.now(), Instant::now());
        let generation = self.generation.load(Ordering::SeqCst);
        let facts = Arc::new(Counted::new(count().await?));
        tracing::debug!(
            elapsed_ms = timer.elapsed().as_millis() as u64,
            dims = facts.facts.dims.len(),
            "dashboard figures loaded"
        );
        let entry = Entry {
            facts: Arc::clone(&facts),
            head: head_now,
            loaded: started,
            cost: clock.now() - started,
            generation,
        };
        self.store(key, &slot, entry, standard);
        Ok(facts)
    }

    /// Waits until no recount of `key` is under way (for tests and tools that want the
    /// newest figures rather than the quickest answer).
    pub async fn settled(&self, key: Key) {
        let Some(slot) = self.slots.lock().expect("stats cache").get(&key).cloned() else {
            return;
        };
        while slot.state().refreshing {
            drop(slot.counting.lock().await);
            tokio::task::yield_now().await;
        }
    }

    /// The slot of `key`, added if new (letting old ones go), marked as just used.
    fn slot(&self, key: Key, standard: &[Key]) -> Arc<Slot> {
        let mut slots = self.slots.lock().expect("stats cache");
        if !slots.contains_key(&key) {
            trim(&mut slots, key, standard, PERIODS_KEPT - 1);
        }
        let slot = Arc::clone(slots.entry(key).or_default());
        slot.state().used = self.ticks.fetch_add(1, Ordering::Relaxed);
        slot
    }

    /// How old an entry must be before it is recounted: `max_age`, or ten times what
    /// counting it took, so that a year of a million problems (seconds to count) does not
    /// keep the database busy recounting it.
    fn min_age(&self, e: &Entry) -> Duration {
        self.max_age.max(e.cost * 10)
    }

    /// Whether the slot is missing its entry or old enough that the event log should be
    /// checked.
    fn needs_check(&self, slot: &Slot, now: DateTime<Utc>) -> bool {
        let s = slot.state();
        s.entry
            .as_ref()
            .is_none_or(|e| now - e.loaded >= self.min_age(e) && !s.refreshing)
    }

    /// Whether facts counted before a change of this process are recounted before
    /// answering: when counting them is cheap (at most a tenth of `max_age`, so nobody
    /// waits long) and they are at least ten times that cost old (so that a stream of
    /// changes does not keep the database counting).
    fn recount_now(&self, e: &Entry, age: Duration) -> bool {
        e.cost * 10 <= age.min(self.max_age)
    }

    /// The slot's facts; with `mark`, whether the caller should start their recount (the
    /// slot is then marked as refreshing). `head` is `None` when it was not asked for.
    /// `None` too when the caller must count now: nothing counted yet, or counted before a
    /// change of generation `wanted` and cheap to count again ([`Self::recount_now`]).
    fn lookup(
        &self,
        slot: &Slot,
        now: DateTime<Utc>,
        head: Option<i64>,
        wanted: u64,
        mark: bool,
    ) -> Option<(Arc<Counted>, bool)> {
        let mut s = slot.state();
        let e = s.entry.as_ref()?;
        let age = now - e.loaded;
        if e.generation < wanted && self.recount_now(e, age) {
            return None;
        }
        let moved = head.is_none_or(|h| h != e.head);
        let min_age = self.min_age(e);
        let stale = (moved && age >= min_age) || age >= min_age.max(self.max_age * 10);
        let facts = Arc::clone(&e.facts);
        let start = mark && stale && !s.refreshing;
        if start {
            s.refreshing = true;
        }
        Some((facts, start))
    }

    /// Recounts `key` in a task of its own, holding only that period's lock.
    fn recount_in_background<CF>(
        self: &Arc<Self>,
        key: Key,
        slot: Arc<Slot>,
        clock: &Clock,
        head: i64,
        count: CF,
        standard: &[Key],
    ) where
        CF: Future<Output = Result<Facts, DbErr>> + Send + 'static,
    {
        let (cache, clock, standard) = (Arc::clone(self), clock.clone(), standard.to_vec());
        let refreshes = Arc::clone(&self.refreshes);
        tokio::spawn(async move {
            // Whatever happens to this task (an error, a panic), the period may be
            // recounted again afterwards.
            let _reset = ResetOnDrop(Arc::clone(&slot));
            let _turn = refreshes.acquire().await.expect("never closed");
            let _one = slot.counting.lock().await;
            let (started, timer) = (clock.now(), Instant::now());
            let generation = cache.generation.load(Ordering::SeqCst);
            match count.await {
                Ok(f) => {
                    tracing::debug!(
                        elapsed_ms = timer.elapsed().as_millis() as u64,
                        "dashboard figures recounted"
                    );
                    let entry = Entry {
                        facts: Arc::new(Counted::new(f)),
                        head,
                        loaded: started,
                        cost: clock.now() - started,
                        generation,
                    };
                    cache.store(key, &slot, entry, &standard);
                }
                Err(e) => tracing::warn!(error = %e, "refreshing dashboard figures failed"),
            }
        });
    }

    /// Puts `entry` in its slot, then lets the least recently used periods go past
    /// [`PERIODS_KEPT`]: custom periods first, since anyone can ask for many of them and
    /// they must not push out the standard ones that every visitor uses.
    fn store(&self, key: Key, slot: &Slot, entry: Entry, standard: &[Key]) {
        {
            let mut s = slot.state();
            s.entry = Some(entry);
            s.refreshing = false;
        }
        let mut slots = self.slots.lock().expect("stats cache");
        trim(&mut slots, key, standard, PERIODS_KEPT);
    }
}

/// Lets the least recently used periods go until at most `keep` are left: custom periods
/// first, since anyone can ask for many of them and they must not push out the standard
/// ones that every visitor uses. `key` stays, and so does a period being counted (its
/// count would otherwise land in a slot nobody finds, and be done again).
fn trim(slots: &mut HashMap<Key, Arc<Slot>>, key: Key, standard: &[Key], keep: usize) {
    while slots.len() > keep {
        let busy = |s: &Slot| s.counting.try_lock().is_err() || s.state().refreshing;
        let others = || slots.iter().filter(|(k, s)| **k != key && !busy(s));
        let Some(oldest) = others()
            .filter(|(k, _)| !standard.contains(k))
            .min_by_key(|(_, s)| s.state().used)
            .or_else(|| others().min_by_key(|(_, s)| s.state().used))
            .map(|(k, _)| *k)
        else {
            break;
        };
        slots.remove(&oldest);
    }
}

/// Clears a slot's "refreshing" mark when its recount task ends, however it ends.
struct ResetOnDrop(Arc<Slot>);

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        self.0.state().refreshing = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use tokio::sync::oneshot;

    fn key(day: u32) -> Key {
        let start: DateTime<Utc> = format!("2026-11-{day:02}T00:00:00Z").parse().unwrap();
        let period = Period {
            start,
            end: start + Duration::days(1),
        };
        (period, crate::domain::stats::before(period))
    }

    fn clock() -> Clock {
        Clock::fake("2026-11-25T05:00:00Z".parse().unwrap())
    }

    /// A count that notes that it ran.
    fn counted(
        runs: &Arc<AtomicUsize>,
    ) -> impl FnOnce() -> std::future::Ready<Result<Facts, DbErr>> + use<> {
        let runs = Arc::clone(runs);
        move || {
            runs.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Ok(Facts::default()))
        }
    }

    type Counting = std::pin::Pin<Box<dyn Future<Output = Result<Facts, DbErr>> + Send>>;

    /// A count that says when it has started and then waits to be let go.
    fn held() -> (
        impl FnOnce() -> Counting,
        oneshot::Receiver<()>,
        oneshot::Sender<()>,
    ) {
        let (started_tx, started_rx) = oneshot::channel();
        let (release_tx, release_rx) = oneshot::channel::<()>();
        let count = move || -> Counting {
            Box::pin(async move {
                started_tx.send(()).ok();
                release_rx.await.ok();
                Ok(Facts::default())
            })
        };
        (count, started_rx, release_tx)
    }

    async fn head_is(h: i64) -> Result<i64, DbErr> {
        Ok(h)
    }

    /// Asks for `key` in a task of its own, counting with `count` if it must.
    fn spawn_get<C, CF>(
        cache: &Arc<StatsCache>,
        clock: &Clock,
        key: Key,
        count: C,
    ) -> tokio::task::JoinHandle<Result<Arc<Counted>, DbErr>>
    where
        C: FnOnce() -> CF + Send + 'static,
        CF: Future<Output = Result<Facts, DbErr>> + Send + 'static,
    {
        let (cache, clock) = (Arc::clone(cache), clock.clone());
        tokio::spawn(async move { cache.get(key, &clock, || head_is(1), count, &[]).await })
    }

    const LONG: std::time::Duration = std::time::Duration::from_secs(10);

    #[tokio::test]
    async fn a_custom_period_is_answered_while_a_standard_periods_recount_is_held() {
        let (cache, clock) = (Arc::new(StatsCache::new(15)), clock());
        let runs = Arc::new(AtomicUsize::new(0));
        let (standard, custom) = (key(1), key(2));
        let standards = [standard];
        let old = cache
            .get(standard, &clock, || head_is(1), counted(&runs), &standards)
            .await
            .unwrap();
        // Old and the log moved on: the recount starts in the background and is held.
        clock.advance(Duration::seconds(16));
        let (count, started, release) = held();
        let served = cache
            .get(standard, &clock, || head_is(2), count, &standards)
            .await
            .unwrap();
        assert!(Arc::ptr_eq(&old, &served));
        started.await.unwrap();
        // Meanwhile another period is counted and answered, and the held one is served
        // its old facts without a second recount.
        let answer = cache.get(custom, &clock, || head_is(2), counted(&runs), &standards);
        tokio::time::timeout(LONG, answer)
            .await
            .expect("not kept waiting by the other period's recount")
            .unwrap();
        let again = cache.get(standard, &clock, || head_is(3), counted(&runs), &standards);
        let again = tokio::time::timeout(LONG, again).await.unwrap().unwrap();
        assert!(Arc::ptr_eq(&old, &again));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        // Let go, the recount lands.
        release.send(()).unwrap();
        cache.settled(standard).await;
        let new = cache
            .get(standard, &clock, || head_is(3), counted(&runs), &standards)
            .await
            .unwrap();
        assert!(!Arc::ptr_eq(&old, &new));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn requests_for_the_same_missing_period_count_it_once() {
        let (cache, clock) = (Arc::new(StatsCache::new(15)), clock());
        let runs = Arc::new(AtomicUsize::new(0));
        let (count, started, release) = held();
        let first = spawn_get(&cache, &clock, key(1), count);
        started.await.unwrap();
        let second = spawn_get(&cache, &clock, key(1), counted(&runs));
        // The second request reaches the period's lock and waits there.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        release.send(()).unwrap();
        let (a, b) = (
            first.await.unwrap().unwrap(),
            second.await.unwrap().unwrap(),
        );
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn age_is_read_from_the_apps_clock() {
        let (cache, clock) = (Arc::new(StatsCache::new(15)), clock());
        let runs = Arc::new(AtomicUsize::new(0));
        let get = |h: i64| cache.get(key(1), &clock, move || head_is(h), counted(&runs), &[]);
        let first = get(1).await.unwrap();
        // Younger than max_age: served as is, whatever happened.
        clock.advance(Duration::seconds(14));
        assert!(Arc::ptr_eq(&first, &get(2).await.unwrap()));
        cache.settled(key(1)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // Older, but nothing happened: still served as is.
        clock.advance(Duration::seconds(2));
        assert!(Arc::ptr_eq(&first, &get(1).await.unwrap()));
        cache.settled(key(1)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // Ten times max_age: recounted even though nothing happened.
        clock.advance(Duration::seconds(150));
        assert!(Arc::ptr_eq(&first, &get(1).await.unwrap()));
        cache.settled(key(1)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        assert!(!Arc::ptr_eq(&first, &get(1).await.unwrap()));
    }

    #[tokio::test]
    async fn a_change_made_in_this_process_is_counted_before_the_next_answer() {
        let (cache, clock) = (Arc::new(StatsCache::new(15)), clock());
        let runs = Arc::new(AtomicUsize::new(0));
        let get = || cache.get(key(1), &clock, || head_is(1), counted(&runs), &[]);
        let first = get().await.unwrap();
        cache.changed();
        // Younger than max_age, yet recounted, and the answer waited for it.
        let second = get().await.unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        // Nothing changed since: served as it is.
        assert!(Arc::ptr_eq(&second, &get().await.unwrap()));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_expensive_period_keeps_the_max_age_rule_after_a_change() {
        let (cache, clock) = (Arc::new(StatsCache::new(15)), clock());
        let slow = clock.clone();
        // Counting takes 2 s by the app's clock: more than a tenth of max_age.
        let count = move || {
            slow.advance(Duration::seconds(2));
            std::future::ready(Ok(Facts::default()))
        };
        let first = cache
            .get(key(1), &clock, || head_is(1), count, &[])
            .await
            .unwrap();
        cache.changed();
        let runs = Arc::new(AtomicUsize::new(0));
        clock.advance(Duration::seconds(5));
        let again = cache
            .get(key(1), &clock, || head_is(2), counted(&runs), &[])
            .await
            .unwrap();
        assert!(Arc::ptr_eq(&first, &again), "nobody waits for a long count");
        cache.settled(key(1)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_period_being_counted_is_not_pushed_out_by_many_others() {
        let (cache, clock) = (Arc::new(StatsCache::new(15)), clock());
        let runs = Arc::new(AtomicUsize::new(0));
        let (count, started, release) = held();
        let first = spawn_get(&cache, &clock, key(1), count);
        started.await.unwrap();
        // More custom periods than the cache keeps, while the first one is counted.
        for day in 2..(2 + PERIODS_KEPT as u32 + 3) {
            let c = counted(&runs);
            cache
                .get(key(day), &clock, || head_is(1), c, &[])
                .await
                .unwrap();
        }
        release.send(()).unwrap();
        let counted_first = first.await.unwrap().unwrap();
        // Its count landed where the next request finds it: no second count.
        let again = cache
            .get(key(1), &clock, || head_is(1), counted(&runs), &[])
            .await
            .unwrap();
        assert!(Arc::ptr_eq(&counted_first, &again));
        assert_eq!(runs.load(Ordering::SeqCst), PERIODS_KEPT + 3);
        assert!(cache.slots.lock().unwrap().len() <= PERIODS_KEPT);
    }
}
