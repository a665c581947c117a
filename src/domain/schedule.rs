//! The scheduled jobs' names and how their schedules are written: shared by the
//! configuration (which checks them at start) and the scheduler (which runs them).

use croner::Cron;

/// The jobs, by the names the CLI and configuration use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobName {
    Sla,
    /// The SLA sweep of the voting-day paced problems only (issue 20), every minute.
    SlaVotingDay,
    CitizenCheck,
    DigestDaily,
    DigestWeekly,
    RepSummary,
    Purge,
    /// Records the public ledger's head once a day (published at `/feeds/ledger.atom`).
    LedgerCheckpoint,
    /// Carries out replies by e-mail whose undo period is over.
    Inbound,
    Outbox,
    /// Freezes and mails the report of each election whose results date has passed, once.
    ElectionReport,
}

impl JobName {
    /// Every job, in the order `jobs list` shows them.
    pub const ALL: [JobName; 11] = [
        JobName::Sla,
        JobName::SlaVotingDay,
        JobName::CitizenCheck,
        JobName::DigestDaily,
        JobName::DigestWeekly,
        JobName::RepSummary,
        JobName::Purge,
        JobName::LedgerCheckpoint,
        JobName::Inbound,
        JobName::Outbox,
        JobName::ElectionReport,
    ];

    /// The name in the CLI and in `[jobs.<name>]`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobName::Sla => "sla",
            JobName::SlaVotingDay => "sla-voting-day",
            JobName::CitizenCheck => "citizen-check",
            JobName::DigestDaily => "digest-daily",
            JobName::DigestWeekly => "digest-weekly",
            JobName::RepSummary => "rep-summary",
            JobName::Purge => "purge",
            JobName::LedgerCheckpoint => "ledger-checkpoint",
            JobName::Inbound => "inbound",
            JobName::Outbox => "outbox",
            JobName::ElectionReport => "election-report",
        }
    }

    /// Parses a job name.
    pub fn parse(s: &str) -> Option<JobName> {
        JobName::ALL.into_iter().find(|j| j.as_str() == s)
    }

    /// Whether a run covers a period that ends at its tick (so a catch-up run must use the
    /// missed tick as its time, not the current one).
    pub fn is_periodic(self) -> bool {
        matches!(
            self,
            JobName::DigestDaily | JobName::DigestWeekly | JobName::RepSummary
        )
    }

    /// Whether missed ticks are caught up on start (not for the outbox, which runs every
    /// few seconds anyway).
    pub fn catches_up(self) -> bool {
        !matches!(self, JobName::Outbox | JobName::Inbound)
    }
}

/// Parses a schedule the way tokio-cron-scheduler does (seconds field required; both day
/// fields must match when both are restricted). Blank: `None`, the job is off.
pub fn parse_schedule(s: &str) -> anyhow::Result<Option<Cron>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Required)
        .dom_and_dow(true)
        .build()
        .parse(s.trim())
        .map(Some)
        .map_err(|e| {
            anyhow::anyhow!("not a cron expression with seconds (e.g. \"0 0 8 * * Mon\"): {e}")
        })
}

/// A time given on the command line (`--at`): RFC 3339 with its offset
/// (`2026-12-03T08:00:00+05:00`, `...Z`), or a local time in `tz` without one
/// (`2026-12-03T08:00`, `2026-12-03 08:00:00`), or a local date (its midnight). The error
/// shows the forms it takes.
pub fn parse_at(text: &str, tz: chrono_tz::Tz) -> Result<chrono::DateTime<chrono::Utc>, String> {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
    let t = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    });
    local
        .and_then(|l| tz.from_local_datetime(&l).earliest())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| {
            format!(
                "{t:?} is not a time: write 2026-12-03T08:00 (local time, {tz}), \
                 2026-12-03 (local midnight) or 2026-12-03T08:00:00+05:00"
            )
        })
}

/// Codes given as one list on the command line: separated by commas, semicolons (the
/// representatives CSV's separator) or spaces; empty parts dropped.
pub fn split_codes(text: &str) -> Vec<String> {
    text.split([',', ';', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod cli_input_tests {
    use super::*;

    #[test]
    fn times_without_an_offset_are_local_and_bad_ones_show_the_forms() {
        let tz = chrono_tz::Asia::Almaty;
        let utc = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        assert_eq!(
            parse_at("2026-12-03T08:00:00", tz).unwrap(),
            utc("2026-12-03T03:00:00Z")
        );
        assert_eq!(
            parse_at("2026-12-03T08:00", tz).unwrap(),
            utc("2026-12-03T03:00:00Z")
        );
        assert_eq!(
            parse_at("2026-12-03 08:00", tz).unwrap(),
            utc("2026-12-03T03:00:00Z")
        );
        assert_eq!(
            parse_at("2026-12-03", tz).unwrap(),
            utc("2026-12-02T19:00:00Z")
        );
        assert_eq!(
            parse_at("2026-12-03T08:00:00Z", tz).unwrap(),
            utc("2026-12-03T08:00:00Z")
        );
        let err = parse_at("tomorrow", tz).unwrap_err();
        assert!(
            err.contains("2026-12-03T08:00") && err.contains("Asia/Almaty"),
            "{err}"
        );
    }

    #[test]
    fn code_lists_take_commas_semicolons_and_spaces() {
        assert_eq!(split_codes("KZ-75;KZ-71"), ["KZ-75", "KZ-71"]);
        assert_eq!(split_codes("KZ-75, KZ-71,"), ["KZ-75", "KZ-71"]);
        assert!(split_codes("").is_empty());
    }
}
