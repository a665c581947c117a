//! The citizen check: "Has this been fixed?" some days after a problem is resolved, and
//! closing the problems whose citizens never answered.

use super::CHUNK;
use super::claim::{SystemEvent, claimed_ids, insert_events, system_event};
use crate::app::AppState;
use crate::domain::event_note::EventNote;
use crate::domain::status::{Action, Status};
use crate::entities::problem;
use crate::mail::outbox;
use crate::services::notify;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait};

/// What a citizen-check run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Citizens asked "Has this been fixed?".
    pub asked: usize,
    /// Problems closed with verdict `no_answer`.
    pub closed: usize,
}

impl CheckReport {
    /// The run's figures, for the jobs' summary.
    pub fn summary(&self) -> crate::jobs::Summary {
        crate::jobs::Summary::default()
            .with("asked", self.asked)
            .with("closed_no_answer", self.closed)
    }
}

/// Asks the citizens of problems resolved `sla.citizen_check_after_days` ago whether they
/// are fixed, and closes those whose question went unanswered for
/// `sla.no_answer_close_days`.
#[tracing::instrument(skip_all)]
pub async fn citizen_check(st: &AppState, now: DateTime<Utc>) -> anyhow::Result<CheckReport> {
    let mut report = CheckReport::default();
    let ask_before = now - Duration::days(st.config.sla.citizen_check_after_days);
    let close_before = now - Duration::days(st.config.sla.no_answer_close_days);
    let resolved = Status::Resolved.as_str();
    let txn = st.db.begin().await?;

    // 1. Close what went unanswered (before asking, so a problem is never both).
    let due: Vec<i32> = problem::Entity::find()
        .select_only()
        .column(problem::Column::Id)
        .filter(problem::Column::Status.eq(resolved))
        .filter(problem::Column::FixCheckSentAt.lte(close_before))
        .into_tuple()
        .all(&txn)
        .await?;
    crate::domain::status::decide(
        Status::Resolved,
        Action::CloseNoAnswer,
        crate::domain::status::Role::System,
        crate::domain::status::Relation {
            is_assignee: false,
            covers_region: true,
        },
        None,
    )?;
    let mut closed = Vec::new();
    for chunk in due.chunks(CHUNK) {
        let stmt = Query::update()
            .table(problem::Entity)
            .value(problem::Column::Status, Status::Closed.as_str())
            .value(
                problem::Column::Verdict,
                crate::domain::status::Verdict::NoAnswer.as_str(),
            )
            .value(problem::Column::ClosedAt, now)
            .value(problem::Column::UpdatedAt, now)
            .value(problem::Column::Overdue, false)
            .value(problem::Column::Escalated, false)
            .and_where(problem::Column::Id.is_in(chunk.iter().copied()))
            .and_where(problem::Column::Status.eq(resolved))
            .and_where(problem::Column::FixCheckSentAt.lte(close_before))
            .returning_col(problem::Column::Id)
            .to_owned();
        closed.extend(claimed_ids(&txn, &stmt).await?);
    }
    let days = st.config.sla.no_answer_close_days;
    // Written (with their public ledger entries) after every row this run updates: on
    // PostgreSQL the ledger's lock, held to the commit, is then the last lock taken, so a
    // request that holds one of those rows and waits for the ledger cannot deadlock with us.
    let mut events: Vec<SystemEvent> = closed
        .iter()
        .map(|&id| SystemEvent {
            problem_id: id,
            action: Action::CloseNoAnswer,
            now,
            note: EventNote::new("event.closed_no_answer").arg("days", days),
            from: Status::Resolved,
            to: Status::Closed,
        })
        .collect();
    report.closed = closed.len();

    // 2. Ask: one question per resolution (a new resolution clears `fix_check_sent_at`).
    let to_ask: Vec<i32> = problem::Entity::find()
        .select_only()
        .column(problem::Column::Id)
        .filter(problem::Column::Status.eq(resolved))
        .filter(problem::Column::FixCheckSentAt.is_null())
        .filter(problem::Column::ResolvedAt.lte(ask_before))
        .into_tuple()
        .all(&txn)
        .await?;
    let mut asked = Vec::new();
    for chunk in to_ask.chunks(CHUNK) {
        let stmt = Query::update()
            .table(problem::Entity)
            .value(problem::Column::FixCheckSentAt, now)
            .value(problem::Column::UpdatedAt, now)
            .and_where(problem::Column::Id.is_in(chunk.iter().copied()))
            .and_where(problem::Column::Status.eq(resolved))
            .and_where(problem::Column::FixCheckSentAt.is_null())
            .returning_col(problem::Column::Id)
            .to_owned();
        asked.extend(claimed_ids(&txn, &stmt).await?);
    }
    for chunk in asked.chunks(CHUNK) {
        let problems = problem::Entity::find()
            .filter(problem::Column::Id.is_in(chunk.iter().copied()))
            .all(&txn)
            .await?;
        let photos = crate::services::photos::visible_of_many(st, &txn, chunk).await?;
        let mut mails = Vec::new();
        for p in &problems {
            // A citizen who erased their contact details is not mailed; their tracking
            // page still takes the answer until the problem is closed as unanswered.
            let shown = photos.get(&p.id).map_or(&[][..], Vec::as_slice);
            let mail = notify::fix_check(st, p, days, shown);
            let note = EventNote::new(if mail.is_some() {
                "event.asked_fixed_by_mail"
            } else {
                "event.asked_fixed_on_page"
            });
            events.push(system_event(
                p.id,
                Status::Resolved,
                Action::AskFixed,
                now,
                note,
            ));
            mails.extend(mail);
        }
        outbox::enqueue_many(&txn, mails, now).await?;
    }
    insert_events(&txn, events).await?;
    report.asked = asked.len();
    txn.commit().await?;
    st.stats.changed();
    if report.asked > 0 {
        st.mail_ready.notify_one();
    }
    Ok(report)
}
