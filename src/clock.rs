//! The only source of "now". Tests use [`Clock::fake`] and move time by hand.

use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

/// A clock shared by the whole app.
#[derive(Clone, Debug)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A fake clock starting at `start`.
    pub fn fake(start: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(start))))
    }

    /// The current time, truncated to microseconds so that it survives a database round
    /// trip unchanged on every backend.
    pub fn now(&self) -> DateTime<Utc> {
        let t = match &self.0 {
            None => Utc::now(),
            Some(m) => *m.lock().expect("clock lock"),
        };
        t - Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos() % 1000))
    }

    /// Moves a fake clock forward; does nothing to the system clock.
    pub fn advance(&self, by: Duration) {
        if let Some(m) = &self.0 {
            *m.lock().expect("clock lock") += by;
        }
    }
}
