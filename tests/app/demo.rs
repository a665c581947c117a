//! `civic-tracker demo` builds a living site through the real services.

use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn demo_creates_representatives_for_every_region_and_problems_with_histories() {
    let app = spawn_app().await;
    civic_tracker::services::demo::fill(&app.state, 40)
        .await
        .unwrap();
    assert_eq!(app.count("problems").await, 40);
    // 20 regions: two representatives each, one in Ulytau; 20 coordinators, an admin, a monitor.
    assert_eq!(app.count("users").await, 39 + 20 + 2);
    assert!(app.count("problem_events").await >= 40);
    assert_eq!(app.count("outbox").await, 0, "no mail to demo addresses");
    let list: serde_json::Value = json(&app.api, app.url("/api/v1/problems?per_page=100")).await;
    assert!(
        list["total"].as_u64().unwrap() > 20,
        "most demo problems are confirmed: {}",
        list["total"]
    );
}
