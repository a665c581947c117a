//! Several replicas (issue 16): three `serve` processes on one PostgreSQL database, every
//! one with its scheduler and mail worker on, under mixed load from the test's clients
//! only (no proxy): citizens file problems on any of them and confirm from the mail, a
//! representative acknowledges (some problems on two replicas at the same moment), readers
//! read lists, pages and dashboards. Afterwards no problem, event or mail is lost or
//! doubled and each job tick ran in one process only.
//!
//! PostgreSQL only (`TEST_DATABASE_URL`); SQLite is for one process. The load lasts
//! `CIVIC_REPLICAS_SECONDS` (default 15); the figures (requests, p50/p99 latency per kind,
//! each process's peak memory) are printed, and `bench/replicas.sh` runs it longer.

use crate::helpers::{TestApp, problem_body, spawn_app};
use crate::shutdown::Served;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the clients saw: per kind of request, each answer's status and time.
#[derive(Default)]
struct Seen {
    answers: BTreeMap<&'static str, Vec<(u16, Duration)>>,
    /// Ids of problems answered 201.
    filed: BTreeSet<i64>,
    /// Problems acknowledged twice at once: how many of the two attempts succeeded.
    raced: Vec<usize>,
    /// Problems acknowledged: public, for the readers.
    acked: Vec<i32>,
}

impl Seen {
    fn note(&mut self, kind: &'static str, status: u16, took: Duration) {
        self.answers.entry(kind).or_default().push((status, took));
    }
}

type Shared = Arc<Mutex<Seen>>;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The peak resident memory of process `pid` in MiB (Linux).
fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb / 1024.0
}

async fn timed(
    seen: &Shared,
    kind: &'static str,
    req: reqwest::RequestBuilder,
) -> Option<reqwest::Response> {
    let t = Instant::now();
    let res = req.send().await.ok()?;
    seen.lock()
        .unwrap()
        .note(kind, res.status().as_u16(), t.elapsed());
    Some(res)
}

/// Presses a confirmation link: its page, then its button.
async fn confirm(seen: &Shared, link: &str) {
    let b = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let Some(page) = timed(seen, "confirm page", b.get(link)).await else {
        return;
    };
    let csrf = TestApp::csrf_of(&page.text().await.unwrap());
    timed(seen, "confirm", b.post(link).form(&[("csrf", &csrf)])).await;
}

/// The first two columns of `sql`'s rows.
async fn count(app: &TestApp, sql: &str) -> Vec<(i64, i64)> {
    app.integers(sql)
        .await
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_under_mixed_load_lose_and_double_nothing() {
    let app = spawn_app().await;
    if !app
        .state
        .config
        .database
        .url
        .expose()
        .starts_with("postgres")
    {
        eprintln!("three replicas need PostgreSQL (TEST_DATABASE_URL): not run on SQLite");
        return;
    }
    let seconds: u64 = std::env::var("CIVIC_REPLICAS_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    app.rep("rep@league.kz", "Rep", Some("KZ-75"), None).await;
    let rep_token = app.token("rep@league.kz").await;
    // Two per-tick jobs every two seconds, in all three processes.
    let every_2s = "*/2 * * * * *";
    let env = [
        ("CIVIC_JOBS__SLA__SCHEDULE", every_2s),
        ("CIVIC_JOBS__CITIZEN_CHECK__SCHEDULE", every_2s),
    ];
    let mut replicas = Vec::new();
    for _ in 0..3 {
        replicas.push(Served::start(&app, &[], &env).await);
    }
    let bases: Arc<Vec<String>> = Arc::new(replicas.iter().map(|r| r.base.clone()).collect());
    let seen: Shared = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = tokio::task::JoinSet::new();

    // Four citizens filing, each on the next replica in turn.
    for c in 0..4usize {
        let (bases, seen, stop) = (bases.clone(), seen.clone(), stop.clone());
        clients.spawn(async move {
            let client = reqwest::Client::new();
            for n in 0usize.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let mut body = problem_body("KZ-75", "roads");
                body["email"] = format!("c{c}-{n}@example.kz").into();
                let base = &bases[(c + n) % 3];
                let req = client.post(format!("{base}/api/v1/problems")).json(&body);
                if let Some(res) = timed(&seen, "file", req).await {
                    let v: serde_json::Value = res.json().await.unwrap_or_default();
                    if let Some(id) = v["id"].as_i64() {
                        seen.lock().unwrap().filed.insert(id);
                    }
                }
            }
        });
    }
    // The citizens confirm from their mail, on whichever replica wrote it.
    {
        let (smtp, seen, stop) = (app.smtp.clone(), seen.clone(), stop.clone());
        clients.spawn(async move {
            let mut done = 0;
            while !stop.load(Ordering::Relaxed) {
                let links: Vec<String> = {
                    let mails = smtp.mails.lock().unwrap();
                    let new = mails[done..]
                        .iter()
                        .filter(|m| m.text.contains("/confirm/"))
                        .map(|m| m.raw_link("http://127.0.0.1:"))
                        .collect();
                    done = mails.len();
                    new
                };
                for link in links {
                    confirm(&seen, &link).await;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
    }
    // The representative acknowledges what reached them; every third problem on two
    // replicas at the same moment.
    {
        let (bases, seen, stop) = (bases.clone(), seen.clone(), stop.clone());
        let db = app.state.db.clone();
        clients.spawn(async move {
            use sea_orm::{ConnectionTrait, Statement};
            let client = reqwest::Client::new();
            let mut turn = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let rows = db
                    .query_all_raw(Statement::from_string(
                        db.get_database_backend(),
                        "SELECT id FROM problems WHERE status = 'assigned' ORDER BY id LIMIT 20",
                    ))
                    .await
                    .unwrap();
                for row in rows {
                    let id: i32 = row.try_get_by_index(0).unwrap();
                    turn += 1;
                    let ack = |base: &str| {
                        client
                            .post(format!("{base}/api/v1/problems/{id}/actions"))
                            .bearer_auth(&rep_token)
                            .json(&json!({"action": "acknowledge"}))
                    };
                    seen.lock().unwrap().acked.push(id);
                    if turn % 3 == 0 {
                        let (a, b) = tokio::join!(
                            timed(&seen, "act (race)", ack(&bases[turn % 3])),
                            timed(&seen, "act (race)", ack(&bases[(turn + 1) % 3])),
                        );
                        let won = [a, b]
                            .iter()
                            .filter(|r| r.as_ref().is_some_and(|r| r.status().is_success()))
                            .count();
                        seen.lock().unwrap().raced.push(won);
                    } else {
                        timed(&seen, "act", ack(&bases[turn % 3])).await;
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
    }
    // Two readers: the list, the dashboard, a problem's page.
    for r in 0..2usize {
        let (bases, seen, stop) = (bases.clone(), seen.clone(), stop.clone());
        clients.spawn(async move {
            let client = reqwest::Client::new();
            for n in 0usize.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let base = &bases[(r + n) % 3];
                let acked = {
                    let seen = seen.lock().unwrap();
                    seen.acked.get(n % seen.acked.len().max(1)).copied()
                };
                let (kind, path) = match (n % 3, acked) {
                    (0, _) => ("read list", "/api/v1/problems?per_page=20".to_string()),
                    (1, _) | (_, None) => ("read dashboard", "/".to_string()),
                    (_, Some(id)) => ("read page", format!("/problems/{id}")),
                };
                timed(&seen, kind, client.get(format!("{base}{path}"))).await;
            }
        });
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    while let Some(done) = clients.join_next().await {
        done.unwrap();
    }

    // Every mail goes out (any replica's worker may send it), then the replicas stop.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pending = count(
            &app,
            "SELECT CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) FROM outbox \
             WHERE state <> 'sent'",
        )
        .await;
        if pending[0].0 == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} mails still unsent",
            pending[0].0
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut peaks = Vec::new();
    let mut logs = Vec::new();
    for r in &mut replicas {
        peaks.push(peak_rss_mib(r.child.id()));
        let (status, _) = r.stop("TERM").await;
        assert!(status.success(), "{}", r.log());
        logs.push(r.log());
    }

    let seen = std::mem::take(&mut *seen.lock().unwrap());
    let mut report = format!("three replicas, {seconds} s of mixed load:\n");
    for (kind, answers) in &seen.answers {
        let mut times: Vec<Duration> = answers.iter().map(|a| a.1).collect();
        times.sort();
        let statuses: BTreeMap<u16, usize> = answers.iter().fold(BTreeMap::new(), |mut m, a| {
            *m.entry(a.0).or_default() += 1;
            m
        });
        report += &format!(
            "  {kind:<15} {:>6} requests  p50 {:>7.1} ms  p99 {:>7.1} ms  {statuses:?}\n",
            answers.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
        );
    }
    report += &format!("  peak RSS per process (MiB): {peaks:.1?}\n");
    eprintln!("{report}");

    // Every kind of request answered without a server error; the plain ones all 2xx.
    for (kind, answers) in &seen.answers {
        let bad: Vec<_> = answers
            .iter()
            .filter(|a| a.0 >= 500 || (*kind != "act (race)" && a.0 >= 400))
            .collect();
        assert!(bad.is_empty(), "{kind}: {bad:?}\n{report}");
    }
    assert!(seen.filed.len() >= 20, "{report}");
    // Two acknowledgements at once: exactly one wins, whichever replicas they reach.
    assert!(!seen.raced.is_empty(), "{report}");
    assert!(seen.raced.iter().all(|w| *w == 1), "{:?}", seen.raced);
    assert!(peaks.iter().all(|p| *p < 150.0), "{report}");

    // Problems: exactly the ones answered 201.
    let stored: BTreeSet<i64> = count(
        &app,
        "SELECT CAST(id AS BIGINT), CAST(0 AS BIGINT) FROM problems",
    )
    .await
    .into_iter()
    .map(|r| r.0)
    .collect();
    assert_eq!(stored, seen.filed);
    // Events: one submission each, at most one confirmation and one acknowledgement.
    let doubled = count(
        &app,
        "SELECT CAST(problem_id AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM problem_events \
         WHERE action IN ('submit', 'confirm', 'acknowledge', 'route') \
         GROUP BY problem_id, action HAVING COUNT(*) > 1",
    )
    .await;
    assert!(doubled.is_empty(), "events twice: {doubled:?}");
    let acknowledged = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) FROM problem_events WHERE action = 'acknowledge'",
    )
    .await[0]
        .0;
    assert!(acknowledged > 0, "{report}");
    // Mail: every row sent, and each reached the SMTP server exactly once.
    let sent = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) FROM outbox",
    )
    .await[0]
        .0;
    let received = app.smtp.mails.lock().unwrap().clone();
    assert_eq!(received.len() as i64, sent, "mails received against rows");
    let mut confirmations: BTreeMap<String, usize> = BTreeMap::new();
    for m in received.iter().filter(|m| m.text.contains("/confirm/")) {
        *confirmations.entry(m.to.join(",")).or_default() += 1;
    }
    assert_eq!(confirmations.len(), seen.filed.len());
    assert!(confirmations.values().all(|n| *n == 1));
    // Job ticks: each ran in one process only, and the ticks came.
    let mut ticks: BTreeMap<String, usize> = BTreeMap::new();
    for line in logs.iter().flat_map(|l| l.lines()) {
        if let Some(done) = line.split("job done").nth(1)
            && let Some(at) = done.split("tick=").nth(1)
        {
            let job = done.split("job=").nth(1).unwrap_or("").split(' ').next();
            // To the second: a tick named with a fraction is still that second's tick.
            let unquote = |s: &str| s.trim_matches('"').chars().take(19).collect::<String>();
            let key = format!(
                "{} {}",
                unquote(job.unwrap_or("")),
                unquote(at.split(' ').next().unwrap())
            );
            *ticks.entry(key).or_default() += 1;
        }
    }
    let twice: Vec<_> = ticks.iter().filter(|t| *t.1 > 1).collect();
    assert!(twice.is_empty(), "ticks run twice: {twice:?}");
    let sla = ticks.keys().filter(|k| k.starts_with("sla ")).count() as u64;
    assert!(
        sla + 2 >= seconds / 2,
        "{sla} sla ticks in {seconds} s: {ticks:?}"
    );
}
