//! Issue 16: while the database is away every request is answered 503, and the log says so
//! in one warning, then one line every 10 seconds with how many more there were: no line,
//! and no ERROR, per request. The real binary, its JSON log read from standard error.
//!
//! The outage: on PostgreSQL the process reaches the database through a proxy the test cuts
//! (see `outage.rs`); on SQLite the test takes the write lock, so that the process's writes
//! wait out the busy timeout, or a connection for the acquire timeout.

use crate::helpers::{problem_body, spawn_app};
use crate::log_format::Served;
use crate::outage::Proxy;
use sea_orm::sqlx::{self, ConnectOptions, Connection, Executor};
use serde_json::Value;

#[tokio::test]
async fn an_outage_logs_one_warning_and_then_a_count_not_a_line_per_request() {
    let app = spawn_app().await;
    let url = app.state.config.database.url.expose().to_string();
    let proxy = match url::Url::parse(&url) {
        Ok(u) if u.scheme() == "postgres" => {
            let target = format!("{}:{}", u.host_str().unwrap(), u.port().unwrap_or(5432));
            Some(Proxy::start(&target).await)
        }
        _ => None,
    };
    let served_url = match &proxy {
        Some(p) => {
            let mut via = url::Url::parse(&url).unwrap();
            via.set_host(Some("127.0.0.1")).unwrap();
            via.set_port(Some(p.port)).unwrap();
            via.to_string()
        }
        None => url.clone(),
    };
    let served = Served::start(
        &app,
        &[
            ("CIVIC_LOG__FORMAT", "json"),
            ("CIVIC_DATABASE_URL", &served_url),
            ("CIVIC_DATABASE__ACQUIRE_TIMEOUT_SECONDS", "1"),
        ],
    )
    .await;
    // A fresh connection for each request: a kept-alive one that the server closes after
    // the long wait below can fail its next request (IncompleteMessage), which says
    // nothing about the logs this test reads.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let file = || {
        client
            .post(format!("{}/api/v1/problems", served.url))
            .json(&problem_body("KZ-75", "roads"))
            .send()
    };
    assert_eq!(file().await.unwrap().status(), 201);

    let lock = match &proxy {
        Some(p) => {
            p.cut();
            None
        }
        None => {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse().unwrap();
            let mut conn = options.connect().await.unwrap();
            conn.execute("BEGIN IMMEDIATE").await.unwrap();
            Some(conn)
        }
    };
    let answers = futures_util::future::join_all((0..20).map(|_| file())).await;
    let mut ids = Vec::new();
    for res in answers {
        let res = res.unwrap();
        assert_eq!(res.status(), 503);
        ids.push(res.headers()["x-request-id"].to_str().unwrap().to_string());
    }
    assert!(
        served.wait_for("more requests answered 503", 15).await,
        "no summary:\n{}",
        served.lines().join("\n")
    );

    // Back: the service files again (a pooled connection the cut broke may fail one more).
    match (&proxy, lock) {
        (Some(p), _) => p.restore().await,
        (None, Some(mut conn)) => {
            conn.execute("ROLLBACK").await.unwrap();
            conn.close().await.unwrap();
        }
        (None, None) => unreachable!(),
    }
    let mut failed = 0;
    while file().await.unwrap().status() != 201 {
        failed += 1;
        assert!(failed <= 3, "still failing after {failed} requests");
    }
    let lines = served.stop();
    let all = lines.join("\n");
    let parsed: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();

    assert!(
        !parsed.iter().any(|l| l["level"] == "ERROR"),
        "an outage is no error of ours:\n{all}"
    );
    let first: Vec<&Value> = parsed
        .iter()
        .filter(|l| l["message"] == "service unavailable")
        .collect();
    assert_eq!(first.len(), 1, "one line for the flood:\n{all}");
    let first = first[0];
    assert_eq!(first["level"], "WARN");
    assert!(first["cause"].is_string(), "{first}");
    assert_eq!(first["span"]["route"], "/api/v1/problems");
    let id = first["span"]["request_id"].as_str().unwrap();
    assert!(
        ids.iter().any(|i| i == id),
        "the first 503's request: {first}"
    );
    let summaries: Vec<&Value> = parsed
        .iter()
        .filter(|l| {
            l["message"] == "service unavailable: more requests answered 503 since the last line"
        })
        .collect();
    assert_eq!(summaries.len(), 1, "{all}");
    assert_eq!(summaries[0]["level"], "WARN");
    assert_eq!(summaries[0]["count"], 19, "{all}");
    assert!(summaries[0]["cause"].is_string());
}
