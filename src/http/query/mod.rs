//! Query-string and path parsing that the JSON API ([`super::api`]) and the HTML pages
//! ([`super::pages`]) share, so that both read the same filters with the same rules and the
//! same error messages: the public list's filters ([`list`]) and the dashboards' view
//! ([`view`]).

pub mod list;
pub mod view;

pub use list::{ListParam, parse_filter};
pub use view::{MAX_DAYS, View, parse_view};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Parses a path id; anything but a positive integer is a 404 (no such problem).
pub fn path_id(raw: &str) -> Result<i32, AppError> {
    raw.parse::<i32>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or(AppError::NotFound)
}

/// Parameter `name` as a local date (`YYYY-MM-DD`), if given.
pub fn local_date(q: &HashMap<String, String>, name: &'static str) -> AppResult<Option<NaiveDate>> {
    match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .ok()
            // Far-off years would overflow date arithmetic; nothing here is that old.
            .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
            .map(Some)
            .ok_or_else(|| AppError::field(name, "invalid_date", "error.field.date_range")),
    }
}

/// The `representative` parameter (a user id), if given: the list and the dashboards
/// narrow to one representative the same way.
pub fn representative(q: &HashMap<String, String>) -> AppResult<Option<i32>> {
    let name = ListParam::Representative.name();
    match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<i32>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| AppError::field(name, "invalid_id", "error.field.representative_id")),
    }
}

/// The `election` parameter as a number, if given (not a positive number: a 422 naming
/// `election`); the list takes it so, and an unknown election's list is empty.
pub fn election_id(q: &HashMap<String, String>) -> AppResult<Option<i32>> {
    let name = ListParam::Election.name();
    match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<i32>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| AppError::field(name, "invalid_id", "error.field.election_id")),
    }
}

/// The `election` parameter (an election's id), if given: the stats and the feed narrow to
/// one election's reports. Not a positive number: a 422 naming `election`; no such
/// election: a 404 naming it.
pub async fn election(st: &AppState, q: &HashMap<String, String>) -> AppResult<Option<i32>> {
    match election_id(q)? {
        None => Ok(None),
        Some(id) => known_election(st, id).await.map(Some),
    }
}

/// `id` if election `id` exists; else a 404 naming the parameter `election`.
pub async fn known_election(st: &AppState, id: i32) -> AppResult<i32> {
    match crate::services::elections::get(&st.read_db, id).await {
        Ok(_) => Ok(id),
        Err(AppError::NotFound) => Err(AppError::Unknown {
            field: ListParam::Election.name(),
            code: "unknown_election",
            message: Text::key("error.field.unknown_election").arg("id", i64::from(id)),
        }),
        Err(e) => Err(e),
    }
}
