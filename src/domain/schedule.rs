//! The scheduled jobs' names and how their schedules are written: shared by the
//! configuration (which checks them at start) and the scheduler (which runs them).

use croner::Cron;

/// The jobs, by the names the CLI and configuration use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobName {
    Sla,
    CitizenCheck,
    DigestDaily,
    DigestWeekly,
    RepSummary,
    Purge,
    Outbox,
}

impl JobName {
    /// Every job, in the order `jobs list` shows them.
    pub const ALL: [JobName; 7] = [
        JobName::Sla,
        JobName::CitizenCheck,
        JobName::DigestDaily,
        JobName::DigestWeekly,
        JobName::RepSummary,
        JobName::Purge,
        JobName::Outbox,
    ];

    /// The name in the CLI and in `[jobs.<name>]`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobName::Sla => "sla",
            JobName::CitizenCheck => "citizen-check",
            JobName::DigestDaily => "digest-daily",
            JobName::DigestWeekly => "digest-weekly",
            JobName::RepSummary => "rep-summary",
            JobName::Purge => "purge",
            JobName::Outbox => "outbox",
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
        self != JobName::Outbox
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
