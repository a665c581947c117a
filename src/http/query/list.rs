//! The public list's filters (`/api/v1/problems`, `/problems`, the feed and the export):
//! comma lists of regions, categories, statuses and verdicts, a representative, flags, date
//! ranges, sort and paging.

use crate::app::AppState;
use crate::domain::state::{Status, Verdict};
use crate::domain::stats;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::services::queries::{self, Cursor, DateField, Filter, MAX_OFFSET};
use std::collections::HashMap;

/// A query parameter of the public list (the date ranges are [`DateField::params`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListParam {
    Region,
    Category,
    Status,
    Verdict,
    Representative,
    Election,
    Overdue,
    Escalated,
    Sort,
    Page,
    PerPage,
    Cursor,
}

/// Each parameter's name in the query string.
const NAMES: [(&str, ListParam); 12] = [
    ("region", ListParam::Region),
    ("category", ListParam::Category),
    ("status", ListParam::Status),
    ("verdict", ListParam::Verdict),
    ("representative", ListParam::Representative),
    ("election", ListParam::Election),
    ("overdue", ListParam::Overdue),
    ("escalated", ListParam::Escalated),
    ("sort", ListParam::Sort),
    ("page", ListParam::Page),
    ("per_page", ListParam::PerPage),
    ("cursor", ListParam::Cursor),
];

impl ListParam {
    /// The filters a feed's own links carry over (what it selects, not how it pages).
    pub const FEED: [ListParam; 5] = [
        ListParam::Region,
        ListParam::Category,
        ListParam::Status,
        ListParam::Representative,
        ListParam::Election,
    ];

    /// The parameter's name in the query string.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("", |(name, _)| name)
    }
}

/// The highest page number the list accepts at all (how deep `page` really goes depends
/// on `per_page`: the first [`MAX_OFFSET`] problems; deeper pages follow `cursor`).
pub const MAX_PAGE: u64 = MAX_OFFSET + 1;
/// The most problems on one page.
pub const MAX_PER_PAGE: u64 = 100;

fn list_of(
    q: &HashMap<String, String>,
    param: ListParam,
    known: impl Fn(&str) -> bool,
) -> AppResult<Vec<String>> {
    let name = param.name();
    let Some(v) = q.get(name) else {
        return Ok(Vec::new());
    };
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            if known(s) {
                Ok(s.to_string())
            } else {
                Err(AppError::field(
                    name,
                    "unknown_code",
                    Text::key("error.field.unknown_value").arg("value", format!("{s:?}")),
                ))
            }
        })
        .collect()
}

fn positive(
    q: &HashMap<String, String>,
    param: ListParam,
    default: u64,
    max: u64,
) -> AppResult<u64> {
    let name = param.name();
    match q.get(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                AppError::field(
                    name,
                    "out_of_range",
                    Text::key("error.field.integer_up_to").arg("max", max),
                )
            }),
    }
}

fn flag(q: &HashMap<String, String>, param: ListParam) -> AppResult<Option<bool>> {
    let name = param.name();
    match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(AppError::field(
            name,
            "invalid_choice",
            "error.field.boolean",
        )),
    }
}

/// The search parameter: words of the title, description and address.
pub const SEARCH: &str = "q";

/// `q`, trimmed (empty is no search), checked by [`queries::search::parse`] so that a bad
/// search is a 422 naming `q` before anything is read.
fn search(q: &HashMap<String, String>) -> AppResult<Option<String>> {
    match q.get(SEARCH).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            queries::search::parse(s)?;
            Ok(Some(s.to_string()))
        }
    }
}

/// Parses the public list's filters (shared by the API, the HTML list, the feed and the
/// export).
pub fn parse_filter(st: &AppState, q: &HashMap<String, String>) -> AppResult<Filter> {
    let reference = st.reference();
    let statuses = list_of(q, ListParam::Status, |s| {
        Status::parse(s).is_some_and(Status::is_public)
    })?
    .iter()
    .filter_map(|s| Status::parse(s))
    .collect();
    let representative = super::representative(q)?;
    let sort = ListParam::Sort.name();
    let by_support = match q.get(sort).map(|s| s.trim()) {
        None | Some("") | Some("newest") => false,
        Some("support") => true,
        Some(_) => {
            return Err(AppError::field(sort, "invalid_choice", "error.field.sort"));
        }
    };
    let verdicts = list_of(q, ListParam::Verdict, |v| Verdict::parse(v).is_some())?
        .iter()
        .filter_map(|v| Verdict::parse(v))
        .collect();
    let mut ranges = Vec::new();
    for field in DateField::ALL {
        let (from_name, to_name) = field.params();
        let from = super::local_date(q, from_name)?;
        let to = super::local_date(q, to_name)?;
        if from.is_some() || to.is_some() {
            ranges.push((
                field,
                from.map(|d| stats::local_days(d, d, st.tz).start),
                to.map(|d| stats::local_days(d, d, st.tz).end),
            ));
        }
    }
    let per_page = positive(q, ListParam::PerPage, 20, MAX_PER_PAGE)?;
    let cursor_name = ListParam::Cursor.name();
    let cursor =
        match q.get(cursor_name).map(|s| s.trim()) {
            None | Some("") => None,
            Some(c) => Some(Cursor::parse(c, by_support).ok_or_else(|| {
                AppError::field(cursor_name, "invalid_format", "error.field.cursor")
            })?),
        };
    Ok(Filter {
        overdue: flag(q, ListParam::Overdue)?,
        escalated: flag(q, ListParam::Escalated)?,
        verdicts,
        ranges,
        by_support,
        q: search(q)?,
        regions: list_of(q, ListParam::Region, |r| reference.has_region(r))?,
        categories: list_of(q, ListParam::Category, |c| reference.has_category(c))?,
        statuses,
        representative,
        election: super::election_id(q)?,
        // Offset paging reaches the first MAX_OFFSET problems; beyond, `cursor`.
        page: positive(q, ListParam::Page, 1, MAX_OFFSET / per_page + 1)?,
        per_page,
        cursor,
    })
}

/// The link to the page after this one: the same query without `page` and `cursor`, plus
/// `cursor` (parameters sorted, so that equal lists have equal links).
pub fn next_href(path: &str, q: &HashMap<String, String>, next: &Cursor) -> String {
    let cursor = ListParam::Cursor.name();
    let mut keep: Vec<(&String, &String)> = q
        .iter()
        .filter(|(k, v)| {
            k.as_str() != ListParam::Page.name() && k.as_str() != cursor && !v.is_empty()
        })
        .collect();
    keep.sort();
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in keep {
        out.append_pair(k, v);
    }
    out.append_pair(cursor, &next.encode());
    format!("{path}?{}", out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_parameter_has_its_own_name() {
        let names: Vec<&str> = NAMES.iter().map(|(_, p)| p.name()).collect();
        let spelled: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, spelled);
        assert_eq!(ListParam::PerPage.name(), "per_page");
    }

    #[test]
    fn the_next_link_keeps_the_filters_and_replaces_page_and_cursor() {
        let q: HashMap<String, String> = [
            ("region", "KZ-71"),
            ("page", "3"),
            ("cursor", "900"),
            ("sort", "support"),
            ("q", "жол дороги"),
            ("status", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let next = Cursor {
            id: 812,
            supporters: Some(4),
        };
        assert_eq!(
            next_href("/api/v1/problems", &q, &next),
            "/api/v1/problems?q=%D0%B6%D0%BE%D0%BB+%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D0%B8\
             &region=KZ-71&sort=support&cursor=4.812"
        );
    }
}
