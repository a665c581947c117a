//! The election report (issue 20): frozen once after the results date and served as
//! frozen ever after, so a citation of `/elections/{id}/report` stays true.
//!
//! The first request (or run of the `election-report` job) after an election's results
//! date (local time) counts its figures with `domain::election_report::count`, reads the
//! public ledger's head in the same snapshot of the database, and inserts both into
//! `election_reports` (one row per election; a concurrent freeze inserts nothing and reads
//! the winner's row). This service is the only writer of that table. There is no recount:
//! an admin cannot rewrite a published report.
//!
//! The job mails the report once per election to the coordinators of the regions it covers
//! and the admins: `mailed_at` is set by a conditional update (`WHERE mailed_at IS NULL`)
//! in the transaction that queues the mails, so of two processes only one queues them.
//!
//! A frozen report never changes, so requests read it from the table once and then from
//! [`ReportMemo`] in the app state: the page, `.json` and `.csv` would otherwise each read
//! and parse the row (about 1.6 MB of JSON at 50,000 reports) again.

use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::election_report::{self, Figures, Previous, Report};
use crate::domain::elections::{Phase, Regions, Scheduled};
use crate::domain::state::Status;
use crate::entities::{election, election_report as frozen, problem, user, user_region};
use crate::mail::outbox;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, IsolationLevel,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Held while this process freezes a report.
static FREEZING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A published report: the frozen row and its figures.
pub struct Published {
    /// The row, its `figures` text left empty: they are parsed into `figures`, and one copy
    /// of a large report in memory is enough.
    pub row: frozen::Model,
    pub figures: Figures,
}

/// Published reports kept at most (a crawler asking for every election's report must not
/// grow memory without bound); the one read least recently goes first.
pub const KEPT: usize = 64;

/// Published reports kept in memory by election id, filled on first read. Only frozen
/// reports are kept, and a frozen report never changes, so nothing is ever stale; the
/// `mailed_at` of a kept row may be, and only the job reads it (from the table).
#[derive(Default)]
pub struct ReportMemo {
    kept: Mutex<Kept>,
}

/// The memo's contents.
#[derive(Default)]
struct Kept {
    /// Each report with the number of the read that last found it.
    reports: HashMap<i32, (u64, Arc<Published>)>,
    /// Reads so far.
    reads: u64,
}

impl ReportMemo {
    /// Election `id`'s kept report.
    fn get(&self, id: i32) -> Option<Arc<Published>> {
        let mut kept = self.kept.lock().expect("report memo");
        kept.reads += 1;
        let read = kept.reads;
        let (used, p) = kept.reports.get_mut(&id)?;
        *used = read;
        Some(Arc::clone(p))
    }

    /// Keeps election `id`'s report, the least recently read one going when [`KEPT`] are.
    fn keep(&self, id: i32, p: Published) -> Arc<Published> {
        let p = Arc::new(p);
        let mut kept = self.kept.lock().expect("report memo");
        kept.reads += 1;
        let read = kept.reads;
        if !kept.reports.contains_key(&id) && kept.reports.len() >= KEPT {
            let oldest = kept
                .reports
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| *k);
            if let Some(k) = oldest {
                kept.reports.remove(&k);
            }
        }
        kept.reports.insert(id, (read, Arc::clone(&p)));
        p
    }
}

/// Whether election `e`'s report is due at `now`: its results date (local) has passed.
pub fn is_due(st: &AppState, e: &election::Model, now: DateTime<Utc>) -> bool {
    e.schedule().phase(now.with_timezone(&st.tz).naive_local()) == Phase::AfterResults
}

/// A report's columns as read: filed, acknowledged, resolved, region, category, station,
/// verified, status, verdict, representative.
type Row = (
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    String,
    String,
    Option<i32>,
    Option<bool>,
    Status,
    Option<crate::domain::state::Verdict>,
    Option<i32>,
);

/// The public reports of election `id` (every status but unconfirmed).
async fn reports(db: &impl ConnectionTrait, id: i32) -> Result<Vec<Report>, DbErr> {
    let rows: Vec<Row> = problem::Entity::find()
        .select_only()
        .column(problem::Column::CreatedAt)
        .column(problem::Column::AcknowledgedAt)
        .column(problem::Column::ResolvedAt)
        .column(problem::Column::RegionCode)
        .column(problem::Column::CategoryCode)
        .column(problem::Column::PollingStation)
        .column(problem::Column::Verified)
        .column(problem::Column::Status)
        .column(problem::Column::Verdict)
        .column(problem::Column::RepresentativeId)
        .filter(problem::Column::ElectionId.eq(id))
        .filter(problem::Column::Status.ne(Status::Unconfirmed))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                filed_at,
                acknowledged_at,
                resolved_at,
                region,
                category,
                station,
                verified,
                status,
                verdict,
                representative,
            )| Report {
                filed_at,
                acknowledged_at,
                resolved_at,
                region,
                category,
                station,
                verified,
                status,
                verdict,
                representative,
            },
        )
        .collect())
}

/// Counts election `e`'s figures, with the previous election of its kind beside them (as
/// its own report published them, if it has one).
async fn count(db: &impl ConnectionTrait, e: &election::Model) -> Result<Figures, DbErr> {
    let list = reports(db, e.id).await?;
    let mut ids: Vec<i32> = list.iter().filter_map(|r| r.representative).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i32, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut figures = election_report::count(&list, &names);
    let held: Vec<election_report::Held> = election::Entity::find()
        .select_only()
        .column(election::Column::Id)
        .column(election::Column::Kind)
        .column(election::Column::VotingDay)
        .filter(election::Column::Kind.eq(e.kind))
        .into_tuple()
        .all(db)
        .await?;
    if let Some(prev) = election_report::previous_of((e.id, e.kind, e.voting_day), &held) {
        let day = held
            .iter()
            .find(|h| h.0 == prev)
            .map(|h| h.2)
            .unwrap_or(e.voting_day);
        // Its published totals when it has a report, so that both reports cite the same
        // figures; counted now otherwise.
        let totals = match frozen_of(db, prev).await? {
            Some(p) => p.figures.totals,
            None => election_report::count(&reports(db, prev).await?, &HashMap::new()).totals,
        };
        figures.previous = Some(Previous {
            election_id: prev,
            voting_day: day,
            totals,
        });
    }
    Ok(figures)
}

/// Election `e`'s frozen report, if it has one.
pub async fn frozen_of(db: &impl ConnectionTrait, id: i32) -> Result<Option<Published>, DbErr> {
    let Some(mut row) = frozen::Entity::find()
        .filter(frozen::Column::ElectionId.eq(id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let text = std::mem::take(&mut row.figures);
    let figures: Figures = serde_json::from_str(&text)
        .map_err(|err| DbErr::Custom(format!("election report {}: {err}", row.id)))?;
    Ok(Some(Published { row, figures }))
}

/// Counts and freezes election `e`'s report (or reads the one frozen first).
async fn freeze(st: &AppState, e: &election::Model) -> Result<Published, DbErr> {
    let counted_at = st.clock.now();
    // The figures and the ledger's head from one snapshot: a report filed meanwhile is in
    // both or in neither. SQLite's transactions are serializable as they are.
    let txn = if st.db.get_database_backend() == DbBackend::Postgres {
        st.db
            .begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
    } else {
        st.db.begin().await?
    };
    let figures = count(&txn, e).await?;
    let (head, _) = crate::services::ledger::head(&txn).await?;
    txn.commit().await?;
    let body = serde_json::to_string(&figures)
        .map_err(|err| DbErr::Custom(format!("election report figures: {err}")))?;
    frozen::Entity::insert(frozen::ActiveModel {
        election_id: Set(e.id),
        counted_at: Set(counted_at),
        ledger_seq: Set(head.seq),
        ledger_hash: Set(head.hash),
        figures: Set(body),
        mailed_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(frozen::Column::ElectionId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&st.db)
    .await?;
    frozen_of(&st.db, e.id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("election report of {}", e.id)))
}

/// Election `id`'s frozen report from memory, or read from the table (and then kept).
async fn kept_or_read(st: &AppState, id: i32) -> Result<Option<Arc<Published>>, DbErr> {
    if let Some(p) = st.reports.get(id) {
        return Ok(Some(p));
    }
    Ok(frozen_of(&st.db, id).await?.map(|p| st.reports.keep(id, p)))
}

/// Election `e`'s published report: `None` before its results date has passed; frozen on
/// the first call after it, and the same frozen copy ever after (from memory once read).
#[tracing::instrument(skip_all, fields(election_id = e.id))]
pub async fn published(
    st: &AppState,
    e: &election::Model,
) -> Result<Option<Arc<Published>>, DbErr> {
    if !is_due(st, e, st.clock.now()) {
        return Ok(None);
    }
    if let Some(p) = kept_or_read(st, e.id).await? {
        return Ok(Some(p));
    }
    // The first visitors after the results date: one counts, the others wait for it
    // rather than count the same figures (another process may still count once more; its
    // insert then changes nothing).
    let _one = FREEZING.lock().await;
    if let Some(p) = kept_or_read(st, e.id).await? {
        return Ok(Some(p));
    }
    let p = freeze(st, e).await?;
    tracing::info!(
        election_id = e.id,
        ledger_seq = p.row.ledger_seq,
        "election report frozen"
    );
    Ok(Some(st.reports.keep(e.id, p)))
}

/// What a run of the `election-report` job did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MailRun {
    /// Elections whose report was mailed by this run.
    pub reports: usize,
    /// Mails queued.
    pub mails: usize,
}

impl MailRun {
    /// The run's figures for the jobs' page.
    pub fn summary(&self) -> crate::jobs::Summary {
        crate::jobs::Summary::default()
            .with("reports_mailed", self.reports)
            .with("mails", self.mails)
    }
}

/// The coordinators of `regions` (those with one of them or with no regions) and the
/// admins, active ones, each once.
async fn recipients(
    db: &impl ConnectionTrait,
    regions: &Regions,
) -> Result<Vec<user::Model>, DbErr> {
    let staff = user::Entity::find()
        .filter(user::Column::Role.is_in([UserRole::Coordinator, UserRole::Admin]))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let scopes = user_region::Entity::find().all(db).await?;
    Ok(staff
        .into_iter()
        .filter(|u| {
            if u.role == UserRole::Admin {
                return true;
            }
            let mine: Vec<&str> = scopes
                .iter()
                .filter(|s| s.user_id == u.id)
                .map(|s| s.region_code.as_str())
                .collect();
            mine.is_empty() || mine.iter().any(|c| regions.covers(c))
        })
        .collect())
}

/// The report's mail to `to`, in their language.
fn mail_ctx(
    st: &AppState,
    e: &election::Model,
    p: &Published,
    to: &user::Model,
) -> serde_json::Value {
    let lang = st.mail_language(to.language.as_deref());
    let t = &p.figures.totals;
    json!({
        "lang": lang,
        "org": st.config.organisation.name,
        "name": to.name,
        "election": e.name(lang),
        "voting_day": crate::locale::fmt_day(lang, e.voting_day),
        "reports": t.reports, "verified": t.verified, "unverified": t.unverified,
        "unchecked": t.unchecked, "resolved": t.resolved, "closed_other": t.closed_other,
        "open": t.open,
        "counted_at": crate::locale::fmt_time(st, lang, p.row.counted_at),
        "ledger_seq": p.row.ledger_seq,
        "report_url": st.link_in(lang, &format!("/elections/{}/report", e.id)),
    })
}

/// The `election-report` job: freezes the report of every election whose results date
/// has passed as of `at`, and mails each once to the coordinators of its regions and the
/// admins.
#[tracing::instrument(skip_all)]
pub async fn mail_due(st: &AppState, at: DateTime<Utc>) -> anyhow::Result<MailRun> {
    let mut run = MailRun::default();
    // Oldest results first: a run that fails part-way has sent the oldest reports and
    // leaves the newest to the next run, not an arbitrary few.
    let all = election::Entity::find()
        .order_by_asc(election::Column::ResultsDate)
        .order_by_asc(election::Column::Id)
        .all(&st.db)
        .await?;
    for e in all.iter().filter(|e| is_due(st, e, at)) {
        let p = match frozen_of(&st.db, e.id).await? {
            Some(p) => p,
            None => freeze(st, e).await?,
        };
        if p.row.mailed_at.is_some() {
            continue;
        }
        let now = st.clock.now();
        let txn = st.db.begin().await?;
        let claimed = frozen::Entity::update_many()
            .col_expr(frozen::Column::MailedAt, Expr::value(now))
            .filter(frozen::Column::Id.eq(p.row.id))
            .filter(frozen::Column::MailedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            // Another process mailed it meanwhile.
            txn.rollback().await?;
            continue;
        }
        let to = recipients(&txn, &e.regions()).await?;
        let mails: Vec<outbox::NewMail> = to
            .iter()
            .map(|u| outbox::NewMail {
                to: u.email.clone(),
                kind: "election_report",
                context: mail_ctx(st, e, &p, u),
                problem_id: None,
            })
            .collect();
        run.mails += mails.len();
        outbox::enqueue_many(&txn, mails, now).await?;
        txn.commit().await?;
        run.reports += 1;
        tracing::info!(
            election_id = e.id,
            mails = to.len(),
            "election report mailed"
        );
    }
    if run.mails > 0 {
        st.mail_ready.notify_one();
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frozen_report(id: i32) -> Published {
        Published {
            row: frozen::Model {
                id,
                election_id: id,
                counted_at: DateTime::<Utc>::default(),
                ledger_seq: 0,
                ledger_hash: String::new(),
                figures: String::new(),
                mailed_at: None,
            },
            figures: Figures::default(),
        }
    }

    #[test]
    fn the_memo_keeps_at_most_kept_reports_and_lets_the_least_recently_read_go() {
        let memo = ReportMemo::default();
        for id in 0..KEPT as i32 {
            memo.keep(id, frozen_report(id));
        }
        // Report 0 is read again: report 1 is now the least recently read.
        assert_eq!(memo.get(0).map(|p| p.row.id), Some(0));
        memo.keep(1000, frozen_report(1000));
        assert!(memo.get(1).is_none());
        for id in [0, 2, 1000] {
            assert_eq!(memo.get(id).map(|p| p.row.id), Some(id), "{id}");
        }
        assert_eq!(memo.kept.lock().unwrap().reports.len(), KEPT);
    }
}
