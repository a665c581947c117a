//! Verification of election reports (issue 20): a coordinator of the problem's region (or
//! an admin) finds a report verified or not, with a public note. It is an event on the
//! timeline (and so in the public ledger) and the problem's `verified` column; the status
//! machine lets it through without changing the status.

use super::{Actor, Said, relation, transition};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::event_note::EventNote;
use crate::domain::input::NOTE;
use crate::domain::lifecycle::Step;
use crate::domain::status::{Action, Status, decide};
use crate::entities::problem;
use crate::error::{AppError, AppResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// Records `user`'s finding on election report `id`: `verified` or not, and why (`note`,
/// required, public). Only election problems are verified (409 otherwise); who may is the
/// status machine's rule for [`Action::Verify`].
#[tracing::instrument(skip_all, fields(problem_id = id, user_id = user.id, verified))]
pub async fn verify(
    st: &AppState,
    user: &CurrentUser,
    id: i32,
    verified: bool,
    note: Option<&str>,
) -> AppResult<()> {
    let note = NOTE
        .parse("note", note, false)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    // Read before the transaction: SQLite's one connection is the transaction's then.
    let stations = crate::services::observers::station_scope(st, user).await?;
    let txn = st.db.begin().await?;
    let p = problem::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    let t = decide(
        p.status,
        Action::Verify,
        user.status_role(),
        relation(user, &p),
        note.as_deref(),
    )?;
    // An observer scoped to polling stations verifies at those stations only.
    if !crate::domain::observers::station_in_scope(&stations, p.election_id, p.polling_station) {
        return Err(AppError::Forbidden(
            "error.forbidden.outside_observer_stations".into(),
        ));
    }
    if p.election_id.is_none() {
        return Err(AppError::Conflict {
            code: "not_an_election_report",
            message: "error.conflict.not_election_report".into(),
        });
    }
    let says = EventNote::new(if verified {
        "event.verified"
    } else {
        "event.unverified"
    });
    let said = Said {
        public_note: note.as_deref(),
        system_note: Some(&says),
        ..Said::default()
    };
    let step = Step::at(st.clock.now());
    transition(
        &txn,
        &p,
        Action::Verify,
        &t,
        &step,
        Actor::User(user.id),
        said,
    )
    .await?;
    problem::Entity::update_many()
        .col_expr(problem::Column::Verified, Expr::value(verified))
        .filter(problem::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    // The figures count verified reports apart (`GET /api/v1/stats?election=`).
    st.stats.changed();
    tracing::info!("election report verified or not");
    Ok(())
}
