//! The web layer: routes, extractors and the glue between HTTP and the services.
//! JSON API under `/api/v1` ([`api`]), server-rendered HTML everywhere else ([`pages`]).

pub mod api;
pub mod extract;
pub mod pages;

use crate::app::AppState;
use axum::Router;
use axum::http::{HeaderName, Request};
use axum::routing::get;
use chrono::{DateTime, Utc};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application's router.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api::router())
        .merge(pages::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            extract::csrf_cookie,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                // Only the route template is logged: paths can carry tokens.
                let route = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map_or("unmatched", |m| m.as_str())
                    .to_string();
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                tracing::info_span!("request", method = %req.method(), route, request_id = id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// 200 when the database answers.
async fn healthz(
    axum::extract::State(st): axum::extract::State<AppState>,
) -> Result<&'static str, crate::error::AppError> {
    st.db.ping().await?;
    Ok("ok")
}

/// A time as people in the configured zone read it, e.g. `2026-11-28 14:05 (UTC+05:00)`.
pub fn fmt_time(st: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&st.tz)
        .format("%Y-%m-%d %H:%M (UTC%:z)")
        .to_string()
}
