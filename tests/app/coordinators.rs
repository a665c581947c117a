//! Coordinators' tools: the representatives CSV import (all or nothing), managing
//! representatives and rules in the web UI.

use crate::helpers::{TestApp, flash_of, follow, json, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use civic_tracker::services::import;

const GOOD: &str = "name,email,position,regions,categories\n\
    Aliya Nurlanovna,aliya@party.kz,Deputy of the Mazhilis,KZ-71;KZ-75,*\n\
    Bolat Serikuly,bolat@party.kz,,*,election_violation;election_vote_buying\n";

#[tokio::test]
async fn importing_representatives_creates_rules_and_reimport_replaces_them() {
    let app = spawn_app().await;
    let r = import::import_representatives(&app.state, None, GOOD)
        .await
        .unwrap();
    assert_eq!((r.created, r.updated, r.rules), (2, 0, 4));
    assert_eq!(
        r.changes,
        [
            "created Aliya Nurlanovna <aliya@party.kz>: 2 routing rules",
            "created Bolat Serikuly <bolat@party.kz>: 2 routing rules"
        ]
    );
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(app.public(id).await["name"], "Aliya Nurlanovna");
    let (id, _) = app
        .file_confirmed(&problem_body("KZ-10", "election_vote_buying"))
        .await;
    assert_eq!(app.public(id).await["name"], "Bolat Serikuly");
    let r = import::import_representatives(
        &app.state,
        None,
        "name,email,position,regions,categories\nAliya N.,aliya@party.kz,Deputy,KZ-71,roads\n",
    )
    .await
    .unwrap();
    assert_eq!((r.created, r.updated, r.rules), (0, 1, 1));
    assert_eq!(app.count("routing_rules").await, 3);
}

#[tokio::test]
async fn a_bad_row_rejects_the_whole_file_with_its_line_number() {
    let app = spawn_app().await;
    let bad = format!("{GOOD}Dana,dana@party.kz,,KZ-99,roads\n");
    let err = import::import_representatives(&app.state, None, &bad)
        .await
        .unwrap_err();
    assert_eq!(
        err.parts().2,
        "line 4: regions has an unknown code \"KZ-99\""
    );
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("routing_rules").await, 0);
    for (csv, msg) in [
        (
            "name,email\nA,a@b.kz\n",
            "line 1: header must be exactly name,email,position,regions,categories",
        ),
        (
            "name,email,position,regions,categories\nAliya,aliya@party.kz,,KZ-71,nope\n",
            "line 2: categories has an unknown code \"nope\"",
        ),
        (
            "name,email,position,regions,categories\nAliya,aliya@party.kz,,,roads\n",
            "line 2: regions is empty; use codes separated by ';' or '*' for any",
        ),
        (
            "name,email,position,regions,categories\nAliya,a@p.kz,,*,*\nAgain,a@p.kz,,*,*\n",
            "line 3: email appears twice in the file",
        ),
    ] {
        let err = import::import_representatives(&app.state, None, csv)
            .await
            .unwrap_err();
        assert_eq!(err.parts().2, msg);
    }
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn coordinator_imports_and_manages_rules_in_the_web_ui() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let b = app.login("coord@league.kz").await;
    let page = text(&b, app.url("/admin/representatives")).await;
    let csrf = TestApp::csrf_of(&page);
    let bad = format!("{GOOD}Dana,dana@party.kz,,KZ-99,roads\n");
    let res = post_form(
        &b,
        app.url("/admin/import"),
        &[("csrf", csrf.as_str()), ("csv", bad.as_str())],
    )
    .await;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("line 4: regions has an unknown code")
    );
    assert_eq!(app.count("users").await, 1);
    let res = post_form(
        &b,
        app.url("/admin/import"),
        &[("csrf", csrf.as_str()), ("csv", GOOD)],
    )
    .await;
    let (_, page) = follow(&b, &app.url(""), res).await;
    assert_eq!(
        flash_of(&page).as_deref(),
        Some("Imported: 2 created, 0 updated, 4 routing rules.")
    );
    // Add a representative by hand, with an error first.
    let res = b
        .post(app.url("/admin/representatives"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Dana"),
            ("email", "bad"),
            ("regions", "KZ-79"),
            ("categories", "*"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = b
        .post(app.url("/admin/representatives"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Dana"),
            ("email", "dana@party.kz"),
            ("regions", "KZ-79"),
            ("categories", "*"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (id, _) = app.file_confirmed(&problem_body("KZ-79", "roads")).await;
    assert_eq!(app.public(id).await["name"], "Dana");
    let rules = text(&b, app.url("/admin/rules")).await;
    assert!(rules.contains("Shymkent"));
    assert_eq!(app.count("routing_rules").await, 5);
    let res = post_form(
        &b,
        app.url("/admin/rules/5/delete"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("routing_rules").await, 4);
}

#[tokio::test]
async fn admins_edit_category_deadlines_and_new_assignments_use_them() {
    let app = spawn_app().await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let admin = app.login("admin@league.kz").await;
    let page = text(&admin, app.url("/admin/categories")).await;
    assert!(page.contains("election_polling_station"));
    let csrf = TestApp::csrf_of(&page);
    let form = |ack: &'static str, unit: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("name_en", "Roads and pavements".to_string()),
            ("name_kk", "Жолдар".to_string()),
            ("name_ru", "Дороги".to_string()),
            ("ack_amount", ack.to_string()),
            ("ack_unit", unit.to_string()),
            ("resolve_amount", "3".to_string()),
            ("resolve_unit", "calendar_days".to_string()),
            ("active", "on".to_string()),
        ]
    };
    let res = post_form(
        &admin,
        app.url("/admin/categories/roads"),
        &form("0", "hours"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_form(
        &admin,
        app.url("/admin/categories/roads"),
        &form("4", "fortnights"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_form(
        &admin,
        app.url("/admin/categories/roads"),
        &form("4", "hours"),
    )
    .await;
    assert_eq!(res.status(), 303);
    let coord = app.login("coord@league.kz").await;
    let res = post_form(
        &coord,
        app.url("/admin/categories/roads"),
        &form("9", "hours"),
    )
    .await;
    assert_eq!(res.status(), 403, "coordinators read, admins edit");
    // Assigned on Wednesday 2026-11-25 05:00 UTC: acknowledge within 4 hours, resolve within 3 days.
    let (id, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let v = app.public(id).await;
    assert_eq!(v["acknowledge_by"], "2026-11-25T09:00:00Z");
    assert_eq!(v["resolve_by"], "2026-11-28T05:00:00Z");
    let cats: serde_json::Value = json(&app.api, app.url("/api/v1/categories")).await;
    let roads = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "roads")
        .unwrap();
    assert_eq!(roads["name_kk"], "Жолдар");
    assert_eq!(roads["acknowledge_within"]["unit"], "hours");
}

#[tokio::test]
async fn regional_coordinators_change_routing_only_inside_their_regions() {
    let app = spawn_app().await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user(
        "astana@league.kz",
        "Astana coordinator",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    let almaty_rep = app
        .rep("almaty@party.kz", "Almaty rep", Some("KZ-75"), None)
        .await;
    let astana_rep = app
        .rep("astana.rep@party.kz", "Astana rep", Some("KZ-71"), None)
        .await;
    let b = app.login("astana@league.kz").await;
    let page = text(&b, app.url("/admin/rules")).await;
    let csrf = TestApp::csrf_of(&page);
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let req = b.post(app.url(&path)).form(&form);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let c = || ("csrf", csrf.clone());
    // Outside the region, or "any region": refused.
    assert_eq!(
        post(
            "/admin/rules".into(),
            vec![
                c(),
                ("region", "KZ-75".into()),
                ("category", "*".into()),
                ("representative_id", astana_rep.to_string())
            ]
        )
        .await,
        403
    );
    assert_eq!(
        post(
            "/admin/rules".into(),
            vec![
                c(),
                ("region", "*".into()),
                ("category", "roads".into()),
                ("representative_id", astana_rep.to_string())
            ]
        )
        .await,
        403
    );
    assert_eq!(
        post("/admin/rules/1/delete".into(), vec![c()]).await,
        403,
        "rule 1 is Almaty's"
    );
    assert_eq!(
        post(
            format!("/admin/representatives/{almaty_rep}/deactivate"),
            vec![c()]
        )
        .await,
        403
    );
    assert_eq!(
        post("/admin/representatives/1/deactivate".into(), vec![c()]).await,
        404,
        "user 1 is the admin, not a representative"
    );
    assert_eq!(
        post(
            "/admin/representatives".into(),
            vec![
                c(),
                ("name", "Almaty rep".into()),
                ("email", "almaty@party.kz".into()),
                ("regions", "KZ-71".into()),
                ("categories", "*".into())
            ]
        )
        .await,
        403,
        "would drop Almaty's rule"
    );
    let csv = "name,email,position,regions,categories\nDana,dana@party.kz,,KZ-75,*\n".to_string();
    assert_eq!(
        post("/admin/import".into(), vec![c(), ("csv", csv)]).await,
        400
    );
    assert_eq!(app.count("routing_rules").await, 2);
    assert_eq!(app.count("users").await, 4);
    // Inside the region: allowed.
    assert_eq!(
        post(
            "/admin/rules".into(),
            vec![
                c(),
                ("region", "KZ-71".into()),
                ("category", "roads".into()),
                ("representative_id", astana_rep.to_string())
            ]
        )
        .await,
        303
    );
    assert_eq!(
        post(
            format!("/admin/representatives/{astana_rep}/deactivate"),
            vec![c()]
        )
        .await,
        303
    );
    let admin = app.login("admin@league.kz").await;
    let page = text(&admin, app.url("/admin/rules")).await;
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(
        &admin,
        app.url(&format!("/admin/representatives/{almaty_rep}/deactivate")),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.status(), 303);
}
