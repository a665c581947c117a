//! Signing in by magic link and out. The link's GET only shows a button: mail scanners
//! that follow links must not use up a single-use token.

use super::{PageResult, render};
use crate::app::AppState;
use crate::auth;
use crate::domain::input::Email;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser, SESSION_COOKIE, cookie, set_cookie};
use crate::services::people;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use chrono::Duration;
use serde_json::json;
use std::collections::HashMap;

/// The sign-in form.
pub async fn login_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/login.html",
        json!({"errors": {}, "v": {}}),
        StatusCode::OK,
    )
}

/// Sends a link if the address belongs to a user; the answer is the same either way.
pub async fn login_request(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    match Email::parse("email", v.get("email").map_or("", String::as_str)) {
        Err(e) => render(
            &st,
            user.as_ref(),
            &csrf,
            "pages/login.html",
            json!({"errors": super::field_errors(&[e]), "v": v}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(email) => {
            people::request_login(&st, &email).await?;
            super::message(
                &st,
                user.as_ref(),
                &csrf,
                "login.sent_title",
                "login.sent_body",
                None,
            )
        }
    }
}

/// The page behind the e-mailed link: one button that signs in.
pub async fn login_confirm(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> PageResult {
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/login_confirm.html",
        json!({"token": token}),
        StatusCode::OK,
    )
}

/// Uses the link (once) and starts a server-side session.
pub async fn login_redeem(
    State(st): State<AppState>,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let now = st.clock.now();
    let Some(user_id) = auth::redeem_login(&st.db, st.pepper(), &token, now).await? else {
        return Err(AppError::Forbidden(
            "this sign-in link has expired or was already used; ask for a new one at /login".into(),
        )
        .into());
    };
    if auth::load_user(&st.db, user_id).await?.is_none() {
        return Err(AppError::Forbidden("this account is not active".into()).into());
    }
    let days = st.config.app.session_days;
    let session = auth::issue(
        &st.db,
        st.pepper(),
        user_id,
        auth::kind::SESSION,
        now,
        Some(Duration::days(days)),
    )
    .await?;
    let mut res = Redirect::to("/workspace").into_response();
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(&st, SESSION_COOKIE, &session, days * 86400),
    );
    Ok(res)
}

/// Ends the session.
pub async fn logout(
    State(st): State<AppState>,
    csrf: CsrfToken,
    headers: HeaderMap,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    csrf.verify(v.get("csrf").map(String::as_str))?;
    if let Some(t) = cookie(&headers, SESSION_COOKIE) {
        auth::revoke(&st.db, st.pepper(), &t).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .append(SET_COOKIE, set_cookie(&st, SESSION_COOKIE, "", 0));
    Ok(res)
}
