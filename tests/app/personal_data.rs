//! Citizens' personal data (Kazakhstan's Law on Personal Data and its Protection): consent
//! kept with its text's version, erasure and withdrawal from the tracking link, erasure
//! when the retention period ends, and the access log of staff shown contact details.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use civic_tracker::entities::{access_log, outbox, problem, support};
use civic_tracker::services::personal_data::export::export;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

/// The problem's row as stored.
async fn row(app: &TestApp, id: i32) -> problem::Model {
    problem::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("problem")
}

/// The citizen's tracking page address.
async fn tracking(app: &TestApp, id: i32) -> String {
    app.url(&format!("/track/{}", row(app, id).await.tracking_token))
}

/// Runs the purge job as of the fake clock's now; returns its summary.
async fn purge(app: &TestApp) -> String {
    match app.job("purge").await {
        civic_tracker::jobs::Ran::Done { summary, .. } => summary,
        other => panic!("purge did not run: {other:?}"),
    }
}

/// Outbox rows addressed to `to`.
async fn mails_to(app: &TestApp, to: &str) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .all(&app.state.db)
        .await
        .unwrap()
}

/// The access log, oldest first.
async fn access_rows(app: &TestApp) -> Vec<access_log::Model> {
    access_log::Entity::find()
        .order_by_asc(access_log::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

/// POSTs the form at `action` on the citizen's tracking page with its CSRF token.
async fn press(citizen: &reqwest::Client, page_url: &str, action: &str) -> reqwest::Response {
    let page = text(citizen, page_url).await;
    let csrf = TestApp::csrf_of(&page);
    post_form(
        citizen,
        format!("{page_url}/{action}"),
        &[("csrf", csrf.as_str())],
    )
    .await
}

#[tokio::test]
async fn the_form_shows_the_consent_text_and_its_version_and_each_problem_keeps_both() {
    let app = spawn_app().await;
    let citizen = app.browser();
    let form = text(&citizen, app.url("/problems/new")).await;
    assert!(form.contains(
        "I agree that League of Nur Otan Supporters processes my e-mail address and name to \
         handle this problem. They are never published."
    ));
    assert!(form.contains("consent text of 2026-11-28"));
    let csrf = TestApp::csrf_of(&form);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("title", "Broken street light"),
        (
            "description",
            "The street light at the corner has been broken for two weeks.",
        ),
        ("category", "roads"),
        ("region", "KZ-75"),
        ("email", "form@example.kz"),
    ];
    // Without the box ticked nothing is stored.
    let res = post_form(&citizen, app.url("/problems/new"), &fields).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("problems").await, 0);
    fields.push(("consent", "on"));
    let res = post_form(&citizen, app.url("/problems/new"), &fields).await;
    assert_eq!(res.status(), 303);
    let p = row(&app, 1).await;
    assert_eq!(p.consent_version.as_deref(), Some("2026-11-28"));
    assert_eq!(p.consent_at, Some("2026-11-25T05:00:00Z".parse().unwrap()));

    // The API's sending is its consent: the same version, at the time of sending.
    app.set_time("2026-11-25T07:30:00Z");
    let id = app.file(&problem_body("KZ-75", "roads")).await;
    let p = row(&app, id).await;
    assert_eq!(p.consent_version.as_deref(), Some("2026-11-28"));
    assert_eq!(p.consent_at, Some("2026-11-25T07:30:00Z".parse().unwrap()));
    assert_eq!(p.contact_erased_at, None);
}

#[tokio::test]
async fn a_citizen_erases_their_contact_details_and_the_problem_stays_public_and_anonymous() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let rep = app.token("rep@party.kz").await;
    let mut body = problem_body("KZ-75", "roads");
    body["display_name"] = json!("Aigerim Sarsenova");
    let (id, _) = app.file_confirmed(&body).await;
    assert_eq!(app.public(id).await["author"], "Aigerim Sarsenova");
    assert!(!mails_to(&app, "citizen@example.kz").await.is_empty());
    let url = tracking(&app, id).await;
    let citizen = app.browser();

    // The page offers it; neither a GET nor a POST without the CSRF token changes anything.
    let page = text(&citizen, &url).await;
    assert!(page.contains("Erase my contact details"));
    assert!(page.contains("erased 1095 days after the problem is closed"));
    let res = citizen.get(format!("{url}/erase")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    let res = post_form(
        &app.api,
        format!("{url}/erase"),
        &[("csrf", "forged-token-value-1234567")],
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(row(&app, id).await.citizen_email, "citizen@example.kz");

    app.set_time("2026-11-26T05:00:00Z");
    let res = press(&citizen, &url, "erase").await;
    assert_eq!(res.status(), 303);
    let path = url.trim_start_matches(&app.addr);
    assert_eq!(res.headers()["location"], path);
    let p = row(&app, id).await;
    assert_eq!(p.citizen_email, "");
    assert_eq!(p.citizen_name, None);
    assert!(p.anonymous);
    assert_eq!(
        p.contact_erased_at,
        Some("2026-11-26T05:00:00Z".parse().unwrap())
    );
    assert!(
        mails_to(&app, "citizen@example.kz").await.is_empty(),
        "their mails left the outbox"
    );
    // Still public and handled, without the name; the tracking link keeps working.
    let public = app.public(id).await;
    assert_eq!(public["status"], "assigned");
    assert_eq!(public["author"], serde_json::Value::Null);
    let page = text(&citizen, format!("{url}?erased=1")).await;
    assert!(page.contains("Your contact details are erased. This page keeps working"));
    assert!(page.contains("Your contact details were erased on"));
    assert!(!page.contains("/erase\""), "no second erase button");
    // Erasing again (a second tab, say) changes nothing.
    let csrf = TestApp::csrf_of(&text(&citizen, app.url("/problems/new")).await);
    let res = post_form(&citizen, format!("{url}/erase"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count("problem_events WHERE action = 'erase_contact'")
            .await,
        1
    );

    // Nothing is mailed to them any more, but they still answer from the page.
    let res = app
        .act(
            &rep,
            id,
            json!({"action": "ask_citizen", "note": "Which entrance?"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mails = app.deliver().await;
    assert!(
        mails.is_empty(),
        "the representative's question reaches nobody: {mails:?}"
    );
    let page = text(&citizen, &url).await;
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(
        &citizen,
        format!("{url}/answer"),
        &[("csrf", csrf.as_str()), ("note", "The second one.")],
    )
    .await;
    assert_eq!(res.status(), 303);

    // Staff see that the details are gone, and no view of nothing is logged.
    let coord = app.login("coord@league.kz").await;
    let page = text(&coord, app.url(&format!("/workspace/problems/{id}"))).await;
    assert!(page.contains("contact details have been erased"));
    assert!(!page.contains("citizen@example.kz"));
    assert!(access_rows(&app).await.is_empty());
    // An export for the address finds no problem of theirs.
    let email = civic_tracker::domain::input::Email::parse("e", "citizen@example.kz").unwrap();
    let held = export(&app.state, &email).await.unwrap();
    assert!(held.problems.is_empty() && held.mails.is_empty());
}

#[tokio::test]
async fn a_merged_duplicates_citizen_who_erases_leaves_no_address_on_the_original() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let coord = app.token("coord@league.kz").await;
    let (original, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("Second@example.kz");
    let (dup, _) = app.file_confirmed(&body).await;
    let res = app
        .act(
            &coord,
            dup,
            json!({"action": "mark_duplicate", "duplicate_of": original}),
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    assert_eq!(app.public(original).await["supporters"], 1);
    let citizen = app.browser();
    assert_eq!(
        press(&citizen, &tracking(&app, dup).await, "erase")
            .await
            .status(),
        303
    );
    let supports = support::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(supports.len(), 1);
    assert_eq!(supports[0].email, format!("erased:{}", supports[0].id));
    assert_eq!(app.public(original).await["supporters"], 1, "still counted");
    assert!(mails_to(&app, "second@example.kz").await.is_empty());
    // The original's news no longer reaches them.
    app.act(
        &coord,
        original,
        json!({"action": "close", "note": "Done."}),
    )
    .await;
    let mails = app.deliver().await;
    assert_eq!(
        mails.iter().map(|m| m.to.join(",")).collect::<Vec<_>>(),
        ["citizen@example.kz"]
    );
}

#[tokio::test]
async fn a_citizen_withdraws_a_problem_no_representative_has_taken() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(app.public(id).await["status"], "new", "in triage");
    let url = tracking(&app, id).await;
    let citizen = app.browser();
    let page = text(&citizen, &url).await;
    assert!(page.contains("Withdraw my problem"));
    assert_eq!(
        citizen
            .get(format!("{url}/withdraw"))
            .send()
            .await
            .unwrap()
            .status(),
        405
    );
    assert_eq!(app.public(id).await["status"], "new");

    let res = press(&citizen, &url, "withdraw").await;
    assert_eq!(res.status(), 303);
    let path = url.trim_start_matches(&app.addr);
    assert_eq!(res.headers()["location"], path);
    let public = app.public(id).await;
    assert_eq!(public["status"], "closed");
    assert_eq!(public["verdict"], "withdrawn");
    let last = public["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "withdraw");
    assert_eq!(last["actor"], "citizen");
    let page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(page.contains("Withdrawn by the citizen who filed it"));
    let page = text(&citizen, format!("{url}?withdrawn=1")).await;
    assert!(page.contains("Your problem is withdrawn and closed."));
    assert!(!page.contains("Withdraw my problem"));
    // Their receipt; the contact details stay until they erase them or the period ends.
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["citizen@example.kz"]);
    assert!(
        mails[0]
            .text
            .contains("withdrawn by the citizen who filed it")
    );
    assert_eq!(row(&app, id).await.citizen_email, "citizen@example.kz");
    // Out of the triage queue; withdrawing again is refused.
    let coord = app.login("coord@league.kz").await;
    let triage = text(&coord, app.url("/triage")).await;
    assert!(!triage.contains("Broken street light"), "{triage}");
    let csrf = TestApp::csrf_of(&text(&citizen, app.url("/problems/new")).await);
    let again = post_form(
        &citizen,
        format!("{url}/withdraw"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn a_problem_with_a_representative_cannot_be_withdrawn() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let url = tracking(&app, id).await;
    let citizen = app.browser();
    let page = text(&citizen, &url).await;
    assert!(!page.contains("Withdraw my problem"));
    let csrf = TestApp::csrf_of(&text(&citizen, app.url("/problems/new")).await);
    let res = post_form(
        &citizen,
        format!("{url}/withdraw"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("cannot withdraw a problem that is assigned")
    );
    assert_eq!(app.public(id).await["status"], "assigned");
}

#[tokio::test]
async fn contact_details_of_closed_problems_are_erased_when_the_retention_period_ends() {
    let app = spawn_app().await;
    assert_eq!(app.state.config.privacy.retention_days, 1095);
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let coord = app.token("coord@league.kz").await;
    let mut body = problem_body("KZ-75", "roads");
    body["display_name"] = json!("Aigerim Sarsenova");
    let (closed, _) = app.file_confirmed(&body).await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("still.open@example.kz");
    let (open, _) = app.file_confirmed(&body).await;
    // A supporter of the problem that is closed.
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{closed}/supports")))
        .json(&json!({"email": "neighbour@example.kz", "notify": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let m = app.deliver().await;
    app.press(&m[0].link(&app.url("/support/confirm/"))).await;
    app.set_time("2026-11-26T05:00:00Z");
    let res = app
        .act(
            &coord,
            closed,
            json!({"action": "close", "note": "Outside our remit."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;

    // 1,095 days after closing: not yet.
    app.set_time("2029-11-25T05:00:00Z");
    assert!(
        purge(&app)
            .await
            .ends_with("contact details of 0 closed problems erased")
    );
    assert_eq!(row(&app, closed).await.citizen_email, "citizen@example.kz");

    app.set_time("2029-11-25T05:00:01Z");
    assert!(
        purge(&app)
            .await
            .ends_with("contact details of 1 closed problem erased")
    );
    let p = row(&app, closed).await;
    assert_eq!(
        (
            p.citizen_email.as_str(),
            p.citizen_name.as_deref(),
            p.anonymous
        ),
        ("", None, true)
    );
    assert_eq!(
        p.contact_erased_at,
        Some("2029-11-25T05:00:01Z".parse().unwrap())
    );
    let s = support::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((s.email, s.notify), (format!("erased:{}", s.id), false));
    assert_eq!(app.public(closed).await["supporters"], 1);
    assert!(mails_to(&app, "citizen@example.kz").await.is_empty());
    assert!(mails_to(&app, "neighbour@example.kz").await.is_empty());
    assert!(
        !mails_to(&app, "coord@league.kz").await.is_empty(),
        "staff mails stay"
    );
    let public = app.public(closed).await;
    assert_eq!(public["status"], "closed");
    assert_eq!(public["author"], serde_json::Value::Null);
    // The open problem keeps its citizen; a second run erases nothing more.
    assert_eq!(row(&app, open).await.citizen_email, "still.open@example.kz");
    let events = app.count("problem_events").await;
    assert!(
        purge(&app)
            .await
            .ends_with("contact details of 0 closed problems erased")
    );
    assert_eq!(app.count("problem_events").await, events);
}

#[tokio::test]
async fn every_view_of_contact_details_by_staff_is_in_the_access_log_that_only_admins_read() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    app.user(
        "coord@league.kz",
        "Dana Coordinator",
        UserRole::Coordinator,
        &[],
    )
    .await;
    app.user("monitor@watch.kz", "Monitor", UserRole::Monitor, &[])
        .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("secret.person@example.kz");
    let (id, _) = app.file_confirmed(&body).await;
    let page_url = app.url(&format!("/workspace/problems/{id}"));

    // Those who are not shown contact details leave no row.
    for who in ["rep@party.kz", "monitor@watch.kz"] {
        let b = app.login(who).await;
        assert!(!text(&b, &page_url).await.contains("secret.person"));
    }
    assert!(access_rows(&app).await.is_empty());
    let coord = app.login("coord@league.kz").await;
    assert!(
        text(&coord, &page_url)
            .await
            .contains("secret.person@example.kz")
    );
    app.set_time("2026-11-25T06:00:00Z");
    text(&coord, &page_url).await;
    let rows = access_rows(&app).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].problem_id, id);
    assert_eq!(rows[1].shown, "email,name");
    assert_eq!(
        rows[1].created_at,
        "2026-11-25T06:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );

    // Only admins read the log; it names the fields, never their values.
    for who in [None, Some("coord@league.kz"), Some("monitor@watch.kz")] {
        let client = match who {
            Some(w) => app.login(w).await,
            None => app.browser(),
        };
        let res = client
            .get(app.url("/admin/access-log"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{who:?}");
    }
    let admin = app.login("admin@league.kz").await;
    let nav = text(&admin, app.url("/admin/jobs")).await;
    assert!(nav.contains("href=\"/admin/access-log\""));
    let log = text(&admin, app.url("/admin/access-log")).await;
    assert!(log.contains("Dana Coordinator"));
    assert!(log.contains("CT-000001"));
    assert!(log.contains("e-mail, name"));
    assert!(log.contains("problem page"));
    assert!(!log.contains("secret.person"));
    // Newest first: 11:00 (Almaty) before 10:00.
    let eleven = log.find("25 November 2026, 11:00").expect("second view");
    let ten = log.find("25 November 2026, 10:00").expect("first view");
    assert!(eleven < ten, "{log}");

    // Undelivered mail to the citizen, seen by the admin, is logged too.
    *app.smtp.mode.lock().unwrap() = crate::helpers::SinkMode::Permanent;
    let rep = app.token("rep@party.kz").await;
    app.act(&rep, id, json!({"action": "acknowledge"})).await;
    app.deliver().await;
    let page = text(&admin, app.url("/admin/mail")).await;
    assert!(page.contains("secret.person@example.kz"));
    let last = access_rows(&app).await.pop().unwrap();
    assert_eq!((last.problem_id, last.shown.as_str()), (id, "email"));
    assert_eq!(last.place.as_str(), "mail_page");

    // Fifty rows a page.
    for _ in 0..50 {
        text(&coord, &page_url).await;
    }
    let first = text(&admin, app.url("/admin/access-log")).await;
    assert!(first.contains("Page 1 of 2"), "{first}");
    let second = text(&admin, app.url("/admin/access-log?page=2")).await;
    assert_eq!(second.matches("<tr><td>").count(), 53 - 50);
    let res = admin
        .get(app.url("/admin/access-log?page=zero"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}
