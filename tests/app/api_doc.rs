//! The OpenAPI document and the reference data endpoints.

use crate::helpers::{json, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

#[tokio::test]
async fn openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let doc: Value = json(&app.api, app.url("/api/v1/openapi.json")).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/regions",
        "/api/v1/categories",
        "/api/v1/problems",
        "/api/v1/problems/{id}",
        "/api/v1/problems/{id}/actions",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    assert!(paths["/api/v1/problems"]["post"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(
        doc["info"]["description"]
            .as_str()
            .unwrap()
            .contains("consents")
    );
}

#[tokio::test]
async fn reference_data_lists_twenty_regions_in_three_languages_and_election_categories() {
    let app = spawn_app().await;
    let regions: Value = json(&app.api, app.url("/api/v1/regions")).await;
    let regions = regions.as_array().unwrap();
    assert_eq!(regions.len(), 20);
    let almaty = regions.iter().find(|r| r["code"] == "KZ-75").unwrap();
    assert_eq!(
        (almaty["name_kk"].as_str(), almaty["name_ru"].as_str()),
        (Some("Алматы"), Some("Алматы"))
    );
    let cats: Value = json(&app.api, app.url("/api/v1/categories")).await;
    let election: Vec<&Value> = cats
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["group"] == "election")
        .collect();
    assert!(election.len() >= 4);
    assert!(
        election
            .iter()
            .all(|c| c["resolve_within"]["unit"] == "hours")
    );
    assert!(election.iter().any(|c| c["code"] == "election_violation"));
    assert_eq!(text(&app.api, app.url("/healthz")).await, "ok");
}

#[tokio::test]
async fn an_undecodable_problem_id_is_a_json_404_like_any_unknown_id() {
    let app = spawn_app().await;
    // Bytes that are not UTF-8 once decoded: axum's own path extractor answered 400 in
    // plain text, which the document does not describe.
    for (method, path) in [
        ("GET", "/api/v1/problems/%FF"),
        ("POST", "/api/v1/problems/%C3%28/supports"),
    ] {
        let req = match method {
            "GET" => app.api.get(app.url(path)),
            _ => app
                .api
                .post(app.url(path))
                .json(&json!({"email": "a@example.kz"})),
        };
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 404, "{method} {path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/json",
            "{method} {path}"
        );
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn a_body_over_two_mebibytes_is_a_json_413() {
    let app = spawn_app().await;
    let mut body = problem_body("KZ-71", "roads");
    body["description"] = json!("d".repeat(2 * 1024 * 1024));
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/json");
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "too_large");
    assert_eq!(app.count("problems").await, 0);
}

#[tokio::test]
async fn an_id_written_as_a_whole_number_with_a_fraction_is_that_id() {
    // The document says `integer`, which JSON Schema counts 7.0 as; the server took only 7.
    let app = spawn_app().await;
    let rep = app.rep("rep@party.kz", "Rep", None, None).await;
    let other = app
        .user("other@party.kz", "Other", UserRole::Representative, &[])
        .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let admin = app.token("admin@league.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(app.public(id).await["representative"]["id"], rep);
    let res = app
        .act(
            &admin,
            id,
            json!({"action": "assign", "representative_id": f64::from(other)}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.public(id).await["representative"]["id"], other);
    let res = app
        .act(
            &admin,
            id,
            json!({"action": "assign", "representative_id": f64::from(other) + 0.5}),
        )
        .await;
    assert_eq!(res.status(), 422);
}
