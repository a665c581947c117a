//! Rate limits (issue 13, finding 2): over a budget the answer is 429 with `Retry-After`,
//! and nothing is stored or sent.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app_with, text};
use civic_tracker::auth::UserRole;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

async fn limited() -> TestApp {
    spawn_app_with(|c| {
        c.limits.enabled = true;
        c.limits.logins_per_hour = 6;
        c.limits.api_per_minute = 3;
        c.limits.open311_per_minute = 2;
    })
    .await
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn sign_in_links_to_one_address_are_limited_whoever_asks() {
    let app = limited().await;
    app.user("coord@league.kz", "Coordinator", UserRole::Coordinator, &[])
        .await;
    let b = app.browser();
    let csrf = TestApp::csrf_of(&text(&b, app.url("/login")).await);
    let ask = |email: &'static str| {
        b.post(app.url("/login"))
            .form(&[("email", email), ("csrf", csrf.as_str())])
            .send()
    };
    for _ in 0..3 {
        assert_eq!(ask("coord@league.kz").await.unwrap().status(), 303);
    }
    let res = ask("coord@league.kz").await.unwrap();
    assert_eq!(res.status(), 429);
    assert!((1..=3600).contains(&retry_after(&res)));
    let page = res.text().await.unwrap();
    assert!(page.contains("too many sign-in requests"), "{page}");
    // An unknown address is limited the same way: the answer tells nobody who is registered.
    for _ in 0..2 {
        assert_eq!(ask("nobody@x.kz").await.unwrap().status(), 303);
    }
    assert_eq!(
        ask("other@x.kz").await.unwrap().status(),
        429,
        "6 an hour from one client"
    );
    let mails = app.deliver().await;
    assert_eq!(
        mails.len(),
        3,
        "three links to the registered address, none to others"
    );
    // Only the newest link works: each new one revoked the older ones. The lanes deliver
    // concurrently, so the mails may arrive in any order: the tokens' order is the links'.
    use civic_tracker::entities::auth_token;
    let issued: Vec<String> = auth_token::Entity::find()
        .filter(auth_token::Column::Kind.eq(civic_tracker::auth::kind::LOGIN))
        .order_by_asc(auth_token::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert_eq!(issued.len(), 3);
    let mut links: Vec<String> = mails.iter().map(|m| m.link(&app.url("/login/"))).collect();
    links.sort_by_key(|link| {
        let token = link.rsplit('/').next().unwrap();
        let token = token.split('?').next().unwrap();
        let hash = civic_tracker::auth::hash_token(app.state.pepper(), token);
        issued
            .iter()
            .position(|h| *h == hash)
            .expect("an issued token")
    });
    for (i, link) in links.iter().enumerate() {
        let b = app.browser();
        // A revoked link's page offers no button; its form pressed anyway is refused.
        let page = b.get(link).send().await.unwrap();
        assert_eq!(page.status(), if i == 2 { 200 } else { 410 }, "link {i}");
        let csrf = TestApp::csrf_of(&text(&b, app.url("/login")).await);
        let status = post_form(&b, link, &[("csrf", csrf.as_str())])
            .await
            .status();
        assert_eq!(status, if i == 2 { 303 } else { 403 }, "link {i}");
    }
}

#[tokio::test]
async fn a_strangers_address_gets_at_most_three_confirmations_an_hour() {
    let app = limited().await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("victim@example.kz");
    body["title"] = json!("Call +7 700 000 0000 to claim your prize");
    for _ in 0..3 {
        let res = app
            .api
            .post(app.url("/api/v1/problems"))
            .json(&body)
            .send()
            .await;
        assert_eq!(res.unwrap().status(), 201);
    }
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res) >= 1);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "rate_limited");
    assert_eq!(app.count("problems").await, 3, "nothing stored");
    assert_eq!(app.deliver().await.len(), 3, "nothing sent");
    // An hour later the address may be asked again.
    app.state.clock.advance(chrono::Duration::minutes(61));
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(&body)
        .send()
        .await;
    assert_eq!(res.unwrap().status(), 201);
}

#[tokio::test]
async fn support_requests_mail_one_address_at_most_three_times_an_hour() {
    let app = limited().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let support = || {
        app.api
            .post(app.url(&format!("/api/v1/problems/{id}/supports")))
            .json(&json!({"email": "neighbour@example.kz"}))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(support().await.unwrap().status(), 202);
    }
    let res = support().await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res) >= 1);
    assert_eq!(app.deliver().await.len(), 3);
}

#[tokio::test]
async fn one_client_address_files_a_bounded_number_of_problems() {
    let app = spawn_app_with(|c| {
        c.limits.enabled = true;
        c.limits.submissions_per_hour = 2;
    })
    .await;
    for n in 0..2 {
        let mut body = problem_body("KZ-75", "roads");
        body["email"] = json!(format!("citizen{n}@example.kz"));
        let res = app
            .api
            .post(app.url("/api/v1/problems"))
            .json(&body)
            .send()
            .await;
        assert_eq!(res.unwrap().status(), 201);
    }
    // The web form shares the budget, and answers with a page.
    let b = app.browser();
    let csrf = TestApp::csrf_of(&text(&b, app.url("/problems/new")).await);
    let res = post_form(&b, app.url("/problems/new"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 429);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(app.count("problems").await, 2);
}

#[tokio::test]
async fn api_tokens_and_open311_keys_have_their_own_budgets() {
    let app = limited().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let token = app.token("rep@party.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let comment = || app.act(&token, id, json!({"action": "comment", "note": "On it."}));
    for _ in 0..3 {
        assert_eq!(comment().await.status(), 200);
    }
    let res = comment().await;
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res) >= 1);
    // Reads without a token are not counted against it.
    let public = app
        .api
        .get(app.url("/api/v1/problems"))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 200);

    app.user("app@gov.kz", "eGov", UserRole::Monitor, &[]).await;
    let key = civic_tracker::services::people::create_token(
        &app.state,
        "app@gov.kz",
        civic_tracker::auth::kind::OPEN311_TRUSTED,
    )
    .await
    .unwrap();
    let post = |n: u32| {
        app.api
            .post(app.url("/open311/v2/requests.json"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "api_key={key}&service_code=roads&lat=43.238&long=76.945&email=c{n}%40x.kz\
                 &description=A+large+sinkhole+is+destroying+the+street+number+{n}."
            ))
            .send()
    };
    assert_eq!(post(1).await.unwrap().status(), 200);
    assert_eq!(post(2).await.unwrap().status(), 200);
    let res = post(3).await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res) >= 1);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body[0]["code"], 429);
}

#[tokio::test]
async fn robots_that_fill_the_hidden_field_store_nothing() {
    let app = spawn_app_with(|_| {}).await;
    let b = app.browser();
    let page = text(&b, app.url("/problems/new")).await;
    assert!(page.contains("name=\"website\""));
    let csrf = TestApp::csrf_of(&page);
    let form = [
        ("csrf", csrf.as_str()),
        ("title", "Broken street light"),
        (
            "description",
            "The street light at the corner has been broken for weeks.",
        ),
        ("category", "roads"),
        ("region", "KZ-75"),
        ("email", "robot@example.kz"),
        ("consent", "on"),
        ("website", "http://spam.example"),
    ];
    let res = post_form(&b, app.url("/problems/new"), &form).await;
    assert_eq!(res.headers()["location"], "/problems/new/sent");
    assert_eq!(app.count("problems").await, 0);
    assert!(app.deliver().await.is_empty());
    // The same form without the hidden field is a problem.
    let res = post_form(&b, app.url("/problems/new"), &form[..7]).await;
    assert_eq!(res.headers()["location"], "/problems/new/sent");
    assert_eq!(app.count("problems").await, 1);
}

#[tokio::test]
async fn the_sign_in_answer_does_not_wait_for_the_database() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = spawn_app_with(|_| {}).await;
    app.user("coord@league.kz", "Coordinator", UserRole::Coordinator, &[])
        .await;
    let b = app.browser();
    let csrf = TestApp::csrf_of(&text(&b, app.url("/login")).await);
    // Hold the users table (PostgreSQL) or the only writer connection (SQLite): a lookup
    // made before answering would wait, and a registered address would answer later.
    let txn = app.state.db.begin().await.unwrap();
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
    }
    for email in ["coord@league.kz", "nobody@league.kz"] {
        let started = std::time::Instant::now();
        let res = tokio::time::timeout(
            std::time::Duration::from_secs(3),
            b.post(app.url("/login"))
                .form(&[("email", email), ("csrf", csrf.as_str())])
                .send(),
        )
        .await
        .expect("answered while the database is busy")
        .unwrap();
        assert_eq!(res.status(), 303, "{email}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
    txn.commit().await.unwrap();
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["coord@league.kz"]);
}
