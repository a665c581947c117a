//! Search (`q=`) on the problem list, the API and Open311: words of the title, description
//! and address in Kazakh, Russian and English, with their common endings, most relevant
//! first, with the other filters; never unconfirmed problems.

use crate::helpers::{TestApp, problem_body, spawn_app, text};
use serde_json::{Value, json};

/// The problems every test searches, filed and confirmed in this order (ids grow).
struct Filed {
    kk_roads: i32,
    kk_sign: i32,
    ru_roads: i32,
    en_fence: i32,
    en_lamp: i32,
    bench: i32,
    unconfirmed: i32,
}

async fn problem(app: &TestApp, region: &str, title: &str, desc: &str, addr: Option<&str>) -> i32 {
    let mut body = problem_body(region, "roads");
    body["title"] = json!(title);
    body["description"] = json!(desc);
    if let Some(a) = addr {
        body["address"] = json!(a);
    }
    app.file_confirmed(&body).await.0
}

async fn filed(app: &TestApp) -> Filed {
    let kk_roads = problem(
        app,
        "KZ-75",
        "Жолдар бұзылған",
        "Ауладағы жолдарды бес жыл бойы ешкім жөндемеген.",
        None,
    )
    .await;
    let kk_sign = problem(
        app,
        "KZ-71",
        "Жол белгісі жоқ",
        "Қиылыстағы белгіні біреу алып кеткен, көлік жылдам жүреді.",
        None,
    )
    .await;
    let ru_roads = problem(
        app,
        "KZ-75",
        "Разбитые дороги во дворе",
        "Дороги во дворе не ремонтировали пять лет, везде ямы.",
        None,
    )
    .await;
    let en_fence = problem(
        app,
        "KZ-71",
        "Playground fence broken",
        "The fence has fallen over and children walk onto the street.",
        None,
    )
    .await;
    let en_lamp = problem(
        app,
        "KZ-71",
        "Street lamp is dark",
        "The lamp next to the playground has not worked for two weeks.",
        None,
    )
    .await;
    let bench = problem(
        app,
        "KZ-75",
        "Broken bench",
        "The bench at the bus stop has lost two planks.",
        Some("Zheltoksan street 12"),
    )
    .await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("Дорога без разметки");
    body["description"] = json!("Дорога на выезде из города без разметки и без знаков.");
    let unconfirmed = app.file(&body).await;
    Filed {
        kk_roads,
        kk_sign,
        ru_roads,
        en_fence,
        en_lamp,
        bench,
        unconfirmed,
    }
}

/// The ids `/api/v1/problems?<query>` answers, in order, and its total.
async fn found(app: &TestApp, query: &str) -> (Vec<i32>, u64) {
    let res = app
        .api
        .get(app.url(&format!("/api/v1/problems?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{query}");
    let page: Value = res.json().await.unwrap();
    let ids = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap() as i32)
        .collect();
    (ids, page["total"].as_u64().unwrap())
}

fn q(words: &str) -> String {
    format!(
        "q={}",
        url::form_urlencoded::byte_serialize(words.as_bytes()).collect::<String>()
    )
}

#[tokio::test]
async fn search_finds_kazakh_russian_and_english_words_with_their_endings() {
    let app = spawn_app().await;
    let p = filed(&app).await;
    // «жол» finds «жолдар», and «жолдар» finds «жол»: both search the stem «жол».
    assert_eq!(
        found(&app, &q("жол")).await,
        (vec![p.kk_roads, p.kk_sign], 2)
    );
    assert_eq!(
        found(&app, &q("жолдар")).await,
        (vec![p.kk_roads, p.kk_sign], 2)
    );
    assert_eq!(
        found(&app, &q("ЖОЛДАРЫНЫҢ")).await.0,
        [p.kk_roads, p.kk_sign]
    );
    // «дорога» finds «дороги»; the unconfirmed «Дорога без разметки» is never found.
    assert_eq!(found(&app, &q("дорога")).await, (vec![p.ru_roads], 1));
    assert_eq!(found(&app, &q("дорогами")).await, (vec![p.ru_roads], 1));
    assert_eq!(found(&app, &q("разметки")).await, (vec![], 0));
    // English plurals and words of the description and the address.
    assert_eq!(found(&app, &q("benches")).await, (vec![p.bench], 1));
    assert_eq!(found(&app, &q("planks")).await, (vec![p.bench], 1));
    assert_eq!(found(&app, &q("zheltoksan")).await, (vec![p.bench], 1));
    // Every word must match, in any of the three fields.
    assert_eq!(
        found(&app, &q("bench Zheltoksan")).await,
        (vec![p.bench], 1)
    );
    assert_eq!(found(&app, &q("bench fence")).await, (vec![], 0));
    assert_eq!(
        found(&app, &q("ремонт во двором")).await,
        (vec![p.ru_roads], 1)
    );
}

#[tokio::test]
async fn a_title_match_ranks_above_a_description_match_and_filters_still_apply() {
    let app = spawn_app().await;
    let p = filed(&app).await;
    // The fence (older) has "playground" in its title, the lamp (newer) in its description.
    assert_eq!(
        found(&app, &q("playground")).await,
        (vec![p.en_fence, p.en_lamp], 2)
    );
    // Region and status filters narrow a search.
    assert_eq!(
        found(&app, &format!("{}&region=KZ-71", q("жол"))).await,
        (vec![p.kk_sign], 1)
    );
    assert_eq!(
        found(
            &app,
            &format!("{}&region=KZ-75,KZ-71&status=new", q("жолдар"))
        )
        .await,
        (vec![p.kk_roads, p.kk_sign], 2)
    );
    assert_eq!(
        found(&app, &format!("{}&status=resolved", q("жол"))).await,
        (vec![], 0)
    );
    // Pages of a search.
    assert_eq!(
        found(&app, &format!("{}&per_page=1&page=2", q("playground"))).await,
        (vec![p.en_lamp], 2)
    );
    // An empty q is no search: the whole list, newest first.
    assert_eq!(found(&app, "q=%20%20").await.1, 6);
}

#[tokio::test]
async fn the_html_list_searches_keeps_the_words_and_carries_them_in_paging_links() {
    let app = spawn_app().await;
    let p = filed(&app).await;
    let html = text(
        &app.api,
        app.url("/problems?q=%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D0%B0&lang=en"),
    )
    .await;
    assert!(
        html.contains(r#"<input type="search" id="q" name="q" maxlength="200" value="дорога""#),
        "{html}"
    );
    assert!(html.contains(&format!("/problems/{}\"", p.ru_roads)));
    assert!(!html.contains(&format!("/problems/{}\"", p.kk_roads)));
    assert!(!html.contains(&format!("/problems/{}\"", p.unconfirmed)));
    assert!(html.contains("1 problem<"), "{html}");
    let html = text(
        &app.api,
        app.url("/problems?q=playground&per_page=1&lang=en"),
    )
    .await;
    assert!(html.contains(&format!("/problems/{}\"", p.en_fence)));
    assert!(
        html.contains("?lang=en&amp;per_page=1&amp;q=playground&amp;page=2"),
        "{html}"
    );
    let html = text(&app.api, app.url("/problems?q=%D0%B6%D0%BE%D0%BB&lang=kk")).await;
    assert!(html.contains(r#"value="жол""#));
    assert!(html.contains("2 мәселе"), "{html}");
}

#[tokio::test]
async fn open311_requests_search_in_json_and_xml() {
    let app = spawn_app().await;
    let p = filed(&app).await;
    let ids = |v: Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_i64().unwrap())
            .collect()
    };
    let get = |path: String| {
        let app = &app;
        async move {
            let res = app.api.get(app.url(&path)).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, body) = get(format!("/open311/v2/requests.json?{}", q("жолдар"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ids(serde_json::from_str(&body).unwrap()),
        [p.kk_roads as i64, p.kk_sign as i64]
    );
    let (status, body) = get(format!(
        "/open311/v2/requests.json?{}&status=open",
        q("дороги")
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ids(serde_json::from_str(&body).unwrap()),
        [p.ru_roads as i64]
    );
    let (status, body) = get(format!("/open311/v2/requests.xml?{}", q("zheltoksan"))).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&format!(
        "<service_request_id>{}</service_request_id>",
        p.bench
    )));
    assert_eq!(body.matches("<service_request_id>").count(), 1, "{body}");
    let (status, body) = get(format!("/open311/v2/requests.json?q={}", "a".repeat(201))).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("q must be at most 200 characters (got 201)"),
        "{body}"
    );
}

#[tokio::test]
async fn a_bad_search_is_a_422_naming_q() {
    let app = spawn_app().await;
    for (query, code) in [
        (format!("q={}", "ж".repeat(201)), "too_long"),
        (
            "q=one+two+three+four+five+six+seven+eight+nine".to_string(),
            "too_many_words",
        ),
        ("q=%D0%B2+-+%D0%B8".to_string(), "no_words"),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/api/v1/problems?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], "q", "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
    }
    let res = app
        .api
        .get(app.url(&format!("/problems?q={}&lang=ru", "ж".repeat(201))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("201"), "{html}");
}

#[tokio::test]
async fn a_changed_title_or_address_is_found_by_its_new_words_only() {
    let app = spawn_app().await;
    let p = filed(&app).await;
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE problems SET title = 'Сынған орындық', address = NULL WHERE id = {}",
            p.bench
        ),
    ))
    .await
    .unwrap();
    assert_eq!(found(&app, &q("орындықтар")).await, (vec![p.bench], 1));
    assert_eq!(found(&app, &q("zheltoksan")).await, (vec![], 0));
}

/// PostgreSQL finds a search's newest matches by testing the newest problems first, or by
/// the word index when they hold too few (`search.window`, `search.window_ids`). With
/// windows of one or two problems every search here takes the second way, or both, and
/// must answer what the default (every problem in one window) answers. SQLite has one way.
#[tokio::test]
async fn a_search_answers_the_same_whether_the_newest_problems_or_the_word_index_find_it() {
    for (window, window_ids) in [(1, 1), (2, 1000), (1000, 2)] {
        let app = crate::helpers::spawn_app_with(|c| {
            c.search.window = window;
            c.search.window_ids = window_ids;
        })
        .await;
        let p = filed(&app).await;
        let at = format!("window {window}, {window_ids} ids");
        assert_eq!(
            found(&app, &q("жолдар")).await,
            (vec![p.kk_roads, p.kk_sign], 2),
            "{at}"
        );
        assert_eq!(
            found(&app, &q("playground")).await,
            (vec![p.en_fence, p.en_lamp], 2),
            "{at}"
        );
        assert_eq!(
            found(&app, &format!("{}&region=KZ-71", q("жол"))).await,
            (vec![p.kk_sign], 1),
            "{at}"
        );
        assert_eq!(
            found(&app, &q("дорога")).await,
            (vec![p.ru_roads], 1),
            "{at}"
        );
        assert_eq!(found(&app, &q("разметки")).await, (vec![], 0), "{at}");
        assert_eq!(found(&app, &q("bench fence")).await, (vec![], 0), "{at}");
        // Open311 searches the same way, within its default 90 days.
        let res = app
            .api
            .get(app.url("/open311/v2/requests.json?q=playground"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{at}");
        let ids: Vec<i64> = res
            .json::<Vec<Value>>()
            .await
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [i64::from(p.en_fence), i64::from(p.en_lamp)], "{at}");
    }
}
