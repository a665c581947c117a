//! Problems' lives, simulated with the service's own rules: the status machine decides
//! every step and [`lifecycle::apply`] does what the step does (as in real use), routing
//! rules choose the representative (fewest open first), deadlines follow the categories
//! and the holiday calendar, and every step lies in the past.

use super::fixtures::{NAMES, PROBLEMS};
use crate::app::AppState;
use crate::domain::lifecycle::{self, Deadlines, Step, Tracked};
use crate::domain::routing::{self, Rule};
use crate::domain::state::ActorKind;
use crate::domain::status::{Action, Relation, Role, Status, decide};
use crate::entities::{problem, problem_event};
use crate::services::reference::Reference;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use sea_orm::ActiveValue::Set;
use std::collections::HashMap;
use std::sync::Arc;

/// One generated problem: its row and its events.
pub(super) struct Generated {
    pub problem: problem::Model,
    pub events: Vec<problem_event::ActiveModel>,
    pub supporters: u32,
}

/// The simulation's world: the rules, who holds how many open problems, and the clock.
pub(super) struct Simulator<'a> {
    pub st: &'a AppState,
    pub reference: Arc<Reference>,
    pub rules: Vec<Rule>,
    pub names: HashMap<i32, String>,
    pub by_region: HashMap<String, Vec<i32>>,
    pub open: HashMap<i32, u64>,
    /// The latest problem per (region, category): what a duplicate duplicates.
    pub latest: HashMap<(String, String), i32>,
    pub admin: i32,
    pub now: DateTime<Utc>,
    pub span_minutes: i64,
    pub rng: rand::rngs::ThreadRng,
}

/// Where a simulated problem stands.
pub(super) struct Life {
    pub row: problem::Model,
    pub state: Tracked,
    pub t: DateTime<Utc>,
    pub events: Vec<problem_event::ActiveModel>,
}

/// What a step names besides the action.
#[derive(Default)]
pub(super) struct With<'a> {
    pub note: Option<&'a str>,
    pub actor: Option<i32>,
    pub handover: Option<(i32, Option<i32>)>,
    pub deadlines: Deadlines,
    pub duplicate_of: Option<i32>,
}

impl Life {
    /// Takes `action` as `role` if the status machine allows it; false otherwise.
    pub(super) fn step(&mut self, action: Action, role: Role, w: With<'_>) -> bool {
        let rel = Relation {
            is_assignee: true,
            covers_region: true,
        };
        let Ok(t) = decide(self.state.status, action, role, rel, w.note) else {
            return false;
        };
        let step = Step {
            now: self.t,
            handover: w.handover,
            deadlines: w.deadlines,
            duplicate_of: w.duplicate_of,
        };
        let out = lifecycle::apply(&self.state, action, &t, &step);
        let kind = match role {
            Role::Citizen => ActorKind::Citizen,
            Role::System => ActorKind::System,
            _ => ActorKind::User,
        };
        for i in &out.implied {
            self.push(kind, w.actor, i.action, Some(i.status), i.status, None);
            self.events.last_mut().expect("pushed").elapsed_seconds = Set(i.elapsed_seconds);
        }
        self.push(
            kind,
            w.actor,
            action,
            Some(self.state.status),
            out.after.status,
            w.note,
        );
        let e = self.events.last_mut().expect("pushed");
        e.representative_id = Set(w.handover.map(|h| h.0));
        e.routing_rule_id = Set(w.handover.and_then(|h| h.1));
        e.elapsed_seconds = Set(out.elapsed_seconds);
        self.state = out.after;
        self.row.updated_at = self.t;
        true
    }

    pub(super) fn push(
        &mut self,
        kind: ActorKind,
        actor: Option<i32>,
        action: Action,
        from: Option<Status>,
        to: Status,
        note: Option<&str>,
    ) {
        self.events.push(problem_event::ActiveModel {
            problem_id: Set(self.row.id),
            created_at: Set(self.t),
            actor_kind: Set(kind),
            actor_user_id: Set(actor),
            action: Set(action),
            from_status: Set(from),
            to_status: Set(Some(to)),
            public_note: Set(note.map(Into::into)),
            internal_note: Set(None),
            representative_id: Set(None),
            routing_rule_id: Set(None),
            elapsed_seconds: Set(None),
            ..Default::default()
        });
    }

    /// A step that names nobody and needs no deadline.
    pub(super) fn act(
        &mut self,
        action: Action,
        role: Role,
        actor: Option<i32>,
        note: Option<&str>,
    ) -> bool {
        let w = With {
            note,
            actor,
            ..With::default()
        };
        self.step(action, role, w)
    }

    /// Advances the problem's clock by `d`; false (and the problem stays as it is) when
    /// that would be after `now`.
    pub(super) fn wait(&mut self, now: DateTime<Utc>, d: Duration) -> bool {
        if self.t + d >= now {
            return false;
        }
        self.t += d;
        true
    }

    pub(super) fn finish(mut self, supporters: u32) -> Generated {
        self.row.set_tracked(&self.state);
        self.row.support_count = supporters as i32;
        Generated {
            problem: self.row,
            events: self.events,
            supporters,
        }
    }
}

pub(super) fn minutes(rng: &mut impl Rng, median: f64, spread: f64) -> Duration {
    // Log-normal-ish: most answers come around the median, some take much longer.
    let z: f64 = (0..4).map(|_| rng.random_range(-1.0..1.0)).sum::<f64>() * 0.87;
    Duration::minutes((median * (spread * z).exp()).clamp(1.0, 400.0 * 1440.0) as i64)
}

impl Simulator<'_> {
    /// The category's deadlines counted from `t`, as the service would set them.
    fn deadlines(&self, category: &str, t: DateTime<Utc>) -> Deadlines {
        crate::services::assignment::deadlines(self.st, category, t)
    }

    /// Counts a problem as open with `rep` (the router balances by it).
    fn hold(&mut self, rep: i32) {
        *self.open.entry(rep).or_default() += 1;
    }

    pub(super) fn release(&mut self, rep: Option<i32>) {
        if let Some(n) = rep.and_then(|r| self.open.get_mut(&r)) {
            *n = n.saturating_sub(1);
        }
    }

    pub(super) fn generate(&mut self, id: i32, i: u64) -> Generated {
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
        let first_name = NAMES[rng.random_range(0..NAMES.len())]
            .split(' ')
            .next()
            .unwrap_or("");
        let mut row = problem::Model::filed(problem::Filing {
            title: title.into(),
            description: desc.into(),
            category_code: cat.into(),
            region_code: region.clone(),
            address: None,
            location: None,
            citizen_email: format!("citizen{i}@demo.example.kz"),
            citizen_name: Some(first_name.into()),
            anonymous: rng.random_bool(0.3),
            tracking_token: crate::auth::random_token(24),
            confirm_token_hash: None,
            created_at: created,
            open311_token: None,
            citizen_phone: None,
            citizen_device_id: None,
            citizen_account_id: None,
            media_url: None,
            consent_version: crate::domain::privacy::CONSENT_VERSION.into(),
            language: ["kk", "ru", "ru", "en"][rng.random_range(0..4)],
            election_id: None,
            polling_station: None,
            observer_id: None,
        });
        row.id = id;
        let mut life = Life {
            state: row.tracked(),
            row,
            t: created,
            events: Vec::new(),
        };
        // Filed as the intake files it: the first event has no earlier status.
        life.push(
            ActorKind::Citizen,
            None,
            Action::Submit,
            None,
            Status::Unconfirmed,
            None,
        );
        let confirm_after = Duration::minutes(self.rng.random_range(5..600));
        let recent = self.now - created < Duration::days(7);
        if (recent && self.rng.random_bool(0.05)) || !life.wait(self.now, confirm_after) {
            life.row.confirm_token_hash = Some(crate::auth::random_token(24));
            return life.finish(0);
        }
        life.act(Action::Confirm, Role::Citizen, None, None);
        let earlier = self.latest.insert((region.clone(), cat.to_string()), id);
        // A few repeat an open problem and are merged by a coordinator.
        if let Some(orig) = earlier
            && self.rng.random_bool(0.02)
            && life.wait(self.now, Duration::minutes(self.rng.random_range(30..2880)))
        {
            let note = format!("Duplicate of {}", crate::services::problem_reference(orig));
            let w = With {
                note: Some(&note),
                actor: Some(self.admin),
                duplicate_of: Some(orig),
                ..With::default()
            };
            life.step(Action::MarkDuplicate, Role::Admin, w);
            return life.finish(0);
        }
        self.route(&mut life, &region, cat);
        self.live(&mut life, &region, cat, election);
        if matches!(life.state.status, Status::Resolved | Status::Closed) {
            self.release(life.state.representative_id);
        }
        let supporters = if self.rng.random_bool(if life.state.status.is_open() {
            0.05
        } else {
            0.02
        }) {
            self.rng
                .random_range(1..=25u32)
                .min(self.rng.random_range(1..=25))
        } else {
            0
        };
        life.finish(supporters)
    }

    pub(super) fn route(&mut self, life: &mut Life, region: &str, cat: &str) {
        match routing::route(&self.rules, region, None, cat, &self.open, None) {
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
                let w = With {
                    note: Some(&note),
                    handover: Some((d.representative_id, Some(d.rule_id))),
                    deadlines: self.deadlines(cat, life.t),
                    ..With::default()
                };
                if life.step(Action::Route, Role::System, w) {
                    life.row.routing_note = Some(note);
                    self.hold(d.representative_id);
                }
            }
            None => {
                let note = "No routing rule matches this region and category; the \
                            coordinators will assign it by hand.";
                life.act(Action::Route, Role::System, None, Some(note));
                life.row.routing_note = Some(note.into());
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
            .filter(|r| Some(*r) != life.state.representative_id)
            .collect();
        let Some(&rep) = candidates.choose(&mut self.rng) else {
            return;
        };
        if !life.wait(self.now, delay) {
            return;
        }
        let name = self.names.get(&rep).cloned().unwrap_or_default();
        let note = format!("Assigned by hand to {name}");
        let w = With {
            note: Some(&note),
            actor: Some(self.admin),
            handover: Some((rep, None)),
            deadlines: self.deadlines(cat, life.t),
            ..With::default()
        };
        if life.step(Action::Assign, Role::Admin, w) {
            life.row.routing_note = Some(note);
            self.hold(rep);
        }
    }
}

impl Simulator<'_> {
    /// The representative's and the citizen's part: acknowledging, starting, commenting,
    /// resolving or rejecting, then the citizen's verdict (or none).
    pub(super) fn live(&mut self, life: &mut Life, region: &str, cat: &str, election: bool) {
        // Elections are answered in hours, everything else in days.
        let base = if election { 1.0 / 16.0 } else { 1.0 };
        for _ in 0..12 {
            let Some(rep) = life.state.representative_id else {
                return;
            };
            // Some representatives are much slower than others, and some problems are left
            // to lie: what the dashboards are for.
            let scale = base * (0.5 + f64::from(rep.rem_euclid(7)) * 0.5);
            let status = life.state.status;
            if matches!(status, Status::Acknowledged | Status::InProgress)
                && self.rng.random_bool(0.06)
            {
                return;
            }
            let r: f64 = self.rng.random_range(0.0..1.0);
            let rep_acts = |life: &mut Life, action: Action, note: Option<&str>| {
                life.act(action, Role::Representative, Some(rep), note)
            };
            match status {
                Status::Assigned if r < 0.07 => {
                    if !life.wait(self.now, minutes(&mut self.rng, 1440.0 * scale, 0.8)) {
                        return;
                    }
                    let why = "Outside my competence: this is a matter for the akimat.";
                    rep_acts(life, Action::Reject, Some(why));
                    self.release(Some(rep));
                    if !life.wait(self.now, minutes(&mut self.rng, 2880.0, 0.7)) {
                        return;
                    }
                    if self.rng.random_bool(0.5) {
                        let why = "Passed to the akimat, which is responsible for this.";
                        life.act(Action::Close, Role::Admin, Some(self.admin), Some(why));
                        return;
                    }
                    self.triage(life, region, cat);
                }
                Status::Assigned => {
                    if !life.wait(self.now, minutes(&mut self.rng, 1800.0 * scale, 1.0)) {
                        return;
                    }
                    rep_acts(life, Action::Acknowledge, None);
                }
                Status::Acknowledged if r < 0.5 => {
                    if !life.wait(self.now, minutes(&mut self.rng, 1440.0 * scale, 0.9)) {
                        return;
                    }
                    rep_acts(life, Action::Start, None);
                }
                Status::Acknowledged | Status::InProgress | Status::Reopened => {
                    if r < 0.15 {
                        if !life.wait(self.now, minutes(&mut self.rng, 2880.0 * scale, 0.8)) {
                            return;
                        }
                        let note = "I have sent an inquiry to the responsible department.";
                        rep_acts(life, Action::Comment, Some(note));
                    }
                    if !life.wait(self.now, minutes(&mut self.rng, 10_000.0 * scale, 1.0)) {
                        return;
                    }
                    let note = "The department has fixed it; please check and tell us.";
                    rep_acts(life, Action::Resolve, Some(note));
                }
                Status::Resolved => {
                    if !self.verdict(life, cat) {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    /// The citizen's answer to a resolution; false when the problem's story ends here.
    fn verdict(&mut self, life: &mut Life, cat: &str) -> bool {
        let verdict = self.rng.random_range(0.0..1.0);
        if verdict < 0.62 {
            if life.wait(self.now, minutes(&mut self.rng, 2000.0, 0.8)) {
                life.act(Action::ConfirmFixed, Role::Citizen, None, None);
            }
            false
        } else if verdict < 0.80 {
            if !life.wait(self.now, minutes(&mut self.rng, 2000.0, 0.8)) {
                return false;
            }
            let w = With {
                deadlines: self.deadlines(cat, life.t),
                ..With::default()
            };
            life.step(Action::ReportNotFixed, Role::Citizen, w)
        } else {
            // No answer: asked after 3 days, closed 14 days later.
            if !life.wait(self.now, Duration::days(3)) {
                return false;
            }
            let note = "Asked the citizen whether it is fixed";
            life.act(Action::AskFixed, Role::System, None, Some(note));
            if life.wait(self.now, Duration::days(14)) {
                life.act(Action::CloseNoAnswer, Role::System, None, None);
            }
            false
        }
    }
}
