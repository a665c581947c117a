//! Deadlines: a number and a unit, counted from the moment a problem is assigned, in the
//! configured time zone. Working days skip Saturdays and Sundays (the public-holiday
//! calendar comes with the scheduling work).

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// The unit of a category's deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Hours,
    CalendarDays,
    WorkingDays,
}

impl Unit {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::CalendarDays => "calendar_days",
            Unit::WorkingDays => "working_days",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Unit> {
        [Unit::Hours, Unit::CalendarDays, Unit::WorkingDays]
            .into_iter()
            .find(|u| u.as_str() == s)
    }
}

/// The moment `amount` `unit`s after `start`, counted in `tz`.
pub fn due_at(start: DateTime<Utc>, amount: u32, unit: Unit, tz: Tz) -> DateTime<Utc> {
    match unit {
        Unit::Hours => start + Duration::hours(i64::from(amount)),
        Unit::CalendarDays => add_local_days(start, tz, |_| true, amount),
        Unit::WorkingDays => add_local_days(start, tz, is_working_day, amount),
    }
}

fn is_working_day(d: chrono::NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Adds `n` days that satisfy `counts`, keeping the local time of day.
fn add_local_days(
    start: DateTime<Utc>,
    tz: Tz,
    counts: impl Fn(chrono::NaiveDate) -> bool,
    n: u32,
) -> DateTime<Utc> {
    let mut local = start.with_timezone(&tz).naive_local();
    // Time received on a day that does not count starts counting at the next day that does.
    while !counts(local.date()) {
        local = (local.date().succ_opt().expect("date in range"))
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists");
    }
    let mut date = local.date();
    let mut left = n;
    while left > 0 {
        date = date.succ_opt().expect("date in range");
        if counts(date) {
            left -= 1;
        }
    }
    let naive = date.and_time(local.time());
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        // Kazakhstan has no DST; a gap can only come from a zone change, so fall back to
        // plain arithmetic.
        .unwrap_or(start + Duration::days(i64::from(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn hours_are_elapsed_time() {
        let start = utc("2026-11-27T18:30:00Z");
        assert_eq!(
            due_at(start, 24, Unit::Hours, chrono_tz::Asia::Almaty),
            utc("2026-11-28T18:30:00Z")
        );
    }

    #[test]
    fn working_days_skip_the_weekend_in_local_time() {
        // Friday 2026-11-27 22:00 in Almaty (UTC+5) is 17:00 UTC; 1 working day → Monday.
        let start = utc("2026-11-27T17:00:00Z");
        assert_eq!(
            due_at(start, 1, Unit::WorkingDays, chrono_tz::Asia::Almaty),
            utc("2026-11-30T17:00:00Z")
        );
        // Friday 20:00 UTC is already Saturday 01:00 in Almaty: counting starts on Monday
        // 00:00, so one working day ends on Tuesday 00:00 local (Monday 19:00 UTC).
        let late = utc("2026-11-27T20:00:00Z");
        assert_eq!(
            due_at(late, 1, Unit::WorkingDays, chrono_tz::Asia::Almaty),
            utc("2026-11-30T19:00:00Z")
        );
        // 5 working days from Wednesday is next Wednesday.
        assert_eq!(
            due_at(
                utc("2026-11-25T05:00:00Z"),
                5,
                Unit::WorkingDays,
                chrono_tz::Asia::Almaty
            ),
            utc("2026-12-02T05:00:00Z")
        );
    }

    #[test]
    fn calendar_days_count_weekends() {
        assert_eq!(
            due_at(
                utc("2026-11-27T05:00:00Z"),
                3,
                Unit::CalendarDays,
                chrono_tz::Asia::Almaty
            ),
            utc("2026-11-30T05:00:00Z")
        );
    }

    #[test]
    fn almaty_is_utc_plus_five() {
        let t = utc("2026-06-01T00:00:00Z").with_timezone(&chrono_tz::Asia::Almaty);
        assert_eq!(t.to_rfc3339(), "2026-06-01T05:00:00+05:00");
    }
}
