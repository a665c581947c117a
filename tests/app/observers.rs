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
