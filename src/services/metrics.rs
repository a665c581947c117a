//! What a `/metrics` scrape reads at its moment: problems by status and the outbox from
//! the database (the outbox's figures are the ones `civic-tracker mail status` prints:
//! [`crate::mail::outbox::status`]), and the connection pools' usage from the process.

use crate::app::AppState;
use crate::domain::state::Status;
use crate::entities::problem;
use crate::metrics::{DatabaseGauges, Gauges, PoolUsage};
use sea_orm::{
    DatabaseConnection, DbBackend, DbErr, EntityTrait, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use std::time::Duration;

/// How long a scrape waits for the database: one that is slower than this is left out of
/// the answer (the process's own figures are answered all the same, which is when they
/// matter most).
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

/// The gauges of a scrape.
pub async fn read(st: &AppState) -> Gauges {
    let database = match tokio::time::timeout(DATABASE_TIMEOUT, from_database(st)).await {
        Ok(Ok(g)) => Some(g),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: reading the database failed");
            None
        }
        Err(_) => {
            tracing::warn!("metrics: the database did not answer in time");
            None
        }
    };
    Gauges {
        database,
        pools: pools(st),
    }
}

async fn from_database(st: &AppState) -> Result<DatabaseGauges, DbErr> {
    let counted: Vec<(Status, i64)> = problem::Entity::find()
        .select_only()
        .column(problem::Column::Status)
        .column_as(Expr::col(problem::Column::Id).count(), "n")
        .group_by(problem::Column::Status)
        .into_tuple()
        .all(&st.read_db)
        .await?;
    let problems = Status::ALL
        .iter()
        .map(|s| {
            let n = counted.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
            (s.as_str(), u64::try_from(n).unwrap_or(0))
        })
        .collect();
    let outbox = crate::mail::outbox::status(&st.db, st.clock.now()).await?;
    Ok(DatabaseGauges {
        problems,
        outbox_pending: outbox.pending,
        outbox_oldest_pending_seconds: outbox
            .oldest_pending_seconds
            .map_or(0, |s| u64::try_from(s).unwrap_or(0)),
        outbox_dead: outbox.dead,
    })
}

/// Every pool this process holds: the primary one, SQLite's read-only one when it has its
/// own, and PostgreSQL's submission connections.
fn pools(st: &AppState) -> Vec<PoolUsage> {
    let mut out = vec![pool_usage("primary", &st.db)];
    if !crate::app::reads_share_writer(&st.config) {
        out.push(pool_usage("read", &st.read_db));
    }
    if st.db.get_database_backend() == DbBackend::Postgres {
        let (idle, in_use, max) = st.submissions.usage();
        out.push(PoolUsage {
            pool: "submit",
            idle,
            in_use,
            max,
        });
    }
    out
}

fn pool_usage(pool: &'static str, db: &DatabaseConnection) -> PoolUsage {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        _ => (0, 0, 0),
    };
    let idle = idle as u64;
    PoolUsage {
        pool,
        idle,
        in_use: u64::from(size).saturating_sub(idle),
        max: u64::from(max),
    }
}
