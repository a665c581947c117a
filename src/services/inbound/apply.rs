//! Carrying out the replies whose undo period is over (the `inbound` job): claimed one by
//! one with a lease, each carried out through the workflow in one transaction with its
//! new state.

use crate::app::AppState;
use crate::domain::reply::Party;
use crate::domain::state::{ReplyState, Verdict};
use crate::entities::{inbound_reply, problem, user};
use crate::error::{AppError, AppResult};
use crate::mail::outbox;
use crate::services::workflow::{self, ActionRequest, CitizenReply};
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde_json::json;

/// Replies carried out per claim.
const BATCH: u64 = 50;
/// How long a claim holds a reply against other processes.
const LEASE_SECONDS: i64 = 120;

/// What the `inbound` job did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub applied: u64,
    pub failed: u64,
}

/// Carries out the replies whose undo period is over, each in its own transaction with
/// its state, a batch at a time. A reply is claimed first (a lease written only where the
/// row is still pending and unclaimed or its lease ran out: one process wins it), so that
/// a second process skips it; the clock is read again for every batch and every claim,
/// never carried through the loop. A reply whose action the problem no longer allows is
/// marked `failed` and its sender told; a failing database leaves it pending, to be tried
/// again when its lease runs out.
pub async fn apply_due(st: &AppState) -> AppResult<Applied> {
    let mut done = Applied::default();
    loop {
        let now = st.clock.now();
        let due: Vec<i32> = inbound_reply::Entity::find()
            .select_only()
            .column(inbound_reply::Column::Id)
            .filter(inbound_reply::Column::State.eq(ReplyState::Pending.as_str()))
            .filter(inbound_reply::Column::ApplyAt.lte(now))
            .filter(
                sea_orm::Condition::any()
                    .add(inbound_reply::Column::ClaimedUntil.is_null())
                    .add(inbound_reply::Column::ClaimedUntil.lt(now)),
            )
            .order_by_asc(inbound_reply::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&st.db)
            .await?;
        if due.is_empty() {
            return Ok(done);
        }
        let mut claimed_any = false;
        for id in due {
            // The claim: only one process wins the row (its lease expired or never set).
            let now = st.clock.now();
            let won = inbound_reply::Entity::update_many()
                .col_expr(
                    inbound_reply::Column::ClaimedUntil,
                    Expr::value(now + Duration::seconds(LEASE_SECONDS)),
                )
                .filter(inbound_reply::Column::Id.eq(id))
                .filter(inbound_reply::Column::State.eq(ReplyState::Pending.as_str()))
                .filter(
                    sea_orm::Condition::any()
                        .add(inbound_reply::Column::ClaimedUntil.is_null())
                        .add(inbound_reply::Column::ClaimedUntil.lt(now)),
                )
                .exec(&st.db)
                .await?
                .rows_affected
                == 1;
            if !won {
                continue;
            }
            claimed_any = true;
            // SQLite refuses a second writer at once ("database is locked") where a
            // transaction that read first wants to write, and another process may change
            // the problem between our read and write: a moment later it goes through.
            let mut tries = 0;
            let applied = loop {
                match apply_one(st, id).await {
                    Err(
                        AppError::Unavailable(_)
                        | AppError::Conflict {
                            code: "changed_meanwhile",
                            ..
                        },
                    ) if tries < 5 => {
                        tries += 1;
                        tokio::time::sleep(std::time::Duration::from_millis(20 << tries)).await;
                    }
                    other => break other?,
                }
            };
            if applied {
                done.applied += 1;
            } else {
                done.failed += 1;
            }
        }
        if !claimed_any {
            return Ok(done);
        }
    }
}

/// Carries out one claimed reply; false when the problem no longer allows it.
async fn apply_one(st: &AppState, id: i32) -> AppResult<bool> {
    let Some(r) = inbound_reply::Entity::find_by_id(id).one(&st.db).await? else {
        return Ok(false);
    };
    let (Some(problem_id), Some(action)) = (r.problem_id, r.action.clone()) else {
        return Ok(false);
    };
    let text = r.text.clone().unwrap_or_default();
    let user = match r.user_id {
        Some(uid) => crate::auth::load_user(&st.db, uid).await?,
        None => None,
    };
    let txn = st.db.begin().await?;
    let party = r.party.as_deref().and_then(|k| Party::stored(k, r.user_id));
    let result = match (party, &user) {
        (Some(Party::Citizen), _) => {
            let p = problem::Entity::find_by_id(problem_id).one(&txn).await?;
            match p {
                Some(p) => {
                    let reply = if action == Verdict::Fixed.as_str() {
                        CitizenReply::Fixed
                    } else if action == Verdict::NotFixed.as_str() {
                        CitizenReply::NotFixed
                    } else {
                        CitizenReply::Answer
                    };
                    workflow::citizen_reply_in(st, &txn, p, reply, Some(&text))
                        .await
                        .map(|_| ())
                }
                None => Err(AppError::NotFound),
            }
        }
        (Some(Party::Coordinator(_)), Some(u)) => workflow::note_in(st, &txn, u, problem_id, &text)
            .await
            .map(|_| ()),
        (Some(Party::Representative(_)), Some(u)) => {
            let req = ActionRequest {
                action: action.clone(),
                note: (!text.is_empty()).then_some(text),
                ..ActionRequest::default()
            };
            workflow::act_in(st, &txn, u, problem_id, req)
                .await
                .map(|_| ())
        }
        _ => Err(AppError::NotFound),
    };
    let reason = match result {
        Ok(()) => None,
        // The database failed, not the reply: the claim runs out and it is tried again.
        Err(e @ (AppError::Unavailable(_) | AppError::Db(_) | AppError::Other(_))) => {
            return Err(e);
        }
        // Another process changed the problem between our read and our write (it carried
        // out another reply to it): the caller tries again.
        Err(
            e @ AppError::Conflict {
                code: "changed_meanwhile",
                ..
            },
        ) => return Err(e),
        Err(e) => Some(match e {
            AppError::Conflict { code, .. } => code,
            AppError::Forbidden(_) => "forbidden",
            AppError::Invalid(_) | AppError::BadRequest { .. } => "invalid",
            _ => "not_found",
        }),
    };
    let Some(reason) = reason else {
        let kind = party.and_then(|p| super::photos::kind_of(p, &action));
        let written = match kind {
            Some(kind) => super::photos::carry_out(st, &txn, id, problem_id, kind).await?,
            None => Vec::new(),
        };
        mark(&txn, id, ReplyState::Applied, None).await?;
        if let Err(e) = txn.commit().await {
            crate::services::photos::remove_files(st, &written).await;
            return Err(e.into());
        }
        st.stats.changed();
        st.mail_ready.notify_one();
        return Ok(true);
    };
    // Nothing of the action stays; the reply is marked failed and its sender told why.
    txn.rollback().await?;
    let txn = st.db.begin().await?;
    mark(&txn, id, ReplyState::Failed, Some(reason)).await?;
    let p = problem::Entity::find_by_id(problem_id).one(&txn).await?;
    // Whom to tell, in their language.
    let to = match (party, r.user_id) {
        (Some(Party::Citizen), _) => p.as_ref().map(|p| {
            (
                p.citizen_email.clone(),
                crate::services::notify::citizen_language(st, p),
            )
        }),
        (_, Some(uid)) => user::Entity::find_by_id(uid)
            .one(&txn)
            .await?
            .map(|u| (u.email, st.mail_language(u.language.as_deref()))),
        _ => None,
    };
    if let Some((to, lang)) = to.filter(|t| !t.0.is_empty()) {
        let ctx = json!({
            "lang": lang,
            "org": st.config.organisation.name,
            "reason": crate::i18n::message(lang, "mail.reply_refused.failed"),
            "reference": crate::services::problem_reference(problem_id),
        });
        outbox::enqueue(
            &txn,
            &to,
            "reply_refused",
            &ctx,
            Some(problem_id),
            st.clock.now(),
        )
        .await?;
    }
    txn.commit().await?;
    st.mail_ready.notify_one();
    Ok(false)
}

/// Writes a reply's final state (only from pending: a reply is carried out once).
async fn mark(
    db: &impl sea_orm::ConnectionTrait,
    id: i32,
    state: ReplyState,
    reason: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    inbound_reply::Entity::update_many()
        .col_expr(inbound_reply::Column::State, Expr::value(state.as_str()))
        .col_expr(
            inbound_reply::Column::Reason,
            Expr::value(reason.map(str::to_string)),
        )
        .col_expr(
            inbound_reply::Column::Text,
            Expr::value(Option::<String>::None),
        )
        .filter(inbound_reply::Column::Id.eq(id))
        .filter(inbound_reply::Column::State.eq(ReplyState::Pending.as_str()))
        .exec(db)
        .await?;
    super::photos::forget(db, id).await
}
