//! "I have this problem too" in the browser: the form on a problem's page, the e-mailed
//! confirmation link, and the signed link that stops a supporter's updates.

use super::{PageResult, field_errors, render};
use crate::app::AppState;
use crate::domain::input::{Email, FieldError};
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::services::{queries, support};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde_json::json;
use std::collections::HashMap;

/// Adds a support from the problem page's form (`email`, `notify`, `consent`).
pub async fn add(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = crate::http::query::path_id(&id)?;
    let mut errors: Vec<FieldError> = Vec::new();
    let email = Email::parse("email", v.get("email").map_or("", String::as_str))
        .map_err(|e| errors.push(e))
        .ok();
    if !v.contains_key("consent") {
        errors.push(FieldError::new(
            "consent",
            "consent_required",
            "error.field.consent_email_required",
        ));
    }
    match email {
        Some(email) if errors.is_empty() => {
            support::request(&st, id, &email, v.contains_key("notify"), csrf.lang).await?;
            Ok(Redirect::to(&format!("/problems/{id}/support/sent")).into_response())
        }
        _ => {
            let view = queries::public_view(&st, id).await?;
            let local = super::public::local_times(&st, csrf.lang, &view);
            render(
                &st,
                user.as_ref(),
                &csrf,
                "pages/problem.html",
                json!({"p": view, "local": local, "errors": field_errors(&csrf, &errors), "v": v}),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// "Check your e-mail", after the support form.
pub async fn sent(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::http::query::path_id(&id)?;
    super::message(
        &st,
        user.as_ref(),
        &csrf,
        "support.sent_title",
        "support.sent_body",
        Some((&format!("/problems/{id}"), "support.back")),
    )
}

/// The page behind a support's confirmation link: one button (a GET changes nothing).
pub async fn confirm_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> PageResult {
    if !crate::auth::plausible_token(&token) {
        return Err(crate::error::AppError::NotFound.into());
    }
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/confirm_link.html",
        json!({"heading": "support.confirm_heading", "intro": "support.confirm_intro",
               "button": "support.confirm_button", "action": format!("/support/confirm/{token}")}),
        StatusCode::OK,
    )
}

/// The button: the support counts from now on.
pub async fn confirm(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = support::confirm(&st, &token).await?;
    Ok(see_other(
        &st,
        &format!("/problems/{id}"),
        Flash::new("flash.support_confirmed"),
    ))
}

/// The page behind "stop these updates": a button, since a GET changes nothing.
pub async fn stop_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path((id, sig)): Path<(i32, String)>,
) -> PageResult {
    if !support::stop_link_valid(&st, id, &sig) {
        return Err(crate::error::AppError::NotFound.into());
    }
    let done = !support::gets_updates(&st, id).await?;
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/support_stop.html",
        json!({"done": done}),
        StatusCode::OK,
    )
}

/// Stops a supporter's updates (the signed link is the authority, as for digests).
pub async fn stop(State(st): State<AppState>, Path((id, sig)): Path<(i32, String)>) -> PageResult {
    support::stop(&st, id, &sig).await?;
    // The page there says it is done (its state decides, not a message).
    Ok(Redirect::to(&format!("/support/stop/{id}/{sig}")).into_response())
}
