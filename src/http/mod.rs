//! The web layer: routes, extractors and the glue between HTTP and the services.
//! JSON API under `/api/v1` ([`api`]), server-rendered HTML everywhere else ([`pages`]);
//! the query parsing both share is in [`query`]. `/healthz` and `/readyz` are in
//! [`health`], `/metrics` in [`metrics`].

pub mod answers;
pub mod api;
pub mod extract;
pub mod flash;
pub mod health;
pub mod limits;
pub mod metrics;
pub mod open311;
pub mod pages;
pub mod query;
pub mod timeout;
pub mod upload;

use crate::app::AppState;
use crate::error::AppError;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Request ids `<random process prefix>-<counter>`: unique, cheap (no system call per
/// request, unlike random UUIDs), and they show the order of requests in the logs.
#[derive(Clone)]
struct SequentialId {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for SequentialId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The whole application's router.
pub fn build_router(state: AppState) -> Router {
    let ids = SequentialId {
        prefix: crate::auth::random_token(6).into(),
        next: Arc::new(AtomicU64::new(1)),
    };
    let app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(metrics::router(&state))
        .merge(api::router())
        .merge(open311::router(
            state.config.app.media_max_bytes + (1 << 20),
        ))
        .merge(pages::router().layer(axum::middleware::from_fn_with_state(
            state.clone(),
            extract::csrf_cookie,
        )))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            timeout::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            extract::answer_language,
        ));
    // Measured outside the timeout and the rate limits, so that their answers count too.
    metrics::instrument(app, &state)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(on_response)
                .on_failure(on_failure),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, ids))
        .with_state(state)
}

/// The span every line logged while answering a request is in, so that each carries the
/// request's method, route and id (the `X-Request-Id` answered). Only the route template
/// is logged: paths can carry tokens. At ERROR level, so that it is on whenever anything
/// is logged: with `RUST_LOG=warn` an `info` span would be off, and the warnings of a
/// request would lose their request id.
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    tracing::error_span!(
        "request",
        method = %req.method(),
        route = req
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map_or("unmatched", |m| m.as_str()),
        request_id = req
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    )
}

/// One line per answer at `debug` (`RUST_LOG=info,civic_tracker::http=debug`): its status
/// and how long it took; the span adds method, route and request id. Not at `info`: the
/// reverse proxy keeps the access log, and errors worth a look are logged where they
/// happen (a 500 at ERROR with its error id, a 503 at WARN; a 4xx is the client's).
fn on_response<B>(res: &Response<B>, latency: Duration, _: &tracing::Span) {
    tracing::debug!(
        status = res.status().as_u16(),
        latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
        "answered"
    );
}

/// tower-http calls a 5xx answer a failure and would log it at ERROR, a second line for an
/// error [`AppError::log`] has logged (and a 503 is no error of ours): only a failure
/// without an answer, a body that broke off while it was sent, is logged here.
fn on_failure(failure: ServerErrorsFailureClass, latency: Duration, _: &tracing::Span) {
    if let ServerErrorsFailureClass::Error(error) = failure {
        tracing::warn!(
            %error,
            latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
            "answer failed"
        );
    }
}

/// Paths whose pages show personal data or carry a secret token in their address.
const PRIVATE_PATHS: &[&str] = &[
    "/track/",
    "/confirm/",
    "/login",
    "/logout",
    "/workspace",
    "/triage",
    "/admin",
    "/account",
    "/support/",
    "/digests/",
];

/// Headers every answer carries. `Referrer-Policy` matters most: the citizen's tracking
/// page has a secret token in its address, which must not leak to other sites. Answers
/// that show personal data or carry a token (private pages, anything asked for with a
/// session or bearer token) are `Cache-Control: no-store`, so that no shared cache or
/// browser history keeps them; on https, `Strict-Transport-Security` pins the browser to it.
async fn security_headers(
    axum::extract::State(st): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let private = PRIVATE_PATHS
        .iter()
        .any(|p| req.uri().path().starts_with(p))
        || req
            .headers()
            .contains_key(axum::http::header::AUTHORIZATION)
        || extract::cookie(req.headers(), extract::session_cookie(&st)).is_some();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if private {
        h.insert(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
    }
    if st.config.secure_cookies() {
        h.insert(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    for (name, value) in [
        ("referrer-policy", "same-origin"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        (
            "content-security-policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'",
        ),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    res
}

/// An error answered in the shape of the route at `path`, for the middleware that answers
/// before (or instead of) a handler: JSON under `/api`, Open311's error list under
/// `/open311`, a page elsewhere.
pub(crate) fn error_answer(path: &str, e: AppError) -> Response {
    if path.starts_with("/api/") {
        e.into_response()
    } else if path.starts_with("/open311/") {
        open311::error_answer(e, path)
    } else {
        pages::PageError(e).into_response()
    }
}

/// Appends `s` escaped for XML text and attributes (Open311's XML, the Atom feed);
/// characters XML 1.0 cannot carry are left out.
pub(crate) fn xml_escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}
