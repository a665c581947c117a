//! The figures of a period and a scope: what the digests report and what the dashboards
//! and `/api/v1/stats` show. Pure functions ([`summarize`], [`figures`]) over facts that
//! the database has already counted ([`Facts`]), so that every view always agrees.
//!
//! Definitions:
//! - counts of the period are events in `[start, end)`: received = confirmed, routed =
//!   assigned to a representative (by a rule or by hand), acknowledged, resolved, fixed =
//!   the citizen confirmed the fix, reopened = the citizen said it is not fixed, rejected;
//! - days to acknowledge / resolve: elapsed time (paused time included) from the
//!   assignment to the acknowledgement or resolution that happened in the period, counted
//!   to the hour; median and 90th percentile interpolate linearly between ranks, as
//!   PostgreSQL's `percentile_cont` does;
//! - citizen-confirmed share: of the citizens' verdicts given in the period (fixed, not
//!   fixed, or no answer within the deadline), the share that said fixed;
//! - on-time rate: of the problems whose resolve-by deadline fell in the period and has
//!   passed, the share resolved by then (late: resolved after it, or still not resolved);
//! - open, overdue and the age bands are counted now, whatever the period.

use crate::domain::state::Status;
use crate::domain::status::Action;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    pub fn of(action: Action, to_status: Option<Status>) -> Option<Flow> {
        Some(match action {
            Action::Confirm => Flow::Received,
            Action::Route | Action::Assign if to_status == Some(Status::Assigned) => Flow::Routed,
            Action::Acknowledge => Flow::Acknowledged,
            Action::Resolve => Flow::Resolved,
            Action::ConfirmFixed => Flow::Fixed,
            Action::ReportNotFixed => Flow::Reopened,
            Action::Reject => Flow::Rejected,
            Action::CloseNoAnswer => Flow::NoAnswer,
            _ => return None,
        })
    }

    /// The actions to read from the database.
    pub const ACTIONS: [Action; 9] = [
        Action::Confirm,
        Action::Route,
        Action::Assign,
        Action::Acknowledge,
        Action::Resolve,
        Action::ConfirmFixed,
        Action::ReportNotFixed,
        Action::Reject,
        Action::CloseNoAnswer,
    ];
}

/// Where a fact belongs: its problem's region and category, and the representative it is
/// credited to (who acknowledged or resolved; to whom it was routed; for everything else
/// the representative who holds the problem now).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dim {
    pub region: String,
    pub category: String,
    pub representative: Option<i32>,
}

/// Events of one flow counted in one dimension and one chart bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub dim: u32,
    pub flow: Flow,
    /// Index into [`Facts::buckets`] (0 for the previous period).
    pub bucket: u16,
    pub n: u64,
}

/// Acknowledgements or resolutions (the `flow`) that took `hours` (elapsed since the
/// assignment, rounded to the hour), counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Elapsed {
    pub dim: u32,
    pub flow: Flow,
    pub hours: u32,
    pub n: u64,
}

/// Open problems now, by how long ago they were filed, in local days with today included
/// (under 7 days: filed in the last 7 local days).
pub const AGE_BANDS: [&str; 5] = [
    "under_7_days",
    "7_to_30_days",
    "30_to_90_days",
    "90_to_365_days",
    "over_365_days",
];

/// The lower bounds, in days, of [`AGE_BANDS`] after the first.
pub const AGE_BAND_DAYS: [i64; 4] = [7, 30, 90, 365];

/// Open problems counted in one dimension, age band and state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenGroup {
    pub dim: u32,
    /// Index into [`AGE_BANDS`].
    pub band: u8,
    pub overdue: bool,
    pub escalated: bool,
    pub n: u64,
}

/// Problems whose resolve-by deadline fell in the period (and has passed), counted by
/// whether they were resolved by then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlineGroup {
    pub dim: u32,
    pub on_time: bool,
    pub n: u64,
}

/// An overdue problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueFact {
    pub id: i32,
    pub dim: u32,
    /// The earliest deadline it missed and still owes.
    pub overdue_since: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub filed_at: Option<DateTime<Utc>>,
}

/// An open problem that citizens support.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupportedFact {
    pub id: i32,
    pub dim: u32,
    pub supporters: i32,
}

/// Everything the figures read: the events of a period (and of the period before, to
/// compare), counted by dimension, and the open problems as they are now. Small enough to
/// keep in memory for a million problems: rows are counts, not problems, except for the
/// overdue and supported problems that the figures list.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub period: Period,
    pub previous: Period,
    /// The start of each chart bucket; the last one ends with the period.
    pub buckets: Vec<DateTime<Utc>>,
    /// When the open problems were counted.
    pub as_of: DateTime<Utc>,
    pub dims: Vec<Dim>,
    pub tallies: Vec<Tally>,
    pub previous_tallies: Vec<Tally>,
    pub elapsed: Vec<Elapsed>,
    pub open: Vec<OpenGroup>,
    pub deadlines: Vec<DeadlineGroup>,
    pub overdue: Vec<OverdueFact>,
    pub supported: Vec<SupportedFact>,
}

impl Default for Period {
    fn default() -> Self {
        Period {
            start: DateTime::<Utc>::MIN_UTC,
            end: DateTime::<Utc>::MIN_UTC,
        }
    }
}

/// Gives each distinct [`Dim`] one index while the facts are read.
#[derive(Default)]
pub struct DimIndex {
    map: HashMap<Dim, u32>,
    dims: Vec<Dim>,
}

impl DimIndex {
    /// The index of `d`, added if new.
    pub fn of(&mut self, d: Dim) -> u32 {
        if let Some(i) = self.map.get(&d) {
            return *i;
        }
        let i = self.dims.len() as u32;
        self.dims.push(d.clone());
        self.map.insert(d, i);
        i
    }

    /// The dimensions, by index.
    pub fn into_dims(self) -> Vec<Dim> {
        self.dims
    }
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

/// Whose figures: some regions, categories or one representative; empty sets mean all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// `None`: every region.
    pub regions: Option<HashSet<String>>,
    /// `None`: every category.
    pub categories: Option<HashSet<String>>,
    pub representative: Option<i32>,
}

impl Scope {
    /// Everything.
    pub fn all() -> Scope {
        Scope::default()
    }

    /// These regions (an empty list means every region, as for a coordinator without
    /// regions).
    pub fn regions(codes: impl IntoIterator<Item = String>) -> Scope {
        let set: HashSet<String> = codes.into_iter().collect();
        Scope {
            regions: (!set.is_empty()).then_some(set),
            ..Scope::default()
        }
    }

    /// Whether `d` is inside.
    pub fn covers(&self, d: &Dim) -> bool {
        self.regions.as_ref().is_none_or(|r| r.contains(&d.region))
            && self
                .categories
                .as_ref()
                .is_none_or(|c| c.contains(&d.category))
            && self
                .representative
                .is_none_or(|r| d.representative == Some(r))
    }
}

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

/// Median and 90th percentile of durations in days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Quantiles {
    pub count: u64,
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

/// The value at `rank` (from 0) of counted values sorted by value.
fn at_rank(sorted: &[(u32, u64)], rank: u64) -> f64 {
    let mut seen = 0;
    for (v, n) in sorted {
        seen += n;
        if rank < seen {
            return f64::from(*v);
        }
    }
    sorted.last().map_or(0.0, |(v, _)| f64::from(*v))
}

/// [`quantile`] of counted values (value, how many), without expanding them.
fn counted_quantile(sorted: &[(u32, u64)], total: u64, q: f64) -> Option<f64> {
    if total == 0 {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (total - 1) as f64;
    let lo = pos.floor() as u64;
    let hi = pos.ceil() as u64;
    let (a, b) = (at_rank(sorted, lo), at_rank(sorted, hi));
    Some(a + (b - a) * (pos - lo as f64))
}

fn quantiles(mut hours: Vec<(u32, u64)>) -> Quantiles {
    hours.sort_unstable();
    let total = hours.iter().map(|(_, n)| n).sum();
    let days = |q| counted_quantile(&hours, total, q).map(|h| h / 24.0);
    Quantiles {
        count: total,
        median_days: days(0.5),
        p90_days: days(0.9),
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

/// The figures of `scope`: the overview, the representatives, the oldest overdue and the
/// most supported problems, and the chart.
pub fn figures(facts: &Facts, scope: &Scope) -> Figures {
    let total = summarize(facts, scope, |_| Some(()))
        .remove(&())
        .unwrap_or_default();
    let mut oldest = overdue(facts, scope);
    oldest.truncate(OLDEST);
    let mut supported: Vec<(i32, i32)> = facts
        .supported
        .iter()
        .filter(|s| {
            s.supporters > 0
                && facts
                    .dims
                    .get(s.dim as usize)
                    .is_some_and(|d| scope.covers(d))
        })
        .map(|s| (s.id, s.supporters))
        .collect();
    supported.sort_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
    supported.truncate(MOST_SUPPORTED);
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

    #[test]
    fn quantiles_interpolate_like_percentile_cont() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], 0.9), Some(3.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((quantile(&ten, 0.9).unwrap() - 9.1).abs() < 1e-9);
        // Counted values give what the expanded values give.
        let counted = [(1, 3), (4, 1), (10, 2)];
        let expanded = [1.0, 1.0, 1.0, 4.0, 10.0, 10.0];
        for q in [0.0, 0.1, 0.5, 0.75, 0.9, 1.0] {
            assert_eq!(
                counted_quantile(&counted, 6, q),
                quantile(&expanded, q),
                "q = {q}"
            );
        }
        assert_eq!(counted_quantile(&[], 0, 0.5), None);
    }

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
            representative: None,
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

    #[test]
    fn routing_to_triage_is_not_routed() {
        assert_eq!(Flow::of(Action::Route, Some(Status::New)), None);
        assert_eq!(
            Flow::of(Action::Route, Some(Status::Assigned)),
            Some(Flow::Routed)
        );
        assert_eq!(
            Flow::of(Action::Assign, Some(Status::Assigned)),
            Some(Flow::Routed)
        );
        assert_eq!(Flow::of(Action::Comment, Some(Status::Assigned)), None);
    }
}
