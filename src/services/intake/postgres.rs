//! PostgreSQL's way to record a submission: one statement instead of a transaction of
//! four.
//!
//! The problem, its first event, its confirmation mail and its idempotency key are
//! written by one `INSERT` with data-modifying `WITH` clauses. A single statement is
//! atomic by itself, so it needs no `BEGIN`/`COMMIT`: one round trip to the database
//! instead of six. For that, the problem's id must be known before it is written (the
//! mail and the idempotent answer carry it), so ids are taken from the table's sequence
//! a block at a time ([`IdReserve`]).
//!
//! A repeated idempotency key makes the statement fail on the key's primary key, which
//! undoes the whole statement: nothing is written, and the caller replays the first
//! answer. SQLite keeps the portable transaction in [`super::submit_once`].
//!
//! Submissions run on a few connections of their own ([`Writer`]), outside the shared
//! pool: the pool tests every connection it gets back with a round trip, which would
//! double the cost of a one-statement submission.

use crate::domain::state::OutboxState;
use crate::entities::problem;
use chrono::{DateTime, Utc};
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions, Connection, PgPool};
use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// A connection idle longer than this is pinged before use: a firewall or a server
/// restart may have dropped it meanwhile.
const IDLE_CHECK: Duration = Duration::from_secs(30);

/// The submission path's own connections (at most `database.submit_connections`) and its
/// reserve of problem ids.
pub struct Writer {
    slots: Semaphore,
    idle: Mutex<Vec<(PgConnection, Instant)>>,
    options: OnceLock<PgConnectOptions>,
    ids: IdReserve,
}

impl Writer {
    pub fn new(connections: u32) -> Writer {
        Writer {
            slots: Semaphore::new(connections.max(1) as usize),
            idle: Mutex::new(Vec::new()),
            options: OnceLock::new(),
            ids: IdReserve::default(),
        }
    }

    /// Runs one submission's statement on one of the writer's connections, opening one
    /// (with the pool's options) when none is idle. A connection goes back only after a
    /// complete exchange: if the request is cancelled mid-statement the connection is
    /// dropped with it, and after an I/O error it is closed.
    ///
    /// A reused connection may have been closed by the server meanwhile (a restart, an
    /// idle timeout): then the statement runs once more on a new connection. That is safe
    /// because the problem's id is fixed: if the first attempt did land after all, the
    /// second one fails on the problem's primary key, and the first one's answer stands.
    pub async fn run(
        &self,
        pool: &PgPool,
        p: &problem::Model,
        x: &Extra<'_>,
    ) -> Result<bool, sqlx::Error> {
        let _slot = self
            .slots
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let (mut conn, reused) = self.connection(pool).await?;
        let mut done = insert(&mut conn, p, x).await;
        if reused && matches!(done, Err(ref e) if connection_lost(e)) {
            tracing::warn!("a submission connection was broken; retrying on a new one");
            conn = self.connect(pool).await?;
            done = match insert(&mut conn, p, x).await {
                Err(sqlx::Error::Database(e))
                    if e.is_unique_violation() && e.table() == Some("problems") =>
                {
                    Ok(true)
                }
                other => other,
            };
        }
        if !matches!(done, Err(ref e) if connection_lost(e)) {
            self.idle
                .lock()
                .expect("writer lock")
                .push((conn, Instant::now()));
        }
        done
    }

    /// A problem id of its own for the next submission.
    pub async fn next_id(&self, pool: &PgPool) -> Result<i32, sqlx::Error> {
        self.ids.next(pool).await
    }

    /// An idle connection (pinged first if it sat idle long), or a new one; `true` when
    /// it was used before.
    async fn connection(&self, pool: &PgPool) -> Result<(PgConnection, bool), sqlx::Error> {
        loop {
            let Some((mut conn, since)) = self.idle.lock().expect("writer lock").pop() else {
                break;
            };
            if since.elapsed() < IDLE_CHECK || conn.ping().await.is_ok() {
                return Ok((conn, true));
            }
        }
        Ok((self.connect(pool).await?, false))
    }

    /// A new connection with the pool's options, named so that `pg_stat_activity` tells
    /// it apart.
    async fn connect(&self, pool: &PgPool) -> Result<PgConnection, sqlx::Error> {
        self.options
            .get_or_init(|| {
                (*pool.connect_options())
                    .clone()
                    .application_name(APPLICATION_NAME)
            })
            .connect()
            .await
    }
}

/// Whether the connection is gone (or unusable) after this error, rather than the
/// statement refused: I/O and protocol failures, and the server's own "connection
/// exception" (08) and "operator intervention" (57P: shutdown, terminated) errors.
fn connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        sqlx::Error::RowNotFound
        | sqlx::Error::TypeNotFound { .. }
        | sqlx::Error::ColumnIndexOutOfBounds { .. }
        | sqlx::Error::ColumnNotFound(_)
        | sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Encode(_)
        | sqlx::Error::Decode(_) => false,
        _ => true,
    }
}

/// `application_name` of the submission connections.
pub const APPLICATION_NAME: &str = "civic-tracker submissions";

/// How many ids one trip to the sequence takes.
const BLOCK: i32 = 64;

/// Problem ids taken from the `problems` sequence ahead of use. Ids stay unique across
/// processes (each takes its own from the sequence); an id taken and not used is a gap,
/// as a rolled-back insert leaves one.
#[derive(Default)]
struct IdReserve {
    ids: Mutex<BTreeSet<i32>>,
}

impl IdReserve {
    /// The smallest id this process holds, taking a new block when none is left.
    async fn next(&self, pool: &PgPool) -> Result<i32, sqlx::Error> {
        if let Some(id) = self.take() {
            return Ok(id);
        }
        let fresh: Vec<i32> = sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence('problems', 'id'))::int4 \
             FROM generate_series(1, $1)",
        )
        .bind(BLOCK)
        .fetch_all(pool)
        .await?;
        let mut ids = self.ids.lock().expect("id reserve lock");
        ids.extend(fresh);
        Ok(ids.pop_first().expect("a block was just taken"))
    }

    fn take(&self) -> Option<i32> {
        self.ids.lock().expect("id reserve lock").pop_first()
    }
}

/// Everything one submission writes besides the problem row itself.
pub struct Extra<'a> {
    pub actor_kind: &'a str,
    pub action: &'a str,
    /// The confirmation mail's context, or `None` when no mail is sent.
    pub mail_context: Option<String>,
    /// Idempotency key, request hash and the answer to replay.
    pub key: Option<(&'a str, &'a str, String)>,
    pub now: DateTime<Utc>,
}

const SUBMIT: &str = "\
WITH p AS (
  INSERT INTO problems (id, title, description, category_code, region_code, address,
    latitude, longitude, citizen_email, citizen_name, anonymous, status, tracking_token,
    confirm_token_hash, open311_token, citizen_phone, citizen_device_id, citizen_account_id,
    media_url, created_at, updated_at, reassign_requested, question_pending, overdue,
    escalated, ack_notices, resolve_notices, support_count)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
    $19, $20, $20, false, false, false, false, 0, 0, 0)
), e AS (
  INSERT INTO problem_events (problem_id, created_at, actor_kind, action, to_status)
  VALUES ($1, $20, $21, $22, $12)
), o AS (
  INSERT INTO outbox (recipient, kind, context, problem_id, state, attempts, created_at,
    next_attempt_at)
  SELECT $9, $23, $24, $1, $25, 0, $20, $20 WHERE $24 IS NOT NULL
)
INSERT INTO idempotency_keys (key, request_hash, status_code, response_body, created_at)
SELECT $26, $27, 201, $28, $20 WHERE $26 IS NOT NULL";

/// Writes the submission; `Ok(false)` when its idempotency key already exists (then
/// nothing was written).
async fn insert(
    conn: &mut PgConnection,
    p: &problem::Model,
    x: &Extra<'_>,
) -> Result<bool, sqlx::Error> {
    let (key, hash, answer) = match &x.key {
        Some((k, h, a)) => (Some(*k), Some(*h), Some(a.as_str())),
        None => (None, None, None),
    };
    let done = sqlx::query(SUBMIT)
        .bind(p.id)
        .bind(&p.title)
        .bind(&p.description)
        .bind(&p.category_code)
        .bind(&p.region_code)
        .bind(&p.address)
        .bind(p.latitude)
        .bind(p.longitude)
        .bind(&p.citizen_email)
        .bind(&p.citizen_name)
        .bind(p.anonymous)
        .bind(p.status.as_str())
        .bind(&p.tracking_token)
        .bind(&p.confirm_token_hash)
        .bind(&p.open311_token)
        .bind(&p.citizen_phone)
        .bind(&p.citizen_device_id)
        .bind(&p.citizen_account_id)
        .bind(&p.media_url)
        .bind(x.now)
        .bind(x.actor_kind)
        .bind(x.action)
        .bind(crate::services::notify::CONFIRMATION)
        .bind(x.mail_context.as_deref())
        .bind(OutboxState::Pending.as_str())
        .bind(key)
        .bind(hash)
        .bind(answer)
        .execute(conn)
        .await;
    match done {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e))
            if e.is_unique_violation() && e.table() == Some("idempotency_keys") =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}
