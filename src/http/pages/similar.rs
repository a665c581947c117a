//! The problem form's suggestions: open problems like the one being filed, each with a
//! link to support it instead. The form shows them when it comes back (with the fields
//! kept, or opened with `?title=&region=&category=`); in the browser a small script
//! (`/assets/similar.js`) asks for them while the citizen types.

use super::{PageError, PageResult, render};
use crate::app::AppState;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::services::queries::similar::{self, SimilarQuery};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The script, compiled in (the Content-Security-Policy allows scripts from this site
/// only, none inline).
const SCRIPT: &str = include_str!("../../../assets/similar.js");

/// `GET /assets/similar.js`.
pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
}

/// `{"similar": [...]}`: the suggestions for the form's `title`, `region` and `category`
/// (none while one of them is missing or invalid: the form names what is wrong when it is
/// sent).
pub async fn for_form(st: &AppState, values: &HashMap<String, String>) -> Result<Value, PageError> {
    let get = |k: &str| values.get(k).map(String::as_str);
    let Ok(q) = SimilarQuery::parse(st, get("title"), get("region"), get("category")) else {
        return Ok(json!({"similar": []}));
    };
    Ok(json!({"similar": similar::similar_open(st, &q).await?}))
}

/// `GET /problems/new/similar?title=&region=&category=`: the suggestions as the part of
/// the form the script replaces. A missing or invalid parameter is a 422 naming it.
pub async fn part(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let get = |k: &str| q.get(k).map(String::as_str);
    let query = SimilarQuery::parse(&st, get("title"), get("region"), get("category"))?;
    let found = similar::similar_open(&st, &query).await?;
    render(
        &st,
        user.as_ref(),
        &csrf,
        "partials/similar.html",
        json!({"similar": found}),
        StatusCode::OK,
    )
}
