//! The request timeout: a request not answered within `server.request_timeout_seconds`
//! (reading its body included) is answered 503 with `Retry-After`, in its route's shape,
//! and its work is dropped: a transaction not yet committed rolls back, a submission's
//! connection is closed. A database that stops answering (packets lost rather than
//! connections refused) or a stuck handler holds no client for longer than that.

use crate::app::AppState;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;

/// Runs the request within the configured time, or answers 503.
pub async fn limit(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let secs = st.config.server.request_timeout_seconds.max(1);
    within(Duration::from_secs(secs), req, next).await
}

async fn within(limit: Duration, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => super::error_answer(
            &path,
            AppError::Unavailable(format!(
                "no answer within {} s (server.request_timeout_seconds)",
                limit.as_secs_f32()
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(60)).await;
        "late"
    }

    fn app() -> Router {
        Router::new()
            .route("/api/v1/slow", get(slow))
            .route("/slow", get(slow))
            .route("/fast", get(|| async { "fast" }))
            .layer(axum::middleware::from_fn(|req: Request, next: Next| {
                within(Duration::from_millis(50), req, next)
            }))
    }

    async fn get_path(path: &str) -> Response {
        app()
            .oneshot(axum::http::Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_request_over_time_is_a_503_with_retry_after_in_its_routes_shape() {
        let res = get_path("/api/v1/slow").await;
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()["retry-after"], "5");
        let body = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "unavailable");

        let res = get_path("/slow").await;
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()["retry-after"], "5");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );

        let res = get_path("/fast").await;
        assert_eq!(res.status(), 200);
    }
}
