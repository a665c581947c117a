//! A short memory of the public lists: a page of problems, its total and the home page's
//! blocks, kept per filter for `dashboard.max_age_seconds` (as the dashboards' figures
//! are). A link on television sends thousands of visitors to the same page; each of them
//! would otherwise plan and run the same three or four queries, and at sixteen clients on
//! two cores that alone put the 95th percentile over 50 ms.
//!
//! What is seen, and when:
//! - a change committed by this process (a new problem, a status change, a support) is seen
//!   by the next read: entries carry the stats cache's generation, which the services move
//!   after each commit;
//! - another process's change within the max age, as on the dashboards and Open311;
//! - requests that find no entry wait for the one request building it instead of all
//!   building it (one builder per key);
//! - at most [`KEPT`] entries; the oldest goes first. `max_age_seconds = 0` turns it off
//!   (the tests' default).
//!
//! Values are kept behind `Arc<dyn Any>` so that one memory serves lists, pages and the home
//! page; a key names its kind first (`list:`, `page:`, `home`), so a key's value always has
//! the type asked for.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries kept at most (a crawler walking every filter must not grow memory without
/// bound). A page of 100 problems is about 60 KB.
pub const KEPT: usize = 256;

type Shared = Arc<dyn Any + Send + Sync>;

struct Kept {
    at: Instant,
    generation: u64,
    value: Shared,
}

type Slot = Arc<tokio::sync::Mutex<Option<Kept>>>;

/// See the module's documentation.
#[derive(Default)]
pub struct Recent {
    slots: Mutex<HashMap<String, Slot>>,
}

impl Recent {
    /// The value of `key`: kept (younger than `max_age`, built at `generation`), or built
    /// by `make` and kept (errors are not).
    pub async fn get<T, E, F, Fut>(
        &self,
        key: String,
        max_age: Duration,
        generation: u64,
        make: F,
    ) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if max_age.is_zero() {
            return make().await.map(Arc::new);
        }
        let slot = self.slot(key);
        let mut kept = slot.lock().await;
        if let Some(k) = kept.as_ref()
            && k.generation == generation
            && k.at.elapsed() < max_age
            && let Ok(value) = Arc::clone(&k.value).downcast::<T>()
        {
            return Ok(value);
        }
        let value = Arc::new(make().await?);
        *kept = Some(Kept {
            at: Instant::now(),
            generation,
            value: Arc::clone(&value) as Shared,
        });
        Ok(value)
    }

    /// The slot of `key`, added if new (the oldest entry goes when [`KEPT`] are held).
    fn slot(&self, key: String) -> Slot {
        let mut slots = self.slots.lock().expect("recent lists");
        if !slots.contains_key(&key) && slots.len() >= KEPT {
            // A slot being built (locked) is never the one to go.
            let oldest = slots
                .iter()
                .filter_map(|(k, s)| Some((k.clone(), s.try_lock().ok()?.as_ref()?.at)))
                .min_by_key(|(_, at)| *at)
                .map(|(k, _)| k);
            match oldest {
                Some(k) => {
                    slots.remove(&k);
                }
                None => slots.retain(|_, s| s.try_lock().is_err()),
            }
        }
        Arc::clone(slots.entry(key).or_default())
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.slots.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn built(n: &AtomicUsize, fail: bool) -> Result<usize, &'static str> {
        let i = n.fetch_add(1, Ordering::SeqCst);
        if fail { Err("failed") } else { Ok(i) }
    }

    #[tokio::test]
    async fn a_value_is_kept_until_it_is_old_or_this_process_changed_something() {
        let recent = Recent::default();
        let n = AtomicUsize::new(0);
        let long = Duration::from_secs(60);
        let get = |key: &str, age, generation| {
            recent.get(key.to_string(), age, generation, || built(&n, false))
        };
        assert_eq!(*get("a", long, 0).await.unwrap(), 0);
        assert_eq!(*get("a", long, 0).await.unwrap(), 0);
        // Another key, a change in this process, an old value: built again.
        assert_eq!(*get("b", long, 0).await.unwrap(), 1);
        assert_eq!(*get("a", long, 1).await.unwrap(), 2);
        assert_eq!(*get("a", Duration::from_nanos(1), 1).await.unwrap(), 3);
        // Off: always built, never kept.
        assert_eq!(*get("c", Duration::ZERO, 1).await.unwrap(), 4);
        assert_eq!(*get("c", Duration::ZERO, 1).await.unwrap(), 5);
    }

    #[tokio::test]
    async fn errors_are_not_kept_and_the_memory_is_bounded() {
        let recent = Recent::default();
        let n = AtomicUsize::new(0);
        let long = Duration::from_secs(60);
        for _ in 0..2 {
            let got = recent.get("bad".into(), long, 0, || built(&n, true)).await;
            assert_eq!(got, Err("failed"));
        }
        assert_eq!(n.load(Ordering::SeqCst), 2);
        for i in 0..(KEPT + 10) {
            recent
                .get(format!("k{i}"), long, 0, || built(&n, false))
                .await
                .unwrap();
        }
        assert!(recent.len() <= KEPT);
    }

    #[tokio::test]
    async fn sixteen_requests_for_a_missing_value_build_it_once() {
        let recent = Arc::new(Recent::default());
        let n = Arc::new(AtomicUsize::new(0));
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let (recent, n) = (Arc::clone(&recent), Arc::clone(&n));
            set.spawn(async move {
                let v = recent
                    .get("hot".into(), Duration::from_secs(60), 0, || async {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        built(&n, false).await
                    })
                    .await
                    .unwrap();
                *v
            });
        }
        while let Some(v) = set.join_next().await {
            assert_eq!(v.unwrap(), 0);
        }
        assert_eq!(n.load(Ordering::SeqCst), 1);
    }
}
