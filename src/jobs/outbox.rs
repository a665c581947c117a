//! The outbox worker: the `outbox` job delivers due mail on its schedule; in between, a
//! request that writes mail wakes [`run`] so that it goes out at once. Both drain the queue
//! over `mail.connections` lanes (see [`crate::mail::deliver`]).

use crate::app::AppState;
use crate::mail::deliver::{Deliverer, Report, deliver_due};

/// This process's deliverer.
pub fn deliverer(st: &AppState) -> Deliverer {
    Deliverer {
        db: st.db.clone(),
        mailer: st.mailer.clone(),
        from: st.config.mail.from.clone(),
        max_attempts: st.config.mail.max_attempts,
        clock: st.clock.clone(),
        connections: st.config.mail.connections,
        shutdown: st.shutdown.clone(),
    }
}

/// Delivers everything due now (each claim reads the clock afresh).
pub async fn run_once(st: &AppState) -> Result<Report, sea_orm::DbErr> {
    deliver_due(&deliverer(st)).await
}

/// Delivers at once whenever new mail is written, until the process stops (the pass under
/// way ends after the mails being sent; what is left stays in the outbox). Regular passes
/// (retries, mail written by other processes) are the scheduled `outbox` job's.
/// Its lines carry `job=outbox worker=true` (the scheduled runs' only `job=outbox`).
#[tracing::instrument(
    level = "error",
    name = "outbox_worker",
    skip_all,
    fields(job = "outbox", worker = true)
)]
pub async fn run(st: AppState) {
    loop {
        // Woken by new mail, or every heartbeat period: /readyz sees the worker alive.
        tokio::select! {
            _ = tokio::time::timeout(crate::app::Heartbeat::PERIOD, st.mail_ready.notified()) => {}
            () = st.shutdown.stopping() => return,
        }
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
            }
            // A database out of reach is an outage to wait out, not a bug.
            Err(e) if crate::error::out_of_reach(&e) => {
                tracing::warn!(error = %e, "outbox pass failed")
            }
            Err(e) => tracing::error!(error = %e, "outbox pass failed"),
        }
    }
}
