//! Error and validation messages in Kazakh, Russian and English (issue 14): the API's
//! `message` follows `Accept-Language` while its `code` and `field` stay the same, forms
//! show each field's message in the page's language, and error pages speak it too.

use crate::helpers::{TestApp, problem_body, spawn_app, spawn_app_with, text};
use serde_json::{Value, json};

/// Whether `s` is written in Cyrillic letters (and not in English).
fn cyrillic(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let cyr = letters
        .iter()
        .filter(|c| ('\u{400}'..='\u{4ff}').contains(*c))
        .count();
    cyr * 2 > letters.len()
}

async fn api_error(app: &TestApp, body: &Value, lang: &str) -> (u16, Value) {
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn an_api_validation_error_keeps_its_code_and_field_and_speaks_the_clients_language() {
    let app = spawn_app().await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("t".repeat(201));
    let (status, en) = api_error(&app, &body, "en").await;
    assert_eq!(status, 422);
    assert_eq!(en["error"]["code"], "too_long");
    assert_eq!(en["error"]["field"], "title");
    assert_eq!(
        en["error"]["message"],
        "title must be at most 200 characters (got 201)"
    );
    let (status, ru) = api_error(&app, &body, "ru-RU,ru;q=0.9,en;q=0.5").await;
    assert_eq!(status, 422);
    assert_eq!(
        (&ru["error"]["code"], &ru["error"]["field"]),
        (&en["error"]["code"], &en["error"]["field"])
    );
    let message = ru["error"]["message"].as_str().unwrap();
    assert_eq!(message, "Название: Не длиннее 200 символов (сейчас 201)");
    let (status, kk) = api_error(&app, &body, "kk").await;
    assert_eq!(status, 422);
    assert_eq!(kk["error"]["code"], "too_long");
    assert_eq!(kk["error"]["field"], "title");
    let message = kk["error"]["message"].as_str().unwrap();
    assert!(cyrillic(message) && message.contains("200"), "{message}");
    assert!(message.contains("таңба"), "{message}");
}

#[tokio::test]
async fn every_detail_of_a_many_field_error_is_translated() {
    let app = spawn_app().await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("abc");
    body["email"] = json!("not-an-email");
    let (_, en) = api_error(&app, &body, "en").await;
    let (status, ru) = api_error(&app, &body, "ru").await;
    assert_eq!(status, 422);
    let details = |v: &Value| -> Vec<(String, String)> {
        v["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["field"].to_string(), d["code"].to_string()))
            .collect()
    };
    assert_eq!(details(&ru), details(&en));
    assert!(details(&ru).len() >= 2, "{ru}");
    for d in ru["error"]["details"].as_array().unwrap() {
        let m = d["message"].as_str().unwrap();
        assert!(cyrillic(m), "{m}");
    }
}

#[tokio::test]
async fn api_answers_default_to_the_configured_language_and_404_405_follow_it() {
    let app = spawn_app_with(|c| c.app.default_language = "ru".into()).await;
    let res = app
        .api
        .get(app.url("/api/v1/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "not_found");
    assert_eq!(e["error"]["message"], "Не найдено");
    let res = app
        .api
        .delete(app.url("/api/v1/regions"))
        .header("accept-language", "kk")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "method_not_allowed");
    assert!(cyrillic(e["error"]["message"].as_str().unwrap()), "{e}");
    // Bad credentials: the same code in every language.
    let res = app
        .api
        .post(app.url("/api/v1/problems/1/actions"))
        .header("authorization", "Bearer nonsense")
        .header("accept-language", "en")
        .json(&json!({"action": "acknowledge"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["message"], "a valid bearer token is required");
}

#[tokio::test]
async fn a_form_shows_the_field_message_in_the_pages_language() {
    let app = spawn_app().await;
    let b = app.browser();
    let res = b
        .get(app.url("/language/kk?next=%2Fproblems%2Fnew"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let csrf = TestApp::csrf_of(&text(&b, app.url("/problems/new")).await);
    let res = b
        .post(app.url("/problems/new"))
        .header("accept-language", "en")
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Broken street light"),
            ("description", "short"),
            ("category", "roads"),
            ("region", "KZ-71"),
            ("email", "citizen@example.kz"),
            ("consent", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"kk\">"));
    assert!(
        html.contains("Кемінде 20 таңба болуы керек (қазір 5)"),
        "the description's message in Kazakh: {html}"
    );
    assert!(!html.contains("must be at least"), "{html}");
}

#[tokio::test]
async fn a_missing_page_is_said_in_russian() {
    let app = spawn_app().await;
    let res = app
        .api
        .get(app.url("/no-such-page"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"ru\">"), "{html}");
    assert!(html.contains("Не найдено"), "{html}");
    assert!(html.contains("На главную страницу"), "{html}");
    assert!(!html.contains("not found"), "{html}");
}

#[tokio::test]
async fn a_rate_limit_says_how_long_to_wait_in_russian() {
    let app = spawn_app_with(|c| {
        c.limits.enabled = true;
        c.limits.submissions_per_hour = 1;
    })
    .await;
    let mut last = None;
    for n in 0..2 {
        let mut body = problem_body("KZ-75", "roads");
        body["email"] = json!(format!("citizen{n}@example.kz"));
        last = Some(api_error(&app, &body, "ru").await);
    }
    let (status, e) = last.unwrap();
    assert_eq!(status, 429);
    assert_eq!(e["error"]["code"], "rate_limited");
    let message = e["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Из вашей сети отправлено слишком много проблем"),
        "{message}"
    );
    assert!(message.contains("Повторите через "), "{message}");
    assert!(
        message.contains("мин") || message.contains("сек"),
        "{message}"
    );
}
