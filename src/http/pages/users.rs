//! Admins' view of who can get in: every user with their open sessions and API tokens
//! (with their last use), and one button that takes all of a user's ways in away; and the
//! polling stations an accredited observer is scoped to (issue 20).

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
    let stations = crate::services::observers::all_stations(&st).await?;
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| crate::locale::fmt_time(&st, csrf.lang, t))
    };
    let rows: Vec<_> = users
        .iter()
        .map(|u| {
            let mine = stations.get(&u.id).map(|s| {
                s.iter()
                    .map(|(e, n)| format!("{e}:{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            json!({"u": u, "last_seen": local(u.last_seen),
                   "observer": u.role == crate::auth::UserRole::Observer, "stations": mine,
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

/// Sets the polling stations observer `id` is scoped to (`stations`: `ELECTION:NUMBER`
/// pairs; empty: none, their regions decide).
pub async fn set_stations(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    access_admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let id = path_id(&id)?;
    let stations =
        crate::domain::observers::parse_stations(v.get("stations").map_or("", String::as_str))
            .map_err(|e| crate::error::AppError::Invalid(vec![e]))?;
    crate::services::observers::set_stations(&st, id, &stations).await?;
    Ok(see_other(
        &st,
        "/admin/users",
        Flash::new("flash.observer_stations_saved"),
    ))
}
