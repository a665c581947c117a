//! The outbox worker: delivers due mail every `mail.poll_seconds`, or at once when a
//! request writes new mail.

use crate::app::AppState;
use crate::mail::outbox::deliver_due;
use std::time::Duration;

/// Runs one delivery pass now.
pub async fn run_once(st: &AppState) -> Result<crate::mail::outbox::Report, sea_orm::DbErr> {
    deliver_due(
        &st.db,
        &st.mailer,
        &st.config.mail.from,
        st.config.mail.max_attempts,
        st.clock.now(),
    )
    .await
}

/// Loops forever (until the task is dropped).
pub async fn run(st: AppState) {
    let every = Duration::from_secs(st.config.mail.poll_seconds.max(1));
    loop {
        match run_once(&st).await {
            Ok(r) if r.sent + r.failed > 0 => {
                tracing::info!(
                    sent = r.sent,
                    failed = r.failed,
                    dead = r.dead,
                    "outbox pass"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "outbox pass failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = st.mail_ready.notified() => {}
        }
    }
}
