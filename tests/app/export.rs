//! Open data: every public problem as CSV and JSON, with the list's filters, in batches,
//! with no personal data.

use crate::helpers::{problem_body, spawn_app, text};
use serde_json::{Value, json};

#[tokio::test]
async fn exports_stream_every_public_problem_without_personal_data() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    // Empty first: a header line and an empty array.
    let csv = text(&app.api, app.url("/export/problems.csv")).await;
    assert_eq!(csv.lines().count(), 1);
    assert!(csv.starts_with("id,reference,title,description,status,"));
    let arr: Value =
        serde_json::from_str(&text(&app.api, app.url("/export/problems.json")).await).unwrap();
    assert_eq!(arr, json!([]));
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("Pothole, \"deep\" and wide");
    body["display_name"] = json!("Aigerim Private");
    let (a, _) = app.file_confirmed(&body).await;
    for _ in 0..3 {
        app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    }
    app.file(&problem_body("KZ-71", "roads")).await; // unconfirmed: not exported
    let res = app
        .api
        .get(app.url("/export/problems.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("problems.csv")
    );
    let csv = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][0], a.to_string().as_str());
    assert_eq!(
        &rows[0][2], "Pothole, \"deep\" and wide",
        "quoted correctly"
    );
    for private in ["citizen@example.kz", "Aigerim Private", "/track/"] {
        assert!(!csv.contains(private), "{private}");
    }
    let json_text = text(&app.api, app.url("/export/problems.json?region=KZ-71")).await;
    let arr: Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(arr.as_array().unwrap().len(), 3);
    assert!(
        arr.as_array()
            .unwrap()
            .iter()
            .all(|p| p["region_code"] == "KZ-71")
    );
    assert_eq!(arr[0]["representative"], "Rep");
    assert!(!json_text.contains("citizen@example.kz"));
    let res = app
        .api
        .get(app.url("/export/problems.json?status=unconfirmed"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // The batches the export reads follow each other by id without gaps or repeats.
    let f = civic_tracker::services::queries::Filter::default();
    let first = civic_tracker::services::queries::export_batch(&app.state, &f, "en", 0, 3)
        .await
        .unwrap();
    let rest = civic_tracker::services::queries::export_batch(&app.state, &f, "en", first[2].id, 3)
        .await
        .unwrap();
    let ids: Vec<i32> = first.iter().chain(&rest).map(|r| r.id).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
}

#[tokio::test]
async fn the_export_names_statuses_regions_and_categories_in_its_language_beside_the_codes() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    for (lang, status, region) in [
        ("ru", "status.assigned", "Алматы"),
        ("kk", "status.assigned", "Алматы"),
        ("en", "status.assigned", "Almaty"),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/export/problems.csv?lang={lang}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-language"], lang);
        let csv = res.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = reader.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[col("status")], "assigned", "{lang}: the code stays");
        assert_eq!(
            &row[col("status_label")],
            civic_tracker::i18n::message(lang, status).as_str(),
            "{lang}"
        );
        assert!(
            row[col("region")].starts_with(region),
            "{lang}: {}",
            &row[col("region")]
        );
        assert_eq!(&row[col("region_code")], "KZ-75");
    }
    assert_ne!(
        civic_tracker::i18n::message("ru", "status.assigned"),
        civic_tracker::i18n::message("kk", "status.assigned")
    );
    // Accept-Language works too, and the JSON export has the same field.
    let res = app
        .api
        .get(app.url("/export/problems.json"))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    let arr: Value = res.json().await.unwrap();
    assert_eq!(
        arr[0]["status_label"],
        civic_tracker::i18n::message("ru", "status.assigned")
    );
}

#[tokio::test]
async fn exports_whose_clients_stop_reading_hold_no_database_connection() {
    let app = crate::helpers::spawn_app_with(|c| {
        c.database.max_connections = 3;
        c.database.read_connections = 1;
        c.database.acquire_timeout_seconds = 6;
    })
    .await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (one, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    // 30,000 more (about 12 MB of CSV: more than the sockets hold), written in SQL.
    crate::seed::copies(&app, one, 30_000).await;
    // Four downloads that read their first bytes and then stop reading, more than the
    // pools have connections.
    let mut stalled = Vec::new();
    for path in [
        "/export/problems.csv",
        "/export/problems.json",
        "/export/problems.csv?region=KZ-71",
        "/export/problems.json?category=roads",
    ] {
        let mut res = app.api.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(!res.chunk().await.unwrap().unwrap().is_empty());
        stalled.push(res);
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Meanwhile reads get their connection at once (a connection held by a download
    // would make this wait the 6 s acquire timeout and answer 503), and so do writes.
    // The margin is wide: on a loaded 2-core CI machine the request alone took 1.6 s.
    let started = std::time::Instant::now();
    let page: Value = app
        .api
        .get(app.url("/api/v1/problems?region=KZ-71&per_page=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(
        waited < std::time::Duration::from_secs(4),
        "waited {waited:?} for a connection"
    );
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    drop(stalled);
}
