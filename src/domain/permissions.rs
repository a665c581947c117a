//! Who may do what, in one table: (role, act, scope). Every page and API handler asks it
//! through `CurrentUser::may` (or the status machine, for actions on one problem, whose
//! own table is `status::permitted`); `tests/app/permission_matrix.rs` walks every route
//! for every kind of visitor against it.

use crate::domain::state::UserRole;

/// Something a signed-in user may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// The triage queue, internal notes, the people and routing pages (read).
    ReadInternals,
    /// Citizens' contact details on a problem's staff page.
    SeeContacts,
    /// Add, change and deactivate representatives; routing rules; the CSV import.
    ManagePeople,
    /// Categories and their deadlines.
    EditCategories,
    /// Jobs, undelivered mail, public holidays.
    Operate,
    /// Users' sessions and tokens; revoking them.
    ManageAccess,
    /// The representative's workspace (their own problems).
    UseWorkspace,
    /// Redact a text of the public record (`services::ledger::redact`).
    Redact,
    /// Hide a photo from the public, with a reason (`services::photos::hide`).
    HidePhoto,
    /// Add and change elections (`/admin/elections`).
    ManageElections,
    /// File election reports without e-mail confirmation, and verify election reports
    /// (accredited observers, issue 20; `domain::observers` holds the rules).
    Observe,
}

/// Where an allowed act reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every region.
    Everywhere,
    /// The user's regions (none listed: every region, a national coordinator or monitor).
    OwnRegions,
    /// The problems assigned to the user.
    Assigned,
}

use Act::*;
use Scope::*;
use UserRole::*;

/// The whole table. What is not here is refused.
pub const TABLE: &[(UserRole, Act, Scope)] = &[
    (Admin, ReadInternals, Everywhere),
    (Admin, SeeContacts, Everywhere),
    (Admin, ManagePeople, Everywhere),
    (Admin, EditCategories, Everywhere),
    (Admin, Operate, Everywhere),
    (Admin, ManageAccess, Everywhere),
    (Admin, Redact, Everywhere),
    (Admin, HidePhoto, Everywhere),
    (Admin, ManageElections, Everywhere),
    (Coordinator, ReadInternals, OwnRegions),
    (Coordinator, SeeContacts, OwnRegions),
    (Coordinator, ManagePeople, OwnRegions),
    (Coordinator, Redact, OwnRegions),
    (Coordinator, HidePhoto, OwnRegions),
    (Monitor, ReadInternals, OwnRegions),
    (Observer, Observe, OwnRegions),
    (Representative, UseWorkspace, Assigned),
];

/// How far `role` may do `act`, or `None`.
pub fn scope(role: UserRole, act: Act) -> Option<Scope> {
    TABLE
        .iter()
        .find(|(r, a, _)| *r == role && *a == act)
        .map(|(_, _, s)| *s)
}

/// Whether a user with `role` and `regions` (empty = all) may do `act` in each of
/// `targets` (`None` = "any region", which only an everywhere scope covers).
pub fn allows(role: UserRole, regions: &[String], act: Act, targets: &[Option<&str>]) -> bool {
    match scope(role, act) {
        None => false,
        Some(Everywhere) => true,
        Some(Assigned) => false,
        Some(OwnRegions) => {
            regions.is_empty()
                || targets
                    .iter()
                    .all(|t| t.is_some_and(|t| regions.iter().any(|r| r == t)))
        }
    }
}

/// Whether a user with `role` and `regions` may deactivate or rewrite a representative
/// whose routing rules reach `rule_regions` (`None` = any region). A representative with no
/// rule belongs to no region and is everyone's business, so only an everywhere scope
/// covers them: otherwise an empty list would pass every coordinator's region check.
/// The representatives page offers "deactivate" by this very function.
pub fn may_manage_representative(
    role: UserRole,
    regions: &[String],
    rule_regions: &[Option<&str>],
) -> bool {
    let reach: &[Option<&str>] = if rule_regions.is_empty() {
        &[None]
    } else {
        rule_regions
    };
    allows(role, regions, ManagePeople, reach)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_has_one_scope_per_act_at_most() {
        for (i, (r, a, _)) in TABLE.iter().enumerate() {
            assert!(
                !TABLE[i + 1..].iter().any(|(r2, a2, _)| r2 == r && a2 == a),
                "{r:?} {a:?} twice"
            );
        }
    }

    #[test]
    fn regional_scopes_reach_only_their_regions() {
        let astana = ["KZ-71".to_string()];
        let kz71 = [Some("KZ-71")];
        assert!(allows(Coordinator, &astana, ManagePeople, &kz71));
        assert!(!allows(
            Coordinator,
            &astana,
            ManagePeople,
            &[Some("KZ-71"), Some("KZ-75")]
        ));
        assert!(
            !allows(Coordinator, &astana, ManagePeople, &[None]),
            "any region is national"
        );
        assert!(
            allows(Coordinator, &[], ManagePeople, &[None]),
            "a national coordinator"
        );
        assert!(allows(Admin, &astana, ManagePeople, &[None]));
        assert!(!allows(Monitor, &[], ManagePeople, &kz71));
        assert!(allows(Monitor, &[], ReadInternals, &kz71));
        assert!(!allows(Representative, &[], ReadInternals, &kz71));
        assert!(!allows(Coordinator, &[], Operate, &[]));
        assert!(!allows(Coordinator, &[], ManageAccess, &[]));
        assert!(allows(Admin, &[], ManageAccess, &[]));
    }

    #[test]
    fn photos_are_hidden_by_admins_and_the_regions_coordinators_only() {
        let astana = ["KZ-71".to_string()];
        let kz71 = [Some("KZ-71")];
        assert!(allows(Admin, &[], HidePhoto, &kz71));
        assert!(allows(Coordinator, &astana, HidePhoto, &kz71));
        assert!(!allows(Coordinator, &astana, HidePhoto, &[Some("KZ-75")]));
        assert!(!allows(Monitor, &[], HidePhoto, &kz71));
        assert!(!allows(Representative, &[], HidePhoto, &kz71));
    }

    #[test]
    fn a_representative_is_managed_by_whoever_covers_all_their_rules() {
        let astana = ["KZ-71".to_string()];
        let manage = |role, regions: &[String], rules: &[Option<&str>]| {
            may_manage_representative(role, regions, rules)
        };
        assert!(manage(
            Coordinator,
            &astana,
            &[Some("KZ-71"), Some("KZ-71")]
        ));
        assert!(!manage(
            Coordinator,
            &astana,
            &[Some("KZ-71"), Some("KZ-75")]
        ));
        assert!(!manage(Coordinator, &astana, &[None]), "a national rule");
        assert!(
            !manage(Coordinator, &astana, &[]),
            "no rule: nobody's region"
        );
        assert!(manage(Coordinator, &[], &[]), "a national coordinator");
        assert!(manage(Admin, &astana, &[]));
        assert!(!manage(Monitor, &[], &[Some("KZ-71")]));
    }
}
