//! Coordinators' and admins' digests, built and queued in bounded batches.
//!
//! Memory stays flat whatever the number of recipients and the mix of their scopes:
//! - the period's facts are read once (counts, plus the open problems the lists name);
//! - recipients are taken in scope order (their regions, sorted; admins and coordinators
//!   without regions: every region), so each scope's figures are computed once, shared by
//!   its recipients and dropped when the next scope begins;
//! - [`BATCH`] recipients at a time get their representatives' names and problem titles
//!   read and their mail data built, then their digests claimed and queued in one
//!   transaction, after which the batch's figures and mail data are dropped.
//!
//! Before, every recipient's figures were built first and all kept until the last mail was
//! queued, each holding the allocation of its scope's whole overdue list (about 1 MB per
//! one-region coordinator at a million problems, 590–600 MB for 521 of them).
//!
//! Every process takes the recipients in the same order, so two runs at once do not
//! deadlock: the second waits at the first digest row of a batch the first has not
//! committed yet, then finds the batch claimed. A run that fails part-way has queued whole
//! batches only; its rerun skips them and queues the rest.

use super::{DigestKind, DigestReport, already_have, claim, digest_context};
use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::stats::{self, Figures, Period, Scope};
use crate::entities::{user, user_region};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Recipients per transaction: large enough that a run over thousands of recipients is a
/// few dozen transactions, small enough that a batch's mail data is a few megabytes.
pub const BATCH: usize = 50;

/// A recipient and the regions of their scope (sorted; empty: every region).
struct Recipient {
    user: user::Model,
    regions: Vec<String>,
}

/// Builds and queues the daily or weekly digest of every coordinator and admin who wants
/// it, for the period before `at`, [`BATCH`] recipients per transaction.
pub async fn send_digests(
    st: &AppState,
    kind: DigestKind,
    at: DateTime<Utc>,
    force: bool,
) -> anyhow::Result<DigestReport> {
    send_digests_in_batches(st, kind, at, force, BATCH).await
}

/// [`send_digests`] with `batch` recipients per transaction (tests use small batches).
#[tracing::instrument(skip_all, fields(kind = kind.as_str(), batch = batch))]
pub async fn send_digests_in_batches(
    st: &AppState,
    kind: DigestKind,
    at: DateTime<Utc>,
    force: bool,
    batch: usize,
) -> anyhow::Result<DigestReport> {
    let (period, previous) = kind.periods(at, st.tz);
    let recipients = recipients(st, kind).await?;
    let mut report = DigestReport {
        recipients: recipients.len(),
        ..Default::default()
    };
    let done = already_have(st, kind, period.start).await?;
    let mut todo: Vec<Recipient> = recipients
        .into_iter()
        .filter(|r| force || !done.contains(&r.user.id))
        .collect();
    report.already = report.recipients - todo.len();
    if todo.is_empty() {
        return Ok(report);
    }
    todo.sort_by(|a, b| (&a.regions, a.user.id).cmp(&(&b.regions, b.user.id)));
    let now = st.clock.now();
    let facts =
        crate::services::stats::load(&st.db, period, previous, vec![period.start], now, st.tz)
            .await?;
    let mut current: Option<(&[String], Arc<Figures>)> = None;
    for chunk in todo.chunks(batch.max(1)) {
        let mut figures = Vec::with_capacity(chunk.len());
        for r in chunk {
            let f = match &current {
                Some((regions, f)) if *regions == r.regions.as_slice() => Arc::clone(f),
                _ => {
                    // The previous scope's figures go before the next ones are computed.
                    drop(current.take());
                    let f = Arc::new(stats::figures(
                        &facts,
                        &Scope::regions(r.regions.iter().cloned()),
                    ));
                    report.scopes += 1;
                    current = Some((r.regions.as_slice(), Arc::clone(&f)));
                    f
                }
            };
            figures.push(f);
        }
        queue_batch(st, kind, &period, chunk, &figures, force, now, &mut report).await?;
        // Delivery may start on this batch while the next one is built.
        st.mail_ready.notify_one();
    }
    Ok(report)
}

/// The coordinators and admins who want digest `kind`, with their scopes.
async fn recipients(st: &AppState, kind: DigestKind) -> Result<Vec<Recipient>, sea_orm::DbErr> {
    let pref = if kind == DigestKind::Daily {
        user::Column::DigestDaily
    } else {
        user::Column::DigestWeekly
    };
    let users = user::Entity::find()
        .filter(
            user::Column::Role.is_in([UserRole::Coordinator.as_str(), UserRole::Admin.as_str()]),
        )
        .filter(user::Column::Active.eq(true))
        .filter(pref.eq(true))
        .order_by_asc(user::Column::Id)
        .all(&st.db)
        .await?;
    let rows: Vec<(i32, String)> = user_region::Entity::find()
        .select_only()
        .columns([user_region::Column::UserId, user_region::Column::RegionCode])
        .into_tuple()
        .all(&st.db)
        .await?;
    let mut regions: HashMap<i32, Vec<String>> = HashMap::new();
    for (user_id, code) in rows {
        regions.entry(user_id).or_default().push(code);
    }
    Ok(users
        .into_iter()
        .map(|user| {
            let mut mine = if user.role == UserRole::Admin {
                Vec::new()
            } else {
                regions.remove(&user.id).unwrap_or_default()
            };
            mine.sort_unstable();
            mine.dedup();
            Recipient {
                user,
                regions: mine,
            }
        })
        .collect())
}

/// "Every region", or the recipient's regions by name, in their language.
fn scope_label(st: &AppState, lang: &str, regions: &[String]) -> String {
    if regions.is_empty() {
        return crate::i18n::message(lang, "mail.digest.all_regions");
    }
    let reference = st.reference();
    regions
        .iter()
        .map(|r| reference.region_name(r, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the names and titles a batch's digests show, builds their mail data, then claims
/// and queues them all in one transaction.
#[expect(
    clippy::too_many_arguments,
    reason = "one batch of one run: all of it is needed"
)]
async fn queue_batch(
    st: &AppState,
    kind: DigestKind,
    period: &Period,
    chunk: &[Recipient],
    figures: &[Arc<Figures>],
    force: bool,
    now: DateTime<Utc>,
    report: &mut DigestReport,
) -> anyhow::Result<()> {
    let mut rep_ids = Vec::new();
    let mut problem_ids = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        if i > 0 && Arc::ptr_eq(f, &figures[i - 1]) {
            continue;
        }
        rep_ids.extend(f.representatives.iter().map(|r| r.id));
        rep_ids.extend(f.oldest_overdue.iter().filter_map(|o| o.representative));
        problem_ids.extend(f.oldest_overdue.iter().map(|o| o.id));
        problem_ids.extend(f.most_supported.iter().map(|(id, _)| *id));
    }
    let names = crate::services::queries::user_names(st, rep_ids).await?;
    let titles = crate::services::queries::problem_titles(st, problem_ids).await?;
    // The public ledger's head as the digest is written, for its readers to keep.
    let (head, _) = crate::services::ledger::head(&st.db).await?;
    let ledger = serde_json::json!({"head": head.to_string()});
    let contexts: Vec<Value> = chunk
        .iter()
        .zip(figures)
        .map(|(r, f)| {
            let lang = st.mail_language(r.user.language.as_deref());
            let label = scope_label(st, lang, &r.regions);
            let mut ctx = digest_context(st, kind, &r.user, &label, f, &names, &titles);
            ctx["ledger"] = ledger.clone();
            ctx
        })
        .collect();
    let txn = st.db.begin().await?;
    let mut claims = Vec::with_capacity(chunk.len());
    for (r, ctx) in chunk.iter().zip(&contexts) {
        claims.push(claim(&txn, &r.user, kind, period, ctx, force, now).await?);
    }
    txn.commit().await?;
    for c in claims {
        report.count(c);
    }
    Ok(())
}
