//! The monitors' dashboards: overview, regions, representatives (and one representative),
//! categories and the overdue list. Every view takes the same filters in its URL (period,
//! region, category, representative), and every number links to the list of the problems
//! it counts.

use super::charts::{self, Bar, Pair, Tile};
use super::{PageResult, render};
use crate::app::AppState;
use crate::domain::state::{Status, UserRole};
use crate::domain::stats::{self, AGE_BAND_DAYS, AGE_BANDS, Facts, Period, Scope, Summary};
use crate::error::{AppError, AppResult};
use crate::http::api::path_id;
use crate::http::api::problems::local_date;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::locale;
use crate::services::stats::{self as facts, Counted};
use crate::services::{problem_reference, queries};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// The longest custom period, in days.
pub const MAX_DAYS: i64 = 731;

/// What a dashboard shows: a period and filters, read from the URL.
#[derive(Clone, Debug)]
pub struct View {
    pub period: Period,
    pub previous: Period,
    /// A standard period's length; `None` for a custom range.
    pub days: Option<i64>,
    /// First and last local day of the period.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub region: Option<String>,
    pub category: Option<String>,
    pub representative: Option<i32>,
}

/// Reads the view from the query: `period` (7, 30, 90 or 365 days, default 30) or
/// `from`/`to` (local dates, both included), `region`, `category`, `representative`.
pub fn parse_view(st: &AppState, q: &HashMap<String, String>) -> AppResult<View> {
    let reference = st.reference();
    let today = st.clock.now().with_timezone(&st.tz).date_naive();
    let period = q.get("period").map(|s| s.trim()).filter(|s| !s.is_empty());
    let (from, to) = if period.is_none() || period == Some("custom") {
        (local_date(q, "from")?, local_date(q, "to")?)
    } else {
        (None, None)
    };
    if period == Some("custom") && from.is_none() {
        return Err(AppError::field(
            "from",
            "required",
            "is required for a custom period",
        ));
    }
    let (from, to, days) = match (from, to) {
        (None, None) => {
            let days = match period {
                None => 30,
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|d| stats::STANDARD_PERIODS.contains(d))
                    .ok_or_else(|| {
                        AppError::field(
                            "period",
                            "invalid_choice",
                            "must be 7, 30, 90, 365 or custom (with from and to)",
                        )
                    })?,
            };
            (today - Duration::days(days - 1), today, Some(days))
        }
        (Some(from), Some(to)) => {
            if to < from {
                return Err(AppError::field(
                    "to",
                    "out_of_range",
                    "must not be before from",
                ));
            }
            if (to - from).num_days() >= MAX_DAYS {
                return Err(AppError::field(
                    "to",
                    "out_of_range",
                    format!("the period may span at most {MAX_DAYS} days"),
                ));
            }
            (from, to, None)
        }
        (None, Some(_)) => {
            return Err(AppError::field("from", "required", "is required with to"));
        }
        (Some(_), None) => return Err(AppError::field("to", "required", "is required with from")),
    };
    let one = |name: &'static str, known: &dyn Fn(&str) -> bool| -> AppResult<Option<String>> {
        match q.get(name).map(|s| s.trim()) {
            None | Some("") => Ok(None),
            Some(v) if known(v) => Ok(Some(v.to_string())),
            Some(v) => Err(AppError::field(
                name,
                "unknown_code",
                format!("has an unknown value {v:?}"),
            )),
        }
    };
    let region = one("region", &|r| reference.has_region(r))?;
    let category = one("category", &|c| reference.has_category(c))?;
    let representative = match q.get("representative").map(|s| s.trim()) {
        None | Some("") => None,
        Some(v) => Some(v.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
            AppError::field(
                "representative",
                "invalid_id",
                "must be a representative's id",
            )
        })?),
    };
    let period = stats::local_days(from, to, st.tz);
    Ok(View {
        previous: stats::before(period),
        period,
        days,
        from,
        to,
        region,
        category,
        representative,
    })
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl View {
    /// What the figures count.
    pub fn scope(&self) -> Scope {
        Scope {
            regions: self.region.clone().map(|r| [r].into()),
            categories: self.category.clone().map(|c| [c].into()),
            representative: self.representative,
        }
    }

    fn period_params(&self) -> Vec<(&'static str, String)> {
        match self.days {
            Some(d) => vec![("period", d.to_string())],
            None => vec![
                ("period", "custom".to_string()),
                ("from", self.from.to_string()),
                ("to", self.to.to_string()),
            ],
        }
    }

    fn filter_params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(r) = &self.region {
            p.push(("region", r.clone()));
        }
        if let Some(c) = &self.category {
            p.push(("category", c.clone()));
        }
        if let Some(r) = self.representative {
            p.push(("representative", r.to_string()));
        }
        p
    }

    /// The URL of dashboard `path` with this view, `set` replacing or adding filters
    /// (an empty value removes one).
    pub fn href(&self, path: &str, set: &[(&'static str, String)]) -> String {
        let mut params = self.period_params();
        params.extend(self.filter_params());
        for (k, v) in set {
            params.retain(|(p, _)| p != k);
            if !v.is_empty() {
                params.push((k, v.clone()));
            }
        }
        if set.iter().any(|(k, _)| *k == "period") {
            params.retain(|(p, _)| *p != "from" && *p != "to");
        }
        let q = query(&params);
        if q.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{q}")
        }
    }

    /// The public list of the problems in this view's filters (`row` narrowing them) with
    /// `extra` conditions.
    fn list(&self, row: &[(&'static str, String)], extra: &[(&'static str, String)]) -> String {
        let mut params = self.filter_params();
        for (k, v) in row {
            params.retain(|(p, _)| p != k);
            params.push((k, v.clone()));
        }
        params.extend(extra.iter().cloned());
        format!("/problems?{}", query(&params))
    }

    fn dates(&self, field: &str) -> Vec<(&'static str, String)> {
        let (from, to) = queries::DateField::ALL
            .into_iter()
            .find(|f| f.name() == field)
            .map(|f| f.params())
            .unwrap_or(("received_from", "received_to"));
        vec![(from, self.from.to_string()), (to, self.to.to_string())]
    }
}

fn days(d: Option<f64>) -> Value {
    d.map_or(Value::Null, |d| json!(locale::fmt_days(d)))
}

fn percent(r: Option<f64>) -> Value {
    r.map_or(Value::Null, |r| json!(locale::fmt_percent(r)))
}

fn open_list() -> String {
    Status::open()
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A summary's numbers, each with the list it counts. `row` narrows the view's filters to
/// a table row (e.g. one region).
fn cells(view: &View, s: &Summary, row: &[(&'static str, String)], now: NaiveDate) -> Value {
    let open = [("status", open_list())];
    let with = |a: &[(&'static str, String)], b: &[(&'static str, String)]| {
        let mut v = a.to_vec();
        v.extend(b.iter().cloned());
        view.list(row, &v)
    };
    let received = view.dates("received");
    let resolved = view.dates("resolved");
    let acknowledged = view.dates("acknowledged");
    let closed = view.dates("closed");
    let due = view.dates("due");
    let bands: Vec<Value> = AGE_BANDS
        .iter()
        .enumerate()
        .map(|(i, key)| {
            // Filed between the band's bounds: [now - upper + 1 day, now - lower].
            let newest = if i == 0 {
                now
            } else {
                now - Duration::days(AGE_BAND_DAYS[i - 1])
            };
            let mut dates = vec![("received_to", newest.to_string())];
            if let Some(upper) = AGE_BAND_DAYS.get(i) {
                dates.push((
                    "received_from",
                    (now - Duration::days(*upper - 1)).to_string(),
                ));
            }
            json!({"key": key, "n": s.age_bands[i], "href": with(&open, &dates)})
        })
        .collect();
    json!({
        "received": {"n": s.counts.received, "before": s.previous.received,
                     "href": with(&received, &[])},
        "acknowledged": {"n": s.counts.acknowledged, "href": with(&acknowledged, &[])},
        "resolved": {"n": s.counts.resolved, "before": s.previous.resolved,
                     "href": with(&resolved, &[])},
        "fixed": {"n": s.counts.fixed, "before": s.previous.fixed,
                  "href": with(&closed, &[("verdict", "fixed".into())])},
        "reopened": {"n": s.counts.reopened, "href": with(&[("status", "reopened".into())], &[])},
        "rejected": {"n": s.counts.rejected, "href": with(&[("status", "rejected".into())], &[])},
        "open": {"n": s.open, "href": with(&open, &[])},
        "overdue": {"n": s.overdue, "href": with(&open, &[("overdue", "true".into())])},
        "escalated": {"n": s.escalated, "href": with(&open, &[("escalated", "true".into())])},
        "acknowledge": {"count": s.acknowledge.count, "median": days(s.acknowledge.median_days),
                        "p90": days(s.acknowledge.p90_days), "href": with(&acknowledged, &[])},
        "resolve": {"count": s.resolve.count, "median": days(s.resolve.median_days),
                    "p90": days(s.resolve.p90_days), "href": with(&resolved, &[])},
        "confirmed_share": {"text": percent(s.confirmed_share),
                            "href": with(&closed, &[("verdict", "fixed".into())])},
        "reopened_share": {"text": percent(s.reopened_share),
                           "href": with(&[("status", "reopened".into())], &[])},
        "on_time": {"text": percent(s.on_time.rate), "due": s.on_time.due,
                    "on_time": s.on_time.on_time, "late": s.on_time.late,
                    "href": with(&due, &[])},
        "bands": bands,
    })
}

/// The context every dashboard page shares: the view, its filter form and navigation.
fn frame(st: &AppState, view: &View, path: &str, facts: &Facts) -> Value {
    let reference = st.reference();
    // Offered shortest first.
    let mut days = stats::STANDARD_PERIODS;
    days.sort_unstable();
    let periods: Vec<Value> = days
        .iter()
        .map(|d| {
            json!({"days": d, "href": view.href(path, &[("period", d.to_string())]),
                   "current": view.days == Some(*d)})
        })
        .collect();
    let tabs: Vec<Value> = [
        ("overview", "/dashboard"),
        ("regions", "/dashboard/regions"),
        ("representatives", "/dashboard/representatives"),
        ("categories", "/dashboard/categories"),
        ("overdue", "/dashboard/overdue"),
    ]
    .into_iter()
    .map(|(key, p)| json!({"key": key, "href": view.href(p, &[]), "current": p == path}))
    .collect();
    json!({
        "path": path,
        "periods": periods,
        "tabs": tabs,
        "from": view.from.to_string(),
        "to": view.to.to_string(),
        "days": view.days,
        "custom": view.days.is_none(),
        "selected": {"region": view.region, "category": view.category,
                     "representative": view.representative},
        "regions": reference.regions,
        "categories": reference.categories,
        "as_of": locale::fmt_time(st, facts.as_of),
        "stats_href": view.href("/api/v1/stats", &[]),
    })
}

/// Renders `template` from the context `make` builds out of the view's counts. The context
/// is kept with those counts, under the page's URL (`extra` adds what the view does not
/// carry: the sort, the page), until they are recounted.
async fn memo_page<Fut>(
    st: &AppState,
    user: Option<&crate::auth::CurrentUser>,
    csrf: &CsrfToken,
    view: &View,
    extra: &str,
    template: &str,
    make: impl FnOnce(Arc<Counted>) -> Fut,
) -> PageResult
where
    Fut: std::future::Future<Output = AppResult<Value>>,
{
    let counted = load(st, view).await?;
    let key = format!("{template} {} {extra}", view.href("", &[]));
    let c = Arc::clone(&counted);
    let ctx = counted.memo(key, || make(c)).await?;
    render(st, user, csrf, template, (*ctx).clone(), StatusCode::OK)
}

async fn load(st: &AppState, view: &View) -> AppResult<Arc<Counted>> {
    Ok(facts::facts(st, view.period, view.previous).await?)
}

fn today(st: &AppState) -> NaiveDate {
    st.clock.now().with_timezone(&st.tz).date_naive()
}

/// Names of these users (representatives).
async fn names(st: &AppState, ids: Vec<i32>) -> AppResult<HashMap<i32, String>> {
    Ok(queries::user_names(st, ids).await?)
}

fn series_svg(st: &AppState, facts: &Facts, scope: &Scope, daily: bool) -> String {
    let points: Vec<Pair> = stats::series(facts, scope)
        .into_iter()
        .map(|p| Pair {
            label: locale::fmt_day_month(st, p.start),
            a: p.received,
            b: p.resolved,
        })
        .collect();
    let title = if daily {
        "Received and resolved per day"
    } else {
        "Received and resolved per week"
    };
    charts::pairs(title, ("received", "resolved"), &points)
}

fn bands_svg(c: &Value) -> String {
    let label = |k: &str| match k {
        "under_7_days" => "under 7 days",
        "7_to_30_days" => "7–30 days",
        "30_to_90_days" => "30–90 days",
        "90_to_365_days" => "90–365 days",
        _ => "over a year",
    };
    let items: Vec<Bar> = c["bands"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|b| Bar {
                    label: label(b["key"].as_str().unwrap_or_default()).to_string(),
                    n: b["n"].as_u64().unwrap_or(0),
                    href: b["href"].as_str().unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    charts::bars("Open problems by age", &items)
}

/// `GET /dashboard`
pub async fn overview(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let (s, v) = (&st, &view);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        "",
        "pages/dashboard.html",
        |c| async move { overview_ctx(s, v, &c.facts).await },
    )
    .await
}

async fn overview_ctx(st: &AppState, view: &View, facts: &Facts) -> AppResult<Value> {
    let scope = view.scope();
    let f = stats::figures(facts, &scope);
    let now = today(st);
    let total = cells(view, &f.total, &[], now);
    let worst: Vec<_> = f.representatives.iter().take(5).collect();
    let rep_ids: Vec<i32> = worst
        .iter()
        .map(|r| r.id)
        .chain(f.oldest_overdue.iter().filter_map(|o| o.representative))
        .collect();
    let reps = names(st, rep_ids).await?;
    let problem_ids: Vec<i32> = f
        .oldest_overdue
        .iter()
        .map(|o| o.id)
        .chain(f.most_supported.iter().map(|(id, _)| *id))
        .collect();
    let titles = titles(st, problem_ids).await?;
    let reference = st.reference();
    let worst: Vec<Value> = worst
        .iter()
        .map(|r| rep_row(view, r.id, &reps, &r.summary, now))
        .collect();
    let oldest: Vec<Value> = f
        .oldest_overdue
        .iter()
        .map(|o| overdue_row(st, o, &reps, &titles, &reference))
        .collect();
    let supported: Vec<Value> = f
        .most_supported
        .iter()
        .map(|(id, n)| {
            json!({"href": format!("/problems/{id}"), "reference": problem_reference(*id),
                   "title": titles.get(id), "supporters": n})
        })
        .collect();
    let daily = facts.buckets.len() < 2 || facts.buckets[1] - facts.buckets[0] <= Duration::days(1);
    let mut ctx = frame(st, view, "/dashboard", facts);
    ctx["total"] = total.clone();
    ctx["series_svg"] = json!(series_svg(st, facts, &scope, daily));
    ctx["bands_svg"] = json!(bands_svg(&total));
    ctx["worst"] = json!(worst);
    ctx["oldest"] = json!(oldest);
    ctx["supported"] = json!(supported);
    ctx["league_href"] = json!(view.href("/dashboard/representatives", &[]));
    ctx["overdue_href"] = json!(view.href("/dashboard/overdue", &[]));
    Ok(ctx)
}

/// Titles of these problems.
async fn titles(st: &AppState, ids: Vec<i32>) -> AppResult<HashMap<i32, String>> {
    Ok(queries::problem_titles(st, ids).await?)
}

fn rep_row(
    view: &View,
    id: i32,
    names: &HashMap<i32, String>,
    s: &Summary,
    now: NaiveDate,
) -> Value {
    json!({
        "id": id,
        "name": names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
        "href": view.href(&format!("/dashboard/representatives/{id}"), &[]),
        "cells": cells(view, s, &[("representative", id.to_string())], now),
    })
}

fn overdue_row(
    st: &AppState,
    o: &stats::OverdueRow,
    reps: &HashMap<i32, String>,
    titles: &HashMap<i32, String>,
    reference: &crate::services::reference::Reference,
) -> Value {
    let now = st.clock.now();
    let age = |t: Option<chrono::DateTime<chrono::Utc>>| {
        days(t.map(|t| (now - t).num_seconds() as f64 / 86_400.0))
    };
    json!({
        "href": format!("/problems/{}", o.id),
        "reference": problem_reference(o.id),
        "title": titles.get(&o.id),
        "region": reference.region_name(&o.region),
        "category": reference.category_name(&o.category),
        "representative": o.representative.map(|r| json!({
            "name": reps.get(&r).cloned().unwrap_or_else(|| format!("#{r}")),
            "href": format!("/dashboard/representatives/{r}")})),
        "age_days": age(o.filed_at),
        "overdue_days": age(o.overdue_since),
        "escalated": o.escalated,
    })
}

/// The keys a table can be sorted by, and whether larger is listed first.
const SORTS: [&str; 11] = [
    "name",
    "received",
    "open",
    "overdue",
    "resolved",
    "acknowledge",
    "resolve",
    "confirmed",
    "reopened",
    "on_time",
    "overdue_share",
];

fn sort_key(q: &HashMap<String, String>, default: &'static str) -> AppResult<&'static str> {
    match q.get("sort").map(|s| s.trim()) {
        None | Some("") => Ok(default),
        Some(v) => SORTS.iter().find(|s| **s == v).copied().ok_or_else(|| {
            AppError::field(
                "sort",
                "invalid_choice",
                format!("must be one of {}", SORTS.join(", ")),
            )
        }),
    }
}

fn overdue_share(s: &Summary) -> Option<f64> {
    (s.open > 0).then(|| s.overdue as f64 / s.open as f64)
}

/// Sorts rows (name, summary): by name A–Z, or worst first by a figure (rows without the
/// figure last).
fn sort_rows<T>(rows: &mut [(String, Summary, T)], key: &str) {
    let metric = |s: &Summary| -> Option<f64> {
        match key {
            "received" => Some(s.counts.received as f64),
            "open" => Some(s.open as f64),
            "overdue" => Some(s.overdue as f64),
            "resolved" => Some(-(s.counts.resolved as f64)),
            "acknowledge" => s.acknowledge.median_days,
            "resolve" => s.resolve.median_days,
            "confirmed" => s.confirmed_share.map(|x| -x),
            "reopened" => s.reopened_share,
            "on_time" => s.on_time.rate.map(|x| -x),
            "overdue_share" => overdue_share(s),
            _ => None,
        }
    };
    if key == "name" {
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        return;
    }
    rows.sort_by(|a, b| match (metric(&a.1), metric(&b.1)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.0.cmp(&b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(&b.0),
    });
}

fn sort_links(view: &View, path: &str, current: &str) -> Value {
    SORTS
        .iter()
        .map(|k| {
            (
                k.to_string(),
                json!({"href": view.href(path, &[("sort", k.to_string())]), "current": *k == current}),
            )
        })
        .collect::<serde_json::Map<String, Value>>()
        .into()
}

/// `GET /dashboard/regions`
pub async fn regions(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let sort = sort_key(&q, "overdue_share")?;
    let (s, v) = (&st, &view);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        sort,
        "pages/dashboard_regions.html",
        |c| async move { Ok(regions_ctx(s, v, &c.facts, sort)) },
    )
    .await
}

fn regions_ctx(st: &AppState, view: &View, facts: &Facts, sort: &str) -> Value {
    let by_region = stats::summarize(facts, &view.scope(), |d| Some(d.region.clone()));
    let reference = st.reference();
    let now = today(st);
    let mut rows: Vec<(String, Summary, String)> = reference
        .regions
        .iter()
        .filter(|r| view.region.as_ref().is_none_or(|x| *x == r.code))
        .map(|r| {
            (
                r.name_en.clone(),
                by_region.get(&r.code).cloned().unwrap_or_default(),
                r.code.clone(),
            )
        })
        .collect();
    sort_rows(&mut rows, sort);
    let tiles: Vec<Tile> = rows
        .iter()
        .map(|(name, s, code)| Tile {
            code: code.clone(),
            name: name.clone(),
            badness: overdue_share(s),
            text: overdue_share(s).map_or("–".into(), locale::fmt_percent),
            href: view.href("/dashboard", &[("region", code.clone())]),
        })
        .collect();
    let table: Vec<Value> = rows
        .iter()
        .map(|(name, s, code)| {
            json!({"name": name, "code": code,
                   "href": view.href("/dashboard", &[("region", code.clone())]),
                   "overdue_share": percent(overdue_share(s)),
                   "cells": cells(view, s, &[("region", code.clone())], now)})
        })
        .collect();
    let mut ctx = frame(st, view, "/dashboard/regions", facts);
    ctx["rows"] = json!(table);
    ctx["sorts"] = sort_links(view, "/dashboard/regions", sort);
    ctx["map_svg"] = json!(charts::tile_map(
        "Share of open problems that are overdue, by region",
        &tiles
    ));
    ctx
}

/// `GET /dashboard/representatives`: the league table.
pub async fn representatives(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let sort = sort_key(&q, "overdue")?;
    let (s, v) = (&st, &view);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        sort,
        "pages/dashboard_representatives.html",
        |c| async move { league_ctx(s, v, &c.facts, sort).await },
    )
    .await
}

async fn league_ctx(st: &AppState, view: &View, facts: &Facts, sort: &str) -> AppResult<Value> {
    let rows = stats::representatives(facts, &view.scope());
    let reps = names(st, rows.iter().map(|r| r.id).collect()).await?;
    let now = today(st);
    let mut rows: Vec<(String, Summary, i32)> = rows
        .into_iter()
        .map(|r| {
            (
                reps.get(&r.id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", r.id)),
                r.summary,
                r.id,
            )
        })
        .collect();
    sort_rows(&mut rows, sort);
    let table: Vec<Value> = rows
        .iter()
        .map(|(_, s, id)| rep_row(view, *id, &reps, s, now))
        .collect();
    let mut ctx = frame(st, view, "/dashboard/representatives", facts);
    ctx["rows"] = json!(table);
    ctx["sorts"] = sort_links(view, "/dashboard/representatives", sort);
    Ok(ctx)
}

/// `GET /dashboard/representatives/{id}`: one representative's figures, trend and open
/// problems.
pub async fn representative(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let id = path_id(&id)?;
    let mut view = parse_view(&st, &q)?;
    view.representative = Some(id);
    let person = {
        use sea_orm::EntityTrait;
        crate::entities::user::Entity::find_by_id(id)
            .one(&st.db)
            .await?
            .filter(|u| u.role == UserRole::Representative)
            .ok_or(AppError::NotFound)?
    };
    let counted = load(&st, &view).await?;
    let facts = &counted.facts;
    let scope = view.scope();
    let f = stats::figures(facts, &scope);
    let now = today(&st);
    let daily = facts.buckets.len() < 2 || facts.buckets[1] - facts.buckets[0] <= Duration::days(1);
    let (open, total_open) = queries::list(
        &st,
        &queries::Filter {
            representative: Some(id),
            statuses: Status::open(),
            page: 1,
            per_page: 50,
            ..Default::default()
        },
    )
    .await?;
    let mut ctx = frame(&st, &view, "/dashboard/representatives", facts);
    ctx["person"] = json!({"id": person.id, "name": person.name, "position": person.position,
                           "active": person.active});
    ctx["total"] = cells(&view, &f.total, &[], now);
    ctx["series_svg"] = json!(series_svg(&st, facts, &scope, daily));
    ctx["open_problems"] = json!(open);
    ctx["open_total"] = json!(total_open);
    ctx["open_href"] = json!(view.list(&[], &[("status", open_list())]));
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/dashboard_representative.html",
        ctx,
        StatusCode::OK,
    )
}

/// `GET /dashboard/categories`: general and election categories, each group with its
/// total.
pub async fn categories(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let sort = sort_key(&q, "name")?;
    let (s, v) = (&st, &view);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        sort,
        "pages/dashboard_categories.html",
        |c| async move { Ok(categories_ctx(s, v, &c.facts, sort)) },
    )
    .await
}

fn categories_ctx(st: &AppState, view: &View, facts: &Facts, sort: &str) -> Value {
    let scope = view.scope();
    let by_category = stats::summarize(facts, &scope, |d| Some(d.category.clone()));
    let reference = st.reference();
    let now = today(st);
    let mut groups = Vec::new();
    for group in ["general", "election"] {
        let codes: Vec<String> = reference
            .categories
            .iter()
            .filter(|c| c.group == group)
            .map(|c| c.code.clone())
            .collect();
        let mut rows: Vec<(String, Summary, String)> = reference
            .categories
            .iter()
            .filter(|c| c.group == group)
            .filter(|c| view.category.as_ref().is_none_or(|x| *x == c.code))
            .map(|c| {
                (
                    c.name_en.clone(),
                    by_category.get(&c.code).cloned().unwrap_or_default(),
                    c.code.clone(),
                )
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        sort_rows(&mut rows, sort);
        let group_scope = Scope {
            categories: Some(
                codes
                    .iter()
                    .filter(|c| view.category.as_ref().is_none_or(|x| x == *c))
                    .cloned()
                    .collect(),
            ),
            ..scope.clone()
        };
        let total = stats::summarize(facts, &group_scope, |_| Some(()))
            .remove(&())
            .unwrap_or_default();
        let table: Vec<Value> = rows
            .iter()
            .map(|(name, s, code)| {
                json!({"name": name, "code": code,
                       "href": view.href("/dashboard", &[("category", code.clone())]),
                       "cells": cells(view, s, &[("category", code.clone())], now)})
            })
            .collect();
        groups.push(json!({
            "group": group,
            "rows": table,
            "total": cells(view, &total, &[("category", codes.join(","))], now),
        }));
    }
    let mut ctx = frame(st, view, "/dashboard/categories", facts);
    ctx["groups"] = json!(groups);
    ctx["sorts"] = sort_links(view, "/dashboard/categories", sort);
    ctx
}

/// How many overdue problems a page of the overdue list shows.
const OVERDUE_PAGE: usize = 50;

/// `GET /dashboard/overdue`: every overdue problem in the filters, longest overdue first.
pub async fn overdue(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let page = match q.get("page").map(|s| s.trim()) {
        None | Some("") => 1,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| {
                AppError::field(
                    "page",
                    "out_of_range",
                    "must be an integer from 1 to 100000",
                )
            })?,
    };
    let (s, v) = (&st, &view);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        &page.to_string(),
        "pages/dashboard_overdue.html",
        |c| async move { overdue_ctx(s, v, &c.facts, page).await },
    )
    .await
}

async fn overdue_ctx(st: &AppState, view: &View, facts: &Facts, page: usize) -> AppResult<Value> {
    let all = stats::overdue(facts, &view.scope());
    let pages = all.len().div_ceil(OVERDUE_PAGE).max(1);
    let rows: Vec<&stats::OverdueRow> = all
        .iter()
        .skip((page - 1) * OVERDUE_PAGE)
        .take(OVERDUE_PAGE)
        .collect();
    let reps = names(st, rows.iter().filter_map(|o| o.representative).collect()).await?;
    let titles = titles(st, rows.iter().map(|o| o.id).collect()).await?;
    let reference = st.reference();
    let table: Vec<Value> = rows
        .iter()
        .map(|o| overdue_row(st, o, &reps, &titles, &reference))
        .collect();
    let mut ctx = frame(st, view, "/dashboard/overdue", facts);
    ctx["rows"] = json!(table);
    ctx["count"] = json!(all.len());
    ctx["page"] = json!(page);
    ctx["pages"] = json!(pages);
    ctx["prev_href"] = json!(
        (page > 1).then(|| view.href("/dashboard/overdue", &[("page", (page - 1).to_string())]))
    );
    ctx["next_href"] = json!(
        (page < pages)
            .then(|| view.href("/dashboard/overdue", &[("page", (page + 1).to_string())]))
    );
    ctx["list_href"] =
        json!(view.list(&[], &[("status", open_list()), ("overdue", "true".into())]));
    Ok(ctx)
}
