//! The dashboards show a person's own change at once: with the figures kept in memory for
//! `dashboard.max_age_seconds` (15 by default), a change made through this process makes the
//! next read recount, so the pages read right after an action have moved. Another process
//! is not told and keeps the max-age bound.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app_with, text};
use civic_tracker::config::Config;
use serde_json::{Value, json};

/// The number shown as figure `id` (`fig-{id}`) on a dashboard page.
fn figure(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"fig-{id}\""))
        .unwrap_or_else(|| panic!("figure {id} on the page"));
    html[start..]
        .split('>')
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string()
}

/// The region's dashboard as a visitor sees it: received, open, resolved, reopened.
async fn astana(app: &TestApp) -> [String; 4] {
    let page = text(&app.browser(), app.url("/dashboard?region=KZ-71")).await;
    let stats: Value = app
        .api
        .get(app.url("/api/v1/stats?region=KZ-71"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let counts = &stats["overview"]["counts"];
    let api = [
        counts["received"].to_string(),
        stats["overview"]["open"].to_string(),
        counts["resolved"].to_string(),
        counts["reopened"].to_string(),
    ];
    let shown = [
        figure(&page, "received"),
        figure(&page, "open"),
        figure(&page, "resolved"),
        api[3].clone(),
    ];
    assert_eq!(shown, api, "the page and the API agree");
    shown
}

#[tokio::test]
async fn the_dashboard_shows_a_persons_own_action_at_once() {
    let default = Config::defaults().dashboard.max_age_seconds;
    assert_eq!(default, 15);
    let app = spawn_app_with(|c| c.dashboard.max_age_seconds = default).await;
    app.rep("astana.rep@party.kz", "Astana rep", Some("KZ-71"), None)
        .await;
    let rep = app.token("astana.rep@party.kz").await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let tracking = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .expect("citizen's mail")
        .link(&app.url("/track/"));
    let other = app.another_process().await;
    let period = civic_tracker::domain::stats::last_days(other.clock.now(), 30, other.tz);
    let key = (period, civic_tracker::domain::stats::before(period));
    let elsewhere = civic_tracker::services::stats::facts(&other, key.0, key.1)
        .await
        .unwrap();
    assert_eq!(astana(&app).await, ["1", "1", "0", "0"]);

    // The representative resolves it (API): the next read has it, without the clock moving.
    let res = app
        .act(&rep, id, json!({"action": "resolve", "note": "Repaired."}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(astana(&app).await, ["1", "0", "1", "0"]);

    // The citizen says it is not fixed (a page): reopened at once.
    let b = app.browser();
    let csrf = TestApp::csrf_of(&text(&b, &tracking).await);
    let res = post_form(&b, format!("{tracking}/not-fixed"), &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(astana(&app).await, ["1", "1", "1", "1"]);

    // A new problem is confirmed: received at once.
    app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    assert_eq!(astana(&app).await, ["2", "2", "1", "1"]);

    // Another process was not told: younger than max_age, it keeps what it counted.
    let there = civic_tracker::services::stats::facts(&other, key.0, key.1)
        .await
        .unwrap();
    assert!(std::sync::Arc::ptr_eq(&elsewhere, &there));
}
