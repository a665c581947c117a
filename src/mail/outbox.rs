//! The outbox: mails are rows written in the same transaction as the change that causes
//! them; [`deliver_due`] sends what is due, and any number of processes may run it at once
//! because each row is claimed with a conditional update before it is sent.
//!
//! Retries back off exponentially. When the server cannot be reached at all, the batch
//! stops and nothing counts against the messages; a message's own failures (permanent
//! rejection, or `max_attempts` temporary ones) dead-letter it, visibly (`state = 'dead'`
//! with `last_error`).

use super::{Mailer, Outgoing, SendError, compose};
use crate::domain::state::OutboxState;
use crate::entities::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// A new outbox row for mail `kind` to `to`, due at once (its id is given when written).
pub fn new_row(
    to: &str,
    kind: &str,
    ctx: String,
    problem_id: Option<i32>,
    now: DateTime<Utc>,
) -> outbox::Model {
    outbox::Model {
        id: 0,
        recipient: to.to_string(),
        kind: kind.to_string(),
        context: ctx,
        problem_id,
        state: OutboxState::Pending,
        attempts: 0,
        last_error: None,
        created_at: now,
        next_attempt_at: now,
        claimed_until: None,
        sent_at: None,
    }
}

/// How many mails of `kinds` were written for `to` since `since` (all states).
pub async fn count_to(
    db: &impl ConnectionTrait,
    to: &str,
    kinds: &[&str],
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .filter(outbox::Column::Kind.is_in(kinds.iter().copied()))
        .filter(outbox::Column::CreatedAt.gt(since))
        .count(db)
        .await
}

/// Writes mail `kind` (a folder of `templates/email/`) for `to` with the data `ctx` into the
/// outbox; call inside the transaction of its cause.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    to: &str,
    kind: &str,
    ctx: &serde_json::Value,
    problem_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row: outbox::ActiveModel = new_row(to, kind, ctx.to_string(), problem_id, now).into();
    row.id = sea_orm::ActiveValue::NotSet;
    outbox::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A mail to queue with [`enqueue_many`].
pub struct NewMail {
    pub to: String,
    pub kind: &'static str,
    pub context: serde_json::Value,
    pub problem_id: Option<i32>,
}

/// Queues many mails with multi-row inserts (the jobs' bulk path).
pub async fn enqueue_many(
    db: &impl ConnectionTrait,
    mails: impl IntoIterator<Item = NewMail>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows: Vec<outbox::ActiveModel> = mails
        .into_iter()
        .map(|m| {
            let row = new_row(&m.to, m.kind, m.context.to_string(), m.problem_id, now);
            let mut row: outbox::ActiveModel = row.into();
            row.id = sea_orm::ActiveValue::NotSet;
            row
        })
        .collect();
    for chunk in rows.chunks(200) {
        outbox::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Like [`enqueue`], returning the outbox row's id (for digests, which remember their mail).
pub async fn enqueue_id(
    db: &impl ConnectionTrait,
    to: &str,
    kind: &str,
    ctx: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    Ok(outbox::Entity::insert(outbox::ActiveModel {
        recipient: Set(to.to_string()),
        kind: Set(kind.to_string()),
        context: Set(ctx.to_string()),
        problem_id: Set(None),
        state: Set(OutboxState::Pending),
        attempts: Set(0),
        created_at: Set(now),
        next_attempt_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id)
}

/// The most mails one pass takes; a full pass is followed by another at once.
pub const BATCH: u64 = 100;

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub failed: usize,
    pub dead: usize,
    /// The server was unreachable; the remaining mails wait without losing attempts.
    pub unreachable: bool,
    /// The pass took a full batch: more may be due.
    pub full: bool,
}

/// Mail that needs an admin's eye: dead-lettered, or pending after failures; newest first.
pub async fn troubled(db: &impl ConnectionTrait) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(
            Condition::any()
                .add(outbox::Column::State.eq(OutboxState::Dead))
                .add(
                    Condition::all()
                        .add(outbox::Column::State.eq(OutboxState::Pending))
                        .add(outbox::Column::Attempts.gt(0)),
                ),
        )
        .order_by_desc(outbox::Column::Id)
        .limit(200)
        .all(db)
        .await
}

/// Puts dead mail `id` back in the queue with its attempts reset; false if there is no
/// such dead mail.
pub async fn retry(db: &impl ConnectionTrait, id: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::State, Expr::value(OutboxState::Pending))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::State.eq(OutboxState::Dead))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... capped at 6 hours.
pub fn backoff(attempts: i32) -> Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.clamp(0, 20));
    Duration::seconds(secs.min(6 * 3600))
}

/// Sends every due mail once.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    from: &str,
    max_attempts: i32,
    now: DateTime<Utc>,
) -> Result<Report, DbErr> {
    let mut report = Report::default();
    let due = outbox::Entity::find()
        .filter(outbox::Column::State.eq(OutboxState::Pending))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now)),
        )
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    report.full = due.len() as u64 == BATCH;
    for row in due {
        let claimed = outbox::Entity::update_many()
            .col_expr(
                outbox::Column::ClaimedUntil,
                Expr::value(now + Duration::minutes(2)),
            )
            .filter(outbox::Column::Id.eq(row.id))
            .filter(outbox::Column::State.eq(OutboxState::Pending))
            .filter(
                Condition::any()
                    .add(outbox::Column::ClaimedUntil.is_null())
                    .add(outbox::Column::ClaimedUntil.lt(now)),
            )
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue; // another process has it
        }
        let result = match render(&row) {
            Ok(mail) => mailer.send(from, mail).await,
            Err(e) => Err(SendError::Permanent(format!("cannot render: {e:#}"))),
        };
        let mut am: outbox::ActiveModel = row.clone().into();
        am.claimed_until = Set(None);
        match result {
            Ok(()) => {
                am.state = Set(OutboxState::Sent);
                am.sent_at = Set(Some(now));
                am.last_error = Set(None);
                // The data held links with tokens and personal details; once sent it is
                // not needed any more.
                am.context = Set("{}".into());
                report.sent += 1;
                tracing::info!(outbox_id = row.id, kind = %row.kind, "mail sent");
            }
            Err(SendError::Unreachable(e)) => {
                am.last_error = Set(Some(e.clone()));
                am.next_attempt_at = Set(now + Duration::seconds(30));
                am.update(db).await?;
                report.unreachable = true;
                tracing::warn!(outbox_id = row.id, "mail server unreachable; will retry");
                break;
            }
            Err(e) => {
                let attempts = row.attempts + 1;
                let dead = matches!(e, SendError::Permanent(_)) || attempts >= max_attempts;
                am.attempts = Set(attempts);
                am.last_error = Set(Some(e.to_string()));
                am.next_attempt_at = Set(now + backoff(attempts));
                if dead {
                    am.state = Set(OutboxState::Dead);
                    report.dead += 1;
                }
                report.failed += 1;
                // Servers repeat the recipient's address in their replies: log only the
                // reply code; the full text is kept in `last_error` for admins.
                tracing::warn!(
                    outbox_id = row.id,
                    attempts,
                    dead,
                    reply = reply_code(&e),
                    "mail failed"
                );
            }
        }
        am.update(db).await?;
    }
    Ok(report)
}

/// The SMTP reply code in an error message (e.g. "550"), or the failure's kind.
fn reply_code(e: &SendError) -> String {
    let text = match e {
        SendError::Unreachable(_) => return "unreachable".into(),
        SendError::Permanent(t) | SendError::Temporary(t) => t,
    };
    let digits: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 3 && (d.starts_with('4') || d.starts_with('5')))
        .collect();
    digits.first().map_or_else(
        || match e {
            SendError::Permanent(_) => "permanent".into(),
            _ => "temporary".into(),
        },
        |d| (*d).to_string(),
    )
}

/// Renders an outbox row into the mail to send.
pub fn render(row: &outbox::Model) -> anyhow::Result<Outgoing> {
    let ctx: serde_json::Value = serde_json::from_str(&row.context)?;
    let m = compose(&row.kind, &ctx)?;
    Ok(Outgoing {
        to: row.recipient.clone(),
        kind: row.kind.clone(),
        written_at: row.created_at,
        subject: m.subject,
        text: m.text,
        html: m.html,
        list_unsubscribe: ctx["unsubscribe_url"].as_str().map(String::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(240));
        assert_eq!(backoff(30), Duration::hours(6));
    }
}
