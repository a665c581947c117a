//! Kazakh, Russian and English (issue 14, first slice): the page's language comes from the
//! visitor's choice, their browser or the configured default, and no page shows a raw
//! message key in any language.

use crate::helpers::{TestApp, problem_body, spawn_app, spawn_app_with};
use civic_tracker::auth::UserRole;
use civic_tracker::i18n::message;

async fn page(client: &reqwest::Client, url: &str, accept: Option<&str>) -> String {
    let mut req = client.get(url);
    if let Some(a) = accept {
        req = req.header("accept-language", a);
    }
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "{url}: {}", res.status());
    res.text().await.unwrap()
}

#[tokio::test]
async fn the_page_speaks_the_browsers_language_else_the_configured_one() {
    let app = spawn_app().await;
    for (accept, lang) in [
        ("kk-KZ,kk;q=0.9", "kk"),
        ("ru-RU,ru;q=0.9,en;q=0.5", "ru"),
        ("en", "en"),
    ] {
        let html = page(&app.api, &app.url("/"), Some(accept)).await;
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{accept}"
        );
        assert!(html.contains(&message(lang, "nav.report")), "{accept}");
    }
    assert_ne!(message("kk", "nav.report"), message("en", "nav.report"));
    // A browser that asks for none of ours gets the configured default: Russian out of the box.
    let app = spawn_app_with(|c| c.app.default_language = "ru".into()).await;
    let html = page(&app.api, &app.url("/"), Some("de-DE,fr;q=0.8")).await;
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(html.contains(&message("ru", "nav.report")));
}

#[tokio::test]
async fn the_switcher_remembers_the_choice_without_javascript() {
    let app = spawn_app().await;
    let b = app.browser();
    let html = page(&b, &app.url("/problems?region=KZ-75"), Some("en")).await;
    // minijinja escapes '/' in attributes as &#x2f;, which the browser reads as '/'.
    assert!(
        html.contains("href=\"/language/kk?next=&#x2f;problems%3Fregion%3DKZ-75\""),
        "{html}"
    );
    assert!(html.contains("Қазақша") && html.contains("Русский"));
    let res = b
        .get(app.url("/language/kk?next=%2Fproblems%3Fregion%3DKZ-75"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/problems?region=KZ-75");
    // The choice wins over the browser's header from now on.
    let html = page(&b, &app.url("/problems"), Some("en")).await;
    assert!(html.contains("<html lang=\"kk\">"));
    // Only paths of this site are followed back; unknown languages are not found.
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let res = b
            .get(app.url(&format!("/language/ru?next={}", urlencode(next))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
    assert_eq!(
        b.get(app.url("/language/xx"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The catalog's group names (`## nav` …): a raw key is one of them, a dot, and more.
fn raw_key_pattern() -> Vec<String> {
    include_str!("../../templates/i18n/en.ftl")
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|g| format!("{g}."))
        .collect()
}

#[tokio::test]
async fn no_page_shows_a_raw_message_key_in_any_language() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let admin = app.login("admin@league.kz").await;
    let groups = raw_key_pattern();
    let public = [
        "/".to_string(),
        "/problems".into(),
        "/problems/new".into(),
        format!("/problems/{id}"),
        "/dashboard".into(),
        "/dashboard/regions".into(),
        "/login".into(),
    ];
    let staff = [
        format!("/workspace/problems/{id}"),
        "/triage".into(),
        "/admin/representatives".into(),
        "/admin/categories".into(),
        "/admin/users".into(),
        "/account".into(),
    ];
    for lang in ["kk", "ru", "en"] {
        for (client, paths) in [(&app.api, &public[..]), (&admin, &staff[..])] {
            for path in paths {
                let html = page(client, &app.url(path), Some(lang)).await;
                assert!(
                    html.contains(&format!("<html lang=\"{lang}\">")),
                    "{lang} {path}"
                );
                // Text between tags only: attribute values hold codes and paths.
                let body = html.split("</style>").last().unwrap();
                let text: String = body
                    .split('<')
                    .filter_map(|s| s.split_once('>').map(|(_, t)| t))
                    .collect::<Vec<_>>()
                    .join(" ");
                for word in text.split_whitespace() {
                    let raw = groups.iter().any(|g| {
                        word.starts_with(g.as_str())
                            && word.len() > g.len()
                            && word[g.len()..]
                                .chars()
                                .next()
                                .is_some_and(|c| c.is_ascii_lowercase())
                    });
                    assert!(!raw, "{lang} {path}: raw message key {word:?}");
                }
            }
        }
    }
    let _ = TestApp::csrf_of;
}
