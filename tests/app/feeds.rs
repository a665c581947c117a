//! The Atom feed: public problems with the list's filters, escaped, nothing private.

use crate::helpers::{problem_body, spawn_app, text};
use serde_json::json;

#[tokio::test]
async fn the_atom_feed_lists_public_problems_with_filters_and_nothing_private() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("Pothole <b>deep</b> & wide");
    let (a, _) = app.file_confirmed(&body).await;
    let (b, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    app.file(&problem_body("KZ-71", "roads")).await; // unconfirmed: never in the feed
    let res = app
        .api
        .get(app.url("/feeds/problems.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = res.text().await.unwrap();
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert!(feed.contains("Pothole &lt;b&gt;deep&lt;/b&gt; &amp; wide"));
    assert!(feed.contains(&format!("<id>{}</id>", app.url(&format!("/problems/{a}")))));
    assert!(!feed.contains("citizen@example.kz"));
    assert!(!feed.contains("/track/"));
    // Filtered: one region; the self link carries the filter.
    let feed = text(&app.api, app.url("/feeds/problems.atom?region=KZ-71")).await;
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(feed.contains(&app.url(&format!("/problems/{b}"))));
    assert!(feed.contains(&format!(
        "href=\"{}\"",
        app.url("/feeds/problems.atom?region=KZ-71")
    )));
    let res = app
        .api
        .get(app.url("/feeds/problems.atom?region=XX-99"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_feed_speaks_the_language_its_link_asks_for() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let en = text(&app.api, app.url("/feeds/problems.atom")).await;
    let ru = text(&app.api, app.url("/feeds/problems.atom?lang=ru")).await;
    assert!(en.contains("xml:lang=\"en\""));
    assert!(ru.contains("xml:lang=\"ru\""));
    let status = civic_tracker::i18n::message("ru", "status.assigned");
    assert!(ru.contains(&format!("{status} · Алматы")), "{ru}");
    assert!(ru.contains("проблемы граждан"));
    assert!(
        ru.contains("problems.atom?lang=ru"),
        "the feed's own link keeps it"
    );
    // People's text is never translated.
    assert!(ru.contains("Broken street light"));
    assert!(!en.contains(&status));
}
