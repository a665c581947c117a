//! The accredited observer's workspace (issue 20), where sign-in leads them: a form to
//! file an election report (election, polling station, category, what they saw, when,
//! photos, and whether to show their name) and their own latest reports. Filing goes
//! through `services::observers::file`, as the API's does: one path.

use super::public::whole;
use super::{PageResult, allowed, field_errors, render};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::input::{RawProblem, parse_problem};
use crate::domain::observers;
use crate::domain::permissions::Act;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::services::observers::Filing;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The workspace with an empty form (the observation time: now, local).
pub async fn home(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = allowed(user, Act::Observe)?;
    let now = crate::services::elections::local_now(&st)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let values = HashMap::from([("observed_at".to_string(), now)]);
    let ctx = workspace_ctx(&st, &user, csrf.lang, &values, json!({})).await?;
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/observer.html",
        ctx,
        StatusCode::OK,
    )
}

/// The form's choices and the observer's latest reports.
async fn workspace_ctx(
    st: &AppState,
    user: &CurrentUser,
    lang: &str,
    values: &HashMap<String, String>,
    errors: Value,
) -> Result<Value, super::PageError> {
    let reference = st.reference();
    let mine = crate::services::observers::stations_of(st, user.id).await?;
    // The elections on in their scope: their stations' elections, else their regions'.
    let elections: Vec<_> = crate::services::elections::current(st, None)
        .await?
        .into_iter()
        .filter(|e| {
            use crate::domain::elections::Scheduled;
            if mine.is_empty() {
                reference
                    .regions
                    .iter()
                    .any(|r| e.regions().covers(&r.code) && user.may_in(Act::Observe, &r.code))
            } else {
                mine.iter().any(|(id, _)| *id == e.id)
            }
        })
        .collect();
    let mut stations = Vec::new();
    for &(election, number) in &mine {
        let Some(e) = elections.iter().find(|e| e.id == election) else {
            continue;
        };
        if let Some(s) = crate::services::stations::find(&st.db, election, number).await? {
            stations.push(json!({"election": election, "number": number,
                "address": s.address, "election_name": e.name(lang)}));
        }
    }
    let regions: Vec<_> = reference
        .regions
        .iter()
        .filter(|r| user.may_in(Act::Observe, &r.code))
        .collect();
    let categories: Vec<_> = reference
        .categories
        .iter()
        .filter(|c| c.group == crate::domain::elections::ELECTION_GROUP)
        .collect();
    let recent: Vec<Value> = crate::services::observers::recent(st, user.id)
        .await?
        .into_iter()
        .map(|r| {
            let at = r.observed_at.map(|t| crate::locale::fmt_time(st, lang, t));
            json!({"r": r, "observed_at": at})
        })
        .collect();
    Ok(json!({
        "elections": elections.iter().map(|e| super::elections::view(st, lang, e)).collect::<Vec<_>>(),
        "stations": stations,
        "scoped_to_stations": !mine.is_empty(),
        "stations_text": mine.iter().map(|(_, n)| format!("№{n}")).collect::<Vec<_>>().join(", "),
        "regions": regions,
        "categories": categories,
        "recent": recent,
        "photo_megabytes": (st.config.app.media_max_bytes / (1 << 20)).max(1),
        "v": values,
        "errors": errors,
    }))
}

/// Files the report from the form; published at once, then its page. On errors the form
/// comes back with the input kept and each error by its field.
pub async fn file(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    req: axum::extract::Request,
) -> PageResult {
    let user = allowed(user, Act::Observe)?;
    let upload = crate::http::upload::read_form(&st, req, "photos").await?;
    let values = upload.map();
    csrf.verify(values.get("csrf").map(String::as_str))?;
    let mut errors = Vec::new();
    let election = whole(&values, "election", &mut errors);
    let station = whole(&values, "polling_station", &mut errors);
    let observed_at = match values.get("observed_at").map(|s| s.trim()) {
        None | Some("") => None,
        Some(raw) => match observers::parse_local_observed_at(raw, &st.tz) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    // The region: as chosen, else the named station's.
    let mut region = values
        .get("region")
        .cloned()
        .filter(|r| !r.trim().is_empty());
    if let (None, Some(e), Some(n)) = (&region, election, station)
        && let Some(s) = crate::services::stations::find(&st.db, e, n).await?
    {
        region = Some(s.region);
    }
    let email = crate::services::observers::contact_of(&st, &user)
        .await?
        .ok_or_else(|| AppError::Forbidden("error.forbidden.observers_page".into()))?;
    let raw = RawProblem {
        title: values.get("title").cloned(),
        description: values.get("description").cloned(),
        category: values.get("category").cloned(),
        region,
        address: None,
        latitude: None,
        longitude: None,
        email: Some(email),
        display_name: None,
        anonymous: true,
        consent: true,
    };
    let reference = st.reference();
    let parsed = parse_problem(
        &raw,
        |r| reference.has_region(r),
        |c| reference.has_category(c),
    );
    let outcome = match parsed {
        Ok(p) if errors.is_empty() => {
            filed(
                &st,
                &user,
                p,
                &values,
                election,
                station,
                observed_at,
                upload.files,
                csrf.lang,
            )
            .await
        }
        Ok(_) => Err(AppError::Invalid(Vec::new())),
        Err(e) => Err(AppError::Invalid(e)),
    };
    match outcome {
        Ok(id) => Ok(see_other(
            &st,
            &format!("/problems/{id}"),
            Flash::new("flash.observer_filed"),
        )),
        Err(AppError::Invalid(mut e)) => {
            errors.append(&mut e);
            let ctx =
                workspace_ctx(&st, &user, csrf.lang, &values, field_errors(&csrf, &errors)).await?;
            render(
                &st,
                Some(&user),
                &csrf,
                "pages/observer.html",
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The photos checked, the report filed, the photos added: the new problem's id.
#[expect(
    clippy::too_many_arguments,
    reason = "the form's parts, read once each"
)]
async fn filed(
    st: &AppState,
    user: &CurrentUser,
    p: crate::domain::input::NewProblem,
    values: &HashMap<String, String>,
    election: Option<i32>,
    station: Option<i32>,
    observed_at: Option<chrono::DateTime<chrono::Utc>>,
    files: Vec<Vec<u8>>,
    lang: &'static str,
) -> Result<i32, AppError> {
    // Checked before anything is stored: a refused photo refuses the report.
    let photos = crate::services::photos::prepare_all(st, "photos", files).await?;
    let filing = Filing {
        election,
        station,
        observed_at,
        show_name: values.contains_key("show_name"),
    };
    let answer = crate::services::observers::file(st, user, p, filing, lang, None).await?;
    crate::services::photos::add_filed(st, answer.id, &photos).await?;
    Ok(answer.id)
}
