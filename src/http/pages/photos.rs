//! The hide form under each photo on a problem's page, for admins and the region's
//! coordinators: the same as `POST /api/v1/photos/{id}/hide`, from the browser.

use super::{PageResult, require};
use crate::app::AppState;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::services::photos;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use std::collections::HashMap;

/// Hides photo `id` for the reason given; back to its problem's page, which then shows
/// the reason in the photo's place.
#[tracing::instrument(skip_all)]
pub async fn hide(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let user = require(user)?;
    let id = crate::http::query::path_id(&id)?;
    let reason = v.get("reason").map_or("", String::as_str);
    let photo = photos::hide(&st, &user, id, reason).await?;
    Ok(Redirect::to(&format!("/problems/{}#photos", photo.problem_id)).into_response())
}
