//! What a transition does to a problem. [`crate::domain::status::decide`] says whether an
//! action is allowed and which status follows; [`apply`] says what else changes with it —
//! the timestamps, who holds the problem, the deadlines and their notices, the question and
//! reassignment flags, the pause while a question waits, the overdue marks — and which
//! extra timeline events it implies. The workflow service, routing and the demo simulator
//! all go through here, so a rule is written once.

use crate::domain::sla::{self, Level};
use crate::domain::state::{Status, Verdict};
use crate::domain::status::{Action, Transition};
use chrono::{DateTime, Utc};

/// The columns of a problem that its transitions read and write.
#[derive(Clone, Debug, PartialEq)]
pub struct Tracked {
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub representative_id: Option<i32>,
    pub routing_rule_id: Option<i32>,
    pub duplicate_of: Option<i32>,
    pub reassign_requested: bool,
    pub question_pending: bool,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub ack_due_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub escalated: bool,
    pub ack_notices: Level,
    pub resolve_notices: Level,
    pub paused_at: Option<DateTime<Utc>>,
    pub fix_check_sent_at: Option<DateTime<Utc>>,
    /// The deadlines are voting-day paced (see [`Deadlines::voting_day`]).
    pub voting_day_pace: bool,
}

impl Tracked {
    /// A problem just filed: unconfirmed, with nobody and no deadline.
    pub fn filed() -> Tracked {
        Tracked {
            status: Status::Unconfirmed,
            verdict: None,
            representative_id: None,
            routing_rule_id: None,
            duplicate_of: None,
            reassign_requested: false,
            question_pending: false,
            confirmed_at: None,
            assigned_at: None,
            ack_due_at: None,
            resolve_due_at: None,
            acknowledged_at: None,
            resolved_at: None,
            closed_at: None,
            overdue: false,
            escalated: false,
            ack_notices: Level::None,
            resolve_notices: Level::None,
            paused_at: None,
            fix_check_sent_at: None,
            voting_day_pace: false,
        }
    }
}

/// Acknowledge-by and resolve-by for the problem's category, counted from the step's time
/// (the caller works them out with the holiday calendar).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub acknowledge: Option<DateTime<Utc>>,
    pub resolve: Option<DateTime<Utc>>,
    /// Voting-day paced: counted in minutes while an election's polls are open, so the
    /// sweeps remind and escalate in minutes (see `domain::voting_day`).
    pub voting_day: bool,
}

/// What a step needs beyond the action itself.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub now: DateTime<Utc>,
    /// For `route` and `assign`: the representative who takes the problem and the rule
    /// that chose them (none for a coordinator's choice). `route` without one sends the
    /// problem to the triage queue.
    pub handover: Option<(i32, Option<i32>)>,
    /// Fresh deadlines from `now`, for a handover and for a reopening.
    pub deadlines: Deadlines,
    /// For `mark_duplicate`: the original problem.
    pub duplicate_of: Option<i32>,
}

impl Step {
    /// A step at `now` that names nobody and needs no deadline.
    pub fn at(now: DateTime<Utc>) -> Step {
        Step {
            now,
            handover: None,
            deadlines: Deadlines::default(),
            duplicate_of: None,
        }
    }
}

/// A timeline event that a transition implies besides its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Implied {
    pub action: Action,
    /// The status before and after (an implied event does not change it).
    pub status: Status,
    /// Seconds since the assignment, for the figures.
    pub elapsed_seconds: Option<i64>,
}

/// The result of [`apply`].
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The problem after the step.
    pub after: Tracked,
    /// Events to record before the action's own (e.g. the acknowledgement that starting
    /// work or resolving implies).
    pub implied: Vec<Implied>,
    /// The action's own event's `elapsed_seconds` (acknowledgements and resolutions).
    pub elapsed_seconds: Option<i64>,
    /// The step erases the citizen's contact details (to
    /// [`crate::domain::privacy::Contact::erased`]); the tracked columns stay.
    pub erases_contact: bool,
}

/// Seconds from the assignment to `now`.
fn elapsed(before: &Tracked, now: DateTime<Utc>) -> Option<i64> {
    before.assigned_at.map(|a| (now - a).num_seconds().max(0))
}

/// Applies an allowed transition `t` (from `decide`) of `action` to `before`.
pub fn apply(before: &Tracked, action: Action, t: &Transition, step: &Step) -> Outcome {
    let now = step.now;
    let mut after = before.clone();
    let mut implied = Vec::new();
    after.status = t.to;
    if let Some(v) = t.verdict {
        after.verdict = Some(v);
    }
    if t.unassign {
        after.representative_id = None;
        after.routing_rule_id = None;
        after.reassign_requested = false;
        after.question_pending = false;
    }
    // Starting work or resolving acknowledges too: a reopened problem owes a resolution,
    // not an acknowledgement, and the timeline says so, so that it is counted.
    let acknowledges_too = matches!(action, Action::Start | Action::Resolve);
    if acknowledges_too && before.acknowledged_at.is_none() {
        after.acknowledged_at = Some(now);
        implied.push(Implied {
            action: Action::Acknowledge,
            status: before.status,
            elapsed_seconds: elapsed(before, now),
        });
    }
    match action {
        Action::Confirm => after.confirmed_at = Some(now),
        Action::Route | Action::Assign => match step.handover {
            Some((rep, rule)) => hand_over(&mut after, rep, rule, step),
            None => to_triage(&mut after),
        },
        Action::ReturnToTriage => to_triage(&mut after),
        Action::Acknowledge => after.acknowledged_at = Some(now),
        Action::AskCitizen => after.question_pending = true,
        Action::AnswerQuestion => after.question_pending = false,
        Action::RequestReassign => after.reassign_requested = true,
        Action::Resolve => {
            after.resolved_at = Some(now);
            after.question_pending = false;
            after.reassign_requested = false;
            after.fix_check_sent_at = None;
        }
        Action::Close | Action::ConfirmFixed | Action::CloseNoAnswer | Action::Withdraw => {
            after.closed_at = Some(now);
        }
        Action::MarkDuplicate => {
            after.duplicate_of = step.duplicate_of;
            after.closed_at = Some(now);
        }
        Action::ReportNotFixed => {
            // Reopening restarts the resolve-by deadline and its notices.
            after.resolved_at = None;
            after.resolve_due_at = step.deadlines.resolve;
            after.resolve_notices = Level::None;
            after.voting_day_pace = step.deadlines.voting_day;
            after.fix_check_sent_at = None;
        }
        Action::AskFixed => after.fix_check_sent_at = Some(now),
        Action::Submit
        | Action::Start
        | Action::Comment
        | Action::Reject
        | Action::MarkOverdue
        | Action::Escalate
        | Action::EraseContact
        | Action::Note
        | Action::Verify => {}
    }
    settle(before, &mut after, now);
    Outcome {
        after,
        implied,
        elapsed_seconds: match action {
            Action::Acknowledge | Action::Resolve => elapsed(before, now),
            _ => None,
        },
        erases_contact: action == Action::EraseContact,
    }
}

/// The problem goes to `rep` with fresh deadlines: no acknowledgement, question,
/// reassignment request, pause or notice carries over.
fn hand_over(after: &mut Tracked, rep: i32, rule: Option<i32>, step: &Step) {
    after.status = Status::Assigned;
    after.representative_id = Some(rep);
    after.routing_rule_id = rule;
    after.assigned_at = Some(step.now);
    after.ack_due_at = step.deadlines.acknowledge;
    after.resolve_due_at = step.deadlines.resolve;
    after.voting_day_pace = step.deadlines.voting_day;
    after.acknowledged_at = None;
    after.reassign_requested = false;
    after.question_pending = false;
    after.paused_at = None;
    after.ack_notices = Level::None;
    after.resolve_notices = Level::None;
}

/// Nobody holds the problem: back to the coordinators' triage queue, without deadlines.
fn to_triage(after: &mut Tracked) {
    after.status = Status::New;
    after.representative_id = None;
    after.routing_rule_id = None;
    after.ack_due_at = None;
    after.resolve_due_at = None;
    after.voting_day_pace = false;
}

/// Keeps the deadline bookkeeping true to a change: the deadlines stand still while a
/// question waits for the citizen (paused when it is asked, moved on by the pause when it
/// is answered or dropped), and `overdue`/`escalated` follow what the representative still
/// owes.
pub fn settle(before: &Tracked, after: &mut Tracked, now: DateTime<Utc>) {
    if after.paused_at == before.paused_at {
        match (before.paused_at, after.question_pending) {
            (None, true) => after.paused_at = Some(now),
            (Some(since), false) => {
                after.paused_at = None;
                if after.ack_due_at == before.ack_due_at {
                    after.ack_due_at = sla::resume(before.ack_due_at, since, now);
                }
                if after.resolve_due_at == before.resolve_due_at {
                    after.resolve_due_at = sla::resume(before.resolve_due_at, since, now);
                }
            }
            _ => {}
        }
    }
    (after.overdue, after.escalated) = if after.status.is_with_representative() {
        sla::flags(&sla::Clocks {
            assigned_at: after.assigned_at,
            ack_due: after.ack_due_at,
            acknowledged: after.acknowledged_at.is_some(),
            ack_level: after.ack_notices,
            resolve_due: after.resolve_due_at,
            resolve_level: after.resolve_notices,
            paused: after.paused_at.is_some(),
        })
    } else {
        (false, false)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::{Relation, Role, decide};
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap()
    }

    fn step(before: &Tracked, action: Action, role: Role, s: Step) -> Outcome {
        let rel = Relation {
            is_assignee: true,
            covers_region: true,
        };
        let t = decide(before.status, action, role, rel, Some("note")).expect("allowed");
        apply(before, action, &t, &s)
    }

    fn assigned() -> Tracked {
        let mut p = Tracked::filed();
        p.status = Status::New;
        let s = Step {
            handover: Some((7, Some(3))),
            deadlines: Deadlines {
                acknowledge: Some(t0() + Duration::days(2)),
                resolve: Some(t0() + Duration::days(10)),
                voting_day: false,
            },
            ..Step::at(t0())
        };
        step(&p, Action::Route, Role::System, s).after
    }

    #[test]
    fn routing_hands_over_with_fresh_deadlines() {
        let p = assigned();
        assert_eq!(p.status, Status::Assigned);
        assert_eq!((p.representative_id, p.routing_rule_id), (Some(7), Some(3)));
        assert_eq!(p.assigned_at, Some(t0()));
        assert_eq!(p.ack_due_at, Some(t0() + Duration::days(2)));
        assert_eq!(p.resolve_due_at, Some(t0() + Duration::days(10)));
        assert!(!p.overdue);
    }

    #[test]
    fn routing_without_a_representative_leaves_it_in_triage() {
        let mut p = Tracked::filed();
        p.status = Status::New;
        let out = step(&p, Action::Route, Role::System, Step::at(t0()));
        assert_eq!(out.after.status, Status::New);
        assert_eq!(out.after.representative_id, None);
    }

    #[test]
    fn resolving_unacknowledged_acknowledges_too_and_says_so() {
        let p = assigned();
        let now = t0() + Duration::hours(5);
        let out = step(&p, Action::Resolve, Role::Representative, Step::at(now));
        assert_eq!(out.after.status, Status::Resolved);
        assert_eq!(out.after.acknowledged_at, Some(now));
        assert_eq!(out.after.resolved_at, Some(now));
        assert_eq!(
            out.implied,
            [Implied {
                action: Action::Acknowledge,
                status: Status::Assigned,
                elapsed_seconds: Some(5 * 3600),
            }]
        );
        assert_eq!(out.elapsed_seconds, Some(5 * 3600));
    }

    #[test]
    fn starting_after_an_acknowledgement_implies_nothing() {
        let p = assigned();
        let acked = step(
            &p,
            Action::Acknowledge,
            Role::Representative,
            Step::at(t0() + Duration::hours(1)),
        );
        assert_eq!(acked.elapsed_seconds, Some(3600));
        let started = step(
            &acked.after,
            Action::Start,
            Role::Representative,
            Step::at(t0() + Duration::hours(2)),
        );
        assert!(started.implied.is_empty());
        assert_eq!(
            started.after.acknowledged_at,
            Some(t0() + Duration::hours(1))
        );
    }

    #[test]
    fn a_question_pauses_the_deadlines_and_the_answer_moves_them_on() {
        let p = assigned();
        let asked = step(
            &p,
            Action::AskCitizen,
            Role::Representative,
            Step::at(t0() + Duration::hours(1)),
        )
        .after;
        assert_eq!(asked.paused_at, Some(t0() + Duration::hours(1)));
        let answered = step(
            &asked,
            Action::AnswerQuestion,
            Role::Citizen,
            Step::at(t0() + Duration::hours(25)),
        )
        .after;
        assert_eq!(answered.paused_at, None);
        assert!(!answered.question_pending);
        assert_eq!(answered.ack_due_at, Some(t0() + Duration::days(3)));
        assert_eq!(answered.resolve_due_at, Some(t0() + Duration::days(11)));
    }

    #[test]
    fn reopening_restarts_the_resolve_deadline_and_its_notices() {
        let mut p = assigned();
        p.resolve_notices = Level::Passed;
        let resolved = step(
            &p,
            Action::Resolve,
            Role::Representative,
            Step::at(t0() + Duration::days(12)),
        )
        .after;
        let now = t0() + Duration::days(13);
        let reopened = step(
            &resolved,
            Action::ReportNotFixed,
            Role::Citizen,
            Step {
                deadlines: Deadlines {
                    acknowledge: None,
                    resolve: Some(now + Duration::days(10)),
                    voting_day: false,
                },
                ..Step::at(now)
            },
        )
        .after;
        assert_eq!(
            (reopened.status, reopened.verdict),
            (Status::Reopened, Some(Verdict::NotFixed))
        );
        assert_eq!(reopened.resolved_at, None);
        assert_eq!(reopened.resolve_due_at, Some(now + Duration::days(10)));
        assert_eq!(reopened.resolve_notices, Level::None);
        assert!(!reopened.overdue);
    }

    #[test]
    fn leaving_the_representative_clears_the_overdue_marks() {
        let mut p = assigned();
        p.ack_notices = Level::Escalated;
        p.overdue = true;
        p.escalated = true;
        let rejected = step(
            &p,
            Action::Reject,
            Role::Representative,
            Step::at(t0() + Duration::days(6)),
        )
        .after;
        assert_eq!(rejected.status, Status::Rejected);
        assert_eq!(rejected.representative_id, None);
        assert!(!rejected.overdue && !rejected.escalated);
    }

    #[test]
    fn returning_to_triage_drops_what_was_owed_to_the_representative() {
        let mut p = assigned();
        p.question_pending = true;
        p.reassign_requested = true;
        p.paused_at = Some(t0() + Duration::hours(1));
        let back = step(
            &p,
            Action::ReturnToTriage,
            Role::System,
            Step::at(t0() + Duration::hours(2)),
        )
        .after;
        assert_eq!(back.status, Status::New);
        assert_eq!((back.representative_id, back.ack_due_at), (None, None));
        // Nobody is left to answer a question for or to reassign from: the citizen is not
        // offered an answer that the status machine would then refuse.
        assert!(!back.question_pending && !back.reassign_requested);
        assert_eq!(back.paused_at, None);
    }

    #[test]
    fn withdrawing_a_rejected_problem_closes_it_with_nothing_left_owed() {
        let mut p = assigned();
        p.overdue = true;
        let rejected = step(
            &p,
            Action::Reject,
            Role::Representative,
            Step::at(t0() + Duration::days(1)),
        )
        .after;
        let now = t0() + Duration::days(2);
        let out = step(&rejected, Action::Withdraw, Role::Citizen, Step::at(now));
        assert_eq!(
            (out.after.status, out.after.verdict, out.after.closed_at),
            (Status::Closed, Some(Verdict::Withdrawn), Some(now))
        );
        assert_eq!(out.after.representative_id, None);
        assert!(!out.after.overdue && !out.after.escalated);
        assert!(out.implied.is_empty() && !out.erases_contact);
    }

    #[test]
    fn erasing_the_contact_details_changes_nothing_the_status_machine_tracks() {
        let p = assigned();
        let out = step(
            &p,
            Action::EraseContact,
            Role::Citizen,
            Step::at(t0() + Duration::hours(4)),
        );
        assert!(out.erases_contact);
        assert_eq!(out.after, p);
        assert!(out.implied.is_empty());
    }

    #[test]
    fn closing_and_merging_record_when() {
        let mut p = Tracked::filed();
        p.status = Status::New;
        let now = t0() + Duration::hours(3);
        let merged = step(
            &p,
            Action::MarkDuplicate,
            Role::Admin,
            Step {
                duplicate_of: Some(42),
                ..Step::at(now)
            },
        )
        .after;
        assert_eq!(merged.status, Status::Duplicate);
        assert_eq!(
            (merged.duplicate_of, merged.closed_at),
            (Some(42), Some(now))
        );
    }
}
