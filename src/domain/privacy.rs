//! Citizens' personal data, as Kazakhstan's Law on Personal Data and its Protection asks:
//! which consent text a citizen agreed to, what erasing their contact details leaves of
//! them, when the retention period erases them, and what the access log records about a
//! look at them. Pure rules; `services::personal_data` applies them.

use super::state::{Status, stored_names};
use chrono::{DateTime, Duration, Utc};
use std::fmt;

/// The version of the consent text (`form-consent` in `templates/i18n/en.ftl`) that a
/// citizen agrees to when filing a problem; stored on each problem with the time. It names
/// the day the text was written: give it a new value in the same change as a new text (a
/// unit test holds the text to [`CONSENT_TEXT_SHA256`], so a changed text without a new
/// version fails).
pub const CONSENT_VERSION: &str = "2026-11-28";

/// SHA-256 (hex) of the English consent text of [`CONSENT_VERSION`], as the catalog holds
/// it (with its `{org}` placeholder).
pub const CONSENT_TEXT_SHA256: &str =
    "ce5e20b50d7a5d8bfd1bb88c5fd185dfa8fa57606bfa5edf1fcc4b5174fa6e2b";

/// A citizen's contact details as a problem holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub email: String,
    pub name: Option<String>,
    /// The name is not shown publicly.
    pub anonymous: bool,
    /// Open311 clients' private fields.
    pub phone: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
}

impl Contact {
    /// What is left after erasure: no address (an empty one, which no mail can reach and
    /// no address typed into a form can equal), no name, no phone or device, and the
    /// problem shown as anonymous. The problem itself stays as it was.
    pub fn erased() -> Contact {
        Contact {
            email: String::new(),
            name: None,
            anonymous: true,
            phone: None,
            device_id: None,
            account_id: None,
        }
    }

    /// The fields that hold something, as the access log names them.
    pub fn present(&self) -> Vec<Shown> {
        let mut out = Vec::new();
        if !self.email.is_empty() {
            out.push(Shown::Email);
        }
        for (field, value) in [
            (Shown::Name, &self.name),
            (Shown::Phone, &self.phone),
            (Shown::DeviceId, &self.device_id),
            (Shown::AccountId, &self.account_id),
        ] {
            if value.is_some() {
                out.push(field);
            }
        }
        out
    }
}

/// Whether a problem's contact details are due for erasure by the retention period: the
/// problem is finished (closed, or merged into another as a duplicate) for longer than
/// `retention_days` and still holds them.
pub fn due_for_erasure(
    status: Status,
    closed_at: Option<DateTime<Utc>>,
    erased: bool,
    now: DateTime<Utc>,
    retention_days: i64,
) -> bool {
    !erased && is_finished(status) && closed_at.is_some_and(|c| c < cutoff(now, retention_days))
}

/// Statuses from which nothing more happens: the retention period counts from them.
pub fn finished_statuses() -> [Status; 2] {
    [Status::Closed, Status::Duplicate]
}

fn is_finished(status: Status) -> bool {
    finished_statuses().contains(&status)
}

/// Problems finished before this time have had their retention period.
pub fn cutoff(now: DateTime<Utc>, retention_days: i64) -> DateTime<Utc> {
    now - Duration::days(retention_days)
}

stored_names! {
    /// A contact field a member of staff was shown (the access log's `shown` column holds
    /// a comma-separated list of these names).
    Shown {
        Email => "email",
        Name => "name",
        Phone => "phone",
        DeviceId => "device_id",
        AccountId => "account_id",
    }
}

stored_names! {
    /// Where contact details were shown (the access log's `place`).
    AccessPlace {
        /// The internal problem page (`/workspace/problems/{id}`).
        ProblemPage => "problem_page",
        /// Undelivered mail (`/admin/mail`): a citizen's address as a recipient.
        MailPage => "mail_page",
        /// `civic-tracker personal-data export`.
        Export => "export",
    }
}

/// The access log's `shown` column for `fields`.
pub fn shown_column(fields: &[Shown]) -> String {
    fields
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The fields of a `shown` column (names the code does not know are left out).
pub fn parse_shown(column: &str) -> Vec<Shown> {
    column.split(',').filter_map(Shown::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_consent_text_has_not_changed_without_a_new_version() {
        // The English text as written, its placeable shown by name (as the catalog had it
        // when the version was given).
        let text = crate::templates::message_with("en", "form.consent", &[("org", "{org}".into())]);
        let sha = crate::auth::hex(&Sha256::digest(text.as_bytes()));
        assert_eq!(
            sha, CONSENT_TEXT_SHA256,
            "the consent text changed: give CONSENT_VERSION a new value and put the new \
             text's SHA-256 in CONSENT_TEXT_SHA256"
        );
    }

    #[test]
    fn erased_contact_keeps_nothing_that_reaches_or_names_the_citizen() {
        let e = Contact::erased();
        assert_eq!(e.email, "");
        assert_eq!(e.name, None);
        assert!(e.anonymous);
        assert_eq!((e.phone, e.device_id, e.account_id), (None, None, None));
        assert!(Contact::erased().present().is_empty());
        assert!(crate::domain::input::Email::parse("email", &Contact::erased().email).is_err());
    }

    #[test]
    fn present_fields_are_named_in_order() {
        let c = Contact {
            email: "a@example.kz".into(),
            name: Some("Aigerim".into()),
            anonymous: false,
            phone: Some("+7 701 000 00 00".into()),
            device_id: None,
            account_id: None,
        };
        assert_eq!(shown_column(&c.present()), "email,name,phone");
        assert_eq!(
            parse_shown("email,name,phone,shoe_size"),
            [Shown::Email, Shown::Name, Shown::Phone]
        );
    }

    #[test]
    fn contact_details_are_erased_once_the_retention_period_after_closing_has_passed() {
        let now = at("2029-12-01T00:00:00Z");
        let closed = Some(at("2026-12-01T00:00:00Z"));
        // 1,095 days before 2029-12-01 is 2026-12-02: closed the day before.
        assert!(due_for_erasure(Status::Closed, closed, false, now, 1095));
        assert!(due_for_erasure(Status::Duplicate, closed, false, now, 1095));
        assert!(!due_for_erasure(Status::Closed, closed, false, now, 1096));
        assert!(!due_for_erasure(Status::Closed, closed, true, now, 1095));
        for open in [Status::Resolved, Status::Rejected, Status::New] {
            assert!(!due_for_erasure(open, closed, false, now, 1095), "{open}");
        }
        assert!(!due_for_erasure(Status::Closed, None, false, now, 1095));
        assert!(due_for_erasure(
            Status::Closed,
            Some(at("2029-11-30T23:59:59Z")),
            false,
            now,
            0
        ));
    }
}
