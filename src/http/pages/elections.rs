//! Elections (issue 20): admins list, add and change them at `/admin/elections`; everyone
//! finds an election's polling stations by number or address
//! (`/elections/{id}/stations?q=`) and reads a station's page with the election's problems
//! filed about it (`/elections/{id}/stations/{number}`).

use super::{PageResult, field_errors, render};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::elections::{ElectionKind, RawElection, Regions, Scheduled, parse_election};
use crate::domain::input::FieldError;
use crate::domain::permissions::Act;
use crate::entities::election;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::http::query::path_id;
use crate::services::{elections, queries, stations};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Problems a station's page lists.
const STATION_PROBLEMS: u64 = 50;

/// An election as pages show it, in `lang`: names, kind, regions, dates and its phase now.
pub(super) fn view(st: &AppState, lang: &str, e: &election::Model) -> Value {
    let s = e.schedule();
    let reference = st.reference();
    let regions = match e.regions() {
        Regions::All => Value::Null,
        Regions::Only(list) => list
            .iter()
            .map(|c| reference.region_name(c, lang))
            .collect::<Vec<_>>()
            .join(", ")
            .into(),
    };
    json!({
        "id": e.id, "name": e.name(lang), "kind": crate::domain::elections::kind_key(e.kind),
        "regions": regions,
        "campaign_start": crate::locale::fmt_day(lang, s.campaign_start),
        "silence_day": crate::locale::fmt_day(lang, s.silence_day),
        "voting_day": crate::locale::fmt_day(lang, s.voting_day),
        "results_date": crate::locale::fmt_day(lang, s.results_date),
        "polls_open": s.polls_open.format("%H:%M").to_string(),
        "polls_close": s.polls_close.format("%H:%M").to_string(),
        "phase": s.phase(elections::local_now(st)).key(),
    })
}

/// The signed-in admin.
fn admin(user: Option<CurrentUser>) -> Result<CurrentUser, super::PageError> {
    super::allowed(user, Act::ManageElections)
}

/// The form's values of a stored election.
fn values_of(e: &election::Model) -> HashMap<String, String> {
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let hour = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    HashMap::from([
        ("name_kk".into(), e.name_kk.clone()),
        ("name_ru".into(), e.name_ru.clone()),
        ("name_en".into(), e.name_en.clone()),
        ("kind".into(), e.kind.as_str().into()),
        ("regions".into(), e.regions.clone().unwrap_or_default()),
        ("campaign_start".into(), day(e.campaign_start)),
        ("silence_day".into(), day(e.silence_day)),
        ("voting_day".into(), day(e.voting_day)),
        ("polls_open".into(), hour(e.polls_open)),
        ("polls_close".into(), hour(e.polls_close)),
        ("results_date".into(), day(e.results_date)),
    ])
}

/// The form's fields as typed.
fn raw_of(v: &HashMap<String, String>) -> RawElection {
    let get = |k: &str| v.get(k).cloned();
    RawElection {
        name_kk: get("name_kk"),
        name_ru: get("name_ru"),
        name_en: get("name_en"),
        kind: get("kind"),
        regions: get("regions"),
        campaign_start: get("campaign_start"),
        silence_day: get("silence_day"),
        voting_day: get("voting_day"),
        polls_open: get("polls_open"),
        polls_close: get("polls_close"),
        results_date: get("results_date"),
    }
}

/// The list with the new-election form, or one election's form (`editing`).
async fn page(
    st: &AppState,
    user: &CurrentUser,
    csrf: &CsrfToken,
    editing: Option<i32>,
    v: &HashMap<String, String>,
    errors: &[FieldError],
    code: StatusCode,
) -> PageResult {
    let rows: Vec<Value> = elections::all(&st.db)
        .await
        .map_err(AppError::from)?
        .iter()
        .map(|e| view(st, csrf.lang, e))
        .collect();
    let kinds: Vec<Value> = ElectionKind::ALL
        .iter()
        .map(|k| json!({"code": k.as_str(), "key": crate::domain::elections::kind_key(*k)}))
        .collect();
    render(
        st,
        Some(user),
        csrf,
        "pages/elections.html",
        json!({"rows": rows, "kinds": kinds, "editing": editing, "v": v,
               "errors": field_errors(csrf, errors)}),
        code,
    )
}

/// Every election, and the form to add one.
pub async fn admin_list(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = admin(user)?;
    let v = HashMap::from([("kind".to_string(), ElectionKind::Mazhilis.as_str().into())]);
    page(&st, &user, &csrf, None, &v, &[], StatusCode::OK).await
}

/// Adds an election; blank dates take the defaults (see `domain::elections`).
pub async fn admin_create(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let reference = st.reference();
    match parse_election(&raw_of(&v), |r| reference.has_region(r)) {
        Err(errors) => {
            let code = StatusCode::UNPROCESSABLE_ENTITY;
            page(&st, &user, &csrf, None, &v, &errors, code).await
        }
        Ok(spec) => {
            elections::create(&st, &spec).await?;
            Ok(see_other(
                &st,
                "/admin/elections",
                Flash::new("flash.election_saved"),
            ))
        }
    }
}

/// One election's form.
pub async fn admin_edit(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
) -> PageResult {
    let user = admin(user)?;
    let e = elections::get(&st.db, path_id(&id)?).await?;
    let v = values_of(&e);
    page(&st, &user, &csrf, Some(e.id), &v, &[], StatusCode::OK).await
}

/// Changes an election.
pub async fn admin_save(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = path_id(&id)?;
    elections::get(&st.db, id).await?;
    let reference = st.reference();
    match parse_election(&raw_of(&v), |r| reference.has_region(r)) {
        Err(errors) => {
            let code = StatusCode::UNPROCESSABLE_ENTITY;
            page(&st, &user, &csrf, Some(id), &v, &errors, code).await
        }
        Ok(spec) => {
            elections::update(&st, id, &spec).await?;
            Ok(see_other(
                &st,
                "/admin/elections",
                Flash::new("flash.election_saved"),
            ))
        }
    }
}

/// A coordinator's (or admin's) finding on an election report, from the form on its
/// public page: `verified` (`true` or `false`) and a `note`.
pub async fn verify(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = super::require(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = path_id(&id)?;
    let verified = match v.get("verified").map(String::as_str) {
        Some("true") => true,
        Some("false") => false,
        _ => {
            return Err(AppError::field(
                "verified",
                "invalid_value",
                crate::i18n::Text::key("error.field.one_of").arg("choices", "true, false"),
            )
            .into());
        }
    };
    crate::services::workflow::verify(&st, &user, id, verified, v.get("note").map(String::as_str))
        .await?;
    Ok(see_other(
        &st,
        &format!("/problems/{id}"),
        Flash::new("flash.verified"),
    ))
}

/// A station as pages show it.
fn station_view(st: &AppState, lang: &str, s: &crate::entities::polling_station::Model) -> Value {
    json!({"number": s.number, "address": s.address, "district": s.district,
           "region_code": s.region,
           "region": st.reference().region_name(&s.region, lang),
           "latitude": s.latitude, "longitude": s.longitude})
}

/// An election's stations: by number, or by words of the address (`q`).
pub async fn stations(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let e = elections::get(&st.db, path_id(&id)?).await?;
    let query = q.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    if query.chars().count() > 200 {
        return Err(AppError::field(
            "q",
            "too_long",
            crate::i18n::Text::key("error.field.too_long")
                .arg("max", 200)
                .arg("got", query.chars().count() as i64),
        )
        .into());
    }
    let found: Vec<Value> = stations::search(&st.db, e.id, &query)
        .await
        .map_err(AppError::from)?
        .iter()
        .map(|s| station_view(&st, csrf.lang, s))
        .collect();
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/stations.html",
        json!({"e": view(&st, csrf.lang, &e), "q": query, "found": found,
               "limit": stations::SEARCH_LIMIT}),
        StatusCode::OK,
    )
}

/// A polling station: its address and the election's problems filed about it.
pub async fn station(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path((id, number)): Path<(String, String)>,
) -> PageResult {
    let e = elections::get(&st.db, path_id(&id)?).await?;
    let number = path_id(&number)?;
    let s = stations::find(&st.db, e.id, number)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let items = queries::at_station(&st, e.id, number, STATION_PROBLEMS).await?;
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/station.html",
        json!({"e": view(&st, csrf.lang, &e), "s": station_view(&st, csrf.lang, &s),
               "items": items}),
        StatusCode::OK,
    )
}
