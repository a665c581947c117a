//! The undo link of a reply by e-mail (`services::inbound`): a page with a button, since a
//! GET changes nothing (mail scanners open links), and the button's POST.

use super::{PageResult, render};
use crate::app::AppState;
use crate::domain::state::ReplyState;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::services::inbound;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde_json::json;

/// "Undo your reply": the button while the reply waits, else what became of it.
pub async fn undo_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    crate::http::extract::Lang(lang): crate::http::extract::Lang,
    csrf: CsrfToken,
    Path((id, token)): Path<(i32, String)>,
) -> PageResult {
    let Some(r) = inbound::undoable(&st, id, &token).await? else {
        return Err(crate::error::AppError::NotFound.into());
    };
    let at = r
        .apply_at
        .map(|t| crate::locale::fmt_time(&st, lang, t))
        .unwrap_or_default();
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/reply_undo.html",
        json!({"state": r.state.as_str(), "pending": r.state == ReplyState::Pending,
               "undone": r.state == ReplyState::Undone, "at": at}),
        StatusCode::OK,
    )
}

/// Undoes the reply (the signed link is the authority); the page then says so.
pub async fn undo(
    State(st): State<AppState>,
    Path((id, token)): Path<(i32, String)>,
) -> PageResult {
    if inbound::undoable(&st, id, &token).await?.is_none() {
        return Err(crate::error::AppError::NotFound.into());
    }
    inbound::undo(&st, id, &token).await?;
    Ok(Redirect::to(&format!("/replies/{id}/undo/{token}")).into_response())
}
