//! Sessions and tokens can be taken back: by their user ("sign out everywhere"), by an
//! admin, and token by token from the command line, which shows when each was last used.

use crate::helpers::{TestApp, post_form, text};
use civic_tracker::auth::UserRole;
use std::process::Command;

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_user_only() {
    let app = crate::helpers::spawn_app().await;
    app.user("coord@league.kz", "Coordinator", UserRole::Coordinator, &[])
        .await;
    app.user("other@league.kz", "Other", UserRole::Coordinator, &[])
        .await;
    let laptop = app.login("coord@league.kz").await;
    let phone = app.login("coord@league.kz").await;
    let other = app.login("other@league.kz").await;
    let csrf = TestApp::csrf_of(&text(&laptop, app.url("/account")).await);
    let res = post_form(
        &laptop,
        app.url("/account/sign-out-everywhere"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), 303);
    for b in [&laptop, &phone] {
        assert_eq!(
            b.get(app.url("/triage")).send().await.unwrap().status(),
            403
        );
    }
    assert_eq!(
        other.get(app.url("/triage")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn an_admin_revokes_a_users_sessions_and_tokens_and_sees_their_last_use() {
    let app = crate::helpers::spawn_app().await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let rep = app.rep("rep@party.kz", "Rep", None, None).await;
    let rep_browser = app.login("rep@party.kz").await;
    let token = app.token("rep@party.kz").await;
    let api = |t: &str| {
        app.api
            .post(app.url("/api/v1/problems/999/actions"))
            .bearer_auth(t.to_string())
            .json(&serde_json::json!({"action": "comment", "note": "x"}))
            .send()
    };
    // A token's use is recorded (the problem does not exist: 404, but the token counts).
    assert_eq!(api(&token).await.unwrap().status(), 404);
    let admin = app.login("admin@league.kz").await;
    let page = text(&admin, app.url("/admin/users")).await;
    assert!(page.contains("rep@party.kz"), "{page}");
    assert!(page.contains("last used 25 November 2026, 10:00"), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(
        &admin,
        app.url(&format!("/admin/users/{rep}/revoke")),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        rep_browser
            .get(app.url("/workspace"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let res = app
        .api
        .post(app.url("/api/v1/problems/1/actions"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"action": "comment", "note": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Nobody else lost anything.
    assert_eq!(
        admin
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn token_list_shows_last_use_and_token_revoke_ends_one_token() {
    let app = crate::helpers::spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let used = app.token("rep@party.kz").await;
    let unused = app.token("rep@party.kz").await;
    let comment = |t: String| {
        app.api
            .post(app.url("/api/v1/problems/999/actions"))
            .bearer_auth(t)
            .json(&serde_json::json!({"action": "comment", "note": "x"}))
            .send()
    };
    assert_eq!(comment(used.clone()).await.unwrap().status(), 404);
    let civic = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_civic-tracker"))
            .args(args)
            .env("CIVIC_DATABASE_URL", app.state.config.database.url.expose())
            .env("CIVIC_SECURITY__TOKEN_PEPPER", "test-pepper-of-the-suite")
            .env_remove("DATABASE_URL")
            .output()
            .expect("binary runs")
    };
    let out = civic(&["token", "list", "--email", "rep@party.kz"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines[0], "id\tkind\tcreated\tlast used");
    assert_eq!(lines.len(), 3, "{listing}");
    assert!(lines[1].ends_with("2026-11-25T05:00:00+00:00"), "{listing}");
    assert!(lines[2].ends_with("\tnever"), "{listing}");
    assert!(
        !listing.contains(&used) && !listing.contains(&unused),
        "no secrets printed"
    );
    let first_id = lines[1].split('\t').next().unwrap();
    let out = civic(&["token", "revoke", first_id]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(comment(used).await.unwrap().status(), 401);
    assert_eq!(
        comment(unused).await.unwrap().status(),
        404,
        "the other token still works"
    );
    let out = civic(&["token", "revoke", first_id]);
    assert!(!out.status.success(), "revoking twice says so");
}
