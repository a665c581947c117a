//! Issue 16: the outbox as a queue shared by processes. A backlog goes out once however
//! many deliverers take it, a failure in the middle leaves the rest for later without
//! sending anything twice, and what a person waits for goes first.

use crate::helpers::{SinkMode, problem_body, spawn_app, spawn_app_with};
use civic_tracker::jobs::outbox::run_once;
use sea_orm::ConnectionTrait;
use std::collections::BTreeMap;

/// How many times each problem's confirmation mail arrived, by its reference.
fn arrivals(app: &crate::helpers::TestApp) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for m in app.smtp.mails.lock().unwrap().iter() {
        *seen.entry(m.subject.clone()).or_insert(0) += 1;
    }
    seen
}

#[tokio::test]
async fn a_backlog_goes_out_once_with_two_deliverers_and_a_failure_in_the_middle() {
    // Two lanes each: a backlog of several claims per lane, shared by two processes.
    let app = spawn_app_with(|c| c.mail.connections = 2).await;
    let n = 300;
    for _ in 0..n {
        app.file(&problem_body("KZ-71", "roads")).await;
    }
    let second = app.another_process().await;
    // Once 120 mails are in, the server refuses for a while (451 after DATA).
    let (mails, mode) = (app.smtp.mails.clone(), app.smtp.mode.clone());
    let watcher = tokio::spawn(async move {
        loop {
            if mails.lock().unwrap().len() >= 120 {
                *mode.lock().unwrap() = SinkMode::Temporary;
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    });
    let (a, b) = tokio::join!(run_once(&app.state), run_once(&second));
    watcher.await.unwrap();
    let (a, b) = (a.unwrap(), b.unwrap());
    let received = app.smtp.mails.lock().unwrap().len();
    assert!(
        a.sent > 0 && b.sent > 0,
        "both deliverers took a share: {a:?} {b:?}"
    );
    assert_eq!(
        a.sent + b.sent,
        received,
        "every mail recorded as sent arrived"
    );
    assert_eq!(
        a.sent + b.sent + a.failed + b.failed,
        n,
        "each mail tried once"
    );
    assert!(
        a.failed + b.failed > 0,
        "the failure hit the middle of the backlog"
    );
    assert_eq!(
        app.count("outbox WHERE state = 'pending' AND claimed_by IS NOT NULL")
            .await,
        0,
        "no claim outlives its pass"
    );

    // The server is back; the failed ones are due after their back-off.
    *app.smtp.mode.lock().unwrap() = SinkMode::Accept;
    app.state.clock.advance(chrono::Duration::minutes(5));
    let (a, b) = tokio::join!(run_once(&app.state), run_once(&second));
    assert_eq!(a.unwrap().failed + b.unwrap().failed, 0);
    let seen = arrivals(&app);
    assert_eq!(seen.len(), n, "every problem's confirmation arrived");
    assert!(seen.values().all(|&k| k == 1), "none twice: {seen:?}");
    assert_eq!(app.count("outbox WHERE state = 'sent'").await, n as i64);
}

#[tokio::test]
async fn people_waiting_for_a_link_go_before_bulk_mail() {
    let app = spawn_app_with(|c| c.mail.connections = 1).await;
    for _ in 0..10 {
        app.file(&problem_body("KZ-71", "roads")).await;
    }
    // The five oldest as if they were bulk mail (a digest's priority).
    app.state
        .db
        .execute_unprepared("UPDATE outbox SET priority = 2 WHERE id <= 5")
        .await
        .unwrap();
    run_once(&app.state).await.unwrap();
    let order: Vec<String> = app
        .smtp
        .mails
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.subject.clone())
        .collect();
    let expected: Vec<String> = [6, 7, 8, 9, 10, 1, 2, 3, 4, 5]
        .iter()
        .map(|i| format!("CT-{i:06}"))
        .collect();
    for (got, want) in order.iter().zip(&expected) {
        assert!(got.contains(want.as_str()), "{order:?}");
    }
}

/// A claim's lease comes from the clock when it is made: a pass that started long ago
/// does not hand out claims that are already over (the duplicate sends the issue saw).
#[tokio::test]
async fn a_claim_is_leased_from_the_time_it_is_made() {
    let app = spawn_app().await;
    app.file(&problem_body("KZ-71", "roads")).await;
    let now = app.state.clock.now();
    let rows = civic_tracker::mail::deliver::claim(&app.state.db, "token-a", now, 10)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].claimed_until,
        Some(now + chrono::Duration::seconds(civic_tracker::mail::deliver::LEASE_SECONDS))
    );
    // Held: nobody else gets it, not even a deliverer whose clock is a minute on.
    let later = now + chrono::Duration::minutes(1);
    let other = civic_tracker::mail::deliver::claim(&app.state.db, "token-b", later, 10)
        .await
        .unwrap();
    assert!(other.is_empty());
    // After the lease, it is free again.
    let after = now + chrono::Duration::minutes(3);
    let again = civic_tracker::mail::deliver::claim(&app.state.db, "token-c", after, 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].claimed_by.as_deref(), Some("token-c"));
}

/// `civic-tracker mail status`: the queue's counts for an operator or a script.
#[tokio::test]
async fn mail_status_counts_the_queue() {
    let app = spawn_app().await;
    for _ in 0..3 {
        app.file(&problem_body("KZ-71", "roads")).await;
    }
    let status = |app: &crate::helpers::TestApp| {
        let out = crate::cli::civic(app, &["mail", "status", "--json"]);
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "quiet: {out:?}");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let s = status(&app);
    assert_eq!(
        (s["pending"].as_i64(), s["dead"].as_i64()),
        (Some(3), Some(0))
    );
    assert!(s["oldest_pending_seconds"].as_i64().is_some());
    app.deliver().await;
    let s = status(&app);
    assert_eq!(s["pending"], 0);
    assert_eq!(s["oldest_pending_seconds"], serde_json::Value::Null);
    let out = crate::cli::civic(&app, &["mail", "status"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for name in [
        "pending 0",
        "failed 0",
        "sent_last_hour ",
        "dead 0",
        "oldest_pending_seconds -",
    ] {
        assert!(text.contains(name), "{name} in\n{text}");
    }
}
