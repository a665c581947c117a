//! The whole loop as people live it: a citizen files in the browser, confirms by e-mail,
//! the representative signs in by magic link, acknowledges and resolves, and the citizen
//! confirms the fix from the tracking page.

use crate::helpers::{TestApp, follow, json, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::json;

#[tokio::test]
async fn citizen_files_in_browser_and_confirms_the_fix_after_the_representative_resolves() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya Nurlanovna", Some("KZ-71"), None)
        .await;
    let citizen = app.browser();

    // The form works without JavaScript: GET it, POST it with its CSRF token.
    let form = text(&citizen, app.url("/problems/new")).await;
    let csrf = TestApp::csrf_of(&form);
    let res = citizen
        .post(app.url("/problems/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Жол жөндеу керек"),
            (
                "description",
                "Дорога на улице Абая разбита уже третий месяц, машины ломаются.",
            ),
            ("category", "roads"),
            ("region", "KZ-71"),
            ("email", "citizen@example.kz"),
            ("display_name", "Aigerim"),
            ("consent", "on"),
        ])
        .send()
        .await
        .unwrap();
    // Post/redirect/get (issue 15, finding 2): reloading the page the form led to files
    // nothing again and sends no second mail.
    let (to, page) = follow(&citizen, &app.url(""), res).await;
    assert_eq!(to, "/problems/new/sent");
    assert!(page.contains("Check your e-mail"));
    let again = text(&citizen, app.url(&to)).await;
    assert!(again.contains("Check your e-mail"));
    assert_eq!(app.count("problems").await, 1, "a reload files nothing");

    // Invisible until confirmed.
    let list: serde_json::Value = json(&app.api, app.url("/api/v1/problems")).await;
    assert_eq!(list["total"], 0);
    assert_eq!(
        app.api
            .get(app.url("/api/v1/problems/1"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["citizen@example.kz"]);
    assert!(!mails[0].html.is_empty(), "mails are multipart with HTML");
    let confirm = mails[0].link(&app.url("/confirm/"));
    let tracking = mails[0].link(&app.url("/track/"));

    let page = citizen.get(&confirm).send().await.unwrap();
    assert_eq!(
        page.status(),
        200,
        "the link opens a page; only its button confirms"
    );
    let csrf = TestApp::csrf_of(&page.text().await.unwrap());
    let res = citizen
        .post(&confirm)
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let mails = app.deliver().await;
    let to_rep = mails
        .iter()
        .find(|m| m.to == ["aliya@party.kz"])
        .expect("assignment mail");
    assert!(to_rep.subject.contains("New problem for you"));
    assert!(
        to_rep.text.contains("Жол жөндеу керек"),
        "Kazakh text intact"
    );
    let to_citizen = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .expect("citizen told");
    assert!(to_citizen.text.contains("assigned to Aliya Nurlanovna"));

    let view = app.public(1).await;
    assert_eq!(view["status"], "assigned");
    assert_eq!(view["name"], "Aliya Nurlanovna");
    assert!(
        view["routing"]["note"]
            .as_str()
            .unwrap()
            .contains("rule #1")
    );

    // The representative signs in and works through the web workspace.
    let rep = app.login("aliya@party.kz").await;
    let ws = text(&rep, app.url("/workspace")).await;
    assert!(ws.contains("Жол жөндеу керек"));
    for (action, note) in [
        ("acknowledge", ""),
        ("resolve", "The akimat repaved the street on 1 December."),
    ] {
        let page = text(&rep, app.url("/workspace/problems/1")).await;
        let csrf = TestApp::csrf_of(&page);
        let res = post_form(
            &rep,
            app.url("/workspace/problems/1"),
            &[("csrf", csrf.as_str()), ("action", action), ("note", note)],
        )
        .await;
        assert_eq!(res.status(), 303, "{action} succeeds");
        let mails = app.deliver().await;
        let m = mails
            .iter()
            .find(|m| m.to == ["citizen@example.kz"])
            .expect("citizen updated");
        match action {
            "acknowledge" => assert!(m.text.contains("has acknowledged your problem")),
            _ => {
                assert!(
                    m.text
                        .contains("The akimat repaved the street on 1 December.")
                );
                assert!(m.text.contains(&tracking));
            }
        }
    }
    assert_eq!(app.public(1).await["status"], "resolved");

    // The tracking page asks; a GET changes nothing; the button POSTs.
    let page = text(&citizen, &tracking).await;
    assert!(page.contains("Has this really been fixed?"));
    assert_eq!(app.public(1).await["status"], "resolved");
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(
        &citizen,
        format!("{tracking}/fixed"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), 303);
    let view = app.public(1).await;
    assert_eq!(view["status"], "closed");
    assert_eq!(view["verdict"], "fixed");
    let actions: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "submit",
            "confirm",
            "route",
            "acknowledge",
            "resolve",
            "confirm_fixed"
        ]
    );
    let mails = app.deliver().await;
    assert!(
        mails.iter().any(|m| m.to == ["aliya@party.kz"]
            && m.text.contains("confirmed that the problem is fixed"))
    );
}

#[tokio::test]
async fn following_the_confirmation_link_twice_changes_nothing() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", None, None).await;
    let id = app.file(&problem_body("KZ-75", "roads")).await;
    let mails = app.deliver().await;
    let confirm = mails[0].link(&app.url("/confirm/"));
    assert_eq!(app.press(&confirm).await.status(), 303);
    let events = app.count("problem_events").await;
    // Opening the link again goes straight to the tracking page.
    let b = app.browser();
    let res = b.get(&confirm).send().await.unwrap();
    let (to, page) = follow(&b, &app.url(""), res).await;
    assert!(to.starts_with("/track/"));
    assert!(
        page.contains("This problem was already confirmed."),
        "{page}"
    );
    assert_eq!(app.count("problem_events").await, events);
    assert_eq!(app.public(id).await["status"], "assigned");
}

#[tokio::test]
async fn citizen_answers_a_question_from_the_tracking_link_and_it_becomes_a_public_comment() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", None, None).await;
    let token = app.token("aliya@party.kz").await;
    let (id, mails) = app
        .file_confirmed(&problem_body("KZ-75", "utilities"))
        .await;
    let tracking = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .unwrap()
        .link(&app.url("/track/"));
    let res = app
        .act(
            &token,
            id,
            json!({"action": "ask_citizen", "note": "Which entrance of the building?"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mails = app.deliver().await;
    assert!(
        mails.iter().any(|m| m.to == ["citizen@example.kz"]
            && m.text.contains("Which entrance of the building?"))
    );

    let b = app.browser();
    let page = text(&b, &tracking).await;
    assert!(page.contains("asked you a question"));
    let csrf = TestApp::csrf_of(&page);
    let res = b
        .post(format!("{tracking}/answer"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("note", "The second entrance, flat 12."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let view = app.public(id).await;
    let last = view["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "answer_question");
    assert_eq!(last["note"], "The second entrance, flat 12.");
    assert_eq!(last["actor"], "citizen");
    assert_eq!(view["question_pending"], false);
    let mails = app.deliver().await;
    assert!(mails.iter().any(|m| m.to == ["aliya@party.kz"] && m.text.contains("The second entrance, flat 12.")));
    // A second answer without a question is refused.
    let res = post_form(
        &b,
        format!("{tracking}/answer"),
        &[("csrf", csrf.as_str()), ("note", "again")],
    )
    .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn not_fixed_reopens_the_problem_with_the_same_representative() {
    let app = spawn_app().await;
    let rep = app.rep("aliya@party.kz", "Aliya", None, None).await;
    let token = app.token("aliya@party.kz").await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let tracking = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .unwrap()
        .link(&app.url("/track/"));
    assert_eq!(
        app.act(&token, id, json!({"action": "resolve", "note": "Done."}))
            .await
            .status(),
        200
    );
    let b = app.browser();
    let page = text(&b, &tracking).await;
    let csrf = TestApp::csrf_of(&page);
    assert_eq!(
        post_form(
            &b,
            format!("{tracking}/not-fixed"),
            &[("csrf", csrf.as_str())]
        )
        .await
        .status(),
        303
    );
    let view = app.public(id).await;
    assert_eq!(view["status"], "reopened");
    assert_eq!(view["verdict"], "not_fixed");
    assert_eq!(view["representative"]["id"], rep);
    let mails = app.deliver().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == ["aliya@party.kz"] && m.text.contains("NOT fixed"))
    );
    // The representative can work on it again.
    assert_eq!(
        app.act(&token, id, json!({"action": "acknowledge"}))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn magic_link_works_once_and_expires_after_thirty_minutes() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Coordinator", UserRole::Coordinator, &[])
        .await;
    let b = app.browser();
    let page = text(&b, app.url("/login")).await;
    let csrf = TestApp::csrf_of(&page);
    // Unknown addresses get the same answer and no mail.
    let res = post_form(
        &b,
        app.url("/login"),
        &[("email", "nobody@x.kz"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.headers()["location"], "/login/sent");
    assert!(app.deliver().await.is_empty());
    post_form(
        &b,
        app.url("/login"),
        &[("email", "coord@league.kz"), ("csrf", &csrf)],
    )
    .await;
    let link = app.deliver().await[0].link(&app.url("/login/"));
    // The GET shows a button and uses nothing up.
    let page = text(&b, &link).await;
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(&b, &link, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 303);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("civic_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "http base URL: no Secure flag");
    assert_eq!(
        b.get(app.url("/triage")).send().await.unwrap().status(),
        200
    );
    // Used: its page offers no button that would fail, but a new link (issue 15,
    // finding 3); pressing the old form anyway is refused.
    let other = app.browser();
    let res = other.get(&link).send().await.unwrap();
    assert_eq!(res.status(), 410);
    let page = res.text().await.unwrap();
    assert!(!page.contains(&format!(
        "action=\"{}",
        link.trim_start_matches(&app.url(""))
    )));
    assert!(page.contains("already been used or has expired"), "{page}");
    assert!(page.contains(r#"href="/login""#), "{page}");
    let csrf2 = TestApp::csrf_of(&text(&other, app.url("/login")).await);
    assert_eq!(
        post_form(&other, &link, &[("csrf", &csrf2)]).await.status(),
        403,
        "single use"
    );

    // Signed in, the browser's forms carry the session's token: the old one is refused.
    let res = post_form(
        &b,
        app.url("/login"),
        &[("email", "coord@league.kz"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), 403, "the token of the anonymous browser");
    let csrf = TestApp::csrf_of(&text(&b, app.url("/login")).await);
    post_form(
        &b,
        app.url("/login"),
        &[("email", "coord@league.kz"), ("csrf", &csrf)],
    )
    .await;
    let link = app.deliver().await[0].link(&app.url("/login/"));
    app.state.clock.advance(chrono::Duration::minutes(31));
    assert_eq!(
        post_form(&b, &link, &[("csrf", &csrf)]).await.status(),
        403,
        "expired"
    );
}

#[tokio::test]
async fn a_problem_reopened_after_its_representative_left_is_routed_again() {
    let app = spawn_app().await;
    let leaving = app
        .rep("leaving@party.kz", "Leaving", Some("KZ-75"), None)
        .await;
    let token = app.token("leaving@party.kz").await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let tracking = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .unwrap()
        .link(&app.url("/track/"));
    assert!(
        !mails
            .iter()
            .filter(|m| m.to != ["citizen@example.kz"])
            .any(|m| m.text.contains("/track/")),
        "only the citizen gets the private tracking link"
    );
    assert_eq!(
        app.act(
            &token,
            id,
            json!({"action": "ask_citizen", "note": "Which house?"})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.act(&token, id, json!({"action": "resolve", "note": "Done."}))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.public(id).await["question_pending"],
        false,
        "resolving ends the question"
    );
    let next = app.rep("next@party.kz", "Next", Some("KZ-75"), None).await;
    let admin = civic_tracker::auth::CurrentUser {
        id: 0,
        name: "a".into(),
        role: UserRole::Admin,
        regions: vec![],
    };
    civic_tracker::services::people::deactivate(&app.state, &admin, leaving)
        .await
        .unwrap();
    let b = app.browser();
    let page = text(&b, &tracking).await;
    assert!(!page.contains("asked you a question"));
    let csrf = TestApp::csrf_of(&page);
    assert_eq!(
        post_form(
            &b,
            format!("{tracking}/not-fixed"),
            &[("csrf", csrf.as_str())]
        )
        .await
        .status(),
        303
    );
    let v = app.public(id).await;
    assert_eq!(v["status"], "assigned");
    assert_eq!(v["representative"]["id"], next);
    // Sent mails keep no tokens or personal data in their stored context.
    app.deliver().await;
    assert_eq!(
        app.count("outbox WHERE state = 'sent' AND context <> '{}'")
            .await,
        0
    );
}
