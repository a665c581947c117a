//! Signed-in users' pages: a representative's workspace (an observer's is `observer`), the internal view of a problem
//! with the actions the viewer may take, and the coordinators' triage queue (read-only for
//! monitors).

use super::{PageError, PageResult, render, require};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::permissions::Act;
use crate::domain::status::{Action, allowed_actions};
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::http::query::path_id;
use crate::services::queries;
use crate::services::workflow::{self, ActionRequest};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde_json::json;
use std::collections::HashMap;

fn with_local(
    st: &AppState,
    lang: &str,
    items: &[queries::ProblemSummary],
) -> Vec<serde_json::Value> {
    let now = st.clock.now();
    items
        .iter()
        .map(|p| {
            json!({
                "p": p,
                "age_days": (now - p.created_at).num_days(),
                "resolve_by": p.resolve_by.map(|t| crate::locale::fmt_time(st, lang, t)),
                "overdue": p.overdue,
            })
        })
        .collect()
}

/// The workspace: a representative's problems; others go to the triage queue.
pub async fn home(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = require(user)?;
    if user.may(Act::Observe) {
        // Observers file from their own workspace.
        return Ok(Redirect::to("/workspace/observer").into_response());
    }
    if !user.may(Act::UseWorkspace) {
        return Ok(Redirect::to("/triage").into_response());
    }
    let items = queries::workspace(&st, user.id).await?;
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/workspace.html",
        json!({"items": with_local(&st, csrf.lang, &items)}),
        StatusCode::OK,
    )
}

async fn problem_page(
    st: &AppState,
    user: &CurrentUser,
    csrf: &CsrfToken,
    id: i32,
    error: Option<(StatusCode, String)>,
) -> PageResult {
    let (view, model) = queries::internal_view(st, user, id).await?;
    let status = model.status;
    let actions: Vec<&str> =
        allowed_actions(status, user.status_role(), workflow::relation(user, &model))
            .into_iter()
            .filter(|a| crate::domain::status::Action::API.contains(a))
            .map(|a| a.as_str())
            .collect();
    let reps = if actions.contains(&"assign") {
        queries::active_representatives(st).await?
    } else {
        Vec::new()
    };
    let local = super::public::local_times(st, csrf.lang, &view.public);
    let code = error.as_ref().map_or(StatusCode::OK, |e| e.0);
    // The assigned representative may add "after" photos to a comment or the resolution.
    let may_add_photos = workflow::relation(user, &model).is_assignee
        && actions.iter().any(|a| *a == "comment" || *a == "resolve");
    render(
        st,
        Some(user),
        csrf,
        "pages/workspace_problem.html",
        json!({
            "p": view, "local": local, "actions": actions, "reps": reps,
            "may_add_photos": may_add_photos,
            "photo_megabytes": (st.config.app.media_max_bytes / (1 << 20)).max(1),
            "error": error.map(|e| e.1),
        }),
        code,
    )
}

/// The internal view of a problem with the viewer's actions.
pub async fn problem(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
) -> PageResult {
    let user = require(user)?;
    problem_page(&st, &user, &csrf, path_id(&id)?, None).await
}

fn opt_id(v: &HashMap<String, String>, f: &'static str) -> Result<Option<i32>, AppError> {
    match v.get(f).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .trim_start_matches("CT-")
            .parse::<i32>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| AppError::field(f, "invalid_id", "error.field.problem_or_person")),
    }
}

/// Carries out an action from the workspace form; errors come back on the same page.
pub async fn act(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> PageResult {
    let user = require(user)?;
    // Form-encoded, or multipart with the representative's "after" photos.
    let upload = crate::http::upload::read_form(&st, req, "photos").await?;
    let (v, files) = (upload.map(), upload.files);
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = path_id(&id)?;
    let action = v.get("action").cloned().unwrap_or_default();
    let result = async {
        let req = ActionRequest {
            action: action.clone(),
            note: v.get("note").cloned(),
            representative_id: opt_id(&v, "representative_id")?,
            duplicate_of: opt_id(&v, "duplicate_of")?,
        };
        let prepared = crate::services::photos::prepare_all(&st, "photos", files).await?;
        crate::services::photos::act_with_photos(&st, &user, id, req, &prepared).await
    }
    .await;
    match result {
        Ok(updated) => {
            // What happened, and whether the citizen was told by mail (acknowledge, start,
            // ask, resolve, reject, close, duplicate, assign), which needs their address.
            let told = Action::parse_api(&action).is_some_and(|a| {
                (a.notifies_citizen() || a == Action::Assign) && updated.contact_erased_at.is_none()
            });
            let flash = Flash::new(&format!("flash.action.{action}")).with("told", told as i64);
            Ok(see_other(&st, &format!("/workspace/problems/{id}"), flash))
        }
        Err(
            e @ (AppError::Db(_)
            | AppError::Other(_)
            | AppError::Unavailable(_)
            | AppError::NotFound),
        ) => Err(PageError(e)),
        Err(e) => {
            let (code, _, message, field) = e.parts();
            let message = field.map_or(message.clone(), |f| format!("{f}: {message}"));
            problem_page(&st, &user, &csrf, id, Some((code, message))).await
        }
    }
}

/// The triage queue: unassigned new and rejected problems, and reassignment requests.
pub async fn triage(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = super::staff(user)?;
    let items = queries::triage(&st, &user).await?;
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/triage.html",
        json!({"items": with_local(&st, csrf.lang, &items)}),
        StatusCode::OK,
    )
}
