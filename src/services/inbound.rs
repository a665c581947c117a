//! Answering by e-mail (issue 19): the reply addresses outgoing mail carries, and what a
//! received reply does. The only writer of `inbound_replies`.
//!
//! A mail that expects an answer carries `Reply-To: reply+TOKEN@inbound.reply_domain`
//! ([`reply_address`]; the token's rules are `domain::reply`'s). A received mail
//! ([`receive`], from the SMTP listener or `civic-tracker inbound deliver`) is checked in
//! this order, and the first failure refuses it: size, readable, not automatic, under the
//! sender's hourly limit, a reply address of ours, a well-formed unexpired token made for
//! the sender's address, the person still concerned (the representative still assigned,
//! the coordinator still covering the region), some text left after cutting the quoted
//! mail and signature. An accepted reply waits `inbound.undo_minutes` (its sender gets a
//! confirmation with what was kept and an undo link), then the `inbound` job carries it
//! out through the workflow ([`apply_due`]). A refused mail keeps only why; its sender
//! gets a short answer when a person can do something about it, never for an automatic
//! mail, an oversized one or one over the limit (no loops, no amplification).

mod apply;
mod photos;
pub use apply::{Applied, apply_due};

use crate::app::AppState;
use crate::auth::{CurrentUser, UserRole};
use crate::domain::reply::{self, Party, RepCommand, Token};
use crate::domain::state::{ReplyState, Verdict};
use crate::entities::{inbound_reply, problem, user};
use crate::error::AppResult;
use crate::mail::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde_json::json;

/// Why a received mail was refused (stored as its `reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No `inbound.reply_domain` is configured.
    Off,
    TooLarge,
    Unreadable,
    Automatic,
    TooMany,
    /// No reply address of ours among its recipients, or a token that is not one.
    UnknownToken,
    Expired,
    /// A genuine token, sent from another address than the one it was made for.
    WrongSender,
    /// The person no longer answers for the problem (reassigned, region changed, left).
    NotTheirs,
    /// Nothing left after cutting the quoted mail and the signature.
    Empty,
    /// The citizen wrote while nothing was asked of them.
    NothingToAnswer,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Off => "off",
            Refusal::TooLarge => "too_large",
            Refusal::Unreadable => "unreadable",
            Refusal::Automatic => "automatic",
            Refusal::TooMany => "too_many",
            Refusal::UnknownToken => "unknown_token",
            Refusal::Expired => "expired",
            Refusal::WrongSender => "wrong_sender",
            Refusal::NotTheirs => "not_theirs",
            Refusal::Empty => "empty",
            Refusal::NothingToAnswer => "nothing_to_answer",
        }
    }

    /// Whether the sender is told (a person who can do something about it); never an
    /// automatic mail, one too large or over the limit, or when replies are off.
    fn answered(self) -> bool {
        !matches!(
            self,
            Refusal::Off
                | Refusal::TooLarge
                | Refusal::Unreadable
                | Refusal::Automatic
                | Refusal::TooMany
        )
    }
}

/// What became of a received mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Kept: it is carried out at `apply_at` unless undone.
    Accepted {
        id: i32,
        action: String,
        apply_at: DateTime<Utc>,
    },
    Refused(Refusal),
}

/// The HMAC key of reply tokens: `inbound.secret`, else one derived from the pepper.
fn secret(st: &AppState) -> Vec<u8> {
    let configured = st.config.inbound.secret.expose();
    if configured.is_empty() {
        crate::auth::hash_token(st.pepper(), "inbound reply tokens").into_bytes()
    } else {
        configured.as_bytes().to_vec()
    }
}

fn day_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(86_400)
}

/// The `Reply-To` address of a mail about problem `problem` to `address`, who is `party`;
/// none when replies are off (`inbound.reply_domain` empty).
pub fn reply_address(st: &AppState, problem: i32, party: Party, address: &str) -> Option<String> {
    let domain = &st.config.inbound.reply_domain;
    if domain.is_empty() {
        return None;
    }
    let token = Token {
        problem,
        party,
        day: day_of(st.clock.now()),
    };
    Some(format!(
        "reply+{}@{domain}",
        token.sign(&secret(st), address)
    ))
}

/// The sender as stored: a peppered hash, for the hourly limit.
fn sender_hash(st: &AppState, address: &str) -> String {
    crate::auth::hash_token(
        st.pepper(),
        &format!("inbound:{}", address.trim().to_lowercase()),
    )
}

/// The "reply above this line" marker of every language: a reply is cut there.
fn markers() -> Vec<String> {
    crate::i18n::CATALOGS
        .iter()
        .map(|(lang, _)| crate::i18n::message(lang, "mail.reply_above"))
        .collect()
}

/// What the checks found for an acceptable reply.
struct Accepted {
    problem: problem::Model,
    party: Party,
    user: Option<CurrentUser>,
    action: String,
    text: String,
    photos: photos::Gathered,
}

/// Receives one RFC 5322 message; `envelope_to` are the SMTP recipients when known (the
/// headers' `To`, `Cc`, `Delivered-To` and `X-Original-To` are read too).
#[tracing::instrument(skip_all, fields(bytes = raw.len()))]
pub async fn receive(st: &AppState, raw: &[u8], envelope_to: &[String]) -> AppResult<Outcome> {
    let cfg = &st.config.inbound;
    let now = st.clock.now();
    if cfg.reply_domain.is_empty() {
        return Ok(Outcome::Refused(Refusal::Off));
    }
    let parsed = (raw.len() <= cfg.max_bytes)
        .then(|| mail_parser::MessageParser::default().parse(raw))
        .flatten();
    let sender = parsed
        .as_ref()
        .and_then(|m| m.from())
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase());
    let Some((message, sender)) = parsed.as_ref().zip(sender) else {
        let why = if raw.len() > cfg.max_bytes {
            Refusal::TooLarge
        } else {
            Refusal::Unreadable
        };
        tracing::info!(reason = why.code(), "reply refused");
        return Ok(Outcome::Refused(why));
    };
    let hash = sender_hash(st, &sender);
    let recent = inbound_reply::Entity::find()
        .filter(inbound_reply::Column::SenderHash.eq(&hash))
        .filter(inbound_reply::Column::ReceivedAt.gt(now - Duration::hours(1)))
        .count(&st.db)
        .await?;
    if recent >= u64::from(cfg.per_hour) {
        // Not even recorded: a flood from one address cannot fill the table.
        tracing::info!(reason = Refusal::TooMany.code(), "reply refused");
        return Ok(Outcome::Refused(Refusal::TooMany));
    }
    let header = |name: &str| message.header_raw(name).map(|v| v.trim().to_string());
    let checked = if reply::is_automatic(header) {
        Err((Refusal::Automatic, None))
    } else {
        check(st, message, &sender, envelope_to, now).await?
    };
    let row = |state, reason: Option<Refusal>, problem: Option<i32>| inbound_reply::ActiveModel {
        id: NotSet,
        received_at: Set(now),
        sender_hash: Set(hash.clone()),
        problem_id: Set(problem),
        party: Set(None),
        user_id: Set(None),
        state: Set(state),
        reason: Set(reason.map(|r| r.code().to_string())),
        action: Set(None),
        text: Set(None),
        apply_at: Set(None),
        undo_hash: Set(None),
        claimed_until: Set(None),
    };
    let txn = st.db.begin().await?;
    let outcome = match checked {
        Err((why, problem)) => {
            inbound_reply::Entity::insert(row(
                ReplyState::Refused,
                Some(why),
                problem.as_ref().map(|p| p.id),
            ))
            .exec_without_returning(&txn)
            .await?;
            if why.answered() {
                let lang = sender_language(st, &txn, problem.as_ref(), &sender).await?;
                let ctx = json!({
                    "lang": lang,
                    "org": st.config.organisation.name,
                    "reason": crate::i18n::message(lang, &format!("mail.reply_refused.{}", why.code())),
                    "reference": problem.map(|p| crate::services::problem_reference(p.id)),
                });
                outbox::enqueue(&txn, &sender, "reply_refused", &ctx, None, now).await?;
            }
            tracing::info!(reason = why.code(), "reply refused");
            Outcome::Refused(why)
        }
        Ok(a) => {
            let apply_at = now + Duration::minutes(cfg.undo_minutes);
            let undo = crate::auth::random_token(24);
            let mut r = row(ReplyState::Pending, None, Some(a.problem.id));
            r.party = Set(Some(a.party.kind().into()));
            r.user_id = Set(a.user.as_ref().map(|u| u.id));
            r.action = Set(Some(a.action.clone()));
            r.text = Set(Some(a.text.clone()));
            r.apply_at = Set(Some(apply_at));
            r.undo_hash = Set(Some(crate::auth::hash_token(st.pepper(), &undo)));
            let id = inbound_reply::Entity::insert(r)
                .exec(&txn)
                .await?
                .last_insert_id;
            let (photo_count, left_out) = (a.photos.prepared.len(), a.photos.left_out);
            photos::keep(&txn, id, a.photos.prepared).await?;
            let lang = match a.party {
                Party::Citizen => crate::services::notify::citizen_language(st, &a.problem),
                _ => {
                    let stored = match &a.user {
                        Some(u) => user::Entity::find_by_id(u.id)
                            .one(&txn)
                            .await?
                            .and_then(|u| u.language),
                        None => None,
                    };
                    st.mail_language(stored.as_deref())
                }
            };
            let ctx = json!({
                "lang": lang,
                "org": st.config.organisation.name,
                "reference": crate::services::problem_reference(a.problem.id),
                "title": a.problem.title,
                "what": crate::i18n::message(lang, &format!("mail.reply_received.{}", a.action)),
                "text": a.text,
                "at": crate::locale::fmt_time(st, lang, apply_at),
                "undo_url": st.link_in(lang, &format!("/replies/{id}/undo/{undo}")),
                "photos": photo_count,
                "left_out": left_out,
                "max_photos": crate::domain::photos::MAX_PER_KIND,
            });
            outbox::enqueue(
                &txn,
                &sender,
                "reply_received",
                &ctx,
                Some(a.problem.id),
                now,
            )
            .await?;
            tracing::info!(reply_id = id, problem_id = a.problem.id, action = %a.action, photos = photo_count, left_out, "reply accepted");
            Outcome::Accepted {
                id,
                action: a.action,
                apply_at,
            }
        }
    };
    txn.commit().await?;
    st.mail_ready.notify_one();
    Ok(outcome)
}

/// The language of a refused reply's answer: the citizen's when they wrote about their
/// problem, a user's own, else `app.default_language`.
async fn sender_language(
    st: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    problem: Option<&problem::Model>,
    sender: &str,
) -> AppResult<&'static str> {
    if let Some(p) = problem.filter(|p| p.citizen_email.eq_ignore_ascii_case(sender)) {
        return Ok(crate::services::notify::citizen_language(st, p));
    }
    let stored = user::Entity::find()
        .filter(user::Column::Email.eq(sender))
        .one(db)
        .await?
        .and_then(|u| u.language);
    Ok(st.mail_language(stored.as_deref()))
}

type Checked = Result<Accepted, (Refusal, Option<problem::Model>)>;

/// The checks after the mail is read: whose reply it is and what it asks for.
async fn check(
    st: &AppState,
    message: &mail_parser::Message<'_>,
    sender: &str,
    envelope_to: &[String],
    now: DateTime<Utc>,
) -> AppResult<Checked> {
    let cfg = &st.config.inbound;
    let mut recipients: Vec<String> = envelope_to.to_vec();
    for addr in [message.to(), message.cc()].into_iter().flatten() {
        recipients.extend(addr.iter().filter_map(|a| a.address()).map(str::to_string));
    }
    for name in ["Delivered-To", "X-Original-To"] {
        recipients.extend(message.header_raw(name).map(|v| v.trim().to_string()));
    }
    let Some((token, mac)) = recipients
        .iter()
        .find_map(|r| reply::token_in_address(r, &cfg.reply_domain))
        .and_then(Token::parse)
    else {
        return Ok(Err((Refusal::UnknownToken, None)));
    };
    let Some(p) = problem::Entity::find_by_id(token.problem)
        .one(&st.db)
        .await?
    else {
        return Ok(Err((Refusal::UnknownToken, None)));
    };
    let secret = secret(st);
    // Whom the token was made for, by their current address.
    let (made_for, user) = match token.party {
        Party::Citizen => (Some(p.citizen_email.clone()), None),
        Party::Representative(id) | Party::Coordinator(id) => {
            let u = user::Entity::find_by_id(id).one(&st.db).await?;
            (u.as_ref().map(|u| u.email.clone()), u)
        }
    };
    if !token.made_for(&secret, sender, &mac) {
        let genuine = made_for
            .as_deref()
            .filter(|a| token.made_for(&secret, a, &mac));
        // Another address of the same domain, vouched for by our own mail server.
        let vouched = genuine.is_some_and(|a| {
            let results: Vec<String> = message
                .header_values("Authentication-Results")
                .filter_map(|v| v.as_text().map(str::to_string))
                .collect();
            let domain = reply::domain_of(sender);
            domain == reply::domain_of(a) && reply::from_vouched(&results, &cfg.from_check, &domain)
        });
        if !vouched {
            let why = if genuine.is_some() {
                Refusal::WrongSender
            } else {
                Refusal::UnknownToken
            };
            return Ok(Err((why, genuine.is_some().then_some(p))));
        }
    }
    if token.expired(day_of(now), cfg.token_days) {
        return Ok(Err((Refusal::Expired, Some(p))));
    }
    let current = match &user {
        Some(u) if u.active => crate::auth::load_user(&st.db, u.id).await?,
        _ => None,
    };
    let concerned = match token.party {
        Party::Citizen => !p.citizen_email.is_empty(),
        Party::Representative(id) => {
            current.is_some()
                && p.representative_id == Some(id)
                && p.status.is_with_representative()
        }
        Party::Coordinator(_) => current.as_ref().is_some_and(|u| {
            matches!(u.role, UserRole::Coordinator | UserRole::Admin)
                && u.covers_region(&p.region_code)
        }),
    };
    if !concerned {
        return Ok(Err((Refusal::NotTheirs, Some(p))));
    }
    let body = message
        .body_text(0)
        .map(|b| b.into_owned())
        .unwrap_or_default();
    let markers = markers();
    let kept = reply::kept_text(
        &body,
        &markers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    if kept.trim().is_empty() {
        return Ok(Err((Refusal::Empty, Some(p))));
    }
    let (action, text) = match token.party {
        Party::Representative(_) => {
            let (cmd, rest) = reply::rep_command(&kept);
            if rest.is_empty() && cmd != RepCommand::Acknowledge && cmd != RepCommand::Start {
                return Ok(Err((Refusal::Empty, Some(p))));
            }
            (cmd.action().to_string(), rest)
        }
        Party::Coordinator(_) => ("note".to_string(), kept),
        Party::Citizen => {
            let asked_fixed = p.status == crate::domain::status::Status::Resolved;
            match reply::citizen_verdict(&kept) {
                Some(true) if asked_fixed => (Verdict::Fixed.as_str().into(), kept),
                Some(false) if asked_fixed => (Verdict::NotFixed.as_str().into(), kept),
                _ if p.question_pending => ("answer".into(), kept),
                _ => return Ok(Err((Refusal::NothingToAnswer, Some(p)))),
            }
        }
    };
    let photos = photos::gather(st, message, p.id, photos::kind_of(token.party, &action)).await?;
    Ok(Ok(Accepted {
        problem: p,
        party: token.party,
        user: current,
        action,
        text,
        photos,
    }))
}

/// How long a received reply's record (state, reason, sender hash; never its text once
/// carried out) is kept for operators, after which the `purge` job deletes it.
pub const KEPT_DAYS: i64 = 30;

/// Deletes the records of replies received more than [`KEPT_DAYS`] before `at` that no
/// longer wait; returns how many.
pub async fn forget_old(st: &AppState, at: DateTime<Utc>) -> AppResult<u64> {
    let res = inbound_reply::Entity::delete_many()
        .filter(inbound_reply::Column::State.ne(ReplyState::Pending.as_str()))
        .filter(inbound_reply::Column::ReceivedAt.lt(at - Duration::days(KEPT_DAYS)))
        .exec(&st.db)
        .await?;
    Ok(res.rows_affected)
}

/// Takes back pending reply `id` with its undo token; false when it is no longer pending
/// (already carried out, undone, or the token is wrong).
pub async fn undo(st: &AppState, id: i32, token: &str) -> AppResult<bool> {
    let res = inbound_reply::Entity::update_many()
        .col_expr(
            inbound_reply::Column::State,
            Expr::value(ReplyState::Undone.as_str()),
        )
        .col_expr(
            inbound_reply::Column::Text,
            Expr::value(Option::<String>::None),
        )
        .filter(inbound_reply::Column::Id.eq(id))
        .filter(inbound_reply::Column::State.eq(ReplyState::Pending.as_str()))
        .filter(inbound_reply::Column::UndoHash.eq(crate::auth::hash_token(st.pepper(), token)))
        .exec(&st.db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    photos::forget(&st.db, id).await?;
    Ok(true)
}

/// Whether reply `id` can still be undone with `token` (the undo page's question).
pub async fn undoable(
    st: &AppState,
    id: i32,
    token: &str,
) -> AppResult<Option<inbound_reply::Model>> {
    Ok(inbound_reply::Entity::find_by_id(id)
        .filter(inbound_reply::Column::UndoHash.eq(crate::auth::hash_token(st.pepper(), token)))
        .one(&st.db)
        .await?)
}
