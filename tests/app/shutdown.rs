//! Graceful shutdown (issue 16): on SIGTERM or SIGINT `serve` stops accepting connections,
//! finishes the requests under way, lets the mail lanes end after the mail each is sending
//! and leaves the rest in the outbox, gives back every claim and lease, and exits 0 within
//! `server.shutdown_timeout_seconds`.
//!
//! The test runs the real binary against the test's database and SMTP sink, files problems
//! from eight clients, and stops it in the middle of that.

use crate::cli::command;
use crate::helpers::{TestApp, problem_body, spawn_app};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `serve` process of the test's database, delivering to the test's SMTP sink.
pub(crate) struct Served {
    pub child: Child,
    pub base: String,
    /// Everything it wrote on standard error so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Starts `serve` with `args` and the environment `env`, and waits until it answers.
    /// The port is one the system had free a moment before; when another test took it
    /// meanwhile (the process exits: address in use), another is tried.
    pub async fn start(app: &TestApp, args: &[&str], env: &[(&str, &str)]) -> Served {
        for _ in 0..3 {
            match Self::try_start(app, args, env).await {
                Ok(served) => return served,
                Err(lines) if lines.iter().any(|l| l.contains("in use")) => continue,
                Err(lines) => panic!("serve exited: {lines:?}"),
            }
        }
        panic!("no free port for serve after three tries");
    }

    async fn try_start(
        app: &TestApp,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Served, Vec<String>> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = command(app, &[&["serve"], args].concat());
        cmd.env("CIVIC_LISTEN", format!("127.0.0.1:{port}"))
            .env("CIVIC_BASE_URL", format!("http://127.0.0.1:{port}"))
            .env(
                "CIVIC_SMTP_URL",
                format!("smtp://127.0.0.1:{}", app.smtp.port),
            )
            .env("CIVIC_LIMITS__ENABLED", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("serve starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let pipe = child.stderr.take().unwrap();
        let lines = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                lines.lock().unwrap().push(line.unwrap_or_default());
            }
        });
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(format!("{base}/healthz")).send().await
                && r.status().is_success()
            {
                break;
            }
            if let Some(status) = child.try_wait().unwrap() {
                // What it wrote last, once its standard error is read to the end.
                std::thread::sleep(Duration::from_millis(200));
                let mut lines = stderr.lock().unwrap().clone();
                lines.push(format!("exit status: {status}"));
                return Err(lines);
            }
            assert!(Instant::now() < deadline, "serve did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(Served {
            child,
            base,
            stderr,
        })
    }

    /// Sends `signal` (e.g. "TERM") and waits for the process to end; the exit status and
    /// how long it took.
    pub async fn stop(&mut self, signal: &str) -> (std::process::ExitStatus, Duration) {
        let sent = Instant::now();
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, sent.elapsed());
            }
            assert!(
                sent.elapsed() < Duration::from_secs(60),
                "still running a minute after SIG{signal}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn log(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client's answer: its status and the problem id it gave.
type Answer = (u16, Option<i64>);

/// The first column of `sql`'s rows.
async fn ints(app: &TestApp, sql: &str) -> Vec<i64> {
    app.integers(sql).await.into_iter().map(|r| r[0]).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_under_load_keeps_every_answered_problem_and_leaves_nothing_half_done() {
    let app = spawn_app().await;
    let mut served = Served::start(
        &app,
        &[],
        &[("CIVIC_SERVER__SHUTDOWN_TIMEOUT_SECONDS", "10")],
    )
    .await;

    // Eight clients file problems, each over its own kept-alive connection, until the
    // server is gone; every answer is kept.
    let stop = Arc::new(AtomicBool::new(false));
    let answers: Arc<Mutex<Vec<Answer>>> = Arc::default();
    let mut clients = Vec::new();
    for c in 0..8 {
        let (base, stop, answers) = (served.base.clone(), stop.clone(), answers.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for n in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let mut body = problem_body("KZ-75", "roads");
                body["email"] = format!("c{c}-{n}@example.kz").into();
                let res = client
                    .post(format!("{base}/api/v1/problems"))
                    .json(&body)
                    .send()
                    .await;
                match res {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        let v: serde_json::Value = res.json().await.unwrap_or_default();
                        answers.lock().unwrap().push((status, v["id"].as_i64()));
                    }
                    // Refused or closed: the server has stopped accepting.
                    Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let before = answers.lock().unwrap().len();
    let (status, took) = served.stop("TERM").await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let log = served.log();
    assert!(status.success(), "exit {status}: {log}");
    assert!(took < Duration::from_secs(12), "took {took:?}: {log}");
    assert!(log.contains("SIGTERM") && log.contains("stopped"), "{log}");
    assert!(!log.contains("cut off"), "nothing needed the bound: {log}");

    let answers = answers.lock().unwrap().clone();
    assert!(before >= 16, "the clients were filing: {before} answers");
    let refused: Vec<_> = answers.iter().filter(|(s, _)| *s != 201).collect();
    assert!(refused.is_empty(), "every answer was a 201: {refused:?}");
    let answered: BTreeSet<i64> = answers.iter().filter_map(|(_, id)| *id).collect();
    assert_eq!(answered.len(), answers.len(), "one id per answer");

    // Every answered problem is stored, and nothing the clients were not told about.
    let stored: BTreeSet<i64> = ints(&app, "SELECT CAST(id AS BIGINT) FROM problems")
        .await
        .into_iter()
        .collect();
    assert_eq!(stored, answered);
    // Nothing half-done: each has its history and its confirmation mail.
    let without_event = ints(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM problems p WHERE NOT EXISTS \
         (SELECT 1 FROM problem_events e WHERE e.problem_id = p.id)",
    )
    .await;
    assert_eq!(without_event, [0]);
    let mails = ints(&app, "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox").await;
    assert_eq!(mails, [stored.len() as i64], "one confirmation per problem");
    // No claim or lease outlives the process; what was not sent waits in the outbox.
    let claimed = ints(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE claimed_by IS NOT NULL \
         OR claimed_until IS NOT NULL",
    )
    .await;
    assert_eq!(claimed, [0], "{log}");
    let leased = ints(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM job_runs WHERE lease_owner IS NOT NULL",
    )
    .await;
    assert_eq!(leased, [0]);
    let sent = ints(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE state = 'sent'",
    )
    .await;
    let received = app.smtp.mails.lock().unwrap().len() as i64;
    assert_eq!(sent, [received], "each sent mail reached the sink once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_stops_an_idle_server_at_once_and_refuses_new_connections() {
    let app = spawn_app().await;
    let mut served = Served::start(&app, &["--no-scheduler"], &[]).await;
    let (status, took) = served.stop("INT").await;
    assert!(status.success(), "{}", served.log());
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(served.log().contains("SIGINT"), "{}", served.log());
    let again = reqwest::Client::new()
        .get(format!("{}/healthz", served.base))
        .send()
        .await;
    assert!(again.is_err(), "nothing listens any more");
}
