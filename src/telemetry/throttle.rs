//! One line for a flood of the same event. While the database is away every request fails
//! alike, and a line for each would bury everything else in the log (and spend the CPU the
//! recovery needs). The first occurrence is logged at once; those after it within the
//! period are only counted, and one summary line with the count follows when the period
//! is over: at most one line a period however long the flood lasts, and nothing lost.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Occurrences of one event, logged at most once a period.
pub struct Throttle {
    period: Duration,
    state: Mutex<State>,
}

struct State {
    /// When the latest line (the first occurrence's, or a summary) was written.
    last_line: Option<Instant>,
    /// Occurrences since then that no line reported.
    unreported: u64,
    /// The latest unreported occurrence's detail (an error's cause, say).
    detail: String,
    /// A summary is scheduled.
    summary_due: bool,
}

/// What to do with one occurrence.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The first in a while: log it now.
    Log,
    /// Counted for a summary, which is due at this instant (the first counted occurrence
    /// of a period schedules it) or already scheduled (`None`).
    Counted(Option<Instant>),
}

impl Throttle {
    /// A throttle allowing a line every `period`.
    pub const fn new(period: Duration) -> Self {
        Throttle {
            period,
            state: Mutex::new(State {
                last_line: None,
                unreported: 0,
                detail: String::new(),
                summary_due: false,
            }),
        }
    }

    /// Notes an occurrence at `now` with its `detail`.
    pub fn occurred(&self, now: Instant, detail: &str) -> Verdict {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let quiet = s
            .last_line
            .is_none_or(|t| now.saturating_duration_since(t) >= self.period);
        if quiet && !s.summary_due {
            s.last_line = Some(now);
            return Verdict::Log;
        }
        s.unreported += 1;
        s.detail.clear();
        s.detail.push_str(detail);
        if s.summary_due {
            return Verdict::Counted(None);
        }
        s.summary_due = true;
        Verdict::Counted(Some(s.last_line.map_or(now, |t| t + self.period)))
    }

    /// The summary due at `now`: how many occurrences no line reported, and the latest
    /// one's detail; `None` when there were none.
    pub fn summary(&self, now: Instant) -> Option<(u64, String)> {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.summary_due = false;
        if s.unreported == 0 {
            return None;
        }
        s.last_line = Some(now);
        Some((
            std::mem::take(&mut s.unreported),
            std::mem::take(&mut s.detail),
        ))
    }

    /// Notes an occurrence: runs `log` when it is the first in a while; otherwise counts it,
    /// and `summarise(count, latest detail)` runs on a task when the period is over (at
    /// once outside a Tokio runtime).
    pub fn note(&'static self, detail: &str, log: impl FnOnce(), summarise: fn(u64, &str)) {
        let due = match self.occurred(Instant::now(), detail) {
            Verdict::Log => return log(),
            Verdict::Counted(None) => return,
            Verdict::Counted(Some(due)) => due,
        };
        let report = move || {
            if let Some((count, detail)) = self.summary(Instant::now()) {
                summarise(count, &detail);
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                let wait = due.saturating_duration_since(Instant::now());
                rt.spawn(async move {
                    tokio::time::sleep(wait).await;
                    report();
                });
            }
            Err(_) => report(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_is_one_line_then_a_count_a_period_and_a_quiet_spell_starts_over() {
        let t = Throttle::new(Duration::from_secs(10));
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        assert_eq!(t.occurred(at(0), "refused"), Verdict::Log);
        // The next ones are counted; the first of them schedules the summary.
        assert_eq!(t.occurred(at(100), "a"), Verdict::Counted(Some(at(10_000))));
        for ms in 200..300 {
            assert_eq!(t.occurred(at(ms), "b"), Verdict::Counted(None));
        }
        assert_eq!(t.occurred(at(9_000), "timeout"), Verdict::Counted(None));
        assert_eq!(t.summary(at(10_000)), Some((102, "timeout".to_string())));
        // Still flooding: counted again, summed up a period after the summary.
        assert_eq!(
            t.occurred(at(12_000), "c"),
            Verdict::Counted(Some(at(20_000)))
        );
        assert_eq!(t.summary(at(20_000)), Some((1, "c".to_string())));
        // Quiet for a period since the latest line: the next one is logged at once.
        assert_eq!(t.occurred(at(30_000), "d"), Verdict::Log);
        assert_eq!(t.summary(at(31_000)), None, "nothing to sum up");
        assert_eq!(t.occurred(at(50_000), "e"), Verdict::Log);
    }

    #[tokio::test]
    async fn the_summary_comes_when_the_period_is_over() {
        static T: Throttle = Throttle::new(Duration::from_millis(200));
        static SUMMED: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
        let logged = std::sync::atomic::AtomicUsize::new(0);
        let summarise = |n: u64, d: &str| SUMMED.lock().unwrap().push((n, d.to_string()));
        for i in 0..5 {
            T.note(
                &format!("cause {i}"),
                || {
                    logged.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                },
                summarise,
            );
        }
        assert_eq!(logged.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(
            SUMMED.lock().unwrap().is_empty(),
            "not before the period ends"
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(*SUMMED.lock().unwrap(), [(4, "cause 4".to_string())]);
    }
}
