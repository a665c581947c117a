//! The one function that counts a period's facts ([`load`]), its small helpers shared by
//! the event and problem counts, and the event log's head that tells when counts are old.

use super::{events, problems};
use crate::domain::stats::{Dim, DimIndex, Facts, Period};
use crate::entities::problem_event;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{ConnectionTrait, DbErr};

pub(super) fn alias(s: &str) -> Alias {
    Alias::new(s)
}
/// Reads the facts of `period` (counted into `buckets`) and of `previous`, and the open
/// problems as of `now` (their age bands in local days of `tz`).
pub async fn load(
    db: &impl ConnectionTrait,
    period: Period,
    previous: Period,
    buckets: Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Facts, DbErr> {
    let mut dims = DimIndex::default();
    let tallies = events::tallies_of(db, &mut dims, period, &buckets).await?;
    let previous_tallies = events::tallies_of(db, &mut dims, previous, &[previous.start]).await?;
    let elapsed = events::elapsed(db, &mut dims, period).await?;
    let open = problems::open_groups(db, &mut dims, now, tz).await?;
    let deadlines = problems::deadlines(db, &mut dims, period, now).await?;
    let (overdue, supported) = problems::listed(db, &mut dims, now).await?;
    Ok(Facts {
        period,
        previous,
        buckets,
        as_of: now,
        dims: dims.into_dims(),
        tallies,
        previous_tallies,
        elapsed,
        open,
        deadlines,
        overdue,
        supported,
    })
}

pub(super) fn dim_of(row: &sea_orm::QueryResult, dims: &mut DimIndex) -> Result<u32, DbErr> {
    Ok(dims.of(Dim {
        region: row.try_get("", "g_region")?,
        category: row.try_get("", "g_category")?,
        representative: row.try_get("", "g_rep")?,
        election: row.try_get("", "g_election")?,
        verified: row.try_get("", "g_verified")?,
    }))
}

pub(super) fn count(row: &sea_orm::QueryResult) -> Result<u64, DbErr> {
    let n: i64 = row.try_get("", "n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The newest event id: when it moves, cached facts may be out of date.
pub(super) async fn head(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let stmt = Query::select()
        .expr_as(
            Func::coalesce([
                Expr::from(Func::max(Expr::col(problem_event::Column::Id))),
                Expr::val(0),
            ]),
            alias("head"),
        )
        .from(problem_event::Entity)
        .to_owned();
    let row = db.query_one(&stmt).await?;
    Ok(match row {
        Some(r) => r
            .try_get::<i64>("", "head")
            .or_else(|_| r.try_get::<i32>("", "head").map(i64::from))?,
        None => 0,
    })
}
