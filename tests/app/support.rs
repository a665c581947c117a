//! "I have this problem too": confirmed by e-mail, one per address, counted on the problem
//! and in lists, supporters told about status changes if they asked, duplicates merged
//! without counting anyone twice.

use crate::helpers::{Mail, TestApp, json, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::json;

async fn support(app: &TestApp, id: i32, body: serde_json::Value) -> reqwest::Response {
    app.api
        .post(app.url(&format!("/api/v1/problems/{id}/supports")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn confirm(app: &TestApp, mails: &[Mail], to: &str) {
    let m = mails
        .iter()
        .find(|m| m.to == [to.to_string()] && m.subject.starts_with("Confirm your support"))
        .unwrap_or_else(|| panic!("no support confirmation to {to}"));
    let res = app.press(&m.link(&app.url("/support/confirm/"))).await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn supports_count_once_confirmed_and_supporters_follow_the_problem() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    let rep = app.token("rep@party.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let res = support(
        &app,
        id,
        json!({"email": "neighbour@example.kz", "notify": true}),
    )
    .await;
    assert_eq!(res.status(), 202);
    assert_eq!(
        app.public(id).await["supporters"],
        0,
        "not before confirmation"
    );
    let mails = app.deliver().await;
    confirm(&app, &mails, "neighbour@example.kz").await;
    assert_eq!(app.public(id).await["supporters"], 1);
    // The same address again: the same answer, no mail, no second count.
    let res = support(&app, id, json!({"email": "Neighbour@example.kz"})).await;
    assert_eq!(res.status(), 202);
    assert!(app.deliver().await.is_empty());
    assert_eq!(app.public(id).await["supporters"], 1);
    // The filer is counted already: the answer does not say so (only their mailbox is
    // told); bad input changes nothing.
    let res = support(&app, id, json!({"email": "citizen@example.kz"})).await;
    assert_eq!(res.status(), 202);
    let told = app.deliver().await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].subject, "You already count for CT-000001");
    for (body, field) in [
        (json!({"email": "not-an-address"}), "email"),
        (json!({}), "email"),
        (json!({"email": "a@b.kz", "notify": "yes"}), "notify"),
        (json!({"email": "a@b.kz", "vote": 5}), "body"),
    ] {
        let res = support(&app, id, body.clone()).await;
        assert_eq!(res.status(), 422, "{body}");
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["error"]["field"], field, "{body}");
    }
    assert_eq!(
        support(&app, 999, json!({"email": "a@b.kz"}))
            .await
            .status(),
        404
    );
    // The form: consent is required; the user's input is kept.
    let b = app.browser();
    let page = text(&b, app.url(&format!("/problems/{id}"))).await;
    assert!(page.contains("People who have this problem too: 1."));
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(
        &b,
        app.url(&format!("/problems/{id}/support")),
        &[("email", "quiet@example.kz"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("consent-error") && body.contains("quiet@example.kz"));
    let res = post_form(
        &b,
        app.url(&format!("/problems/{id}/support")),
        &[
            ("email", "quiet@example.kz"),
            ("consent", "on"),
            ("csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(
        res.headers()["location"],
        format!("/problems/{id}/support/sent")
    );
    let mails = app.deliver().await;
    confirm(&app, &mails, "quiet@example.kz").await;
    assert_eq!(app.public(id).await["supporters"], 2);
    // A status change reaches the supporter who asked, with the public page and a way to
    // stop; never the private tracking link. The quiet supporter hears nothing.
    assert_eq!(
        app.act(&rep, id, json!({"action": "acknowledge"}))
            .await
            .status(),
        200
    );
    let mails = app.deliver().await;
    assert!(!mails.iter().any(|m| m.to == ["quiet@example.kz"]));
    let m = mails
        .iter()
        .find(|m| m.to == ["neighbour@example.kz"])
        .expect("supporter update");
    assert!(m.text.contains(&app.url(&format!("/problems/{id}"))));
    assert!(!m.text.contains("/track/"));
    let stop = m.link(&app.url("/support/stop/"));
    assert!(
        text(&app.api, &stop)
            .await
            .contains("Stop e-mails about this problem?")
    );
    assert_eq!(
        app.api
            .post(format!("{stop}x"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(app.api.post(&stop).send().await.unwrap().status(), 303);
    assert_eq!(
        app.act(&rep, id, json!({"action": "start"})).await.status(),
        200
    );
    assert!(
        !app.deliver()
            .await
            .iter()
            .any(|m| m.to == ["neighbour@example.kz"])
    );
    assert_eq!(
        app.public(id).await["supporters"],
        2,
        "stopping updates keeps the support"
    );
}

#[tokio::test]
async fn merging_a_duplicate_adds_its_supporters_without_counting_anyone_twice() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let coord = app.token("coord@league.kz").await;
    let (a, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let mut other = problem_body("KZ-75", "roads");
    other["email"] = json!("other@example.kz");
    let (b, _) = app.file_confirmed(&other).await;
    for (id, email) in [
        (a, "neighbour@example.kz"),
        (b, "neighbour@example.kz"),
        (b, "third@example.kz"),
        (b, "citizen@example.kz"),
    ] {
        assert_eq!(
            support(&app, id, json!({"email": email})).await.status(),
            202
        );
        let mails = app.deliver().await;
        confirm(&app, &mails, email).await;
    }
    assert_eq!(
        (
            app.public(a).await["supporters"].clone(),
            app.public(b).await["supporters"].clone()
        ),
        (json!(1), json!(3))
    );
    // Most supported first.
    let list = json(&app.api, app.url("/api/v1/problems?sort=support")).await;
    assert_eq!(list["items"][0]["id"], b);
    let res = app
        .api
        .get(app.url("/api/v1/problems?sort=loudest"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // B is merged into A: neighbour counts once, A's own filer not at all, B's filer joins.
    let res = app
        .act(
            &coord,
            b,
            json!({"action": "mark_duplicate", "duplicate_of": a}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.public(a).await["supporters"],
        3,
        "neighbour, third, other"
    );
    assert_eq!(app.public(b).await["supporters"], 0);
    // Supporting the duplicate supports the original.
    let res = support(&app, b, json!({"email": "late@example.kz"})).await;
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["problem_id"], a);
    let home = text(&app.api, app.url("/")).await;
    assert!(home.contains("Most supported open problems"));
    assert!(home.contains(&format!("href=\"/problems/{a}\"")));
}
