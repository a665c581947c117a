//! Prometheus metrics: the process's one recorder, the names of what it records, and the
//! exposition text a scrape answers with (served by `crate::http::metrics`, configured in
//! `[metrics]`).
//!
//! What happens in the process (requests, mail outcomes, job runs) is counted as it
//! happens, in the process-global recorder of the `metrics` crate, installed once by
//! [`install`] when `[metrics]` is on; with it off nothing is installed and every
//! `counter!`/`histogram!` is a no-op. What the database holds (problems by status, the
//! outbox) and the pools' usage are read at scrape time into [`Gauges`] and rendered by a
//! recorder of the scrape's own, so that two apps in one process (the tests) never show
//! each other's figures.
//!
//! Labels are bounded sets: route templates, never raw paths (a path can carry a token),
//! and no e-mail address, token or id anywhere.

use crate::domain::schedule::JobName;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

/// Requests answered: `method`, `route` (the route template or `unmatched`), `status`.
pub const HTTP_REQUESTS: &str = "http_requests_total";
/// Seconds from a request's arrival to its answer's headers: `method`, `route`.
pub const HTTP_DURATION: &str = "http_request_duration_seconds";
/// Mails the SMTP server accepted.
pub const MAIL_SENT: &str = "civic_mail_sent_total";
/// Failed sending attempts that count against their mail (dead-lettered ones included;
/// an unreachable server counts against none).
pub const MAIL_FAILED: &str = "civic_mail_failed_total";
/// Mails dead-lettered.
pub const MAIL_DEAD: &str = "civic_mail_dead_total";
/// Job runs that did their work: `job`, `outcome` (`ok` or `error`).
pub const JOB_RUNS: &str = "civic_job_runs_total";
/// Seconds a job run's work took: `job`.
pub const JOB_DURATION: &str = "civic_job_duration_seconds";
/// Problems by `status`, read at scrape time.
pub const PROBLEMS: &str = "civic_problems";
/// Mails waiting to be sent (due or waiting for a retry).
pub const OUTBOX_PENDING: &str = "civic_outbox_pending";
/// How long the oldest pending mail has waited; 0 when none waits.
pub const OUTBOX_OLDEST: &str = "civic_outbox_oldest_pending_seconds";
/// Dead-lettered mails still in the outbox.
pub const OUTBOX_DEAD: &str = "civic_outbox_dead";
/// A pool's connections by `pool` and `state` (`idle`, `in_use`).
pub const POOL_CONNECTIONS: &str = "civic_db_pool_connections";
/// The most connections a `pool` opens.
pub const POOL_MAX: &str = "civic_db_pool_max_connections";

/// Web latencies, 5 ms to 10 s (the request timeout's default is 30 s: beyond 10 s is
/// `+Inf`, which is trouble enough).
const HTTP_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Job runs, 10 ms (an idle outbox pass) to 30 minutes (a job's lease).
const JOB_BUCKETS: &[f64] = &[
    0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 1800.0,
];

/// How often histogram samples are folded into their buckets between scrapes, so that
/// they do not pile up in memory.
const UPKEEP: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

fn builder() -> PrometheusBuilder {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.into()), HTTP_BUCKETS)
        .and_then(|b| b.set_buckets_for_metric(Matcher::Full(JOB_DURATION.into()), JOB_BUCKETS))
        .expect("bucket lists are not empty")
}

/// Installs the process's recorder (the first call; later ones return the same handle).
/// Counters that should read 0 before their first event are registered here, so that a
/// scrape shows them from the start.
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = builder().build_recorder();
            let handle = recorder.handle();
            if ::metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is installed: /metrics stays empty");
            }
            describe();
            for name in [MAIL_SENT, MAIL_FAILED, MAIL_DEAD] {
                ::metrics::counter!(name).increment(0);
            }
            for job in JobName::ALL {
                for outcome in ["ok", "error"] {
                    ::metrics::counter!(JOB_RUNS, "job" => job.as_str(), "outcome" => outcome)
                        .increment(0);
                }
            }
            let upkeep = handle.clone();
            let spawned = std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(UPKEEP);
                        upkeep.run_upkeep();
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!("cannot start the metrics upkeep thread: {e}");
            }
            handle
        })
        .clone()
}

fn describe() {
    use ::metrics::{describe_counter, describe_histogram};
    describe_counter!(
        HTTP_REQUESTS,
        "Requests answered, by method, route template and status."
    );
    describe_histogram!(
        HTTP_DURATION,
        ::metrics::Unit::Seconds,
        "Time from a request's arrival to its answer, by method and route template."
    );
    describe_counter!(MAIL_SENT, "Mails the SMTP server accepted.");
    describe_counter!(
        MAIL_FAILED,
        "Failed attempts to send a mail (dead-lettered ones included)."
    );
    describe_counter!(MAIL_DEAD, "Mails dead-lettered.");
    describe_counter!(
        JOB_RUNS,
        "Scheduled job runs, by job and outcome (ok or error)."
    );
    describe_histogram!(
        JOB_DURATION,
        ::metrics::Unit::Seconds,
        "Time a job run's work took, by job."
    );
}

/// Counts one answered request. `route` is a route template (or `unmatched`), never the
/// request's path.
pub fn request(method: &'static str, route: String, status: u16, took: Duration) {
    ::metrics::histogram!(HTTP_DURATION, "method" => method, "route" => route.clone())
        .record(took.as_secs_f64());
    ::metrics::counter!(HTTP_REQUESTS, "method" => method, "route" => route,
                        "status" => status.to_string())
    .increment(1);
}

/// Counts the outcomes of delivery attempts (an unreachable server counts in none).
pub fn mail_outcomes(sent: usize, failed: usize, dead: usize) {
    for (name, n) in [(MAIL_SENT, sent), (MAIL_FAILED, failed), (MAIL_DEAD, dead)] {
        if n > 0 {
            ::metrics::counter!(name).increment(n as u64);
        }
    }
}

/// Counts a job run that did its work, with how long that took.
pub fn job_run(job: JobName, ok: bool, took: Duration) {
    let outcome = if ok { "ok" } else { "error" };
    ::metrics::counter!(JOB_RUNS, "job" => job.as_str(), "outcome" => outcome).increment(1);
    ::metrics::histogram!(JOB_DURATION, "job" => job.as_str()).record(took.as_secs_f64());
}

/// One connection pool's usage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUsage {
    /// `primary` (writes and most reads), `read` (SQLite's read-only connections),
    /// `submit` (PostgreSQL's connections for new problems).
    pub pool: &'static str,
    pub idle: u64,
    pub in_use: u64,
    pub max: u64,
}

/// What a scrape reads at its moment: from the database when it answered in time
/// (`database`), and the pools' usage.
#[derive(Clone, Debug, Default)]
pub struct Gauges {
    pub database: Option<DatabaseGauges>,
    pub pools: Vec<PoolUsage>,
}

/// The figures a scrape reads from the database.
#[derive(Clone, Debug, Default)]
pub struct DatabaseGauges {
    /// Every status with its count (0 included).
    pub problems: Vec<(&'static str, u64)>,
    pub outbox_pending: u64,
    pub outbox_oldest_pending_seconds: u64,
    pub outbox_dead: u64,
}

/// The exposition text of a scrape: the process's counters and histograms, then `gauges`.
pub fn render(gauges: &Gauges) -> String {
    let handle = install();
    handle.run_upkeep();
    let mut out = handle.render();
    let local = builder().build_recorder();
    let local_handle = local.handle();
    ::metrics::with_local_recorder(&local, || {
        use ::metrics::{describe_gauge, gauge};
        describe_gauge!(POOL_CONNECTIONS, "Database connections by pool and state.");
        describe_gauge!(POOL_MAX, "The most connections a pool opens.");
        for p in &gauges.pools {
            gauge!(POOL_CONNECTIONS, "pool" => p.pool, "state" => "idle").set(p.idle as f64);
            gauge!(POOL_CONNECTIONS, "pool" => p.pool, "state" => "in_use").set(p.in_use as f64);
            gauge!(POOL_MAX, "pool" => p.pool).set(p.max as f64);
        }
        let Some(db) = &gauges.database else {
            return;
        };
        describe_gauge!(PROBLEMS, "Problems by status.");
        describe_gauge!(OUTBOX_PENDING, "Mails waiting to be sent.");
        describe_gauge!(
            OUTBOX_OLDEST,
            ::metrics::Unit::Seconds,
            "How long the oldest pending mail has waited."
        );
        describe_gauge!(OUTBOX_DEAD, "Dead-lettered mails.");
        for (status, n) in &db.problems {
            gauge!(PROBLEMS, "status" => *status).set(*n as f64);
        }
        gauge!(OUTBOX_PENDING).set(db.outbox_pending as f64);
        gauge!(OUTBOX_OLDEST).set(db.outbox_oldest_pending_seconds as f64);
        gauge!(OUTBOX_DEAD).set(db.outbox_dead as f64);
    });
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&local_handle.render());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrape_time_gauges_are_rendered_with_their_labels() {
        let text = render(&Gauges {
            database: Some(DatabaseGauges {
                problems: vec![("new", 3), ("closed", 0)],
                outbox_pending: 2,
                outbox_oldest_pending_seconds: 90,
                outbox_dead: 1,
            }),
            pools: vec![PoolUsage {
                pool: "primary",
                idle: 1,
                in_use: 2,
                max: 10,
            }],
        });
        for line in [
            "# TYPE civic_problems gauge",
            "civic_problems{status=\"new\"} 3",
            "civic_problems{status=\"closed\"} 0",
            "civic_outbox_pending 2",
            "civic_outbox_oldest_pending_seconds 90",
            "civic_outbox_dead 1",
            "civic_db_pool_connections{pool=\"primary\",state=\"in_use\"} 2",
            "civic_db_pool_max_connections{pool=\"primary\"} 10",
            "# TYPE civic_mail_sent_total counter",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in:\n{text}");
        }
    }
}
