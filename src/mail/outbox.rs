//! The outbox: mails are rows written in the same transaction as the change that causes
//! them; [`super::deliver::deliver_due`] sends what is due, and any number of processes
//! may run it at once (see there how rows are claimed).
//!
//! Retries back off exponentially. When the server cannot be reached at all, the batch
//! stops and nothing counts against the messages; a message's own failures (permanent
//! rejection, or `max_attempts` temporary ones) dead-letter it, visibly (`state = 'dead'`
//! with `last_error`).

use super::{Outgoing, SendError, compose};
use crate::domain::state::OutboxState;
use crate::entities::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
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
        priority: crate::domain::state::mail_priority(kind),
        claimed_by: None,
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
        priority: Set(crate::domain::state::mail_priority(kind)),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id)
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

/// The queue at a glance (`civic-tracker mail status`, `/admin/mail`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    /// Waiting to be sent, due or not.
    pub pending: u64,
    /// Of those, waiting to be tried again after a failure.
    pub failed: u64,
    pub sent_last_hour: u64,
    pub dead: u64,
    /// How long the oldest pending mail has waited, in seconds.
    pub oldest_pending_seconds: Option<i64>,
}

/// Counts the queue as of `now`.
pub async fn status(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Status, DbErr> {
    use sea_orm::PaginatorTrait;
    let count = |c: Condition| outbox::Entity::find().filter(c).count(db);
    let pending = Condition::all().add(outbox::Column::State.eq(OutboxState::Pending));
    let oldest = outbox::Entity::find()
        .filter(outbox::Column::State.eq(OutboxState::Pending))
        .order_by_asc(outbox::Column::Id)
        .one(db)
        .await?;
    Ok(Status {
        pending: count(pending.clone()).await?,
        failed: count(pending.add(outbox::Column::Attempts.gt(0))).await?,
        sent_last_hour: count(
            Condition::all()
                .add(outbox::Column::State.eq(OutboxState::Sent))
                .add(outbox::Column::SentAt.gt(now - Duration::hours(1))),
        )
        .await?,
        dead: count(Condition::all().add(outbox::Column::State.eq(OutboxState::Dead))).await?,
        oldest_pending_seconds: oldest.map(|r| (now - r.created_at).num_seconds().max(0)),
    })
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
        .col_expr(
            outbox::Column::ClaimedBy,
            Expr::value(Option::<String>::None),
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

/// The SMTP reply code in an error message (e.g. "550"), or the failure's kind.
pub(super) fn reply_code(e: &SendError) -> String {
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
        reply_to: ctx["reply_to"].as_str().map(String::from),
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
