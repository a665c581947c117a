//! Accredited observers (issue 20): they file election reports with their API token in
//! their regions, published at once without a confirmation mail and marked "filed by an
//! observer" (never with their name); out of scope they are refused naming the field; and
//! they verify reports in their regions, not elsewhere.

use crate::elections::{HEADER, election, stations};
use crate::helpers::{TestApp, problem_body, spawn_app_with, text};
use crate::photos::fixtures::{multipart, picture};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

/// An app with an election in KZ-75 and KZ-71, station 101 in KZ-75 and 201 in KZ-71, a
/// representative for everything and an observer of KZ-75; the election's id and the
/// observer's token.
async fn observed() -> (TestApp, i32, String) {
    let app = spawn_app_with(|c| c.app.media_max_bytes = 5 << 20).await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let id = election(&app, "2026-12-20", "KZ-75,KZ-71").await;
    stations(
        &app,
        &format!("{HEADER}{id},101,KZ-75,,Абай даңғылы 10,,\n{id},201,KZ-71,,Тәуелсіздік 5,,\n"),
    )
    .await;
    app.user(
        "nurlan@observers.kz",
        "Nurlan Observer",
        UserRole::Observer,
        &["KZ-75"],
    )
    .await;
    let token = app.token("nurlan@observers.kz").await;
    (app, id, token)
}

/// An observer's report body: no e-mail (the token says who files).
fn report(region: &str, category: &str, station: Option<i32>) -> Value {
    let mut body = problem_body(region, category);
    let obj = body.as_object_mut().unwrap();
    obj.remove("email");
    obj.remove("display_name");
    if let Some(n) = station {
        obj.insert("polling_station".into(), json!(n));
    }
    body
}

/// Files `body` with `token`: the status and the answer.
async fn file_as(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn an_observers_report_is_published_at_once_and_marked_without_their_name() {
    let (app, election_id, token) = observed().await;
    let (status, answer) = file_as(
        &app,
        &token,
        &report("KZ-75", "election_polling_station", Some(101)),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["status"], "assigned", "routed at once: {answer}");
    let id = answer["id"].as_i64().unwrap() as i32;
    // No confirmation mail (status updates reach the observer as they would a citizen).
    let mails = app.deliver().await;
    assert!(
        mails.iter().all(|m| !m.subject.contains("confirm")),
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    // Public, with its election, station and exact time, marked; never the name.
    let one = app.public(id).await;
    assert_eq!(one["observer"], true);
    assert_eq!(one["election"], election_id);
    assert_eq!(one["polling_station"], 101);
    assert_eq!(one["author"], Value::Null);
    assert_eq!(one["created_at"], "2026-11-25T05:00:00Z");
    assert!(!one.to_string().contains("Nurlan"), "{one}");
    let list = crate::helpers::json(&app.api, app.url("/api/v1/problems")).await;
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["observer"], true);
    for (lang, marked) in [
        ("en", "Filed by an accredited observer."),
        ("ru", "Сообщение подал аккредитованный наблюдатель."),
        ("kk", "Хабарламаны аккредиттелген байқаушы берді."),
    ] {
        let page = text(
            &app.browser(),
            app.url(&format!("/problems/{id}?lang={lang}")),
        )
        .await;
        assert!(page.contains(marked), "{lang}: {page}");
        assert!(!page.contains("Nurlan"));
    }
    // A citizen's report of the same kind is not marked.
    let mut citizen = problem_body("KZ-75", "election_vote_buying");
    citizen["election"] = json!(election_id);
    let (other, _) = app.file_confirmed(&citizen).await;
    assert_eq!(app.public(other).await["observer"], false);
}

#[tokio::test]
async fn an_observer_files_photos_with_a_report() {
    let (app, election_id, token) = observed().await;
    let png = picture(40, 20, image::ImageFormat::Png);
    let (ctype, body) = multipart(
        &[
            ("title", "Ballot box left unsealed"),
            ("description", "The second ballot box had no seal at 09:10."),
            ("category", "election_polling_station"),
            ("region", "KZ-75"),
            // Ids as a form sends them: text.
            ("election", &election_id.to_string()),
            ("polling_station", "101"),
        ],
        &[&png],
    );
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .bearer_auth(&token)
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap() as i32;
    let one = app.public(id).await;
    assert_eq!(one["observer"], true);
    assert_eq!(one["election"], election_id);
    assert_eq!(one["polling_station"], 101);
    assert_eq!(one["photos"].as_array().unwrap().len(), 1, "{one}");
}

#[tokio::test]
async fn an_observer_out_of_scope_is_refused_naming_the_field() {
    let (app, _, token) = observed().await;
    let refused = |body: Value| {
        let (app, token) = (&app, &token);
        async move {
            let (status, err) = file_as(app, token, &body).await;
            (status, err["error"]["field"].as_str().map(String::from))
        }
    };
    // Another region than theirs.
    assert_eq!(
        refused(report("KZ-71", "election_polling_station", Some(201))).await,
        (422, Some("region".into()))
    );
    // Not an election category.
    assert_eq!(
        refused(report("KZ-75", "roads", None)).await,
        (422, Some("category".into()))
    );
    // A station of another region, or none where the category needs one.
    assert_eq!(
        refused(report("KZ-75", "election_polling_station", Some(201))).await,
        (422, Some("polling_station".into()))
    );
    assert_eq!(
        refused(report("KZ-75", "election_polling_station", None)).await,
        (422, Some("polling_station".into()))
    );
    // A token that is not one: 401, not a citizen's filing.
    let (status, _) = file_as(
        &app,
        "not-a-real-token-at-all",
        &problem_body("KZ-75", "roads"),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(app.count("problems").await, 0);
}

#[tokio::test]
async fn an_observer_verifies_reports_in_their_regions_but_not_elsewhere() {
    let (app, _, token) = observed().await;
    let (mine, _) = app
        .file_confirmed(&problem_body("KZ-75", "election_vote_buying"))
        .await;
    let (theirs, _) = app
        .file_confirmed(&problem_body("KZ-71", "election_vote_buying"))
        .await;
    let verify = |id: i32| {
        let req = app
            .api
            .post(app.url(&format!("/api/v1/problems/{id}/verification")))
            .bearer_auth(&token)
            .json(&json!({"verified": true, "note": "Seen at the station."}));
        async move { req.send().await.unwrap() }
    };
    assert_eq!(verify(theirs).await.status(), 403);
    assert_eq!(app.public(theirs).await["verified"], Value::Null);
    let res = verify(mine).await;
    assert_eq!(res.status(), 200);
    let after = res.json::<Value>().await.unwrap();
    assert_eq!(after["verified"], true);
    // The timeline names the role, never the observer.
    let last = after["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (&last["action"], &last["actor"]),
        (&json!("verify"), &json!("observer"))
    );
    assert!(!after.to_string().contains("Nurlan"));
    // The page offers the form on their region's report only.
    let b = app.login("nurlan@observers.kz").await;
    assert!(
        text(&b, app.url(&format!("/problems/{mine}")))
            .await
            .contains("id=\"verify\"")
    );
    assert!(
        !text(&b, app.url(&format!("/problems/{theirs}")))
            .await
            .contains("id=\"verify\"")
    );
}

#[tokio::test]
async fn an_observers_report_is_filed_by_the_observer_on_its_timeline_and_in_the_ledger() {
    let (app, _, token) = observed().await;
    let (status, answer) = file_as(
        &app,
        &token,
        &report("KZ-75", "election_polling_station", Some(101)),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().unwrap();
    let one = app.public(id as i32).await;
    let actors: Vec<(&str, &str)> = one["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        &actors[..2],
        [("submit", "observer"), ("confirm", "observer")],
        "{one}"
    );
    // The publication in the ledger names the role too, never the person.
    let page = crate::helpers::json(&app.api, app.url("/api/v1/ledger")).await;
    let confirm = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["problem"] == id && e["kind"] == "confirm")
        .cloned()
        .expect("the publication is logged");
    assert_eq!(confirm["fields"]["actor"], "observer", "{confirm}");
    assert!(!page.to_string().contains("Nurlan"));
    // The web page shows the role on the timeline.
    let html = text(&app.browser(), app.url(&format!("/problems/{id}?lang=en"))).await;
    assert!(!html.contains("Nurlan"));
    // A citizen's filing still reads "citizen".
    let (other, _) = app
        .file_confirmed(&problem_body("KZ-75", "election_vote_buying"))
        .await;
    assert_eq!(app.public(other).await["timeline"][0]["actor"], "citizen");
}

#[tokio::test]
async fn an_observer_gives_the_exact_time_of_the_observation() {
    let (app, _, token) = observed().await;
    // Now is 10:00 in Almaty (05:00 UTC); they saw it at 09:10.
    let mut body = report("KZ-75", "election_polling_station", Some(101));
    body["observed_at"] = json!("2026-11-25T09:10:00+05:00");
    let (status, answer) = file_as(&app, &token, &body).await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().unwrap() as i32;
    let one = app.public(id).await;
    assert_eq!(one["observed_at"], "2026-11-25T04:10:00Z");
    assert_eq!(one["created_at"], "2026-11-25T05:00:00Z");
    let page = text(&app.browser(), app.url(&format!("/problems/{id}?lang=en"))).await;
    assert!(page.contains("Observed at"), "{page}");
    assert!(page.contains("09:10"), "{page}");
    // Left out: the filing time.
    let (_, answer) = file_as(
        &app,
        &token,
        &report("KZ-75", "election_polling_station", Some(101)),
    )
    .await;
    let one = app.public(answer["id"].as_i64().unwrap() as i32).await;
    assert_eq!(one["observed_at"], "2026-11-25T05:00:00Z");
    // In the future, before the campaign (it began on 2026-10-21), or not a time: a 422
    // naming the field, and nothing stored.
    let before = app.count("problems").await;
    for bad in [
        json!("2026-11-25T10:30:00+05:00"),
        json!("2026-10-20T23:59:00+05:00"),
        json!("25.11.2026 09:10"),
        json!(1_764_046_200),
    ] {
        let mut body = report("KZ-75", "election_polling_station", Some(101));
        body["observed_at"] = bad.clone();
        let (status, err) = file_as(&app, &token, &body).await;
        assert_eq!(status, 422, "{bad}: {err}");
        assert_eq!(err["error"]["field"], "observed_at", "{bad}: {err}");
    }
    assert_eq!(app.count("problems").await, before);
    // A citizen has no observation time to give.
    let mut citizen = problem_body("KZ-75", "election_vote_buying");
    citizen["observed_at"] = json!("2026-11-25T09:10:00+05:00");
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["field"],
        "observed_at"
    );
    // A citizen's problem has none.
    let (other, _) = app
        .file_confirmed(&problem_body("KZ-75", "election_vote_buying"))
        .await;
    assert_eq!(app.public(other).await["observed_at"], Value::Null);
}

#[tokio::test]
async fn an_observers_name_is_shown_only_when_they_choose() {
    let (app, _, token) = observed().await;
    let mut named = report("KZ-75", "election_polling_station", Some(101));
    named["show_name"] = json!(true);
    let (status, answer) = file_as(&app, &token, &named).await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().unwrap() as i32;
    let one = app.public(id).await;
    assert_eq!(one["observer"], true);
    assert_eq!(one["observer_name"], "Nurlan Observer");
    // The citizen's `author` stays empty: the name is the observer's, as an observer.
    assert_eq!(one["author"], Value::Null);
    for (lang, marked) in [
        ("en", "Filed by accredited observer Nurlan Observer."),
        (
            "ru",
            "Сообщение подал аккредитованный наблюдатель Nurlan Observer.",
        ),
        (
            "kk",
            "Хабарламаны аккредиттелген байқаушы Nurlan Observer берді.",
        ),
    ] {
        let page = text(
            &app.browser(),
            app.url(&format!("/problems/{id}?lang={lang}")),
        )
        .await;
        assert!(page.contains(marked), "{lang}: {page}");
    }
    // Not ticked (false, or left out): unnamed.
    let mut unnamed = report("KZ-75", "election_polling_station", Some(101));
    unnamed["show_name"] = json!(false);
    let (_, answer) = file_as(&app, &token, &unnamed).await;
    let id = answer["id"].as_i64().unwrap() as i32;
    let one = app.public(id).await;
    assert_eq!(one["observer_name"], Value::Null);
    let page = text(&app.browser(), app.url(&format!("/problems/{id}?lang=en"))).await;
    assert!(page.contains("Filed by an accredited observer."));
    assert!(!page.contains("Nurlan"));
    // Not a boolean: a 422 naming it.
    unnamed["show_name"] = json!("yes");
    let (status, err) = file_as(&app, &token, &unnamed).await;
    assert_eq!((status, &err["error"]["field"]), (422, &json!("show_name")));
}

#[tokio::test]
async fn the_api_document_describes_the_observers_fields() {
    let app = crate::helpers::spawn_app().await;
    let doc = crate::helpers::json(&app.api, app.url("/api/v1/openapi.json")).await;
    // The body's own object is the first of its `allOf` (the second adds cross-field rules).
    let body = &doc["components"]["schemas"]["NewProblemBody"]["allOf"][0]["properties"];
    assert_eq!(body["observed_at"]["format"], "date-time", "{body}");
    assert!(
        body["observed_at"]["description"]
            .as_str()
            .unwrap()
            .contains("RFC 3339")
    );
    assert_eq!(
        body["show_name"]["type"],
        json!(["boolean", "null"]),
        "{body}"
    );
    let view = &doc["components"]["schemas"]["ProblemView"]["properties"];
    for field in ["observer", "observer_name", "observed_at"] {
        assert!(view.get(field).is_some(), "{field}: {view}");
    }
}
