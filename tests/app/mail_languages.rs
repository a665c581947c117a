//! Mail in the recipient's language (issue 14): a citizen's in the language they filed
//! in, a supporter's in theirs, a user's in the one they chose; links carry it, so the
//! page opens in it; and what the service itself writes on a timeline reads in each
//! reader's language.

use crate::helpers::{TestApp, spawn_app, text};
use civic_tracker::i18n::message;
use serde_json::json;

/// Files through the form in a browser whose switcher chose `lang`.
async fn file_in(app: &TestApp, lang: &str, email: &str) -> reqwest::Client {
    let b = app.browser();
    b.get(app.url(&format!("/language/{lang}?next=/")))
        .send()
        .await
        .unwrap();
    let form = text(&b, app.url("/problems/new")).await;
    assert!(form.contains(&format!("<html lang=\"{lang}\">")));
    let res = b
        .post(app.url("/problems/new"))
        .form(&[
            ("csrf", TestApp::csrf_of(&form).as_str()),
            ("title", "Жол жөндеу керек"),
            ("description", "Абай көшесіндегі жол үш ай бойы бұзық."),
            ("category", "roads"),
            ("region", "KZ-71"),
            ("email", email),
            ("consent", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    b
}

#[tokio::test]
async fn a_citizen_gets_mail_in_the_language_they_filed_in_and_its_links_open_in_it() {
    let app = spawn_app().await;
    let rep = app.rep("rep@party.kz", "Aliya", Some("KZ-71"), None).await;
    // The representative reads Russian.
    civic_tracker::services::people::set_language(&app.state.db, rep, "ru")
        .await
        .unwrap();
    file_in(&app, "kk", "citizen@example.kz").await;
    let mails = app.deliver().await;
    let confirm = &mails[0];
    assert_eq!(confirm.to, ["citizen@example.kz"]);
    let expected = message("kk", "mail.confirm_problem.subject");
    let expected = expected.split('{').next().unwrap().trim();
    assert!(!expected.is_empty());
    assert!(
        confirm
            .subject
            .starts_with(expected.split(':').next().unwrap()),
        "{} / {expected}",
        confirm.subject
    );
    assert!(confirm.html.contains("<html lang=\"kk\""));
    let link = confirm.raw_link(&app.url("/confirm/"));
    assert!(link.ends_with("?lang=kk"), "{link}");
    // A browser that asks for English opens the link in Kazakh, and stays in it.
    let other = app.browser();
    let page = other
        .get(&link)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(
        page.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("civic_lang=kk"))
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"kk\">"));
    let res = other
        .post(&link)
        .header("accept-language", "en")
        .form(&[("csrf", TestApp::csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let mails = app.deliver().await;
    // The representative's mail in Russian, with the deadline's month in Russian; the
    // citizen's news in Kazakh.
    let to_rep = mails.iter().find(|m| m.to == ["rep@party.kz"]).unwrap();
    assert!(to_rep.html.contains("<html lang=\"ru\""));
    assert!(
        to_rep.text.contains(" декабря 2026") || to_rep.text.contains(" ноября 2026"),
        "{}",
        to_rep.text
    );
    assert!(
        to_rep
            .raw_link(&app.url("/workspace/problems/"))
            .ends_with("?lang=ru")
    );
    let to_citizen = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .unwrap();
    assert!(to_citizen.html.contains("<html lang=\"kk\""));
    let tracking = to_citizen.raw_link(&app.url("/track/"));
    assert!(tracking.ends_with("?lang=kk"), "{tracking}");
}

#[tokio::test]
async fn api_citizens_and_supporters_each_get_their_own_language() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Aliya", Some("KZ-71"), None).await;
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .header("accept-language", "ru-RU,ru;q=0.9")
        .json(&crate::helpers::problem_body("KZ-71", "roads"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let mails = app.deliver().await;
    assert!(mails[0].html.contains("<html lang=\"ru\""));
    assert!(
        app.press(&mails[0].link(&app.url("/confirm/")))
            .await
            .status()
            == 303
    );
    app.deliver().await;
    // An English-speaking neighbour supports it and asks for news.
    let res = app
        .api
        .post(app.url("/api/v1/problems/1/supports"))
        .header("accept-language", "en")
        .json(&json!({"email": "neighbour@example.kz", "notify": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let mails = app.deliver().await;
    let support = mails
        .iter()
        .find(|m| m.to == ["neighbour@example.kz"])
        .unwrap();
    assert!(support.html.contains("<html lang=\"en\""));
    assert_eq!(
        app.press(&support.link(&app.url("/support/confirm/")))
            .await
            .status(),
        303
    );
    app.deliver().await;
    let rep = app.token("rep@party.kz").await;
    let res = app.act(&rep, 1, json!({"action": "acknowledge"})).await;
    assert_eq!(res.status(), 200);
    let mails = app.deliver().await;
    let citizen = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"])
        .unwrap();
    let neighbour = mails
        .iter()
        .find(|m| m.to == ["neighbour@example.kz"])
        .unwrap();
    assert!(
        citizen.html.contains("<html lang=\"ru\""),
        "{}",
        citizen.subject
    );
    assert!(
        neighbour.html.contains("<html lang=\"en\""),
        "{}",
        neighbour.subject
    );
    assert_ne!(citizen.subject, neighbour.subject);
}

#[tokio::test]
async fn the_services_own_words_on_a_timeline_follow_the_reader() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Aliya", Some("KZ-71"), None).await;
    let (id, _) = app
        .file_confirmed(&crate::helpers::problem_body("KZ-71", "roads"))
        .await;
    // Four days later the acknowledge-by deadline has passed.
    app.set_time("2026-12-01T06:00:00Z");
    app.job("sla").await;
    let b = app.browser();
    let mut seen = Vec::new();
    for lang in ["en", "ru", "kk"] {
        let html = text(&b, app.url(&format!("/problems/{id}?lang={lang}"))).await;
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        let routed = message(lang, "event.routed");
        let routed = routed.split('{').next().unwrap().trim();
        let overdue = message(lang, "event.overdue_acknowledge");
        let overdue = overdue.split('{').next().unwrap().trim();
        assert!(
            html.contains(routed.split('{').next().unwrap()),
            "{lang}: {routed}"
        );
        assert!(html.contains(overdue), "{lang}: {overdue}");
        seen.push(overdue.to_string());
        if lang != "en" {
            for english in [
                "Routed to",
                "Past its",
                "deadline of",
                "· citizen<",
                "· system<",
            ] {
                assert!(!html.contains(english), "{lang} page says {english:?}");
            }
        }
    }
    assert_ne!(seen[0], seen[1]);
    assert_ne!(seen[1], seen[2]);
    // The API keeps English words for the service's notes.
    let view = app.public(id).await;
    let notes: Vec<String> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["note"].as_str().map(String::from))
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("Routed to Aliya")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Past its acknowledge-by deadline")),
        "{notes:?}"
    );
}
