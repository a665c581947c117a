//! `GET /metrics`: Prometheus's text exposition format (what is in it: `crate::metrics`).
//!
//! Off unless `[metrics]` turns it on, and never open to the public:
//! - `metrics.token` set: `/metrics` on the main listener answers only
//!   `Authorization: Bearer <token>` (compared in constant time), 401 otherwise;
//! - `metrics.listen` set: a separate listener ([`serve_separately`]) serves only
//!   `/metrics`, without authentication, on an address kept off the public network;
//! - neither: `/metrics` is not a route (404), and no request is measured.
//!
//! [`track`] measures every request of the main listener by its route template.

use crate::app::AppState;
use crate::error::AppError;
use anyhow::Context;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Instant;

/// The content type of the text exposition format.
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// `/metrics` on the main listener when a token is configured; otherwise no route.
pub fn router(st: &AppState) -> Router<AppState> {
    if st.config.metrics.token.expose().is_empty() {
        Router::new()
    } else {
        Router::new().route("/metrics", get(guarded))
    }
}

/// `router` with every request measured by [`track`], when metrics are on.
pub fn instrument(router: Router<AppState>, st: &AppState) -> Router<AppState> {
    if st.config.metrics.enabled() {
        router.layer(axum::middleware::from_fn(track))
    } else {
        router
    }
}

/// Counts the request and its time by method, route template and status. The template
/// (`/problems/{id}`), never the path: paths carry ids and tokens, and a label per path
/// would grow without bound.
pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method().as_str());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let res = next.run(req).await;
    crate::metrics::request(method, route, res.status().as_u16(), started.elapsed());
    res
}

/// The method as a label: the standard ones by name, anything else `OTHER` (a client
/// chooses the method, and must not choose new labels).
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

/// `/metrics` on the main listener: the configured bearer token, or 401.
async fn guarded(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if !given.is_some_and(|t| crate::auth::same_secret(t, st.config.metrics.token.expose())) {
        let mut res = AppError::Unauthorized.into_response();
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"metrics\""),
        );
        return res;
    }
    scrape(&st).await
}

/// `/metrics` on the separate listener: whoever reaches that address may read.
async fn open(State(st): State<AppState>) -> Response {
    scrape(&st).await
}

async fn scrape(st: &AppState) -> Response {
    let gauges = crate::services::metrics::read(st).await;
    let body = crate::metrics::render(&gauges);
    (
        [
            (header::CONTENT_TYPE, CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Starts the separate listener of `metrics.listen`, if set: binds it now (an address
/// that cannot be had stops the start, naming the key) and serves `/metrics` alone on it
/// for as long as the process runs.
pub async fn serve_separately(st: &AppState) -> anyhow::Result<()> {
    let listen = st.config.metrics.listen.trim();
    if listen.is_empty() {
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| {
            format!("cannot listen on {listen} (metrics.listen / CIVIC_METRICS__LISTEN)")
        })?;
    tracing::debug!(
        listen = %listener.local_addr().map_or_else(|_| listen.to_string(), |a| a.to_string()),
        "serving /metrics"
    );
    let app = Router::new()
        .route("/metrics", get(open))
        .with_state(st.clone());
    let server = st.config.server.clone();
    tokio::spawn(async move {
        if let Err(e) = crate::server::serve(listener, app, &server, std::future::pending()).await {
            tracing::error!("the metrics listener stopped: {e}");
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_cannot_invent_method_labels() {
        assert_eq!(method_label("GET"), "GET");
        assert_eq!(method_label("PROPFIND"), "OTHER");
        assert_eq!(method_label("get"), "OTHER");
    }
}
