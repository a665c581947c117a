//! The accredited observer's web workspace (issue 20): sign-in leads an observer to a form
//! that files an election report (with photos, the exact time and the station) through
//! the same service as the API, published at once and marked; an observer scoped to
//! polling stations files and verifies only for those; the admins set the stations on the
//! users page and the CLI with `user add --stations`.

use crate::elections::{HEADER, election, stations};
use crate::helpers::{TestApp, flash_of, follow, problem_body, spawn_app_with, text};
use crate::photos::fixtures::{multipart, picture};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

/// An app with an election in KZ-75 and KZ-71 (stations 101 and 102 in KZ-75, 201 in
/// KZ-71), a representative for everything, an observer of KZ-75 (Nurlan) and one scoped
/// to station 101 only (Aigerim); the election's id.
async fn observed() -> (TestApp, i32) {
    let app = spawn_app_with(|c| c.app.media_max_bytes = 5 << 20).await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let id = election(&app, "2026-12-20", "KZ-75,KZ-71").await;
    stations(
        &app,
        &format!(
            "{HEADER}{id},101,KZ-75,,Абай даңғылы 10,,\n{id},102,KZ-75,,Сәтбаев 3,,\n\
             {id},201,KZ-71,,Тәуелсіздік 5,,\n"
        ),
    )
    .await;
    app.user(
        "nurlan@observers.kz",
        "Nurlan Observer",
        UserRole::Observer,
        &["KZ-75"],
    )
    .await;
    let aigerim = app
        .user(
            "aigerim@observers.kz",
            "Aigerim Observer",
            UserRole::Observer,
            &[],
        )
        .await;
    civic_tracker::services::observers::set_stations(&app.state, aigerim, &[(id, 101)])
        .await
        .unwrap();
    (app, id)
}

/// Sends the workspace form from `b` (signed in) with `fields` and `photos`.
async fn send_form(
    app: &TestApp,
    b: &reqwest::Client,
    fields: &[(&str, &str)],
    photos: &[&[u8]],
) -> reqwest::Response {
    let page = text(b, app.url("/workspace/observer")).await;
    let csrf = TestApp::csrf_of(&page);
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let (ctype, body) = multipart(&all, photos);
    b.post(app.url("/workspace/observer"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_observer_files_from_the_workspace_with_a_photo_published_at_once_and_marked() {
    let (app, election_id) = observed().await;
    let b = app.login("nurlan@observers.kz").await;
    // Sign-in leads to the workspace, which for an observer is theirs.
    let res = b.get(app.url("/workspace")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/workspace/observer");
    let page = text(&b, app.url("/workspace/observer?lang=en")).await;
    assert!(page.contains("id=\"observer-form\""), "{page}");
    assert!(page.contains("Mazhilis election"));
    // The observation time defaults to now, local (10:00 in Almaty).
    assert!(page.contains("value=\"2026-11-25T10:00\""), "{page}");
    assert!(page.contains("You have not filed a report yet."));
    let png = picture(40, 20, image::ImageFormat::Png);
    let election = election_id.to_string();
    let res = send_form(
        &app,
        &b,
        &[
            ("election", &election),
            ("polling_station", "101"),
            ("region", ""),
            ("category", "election_polling_station"),
            ("title", "Ballot box left unsealed"),
            ("description", "The second ballot box had no seal at 09:10."),
            ("observed_at", "2026-11-25T09:10"),
        ],
        &[&png],
    )
    .await;
    let (to, html) = follow(&b, &app.addr, res).await;
    let id: i32 = to.strip_prefix("/problems/").unwrap().parse().unwrap();
    assert_eq!(
        flash_of(&html).as_deref(),
        Some("Your report is filed and published.")
    );
    // Published at once, marked, unnamed, with its station, time (from the station: KZ-75)
    // and photo; the submit event reads "observer"; no confirmation mail.
    let one = app.public(id).await;
    assert_eq!(one["status"], "assigned", "{one}");
    assert_eq!(one["observer"], true);
    assert_eq!(one["observer_name"], Value::Null);
    assert_eq!(one["region"]["code"], "KZ-75");
    assert_eq!(one["election"], election_id);
    assert_eq!(one["polling_station"], 101);
    assert_eq!(one["observed_at"], "2026-11-25T04:10:00Z");
    assert_eq!(one["photos"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one["timeline"][0]["actor"], "observer");
    assert!(!one.to_string().contains("Nurlan"));
    assert!(
        app.deliver()
            .await
            .iter()
            .all(|m| !m.subject.contains("confirm"))
    );
    let public = text(&app.browser(), app.url(&format!("/problems/{id}?lang=en"))).await;
    assert!(
        public.contains("Filed by an accredited observer."),
        "{public}"
    );
    assert!(!public.contains("Nurlan"));
    // Their latest reports list it.
    let page = text(&b, app.url("/workspace/observer?lang=en")).await;
    assert!(page.contains(&format!("href=\"/problems/{id}\"")), "{page}");
    assert!(page.contains("Ballot box left unsealed"));
}

#[tokio::test]
async fn an_observer_who_ticks_the_box_is_named_and_bad_input_comes_back_on_the_form() {
    let (app, election_id) = observed().await;
    let b = app.login("nurlan@observers.kz").await;
    let election = election_id.to_string();
    let good = [
        ("election", election.as_str()),
        ("polling_station", ""),
        ("region", "KZ-75"),
        ("category", "election_vote_buying"),
        ("title", "Money offered at the entrance"),
        ("description", "A man offered 5000 tenge for a vote."),
        ("observed_at", "2026-11-25T09:40"),
    ];
    // In the future: the form again, the field named, nothing stored.
    let mut future = good.to_vec();
    future[6] = ("observed_at", "2026-11-25T11:00");
    let res = send_form(&app, &b, &future, &[]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("cannot be in the future"), "{page}");
    assert!(page.contains("Money offered at the entrance"), "input kept");
    assert_eq!(app.count("problems").await, 0);
    // Named when chosen.
    let mut named = good.to_vec();
    named.push(("show_name", "on"));
    let res = send_form(&app, &b, &named, &[]).await;
    let (to, _) = follow(&b, &app.addr, res).await;
    let id: i32 = to.strip_prefix("/problems/").unwrap().parse().unwrap();
    let one = app.public(id).await;
    assert_eq!(one["observer_name"], "Nurlan Observer");
    let public = text(&app.browser(), app.url(&format!("/problems/{id}?lang=en"))).await;
    assert!(
        public.contains("Filed by accredited observer Nurlan Observer."),
        "{public}"
    );
    assert!(public.contains("Observed at"), "{public}");
}

#[tokio::test]
async fn an_observer_scoped_to_a_station_files_and_verifies_only_there() {
    let (app, election_id) = observed().await;
    let token = app.token("aigerim@observers.kz").await;
    let file = |station: i32, region: &str| {
        let mut body = problem_body(region, "election_polling_station");
        let obj = body.as_object_mut().unwrap();
        obj.remove("email");
        obj.remove("display_name");
        obj.insert("polling_station".into(), json!(station));
        let req = app
            .api
            .post(app.url("/api/v1/problems"))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    // Another station of the same region, or of another region: refused naming the station.
    for (station, region) in [(102, "KZ-75"), (201, "KZ-71")] {
        let (status, err) = file(station, region).await;
        assert_eq!(status, 422, "{station}: {err}");
        assert_eq!(err["error"]["field"], "polling_station", "{err}");
    }
    assert_eq!(app.count("problems").await, 0);
    // Their own station: filed.
    let (status, answer) = file(101, "KZ-75").await;
    assert_eq!(status, 201, "{answer}");
    // The workspace offers their station as a choice, and refuses another one.
    let b = app.login("aigerim@observers.kz").await;
    let page = text(&b, app.url("/workspace/observer?lang=en")).await;
    assert!(page.contains("<select id=\"polling_station\""), "{page}");
    assert!(page.contains("Your polling stations: №101"), "{page}");
    assert!(!page.contains("Сәтбаев 3"), "only their station is offered");
    let election = election_id.to_string();
    let res = send_form(
        &app,
        &b,
        &[
            ("election", &election),
            ("polling_station", "102"),
            ("category", "election_polling_station"),
            ("title", "Queue blocked"),
            ("description", "The entrance was closed for an hour."),
            ("observed_at", "2026-11-25T09:00"),
        ],
        &[],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("is not one of the polling stations you observe")
    );
    // Verification: their station's report yes, another station's no (403).
    let citizen = |station: i32, region: &str| {
        let mut body = problem_body(region, "election_polling_station");
        body["election"] = json!(election_id);
        body["polling_station"] = json!(station);
        body
    };
    let (theirs, _) = app.file_confirmed(&citizen(101, "KZ-75")).await;
    let (other, _) = app.file_confirmed(&citizen(102, "KZ-75")).await;
    let verify = |id: i32| {
        let req = app
            .api
            .post(app.url(&format!("/api/v1/problems/{id}/verification")))
            .bearer_auth(&token)
            .json(&json!({"verified": true, "note": "Seen at the station."}));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(verify(other).await, 403);
    assert_eq!(app.public(other).await["verified"], Value::Null);
    assert_eq!(verify(theirs).await, 200);
    assert_eq!(app.public(theirs).await["verified"], true);
    // The page offers the form only at their station.
    for (id, offered) in [(theirs, true), (other, false)] {
        let page = text(&b, app.url(&format!("/problems/{id}"))).await;
        assert_eq!(page.contains("id=\"verify\""), offered, "{id}");
    }
}

#[tokio::test]
async fn admins_set_an_observers_stations_on_the_users_page() {
    let (app, election_id) = observed().await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let nurlan = civic_tracker::services::people::by_email(
        &app.state.db,
        &civic_tracker::domain::input::Email::parse("email", "nurlan@observers.kz").unwrap(),
    )
    .await
    .unwrap()
    .unwrap()
    .0
    .id;
    let b = app.login("admin@league.kz").await;
    let page = text(&b, app.url("/admin/users?lang=en")).await;
    assert!(
        page.contains(&format!("/admin/users/{nurlan}/stations")),
        "{page}"
    );
    assert!(
        page.contains(&format!("value=\"{election_id}:101\"")),
        "Aigerim's station"
    );
    let csrf = TestApp::csrf_of(&page);
    let post = |stations: String| {
        b.post(app.url(&format!("/admin/users/{nurlan}/stations")))
            .form(&[("csrf", csrf.clone()), ("stations", stations)])
            .send()
    };
    let res = post(format!("{election_id}:102, {election_id}:101"))
        .await
        .unwrap();
    let (_, html) = follow(&b, &app.addr, res).await;
    assert_eq!(
        flash_of(&html).as_deref(),
        Some("The observer’s stations are saved.")
    );
    assert!(html.contains(&format!("value=\"{election_id}:101, {election_id}:102\"")));
    assert_eq!(
        civic_tracker::services::observers::stations_of(&app.state, nurlan)
            .await
            .unwrap(),
        [(election_id, 101), (election_id, 102)]
    );
    // A station that does not exist, or a list that does not parse: refused, unchanged.
    for bad in [format!("{election_id}:999"), "101".to_string()] {
        let res = post(bad.clone()).await.unwrap();
        assert_eq!(res.status(), 422, "{bad}");
    }
    assert_eq!(
        civic_tracker::services::observers::stations_of(&app.state, nurlan)
            .await
            .unwrap()
            .len(),
        2
    );
    // Emptied: the regions decide again.
    let res = post(String::new()).await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        civic_tracker::services::observers::stations_of(&app.state, nurlan)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn user_add_scopes_an_observer_to_stations_and_keeps_regions_working() {
    let (app, election_id) = observed().await;
    let add = |args: &[&str]| {
        let mut all = vec![
            "user",
            "add",
            "--email",
            "dana@observers.kz",
            "--role",
            "observer",
        ];
        all.extend_from_slice(args);
        crate::cli::civic(&app, &all)
    };
    let stations = format!("{election_id}:102,{election_id}:101");
    let out = add(&["--regions", "KZ-75", "--stations", &stations]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let email = civic_tracker::domain::input::Email::parse("email", "dana@observers.kz").unwrap();
    let (u, regions) = civic_tracker::services::people::by_email(&app.state.db, &email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(regions, ["KZ-75"]);
    let of = || civic_tracker::services::observers::stations_of(&app.state, u.id);
    assert_eq!(
        of().await.unwrap(),
        [(election_id, 101), (election_id, 102)]
    );
    // Not given: unchanged; a bad list or an unknown station: an error naming the option.
    assert!(add(&["--name", "Dana"]).status.success());
    assert_eq!(of().await.unwrap().len(), 2);
    for bad in ["101".to_string(), format!("{election_id}:999")] {
        let out = add(&["--stations", &bad]);
        assert!(!out.status.success(), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--stations"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(of().await.unwrap().len(), 2);
    // Empty: the regions decide again.
    assert!(add(&["--stations", ""]).status.success());
    assert!(of().await.unwrap().is_empty());
    // Another role cannot have stations.
    let out = crate::cli::civic(
        &app,
        &[
            "user",
            "add",
            "--email",
            "coord@league.kz",
            "--role",
            "coordinator",
            "--stations",
            &stations,
        ],
    );
    assert!(!out.status.success());
    // Refused before anything was written: no such user.
    let coord = civic_tracker::domain::input::Email::parse("email", "coord@league.kz").unwrap();
    assert!(
        civic_tracker::services::people::by_email(&app.state.db, &coord)
            .await
            .unwrap()
            .is_none()
    );
}
