//! The status machine through the API: every illegal transition is a 409 naming the
//! current status and the allowed actions, and changes nothing.

use crate::helpers::{TestApp, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

async fn setup() -> (TestApp, String, String, i32) {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let rep = app.token("rep@party.kz").await;
    let coord = app.token("coord@league.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    (app, rep, coord, id)
}

#[tokio::test]
async fn every_illegal_transition_is_a_409_that_names_status_and_allowed_actions() {
    let (app, rep, coord, id) = setup().await;
    // assigned → resolved → (illegal: acknowledge, start, resolve, reject, comment)
    assert_eq!(
        app.act(&rep, id, json!({"action": "resolve", "note": "Fixed."}))
            .await
            .status(),
        200
    );
    let events = app.count("problem_events").await;
    for body in [
        json!({"action": "acknowledge"}),
        json!({"action": "start"}),
        json!({"action": "resolve", "note": "again"}),
        json!({"action": "reject", "note": "no"}),
        json!({"action": "comment", "note": "hello"}),
        json!({"action": "ask_citizen", "note": "?"}),
        json!({"action": "request_reassign"}),
    ] {
        let res = app.act(&rep, id, body.clone()).await;
        assert_eq!(res.status(), 409, "{body}");
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["error"]["code"], "illegal_transition");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap()
                .contains("that is resolved; allowed: none"),
            "{e}"
        );
    }
    for body in [
        json!({"action": "close", "note": "x"}),
        json!({"action": "assign", "representative_id": 1}),
        json!({"action": "mark_duplicate", "duplicate_of": 1}),
    ] {
        assert_eq!(
            app.act(&coord, id, body.clone()).await.status(),
            409,
            "{body}"
        );
    }
    assert_eq!(
        app.count("problem_events").await,
        events,
        "nothing recorded"
    );
    assert_eq!(app.public(id).await["status"], "resolved");
}

#[tokio::test]
async fn acknowledging_twice_lists_what_is_allowed() {
    let (app, rep, _, id) = setup().await;
    assert_eq!(
        app.act(&rep, id, json!({"action": "acknowledge"}))
            .await
            .status(),
        200
    );
    let res = app.act(&rep, id, json!({"action": "acknowledge"})).await;
    assert_eq!(res.status(), 409);
    let e: Value = res.json().await.unwrap();
    assert_eq!(
        e["error"]["message"],
        "cannot acknowledge a problem that is acknowledged; allowed: start, comment, ask_citizen, resolve, reject, request_reassign"
    );
}

#[tokio::test]
async fn reject_unassigns_into_triage_and_a_coordinator_reassigns_or_closes() {
    let (app, rep, coord, id) = setup().await;
    let other = app
        .user("other@party.kz", "Other", UserRole::Representative, &[])
        .await;
    let res = app
        .act(
            &rep,
            id,
            json!({"action": "reject", "note": "Outside my competence."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v = app.public(id).await;
    assert_eq!(v["status"], "rejected");
    assert!(v["representative"].is_null());
    let mails = app.deliver().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == ["coord@league.kz"] && m.text.contains("rejected this problem"))
    );
    assert!(
        mails
            .iter()
            .any(|m| m.to == ["citizen@example.kz"] && m.text.contains("Outside my competence."))
    );
    let res = app
        .act(
            &coord,
            id,
            json!({"action": "assign", "representative_id": other}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v = app.public(id).await;
    assert_eq!(v["status"], "assigned");
    assert_eq!(v["representative"]["id"], other);
    assert!(
        v["resolve_by"].is_string(),
        "deadlines restart on reassignment"
    );
    let other_token = app.token("other@party.kz").await;
    assert_eq!(
        app.act(
            &other_token,
            id,
            json!({"action": "reject", "note": "Not mine either."})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.act(
            &coord,
            id,
            json!({"action": "close", "note": "Passed to the akimat."})
        )
        .await
        .status(),
        200
    );
    let v = app.public(id).await;
    assert_eq!(
        (v["status"].as_str(), v["verdict"].as_str()),
        (Some("closed"), Some("closed_by_coordinator"))
    );
}

#[tokio::test]
async fn request_reassign_flags_without_changing_status_and_keeps_the_reason_internal() {
    let (app, rep, _, id) = setup().await;
    let res = app
        .act(
            &rep,
            id,
            json!({"action": "request_reassign", "note": "I am on leave until March."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v = app.public(id).await;
    assert_eq!(v["status"], "assigned");
    assert!(
        !v.to_string().contains("on leave"),
        "the reason is internal"
    );
    let mails = app.deliver().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == ["coord@league.kz"] && m.text.contains("I am on leave until March."))
    );
    let coord = app.login("coord@league.kz").await;
    let page = text(&coord, app.url("/triage")).await;
    assert!(page.contains("Reassignment requested"));
    let page = text(&coord, app.url(&format!("/workspace/problems/{id}"))).await;
    assert!(page.contains("I am on leave until March."));
}

#[tokio::test]
async fn duplicates_point_to_the_original_and_their_citizens_follow_it() {
    let (app, rep, coord, original) = setup().await;
    let mut body = problem_body("KZ-75", "roads");
    body["email"] = json!("second@example.kz");
    let (dup, _) = app.file_confirmed(&body).await;
    assert_eq!(
        app.act(
            &coord,
            dup,
            json!({"action": "mark_duplicate", "duplicate_of": dup})
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        app.act(
            &coord,
            dup,
            json!({"action": "mark_duplicate", "duplicate_of": 999})
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        app.act(
            &coord,
            dup,
            json!({"action": "mark_duplicate", "duplicate_of": original})
        )
        .await
        .status(),
        200
    );
    let v = app.public(dup).await;
    assert_eq!(v["status"], "duplicate");
    assert_eq!(v["duplicate_of"], original);
    app.deliver().await;
    assert_eq!(
        app.act(
            &rep,
            original,
            json!({"action": "resolve", "note": "Repaired."})
        )
        .await
        .status(),
        200
    );
    let mails = app.deliver().await;
    let mut to: Vec<_> = mails
        .iter()
        .filter(|m| m.text.contains("Repaired."))
        .flat_map(|m| m.to.clone())
        .collect();
    to.sort();
    assert_eq!(to, ["citizen@example.kz", "second@example.kz"]);
}

#[tokio::test]
async fn a_status_the_code_does_not_know_is_an_error_not_a_guess() {
    let (app, rep, _, id) = setup().await;
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE problems SET status = 'on_hold' WHERE id = {id}"
        ))
        .await
        .unwrap();
    // Neither shown as some other status nor acted on as one: a 500 with an error id.
    let res = app
        .api
        .get(app.url(&format!("/api/v1/problems/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal");
    let res = app.act(&rep, id, json!({"action": "acknowledge"})).await;
    assert_eq!(res.status(), 500);
    assert_eq!(
        app.count("problem_events WHERE action = 'acknowledge'")
            .await,
        0
    );
}
