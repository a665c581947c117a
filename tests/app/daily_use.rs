//! Issue 15: smooth for the people who use the service every day. Each test reproduces a
//! finding of an operator's walk-through (the finding's number is in the test's comment).

use crate::helpers::{TestApp, flash_of, follow, post_form, problem_body, spawn_app, text};
use serde_json::json;

/// Findings 9 and 2: the workspace offers actions by what they do, answers an action with
/// a redirect and a message shown once in the person's language, and the timeline and
/// deadlines read right afterwards.
#[tokio::test]
async fn a_workspace_action_says_what_happened_once_in_the_persons_language() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", Some("KZ-75"), None)
        .await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let b = app.login("aliya@party.kz").await;
    let path = format!("/workspace/problems/{id}");
    let page = text(&b, app.url(&path)).await;
    // Imperative labels: "Acknowledge", not the timeline's "Acknowledged".
    assert!(
        page.contains(r#"<option value="acknowledge">Acknowledge</option>"#),
        "{page}"
    );
    assert!(page.contains(r#"<option value="resolve">Mark as resolved</option>"#));
    assert!(page.contains("Acknowledge by"), "the deadline still owed");
    let csrf = TestApp::csrf_of(&page);

    let res = post_form(
        &b,
        app.url(&path),
        &[("csrf", csrf.as_str()), ("action", "acknowledge")],
    )
    .await;
    let (to, page) = follow(&b, &app.url(""), res).await;
    assert_eq!(to, path);
    assert_eq!(
        flash_of(&page).as_deref(),
        Some("Acknowledged. The citizen has been told.")
    );
    // The timeline says it once; the acknowledge-by deadline is settled and gone.
    assert!(
        !page.contains(r#"→ <span class="status status-acknowledged">"#),
        "Acknowledged → Acknowledged"
    );
    assert!(page.contains("<strong>Acknowledged</strong>"));
    assert!(!page.contains("Acknowledge by"), "settled");
    assert!(page.contains("Resolve by"));
    // Shown once: a reload (a GET) shows no message and changes nothing.
    let events = app.count("problem_events").await;
    assert_eq!(flash_of(&text(&b, app.url(&path)).await), None);
    assert_eq!(app.count("problem_events").await, events);

    // In Russian, with what followed: the citizen is told.
    let page = text(&b, app.url(&format!("{path}?lang=ru"))).await;
    assert!(page.contains(r#"<option value="start">Начать работу</option>"#));
    let res = post_form(
        &b,
        app.url(&path),
        &[("csrf", csrf.as_str()), ("action", "start")],
    )
    .await;
    let (_, page) = follow(&b, &app.url(""), res).await;
    assert_eq!(
        flash_of(&page).as_deref(),
        Some("Работа начата. Гражданин уведомлён.")
    );
    // A refused action comes back on the page with the reason, and no message.
    let res = post_form(
        &b,
        app.url(&path),
        &[("csrf", csrf.as_str()), ("action", "resolve")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(flash_of(&res.text().await.unwrap()), None);
}

/// Finding 3: a mail's link to a page behind sign-in leads, through a real link on the
/// 403 page and the sign-in mail, back to that page; a used link offers no button.
#[tokio::test]
async fn signing_in_from_a_link_returns_to_the_page_asked_for() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", Some("KZ-75"), None)
        .await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let path = format!("/workspace/problems/{id}");
    let b = app.browser();
    let res = b.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let page = unslash(res.text().await.unwrap());
    let sign_in = format!("/login?next=%2Fworkspace%2Fproblems%2F{id}");
    assert!(
        page.contains(&format!(
            r#"<a class="button" href="{sign_in}">Sign in</a>"#
        )),
        "{page}"
    );
    let form = unslash(text(&b, app.url(&sign_in)).await);
    assert!(form.contains(&format!(
        r#"<input type="hidden" name="next" value="{path}">"#
    )));
    let res = post_form(
        &b,
        app.url("/login"),
        &[
            ("email", "aliya@party.kz"),
            ("next", path.as_str()),
            ("csrf", TestApp::csrf_of(&form).as_str()),
        ],
    )
    .await;
    let (to, _) = follow(&b, &app.url(""), res).await;
    assert_eq!(to, "/login/sent");
    let mails = app.deliver().await;
    let link = mails[0].link(&app.url("/login/"));
    assert!(
        link.ends_with(&format!("?next=%2Fworkspace%2Fproblems%2F{id}")),
        "{link}"
    );
    // The mail is opened on another device: the link alone knows where to go.
    let phone = app.browser();
    let page = text(&phone, &link).await;
    let hidden = format!(r#"<input type="hidden" name="next" value="{path}">"#);
    assert!(unslash(page.clone()).contains(&hidden), "{page}");
    let res = post_form(
        &phone,
        &link,
        &[("csrf", TestApp::csrf_of(&page)), ("next", path.clone())],
    )
    .await;
    let (to, page) = follow(&phone, &app.url(""), res).await;
    assert_eq!(to, path, "back on the page asked for");
    assert_eq!(flash_of(&page).as_deref(), Some("You are signed in."));

    // The used link: no "Sign in" button that would fail; a way on instead.
    let res = phone.get(&link).send().await.unwrap();
    assert_eq!(res.status(), 410);
    let page = unslash(res.text().await.unwrap());
    assert!(
        !page.contains(r#"action="/login/"#),
        "no form to the used link: {page}"
    );
    assert!(
        page.contains(&format!(r#"href="{path}""#)),
        "signed in: go on"
    );
    let stranger = app.browser();
    let page = unslash(text(&stranger, &link).await);
    assert!(page.contains(&format!(r#"href="{sign_in}""#)), "{page}");

    // `next` must be a path on this site: anything else signs in to the workspace.
    for evil in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let form = text(&b, app.url("/login")).await;
        post_form(
            &b,
            app.url("/login"),
            &[
                ("email", "aliya@party.kz"),
                ("next", evil),
                ("csrf", TestApp::csrf_of(&form).as_str()),
            ],
        )
        .await;
        let link = app.deliver().await[0].link(&app.url("/login/"));
        assert!(!link.contains("next="), "{evil}: {link}");
        let c = app.browser();
        let page = text(&c, &link).await;
        let res = post_form(
            &c,
            &link,
            &[("csrf", TestApp::csrf_of(&page).as_str()), ("next", evil)],
        )
        .await;
        assert_eq!(res.headers()["location"], "/workspace", "{evil}");
    }
}

/// HTML as a browser reads it: the template engine writes `/` in attributes as `&#x2f;`.
fn unslash(html: String) -> String {
    html.replace("&#x2f;", "/")
}

/// Finding 10: a citizen who says "not fixed" says why, and the representative's mail
/// gives the reason and the new resolve-by date.
#[tokio::test]
async fn a_citizen_says_why_it_is_not_fixed_and_the_representative_gets_the_new_date() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", Some("KZ-75"), None)
        .await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let tracking = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .map(|m| m.link(&app.url("/track/")))
        .expect("a mail with the tracking link");
    let rep = app.token("aliya@party.kz").await;
    for (action, note) in [("acknowledge", None), ("resolve", Some("Patched."))] {
        let res = app
            .act(&rep, id, json!({"action": action, "note": note}))
            .await;
        assert_eq!(res.status(), 200, "{action}");
    }
    app.deliver().await;
    let citizen = app.browser();
    let page = text(&citizen, &tracking).await;
    assert!(
        page.contains(r#"<textarea id="not-fixed-note" name="note""#),
        "{page}"
    );
    app.set_time("2026-11-26T05:00:00Z");
    let res = post_form(
        &citizen,
        format!("{tracking}/not-fixed"),
        &[
            ("csrf", TestApp::csrf_of(&page).as_str()),
            ("note", "The hole is still there, only covered with sand."),
        ],
    )
    .await;
    let (_, page) = follow(&citizen, &app.url(""), res).await;
    assert!(flash_of(&page).unwrap().contains("reopened"));
    let public = app.public(id).await;
    assert_eq!(public["status"], "reopened");
    let last = public["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["note"],
        "The hole is still there, only covered with sand."
    );
    let mails = app.deliver().await;
    let to_rep = mails
        .iter()
        .find(|m| m.to == ["aliya@party.kz"])
        .expect("the representative hears of it");
    assert!(
        to_rep.text.contains("only covered with sand"),
        "{}",
        to_rep.text
    );
    // The new deadline as pages show it (Almaty time), in the text and the HTML.
    let resolve_by: chrono::DateTime<chrono::Utc> =
        public["resolve_by"].as_str().unwrap().parse().unwrap();
    let local = civic_tracker::locale::fmt_time(&app.state, "en", resolve_by);
    let line = format!("New resolve-by date: {local}");
    assert!(to_rep.text.contains(&line), "{line} in\n{}", to_rep.text);
    assert!(to_rep.html.contains(&line), "{line} in the HTML part");
}
