//! Who is asking and whether a form is genuine: bearer tokens for the API, session cookies
//! for pages, and the CSRF token of every HTML form: derived from the session for a
//! signed-in browser (so a token is worthless with another session), a double-submit
//! cookie otherwise, and in both cases refused when the browser says the form came from
//! another site (`Origin`, `Sec-Fetch-Site`).

use crate::app::AppState;
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Name of the session cookie: with the `__Host-` prefix on https, which browsers accept
/// only from this very host, secure and for the whole site (no subdomain can set or
/// shadow it); browsers refuse that prefix on plain http, where the bare name is used.
pub fn session_cookie(st: &AppState) -> &'static str {
    cookie_names(st.config.secure_cookies()).0
}

/// Name of the CSRF cookie of browsers that are not signed in (prefixed as the session's).
pub fn csrf_cookie_name(st: &AppState) -> &'static str {
    cookie_names(st.config.secure_cookies()).1
}

/// The session and CSRF cookies' names, with or without https.
const fn cookie_names(https: bool) -> (&'static str, &'static str) {
    if https {
        ("__Host-civic_session", "__Host-civic_csrf")
    } else {
        ("civic_session", "civic_csrf")
    }
}

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

/// The CSRF token of this request: derived from the session cookie of a signed-in
/// browser; otherwise the browser's CSRF cookie, or a fresh one that the response sets.
#[derive(Clone, Debug)]
pub struct CsrfToken {
    pub value: String,
    /// The page's language, decided by the same middleware (see [`page_language`]).
    pub lang: &'static str,
    /// The path and query of the page, for the language switcher's way back.
    pub here: String,
    /// The one-time message an earlier action left for this page, in its language.
    pub flash: Option<String>,
    /// The browser holds the secret behind `value` (its session or CSRF cookie).
    from_cookie: bool,
    /// The browser did not say the request came from another site.
    same_site: bool,
}

/// The CSRF token of a session: a keyed hash of the session token, which is an HttpOnly
/// cookie that no script and no other site can read.
fn session_csrf(st: &AppState, session: &str) -> String {
    auth::hash_token(st.pepper(), &format!("csrf:{session}"))[..43].to_string()
}

/// Whether the browser's own headers place this request on this site. Browsers send
/// `Origin` with every form POST and `Sec-Fetch-Site` with every request; when a client
/// sends neither (a script, an old browser), the token alone decides.
fn same_site(st: &AppState, headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site").is_some_and(|s| s == "cross-site" || s == "same-site") {
        return false;
    }
    match header("origin") {
        None => true,
        Some(origin) => url::Url::parse(st.config.base_url())
            .is_ok_and(|base| origin == base.origin().ascii_serialization()),
    }
}

/// Name of the cookie that keeps the visitor's choice of language.
pub const LANG_COOKIE: &str = "civic_lang";

/// The `lang` parameter of a query string (`?lang=kk`): links in mail carry the mail's
/// language, so that the page opens in it.
fn lang_parameter(query: Option<&str>) -> Option<&'static str> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| crate::i18n::parse(&v))
}

/// The language of a page: a `lang` parameter (links in mail), else the visitor's choice
/// (the switcher's cookie), else the first language of `Accept-Language` that we have,
/// else `app.default_language`.
pub fn page_language(st: &AppState, headers: &HeaderMap, query: Option<&str>) -> &'static str {
    lang_parameter(query)
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(|c| crate::i18n::parse(&c)))
        .unwrap_or_else(|| api_language(st, headers))
}

/// The language of the request's answer and of the mail it causes: for the API and
/// Open311 [`api_language`], for pages [`page_language`].
#[derive(Clone, Copy, Debug)]
pub struct Lang(pub &'static str);

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/open311/")
}

impl FromRequestParts<AppState> for Lang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        st: &AppState,
    ) -> Result<Self, std::convert::Infallible> {
        if is_api(parts.uri.path()) {
            return Ok(Lang(api_language(st, &parts.headers)));
        }
        Ok(Lang(parts.extensions.get::<CsrfToken>().map_or_else(
            || page_language(st, &parts.headers, parts.uri.query()),
            |c| c.lang,
        )))
    }
}

/// The language of the API's answers (and Open311's): the first language of
/// `Accept-Language` that we have, else `app.default_language`. Cookies play no part.
pub fn api_language(st: &AppState, headers: &HeaderMap) -> &'static str {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::from_accept_language)
        .or_else(|| crate::i18n::parse(&st.config.app.default_language))
        .unwrap_or(crate::i18n::FALLBACK)
}

/// Runs the request with its errors answered in its language: the API's and Open311's
/// by [`api_language`], a page's by [`page_language`] (see `crate::error::answering_in`).
pub async fn answer_language(
    axum::extract::State(st): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let lang = if is_api(req.uri().path()) {
        api_language(&st, req.headers())
    } else {
        page_language(&st, req.headers(), req.uri().query())
    };
    let page = crate::error::PageContext {
        path: (req.method() == axum::http::Method::GET)
            .then(|| req.uri().path_and_query().map(|p| p.as_str().to_string()))
            .flatten(),
        org: st.config.organisation.name.clone(),
        party: st.config.organisation.party.clone(),
    };
    crate::error::answering_in(lang, page, next.run(req)).await
}

/// Gives every request a CSRF token and sets the cookie on HTML answers when a browser
/// that is not signed in has none.
pub async fn csrf_cookie(
    axum::extract::State(st): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let session = cookie(req.headers(), session_cookie(&st)).filter(|s| auth::plausible_token(s));
    let existing = cookie(req.headers(), csrf_cookie_name(&st)).filter(|t| t.len() >= 20);
    let same_site = same_site(&st, req.headers());
    let lang = page_language(&st, req.headers(), req.uri().query());
    // A link from a mail names its language: the visit goes on in it.
    let remember = lang_parameter(req.uri().query())
        .filter(|l| cookie(req.headers(), LANG_COOKIE).as_deref() != Some(*l));
    let here = req
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    let flash = crate::http::flash::waiting(req.headers());
    let had_flash = cookie(req.headers(), crate::http::flash::COOKIE).is_some();
    let flash = flash.map(|f| f.render(lang));
    let token = match session {
        Some(s) => CsrfToken {
            value: session_csrf(&st, &s),
            lang,
            here,
            flash,
            from_cookie: true,
            same_site,
        },
        None => CsrfToken {
            value: existing.clone().unwrap_or_else(|| auth::random_token(24)),
            lang,
            here,
            flash,
            from_cookie: existing.is_some(),
            same_site,
        },
    };
    let needs_cookie = !token.from_cookie;
    req.extensions_mut().insert(token.clone());
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if needs_cookie && html {
        res.headers_mut().append(
            SET_COOKIE,
            set_cookie(&st, csrf_cookie_name(&st), &token.value, 7 * 24 * 3600),
        );
    }
    // The page that showed the message (any successful page: it was in its context)
    // clears it; a redirect passes it on.
    if had_flash && html && res.status().is_success() {
        res.headers_mut()
            .append(SET_COOKIE, crate::http::flash::cleared(&st));
    }
    if let Some(l) = remember.filter(|_| html) {
        res.headers_mut()
            .append(SET_COOKIE, set_cookie(&st, LANG_COOKIE, l, 365 * 86400));
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
    /// Checks a submitted form token against the cookie or session, and that the browser
    /// did not send the form from another site; a mismatch is a 403.
    pub fn verify(&self, submitted: Option<&str>) -> Result<(), AppError> {
        if self.from_cookie
            && self.same_site
            && submitted.is_some_and(|s| auth::same_secret(s, &self.value))
        {
            Ok(())
        } else {
            Err(AppError::Forbidden("error.forbidden.form_expired".into()))
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

/// The signed-in user of a page, if any (session cookie). When the session cannot be read
/// (the database is away), the page answers with an error page.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = crate::http::pages::PageError;
    async fn from_request_parts(
        parts: &mut Parts,
        st: &AppState,
    ) -> Result<Self, crate::http::pages::PageError> {
        let Some(token) = cookie(&parts.headers, session_cookie(st)) else {
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

#[cfg(test)]
mod tests {
    use super::cookie_names;

    #[test]
    fn cookies_carry_the_host_prefix_on_https_only() {
        assert_eq!(
            cookie_names(true),
            ("__Host-civic_session", "__Host-civic_csrf")
        );
        // Browsers drop `__Host-` cookies that are not Secure, which plain http cannot set.
        assert_eq!(cookie_names(false), ("civic_session", "civic_csrf"));
    }
}
