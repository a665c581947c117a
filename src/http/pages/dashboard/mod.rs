//! The monitors' dashboards: overview, regions, representatives (and one representative),
//! categories and the overdue list. Every view takes the same filters in its URL (period,
//! region, category, representative), and every number links to the list of the problems
//! it counts.
//!
//! Handlers here; [`view`] builds what every page shows around its table and the overview,
//! [`tables`] the tables, [`cells`] the linked numbers of a row, [`sort`] the tables'
//! orders. The view itself (period and filters) is [`crate::http::query::View`].

mod cells;
mod sort;
mod tables;
mod view;

use super::{PageResult, render};
use crate::app::AppState;
use crate::domain::state::{Status, UserRole};
use crate::domain::stats;
use crate::error::{AppError, AppResult};
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::query::{View, parse_view, path_id};
use crate::services::queries;
use crate::services::stats::{self as facts, Counted};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};
use sort::SortKey;
use std::collections::HashMap;
use std::sync::Arc;

/// Renders `template` from the context `make` builds out of the view's counts. The context
/// is kept with those counts, under the page's URL and language (`extra` adds what the
/// view does not carry: the sort, the page), until they are recounted: a context holds
/// words, names and numbers already written in its language.
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
    let key = format!("{template} {} {} {extra}", csrf.lang, view.href("", &[]));
    let c = Arc::clone(&counted);
    let ctx = counted.memo(key, || make(c)).await?;
    render(st, user, csrf, template, (*ctx).clone(), StatusCode::OK)
}

async fn load(st: &AppState, view: &View) -> AppResult<Arc<Counted>> {
    facts::facts_now(st, view.period, view.previous).await
}

fn today(st: &AppState) -> NaiveDate {
    st.clock.now().with_timezone(&st.tz).date_naive()
}

/// Names of these users (representatives).
async fn names(st: &AppState, ids: Vec<i32>) -> AppResult<HashMap<i32, String>> {
    Ok(queries::user_names(st, ids).await?)
}

/// Titles of these problems.
async fn titles(st: &AppState, ids: Vec<i32>) -> AppResult<HashMap<i32, String>> {
    Ok(queries::problem_titles(st, ids).await?)
}

/// `GET /dashboard`
pub async fn overview(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let (s, v, lang) = (&st, &view, csrf.lang);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        "",
        "pages/dashboard.html",
        |c| async move { view::overview_ctx(s, lang, v, &c.facts).await },
    )
    .await
}

/// `GET /dashboard/regions`
pub async fn regions(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let sort = SortKey::from_query(&q, SortKey::OverdueShare)?;
    let (s, v, lang) = (&st, &view, csrf.lang);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        sort.name(),
        "pages/dashboard_regions.html",
        |c| async move { Ok(tables::regions_ctx(s, lang, v, &c.facts, sort)) },
    )
    .await
}

/// `GET /dashboard/representatives`: the league table.
pub async fn representatives(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let view = parse_view(&st, &q)?;
    let sort = SortKey::from_query(&q, SortKey::Overdue)?;
    let (s, v, lang) = (&st, &view, csrf.lang);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        sort.name(),
        "pages/dashboard_representatives.html",
        |c| async move { tables::league_ctx(s, lang, v, &c.facts, sort).await },
    )
    .await
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
    let (s, v, lang) = (&st, &view, csrf.lang);
    // Kept with the figures, as the other dashboards are: the trend, the figures and the
    // open problems are built once per count, not per visitor.
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        "",
        "pages/dashboard_representative.html",
        |c| async move { representative_ctx(s, lang, v, id, &c.facts).await },
    )
    .await
}

async fn representative_ctx(
    st: &AppState,
    lang: &'static str,
    view: &View,
    id: i32,
    facts: &stats::Facts,
) -> AppResult<Value> {
    let person = {
        use sea_orm::EntityTrait;
        crate::entities::user::Entity::find_by_id(id)
            .one(&st.db)
            .await?
            .filter(|u| u.role == UserRole::Representative)
            .ok_or(AppError::NotFound)?
    };
    let scope = view.scope();
    let f = stats::figures(facts, &scope);
    let now = today(st);
    let daily = facts.buckets.len() < 2 || facts.buckets[1] - facts.buckets[0] <= Duration::days(1);
    let open = queries::list(
        st,
        &queries::Filter {
            representative: Some(id),
            statuses: Status::open(),
            page: 1,
            per_page: 50,
            ..Default::default()
        },
    )
    .await?;
    let mut ctx = view::frame(st, lang, view, "/dashboard/representatives", facts);
    ctx["person"] = json!({"id": person.id, "name": person.name, "position": person.position,
                           "active": person.active});
    ctx["total"] = cells::cells(lang, view, &f.total, &[], now);
    ctx["series_svg"] = json!(view::series_svg(st, lang, facts, &scope, daily));
    ctx["open_problems"] = json!(open.items);
    ctx["open_total"] = json!(open.total.count);
    ctx["open_href"] = json!(view.list(&[], &[cells::open_status()]));
    Ok(ctx)
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
    let sort = SortKey::from_query(&q, SortKey::Name)?;
    let (s, v, lang) = (&st, &view, csrf.lang);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        sort.name(),
        "pages/dashboard_categories.html",
        |c| async move { Ok(tables::categories_ctx(s, lang, v, &c.facts, sort)) },
    )
    .await
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
                    crate::i18n::Text::key("error.field.integer_up_to").arg("max", 100_000_i64),
                )
            })?,
    };
    let (s, v, lang) = (&st, &view, csrf.lang);
    memo_page(
        s,
        user.as_ref(),
        &csrf,
        v,
        &page.to_string(),
        "pages/dashboard_overdue.html",
        |c| async move { tables::overdue_ctx(s, lang, v, &c.facts, page).await },
    )
    .await
}
