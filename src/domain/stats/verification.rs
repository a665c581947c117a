//! The verification split of election reports (issue 20): of the reports received in the
//! period, how many were found verified (verified violations), found unverified, or not yet
//! checked. Counted from the received tallies, whose dimensions carry each problem's flag
//! as it is now, so verified reports are counted apart in the same facts as every other
//! figure.

use super::facts::{Facts, Flow, Scope};
use serde::Serialize;
use utoipa::ToSchema;

/// Election reports received in the period, by their verification flag now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Verification {
    /// All reports received in the period (`counts.received`).
    pub reports: u64,
    /// Found verified by a coordinator or an accredited observer: verified violations.
    pub verified: u64,
    /// Checked and found unverified.
    pub unverified: u64,
    /// Not yet checked.
    pub unchecked: u64,
}

/// The verification split of the reports in `scope` received in the facts' period.
pub fn verification(facts: &Facts, scope: &Scope) -> Verification {
    let mut v = Verification::default();
    for t in facts.tallies.iter().filter(|t| t.flow == Flow::Received) {
        let Some(d) = facts.dims.get(t.dim as usize) else {
            continue;
        };
        if !scope.covers(d) {
            continue;
        }
        v.reports += t.n;
        match d.verified {
            Some(true) => v.verified += t.n,
            Some(false) => v.unverified += t.n,
            None => v.unchecked += t.n,
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::facts::{Dim, Tally};

    fn dim(election: Option<i32>, verified: Option<bool>) -> Dim {
        Dim {
            region: "KZ-75".into(),
            category: "election_polling_station".into(),
            election,
            verified,
            ..Dim::default()
        }
    }

    fn t(dim: u32, flow: Flow, n: u64) -> Tally {
        Tally {
            dim,
            flow,
            bucket: 0,
            n,
        }
    }

    #[test]
    fn an_elections_reports_split_by_their_flag_and_other_problems_stay_out() {
        let facts = Facts {
            dims: vec![
                dim(Some(1), Some(true)),
                dim(Some(1), Some(false)),
                dim(Some(1), None),
                dim(Some(2), Some(true)),
                dim(None, None),
            ],
            tallies: vec![
                t(0, Flow::Received, 3),
                t(0, Flow::Acknowledged, 2),
                t(1, Flow::Received, 1),
                t(2, Flow::Received, 4),
                t(3, Flow::Received, 5),
                t(4, Flow::Received, 7),
            ],
            ..Facts::default()
        };
        let one = Scope {
            election: Some(1),
            ..Scope::default()
        };
        assert_eq!(
            verification(&facts, &one),
            Verification {
                reports: 8,
                verified: 3,
                unverified: 1,
                unchecked: 4
            }
        );
        // Without an election: every problem received, the others counted as unchecked.
        assert_eq!(
            verification(&facts, &Scope::all()),
            Verification {
                reports: 20,
                verified: 8,
                unverified: 1,
                unchecked: 11
            }
        );
        let none = Scope {
            election: Some(3),
            ..Scope::default()
        };
        assert_eq!(verification(&facts, &none), Verification::default());
    }
}
