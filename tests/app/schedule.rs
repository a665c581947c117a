//! Tracking on a schedule: a fake clock walks a problem through weeks of its life, and the
//! jobs send every reminder, escalation, question and closure once each.

use crate::helpers::{Mail, TestApp, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use civic_tracker::services::workflow::{self, CitizenReply};
use serde_json::{Value, json};

/// Runs a job and returns the mails it caused.
async fn job(app: &TestApp, name: &str) -> Vec<Mail> {
    app.job(name).await;
    app.deliver().await
}

fn subjects(mails: &[Mail]) -> Vec<(String, String)> {
    mails
        .iter()
        .map(|m| (m.to.join(","), m.subject.clone()))
        .collect()
}

/// The private tracking token from the mails a confirmation caused.
fn tracking_token(app: &TestApp, mails: &[Mail]) -> String {
    mails
        .iter()
        .find(|m| m.text.contains("/track/"))
        .map(|m| m.link(&app.url("/track/")))
        .expect("tracking link")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

fn actions(p: &Value) -> Vec<String> {
    p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn weeks_of_a_problem_life_send_each_notice_once() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), Some("roads"))
        .await;
    app.user(
        "coord@league.kz",
        "Coord",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user(
        "other@league.kz",
        "Other",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    let rep = app.token("rep@party.kz").await;
    // Wednesday 25 November 2026, 10:00 in Almaty.
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let token = tracking_token(&app, &mails);
    let tracking = app.url(&format!("/track/{token}"));
    let p = app.public(id).await;
    // 2 working days to acknowledge; 15 to resolve, skipping weekends and Independence
    // Day (Wednesday 16 December).
    assert_eq!(p["acknowledge_by"], "2026-11-27T05:00:00Z");
    assert_eq!(p["resolve_by"], "2026-12-17T05:00:00Z");
    assert_eq!(
        (p["overdue"].clone(), p["escalated"].clone()),
        (json!(false), json!(false))
    );
    assert!(job(&app, "sla").await.is_empty());

    // Thursday 11:00: a day before the acknowledge-by deadline.
    app.set_time("2026-11-26T06:00:00Z");
    let m = job(&app, "sla").await;
    assert_eq!(
        subjects(&m),
        [(
            "rep@party.kz".into(),
            "Deadlines near for 1 problem(s)".into()
        )]
    );
    assert!(
        m[0].text
            .contains("Please acknowledge it by 27 November 2026, 10:00 (UTC+05:00).")
    );
    assert!(job(&app, "sla").await.is_empty(), "the reminder goes once");

    // Friday, just past it: the representative is told, the problem is overdue.
    app.set_time("2026-11-27T05:30:00Z");
    let m = job(&app, "sla").await;
    assert_eq!(
        subjects(&m),
        [(
            "rep@party.kz".into(),
            "Deadlines passed for 1 problem(s)".into()
        )]
    );
    let p = app.public(id).await;
    assert_eq!(
        (p["overdue"].clone(), p["escalated"].clone()),
        (json!(true), json!(false))
    );
    assert!(actions(&p).contains(&"mark_overdue".to_string()));
    assert!(job(&app, "sla").await.is_empty());
    let page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(page.contains("Overdue: a deadline has passed."));

    // Monday, three days later: escalated to the region's coordinator only.
    app.set_time("2026-11-30T06:00:00Z");
    let m = job(&app, "sla").await;
    assert_eq!(
        subjects(&m),
        [(
            "coord@league.kz".into(),
            "Escalation: 1 problem(s) long overdue in your regions".into()
        )]
    );
    assert!(m[0].text.contains("Representative: Rep."));
    let p = app.public(id).await;
    assert_eq!(
        (p["overdue"].clone(), p["escalated"].clone()),
        (json!(true), json!(true))
    );
    assert!(job(&app, "sla").await.is_empty());

    // A late acknowledgement settles the first deadline.
    app.set_time("2026-11-30T06:30:00Z");
    assert_eq!(
        app.act(&rep, id, json!({"action": "acknowledge"}))
            .await
            .status(),
        200
    );
    let p = app.public(id).await;
    assert_eq!(
        (p["overdue"].clone(), p["escalated"].clone()),
        (json!(false), json!(false))
    );
    app.deliver().await;

    // A question stops the clock for the five days the citizen takes to answer.
    app.set_time("2026-11-30T07:00:00Z");
    let res = app
        .act(
            &rep,
            id,
            json!({"action": "ask_citizen", "note": "Which corner exactly?"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    app.set_time("2026-12-05T07:00:00Z");
    assert!(job(&app, "sla").await.is_empty());
    workflow::citizen_reply(
        &app.state,
        &token,
        CitizenReply::Answer,
        Some("Abai and Dostyk."),
    )
    .await
    .unwrap();
    app.deliver().await;
    let p = app.public(id).await;
    assert_eq!(
        p["resolve_by"], "2026-12-22T05:00:00Z",
        "moved on by the 5-day pause"
    );

    // The resolve-by deadline: reminded a day before, then overdue.
    app.set_time("2026-12-21T06:00:00Z");
    let m = job(&app, "sla").await;
    assert_eq!(
        subjects(&m),
        [(
            "rep@party.kz".into(),
            "Deadlines near for 1 problem(s)".into()
        )]
    );
    assert!(
        m[0].text
            .contains("Please resolve it by 22 December 2026, 10:00 (UTC+05:00).")
    );
    app.set_time("2026-12-22T05:30:00Z");
    let m = job(&app, "sla").await;
    assert_eq!(
        subjects(&m),
        [(
            "rep@party.kz".into(),
            "Deadlines passed for 1 problem(s)".into()
        )]
    );
    assert!(job(&app, "sla").await.is_empty());

    // Resolved: no longer overdue. Three days later the citizen is asked, once.
    app.set_time("2026-12-22T06:00:00Z");
    let res = app
        .act(
            &rep,
            id,
            json!({"action": "resolve", "note": "The light is repaired."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.public(id).await["overdue"], false);
    app.deliver().await;
    app.set_time("2026-12-25T05:59:00Z");
    assert!(
        job(&app, "citizen-check").await.is_empty(),
        "not before 3 days"
    );
    app.set_time("2026-12-25T06:00:00Z");
    let m = job(&app, "citizen-check").await;
    assert_eq!(
        subjects(&m),
        [(
            "citizen@example.kz".to_string(),
            format!("CT-{id:06}: has this been fixed?")
        )]
    );
    let yes = m[0].link(&format!("{tracking}?verdict=yes"));
    assert!(job(&app, "citizen-check").await.is_empty(), "asked once");
    // The one-click link only shows a confirm button: nothing changes on a GET.
    let page = text(&app.api, &yes).await;
    assert!(page.contains(&format!("action=\"/track/{token}/fixed\"")));
    assert!(!page.contains(&format!("action=\"/track/{token}/not-fixed\"")));
    assert_eq!(app.public(id).await["status"], "resolved");

    // Fourteen days without an answer: closed as no_answer, once.
    app.set_time("2027-01-08T05:59:00Z");
    assert!(job(&app, "citizen-check").await.is_empty());
    assert_eq!(app.public(id).await["status"], "resolved");
    app.set_time("2027-01-08T06:00:00Z");
    job(&app, "citizen-check").await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "closed");
    assert_eq!(p["verdict"], "no_answer");
    job(&app, "citizen-check").await;
    job(&app, "sla").await;
    let p = app.public(id).await;
    let a = actions(&p);
    for (action, times) in [
        ("mark_overdue", 2),
        ("escalate", 1),
        ("ask_fixed", 1),
        ("close_no_answer", 1),
    ] {
        assert_eq!(
            a.iter().filter(|x| *x == action).count(),
            times,
            "{action} in {a:?}"
        );
    }
    // The citizens' verdicts are a public figure: one judged, none confirmed.
    let home = text(&app.api, app.url("/")).await;
    assert!(
        home.contains(
            "Citizens confirmed 0% of the resolutions they judged in the last 30 days (0 of 1)"
        ),
        "{home}"
    );
    // The other region's coordinator heard nothing.
    assert!(
        !app.smtp
            .mails
            .lock()
            .unwrap()
            .iter()
            .any(|m| m.to.contains(&"other@league.kz".to_string()))
    );
}

#[tokio::test]
async fn reassignment_and_reopening_restart_the_deadlines_and_their_notices() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    let other = app
        .rep("other@party.kz", "Other", Some("KZ-71"), None)
        .await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let coord = app.token("coord@league.kz").await;
    let rep = app.token("other@party.kz").await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let token = tracking_token(&app, &mails);
    // Overdue with the first representative...
    app.set_time("2026-11-27T06:00:00Z");
    assert_eq!(job(&app, "sla").await.len(), 1);
    assert_eq!(app.public(id).await["overdue"], true);
    // ...reassigned: fresh deadlines from now, not overdue, notices start again.
    let res = app
        .act(
            &coord,
            id,
            json!({"action": "assign", "representative_id": other}),
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    let p = app.public(id).await;
    assert_eq!(p["overdue"], false);
    assert_eq!(p["acknowledge_by"], "2026-12-01T06:00:00Z");
    app.set_time("2026-12-01T06:00:00Z");
    let m = job(&app, "sla").await;
    assert_eq!(
        subjects(&m),
        [(
            "other@party.kz".into(),
            "Deadlines passed for 1 problem(s)".into()
        )]
    );
    // Resolved and reported not fixed: reopened with a fresh resolve-by deadline.
    assert_eq!(
        app.act(&rep, id, json!({"action": "resolve", "note": "Done."}))
            .await
            .status(),
        200
    );
    workflow::citizen_reply(
        &app.state,
        &token,
        CitizenReply::NotFixed,
        Some("Still dark."),
    )
    .await
    .unwrap();
    app.deliver().await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "reopened");
    assert_eq!(p["overdue"], false, "the acknowledgement is not owed again");
    assert_eq!(p["resolve_by"], "2026-12-23T06:00:00Z");
    assert!(job(&app, "sla").await.is_empty());
}
