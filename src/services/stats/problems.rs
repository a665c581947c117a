//! Counts over the problems as they are now: the open ones by age band and state, the
//! deadlines of a period kept or missed, and the few problems listed by name.

use super::load::{alias, count, dim_of};
use crate::domain::state::{Status, Verdict};
use crate::domain::stats::{
    AGE_BAND_DAYS, DeadlineGroup, Dim, DimIndex, OpenGroup, OverdueFact, Period, SupportedFact,
};
use crate::entities::problem;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr};

/// Problems grouped by region, category and holder.
fn problems_by_dim() -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(problem::Column::RegionCode), alias("g_region"))
        .expr_as(
            Expr::col(problem::Column::CategoryCode),
            alias("g_category"),
        )
        .expr_as(Expr::col(problem::Column::RepresentativeId), alias("g_rep"))
        .expr_as(Expr::col(problem::Column::ElectionId), alias("g_election"))
        .expr_as(Expr::col(problem::Column::Verified), alias("g_verified"))
        .expr_as(Func::count(Expr::col(problem::Column::Id)), alias("n"))
        .from(problem::Entity)
        .group_by_col(alias("g_region"))
        .group_by_col(alias("g_category"))
        .group_by_col(alias("g_rep"))
        .group_by_col(alias("g_election"))
        .group_by_col(alias("g_verified"))
        .to_owned()
}

pub(super) async fn open_groups(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Vec<OpenGroup>, DbErr> {
    let filed = || Expr::col(problem::Column::ConfirmedAt);
    // "Under 7 days" is filed in the last 7 local days, today included: the same days the
    // list's received_from / received_to select.
    let mut band = CaseStatement::new();
    for (i, days) in AGE_BAND_DAYS.iter().enumerate() {
        let since = crate::domain::stats::last_days(now, *days, tz).start;
        band = band.case(filed().gte(since), Expr::val(i as i32));
    }
    let band = band.finally(Expr::val(AGE_BAND_DAYS.len() as i32));
    let stmt = problems_by_dim()
        .expr_as(band, alias("g_band"))
        .expr_as(Expr::col(problem::Column::Overdue), alias("g_overdue"))
        .expr_as(Expr::col(problem::Column::Escalated), alias("g_escalated"))
        .and_where(problem::Column::Status.is_in(Status::open()))
        .group_by_col(alias("g_band"))
        .group_by_col(alias("g_overdue"))
        .group_by_col(alias("g_escalated"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let band: i32 = row.try_get("", "g_band")?;
        out.push(OpenGroup {
            dim: dim_of(&row, dims)?,
            band: u8::try_from(band).unwrap_or(4),
            overdue: row.try_get("", "g_overdue")?,
            escalated: row.try_get("", "g_escalated")?,
            n: count(&row)?,
        });
    }
    Ok(out)
}

pub(super) async fn deadlines(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Vec<DeadlineGroup>, DbErr> {
    let due = || Expr::col(problem::Column::ResolveDueAt);
    let kept = Expr::case(
        problem::Column::Status
            .is_in([Status::Resolved, Status::Closed])
            .and(Expr::col(problem::Column::ResolvedAt).is_not_null())
            .and(Expr::col(problem::Column::ResolvedAt).lte(due())),
        Expr::val(1),
    )
    .finally(Expr::val(0));
    let stmt = problems_by_dim()
        .expr_as(kept, alias("g_kept"))
        .and_where(due().gte(period.start))
        .and_where(due().lt(Ord::min(period.end, now)))
        // Problems that left the deadline's reach without a resolution are not counted:
        // merged duplicates, those a coordinator closed and those their citizen withdrew.
        .and_where(problem::Column::Status.ne(Status::Duplicate))
        .and_where(problem::Column::Status.ne(Status::Unconfirmed))
        .and_where(
            Expr::col(problem::Column::Verdict)
                .is_null()
                .or(Expr::col(problem::Column::Verdict)
                    .is_not_in([Verdict::ClosedByCoordinator, Verdict::Withdrawn])),
        )
        .group_by_col(alias("g_kept"))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&stmt).await? {
        let kept: i32 = row.try_get("", "g_kept")?;
        out.push(DeadlineGroup {
            dim: dim_of(&row, dims)?,
            on_time: kept == 1,
            n: count(&row)?,
        });
    }
    Ok(out)
}

#[derive(sea_orm::FromQueryResult)]
struct ListedRow {
    id: i32,
    region_code: String,
    category_code: String,
    representative_id: Option<i32>,
    election_id: Option<i32>,
    verified: Option<bool>,
    overdue: bool,
    escalated: bool,
    ack_due_at: Option<DateTime<Utc>>,
    acknowledged_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    confirmed_at: Option<DateTime<Utc>>,
    support_count: i32,
}

/// The open problems the figures list by name: overdue ones and supported ones.
pub(super) async fn listed(
    db: &impl ConnectionTrait,
    dims: &mut DimIndex,
    now: DateTime<Utc>,
) -> Result<(Vec<OverdueFact>, Vec<SupportedFact>), DbErr> {
    use sea_orm::{EntityTrait, QueryFilter, QuerySelect};
    let rows: Vec<ListedRow> = problem::Entity::find()
        .select_only()
        .columns([
            problem::Column::Id,
            problem::Column::RegionCode,
            problem::Column::CategoryCode,
            problem::Column::RepresentativeId,
            problem::Column::ElectionId,
            problem::Column::Verified,
            problem::Column::Overdue,
            problem::Column::Escalated,
            problem::Column::AckDueAt,
            problem::Column::AcknowledgedAt,
            problem::Column::ResolveDueAt,
            problem::Column::ConfirmedAt,
            problem::Column::SupportCount,
        ])
        .filter(problem::Column::Status.is_in(Status::open()))
        .filter(
            problem::Column::Overdue
                .eq(true)
                .or(problem::Column::SupportCount.gt(0)),
        )
        .into_model::<ListedRow>()
        .all(db)
        .await?;
    let mut overdue = Vec::new();
    let mut supported = Vec::new();
    for r in rows {
        let dim = dims.of(Dim {
            region: r.region_code,
            category: r.category_code,
            representative: r.representative_id,
            election: r.election_id,
            verified: r.verified,
        });
        if r.overdue {
            let missed_ack = r
                .ack_due_at
                .filter(|d| r.acknowledged_at.is_none() && *d <= now);
            let missed_resolve = r.resolve_due_at.filter(|d| *d <= now);
            overdue.push(OverdueFact {
                id: r.id,
                dim,
                overdue_since: missed_ack.into_iter().chain(missed_resolve).min(),
                escalated: r.escalated,
                filed_at: r.confirmed_at,
            });
        }
        if r.support_count > 0 {
            supported.push(SupportedFact {
                id: r.id,
                dim,
                supporters: r.support_count,
            });
        }
    }
    // Longest overdue first, as every list shows them: sorting once here makes each
    // view's sort a pass over sorted data.
    overdue.sort_by_key(|o| (o.overdue_since.is_none(), o.overdue_since, o.id));
    Ok((overdue, supported))
}
