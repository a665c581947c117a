//! Accredited observers (issue 20): what an observer may file. They file election reports
//! only, only in the regions of their scope (their `user_regions`; none listed: every
//! region), and every report of theirs belongs to an election. Their reports skip the
//! e-mail confirmation, so these rules are what stands between an observer's token and
//! the public record.

use super::elections::CategoryKind;
use super::input::FieldError;

/// Whether an observer may file a report of category `kind` in a region (`in_scope`: the
/// region is within their scope). The error names the field at fault.
pub fn check_filing(kind: CategoryKind, in_scope: bool) -> Result<(), FieldError> {
    if !kind.election {
        return Err(FieldError::new(
            "category",
            "observer_election_only",
            "error.field.observer_election_only",
        ));
    }
    if !in_scope {
        return Err(FieldError::new(
            "region",
            "outside_observer_scope",
            "error.field.outside_observer_scope",
        ));
    }
    Ok(())
}

/// An observer's report must belong to an election (named, or the one on in its region).
pub fn check_election(election: Option<i32>) -> Result<i32, FieldError> {
    election.ok_or_else(|| {
        FieldError::new(
            "election",
            "required",
            "error.field.observer_election_required",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELECTION: CategoryKind = CategoryKind {
        election: true,
        needs_station: false,
    };
    const ROADS: CategoryKind = CategoryKind {
        election: false,
        needs_station: false,
    };

    #[test]
    fn an_observer_files_election_reports_in_their_scope() {
        assert!(check_filing(ELECTION, true).is_ok());
    }

    #[test]
    fn an_observer_cannot_file_other_categories() {
        let e = check_filing(ROADS, true).unwrap_err();
        assert_eq!((e.field, e.code), ("category", "observer_election_only"));
    }

    #[test]
    fn an_observer_cannot_file_outside_their_regions() {
        let e = check_filing(ELECTION, false).unwrap_err();
        assert_eq!((e.field, e.code), ("region", "outside_observer_scope"));
    }

    #[test]
    fn an_observers_report_needs_an_election() {
        assert_eq!(check_election(Some(3)).unwrap(), 3);
        let e = check_election(None).unwrap_err();
        assert_eq!((e.field, e.code), ("election", "required"));
    }
}
