//! What people do to a problem after confirmation: representatives' and coordinators'
//! actions and the citizen's answers (routing is in `assignment`). Each change is one transaction: the
//! status (guarded against concurrent changes), its event and its mails.

use crate::app::AppState;
use crate::auth::{CurrentUser, UserRole};
use crate::domain::event_note::EventNote;
use crate::domain::input::NOTE;
use crate::domain::lifecycle::{self, Outcome, Step};
use crate::domain::state::{ActorKind, Verdict};
use crate::domain::status::{Action, Relation, Role, Status, Transition, decide};
use crate::entities::{problem, problem_event, user};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::services::assignment::{deadlines_for, route};
use crate::services::{notify, problem_reference};
use chrono::{DateTime, Utc};
mod verify;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, TransactionTrait,
};
pub use verify::verify;

/// Who caused an event.
#[derive(Clone, Copy, Debug)]
pub enum Actor {
    Citizen,
    User(i32),
    System,
    /// The accredited observer (a user id) filing their own report (issue 20).
    Observer(i32),
}

impl Actor {
    /// The event's `actor_kind` and `actor_user_id` columns.
    pub fn columns(&self) -> (ActorKind, Option<i32>) {
        match *self {
            Actor::Citizen => (ActorKind::Citizen, None),
            Actor::User(id) => (ActorKind::User, Some(id)),
            Actor::System => (ActorKind::System, None),
            Actor::Observer(id) => (ActorKind::Observer, Some(id)),
        }
    }
}

/// One row of a problem's timeline.
pub struct EventRow<'a> {
    pub problem_id: i32,
    pub now: DateTime<Utc>,
    pub actor: Actor,
    pub action: Action,
    pub from: Option<Status>,
    pub to: Option<Status>,
    pub public_note: Option<&'a str>,
    pub internal_note: Option<&'a str>,
    pub representative_id: Option<i32>,
    pub routing_rule_id: Option<i32>,
    /// For acknowledgements and resolutions: seconds since the assignment.
    pub elapsed_seconds: Option<i64>,
    /// What the service itself says about the event, in every reader's language.
    pub system_note: Option<&'a EventNote>,
}

impl EventRow<'_> {
    /// The event's row (its id is given when written).
    pub fn model(&self) -> problem_event::Model {
        let (kind, uid) = self.actor.columns();
        problem_event::Model {
            id: 0,
            problem_id: self.problem_id,
            created_at: self.now,
            actor_kind: kind,
            actor_user_id: uid,
            action: self.action,
            from_status: self.from,
            to_status: self.to,
            public_note: self.public_note.map(Into::into),
            internal_note: self.internal_note.map(Into::into),
            representative_id: self.representative_id,
            routing_rule_id: self.routing_rule_id,
            elapsed_seconds: self.elapsed_seconds,
            note_key: self.system_note.map(|n| n.key.to_string()),
            note_args: self.system_note.map(EventNote::encoded_args),
        }
    }
}

/// Writes an event, and its entry in the public ledger when it is public.
pub async fn record(db: &impl ConnectionTrait, e: EventRow<'_>) -> Result<(), sea_orm::DbErr> {
    record_many(db, vec![e.model()]).await
}

/// Timeline rows written per statement.
const EVENTS_PER_INSERT: usize = 500;

/// Writes events (their ids are given by the database), and the public ones' entries in
/// the public ledger, in the caller's transaction: every event passes through here, so
/// none can skip the log. (The one exception, PostgreSQL's one-statement submission in
/// `intake::postgres`, writes only the filing, which is never public.)
pub async fn record_many(
    db: &impl ConnectionTrait,
    events: Vec<problem_event::Model>,
) -> Result<(), sea_orm::DbErr> {
    for chunk in events.chunks(EVENTS_PER_INSERT) {
        let rows = chunk.iter().map(|e| {
            let mut row: problem_event::ActiveModel = e.clone().into();
            row.id = NotSet;
            row
        });
        problem_event::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    crate::services::ledger::append_events(db, &events).await
}

/// The 409 for a problem that another request changed between our read and our write.
pub fn changed_meanwhile() -> AppError {
    AppError::Conflict {
        code: "changed_meanwhile",
        message: "error.conflict.changed_meanwhile".into(),
    }
}

/// Writes `changes` to problem `p` only if its status and its last change are still the
/// ones we read.
pub(crate) async fn guarded_update(
    db: &impl ConnectionTrait,
    p: &problem::Model,
    mut changes: problem::ActiveModel,
    now: DateTime<Utc>,
) -> AppResult<problem::Model> {
    changes.updated_at = Set(now);
    changes.id = NotSet;
    let res = problem::Entity::update_many()
        .set(changes)
        .filter(problem::Column::Id.eq(p.id))
        .filter(problem::Column::Status.eq(p.status))
        .filter(problem::Column::UpdatedAt.eq(p.updated_at))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(changed_meanwhile());
    }
    problem::Entity::find_by_id(p.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What an action's own timeline entry says beyond what the transition itself knows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Said<'a> {
    pub public_note: Option<&'a str>,
    /// For coordinators and monitors only.
    pub internal_note: Option<&'a str>,
    /// The representative the action names (routing, assignment).
    pub representative_id: Option<i32>,
    pub routing_rule_id: Option<i32>,
    /// Why the problem is where it is now (routing, assignment); stored on the problem.
    pub routing_note: Option<&'a str>,
    /// What the service says on the timeline about it (routing, assignment, merging).
    pub system_note: Option<&'a EventNote>,
}

/// Applies an allowed transition to `p` through the status machine's
/// [`lifecycle::apply`]: writes the changed columns (guarded against concurrent changes),
/// the events the transition implies and the action's own event, and returns the updated
/// row and the outcome.
pub(crate) async fn transition(
    db: &impl ConnectionTrait,
    p: &problem::Model,
    action: Action,
    t: &Transition,
    step: &Step,
    actor: Actor,
    said: Said<'_>,
) -> AppResult<(problem::Model, Outcome)> {
    let before = p.tracked();
    let out = lifecycle::apply(&before, action, t, step);
    let mut changes = problem::changes(&before, &out.after);
    if let Some(note) = said.routing_note {
        changes.routing_note = Set(Some(note.to_string()));
    }
    if out.erases_contact {
        for (col, value) in problem::erased_contact(step.now) {
            changes.set(col, value);
        }
    }
    let updated = guarded_update(db, p, changes, step.now).await?;
    let event = |action, from, to, elapsed_seconds| EventRow {
        problem_id: p.id,
        now: step.now,
        actor,
        action,
        from: Some(from),
        to: Some(to),
        public_note: None,
        internal_note: None,
        representative_id: None,
        routing_rule_id: None,
        elapsed_seconds,
        system_note: None,
    };
    for i in &out.implied {
        record(db, event(i.action, i.status, i.status, i.elapsed_seconds)).await?;
    }
    let own = event(action, p.status, out.after.status, out.elapsed_seconds);
    record(
        db,
        EventRow {
            public_note: said.public_note,
            internal_note: said.internal_note,
            representative_id: said.representative_id,
            routing_rule_id: said.routing_rule_id,
            system_note: said.system_note,
            ..own
        },
    )
    .await?;
    Ok((updated, out))
}

/// A user's request to act on a problem (the API's body, or a workspace form).
#[derive(Clone, Debug, Default)]
pub struct ActionRequest {
    pub action: String,
    pub note: Option<String>,
    pub representative_id: Option<i32>,
    pub duplicate_of: Option<i32>,
}

/// How `user` stands to problem `p`.
pub fn relation(user: &CurrentUser, p: &problem::Model) -> Relation {
    Relation {
        is_assignee: user.role == UserRole::Representative && p.representative_id == Some(user.id),
        covers_region: user.acts_in_region(&p.region_code),
    }
}

/// Carries out a representative's or coordinator's action on problem `id`.
#[tracing::instrument(skip_all, fields(problem_id = id, user_id = user.id, action = %req.action))]
pub async fn act(
    st: &AppState,
    user: &CurrentUser,
    id: i32,
    req: ActionRequest,
) -> AppResult<problem::Model> {
    let txn = st.db.begin().await?;
    let updated = act_in(st, &txn, user, id, req).await?;
    txn.commit().await?;
    st.stats.changed();
    st.mail_ready.notify_one();
    Ok(updated)
}

/// [`act`] inside the caller's transaction (a reply by e-mail marks itself carried out in
/// the same one); the caller commits, then calls `st.stats.changed()` and wakes the mail.
pub async fn act_in(
    st: &AppState,
    txn: &DatabaseTransaction,
    user: &CurrentUser,
    id: i32,
    req: ActionRequest,
) -> AppResult<problem::Model> {
    let action = Action::parse_api(&req.action).ok_or_else(|| {
        AppError::field(
            "action",
            "unknown_action",
            Text::key("error.field.one_of")
                .arg("choices", Action::API.map(Action::as_str).join(", ")),
        )
    })?;
    let note = NOTE
        .parse("note", req.note.as_deref(), false)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let note = note.as_deref();
    let now = st.clock.now();
    let p = problem::Entity::find_by_id(id)
        .one(txn)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    let from = p.status;
    let t: Transition = decide(from, action, user.status_role(), relation(user, &p), note)?;
    let mut step = Step::at(now);
    let mut routing_note = None;
    let mut new_rep: Option<user::Model> = None;
    let mut public_note = note;
    let mut internal_note = None;
    let assign_note;
    let mut system_note = None;
    // The original's new count of supporters after a merge: (its id, the count).
    let mut merged = None;
    match action {
        Action::RequestReassign => {
            public_note = None;
            internal_note = note;
        }
        Action::Assign => {
            let rid = req.representative_id.ok_or_else(|| {
                AppError::field(
                    "representative_id",
                    "required",
                    "error.field.required_to_assign",
                )
            })?;
            let rep = user::Entity::find_by_id(rid)
                .one(txn)
                .await?
                .filter(|u| u.active && u.role == UserRole::Representative)
                .ok_or_else(|| {
                    AppError::field(
                        "representative_id",
                        "unknown_representative",
                        Text::key("error.field.not_active_representative")
                            .arg("id", rid.to_string()),
                    )
                })?;
            assign_note = format!("Assigned to {} by a coordinator", rep.name);
            step.handover = Some((rep.id, None));
            step.deadlines = deadlines_for(txn, st, &p, now).await?;
            routing_note = Some(assign_note.as_str());
            system_note =
                Some(EventNote::new("event.assigned").arg("representative", rep.name.clone()));
            internal_note = note;
            public_note = None;
            new_rep = Some(rep);
        }
        Action::MarkDuplicate => {
            let target = req.duplicate_of.ok_or_else(|| {
                AppError::field(
                    "duplicate_of",
                    "required",
                    "error.field.required_for_duplicate",
                )
            })?;
            let original = original_of(txn, target).await?;
            if !relation(user, &original).covers_region {
                return Err(AppError::Forbidden(
                    "error.forbidden.original_outside_regions".into(),
                ));
            }
            if original.id == p.id {
                return Err(AppError::field(
                    "duplicate_of",
                    "self_reference",
                    "error.field.duplicate_of_itself",
                ));
            }
            step.duplicate_of = Some(original.id);
            merged = Some((
                original.id,
                crate::services::support::merge_into(txn, &p, &original, now).await?,
            ));
            // Re-point problems that were duplicates of this one to the original.
            problem::Entity::update_many()
                .col_expr(problem::Column::DuplicateOf, Expr::value(original.id))
                .filter(problem::Column::DuplicateOf.eq(p.id))
                .exec(txn)
                .await?;
            // The coordinator's note stays theirs; the service names the original.
            system_note = Some(
                EventNote::new("event.duplicate").arg("original", problem_reference(original.id)),
            );
        }
        _ => {}
    }
    let said = Said {
        public_note,
        internal_note,
        representative_id: new_rep.as_ref().map(|r| r.id),
        routing_rule_id: None,
        routing_note,
        system_note: system_note.as_ref(),
    };
    let actor = Actor::User(user.id);
    let (updated, _) = transition(txn, &p, action, &t, &step, actor, said).await?;
    // After every row this action changes: on PostgreSQL the ledger's lock is then the
    // last one taken (see `services::ledger`).
    if let Some((original, supporters)) = merged {
        crate::services::ledger::append_support(txn, original, supporters, now).await?;
    }
    let rep_name = match &new_rep {
        Some(r) => Some(r.name.clone()),
        None => match p.representative_id {
            Some(id) => user::Entity::find_by_id(id).one(txn).await?.map(|u| u.name),
            None => None,
        },
    };
    if action.notifies_citizen() {
        notify::citizen_update(
            txn,
            st,
            &updated,
            action.as_str(),
            public_note,
            rep_name.as_deref(),
            now,
        )
        .await?;
    }
    match action {
        Action::Assign => {
            let rep = new_rep.as_ref().expect("assign sets it");
            let says = system_note.as_ref().expect("assign says so");
            notify::assigned(txn, st, &updated, rep, says, now).await?;
            notify::citizen_update(txn, st, &updated, "assign", None, Some(&rep.name), now).await?;
        }
        Action::Reject => {
            notify::triage(txn, st, &updated, Status::Rejected.as_str(), note, now).await?
        }
        Action::RequestReassign => {
            notify::triage(txn, st, &updated, "reassign_requested", note, now).await?;
        }
        _ => {}
    }
    Ok(updated)
}

/// A coordinator's or admin's internal note on problem `id` (a reply by e-mail), inside
/// the caller's transaction: an event only coordinators and monitors see; no status
/// change, nothing public.
pub async fn note_in(
    st: &AppState,
    txn: &DatabaseTransaction,
    user: &CurrentUser,
    id: i32,
    text: &str,
) -> AppResult<problem::Model> {
    let note = NOTE
        .parse("note", Some(text), false)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let p = problem::Entity::find_by_id(id)
        .one(txn)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    let t = decide(
        p.status,
        Action::Note,
        user.status_role(),
        relation(user, &p),
        note.as_deref(),
    )?;
    let said = Said {
        internal_note: note.as_deref(),
        ..Said::default()
    };
    let step = Step::at(st.clock.now());
    let (updated, _) =
        transition(txn, &p, Action::Note, &t, &step, Actor::User(user.id), said).await?;
    Ok(updated)
}

/// Follows `duplicate_of` links to the original problem.
async fn original_of(db: &impl ConnectionTrait, id: i32) -> AppResult<problem::Model> {
    let mut current = id;
    for _ in 0..10 {
        let p = problem::Entity::find_by_id(current)
            .one(db)
            .await?
            .filter(|p| p.status != Status::Unconfirmed)
            .ok_or_else(|| {
                AppError::field(
                    "duplicate_of",
                    "unknown_problem",
                    Text::key("error.field.no_such_problem").arg("id", id.to_string()),
                )
            })?;
        match p.duplicate_of {
            Some(next) if p.status == Status::Duplicate => current = next,
            _ => return Ok(p),
        }
    }
    Err(AppError::field(
        "duplicate_of",
        "duplicate_chain",
        "error.field.duplicate_chain",
    ))
}

/// What the citizen says from the tracking page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CitizenReply {
    /// An answer to the representative's question.
    Answer,
    /// "Yes, it is fixed."
    Fixed,
    /// "No, it is not fixed."
    NotFixed,
    /// "I withdraw my problem" (only while no representative holds it).
    Withdraw,
}

/// Finds a problem by its private tracking token.
pub async fn by_tracking_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> AppResult<problem::Model> {
    if !crate::auth::plausible_token(token) {
        return Err(AppError::NotFound);
    }
    problem::Entity::find()
        .filter(problem::Column::TrackingToken.eq(token))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Carries out the citizen's reply from the tracking page.
#[tracing::instrument(skip_all, fields(reply = ?reply))]
pub async fn citizen_reply(
    st: &AppState,
    token: &str,
    reply: CitizenReply,
    text: Option<&str>,
) -> AppResult<problem::Model> {
    let txn = st.db.begin().await?;
    let p = by_tracking_token(&txn, token).await?;
    let updated = citizen_reply_in(st, &txn, p, reply, text).await?;
    txn.commit().await?;
    st.stats.changed();
    st.mail_ready.notify_one();
    Ok(updated)
}

/// [`citizen_reply`] to problem `p` (read in `txn`) inside the caller's transaction; the
/// caller commits, then calls `st.stats.changed()` and wakes the mail.
pub async fn citizen_reply_in(
    st: &AppState,
    txn: &DatabaseTransaction,
    p: problem::Model,
    reply: CitizenReply,
    text: Option<&str>,
) -> AppResult<problem::Model> {
    let now = st.clock.now();
    let from = p.status;
    let action = match reply {
        CitizenReply::Answer => Action::AnswerQuestion,
        CitizenReply::Fixed => Action::ConfirmFixed,
        CitizenReply::NotFixed => Action::ReportNotFixed,
        CitizenReply::Withdraw => Action::Withdraw,
    };
    let text = NOTE
        .parse("note", text, false)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let text = text.as_deref();
    let rel = Relation {
        is_assignee: false,
        covers_region: false,
    };
    let t = decide(from, action, Role::Citizen, rel, text)?;
    if action == Action::AnswerQuestion && !p.question_pending {
        return Err(AppError::Conflict {
            code: "no_question",
            message: "error.conflict.no_question".into(),
        });
    }
    let mut step = Step::at(now);
    if action == Action::ReportNotFixed {
        step.deadlines = deadlines_for(txn, st, &p, now).await?;
    }
    let said = Said {
        public_note: text,
        ..Said::default()
    };
    let (updated, _) = transition(txn, &p, action, &t, &step, Actor::Citizen, said).await?;
    let news_for_representative = match reply {
        CitizenReply::Answer => Some("answer"),
        CitizenReply::Fixed => Some(Verdict::Fixed.as_str()),
        CitizenReply::NotFixed => Some(Verdict::NotFixed.as_str()),
        // No representative holds it: those who follow it are told, the citizen too (their
        // receipt).
        CitizenReply::Withdraw => None,
    };
    match news_for_representative {
        Some(what) => notify::representative_update(txn, st, &updated, what, text, now).await?,
        None => notify::citizen_update(txn, st, &updated, action.as_str(), None, None, now).await?,
    }
    // Reopened for a representative who has left meanwhile: route it again.
    let updated = match updated.representative_id {
        Some(rep_id) if reply == CitizenReply::NotFixed => {
            let active = user::Entity::find_by_id(rep_id)
                .one(txn)
                .await?
                .is_some_and(|u| u.active);
            if active {
                updated
            } else {
                route(txn, st, updated, Some(rep_id), now).await?
            }
        }
        _ => updated,
    };
    Ok(updated)
}
