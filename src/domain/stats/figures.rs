//! The figures of a scope for a period, computed from [`Facts`]: the overview, the
//! breakdowns by region, category or representative, the lists and the chart.

use super::facts::{Dim, Facts, Flow, Scope};
use super::periods::Period;
use super::quantiles::{Quantiles, quantiles};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BinaryHeap};
use utoipa::ToSchema;

/// The flow counts of a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
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
    fn add(&mut self, f: Flow, n: u64) {
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
        *c += n;
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

    /// Reopenings by citizens per resolution; `None` without resolutions.
    pub fn reopened_share(&self) -> Option<f64> {
        (self.resolved > 0).then(|| self.reopened as f64 / self.resolved as f64)
    }
}

/// Whether resolve-by deadlines were kept: over the problems whose deadline fell in the
/// period and has passed, on time if resolved by then; late if resolved after it or still
/// not resolved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct OnTime {
    pub due: u64,
    pub on_time: u64,
    pub late: u64,
    /// `on_time / due`; `None` when no deadline fell in the period.
    pub rate: Option<f64>,
}

/// The figures of one scope (or one row of a table) for a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Summary {
    /// Events in the period.
    pub counts: Counts,
    /// Events in the period of the same length before it.
    pub previous: Counts,
    /// Open now (triage included).
    pub open: u64,
    /// Open now with a deadline passed.
    pub overdue: u64,
    /// Overdue and escalated to a coordinator.
    pub escalated: u64,
    /// Open now, by age since filing, in the order of [`AGE_BANDS`].
    pub age_bands: [u64; 5],
    /// Days from assignment to acknowledgement, over the acknowledgements in the period.
    pub acknowledge: Quantiles,
    /// Days from assignment to resolution, over the resolutions in the period.
    pub resolve: Quantiles,
    /// Citizens' "fixed" verdicts over all their verdicts in the period.
    pub confirmed_share: Option<f64>,
    /// Citizens' "not fixed" per resolution in the period.
    pub reopened_share: Option<f64>,
    pub on_time: OnTime,
}

#[derive(Default)]
struct Acc {
    counts: Counts,
    previous: Counts,
    ack: Vec<(u32, u64)>,
    resolve: Vec<(u32, u64)>,
    open: u64,
    overdue: u64,
    escalated: u64,
    bands: [u64; 5],
    due: u64,
    on_time: u64,
}

impl Acc {
    fn finish(self) -> Summary {
        Summary {
            confirmed_share: self.counts.confirmed_share(),
            reopened_share: self.counts.reopened_share(),
            counts: self.counts,
            previous: self.previous,
            open: self.open,
            overdue: self.overdue,
            escalated: self.escalated,
            age_bands: self.bands,
            acknowledge: quantiles(self.ack),
            resolve: quantiles(self.resolve),
            on_time: OnTime {
                due: self.due,
                on_time: self.on_time,
                late: self.due - self.on_time,
                rate: (self.due > 0).then(|| self.on_time as f64 / self.due as f64),
            },
        }
    }
}

/// The figures of `scope`, one [`Summary`] per key that `key` gives a dimension (`None`:
/// left out). With a constant key this is the overview; by region, category or
/// representative it is a table's rows.
pub fn summarize<K: Ord + Clone>(
    facts: &Facts,
    scope: &Scope,
    key: impl Fn(&Dim) -> Option<K>,
) -> BTreeMap<K, Summary> {
    let keys: Vec<Option<K>> = facts
        .dims
        .iter()
        .map(|d| if scope.covers(d) { key(d) } else { None })
        .collect();
    let acc = |dim: u32| keys.get(dim as usize).and_then(Option::as_ref).cloned();
    let mut rows: BTreeMap<K, Acc> = BTreeMap::new();
    for t in &facts.tallies {
        if let Some(k) = acc(t.dim) {
            rows.entry(k).or_default().counts.add(t.flow, t.n);
        }
    }
    for t in &facts.previous_tallies {
        if let Some(k) = acc(t.dim) {
            rows.entry(k).or_default().previous.add(t.flow, t.n);
        }
    }
    for e in &facts.elapsed {
        if let Some(k) = acc(e.dim) {
            let a = rows.entry(k).or_default();
            match e.flow {
                Flow::Acknowledged => a.ack.push((e.hours, e.n)),
                Flow::Resolved => a.resolve.push((e.hours, e.n)),
                _ => {}
            }
        }
    }
    for o in &facts.open {
        if let Some(k) = acc(o.dim) {
            let a = rows.entry(k).or_default();
            a.open += o.n;
            a.bands[usize::from(o.band).min(4)] += o.n;
            if o.overdue {
                a.overdue += o.n;
            }
            if o.escalated {
                a.escalated += o.n;
            }
        }
    }
    for d in &facts.deadlines {
        if let Some(k) = acc(d.dim) {
            let a = rows.entry(k).or_default();
            a.due += d.n;
            if d.on_time {
                a.on_time += d.n;
            }
        }
    }
    rows.into_iter().map(|(k, a)| (k, a.finish())).collect()
}

/// One representative's line.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct RepresentativeRow {
    pub id: i32,
    #[serde(flatten)]
    pub summary: Summary,
}

/// An overdue problem in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct OverdueRow {
    pub id: i32,
    pub region: String,
    pub category: String,
    pub representative: Option<i32>,
    pub overdue_since: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub filed_at: Option<DateTime<Utc>>,
}

/// Received and resolved in one chart bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct SeriesPoint {
    pub start: DateTime<Utc>,
    pub received: u64,
    pub resolved: u64,
}

/// The figures of a scope for the facts' period, compared with the period before.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub period: Period,
    pub as_of: DateTime<Utc>,
    pub total: Summary,
    /// Worst first: most overdue, then most open, then slowest.
    pub representatives: Vec<RepresentativeRow>,
    /// The longest-overdue problems, oldest first (at most `OLDEST`).
    pub oldest_overdue: Vec<OverdueRow>,
    /// The open problems most citizens say they have too (at most `MOST_SUPPORTED`, each
    /// with at least one supporter): (id, supporters).
    pub most_supported: Vec<(i32, i32)>,
    /// Received and resolved per day (periods up to a month) or per week.
    pub series: Vec<SeriesPoint>,
}

/// How many overdue problems the figures list.
pub const OLDEST: usize = 10;

/// How many supported problems the figures list.
pub const MOST_SUPPORTED: usize = 5;

/// Representatives' rows, worst first: most overdue, then most open, then slowest.
pub fn representatives(facts: &Facts, scope: &Scope) -> Vec<RepresentativeRow> {
    let mut rows: Vec<RepresentativeRow> = summarize(facts, scope, |d| d.representative)
        .into_iter()
        .map(|(id, summary)| RepresentativeRow { id, summary })
        .collect();
    rows.sort_by(|a, b| {
        let (x, y) = (&a.summary, &b.summary);
        y.overdue
            .cmp(&x.overdue)
            .then(y.open.cmp(&x.open))
            .then(
                y.resolve
                    .median_days
                    .unwrap_or(0.0)
                    .total_cmp(&x.resolve.median_days.unwrap_or(0.0)),
            )
            .then(a.id.cmp(&b.id))
    });
    rows
}

/// Every overdue problem in scope, longest overdue first.
pub fn overdue(facts: &Facts, scope: &Scope) -> Vec<OverdueRow> {
    let mut rows: Vec<OverdueRow> = facts
        .overdue
        .iter()
        .filter_map(|o| {
            let d = facts.dims.get(o.dim as usize)?;
            scope.covers(d).then(|| OverdueRow {
                id: o.id,
                region: d.region.clone(),
                category: d.category.clone(),
                representative: d.representative,
                overdue_since: o.overdue_since,
                escalated: o.escalated,
                filed_at: o.filed_at,
            })
        })
        .collect();
    rows.sort_by_key(|o| (o.overdue_since.is_none(), o.overdue_since, o.id));
    rows
}

/// Received and resolved per bucket of the period.
pub fn series(facts: &Facts, scope: &Scope) -> Vec<SeriesPoint> {
    let mut points: Vec<SeriesPoint> = facts
        .buckets
        .iter()
        .map(|&start| SeriesPoint {
            start,
            received: 0,
            resolved: 0,
        })
        .collect();
    for t in &facts.tallies {
        let Some(d) = facts.dims.get(t.dim as usize) else {
            continue;
        };
        let Some(p) = points.get_mut(usize::from(t.bucket)) else {
            continue;
        };
        if !scope.covers(d) {
            continue;
        }
        match t.flow {
            Flow::Received => p.received += t.n,
            Flow::Resolved => p.resolved += t.n,
            _ => {}
        }
    }
    points
}

/// The positions of the `n` least `keys` (key, position), least first. A bounded heap:
/// only what a list shows is kept, however many rows a large scope has (collecting every
/// overdue problem of a region and truncating kept its whole allocation, about 1 MB per
/// digest at a million problems, and 18 MB for a scope of every region).
fn least<K: Ord>(keys: impl Iterator<Item = (K, usize)>, n: usize) -> Vec<usize> {
    let mut heap = BinaryHeap::with_capacity(n + 1);
    for k in keys {
        heap.push(k);
        if heap.len() > n {
            heap.pop();
        }
    }
    heap.into_sorted_vec().into_iter().map(|(_, i)| i).collect()
}

/// The figures of `scope`: the overview, the representatives, the oldest overdue and the
/// most supported problems, and the chart.
pub fn figures(facts: &Facts, scope: &Scope) -> Figures {
    let total = summarize(facts, scope, |_| Some(()))
        .remove(&())
        .unwrap_or_default();
    let covered = |dim: u32| {
        facts
            .dims
            .get(dim as usize)
            .is_some_and(|d| scope.covers(d))
    };
    let oldest = least(
        facts.overdue.iter().enumerate().filter_map(|(i, o)| {
            covered(o.dim).then_some(((o.overdue_since.is_none(), o.overdue_since, o.id), i))
        }),
        OLDEST,
    )
    .into_iter()
    .map(|i| {
        let o = &facts.overdue[i];
        // In scope, so its dimension exists.
        let d = &facts.dims[o.dim as usize];
        OverdueRow {
            id: o.id,
            region: d.region.clone(),
            category: d.category.clone(),
            representative: d.representative,
            overdue_since: o.overdue_since,
            escalated: o.escalated,
            filed_at: o.filed_at,
        }
    })
    .collect();
    let supported = least(
        facts.supported.iter().enumerate().filter_map(|(i, s)| {
            (s.supporters > 0 && covered(s.dim))
                .then_some(((std::cmp::Reverse(s.supporters), s.id), i))
        }),
        MOST_SUPPORTED,
    )
    .into_iter()
    .map(|i| (facts.supported[i].id, facts.supported[i].supporters))
    .collect();
    Figures {
        period: facts.period,
        as_of: facts.as_of,
        total,
        representatives: representatives(facts, scope),
        oldest_overdue: oldest,
        most_supported: supported,
        series: series(facts, scope),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::facts::{
        DeadlineGroup, Elapsed, OpenGroup, OverdueFact, SupportedFact, Tally,
    };
    use crate::domain::stats::periods::{before, buckets, last_days, local_days};
    use chrono::NaiveDate;
    use chrono_tz::Tz;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const ALMATY: Tz = chrono_tz::Asia::Almaty;

    fn t(dim: u32, flow: Flow, bucket: u16, n: u64) -> Tally {
        Tally {
            dim,
            flow,
            bucket,
            n,
        }
    }

    fn el(dim: u32, flow: Flow, hours: u32) -> Elapsed {
        Elapsed {
            dim,
            flow,
            hours,
            n: 1,
        }
    }

    fn og(dim: u32, band: u8, overdue: bool, escalated: bool, n: u64) -> OpenGroup {
        OpenGroup {
            dim,
            band,
            overdue,
            escalated,
            n,
        }
    }

    fn od(id: i32, dim: u32, since: &str) -> OverdueFact {
        OverdueFact {
            id,
            dim,
            overdue_since: Some(utc(since)),
            escalated: id == 10,
            filed_at: None,
        }
    }

    fn dim(region: &str, category: &str, rep: Option<i32>) -> Dim {
        Dim {
            region: region.into(),
            category: category.into(),
            representative: rep,
            ..Dim::default()
        }
    }

    /// A hand-made set of facts; every expected figure below is worked out by hand.
    fn hand_made() -> Facts {
        let period = local_days(
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 14).unwrap(),
            ALMATY,
        );
        use Flow::*;
        Facts {
            period,
            previous: before(period),
            buckets: buckets(period, ALMATY),
            as_of: period.end,
            dims: vec![
                dim("KZ-75", "roads", Some(1)),
                dim("KZ-75", "utilities", Some(2)),
                dim("KZ-71", "roads", Some(3)),
                dim("KZ-75", "roads", None),
            ],
            tallies: vec![
                t(0, Received, 0, 2),
                t(1, Received, 1, 1),
                t(2, Received, 1, 3),
                t(3, Received, 13, 1),
                t(0, Acknowledged, 2, 2),
                t(1, Acknowledged, 2, 1),
                t(0, Resolved, 5, 1),
                t(1, Resolved, 5, 2),
                t(2, Resolved, 13, 1),
                t(0, Fixed, 8, 1),
                // Reopened twice by the same citizen: two verdicts.
                t(1, Reopened, 8, 1),
                t(1, Reopened, 11, 1),
                t(2, NoAnswer, 12, 1),
            ],
            previous_tallies: vec![t(0, Received, 0, 5)],
            elapsed: vec![
                el(0, Acknowledged, 24),
                el(0, Acknowledged, 48),
                el(1, Acknowledged, 12),
                el(0, Resolved, 96),
                el(1, Resolved, 48),
                el(1, Resolved, 72),
                el(2, Resolved, 240),
            ],
            open: vec![
                og(0, 0, false, false, 3),
                og(0, 2, true, true, 1),
                og(1, 1, true, false, 2),
                og(3, 4, false, false, 1),
            ],
            deadlines: vec![
                DeadlineGroup {
                    dim: 0,
                    on_time: true,
                    n: 2,
                },
                DeadlineGroup {
                    dim: 0,
                    on_time: false,
                    n: 1,
                },
                DeadlineGroup {
                    dim: 1,
                    on_time: false,
                    n: 1,
                },
                DeadlineGroup {
                    dim: 2,
                    on_time: true,
                    n: 1,
                },
            ],
            overdue: vec![
                od(10, 0, "2026-11-03T00:00:00Z"),
                od(11, 1, "2026-11-01T00:00:00Z"),
                od(12, 1, "2026-11-10T00:00:00Z"),
            ],
            supported: vec![
                SupportedFact {
                    id: 10,
                    dim: 0,
                    supporters: 3,
                },
                SupportedFact {
                    id: 13,
                    dim: 3,
                    supporters: 5,
                },
                SupportedFact {
                    id: 14,
                    dim: 2,
                    supporters: 1,
                },
            ],
        }
    }

    #[test]
    fn every_overview_figure_of_the_hand_made_set() {
        let f = figures(&hand_made(), &Scope::all());
        let s = &f.total;
        assert_eq!(
            s.counts,
            Counts {
                received: 7,
                routed: 0,
                acknowledged: 3,
                resolved: 4,
                fixed: 1,
                reopened: 2,
                rejected: 0,
                no_answer: 1,
            }
        );
        assert_eq!(s.previous.received, 5);
        assert_eq!((s.open, s.overdue, s.escalated), (7, 3, 1));
        assert_eq!(s.age_bands, [3, 2, 1, 0, 1]);
        // Acknowledged after 0.5, 1 and 2 days.
        assert_eq!(s.acknowledge.count, 3);
        assert_eq!(s.acknowledge.median_days, Some(1.0));
        assert_eq!(s.acknowledge.p90_days, Some(1.8));
        // Resolved after 2, 3, 4 and 10 days.
        assert_eq!(s.resolve.median_days, Some(3.5));
        assert!((s.resolve.p90_days.unwrap() - 8.2).abs() < 1e-9);
        // 1 fixed of 4 verdicts; 2 reopenings for 4 resolutions.
        assert_eq!(s.confirmed_share, Some(0.25));
        assert_eq!(s.reopened_share, Some(0.5));
        assert_eq!(
            s.on_time,
            OnTime {
                due: 5,
                on_time: 3,
                late: 2,
                rate: Some(0.6)
            }
        );
        // Daily buckets over 14 days.
        assert_eq!(f.series.len(), 14);
        let pairs: Vec<(u64, u64)> = f.series.iter().map(|p| (p.received, p.resolved)).collect();
        assert_eq!(pairs[0], (2, 0));
        assert_eq!(pairs[1], (4, 0));
        assert_eq!(pairs[5], (0, 3));
        assert_eq!(pairs[13], (1, 1));
        assert_eq!(pairs.iter().map(|p| p.0).sum::<u64>(), 7);
        assert_eq!(
            f.oldest_overdue.iter().map(|o| o.id).collect::<Vec<_>>(),
            [11, 10, 12]
        );
        assert!(f.oldest_overdue[1].escalated);
        assert_eq!(f.most_supported, [(13, 5), (10, 3), (14, 1)]);
    }

    #[test]
    fn the_league_table_of_the_hand_made_set() {
        let rows = representatives(&hand_made(), &Scope::all());
        // Worst first: 2 (2 overdue), 1 (1 overdue, 4 open), 3 (nothing open).
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 1, 3]);
        let two = &rows[0].summary;
        assert_eq!((two.open, two.overdue, two.counts.resolved), (2, 2, 2));
        assert_eq!(two.acknowledge.median_days, Some(0.5));
        assert_eq!(two.resolve.median_days, Some(2.5));
        assert_eq!(two.confirmed_share, Some(0.0));
        assert_eq!(two.reopened_share, Some(1.0));
        assert_eq!(two.on_time.rate, Some(0.0));
        let one = &rows[1].summary;
        assert_eq!((one.open, one.overdue, one.counts.resolved), (4, 1, 1));
        assert_eq!(one.acknowledge.median_days, Some(1.5));
        assert_eq!(one.resolve.median_days, Some(4.0));
        assert_eq!(one.confirmed_share, Some(1.0));
        assert_eq!(one.reopened_share, Some(0.0));
        assert!((one.on_time.rate.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        let three = &rows[2].summary;
        assert_eq!((three.open, three.counts.received), (0, 3));
        assert_eq!(three.confirmed_share, Some(0.0));
        assert_eq!(three.resolve.median_days, Some(10.0));
    }

    #[test]
    fn scopes_and_breakdowns_of_the_hand_made_set() {
        let facts = hand_made();
        let by_region = summarize(&facts, &Scope::all(), |d| Some(d.region.clone()));
        assert_eq!(by_region["KZ-75"].counts.received, 4);
        assert_eq!(by_region["KZ-75"].open, 7);
        assert_eq!(by_region["KZ-71"].counts.received, 3);
        assert_eq!(by_region["KZ-71"].on_time.rate, Some(1.0));
        let by_category = summarize(&facts, &Scope::all(), |d| Some(d.category.clone()));
        assert_eq!(by_category["roads"].counts.received, 6);
        assert_eq!(by_category["utilities"].overdue, 2);
        // One representative's scope: only what is credited to them.
        let two = Scope {
            representative: Some(2),
            ..Scope::default()
        };
        let f = figures(&facts, &two);
        assert_eq!(f.total.counts.received, 1);
        assert_eq!(f.total.open, 2);
        assert_eq!(
            f.oldest_overdue.iter().map(|o| o.id).collect::<Vec<_>>(),
            [11, 12]
        );
        assert!(f.most_supported.is_empty());
        // A region and a category together.
        let roads_almaty = Scope {
            regions: Some(["KZ-75".to_string()].into()),
            categories: Some(["roads".to_string()].into()),
            ..Scope::default()
        };
        let f = figures(&facts, &roads_almaty);
        assert_eq!(f.total.counts.received, 3);
        assert_eq!(f.total.open, 5);
        assert_eq!(f.most_supported, [(13, 5), (10, 3)]);
    }

    #[test]
    fn no_data_gives_zeros_and_no_rates() {
        let period = last_days(utc("2026-11-28T03:00:00Z"), 7, ALMATY);
        let facts = Facts {
            period,
            previous: before(period),
            buckets: buckets(period, ALMATY),
            ..Facts::default()
        };
        let f = figures(&facts, &Scope::regions([]));
        assert!(f.total.counts.is_quiet());
        assert_eq!(f.total.confirmed_share, None);
        assert_eq!(f.total.reopened_share, None);
        assert_eq!(f.total.acknowledge.median_days, None);
        assert_eq!(f.total.on_time.rate, None);
        assert_eq!(f.series.len(), 7);
        assert!(f.representatives.is_empty());
        assert!(Scope::regions([]).covers(&dim("KZ-11", "roads", None)));
    }

    /// A scope with many overdue and supported problems keeps only the rows its lists show:
    /// the digest job holds the figures of a whole batch of recipients at once.
    #[test]
    fn figures_of_a_large_scope_keep_only_the_listed_rows() {
        let period = last_days(utc("2026-11-28T03:00:00Z"), 1, ALMATY);
        let facts = Facts {
            period,
            previous: before(period),
            dims: vec![dim("KZ-75", "roads", Some(1)), dim("KZ-71", "roads", None)],
            // Unsorted, ids 100..=399; the later the id, the longer overdue; every third
            // in Astana.
            overdue: (100..400)
                .rev()
                .map(|id| OverdueFact {
                    id,
                    dim: u32::from(id % 3 == 0),
                    overdue_since: Some(
                        utc("2026-11-27T00:00:00Z") - chrono::Duration::hours(i64::from(id)),
                    ),
                    escalated: false,
                    filed_at: None,
                })
                .collect(),
            supported: (1..=200)
                .map(|id| SupportedFact {
                    id,
                    dim: 0,
                    supporters: id % 50,
                })
                .collect(),
            ..Facts::default()
        };
        let f = figures(&facts, &Scope::regions(["KZ-75".to_string()]));
        assert_eq!(
            f.oldest_overdue.iter().map(|o| o.id).collect::<Vec<_>>(),
            [398, 397, 395, 394, 392, 391, 389, 388, 386, 385]
        );
        assert_eq!(f.oldest_overdue.capacity(), 10);
        assert_eq!(
            f.most_supported,
            [(49, 49), (99, 49), (149, 49), (199, 49), (48, 48)]
        );
        assert_eq!(f.most_supported.capacity(), 5);
        // Every region: the longest overdue, wherever they are.
        let all = figures(&facts, &Scope::all());
        assert_eq!(
            all.oldest_overdue.iter().map(|o| o.id).collect::<Vec<_>>(),
            [399, 398, 397, 396, 395, 394, 393, 392, 391, 390]
        );
    }
}
