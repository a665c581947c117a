//! Delivering the outbox: any number of processes at once, each over `mail.connections`
//! SMTP connections ("lanes").
//!
//! A lane claims a small batch with one statement the database decides: on PostgreSQL
//! `FOR UPDATE SKIP LOCKED`, so two deliverers never take the same row and never wait for
//! each other; on SQLite one `UPDATE … RETURNING`, atomic under its single writer. The claim
//! is a random token (`claimed_by`) with a lease (`claimed_until`) read from the clock at
//! that moment, never from the start of a long pass, and renewed when a batch runs long.
//! A lane claims its next batch while it sends the second half of the current one, and
//! renders and builds each mail while the server takes the one before, so that its
//! connection waits neither for the database nor for templates.
//!
//! Each mail's outcome goes, the moment the server has answered, to the deliverer's
//! recorder, which writes it in one statement with whatever else was answered in the next
//! `GATHER` (5 ms) or while its previous statement ran (as a database's group commit
//! does): under load one statement and one commit record many mails, and no outcome waits
//! for a batch to fill. Only the claim's owner writes an outcome. So a mail goes out twice
//! only if the server accepted it and that answer, or the write right after it, was lost.
//!
//! Order: what a person waits for (confirmation and sign-in links) first, then notices,
//! then bulk mail (see [`crate::domain::state::mail_priority`]); oldest first within each.

use super::outbox::{backoff, render, reply_code};
use super::{Mailer, Prepared, SendError};
use crate::clock::Clock;
use crate::domain::state::OutboxState;
use crate::entities::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Statement, Value,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tokio::sync::mpsc;

/// How long a claim holds its batch: far longer than sending a batch takes. A lane that
/// has held its batch for half of it renews the lease before the next mail.
pub const LEASE_SECONDS: i64 = 120;

/// Mails one claim takes: small, so that a lane that stops leaves little behind and the
/// lanes share a backlog evenly.
pub const BATCH: u64 = 50;

/// A lane claims its next batch when this many mails of the current one are left (half of
/// it): enough to cover the claim's round trip and commit (the whole pause between batches
/// this replaced took 78 ms at the median and 200 ms at p90 on a busy 2-core machine,
/// bench/mail.sh), and few enough that a confirmation mail written meanwhile waits behind
/// at most half a batch more per lane than without claiming ahead.
const CLAIM_AHEAD: usize = BATCH as usize / 2;

/// The most outcomes one statement records, and the most that wait for the recorder while
/// it writes before the lanes wait with their next mail: sent mails whose outcome is not
/// yet written (the ones a crash would send again) stay few however slow the database is.
const UNRECORDED: usize = 32;

/// How long after a server's answer the recorder waits for more before it writes. Each
/// statement commits, and on PostgreSQL a commit costs CPU whatever it holds: recording
/// 10,000 sent mails one per statement took 4.2 s of its CPU, 5 per statement 1.4 s, 25 per
/// statement 0.8 s (with their claims; this machine), CPU that the mail server lacks on 2
/// cores. A few ms gather several mails per statement at full speed, and add no more to the
/// time in which a crash would send a mail again than one slow commit does anyway.
const GATHER: std::time::Duration = std::time::Duration::from_millis(5);

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub failed: usize,
    pub dead: usize,
    /// The server was unreachable; the remaining mails wait without losing attempts.
    pub unreachable: bool,
}

impl Report {
    fn add(&mut self, other: Report) {
        self.sent += other.sent;
        self.failed += other.failed;
        self.dead += other.dead;
        self.unreachable |= other.unreachable;
    }
}

/// Everything a pass needs; cheap to clone (one per lane).
#[derive(Clone)]
pub struct Deliverer {
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    pub from: String,
    pub max_attempts: i32,
    pub clock: Clock,
    /// Lanes, each sending one mail at a time (`mail.connections`).
    pub connections: usize,
    /// The process is stopping: each lane ends after the mail it is sending, and gives back
    /// the rest of its claim.
    pub shutdown: crate::app::Shutdown,
}

/// What the server said about one claimed mail, for the recorder.
struct Outcome {
    id: i32,
    attempts: i32,
    token: Arc<str>,
    /// When the server answered (recorded as `sent_at`, and for [`GATHER`]).
    at: DateTime<Utc>,
    answered: tokio::time::Instant,
    result: Result<(), SendError>,
}

/// Sends every due mail over the deliverer's lanes until none is left (mail whose retry
/// is not yet due waits), or the server cannot be reached.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(d: &Deliverer) -> Result<Report, DbErr> {
    let d = Arc::new(d.clone());
    let stop = Arc::new(AtomicBool::new(false));
    let (outcomes, received) = mpsc::channel(UNRECORDED);
    let recorder = tokio::spawn(recorder(Arc::clone(&d), received));
    let mut lanes = tokio::task::JoinSet::new();
    for _ in 0..d.connections.max(1) {
        lanes.spawn(lane(Arc::clone(&d), Arc::clone(&stop), outcomes.clone()));
    }
    drop(outcomes);
    let mut error = None;
    while let Some(done) = lanes.join_next().await {
        let failed = match done {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(e) => Some(DbErr::Custom(format!("delivery lane failed: {e}"))),
        };
        if let Some(e) = failed {
            // One lane's database error stops the others after their current mail.
            stop.store(true, Ordering::Relaxed);
            error.get_or_insert(e);
        }
    }
    // The lanes are done: the recorder writes what is left and ends.
    let report = match recorder.await {
        Ok(Ok(report)) => report,
        Ok(Err(e)) => return Err(error.unwrap_or(e)),
        Err(e) => return Err(DbErr::Custom(format!("recording failed: {e}"))),
    };
    match error {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// A claim as a lane holds it.
struct Claim {
    token: Arc<str>,
    rows: Vec<outbox::Model>,
    /// When the lease was taken, for its renewal.
    since: Instant,
}

/// Claims the next batch for a lane in a task of its own, so that the lane sends meanwhile.
fn claim_ahead(d: &Arc<Deliverer>) -> tokio::task::JoinHandle<Result<Claim, DbErr>> {
    let d = Arc::clone(d);
    tokio::spawn(async move {
        let token: Arc<str> = crate::auth::random_token(16).into();
        let since = Instant::now();
        let rows = claim(&d.db, &token, d.clock.now(), BATCH).await?;
        Ok(Claim { token, rows, since })
    })
}

/// One lane: claim, send one by one, hand each outcome to the recorder, until nothing is
/// due. The next batch is claimed while the second half of this one is sent.
async fn lane(
    d: Arc<Deliverer>,
    stop: Arc<AtomicBool>,
    outcomes: mpsc::Sender<Outcome>,
) -> Result<(), DbErr> {
    let mut connection = super::smtp::Connection::default();
    let mut next = Some(claim_ahead(&d));
    while let Some(claimed) = next.take() {
        let Claim {
            token,
            rows,
            mut since,
        } = claimed
            .await
            .map_err(|e| DbErr::Custom(format!("claiming failed: {e}")))??;
        if rows.is_empty() {
            break;
        }
        let mut done = 0;
        let mut lost = Vec::new();
        let mut ready = None;
        for row in &rows {
            if stop.load(Ordering::Relaxed) || d.shutdown.is_stopping() {
                break;
            }
            if next.is_none() && rows.len() - done <= CLAIM_AHEAD {
                next = Some(claim_ahead(&d));
            }
            if since.elapsed().as_secs() as i64 >= LEASE_SECONDS / 2 {
                let ids: Vec<i32> = rows[done..].iter().map(|r| r.id).collect();
                since = Instant::now();
                let held = renew(&d.db, &token, &ids, d.clock.now()).await?;
                lost = ids.into_iter().filter(|id| !held.contains(id)).collect();
            }
            if lost.contains(&row.id) {
                tracing::warn!(outbox_id = row.id, "not sent: the claim was lost");
                done += 1;
                continue;
            }
            let current = match ready.take() {
                Some((id, prepared)) if id == row.id => prepared,
                _ => prepare(&d, row),
            };
            // The next mail is rendered and built while the server takes this one (the
            // send is polled first: its command goes out before that work starts).
            let following = rows.get(done + 1);
            let (result, prepared) = tokio::join!(
                biased;
                async {
                    match current {
                        Ok(p) => d.mailer.send_prepared(&mut connection, &d.from, p).await,
                        Err(e) => Err(e),
                    }
                },
                async { following.map(|r| (r.id, prepare(&d, r))) },
            );
            ready = prepared;
            if matches!(result, Err(SendError::Unreachable(_))) {
                stop.store(true, Ordering::Relaxed);
            }
            let outcome = Outcome {
                id: row.id,
                attempts: row.attempts,
                token: Arc::clone(&token),
                at: d.clock.now(),
                answered: tokio::time::Instant::now(),
                result,
            };
            done += 1;
            if outcomes.send(outcome).await.is_err() {
                // The recorder failed (its error ends the pass): send nothing more.
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        // What this claim did not get to (a stop) is free for the next deliverer at once.
        let rest: Vec<i32> = rows[done..].iter().map(|r| r.id).collect();
        through_outage(|| release(&d.db, &token, &rest)).await?;
    }
    Ok(())
}

/// Renders and builds `row`'s mail; a mail that cannot be is refused for good.
fn prepare(d: &Deliverer, row: &outbox::Model) -> Result<Prepared, SendError> {
    match render(row) {
        Ok(mail) => Ok(d.mailer.prepare(&d.from, mail)),
        Err(e) => Err(SendError::Permanent(format!("cannot render: {e:#}"))),
    }
}

/// Writes outcomes as the lanes send them: each statement takes everything that arrived
/// while the previous one ran and up to [`GATHER`] after the first of them was answered,
/// at most [`UNRECORDED`].
async fn recorder(
    d: Arc<Deliverer>,
    mut received: mpsc::Receiver<Outcome>,
) -> Result<Report, DbErr> {
    let mut report = Report::default();
    let mut batch = Vec::with_capacity(UNRECORDED);
    while received.recv_many(&mut batch, UNRECORDED).await > 0 {
        let until = batch[0].answered + GATHER;
        while batch.len() < UNRECORDED {
            let room = UNRECORDED - batch.len();
            let more = received.recv_many(&mut batch, room);
            match tokio::time::timeout_at(until, more).await {
                Ok(0) | Err(_) => break, // the lanes are done, or time is up
                Ok(_) => {}
            }
        }
        report.add(record(&d, std::mem::take(&mut batch)).await?);
    }
    Ok(report)
}

fn now_value(t: DateTime<Utc>) -> Value {
    Value::from(t)
}

/// Claims up to `n` due mails for `token` with a lease from `now`; returns them.
pub async fn claim(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
    n: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let backend = db.get_database_backend();
    let lease = now + Duration::seconds(LEASE_SECONDS);
    let (sql, values) = match backend {
        DatabaseBackend::Postgres => (
            "UPDATE outbox SET claimed_until = $1, claimed_by = $2 WHERE id IN (\
               SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $3 \
               AND (claimed_until IS NULL OR claimed_until < $3) \
               ORDER BY priority, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING *",
            vec![
                now_value(lease),
                token.into(),
                now_value(now),
                (n as i64).into(),
            ],
        ),
        _ => (
            "UPDATE outbox SET claimed_until = ?, claimed_by = ? WHERE id IN (\
               SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? \
               AND (claimed_until IS NULL OR claimed_until < ?) \
               ORDER BY priority, id LIMIT ?) \
             RETURNING *",
            vec![
                now_value(lease),
                token.into(),
                now_value(now),
                now_value(now),
                (n as i64).into(),
            ],
        ),
    };
    let mut rows = outbox::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    // RETURNING gives no order: send in the queue's.
    rows.sort_by_key(|r| (r.priority, r.id));
    Ok(rows)
}

/// Extends the lease of mails `ids` that `token` still holds; returns those (a claim held
/// past its lease may have gone to another deliverer, and then the mail is theirs to send).
async fn renew(
    db: &DatabaseConnection,
    token: &str,
    ids: &[i32],
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    let backend = db.get_database_backend();
    let mut values = vec![
        now_value(now + Duration::seconds(LEASE_SECONDS)),
        token.into(),
    ];
    values.extend(ids.iter().map(|&id| Value::from(id)));
    // By id first: `claimed_by` has no index.
    let sql = format!(
        "UPDATE outbox SET claimed_until = {} WHERE claimed_by = {} AND state = 'pending' \
         AND id IN ({}) RETURNING id",
        placeholder(backend, 1),
        placeholder(backend, 2),
        (3..3 + ids.len())
            .map(|i| placeholder(backend, i))
            .collect::<Vec<_>>()
            .join(", ")
    );
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i32>(0))
        .collect()
}

/// The `i`-th (from 1) parameter of a raw statement.
fn placeholder(backend: DatabaseBackend, i: usize) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${i}"),
        _ => "?".to_string(),
    }
}

/// Lets go of mails `ids` if `token` still holds them; nothing to do for none.
async fn release(db: &DatabaseConnection, token: &str, ids: &[i32]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::ClaimedBy,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.is_in(ids.iter().copied()))
        .filter(outbox::Column::ClaimedBy.eq(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Writes what the server said about `outcomes`, each only if its claim's token still
/// holds the mail: the sent ones in one statement, failures (rare) one by one.
async fn record(d: &Deliverer, outcomes: Vec<Outcome>) -> Result<Report, DbErr> {
    let (sent, failed): (Vec<Outcome>, Vec<Outcome>) =
        outcomes.into_iter().partition(|o| o.result.is_ok());
    let mut report = Report::default();
    if !sent.is_empty() {
        through_outage(|| record_sent(&d.db, &sent)).await?;
        report.sent = sent.len();
    }
    for outcome in failed {
        let outcome = Arc::new(outcome);
        report.add(through_outage(|| record_failure(d, Arc::clone(&outcome))).await?);
    }
    crate::metrics::mail_outcomes(report.sent, report.failed, report.dead);
    Ok(report)
}

/// Runs a write about mail this process holds, again and again while the database cannot
/// be reached (for up to half a lease, while the claim is surely still this process's):
/// an outcome lost with the database would have its mail sent a second time once the
/// lease ran out, and a release lost would hold its mails for the rest of the lease.
async fn through_outage<T, F, Fut>(mut write: F) -> Result<T, DbErr>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, DbErr>>,
{
    let until = Instant::now() + std::time::Duration::from_secs(LEASE_SECONDS as u64 / 2);
    loop {
        match write().await {
            Err(e) if crate::error::out_of_reach(&e) && Instant::now() < until => {
                tracing::debug!(error = %e, "database away: writing the mail's state again");
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
            done => return done,
        }
    }
}

/// Marks mails sent, at the time the server took each. The data held links with tokens and
/// personal details; once sent it is not needed any more.
async fn record_sent(db: &DatabaseConnection, sent: &[Outcome]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut values = Vec::with_capacity(sent.len() * 3);
    let mut rows = Vec::with_capacity(sent.len());
    for (i, o) in sent.iter().enumerate() {
        let p = |k| placeholder(backend, 3 * i + k);
        rows.push(format!("({}, {}, {})", p(1), p(2), p(3)));
        values.extend([o.id.into(), o.token.as_ref().into(), now_value(o.at)]);
    }
    // One statement for both backends: a table of (id, token, time) joined by id.
    let sql = format!(
        "WITH answered (id, token, at) AS (VALUES {}) \
         UPDATE outbox SET state = 'sent', sent_at = answered.at, last_error = NULL, \
           context = '{{}}', claimed_until = NULL, claimed_by = NULL \
         FROM answered WHERE outbox.id = answered.id AND outbox.claimed_by = answered.token \
         RETURNING outbox.id",
        rows.join(", ")
    );
    let written = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    if written.len() < sent.len() {
        let written: std::collections::HashSet<i32> = written
            .iter()
            .filter_map(|r| r.try_get_by_index::<i32>(0).ok())
            .collect();
        for o in sent.iter().filter(|o| !written.contains(&o.id)) {
            // The lease ran out mid-send and another deliverer holds the mail now.
            tracing::warn!(outbox_id = o.id, "outcome not recorded: the claim was lost");
        }
    }
    for o in sent {
        tracing::debug!(outbox_id = o.id, "mail sent");
    }
    Ok(())
}

/// Writes a failure: the server unreachable (tried again in 30 s, no attempt used), or the
/// mail refused for now (back-off) or for good (dead letter).
async fn record_failure(d: &Deliverer, o: Arc<Outcome>) -> Result<Report, DbErr> {
    let Err(e) = &o.result else {
        return Ok(Report::default());
    };
    let now = o.at;
    let mut report = Report::default();
    let mut update = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::ClaimedBy,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(o.id))
        .filter(outbox::Column::ClaimedBy.eq(o.token.as_ref()));
    match e {
        SendError::Unreachable(e) => {
            update = update
                .col_expr(outbox::Column::LastError, Expr::value(e.clone()))
                .col_expr(
                    outbox::Column::NextAttemptAt,
                    Expr::value(now + Duration::seconds(30)),
                );
            report.unreachable = true;
            tracing::warn!(outbox_id = o.id, "mail server unreachable; will retry");
        }
        e => {
            let attempts = o.attempts + 1;
            let dead = matches!(e, SendError::Permanent(_)) || attempts >= d.max_attempts;
            update = update
                .col_expr(outbox::Column::Attempts, Expr::value(attempts))
                .col_expr(outbox::Column::LastError, Expr::value(e.to_string()))
                .col_expr(
                    outbox::Column::NextAttemptAt,
                    Expr::value(now + backoff(attempts)),
                );
            if dead {
                update = update.col_expr(outbox::Column::State, Expr::value(OutboxState::Dead));
                report.dead = 1;
            }
            report.failed = 1;
            // Servers repeat the recipient's address in their replies: log only the reply
            // code; the full text is kept in `last_error` for admins.
            tracing::warn!(
                outbox_id = o.id,
                attempts,
                dead,
                reply = reply_code(e),
                "mail failed"
            );
        }
    }
    if update.exec(&d.db).await?.rows_affected == 0 {
        tracing::warn!(outbox_id = o.id, "outcome not recorded: the claim was lost");
    }
    Ok(report)
}
