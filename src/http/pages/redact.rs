//! The redaction form on a problem's page, for admins and the region's coordinators: the
//! same as `civic-tracker ledger redact` (`services::ledger::redact`), from the browser.

use super::{PageResult, allowed};
use crate::app::AppState;
use crate::domain::input::FieldError;
use crate::domain::permissions::Act;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::services::ledger;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use std::collections::HashMap;

/// Redacts the text `field` of entry `entry` of problem `id` for `reason`; back to the
/// page, which then says it was redacted. An entry of another problem is not found here.
#[tracing::instrument(skip_all)]
pub async fn submit(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let user = allowed(user, Act::Redact)?;
    let id = crate::http::query::path_id(&id)?;
    let get = |k: &str| v.get(k).map_or("", |s| s.trim());
    let entry: i64 = get("entry").parse().map_err(|_| {
        AppError::Invalid(vec![FieldError::new(
            "entry",
            "invalid",
            "error.field.redaction_entry",
        )])
    })?;
    let entries = ledger::of_problem(&st.db, id).await?;
    if !entries.iter().any(|e| e.seq == entry) {
        return Err(AppError::NotFound.into());
    }
    ledger::redact(&st, entry, get("field"), get("reason"), user.id).await?;
    Ok(Redirect::to(&format!("/problems/{id}")).into_response())
}
