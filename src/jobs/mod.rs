//! Scheduled jobs. tokio-cron-scheduler is only the in-process timer; the guarantees come
//! from the database:
//!
//! - a job runs in one process at a time: a run takes a lease on its `job_runs` row with a
//!   conditional `UPDATE` (rows affected tells who won), on SQLite and PostgreSQL alike;
//! - a schedule tick is done once: each run records the tick it covered
//!   (`last_scheduled_for`), and a process that fires the same tick later finds it done;
//! - nothing is missed after downtime: on start, a job whose last covered tick is older
//!   than its latest due tick runs once for that tick (not once per missed tick);
//! - the work itself is idempotent per item (notices per problem and deadline, one digest
//!   per recipient and period, mail rows claimed one by one), so even two runs at once
//!   would not send anything twice.
//!
//! Every run, scheduled or from `civic-tracker jobs run`, reads the time from the app's
//! clock or from `--at`, never from the system clock directly.

pub mod outbox;
mod summary;
pub use summary::{Summary, stored_text};

use crate::app::AppState;
use crate::entities::job_run;
use crate::services::digest::DigestKind;
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use croner::Cron;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Set};

pub use crate::domain::schedule::{JobName, parse_schedule};

/// The job's parsed schedule from the configuration.
pub fn schedule_of(st: &AppState, job: JobName) -> Option<Cron> {
    st.config
        .jobs
        .get(job.as_str())
        .and_then(|j| parse_schedule(&j.schedule).ok().flatten())
}

/// Ticks are whole seconds. croner keeps the fraction of the time it starts from when that
/// second itself matches, so each process that fired the tick of 12:00:04 at its own
/// 12:00:04.2 and 12:00:04.4 would name a different tick, and each run it.
fn whole_second(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

/// The first tick after `t`.
pub fn next_tick(cron: &Cron, t: DateTime<Utc>, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    cron.find_next_occurrence(&whole_second(t).with_timezone(&tz), false)
        .ok()
        .map(|d| whole_second(d.with_timezone(&Utc)))
}

/// The latest tick at or before `t`.
pub fn latest_tick(cron: &Cron, t: DateTime<Utc>, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    cron.find_previous_occurrence(&whole_second(t).with_timezone(&tz), true)
        .ok()
        .map(|d| whole_second(d.with_timezone(&Utc)))
}

/// The latest tick in `(after, upto]`: the one tick a catch-up runs for.
pub fn missed_tick(
    cron: &Cron,
    after: DateTime<Utc>,
    upto: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Option<DateTime<Utc>> {
    latest_tick(cron, upto, tz).filter(|t| *t > after)
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ran {
    /// Done; the summary says what it did.
    Done { summary: String, millis: i64 },
    /// Another process holds the job.
    Busy { owner: String },
    /// The tick was already covered by an earlier run (in this or another process).
    AlreadyDone,
}

/// How long a run may hold its job before another process may take it over.
const LEASE: Duration = Duration::minutes(30);

fn process_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| format!("{}-{}", std::process::id(), crate::auth::random_token(4)))
}

/// What to run and for when.
#[derive(Clone, Copy, Debug)]
pub struct RunRequest {
    pub job: JobName,
    /// The time the job acts as of.
    pub at: DateTime<Utc>,
    /// The schedule tick this run covers; `None` for a manual run (which always runs).
    pub tick: Option<DateTime<Utc>>,
    /// Send digests again even if already sent for that period.
    pub force: bool,
}

impl RunRequest {
    /// The run for schedule tick `tick`, at `now`: a digest reports the period before its
    /// tick; the other jobs act on the state at `now`.
    fn for_tick(job: JobName, tick: DateTime<Utc>, now: DateTime<Utc>) -> RunRequest {
        RunRequest {
            job,
            at: if job.is_periodic() { tick } else { now },
            tick: Some(tick),
            force: false,
        }
    }
}

/// Runs a job once: takes the lease, does the work, records the outcome. The span is at
/// ERROR level so that the job's warnings carry its name under `RUST_LOG=warn` too.
#[tracing::instrument(level = "error", skip_all, fields(job = req.job.as_str()))]
pub async fn run(st: &AppState, req: RunRequest) -> anyhow::Result<Ran> {
    let name = req.job.as_str();
    let now = st.clock.now();
    job_run::Entity::insert(job_run::ActiveModel {
        name: Set(name.into()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(job_run::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&st.db)
    .await?;
    let me = process_id();
    let taken = job_run::Entity::update_many()
        .col_expr(job_run::Column::LeaseUntil, (now + LEASE).into())
        .col_expr(job_run::Column::LeaseOwner, me.into())
        .col_expr(job_run::Column::LastStartedAt, now.into())
        .filter(job_run::Column::Name.eq(name))
        .filter(
            Condition::any()
                .add(job_run::Column::LeaseUntil.is_null())
                .add(job_run::Column::LeaseUntil.lt(now)),
        )
        .exec(&st.db)
        .await?;
    let row = job_run::Entity::find_by_id(name.to_string())
        .one(&st.db)
        .await?
        .context("job row vanished")?;
    if taken.rows_affected != 1 {
        return Ok(Ran::Busy {
            owner: row.lease_owner.unwrap_or_default(),
        });
    }
    if let (Some(tick), Some(done)) = (req.tick, row.last_scheduled_for)
        && done >= tick
    {
        release(st, name, None).await?;
        return Ok(Ran::AlreadyDone);
    }
    let started = std::time::Instant::now();
    let result = work(st, &req).await;
    crate::metrics::job_run(req.job, result.is_ok(), started.elapsed());
    let millis = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let finished = st.clock.now();
    let (outcome, summary) = match &result {
        Ok(s) => ("ok", s.encode()),
        Err(e) => ("error", format!("{e:#}")),
    };
    // A scheduled run covers its tick; a manual one the latest tick up to its time, unless
    // that time is in the future (a test of what will happen must not hide a real run).
    let covered = match req.tick {
        Some(t) => Some(t),
        None if req.at <= now => {
            schedule_of(st, req.job).and_then(|c| latest_tick(&c, req.at, st.tz))
        }
        None => None,
    };
    job_run::Entity::update_many()
        .col_expr(job_run::Column::LastFinishedAt, finished.into())
        .col_expr(job_run::Column::LastOutcome, outcome.into())
        .col_expr(job_run::Column::LastSummary, summary.clone().into())
        .col_expr(job_run::Column::LastDurationMs, millis.into())
        .filter(job_run::Column::Name.eq(name))
        .exec(&st.db)
        .await?;
    let covered =
        covered.filter(|c| result.is_ok() && row.last_scheduled_for.is_none_or(|d| d < *c));
    release(st, name, covered).await?;
    // The tick a scheduled run covered, in the log: each is run by one process.
    let tick = req.tick.map_or_else(String::new, |t| t.to_rfc3339());
    match result {
        Ok(summary) => {
            let summary = summary.to_string();
            // The outbox runs every few seconds and logs each mail itself.
            if req.job == JobName::Outbox {
                tracing::debug!(job = name, millis, %summary, %tick, "job done");
            } else {
                tracing::info!(job = name, millis, %summary, %tick, "job done");
            }
            Ok(Ran::Done { summary, millis })
        }
        Err(e) => {
            // A database out of reach is an outage to wait out, not a bug.
            if crate::error::caused_by_out_of_reach(&e) {
                tracing::warn!(job = name, millis, error = %format!("{e:#}"), "job failed");
            } else {
                tracing::error!(job = name, millis, error = %format!("{e:#}"), "job failed");
            }
            Err(e)
        }
    }
}

/// Gives up the leases this process still holds (a run cut short at shutdown), so that
/// another process can run those jobs at once instead of when the lease would expire.
pub async fn release_held(st: &AppState) -> Result<u64, sea_orm::DbErr> {
    let r = job_run::Entity::update_many()
        .col_expr(
            job_run::Column::LeaseUntil,
            Option::<DateTime<Utc>>::None.into(),
        )
        .col_expr(job_run::Column::LeaseOwner, Option::<String>::None.into())
        .filter(job_run::Column::LeaseOwner.eq(process_id()))
        .exec(&st.db)
        .await?;
    Ok(r.rows_affected)
}

async fn release(
    st: &AppState,
    name: &str,
    covered: Option<DateTime<Utc>>,
) -> Result<(), sea_orm::DbErr> {
    let mut upd = job_run::Entity::update_many()
        .col_expr(
            job_run::Column::LeaseUntil,
            Option::<DateTime<Utc>>::None.into(),
        )
        .col_expr(job_run::Column::LeaseOwner, Option::<String>::None.into());
    if let Some(c) = covered {
        upd = upd.col_expr(job_run::Column::LastScheduledFor, c.into());
    }
    upd.filter(job_run::Column::Name.eq(name))
        .filter(job_run::Column::LeaseOwner.eq(process_id()))
        .exec(&st.db)
        .await?;
    Ok(())
}

/// The work of each job; returns its figures.
async fn work(st: &AppState, req: &RunRequest) -> anyhow::Result<Summary> {
    let at = req.at;
    Ok(match req.job {
        JobName::Sla => crate::services::sla::sweep(st, at).await?.summary(),
        JobName::SlaVotingDay => crate::services::sla::sweep_voting_day(st, at)
            .await?
            .summary(),
        JobName::CitizenCheck => crate::services::sla::citizen_check(st, at).await?.summary(),
        JobName::DigestDaily => {
            crate::services::digest::send_digests(st, DigestKind::Daily, at, req.force)
                .await?
                .summary()
        }
        JobName::DigestWeekly => {
            crate::services::digest::send_digests(st, DigestKind::Weekly, at, req.force)
                .await?
                .summary()
        }
        JobName::RepSummary => crate::services::digest::send_rep_summaries(st, at, req.force)
            .await?
            .summary(),
        JobName::Purge => {
            let purged = crate::services::intake::purge_unconfirmed(
                &st.db,
                at,
                st.config.app.unconfirmed_retention_days,
            )
            .await?;
            let photos = crate::services::media::remove_stored(st, &purged.media_urls).await?
                + crate::services::photos::remove_of_problems(st, &purged.problem_ids).await?;
            let erased = crate::services::personal_data::erase_expired(st, at).await?;
            let replies = crate::services::inbound::forget_old(st, at).await?;
            Summary::default()
                .with("purged", purged.problems)
                .with("photos_removed", photos)
                .with("replies_forgotten", replies)
                .with("contacts_erased", erased.problems)
        }
        JobName::LedgerCheckpoint => {
            let (c, written) = crate::services::ledger::checkpoint(&st.db, at, st.tz).await?;
            Summary::default()
                .with("ledger_seq", c.seq)
                .with("checkpoints_new", i64::from(written))
        }
        JobName::ElectionReport => crate::services::election_report::mail_due(st, at)
            .await?
            .summary(),
        JobName::Inbound => {
            // Due as of each claim's own reading of the clock, like the outbox.
            let done = crate::services::inbound::apply_due(st).await?;
            Summary::default()
                .with("applied", done.applied)
                .with("failed", done.failed)
        }
        JobName::Outbox => {
            // Due as of each claim's own reading of the clock, not the tick's `at`: a pass
            // through a large backlog runs for minutes.
            let total = outbox::run_once(st).await?;
            let summary = Summary::default()
                .with("sent", total.sent)
                .with("failed", total.failed)
                .with("dead", total.dead);
            if total.unreachable {
                summary.with("unreachable", 1)
            } else {
                summary
            }
        }
    })
}

/// Runs, once each, the jobs whose latest due tick passed while no process ran them. A
/// job that never ran starts counting from now.
pub async fn catch_up(st: &AppState) -> anyhow::Result<()> {
    let now = st.clock.now();
    for job in JobName::ALL.into_iter().filter(|j| j.catches_up()) {
        let Some(cron) = schedule_of(st, job) else {
            continue;
        };
        let row = job_run::Entity::find_by_id(job.as_str().to_string())
            .one(&st.db)
            .await?;
        let Some(last) = row.as_ref().and_then(|r| r.last_scheduled_for) else {
            // Count from the latest tick before now (not from now itself), so that a tick
            // firing at this very moment still runs.
            let baseline = latest_tick(&cron, now - Duration::seconds(1), st.tz).unwrap_or(now);
            job_run::Entity::insert(job_run::ActiveModel {
                name: Set(job.as_str().into()),
                last_scheduled_for: Set(Some(baseline)),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::column(job_run::Column::Name)
                    .update_column(job_run::Column::LastScheduledFor)
                    .to_owned(),
            )
            .exec_without_returning(&st.db)
            .await?;
            continue;
        };
        if let Some(tick) = missed_tick(&cron, last, now, st.tz) {
            tracing::info!(job = job.as_str(), %tick, "catching up a run missed while down");
            if let Err(e) = run(st, RunRequest::for_tick(job, tick, now)).await {
                if crate::error::caused_by_out_of_reach(&e) {
                    tracing::warn!(job = job.as_str(), error = %format!("{e:#}"), "catch-up failed");
                } else {
                    tracing::error!(job = job.as_str(), error = %format!("{e:#}"), "catch-up failed");
                }
            }
        }
    }
    Ok(())
}

/// A scheduled firing: runs the job for its latest tick, unless the process is stopping.
async fn fire(st: AppState, job: JobName) {
    if st.shutdown.is_stopping() {
        return;
    }
    let _held = st.shutdown.hold();
    let now = st.clock.now();
    let Some(cron) = schedule_of(&st, job) else {
        return;
    };
    // The timer may wake a hair before its tick: a tick due within two seconds is this one.
    let tick = latest_tick(&cron, now + Duration::seconds(2), st.tz).unwrap_or(now);
    if let Err(e) = run(&st, RunRequest::for_tick(job, tick, now)).await {
        // While the database is away this fires every few seconds (the outbox).
        if crate::error::caused_by_out_of_reach(&e) {
            tracing::warn!(job = job.as_str(), error = %format!("{e:#}"), "scheduled run failed");
        } else {
            tracing::error!(job = job.as_str(), error = %format!("{e:#}"), "scheduled run failed");
        }
    }
}

/// Starts the timer for every enabled job, after catching up what was missed. Keep the
/// returned scheduler alive for as long as jobs should run.
pub async fn start(st: &AppState) -> anyhow::Result<tokio_cron_scheduler::JobScheduler> {
    let sched = tokio_cron_scheduler::JobScheduler::new()
        .await
        .context("starting the job scheduler")?;
    for job in JobName::ALL {
        if job == JobName::Outbox && !st.config.mail.deliver {
            continue;
        }
        let schedule = &st.config.jobs[job.as_str()].schedule;
        if schedule.trim().is_empty() {
            tracing::info!(job = job.as_str(), "job off (blank schedule)");
            continue;
        }
        let state = st.clone();
        let j = tokio_cron_scheduler::Job::new_async_tz(schedule.trim(), st.tz, move |_, _| {
            let state = state.clone();
            Box::pin(async move { fire(state, job).await })
        })
        .with_context(|| format!("jobs.{}.schedule", job.as_str()))?;
        sched.add(j).await.context("adding a job")?;
    }
    // Catch up now, and again every ten minutes: a run that failed, or that a crashed
    // process left holding its lease, is retried once the lease has expired. Holiday and
    // category edits made in another process reach this one within a minute.
    let bg = st.clone();
    tokio::spawn(async move {
        for round in 0u64.. {
            if bg.shutdown.is_stopping() {
                return;
            }
            if round % 10 == 0
                && let Err(e) = async {
                    let _held = bg.shutdown.hold();
                    catch_up(&bg).await
                }
                .await
            {
                if crate::error::caused_by_out_of_reach(&e) {
                    tracing::warn!(error = %format!("{e:#}"), "catch-up failed");
                } else {
                    tracing::error!(error = %format!("{e:#}"), "catch-up failed");
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            if let Err(e) = bg.reload_reference().await {
                tracing::warn!(error = %e, "reloading reference data failed");
            }
        }
    });
    sched.start().await.context("starting the job scheduler")?;
    Ok(sched)
}

/// A job as `jobs list` and the admin page show it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct JobStatus {
    pub name: &'static str,
    pub schedule: String,
    pub enabled: bool,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_outcome: Option<String>,
    pub last_summary: Option<String>,
    pub last_duration_ms: Option<i64>,
    pub running_until: Option<DateTime<Utc>>,
    pub next_run: Option<DateTime<Utc>>,
}

/// Every job with its schedule and last/next run.
pub async fn list(st: &AppState) -> anyhow::Result<Vec<JobStatus>> {
    let rows = job_run::Entity::find().all(&st.db).await?;
    let now = st.clock.now();
    Ok(JobName::ALL
        .into_iter()
        .map(|job| {
            let row = rows.iter().find(|r| r.name == job.as_str());
            let cron = schedule_of(st, job);
            JobStatus {
                name: job.as_str(),
                schedule: st.config.jobs[job.as_str()].schedule.clone(),
                enabled: cron.is_some(),
                last_started_at: row.and_then(|r| r.last_started_at),
                last_finished_at: row.and_then(|r| r.last_finished_at),
                last_outcome: row.and_then(|r| r.last_outcome.clone()),
                last_summary: row.and_then(|r| r.last_summary.clone()),
                last_duration_ms: row.and_then(|r| r.last_duration_ms),
                running_until: row.and_then(|r| r.lease_until).filter(|u| *u > now),
                next_run: cron.and_then(|c| next_tick(&c, now, st.tz)),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn schedules_parse_like_the_scheduler_and_blank_is_off() {
        assert!(parse_schedule("").unwrap().is_none());
        assert!(parse_schedule("  ").unwrap().is_none());
        assert!(parse_schedule("0 0 8 * * Mon").unwrap().is_some());
        // Without the seconds field it is refused rather than silently shifted.
        assert!(parse_schedule("0 8 * * Mon").is_err());
        assert!(parse_schedule("every day").is_err());
    }

    #[test]
    fn a_tick_is_a_whole_second_whenever_in_it_a_process_fires() {
        let tz = chrono_tz::Asia::Almaty;
        let every_2s = parse_schedule("*/2 * * * * *").unwrap().unwrap();
        for late in ["2026-12-03T23:28:24.056Z", "2026-12-03T23:28:24.249Z"] {
            assert_eq!(
                latest_tick(&every_2s, utc(late), tz),
                Some(utc("2026-12-03T23:28:24Z")),
                "{late}"
            );
            assert_eq!(
                next_tick(&every_2s, utc(late), tz),
                Some(utc("2026-12-03T23:28:26Z"))
            );
        }
    }

    #[test]
    fn ticks_are_local_time() {
        let tz = chrono_tz::Asia::Almaty;
        let daily = parse_schedule("0 0 8 * * *").unwrap().unwrap();
        // 08:00 in Almaty is 03:00 UTC.
        assert_eq!(
            next_tick(&daily, utc("2026-11-28T02:00:00Z"), tz),
            Some(utc("2026-11-28T03:00:00Z"))
        );
        assert_eq!(
            latest_tick(&daily, utc("2026-11-28T03:00:00Z"), tz),
            Some(utc("2026-11-28T03:00:00Z"))
        );
        let weekly = parse_schedule("0 0 8 * * Mon").unwrap().unwrap();
        // Saturday 28 November 2026 → Monday 30 November.
        assert_eq!(
            next_tick(&weekly, utc("2026-11-28T10:00:00Z"), tz),
            Some(utc("2026-11-30T03:00:00Z"))
        );
    }

    #[test]
    fn downtime_catches_up_the_latest_missed_tick_once() {
        let tz = chrono_tz::Asia::Almaty;
        let daily = parse_schedule("0 0 8 * * *").unwrap().unwrap();
        // Last covered Monday 08:00; down until Thursday 10:00: only Thursday's tick runs.
        assert_eq!(
            missed_tick(
                &daily,
                utc("2026-11-23T03:00:00Z"),
                utc("2026-11-26T05:00:00Z"),
                tz
            ),
            Some(utc("2026-11-26T03:00:00Z"))
        );
        // Nothing missed: the latest tick is the one already covered.
        assert_eq!(
            missed_tick(
                &daily,
                utc("2026-11-26T03:00:00Z"),
                utc("2026-11-26T20:00:00Z"),
                tz
            ),
            None
        );
    }
}
