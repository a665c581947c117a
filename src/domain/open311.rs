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
    match open311 {
        "open" => Some(all.filter(|s| public_status(*s) == "open").collect()),
        "closed" => Some(all.filter(|s| public_status(*s) == "closed").collect()),
        _ => None,
    }
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
    let first = text[..end].trim();
    if first.chars().count() <= 200 {
        return first.to_string();
    }
    let cut: String = first.chars().take(200).collect();
    match cut.rfind(' ') {
        Some(i) if i > 100 => cut[..i].trim_end().to_string(),
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
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
        let long = "слово ".repeat(60);
        let t = title_from(&long);
        assert!(t.chars().count() <= 200 && !t.ends_with(' '), "{t}");
    }
}
