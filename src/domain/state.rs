//! The named states the service stores: a problem's status and verdict, a user's role, who
//! caused an event, and where a mail stands in the outbox. Each is an enum with exactly one
//! text name per variant; these names are what the database holds and what the API and the
//! CLI show, and this file is the only place in `src/` that spells them (a test in
//! `tests/app/architecture.rs` checks that). `crate::entities::values` teaches sea-orm to
//! store them, so an unknown stored value is a read error, never a silent fallback.

use std::fmt;

/// Declares a stored enum: the variants with their names, `ALL`, `as_str`, `parse`,
/// `Display` and a serde name.
macro_rules! stored_names {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stored (and public) name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant named `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use stored_names;

stored_names! {
    /// A problem's status. The names are part of the public API.
    Status {
        Unconfirmed => "unconfirmed",
        New => "new",
        Assigned => "assigned",
        Acknowledged => "acknowledged",
        InProgress => "in_progress",
        Resolved => "resolved",
        Closed => "closed",
        Reopened => "reopened",
        Rejected => "rejected",
        Duplicate => "duplicate",
    }
}

impl Status {
    /// Statuses in which a representative holds the problem and owes an answer; these count
    /// as "open" for load balancing.
    pub fn is_with_representative(self) -> bool {
        matches!(
            self,
            Status::Assigned | Status::Acknowledged | Status::InProgress | Status::Reopened
        )
    }

    /// The statuses in which a representative holds the problem (for queries).
    pub fn with_representative() -> Vec<Status> {
        Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_with_representative())
            .collect()
    }

    /// Statuses visible to the public (everything but `unconfirmed`).
    pub fn is_public(self) -> bool {
        self != Status::Unconfirmed
    }

    /// The open statuses (see [`Status::is_open`]), for queries.
    pub fn open() -> Vec<Status> {
        Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_open())
            .collect()
    }

    /// Statuses that still need someone to act (the triage queue, a representative, or the
    /// citizen's verdict): what digests and dashboards call "open".
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Unconfirmed | Status::Closed | Status::Duplicate | Status::Resolved
        )
    }
}

stored_names! {
    /// The citizen's (or coordinator's) verdict on how a problem ended.
    Verdict {
        Fixed => "fixed",
        NotFixed => "not_fixed",
        NoAnswer => "no_answer",
        ClosedByCoordinator => "closed_by_coordinator",
        /// The citizen withdrew the problem before a representative took it.
        Withdrawn => "withdrawn",
    }
}

stored_names! {
    /// A user's role. The names are the CLI's `--role` values.
    UserRole {
        Admin => "admin",
        Coordinator => "coordinator",
        Representative => "representative",
        Monitor => "monitor",
        /// An accredited election observer (issue 20): files election reports in their
        /// regions without e-mail confirmation and verifies reports there.
        Observer => "observer",
    }
}

stored_names! {
    /// Who caused a timeline event.
    ActorKind {
        /// The citizen who filed the problem.
        Citizen => "citizen",
        /// A signed-in user (`actor_user_id` names them).
        User => "user",
        /// The service itself: routing, the deadline sweep, the citizen check.
        System => "system",
        /// The accredited observer who filed the report (issue 20; `actor_user_id`
        /// names them, never shown in public).
        Observer => "observer",
    }
}

stored_names! {
    /// Whose photo it is: the citizen's ("before", filed with the problem) or the
    /// assigned representative's ("after", with a comment or the resolution).
    PhotoKind {
        /// Filed by the citizen with the problem.
        Citizen => "citizen",
        /// Added by the assigned representative.
        Representative => "representative",
    }
}

stored_names! {
    /// What an election chooses (issue 20). The names are the CLI's `--kind` values.
    ElectionKind {
        /// The President of the Republic.
        Presidential => "presidential",
        /// The Mazhilis, the lower house of Parliament.
        Mazhilis => "mazhilis",
        /// A region's or a city's maslikhat (local assembly).
        Maslikhat => "maslikhat",
        /// An akim (head of a town, district or rural district).
        Akim => "akim",
        /// A national referendum.
        Referendum => "referendum",
    }
}

stored_names! {
    /// Where a mail stands in the outbox.
    OutboxState {
        /// Waiting to be sent (possibly after a failure).
        Pending => "pending",
        /// Delivered to the SMTP server (or the mail folder).
        Sent => "sent",
        /// Given up on; shown to admins.
        Dead => "dead",
    }
}

stored_names! {
    /// Where a reply received by e-mail stands (`services::inbound`).
    ReplyState {
        /// Accepted, waiting out the sender's undo period.
        Pending => "pending",
        /// Carried out through the workflow.
        Applied => "applied",
        /// Taken back by its sender within the undo period.
        Undone => "undone",
        /// Refused on arrival (`reason` says why); nothing it said is kept.
        Refused => "refused",
        /// Could not be carried out when due: the problem had moved on (`reason`).
        Failed => "failed",
    }
}

/// Mails a person has just asked for and waits for (a confirmation or sign-in link).
pub const ASKED_FOR: &[&str] = &[
    "confirm_problem",
    "login_link",
    "support_confirm",
    "support_own",
];

/// Mails sent in bulk by the scheduled jobs.
pub const BULK: &[&str] = &["digest", "rep_summary", "fix_check", "election_report"];

/// The order in which a backlog drains: 0 for what a person waits for, 1 for notices about
/// a problem, 2 for bulk mail; within a priority, oldest first.
pub fn mail_priority(kind: &str) -> i16 {
    if ASKED_FOR.contains(&kind) {
        0
    } else if BULK.contains(&kind) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_variant() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        for v in Verdict::ALL {
            assert_eq!(Verdict::parse(v.as_str()), Some(*v));
        }
        for r in UserRole::ALL {
            assert_eq!(UserRole::parse(r.as_str()), Some(*r));
        }
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::parse(k.as_str()), Some(*k));
        }
        for k in PhotoKind::ALL {
            assert_eq!(PhotoKind::parse(k.as_str()), Some(*k));
        }
        for o in OutboxState::ALL {
            assert_eq!(OutboxState::parse(o.as_str()), Some(*o));
        }
        assert_eq!(Status::parse("open"), None);
        assert_eq!(UserRole::parse("Admin"), None);
    }

    #[test]
    fn serde_uses_the_stored_names() {
        assert_eq!(
            serde_json::to_string(&Status::InProgress).unwrap(),
            "\"in_progress\""
        );
        assert_eq!(
            serde_json::to_string(&Verdict::ClosedByCoordinator).unwrap(),
            "\"closed_by_coordinator\""
        );
    }

    #[test]
    fn open_statuses_are_those_someone_still_acts_on() {
        let open: Vec<&str> = Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(
            open,
            [
                "new",
                "assigned",
                "acknowledged",
                "in_progress",
                "reopened",
                "rejected"
            ]
        );
    }

    #[test]
    fn links_people_wait_for_go_before_notices_and_bulk_mail() {
        assert_eq!(mail_priority("confirm_problem"), 0);
        assert_eq!(mail_priority("login_link"), 0);
        assert_eq!(mail_priority("status_update"), 1);
        assert_eq!(mail_priority("digest"), 2);
        assert_eq!(mail_priority("fix_check"), 2);
        // Every template folder has a priority, and the lists name real templates.
        for kind in ASKED_FOR.iter().chain(BULK) {
            let dir = format!("{}/templates/email/{kind}", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&dir).is_dir(), "{dir}");
        }
    }
}
