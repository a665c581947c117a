//! The problem status machine: every allowed transition, who may make it and what it
//! requires. The service layer asks [`decide`] before it changes anything.

use super::state::stored_names;
pub use super::state::{Status, Verdict};
use crate::i18n::Text;
use std::fmt;

/// Who is acting, as far as the status machine cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The citizen who filed the problem, through the private tracking link.
    Citizen,
    /// A representative; [`Relation`] tells whether it is the assigned one.
    Representative,
    /// A coordinator of the problem's region.
    Coordinator,
    /// An admin: may do everything a coordinator may, in every region.
    Admin,
    /// Read-only observer.
    Monitor,
    /// An accredited election observer; [`Relation::covers_region`] tells whether the
    /// problem is in their scope (they may verify election reports there).
    Observer,
    /// The service itself (routing on confirmation, jobs).
    System,
}

stored_names! {
    /// Everything that can happen to a problem: also the `action` (event kind) of its
    /// timeline rows.
    Action {
        /// The citizen filed the problem (it starts `unconfirmed`).
        Submit => "submit",
        /// The citizen followed the confirmation link.
        Confirm => "confirm",
        /// The service routed the problem by the rules (or re-routed it).
        Route => "route",
        /// The service sent the problem back to triage: its representative left and no other
        /// rule matches.
        ReturnToTriage => "return_to_triage",
        Acknowledge => "acknowledge",
        Start => "start",
        Comment => "comment",
        AskCitizen => "ask_citizen",
        /// The citizen answered the representative's question.
        AnswerQuestion => "answer_question",
        Resolve => "resolve",
        Reject => "reject",
        RequestReassign => "request_reassign",
        Assign => "assign",
        MarkDuplicate => "mark_duplicate",
        Close => "close",
        /// The citizen says a resolved problem is fixed.
        ConfirmFixed => "confirm_fixed",
        /// The citizen says a resolved problem is not fixed.
        ReportNotFixed => "report_not_fixed",
        /// The service closes a resolved problem whose citizen never answered "is it fixed?".
        CloseNoAnswer => "close_no_answer",
        /// The SLA sweep found a deadline passed (the status does not change).
        MarkOverdue => "mark_overdue",
        /// The SLA sweep told the region's coordinators about a long-overdue problem.
        Escalate => "escalate",
        /// The service asked the citizen whether a resolved problem is really fixed.
        AskFixed => "ask_fixed",
        /// The citizen withdrew a problem that no representative holds (it is closed).
        Withdraw => "withdraw",
        /// The citizen's contact details were erased: at their request, or by the service
        /// when the retention period ended (the status does not change).
        EraseContact => "erase_contact",
        /// A coordinator's internal note (a reply by e-mail): never public.
        Note => "note",
        /// A coordinator (or an admin) found an election report verified or not, with a
        /// public note (issue 20); the status does not change.
        Verify => "verify",
    }
}

impl Action {
    /// Actions a user can request through `POST /api/v1/problems/{id}/actions`.
    pub const API: [Action; 10] = [
        Action::Acknowledge,
        Action::Start,
        Action::Comment,
        Action::AskCitizen,
        Action::Resolve,
        Action::Reject,
        Action::RequestReassign,
        Action::Assign,
        Action::MarkDuplicate,
        Action::Close,
    ];

    /// Parses one of the [`Action::API`] names.
    pub fn parse_api(s: &str) -> Option<Action> {
        Action::parse(s).filter(|a| Action::API.contains(a))
    }

    /// Whether the action needs a non-empty note (resolution text, reason, comment...).
    pub fn requires_note(self) -> bool {
        matches!(
            self,
            Action::Comment
                | Action::AskCitizen
                | Action::AnswerQuestion
                | Action::Resolve
                | Action::Reject
                | Action::Close
                | Action::Note
                | Action::Verify
        )
    }

    /// The status this action's own name already says ("Acknowledged", "Resolved"): a
    /// timeline adds no "→ status" to it when that is where it led.
    pub fn names_status(self) -> Option<Status> {
        match self {
            Action::Acknowledge => Some(Status::Acknowledged),
            Action::Start => Some(Status::InProgress),
            Action::Resolve => Some(Status::Resolved),
            Action::Reject => Some(Status::Rejected),
            Action::Close => Some(Status::Closed),
            Action::MarkDuplicate => Some(Status::Duplicate),
            Action::Assign => Some(Status::Assigned),
            _ => None,
        }
    }

    /// Whether the citizen is told about this action by e-mail.
    pub fn notifies_citizen(self) -> bool {
        matches!(
            self,
            Action::Acknowledge
                | Action::Start
                | Action::AskCitizen
                | Action::Resolve
                | Action::Reject
                | Action::Close
                | Action::MarkDuplicate
        )
    }
}

/// How the actor stands to this particular problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relation {
    /// The actor is the representative the problem is assigned to.
    pub is_assignee: bool,
    /// The actor coordinates the problem's region (or all regions).
    pub covers_region: bool,
}

/// What an allowed action does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub from: Status,
    /// The new status; equal to `from` for comments, questions and reassignment requests.
    pub to: Status,
    /// A verdict recorded with the change.
    pub verdict: Option<Verdict>,
    /// The problem loses its representative.
    pub unassign: bool,
}

/// Why an action was refused. Its words are catalog keys (`error.forbidden.*`), said in the
/// reader's language by [`Refusal::text`]; `Display` is the English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The action does not apply in the current status (HTTP 409).
    IllegalTransition {
        action: &'static str,
        current: Status,
        allowed: Vec<&'static str>,
    },
    /// The actor may not make this action on this problem (HTTP 403): the message's key.
    Forbidden(&'static str),
    /// The action needs a note (HTTP 422).
    NoteRequired(&'static str),
}

impl Refusal {
    /// What to tell the actor.
    pub fn text(&self) -> Text {
        match self {
            Refusal::IllegalTransition {
                action,
                current,
                allowed,
            } => Text::key("error.illegal_transition")
                .names("action", "action", [action])
                .names("status", "status", [current.as_str()])
                .names("allowed", "action", allowed),
            Refusal::Forbidden(key) => Text::key(key),
            Refusal::NoteRequired(action) => {
                Text::key("error.note_required").names("action", "action", [action])
            }
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().english())
    }
}

impl std::error::Error for Refusal {}

/// The target status of `action` from `from`, or `None` where the action does not apply.
fn target(from: Status, action: Action) -> Option<(Status, Option<Verdict>, bool)> {
    use Action as A;
    use Status as S;
    let with_rep = from.is_with_representative();
    Some(match action {
        A::Confirm if from == S::Unconfirmed => (S::New, None, false),
        A::Route if from == S::New || with_rep => (S::Assigned, None, false),
        A::ReturnToTriage if with_rep => (S::New, None, true),
        A::Acknowledge if matches!(from, S::Assigned | S::Reopened) => {
            (S::Acknowledged, None, false)
        }
        A::Start if matches!(from, S::Assigned | S::Acknowledged | S::Reopened) => {
            (S::InProgress, None, false)
        }
        A::Comment | A::AskCitizen | A::RequestReassign if with_rep => (from, None, false),
        A::AnswerQuestion if with_rep => (from, None, false),
        A::Resolve if with_rep => (S::Resolved, None, false),
        A::Reject if with_rep => (S::Rejected, None, true),
        A::Assign if from == S::New || from == S::Rejected || with_rep => {
            (S::Assigned, None, false)
        }
        A::MarkDuplicate if from == S::New || from == S::Rejected || with_rep => {
            (S::Duplicate, None, true)
        }
        A::Close if matches!(from, S::New | S::Rejected) => {
            (S::Closed, Some(Verdict::ClosedByCoordinator), true)
        }
        // What a coordinator may close, the citizen may withdraw: nobody holds it yet (or
        // any more, after a rejection).
        A::Withdraw if matches!(from, S::New | S::Rejected) => {
            (S::Closed, Some(Verdict::Withdrawn), true)
        }
        A::EraseContact => (from, None, false),
        A::Note | A::Verify if from != S::Unconfirmed => (from, None, false),
        A::ConfirmFixed if from == S::Resolved => (S::Closed, Some(Verdict::Fixed), false),
        A::ReportNotFixed if from == S::Resolved => (S::Reopened, Some(Verdict::NotFixed), false),
        A::CloseNoAnswer if from == S::Resolved => (S::Closed, Some(Verdict::NoAnswer), false),
        A::MarkOverdue | A::Escalate if with_rep => (from, None, false),
        A::AskFixed if from == S::Resolved => (from, None, false),
        _ => return None,
    })
}

/// Whether `role` (standing in `rel` to the problem) may make `action` at all.
fn permitted(action: Action, role: Role, rel: Relation) -> Result<(), &'static str> {
    use Action as A;
    match action {
        A::Submit
        | A::Confirm
        | A::AnswerQuestion
        | A::ConfirmFixed
        | A::ReportNotFixed
        | A::Withdraw => {
            if role == Role::Citizen {
                Ok(())
            } else {
                Err("error.forbidden.citizen_only")
            }
        }
        A::Route
        | A::ReturnToTriage
        | A::CloseNoAnswer
        | A::MarkOverdue
        | A::Escalate
        | A::AskFixed => {
            if role == Role::System {
                Ok(())
            } else {
                Err("error.forbidden.service_only")
            }
        }
        A::Acknowledge
        | A::Start
        | A::Comment
        | A::AskCitizen
        | A::Resolve
        | A::Reject
        | A::RequestReassign => {
            if role == Role::Representative && rel.is_assignee {
                Ok(())
            } else if role == Role::Representative {
                Err("error.forbidden.assigned_to_another")
            } else {
                Err("error.forbidden.assignee_only")
            }
        }
        A::EraseContact => match role {
            Role::Citizen | Role::System => Ok(()),
            _ => Err("error.forbidden.erase_only"),
        },
        A::Assign | A::MarkDuplicate | A::Close | A::Note | A::Verify => match role {
            Role::Admin | Role::System => Ok(()),
            Role::Coordinator if rel.covers_region => Ok(()),
            Role::Coordinator => Err("error.forbidden.outside_regions"),
            Role::Observer if action == A::Verify && rel.covers_region => Ok(()),
            Role::Observer if action == A::Verify => Err("error.forbidden.outside_regions"),
            _ => Err("error.forbidden.coordinator_only"),
        },
    }
}

/// The actions `role` may take on a problem in `status` (for error messages and for
/// showing the right buttons).
pub fn allowed_actions(status: Status, role: Role, rel: Relation) -> Vec<Action> {
    Action::API
        .into_iter()
        .chain([
            Action::AnswerQuestion,
            Action::ConfirmFixed,
            Action::ReportNotFixed,
            Action::Withdraw,
        ])
        .filter(|a| target(status, *a).is_some() && permitted(*a, role, rel).is_ok())
        .collect()
}

/// Decides whether `role` may make `action` on a problem in `status`, and what follows.
///
/// Permission is checked before the status, so that someone with no business with the
/// problem learns nothing about its state; then the transition; then the note.
pub fn decide(
    status: Status,
    action: Action,
    role: Role,
    rel: Relation,
    note: Option<&str>,
) -> Result<Transition, Refusal> {
    permitted(action, role, rel).map_err(Refusal::Forbidden)?;
    let Some((to, verdict, unassign)) = target(status, action) else {
        return Err(Refusal::IllegalTransition {
            action: action.as_str(),
            current: status,
            allowed: allowed_actions(status, role, rel)
                .into_iter()
                .map(Action::as_str)
                .collect(),
        });
    };
    if action.requires_note() && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(Refusal::NoteRequired(action.as_str()));
    }
    Ok(Transition {
        from: status,
        to,
        verdict,
        unassign,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSIGNEE: Relation = Relation {
        is_assignee: true,
        covers_region: false,
    };
    const STRANGER: Relation = Relation {
        is_assignee: false,
        covers_region: false,
    };
    const COORD: Relation = Relation {
        is_assignee: false,
        covers_region: true,
    };

    fn rep(status: Status, action: Action) -> Result<Transition, Refusal> {
        decide(status, action, Role::Representative, ASSIGNEE, Some("note"))
    }

    #[test]
    fn verifying_is_for_the_regions_coordinators_and_keeps_the_status() {
        for status in [Status::Assigned, Status::Resolved, Status::Closed] {
            let t = decide(
                status,
                Action::Verify,
                Role::Coordinator,
                COORD,
                Some("seen"),
            )
            .unwrap();
            assert_eq!((t.to, t.verdict, t.unassign), (status, None, false));
            assert!(decide(status, Action::Verify, Role::Admin, STRANGER, Some("seen")).is_ok());
        }
        for (role, rel) in [
            (Role::Citizen, STRANGER),
            (Role::Representative, ASSIGNEE),
            (Role::Monitor, COORD),
            (Role::Coordinator, STRANGER),
        ] {
            assert!(matches!(
                decide(Status::Assigned, Action::Verify, role, rel, Some("seen")),
                Err(Refusal::Forbidden(_))
            ));
        }
        assert_eq!(
            decide(
                Status::Assigned,
                Action::Verify,
                Role::Admin,
                STRANGER,
                None
            ),
            Err(Refusal::NoteRequired("verify"))
        );
        assert!(
            decide(
                Status::Unconfirmed,
                Action::Verify,
                Role::Admin,
                STRANGER,
                Some("x")
            )
            .is_err()
        );
    }

    #[test]
    fn status_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Status::parse("open"), None);
    }

    #[test]
    fn representative_lifecycle() {
        assert_eq!(
            rep(Status::Assigned, Action::Acknowledge).unwrap().to,
            Status::Acknowledged
        );
        assert_eq!(
            rep(Status::Acknowledged, Action::Start).unwrap().to,
            Status::InProgress
        );
        assert_eq!(
            rep(Status::InProgress, Action::Resolve).unwrap().to,
            Status::Resolved
        );
        let reject = rep(Status::InProgress, Action::Reject).unwrap();
        assert_eq!(reject.to, Status::Rejected);
        assert!(reject.unassign);
        let comment = rep(Status::Acknowledged, Action::Comment).unwrap();
        assert_eq!(comment.to, Status::Acknowledged);
    }

    #[test]
    fn acknowledging_twice_is_illegal_and_names_status_and_allowed_actions() {
        let err = rep(Status::Acknowledged, Action::Acknowledge).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot acknowledge a problem that is acknowledged; allowed: start, comment, \
             ask_citizen, resolve, reject, request_reassign"
        );
    }

    #[test]
    fn resolved_problem_accepts_no_representative_action() {
        for a in [
            Action::Acknowledge,
            Action::Start,
            Action::Comment,
            Action::Resolve,
            Action::Reject,
        ] {
            assert!(matches!(
                rep(Status::Resolved, a),
                Err(Refusal::IllegalTransition { allowed, .. }) if allowed.is_empty()
            ));
        }
    }

    #[test]
    fn another_representative_is_forbidden_whatever_the_status() {
        let err = decide(
            Status::Assigned,
            Action::Acknowledge,
            Role::Representative,
            STRANGER,
            None,
        )
        .unwrap_err();
        assert_eq!(
            err,
            Refusal::Forbidden("error.forbidden.assigned_to_another")
        );
    }

    #[test]
    fn resolve_and_reject_need_a_note() {
        for a in [Action::Resolve, Action::Reject] {
            for note in [None, Some(""), Some("   ")] {
                assert_eq!(
                    decide(Status::Assigned, a, Role::Representative, ASSIGNEE, note),
                    Err(Refusal::NoteRequired(a.as_str()))
                );
            }
        }
        assert!(
            decide(
                Status::Assigned,
                Action::Acknowledge,
                Role::Representative,
                ASSIGNEE,
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn citizen_verdicts() {
        let fixed = decide(
            Status::Resolved,
            Action::ConfirmFixed,
            Role::Citizen,
            STRANGER,
            None,
        )
        .unwrap();
        assert_eq!(
            (fixed.to, fixed.verdict),
            (Status::Closed, Some(Verdict::Fixed))
        );
        let not = decide(
            Status::Resolved,
            Action::ReportNotFixed,
            Role::Citizen,
            STRANGER,
            None,
        )
        .unwrap();
        assert_eq!(
            (not.to, not.verdict, not.unassign),
            (Status::Reopened, Some(Verdict::NotFixed), false)
        );
        assert!(
            decide(
                Status::Closed,
                Action::ConfirmFixed,
                Role::Citizen,
                STRANGER,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn coordinator_actions_need_the_region() {
        let t = decide(
            Status::Rejected,
            Action::Assign,
            Role::Coordinator,
            COORD,
            None,
        )
        .unwrap();
        assert_eq!(t.to, Status::Assigned);
        assert_eq!(
            decide(
                Status::Rejected,
                Action::Assign,
                Role::Coordinator,
                STRANGER,
                None
            ),
            Err(Refusal::Forbidden("error.forbidden.outside_regions"))
        );
        assert!(decide(Status::Rejected, Action::Assign, Role::Monitor, COORD, None).is_err());
        let close = decide(
            Status::Rejected,
            Action::Close,
            Role::Admin,
            STRANGER,
            Some("outside the league's remit"),
        )
        .unwrap();
        assert_eq!(close.verdict, Some(Verdict::ClosedByCoordinator));
        assert!(matches!(
            decide(
                Status::Assigned,
                Action::Close,
                Role::Admin,
                STRANGER,
                Some("x")
            ),
            Err(Refusal::IllegalTransition { .. })
        ));
    }

    #[test]
    fn duplicates_and_closed_problems_are_final() {
        for s in [Status::Closed, Status::Duplicate, Status::Unconfirmed] {
            for a in Action::API {
                assert!(
                    decide(s, a, Role::Admin, COORD, Some("n")).is_err(),
                    "{s} {a:?}"
                );
            }
        }
    }

    #[test]
    fn monitors_change_nothing() {
        for s in Status::ALL {
            assert!(allowed_actions(*s, Role::Monitor, COORD).is_empty());
        }
    }

    #[test]
    fn unanswered_resolutions_close_with_no_answer_by_the_service_only() {
        let t = decide(
            Status::Resolved,
            Action::CloseNoAnswer,
            Role::System,
            STRANGER,
            None,
        )
        .unwrap();
        assert_eq!((t.to, t.verdict), (Status::Closed, Some(Verdict::NoAnswer)));
        assert!(
            decide(
                Status::Resolved,
                Action::CloseNoAnswer,
                Role::Admin,
                COORD,
                None
            )
            .is_err()
        );
        assert!(
            decide(
                Status::Reopened,
                Action::CloseNoAnswer,
                Role::System,
                COORD,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn the_citizen_withdraws_only_what_no_representative_holds() {
        for from in [Status::New, Status::Rejected] {
            let t = decide(from, Action::Withdraw, Role::Citizen, STRANGER, None).unwrap();
            assert_eq!(
                (t.to, t.verdict, t.unassign),
                (Status::Closed, Some(Verdict::Withdrawn), true),
                "{from}"
            );
            assert_eq!(
                allowed_actions(from, Role::Citizen, STRANGER),
                [Action::Withdraw]
            );
        }
        for from in [
            Status::Unconfirmed,
            Status::Assigned,
            Status::Acknowledged,
            Status::InProgress,
            Status::Resolved,
            Status::Reopened,
            Status::Closed,
            Status::Duplicate,
        ] {
            assert!(
                matches!(
                    decide(from, Action::Withdraw, Role::Citizen, STRANGER, None),
                    Err(Refusal::IllegalTransition { .. })
                ),
                "{from}"
            );
        }
        assert_eq!(
            decide(Status::New, Action::Withdraw, Role::Admin, COORD, None),
            Err(Refusal::Forbidden("error.forbidden.citizen_only"))
        );
    }

    #[test]
    fn contact_details_are_erased_in_any_status_by_the_citizen_or_the_service_only() {
        for from in Status::ALL.iter().copied() {
            for role in [Role::Citizen, Role::System] {
                let t = decide(from, Action::EraseContact, role, STRANGER, None).unwrap();
                assert_eq!((t.to, t.verdict, t.unassign), (from, None, false));
            }
            for role in [Role::Admin, Role::Coordinator, Role::Representative] {
                assert!(matches!(
                    decide(from, Action::EraseContact, role, COORD, None),
                    Err(Refusal::Forbidden(_))
                ));
            }
        }
    }

    #[test]
    fn only_the_service_routes() {
        assert!(decide(Status::New, Action::Route, Role::System, STRANGER, None).is_ok());
        assert!(decide(Status::New, Action::Route, Role::Admin, COORD, None).is_err());
    }

    #[test]
    fn an_action_that_names_a_status_leads_there_from_everywhere() {
        // The timeline read "Acknowledged → Acknowledged": such actions say it once.
        for a in Action::API {
            let Some(named) = a.names_status() else {
                continue;
            };
            for s in Status::ALL {
                if let Some((to, _, _)) = target(*s, a) {
                    assert_eq!(to, named, "{a:?} from {s:?}");
                }
            }
        }
        assert_eq!(Action::Comment.names_status(), None);
        assert_eq!(Action::ReportNotFixed.names_status(), None);
    }
}
