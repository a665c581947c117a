//! "Before filing, similar open problems": the API and the form suggest up to five open
//! problems of the same region and category with titles like the one typed, each with a
//! link to support it instead of filing it again.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use serde_json::{Value, json};

/// Files a problem (through the API: unconfirmed), then gives it `status` and `supporters`
/// directly, as its history would have.
async fn problem(
    app: &TestApp,
    title: &str,
    (region, category): (&str, &str),
    status: &str,
    supporters: i32,
) -> i32 {
    use sea_orm::ConnectionTrait;
    let mut body = problem_body(region, category);
    body["title"] = json!(title);
    let id = app.file(&body).await;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE problems SET status = '{status}', support_count = {supporters} WHERE id = {id}"
        ))
        .await
        .unwrap();
    id
}

const ALMATY_ROADS: (&str, &str) = ("KZ-75", "roads");

async fn similar(app: &TestApp, query: &[(&str, &str)]) -> (u16, Value) {
    let res = app
        .api
        .get(app.url("/api/v1/problems/similar"))
        .query(query)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn similar_ids(app: &TestApp, title: &str) -> Vec<i64> {
    let (status, v) = similar(
        app,
        &[("title", title), ("region", "KZ-75"), ("category", "roads")],
    )
    .await;
    assert_eq!(status, 200, "{v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn suggestions_are_open_problems_of_the_same_region_and_category_with_public_fields_only() {
    let app = spawn_app().await;
    let abaya = problem(
        &app,
        "Разбитая дорога на улице Абая",
        ALMATY_ROADS,
        "new",
        0,
    )
    .await;
    let school = problem(
        &app,
        "Разбитая дорога у школы",
        ALMATY_ROADS,
        "in_progress",
        3,
    )
    .await;
    problem(&app, "Разбитая дорога", ALMATY_ROADS, "closed", 9).await;
    problem(&app, "Разбитая дорога", ALMATY_ROADS, "resolved", 9).await;
    problem(&app, "Разбитая дорога", ALMATY_ROADS, "duplicate", 9).await;
    problem(&app, "Разбитая дорога", ALMATY_ROADS, "unconfirmed", 9).await;
    problem(&app, "Разбитая дорога", ("KZ-71", "roads"), "new", 9).await;
    problem(&app, "Разбитая дорога", ("KZ-75", "utilities"), "new", 9).await;
    problem(&app, "Нет света во дворе", ALMATY_ROADS, "new", 9).await;
    let (status, v) = similar(
        &app,
        &[
            ("title", " Разбитые дороги "),
            ("region", "KZ-75"),
            ("category", "roads"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    // "у школы" says less besides the roads than "на улице Абая": it comes first.
    assert_eq!(
        v,
        json!({"items": [
            {
                "id": school,
                "reference": format!("CT-{school:06}"),
                "title": "Разбитая дорога у школы",
                "status": "in_progress",
                "supporters": 3,
                "url": app.url(&format!("/problems/{school}")),
                "support_url": app.url(&format!("/problems/{school}#support")),
            },
            {
                "id": abaya,
                "reference": format!("CT-{abaya:06}"),
                "title": "Разбитая дорога на улице Абая",
                "status": "new",
                "supporters": 0,
                "url": app.url(&format!("/problems/{abaya}")),
                "support_url": app.url(&format!("/problems/{abaya}#support")),
            },
        ]})
    );
    assert!(!v.to_string().contains("citizen@example.kz"));
    assert!(!v.to_string().contains("Aigerim"));
}

#[tokio::test]
async fn at_most_five_come_best_first_and_word_endings_are_tolerated() {
    let app = spawn_app().await;
    let broken = problem(&app, "Разбитая дорога", ALMATY_ROADS, "new", 0).await;
    let jol = problem(&app, "Жол бұзылған", ALMATY_ROADS, "assigned", 0).await;
    let pits = problem(&app, "Ямы на дороге", ALMATY_ROADS, "acknowledged", 0).await;
    let road = problem(&app, "Дорога", ALMATY_ROADS, "reopened", 2).await;
    let roads_broken = problem(&app, "Дороги разбиты", ALMATY_ROADS, "new", 0).await;
    let yard = problem(&app, "Плохие дороги во дворе", ALMATY_ROADS, "rejected", 0).await;
    problem(&app, "Разбитая дорога у дома", ALMATY_ROADS, "new", 0).await;
    problem(&app, "Не горит фонарь", ALMATY_ROADS, "new", 5).await;
    // Scores: 0.85; 0.8 and 0.8 (more supporters first); 0.68 and 0.68 (newer first);
    // "у дома" (0.64) is the sixth, left out.
    assert_eq!(
        similar_ids(&app, "дороги").await,
        [roads_broken, road, yard, pits, broken].map(i64::from)
    );
    assert_eq!(similar_ids(&app, "жолдар").await, [i64::from(jol)]);
    assert_eq!(similar_ids(&app, "ЖОЛДАР!").await, [i64::from(jol)]);
    assert_eq!(
        similar_ids(&app, "Мусор не вывозят").await,
        Vec::<i64>::new()
    );
    // Nothing but punctuation and short words: nothing to compare, nothing suggested.
    assert_eq!(similar_ids(&app, "?! — на").await, Vec::<i64>::new());
}

#[tokio::test]
async fn bad_parameters_get_a_422_naming_the_field() {
    let app = spawn_app().await;
    let long = "д".repeat(201);
    for (query, field, code) in [
        (
            vec![("region", "KZ-75"), ("category", "roads")],
            "title",
            "required",
        ),
        (
            vec![("title", "  "), ("region", "KZ-75"), ("category", "roads")],
            "title",
            "required",
        ),
        (
            vec![("title", "ям"), ("region", "KZ-75"), ("category", "roads")],
            "title",
            "too_short",
        ),
        (
            vec![("title", &long), ("region", "KZ-75"), ("category", "roads")],
            "title",
            "too_long",
        ),
        (
            vec![("title", "дороги"), ("category", "roads")],
            "region",
            "required",
        ),
        (
            vec![
                ("title", "дороги"),
                ("region", "KZ-00"),
                ("category", "roads"),
            ],
            "region",
            "unknown_region",
        ),
        (
            vec![("title", "дороги"), ("region", "KZ-75")],
            "category",
            "required",
        ),
        (
            vec![
                ("title", "дороги"),
                ("region", "KZ-75"),
                ("category", "nope"),
            ],
            "category",
            "unknown_category",
        ),
    ] {
        let (status, v) = similar(&app, &query).await;
        assert_eq!(status, 422, "{query:?}");
        assert_eq!(v["error"]["field"], field, "{query:?}: {v}");
        assert_eq!(v["error"]["code"], code, "{query:?}: {v}");
    }
    let (status, v) = similar(&app, &[]).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = v["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "region", "category"]);
}

#[tokio::test]
async fn the_form_suggests_similar_problems_with_a_link_to_support_one_instead() {
    let app = spawn_app().await;
    let road = problem(&app, "Разбитая дорога", ALMATY_ROADS, "new", 2).await;
    let browser = app.browser();
    // The empty form: the place for the suggestions and the script that fills it.
    let form = text(&browser, app.url("/problems/new")).await;
    assert!(form.contains(
        r#"<div id="similar" aria-live="polite" data-url="/problems/new/similar"></div>"#
    ));
    assert!(form.contains(r#"<script src="/assets/similar.js" defer></script>"#));
    let script = browser
        .get(app.url("/assets/similar.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(
        script
            .text()
            .await
            .unwrap()
            .contains(r#"getAttribute("data-url")"#)
    );
    // What the script asks for while the citizen types, in the page's language.
    let support_link = format!(r#"<a class="support-instead" href="/problems/{road}#support">"#);
    let part = |lang: &str| {
        app.url(&format!(
            "/problems/new/similar?title=дороги&region=KZ-75&category=roads&lang={lang}"
        ))
    };
    let en = text(&browser, part("en")).await;
    assert!(en.contains("Similar open problems"), "{en}");
    assert!(en.contains(&format!(
        r#"<a href="/problems/{road}">CT-{road:06}: Разбитая дорога</a>"#
    )));
    assert!(en.contains("supported by 2 people"));
    assert!(en.contains(&format!("{support_link}Support this problem instead</a>")));
    let ru = text(&browser, part("ru")).await;
    assert!(ru.contains("Похожие открытые проблемы"));
    assert!(ru.contains("поддержали 2 человека"));
    assert!(ru.contains(&format!(
        "{support_link}Поддержать эту проблему вместо новой заявки</a>"
    )));
    let kk = text(&browser, part("kk")).await;
    assert!(kk.contains("Ұқсас ашық мәселелер"));
    assert!(kk.contains("қолдаушылар: 2"));
    assert!(kk.contains(&format!(
        "{support_link}Жаңа өтініш бермей, осы мәселені қолдау</a>"
    )));
    // Nothing alike: nothing shown. A bad parameter: a 422 naming it.
    let none = text(
        &browser,
        app.url("/problems/new/similar?title=Нет+света&region=KZ-75&category=roads"),
    )
    .await;
    assert_eq!(none.trim(), "");
    let bad = browser
        .get(app.url("/problems/new/similar?title=дороги&region=KZ-75&category=nope&lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("unknown category code"), "{bad}");
    // Without the script: the form opened with the three fields, or sent back with an
    // error, shows the suggestions.
    let prefilled = text(
        &browser,
        app.url("/problems/new?title=Разбитые+дороги&region=KZ-75&category=roads"),
    )
    .await;
    assert!(prefilled.contains(r#"value="Разбитые дороги""#));
    assert!(prefilled.contains(&support_link));
    let csrf = TestApp::csrf_of(&form);
    let res = post_form(
        &browser,
        app.url("/problems/new"),
        &[
            ("csrf", csrf.as_str()),
            ("title", "Разбитые дороги"),
            ("region", "KZ-75"),
            ("category", "roads"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains(&support_link));
}
