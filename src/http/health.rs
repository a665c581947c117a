//! Probes for whoever runs the service: `/healthz` says the process answers (liveness),
//! `/readyz` whether it should get traffic (readiness): a load balancer or an orchestrator
//! takes a process that is not ready out of rotation until it is, without restarting it.

use crate::app::{AppState, Heartbeat};
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::ConnectionTrait;
use serde_json::json;
use std::time::Duration;

/// How long each readiness check may take: a database slower than this is as good as away.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// What a check answers when it passes.
const OK: &str = "ok";
/// The mail worker's check in a process that runs none: passes.
const NOT_HERE: &str = "not run here";

/// 200 when the database answers.
pub async fn healthz(State(st): State<AppState>) -> Result<&'static str, AppError> {
    st.db.ping().await?;
    Ok("ok")
}

/// 200 when this process can serve: the database answers a `SELECT 1`, it has every
/// migration this version has and none it does not know, and the mail delivery worker,
/// where this process runs one, is alive ([`Heartbeat`]). Otherwise 503. The body names
/// each check with `"ok"` or what is wrong, e.g.
/// `{"ready": false, "database": "unreachable", "migrations": "unknown", "mail_worker": "ok"}`.
pub async fn readyz(State(st): State<AppState>) -> Response {
    let database = database(&st).await;
    let migrations = if database == OK {
        migrations(&st).await
    } else {
        "unknown".to_string()
    };
    let mail_worker = mail_worker(st.mail_heartbeat.silence());
    let ready = database == OK && migrations == OK && [OK, NOT_HERE].contains(&&*mail_worker);
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({"ready": ready, "database": database, "migrations": migrations,
                      "mail_worker": mail_worker});
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `"ok"` when the database answers `SELECT 1` in time; else `"unreachable"`, `"timeout"`
/// or `"error"`.
async fn database(st: &AppState) -> String {
    match tokio::time::timeout(CHECK_TIMEOUT, st.db.execute_unprepared("SELECT 1")).await {
        Ok(Ok(_)) => OK.into(),
        Ok(Err(e)) if crate::error::out_of_reach(&e) => "unreachable".into(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database check failed");
            "error".into()
        }
        Err(_) => "timeout".into(),
    }
}

/// `"ok"` when the database has exactly this version's migrations; else how many are
/// pending, or that the database is newer than this version.
async fn migrations(st: &AppState) -> String {
    match tokio::time::timeout(CHECK_TIMEOUT, crate::app::pending_migrations(&st.db)).await {
        Ok(Ok(pending)) if pending.is_empty() => OK.into(),
        Ok(Ok(pending)) => format!("{} pending", pending.len()),
        Ok(Err(e)) if crate::error::out_of_reach(&e) => "unknown".into(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: reading the migrations failed");
            "newer than this version".into()
        }
        Err(_) => "unknown".into(),
    }
}

/// From the worker's [`Heartbeat::silence`]: `"ok"` when it beat within
/// [`Heartbeat::LIMIT`], `"not run here"` when it never beat; else how long it has been
/// silent.
fn mail_worker(silence: Option<Duration>) -> String {
    match silence {
        Some(s) if s > Heartbeat::LIMIT => format!("silent for {} s", s.as_secs()),
        Some(_) => OK.into(),
        None => NOT_HERE.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_worker_is_judged_only_once_it_has_beaten() {
        let h = Heartbeat::default();
        assert_eq!(h.silence(), None);
        assert_eq!(mail_worker(h.silence()), "not run here");
        h.beat();
        assert!(h.silence().is_some_and(|s| s < Duration::from_secs(1)));
        assert_eq!(mail_worker(h.silence()), "ok");
        assert_eq!(mail_worker(Some(Duration::from_secs(120))), "ok");
        assert_eq!(
            mail_worker(Some(Duration::from_secs(125))),
            "silent for 125 s"
        );
    }
}
