//! Who may do what, and what the public never sees.

use crate::helpers::{TestApp, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

#[tokio::test]
async fn representative_cannot_act_on_anothers_problem() {
    let app = spawn_app().await;
    app.rep("mine@party.kz", "Mine", Some("KZ-75"), None).await;
    app.rep("other@party.kz", "Other", Some("KZ-71"), None)
        .await;
    let other = app.token("other@party.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    for action in [
        "acknowledge",
        "start",
        "resolve",
        "reject",
        "request_reassign",
    ] {
        let res = app
            .act(&other, id, json!({"action": action, "note": "x"}))
            .await;
        assert_eq!(res.status(), 403, "{action}");
        let e: Value = res.json().await.unwrap();
        assert_eq!(
            e["error"]["message"],
            "this problem is assigned to another representative"
        );
    }
    // Nor can a representative do a coordinator's job.
    assert_eq!(
        app.act(
            &other,
            id,
            json!({"action": "assign", "representative_id": 1})
        )
        .await
        .status(),
        403
    );
    assert_eq!(app.public(id).await["status"], "assigned");
}

#[tokio::test]
async fn monitors_and_out_of_region_coordinators_change_nothing() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user("monitor@watch.kz", "Monitor", UserRole::Monitor, &[])
        .await;
    app.user(
        "astana@league.kz",
        "Astana coordinator",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    let monitor = app.token("monitor@watch.kz").await;
    let astana = app.token("astana@league.kz").await;
    let rep = app.token("rep@party.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(
        app.act(&rep, id, json!({"action": "reject", "note": "Not mine."}))
            .await
            .status(),
        200
    );
    for token in [&monitor, &astana] {
        for body in [
            json!({"action": "close", "note": "x"}),
            json!({"action": "assign", "representative_id": 1}),
        ] {
            assert_eq!(app.act(token, id, body).await.status(), 403);
        }
    }
    assert_eq!(app.public(id).await["status"], "rejected");
}

#[tokio::test]
async fn the_api_needs_a_valid_bearer_token_and_ignores_cookies() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let url = app.url(&format!("/api/v1/problems/{id}/actions"));
    let res = app
        .api
        .post(&url)
        .json(&json!({"action": "acknowledge"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .api
        .post(&url)
        .bearer_auth("forged")
        .json(&json!({"action": "acknowledge"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let browser = app.login("rep@party.kz").await;
    let res = browser
        .post(&url)
        .json(&json!({"action": "acknowledge"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "a session cookie is not an API credential"
    );
}

#[tokio::test]
async fn citizens_email_and_anonymous_name_appear_in_no_public_response() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user("monitor@watch.kz", "Monitor", UserRole::Monitor, &[])
        .await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("secret.person@example.kz");
    body["display_name"] = json!("Hidden Name");
    body["anonymous"] = json!(true);
    let (id, _) = app.file_confirmed(&body).await;
    let rep = app.token("rep@party.kz").await;
    app.act(
        &rep,
        id,
        json!({"action": "comment", "note": "We are on it."}),
    )
    .await;
    let public = [
        format!("/api/v1/problems/{id}"),
        "/api/v1/problems".into(),
        "/api/v1/problems?region=KZ-75".into(),
        format!("/problems/{id}"),
        "/problems".into(),
        "/".into(),
    ];
    for path in &public {
        let text = text(&app.api, app.url(path)).await;
        assert!(
            text.contains("Broken street light"),
            "{path} shows the problem"
        );
        assert!(!text.contains("secret.person"), "{path} leaks the e-mail");
        assert!(
            !text.contains("Hidden Name"),
            "{path} leaks the anonymous name"
        );
    }
    // Monitors see the internal page but no contact details; coordinators see them.
    let monitor = app.login("monitor@watch.kz").await;
    let page = text(&monitor, app.url(&format!("/workspace/problems/{id}"))).await;
    assert!(page.contains("Broken street light"));
    assert!(!page.contains("secret.person"));
    assert!(
        !page.contains("<select id=\"action\""),
        "monitors get no action form"
    );
    let coord = app.login("coord@league.kz").await;
    let page = text(&coord, app.url(&format!("/workspace/problems/{id}"))).await;
    assert!(page.contains("secret.person@example.kz"));
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = spawn_app().await;
    let b = app.browser();
    b.get(app.url("/problems/new")).send().await.unwrap();
    let res = b
        .post(app.url("/problems/new"))
        .form(&[
            ("title", "Broken street light"),
            ("csrf", "forged-token-value-1234567"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .browser()
        .post(app.url("/login"))
        .form(&[("email", "a@b.kz")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("problems").await, 0);
    let _ = TestApp::csrf_of;
}

#[tokio::test]
async fn pages_for_staff_need_a_session() {
    let app = spawn_app().await;
    for path in [
        "/workspace",
        "/triage",
        "/admin/representatives",
        "/admin/rules",
    ] {
        assert_eq!(
            app.api.get(app.url(path)).send().await.unwrap().status(),
            403,
            "{path}"
        );
    }
    app.rep("rep@party.kz", "Rep", None, None).await;
    let rep = app.login("rep@party.kz").await;
    assert_eq!(
        rep.get(app.url("/triage")).send().await.unwrap().status(),
        403
    );
    assert_eq!(
        rep.get(app.url("/admin/rules"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

#[tokio::test]
async fn reassignment_requests_are_not_public() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let rep = app.token("rep@party.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    app.act(
        &rep,
        id,
        json!({"action": "request_reassign", "note": "leave"}),
    )
    .await;
    for path in [
        "/api/v1/problems".to_string(),
        format!("/api/v1/problems/{id}"),
    ] {
        let text = text(&app.api, app.url(&path)).await;
        assert!(!text.contains("reassign"), "{path}: {text}");
    }
}

#[tokio::test]
async fn pages_forbid_framing_and_keep_tracking_tokens_out_of_referrers() {
    let app = spawn_app().await;
    for path in ["/", "/problems/new", "/api/v1/regions"] {
        let res = app.api.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert!(h.contains_key("x-request-id"));
    }
}
