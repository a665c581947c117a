//! Admins' view of who can get in: every user with their open sessions and API tokens
//! (with their last use), and one button that takes all of a user's ways in away.

use super::{PageResult, render};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::permissions::Act;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::http::query::path_id;
use crate::services::access;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use std::collections::HashMap;

fn access_admin(user: Option<CurrentUser>) -> Result<CurrentUser, super::PageError> {
    super::allowed(user, Act::ManageAccess)
}

/// Users, their sessions and tokens.
pub async fn list(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = access_admin(user)?;
    let users = access::users(&st).await?;
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| crate::locale::fmt_time(&st, csrf.lang, t))
    };
    let rows: Vec<_> = users
        .iter()
        .map(|u| {
            json!({"u": u, "last_seen": local(u.last_seen),
                   "tokens": u.tokens.iter().map(|t| json!({"t": t, "created": local(Some(t.created_at)),
                        "last_used": local(t.last_used_at)})).collect::<Vec<_>>()})
        })
        .collect();
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/users.html",
        json!({"rows": rows}),
        StatusCode::OK,
    )
}

/// Ends every session and revokes every token of user `id`.
pub async fn revoke(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    access_admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = path_id(&id)?;
    let n = access::revoke_everything(&st, id).await?;
    Ok(see_other(
        &st,
        "/admin/users",
        Flash::new("flash.revoked").with("count", n as i64),
    ))
}
