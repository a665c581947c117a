//! Issue 13's findings, as an attacker would try them: unmasking anonymous filers, one
//! mailbox counted many times, a coordinator reaching outside their regions, formulas in
//! the CSV export, and link scanners confirming problems in someone else's name.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

async fn support(app: &TestApp, id: i32, email: &str) -> (u16, Value) {
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{id}/supports")))
        .json(&json!({"email": email}))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn supporting_an_anonymous_problem_does_not_reveal_who_filed_it() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("filer@example.kz");
    body["anonymous"] = json!(true);
    let (id, _) = app.file_confirmed(&body).await;
    // The filer's address and a stranger's get the same answer...
    let filer = support(&app, id, "Filer@Example.kz").await;
    let stranger = support(&app, id, "stranger@example.kz").await;
    assert_eq!(filer, stranger);
    assert_eq!(filer.0, 202);
    // ...and so does the web form.
    let b = app.browser();
    let page = text(&b, app.url(&format!("/problems/{id}"))).await;
    let csrf = TestApp::csrf_of(&page);
    let form = |email: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("email", email.to_string()),
            ("consent", "on".into()),
        ]
    };
    let a = post_form(
        &b,
        app.url(&format!("/problems/{id}/support")),
        &form("filer@example.kz"),
    )
    .await;
    let (a_status, a_text) = (a.status(), a.text().await.unwrap());
    let s = post_form(
        &b,
        app.url(&format!("/problems/{id}/support")),
        &form("other@example.kz"),
    )
    .await;
    assert_eq!((a_status, a_text), (s.status(), s.text().await.unwrap()));
    // Only the mailbox's owner learns that it filed the problem.
    let mails = app.deliver().await;
    let to_filer: Vec<&str> = mails
        .iter()
        .filter(|m| m.to == ["filer@example.kz"])
        .map(|m| m.subject.as_str())
        .collect();
    assert_eq!(
        to_filer,
        [
            "You already count for CT-000001",
            "You already count for CT-000001"
        ]
    );
    assert!(
        !mails
            .iter()
            .any(|m| m.to == ["filer@example.kz"] && m.text.contains("/support/confirm/"))
    );
    assert_eq!(
        app.count("supports").await,
        2,
        "only the strangers are asked"
    );
}

#[tokio::test]
async fn one_mailbox_counts_once_however_its_address_is_written() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("\"The Boss\" <Filer@Example.KZ>");
    let (id, _) = app.file_confirmed(&body).await;
    for address in [
        "me@x.kz",
        "\"a\" <me@x.kz>",
        "<ME@x.kz>",
        "Someone <Me@X.kz>",
        "<filer@example.kz>",
    ] {
        assert_eq!(support(&app, id, address).await.0, 202, "{address}");
    }
    let mails = app.deliver().await;
    let confirmations: Vec<&crate::helpers::Mail> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Confirm your support"))
        .collect();
    assert_eq!(
        confirmations.len(),
        4,
        "one mailbox, asked each time it asks"
    );
    assert!(confirmations.iter().all(|m| m.to == ["me@x.kz"]));
    for m in &confirmations {
        let link = m.link(&app.url("/support/confirm/"));
        let status = app.press(&link).await.status();
        // The newest link replaces the older ones: one support row per mailbox.
        assert!(status == 303 || status == 404, "{status}");
    }
    assert_eq!(app.public(id).await["supporters"], 1);
    // The filer's own mailbox, with brackets, is the filer.
    assert!(mails.iter().any(|m| m.to == ["filer@example.kz"]
        && m.subject == "You already count for CT-000001"));
    // What is stored and mailed is the bare address: no display name reaches a header.
    use sea_orm::{ConnectionTrait, Statement};
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT recipient FROM outbox UNION ALL SELECT email FROM supports \
             UNION ALL SELECT citizen_email FROM problems",
        ))
        .await
        .unwrap();
    for r in rows {
        let a: String = r.try_get_by_index(0).unwrap();
        assert!(
            a == "me@x.kz" || a == "filer@example.kz" || a == "rep@party.kz",
            "{a}"
        );
    }
}

#[tokio::test]
async fn a_regional_coordinator_cannot_take_over_a_representative_without_rules() {
    let app = spawn_app().await;
    app.user(
        "astana@league.kz",
        "Astana",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    let almaty_rep = app
        .rep("almaty@party.kz", "Almaty rep", Some("KZ-75"), None)
        .await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    // Almaty's rules are gone (an admin re-ruling them, say): the problem stays theirs.
    use sea_orm::{ConnectionTrait, Statement};
    app.state
        .db
        .execute_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            "DELETE FROM routing_rules",
        ))
        .await
        .unwrap();
    let b = app.login("astana@league.kz").await;
    let csrf = TestApp::csrf_of(&text(&b, app.url("/admin/rules")).await);
    let status = |res: reqwest::Response| res.status().as_u16();
    assert_eq!(
        status(
            post_form(
                &b,
                app.url(&format!("/admin/representatives/{almaty_rep}/deactivate")),
                &[("csrf", csrf.as_str())],
            )
            .await
        ),
        403
    );
    assert_eq!(
        status(
            post_form(
                &b,
                app.url("/admin/representatives"),
                &[
                    ("csrf", csrf.as_str()),
                    ("name", "Renamed"),
                    ("email", "almaty@party.kz"),
                    ("regions", "KZ-71"),
                    ("categories", "*"),
                ],
            )
            .await
        ),
        403
    );
    let p = app.public(id).await;
    assert_eq!(p["representative"]["name"], "Almaty rep", "{p}");
    assert_eq!(app.count("routing_rules").await, 0);
}

#[tokio::test]
async fn marking_a_duplicate_stays_inside_the_coordinators_regions() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user(
        "astana@league.kz",
        "Astana",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    let astana = app.token("astana@league.kz").await;
    let (mine, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let (theirs, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let res = app
        .act(
            &astana,
            mine,
            json!({"action": "mark_duplicate", "duplicate_of": theirs}),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(app.public(mine).await["status"], "assigned");
    assert_eq!(app.public(theirs).await["supporters"], 0);
}

#[tokio::test]
async fn the_csv_export_makes_formulas_plain_text() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("=HYPERLINK(\"http://evil.example\",\"Click\")");
    body["address"] = json!("@SUM(1+1)");
    app.file_confirmed(&body).await;
    let csv = text(&app.api, app.url("/export/problems.csv")).await;
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\","),
        "{row}"
    );
    assert!(row.contains(",'@SUM(1+1),"), "{row}");
    // The JSON export and the pages keep the text as written.
    let json = text(&app.api, app.url("/export/problems.json")).await;
    assert!(json.contains("\"title\":\"=HYPERLINK("), "{json}");
}

#[tokio::test]
async fn link_scanners_that_open_a_confirmation_link_confirm_nothing() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let id = app.file(&problem_body("KZ-75", "roads")).await;
    let mails = app.deliver().await;
    let link = mails[0].link(&app.url("/confirm/"));
    for _ in 0..3 {
        let res = app.api.get(&link).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("Confirm and publish"));
    }
    let res = app
        .api
        .get(app.url(&format!("/api/v1/problems/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "still unconfirmed, so not public");
    // A POST without the page's token is refused too.
    let res = app.api.post(&link).form(&[("csrf", "forged")]).send().await;
    assert_eq!(res.unwrap().status(), 403);
    assert_eq!(app.press(&link).await.status(), 303);
    assert_eq!(app.public(id).await["status"], "assigned");
}

#[tokio::test]
async fn idempotency_keys_belong_to_the_citizen_who_used_them() {
    let app = spawn_app().await;
    let file = |email: &'static str, key: &'static str| {
        let mut body = problem_body("KZ-75", "roads");
        body["email"] = json!(email);
        app.api
            .post(app.url("/api/v1/problems"))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = file("a@example.kz", "same-key").await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    // Another citizen's client picks the same key: a problem of their own, not the
    // first citizen's answer (nor a refusal that tells the key was used).
    let other = file("b@example.kz", "same-key").await.unwrap();
    assert_eq!(other.status(), 201);
    let other: Value = other.json().await.unwrap();
    assert_ne!(first["id"], other["id"]);
    // The first citizen's retry still gets their first answer.
    let again: Value = file("a@example.kz", "same-key")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(app.count("problems").await, 2);
}

#[tokio::test]
async fn a_csrf_token_is_worth_nothing_outside_its_session() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Coordinator", UserRole::Coordinator, &[])
        .await;
    let b = app.login("coord@league.kz").await;
    let own = TestApp::csrf_of(&text(&b, app.url("/account")).await);
    // A token the attacker knows, planted as a cookie (from a sibling subdomain, say):
    // the signed-in browser's forms are checked against its session, not that cookie.
    let planted = "planted-token-known-to-the-attacker";
    let res = b
        .post(app.url("/account"))
        .header("cookie", format!("civic_csrf={planted}"))
        .form(&[("csrf", planted), ("digests", "none")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Another signed-in browser's token does not work here either.
    app.user("other@league.kz", "Other", UserRole::Coordinator, &[])
        .await;
    let other = app.login("other@league.kz").await;
    let theirs = TestApp::csrf_of(&text(&other, app.url("/account")).await);
    assert_ne!(own, theirs);
    let res = post_form(
        &b,
        app.url("/account"),
        &[("csrf", theirs.as_str()), ("digests", "none")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = post_form(
        &b,
        app.url("/account"),
        &[("csrf", own.as_str()), ("digests", "none")],
    )
    .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn forms_sent_from_another_site_are_refused() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Coordinator", UserRole::Coordinator, &[])
        .await;
    let b = app.login("coord@league.kz").await;
    let csrf = TestApp::csrf_of(&text(&b, app.url("/account")).await);
    let send = |headers: Vec<(&'static str, String)>| {
        let mut req = b
            .post(app.url("/account"))
            .form(&[("csrf", csrf.as_str()), ("digests", "weekly")]);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(
        send(vec![("origin", "http://evil.example".into())]).await,
        403
    );
    assert_eq!(send(vec![("origin", "null".into())]).await, 403);
    assert_eq!(
        send(vec![("sec-fetch-site", "cross-site".into())]).await,
        403
    );
    assert_eq!(
        send(vec![
            ("origin", app.addr.clone()),
            ("sec-fetch-site", "same-origin".into())
        ])
        .await,
        303
    );
    assert_eq!(send(vec![]).await, 303, "no header: the token decides");
}

#[tokio::test]
async fn silent_and_half_sent_requests_do_not_hold_connections_open() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = crate::helpers::spawn_app_with(|c| {
        c.server.header_timeout_seconds = 1;
        c.server.body_timeout_seconds = 1;
    })
    .await;
    let host = app.addr.trim_start_matches("http://").to_string();
    // How long until the server closes a connection that was sent `sent`, and what it said.
    let closed_after = |sent: &'static [u8]| {
        let host = host.clone();
        async move {
            let mut s = tokio::net::TcpStream::connect(&host).await.unwrap();
            s.write_all(sent).await.unwrap();
            let start = Instant::now();
            let mut answer = Vec::new();
            let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut answer));
            assert!(
                read.await.is_ok(),
                "still open after 10 s: {:?}",
                String::from_utf8_lossy(sent)
            );
            (
                start.elapsed(),
                String::from_utf8_lossy(&answer).to_string(),
            )
        }
    };
    // Silence, half-sent headers, and a short body behind a long Content-Length.
    let (t, _) = closed_after(b"").await;
    assert!(t < Duration::from_secs(4), "silent: {t:?}");
    let (t, _) = closed_after(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").await;
    assert!(t < Duration::from_secs(4), "half-sent headers: {t:?}");
    let (t, answer) = closed_after(
        b"POST /api/v1/problems HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100000\r\n\r\n{\"title\":",
    )
    .await;
    assert!(t < Duration::from_secs(4), "short body: {t:?}");
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    assert_eq!(app.count("problems").await, 0);
    // A normal request is unaffected.
    assert_eq!(text(&app.api, app.url("/healthz")).await, "ok");
}

#[tokio::test]
async fn private_pages_are_never_stored_and_https_is_pinned() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let id = app.file(&problem_body("KZ-75", "roads")).await;
    let mails = app.deliver().await;
    let tracking = mails[0].link(&app.url("/track/"));
    let confirm = mails[0].link(&app.url("/confirm/"));
    let res = app.api.get(&confirm).send().await.unwrap();
    assert_eq!(
        res.headers()["cache-control"],
        "no-store",
        "the confirmation page"
    );
    app.press(&confirm).await;
    let cache = |res: &reqwest::Response| {
        res.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string())
    };
    let res = app.api.get(&tracking).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(cache(&res).as_deref(), Some("no-store"));
    let rep = app.login("rep@party.kz").await;
    let res = rep
        .get(app.url(&format!("/workspace/problems/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(cache(&res).as_deref(), Some("no-store"));
    // A signed-in browser's public pages show its name: not stored either.
    let res = rep
        .get(app.url(&format!("/problems/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(cache(&res).as_deref(), Some("no-store"));
    // The public's public page may be cached; plain http gets no HSTS.
    let res = app
        .api
        .get(app.url(&format!("/problems/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(cache(&res), None);
    assert!(res.headers().get("strict-transport-security").is_none());

    let https = crate::helpers::spawn_app_with(|c| {
        c.server.base_url = "https://civic.example.kz".into();
    })
    .await;
    let res = https.api.get(https.url("/healthz")).send().await.unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}
