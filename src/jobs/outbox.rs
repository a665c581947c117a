//! The outbox worker: the `outbox` job delivers due mail on its schedule; in between, a
//! request that writes mail wakes [`run`] so that it goes out at once.

use crate::app::AppState;
use crate::mail::outbox::{Report, deliver_due};
use chrono::{DateTime, Utc};

/// Runs one delivery pass as of `at`.
pub async fn run_once_at(st: &AppState, at: DateTime<Utc>) -> Result<Report, sea_orm::DbErr> {
    deliver_due(
        &st.db,
        &st.mailer,
        &st.config.mail.from,
        st.config.mail.max_attempts,
        at,
    )
    .await
}

/// Runs one delivery pass now.
pub async fn run_once(st: &AppState) -> Result<Report, sea_orm::DbErr> {
    run_once_at(st, st.clock.now()).await
}

/// Delivers at once whenever new mail is written, until the task is dropped. Regular
/// passes (retries, mail written by other processes) are the scheduled `outbox` job's.
pub async fn run(st: AppState) {
    loop {
        let _ = tokio::time::timeout(crate::app::Heartbeat::PERIOD, st.mail_ready.notified()).await;
        loop {
            st.mail_heartbeat.beat();
            match run_once(&st).await {
                Ok(r) => {
                    if r.sent + r.failed > 0 {
                        tracing::info!(
                            sent = r.sent,
                            failed = r.failed,
                            dead = r.dead,
                            "outbox pass"
                        );
                    }
                    if !r.full || r.unreachable {
                        break;
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "outbox pass failed");
                    break;
                }
            }
        }
    }
}
