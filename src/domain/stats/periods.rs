//! Periods and their local-day arithmetic: the digests' days and weeks, the dashboards'
//! last N days and custom ranges, and the chart buckets. Boundaries are local midnights of
//! the app's time zone, so that "today" is the citizen's today.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use utoipa::ToSchema;

/// A half-open time range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, ToSchema)]
pub struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Period {
    /// Whether `t` is inside.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

fn local_midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight");
    tz.from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

impl Default for Period {
    fn default() -> Self {
        Period {
            start: DateTime::<Utc>::MIN_UTC,
            end: DateTime::<Utc>::MIN_UTC,
        }
    }
}

/// The local calendar day before the one `at` falls on (what a morning digest reports),
/// and the day before that (for the comparison).
pub fn daily_periods(at: DateTime<Utc>, tz: Tz) -> (Period, Period) {
    let today = at.with_timezone(&tz).date_naive();
    let y = today - Duration::days(1);
    let yy = y - Duration::days(1);
    (
        Period {
            start: local_midnight(y, tz),
            end: local_midnight(today, tz),
        },
        Period {
            start: local_midnight(yy, tz),
            end: local_midnight(y, tz),
        },
    )
}

/// The Monday-to-Sunday week before the one `at` falls in, and the week before that.
pub fn weekly_periods(at: DateTime<Utc>, tz: Tz) -> (Period, Period) {
    let today = at.with_timezone(&tz).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let last = monday - Duration::days(7);
    let before = last - Duration::days(7);
    (
        Period {
            start: local_midnight(last, tz),
            end: local_midnight(monday, tz),
        },
        Period {
            start: local_midnight(before, tz),
            end: local_midnight(last, tz),
        },
    )
}

/// The chart buckets of `period`: local days when it is a month or shorter, else weeks
/// from its start.
pub fn buckets(period: Period, tz: Tz) -> Vec<DateTime<Utc>> {
    let first = period.start.with_timezone(&tz).date_naive();
    let step = if period.end - period.start <= Duration::days(31) {
        1
    } else {
        7
    };
    let mut out = Vec::new();
    let mut d = first;
    loop {
        let t = local_midnight(d, tz).max(period.start);
        if t >= period.end || out.len() >= 400 {
            break;
        }
        out.push(t);
        d += Duration::days(step);
    }
    if out.is_empty() {
        out.push(period.start);
    }
    out
}

/// The dashboards' standard periods, in days (the most visited first).
pub const STANDARD_PERIODS: [i64; 4] = [30, 7, 90, 365];

/// The last `days` local days, today included: the dashboards' standard periods.
pub fn last_days(now: DateTime<Utc>, days: i64, tz: Tz) -> Period {
    let today = now.with_timezone(&tz).date_naive();
    Period {
        start: local_midnight(today - Duration::days(days - 1), tz),
        end: local_midnight(today + Duration::days(1), tz),
    }
}

/// Local days `from` to `to`, both included.
pub fn local_days(from: NaiveDate, to: NaiveDate, tz: Tz) -> Period {
    Period {
        start: local_midnight(from, tz),
        end: local_midnight(to + Duration::days(1), tz),
    }
}

/// The period of the same length just before `p`.
pub fn before(p: Period) -> Period {
    Period {
        start: p.start - (p.end - p.start),
        end: p.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const ALMATY: Tz = chrono_tz::Asia::Almaty;

    #[test]
    fn periods_are_local_days_and_monday_weeks() {
        // Saturday 28 November 2026, 08:00 in Almaty.
        let at = utc("2026-11-28T03:00:00Z");
        let (day, before_day) = daily_periods(at, ALMATY);
        assert_eq!(day.start, utc("2026-11-26T19:00:00Z"));
        assert_eq!(day.end, utc("2026-11-27T19:00:00Z"));
        assert_eq!(before_day.end, day.start);
        let (week, prev) = weekly_periods(utc("2026-11-30T03:00:00Z"), ALMATY);
        // Monday 23 to Sunday 29 November, local.
        assert_eq!(week.start, utc("2026-11-22T19:00:00Z"));
        assert_eq!(week.end, utc("2026-11-29T19:00:00Z"));
        assert_eq!(prev.end, week.start);
        assert_eq!(prev.start, utc("2026-11-15T19:00:00Z"));
        // The last 7 days include today; the period before has the same length.
        let last = last_days(at, 7, ALMATY);
        assert_eq!(last.start, utc("2026-11-21T19:00:00Z"));
        assert_eq!(last.end, utc("2026-11-28T19:00:00Z"));
        assert_eq!(before(last).start, utc("2026-11-14T19:00:00Z"));
    }

    #[test]
    fn buckets_are_days_up_to_a_month_then_weeks() {
        let month = local_days(
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            ALMATY,
        );
        let b = buckets(month, ALMATY);
        assert_eq!(b.len(), 30);
        assert_eq!(b[1] - b[0], Duration::days(1));
        let year = last_days(utc("2026-11-28T03:00:00Z"), 365, ALMATY);
        let b = buckets(year, ALMATY);
        assert_eq!(b.len(), 53);
        assert_eq!(b[1] - b[0], Duration::days(7));
        assert!(*b.last().unwrap() < year.end);
    }
}
