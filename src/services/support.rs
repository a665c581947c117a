//! Public opinion: "I have this problem too". A support counts once its e-mail link is
//! followed; one per e-mail per problem (a unique key); supporters may ask to be told about
//! status changes. Merging a duplicate moves its supporters (and its filer) to the
//! original without counting anyone twice.

use crate::app::AppState;
use crate::auth::{hash_token, random_token};
use crate::domain::input::Email;
use crate::domain::status::Status;
use crate::entities::{problem, support};
use crate::error::{AppError, AppResult};
use crate::mail::outbox;
use crate::services::problem_reference;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use serde_json::json;

/// Asks `email` to confirm their support of problem `id` (a duplicate's support goes to
/// its original). The answer is the same whether the address already supports it, filed it
/// (then it is told so by mail: the filer of an anonymous problem stays unknown), or
/// neither, so the form tells nobody who supports or filed what.
#[tracing::instrument(skip_all, fields(problem_id = id))]
///
/// `lang` is the supporter's language: the confirmation and later updates are in it.
pub async fn request(
    st: &AppState,
    id: i32,
    email: &Email,
    notify: bool,
    lang: &'static str,
) -> AppResult<i32> {
    crate::services::notify::within_mail_budget(st, &st.db, email.as_str()).await?;
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let mut p = public_problem(&txn, id).await?;
    if p.status == Status::Duplicate
        && let Some(original) = p.duplicate_of
    {
        p = public_problem(&txn, original).await?;
    }
    // One support per mailbox: addresses are stored in their canonical spelling.
    let address = email.as_str();
    let ctx = |confirm_url: Option<String>| {
        json!({
            "lang": lang,
            "org": st.config.organisation.name,
            "problem": {"reference": problem_reference(p.id), "title": p.title,
                        "url": st.link_in(lang, &format!("/problems/{}", p.id))},
            "confirm_url": confirm_url,
            "notify": notify,
        })
    };
    if p.citizen_email == address {
        outbox::enqueue(&txn, address, "support_own", &ctx(None), Some(p.id), now).await?;
        txn.commit().await?;
        st.mail_ready.notify_one();
        return Ok(p.id);
    }
    let existing = support::Entity::find()
        .filter(support::Column::ProblemId.eq(p.id))
        .filter(support::Column::Email.eq(address))
        .one(&txn)
        .await?;
    if existing.as_ref().is_some_and(|s| s.confirmed_at.is_some()) {
        txn.commit().await?;
        return Ok(p.id);
    }
    let token = random_token(24);
    let hash = hash_token(st.pepper(), &token);
    match existing {
        Some(s) => {
            support::Entity::update_many()
                .col_expr(support::Column::ConfirmTokenHash, Expr::value(hash))
                .col_expr(support::Column::Notify, Expr::value(notify))
                .col_expr(support::Column::Language, Expr::value(lang))
                .filter(support::Column::Id.eq(s.id))
                .exec(&txn)
                .await?;
        }
        None => {
            support::Entity::insert(support::ActiveModel {
                problem_id: Set(p.id),
                email: Set(address.to_string()),
                notify: Set(notify),
                confirm_token_hash: Set(Some(hash)),
                created_at: Set(now),
                confirmed_at: Set(None),
                language: Set(Some(lang.to_string())),
                ..Default::default()
            })
            .exec_without_returning(&txn)
            .await
            .map_err(|e| {
                AppError::from(e).on_unique("already_exists", "error.conflict.support_race")
            })?;
        }
    }
    let ctx = ctx(Some(st.link_in(lang, &format!("/support/confirm/{token}"))));
    outbox::enqueue(&txn, address, "support_confirm", &ctx, Some(p.id), now).await?;
    txn.commit().await?;
    st.mail_ready.notify_one();
    Ok(p.id)
}

async fn public_problem(db: &impl ConnectionTrait, id: i32) -> AppResult<problem::Model> {
    problem::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)
}

/// Follows a support's confirmation link: the support counts from now on. Following it
/// again changes nothing. Returns the problem's id.
pub async fn confirm(st: &AppState, token: &str) -> AppResult<i32> {
    if !crate::auth::plausible_token(token) {
        return Err(AppError::NotFound);
    }
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let s = support::Entity::find()
        .filter(support::Column::ConfirmTokenHash.eq(hash_token(st.pepper(), token)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let claimed = support::Entity::update_many()
        .col_expr(support::Column::ConfirmedAt, Expr::value(now))
        .col_expr(
            support::Column::ConfirmTokenHash,
            Expr::value(Option::<String>::None),
        )
        .filter(support::Column::Id.eq(s.id))
        .filter(support::Column::ConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    let counted = claimed.rows_affected == 1;
    if counted {
        let n = recount(&txn, s.problem_id).await?;
        crate::services::ledger::append_support(&txn, s.problem_id, n, now).await?;
    }
    txn.commit().await?;
    if counted {
        st.stats.changed();
    }
    Ok(s.problem_id)
}

/// Sets a problem's `support_count` from its confirmed supports; returns it.
async fn recount(db: &impl ConnectionTrait, problem_id: i32) -> Result<i64, sea_orm::DbErr> {
    let n = support::Entity::find()
        .filter(support::Column::ProblemId.eq(problem_id))
        .filter(support::Column::ConfirmedAt.is_not_null())
        .count(db)
        .await?;
    problem::Entity::update_many()
        .col_expr(
            problem::Column::SupportCount,
            Expr::value(i32::try_from(n).unwrap_or(i32::MAX)),
        )
        .filter(problem::Column::Id.eq(problem_id))
        .exec(db)
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Moves the supports of duplicate `dup` to `original_id`, and makes the duplicate's filer
/// a supporter of the original (their updates already follow it): an address that already
/// supports or filed the original is not counted again. Call inside the merge's transaction;
/// returns the original's new count of supporters, for the public ledger.
pub async fn merge_into(
    db: &impl ConnectionTrait,
    dup: &problem::Model,
    original: &problem::Model,
    now: DateTime<Utc>,
) -> Result<i64, sea_orm::DbErr> {
    let moved = support::Entity::find()
        .filter(support::Column::ProblemId.eq(dup.id))
        .filter(support::Column::ConfirmedAt.is_not_null())
        .all(db)
        .await?;
    // A filer who erased their contact details has no address left to support with.
    let filer = dup
        .confirmed_at
        .filter(|_| dup.contact_erased_at.is_none())
        .map(|at| (dup.citizen_email.clone(), false, at));
    let rows: Vec<support::ActiveModel> = moved
        .into_iter()
        .map(|s| (s.email, s.notify, s.confirmed_at.unwrap_or(now)))
        .chain(filer)
        .filter(|(email, ..)| *email != original.citizen_email)
        .map(|(email, notify, confirmed_at)| support::ActiveModel {
            problem_id: Set(original.id),
            email: Set(email),
            notify: Set(notify),
            confirm_token_hash: Set(None),
            created_at: Set(now),
            confirmed_at: Set(Some(confirmed_at)),
            ..Default::default()
        })
        .collect();
    // Multi-row inserts; an address that already supports the original is skipped.
    for chunk in rows.chunks(1000) {
        support::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([support::Column::ProblemId, support::Column::Email])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    support::Entity::delete_many()
        .filter(support::Column::ProblemId.eq(dup.id))
        .exec(db)
        .await?;
    recount(db, dup.id).await?;
    recount(db, original.id).await
}

/// Confirmed supporters of a problem who asked for updates: (support id, e-mail).
pub async fn to_notify(
    db: &impl ConnectionTrait,
    problem_id: i32,
) -> Result<Vec<(i32, String, Option<String>)>, sea_orm::DbErr> {
    Ok(support::Entity::find()
        .filter(support::Column::ProblemId.eq(problem_id))
        .filter(support::Column::ConfirmedAt.is_not_null())
        .filter(support::Column::Notify.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.email, s.language))
        .collect())
}

/// The signature of a supporter's "stop these e-mails" link.
pub fn stop_signature(st: &AppState, support_id: i32) -> String {
    hash_token(st.pepper(), &format!("support-stop:{support_id}"))[..32].to_string()
}

/// Whether a "stop these updates" link is genuine.
pub fn stop_link_valid(st: &AppState, support_id: i32, sig: &str) -> bool {
    crate::auth::same_secret(sig, &stop_signature(st, support_id))
}

/// Stops the updates of support `id` (its signed link). The support still counts.
/// Whether support `id` still gets updates (its "stop" page then offers the button).
pub async fn gets_updates(st: &AppState, id: i32) -> AppResult<bool> {
    let row = support::Entity::find_by_id(id).one(&st.db).await?;
    Ok(row.ok_or(AppError::NotFound)?.notify)
}

pub async fn stop(st: &AppState, id: i32, sig: &str) -> AppResult<()> {
    if !stop_link_valid(st, id, sig) {
        return Err(AppError::NotFound);
    }
    let res = support::Entity::update_many()
        .col_expr(support::Column::Notify, Expr::value(false))
        .filter(support::Column::Id.eq(id))
        .exec(&st.db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
