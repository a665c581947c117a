//! Routing by a polling station's district (issue 20): a coordinator adds a district rule
//! on the rules page; an election report at a station of that district goes to its
//! representative before the region's; elsewhere, or without a station, the region's rule
//! still decides. A district rule without its region is refused, naming the field.

use crate::elections::{HEADER, election, stations};
use crate::helpers::{TestApp, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::json;

#[tokio::test]
async fn a_report_at_a_station_goes_to_the_districts_representative_first() {
    let app = spawn_app().await;
    app.user(
        "almaty@league.kz",
        "Coordinator",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    let region_rep = app
        .rep("region@party.kz", "Region rep", Some("KZ-75"), None)
        .await;
    let district_rep = app
        .rep("medeu@party.kz", "Medeu rep", Some("KZ-71"), None)
        .await;
    let id = election(&app, "2026-12-20", "KZ-75").await;
    stations(
        &app,
        &format!(
            "{HEADER}{id},101,KZ-75,Медеуский район,Достык 10,,\n\
             {id},102,KZ-75,Алмалинский район,Абая 20,,\n"
        ),
    )
    .await;

    let b = app.login("almaty@league.kz").await;
    let page = text(&b, app.url("/admin/rules")).await;
    let csrf = TestApp::csrf_of(&page);
    let add = |form: Vec<(&'static str, String)>| {
        let req = b.post(app.url("/admin/rules")).form(&form);
        async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // A district needs its region: 422 naming the field, nothing added.
    let before = app.count("routing_rules").await;
    let (code, html) = add(vec![
        ("csrf", csrf.clone()),
        ("region", "*".into()),
        ("district", "Медеуский район".into()),
        ("category", "*".into()),
        ("representative_id", district_rep.to_string()),
    ])
    .await;
    assert_eq!(code, 422);
    assert!(html.contains("a district rule needs its region"), "{html}");
    assert_eq!(app.count("routing_rules").await, before);

    // The coordinator adds it within their region, spelt loosely.
    let (code, _) = add(vec![
        ("csrf", csrf.clone()),
        ("region", "KZ-75".into()),
        ("district", "  медеуский   район ".into()),
        ("category", "*".into()),
        ("representative_id", district_rep.to_string()),
    ])
    .await;
    assert_eq!(code, 303, "back to the rules page");
    let page = text(&b, app.url("/admin/rules")).await;
    assert!(page.contains("медеуский район"), "stored trimmed");

    let file = |station: Option<i64>| {
        let mut body = problem_body("KZ-75", "election_vote_buying");
        body["election"] = json!(id);
        if let Some(s) = station {
            body["polling_station"] = json!(s);
        }
        body
    };
    let at_medeu = app.file_confirmed(&file(Some(101))).await.0;
    let v = app.public(at_medeu).await;
    assert_eq!(v["representative"]["id"], district_rep);
    let at_almaly = app.file_confirmed(&file(Some(102))).await.0;
    assert_eq!(
        app.public(at_almaly).await["representative"]["id"],
        region_rep
    );
    let no_station = app.file_confirmed(&file(None)).await.0;
    assert_eq!(
        app.public(no_station).await["representative"]["id"],
        region_rep
    );
    // The reason on record names the district.
    let note: Vec<String> =
        <civic_tracker::entities::problem::Entity as sea_orm::EntityTrait>::find_by_id(at_medeu)
            .one(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|p| p.routing_note)
            .collect();
    assert!(note[0].contains("district rule"), "{note:?}");
    assert!(note[0].contains("медеуский район"), "{note:?}");
}
