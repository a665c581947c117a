//! Failing cleanly (issue 16): while the database cannot be reached every route answers 503
//! with `Retry-After` (code `unavailable` in the API, a page in the reader's language
//! elsewhere), never 500; `/readyz` says not ready meanwhile; and the service serves again
//! on its own once the database is back. A request that outlasts
//! `server.request_timeout_seconds` is a 503 too, not a hung connection.
//!
//! The shared PostgreSQL server is never stopped (other tests use it): the database is made
//! unreachable either by a TCP proxy between the app's pool and PostgreSQL that the test
//! cuts (PostgreSQL only: `TEST_DATABASE_URL`), or, on both databases, by the test holding
//! the pool's only connection so that no request gets one within
//! `database.acquire_timeout_seconds`.

use crate::helpers::{TestApp, problem_body, spawn_app_with};
use civic_tracker::auth::UserRole;
use civic_tracker::config::Secret;
use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// A TCP proxy to `target` that the test can cut (connections dropped, new ones refused)
/// and restore on the same port.
pub(crate) struct Proxy {
    pub(crate) port: u16,
    target: String,
    /// The accepting task and every connection's, aborted by [`Proxy::cut`].
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    pub(crate) async fn start(target: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Proxy {
            port: listener.local_addr().unwrap().port(),
            target: target.to_string(),
            tasks: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: TcpListener) {
        let (target, tasks) = (self.target.clone(), Arc::clone(&self.tasks));
        let accepting = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let target = target.clone();
                let conn = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tasks.lock().unwrap().push(conn.abort_handle());
            }
        });
        self.tasks.lock().unwrap().push(accepting.abort_handle());
    }

    /// The database becomes unreachable: open connections are dropped, new ones refused.
    pub(crate) fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// The database is reachable again, on the same port.
    pub(crate) async fn restore(&self) {
        for _ in 0..50 {
            if let Ok(listener) = TcpListener::bind(("127.0.0.1", self.port)).await {
                self.serve(listener);
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("cannot listen on port {} again", self.port);
    }
}

/// Files a problem through the API; the answer's status and body.
async fn file(app: &TestApp) -> (u16, Value, Option<String>) {
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(&problem_body("KZ-75", "roads"))
        .send()
        .await
        .unwrap();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
        retry,
    )
}

/// Asserts the API's answers while the database is away: a list of problems (the pool),
/// and with `submit` a new problem (on PostgreSQL, connections of its own).
async fn api_is_unavailable(app: &TestApp, submit: bool) {
    let res = app
        .api
        .get(app.url("/api/v1/problems"))
        .send()
        .await
        .unwrap();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let answers = [(res.status().as_u16(), res.json().await.unwrap(), retry)];
    let answers = if submit {
        vec![answers[0].clone(), file(app).await]
    } else {
        answers.to_vec()
    };
    for (status, body, retry) in answers {
        assert_eq!(status, 503, "{body}");
        assert_eq!(retry.as_deref(), Some("5"));
        assert_eq!(body["error"]["code"], "unavailable");
        assert_eq!(
            body["error"]["message"],
            "the service is briefly unavailable; please try again in 5 seconds"
        );
    }
}

/// Asserts a page's answer while the database is away: an error page in Russian, as the
/// browser asks.
async fn page_is_unavailable(app: &TestApp) {
    let res = app
        .browser()
        .get(app.url("/problems"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<h1>Сервис временно недоступен</h1>"),
        "{html}"
    );
    assert!(html.contains("повторите попытку через 5 секунд"), "{html}");
}

/// `/readyz`'s status and body.
async fn readyz(app: &TestApp) -> (u16, Value) {
    let res = app.api.get(app.url("/readyz")).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// Asserts that the service serves again: a problem filed, a page shown, ready.
async fn serves(app: &TestApp) {
    let (status, body, _) = file(app).await;
    assert_eq!(status, 201, "{body}");
    let page = app.api.get(app.url("/problems")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(readyz(app).await.0, 200);
}

#[tokio::test]
async fn a_database_that_cannot_be_reached_answers_503_and_the_service_recovers_on_its_own() {
    let Some(url) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    else {
        // SQLite is a file: nothing to cut. The next test covers it by holding its only
        // connection.
        eprintln!("PostgreSQL only (TEST_DATABASE_URL): skipped");
        return;
    };
    let server = url::Url::parse(&url).unwrap();
    let target = format!(
        "{}:{}",
        server.host_str().unwrap(),
        server.port().unwrap_or(5432)
    );
    let proxy = Proxy::start(&target).await;
    let app = spawn_app_with(|c| {
        let mut via = url::Url::parse(c.database.url.expose()).unwrap();
        via.set_host(Some("127.0.0.1")).unwrap();
        via.set_port(Some(proxy.port)).unwrap();
        c.database.url = Secret::new(via.to_string());
        c.database.acquire_timeout_seconds = 1;
    })
    .await;
    serves(&app).await;

    proxy.cut();
    api_is_unavailable(&app, true).await;
    page_is_unavailable(&app).await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["ready"], false);
    assert_ne!(body["database"], "ok", "{body}");
    assert_eq!(body["migrations"], "unknown");
    // Once the stale connections are gone, an answer takes the acquire timeout, no more.
    let started = Instant::now();
    api_is_unavailable(&app, true).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );

    proxy.restore().await;
    // A pooled connection the cut broke fails the one request that finds it (a 503, like
    // the outage itself), then it is replaced: a few requests at most.
    let mut failed = 0;
    loop {
        let (status, body, _) = file(&app).await;
        if status == 201 {
            break;
        }
        assert_eq!(status, 503, "{body}");
        failed += 1;
        assert!(failed <= 3, "still failing after {failed} requests");
    }
    serves(&app).await;
    assert_eq!(app.count("problems").await, 3, "stored before and after");
}

/// An app whose database gives one connection to all (PostgreSQL's pool of one, SQLite's
/// writer with no read connections beside it), with `change` applied.
async fn one_connection(change: impl FnOnce(&mut civic_tracker::config::Config)) -> TestApp {
    spawn_app_with(|c| {
        c.database.max_connections = 1;
        c.database.read_connections = 0;
        change(c);
    })
    .await
}

/// Takes the app's only connection until the transaction is dropped.
async fn hold(app: &TestApp) -> DatabaseTransaction {
    let txn = app.state.db.begin().await.unwrap();
    txn.execute_unprepared("SELECT 1").await.unwrap();
    txn
}

#[tokio::test]
async fn a_database_with_no_connection_to_spare_answers_503_until_one_is_free() {
    let app = one_connection(|c| c.database.acquire_timeout_seconds = 1).await;
    serves(&app).await;
    let held = hold(&app).await;
    let started = Instant::now();
    api_is_unavailable(&app, false).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
        "answered after the acquire timeout: {waited:?}"
    );
    page_is_unavailable(&app).await;
    // A download says so before it starts, rather than sending an empty file.
    let res = app
        .api
        .get(app.url("/export/problems.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    // Open311 in its own error format.
    let res = app
        .api
        .get(app.url("/open311/v2/requests.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body[0]["code"], 503, "{body}");
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503, "{body}");
    assert_ne!(body["database"], "ok", "{body}");
    drop(held);
    serves(&app).await;
    assert_eq!(app.count("problems").await, 2);
}

#[tokio::test]
async fn a_request_that_outlasts_the_request_timeout_answers_503_instead_of_hanging() {
    let app = one_connection(|c| {
        c.server.request_timeout_seconds = 1;
        c.database.acquire_timeout_seconds = 30;
    })
    .await;
    let held = hold(&app).await;
    let started = Instant::now();
    api_is_unavailable(&app, false).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(3),
        "answered after the request timeout: {waited:?}"
    );
    page_is_unavailable(&app).await;
    drop(held);
    let (status, body, _) = file(&app).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn readyz_names_a_pending_migration_and_a_mail_worker_once_it_runs() {
    let app = spawn_app_with(|_| {}).await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"ready": true, "database": "ok", "migrations": "ok",
                           "mail_worker": "not run here"})
    );

    // A mail worker in this process is judged once it has beaten.
    let worker = tokio::spawn(civic_tracker::jobs::outbox::run(app.state.clone()));
    app.state.mail_ready.notify_one();
    for _ in 0..100 {
        if app.state.mail_heartbeat.silence().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(readyz(&app).await.1["mail_worker"], "ok");
    worker.abort();

    // An older version's database: the latest migration is not applied.
    let db = &app.state.db;
    db.execute_unprepared(
        "DELETE FROM seaql_migrations WHERE version = \
         (SELECT MAX(version) FROM seaql_migrations)",
    )
    .await
    .unwrap();
    let (status, body) = readyz(&app).await;
    assert_eq!(status, 503);
    assert_eq!(body["ready"], false);
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "1 pending");
    // The liveness check does not care.
    let health = app.api.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn no_page_or_api_route_answers_500_while_the_database_is_away() {
    let app = one_connection(|c| c.database.acquire_timeout_seconds = 1).await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let token = app.token("admin@league.kz").await;
    let admin = app.login("admin@league.kz").await;
    let paths = [
        "/".to_string(),
        "/problems".into(),
        format!("/problems/{id}"),
        "/problems/new".into(),
        "/dashboard".into(),
        "/dashboard/regions".into(),
        "/dashboard/overdue".into(),
        "/feeds/problems.atom".into(),
        "/export/problems.json".into(),
        "/login".into(),
        "/workspace".into(),
        "/triage".into(),
        "/admin/jobs".into(),
        "/admin/mail".into(),
        "/account".into(),
        "/api/v1/regions".into(),
        "/api/v1/stats".into(),
        "/api/v1/problems".into(),
        format!("/api/v1/problems/{id}"),
        "/open311/v2/services.json".into(),
        "/open311/v2/requests.xml".into(),
        format!("/open311/v2/requests/{id}.json"),
        "/healthz".into(),
        "/readyz".into(),
    ];
    let held = hold(&app).await;
    let app = &app;
    let answers = futures_util::future::join_all(paths.iter().map(|p| {
        let (admin, token, url) = (admin.clone(), token.clone(), app.url(p));
        async move {
            let req = if p.starts_with("/api/") {
                app.api.get(url).bearer_auth(token)
            } else {
                admin.get(url)
            };
            let res = req.send().await.unwrap();
            let header = |name: &str| {
                res.headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_string())
            };
            let (retry, kind) = (header("retry-after"), header("content-type"));
            (
                p.clone(),
                res.status().as_u16(),
                retry,
                kind.unwrap_or_default(),
            )
        }
    }))
    .await;
    drop(held);
    for (path, status, retry, kind) in answers {
        // Reference data is in memory: those routes need no database.
        assert!(
            matches!(status, 200 | 503),
            "{path} answered {status} while the database was away"
        );
        if status == 503 && path != "/readyz" {
            assert_eq!(retry.as_deref(), Some("5"), "{path}");
        }
        let page = ![
            "/api/",
            "/open311/",
            "/feeds/",
            "/export/",
            "/healthz",
            "/readyz",
        ]
        .iter()
        .any(|p| path.starts_with(p));
        if page {
            assert!(kind.starts_with("text/html"), "{path}: {kind}");
        }
    }
}
