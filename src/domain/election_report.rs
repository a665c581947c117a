//! The election report (issue 20): the figures `/elections/{id}/report` shows after the
//! results date, counted from the election's public reports by one pure function,
//! [`count`], and frozen by `services::election_report` the first time they are asked for.
//!
//! Every table (totals, by region, by category, by station) has the same columns: reports,
//! verified violations, found unverified, not yet checked; how they ended (resolved,
//! closed without a fix, still open: [`outcome`]); and how fast: the median minutes from
//! filing to acknowledgement and hours from filing to resolution. Representatives' response
//! is counted per representative who holds (or held last) a report. The comparison with the
//! previous election of the same kind ([`previous_of`]) sets its totals beside these.

use crate::domain::election_day::median_seconds;
use crate::domain::state::{ElectionKind, Status, Verdict};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One public report of the election, as the count needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub filed_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub region: String,
    pub category: String,
    pub station: Option<i32>,
    /// `Some(true)` verified, `Some(false)` found unverified, `None` not yet checked.
    pub verified: Option<bool>,
    pub status: Status,
    pub verdict: Option<Verdict>,
    /// The representative who holds it, or held it last.
    pub representative: Option<i32>,
}

/// How a report ended, as the report counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Resolved, and not reported unfixed: waiting for the citizen's word, confirmed
    /// fixed, or closed with no answer after the resolution.
    Resolved,
    /// Ended without a fix: rejected, a duplicate, closed not fixed, by a coordinator or
    /// withdrawn.
    ClosedOther,
    /// Still with someone (triage, a representative, or reopened).
    Open,
}

/// How a report in `status` with `verdict` ended.
pub fn outcome(status: Status, verdict: Option<Verdict>) -> Outcome {
    match status {
        Status::Resolved => Outcome::Resolved,
        Status::Closed => match verdict {
            Some(Verdict::Fixed | Verdict::NoAnswer) => Outcome::Resolved,
            _ => Outcome::ClosedOther,
        },
        Status::Rejected | Status::Duplicate => Outcome::ClosedOther,
        _ => Outcome::Open,
    }
}

/// One table row: a group's figures (`key`: a region or category code, a station's
/// number; empty for the totals).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub key: String,
    pub reports: u64,
    pub verified: u64,
    pub unverified: u64,
    pub unchecked: u64,
    pub resolved: u64,
    pub closed_other: u64,
    pub open: u64,
    /// Median minutes from filing to acknowledgement, over the acknowledged reports
    /// (rounded down); none when no report was acknowledged.
    pub ack_median_minutes: Option<i64>,
    /// Median hours from filing to resolution over the resolved reports, to a tenth.
    pub resolve_median_hours: Option<f64>,
}

/// A representative's response to the election's reports. Representatives' names are
/// public; nobody else is named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RepRow {
    pub id: i32,
    pub name: String,
    /// Reports they hold or held last.
    pub assigned: u64,
    pub acknowledged: u64,
    pub resolved: u64,
    pub ack_median_minutes: Option<i64>,
}

/// The previous election of the same kind, with its totals counted the same way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Previous {
    pub election_id: i32,
    pub voting_day: NaiveDate,
    pub totals: Row,
}

/// The report's figures, as frozen.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub totals: Row,
    /// The most reported first, then by code.
    pub regions: Vec<Row>,
    pub categories: Vec<Row>,
    /// Every station with a report, the most reported first, then by number.
    pub stations: Vec<Row>,
    /// The most assigned first, then by name.
    pub representatives: Vec<RepRow>,
    pub previous: Option<Previous>,
}

/// A group's reports and waits while counting.
#[derive(Default)]
struct Acc {
    row: Row,
    acks: Vec<i64>,
    fixes: Vec<i64>,
}

impl Acc {
    fn add(&mut self, r: &Report) {
        let row = &mut self.row;
        row.reports += 1;
        match r.verified {
            Some(true) => row.verified += 1,
            Some(false) => row.unverified += 1,
            None => row.unchecked += 1,
        }
        let ended = outcome(r.status, r.verdict);
        match ended {
            Outcome::Resolved => row.resolved += 1,
            Outcome::ClosedOther => row.closed_other += 1,
            Outcome::Open => row.open += 1,
        }
        if let Some(a) = r.acknowledged_at {
            self.acks.push((a - r.filed_at).num_seconds().max(0));
        }
        if ended == Outcome::Resolved
            && let Some(t) = r.resolved_at
        {
            self.fixes.push((t - r.filed_at).num_seconds().max(0));
        }
    }

    fn finish(mut self, key: String) -> Row {
        self.row.key = key;
        self.row.ack_median_minutes = median_seconds(&mut self.acks).map(|s| s / 60);
        self.row.resolve_median_hours =
            median_seconds(&mut self.fixes).map(|s| (s as f64 / 360.0).round() / 10.0);
        self.row
    }
}

/// Rows the most reported first, then by `order` of their keys.
fn ranked<K: Ord>(map: HashMap<K, Acc>, show: impl Fn(&K) -> String) -> Vec<Row> {
    let mut v: Vec<(K, Acc)> = map.into_iter().collect();
    v.sort_by(|a, b| {
        b.1.row
            .reports
            .cmp(&a.1.row.reports)
            .then_with(|| a.0.cmp(&b.0))
    });
    v.into_iter().map(|(k, acc)| acc.finish(show(&k))).collect()
}

/// The figures of `reports` (no comparison yet: see [`previous_of`]); `names` gives the
/// representatives' names by id.
pub fn count(reports: &[Report], names: &HashMap<i32, String>) -> Figures {
    let mut totals = Acc::default();
    let mut regions: HashMap<String, Acc> = HashMap::new();
    let mut categories: HashMap<String, Acc> = HashMap::new();
    let mut stations: HashMap<i32, Acc> = HashMap::new();
    let mut reps: HashMap<i32, (RepRow, Vec<i64>)> = HashMap::new();
    for r in reports {
        totals.add(r);
        regions.entry(r.region.clone()).or_default().add(r);
        categories.entry(r.category.clone()).or_default().add(r);
        if let Some(n) = r.station {
            stations.entry(n).or_default().add(r);
        }
        if let Some(id) = r.representative {
            let (row, acks) = reps.entry(id).or_insert_with(|| {
                let name = names.get(&id).cloned().unwrap_or_default();
                (
                    RepRow {
                        id,
                        name,
                        ..Default::default()
                    },
                    Vec::new(),
                )
            });
            row.assigned += 1;
            if let Some(a) = r.acknowledged_at {
                row.acknowledged += 1;
                acks.push((a - r.filed_at).num_seconds().max(0));
            }
            if outcome(r.status, r.verdict) == Outcome::Resolved {
                row.resolved += 1;
            }
        }
    }
    let mut representatives: Vec<RepRow> = reps
        .into_values()
        .map(|(mut row, mut acks)| {
            row.ack_median_minutes = median_seconds(&mut acks).map(|s| s / 60);
            row
        })
        .collect();
    representatives.sort_by(|a, b| {
        b.assigned
            .cmp(&a.assigned)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    Figures {
        totals: totals.finish(String::new()),
        regions: ranked(regions, String::clone),
        categories: ranked(categories, String::clone),
        stations: ranked(stations, i32::to_string),
        representatives,
        previous: None,
    }
}

/// An election as [`previous_of`] compares it: id, kind and voting day.
pub type Held = (i32, ElectionKind, NaiveDate);

/// The previous election of the same kind as `this`: the latest voting day before its own
/// (the higher id on the same day).
pub fn previous_of(this: Held, others: &[Held]) -> Option<i32> {
    others
        .iter()
        .filter(|(id, kind, day)| *id != this.0 && *kind == this.1 && *day < this.2)
        .max_by_key(|(id, _, day)| (*day, *id))
        .map(|(id, _, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str) -> DateTime<Utc> {
        t.parse().unwrap()
    }

    /// A report filed at 2026-12-20 `hhmm` UTC at `region`/`station`, acknowledged and
    /// resolved the given minutes after filing.
    #[expect(clippy::too_many_arguments, reason = "one line per hand-made report")]
    fn report(
        filed: &str,
        ack_after: Option<i64>,
        fix_after: Option<i64>,
        region: &str,
        station: Option<i32>,
        verified: Option<bool>,
        status: Status,
        verdict: Option<Verdict>,
        rep: Option<i32>,
    ) -> Report {
        let filed_at = at(filed);
        Report {
            filed_at,
            acknowledged_at: ack_after.map(|m| filed_at + chrono::Duration::minutes(m)),
            resolved_at: fix_after.map(|m| filed_at + chrono::Duration::minutes(m)),
            region: region.into(),
            category: if station.is_some() {
                "election_polling_station".into()
            } else {
                "election_vote_buying".into()
            },
            station,
            verified,
            status,
            verdict,
            representative: rep,
        }
    }

    /// Five reports: two at station 101 (KZ-75), one at station 7 (KZ-71), two without a
    /// station; representatives 1 (Aliya) and 2 (Bolat).
    fn election() -> Vec<Report> {
        vec![
            // Acknowledged after 20 minutes, resolved after 3 hours, confirmed fixed.
            report(
                "2026-12-20T02:10:00Z",
                Some(20),
                Some(180),
                "KZ-75",
                Some(101),
                Some(true),
                Status::Closed,
                Some(Verdict::Fixed),
                Some(1),
            ),
            // Acknowledged after 40 minutes, still in progress.
            report(
                "2026-12-20T02:50:00Z",
                Some(40),
                None,
                "KZ-75",
                Some(101),
                None,
                Status::InProgress,
                None,
                Some(1),
            ),
            // Rejected by the representative, found unverified.
            report(
                "2026-12-20T04:05:00Z",
                None,
                None,
                "KZ-71",
                None,
                Some(false),
                Status::Rejected,
                None,
                Some(2),
            ),
            // Acknowledged after 90 minutes, resolved after 6 hours (waiting for the word).
            report(
                "2026-12-20T14:59:00Z",
                Some(90),
                Some(360),
                "KZ-71",
                Some(7),
                Some(true),
                Status::Resolved,
                None,
                Some(2),
            ),
            // Still in triage.
            report(
                "2026-12-20T15:15:00Z",
                None,
                None,
                "KZ-75",
                None,
                Some(true),
                Status::New,
                None,
                None,
            ),
        ]
    }

    fn row(key: &str, figures: [u64; 7], ack: Option<i64>, fix: Option<f64>) -> Row {
        let [
            reports,
            verified,
            unverified,
            unchecked,
            resolved,
            closed_other,
            open,
        ] = figures;
        Row {
            key: key.into(),
            reports,
            verified,
            unverified,
            unchecked,
            resolved,
            closed_other,
            open,
            ack_median_minutes: ack,
            resolve_median_hours: fix,
        }
    }

    #[test]
    fn a_hand_made_election_counts_as_written_out() {
        let names = HashMap::from([(1, "Aliya".to_string()), (2, "Bolat".to_string())]);
        let f = count(&election(), &names);
        // Acks 20, 40, 90: median 40. Resolutions 3 h and 6 h: median 4.5 h.
        assert_eq!(
            f.totals,
            row("", [5, 3, 1, 1, 2, 1, 2], Some(40), Some(4.5))
        );
        assert_eq!(
            f.regions,
            vec![
                row("KZ-75", [3, 2, 0, 1, 1, 0, 2], Some(30), Some(3.0)),
                row("KZ-71", [2, 1, 1, 0, 1, 1, 0], Some(90), Some(6.0)),
            ]
        );
        assert_eq!(
            f.categories,
            vec![
                row(
                    "election_polling_station",
                    [3, 2, 0, 1, 2, 0, 1],
                    Some(40),
                    Some(4.5)
                ),
                row("election_vote_buying", [2, 1, 1, 0, 0, 1, 1], None, None),
            ]
        );
        assert_eq!(
            f.stations,
            vec![
                row("101", [2, 1, 0, 1, 1, 0, 1], Some(30), Some(3.0)),
                row("7", [1, 1, 0, 0, 1, 0, 0], Some(90), Some(6.0)),
            ]
        );
        assert_eq!(
            f.representatives,
            vec![
                RepRow {
                    id: 1,
                    name: "Aliya".into(),
                    assigned: 2,
                    acknowledged: 2,
                    resolved: 1,
                    ack_median_minutes: Some(30),
                },
                RepRow {
                    id: 2,
                    name: "Bolat".into(),
                    assigned: 2,
                    acknowledged: 1,
                    resolved: 1,
                    ack_median_minutes: Some(90),
                },
            ]
        );
        assert_eq!(f.previous, None);
    }

    #[test]
    fn an_election_without_reports_has_zero_totals_and_no_medians() {
        let f = count(&[], &HashMap::new());
        assert_eq!(f.totals, row("", [0; 7], None, None));
        assert!(f.regions.is_empty() && f.stations.is_empty() && f.representatives.is_empty());
    }

    #[test]
    fn outcomes_follow_status_and_verdict() {
        assert_eq!(outcome(Status::Resolved, None), Outcome::Resolved);
        assert_eq!(
            outcome(Status::Closed, Some(Verdict::NoAnswer)),
            Outcome::Resolved
        );
        assert_eq!(
            outcome(Status::Closed, Some(Verdict::NotFixed)),
            Outcome::ClosedOther
        );
        assert_eq!(
            outcome(Status::Closed, Some(Verdict::Withdrawn)),
            Outcome::ClosedOther
        );
        assert_eq!(outcome(Status::Duplicate, None), Outcome::ClosedOther);
        assert_eq!(outcome(Status::Reopened, None), Outcome::Open);
        assert_eq!(outcome(Status::Assigned, None), Outcome::Open);
    }

    #[test]
    fn the_previous_election_is_the_latest_of_the_same_kind_before_it() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let this = (5, ElectionKind::Mazhilis, day("2026-12-20"));
        let others = [
            (1, ElectionKind::Mazhilis, day("2021-01-10")),
            (2, ElectionKind::Mazhilis, day("2023-03-19")),
            (3, ElectionKind::Presidential, day("2024-06-09")),
            (4, ElectionKind::Mazhilis, day("2027-01-10")),
            this,
        ];
        assert_eq!(previous_of(this, &others), Some(2));
        assert_eq!(
            previous_of((1, ElectionKind::Mazhilis, day("2021-01-10")), &others),
            None
        );
    }
}
