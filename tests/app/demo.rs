//! `civic-tracker demo` builds a living site through the real services.

use crate::helpers::{json, spawn_app};

#[tokio::test]
async fn demo_creates_representatives_for_every_region_and_problems_with_histories() {
    let app = spawn_app().await;
    civic_tracker::demo::fill(&app.state, 40).await.unwrap();
    assert_eq!(app.count("problems").await, 40);
    // 20 regions: two representatives each, one in Ulytau; 20 coordinators, an admin, a monitor.
    assert_eq!(app.count("users").await, 39 + 20 + 2);
    assert!(app.count("problem_events").await >= 40);
    assert_eq!(app.count("outbox").await, 0, "no mail to demo addresses");
    // The scheduled jobs' work is done too: every open problem past a deadline it still
    // owes is marked overdue.
    use sea_orm::EntityTrait;
    let now = app.state.clock.now();
    let problems = civic_tracker::entities::problem::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    for p in problems.iter().filter(|p| {
        matches!(
            p.status.as_str(),
            "assigned" | "acknowledged" | "in_progress" | "reopened"
        ) && !p.question_pending
    }) {
        let missed = (p.acknowledged_at.is_none() && p.ack_due_at.is_some_and(|d| d <= now))
            || p.resolve_due_at.is_some_and(|d| d <= now);
        assert_eq!(p.overdue, missed, "problem {} ({})", p.id, p.status);
    }
    let list: serde_json::Value = json(&app.api, app.url("/api/v1/problems?per_page=100")).await;
    assert!(
        list["total"].as_u64().unwrap() > 20,
        "most demo problems are confirmed: {}",
        list["total"]
    );
}
