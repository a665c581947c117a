//! `civic-tracker demo --problems N`: realistic demo data, fast enough for a million
//! problems. People and routing rules go through the same services as in real use; each
//! problem's life is simulated with the service's own rules (status machine, routing,
//! deadlines and holidays) and written with multi-row inserts, problems and their events
//! together. The deadline sweep and the citizen check then run once, as the scheduler
//! would have. The mails the demo causes are removed from the outbox afterwards (nobody is
//! behind the demo addresses).

use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::deadlines::{Unit, due_at};
use crate::domain::input::Email;
use crate::domain::routing::{self, Rule};
use crate::domain::state::ActorKind;
use crate::domain::status::{Action, Relation as StatusRelation, Role, Status, decide};
use crate::entities::{outbox, problem, problem_event, routing_rule, support, user};
use crate::services::people;
use crate::services::reference::Reference;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

const NAMES: &[&str] = &[
    "Aigerim Nurlanovna",
    "Bolat Serikuly",
    "Dana Kairatkyzy",
    "Yerlan Mukhtarov",
    "Gulnara Abenova",
    "Marat Zhaksylykov",
    "Saule Tokhtarova",
    "Nurlan Bekov",
    "Aliya Suleimenova",
    "Timur Akhmetov",
    "Zhanar Omarova",
    "Daniyar Iskakov",
];

const PROBLEMS: &[(&str, &str, &str)] = &[
    (
        "roads",
        "Pothole on the main street",
        "A deep pothole near the bus stop has damaged several cars this month.",
    ),
    (
        "roads",
        "No pavement to the school",
        "Children walk to school along the roadside because there is no pavement.",
    ),
    (
        "utilities",
        "No hot water for two weeks",
        "The whole building has had no hot water for two weeks without explanation.",
    ),
    (
        "utilities",
        "Heating is off in the flats",
        "Radiators in our block are cold although the heating season has started.",
    ),
    (
        "housing",
        "Roof leaks into the stairwell",
        "Every rain floods the stairwell of our five-storey building.",
    ),
    (
        "public_transport",
        "Bus route 12 cancelled",
        "The only bus to our district was cancelled without notice.",
    ),
    (
        "healthcare",
        "No paediatrician at the clinic",
        "The district clinic has had no paediatrician for three months.",
    ),
    (
        "education",
        "Kindergarten queue not moving",
        "Our place in the kindergarten queue has not moved for a year.",
    ),
    (
        "environment",
        "Illegal dump by the river",
        "Construction waste is being dumped by the river every night.",
    ),
    (
        "public_safety",
        "Street lights out in the park",
        "The park has been dark for a month and people feel unsafe.",
    ),
    (
        "social_support",
        "Disability allowance delayed",
        "My mother's allowance has not been paid for two months.",
    ),
    (
        "election_pressure",
        "Employees told how to vote",
        "Our director told all staff to vote and send a photo of the ballot.",
    ),
    (
        "election_polling_station",
        "Polling station without ramp",
        "The polling station is on the second floor with no ramp for wheelchairs.",
    ),
];

/// The people of the demo: an admin, a monitor, a coordinator per region and two
/// representatives per region (one in Ulytau, for general matters only, so that its
/// election reports land in the triage queue). Returns the representatives.
async fn people(st: &AppState) -> anyhow::Result<Vec<(i32, String, String)>> {
    let reference = st.reference();
    let now = st.clock.now();
    let fail = |e: crate::error::AppError| anyhow::anyhow!("{}", e.parts().2);
    let email = |s: String| Email::parse("email", &s).map_err(|e| anyhow::anyhow!(e.message));
    people::upsert_user(
        &st.db,
        &email("admin@demo.example.kz".into())?,
        "Demo Admin",
        None,
        UserRole::Admin,
        &[],
        now,
    )
    .await
    .map_err(fail)?;
    people::upsert_user(
        &st.db,
        &email("monitor@demo.example.kz".into())?,
        "Demo Monitor",
        None,
        UserRole::Monitor,
        &[],
        now,
    )
    .await
    .map_err(fail)?;
    let mut reps = Vec::new();
    for (i, region) in reference.regions.iter().enumerate() {
        let code = region.code.to_lowercase();
        people::upsert_user(
            &st.db,
            &email(format!("coordinator.{code}@demo.example.kz"))?,
            &format!("Coordinator, {}", region.name_en),
            None,
            UserRole::Coordinator,
            std::slice::from_ref(&region.code),
            now,
        )
        .await
        .map_err(fail)?;
        let partial = region.code == "KZ-62";
        for k in 0..(if partial { 1 } else { 2 }) {
            let name = NAMES[(i * 2 + k) % NAMES.len()];
            let position = if k == 0 {
                "Deputy of the regional maslikhat"
            } else {
                "Party branch secretary"
            };
            let (u, _) = people::upsert_user(
                &st.db,
                &email(format!("rep{k}.{code}@demo.example.kz"))?,
                name,
                Some(position),
                UserRole::Representative,
                &[],
                now,
            )
            .await
            .map_err(fail)?;
            let categories: Vec<Option<String>> = if partial {
                reference
                    .categories
                    .iter()
                    .filter(|c| c.group == "general")
                    .map(|c| Some(c.code.clone()))
                    .collect()
            } else {
                vec![None]
            };
            people::replace_rules(&st.db, u.id, &[Some(region.code.clone())], &categories, now)
                .await?;
            reps.push((u.id, u.name, region.code.clone()));
        }
    }
    Ok(reps)
}

/// One generated problem: its row and its events.
struct Generated {
    problem: problem::ActiveModel,
    events: Vec<problem_event::ActiveModel>,
    supporters: u32,
}

/// Simulates problems' lives with the service's own rules: the status machine decides
/// every step, routing rules choose the representative (fewest open first), deadlines
/// follow the categories and the holiday calendar, and every step lies in the past.
struct Simulator<'a> {
    st: &'a AppState,
    reference: Arc<Reference>,
    rules: Vec<Rule>,
    names: HashMap<i32, String>,
    by_region: HashMap<String, Vec<i32>>,
    open: HashMap<i32, u64>,
    /// The latest problem per (region, category): what a duplicate duplicates.
    latest: HashMap<(String, String), i32>,
    admin: i32,
    now: DateTime<Utc>,
    span_minutes: i64,
    rng: rand::rngs::ThreadRng,
}

/// Where a simulated problem stands.
struct Life {
    id: i32,
    status: Status,
    t: DateTime<Utc>,
    rep: Option<i32>,
    events: Vec<problem_event::ActiveModel>,
    p: problem::ActiveModel,
}

impl Life {
    /// A step that names no representative, rule or elapsed time.
    fn act(&mut self, action: Action, role: Role, actor: Option<i32>, note: Option<&str>) -> bool {
        self.step(action, role, actor, note, None, None, None)
    }

    /// Advances the problem's clock by `d`; false (and the problem stays as it is) when
    /// that would be after `now`.
    fn wait(&mut self, now: DateTime<Utc>, d: Duration) -> bool {
        if self.t + d >= now {
            return false;
        }
        self.t += d;
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        action: Action,
        role: Role,
        actor: Option<i32>,
        note: Option<&str>,
        representative: Option<i32>,
        rule: Option<i32>,
        elapsed: Option<i64>,
    ) -> bool {
        let rel = StatusRelation {
            is_assignee: true,
            covers_region: true,
        };
        let Ok(tr) = decide(self.status, action, role, rel, note) else {
            return false;
        };
        let kind = match role {
            Role::Citizen => ActorKind::Citizen,
            Role::System => ActorKind::System,
            _ => ActorKind::User,
        };
        self.events.push(problem_event::ActiveModel {
            problem_id: Set(self.id),
            created_at: Set(self.t),
            actor_kind: Set(kind),
            actor_user_id: Set(actor),
            action: Set(action),
            from_status: Set((action != Action::Submit).then_some(self.status)),
            to_status: Set(Some(tr.to)),
            public_note: Set(note.map(Into::into)),
            internal_note: Set(None),
            representative_id: Set(representative),
            routing_rule_id: Set(rule),
            elapsed_seconds: Set(elapsed),
            ..Default::default()
        });
        self.status = tr.to;
        if let Some(v) = tr.verdict {
            self.p.verdict = Set(Some(v));
        }
        self.p.status = Set(tr.to);
        self.p.updated_at = Set(self.t);
        true
    }
}

fn minutes(rng: &mut impl Rng, median: f64, spread: f64) -> Duration {
    // Log-normal-ish: most answers come around the median, some take much longer.
    let z: f64 = (0..4).map(|_| rng.random_range(-1.0..1.0)).sum::<f64>() * 0.87;
    Duration::minutes((median * (spread * z).exp()).clamp(1.0, 400.0 * 1440.0) as i64)
}

impl Simulator<'_> {
    fn deadlines(
        &self,
        category: &str,
        t: DateTime<Utc>,
    ) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let Some(c) = self.reference.category(category) else {
            return (None, None);
        };
        let due = |d: &crate::services::reference::Deadline| {
            Unit::parse(&d.unit).map(|u| {
                due_at(
                    t,
                    u32::try_from(d.amount).unwrap_or(0),
                    u,
                    self.st.tz,
                    &self.reference.calendar,
                )
            })
        };
        (due(&c.acknowledge_within), due(&c.resolve_within))
    }

    fn assign(&mut self, life: &mut Life, category: &str, rep: i32) {
        let (ack, res) = self.deadlines(category, life.t);
        life.rep = Some(rep);
        life.p.representative_id = Set(Some(rep));
        life.p.assigned_at = Set(Some(life.t));
        life.p.ack_due_at = Set(ack);
        life.p.resolve_due_at = Set(res);
        life.p.acknowledged_at = Set(None);
        life.p.resolved_at = Set(None);
        *self.open.entry(rep).or_default() += 1;
    }

    fn release(&mut self, life: &mut Life) {
        if let Some(r) = life.rep.take()
            && let Some(n) = self.open.get_mut(&r)
        {
            *n = n.saturating_sub(1);
        }
    }

    fn generate(&mut self, id: i32, i: u64) -> Generated {
        let rng = &mut self.rng;
        let election = rng.random_bool(0.06);
        let pool: Vec<&(&str, &str, &str)> = PROBLEMS
            .iter()
            .filter(|p| p.0.starts_with("election") == election)
            .collect();
        let &&(cat, title, desc) = pool.choose(rng).expect("non-empty");
        let region = self
            .reference
            .regions
            .choose(rng)
            .expect("non-empty")
            .code
            .clone();
        // More problems lately than a year ago, as a growing service sees.
        let back = (self.span_minutes as f64 * rng.random_range(0.0f64..1.0).powf(1.4)) as i64;
        let created = self.now - Duration::minutes(back.max(1));
        let anonymous = rng.random_bool(0.3);
        let p = problem::ActiveModel {
            id: Set(id),
            title: Set(title.into()),
            description: Set(desc.into()),
            category_code: Set(cat.into()),
            region_code: Set(region.clone()),
            address: Set(None),
            latitude: Set(None),
            longitude: Set(None),
            citizen_email: Set(format!("citizen{i}@demo.example.kz")),
            citizen_name: Set(Some(
                NAMES[rng.random_range(0..NAMES.len())]
                    .split(' ')
                    .next()
                    .unwrap_or("")
                    .into(),
            )),
            anonymous: Set(anonymous),
            status: Set(Status::Unconfirmed),
            verdict: Set(None),
            representative_id: Set(None),
            routing_rule_id: Set(None),
            routing_note: Set(None),
            duplicate_of: Set(None),
            reassign_requested: Set(false),
            question_pending: Set(false),
            tracking_token: Set(crate::auth::random_token(24)),
            confirm_token_hash: Set(None),
            created_at: Set(created),
            confirmed_at: Set(None),
            updated_at: Set(created),
            assigned_at: Set(None),
            ack_due_at: Set(None),
            resolve_due_at: Set(None),
            acknowledged_at: Set(None),
            resolved_at: Set(None),
            closed_at: Set(None),
            overdue: Set(false),
            escalated: Set(false),
            ack_notices: Set(0),
            resolve_notices: Set(0),
            paused_at: Set(None),
            fix_check_sent_at: Set(None),
            support_count: Set(0),
            open311_token: Set(None),
            citizen_phone: Set(None),
            citizen_device_id: Set(None),
            citizen_account_id: Set(None),
            media_url: Set(None),
        };
        let mut life = Life {
            id,
            status: Status::Unconfirmed,
            t: created,
            rep: None,
            events: Vec::new(),
            p,
        };
        life.act(Action::Submit, Role::Citizen, None, None);
        let confirm_after = Duration::minutes(self.rng.random_range(5..600));
        let recent = self.now - created < Duration::days(7);
        if (recent && self.rng.random_bool(0.05)) || !life.wait(self.now, confirm_after) {
            life.p.confirm_token_hash = Set(Some(crate::auth::random_token(24)));
            return Generated {
                problem: life.p,
                events: life.events,
                supporters: 0,
            };
        }
        life.act(Action::Confirm, Role::Citizen, None, None);
        life.p.confirmed_at = Set(Some(life.t));
        let key = (region.clone(), cat.to_string());
        let earlier = self.latest.insert(key, id);
        // A few repeat an open problem and are merged by a coordinator.
        if let Some(orig) = earlier
            && self.rng.random_bool(0.02)
            && life.wait(self.now, Duration::minutes(self.rng.random_range(30..2880)))
        {
            let note = format!("Duplicate of {}", crate::services::problem_reference(orig));
            life.act(
                Action::MarkDuplicate,
                Role::Admin,
                Some(self.admin),
                Some(&note),
            );
            life.p.duplicate_of = Set(Some(orig));
            return Generated {
                problem: life.p,
                events: life.events,
                supporters: 0,
            };
        }
        self.route(&mut life, &region, cat);
        self.live(&mut life, &region, cat, election);
        if matches!(life.status, Status::Resolved | Status::Closed) {
            self.release(&mut life);
        }
        let open = !matches!(
            life.status,
            Status::Closed | Status::Duplicate | Status::Resolved
        );
        let supporters = if self.rng.random_bool(if open { 0.05 } else { 0.02 }) {
            self.rng
                .random_range(1..=25u32)
                .min(self.rng.random_range(1..=25))
        } else {
            0
        };
        life.p.support_count = Set(supporters as i32);
        Generated {
            problem: life.p,
            events: life.events,
            supporters,
        }
    }

    fn route(&mut self, life: &mut Life, region: &str, cat: &str) {
        match routing::route(&self.rules, region, cat, &self.open, None) {
            Some(d) => {
                let name = self
                    .names
                    .get(&d.representative_id)
                    .cloned()
                    .unwrap_or_default();
                let note = format!(
                    "Routed to {name} by rule #{} ({})",
                    d.rule_id,
                    d.specificity.describe()
                );
                life.step(
                    Action::Route,
                    Role::System,
                    None,
                    Some(&note),
                    Some(d.representative_id),
                    Some(d.rule_id),
                    None,
                );
                life.p.routing_rule_id = Set(Some(d.rule_id));
                life.p.routing_note = Set(Some(note));
                self.assign(life, cat, d.representative_id);
            }
            None => {
                let note = "No routing rule matches this region and category; the \
                            coordinators will assign it by hand.";
                life.events.push(problem_event::ActiveModel {
                    problem_id: Set(life.id),
                    created_at: Set(life.t),
                    actor_kind: Set(ActorKind::System),
                    action: Set(Action::Route),
                    from_status: Set(Some(Status::New)),
                    to_status: Set(Some(Status::New)),
                    public_note: Set(Some(note.into())),
                    ..Default::default()
                });
                life.p.routing_note = Set(Some(note.into()));
                self.triage(life, region, cat);
            }
        }
    }

    /// A coordinator assigns a problem from the triage queue by hand, some hours later.
    fn triage(&mut self, life: &mut Life, region: &str, cat: &str) {
        let delay = minutes(&mut self.rng, 600.0, 0.8);
        let candidates: Vec<i32> = self
            .by_region
            .get(region)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| Some(*r) != life.rep)
            .collect();
        let Some(&rep) = candidates.choose(&mut self.rng) else {
            return;
        };
        if !life.wait(self.now, delay) {
            return;
        }
        let name = self.names.get(&rep).cloned().unwrap_or_default();
        let note = format!("Assigned by hand to {name}");
        if life.step(
            Action::Assign,
            Role::Admin,
            Some(self.admin),
            Some(&note),
            Some(rep),
            None,
            None,
        ) {
            life.p.routing_rule_id = Set(None);
            life.p.routing_note = Set(Some(note));
            self.assign(life, cat, rep);
        }
    }

    fn live(&mut self, life: &mut Life, region: &str, cat: &str, election: bool) {
        // Elections are answered in hours, everything else in days.
        let base = if election { 1.0 / 16.0 } else { 1.0 };
        for _ in 0..12 {
            let Some(rep) = life.rep else {
                return;
            };
            // Some representatives are much slower than others, and some problems are left
            // to lie: what the dashboards are for.
            let scale = base * (0.5 + f64::from(rep.rem_euclid(7)) * 0.5);
            if matches!(life.status, Status::Acknowledged | Status::InProgress)
                && self.rng.random_bool(0.06)
            {
                return;
            }
            let assigned = match &life.p.assigned_at {
                sea_orm::ActiveValue::Set(Some(t)) => *t,
                _ => life.t,
            };
            let r: f64 = self.rng.random_range(0.0..1.0);
            match life.status {
                Status::Assigned | Status::Reopened
                    if life.status == Status::Assigned && r < 0.07 =>
                {
                    if !life.wait(self.now, minutes(&mut self.rng, 1440.0 * scale, 0.8)) {
                        return;
                    }
                    life.act(
                        Action::Reject,
                        Role::Representative,
                        Some(rep),
                        Some("Outside my competence: this is a matter for the akimat."),
                    );
                    self.release(life);
                    life.p.representative_id = Set(None);
                    life.p.routing_rule_id = Set(None);
                    if !life.wait(self.now, minutes(&mut self.rng, 2880.0, 0.7)) {
                        return;
                    }
                    if self.rng.random_bool(0.5) {
                        life.act(
                            Action::Close,
                            Role::Admin,
                            Some(self.admin),
                            Some("Passed to the akimat, which is responsible for this."),
                        );
                        life.p.closed_at = Set(Some(life.t));
                        return;
                    }
                    self.triage(life, region, cat);
                }
                Status::Assigned => {
                    if !life.wait(self.now, minutes(&mut self.rng, 1800.0 * scale, 1.0)) {
                        return;
                    }
                    let elapsed = (life.t - assigned).num_seconds();
                    life.step(
                        Action::Acknowledge,
                        Role::Representative,
                        Some(rep),
                        None,
                        None,
                        None,
                        Some(elapsed),
                    );
                    life.p.acknowledged_at = Set(Some(life.t));
                }
                Status::Acknowledged if r < 0.5 => {
                    if !life.wait(self.now, minutes(&mut self.rng, 1440.0 * scale, 0.9)) {
                        return;
                    }
                    life.act(Action::Start, Role::Representative, Some(rep), None);
                }
                Status::Acknowledged | Status::InProgress | Status::Reopened => {
                    if r < 0.15 {
                        if !life.wait(self.now, minutes(&mut self.rng, 2880.0 * scale, 0.8)) {
                            return;
                        }
                        life.act(
                            Action::Comment,
                            Role::Representative,
                            Some(rep),
                            Some("I have sent an inquiry to the responsible department."),
                        );
                    }
                    if !life.wait(self.now, minutes(&mut self.rng, 10_000.0 * scale, 1.0)) {
                        return;
                    }
                    let elapsed = (life.t - assigned).num_seconds();
                    if life.p.acknowledged_at == Set(None) {
                        life.events.push(problem_event::ActiveModel {
                            problem_id: Set(life.id),
                            created_at: Set(life.t),
                            actor_kind: Set(ActorKind::User),
                            actor_user_id: Set(Some(rep)),
                            action: Set(Action::Acknowledge),
                            from_status: Set(Some(life.status)),
                            to_status: Set(Some(life.status)),
                            elapsed_seconds: Set(Some(elapsed)),
                            ..Default::default()
                        });
                        life.p.acknowledged_at = Set(Some(life.t));
                    }
                    life.step(
                        Action::Resolve,
                        Role::Representative,
                        Some(rep),
                        Some("The department has fixed it; please check and tell us."),
                        None,
                        None,
                        Some(elapsed),
                    );
                    life.p.resolved_at = Set(Some(life.t));
                }
                Status::Resolved => {
                    let verdict = self.rng.random_range(0.0..1.0);
                    if verdict < 0.62 {
                        if !life.wait(self.now, minutes(&mut self.rng, 2000.0, 0.8)) {
                            return;
                        }
                        life.act(Action::ConfirmFixed, Role::Citizen, None, None);
                        life.p.closed_at = Set(Some(life.t));
                        return;
                    } else if verdict < 0.80 {
                        if !life.wait(self.now, minutes(&mut self.rng, 2000.0, 0.8)) {
                            return;
                        }
                        life.act(Action::ReportNotFixed, Role::Citizen, None, None);
                        let (_, res) = self.deadlines(cat, life.t);
                        life.p.resolve_due_at = Set(res);
                        life.p.resolved_at = Set(None);
                    } else {
                        // No answer: asked after 3 days, closed 14 days later.
                        if !life.wait(self.now, Duration::days(3)) {
                            return;
                        }
                        life.act(
                            Action::AskFixed,
                            Role::System,
                            None,
                            Some("Asked the citizen whether it is fixed"),
                        );
                        life.p.fix_check_sent_at = Set(Some(life.t));
                        if !life.wait(self.now, Duration::days(14)) {
                            return;
                        }
                        life.act(Action::CloseNoAnswer, Role::System, None, None);
                        life.p.closed_at = Set(Some(life.t));
                        return;
                    }
                }
                _ => return,
            }
        }
    }
}

/// Rows per multi-row INSERT: under SQLite's 32,766 bound parameters.
const PROBLEMS_PER_INSERT: usize = 500;
const EVENTS_PER_INSERT: usize = 2000;
const SUPPORTS_PER_INSERT: usize = 4000;

/// Chunks written at once on PostgreSQL, each on its own connection.
const PARALLEL_WRITERS: usize = 3;

/// The first of `n` consecutive problem ids the demo may write explicitly. On PostgreSQL
/// the sequence is moved past them first, and past any ids a serving process took ahead
/// from it (see `intake::Writer`), so that no submission meanwhile can get one of them.
async fn first_id(st: &AppState, n: u32) -> anyhow::Result<i32> {
    let after = if st.db.get_database_backend() == DbBackend::Postgres {
        let row = st
            .db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT (setval(pg_get_serial_sequence('problems', 'id'), GREATEST( \
                   (SELECT COALESCE(MAX(id), 0) FROM problems), \
                   COALESCE(pg_sequence_last_value( \
                     pg_get_serial_sequence('problems', 'id')::regclass), 0)) + $1) \
                 - $1)::int4 AS after",
                [i64::from(n.max(1)).into()],
            ))
            .await?
            .ok_or_else(|| anyhow::anyhow!("setval answered nothing"))?;
        row.try_get::<i32>("", "after")?
    } else {
        problem::Entity::find()
            .order_by_desc(problem::Column::Id)
            .one(&st.db)
            .await?
            .map_or(0, |p| p.id)
    };
    Ok(after + 1)
}

/// Writes one chunk in one transaction: problems first (events and supports refer to them).
async fn write_chunk(
    db: sea_orm::DatabaseConnection,
    problems: Vec<problem::ActiveModel>,
    events: Vec<problem_event::ActiveModel>,
    supports: Vec<support::ActiveModel>,
) -> Result<(), sea_orm::DbErr> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Postgres {
        // Demo data: a crash loses the last chunks, not consistency.
        txn.execute_unprepared("SET LOCAL synchronous_commit = off")
            .await?;
    }
    for rows in problems.chunks(PROBLEMS_PER_INSERT) {
        problem::Entity::insert_many(rows.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for rows in events.chunks(EVENTS_PER_INSERT) {
        problem_event::Entity::insert_many(rows.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for rows in supports.chunks(SUPPORTS_PER_INSERT) {
        support::Entity::insert_many(rows.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

fn progress(done: u64, total: u64, events: u64, started: Instant) {
    let width = 30;
    let filled = (done * width / total.max(1)) as usize;
    eprint!(
        "\r[{}{}] {:>3}% {done}/{total} problems, {events} events, {:.0} s ",
        "#".repeat(filled),
        ".".repeat(width as usize - filled),
        done * 100 / total.max(1),
        started.elapsed().as_secs_f64()
    );
}

/// Fills the database with the demo's people and `n` problems with their histories over
/// the past year (90 days for small demos), written with multi-row inserts; then the
/// deadline sweep and the citizen check run once, as the scheduler would have by now.
pub async fn fill(st: &AppState, n: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let start_outbox = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .one(&st.db)
        .await?
        .map_or(0, |o| o.id);
    let reps = people(st).await?;
    let now = st.clock.now();
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq("admin@demo.example.kz"))
        .one(&st.db)
        .await?
        .map_or(0, |u| u.id);
    let rules: Vec<Rule> = routing_rule::Entity::find()
        .all(&st.db)
        .await?
        .into_iter()
        .map(Rule::from)
        .collect();
    let mut by_region: HashMap<String, Vec<i32>> = HashMap::new();
    for (id, _, region) in &reps {
        by_region.entry(region.clone()).or_default().push(*id);
    }
    let first_id = first_id(st, n).await?;
    let mut sim = Simulator {
        st,
        reference: st.reference(),
        rules,
        names: reps
            .iter()
            .map(|(id, name, _)| (*id, name.clone()))
            .collect(),
        by_region,
        open: HashMap::new(),
        latest: HashMap::new(),
        admin,
        now,
        span_minutes: if n >= 5000 { 365 } else { 90 } * 24 * 60,
        rng: rand::rng(),
    };
    let total = u64::from(n);
    let show = total >= 1000;
    let mut events_written = 0u64;
    let mut supporters_written = 0u64;
    let mut done = 0u64;
    let chunk = PROBLEMS_PER_INSERT * 4;
    let mut writers = tokio::task::JoinSet::new();
    // SQLite has one writer at a time.
    let parallel = if st.db.get_database_backend() == DbBackend::Postgres {
        PARALLEL_WRITERS
    } else {
        1
    };
    while done < total {
        let take = (total - done).min(chunk as u64);
        let mut problems = Vec::with_capacity(take as usize);
        let mut events = Vec::new();
        let mut supports = Vec::new();
        for k in 0..take {
            let i = done + k;
            let id = first_id + i32::try_from(i)?;
            let g = sim.generate(id, i);
            events.extend(g.events);
            for s in 0..g.supporters {
                let at = match &g.problem.confirmed_at {
                    sea_orm::ActiveValue::Set(Some(t)) => *t + Duration::hours(i64::from(s) + 1),
                    _ => now,
                }
                .min(now);
                supports.push(support::ActiveModel {
                    problem_id: Set(id),
                    email: Set(format!("supporter{s}.{i}@demo.example.kz")),
                    notify: Set(false),
                    confirm_token_hash: Set(None),
                    created_at: Set(at),
                    confirmed_at: Set(Some(at)),
                    ..Default::default()
                });
            }
            problems.push(g.problem);
        }
        events_written += events.len() as u64;
        supporters_written += supports.len() as u64;
        // Written while the next chunk is generated, a few chunks at once on their own
        // connections: the database, not the generator, is the bottleneck.
        while writers.len() >= parallel {
            writers.join_next().await.expect("a writer")??;
        }
        writers.spawn(write_chunk(st.db.clone(), problems, events, supports));
        done += take;
        if show {
            progress(done, total, events_written, started);
        }
    }
    while let Some(w) = writers.join_next().await {
        w??;
    }
    if show {
        eprintln!();
    }
    let written = started.elapsed();
    // What the scheduled jobs would have done by now: overdue marks, escalations, and the
    // citizens asked whether their resolved problems are fixed.
    let swept = crate::services::sla::sweep(st, now).await?;
    let checked = crate::services::sla::citizen_check(st, now).await?;
    println!("deadlines: {swept}; citizen check: {checked}");
    outbox::Entity::delete_many()
        .filter(outbox::Column::Id.gt(start_outbox))
        .exec(&st.db)
        .await?;
    println!(
        "demo data ready: {n} problems, {events_written} events, {supporters_written} supporters, \
         {} representatives in {:.1} s (written in {:.1} s); sign in as admin@demo.example.kz \
         (the login link is written to the mail folder or sent over SMTP)",
        reps.len(),
        started.elapsed().as_secs_f64(),
        written.as_secs_f64()
    );
    Ok(())
}
