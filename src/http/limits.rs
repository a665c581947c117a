//! The door's rate limits: each request that costs a stored row or a mail spends from its
//! client address's budget (`crate::limits`), and each API request from its token's,
//! before any handler runs. Over budget: 429 with `Retry-After`, JSON under `/api` and
//! `/open311`, a page elsewhere. Per e-mail address and per Open311 key the handlers
//! check, once they know the address or key.

use crate::app::AppState;
use crate::limits::Budget;
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// The budget a route spends from per client address, if any.
fn budget(method: &Method, route: &str) -> Option<Budget> {
    if method != Method::POST {
        return None;
    }
    match route {
        "/problems/new" | "/api/v1/problems" | "/open311/v2/{file}" => Some(Budget::Submission),
        "/problems/{id}/support" | "/api/v1/problems/{id}/supports" => Some(Budget::Support),
        "/login" => Some(Budget::Login),
        _ => None,
    }
}

/// Spends the request's budgets, or answers 429.
pub async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map_or("", MatchedPath::as_str);
    let mut verdict = Ok(());
    if let Some(b) = budget(&parts.method, route)
        && let Some(ip) = crate::server::client_ip(&st.config.server, &parts)
    {
        verdict = st.limits.check_ip(b, ip);
    }
    if verdict.is_ok()
        && route.starts_with("/api/")
        && let Some(token) = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
    {
        let id = crate::auth::token_id(st.pepper(), token.trim());
        verdict = st.limits.check_key(Budget::Api, &id);
    }
    match verdict {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(e) => super::error_answer(parts.uri.path(), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_posts_that_store_or_mail_spend_per_address() {
        assert_eq!(
            budget(&Method::POST, "/problems/new"),
            Some(Budget::Submission)
        );
        assert_eq!(
            budget(&Method::POST, "/open311/v2/{file}"),
            Some(Budget::Submission)
        );
        assert_eq!(
            budget(&Method::POST, "/api/v1/problems/{id}/supports"),
            Some(Budget::Support)
        );
        assert_eq!(budget(&Method::POST, "/login"), Some(Budget::Login));
        assert_eq!(budget(&Method::GET, "/problems/new"), None);
        assert_eq!(budget(&Method::POST, "/api/v1/problems/{id}/actions"), None);
    }
}
