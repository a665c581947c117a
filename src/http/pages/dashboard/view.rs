//! What every dashboard page shows around its table (the period links, the tabs, the filter
//! form) and the overview page: totals, charts and the short lists. Everything is built
//! for the page's language `lang`.

use super::cells::{cells, overdue_row, rep_row};
use super::{names, titles, today};
use crate::app::AppState;
use crate::domain::stats::{self, Facts, Scope};
use crate::error::AppResult;
use crate::http::pages::charts::{self, Bar, Pair};
use crate::http::query::View;
use crate::i18n::{Arg, message, message_with};
use crate::locale;
use crate::services::problem_reference;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};

/// A calendar day (in the configured zone) with its month's name in `lang`.
fn day_text(st: &AppState, lang: &str, d: NaiveDate) -> String {
    let noon = d.and_hms_opt(12, 0, 0).unwrap_or_default();
    st.tz.from_local_datetime(&noon).earliest().map_or_else(
        || d.to_string(),
        |t| locale::fmt_date(st, lang, t.with_timezone(&Utc)),
    )
}

/// The context every dashboard page shares: the view, its filter form and navigation.
pub(super) fn frame(st: &AppState, lang: &str, view: &View, path: &str, facts: &Facts) -> Value {
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
        "from_text": day_text(st, lang, view.from),
        "to_text": day_text(st, lang, view.to),
        "days": view.days,
        "custom": view.days.is_none(),
        "selected": {"region": view.region, "category": view.category,
                     "representative": view.representative},
        "regions": reference.regions,
        "categories": reference.categories,
        "as_of": locale::fmt_time(st, lang, facts.as_of),
        "stats_href": view.href("/api/v1/stats", &[]),
    })
}

/// A count for a Fluent selector (`{ $count -> [one] … }`).
fn count(n: u64) -> Arg {
    Arg::Number(n as f64)
}

/// Received and resolved per day (or week) as bars.
pub(super) fn series_svg(
    st: &AppState,
    lang: &str,
    facts: &Facts,
    scope: &Scope,
    daily: bool,
) -> String {
    let tip = |key: &str, day: &str, n: u64| {
        message_with(lang, key, &[("day", day.into()), ("count", count(n))])
    };
    let points: Vec<Pair> = stats::series(facts, scope)
        .into_iter()
        .map(|p| {
            let label = locale::fmt_day_month(st, p.start);
            Pair {
                tip_a: tip("dash.tip_received", &label, p.received),
                tip_b: tip("dash.tip_resolved", &label, p.resolved),
                label,
                a: p.received,
                b: p.resolved,
            }
        })
        .collect();
    let title = message(
        lang,
        if daily {
            "dash.chart_flow_day"
        } else {
            "dash.chart_flow_week"
        },
    );
    let names = (
        message(lang, "dash.received"),
        message(lang, "dash.resolved"),
    );
    charts::pairs(lang, &title, (&names.0, &names.1), &points)
}

/// Open problems by age as bars, each band named in `lang` (`dash-band-under-7-days`).
fn bands_svg(lang: &str, c: &Value) -> String {
    let items: Vec<Bar> = c["bands"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|b| {
                    let key = b["key"].as_str().unwrap_or_default();
                    let label = message(lang, &format!("dash.band.{key}"));
                    let n = b["n"].as_u64().unwrap_or(0);
                    Bar {
                        tip: message_with(
                            lang,
                            "dash.tip_open",
                            &[("band", label.as_str().into()), ("count", count(n))],
                        ),
                        label,
                        n,
                        href: b["href"].as_str().unwrap_or_default().to_string(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    charts::bars(lang, &message(lang, "dash.chart_age"), &items)
}

/// The overview page's context.
pub(super) async fn overview_ctx(
    st: &AppState,
    lang: &str,
    view: &View,
    facts: &Facts,
) -> AppResult<Value> {
    let scope = view.scope();
    let f = stats::figures(facts, &scope);
    let now = today(st);
    let total = cells(lang, view, &f.total, &[], now);
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
        .map(|r| rep_row(lang, view, r.id, &reps, &r.summary, now))
        .collect();
    let oldest: Vec<Value> = f
        .oldest_overdue
        .iter()
        .map(|o| overdue_row(st, lang, o, &reps, &titles, &reference))
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
    let mut ctx = frame(st, lang, view, "/dashboard", facts);
    ctx["total"] = total.clone();
    ctx["series_svg"] = json!(series_svg(st, lang, facts, &scope, daily));
    ctx["bands_svg"] = json!(bands_svg(lang, &total));
    ctx["worst"] = json!(worst);
    ctx["oldest"] = json!(oldest);
    ctx["supported"] = json!(supported);
    ctx["league_href"] = json!(view.href("/dashboard/representatives", &[]));
    ctx["overdue_href"] = json!(view.href("/dashboard/overdue", &[]));
    Ok(ctx)
}
