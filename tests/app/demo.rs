//! `civic-tracker demo` builds a living site through the real services.

use crate::helpers::{json, spawn_app, text};

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

/// The number in the page's element `id="{id}"`.
fn figure(html: &str, id: &str) -> u64 {
    let at = html.find(&format!("id=\"{id}\">")).expect(id) + id.len() + 6;
    html[at..]
        .split('<')
        .next()
        .unwrap()
        .trim()
        .parse()
        .expect(id)
}

#[tokio::test]
async fn a_simulated_voting_day_shows_on_the_live_page_as_written() {
    use chrono::Timelike;
    use civic_tracker::entities::problem;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app().await;
    // The clock: 2026-11-25 10:00 Almaty; the voting day before it, polls 07:00–20:00.
    let demo = civic_tracker::demo::ElectionDemo {
        stations: 50,
        reports: 300,
        voting_day: Some("2026-11-24".parse().unwrap()),
    };
    let id = civic_tracker::demo::election(&app.state, &demo)
        .await
        .unwrap();
    let app = &app;
    let one = |sql: String| async move { app.integers(&sql).await[0][0] };
    assert_eq!(
        one(format!(
            "SELECT COUNT(*) FROM polling_stations WHERE election_id = {id}"
        ))
        .await,
        50
    );
    assert_eq!(
        one(format!(
            "SELECT COUNT(DISTINCT region) FROM polling_stations WHERE election_id = {id}"
        ))
        .await,
        20,
        "stations in every region"
    );
    assert_eq!(app.count("problems").await, 300);
    let rows = problem::Entity::find()
        .filter(problem::Column::ElectionId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 300);
    let public: Vec<&problem::Model> = rows
        .iter()
        .filter(|p| p.status.as_str() != "unconfirmed")
        .collect();
    assert!(public.len() > 250, "most are confirmed: {}", public.len());
    let by_observers = rows.iter().filter(|p| p.observer_id.is_some()).count();
    assert!(
        (50..=130).contains(&by_observers),
        "about 30% by observers: {by_observers}"
    );
    assert!(
        rows.iter()
            .all(|p| p.category_code.starts_with("election_"))
    );
    assert!(
        rows.iter()
            .all(|p| p.polling_station.is_none_or(|n| (1..=50).contains(&n)))
    );
    let verified = public.iter().filter(|p| p.verified == Some(true)).count() as u64;
    let unverified = public.iter().filter(|p| p.verified == Some(false)).count() as u64;
    assert!(verified > 0 && unverified > 0, "{verified} / {unverified}");
    assert_eq!(
        one("SELECT COUNT(*) FROM problem_events WHERE action = 'verify'".into()).await as u64,
        verified + unverified,
        "each finding is an event"
    );
    assert!(public.iter().any(|p| p.acknowledged_at.is_some()));
    assert!(public.iter().any(|p| p.representative_id.is_some()));
    assert_eq!(app.count("outbox").await, 0, "no mail to demo addresses");

    // The live page shows what was written.
    let html = text(&app.api, app.url(&format!("/elections/{id}"))).await;
    assert_eq!(figure(&html, "fig-total"), public.len() as u64);
    assert_eq!(figure(&html, "fig-verified"), verified);
    assert_eq!(figure(&html, "fig-unverified"), unverified);
    // Every report was filed in a polling hour of the voting day, and every hour has some.
    let mut hourly = [0u64; 13];
    for p in &public {
        let local = p.created_at.with_timezone(&chrono_tz::Asia::Almaty);
        assert_eq!(local.date_naive().to_string(), "2026-11-24");
        hourly[local.hour() as usize - 7] += 1;
    }
    assert!(hourly.iter().all(|n| *n > 0), "{hourly:?}");
    let e = civic_tracker::services::elections::get(&app.state.db, id)
        .await
        .unwrap();
    let live = civic_tracker::services::election_day::recount(&app.state, &e)
        .await
        .unwrap()
        .live;
    let counted: Vec<(u32, u64)> = live.hours.iter().map(|(h, t)| (*h, t.all)).collect();
    let written: Vec<(u32, u64)> = (7..20).zip(hourly).collect();
    assert_eq!(counted, written);
    let (top, tally) = &live.stations[0];
    let at_top = public
        .iter()
        .filter(|p| p.polling_station == Some(*top))
        .count() as u64;
    assert_eq!(tally.all, at_top, "station {top}");
}
