//! Signing in by magic link and out. The link's GET only shows a button: mail scanners
//! that follow links must not use up a single-use token.

use super::{PageResult, render};
use crate::app::AppState;
use crate::auth;
use crate::domain::input::{Email, local_path};
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser, cookie, session_cookie, set_cookie};
use crate::http::flash::{Flash, see_other};
use crate::services::people;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use chrono::Duration;
use sea_orm::EntityTrait;
use serde_json::json;
use std::collections::HashMap;

/// The page to go on to after signing in: `next` if it is a path on this site.
fn next_of(v: &HashMap<String, String>) -> Option<&str> {
    v.get("next")
        .map(String::as_str)
        .filter(|n| local_path(n) && !n.starts_with("/login"))
}

/// The sign-in form. `next` (a path on this site) is where the link will lead; a person
/// already signed in goes straight there.
pub async fn login_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let next = next_of(&q);
    if let (Some(_), Some(next)) = (&user, next) {
        return Ok(Redirect::to(next).into_response());
    }
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/login.html",
        json!({"errors": {}, "v": {}, "next": next}),
        StatusCode::OK,
    )
}

/// "Check your e-mail", after the sign-in form.
pub async fn login_sent(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    super::message(
        &st,
        user.as_ref(),
        &csrf,
        "login.sent_title",
        "login.sent_body",
        None,
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
    let next = next_of(&v);
    match Email::parse("email", v.get("email").map_or("", String::as_str)) {
        Err(e) => render(
            &st,
            user.as_ref(),
            &csrf,
            "pages/login.html",
            json!({"errors": super::field_errors(&csrf, &[e]), "v": v, "next": next}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(email) => {
            people::request_login(&st, email, next.map(str::to_string))?;
            Ok(Redirect::to("/login/sent").into_response())
        }
    }
}

/// The page behind the e-mailed link: one button that signs in, or, for a link already
/// used or expired, a way to ask for a new one (and, for a person already signed in, the
/// way on to the page the link was for).
pub async fn login_confirm(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let usable = auth::login_usable(&st.db, st.pepper(), &token, st.clock.now()).await?;
    let next = next_of(&q);
    let again = match next {
        Some(n) => format!("/login?next={}", encode(n)),
        None => "/login".to_string(),
    };
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/login_confirm.html",
        json!({"token": token, "usable": usable, "next": next, "again": again}),
        if usable {
            StatusCode::OK
        } else {
            StatusCode::GONE
        },
    )
}

/// `s` as a query parameter's value.
fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
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
        return Err(AppError::Forbidden("error.forbidden.login_link_expired".into()).into());
    };
    if auth::load_user(&st.db, user_id).await?.is_none() {
        return Err(AppError::Forbidden("error.forbidden.account_inactive".into()).into());
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
    let mut res = see_other(
        &st,
        next_of(&v).unwrap_or("/workspace"),
        Flash::new("flash.signed_in"),
    );
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(&st, session_cookie(&st), &session, days * 86400),
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
    if let Some(t) = cookie(&headers, session_cookie(&st)) {
        auth::revoke(&st.db, st.pepper(), &t).await?;
    }
    let mut res = see_other(&st, "/", Flash::new("flash.signed_out"));
    res.headers_mut()
        .append(SET_COOKIE, set_cookie(&st, session_cookie(&st), "", 0));
    Ok(res)
}

/// Ends every session of the signed-in user, this one included ("sign out everywhere":
/// after a lost phone or a shared computer).
pub async fn sign_out_everywhere(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = super::require(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    crate::services::access::end_sessions(&st, user.id).await?;
    let mut res = see_other(&st, "/", Flash::new("flash.signed_out_everywhere"));
    res.headers_mut()
        .append(SET_COOKIE, set_cookie(&st, session_cookie(&st), "", 0));
    Ok(res)
}

/// The language switcher's link: remembers the choice for a year (a cookie, no account
/// needed, no JavaScript) and goes back to the page it came from (`next`, a path on this
/// site only).
pub async fn choose_language(
    State(st): State<AppState>,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> PageResult {
    let lang = crate::i18n::parse(&code).ok_or(AppError::NotFound)?;
    let next = q
        .get("next")
        .filter(|n| local_path(n))
        .map_or("/", String::as_str);
    let mut res = Redirect::to(next).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(&st, crate::http::extract::LANG_COOKIE, lang, 365 * 86400),
    );
    Ok(res)
}

/// Which digests a user gets, as the account page offers it.
fn digest_choice(u: &crate::entities::user::Model) -> &'static str {
    match (u.digest_daily, u.digest_weekly) {
        (true, true) => "both",
        (true, false) => "daily",
        (false, true) => "weekly",
        (false, false) => "none",
    }
}

async fn account_page(st: &AppState, user: &auth::CurrentUser, csrf: &CsrfToken) -> PageResult {
    let u = crate::entities::user::Entity::find_by_id(user.id)
        .one(&st.db)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    render(
        st,
        Some(user),
        csrf,
        "pages/account.html",
        json!({
            "choice": digest_choice(&u),
            "language": st.mail_language(u.language.as_deref()),
            "role": u.role,
            "email": u.email,
        }),
        StatusCode::OK,
    )
}

/// The signed-in user's settings: which digests to receive.
pub async fn account(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = super::require(user)?;
    account_page(&st, &user, &csrf).await
}

/// Saves the digest choice: `daily`, `weekly`, `both` or `none`.
pub async fn save_account(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = super::require(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let (daily, weekly) = match v.get("digests").map(String::as_str) {
        Some("both") => (true, true),
        Some("daily") => (true, false),
        Some("weekly") => (false, true),
        Some("none") => (false, false),
        _ => {
            return Err(AppError::field("digests", "invalid_choice", "error.field.digests").into());
        }
    };
    people::set_digests(&st.db, user.id, daily, weekly).await?;
    Ok(see_other(&st, "/account", Flash::new("flash.saved")))
}

/// Saves the language of the user's mail and digests (`kk`, `ru`, `en`), and shows the
/// pages in it from now on.
pub async fn save_language(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = super::require(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let lang = v
        .get("language")
        .and_then(|l| crate::i18n::parse(l))
        .ok_or_else(|| AppError::field("language", "invalid_choice", "error.field.language"))?;
    people::set_language(&st.db, user.id, lang).await?;
    let mut res = see_other(&st, "/account", Flash::new("flash.saved"));
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(&st, crate::http::extract::LANG_COOKIE, lang, 365 * 86400),
    );
    Ok(res)
}

/// The page behind a digest's unsubscribe link: a button, since a GET changes nothing.
pub async fn unsubscribe_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path((id, which, sig)): Path<(i32, String, String)>,
) -> PageResult {
    if !crate::services::digest::unsubscribe_link_valid(&st, id, &which, &sig) {
        return Err(AppError::NotFound.into());
    }
    let done = !crate::services::digest::subscribed(&st, id, &which).await?;
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/unsubscribe.html",
        json!({"which": which, "done": done}),
        StatusCode::OK,
    )
}

/// Unsubscribes. The signed link is the authority, so this also serves mail clients'
/// one-click unsubscribe (RFC 8058), which POST without cookies or CSRF token.
pub async fn unsubscribe(
    State(st): State<AppState>,
    Path((id, which, sig)): Path<(i32, String, String)>,
) -> PageResult {
    crate::services::digest::unsubscribe(&st, id, &which, &sig).await?;
    // The page there says it is done (its state decides, not a message).
    Ok(Redirect::to(&format!("/digests/unsubscribe/{id}/{which}/{sig}")).into_response())
}
