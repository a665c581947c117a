//! One batch of the SLA sweep, in one transaction: read the next problems by id that may
//! have a step due (only the columns the rules and the notices need), let the rules decide,
//! claim with a conditional `UPDATE ... RETURNING id` the problems whose stored levels are
//! still the ones read, and write the claimed problems' events and owed notices.

use super::{CHUNK, Policies, Scope, SweepReport};
use crate::domain::event_note::EventNote;
use crate::domain::sla::{self, Clocks, Deadline, Level, Policy, Step};
use crate::domain::state::ActorKind;
use crate::domain::status::{Action, Status};
use crate::entities::{problem, problem_event, sla_notice};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Who a notice goes to: the problem's representative.
pub(super) const TO_REPRESENTATIVE: &str = "representative";
/// Who a notice goes to: the coordinators of the problem's region.
pub(super) const TO_COORDINATORS: &str = "coordinators";

#[derive(Debug, FromQueryResult)]
struct OpenRow {
    id: i32,
    status: String,
    title: String,
    region_code: String,
    representative_id: Option<i32>,
    assigned_at: Option<DateTime<Utc>>,
    ack_due_at: Option<DateTime<Utc>>,
    acknowledged_at: Option<DateTime<Utc>>,
    resolve_due_at: Option<DateTime<Utc>>,
    ack_notices: i16,
    resolve_notices: i16,
    voting_day_pace: bool,
}

impl OpenRow {
    fn clocks(&self) -> Clocks {
        Clocks {
            assigned_at: self.assigned_at,
            ack_due: self.ack_due_at,
            acknowledged: self.acknowledged_at.is_some(),
            ack_level: Level::from_i16(self.ack_notices),
            resolve_due: self.resolve_due_at,
            resolve_level: Level::from_i16(self.resolve_notices),
            paused: false,
        }
    }
}

/// SQL that narrows the open problems to those that may have a step due, each by the
/// policy of its pace: a superset of what `sla::steps` accepts, so the steady state reads
/// few rows. `scope` may leave out the problems with the usual pace.
fn maybe_due(now: DateTime<Utc>, policies: &Policies, scope: Scope) -> Condition {
    let paced = |pace: bool| {
        Condition::all()
            .add(problem::Column::VotingDayPace.eq(pace))
            .add(maybe_due_by(now, policies.of(pace)))
    };
    match scope {
        Scope::All => Condition::any().add(paced(false)).add(paced(true)),
        Scope::VotingDay => paced(true),
    }
}

/// [`maybe_due`] for the problems of one policy.
fn maybe_due_by(now: DateTime<Utc>, p: &Policy) -> Condition {
    let levels = |due: problem::Column, level: problem::Column| {
        Condition::any()
            .add(
                Condition::all()
                    .add(level.lt(Level::Soon.as_i16()))
                    .add(due.lte(now + p.remind_before)),
            )
            .add(
                Condition::all()
                    .add(level.lt(Level::Passed.as_i16()))
                    .add(due.lte(now)),
            )
            .add(
                Condition::all()
                    .add(level.lt(Level::Escalated.as_i16()))
                    .add(due.lte(now - p.escalate_after)),
            )
    };
    Condition::any()
        .add(
            Condition::all()
                .add(problem::Column::AcknowledgedAt.is_null())
                .add(levels(
                    problem::Column::AckDueAt,
                    problem::Column::AckNotices,
                )),
        )
        .add(levels(
            problem::Column::ResolveDueAt,
            problem::Column::ResolveNotices,
        ))
}

/// One planned change: the levels we read and the ones we move to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Change {
    status: Status,
    old_ack: i16,
    old_resolve: i16,
    new_ack: i16,
    new_resolve: i16,
    overdue: bool,
    escalated: bool,
}

/// How far one batch got: how many problems it read and the last id read (where the next
/// batch starts).
pub(super) struct Batch {
    pub read: usize,
    pub last_id: Option<i32>,
}

/// Sweeps the next `limit` problems after id `after`, in one transaction.
pub(super) async fn batch(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    policies: &Policies,
    scope: Scope,
    after: i32,
    limit: u64,
    report: &mut SweepReport,
) -> anyhow::Result<Batch> {
    let txn = db.begin().await?;
    let mut find = problem::Entity::find();
    // On PostgreSQL the rows are locked from the read to the claim, so a reassignment
    // made meanwhile (which resets the notice levels) waits instead of being overwritten
    // by steps computed for the old assignment. SQLite has one writer at a time.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let rows: Vec<OpenRow> = find
        .select_only()
        .columns([
            problem::Column::Id,
            problem::Column::Status,
            problem::Column::Title,
            problem::Column::RegionCode,
            problem::Column::RepresentativeId,
            problem::Column::AssignedAt,
            problem::Column::AckDueAt,
            problem::Column::AcknowledgedAt,
            problem::Column::ResolveDueAt,
            problem::Column::AckNotices,
            problem::Column::ResolveNotices,
            problem::Column::VotingDayPace,
        ])
        .filter(problem::Column::Id.gt(after))
        .filter(problem::Column::Status.is_in(Status::with_representative()))
        .filter(problem::Column::QuestionPending.eq(false))
        .filter(maybe_due(now, policies, scope))
        .order_by_asc(problem::Column::Id)
        .limit(limit)
        .into_model::<OpenRow>()
        .all(&txn)
        .await?;
    report.checked += rows.len();
    // Plan: the steps of each problem and the change they make.
    let mut planned: HashMap<i32, Vec<Step>> = HashMap::new();
    let mut groups: HashMap<Change, Vec<i32>> = HashMap::new();
    for r in &rows {
        let Some(status) = Status::parse(&r.status) else {
            continue;
        };
        let c = r.clocks();
        let steps = sla::steps(&c, now, policies.of(r.voting_day_pace));
        if steps.is_empty() {
            continue;
        }
        let mut after = c;
        for s in &steps {
            match s.deadline {
                Deadline::Acknowledge => after.ack_level = s.to,
                Deadline::Resolve => after.resolve_level = s.to,
            }
        }
        let (overdue, escalated) = sla::flags(&after);
        let change = Change {
            status,
            old_ack: r.ack_notices,
            old_resolve: r.resolve_notices,
            new_ack: after.ack_level.as_i16(),
            new_resolve: after.resolve_level.as_i16(),
            overdue,
            escalated,
        };
        groups.entry(change).or_default().push(r.id);
        planned.insert(r.id, steps);
    }
    // Claim: only rows still in the state we read change, and only those get notices.
    let mut claimed: Vec<i32> = Vec::new();
    for (change, ids) in &groups {
        for chunk in ids.chunks(CHUNK) {
            let stmt = Query::update()
                .table(problem::Entity)
                .value(problem::Column::AckNotices, change.new_ack)
                .value(problem::Column::ResolveNotices, change.new_resolve)
                .value(problem::Column::Overdue, change.overdue)
                .value(problem::Column::Escalated, change.escalated)
                .value(problem::Column::UpdatedAt, now)
                .and_where(problem::Column::Id.is_in(chunk.iter().copied()))
                .and_where(problem::Column::AckNotices.eq(change.old_ack))
                .and_where(problem::Column::ResolveNotices.eq(change.old_resolve))
                .and_where(problem::Column::QuestionPending.eq(false))
                .and_where(problem::Column::Status.eq(change.status.as_str()))
                .returning_col(problem::Column::Id)
                .to_owned();
            claimed.extend(claimed_ids(&txn, &stmt).await?);
        }
    }
    claimed.sort_unstable();
    let by_id: HashMap<i32, &OpenRow> = rows.iter().map(|r| (r.id, r)).collect();
    let mut events = Vec::new();
    let mut notices = Vec::new();
    for id in &claimed {
        let r = by_id[id];
        let status = Status::parse(&r.status).unwrap_or(Status::Assigned);
        for s in &planned[id] {
            let notice = |audience: &str| sla_notice::ActiveModel {
                audience: Set(audience.to_string()),
                representative_id: Set(r.representative_id),
                region_code: Set(r.region_code.clone()),
                problem_id: Set(r.id),
                title: Set(r.title.clone()),
                deadline: Set(s.deadline.as_str().to_string()),
                due_at: Set(s.due),
                passed: Set(s.to >= Level::Passed),
                days_overdue: Set((now - s.due).num_days()),
                created_at: Set(now),
                ..Default::default()
            };
            if s.reminds() || s.passes() {
                if r.representative_id.is_some() {
                    notices.push(notice(TO_REPRESENTATIVE));
                }
                if s.reminds() {
                    report.reminded += 1;
                }
            }
            if s.passes() {
                report.overdue += 1;
                events.push(system_event(
                    r.id,
                    status,
                    Action::MarkOverdue,
                    now,
                    EventNote::new(match s.deadline {
                        Deadline::Acknowledge => "event.overdue_acknowledge",
                        Deadline::Resolve => "event.overdue_resolve",
                    })
                    .time("due", s.due),
                ));
            }
            if s.escalates() {
                report.escalated += 1;
                notices.push(notice(TO_COORDINATORS));
                events.push(system_event(
                    r.id,
                    status,
                    Action::Escalate,
                    now,
                    escalation_note(s.deadline, r.voting_day_pace, now - s.due),
                ));
            }
        }
    }
    insert_events(&txn, events).await?;
    for chunk in notices.chunks(CHUNK) {
        sla_notice::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(Batch {
        read: rows.len(),
        last_id: rows.last().map(|r| r.id),
    })
}

/// What the timeline says of an escalation `late` past `deadline`: in days, or in minutes
/// for a voting-day paced problem (escalated within the hour).
fn escalation_note(deadline: Deadline, voting_day_pace: bool, late: Duration) -> EventNote {
    match (deadline, voting_day_pace) {
        (Deadline::Acknowledge, false) => EventNote::new("event.escalated_acknowledge"),
        (Deadline::Resolve, false) => EventNote::new("event.escalated_resolve"),
        (Deadline::Acknowledge, true) => EventNote::new("event.escalated_acknowledge_minutes"),
        (Deadline::Resolve, true) => EventNote::new("event.escalated_resolve_minutes"),
    }
    .arg(
        if voting_day_pace { "minutes" } else { "days" },
        if voting_day_pace {
            late.num_minutes()
        } else {
            late.num_days()
        },
    )
}

/// Runs a conditional `UPDATE ... RETURNING id` and returns the ids it changed: the rows
/// this run has claimed.
pub(super) async fn claimed_ids(
    db: &impl ConnectionTrait,
    stmt: &sea_orm::sea_query::UpdateStatement,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    db.query_all(stmt)
        .await?
        .into_iter()
        .map(|row| row.try_get::<i32>("", "id"))
        .collect()
}

/// An event the service writes in bulk.
pub(super) struct SystemEvent {
    pub problem_id: i32,
    pub action: Action,
    pub now: DateTime<Utc>,
    pub note: EventNote,
    pub from: Status,
    pub to: Status,
}

/// An event about a problem whose status does not change.
pub(super) fn system_event(
    problem_id: i32,
    status: Status,
    action: Action,
    now: DateTime<Utc>,
    note: EventNote,
) -> SystemEvent {
    SystemEvent {
        problem_id,
        action,
        now,
        note,
        from: status,
        to: status,
    }
}

/// Writes the sweep's events (and their ledger entries) through `workflow::record_many`.
pub(super) async fn insert_events(
    db: &impl ConnectionTrait,
    events: Vec<SystemEvent>,
) -> Result<(), sea_orm::DbErr> {
    let models = events
        .iter()
        .map(|e| problem_event::Model {
            id: 0,
            problem_id: e.problem_id,
            created_at: e.now,
            actor_kind: ActorKind::System,
            actor_user_id: None,
            action: e.action,
            from_status: Some(e.from),
            to_status: Some(e.to),
            public_note: None,
            note_key: Some(e.note.key.to_string()),
            note_args: Some(e.note.encoded_args()),
            internal_note: None,
            representative_id: None,
            routing_rule_id: None,
            elapsed_seconds: None,
        })
        .collect();
    crate::services::workflow::record_many(db, models).await
}
