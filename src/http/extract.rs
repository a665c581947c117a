//! Who is asking and whether a form is genuine: bearer tokens for the API, session cookies
//! for pages, and the double-submit CSRF cookie for every HTML form.

use crate::app::AppState;
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "civic_session";
/// Name of the CSRF cookie.
pub const CSRF_COOKIE: &str = "civic_csrf";

/// Reads cookie `name` from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value with the service's flags.
pub fn set_cookie(st: &AppState, name: &str, value: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if st.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .expect("cookie value is ASCII")
}

/// The CSRF token of this request: the browser's cookie, or a fresh one that the
/// response sets.
#[derive(Clone, Debug)]
pub struct CsrfToken {
    pub value: String,
    from_cookie: bool,
}

/// Gives every request a CSRF token and sets the cookie on HTML answers when the browser
/// has none.
pub async fn csrf_cookie(
    axum::extract::State(st): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE).filter(|t| t.len() >= 20);
    let token = CsrfToken {
        value: existing.clone().unwrap_or_else(|| auth::random_token(24)),
        from_cookie: existing.is_some(),
    };
    req.extensions_mut().insert(token.clone());
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !token.from_cookie && html {
        res.headers_mut().append(
            SET_COOKIE,
            set_cookie(&st, CSRF_COOKIE, &token.value, 7 * 24 * 3600),
        );
    }
    res
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Other(anyhow::anyhow!("csrf middleware missing")))
    }
}

impl CsrfToken {
    /// Checks a submitted form token against the cookie; a mismatch is a 403.
    pub fn verify(&self, submitted: Option<&str>) -> Result<(), AppError> {
        if self.from_cookie && submitted == Some(self.value.as_str()) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "the form has expired or was not sent from this site; reload the page and \
                 try again"
                    .into(),
            ))
        }
    }
}

/// A user authenticated by `Authorization: Bearer <token>` (the API; no cookies).
#[derive(Clone, Debug)]
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AppError::Unauthorized)?;
        auth::authenticate(&st.db, st.pepper(), token, auth::kind::API, st.clock.now())
            .await?
            .map(ApiUser)
            .ok_or(AppError::Unauthorized)
    }
}

/// The signed-in user of a page, if any (session cookie).
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(MaybeUser(None));
        };
        Ok(MaybeUser(
            auth::authenticate(
                &st.db,
                st.pepper(),
                &token,
                auth::kind::SESSION,
                st.clock.now(),
            )
            .await?,
        ))
    }
}
