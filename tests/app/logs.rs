//! Issue 15, finding 8: what the binary writes on standard error. Commands other than
//! `serve` are silent when they succeed; `serve` says in one line what it runs, without
//! the libraries' chatter (migration notices, the scheduler's start-up).

use crate::cli::{civic, command};
use crate::helpers::spawn_app;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Lines no default log shows: PostgreSQL's notice on every start, sea-orm-migration's and
/// tokio-cron-scheduler's progress.
const NOISE: [&str; 5] = [
    "seaql_migrations",
    "Uninited",
    "Job creator",
    "pending migrations",
    "Applying",
];

#[tokio::test]
async fn a_successful_command_writes_nothing_on_stderr_even_on_a_migrated_database() {
    let app = spawn_app().await;
    // The test app has migrated the database: twice on an up-to-date schema.
    for round in 1..=2 {
        let out = civic(
            &app,
            &[
                "user",
                "add",
                "--email",
                "quiet@league.kz",
                "--role",
                "monitor",
            ],
        );
        assert!(out.status.success(), "round {round}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "round {round}");
        assert!(!out.stdout.is_empty(), "the result is on stdout");
    }
    let out = civic(&app, &["jobs", "list"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    // A new database: `migrate` says on stdout what it did, and nothing on stderr.
    let file = std::env::temp_dir().join(format!(
        "ct-quiet-{}-{}.db",
        std::process::id(),
        civic_tracker::auth::random_token(4)
    ));
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let migrate = || {
        command(&app, &["migrate"])
            .env("CIVIC_DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let out = migrate();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("applied ") && stdout.contains("m20261128_000001_core"),
        "{stdout}"
    );
    let out = migrate();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "the database is up to date\n"
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

#[tokio::test]
async fn serve_starts_with_one_line_saying_what_it_runs_and_no_library_chatter() {
    let app = spawn_app().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = command(&app, &["serve"])
        .env("CIVIC_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !lines.iter().any(|l: &String| l.contains("started")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(_) => break,
        }
    }
    // A moment more for anything logged right after the start.
    std::thread::sleep(Duration::from_millis(500));
    child.kill().unwrap();
    child.wait().unwrap();
    lines.extend(rx.try_iter());
    let all = lines.join("\n");

    let started: Vec<&String> = lines.iter().filter(|l| l.contains("started")).collect();
    assert_eq!(started.len(), 1, "one start line: {all}");
    let line = started[0];
    let url = app.state.config.database.url.expose();
    let kind = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    for part in [
        " INFO ".to_string(),
        format!("version={}", env!("CARGO_PKG_VERSION")),
        format!("database={kind}"),
        format!("listen=127.0.0.1:{port}"),
        format!(
            "mail=\"files in {}\"",
            std::env::temp_dir().join("ct-cli-mail").display()
        ),
        "scheduler=on".to_string(),
    ] {
        assert!(line.contains(&part), "{part:?} in {line}");
    }
    assert!(!line.contains(url), "never the database URL: {line}");
    assert!(!all.contains('\u{1b}'), "no colours in a pipe: {all:?}");
    for noise in NOISE {
        assert!(!all.contains(noise), "{noise:?} in:\n{all}");
    }
}
