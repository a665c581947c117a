//! Election-day deadlines (issue 20): while its election's polls are open, a problem of an
//! election category gets deadlines in minutes (the category's voting-day minutes) instead
//! of its usual hours or days, and the sweeps remind and escalate it at that pace. Outside
//! the polling hours — the day before, after the polls close — the usual deadlines stand.

use crate::domain::elections::{Phase, Schedule};
use crate::domain::lifecycle::Deadlines;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// A category's voting-day deadlines in minutes; `None`: that deadline keeps its usual
/// length on the voting day too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Minutes {
    pub acknowledge: Option<u32>,
    pub resolve: Option<u32>,
}

impl Minutes {
    /// Whether the category has any voting-day deadline.
    pub fn any(self) -> bool {
        self.acknowledge.is_some() || self.resolve.is_some()
    }
}

/// The most minutes a voting-day deadline may have (a week), for the admin page and the
/// categories CSV.
pub const MAX_MINUTES: u32 = 10_080;

/// The deadlines of a problem assigned at `assigned_at`. `usual` are its category's usual
/// ones; `election` is the schedule of the election the problem belongs to (only election
/// categories belong to one), `election_category` whether its category is one. When the
/// election's polls are open at that moment (local time in `tz`) and the category has
/// voting-day minutes, each deadline that has minutes is `assigned_at` + those minutes and
/// the result is marked [`Deadlines::voting_day`]; otherwise `usual` is returned as it is.
pub fn deadlines(
    usual: Deadlines,
    election_category: bool,
    minutes: Minutes,
    election: Option<&Schedule>,
    assigned_at: DateTime<Utc>,
    tz: Tz,
) -> Deadlines {
    let local = assigned_at.with_timezone(&tz).naive_local();
    let polls_open = election.is_some_and(|s| s.phase(local) == Phase::PollsOpen);
    if !(election_category && polls_open && minutes.any()) {
        return usual;
    }
    let after = |m: Option<u32>, usual: Option<DateTime<Utc>>| match m {
        Some(m) => Some(assigned_at + Duration::minutes(i64::from(m))),
        None => usual,
    };
    Deadlines {
        acknowledge: after(minutes.acknowledge, usual.acknowledge),
        resolve: after(minutes.resolve, usual.resolve),
        voting_day: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Voting day Sunday 2027-03-21, polls 07:00–20:00 Almaty (02:00–15:00 UTC).
    fn schedule() -> Schedule {
        Schedule {
            campaign_start: NaiveDate::from_ymd_opt(2027, 1, 20).unwrap(),
            silence_day: NaiveDate::from_ymd_opt(2027, 3, 20).unwrap(),
            voting_day: NaiveDate::from_ymd_opt(2027, 3, 21).unwrap(),
            polls_open: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            polls_close: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            results_date: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        }
    }

    const MINUTES: Minutes = Minutes {
        acknowledge: Some(30),
        resolve: Some(180),
    };

    /// Two hours and a day, as the election categories have on other days.
    fn usual(at: DateTime<Utc>) -> Deadlines {
        Deadlines {
            acknowledge: Some(at + Duration::hours(2)),
            resolve: Some(at + Duration::hours(24)),
            voting_day: false,
        }
    }

    fn at(s: &str, election_category: bool, minutes: Minutes) -> Deadlines {
        let t = utc(s);
        deadlines(
            usual(t),
            election_category,
            minutes,
            Some(&schedule()),
            t,
            chrono_tz::Asia::Almaty,
        )
    }

    #[test]
    fn inside_polling_hours_the_deadlines_are_minutes() {
        // 10:00 local.
        assert_eq!(
            at("2027-03-21T05:00:00Z", true, MINUTES),
            Deadlines {
                acknowledge: Some(utc("2027-03-21T05:30:00Z")),
                resolve: Some(utc("2027-03-21T08:00:00Z")),
                voting_day: true,
            }
        );
        // The first minute the polls are open (07:00 local) counts; the last one too.
        assert!(at("2027-03-21T02:00:00Z", true, MINUTES).voting_day);
        assert!(at("2027-03-21T14:59:00Z", true, MINUTES).voting_day);
    }

    #[test]
    fn before_the_polls_open_and_after_they_close_the_usual_deadlines_stand() {
        // 06:59 local on the voting day.
        let early = "2027-03-21T01:59:00Z";
        assert_eq!(at(early, true, MINUTES), usual(utc(early)));
        // 20:00 local: the polls are closed.
        let late = "2027-03-21T15:00:00Z";
        assert_eq!(at(late, true, MINUTES), usual(utc(late)));
        // The day before (day of silence), at 10:00 local.
        let eve = "2027-03-20T05:00:00Z";
        assert_eq!(at(eve, true, MINUTES), usual(utc(eve)));
    }

    #[test]
    fn a_general_category_keeps_its_deadlines_on_the_voting_day() {
        let t = "2027-03-21T05:00:00Z";
        assert_eq!(at(t, false, MINUTES), usual(utc(t)));
    }

    #[test]
    fn a_category_without_minutes_keeps_its_deadlines_and_one_minute_value_paces_alone() {
        let t = "2027-03-21T05:00:00Z";
        assert_eq!(at(t, true, Minutes::default()), usual(utc(t)));
        let only_ack = Minutes {
            acknowledge: Some(30),
            resolve: None,
        };
        assert_eq!(
            at(t, true, only_ack),
            Deadlines {
                acknowledge: Some(utc("2027-03-21T05:30:00Z")),
                resolve: Some(utc("2027-03-22T05:00:00Z")),
                voting_day: true,
            }
        );
    }

    #[test]
    fn a_problem_of_no_election_keeps_its_deadlines() {
        let t = utc("2027-03-21T05:00:00Z");
        assert_eq!(
            deadlines(usual(t), true, MINUTES, None, t, chrono_tz::Asia::Almaty),
            usual(t)
        );
    }
}
