//! Submissions under concurrency: several processes, one database. On PostgreSQL a
//! submission is one statement on connections of its own, with ids reserved ahead from
//! the sequence; these tests check that nothing is lost, doubled or mismatched.

use crate::helpers::{TestApp, problem_body, spawn_app};
use civic_tracker::services::intake::SUBMISSION_CONNECTIONS;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// Serves a second `civic-tracker serve` process on the test's database; its base URL.
async fn second_process(app: &TestApp) -> String {
    let state = app.another_process().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let server = state.config.server.clone();
    let router = civic_tracker::build_router(state);
    tokio::spawn(async move {
        civic_tracker::server::serve(listener, router, &server, std::future::pending())
            .await
            .unwrap()
    });
    addr
}

async fn rows(app: &TestApp, sql: &str) -> Vec<sea_orm::QueryResult> {
    app.state
        .db
        .query_all_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_submissions_through_two_processes_each_write_their_own_rows() {
    let app = spawn_app().await;
    let other = second_process(&app).await;
    let mut set = tokio::task::JoinSet::new();
    for n in 0..24 {
        let base = if n % 2 == 0 {
            app.addr.clone()
        } else {
            other.clone()
        };
        let mut body = problem_body("KZ-71", "roads");
        body["title"] = json!(format!("Broken street light number {n}"));
        let req = app
            .api
            .post(format!("{base}/api/v1/problems"))
            .header("Idempotency-Key", format!("key-{n}"))
            .json(&body);
        set.spawn(async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 201);
            (n, res.json::<Value>().await.unwrap())
        });
    }
    let mut answers = HashMap::new();
    while let Some(done) = set.join_next().await {
        let (n, answer) = done.unwrap();
        answers.insert(n, answer);
    }
    let ids: HashSet<i64> = answers
        .values()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 24, "every submission has an id of its own");
    for table in ["problems", "problem_events", "outbox", "idempotency_keys"] {
        assert_eq!(
            app.count(table).await,
            24,
            "{table}: one row per submission"
        );
    }
    // Each problem has the title it was sent with, its own event and its own mail, which
    // names it; each key replays the answer it was given.
    for row in rows(
        &app,
        "SELECT p.id, p.title, o.context, k.key, k.response_body FROM problems p \
         JOIN problem_events e ON e.problem_id = p.id AND e.action = 'submit' \
         JOIN outbox o ON o.problem_id = p.id \
         JOIN idempotency_keys k ON k.response_body LIKE '{\"id\":' || p.id || ',%'",
    )
    .await
    {
        let id: i32 = row.try_get("", "id").unwrap();
        let title: String = row.try_get("", "title").unwrap();
        let n: usize = title.rsplit(' ').next().unwrap().parse().unwrap();
        assert_eq!(answers[&n]["id"], json!(id));
        assert_eq!(answers[&n]["reference"], json!(format!("CT-{id:06}")));
        let key: String = row.try_get("", "key").unwrap();
        // Stored scoped to the citizen's mailbox, as a peppered hash.
        let scoped = format!("idempotency:citizen@example.kz:key-{n}");
        assert_eq!(
            key,
            civic_tracker::auth::hash_token(app.state.pepper(), &scoped)
        );
        let context: String = row.try_get("", "context").unwrap();
        let context: Value = serde_json::from_str(&context).unwrap();
        assert_eq!(context["problem"]["id"], json!(id));
        assert_eq!(context["problem"]["title"], json!(title));
    }
    // The whole join found every submission.
    assert_eq!(
        rows(
            &app,
            "SELECT p.id FROM problems p JOIN idempotency_keys k \
             ON k.response_body LIKE '{\"id\":' || p.id || ',%'"
        )
        .await
        .len(),
        24
    );
    // A key sent to the other process replays the first answer and writes nothing.
    let mut body = problem_body("KZ-71", "roads");
    body["title"] = json!("Broken street light number 0");
    let again: Value = app
        .api
        .post(format!("{other}/api/v1/problems"))
        .header("Idempotency-Key", "key-0")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, answers[&0]);
    assert_eq!(app.count("problems").await, 24);
    // Confirmation links work whichever process wrote the problem.
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 24);
    for mail in &mails {
        let res = app.press(&mail.link(&app.url("/confirm/"))).await;
        assert_eq!(
            res.status(),
            303,
            "confirmation redirects to the tracking page"
        );
    }
    let unconfirmed = rows(&app, "SELECT id FROM problems WHERE status = 'unconfirmed'").await;
    assert!(unconfirmed.is_empty(), "every problem was confirmed");
}

#[tokio::test]
async fn a_submission_connection_closed_by_the_server_is_replaced() {
    let app = spawn_app().await;
    if app.state.db.get_database_backend() != DbBackend::Postgres {
        // SQLite has no server to close connections, and no submission connections.
        return;
    }
    let first = app.file(&problem_body("KZ-71", "roads")).await;
    // A server restart, or an idle timeout, ends the submission connections.
    let ended = rows(
        &app,
        &format!(
            "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = '{SUBMISSION_CONNECTIONS}'"
        ),
    )
    .await;
    assert!(
        !ended.is_empty(),
        "the first submission opened a connection"
    );
    for _ in 0..100 {
        let left = rows(
            &app,
            &format!(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
                 AND application_name = '{SUBMISSION_CONNECTIONS}'"
            ),
        )
        .await;
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let second = app.file(&problem_body("KZ-71", "roads")).await;
    assert_ne!(first, second);
    assert_eq!(app.count("problems").await, 2);
    assert_eq!(app.count("outbox").await, 2);
    assert_eq!(app.deliver().await.len(), 2);
}

#[tokio::test]
async fn demo_data_written_beside_a_running_service_takes_no_id_it_holds() {
    let app = spawn_app().await;
    // The running process files a problem: on PostgreSQL it now holds further ids.
    let before = app.file(&problem_body("KZ-71", "roads")).await;
    civic_tracker::demo::fill(&app.state, 30)
        .await
        .expect("demo data");
    let problems = app.count("problems").await;
    assert_eq!(problems, 31);
    // Its next submissions still get ids of their own.
    for _ in 0..3 {
        let id = app.file(&problem_body("KZ-75", "roads")).await;
        assert_ne!(id, before);
    }
    assert_eq!(app.count("problems").await, problems + 3);
}
