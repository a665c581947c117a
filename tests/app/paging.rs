//! Paging the public lists at any depth: keyset (`cursor`) pages in the API, the HTML
//! list, the feed and Open311; totals that say when they are estimates; figures that are
//! still being counted never keep a request waiting.

use crate::helpers::{TestApp, json, problem_body, spawn_app, spawn_app_with, text};
use serde_json::Value;
use std::collections::HashSet;

/// Files `n` confirmed problems in KZ-71 and returns their ids, oldest first.
async fn filed(app: &TestApp, n: usize) -> Vec<i32> {
    let mut ids = Vec::new();
    for _ in 0..n {
        ids.push(app.file_confirmed(&problem_body("KZ-71", "roads")).await.0);
    }
    ids
}

fn ids_of(page: &Value) -> Vec<i32> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap() as i32)
        .collect()
}

/// The `href`s of `<a rel="next" ...>` or `<link rel="next" ...>` in a page.
fn next_in(html: &str) -> Option<String> {
    let at = html.find("rel=\"next\"")?;
    let rest = &html[at..];
    let start = rest.find("href=\"")? + 6;
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].replace("&amp;", "&"))
}

#[tokio::test]
async fn keyset_pages_return_every_problem_once_while_new_problems_arrive() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let before = filed(&app, 7).await;
    let mut expected = before.clone();
    expected.reverse();

    // The API: follow `next` to the end, filing a new problem after every page. With
    // offset paging each arrival would push a seen problem onto the next page again.
    let mut seen = Vec::new();
    let mut url = app.url("/api/v1/problems?per_page=2");
    let mut pages = 0;
    loop {
        let page = json(&app.api, &url).await;
        seen.extend(ids_of(&page));
        pages += 1;
        app.file_confirmed(&problem_body("KZ-71", "roads")).await;
        match page["next"].as_str() {
            Some(next) => {
                assert_eq!(
                    page["next_cursor"].as_str().unwrap(),
                    seen.last().unwrap().to_string()
                );
                url = app.url(next);
            }
            None => break,
        }
    }
    assert_eq!(seen, expected, "each problem once, newest first");
    assert_eq!(pages, 4);

    // The HTML list: the same, through its "Next" links.
    let mut seen = Vec::new();
    let mut url = app.url("/problems?per_page=3&region=KZ-71");
    let newest_now = json(&app.api, app.url("/api/v1/problems?per_page=1")).await;
    let start_after = ids_of(&newest_now)[0];
    for _ in 0..10 {
        let html = text(&app.api, &url).await;
        for id in before.iter().chain([start_after].iter()) {
            if html.contains(&format!("href=\"/problems/{id}\"")) {
                seen.push(*id);
            }
        }
        app.file_confirmed(&problem_body("KZ-71", "roads")).await;
        match next_in(&html) {
            Some(next) => url = app.url(&format!("/problems{next}")),
            None => break,
        }
    }
    let listed: HashSet<i32> = seen.iter().copied().collect();
    assert_eq!(listed.len(), seen.len(), "no problem twice: {seen:?}");
    for id in &before {
        assert!(listed.contains(id), "{id} listed");
    }

    // Most supported first pages by (supporters, id) and ends too.
    let mut seen = Vec::new();
    let mut url = app.url("/api/v1/problems?per_page=4&sort=support");
    loop {
        let page = json(&app.api, &url).await;
        seen.extend(ids_of(&page));
        match page["next"].as_str() {
            Some(next) => url = app.url(next),
            None => break,
        }
    }
    let total = app.count("problems").await as usize;
    assert_eq!(seen.len(), total);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), total);
}

#[tokio::test]
async fn the_feed_and_open311_link_to_their_next_pages() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let ids = filed(&app, 3).await;

    // Open311: a `Link: <...>; rel="next"` header while there is more.
    let res = app
        .api
        .get(app.url("/open311/v2/requests.json?page_size=2"))
        .send()
        .await
        .unwrap();
    let link = res.headers()["link"].to_str().unwrap().to_string();
    let first: Value = res.json().await.unwrap();
    assert_eq!(first.as_array().unwrap().len(), 2);
    assert_eq!(
        link,
        format!(
            "<{}>; rel=\"next\"",
            app.url(&format!(
                "/open311/v2/requests.json?page_size=2&cursor={}",
                ids[1]
            ))
        )
    );
    let next = link.trim_start_matches('<').split('>').next().unwrap();
    let res = app.api.get(next).send().await.unwrap();
    assert!(res.headers().get("link").is_none(), "the last page");
    let last: Value = res.json().await.unwrap();
    assert_eq!(last[0]["service_request_id"], ids[0]);
    let bad = app
        .api
        .get(app.url("/open311/v2/requests.json?cursor=999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("cursor"));

    // The feed: RFC 5005's rel="next", keeping the filters.
    let feed = text(&app.api, app.url("/feeds/problems.atom?region=KZ-71")).await;
    assert!(
        next_in(&feed).is_none(),
        "three problems fit on one page of the feed"
    );
    let api = json(&app.api, app.url("/api/v1/problems?per_page=1")).await;
    let after = ids_of(&api)[0];
    let feed = text(
        &app.api,
        app.url(&format!("/feeds/problems.atom?region=KZ-71&cursor={after}")),
    )
    .await;
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert!(!feed.contains(&app.url(&format!("/problems/{after}<"))));
}

#[tokio::test]
async fn a_bad_cursor_or_a_page_too_deep_is_a_422_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, field) in [
        ("cursor=abc", "cursor"),
        ("cursor=0", "cursor"),
        ("cursor=5&sort=support", "cursor"),
        ("cursor=2.5", "cursor"),
        ("page=52", "page"),
        ("page=12&per_page=100", "page"),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/api/v1/problems?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
    }
    // The deepest page still served: 1,000 problems in (per_page 20: page 51).
    let res = app
        .api
        .get(app.url("/api/v1/problems?page=51"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn totals_say_when_they_are_estimates() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (one, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    // 1,200 more in KZ-71, copies of the first (written in SQL: this is about counting).
    crate::seed::copies(&app, one, 1200).await;

    // Few problems: counted exactly.
    let page = json(&app.api, app.url("/api/v1/problems?region=KZ-75")).await;
    assert_eq!(
        (page["total"].as_i64(), page["total_exact"].as_bool()),
        (Some(1), Some(true))
    );
    let html = text(&app.api, app.url("/problems?region=KZ-75")).await;
    assert!(html.contains(">1 problem<"), "{html}");

    // Past 1,000: PostgreSQL answers its estimate and says so; SQLite counts them all.
    let page = json(&app.api, app.url("/api/v1/problems?region=KZ-71")).await;
    let html = text(&app.api, app.url("/problems?region=KZ-71")).await;
    let home = text(&app.api, app.url("/")).await;
    if app.state.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        assert_eq!(page["total_exact"], false);
        let total = page["total"].as_i64().unwrap();
        assert!((1001..=2000).contains(&total), "estimated {total}");
        assert!(html.contains("problems (estimated)"), "{html}");
        assert!(home.contains("All problems (about "), "{home}");
    } else {
        assert_eq!(page["total_exact"], true);
        assert_eq!(page["total"], 1201);
        assert!(html.contains(">1201 problems<"), "{html}");
        assert!(home.contains("All 1202 problems"), "{home}");
    }
}

#[tokio::test]
async fn figures_being_counted_are_answered_at_once_and_arrive_later() {
    let app = spawn_app_with(|c| {
        c.dashboard.max_age_seconds = 15;
        c.dashboard.count_wait_ms = 0;
    })
    .await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let res = app
        .api
        .get(app.url("/api/v1/stats?period=7"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "3");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "being_counted");
    // The home page leaves the figure out and says why.
    let home = text(&app.api, app.url("/")).await;
    assert!(home.contains("The figures are being counted"), "{home}");
    // The count went on: the same request is answered with figures soon after.
    let mut answered = None;
    for _ in 0..100 {
        let res = app
            .api
            .get(app.url("/api/v1/stats?period=7"))
            .send()
            .await
            .unwrap();
        if res.status() == 200 {
            answered = Some(res.json::<Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let stats = answered.expect("figures within 5 s");
    assert_eq!(stats["overview"]["counts"]["received"], 1, "{stats}");
}

#[tokio::test]
async fn open311_pages_are_kept_for_a_moment_and_a_change_made_here_shows_at_once() {
    let app = spawn_app_with(|c| c.dashboard.max_age_seconds = 15).await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (one, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let count = |v: Value| v.as_array().unwrap().len();
    let url = app.url("/open311/v2/requests.json");
    assert_eq!(count(json(&app.api, &url).await), 1);
    // Another process adds a problem: this page is answered from memory for a moment.
    crate::seed::copies(&app, one, 1).await;
    assert_eq!(count(json(&app.api, &url).await), 1);
    // Another page (here: another language) is built afresh and sees it.
    assert_eq!(
        count(json(&app.api, app.url("/open311/v2/requests.json?locale=ru")).await),
        2
    );
    // A change made by this process shows on the very next answer.
    app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    assert_eq!(count(json(&app.api, &url).await), 3);
}

#[tokio::test]
async fn lists_are_kept_for_a_moment_and_a_change_made_here_shows_at_once() {
    let app = spawn_app_with(|c| c.dashboard.max_age_seconds = 15).await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (one, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let api = app.url("/api/v1/problems?region=KZ-71");
    let feed = app.url("/feeds/problems.atom");
    let entries = |atom: String| atom.matches("<entry>").count();
    assert_eq!(json(&app.api, &api).await["total"], 1);
    assert_eq!(entries(text(&app.api, &feed).await), 1);
    let home = text(&app.api, app.url("/")).await;
    assert_eq!(
        home.matches(&format!("/problems/{one}\"")).count(),
        1,
        "{home}"
    );
    // Another process adds a problem: the same lists are answered from memory for a moment.
    crate::seed::copies(&app, one, 1).await;
    let copy = one + 1;
    assert_eq!(json(&app.api, &api).await["total"], 1);
    assert_eq!(entries(text(&app.api, &feed).await), 1);
    assert!(
        !text(&app.api, app.url("/"))
            .await
            .contains(&format!("/problems/{copy}\""))
    );
    // Another filter is read afresh and sees it.
    let all = json(&app.api, app.url("/api/v1/problems?category=roads")).await;
    assert_eq!(all["total"], 2);
    // A change made by this process shows on the very next answer, everywhere.
    let (third, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    assert_eq!(json(&app.api, &api).await["total"], 3);
    assert_eq!(entries(text(&app.api, &feed).await), 3);
    let home = text(&app.api, app.url("/")).await;
    assert!(home.contains(&format!("/problems/{third}\"")), "{home}");
    assert!(home.contains(&format!("/problems/{copy}\"")), "{home}");
}
