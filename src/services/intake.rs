//! A problem's way in: submission (with idempotency), e-mail confirmation, and the purge
//! of problems that were never confirmed.

use crate::app::AppState;
use crate::auth::{hash_token, random_token};
use crate::domain::input::NewProblem;
use crate::domain::lifecycle::Step;
use crate::domain::privacy::CONSENT_VERSION;
use crate::domain::status::{Action, Role, Status, decide};
use crate::entities::{access_log, idempotency_key, outbox, problem, problem_event};
use crate::error::{AppError, AppResult};
use crate::mail::outbox as mail_outbox;
use crate::services::{assignment, notify, problem_reference, workflow};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::NotSet;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};

mod postgres;
pub use postgres::{APPLICATION_NAME as SUBMISSION_CONNECTIONS, Writer};

/// An `Idempotency-Key` and the hash of the request body that came with it.
#[derive(Clone, Debug)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// A stored submission: what the API answers with `201 Created` (and, for a repeated
/// idempotency key, the first answer again).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Submitted {
    pub id: i32,
    /// `CT-000042`.
    pub reference: String,
    pub status: Status,
}

/// The HTTP status every stored answer had (kept in `idempotency_keys.status_code`).
const CREATED: i32 = 201;

async fn replay(db: &impl ConnectionTrait, idem: &Idempotency) -> AppResult<Option<Submitted>> {
    let Some(row) = idempotency_key::Entity::find_by_id(idem.key.clone())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.request_hash != idem.request_hash {
        return Err(AppError::field(
            "Idempotency-Key",
            "idempotency_key_reused",
            "error.field.idempotency_key_reused",
        ));
    }
    let answer = serde_json::from_str(&row.response_body)
        .with_context(|| format!("stored answer of idempotency key {:?}", row.key))?;
    Ok(Some(answer))
}

/// Records a new, unconfirmed problem, its first event and its confirmation mail in one
/// transaction. With an idempotency key, a repeated request gets the first answer.
#[tracing::instrument(skip_all, fields(region = %p.region, category = %p.category))]
pub async fn submit(
    st: &AppState,
    p: NewProblem,
    lang: &'static str,
    idem: Option<Idempotency>,
) -> AppResult<Submitted> {
    submit_with(st, p, lang, idem, Private::default()).await
}

/// What some clients send besides the problem (Open311): stored, never shown.
#[derive(Clone, Debug, Default)]
pub struct Private {
    pub open311_token: Option<String>,
    pub phone: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
    pub media_url: Option<String>,
    /// The client verified the citizen itself (a trusted Open311 key): no confirmation
    /// mail; the problem is confirmed and routed in the submission's own transaction.
    pub verified: bool,
    /// The accredited observer filing it (issue 20; `services::observers`), who needs no
    /// confirmation mail either.
    pub observer_id: Option<i32>,
    /// The exact time of the observer's observation (`problems.observed_at`).
    pub observed_at: Option<DateTime<Utc>>,
    /// The observer chose to show their name on the public page.
    pub observer_named: bool,
}

/// [`submit`] with the private fields of an Open311 client.
///
/// An idempotency key belongs to the citizen's mailbox: the key stored is a peppered hash
/// of the address and the client's key, so two clients that pick the same key never see
/// each other's answers, and the table holds no address.
///
/// `lang` is the language the citizen filed in: their mail is written in it.
pub async fn submit_with(
    st: &AppState,
    p: NewProblem,
    lang: &'static str,
    idem: Option<Idempotency>,
    private: Private,
) -> AppResult<Submitted> {
    let idem = idem.map(|i| Idempotency {
        key: hash_token(
            st.pepper(),
            &format!("idempotency:{}:{}", p.email.as_str(), i.key),
        ),
        request_hash: i.request_hash,
    });
    if !private.verified {
        // A repeated key replays its answer without a new mail, so it spends nothing.
        let replayed = match &idem {
            Some(i) => replay(&st.db, i).await?,
            None => None,
        };
        if let Some(answer) = replayed {
            return Ok(answer);
        }
        crate::services::notify::within_mail_budget(st, &st.db, p.email.as_str()).await?;
    }
    if let Some(answer) = submit_once(st, p, lang, idem.as_ref(), private).await? {
        st.mail_ready.notify_one();
        tracing::info!(problem_id = answer.id, "problem submitted");
        return Ok(answer);
    }
    // The key was taken (by an earlier request, or one that raced us and won): our
    // transaction is rolled back and the first answer is replayed.
    let i = idem.as_ref().expect("only keyed submissions can conflict");
    replay(&st.db, i)
        .await?
        .ok_or_else(|| AppError::Other(anyhow::anyhow!("idempotency key vanished")))
}

/// One attempt: `None` when the idempotency key already exists (nothing is written then).
///
/// On PostgreSQL the four rows (problem, event, outbox mail, key) are one statement on
/// the submission connections ([`postgres`]). Elsewhere they are one statement each in a
/// transaction, and the key is claimed with `INSERT ... ON CONFLICT DO NOTHING`. Either
/// way a repeated or racing request needs no prior look-up and no lock beyond the key's
/// own index entry.
async fn submit_once(
    st: &AppState,
    p: NewProblem,
    lang: &'static str,
    idem: Option<&Idempotency>,
    private: Private,
) -> AppResult<Option<Submitted>> {
    let now = st.clock.now();
    let confirm_token = random_token(24);
    let mut row = problem::Model::filed(problem::Filing {
        title: p.title,
        description: p.description,
        category_code: p.category,
        region_code: p.region,
        address: p.address,
        location: p.location,
        citizen_email: p.email.as_str().to_string(),
        citizen_name: p.display_name,
        anonymous: p.anonymous,
        tracking_token: random_token(24),
        confirm_token_hash: Some(hash_token(st.pepper(), &confirm_token)),
        created_at: now,
        open311_token: private.open311_token,
        citizen_phone: private.phone,
        citizen_device_id: private.device_id,
        citizen_account_id: private.account_id,
        media_url: private.media_url,
        // Every way in requires consent to the current text: the form's checkbox, and for
        // the API and Open311 the act of sending (see their documentation).
        consent_version: CONSENT_VERSION.to_string(),
        language: lang,
        election_id: p.election_id,
        polling_station: p.polling_station,
        observer_id: private.observer_id,
    });
    row.observed_at = private.observed_at;
    row.observer_named = private.observer_named;
    let draft = Draft {
        row,
        confirm_token,
        verified: private.verified,
        now,
    };
    // A verified submission is confirmed and routed in the same transaction, which the
    // one-statement path cannot hold; such submissions (trusted Open311 clients) are few.
    if st.db.get_database_backend() == sea_orm::DbBackend::Postgres && !draft.verified {
        submit_postgres(st, draft, idem).await
    } else {
        // Boxed: sea-orm's futures are large, and the PostgreSQL path should not carry
        // (and copy) them in its own state. On SQLite another process's commit can end
        // this transaction's snapshot, which SQLite answers "database is locked" at once
        // rather than after its busy timeout; the transaction was rolled back, so it is
        // tried again a few times before the client is told to.
        let mut tries: u64 = 0;
        loop {
            match Box::pin(submit_portable(st, draft.clone(), idem)).await {
                Err(crate::error::AppError::Unavailable(cause))
                    if tries < 5 && cause.contains("database is locked") =>
                {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(10 * tries)).await;
                }
                answer => return answer,
            }
        }
    }
}

/// A submission ready to be written, whichever the database.
#[derive(Clone)]
struct Draft {
    /// The problem row; its id is given when it is written.
    row: problem::Model,
    /// The secret of the confirmation link (only its hash is in the row).
    confirm_token: String,
    /// No confirmation mail: the client verified the citizen.
    verified: bool,
    now: DateTime<Utc>,
}

/// [`submit_once`] in a transaction of one statement per row (SQLite; on PostgreSQL, the
/// verified submissions, which are confirmed in the same transaction).
async fn submit_portable(
    st: &AppState,
    d: Draft,
    idem: Option<&Idempotency>,
) -> AppResult<Option<Submitted>> {
    let Draft { mut row, now, .. } = d;
    let txn = st.db.begin().await?;
    // Only the id comes back: everything else is what we just wrote.
    let mut am: problem::ActiveModel = row.clone().into();
    am.id = NotSet;
    row.id = problem::Entity::insert(am).exec(&txn).await?.last_insert_id;
    workflow::record(&txn, submit_event(&row, now)).await?;
    if d.verified {
        // Confirmed and routed with the submission: a failure leaves nothing behind.
        row.status = confirm_in(&txn, st, row.clone(), now).await?.status;
    } else {
        notify::confirmation(&txn, st, &row, &d.confirm_token, now).await?;
    }
    let answer = answer_for(row.id, row.status);
    if let Some(i) = idem {
        let claimed = idempotency_key::Entity::insert(idempotency_key::ActiveModel {
            key: Set(i.key.clone()),
            request_hash: Set(i.request_hash.clone()),
            status_code: Set(CREATED),
            response_body: Set(answer_json(&answer)),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(idempotency_key::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if claimed == 0 {
            txn.rollback().await?;
            return Ok(None);
        }
    }
    txn.commit().await?;
    if d.verified {
        // Confirmed and routed: the dashboards count it from the next read.
        st.stats.changed();
    }
    Ok(Some(answer))
}

/// The answer to a submission.
fn answer_for(id: i32, status: Status) -> Submitted {
    Submitted {
        id,
        reference: problem_reference(id),
        status,
    }
}

/// The answer as stored for replay.
fn answer_json(a: &Submitted) -> String {
    serde_json::to_string(a).expect("a submission answer serializes")
}

/// [`submit_once`] on PostgreSQL: the same rows in one statement (see [`postgres`]).
async fn submit_postgres(
    st: &AppState,
    d: Draft,
    idem: Option<&Idempotency>,
) -> AppResult<Option<Submitted>> {
    let Draft { mut row, now, .. } = d;
    let pool = st.db.get_postgres_connection_pool();
    row.id = st
        .submissions
        .next_id(pool)
        .await
        .map_err(anyhow::Error::from)?;
    let answer = answer_for(row.id, row.status);
    let rows = postgres::Rows {
        event: submit_event(&row, now).model(),
        mail: (!d.verified).then(|| {
            let ctx = notify::confirmation_ctx(st, &row, &d.confirm_token).to_string();
            mail_outbox::new_row(
                &row.citizen_email,
                notify::CONFIRMATION,
                ctx,
                Some(row.id),
                now,
            )
        }),
        key: idem.map(|i| idempotency_key::Model {
            key: i.key.clone(),
            request_hash: i.request_hash.clone(),
            status_code: CREATED,
            response_body: answer_json(&answer),
            created_at: now,
        }),
        problem: row,
    };
    let written = st
        .submissions
        .run(pool, &rows)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(written.then_some(answer))
}

/// Who files (and so publishes) a problem: the accredited observer who filed it, else
/// the citizen.
fn filer(p: &problem::Model) -> workflow::Actor {
    p.observer_id
        .map_or(workflow::Actor::Citizen, workflow::Actor::Observer)
}

/// The first event of a problem: the citizen (or observer) filed it.
fn submit_event(row: &problem::Model, now: DateTime<Utc>) -> workflow::EventRow<'static> {
    workflow::EventRow {
        problem_id: row.id,
        now,
        actor: filer(row),
        action: Action::Submit,
        from: None,
        to: Some(row.status),
        public_note: None,
        internal_note: None,
        representative_id: None,
        routing_rule_id: None,
        elapsed_seconds: None,
        system_note: None,
    }
}

/// What following a confirmation link did.
#[derive(Clone, Debug)]
pub struct Confirmed {
    pub problem_id: i32,
    pub tracking_token: String,
    /// The link had been followed before; nothing changed.
    pub already: bool,
}

/// Confirms a problem from its e-mailed link and routes it. Following the link again
/// changes nothing.
#[tracing::instrument(skip_all)]
/// The problem a confirmation link names, for the page that asks to confirm it (a read:
/// link scanners that open the page change nothing).
pub async fn by_confirm_token(st: &AppState, token: &str) -> AppResult<problem::Model> {
    if !crate::auth::plausible_token(token) {
        return Err(AppError::NotFound);
    }
    problem::Entity::find()
        .filter(problem::Column::ConfirmTokenHash.eq(hash_token(st.pepper(), token)))
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn confirm(st: &AppState, token: &str) -> AppResult<Confirmed> {
    if !crate::auth::plausible_token(token) {
        return Err(AppError::NotFound);
    }
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let p = problem::Entity::find()
        .filter(problem::Column::ConfirmTokenHash.eq(hash_token(st.pepper(), token)))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.status != Status::Unconfirmed {
        return Ok(Confirmed {
            problem_id: p.id,
            tracking_token: p.tracking_token,
            already: true,
        });
    }
    confirm_in(&txn, st, p.clone(), now).await?;
    txn.commit().await?;
    st.stats.changed();
    st.mail_ready.notify_one();
    Ok(Confirmed {
        problem_id: p.id,
        tracking_token: p.tracking_token,
        already: false,
    })
}

/// Confirms `p` and routes it, inside `txn`; returns the routed row.
async fn confirm_in(
    txn: &impl ConnectionTrait,
    st: &AppState,
    p: problem::Model,
    now: DateTime<Utc>,
) -> AppResult<problem::Model> {
    let status = p.status;
    let actor = filer(&p);
    let t = decide(
        status,
        Action::Confirm,
        Role::Citizen,
        crate::domain::status::Relation {
            is_assignee: false,
            covers_region: false,
        },
        None,
    )?;
    let (confirmed, _) = workflow::transition(
        txn,
        &p,
        Action::Confirm,
        &t,
        &Step::at(now),
        actor,
        workflow::Said::default(),
    )
    .await?;
    assignment::route(txn, st, confirmed, None, now).await
}

/// Deletes problems left unconfirmed for longer than `retention_days`, with their events,
/// mails and access-log rows. Returns how many were deleted; running it again deletes
/// nothing more.
pub async fn purge_unconfirmed(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    retention_days: i64,
) -> Result<Purged, sea_orm::DbErr> {
    let cutoff = now - Duration::days(retention_days);
    let txn = db.begin().await?;
    let mut find = problem::Entity::find()
        .select_only()
        .column(problem::Column::Id)
        .filter(problem::Column::Status.eq(Status::Unconfirmed))
        .filter(problem::Column::CreatedAt.lt(cutoff));
    // On PostgreSQL, lock the rows so that a confirmation arriving meanwhile waits and
    // then finds the problem gone (SQLite runs one writer at a time anyway).
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let found: Vec<(i32, Option<String>)> = find
        .column(problem::Column::MediaUrl)
        .into_tuple()
        .all(&txn)
        .await?;
    let ids: Vec<i32> = found.iter().map(|(id, _)| *id).collect();
    let mut deleted = 0;
    for chunk in ids.chunks(1000) {
        problem_event::Entity::delete_many()
            .filter(problem_event::Column::ProblemId.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
        outbox::Entity::delete_many()
            .filter(outbox::Column::ProblemId.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
        // The undelivered-mail page and the personal-data export may have shown an
        // unconfirmed problem's address.
        access_log::Entity::delete_many()
            .filter(access_log::Column::ProblemId.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
        deleted += problem::Entity::delete_many()
            .filter(problem::Column::Id.is_in(chunk.iter().copied()))
            .filter(problem::Column::Status.eq(Status::Unconfirmed))
            .exec(&txn)
            .await?
            .rows_affected;
    }
    txn.commit().await?;
    Ok(Purged {
        problems: deleted,
        problem_ids: ids,
        media_urls: found.into_iter().filter_map(|(_, url)| url).collect(),
    })
}

/// What [`purge_unconfirmed`] deleted.
#[derive(Debug, Default, PartialEq)]
pub struct Purged {
    pub problems: u64,
    /// The deleted problems' ids: the caller removes their photos (`services::photos`).
    pub problem_ids: Vec<i32>,
    /// The deleted problems' photo addresses: the caller removes the ones stored here.
    pub media_urls: Vec<String>,
}
