//! The citizen's private pages: confirmation link and tracking page, from which they answer
//! a representative's question, say whether a resolved problem is really fixed, withdraw a
//! problem no representative holds, and erase their contact details. Nothing changes on a
//! GET: the confirmation link opens a page whose button confirms, so that mail scanners
//! which follow links confirm nothing in anybody's name.

use super::{PageResult, render};
use crate::app::AppState;
use crate::domain::status::{Action, Relation, Role, Status, allowed_actions};
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::services::workflow::{self, CitizenReply};
use crate::services::{intake, personal_data, queries};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use std::collections::HashMap;

/// The page behind the confirmation link: the problem's title and one button. A problem
/// already confirmed goes straight to its tracking page.
pub async fn confirm_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> PageResult {
    let p = intake::by_confirm_token(&st, &token).await?;
    if p.status != Status::Unconfirmed {
        return Ok(see_other(
            &st,
            &format!("/track/{}", p.tracking_token),
            Flash::new("flash.track.already"),
        ));
    }
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/confirm_link.html",
        json!({"heading": "confirm.heading", "intro": "confirm.intro", "button": "confirm.button",
               "quote": p.title, "action": format!("/confirm/{token}")}),
        StatusCode::OK,
    )
}

/// The confirmation page's button: publishes and routes the problem, then shows the
/// tracking page. Pressing it again changes nothing.
pub async fn confirm(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let c = intake::confirm(&st, &token).await?;
    let flash = if c.already {
        Flash::new("flash.track.already")
    } else {
        Flash::new("flash.track.confirmed")
    };
    Ok(see_other(
        &st,
        &format!("/track/{}", c.tracking_token),
        flash,
    ))
}

/// The private tracking page.
pub async fn track(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> PageResult {
    let p = workflow::by_tracking_token(&st.db, &token).await?;
    let status = Some(p.status);
    let nobody = Relation {
        is_assignee: false,
        covers_region: false,
    };
    let can_withdraw = allowed_actions(p.status, Role::Citizen, nobody).contains(&Action::Withdraw);
    let erased_at = p
        .contact_erased_at
        .map(|t| crate::locale::fmt_time(&st, csrf.lang, t));
    let view = queries::citizen_view(&st, p).await?;
    let local = super::public::local_times(&st, csrf.lang, &view);
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/track.html",
        json!({
            "p": view, "local": local, "token": token,
            "can_verdict": status == Some(Status::Resolved),
            "can_answer": view.question_pending,
            "can_withdraw": can_withdraw,
            "erased_at": erased_at,
            "retention_days": st.config.privacy.retention_days,
            // From the one-click links in the "Has this been fixed?" mail: the page asks to
            // confirm the chosen answer with a button (a GET changes nothing).
            "verdict": q.get("verdict").filter(|v| *v == "yes" || *v == "no"),
        }),
        StatusCode::OK,
    )
}

async fn reply(
    st: AppState,
    csrf: CsrfToken,
    token: String,
    values: HashMap<String, String>,
    kind: CitizenReply,
) -> PageResult {
    csrf.verify(values.get("csrf").map(String::as_str))?;
    let text = values.get("note").map(String::as_str);
    if kind == CitizenReply::Answer && text.is_none_or(|t| t.trim().is_empty()) {
        return Err(AppError::field("note", "required", "error.field.write_answer").into());
    }
    workflow::citizen_reply(&st, &token, kind, text).await?;
    let flash = match kind {
        CitizenReply::Answer => Flash::new("flash.track.answered"),
        CitizenReply::Fixed => Flash::new("flash.track.fixed"),
        CitizenReply::NotFixed => Flash::new("flash.track.reopened"),
        CitizenReply::Withdraw => Flash::new("flash.track.withdrawn"),
    };
    Ok(see_other(&st, &format!("/track/{token}"), flash))
}

/// Answers the representative's question.
pub async fn answer(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    reply(st, csrf, token, v, CitizenReply::Answer).await
}

/// "Yes, it is fixed."
pub async fn fixed(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    reply(st, csrf, token, v, CitizenReply::Fixed).await
}

/// "No, it is not fixed."
pub async fn not_fixed(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    reply(st, csrf, token, v, CitizenReply::NotFixed).await
}

/// "Withdraw my problem" (only while no representative holds it).
pub async fn withdraw(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    reply(st, csrf, token, v, CitizenReply::Withdraw).await
}

/// "Erase my contact details": the problem stays public, anonymous; this page keeps
/// working.
pub async fn erase(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    personal_data::erase_by_citizen(&st, &token).await?;
    Ok(see_other(
        &st,
        &format!("/track/{token}"),
        Flash::new("flash.track.erased"),
    ))
}
