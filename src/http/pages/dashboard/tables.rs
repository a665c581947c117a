//! The dashboards' tables: regions (with the tile map), representatives (the league
//! table), categories (by group, with totals) and the overdue list, each in the page's
//! language `lang` (names of regions and categories included).

use super::cells::{cells, open_status, overdue_row, percent, rep_row};
use super::sort::{SortKey, overdue_share, sort_links, sort_rows};
use super::view::frame;
use super::{OVERDUE_PAGE, names, titles, today};
use crate::app::AppState;
use crate::domain::stats::{self, Facts, Scope, Summary};
use crate::error::AppResult;
use crate::http::pages::charts::{self, Tile};
use crate::http::query::{ListParam, View};
use crate::i18n::{message, message_with};
use crate::locale;
use serde_json::{Value, json};

/// The regions page's context.
pub(super) fn regions_ctx(
    st: &AppState,
    lang: &str,
    view: &View,
    facts: &Facts,
    sort: SortKey,
) -> Value {
    let by_region = stats::summarize(facts, &view.scope(), |d| Some(d.region.clone()));
    let reference = st.reference();
    let now = today(st);
    let mut rows: Vec<(String, Summary, String)> = reference
        .regions
        .iter()
        .filter(|r| view.region.as_ref().is_none_or(|x| *x == r.code))
        .map(|r| {
            (
                reference.region_name(&r.code, lang),
                by_region.get(&r.code).cloned().unwrap_or_default(),
                r.code.clone(),
            )
        })
        .collect();
    sort_rows(&mut rows, sort);
    let tiles: Vec<Tile> = rows
        .iter()
        .map(|(name, s, code)| {
            let share = overdue_share(s).map(|s| locale::fmt_percent(lang, s));
            let region = ("region", name.as_str().into());
            Tile {
                code: code.clone(),
                badness: overdue_share(s),
                tip: match &share {
                    Some(p) => message_with(
                        lang,
                        "dash.tip_region",
                        &[region, ("share", p.as_str().into())],
                    ),
                    None => message_with(lang, "dash.tip_region_none", &[region]),
                },
                text: share.unwrap_or_else(|| "–".into()),
                href: view.href("/dashboard", &[(ListParam::Region.name(), code.clone())]),
            }
        })
        .collect();
    let table: Vec<Value> = rows
        .iter()
        .map(|(name, s, code)| {
            json!({"name": name, "code": code,
                   "href": view.href("/dashboard", &[(ListParam::Region.name(), code.clone())]),
                   "overdue_share": percent(lang, overdue_share(s)),
                   "cells": cells(lang, view, s, &[(ListParam::Region.name(), code.clone())], now)})
        })
        .collect();
    let mut ctx = frame(st, lang, view, "/dashboard/regions", facts);
    ctx["rows"] = json!(table);
    ctx["sorts"] = sort_links(view, "/dashboard/regions", sort);
    ctx["map_svg"] = json!(charts::tile_map(
        lang,
        &message(lang, "dash.map_title"),
        &tiles
    ));
    ctx
}

/// The league table's context.
pub(super) async fn league_ctx(
    st: &AppState,
    lang: &str,
    view: &View,
    facts: &Facts,
    sort: SortKey,
) -> AppResult<Value> {
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
        .map(|(_, s, id)| rep_row(lang, view, *id, &reps, s, now))
        .collect();
    let mut ctx = frame(st, lang, view, "/dashboard/representatives", facts);
    ctx["rows"] = json!(table);
    ctx["sorts"] = sort_links(view, "/dashboard/representatives", sort);
    Ok(ctx)
}

/// The categories page's context.
pub(super) fn categories_ctx(
    st: &AppState,
    lang: &str,
    view: &View,
    facts: &Facts,
    sort: SortKey,
) -> Value {
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
                    reference.category_name(&c.code, lang),
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
                       "href": view.href("/dashboard", &[(ListParam::Category.name(), code.clone())]),
                       "cells": cells(lang, view, s, &[(ListParam::Category.name(), code.clone())], now)})
            })
            .collect();
        groups.push(json!({
            "group": group,
            "rows": table,
            "total": cells(lang, view, &total, &[(ListParam::Category.name(), codes.join(","))], now),
        }));
    }
    let mut ctx = frame(st, lang, view, "/dashboard/categories", facts);
    ctx["groups"] = json!(groups);
    ctx["sorts"] = sort_links(view, "/dashboard/categories", sort);
    ctx
}

/// One page of the overdue list.
pub(super) async fn overdue_ctx(
    st: &AppState,
    lang: &str,
    view: &View,
    facts: &Facts,
    page: usize,
) -> AppResult<Value> {
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
        .map(|o| overdue_row(st, lang, o, &reps, &titles, &reference))
        .collect();
    let mut ctx = frame(st, lang, view, "/dashboard/overdue", facts);
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
    ctx["list_href"] = json!(view.list(
        &[],
        &[open_status(), (ListParam::Overdue.name(), "true".into())]
    ));
    Ok(ctx)
}
