//! Deadlines: a number and a unit, counted from the moment a problem is assigned, in the
//! configured time zone. Working days skip Saturdays, Sundays and the days off of the
//! public-holiday [`Calendar`]; a weekend day the calendar makes a working day counts.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::HashSet;

/// What a calendar entry makes of its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// A public holiday or an official transferred day off.
    DayOff,
    /// A weekend day declared a working day (the other half of a transfer).
    WorkingDay,
}

impl DayKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::DayOff => "day_off",
            DayKind::WorkingDay => "working_day",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<DayKind> {
        [DayKind::DayOff, DayKind::WorkingDay]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One calendar entry: a date every year (`year` empty) or on one date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarDay {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub kind: DayKind,
}

/// The public-holiday calendar working days are counted against.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    every_year_off: HashSet<(u32, u32)>,
    dated_off: HashSet<NaiveDate>,
    dated_working: HashSet<NaiveDate>,
}

impl Calendar {
    /// Builds a calendar; entries with impossible dates are ignored.
    pub fn new(days: impl IntoIterator<Item = CalendarDay>) -> Calendar {
        let mut c = Calendar::default();
        for d in days {
            match (d.year, d.kind) {
                (None, DayKind::DayOff) => {
                    c.every_year_off.insert((d.month, d.day));
                }
                (None, DayKind::WorkingDay) => {}
                (Some(y), kind) => {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, d.month, d.day) {
                        if kind == DayKind::DayOff {
                            c.dated_off.insert(date);
                        } else {
                            c.dated_working.insert(date);
                        }
                    }
                }
            }
        }
        c
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.dated_working.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.every_year_off.contains(&(d.month(), d.day()))
            && !self.dated_off.contains(&d)
    }
}

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

/// The moment `amount` `unit`s after `start`, counted in `tz` against `calendar`.
pub fn due_at(
    start: DateTime<Utc>,
    amount: u32,
    unit: Unit,
    tz: Tz,
    calendar: &Calendar,
) -> DateTime<Utc> {
    match unit {
        Unit::Hours => start + Duration::hours(i64::from(amount)),
        Unit::CalendarDays => add_local_days(start, tz, |_| true, amount),
        Unit::WorkingDays => add_local_days(start, tz, |d| calendar.is_working_day(d), amount),
    }
}

/// Adds `n` days that satisfy `counts`, keeping the local time of day.
fn add_local_days(
    start: DateTime<Utc>,
    tz: Tz,
    counts: impl Fn(NaiveDate) -> bool,
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
            due_at(
                start,
                24,
                Unit::Hours,
                chrono_tz::Asia::Almaty,
                &Calendar::default()
            ),
            utc("2026-11-28T18:30:00Z")
        );
    }

    #[test]
    fn working_days_skip_the_weekend_in_local_time() {
        // Friday 2026-11-27 22:00 in Almaty (UTC+5) is 17:00 UTC; 1 working day → Monday.
        let start = utc("2026-11-27T17:00:00Z");
        assert_eq!(
            due_at(
                start,
                1,
                Unit::WorkingDays,
                chrono_tz::Asia::Almaty,
                &Calendar::default()
            ),
            utc("2026-11-30T17:00:00Z")
        );
        // Friday 20:00 UTC is already Saturday 01:00 in Almaty: counting starts on Monday
        // 00:00, so one working day ends on Tuesday 00:00 local (Monday 19:00 UTC).
        let late = utc("2026-11-27T20:00:00Z");
        assert_eq!(
            due_at(
                late,
                1,
                Unit::WorkingDays,
                chrono_tz::Asia::Almaty,
                &Calendar::default()
            ),
            utc("2026-11-30T19:00:00Z")
        );
        // 5 working days from Wednesday is next Wednesday.
        assert_eq!(
            due_at(
                utc("2026-11-25T05:00:00Z"),
                5,
                Unit::WorkingDays,
                chrono_tz::Asia::Almaty,
                &Calendar::default()
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
                chrono_tz::Asia::Almaty,
                &Calendar::default()
            ),
            utc("2026-11-30T05:00:00Z")
        );
    }

    fn kazakhstan() -> Calendar {
        let fixed = [
            (1, 1),
            (1, 2),
            (1, 7),
            (3, 8),
            (3, 21),
            (3, 22),
            (3, 23),
            (5, 1),
        ];
        let mut days: Vec<CalendarDay> = fixed
            .into_iter()
            .map(|(month, day)| CalendarDay {
                year: None,
                month,
                day,
                kind: DayKind::DayOff,
            })
            .collect();
        // Kurban Ait 2026 (a movable holiday) and a transfer: Saturday 2026-01-03 worked
        // in exchange for Monday 2026-01-05 off.
        days.push(CalendarDay {
            year: Some(2026),
            month: 5,
            day: 27,
            kind: DayKind::DayOff,
        });
        days.push(CalendarDay {
            year: Some(2026),
            month: 1,
            day: 3,
            kind: DayKind::WorkingDay,
        });
        days.push(CalendarDay {
            year: Some(2026),
            month: 1,
            day: 5,
            kind: DayKind::DayOff,
        });
        Calendar::new(days)
    }

    #[test]
    fn working_days_skip_public_holidays_every_year_and_dated_ones() {
        let tz = chrono_tz::Asia::Almaty;
        let cal = kazakhstan();
        // Friday 2027-03-19 10:00 local + 1 working day: Mon 22 and Tue 23 are Nauryz
        // (Sun 21 too), so Wednesday 24.
        assert_eq!(
            due_at(utc("2027-03-19T05:00:00Z"), 1, Unit::WorkingDays, tz, &cal),
            utc("2027-03-24T05:00:00Z")
        );
        // Tuesday 2026-05-26 + 1 working day: Wednesday 27 is Kurban Ait 2026 → Thursday.
        assert_eq!(
            due_at(utc("2026-05-26T05:00:00Z"), 1, Unit::WorkingDays, tz, &cal),
            utc("2026-05-28T05:00:00Z")
        );
        // ...but Kurban Ait 2026 is not a holiday in 2027 (Thursday 2027-05-27 counts).
        assert_eq!(
            due_at(utc("2027-05-26T05:00:00Z"), 1, Unit::WorkingDays, tz, &cal),
            utc("2027-05-27T05:00:00Z")
        );
        // Wednesday 2025-12-31 + 1 working day: 1–2 January off, Saturday 3 worked.
        assert_eq!(
            due_at(utc("2025-12-31T05:00:00Z"), 1, Unit::WorkingDays, tz, &cal),
            utc("2026-01-03T05:00:00Z")
        );
        // Saturday 2026-01-03 + 1: Sunday, Monday 5 (transferred off), Tuesday 6.
        assert_eq!(
            due_at(utc("2026-01-03T05:00:00Z"), 1, Unit::WorkingDays, tz, &cal),
            utc("2026-01-06T05:00:00Z")
        );
        // Calendar days and hours ignore the calendar.
        assert_eq!(
            due_at(utc("2027-03-19T05:00:00Z"), 3, Unit::CalendarDays, tz, &cal),
            utc("2027-03-22T05:00:00Z")
        );
    }

    #[test]
    fn impossible_calendar_dates_are_ignored() {
        let cal = Calendar::new([CalendarDay {
            year: Some(2026),
            month: 2,
            day: 30,
            kind: DayKind::DayOff,
        }]);
        assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()));
    }

    #[test]
    fn almaty_is_utc_plus_five() {
        let t = utc("2026-06-01T00:00:00Z").with_timezone(&chrono_tz::Asia::Almaty);
        assert_eq!(t.to_rfc3339(), "2026-06-01T05:00:00+05:00");
    }
}
