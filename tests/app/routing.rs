//! Routing by rules: precedence, load balancing, triage when nothing matches, and the
//! recorded reason.

use crate::helpers::{problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;

#[tokio::test]
async fn the_most_specific_rule_wins() {
    let app = spawn_app().await;
    let any = app.rep("any@party.kz", "Catch-all", None, None).await;
    let roads = app
        .rep("roads@party.kz", "Roads anywhere", None, Some("roads"))
        .await;
    let astana = app
        .rep("astana@party.kz", "Astana", Some("KZ-71"), None)
        .await;
    let astana_roads = app
        .rep("ar@party.kz", "Astana roads", Some("KZ-71"), Some("roads"))
        .await;
    for (region, category, expected) in [
        ("KZ-71", "roads", astana_roads),
        ("KZ-71", "housing", astana),
        ("KZ-75", "roads", roads),
        ("KZ-75", "housing", any),
    ] {
        let (id, _) = app.file_confirmed(&problem_body(region, category)).await;
        let v = app.public(id).await;
        assert_eq!(v["representative"]["id"], expected, "{region} {category}");
        assert_eq!(v["status"], "assigned");
        assert!(v["routing"]["rule_id"].is_number());
    }
    let v = app.public(1).await;
    assert_eq!(
        v["routing"]["note"],
        "Routed to Astana roads by rule #4 (region and category rule: Astana / Roads and pavements)"
    );
}

#[tokio::test]
async fn equal_rules_go_to_the_representative_with_fewest_open_problems() {
    let app = spawn_app().await;
    let a = app.rep("a@party.kz", "A", Some("KZ-75"), None).await;
    let b = app.rep("b@party.kz", "B", Some("KZ-75"), None).await;
    let mut got = Vec::new();
    for _ in 0..4 {
        let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
        got.push(
            app.public(id).await["representative"]["id"]
                .as_i64()
                .unwrap() as i32,
        );
    }
    assert_eq!(got, [a, b, a, b]);
    // Resolving frees capacity: A resolves two, so the next two go to A.
    let token = app.token("a@party.kz").await;
    for id in [1, 3] {
        assert_eq!(
            app.act(
                &token,
                id,
                serde_json::json!({"action": "resolve", "note": "done"})
            )
            .await
            .status(),
            200
        );
    }
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(app.public(id).await["representative"]["id"], a);
}

#[tokio::test]
async fn unmatched_problem_goes_to_triage_and_the_regions_coordinators_are_emailed() {
    let app = spawn_app().await;
    app.rep("astana@party.kz", "Astana", Some("KZ-71"), None)
        .await;
    app.user(
        "almaty.coord@league.kz",
        "Almaty coordinator",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user(
        "astana.coord@league.kz",
        "Astana coordinator",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let v = app.public(id).await;
    assert_eq!(v["status"], "new");
    assert!(v["representative"].is_null());
    let triage: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Triage needed"))
        .collect();
    assert_eq!(triage.len(), 1);
    assert_eq!(triage[0].to, ["almaty.coord@league.kz"]);
    let coord = app.login("almaty.coord@league.kz").await;
    let page = text(&coord, app.url("/triage")).await;
    assert!(page.contains("Broken street light"));
}

#[tokio::test]
async fn deactivating_a_representative_reroutes_their_open_problems_with_an_event_each() {
    let app = spawn_app().await;
    let leaving = app
        .rep("leaving@party.kz", "Leaving", Some("KZ-75"), None)
        .await;
    let (p1, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let (p2, _) = app.file_confirmed(&problem_body("KZ-75", "housing")).await;
    let next = app.rep("next@party.kz", "Next", None, Some("roads")).await;
    let admin = civic_tracker::auth::CurrentUser {
        id: 0,
        name: "admin".into(),
        role: UserRole::Admin,
        regions: vec![],
    };
    let n = civic_tracker::services::people::deactivate(&app.state, &admin, leaving)
        .await
        .unwrap();
    assert_eq!(n, 2);
    let v1 = app.public(p1).await;
    assert_eq!(v1["representative"]["id"], next);
    assert_eq!(
        v1["timeline"].as_array().unwrap().last().unwrap()["action"],
        "route"
    );
    let v2 = app.public(p2).await;
    assert_eq!(
        v2["status"], "new",
        "no other rule matches housing in Almaty"
    );
    assert_eq!(
        v2["timeline"].as_array().unwrap().last().unwrap()["action"],
        "return_to_triage"
    );
    let mails = app.deliver().await;
    assert!(mails.iter().any(|m| m.to == ["next@party.kz"]));
}
