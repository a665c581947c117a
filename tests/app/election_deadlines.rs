//! Election-day deadlines in minutes (issue 20): a report of an election category assigned
//! while its election's polls are open gets its category's voting-day minutes (30 minutes
//! to acknowledge by default), and the every-minute `sla-voting-day` job reminds, marks
//! overdue and escalates it at that pace; the same category the day before, or after the
//! polls close, and a general category on the voting day keep their usual deadlines.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

/// A Mazhilis election in every region voting on Sunday 2026-12-20, polls 07:00–20:00
/// Almaty (02:00–15:00 UTC); a representative and a coordinator for Almaty (KZ-75).
async fn election(app: &TestApp) -> i32 {
    app.rep("rep@party.kz", "Aliya", Some("KZ-75"), None).await;
    app.user(
        "coord@league.kz",
        "Coord",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    crate::elections::election(app, "2026-12-20", "").await
}

/// Files and confirms a vote-buying report of `election` at `at` (UTC); returns its id.
async fn vote_buying(app: &TestApp, election: i32, at: &str) -> i32 {
    app.set_time(at);
    let mut body = problem_body("KZ-75", "election_vote_buying");
    body["election"] = json!(election);
    app.file_confirmed(&body).await.0
}

/// The problem's deadlines and pace as its public JSON shows them.
async fn deadlines(app: &TestApp, id: i32) -> (Value, Value, Value) {
    let v = app.public(id).await;
    (
        v["acknowledge_by"].clone(),
        v["resolve_by"].clone(),
        v["voting_day_pace"].clone(),
    )
}

/// The timeline's actions of problem `id`.
async fn actions(app: &TestApp, id: i32) -> Vec<String> {
    app.public(id).await["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_voting_day_report_is_reminded_overdue_and_escalated_within_the_hour() {
    let app = spawn_app().await;
    let id = election(&app).await;
    // 10:00 Almaty on the voting day: the polls are open.
    let report = vote_buying(&app, id, "2026-12-20T05:00:00Z").await;
    assert_eq!(
        deadlines(&app, report).await,
        (
            json!("2026-12-20T05:30:00Z"),
            json!("2026-12-20T08:00:00Z"),
            json!(true)
        )
    );
    // A general category filed at the same moment keeps its working days: Sunday counts
    // from Monday 00:00, two working days end on Wednesday 00:00 Almaty, fifteen (1 and
    // 7 January off) on Wednesday 13 January.
    app.set_time("2026-12-20T05:00:30Z");
    let (roads, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(
        deadlines(&app, roads).await,
        (
            json!("2026-12-22T19:00:00Z"),
            json!("2027-01-12T19:00:00Z"),
            json!(false)
        )
    );
    // +10 minutes: within the first half of the 30 minutes, nothing yet.
    app.set_time("2026-12-20T05:10:00Z");
    app.job("sla-voting-day").await;
    assert!(app.deliver().await.is_empty());
    // +20: ten minutes before the deadline, the representative is reminded.
    app.set_time("2026-12-20T05:20:00Z");
    app.job("sla-voting-day").await;
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1, "{:?}", subjects(&mails));
    assert_eq!(mails[0].to, ["rep@party.kz"]);
    assert!(
        mails[0].subject.starts_with("Deadlines near"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0]
            .text
            .contains("Please acknowledge it by 20 December 2026, 10:30 (UTC+05:00)."),
        "{}",
        mails[0].text
    );
    // The 15-minute `sla` job at the same moment sends nothing more.
    app.job("sla").await;
    assert!(app.deliver().await.is_empty());
    // +31: the deadline passed a minute ago: overdue, with an event and a mail.
    app.set_time("2026-12-20T05:31:00Z");
    app.job("sla-voting-day").await;
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1, "{:?}", subjects(&mails));
    assert_eq!(mails[0].to, ["rep@party.kz"]);
    assert!(
        mails[0].subject.starts_with("Deadlines passed"),
        "{}",
        mails[0].subject
    );
    assert_eq!(app.public(report).await["overdue"], json!(true));
    assert_eq!(app.public(report).await["escalated"], json!(false));
    assert_eq!(actions(&app, report).await.last().unwrap(), "mark_overdue");
    // +61: thirty minutes past it, the region's coordinators are told.
    app.set_time("2026-12-20T06:01:00Z");
    app.job("sla-voting-day").await;
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1, "{:?}", subjects(&mails));
    assert_eq!(mails[0].to, ["coord@league.kz"]);
    assert!(
        mails[0].subject.starts_with("Escalation"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0].text.contains("31 minutes ago"),
        "{}",
        mails[0].text
    );
    assert_eq!(app.public(report).await["escalated"], json!(true));
    let timeline = app.public(report).await["timeline"].clone();
    let last = timeline.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], json!("escalate"));
    assert_eq!(
        last["note"],
        json!(
            "Escalated to the region's coordinators: 31 minutes past the acknowledge-by deadline."
        )
    );
    // Neither job sends a notice twice, and the general problem was never touched.
    app.job("sla").await;
    app.job("sla-voting-day").await;
    assert!(app.deliver().await.is_empty());
    assert_eq!(actions(&app, roads).await, actions_of_a_routed_problem());
}

/// A confirmed problem's timeline right after it was routed.
fn actions_of_a_routed_problem() -> Vec<String> {
    ["submit", "confirm", "route"].map(String::from).to_vec()
}

fn subjects(mails: &[crate::helpers::Mail]) -> Vec<&str> {
    mails.iter().map(|m| m.subject.as_str()).collect()
}

#[tokio::test]
async fn outside_polling_hours_an_election_report_keeps_its_hour_deadlines() {
    let app = spawn_app().await;
    let id = election(&app).await;
    // The day before (the day of silence), 10:00 Almaty: 2 hours and 24 hours.
    let eve = vote_buying(&app, id, "2026-12-19T05:00:00Z").await;
    assert_eq!(
        deadlines(&app, eve).await,
        (
            json!("2026-12-19T07:00:00Z"),
            json!("2026-12-20T05:00:00Z"),
            json!(false)
        )
    );
    // Half an hour later neither sweep sends anything: the minute sweep reads no problem,
    // and the usual one reminds of a 2-hour deadline only from its halfway point.
    app.set_time("2026-12-19T05:31:00Z");
    app.job("sla-voting-day").await;
    app.job("sla").await;
    assert!(app.deliver().await.is_empty());
    // 20:30 Almaty on the voting day: the polls have closed.
    let late = vote_buying(&app, id, "2026-12-20T15:30:00Z").await;
    assert_eq!(
        deadlines(&app, late).await,
        (
            json!("2026-12-20T17:30:00Z"),
            json!("2026-12-21T15:30:00Z"),
            json!(false)
        )
    );
}

#[tokio::test]
async fn admins_change_the_voting_day_minutes_and_new_voting_day_reports_use_them() {
    let app = spawn_app().await;
    let id = election(&app).await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let admin = app.login("admin@league.kz").await;
    let page = text(&admin, app.url("/admin/categories?lang=en")).await;
    assert!(page.contains("Voting day, in minutes"));
    assert!(page.contains("name=\"voting_day_ack_minutes\" value=\"30\""));
    // General categories have no such fields.
    assert_eq!(page.matches("name=\"voting_day_ack_minutes\"").count(), 5);
    let csrf = TestApp::csrf_of(&page);
    let form = |ack: &str, resolve: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("name_en", "Vote buying".to_string()),
            ("name_kk", "Дауыс сатып алу".to_string()),
            ("name_ru", "Подкуп избирателей".to_string()),
            ("ack_amount", "2".to_string()),
            ("ack_unit", "hours".to_string()),
            ("resolve_amount", "24".to_string()),
            ("resolve_unit", "hours".to_string()),
            ("voting_day_ack_minutes", ack.to_string()),
            ("voting_day_resolve_minutes", resolve.to_string()),
            ("active", "on".to_string()),
        ]
    };
    let url = app.url("/admin/categories/election_vote_buying?lang=en");
    let res = post_form(&admin, url.clone(), &form("0", "")).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(
            "voting_day_ack_minutes: Leave it blank, or give whole minutes from 1 to 10080."
        ),
        "{html}"
    );
    // 45 minutes to acknowledge; resolving keeps its 24 hours on the voting day.
    let res = post_form(&admin, url, &form("45", "")).await;
    assert_eq!(res.status(), 303);
    let report = vote_buying(&app, id, "2026-12-20T05:00:00Z").await;
    assert_eq!(
        deadlines(&app, report).await,
        (
            json!("2026-12-20T05:45:00Z"),
            json!("2026-12-21T05:00:00Z"),
            json!(true)
        )
    );
    let categories: Value = app
        .api
        .get(app.url("/api/v1/categories"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let c = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "election_vote_buying")
        .unwrap();
    assert_eq!(c["voting_day_acknowledge_minutes"], json!(45));
    assert_eq!(c["voting_day_resolve_minutes"], json!(null));
}

#[tokio::test]
async fn both_sweeps_at_once_send_each_voting_day_notice_once() {
    let app = spawn_app().await;
    let id = election(&app).await;
    // Several processes share a PostgreSQL database (README "Several processes"); on
    // SQLite the two jobs race in one process.
    let other = if app.state.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        app.another_process().await
    } else {
        app.state.clone()
    };
    let first = vote_buying(&app, id, "2026-12-20T05:00:00Z").await;
    let second = vote_buying(&app, id, "2026-12-20T05:00:10Z").await;
    // +61 minutes: both acknowledge-by deadlines are 31 minutes past, so each problem is
    // overdue and escalated at once; the two jobs race in two processes.
    app.set_time("2026-12-20T06:01:00Z");
    let (a, b) = tokio::join!(
        civic_tracker::services::sla::sweep(&app.state, app.state.clock.now()),
        civic_tracker::services::sla::sweep_voting_day(&other, app.state.clock.now()),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        (a.overdue + b.overdue, a.escalated + b.escalated),
        (2, 2),
        "{a:?} {b:?}"
    );
    let mails = app.deliver().await;
    let mut to: Vec<&str> = mails.iter().map(|m| m.to[0].as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        ["coord@league.kz", "rep@party.kz"],
        "{:?}",
        subjects(&mails)
    );
    for p in [first, second] {
        let acts = actions(&app, p).await;
        assert_eq!(
            acts.iter().filter(|a| *a == "mark_overdue").count(),
            1,
            "{acts:?}"
        );
        assert_eq!(
            acts.iter().filter(|a| *a == "escalate").count(),
            1,
            "{acts:?}"
        );
    }
}
