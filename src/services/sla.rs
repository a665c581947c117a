//! The scheduled side of tracking: the SLA sweep (reminders, overdue marking, escalation)
//! and the citizen check ("Has this been fixed?", then closing unanswered ones).
//!
//! Both work in bulk inside one transaction: the rules (`domain::sla`) decide per problem,
//! then one conditional `UPDATE ... RETURNING id` per kind of change claims the problems
//! whose stored state is still the one we read. Only claimed problems get their events and
//! mails, so a notice goes out once however many sweeps run, concurrently or not.

use crate::app::AppState;
use crate::domain::event_note::EventNote;
use crate::domain::sla::{self, Clocks, Deadline, Level, Policy, Step};
use crate::domain::state::ActorKind;
use crate::domain::status::{Action, Status};
use crate::entities::{problem, problem_event, user};
use crate::mail::outbox;
use crate::services::{notify, problem_reference};
use crate::templates::merge;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Ids per statement (well under both databases' parameter limits).
const CHUNK: usize = 500;

mod citizen_check;
pub use citizen_check::{CheckReport, citizen_check};

/// What a sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Problems whose deadlines were looked at closely.
    pub checked: usize,
    /// "Deadline is near" reminders.
    pub reminded: usize,
    /// Deadlines found passed (problems marked overdue).
    pub overdue: usize,
    /// Escalations to coordinators.
    pub escalated: usize,
    /// Mails written.
    pub mails: usize,
}

impl SweepReport {
    /// The run's figures, for the jobs' summary.
    pub fn summary(&self) -> crate::jobs::Summary {
        crate::jobs::Summary::default()
            .with("checked", self.checked)
            .with("reminded", self.reminded)
            .with("overdue", self.overdue)
            .with("escalated", self.escalated)
            .with("mails", self.mails)
    }
}

/// The rules' settings from the configuration.
pub fn policy(st: &AppState) -> Policy {
    Policy {
        remind_before: Duration::hours(st.config.sla.remind_before_hours),
        escalate_after: Duration::days(st.config.sla.escalate_after_days),
    }
}

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

/// SQL that narrows the open problems to those that may have a step due: a superset of
/// what `sla::steps` accepts, so the steady state reads few rows.
fn maybe_due(now: DateTime<Utc>, p: &Policy) -> Condition {
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

/// Runs the SLA sweep as of `now`.
#[tracing::instrument(skip_all)]
pub async fn sweep(st: &AppState, now: DateTime<Utc>) -> anyhow::Result<SweepReport> {
    let policy = policy(st);
    let txn = st.db.begin().await?;
    let mut find = problem::Entity::find();
    // On PostgreSQL the rows are locked from the read to the claim, so a reassignment
    // made meanwhile (which resets the notice levels) waits instead of being overwritten
    // by steps computed for the old assignment. SQLite has one writer at a time.
    if st.db.get_database_backend() == sea_orm::DbBackend::Postgres {
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
        ])
        .filter(problem::Column::Status.is_in(Status::with_representative()))
        .filter(problem::Column::QuestionPending.eq(false))
        .filter(maybe_due(now, &policy))
        .order_by_asc(problem::Column::Id)
        .into_model::<OpenRow>()
        .all(&txn)
        .await?;
    let mut report = SweepReport {
        checked: rows.len(),
        ..Default::default()
    };
    // Plan: the steps of each problem and the change they make.
    let mut planned: HashMap<i32, Vec<Step>> = HashMap::new();
    let mut groups: HashMap<Change, Vec<i32>> = HashMap::new();
    for r in &rows {
        let Some(status) = Status::parse(&r.status) else {
            continue;
        };
        let c = r.clocks();
        let steps = sla::steps(&c, now, &policy);
        if steps.is_empty() {
            continue;
        }
        let mut after = c;
        for s in &steps {
            match s.deadline {
                sla::Deadline::Acknowledge => after.ack_level = s.to,
                sla::Deadline::Resolve => after.resolve_level = s.to,
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
    let rep_ids: BTreeSet<i32> = claimed
        .iter()
        .filter_map(|id| by_id[id].representative_id)
        .collect();
    let mut reps: HashMap<i32, user::Model> = HashMap::new();
    for chunk in rep_ids.into_iter().collect::<Vec<_>>().chunks(CHUNK) {
        let found = user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .filter(user::Column::Active.eq(true))
            .all(&txn)
            .await?;
        reps.extend(found.into_iter().map(|u| (u.id, u)));
    }
    let mut events = Vec::new();
    let mut to_rep: BTreeMap<i32, (usize, Vec<Value>)> = BTreeMap::new();
    let mut to_coordinators: BTreeMap<String, (usize, Vec<Value>)> = BTreeMap::new();
    let reference = st.reference();
    for id in &claimed {
        let r = by_id[id];
        let status = Status::parse(&r.status).unwrap_or(Status::Assigned);
        for s in &planned[id] {
            // Times, names and links are written for each recipient's language by
            // `localized`; the item keeps what they are made of.
            let item = json!({
                "id": r.id,
                "reference": problem_reference(r.id),
                "title": r.title,
                "deadline": s.deadline.as_str(),
                "due_at": s.due,
                "passed": s.to >= Level::Passed,
                "region_code": r.region_code,
                "rep_name": r.representative_id.and_then(|i| reps.get(&i)).map(|u| u.name.clone()),
                "days_overdue": (now - s.due).num_days(),
            });
            if s.reminds() || s.passes() {
                if let Some(rep) = r.representative_id {
                    let (n, items) = to_rep.entry(rep).or_default();
                    *n += 1;
                    if items.len() < LISTED {
                        items.push(item.clone());
                    }
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
                let (n, items) = to_coordinators.entry(r.region_code.clone()).or_default();
                *n += 1;
                if items.len() < LISTED {
                    items.push(item);
                }
                events.push(system_event(
                    r.id,
                    status,
                    Action::Escalate,
                    now,
                    EventNote::new(match s.deadline {
                        Deadline::Acknowledge => "event.escalated_acknowledge",
                        Deadline::Resolve => "event.escalated_resolve",
                    })
                    .arg("days", (now - s.due).num_days()),
                ));
            }
        }
    }
    insert_events(&txn, events).await?;
    let base = |lang: &str| {
        json!({
            "lang": lang,
            "org": st.config.organisation.name,
            "workspace_url": st.link_in(lang, "/workspace"),
            "triage_url": st.link_in(lang, "/triage"),
        })
    };
    for (rep_id, (count, items)) in to_rep {
        let Some(rep) = reps.get(&rep_id) else {
            continue;
        };
        let lang = st.mail_language(rep.language.as_deref());
        let items = localized(st, &reference, items, lang);
        let ctx = merge(base(lang), listed(&rep.name, items, count));
        outbox::enqueue(&txn, &rep.email, "sla_reminder", &ctx, None, now).await?;
        report.mails += 1;
    }
    // Each coordinator gets one mail with the escalations of all their regions (the items
    // are shared, not copied per coordinator).
    let mut per_coordinator: BTreeMap<i32, (user::Model, Vec<&str>)> = BTreeMap::new();
    for region in to_coordinators.keys() {
        for c in notify::coordinators_of(&txn, region).await? {
            per_coordinator
                .entry(c.id)
                .or_insert_with(|| (c, Vec::new()))
                .1
                .push(region);
        }
    }
    for (_, (c, regions)) in per_coordinator {
        let count: usize = regions.iter().map(|r| to_coordinators[*r].0).sum();
        let items: Vec<Value> = regions
            .iter()
            .flat_map(|r| to_coordinators[*r].1.iter())
            .take(LISTED)
            .cloned()
            .collect();
        let lang = st.mail_language(c.language.as_deref());
        let items = localized(st, &reference, items, lang);
        let ctx = merge(base(lang), listed(&c.name, items, count));
        outbox::enqueue(&txn, &c.email, "sla_escalation", &ctx, None, now).await?;
        report.mails += 1;
    }
    txn.commit().await?;
    st.stats.changed();
    if report.mails > 0 {
        st.mail_ready.notify_one();
    }
    Ok(report)
}

/// The most problems one reminder or escalation mail lists; the rest are counted.
const LISTED: usize = 50;

/// A recipient's mail data: the first [`LISTED`] of `count` items and how many more there
/// are.
/// A reminder's or escalation's items for a reader of `lang`: the deadline's time, the
/// region's name and the links in that language.
fn localized(
    st: &AppState,
    reference: &crate::services::reference::Reference,
    items: Vec<Value>,
    lang: &str,
) -> Vec<Value> {
    items
        .into_iter()
        .map(|mut i| {
            let due = serde_json::from_value::<DateTime<Utc>>(i["due_at"].clone())
                .map(|d| crate::locale::fmt_time(st, lang, d))
                .ok();
            let region = reference.region_name(i["region_code"].as_str().unwrap_or(""), lang);
            let id = i["id"].as_i64().unwrap_or(0);
            i["due"] = json!(due);
            i["region"] = json!(region);
            i["url"] = json!(st.link_in(lang, &format!("/problems/{id}")));
            i["workspace_url"] = json!(st.link_in(lang, &format!("/workspace/problems/{id}")));
            i
        })
        .collect()
}

fn listed(name: &str, mut items: Vec<Value>, count: usize) -> Value {
    items.truncate(LISTED);
    json!({"name": name, "count": count, "more": count - items.len(), "items": items})
}

/// Runs a conditional `UPDATE ... RETURNING id` and returns the ids it changed: the rows
/// this run has claimed.
async fn claimed_ids(
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
struct SystemEvent {
    problem_id: i32,
    action: Action,
    now: DateTime<Utc>,
    note: EventNote,
    from: Status,
    to: Status,
}

/// An event about a problem whose status does not change.
fn system_event(
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

async fn insert_events(
    db: &impl ConnectionTrait,
    events: Vec<SystemEvent>,
) -> Result<(), sea_orm::DbErr> {
    for chunk in events.chunks(CHUNK) {
        let models = chunk.iter().map(|e| problem_event::ActiveModel {
            problem_id: Set(e.problem_id),
            created_at: Set(e.now),
            actor_kind: Set(ActorKind::System),
            actor_user_id: Set(None),
            action: Set(e.action),
            from_status: Set(Some(e.from)),
            to_status: Set(Some(e.to)),
            public_note: Set(None),
            note_key: Set(Some(e.note.key.to_string())),
            note_args: Set(Some(e.note.encoded_args())),
            internal_note: Set(None),
            representative_id: Set(None),
            routing_rule_id: Set(None),
            elapsed_seconds: Set(None),
            ..Default::default()
        });
        problem_event::Entity::insert_many(models)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
