//! The facts the figures are computed from, as the database counted them: events of a
//! period by flow, dimension and chart bucket, the open problems now, and the few problems
//! listed by name. A [`Scope`] selects the facts of some regions, categories or a
//! representative.

use super::periods::Period;
use crate::domain::state::Status;
use crate::domain::status::Action;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

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

/// Where a fact belongs: its problem's region and category, the representative it is
/// credited to (who acknowledged or resolved; to whom it was routed; for everything else
/// the representative who holds the problem now), and, for an election report, its
/// election and its verification flag as it is now (issue 20).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dim {
    pub region: String,
    pub category: String,
    pub representative: Option<i32>,
    /// The election the problem belongs to; `None` for other problems.
    pub election: Option<i32>,
    /// A coordinator's or observer's finding: verified, found unverified, or not yet
    /// checked (`None`, and always for problems of no election).
    pub verified: Option<bool>,
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

/// Whose figures: some regions, categories, one representative or one election's
/// reports; empty sets mean all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// `None`: every region.
    pub regions: Option<HashSet<String>>,
    /// `None`: every category.
    pub categories: Option<HashSet<String>>,
    pub representative: Option<i32>,
    /// `Some(id)`: only the problems of election `id`.
    pub election: Option<i32>,
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
            && self.election.is_none_or(|e| d.election == Some(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
