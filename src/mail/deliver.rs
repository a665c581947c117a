//! Delivering the outbox: any number of processes at once, each over `mail.connections`
//! SMTP connections ("lanes").
//!
//! A lane claims a small batch with one statement the database decides: on PostgreSQL
//! `FOR UPDATE SKIP LOCKED`, so two deliverers never take the same row and never wait for
//! each other; on SQLite one `UPDATE … RETURNING`, atomic under its single writer. The claim
//! is a random token (`claimed_by`) with a lease (`claimed_until`) read from the clock at
//! that moment, never from the start of a long pass, and renewed when a batch runs long.
//! Each mail's outcome is written the moment the server answers, and only by the claim's
//! owner. So a mail goes out twice only if the server accepted it and that answer, or the
//! write right after it, was lost.
//!
//! Order: what a person waits for (confirmation and sign-in links) first, then notices,
//! then bulk mail (see [`crate::domain::state::mail_priority`]); oldest first within each.

use super::outbox::{backoff, render, reply_code};
use super::{Mailer, SendError};
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

/// How long a claim holds its batch: far longer than sending a batch takes. A lane that
/// has held its batch for half of it renews the lease before the next mail.
pub const LEASE_SECONDS: i64 = 120;

/// Mails one claim takes: small, so that a lane that stops leaves little behind and the
/// lanes share a backlog evenly.
pub const BATCH: u64 = 50;

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
}

/// Sends every due mail over the deliverer's lanes until none is left (mail whose retry
/// is not yet due waits), or the server cannot be reached.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(d: &Deliverer) -> Result<Report, DbErr> {
    let stop = Arc::new(AtomicBool::new(false));
    let mut lanes = tokio::task::JoinSet::new();
    for _ in 0..d.connections.max(1) {
        lanes.spawn(lane(d.clone(), Arc::clone(&stop)));
    }
    let mut report = Report::default();
    let mut error = None;
    while let Some(done) = lanes.join_next().await {
        match done {
            Ok(Ok(r)) => report.add(r),
            Ok(Err(e)) => {
                // One lane's database error stops the others after their current mail.
                stop.store(true, Ordering::Relaxed);
                error.get_or_insert(e);
            }
            Err(e) => {
                stop.store(true, Ordering::Relaxed);
                error.get_or_insert(DbErr::Custom(format!("delivery lane failed: {e}")));
            }
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// One lane: claim, send one by one, record each outcome, until nothing is due. An
/// outcome's write starts the moment the server has answered and runs while the next mail
/// is sent; the batch is released only when all of them are written.
async fn lane(d: Deliverer, stop: Arc<AtomicBool>) -> Result<Report, DbErr> {
    let d = Arc::new(d);
    let mut report = Report::default();
    let mut connection = super::smtp::Connection::default();
    while !stop.load(Ordering::Relaxed) {
        let token: Arc<str> = crate::auth::random_token(16).into();
        let batch = claim(&d.db, &token, d.clock.now(), BATCH).await?;
        if batch.is_empty() {
            break;
        }
        let mut held_since = Instant::now();
        let mut writes = tokio::task::JoinSet::new();
        let mut done = 0;
        let mut lost = Vec::new();
        for row in &batch {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if held_since.elapsed().as_secs() as i64 >= LEASE_SECONDS / 2 {
                let ids: Vec<i32> = batch[done..].iter().map(|r| r.id).collect();
                held_since = Instant::now();
                let held = renew(&d.db, &token, &ids, d.clock.now()).await?;
                lost = ids.into_iter().filter(|id| !held.contains(id)).collect();
            }
            done += 1;
            if lost.contains(&row.id) {
                tracing::warn!(outbox_id = row.id, "not sent: the claim was lost");
                continue;
            }
            let result = match render(row) {
                Ok(mail) => d.mailer.send_on(&mut connection, &d.from, mail).await,
                Err(e) => Err(SendError::Permanent(format!("cannot render: {e:#}"))),
            };
            if matches!(result, Err(SendError::Unreachable(_))) {
                stop.store(true, Ordering::Relaxed);
            }
            let (d, token, row) = (Arc::clone(&d), Arc::clone(&token), row.clone());
            writes.spawn(async move { record(&d, &row, &token, result).await });
        }
        while let Some(written) = writes.join_next().await {
            let outcome =
                written.map_err(|e| DbErr::Custom(format!("recording failed: {e}")))??;
            report.add(outcome);
        }
        // What this claim did not get to (a stop) is free for the next deliverer at once.
        let rest: Vec<i32> = batch[done..].iter().map(|r| r.id).collect();
        release(&d.db, &token, &rest).await?;
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

/// Writes what the server said about `row`, if `token` still holds it.
async fn record(
    d: &Deliverer,
    row: &outbox::Model,
    token: &str,
    result: Result<(), SendError>,
) -> Result<Report, DbErr> {
    let now = d.clock.now();
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
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::ClaimedBy.eq(token));
    match &result {
        Ok(()) => {
            // The data held links with tokens and personal details; once sent it is not
            // needed any more.
            update = update
                .col_expr(outbox::Column::State, Expr::value(OutboxState::Sent))
                .col_expr(outbox::Column::SentAt, Expr::value(now))
                .col_expr(
                    outbox::Column::LastError,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(outbox::Column::Context, Expr::value("{}"));
            report.sent = 1;
        }
        Err(SendError::Unreachable(e)) => {
            update = update
                .col_expr(outbox::Column::LastError, Expr::value(e.clone()))
                .col_expr(
                    outbox::Column::NextAttemptAt,
                    Expr::value(now + Duration::seconds(30)),
                );
            report.unreachable = true;
            tracing::warn!(outbox_id = row.id, "mail server unreachable; will retry");
        }
        Err(e) => {
            let attempts = row.attempts + 1;
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
                outbox_id = row.id,
                attempts,
                dead,
                reply = reply_code(e),
                "mail failed"
            );
        }
    }
    let written = update.exec(&d.db).await?;
    if written.rows_affected == 0 {
        // The lease ran out mid-send and another deliverer holds the mail now.
        tracing::warn!(
            outbox_id = row.id,
            "outcome not recorded: the claim was lost"
        );
    } else if result.is_ok() {
        tracing::debug!(outbox_id = row.id, kind = %row.kind, "mail sent");
    }
    Ok(report)
}
