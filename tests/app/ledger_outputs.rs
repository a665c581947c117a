//! The public ledger's other outputs and sources: support counts and merges in the log,
//! the daily checkpoints and their Atom feed (the entries themselves, their verification
//! and tampering: `ledger.rs`).

use crate::helpers::{json, problem_body, spawn_app};
use crate::ledger::{history, verified};
use serde_json::{Value, json};

#[tokio::test]
async fn supports_are_counted_in_the_log_without_the_supporter() {
    let app = spawn_app().await;
    let id = history(&app).await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{id}/supports")))
        .json(&json!({"email": "neighbour@example.kz"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let mails = app.deliver().await;
    let m = mails
        .iter()
        .find(|m| m.subject.starts_with("Confirm your support"))
        .unwrap();
    app.press(&m.link(&app.url("/support/confirm/"))).await;
    let page: Value = json(&app.api, app.url("/api/v1/ledger?after=4")).await;
    assert_eq!(
        page["entries"][0]["fields"],
        json!({"supporters": 1}),
        "{page}"
    );
    assert_eq!(page["entries"][0]["kind"], "support");
    assert!(!serde_json::to_string(&page).unwrap().contains("neighbour"));
    verified(&app, &[]).await;
}

#[tokio::test]
async fn a_daily_checkpoint_is_stored_once_a_day_and_published_in_an_atom_feed() {
    use civic_tracker::jobs::{JobName, next_tick, schedule_of};
    let app = spawn_app().await;
    // 00:05 in Almaty (UTC+5) is 19:05 UTC the day before.
    let cron = schedule_of(&app.state, JobName::LedgerCheckpoint).expect("scheduled");
    let next = next_tick(&cron, app.state.clock.now(), app.state.tz).unwrap();
    assert_eq!(next.to_rfc3339(), "2026-11-25T19:05:00+00:00");
    let id = history(&app).await;
    let first: Value = json(&app.api, app.url("/api/v1/ledger/head")).await;
    app.job("ledger-checkpoint").await;
    app.job("ledger-checkpoint").await;
    assert_eq!(
        app.count("ledger_checkpoints").await,
        1,
        "a rerun changes nothing"
    );
    // The next day, one more entry and one more checkpoint.
    app.set_time("2026-11-25T19:05:00Z");
    let token = app.token("rep@party.kz").await;
    assert_eq!(
        app.act(&token, id, json!({"action": "start"}))
            .await
            .status(),
        200
    );
    app.job("ledger-checkpoint").await;
    assert_eq!(app.count("ledger_checkpoints").await, 2);
    let second: Value = json(&app.api, app.url("/api/v1/ledger/head")).await;
    let res = app
        .api
        .get(app.url("/feeds/ledger.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap()
        })
        .collect();
    let head = |v: &Value| format!("{}:{}", v["seq"], v["hash"].as_str().unwrap());
    assert_eq!(
        titles,
        [
            format!("Checkpoint of 2026-11-26: {}", head(&second)),
            format!("Checkpoint of 2026-11-25: {}", head(&first)),
        ],
        "newest first, each a head anyone can check the log against"
    );
    assert!(
        verified(&app, &["--head", &head(&first)])
            .await
            .starts_with("ok: 5 entries")
    );
}

#[tokio::test]
async fn a_duplicate_merge_is_logged_with_the_original_s_new_count() {
    let app = spawn_app().await;
    let original = history(&app).await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("another@example.kz");
    let (dup, _) = app.file_confirmed(&body).await;
    app.user(
        "coord@league.kz",
        "Coordinator",
        civic_tracker::auth::UserRole::Coordinator,
        &[],
    )
    .await;
    let token = app.token("coord@league.kz").await;
    let res = app
        .act(
            &token,
            dup,
            json!({"action": "mark_duplicate", "duplicate_of": original}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = json(&app.api, app.url("/api/v1/ledger?after=6")).await;
    let tail: Vec<(&str, i64)> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["problem"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        tail,
        [("mark_duplicate", dup as i64), ("support", original as i64)]
    );
    assert_eq!(page["entries"][1]["fields"], json!({"supporters": 1}));
    verified(&app, &[]).await;
}
