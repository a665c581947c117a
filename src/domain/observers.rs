//! Accredited observers (issue 20): what an observer may file. They file election reports
//! only, only in the regions of their scope (their `user_regions`; none listed: every
//! region), and every report of theirs belongs to an election. An observer scoped to
//! polling stations (`observer_stations`) files and verifies only for those stations.
//! Their reports skip the e-mail confirmation, so these rules are what stands between an
//! observer's token and the public record. They also give the exact time of what they saw
//! (`observed_at`), which can be neither in the future nor before the campaign.

use super::elections::CategoryKind;
use super::input::FieldError;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};

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

/// Whether an observer whose stations are `stations` ((election, number) pairs; none: the
/// observer is scoped by regions only) may act on a report of `election` at `station`.
pub fn station_in_scope(
    stations: &[(i32, i32)],
    election: Option<i32>,
    station: Option<i32>,
) -> bool {
    if stations.is_empty() {
        return true;
    }
    match (election, station) {
        (Some(e), Some(n)) => stations.contains(&(e, n)),
        _ => false,
    }
}

/// [`station_in_scope`] for a filing: the refusal names `polling_station`.
pub fn check_station(
    stations: &[(i32, i32)],
    election: i32,
    station: Option<i32>,
) -> Result<(), FieldError> {
    if station_in_scope(stations, Some(election), station) {
        return Ok(());
    }
    Err(FieldError::new(
        "polling_station",
        "outside_observer_stations",
        "error.field.outside_observer_stations",
    ))
}

/// A list of stations as the CLI and the users page take it: `ELECTION:NUMBER` pairs
/// separated by commas, semicolons or spaces (`3:101,3:102`); empty: none. Duplicates
/// count once; the result is sorted.
pub fn parse_stations(raw: &str) -> Result<Vec<(i32, i32)>, FieldError> {
    let mut out = Vec::new();
    for item in raw.split([',', ';', ' ', '\n']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let pair = item.split_once(':').and_then(|(e, n)| {
            let (e, n) = (e.trim().parse::<i32>().ok()?, n.trim().parse::<i32>().ok()?);
            (e > 0 && n > 0).then_some((e, n))
        });
        match pair {
            Some(p) => out.push(p),
            None => {
                return Err(FieldError::new(
                    "stations",
                    "invalid_stations",
                    crate::i18n::Text::key("error.field.observer_stations_format")
                        .arg("item", item),
                ));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// How far ahead of the server's clock an observation time may be: a device's clock that
/// runs a little fast is not a reason to refuse a report.
pub const CLOCK_SKEW: Duration = Duration::minutes(1);

/// An observation time as the API takes it: RFC 3339 (`2026-12-20T09:10:00+05:00`).
pub fn parse_observed_at(raw: &str) -> Result<DateTime<Utc>, FieldError> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            FieldError::new(
                "observed_at",
                "invalid_time",
                "error.field.observed_at_format",
            )
        })
}

/// An observation time as the workspace form sends it: local time of `tz`, to the minute
/// (`2026-12-20T09:10`, what `<input type="datetime-local">` sends) or the second.
pub fn parse_local_observed_at<Tz: TimeZone>(
    raw: &str,
    tz: &Tz,
) -> Result<DateTime<Utc>, FieldError> {
    let raw = raw.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .and_then(|local| tz.from_local_datetime(&local).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            FieldError::new(
                "observed_at",
                "invalid_time",
                "error.field.observed_at_format",
            )
        })
}

/// The observation time of a report filed at `now` in an election whose campaign began at
/// `campaign_start` (the start of that local day): the time given, or `now` when none was;
/// never in the future (beyond [`CLOCK_SKEW`]) nor before the campaign.
pub fn check_observed_at(
    given: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    campaign_start: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    let at = given.unwrap_or(now);
    if at > now + CLOCK_SKEW {
        return Err(FieldError::new(
            "observed_at",
            "in_future",
            "error.field.observed_at_future",
        ));
    }
    if at < campaign_start {
        return Err(FieldError::new(
            "observed_at",
            "before_campaign",
            "error.field.observed_at_before_campaign",
        ));
    }
    Ok(at)
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

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_observer_scoped_by_regions_has_no_station_limit() {
        assert!(station_in_scope(&[], Some(3), Some(101)));
        assert!(station_in_scope(&[], None, None));
        assert!(check_station(&[], 3, None).is_ok());
    }

    #[test]
    fn an_observer_scoped_to_stations_acts_only_at_those_stations() {
        let mine = [(3, 101), (3, 102), (4, 7)];
        assert!(station_in_scope(&mine, Some(3), Some(102)));
        assert!(station_in_scope(&mine, Some(4), Some(7)));
        // Another station, the same number in another election, or no station at all.
        assert!(!station_in_scope(&mine, Some(3), Some(201)));
        assert!(!station_in_scope(&mine, Some(4), Some(101)));
        assert!(!station_in_scope(&mine, Some(3), None));
        assert!(!station_in_scope(&mine, None, Some(101)));
        let e = check_station(&mine, 3, Some(201)).unwrap_err();
        assert_eq!(
            (e.field, e.code),
            ("polling_station", "outside_observer_stations")
        );
        let e = check_station(&mine, 3, None).unwrap_err();
        assert_eq!(e.field, "polling_station");
    }

    #[test]
    fn a_station_list_is_election_colon_number_pairs() {
        assert_eq!(
            parse_stations("3:102, 3:101;4:7 3:101").unwrap(),
            vec![(3, 101), (3, 102), (4, 7)]
        );
        assert_eq!(parse_stations("").unwrap(), vec![]);
        assert_eq!(parse_stations(" , ").unwrap(), vec![]);
        for bad in ["101", "3:", ":101", "3:x", "0:101", "3:-1", "3:101:2"] {
            let e = parse_stations(bad).unwrap_err();
            assert_eq!((e.field, e.code), ("stations", "invalid_stations"), "{bad}");
        }
    }

    #[test]
    fn an_observation_time_is_rfc_3339() {
        assert_eq!(
            parse_observed_at("2026-12-20T09:10:00+05:00").unwrap(),
            utc("2026-12-20T04:10:00Z")
        );
        for bad in ["2026-12-20 09:10", "yesterday", "", "2026-12-20T09:10:00"] {
            let e = parse_observed_at(bad).unwrap_err();
            assert_eq!((e.field, e.code), ("observed_at", "invalid_time"), "{bad}");
        }
    }

    #[test]
    fn the_forms_observation_time_is_local() {
        let almaty = chrono::FixedOffset::east_opt(5 * 3600).unwrap();
        assert_eq!(
            parse_local_observed_at("2026-12-20T09:10", &almaty).unwrap(),
            utc("2026-12-20T04:10:00Z")
        );
        assert_eq!(
            parse_local_observed_at("2026-12-20T09:10:30", &almaty).unwrap(),
            utc("2026-12-20T04:10:30Z")
        );
        let e = parse_local_observed_at("20.12.2026 09:10", &almaty).unwrap_err();
        assert_eq!((e.field, e.code), ("observed_at", "invalid_time"));
    }

    #[test]
    fn an_observation_is_neither_in_the_future_nor_before_the_campaign() {
        let now = utc("2026-12-20T04:10:00Z");
        let campaign = utc("2026-11-19T19:00:00Z");
        // None given: the filing time.
        assert_eq!(check_observed_at(None, now, campaign).unwrap(), now);
        let earlier = utc("2026-12-20T03:00:00Z");
        assert_eq!(
            check_observed_at(Some(earlier), now, campaign).unwrap(),
            earlier
        );
        // A clock a minute fast is tolerated; two minutes are not.
        let fast = utc("2026-12-20T04:11:00Z");
        assert_eq!(check_observed_at(Some(fast), now, campaign).unwrap(), fast);
        let e = check_observed_at(Some(utc("2026-12-20T04:12:00Z")), now, campaign).unwrap_err();
        assert_eq!((e.field, e.code), ("observed_at", "in_future"));
        // The campaign's first moment is fine, the one before it is not.
        assert_eq!(
            check_observed_at(Some(campaign), now, campaign).unwrap(),
            campaign
        );
        let e = check_observed_at(Some(utc("2026-11-19T18:59:59Z")), now, campaign).unwrap_err();
        assert_eq!((e.field, e.code), ("observed_at", "before_campaign"));
    }
}
