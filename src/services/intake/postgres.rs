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

use crate::entities::{idempotency_key, outbox, problem, problem_event};
use sea_orm::sea_query::Values;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions, Connection, PgPool};
use sea_orm::{EntityTrait, IdenStatic, Iterable, ModelTrait};
use sea_query_sqlx::SqlxValues;
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
    /// The semaphore's size: the most connections at once.
    max: u32,
    /// How long a submission waits for a connection (a free slot, then a new connection
    /// if none is idle), as the pool's `database.acquire_timeout_seconds`.
    acquire_timeout: Duration,
    idle: Mutex<Vec<(PgConnection, Instant)>>,
    options: OnceLock<PgConnectOptions>,
    ids: IdReserve,
}

impl Writer {
    pub fn new(connections: u32, acquire_timeout: Duration) -> Writer {
        Writer {
            slots: Semaphore::new(connections.max(1) as usize),
            max: connections.max(1),
            acquire_timeout,
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
    ///
    /// Waiting for a connection takes at most the acquire timeout, then fails as the
    /// pool's acquire does (`PoolTimedOut`).
    pub async fn run(&self, pool: &PgPool, rows: &Rows) -> Result<bool, sqlx::Error> {
        let waiting = async {
            let slot = self
                .slots
                .acquire()
                .await
                .expect("the semaphore is never closed");
            Ok::<_, sqlx::Error>((slot, self.connection(pool).await?))
        };
        let (_slot, (mut conn, reused)) = tokio::time::timeout(self.acquire_timeout, waiting)
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)??;
        let mut done = insert(&mut conn, rows).await;
        if reused && matches!(done, Err(ref e) if connection_lost(e)) {
            tracing::warn!("a submission connection was broken; retrying on a new one");
            conn = tokio::time::timeout(self.acquire_timeout, self.connect(pool))
                .await
                .map_err(|_| sqlx::Error::PoolTimedOut)??;
            done = match insert(&mut conn, rows).await {
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

    /// Its connections as `/metrics` shows them: `(idle, in use, most at once)`.
    pub fn usage(&self) -> (u64, u64, u64) {
        let idle = self.idle.lock().expect("writer lock").len() as u64;
        let max = self.max as u64;
        let in_use = max.saturating_sub(self.slots.available_permits() as u64);
        (idle, in_use, max)
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

/// Everything one submission writes: the rows themselves, built by the same code as the
/// portable path's (`problem::Model::filed`, `EventRow::model`, `outbox::new_row`), so the
/// one statement writes the same columns by construction.
pub struct Rows {
    pub problem: problem::Model,
    pub event: problem_event::Model,
    /// The confirmation mail, unless none is sent.
    pub mail: Option<outbox::Model>,
    /// The idempotency key with the answer to replay.
    pub key: Option<idempotency_key::Model>,
}

/// The columns of entity `E` that a new row writes: all of them, but the id where the
/// database gives it.
fn columns<E: EntityTrait>(with_id: bool) -> impl Iterator<Item = E::Column> {
    E::Column::iter().filter(move |c| with_id || c.as_str() != "id")
}

/// `INSERT INTO table (columns) VALUES ($n, ...)`, numbering parameters on from `*n + 1`.
fn insert_sql<E: EntityTrait>(with_id: bool, n: &mut usize) -> String {
    let (mut names, mut params) = (Vec::new(), Vec::new());
    for col in columns::<E>(with_id) {
        *n += 1;
        names.push(format!("\"{}\"", col.as_str()));
        params.push(format!("${n}"));
    }
    format!(
        "INSERT INTO \"{}\" ({}) VALUES ({})",
        E::default().table_name(),
        names.join(", "),
        params.join(", ")
    )
}

/// The one statement for a submission with or without a mail and a key: the problem,
/// its event, its mail and its key as data-modifying `WITH` clauses. Built once per shape
/// from the entities' columns.
fn statement(mail: bool, key: bool) -> &'static str {
    static SHAPES: [OnceLock<String>; 4] = [const { OnceLock::new() }; 4];
    SHAPES[usize::from(mail) * 2 + usize::from(key)].get_or_init(|| {
        let mut n = 0;
        let mut sql = format!(
            "WITH p AS ({})",
            insert_sql::<problem::Entity>(true, &mut n)
        );
        let event = insert_sql::<problem_event::Entity>(false, &mut n);
        sql.push_str(&format!(", e AS ({event})"));
        if mail {
            let mail = insert_sql::<outbox::Entity>(false, &mut n);
            sql.push_str(&format!(", o AS ({mail})"));
        }
        if key {
            let key = insert_sql::<idempotency_key::Entity>(true, &mut n);
            sql.push_str(&format!(" {key}"));
        } else {
            sql.push_str(" SELECT 1");
        }
        sql
    })
}

/// The statement's parameters: the rows' values in the statement's column order.
fn parameters(r: &Rows) -> Vec<sea_orm::Value> {
    fn push<M: ModelTrait>(m: &M, with_id: bool, out: &mut Vec<sea_orm::Value>) {
        out.extend(columns::<M::Entity>(with_id).map(|c| m.get(c)));
    }
    let mut out = Vec::with_capacity(64);
    push(&r.problem, true, &mut out);
    push(&r.event, false, &mut out);
    if let Some(mail) = &r.mail {
        push(mail, false, &mut out);
    }
    if let Some(key) = &r.key {
        push(key, true, &mut out);
    }
    out
}

/// Writes the submission; `Ok(false)` when its idempotency key already exists (then
/// nothing was written).
async fn insert(conn: &mut PgConnection, rows: &Rows) -> Result<bool, sqlx::Error> {
    let sql = statement(rows.mail.is_some(), rows.key.is_some());
    let done = sqlx::query_with(sql, SqlxValues(Values(parameters(rows))))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::problem::Filing;
    use chrono::{TimeZone, Utc};

    fn rows(mail: bool, key: bool) -> Rows {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        let mut problem = problem::Model::filed(Filing {
            title: "Broken light".into(),
            description: "Dark since May.".into(),
            category_code: "roads".into(),
            region_code: "KZ-71".into(),
            address: None,
            location: Some((51.1, 71.4)),
            citizen_email: "a@example.kz".into(),
            citizen_name: None,
            anonymous: true,
            tracking_token: "t".into(),
            confirm_token_hash: Some("h".into()),
            created_at: now,
            open311_token: None,
            citizen_phone: None,
            citizen_device_id: None,
            citizen_account_id: None,
            media_url: None,
            consent_version: "v".into(),
            language: "kk",
            election_id: None,
            polling_station: None,
            observer_id: None,
        });
        problem.id = 7;
        let event = problem_event::Model {
            id: 0,
            problem_id: 7,
            created_at: now,
            actor_kind: crate::domain::state::ActorKind::Citizen,
            actor_user_id: None,
            action: crate::domain::status::Action::Submit,
            from_status: None,
            to_status: Some(problem.status),
            public_note: None,
            internal_note: None,
            representative_id: None,
            routing_rule_id: None,
            elapsed_seconds: None,
            note_key: None,
            note_args: None,
        };
        Rows {
            mail: mail.then(|| {
                crate::mail::outbox::new_row(
                    "a@example.kz",
                    "confirm_problem",
                    "{}".into(),
                    Some(7),
                    now,
                )
            }),
            key: key.then(|| idempotency_key::Model {
                key: "k".into(),
                request_hash: "r".into(),
                status_code: 201,
                response_body: "{}".into(),
                created_at: now,
            }),
            event,
            problem,
        }
    }

    #[test]
    fn the_statement_writes_every_column_of_every_row_it_holds() {
        for (mail, key) in [(false, false), (true, false), (false, true), (true, true)] {
            let sql = statement(mail, key);
            let params = parameters(&rows(mail, key)).len();
            // One parameter per column written, numbered in order.
            assert!(sql.contains(&format!("${params})")), "{sql}");
            assert!(!sql.contains(&format!("${}", params + 1)), "{sql}");
            // problems: every column (its id is reserved ahead); the others: all but id.
            let expected = problem::Column::iter().count() + problem_event::Column::iter().count()
                - 1
                + if mail {
                    outbox::Column::iter().count() - 1
                } else {
                    0
                }
                + if key {
                    idempotency_key::Column::iter().count()
                } else {
                    0
                };
            assert_eq!(params, expected);
            for col in ["\"media_url\"", "\"support_count\"", "\"elapsed_seconds\""] {
                assert!(sql.contains(col), "{col} missing from {sql}");
            }
            assert_eq!(sql.contains("INSERT INTO \"outbox\""), mail);
            assert_eq!(sql.contains("INSERT INTO \"idempotency_keys\""), key);
        }
    }
}
