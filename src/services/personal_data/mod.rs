//! Citizens' personal data (Kazakhstan's Law on Personal Data and its Protection): erasing
//! a citizen's contact details at their request or when the retention period ends, the log
//! of staff looking at them ([`access`]), and everything held about an address
//! ([`export`]). The rules are in `crate::domain::privacy`.

pub mod access;
pub mod export;

use crate::app::AppState;
use crate::domain::event_note::EventNote;
use crate::domain::lifecycle::Step;
use crate::domain::privacy;
use crate::domain::state::ActorKind;
use crate::domain::status::{Action, Relation, Role, Status, decide};
use crate::entities::{outbox, problem, problem_event, support, user};
use crate::error::AppResult;
use crate::services::workflow::{self, Actor, Said};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// The citizen (and the service) stand to a problem as nobody in particular.
const NOBODY: Relation = Relation {
    is_assignee: false,
    covers_region: false,
};

/// Problems written per statement in bulk.
const CHUNK: usize = 500;

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
    let says = EventNote::new("event.contact_erased");
    let said = Said {
        system_note: Some(&says),
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
    // Kept lists and answers must not show what was erased.
    st.stats.changed();
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

/// What [`erase_expired`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    /// Problems whose citizen's contact details were erased.
    pub problems: usize,
}

/// Erases the contact details of problems finished longer than `privacy.retention_days`
/// before `now`: the citizen's, their supporters' and the citizens' mails about them. Part
/// of the `purge` job; running it again erases nothing more.
#[tracing::instrument(skip_all)]
pub async fn erase_expired(st: &AppState, now: DateTime<Utc>) -> anyhow::Result<Erased> {
    let days = st.config.privacy.retention_days;
    let cutoff = privacy::cutoff(now, days);
    let due = || {
        Expr::col(problem::Column::ContactErasedAt)
            .is_null()
            .and(problem::Column::Status.is_in(privacy::finished_statuses()))
            .and(problem::Column::ClosedAt.lt(cutoff))
    };
    let txn = st.db.begin().await?;
    let found: Vec<(i32, Status)> = problem::Entity::find()
        .select_only()
        .columns([problem::Column::Id, problem::Column::Status])
        .filter(due())
        .into_tuple()
        .all(&txn)
        .await?;
    let mut erased = 0;
    for chunk in found.chunks(CHUNK) {
        for (_, status) in chunk {
            decide(*status, Action::EraseContact, Role::System, NOBODY, None)?;
        }
        let ids: Vec<i32> = chunk.iter().map(|(id, _)| *id).collect();
        let mut stmt = Query::update();
        stmt.table(problem::Entity)
            .values(
                problem::erased_contact(now)
                    .into_iter()
                    .map(|(col, v)| (col, Expr::val(v))),
            )
            .value(problem::Column::UpdatedAt, now)
            .and_where(problem::Column::Id.is_in(ids.iter().copied()))
            .and_where(due())
            .returning_col(problem::Column::Id);
        let done: Vec<i32> = txn
            .query_all(&stmt)
            .await?
            .into_iter()
            .map(|row| row.try_get::<i32>("", "id"))
            .collect::<Result<_, _>>()?;
        if done.is_empty() {
            continue;
        }
        // Every citizen's mail about these problems (staff addresses are users').
        outbox::Entity::delete_many()
            .filter(outbox::Column::ProblemId.is_in(done.iter().copied()))
            .filter(
                outbox::Column::Recipient.not_in_subquery(
                    Query::select()
                        .column(user::Column::Email)
                        .from(user::Entity)
                        .to_owned(),
                ),
            )
            .exec(&txn)
            .await?;
        support::Entity::update_many()
            .col_expr(support::Column::Email, erased_support_email())
            .col_expr(support::Column::Notify, Expr::value(false))
            .col_expr(
                support::Column::ConfirmTokenHash,
                Expr::value(Option::<String>::None),
            )
            .filter(support::Column::ProblemId.is_in(done.iter().copied()))
            .filter(support::Column::Email.not_like("erased:%"))
            .exec(&txn)
            .await?;
        let note = format!("Contact details erased: closed more than {days} days ago.");
        let events = chunk
            .iter()
            .filter(|(id, _)| done.contains(id))
            .map(|(id, status)| problem_event::Model {
                id: 0,
                problem_id: *id,
                created_at: now,
                actor_kind: ActorKind::System,
                actor_user_id: None,
                action: Action::EraseContact,
                from_status: Some(*status),
                to_status: Some(*status),
                public_note: None,
                internal_note: Some(note.clone()),
                representative_id: None,
                routing_rule_id: None,
                elapsed_seconds: None,
                note_key: None,
                note_args: None,
            })
            .collect();
        // Internal only (no public note, no status change): the ledger keeps none of it.
        workflow::record_many(&txn, events).await?;
        erased += done.len();
    }
    txn.commit().await?;
    st.stats.changed();
    Ok(Erased { problems: erased })
}
