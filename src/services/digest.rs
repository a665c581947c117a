//! Digest e-mails: the daily and weekly digests of coordinators and admins (the figures of
//! `domain::stats` for their regions), and representatives' weekly summaries of their own
//! open problems.
//!
//! Exactly one digest per recipient, kind and period: each is claimed by inserting its row
//! under a unique key (`INSERT ... ON CONFLICT DO NOTHING`; on PostgreSQL a concurrent
//! inserter waits for the first one's commit and then inserts nothing), in the same
//! transaction as its outbox mail. A digest counts as sent when its outbox row is (after
//! the SMTP server accepted it); until then it waits in the outbox, across restarts.
//! Coordinators' and admins' digests are built and queued in batches ([`batches`]): a
//! fixed number of recipients per transaction, so a run that fails part-way has queued
//! whole batches, and its rerun queues the rest.

mod batches;
pub use batches::{BATCH, send_digests, send_digests_in_batches};

use crate::app::AppState;
use crate::auth::{UserRole, hash_token};
use crate::domain::state::OutboxState;
use crate::domain::stats::{self, Figures, Period};
use crate::domain::status::Status;
use crate::entities::{digest, outbox, problem, user};
use crate::error::{AppError, AppResult};
use crate::mail::outbox as mail_outbox;
use crate::services::problem_reference;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// Which digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestKind {
    Daily,
    Weekly,
    /// A representative's weekly summary of their open problems.
    RepSummary,
}

impl DigestKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DigestKind::Daily => "daily",
            DigestKind::Weekly => "weekly",
            DigestKind::RepSummary => "rep_summary",
        }
    }

    /// The preference that governs it (and the unsubscribe link's name).
    fn preference(self) -> &'static str {
        match self {
            DigestKind::Daily => "daily",
            DigestKind::Weekly | DigestKind::RepSummary => "weekly",
        }
    }

    fn periods(self, at: DateTime<Utc>, tz: chrono_tz::Tz) -> (Period, Period) {
        match self {
            DigestKind::Daily => stats::daily_periods(at, tz),
            DigestKind::Weekly | DigestKind::RepSummary => stats::weekly_periods(at, tz),
        }
    }
}

/// What a digest run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DigestReport {
    pub recipients: usize,
    /// Digests built and queued by this run.
    pub queued: usize,
    /// Already sent for this period (by this or another process).
    pub already: usize,
    /// Queued again because of `--force`.
    pub forced: usize,
    /// Distinct scopes (sets of regions) whose figures the run computed, each once.
    pub scopes: usize,
}

impl DigestReport {
    /// The run's figures, for the jobs' summary.
    pub fn summary(&self) -> crate::jobs::Summary {
        crate::jobs::Summary::default()
            .with("recipients", self.recipients)
            .with("queued", self.queued)
            .with("already_sent", self.already)
            .with("forced", self.forced)
    }
}

impl std::fmt::Display for DigestReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.summary().fmt(f)
    }
}

/// The signature that makes an unsubscribe link work without signing in.
pub fn unsubscribe_signature(st: &AppState, user_id: i32, which: &str) -> String {
    hash_token(st.pepper(), &format!("unsubscribe:{user_id}:{which}"))[..32].to_string()
}

fn unsubscribe_url(st: &AppState, lang: &str, user_id: i32, which: &str) -> String {
    st.link_in(
        lang,
        &format!(
            "/digests/unsubscribe/{user_id}/{which}/{}",
            unsubscribe_signature(st, user_id, which)
        ),
    )
}

/// Whether an unsubscribe link (user, `daily` or `weekly`, signature) is genuine.
pub fn unsubscribe_link_valid(st: &AppState, user_id: i32, which: &str, sig: &str) -> bool {
    matches!(which, "daily" | "weekly")
        && crate::auth::same_secret(sig, &unsubscribe_signature(st, user_id, which))
}

/// Whether the user still gets digest `which` (`daily` or `weekly`).
pub async fn subscribed(st: &AppState, user_id: i32, which: &str) -> AppResult<bool> {
    let u = user::Entity::find_by_id(user_id)
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(if which == "daily" {
        u.digest_daily
    } else {
        u.digest_weekly
    })
}

/// Turns off digest `which` (`daily` or `weekly`) for the user a signed link names.
pub async fn unsubscribe(st: &AppState, user_id: i32, which: &str, sig: &str) -> AppResult<()> {
    if !unsubscribe_link_valid(st, user_id, which, sig) {
        return Err(AppError::NotFound);
    }
    let column = if which == "daily" {
        user::Column::DigestDaily
    } else {
        user::Column::DigestWeekly
    };
    user::Entity::update_many()
        .col_expr(column, Expr::value(false))
        .filter(user::Column::Id.eq(user_id))
        .exec(&st.db)
        .await?;
    tracing::info!(user_id, which, "unsubscribed from digest");
    Ok(())
}

/// The days a digest covers, in `lang`: `2 декабря 2026`, or `30 ноября 2026 – 6 декабря
/// 2026` for a week.
fn period_label(st: &AppState, lang: &str, kind: DigestKind, p: &Period) -> String {
    let last = p.end - chrono::Duration::seconds(1);
    match kind {
        DigestKind::Daily => crate::locale::fmt_weekday_date(st, lang, p.start),
        _ => format!(
            "{} – {}",
            crate::locale::fmt_date(st, lang, p.start),
            crate::locale::fmt_date(st, lang, last)
        ),
    }
}

fn trend(now: u64, before: u64) -> &'static str {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Equal => "same",
    }
}

/// The mail data of one digest. Names and titles come from the maps; nothing personal
/// about citizens is in it.
pub fn digest_context(
    st: &AppState,
    kind: DigestKind,
    recipient: &user::Model,
    scope_label: &str,
    f: &Figures,
    reps: &HashMap<i32, String>,
    titles: &HashMap<i32, String>,
) -> Value {
    let reference = st.reference();
    let lang = st.mail_language(recipient.language.as_deref());
    let days = |d: Option<f64>| d.map(|d| crate::locale::fmt_days(lang, d));
    let percent = |s: Option<f64>| s.map(|s| crate::locale::fmt_percent(lang, s));
    let c = &f.total.counts;
    let p = &f.total.previous;
    let flows: Vec<Value> = [
        ("received", c.received, p.received),
        ("routed", c.routed, p.routed),
        ("acknowledged", c.acknowledged, p.acknowledged),
        ("resolved", c.resolved, p.resolved),
        ("fixed", c.fixed, p.fixed),
        ("reopened", c.reopened, p.reopened),
        ("rejected", c.rejected, p.rejected),
    ]
    .into_iter()
    .map(|(key, now, before)| {
        json!({"key": key, "now": now, "before": before, "trend": trend(now, before),
               "change": now.abs_diff(before)})
    })
    .collect();
    let now = st.clock.now();
    let representatives: Vec<Value> = f
        .representatives
        .iter()
        .map(|r| {
            json!({
                "name": reps.get(&r.id).cloned().unwrap_or_else(|| format!("#{}", r.id)),
                "url": st.link_in(lang, &format!("/problems?representative={}", r.id)),
                "open": r.summary.open, "overdue": r.summary.overdue,
                "resolved": r.summary.counts.resolved,
                "median_resolve_days": days(r.summary.resolve.median_days),
                "confirmed": percent(r.summary.confirmed_share),
            })
        })
        .collect();
    let oldest: Vec<Value> = f
        .oldest_overdue
        .iter()
        .map(|o| {
            json!({
                "reference": problem_reference(o.id),
                "title": titles.get(&o.id).cloned().unwrap_or_default(),
                "url": st.link_in(lang, &format!("/problems/{}", o.id)),
                "region": reference.region_name(&o.region, lang),
                "rep_name": o.representative.and_then(|r| reps.get(&r)).cloned(),
                "overdue_days": days(o.overdue_since.map(|s| (now - s).num_seconds() as f64 / 86_400.0)),
                "escalated": o.escalated,
            })
        })
        .collect();
    let supported: Vec<Value> = f
        .most_supported
        .iter()
        .map(|(id, n)| {
            json!({
                "reference": problem_reference(*id),
                "title": titles.get(id).cloned().unwrap_or_default(),
                "url": st.link_in(lang, &format!("/problems/{id}")),
                "supporters": n,
            })
        })
        .collect();
    json!({
        "lang": lang,
        "org": st.config.organisation.name,
        "party": st.config.organisation.party,
        "name": recipient.name,
        "supported": supported,
        "kind": kind.as_str(),
        "period_label": period_label(st, lang, kind, &f.period),
        "scope_label": scope_label,
        "quiet": c.is_quiet(),
        "flows": flows,
        "open": f.total.open,
        "overdue": f.total.overdue,
        "escalated": f.total.escalated,
        "acknowledge": {"count": f.total.acknowledge.count,
                        "median": days(f.total.acknowledge.median_days),
                        "p90": days(f.total.acknowledge.p90_days)},
        "resolve": {"count": f.total.resolve.count,
                    "median": days(f.total.resolve.median_days),
                    "p90": days(f.total.resolve.p90_days)},
        "confirmed_share": percent(f.total.confirmed_share),
        "representatives": representatives,
        "oldest": oldest,
        "problems_url": st.link_in(lang, "/problems"),
        "account_url": st.link_in(lang, "/account"),
        "unsubscribe_url": unsubscribe_url(st, lang, recipient.id, kind.preference()),
    })
}

/// What claiming one digest did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Claim {
    /// Claimed and queued.
    Queued,
    /// It existed; queued again because of `--force`.
    Forced,
    /// It existed (sent by an earlier run or another process); nothing queued.
    Existing,
}

impl DigestReport {
    fn count(&mut self, c: Claim) {
        match c {
            Claim::Queued => self.queued += 1,
            Claim::Forced => self.forced += 1,
            Claim::Existing => self.already += 1,
        }
    }
}

/// Claims digest (`user`, `kind`, `period`) and queues its mail, inside the caller's
/// transaction: the digest row and its outbox row commit together or not at all.
async fn claim(
    txn: &DatabaseTransaction,
    user: &user::Model,
    kind: DigestKind,
    period: &Period,
    ctx: &Value,
    force: bool,
    now: DateTime<Utc>,
) -> Result<Claim, sea_orm::DbErr> {
    let inserted = digest::Entity::insert(digest::ActiveModel {
        user_id: Set(user.id),
        kind: Set(kind.as_str().into()),
        period_start: Set(period.start),
        period_end: Set(period.end),
        outbox_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            digest::Column::UserId,
            digest::Column::Kind,
            digest::Column::PeriodStart,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    if inserted == 0 && !force {
        return Ok(Claim::Existing);
    }
    if inserted == 0 {
        tracing::warn!(
            user_id = user.id,
            kind = kind.as_str(),
            period_start = %period.start,
            "digest sent again (--force)"
        );
    }
    let mail_kind = if kind == DigestKind::RepSummary {
        "rep_summary"
    } else {
        "digest"
    };
    let outbox_id = mail_outbox::enqueue_id(txn, &user.email, mail_kind, ctx, now).await?;
    digest::Entity::update_many()
        .col_expr(digest::Column::OutboxId, Expr::value(outbox_id))
        .filter(digest::Column::UserId.eq(user.id))
        .filter(digest::Column::Kind.eq(kind.as_str()))
        .filter(digest::Column::PeriodStart.eq(period.start))
        .exec(txn)
        .await?;
    Ok(if inserted == 0 {
        Claim::Forced
    } else {
        Claim::Queued
    })
}

/// Claims one digest and queues its mail in a transaction of its own.
async fn claim_and_queue(
    st: &AppState,
    user: &user::Model,
    kind: DigestKind,
    period: &Period,
    ctx: &Value,
    force: bool,
    now: DateTime<Utc>,
) -> Result<Claim, sea_orm::DbErr> {
    let txn = st.db.begin().await?;
    let c = claim(&txn, user, kind, period, ctx, force, now).await?;
    if c == Claim::Existing {
        txn.rollback().await?;
    } else {
        txn.commit().await?;
    }
    Ok(c)
}

/// Ids of users who already have digest `kind` for the period starting at `start`.
async fn already_have(
    st: &AppState,
    kind: DigestKind,
    start: DateTime<Utc>,
) -> Result<HashSet<i32>, sea_orm::DbErr> {
    let ids: Vec<i32> = digest::Entity::find()
        .select_only()
        .column(digest::Column::UserId)
        .filter(digest::Column::Kind.eq(kind.as_str()))
        .filter(digest::Column::PeriodStart.eq(start))
        .into_tuple()
        .all(&st.db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// Sends each active representative who wants it a summary of their open problems and
/// deadlines (nothing to those with none).
#[tracing::instrument(skip_all)]
pub async fn send_rep_summaries(
    st: &AppState,
    at: DateTime<Utc>,
    force: bool,
) -> anyhow::Result<DigestReport> {
    let kind = DigestKind::RepSummary;
    let (period, _) = kind.periods(at, st.tz);
    let reps = user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::Representative))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::DigestWeekly.eq(true))
        .order_by_asc(user::Column::Id)
        .all(&st.db)
        .await?;
    let done = already_have(st, kind, period.start).await?;
    let with_rep: Vec<Status> = Status::with_representative();
    let mut report = DigestReport::default();
    let now = st.clock.now();
    for rep in reps.iter().filter(|u| force || !done.contains(&u.id)) {
        let lang = st.mail_language(rep.language.as_deref());
        let problems = problem::Entity::find()
            .filter(problem::Column::RepresentativeId.eq(rep.id))
            .filter(problem::Column::Status.is_in(with_rep.clone()))
            .order_by_asc(problem::Column::Id)
            .all(&st.db)
            .await?;
        if problems.is_empty() {
            continue;
        }
        report.recipients += 1;
        let mut items: Vec<(Option<DateTime<Utc>>, Value)> = problems
            .iter()
            .map(|p| {
                let (which, due) = match (p.acknowledged_at, p.ack_due_at) {
                    (None, Some(d)) => ("acknowledge", Some(d)),
                    _ => ("resolve", p.resolve_due_at),
                };
                (
                    due,
                    json!({
                        "reference": problem_reference(p.id),
                        "title": p.title,
                        "status": p.status,
                        "deadline": which,
                        "due": due.map(|d| crate::locale::fmt_time(st, lang, d)),
                        "overdue": p.overdue,
                        "waiting_for_citizen": p.question_pending,
                        "url": st.link_in(lang, &format!("/workspace/problems/{}", p.id)),
                    }),
                )
            })
            .collect();
        items.sort_by_key(|(due, _)| (due.is_none(), *due));
        let overdue = problems.iter().filter(|p| p.overdue).count();
        let ctx = json!({
            "lang": lang,
            "org": st.config.organisation.name,
            "name": rep.name,
            "period_label": period_label(st, lang, kind, &period),
            "count": problems.len(),
            "overdue": overdue,
            "items": items.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            "workspace_url": st.link_in(lang, "/workspace"),
            "account_url": st.link_in(lang, "/account"),
            "unsubscribe_url": unsubscribe_url(st, lang, rep.id, kind.preference()),
        });
        report.count(claim_and_queue(st, rep, kind, &period, &ctx, force, now).await?);
    }
    report.already += reps
        .iter()
        .filter(|u| !force && done.contains(&u.id))
        .count();
    st.mail_ready.notify_one();
    Ok(report)
}

/// Whether digest (`user`, `kind`, `period start`) went out: its mail was accepted by the
/// SMTP server.
pub async fn was_sent(
    st: &AppState,
    user_id: i32,
    kind: DigestKind,
    period_start: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(d) = digest::Entity::find()
        .filter(digest::Column::UserId.eq(user_id))
        .filter(digest::Column::Kind.eq(kind.as_str()))
        .filter(digest::Column::PeriodStart.eq(period_start))
        .one(&st.db)
        .await?
    else {
        return Ok(false);
    };
    let Some(oid) = d.outbox_id else {
        return Ok(false);
    };
    Ok(outbox::Entity::find_by_id(oid)
        .one(&st.db)
        .await?
        .is_some_and(|o| o.state == OutboxState::Sent))
}
