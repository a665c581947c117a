//! The OpenAPI document and the reference data endpoints.

use crate::helpers::{json, spawn_app, text};
use serde_json::Value;

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
