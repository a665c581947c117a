//! Open311 GeoReport v2 rules: how a problem reads as a service request, and what a
//! query's filters mean. Pure functions; the HTTP layer renders them as JSON or XML.

use crate::domain::status::Status;
use chrono::{DateTime, Duration, FixedOffset, SecondsFormat, Utc};
use chrono_tz::Tz;

/// The longest `start_date`..`end_date` span, and the default window.
pub const MAX_SPAN_DAYS: i64 = 90;

/// The most requests one answer holds (also the largest `page_size`).
pub const MAX_REQUESTS: u64 = 1000;

/// The most ids `service_request_id` may list.
pub const MAX_IDS: usize = 100;

/// `open` or `closed`, as GeoReport sees a status: resolved, closed and merged duplicates
/// are closed; everything else is open.
pub fn public_status(s: Status) -> &'static str {
    match s {
        Status::Resolved | Status::Closed | Status::Duplicate => "closed",
        _ => "open",
    }
}

/// The statuses that GeoReport's `open` or `closed` covers.
pub fn statuses_of(open311: &str) -> Option<Vec<Status>> {
    let all = Status::ALL
        .iter()
        .copied()
        .filter(|s| *s != Status::Unconfirmed);
    let covered: Vec<Status> = all.filter(|s| public_status(*s) == open311).collect();
    (!covered.is_empty()).then_some(covered)
}

/// `status_notes`: the detailed status and the latest public note, if any.
pub fn status_notes(s: Status, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{}: {n}", s.as_str()),
        None => s.as_str().to_string(),
    }
}

/// A w3 datetime (RFC 3339 with seconds) in the service's time zone, with its offset.
pub fn w3(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Parses a w3 datetime; the offset (or `Z`) is required, as the specification says.
pub fn parse_w3(s: &str) -> Option<DateTime<Utc>> {
    DateTime::<FixedOffset>::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Why a date window was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum WindowError {
    EndBeforeStart,
    TooLong,
}

/// The `[start, end]` window of a query: both given (at most 90 days apart), one given
/// (90 days from or to it), or the last 90 days.
pub fn window(
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), WindowError> {
    let span = Duration::days(MAX_SPAN_DAYS);
    let (s, e) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + span),
        (None, Some(e)) => (e - span, e),
        (None, None) => (now - span, now),
    };
    if e < s {
        return Err(WindowError::EndBeforeStart);
    }
    if e - s > span {
        return Err(WindowError::TooLong);
    }
    Ok((s, e))
}

/// A problem's title from an Open311 description: its first sentence, at most 200
/// characters (cut at a word where possible).
pub fn title_from(description: &str) -> String {
    let text = description.trim();
    let end = text
        .char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?' | '\n')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text.len(), |(i, c)| {
            i + if c == '\n' { 0 } else { c.len_utf8() }
        });
    let mut first = text[..end].trim();
    // "Ой!" is no title: a first sentence under 5 characters takes the text after it too.
    if first.chars().count() < 5 {
        first = text;
    }
    if first.chars().count() <= 200 {
        return first.to_string();
    }
    let cut: String = first.chars().take(200).collect();
    match cut.rfind(' ') {
        Some(i) if i > 100 => cut[..i].trim_end().to_string(),
        _ => cut,
    }
}

/// The administrative centre of each region, and the three cities with their radius in
/// km: the coarse lookup that gives a request without a region one from its `lat`/`long`.
const CENTRES: [(&str, f64, f64); 17] = [
    ("KZ-10", 50.41, 80.25), // Semey
    ("KZ-11", 53.28, 69.39), // Kokshetau
    ("KZ-15", 50.28, 57.17), // Aktobe
    ("KZ-19", 43.87, 77.07), // Konaev
    ("KZ-23", 47.11, 51.92), // Atyrau
    ("KZ-27", 51.23, 51.37), // Oral
    ("KZ-31", 42.90, 71.37), // Taraz
    ("KZ-33", 45.02, 78.37), // Taldykorgan
    ("KZ-35", 49.81, 73.09), // Karaganda
    ("KZ-39", 53.21, 63.63), // Kostanay
    ("KZ-43", 44.85, 65.51), // Kyzylorda
    ("KZ-47", 43.65, 51.17), // Aktau
    ("KZ-55", 52.29, 76.97), // Pavlodar
    ("KZ-59", 54.87, 69.15), // Petropavl
    ("KZ-61", 43.30, 68.25), // Turkistan
    ("KZ-62", 47.80, 67.71), // Zhezkazgan
    ("KZ-63", 49.95, 82.61), // Oskemen
];
const CITIES: [(&str, f64, f64, f64); 3] = [
    ("KZ-71", 51.17, 71.43, 25.0), // Astana
    ("KZ-75", 43.24, 76.89, 25.0), // Almaty
    ("KZ-79", 42.32, 69.59, 20.0), // Shymkent
];

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The region of a point in Kazakhstan, coarsely: one of the three cities when within its
/// radius of the centre, else the region whose administrative centre is nearest. Near a
/// border this can pick the neighbour; clients that know the region should send it.
pub fn region_near(lat: f64, long: f64) -> &'static str {
    let p = (lat, long);
    if let Some((code, ..)) = CITIES.iter().find(|(_, la, lo, r)| km(p, (*la, *lo)) <= *r) {
        return code;
    }
    CENTRES
        .iter()
        .min_by(|a, b| km(p, (a.1, a.2)).total_cmp(&km(p, (b.1, b.2))))
        .map_or("KZ-71", |c| c.0)
}

/// Whether a category's service definition carries the `polling_station` attribute
/// (issue 20), and if so whether it is required: election categories carry it, required
/// for the polling-station category; other categories do not (`None`).
pub fn station_attribute(kind: crate::domain::elections::CategoryKind) -> Option<bool> {
    kind.election.then_some(kind.needs_station)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn election_categories_carry_the_station_attribute_required_at_a_station() {
        use crate::domain::elections::CategoryKind;
        let of = |code, group| station_attribute(CategoryKind::of(code, group));
        assert_eq!(of("election_polling_station", "election"), Some(true));
        assert_eq!(of("election_vote_buying", "election"), Some(false));
        assert_eq!(of("roads", "infrastructure"), None);
    }

    #[test]
    fn resolved_closed_and_duplicates_are_closed_the_rest_open() {
        assert_eq!(public_status(Status::Resolved), "closed");
        assert_eq!(public_status(Status::Duplicate), "closed");
        assert_eq!(public_status(Status::Rejected), "open");
        assert_eq!(public_status(Status::Reopened), "open");
        let open = statuses_of("open").unwrap();
        assert!(open.contains(&Status::New) && !open.contains(&Status::Unconfirmed));
        assert_eq!(statuses_of("closed").unwrap().len(), 3);
        assert_eq!(statuses_of("pending"), None);
    }

    #[test]
    fn notes_carry_the_detailed_status() {
        assert_eq!(
            status_notes(Status::InProgress, Some("Crew sent.")),
            "in_progress: Crew sent."
        );
        assert_eq!(status_notes(Status::New, Some("  ")), "new");
        assert_eq!(status_notes(Status::New, None), "new");
    }

    #[test]
    fn datetimes_carry_their_offset_both_ways() {
        let t = utc("2026-11-28T07:00:00Z");
        assert_eq!(w3(t, chrono_tz::Asia::Almaty), "2026-11-28T12:00:00+05:00");
        assert_eq!(parse_w3("2026-11-28T12:00:00+05:00"), Some(t));
        assert_eq!(parse_w3("2026-11-28T07:00:00Z"), Some(t));
        assert_eq!(parse_w3("2026-11-28T07:00:00"), None, "no offset");
        assert_eq!(parse_w3("2026-11-28"), None);
    }

    #[test]
    fn windows_default_to_ninety_days_and_never_exceed_them() {
        let now = utc("2026-11-28T00:00:00Z");
        assert_eq!(
            window(None, None, now),
            Ok((utc("2026-08-30T00:00:00Z"), now))
        );
        let s = utc("2026-01-01T00:00:00Z");
        assert_eq!(
            window(Some(s), None, now),
            Ok((s, utc("2026-04-01T00:00:00Z")))
        );
        assert_eq!(
            window(Some(s), Some(utc("2026-04-01T00:00:00Z")), now),
            Ok((s, utc("2026-04-01T00:00:00Z")))
        );
        assert_eq!(
            window(Some(s), Some(utc("2026-04-01T00:00:01Z")), now),
            Err(WindowError::TooLong)
        );
        assert_eq!(
            window(Some(now), Some(s), now),
            Err(WindowError::EndBeforeStart)
        );
    }

    #[test]
    fn regions_from_coordinates_coarsely() {
        assert_eq!(region_near(43.238, 76.945), "KZ-75", "Almaty, Abai avenue");
        assert_eq!(region_near(43.55, 77.05), "KZ-19", "north of Almaty city");
        assert_eq!(region_near(51.128, 71.430), "KZ-71", "Astana");
        assert_eq!(region_near(42.34, 69.60), "KZ-79", "Shymkent");
        assert_eq!(region_near(49.80, 73.10), "KZ-35", "Karaganda");
        assert_eq!(region_near(43.64, 51.20), "KZ-47", "Aktau");
        assert_eq!(region_near(52.97, 63.12), "KZ-39", "Rudny, Kostanay region");
    }

    #[test]
    fn titles_are_the_first_sentence_within_200_characters() {
        assert_eq!(
            title_from("Pothole on Abai avenue. It has been there for weeks."),
            "Pothole on Abai avenue."
        );
        assert_eq!(
            title_from("Price 3.5 tenge is wrong"),
            "Price 3.5 tenge is wrong"
        );
        assert_eq!(title_from("Жол бұзылған!\nКөмектесіңіз"), "Жол бұзылған!");
        assert_eq!(
            title_from("Ой! Жол бұзылған, көмектесіңіз."),
            "Ой! Жол бұзылған, көмектесіңіз."
        );
        let long = "слово ".repeat(60);
        let t = title_from(&long);
        assert!(t.chars().count() <= 200 && !t.ends_with(' '), "{t}");
    }
}
