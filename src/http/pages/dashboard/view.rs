//! What every dashboard page shows around its table (the period links, the tabs, the filter
//! form) and the overview page: totals, charts and the short lists.

use super::cells::{cells, overdue_row, rep_row};
use super::{names, titles, today};
use crate::app::AppState;
use crate::domain::stats::{self, Facts, Scope};
use crate::error::AppResult;
use crate::http::pages::charts::{self, Bar, Pair};
use crate::http::query::View;
use crate::locale;
use crate::services::problem_reference;
use crate::services::queries::DateField;
use chrono::Duration;
use serde_json::{Value, json};

/// The context every dashboard page shares: the view, its filter form and navigation.
pub(super) fn frame(st: &AppState, view: &View, path: &str, facts: &Facts) -> Value {
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
        "as_of": locale::fmt_time(st, crate::i18n::FALLBACK, facts.as_of),
        "stats_href": view.href("/api/v1/stats", &[]),
    })
}

/// Received and resolved per day (or week) as bars.
pub(super) fn series_svg(st: &AppState, facts: &Facts, scope: &Scope, daily: bool) -> String {
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
    // The series count what the list's date fields of these names select.
    let names = (DateField::Received.name(), DateField::Resolved.name());
    charts::pairs(title, names, &points)
}

/// Open problems by age as bars.
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

/// The overview page's context.
pub(super) async fn overview_ctx(st: &AppState, view: &View, facts: &Facts) -> AppResult<Value> {
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
