//! Backups taken while the service serves, restored: `civic-tracker backup` on SQLite, the
//! README's `pg_dump` / `pg_restore` commands on PostgreSQL. A service started on the copy
//! serves the same problems, timelines, users and tokens, and the copy holds exactly the
//! submissions committed before it was taken, each with its event and its mail.

use crate::cli::{civic, command};
use crate::helpers::{TestApp, json, problem_body, spawn_app, spawn_app_with};
use civic_tracker::auth::UserRole;
use civic_tracker::config::Secret;
use serde_json::{Value, json};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The tables a restore must bring back whole.
const TABLES: [&str; 7] = [
    "users",
    "auth_tokens",
    "routing_rules",
    "problems",
    "problem_events",
    "supports",
    "outbox",
];

/// What the database held before the load started: row counts, the public problem list and
/// each confirmed problem's public view with its timeline.
struct Filled {
    counts: Vec<i64>,
    list: Value,
    views: Vec<(i32, Value)>,
    rep_token: String,
}

/// Representatives, a coordinator, problems confirmed and moved along by the API, one
/// supporter and one problem left unconfirmed.
async fn fill(app: &TestApp) -> Filled {
    app.rep("rep@party.kz", "Aliya", Some("KZ-75"), Some("roads"))
        .await;
    app.rep("rep2@party.kz", "Bolat", Some("KZ-71"), None).await;
    app.user("coord@league.kz", "Dana", UserRole::Coordinator, &["KZ-75"])
        .await;
    let rep_token = app.token("rep@party.kz").await;
    let mut ids = Vec::new();
    for (i, region) in ["KZ-75", "KZ-75", "KZ-71", "KZ-75"].into_iter().enumerate() {
        let mut body = problem_body(region, "roads");
        body["email"] = json!(format!("citizen{i}@example.kz"));
        ids.push(app.file_confirmed(&body).await.0);
    }
    for (id, action) in [
        (ids[0], json!({"action": "acknowledge"})),
        (ids[0], json!({"action": "resolve", "note": "Fixed."})),
        (ids[1], json!({"action": "comment", "note": "On our list."})),
    ] {
        assert_eq!(app.act(&rep_token, id, action).await.status(), 200);
    }
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{}/supports", ids[1])))
        .json(&json!({"email": "neighbour@example.kz"}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    app.file(&problem_body("KZ-71", "roads")).await;
    app.deliver().await;
    let mut views = Vec::new();
    for id in ids {
        views.push((id, app.public(id).await));
    }
    Filled {
        counts: counts(app).await,
        list: json(&app.api, app.url("/api/v1/problems?per_page=100")).await,
        views,
        rep_token,
    }
}

async fn counts(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for t in TABLES {
        out.push(app.count(t).await);
    }
    out
}

/// Problems the load filed, in filing order (one client, one request at a time).
type Filed = Arc<Mutex<Vec<i32>>>;

/// Runs `take` (the backup command) while one client keeps filing problems through the API;
/// returns its output, every id filed, and how many were filed before `take` started and
/// when it ended.
async fn take_under_load(
    app: &TestApp,
    take: impl FnOnce() -> Output + Send + 'static,
) -> (Output, Vec<i32>, usize, usize) {
    let filed = Filed::default();
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (client, url, filed, stop) = (
            app.api.clone(),
            app.url("/api/v1/problems"),
            filed.clone(),
            stop.clone(),
        );
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let mut body = problem_body("KZ-75", "roads");
                body["email"] = json!(format!("load{n}@example.kz"));
                n += 1;
                let res = client.post(&url).json(&body).send().await.unwrap();
                assert_eq!(res.status(), 201);
                let v: Value = res.json().await.unwrap();
                filed.lock().unwrap().push(v["id"].as_i64().unwrap() as i32);
            }
        })
    };
    let filed_now = || filed.lock().unwrap().len();
    while filed_now() < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = filed_now();
    let out = tokio::task::spawn_blocking(take).await.unwrap();
    let after = filed_now();
    while filed_now() < after + 3 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    stop.store(true, Ordering::SeqCst);
    load.await.unwrap();
    let all = filed.lock().unwrap().clone();
    (out, all, before, after)
}

/// The restored service serves what `filled` saw, plus the first submissions of the load
/// (those committed before the copy was taken: at least `before`, at most `after` and one
/// in flight), each with its submit event and its confirmation mail; and the tokens work.
async fn serves_the_same(
    copy: &TestApp,
    filled: &Filled,
    filed: &[i32],
    before: usize,
    after: usize,
) {
    let extra = copy.count("problems").await - filled.counts[3];
    let k = usize::try_from(extra).unwrap();
    assert!(
        (before..=after + 1).contains(&k),
        "the copy is the database of one moment during the backup: {k} of the load's \
         problems, {before} filed before it began, {after} when it ended"
    );
    let ids: Vec<i64> = filed[..k].iter().map(|&i| i64::from(i)).collect();
    let in_copy = copy
        .count(&format!(
            "problems WHERE id IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ))
        .await;
    assert_eq!(
        in_copy, extra,
        "the copy holds the first {k} filed, no others"
    );
    let mut expected = filled.counts.clone();
    expected[3] += extra; // problems
    expected[4] += extra; // one submit event each
    expected[6] += extra; // one confirmation mail each
    assert_eq!(counts(copy).await, expected, "{TABLES:?}");
    assert_eq!(
        copy.count(
            "problems p WHERE NOT EXISTS (SELECT 1 FROM problem_events e WHERE e.problem_id = p.id)"
        )
        .await,
        0
    );
    assert_eq!(
        json(&copy.api, copy.url("/api/v1/problems?per_page=100")).await,
        filled.list
    );
    for (id, view) in &filled.views {
        assert_eq!(&copy.public(*id).await, view, "problem {id}");
    }
    // Users and their tokens came back too: the representative acts with the same token.
    let (id, _) = &filled.views[1];
    let res = copy
        .act(&filled.rep_token, *id, json!({"action": "acknowledge"}))
        .await;
    assert_eq!(res.status(), 200);
}

/// SQLite only: with `TEST_DATABASE_URL` set the suite runs on PostgreSQL, where `backup`
/// refuses (checked by [`postgres_backup_is_pg_dump_and_pg_restore`]).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_taken_while_serving_restores_the_same_data() {
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        return;
    }
    let app = spawn_app().await;
    let filled = fill(&app).await;
    let file = std::env::temp_dir().join(format!(
        "ct-backup-{}-{}.db",
        std::process::id(),
        civic_tracker::auth::random_token(6)
    ));
    let _cleanup = Removes(file.clone());
    let mut cmd = command(&app, &["backup", file.to_str().unwrap()]);
    let (out, filed, before, after) = take_under_load(&app, move || cmd.output().unwrap()).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let size = std::fs::metadata(&file).unwrap().len();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("backed up to {} ({size} bytes)\n", file.display())
    );
    assert!(out.stderr.is_empty(), "a command that succeeds is silent");
    // A second backup to the same name refuses and leaves the first copy alone.
    let again = civic(&app, &["backup", file.to_str().unwrap()]);
    assert!(!again.status.success());
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        format!(
            "error: {} already exists; a backup never overwrites a file: choose a new name\n",
            file.display()
        )
    );
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the copy holds personal data");
    }
    let url = format!("sqlite://{}?mode=rw", file.display());
    let copy = spawn_app_with(|c| c.database.url = Secret::new(url)).await;
    serves_the_same(&copy, &filled, &filed, before, after).await;
}

/// PostgreSQL only (with `TEST_DATABASE_URL` set, and `pg_dump` and `pg_restore` on the
/// PATH): `backup` points to pg_dump, and the README's commands, `pg_dump -Fc` while the
/// service serves and `pg_restore --no-owner --single-transaction` into a new database,
/// give a service that serves the same data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backup_is_pg_dump_and_pg_restore() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        return;
    };
    let tools =
        ["pg_dump", "pg_restore"].map(|t| std::process::Command::new(t).arg("--version").output());
    if tools
        .iter()
        .any(|t| !t.as_ref().is_ok_and(|o| o.status.success()))
    {
        eprintln!("pg_dump or pg_restore not found: the PostgreSQL restore is not tested");
        return;
    }
    let app = spawn_app().await;
    let out = civic(&app, &["backup", "/nonexistent/civic.dump"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pg_dump -Fc -f FILE"), "{err}");
    assert!(
        !err.contains("ct_test_"),
        "the database URL is not printed: {err}"
    );

    let filled = fill(&app).await;
    let source = app.state.config.database.url.expose().to_string();
    let file = std::env::temp_dir().join(format!(
        "ct-pg-{}-{}.dump",
        std::process::id(),
        civic_tracker::auth::random_token(6)
    ));
    let _cleanup = Removes(file.clone());
    let mut dump = std::process::Command::new("pg_dump");
    dump.args(["-Fc", "-f"]).arg(&file).arg(&source);
    let (out, filed, before, after) = take_under_load(&app, move || dump.output().unwrap()).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let restored = Dropped::create(&admin_url, &source).await;
    let out = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--single-transaction", "-d", &restored.url])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = restored.url.clone();
    let copy = spawn_app_with(|c| c.database.url = Secret::new(url)).await;
    serves_the_same(&copy, &filled, &filed, before, after).await;
}

/// Removes a file when the test ends, however it ends.
struct Removes(std::path::PathBuf);

impl Drop for Removes {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

/// A PostgreSQL database to restore into, dropped when the test ends.
struct Dropped {
    admin_url: String,
    name: String,
    url: String,
}

impl Dropped {
    async fn create(admin_url: &str, source: &str) -> Dropped {
        use sea_orm::ConnectionTrait;
        let (base, source_name) = source.rsplit_once('/').unwrap();
        let name = format!("{source_name}_restored");
        let admin = sea_orm::Database::connect(admin_url).await.unwrap();
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        admin.close().await.ok();
        Dropped {
            admin_url: admin_url.to_string(),
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for Dropped {
    fn drop(&mut self) {
        crate::helpers::drop_postgres_database(&self.admin_url, &self.name);
    }
}
