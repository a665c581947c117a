//! Citizens' personal data (Kazakhstan's Law on Personal Data and its Protection): erasing
//! a citizen's contact details at their request. The rules are in `crate::domain::privacy`.

use crate::app::AppState;
use crate::domain::lifecycle::Step;
use crate::domain::status::{Action, Relation, Role, decide};
use crate::entities::{outbox, problem, support};
use crate::error::AppResult;
use crate::services::workflow::{self, Actor, Said};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};

/// The citizen stands to their problem as nobody in particular.
const NOBODY: Relation = Relation {
    is_assignee: false,
    covers_region: false,
};

/// Erases the contact details of the problem behind tracking link `token` at its citizen's
/// request: the problem stays public, anonymous; its tracking link keeps working, but
/// nothing is mailed to the citizen any more. Their mails about it leave the outbox (those
/// not yet sent are never sent). Erasing again changes nothing.
#[tracing::instrument(skip_all)]
pub async fn erase_by_citizen(st: &AppState, token: &str) -> AppResult<problem::Model> {
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let p = workflow::by_tracking_token(&txn, token).await?;
    if p.contact_erased_at.is_some() {
        return Ok(p);
    }
    let t = decide(p.status, Action::EraseContact, Role::Citizen, NOBODY, None)?;
    let said = Said {
        internal_note: Some("The citizen erased their contact details."),
        ..Said::default()
    };
    let step = Step::at(now);
    let action = Action::EraseContact;
    let (updated, _) =
        workflow::transition(&txn, &p, action, &t, &step, Actor::Citizen, said).await?;
    // A merged duplicate's citizen also follows (and supports) the original.
    let problems: Vec<i32> = std::iter::once(p.id).chain(p.duplicate_of).collect();
    forget_address(&txn, &p.citizen_email, &problems).await?;
    txn.commit().await?;
    tracing::info!(
        problem_id = p.id,
        "contact details erased at the citizen's request"
    );
    Ok(updated)
}

/// Removes the other places that hold `address` because of `problems`: its mails about
/// them in the outbox, and its supports of them (the support still counts, without an
/// address).
async fn forget_address(
    db: &impl ConnectionTrait,
    address: &str,
    problems: &[i32],
) -> Result<(), sea_orm::DbErr> {
    outbox::Entity::delete_many()
        .filter(outbox::Column::ProblemId.is_in(problems.iter().copied()))
        .filter(same_address(outbox::Column::Recipient, address))
        .exec(db)
        .await?;
    support::Entity::update_many()
        .col_expr(support::Column::Email, erased_support_email())
        .col_expr(support::Column::Notify, Expr::value(false))
        .col_expr(
            support::Column::ConfirmTokenHash,
            Expr::value(Option::<String>::None),
        )
        .filter(support::Column::ProblemId.is_in(problems.iter().copied()))
        .filter(same_address(support::Column::Email, address))
        .exec(db)
        .await?;
    Ok(())
}

/// `lower(column) = lower(address)`: addresses are compared without regard to case.
fn same_address<C: ColumnTrait>(column: C, address: &str) -> Expr {
    Expr::expr(Func::lower(Expr::col(column))).eq(address.to_lowercase())
}

/// What an erased support's address becomes: `erased:<its id>`, unique per problem as the
/// supports' key needs, and not an address (no `@`).
fn erased_support_email() -> Expr {
    Expr::cust(r#"'erased:' || CAST("id" AS TEXT)"#)
}
