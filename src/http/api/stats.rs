//! `GET /api/v1/stats`: the dashboards' figures as JSON, with the dashboards' filters.

use crate::app::AppState;
use crate::domain::stats::{self, Period, SeriesPoint, Summary, Verification};
use crate::error::{AppError, AppResult};
use crate::http::api::schema::ErrorBody;
use crate::http::query::{View, parse_view};
use crate::services::stats as facts;
use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// The period the figures cover.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StatsPeriod {
    /// First local day (inclusive).
    pub from: NaiveDate,
    /// Last local day (inclusive).
    pub to: NaiveDate,
    /// The same period as instants, `[start, end)`.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// 7, 30, 90 or 365 for a standard period; absent for a custom range.
    pub days: Option<i64>,
}

/// The filters applied.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StatsFilters {
    pub region: Option<String>,
    pub category: Option<String>,
    pub representative: Option<i32>,
    /// The election whose reports the figures count (issue 20).
    pub election: Option<i32>,
}

/// One row of a breakdown.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StatsGroup {
    /// Region code, category code or representative id (as text).
    pub key: String,
    /// Its English name.
    pub name: String,
    #[serde(flatten)]
    pub figures: Summary,
}

/// The dashboards' figures.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Stats {
    pub period: StatsPeriod,
    /// The period of the same length before, which `overview.previous` counts.
    pub previous: Period,
    pub filters: StatsFilters,
    /// When open and overdue problems were counted.
    pub as_of: DateTime<Utc>,
    pub overview: Summary,
    /// Received and resolved per day (periods up to 31 days) or per week.
    pub series: Vec<SeriesPoint>,
    /// `region`, `category` or `representative` when asked for with `group_by`.
    pub group_by: Option<String>,
    /// One row per region, category or representative (empty without `group_by`).
    pub groups: Vec<StatsGroup>,
    /// With `election`: its reports received in the period by their verification flag now
    /// (verified violations counted apart); null without `election`.
    pub verification: Option<Verification>,
}

/// What `group_by` breaks the figures down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Region,
    Category,
    Representative,
}

/// Each breakdown's name in `group_by`.
const GROUP_NAMES: [(&str, GroupBy); 3] = [
    ("region", GroupBy::Region),
    ("category", GroupBy::Category),
    ("representative", GroupBy::Representative),
];

impl GroupBy {
    /// The breakdown called `name`, if there is one.
    pub fn parse(name: &str) -> Option<GroupBy> {
        GROUP_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, g)| *g)
    }

    /// Every breakdown's name, for the OpenAPI document.
    pub fn names() -> [&'static str; 3] {
        GROUP_NAMES.map(|(n, _)| n)
    }

    /// Its name in `group_by` (and in the answer).
    pub fn name(self) -> &'static str {
        GROUP_NAMES
            .iter()
            .find(|(_, g)| *g == self)
            .map_or("", |(n, _)| n)
    }
}

/// The dashboards' figures. Counts are events in the period; `open`, `overdue`,
/// `escalated` and `age_bands` (under 7, 7–30, 30–90, 90–365, over 365 days since filing)
/// are counted now. Durations are days from assignment, counted to the hour; medians and
/// 90th percentiles interpolate like `percentile_cont`. `on_time` counts the problems whose
/// resolve-by deadline fell in the period and has passed (late: resolved after it, or still
/// not resolved). A change made through this process is in the next answer; one made by
/// another process may take up to `dashboard.max_age_seconds` to show. With `election`,
/// only that election's reports are counted, and `verification` splits them by their
/// verification flag.
#[utoipa::path(get, path = "/api/v1/stats", params(super::params::StatsQuery),
    responses((status = 200, description = "The figures", body = Stats),
              (status = 404, description = "No such election (`field`: `election`)",
               body = ErrorBody),
              (status = 422, description = "A parameter is invalid (named in `field`)",
               body = ErrorBody)))]
pub async fn stats(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Json<serde_json::Value>> {
    let view = parse_view(&st, &q)?;
    let group_by = match q.get("group_by").map(|s| s.trim()) {
        None | Some("") => None,
        Some(g) => Some(GroupBy::parse(g).ok_or_else(|| {
            AppError::field("group_by", "invalid_choice", "error.field.group_by")
        })?),
    };
    let election = crate::http::query::election(&st, &q).await?;
    let counted = facts::facts_now(&st, view.period, view.previous).await?;
    let key = format!(
        "stats {} {} {}",
        view.href("", &[]),
        group_by.map_or("", GroupBy::name),
        election.map_or(String::new(), |e| e.to_string())
    );
    let answer = counted
        .memo(key, || async {
            let stats = compute(&st, &view, election, &counted.facts, group_by).await?;
            serde_json::to_value(stats).map_err(|e| AppError::Other(e.into()))
        })
        .await?;
    Ok(Json((*answer).clone()))
}

async fn compute(
    st: &AppState,
    view: &View,
    election: Option<i32>,
    facts: &crate::domain::stats::Facts,
    group_by: Option<GroupBy>,
) -> AppResult<Stats> {
    let scope = stats::Scope {
        election,
        ..view.scope()
    };
    let overview = stats::summarize(facts, &scope, |_| Some(()))
        .remove(&())
        .unwrap_or_default();
    let reference = st.reference();
    let groups: Vec<StatsGroup> = match group_by {
        Some(GroupBy::Region) => named(
            stats::summarize(facts, &scope, |d| Some(d.region.clone())),
            |k| reference.region_name(k, "en"),
        ),
        Some(GroupBy::Category) => named(
            stats::summarize(facts, &scope, |d| Some(d.category.clone())),
            |k| reference.category_name(k, "en"),
        ),
        Some(GroupBy::Representative) => {
            let rows = stats::summarize(facts, &scope, |d| d.representative);
            let names =
                crate::services::queries::user_names(st, rows.keys().copied().collect()).await?;
            rows.into_iter()
                .map(|(id, figures)| StatsGroup {
                    key: id.to_string(),
                    name: names.get(&id).cloned().unwrap_or_default(),
                    figures,
                })
                .collect()
        }
        None => Vec::new(),
    };
    Ok(Stats {
        period: StatsPeriod {
            from: view.from,
            to: view.to,
            start: view.period.start,
            end: view.period.end,
            days: view.days,
        },
        previous: view.previous,
        filters: StatsFilters {
            region: view.region.clone(),
            category: view.category.clone(),
            representative: view.representative,
            election,
        },
        as_of: facts.as_of,
        series: stats::series(facts, &scope),
        overview,
        group_by: group_by.map(|g| g.name().to_string()),
        groups,
        verification: election.map(|_| stats::verification(facts, &scope)),
    })
}

fn named(rows: BTreeMap<String, Summary>, name: impl Fn(&str) -> String) -> Vec<StatsGroup> {
    rows.into_iter()
        .map(|(key, figures)| StatsGroup {
            name: name(&key),
            key,
            figures,
        })
        .collect()
}
