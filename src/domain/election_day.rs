//! The live picture of an election (issue 20): the figures `/elections/{id}` shows, counted
//! from the election's public reports by one pure function, [`count`].
//!
//! Verification is counted apart everywhere: every figure has "all reports" and "verified
//! violations", and the totals split into verified, found unverified and not yet checked.
//! Hours are local (the app's time zone, Asia/Almaty); the hourly series covers the voting
//! day's polling hours, so a report filed before the polls open or after they close counts
//! in the totals but in no hour.

use crate::domain::elections::Schedule;
use chrono::{DateTime, Timelike, Utc};
use std::collections::HashMap;

/// Stations the page lists, the most reported first.
pub const TOP_STATIONS: usize = 10;

/// One public report of the election, as the count needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub filed_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub region: String,
    pub category: String,
    pub station: Option<i32>,
    /// `Some(true)` verified, `Some(false)` found unverified, `None` not yet checked.
    pub verified: Option<bool>,
}

/// All reports and verified violations of one group (an hour, a region, a category, a
/// station).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub all: u64,
    pub verified: u64,
}

impl Tally {
    fn add(&mut self, r: &Report) {
        self.all += 1;
        if r.verified == Some(true) {
            self.verified += 1;
        }
    }
}

/// The live figures of an election.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Live {
    /// Every public report of the election.
    pub total: u64,
    pub verified: u64,
    pub unverified: u64,
    pub unchecked: u64,
    /// Per polling hour of the voting day: the local hour it starts (7 for 07:00–08:00).
    pub hours: Vec<(u32, Tally)>,
    /// Per region code, the most reported first (then by code).
    pub regions: Vec<(String, Tally)>,
    /// Per category code, the most reported first (then by code).
    pub categories: Vec<(String, Tally)>,
    /// The [`TOP_STATIONS`] stations with the most reports (then by number).
    pub stations: Vec<(i32, Tally)>,
    /// Median minutes from filing to acknowledgement over the acknowledged reports (the
    /// mean of the two middle ones when their number is even), rounded down.
    pub ack_median_minutes: Option<i64>,
    /// How many reports the median is over.
    pub acknowledged: u64,
}

/// Groups sorted the most reported first, then by key.
fn ranked<K: Ord + Clone>(map: HashMap<K, Tally>) -> Vec<(K, Tally)> {
    let mut v: Vec<(K, Tally)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.all.cmp(&a.1.all).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The median of `secs` (the mean of the two middle ones, rounded down, when their number
/// is even); the election report's medians are the same.
pub(crate) fn median_seconds(secs: &mut [i64]) -> Option<i64> {
    secs.sort_unstable();
    match secs.len() {
        0 => None,
        n if n % 2 == 1 => Some(secs[n / 2]),
        n => Some((secs[n / 2 - 1] + secs[n / 2]) / 2),
    }
}

/// The figures of `reports`, an election with `schedule`, in time zone `tz`.
pub fn count(reports: &[Report], schedule: &Schedule, tz: chrono_tz::Tz) -> Live {
    let open = schedule.polls_open.hour();
    // 20:00 closes after the hour that starts at 19:00; 20:30 after the one at 20:00.
    let close = schedule.polls_close.hour() + u32::from(schedule.polls_close.minute() > 0);
    let mut hours: Vec<(u32, Tally)> = (open..close).map(|h| (h, Tally::default())).collect();
    let mut regions: HashMap<String, Tally> = HashMap::new();
    let mut categories: HashMap<String, Tally> = HashMap::new();
    let mut stations: HashMap<i32, Tally> = HashMap::new();
    let mut waits: Vec<i64> = Vec::new();
    let mut live = Live::default();
    for r in reports {
        live.total += 1;
        match r.verified {
            Some(true) => live.verified += 1,
            Some(false) => live.unverified += 1,
            None => live.unchecked += 1,
        }
        let local = r.filed_at.with_timezone(&tz).naive_local();
        if local.date() == schedule.voting_day
            && let Some((_, t)) = hours.iter_mut().find(|(h, _)| *h == local.hour())
        {
            t.add(r);
        }
        regions.entry(r.region.clone()).or_default().add(r);
        categories.entry(r.category.clone()).or_default().add(r);
        if let Some(n) = r.station {
            stations.entry(n).or_default().add(r);
        }
        if let Some(a) = r.acknowledged_at {
            waits.push((a - r.filed_at).num_seconds().max(0));
        }
    }
    live.acknowledged = waits.len() as u64;
    live.ack_median_minutes = median_seconds(&mut waits).map(|s| s / 60);
    live.hours = hours;
    live.regions = ranked(regions);
    live.categories = ranked(categories);
    let mut top = ranked(stations);
    top.truncate(TOP_STATIONS);
    live.stations = top;
    live
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(t: &str) -> DateTime<Utc> {
        t.parse().unwrap()
    }

    fn report(
        filed: &str,
        ack: Option<&str>,
        region: &str,
        cat: &str,
        station: Option<i32>,
        v: Option<bool>,
    ) -> Report {
        Report {
            filed_at: at(filed),
            acknowledged_at: ack.map(at),
            region: region.into(),
            category: cat.into(),
            station,
            verified: v,
        }
    }

    /// A voting day on 2026-12-20, polls 07:00–20:00 Almaty (02:00–15:00 UTC), six reports.
    #[test]
    fn a_hand_made_voting_day_counts_as_written_out() {
        let schedule = Schedule::defaults_for(NaiveDate::from_ymd_opt(2026, 12, 20).unwrap());
        let reports = [
            // 07:10 local, acknowledged after 20 minutes, verified.
            report(
                "2026-12-20T02:10:00Z",
                Some("2026-12-20T02:30:00Z"),
                "KZ-75",
                "election_polling_station",
                Some(101),
                Some(true),
            ),
            // 07:50 local, acknowledged after 40 minutes, not yet checked.
            report(
                "2026-12-20T02:50:00Z",
                Some("2026-12-20T03:30:00Z"),
                "KZ-75",
                "election_polling_station",
                Some(101),
                None,
            ),
            // 09:05 local, found unverified.
            report(
                "2026-12-20T04:05:00Z",
                None,
                "KZ-71",
                "election_vote_buying",
                None,
                Some(false),
            ),
            // 19:59 local, acknowledged after 90 minutes, verified.
            report(
                "2026-12-20T14:59:00Z",
                Some("2026-12-20T16:29:00Z"),
                "KZ-71",
                "election_polling_station",
                Some(7),
                Some(true),
            ),
            // 20:15 local: after the polls closed, in no hour.
            report(
                "2026-12-20T15:15:00Z",
                None,
                "KZ-75",
                "election_vote_buying",
                None,
                None,
            ),
            // The day before (campaign): in no hour.
            report(
                "2026-12-19T06:00:00Z",
                Some("2026-12-19T07:00:00Z"),
                "KZ-75",
                "election_vote_buying",
                None,
                Some(true),
            ),
        ];
        let live = count(&reports, &schedule, chrono_tz::Asia::Almaty);
        assert_eq!(
            (live.total, live.verified, live.unverified, live.unchecked),
            (6, 3, 1, 2)
        );
        assert_eq!(live.hours.len(), 13);
        assert_eq!(
            live.hours[0],
            (
                7,
                Tally {
                    all: 2,
                    verified: 1
                }
            )
        );
        assert_eq!(live.hours[1], (8, Tally::default()));
        assert_eq!(
            live.hours[2],
            (
                9,
                Tally {
                    all: 1,
                    verified: 0
                }
            )
        );
        assert_eq!(
            live.hours[12],
            (
                19,
                Tally {
                    all: 1,
                    verified: 1
                }
            )
        );
        let hourly: u64 = live.hours.iter().map(|(_, t)| t.all).sum();
        assert_eq!(hourly, 4);
        assert_eq!(
            live.regions,
            vec![
                (
                    "KZ-75".to_string(),
                    Tally {
                        all: 4,
                        verified: 2
                    }
                ),
                (
                    "KZ-71".to_string(),
                    Tally {
                        all: 2,
                        verified: 1
                    }
                ),
            ]
        );
        assert_eq!(
            live.categories,
            vec![
                (
                    "election_polling_station".to_string(),
                    Tally {
                        all: 3,
                        verified: 2
                    }
                ),
                (
                    "election_vote_buying".to_string(),
                    Tally {
                        all: 3,
                        verified: 1
                    }
                ),
            ]
        );
        assert_eq!(
            live.stations,
            vec![
                (
                    101,
                    Tally {
                        all: 2,
                        verified: 1
                    }
                ),
                (
                    7,
                    Tally {
                        all: 1,
                        verified: 1
                    }
                )
            ]
        );
        // Waits 20, 40, 60, 90 minutes: the median is (40 + 60) / 2 = 50.
        assert_eq!((live.ack_median_minutes, live.acknowledged), (Some(50), 4));
    }

    #[test]
    fn an_election_without_reports_has_empty_hours_and_no_median() {
        let schedule = Schedule::defaults_for(NaiveDate::from_ymd_opt(2026, 12, 20).unwrap());
        let live = count(&[], &schedule, chrono_tz::Asia::Almaty);
        assert_eq!(live.total, 0);
        assert_eq!(live.hours.len(), 13);
        assert!(live.hours.iter().all(|(_, t)| t.all == 0));
        assert_eq!(live.ack_median_minutes, None);
        assert!(live.stations.is_empty());
    }
}
