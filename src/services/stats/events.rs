//! Counts over the event log of a period: the flows by dimension and chart bucket, and
//! the hours acknowledgements and resolutions took.

use super::load::{alias, count, dim_of};
use crate::domain::state::Status;
use crate::domain::stats::{DimIndex, Elapsed, Flow, Period, Tally};
use crate::domain::status::Action;
use crate::entities::{problem, problem_event};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr};

/// Events joined to their problems, in `period`, of the counted actions.
fn events_in(period: Period, actions: &[Action]) -> SelectStatement {
    let e = problem_event::Entity;
    let p = problem::Entity;
    Query::select()
        .expr_as(
            Expr::col((p, problem::Column::RegionCode)),
            alias("g_region"),
        )
        .expr_as(
            Expr::col((p, problem::Column::CategoryCode)),
            alias("g_category"),
        )
        .expr_as(
            Expr::col((p, problem::Column::ElectionId)),
            alias("g_election"),
        )
        .expr_as(
            Expr::col((p, problem::Column::Verified)),
            alias("g_verified"),
        )
        .expr_as(
            Func::count(Expr::col((e, problem_event::Column::Id))),
            alias("n"),
        )
        .from(e)
        .inner_join(
            p,
            Expr::col((e, problem_event::Column::ProblemId)).equals((p, problem::Column::Id)),
        )
        .and_where(problem_event::Column::Action.is_in(actions.iter().copied()))
        .and_where(Expr::col((e, problem_event::Column::CreatedAt)).gte(period.start))
        .and_where(Expr::col((e, problem_event::Column::CreatedAt)).lt(period.end))
        .group_by_col(alias("g_region"))
        .group_by_col(alias("g_category"))
        .group_by_col(alias("g_election"))
        .group_by_col(alias("g_verified"))
        .to_owned()
}

/// The index of the bucket an event falls in, as a balanced tree of `CASE`s: a handful of
/// comparisons per event even for a year of weeks, and exact local-day boundaries.
fn bucket_of(buckets: &[DateTime<Utc>], offset: usize) -> Expr {
    if buckets.len() <= 1 {
        return Expr::val(offset as i32);
    }
    let mid = buckets.len() / 2;
    let at = Expr::col((problem_event::Entity, problem_event::Column::CreatedAt));
    Expr::case(at.lt(buckets[mid]), bucket_of(&buckets[..mid], offset))
        .finally(bucket_of(&buckets[mid..], offset + mid))
        .into()
}

pub(super) async fn tallies_of(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    period: Period,
    buckets: &[DateTime<Utc>],
) -> Result<Vec<Tally>, DbErr> {
    let e = problem_event::Entity;
    let p = problem::Entity;
    let action = || Expr::col((e, problem_event::Column::Action));
    // Who an event is credited to: the actor of an acknowledgement or resolution, the
    // representative a routing chose, and otherwise who holds the problem now.
    let credited = Expr::case(
        action().is_in([Action::Acknowledge, Action::Resolve]),
        Expr::col((e, problem_event::Column::ActorUserId)),
    )
    .case(
        action().is_in([Action::Route, Action::Assign]),
        Expr::col((e, problem_event::Column::RepresentativeId)),
    )
    .finally(Expr::col((p, problem::Column::RepresentativeId)));
    let bucket_expr = bucket_of(buckets, 0);
    let stmt = events_in(period, &Flow::ACTIONS)
        .expr_as(action(), alias("g_action"))
        .expr_as(
            Expr::col((e, problem_event::Column::ToStatus)),
            alias("g_to"),
        )
        .expr_as(credited, alias("g_rep"))
        .expr_as(bucket_expr, alias("g_bucket"))
        .group_by_col(alias("g_action"))
        .group_by_col(alias("g_to"))
        .group_by_col(alias("g_rep"))
        .group_by_col(alias("g_bucket"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let action: Action = row.try_get("", "g_action")?;
        let to: Option<Status> = row.try_get("", "g_to")?;
        let Some(flow) = Flow::of(action, to) else {
            continue;
        };
        let bucket: i32 = row.try_get("", "g_bucket")?;
        out.push(Tally {
            dim: dim_of(&row, dims)?,
            flow,
            bucket: u16::try_from(bucket).unwrap_or(0),
            n: count(&row)?,
        });
    }
    Ok(out)
}

pub(super) async fn elapsed(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    period: Period,
) -> Result<Vec<Elapsed>, DbErr> {
    let e = problem_event::Entity;
    let secs = || Expr::col((e, problem_event::Column::ElapsedSeconds));
    // Rounded to the hour in the database (integer division on both backends), so that
    // a year of events comes back as a few counts per representative and hour.
    let hours = secs().add(1800).div(3600);
    let stmt = events_in(period, &[Action::Acknowledge, Action::Resolve])
        .expr_as(
            Expr::col((e, problem_event::Column::Action)),
            alias("g_action"),
        )
        .expr_as(
            Expr::col((e, problem_event::Column::ActorUserId)),
            alias("g_rep"),
        )
        .expr_as(hours, alias("g_hours"))
        .and_where(secs().is_not_null())
        .group_by_col(alias("g_action"))
        .group_by_col(alias("g_rep"))
        .group_by_col(alias("g_hours"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let action: Action = row.try_get("", "g_action")?;
        let hours: i64 = row.try_get("", "g_hours")?;
        out.push(Elapsed {
            dim: dim_of(&row, dims)?,
            flow: if action == Action::Acknowledge {
                Flow::Acknowledged
            } else {
                Flow::Resolved
            },
            hours: u32::try_from(Ord::max(hours, 0)).unwrap_or(u32::MAX),
            n: count(&row)?,
        });
    }
    Ok(out)
}
