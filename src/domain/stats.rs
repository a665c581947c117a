//! The figures of a period and a scope: what the digests report and what the dashboards
//! will show. One pure function, [`figures`], over plain facts read from the database, so
//! that both always agree.
//!
//! Definitions:
//! - counts of the period are events in `[start, end)`: received = confirmed, routed =
//!   assigned to a representative (by a rule or by hand), acknowledged, resolved, fixed =
//!   the citizen confirmed the fix, reopened = the citizen said it is not fixed, rejected;
//! - days to acknowledge / resolve: elapsed time from the assignment to the acknowledgement
//!   or resolution that happened in the period; median and 90th percentile interpolate
//!   linearly between ranks, as PostgreSQL's `percentile_cont` does;
//! - citizen-confirmed share: of the citizens' verdicts given in the period (fixed, not
//!   fixed, or no answer within the deadline), the share that said fixed;
//! - open and overdue are counted now, whatever the period.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// A half-open time range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

/// What an event counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    Received,
    Routed,
    Acknowledged,
    Resolved,
    Fixed,
    Reopened,
    Rejected,
    /// Closed because the citizen never answered "is it fixed?".
    NoAnswer,
}

impl Flow {
    /// The flow an event counts as, from its action and the status it led to.
    pub fn of(action: &str, to_status: Option<&str>) -> Option<Flow> {
        Some(match action {
            "confirm" => Flow::Received,
            "route" | "assign" if to_status == Some("assigned") => Flow::Routed,
            "acknowledge" => Flow::Acknowledged,
            "resolve" => Flow::Resolved,
            "confirm_fixed" => Flow::Fixed,
            "report_not_fixed" => Flow::Reopened,
            "reject" => Flow::Rejected,
            "close_no_answer" => Flow::NoAnswer,
            _ => return None,
        })
    }

    /// The actions to read from the database.
    pub const ACTIONS: [&'static str; 9] = [
        "confirm",
        "route",
        "assign",
        "acknowledge",
        "resolve",
        "confirm_fixed",
        "report_not_fixed",
        "reject",
        "close_no_answer",
    ];
}

/// One counted event.
#[derive(Clone, Debug)]
pub struct EventFact {
    pub at: DateTime<Utc>,
    pub flow: Flow,
    pub region: String,
    /// The representative it is credited to (who acknowledged or resolved; whose
    /// resolution the citizen judged).
    pub representative: Option<i32>,
    /// Seconds since the assignment, for acknowledgements and resolutions.
    pub elapsed_seconds: Option<i64>,
}

/// A problem open now.
#[derive(Clone, Debug)]
pub struct OpenFact {
    pub id: i32,
    pub region: String,
    pub representative: Option<i32>,
    pub overdue: bool,
    pub escalated: bool,
    /// The earliest deadline it missed and still owes.
    pub overdue_since: Option<DateTime<Utc>>,
    /// Citizens who confirmed they have it too.
    pub supporters: i32,
}

/// Everything [`figures`] reads.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub events: Vec<EventFact>,
    pub open: Vec<OpenFact>,
}

/// Whose figures: some regions, or all.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// `None`: every region.
    pub regions: Option<HashSet<String>>,
}

impl Scope {
    /// Every region.
    pub fn all() -> Scope {
        Scope { regions: None }
    }

    /// These regions (an empty list means every region, as for a coordinator without
    /// regions).
    pub fn regions(codes: impl IntoIterator<Item = String>) -> Scope {
        let set: HashSet<String> = codes.into_iter().collect();
        Scope {
            regions: (!set.is_empty()).then_some(set),
        }
    }

    fn covers(&self, region: &str) -> bool {
        self.regions.as_ref().is_none_or(|r| r.contains(region))
    }
}

/// The flow counts of a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub received: u64,
    pub routed: u64,
    pub acknowledged: u64,
    pub resolved: u64,
    pub fixed: u64,
    pub reopened: u64,
    pub rejected: u64,
    pub no_answer: u64,
}

impl Counts {
    fn add(&mut self, f: Flow) {
        let c = match f {
            Flow::Received => &mut self.received,
            Flow::Routed => &mut self.routed,
            Flow::Acknowledged => &mut self.acknowledged,
            Flow::Resolved => &mut self.resolved,
            Flow::Fixed => &mut self.fixed,
            Flow::Reopened => &mut self.reopened,
            Flow::Rejected => &mut self.rejected,
            Flow::NoAnswer => &mut self.no_answer,
        };
        *c += 1;
    }

    /// Nothing happened.
    pub fn is_quiet(&self) -> bool {
        *self == Counts::default()
    }

    /// The share of citizens' verdicts that said "fixed"; `None` without verdicts.
    pub fn confirmed_share(&self) -> Option<f64> {
        let verdicts = self.fixed + self.reopened + self.no_answer;
        (verdicts > 0).then(|| self.fixed as f64 / verdicts as f64)
    }
}

/// Median and 90th percentile of durations in days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Quantiles {
    pub count: usize,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

/// The `q` quantile (0..=1) of sorted values, interpolated linearly between ranks.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

fn quantiles(mut seconds: Vec<i64>) -> Quantiles {
    seconds.sort_unstable();
    let days: Vec<f64> = seconds.iter().map(|s| *s as f64 / 86_400.0).collect();
    Quantiles {
        count: days.len(),
        median_days: quantile(&days, 0.5),
        p90_days: quantile(&days, 0.9),
    }
}

/// One representative's line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepresentativeRow {
    pub id: i32,
    pub open: u64,
    pub overdue: u64,
    pub resolved: u64,
    pub median_resolve_days: Option<f64>,
    pub confirmed_share: Option<f64>,
}

/// An overdue problem in the "oldest overdue" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverdueRow {
    pub id: i32,
    pub region: String,
    pub representative: Option<i32>,
    pub overdue_since: Option<DateTime<Utc>>,
    pub escalated: bool,
}

/// The figures of a scope for a period, with the previous period's counts to compare.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub period: Period,
    pub counts: Counts,
    pub previous: Counts,
    pub open: u64,
    pub overdue: u64,
    pub escalated: u64,
    pub acknowledge: Quantiles,
    pub resolve: Quantiles,
    pub confirmed_share: Option<f64>,
    /// Worst first: most overdue, then most open, then slowest.
    pub representatives: Vec<RepresentativeRow>,
    /// The longest-overdue problems, oldest first (at most `OLDEST`).
    pub oldest_overdue: Vec<OverdueRow>,
    /// The open problems most citizens say they have too (at most `MOST_SUPPORTED`, each
    /// with at least one supporter): (id, supporters).
    pub most_supported: Vec<(i32, i32)>,
}

/// How many overdue problems the figures list.
pub const OLDEST: usize = 10;

/// How many supported problems the figures list.
pub const MOST_SUPPORTED: usize = 5;

#[derive(Default)]
struct RepAcc {
    open: u64,
    overdue: u64,
    counts: Counts,
    resolve_secs: Vec<i64>,
}

/// The figures of `scope` for `period`, compared with `previous`.
pub fn figures(facts: &Facts, scope: &Scope, period: Period, previous: Period) -> Figures {
    let mut counts = Counts::default();
    let mut prev = Counts::default();
    let mut ack_secs = Vec::new();
    let mut resolve_secs = Vec::new();
    let mut reps: BTreeMap<i32, RepAcc> = BTreeMap::new();
    for e in facts.events.iter().filter(|e| scope.covers(&e.region)) {
        if previous.contains(e.at) {
            prev.add(e.flow);
            continue;
        }
        if !period.contains(e.at) {
            continue;
        }
        counts.add(e.flow);
        match (e.flow, e.elapsed_seconds) {
            (Flow::Acknowledged, Some(s)) => ack_secs.push(s),
            (Flow::Resolved, Some(s)) => resolve_secs.push(s),
            _ => {}
        }
        if let Some(r) = e.representative
            && matches!(
                e.flow,
                Flow::Resolved | Flow::Fixed | Flow::Reopened | Flow::NoAnswer
            )
        {
            let acc = reps.entry(r).or_default();
            acc.counts.add(e.flow);
            if let (Flow::Resolved, Some(s)) = (e.flow, e.elapsed_seconds) {
                acc.resolve_secs.push(s);
            }
        }
    }
    let mut open = 0;
    let mut overdue = 0;
    let mut escalated = 0;
    let mut oldest = Vec::new();
    let mut supported = Vec::new();
    for p in facts.open.iter().filter(|p| scope.covers(&p.region)) {
        open += 1;
        if p.supporters > 0 {
            supported.push((p.id, p.supporters));
        }
        if p.overdue {
            overdue += 1;
            oldest.push(OverdueRow {
                id: p.id,
                region: p.region.clone(),
                representative: p.representative,
                overdue_since: p.overdue_since,
                escalated: p.escalated,
            });
        }
        if p.escalated {
            escalated += 1;
        }
        if let Some(r) = p.representative {
            let acc = reps.entry(r).or_default();
            acc.open += 1;
            if p.overdue {
                acc.overdue += 1;
            }
        }
    }
    oldest.sort_by_key(|o| (o.overdue_since.is_none(), o.overdue_since, o.id));
    oldest.truncate(OLDEST);
    supported.sort_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
    supported.truncate(MOST_SUPPORTED);
    let mut representatives: Vec<RepresentativeRow> = reps
        .into_iter()
        .map(|(id, mut a)| {
            a.resolve_secs.sort_unstable();
            RepresentativeRow {
                id,
                open: a.open,
                overdue: a.overdue,
                resolved: a.counts.resolved,
                median_resolve_days: quantiles(a.resolve_secs).median_days,
                confirmed_share: a.counts.confirmed_share(),
            }
        })
        .collect();
    representatives.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.open.cmp(&a.open))
            .then(
                b.median_resolve_days
                    .unwrap_or(0.0)
                    .total_cmp(&a.median_resolve_days.unwrap_or(0.0)),
            )
            .then(a.id.cmp(&b.id))
    });
    Figures {
        period,
        confirmed_share: counts.confirmed_share(),
        counts,
        previous: prev,
        open,
        overdue,
        escalated,
        acknowledge: quantiles(ack_secs),
        resolve: quantiles(resolve_secs),
        representatives,
        oldest_overdue: oldest,
        most_supported: supported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const ALMATY: Tz = chrono_tz::Asia::Almaty;

    fn ev(at: &str, flow: Flow, region: &str, rep: Option<i32>, days: Option<f64>) -> EventFact {
        EventFact {
            at: utc(at),
            flow,
            region: region.into(),
            representative: rep,
            elapsed_seconds: days.map(|d| (d * 86_400.0) as i64),
        }
    }

    fn open(id: i32, region: &str, rep: Option<i32>, overdue_since: Option<&str>) -> OpenFact {
        OpenFact {
            id,
            region: region.into(),
            representative: rep,
            overdue: overdue_since.is_some(),
            escalated: false,
            overdue_since: overdue_since.map(utc),
            supporters: id % 3,
        }
    }

    #[test]
    fn periods_are_local_days_and_monday_weeks() {
        // Saturday 28 November 2026, 08:00 in Almaty.
        let at = utc("2026-11-28T03:00:00Z");
        let (day, before) = daily_periods(at, ALMATY);
        assert_eq!(day.start, utc("2026-11-26T19:00:00Z"));
        assert_eq!(day.end, utc("2026-11-27T19:00:00Z"));
        assert_eq!(before.end, day.start);
        let (week, prev) = weekly_periods(utc("2026-11-30T03:00:00Z"), ALMATY);
        // Monday 23 to Sunday 29 November, local.
        assert_eq!(week.start, utc("2026-11-22T19:00:00Z"));
        assert_eq!(week.end, utc("2026-11-29T19:00:00Z"));
        assert_eq!(prev.end, week.start);
        assert_eq!(prev.start, utc("2026-11-15T19:00:00Z"));
    }

    #[test]
    fn quantiles_interpolate_like_percentile_cont() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], 0.9), Some(3.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((quantile(&ten, 0.9).unwrap() - 9.1).abs() < 1e-9);
    }

    #[test]
    fn figures_count_the_period_in_scope_and_compare_with_the_previous() {
        let period = Period {
            start: utc("2026-11-26T19:00:00Z"),
            end: utc("2026-11-27T19:00:00Z"),
        };
        let previous = Period {
            start: utc("2026-11-25T19:00:00Z"),
            end: utc("2026-11-26T19:00:00Z"),
        };
        let facts = Facts {
            events: vec![
                ev("2026-11-27T05:00:00Z", Flow::Received, "KZ-75", None, None),
                ev("2026-11-27T05:00:00Z", Flow::Routed, "KZ-75", None, None),
                ev("2026-11-27T06:00:00Z", Flow::Received, "KZ-71", None, None),
                ev(
                    "2026-11-27T07:00:00Z",
                    Flow::Acknowledged,
                    "KZ-75",
                    Some(1),
                    Some(1.0),
                ),
                ev(
                    "2026-11-27T08:00:00Z",
                    Flow::Resolved,
                    "KZ-75",
                    Some(1),
                    Some(4.0),
                ),
                ev(
                    "2026-11-27T08:30:00Z",
                    Flow::Resolved,
                    "KZ-75",
                    Some(2),
                    Some(2.0),
                ),
                ev("2026-11-27T09:00:00Z", Flow::Fixed, "KZ-75", Some(1), None),
                ev(
                    "2026-11-27T09:10:00Z",
                    Flow::Reopened,
                    "KZ-75",
                    Some(2),
                    None,
                ),
                ev(
                    "2026-11-27T09:20:00Z",
                    Flow::NoAnswer,
                    "KZ-75",
                    Some(2),
                    None,
                ),
                // The day before, and outside both periods.
                ev("2026-11-26T10:00:00Z", Flow::Received, "KZ-75", None, None),
                ev("2026-11-26T11:00:00Z", Flow::Received, "KZ-75", None, None),
                ev("2026-11-20T10:00:00Z", Flow::Received, "KZ-75", None, None),
            ],
            open: vec![
                open(10, "KZ-75", Some(1), Some("2026-11-20T05:00:00Z")),
                open(11, "KZ-75", Some(2), Some("2026-11-10T05:00:00Z")),
                open(12, "KZ-75", Some(2), None),
                open(13, "KZ-75", None, None),
                open(14, "KZ-71", Some(3), Some("2026-11-01T05:00:00Z")),
            ],
        };
        let f = figures(
            &facts,
            &Scope::regions(["KZ-75".to_string()]),
            period,
            previous,
        );
        assert_eq!(f.counts.received, 1);
        assert_eq!(f.counts.routed, 1);
        assert_eq!(f.counts.resolved, 2);
        assert_eq!(f.previous.received, 2);
        assert_eq!((f.open, f.overdue), (4, 2));
        assert_eq!(f.resolve.median_days, Some(3.0));
        assert_eq!(f.acknowledge.median_days, Some(1.0));
        // 1 fixed of 3 verdicts.
        assert!((f.confirmed_share.unwrap() - 1.0 / 3.0).abs() < 1e-9);
        // Oldest overdue first; the other region's problem is not in scope.
        assert_eq!(
            f.oldest_overdue.iter().map(|o| o.id).collect::<Vec<_>>(),
            [11, 10]
        );
        // Supported open problems in scope, most supporters first: 11 (2), 10 (1), 13 (1).
        assert_eq!(f.most_supported, [(11, 2), (10, 1), (13, 1)]);
        // Representative 2 (1 overdue, 2 open) before representative 1 (1 overdue, 1 open).
        let ids: Vec<i32> = f.representatives.iter().map(|r| r.id).collect();
        assert_eq!(ids, [2, 1]);
        assert_eq!(f.representatives[1].confirmed_share, Some(1.0));
        assert_eq!(f.representatives[0].confirmed_share, Some(0.0));
        assert_eq!(f.representatives[0].median_resolve_days, Some(2.0));
        // Everything: both regions.
        let all = figures(&facts, &Scope::all(), period, previous);
        assert_eq!(all.counts.received, 2);
        assert_eq!(all.oldest_overdue[0].id, 14);
        assert!(!all.counts.is_quiet());
    }

    #[test]
    fn a_quiet_period_is_quiet_and_empty_regions_mean_all() {
        let p = Period {
            start: utc("2026-11-26T19:00:00Z"),
            end: utc("2026-11-27T19:00:00Z"),
        };
        let f = figures(&Facts::default(), &Scope::regions([]), p, p);
        assert!(f.counts.is_quiet());
        assert_eq!(f.confirmed_share, None);
        assert!(Scope::regions([]).covers("KZ-11"));
    }

    #[test]
    fn routing_to_triage_is_not_routed() {
        assert_eq!(Flow::of("route", Some("new")), None);
        assert_eq!(Flow::of("route", Some("assigned")), Some(Flow::Routed));
        assert_eq!(Flow::of("assign", Some("assigned")), Some(Flow::Routed));
        assert_eq!(Flow::of("comment", Some("assigned")), None);
    }
}
