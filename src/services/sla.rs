//! The scheduled side of tracking: the SLA sweep (reminders, overdue marking, escalation)
//! and the citizen check ("Has this been fixed?", then closing unanswered ones).
//!
//! Both work in bulk: the rules (`domain::sla`) decide per problem, then one conditional
//! `UPDATE ... RETURNING id` per kind of change claims the problems whose stored state is
//! still the one we read. Only claimed problems get their events and notices, so a notice
//! goes out once however many sweeps run, concurrently or not. The sweep works a bounded
//! batch of problems per transaction (`claim`), and mails the notices its batches owe a few
//! recipients at a time (`notices`), so its memory does not grow with the backlog.

use crate::app::AppState;
use crate::domain::sla::Policy;
use chrono::{DateTime, Duration, Utc};

/// Ids per statement (well under both databases' parameter limits).
const CHUNK: usize = 500;

mod citizen_check;
mod claim;
mod notices;
pub use citizen_check::{CheckReport, citizen_check};

/// What a sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Problems whose deadlines were looked at closely.
    pub checked: usize,
    /// "Deadline is near" reminders.
    pub reminded: usize,
    /// Deadlines found passed (problems marked overdue).
    pub overdue: usize,
    /// Escalations to coordinators.
    pub escalated: usize,
    /// Mails written.
    pub mails: usize,
}

impl SweepReport {
    /// The run's figures, for the jobs' summary.
    pub fn summary(&self) -> crate::jobs::Summary {
        crate::jobs::Summary::default()
            .with("checked", self.checked)
            .with("reminded", self.reminded)
            .with("overdue", self.overdue)
            .with("escalated", self.escalated)
            .with("mails", self.mails)
    }
}

/// The rules' settings from the configuration: one for problems with the usual deadlines,
/// one in minutes for voting-day paced ones (issue 20, `domain::voting_day`).
#[derive(Clone, Copy, Debug)]
pub struct Policies {
    pub usual: Policy,
    pub voting_day: Policy,
}

impl Policies {
    /// The policy of a problem with `voting_day_pace`.
    pub fn of(&self, voting_day_pace: bool) -> &Policy {
        if voting_day_pace {
            &self.voting_day
        } else {
            &self.usual
        }
    }
}

/// The rules' settings from the configuration.
pub fn policies(st: &AppState) -> Policies {
    let c = &st.config.sla;
    Policies {
        usual: Policy {
            remind_before: Duration::hours(c.remind_before_hours),
            escalate_after: Duration::days(c.escalate_after_days),
        },
        voting_day: Policy {
            remind_before: Duration::minutes(c.voting_day_remind_before_minutes),
            escalate_after: Duration::minutes(c.voting_day_escalate_after_minutes),
        },
    }
}

/// Which open problems a sweep reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every open problem (the `sla` job).
    All,
    /// Only the voting-day paced ones (the every-minute `sla-voting-day` job).
    VotingDay,
}

/// Problems per transaction: bounds the sweep's memory whatever the backlog.
const BATCH: u64 = 1000;

/// Representatives whose reminders are queued per transaction.
const RECIPIENTS: u64 = 50;

/// Runs the SLA sweep as of `now`.
pub async fn sweep(st: &AppState, now: DateTime<Utc>) -> anyhow::Result<SweepReport> {
    sweep_in_batches(st, now, BATCH, RECIPIENTS).await
}

/// Runs the SLA sweep of the voting-day paced problems only, as of `now`: the same claims
/// and notices as [`sweep`], so the two never send a notice twice.
pub async fn sweep_voting_day(st: &AppState, now: DateTime<Utc>) -> anyhow::Result<SweepReport> {
    run(st, now, Scope::VotingDay, BATCH, RECIPIENTS).await
}

/// Runs the SLA sweep as of `now`, `batch` problems per transaction (by keyset on id), then
/// queues the mails the batches owe, `recipients` representatives per transaction. A run
/// that fails part-way leaves whole batches claimed with their events and owed notices;
/// its rerun skips the claimed problems and mails the notices.
pub async fn sweep_in_batches(
    st: &AppState,
    now: DateTime<Utc>,
    batch: u64,
    recipients: u64,
) -> anyhow::Result<SweepReport> {
    run(st, now, Scope::All, batch, recipients).await
}

/// [`sweep_in_batches`] over the problems of `scope`.
#[tracing::instrument(skip_all, fields(scope = ?scope))]
async fn run(
    st: &AppState,
    now: DateTime<Utc>,
    scope: Scope,
    batch: u64,
    recipients: u64,
) -> anyhow::Result<SweepReport> {
    let policies = policies(st);
    let mut report = SweepReport::default();
    let mut after = 0;
    loop {
        let done = claim::batch(&st.db, now, &policies, scope, after, batch, &mut report).await?;
        match done.last_id {
            Some(last) if done.read as u64 == batch => after = last,
            _ => break,
        }
    }
    let result = notices::send(st, now, recipients, &mut report).await;
    // The every-minute sweep finds nothing most of the time: no recount for that.
    if scope == Scope::All || report.overdue + report.escalated > 0 {
        st.stats.changed();
    }
    if report.mails > 0 {
        st.mail_ready.notify_one();
    }
    result.map(|()| report)
}
