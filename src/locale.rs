//! Dates, times, numbers and percentages as people read them, in one place (not in
//! templates and not in ad-hoc `format!` calls across the code).
//!
//! Everything is written for English readers in the configured time zone today; the
//! languages issue extends this module to format for the reader's language (`kk`, `ru`,
//! `en`), so callers already go through it.

use crate::app::AppState;
use chrono::{DateTime, Utc};

/// A time as people in the configured zone read it, e.g. `2026-11-28 14:05 (UTC+05:00)`.
pub fn fmt_time(st: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&st.tz)
        .format("%Y-%m-%d %H:%M (UTC%:z)")
        .to_string()
}

/// A short day and month in the configured zone, e.g. `28.11`: the label of a chart's
/// bucket.
pub fn fmt_day_month(st: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&st.tz).format("%d.%m").to_string()
}

/// A number of days with one decimal, e.g. `3.5`.
pub fn fmt_days(days: f64) -> String {
    format!("{days:.1}")
}

/// How long to wait, rounded up for reading: `45 seconds`, `1 minute`, `12 minutes`.
pub fn fmt_wait(secs: u64) -> String {
    match secs {
        0..=1 => "1 second".into(),
        2..=59 => format!("{secs} seconds"),
        60..=119 => "1 minute".into(),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

/// A share (0.0–1.0) as a whole percentage, e.g. `0.425` → `42%`.
pub fn fmt_percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_rounded_up_to_what_a_person_reads() {
        assert_eq!(fmt_wait(1), "1 second");
        assert_eq!(fmt_wait(45), "45 seconds");
        assert_eq!(fmt_wait(60), "1 minute");
        assert_eq!(fmt_wait(121), "3 minutes");
        assert_eq!(fmt_wait(3600), "60 minutes");
    }

    #[test]
    fn days_and_shares_are_rounded_for_reading() {
        assert_eq!(fmt_days(3.46), "3.5");
        assert_eq!(fmt_days(0.0), "0.0");
        assert_eq!(fmt_percent(0.426), "43%");
        assert_eq!(fmt_percent(1.0), "100%");
    }
}
