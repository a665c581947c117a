//! Elections (issue 20): `election add` on the command line, polling stations imported from
//! CSV, problems filed in an election at a station (and refused, naming the field, when
//! they cannot be), the campaign's order on the form and the home page, and the admins'
//! page.

use crate::cli::civic;
use crate::helpers::{TestApp, follow, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use civic_tracker::domain::elections::{RawElection, parse_election};
use serde_json::{Value, json};

/// The Mazhilis election's names (kk, ru, en), which most election tests add.
pub(crate) const MAZHILIS: [&str; 3] = [
    "Мәжіліс депутаттарын сайлау",
    "Выборы депутатов Мажилиса",
    "Mazhilis election",
];

/// Adds a Mazhilis election named [`MAZHILIS`] voting on `voting_day` in `regions` (blank:
/// all), its other dates the defaults, as admins do; returns its id.
pub(crate) async fn election(app: &TestApp, voting_day: &str, regions: &str) -> i32 {
    election_of(app, "mazhilis", MAZHILIS, voting_day, regions).await
}

/// Adds an election of `kind` named `names` (kk, ru, en) voting on `voting_day` in
/// `regions` (blank: all), its other dates the defaults; returns its id.
pub(crate) async fn election_of(
    app: &TestApp,
    kind: &str,
    names: [&str; 3],
    voting_day: &str,
    regions: &str,
) -> i32 {
    let [kk, ru, en] = names.map(|n| Some(n.to_string()));
    let raw = RawElection {
        name_kk: kk,
        name_ru: ru,
        name_en: en,
        kind: Some(kind.into()),
        regions: Some(regions.into()),
        voting_day: Some(voting_day.into()),
        ..Default::default()
    };
    let spec = parse_election(&raw, |_| true).unwrap();
    civic_tracker::services::elections::create(&app.state, &spec)
        .await
        .unwrap()
}

/// Imports stations from `csv`, as the command does.
pub(crate) async fn stations(app: &TestApp, csv: &str) {
    civic_tracker::services::stations::import(&app.state, csv)
        .await
        .unwrap();
}

/// Imports election `id`'s stations 101 (KZ-75, Абай даңғылы 10) and 7 (KZ-71,
/// Мәңгілік Ел 8), where the voting-day tests file their reports.
pub(crate) async fn two_stations(app: &TestApp, id: i32) {
    stations(
        app,
        &format!("{HEADER}{id},101,KZ-75,,Абай даңғылы 10,,\n{id},7,KZ-71,,Мәңгілік Ел 8,,\n"),
    )
    .await;
}

pub(crate) const HEADER: &str = "election,number,region,district,address,latitude,longitude\n";

/// A report of election `e` in `region`: at polling station `station` when given, else
/// of vote buying.
pub(crate) fn report_body(e: i32, region: &str, station: Option<i32>) -> Value {
    let mut body = match station {
        Some(n) => {
            let mut b = problem_body(region, "election_polling_station");
            b["polling_station"] = json!(n);
            b
        }
        None => problem_body(region, "election_vote_buying"),
    };
    body["election"] = json!(e);
    body
}

/// Files through the API; the status and the error's field.
async fn file(app: &TestApp, body: &Value) -> (u16, Value) {
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn election_add_prints_the_new_elections_id_alone() {
    let app = spawn_app().await;
    let out = civic(
        &app,
        &[
            "election",
            "add",
            "--name",
            "Maslikhat of Astana",
            "--kind",
            "maslikhat",
            "--voting-day",
            "2027-03-21",
            "--regions",
            "KZ-71",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "only the id: {stdout:?}");
    let id: i64 = stdout.trim_end().parse().expect("an id");
    // The defaults: campaign 60 days before, silence the day before, results 10 days after,
    // polls 07:00–20:00; the one name in all three languages.
    let e = civic_tracker::services::elections::get(&app.state.db, id as i32)
        .await
        .unwrap();
    assert_eq!(e.campaign_start.to_string(), "2027-01-20");
    assert_eq!(e.silence_day.to_string(), "2027-03-20");
    assert_eq!(e.results_date.to_string(), "2027-03-31");
    assert_eq!(e.polls_open.to_string(), "07:00:00");
    assert_eq!(e.polls_close.to_string(), "20:00:00");
    assert_eq!(e.regions.as_deref(), Some("KZ-71"));
    assert_eq!(
        (e.name_kk.as_str(), e.name_ru.as_str(), e.name_en.as_str()),
        (
            "Maslikhat of Astana",
            "Maslikhat of Astana",
            "Maslikhat of Astana"
        )
    );
    // A campaign that starts after the voting day, or a day that does not exist, is
    // refused naming the option; nothing is added.
    for (args, named) in [
        (
            &[
                "--voting-day",
                "2027-03-21",
                "--campaign-start",
                "2027-04-01",
            ][..],
            "--campaign-start",
        ),
        (&["--voting-day", "2027-02-30"][..], "--voting-day"),
        (
            &["--voting-day", "2027-03-21", "--regions", "KZ-99"][..],
            "--regions",
        ),
    ] {
        let mut all = vec!["election", "add", "--name", "X election", "--kind", "akim"];
        all.extend_from_slice(args);
        let out = civic(&app, &all);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(named), "{args:?}: {err}");
    }
    assert_eq!(app.count("elections").await, 1);
}

#[tokio::test]
async fn station_import_takes_a_good_file_refuses_a_bad_row_and_updates_on_reimport() {
    let app = spawn_app().await;
    let id = election(&app, "2027-03-21", "").await;
    let dir = std::env::temp_dir().join(format!("ct-stations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, body: String| {
        let path = dir.join(format!("{name}-{id}.csv"));
        std::fs::write(&path, body).unwrap();
        path.to_string_lossy().into_owned()
    };
    let good = write(
        "good",
        format!(
            "{HEADER}{id},101,KZ-75,Бостандық ауданы,\"Абай даңғылы, 10\",43.2389,76.8897\n\
             {id},102,KZ-75,,Сәтбаев көшесі 5,,\n\
             {id},7,KZ-71,Есіл ауданы,Мәңгілік Ел 8,51.12,71.43\n"
        ),
    );
    let out = civic(&app, &["import", "polling-stations", &good]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "imported: 3 polling stations created, 0 updated\n"
    );
    assert_eq!(app.count("polling_stations").await, 3);
    // The third line is bad: the file is refused by its line number, nothing written.
    let bad = write(
        "bad",
        format!(
            "{HEADER}{id},103,KZ-75,,Жібек жолы 1,,\n\
             {id},104,KZ-75,,Жібек жолы 2,95.0,76.9\n"
        ),
    );
    let out = civic(&app, &["import", "polling-stations", &bad]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing imported: line 3: latitude must be between 40.5 and 55.5"),
        "{err}"
    );
    assert_eq!(app.count("polling_stations").await, 3);
    // A wrong header names the one expected.
    let out = civic(
        &app,
        &[
            "import",
            "polling-stations",
            &write("header", "number,address\n1,x\n".into()),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "line 1: header must be exactly election,number,region,district,address,latitude,longitude"
    ));
    // Importing again updates the stations by election and number.
    let again = write(
        "again",
        format!(
            "{HEADER}{id},102,KZ-75,Медеу ауданы,Сәтбаев көшесі 7,43.24,76.95\n{id},103,KZ-75,,Жібек жолы 1,,\n"
        ),
    );
    let out = civic(&app, &["import", "polling-stations", &again]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "imported: 1 polling stations created, 1 updated\n"
    );
    assert_eq!(app.count("polling_stations").await, 4);
    let s = civic_tracker::services::stations::find(&app.state.db, id, 102)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.address, "Сәтбаев көшесі 7");
    assert_eq!(s.district.as_deref(), Some("Медеу ауданы"));
    assert_eq!(s.latitude, Some(43.24));
    // Found by number and by a word of the address in any case; its page shows it.
    let anon = app.browser();
    let page = text(&anon, app.url(&format!("/elections/{id}/stations?q=102"))).await;
    assert!(page.contains("Сәтбаев көшесі 7") && !page.contains("Абай даңғылы"));
    let page = text(&anon, app.url(&format!("/elections/{id}/stations?q=АБАЙ"))).await;
    assert!(page.contains("Абай даңғылы, 10") && !page.contains("Сәтбаев"));
    let page = text(
        &anon,
        app.url(&format!("/elections/{id}/stations?q=100%25")),
    )
    .await;
    assert!(page.contains("No polling station found."));
    let res = anon
        .get(app.url(&format!("/elections/{id}/stations/101")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Бостандық ауданы"));
    let res = anon
        .get(app.url(&format!("/elections/{id}/stations/999")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_problem_filed_in_an_election_at_a_station_shows_both_and_verified_null() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let id = election(&app, "2026-12-20", "KZ-75").await;
    stations(
        &app,
        &format!("{HEADER}{id},101,KZ-75,,Абай даңғылы 10,,\n"),
    )
    .await;
    let mut body = problem_body("KZ-75", "election_polling_station");
    body["election"] = json!(id);
    body["polling_station"] = json!(101);
    let (problem, _) = app.file_confirmed(&body).await;
    let one = app.public(problem).await;
    assert_eq!(one["election"], id);
    assert_eq!(one["polling_station"], 101);
    assert_eq!(one["verified"], Value::Null);
    assert!(one.as_object().unwrap().contains_key("verified"));
    let list = crate::helpers::json(&app.api, app.url("/api/v1/problems")).await;
    let item = &list["items"][0];
    assert_eq!(
        (
            &item["id"],
            &item["election"],
            &item["polling_station"],
            &item["verified"]
        ),
        (&json!(problem), &json!(id), &json!(101), &Value::Null)
    );
    // A problem of another category shows nulls.
    let (other, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let other = app.public(other).await;
    assert_eq!(
        (&other["election"], &other["polling_station"]),
        (&Value::Null, &Value::Null)
    );
    // The station's page lists it; the problem's page links to the station.
    let anon = app.browser();
    let page = text(&anon, app.url(&format!("/elections/{id}/stations/101"))).await;
    assert!(page.contains(&format!("/problems/{problem}")));
    let page = text(&anon, app.url(&format!("/problems/{problem}"))).await;
    assert!(page.contains("Election: Mazhilis election"));
    assert!(page.contains(&format!("/elections/{id}/stations/101")));
    // While its campaign is on, an election category filed without an election belongs
    // to the election on for its region (and to none elsewhere).
    let (picked, _) = app
        .file_confirmed(&problem_body("KZ-75", "election_vote_buying"))
        .await;
    assert_eq!(app.public(picked).await["election"], id);
    let (elsewhere, _) = app
        .file_confirmed(&problem_body("KZ-71", "election_vote_buying"))
        .await;
    assert_eq!(app.public(elsewhere).await["election"], Value::Null);
}

#[tokio::test]
async fn election_and_station_errors_name_their_field() {
    let app = spawn_app().await;
    // No election on: the polling-station category cannot name a station.
    let (status, err) = file(&app, &problem_body("KZ-75", "election_polling_station")).await;
    assert_eq!(
        (status, err["error"]["field"].as_str()),
        (422, Some("election"))
    );
    let id = election(&app, "2026-12-20", "KZ-75").await;
    let local = election(&app, "2026-12-27", "KZ-71").await;
    stations(
        &app,
        &format!("{HEADER}{id},101,KZ-75,,Абай даңғылы 10,,\n{local},5,KZ-71,,Кенесары 5,,\n"),
    )
    .await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"category": "roads", "election": id}),
            "election",
            "not_election_category",
        ),
        (json!({"election": 9999}), "election", "unknown_election"),
        (
            json!({"election": local}),
            "election",
            "election_not_in_region",
        ),
        (json!({"election": 0}), "election", "invalid_id"),
        (json!({"election": "one"}), "election", "invalid_type"),
        (
            json!({"election": id, "polling_station": 102}),
            "polling_station",
            "unknown_station",
        ),
        (
            json!({"category": "election_polling_station"}),
            "polling_station",
            "required",
        ),
        (
            json!({"polling_station": -3}),
            "polling_station",
            "invalid_id",
        ),
    ];
    for (change, field, code) in cases {
        let mut body = problem_body("KZ-75", "election_vote_buying");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, err) = file(&app, &body).await;
        assert_eq!(status, 422, "{change}: {err}");
        assert_eq!(err["error"]["field"], field, "{change}: {err}");
        assert_eq!(err["error"]["code"], code, "{change}: {err}");
    }
    // A station of another region, in an election that covers both.
    let both = election(&app, "2026-12-13", "KZ-71,KZ-75").await;
    stations(&app, &format!("{HEADER}{both},8,KZ-71,,Кенесары 8,,\n")).await;
    let mut body = problem_body("KZ-75", "election_polling_station");
    body["election"] = json!(both);
    body["polling_station"] = json!(8);
    let (status, err) = file(&app, &body).await;
    assert_eq!(
        (status, &err["error"]["field"], &err["error"]["code"]),
        (
            422,
            &json!("polling_station"),
            &json!("station_other_region")
        )
    );
    assert_eq!(app.count("problems").await, 0, "nothing was stored");
    // The form says the same next to the field.
    let b = app.browser();
    let form = text(&b, app.url("/problems/new")).await;
    let res = b
        .post(app.url("/problems/new"))
        .form(&[
            ("csrf", TestApp::csrf_of(&form).as_str()),
            ("title", "Ballots handed out twice"),
            (
                "description",
                "At the polling station ballots were handed out twice to one man.",
            ),
            ("category", "election_polling_station"),
            ("region", "KZ-75"),
            ("election", &id.to_string()),
            ("polling_station", "777"),
            ("email", "citizen@example.kz"),
            ("consent", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("the election has no polling station 777"),
        "{page}"
    );
    assert_eq!(app.count("problems").await, 0);
}

/// The category codes of the form's select, in order.
fn category_order(html: &str) -> Vec<String> {
    let select = html.split("<select id=\"category\"").nth(1).unwrap();
    let select = &select[..select.find("</select>").unwrap()];
    select
        .split("value=\"")
        .skip(2)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[tokio::test]
async fn an_elections_campaign_puts_its_categories_first_on_the_form_and_home_page() {
    let app = spawn_app().await;
    let anon = app.browser();
    let usual = category_order(&text(&anon, app.url("/problems/new")).await);
    assert_eq!(usual[0], "roads");
    assert!(usual.iter().position(|c| c == "election_violation") > Some(5));
    // An election whose campaign has not started changes nothing.
    election(&app, "2027-06-20", "").await;
    assert_eq!(
        category_order(&text(&anon, app.url("/problems/new")).await),
        usual
    );
    assert!(!text(&anon, app.url("/")).await.contains("Elections now"));
    // Its campaign on (start: 25 November 2026): election categories first, named.
    let id = election(&app, "2026-12-20", "KZ-75").await;
    let form = text(&anon, app.url("/problems/new")).await;
    let order = category_order(&form);
    assert_eq!(
        order[..5],
        [
            "election_violation",
            "election_vote_buying",
            "election_pressure",
            "election_admin_resources",
            "election_polling_station"
        ]
    );
    assert_eq!(order[5], "roads");
    assert!(form.contains("Elections are on."));
    assert!(form.contains("Mazhilis election"));
    assert!(form.contains(&format!("<option value=\"{id}\"")));
    assert!(form.contains("voting day 20 December 2026"));
    let home = text(&anon, app.url("/")).await;
    assert!(home.contains("Elections now") && home.contains("Mazhilis election"));
    assert!(home.contains(&format!("/elections/{id}/stations")));
    // Only where it is held: a form for another region keeps the usual order.
    let other = text(&anon, app.url("/problems/new?region=KZ-71")).await;
    assert_eq!(category_order(&other), usual);
    // After its results date (30 December), the usual order again.
    app.set_time("2026-12-30T18:59:00Z");
    assert_eq!(
        category_order(&text(&anon, app.url("/problems/new")).await)[0],
        "election_violation"
    );
    app.set_time("2026-12-30T19:00:00Z");
    assert_eq!(
        category_order(&text(&anon, app.url("/problems/new")).await),
        usual
    );
    assert!(!text(&anon, app.url("/")).await.contains("Elections now"));
}

#[tokio::test]
async fn admins_add_and_change_elections_on_their_page() {
    let app = spawn_app().await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let coord = app.login("coord@league.kz").await;
    let res = coord.get(app.url("/admin/elections")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let b = app.login("admin@league.kz").await;
    let page = text(&b, app.url("/admin/elections")).await;
    let csrf = TestApp::csrf_of(&page);
    let mut form = vec![
        ("csrf", csrf.clone()),
        ("name_kk", "Президент сайлауы".to_string()),
        ("name_ru", "Выборы Президента".to_string()),
        ("name_en", "Presidential election".to_string()),
        ("kind", "presidential".to_string()),
        ("regions", "".to_string()),
        ("voting_day", "2027-03-21".to_string()),
        ("campaign_start", "2027-03-25".to_string()),
    ];
    let res = b
        .post(app.url("/admin/elections"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("must not be after the day of silence (2027-03-20)"),
        "{page}"
    );
    assert_eq!(app.count("elections").await, 0);
    form[7].1 = String::new();
    let res = b
        .post(app.url("/admin/elections"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let (to, page) = follow(&b, &app.addr, res).await;
    assert_eq!(to, "/admin/elections");
    assert!(page.contains("The election has been saved."));
    assert!(page.contains("Presidential election") && page.contains("All regions"));
    assert!(page.contains("campaign from 20 January 2027"));
    let id = app
        .integers("SELECT CAST(id AS BIGINT) FROM elections")
        .await[0][0];
    // Changed: a local election now, with its own hours.
    let edit = text(&b, app.url(&format!("/admin/elections/{id}"))).await;
    assert!(edit.contains("value=\"2027-01-20\""));
    form[4].1 = "akim".into();
    form[5].1 = "KZ-71".into();
    form.push(("polls_open", "08:00".into()));
    let res = b
        .post(app.url(&format!("/admin/elections/{id}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    let (_, page) = follow(&b, &app.addr, res).await;
    assert!(page.contains("Akim election") && page.contains("polls open 08:00–20:00"));
    assert_eq!(app.count("elections").await, 1);
    let res = b
        .post(app.url("/admin/elections/999"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

/// Sends the verification form of problem `id` as `b` (its CSRF token from any page).
async fn verify_form(
    app: &TestApp,
    b: &reqwest::Client,
    id: i32,
    verified: &str,
) -> reqwest::Response {
    let page = text(b, app.url("/login")).await;
    b.post(app.url(&format!("/problems/{id}/verify")))
        .form(&[
            ("csrf", TestApp::csrf_of(&page).as_str()),
            ("verified", verified),
            (
                "note",
                "Two observers saw it; the video is with the League.",
            ),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_coordinator_verifies_an_election_report_and_a_citizen_cannot() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user(
        "almaty@league.kz",
        "Almaty",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user(
        "astana@league.kz",
        "Astana",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    election(&app, "2026-12-20", "KZ-75").await;
    let (id, _) = app
        .file_confirmed(&problem_body("KZ-75", "election_vote_buying"))
        .await;
    let before = app.public(id).await;
    // The citizen (no account: their browser), the representative and another region's
    // coordinator are refused; nothing changes.
    let citizen = app.browser();
    assert_eq!(verify_form(&app, &citizen, id, "true").await.status(), 403);
    for email in ["rep@party.kz", "astana@league.kz"] {
        let b = app.login(email).await;
        assert!(
            !text(&b, app.url(&format!("/problems/{id}")))
                .await
                .contains("id=\"verify\"")
        );
        assert_eq!(
            verify_form(&app, &b, id, "true").await.status(),
            403,
            "{email}"
        );
    }
    assert_eq!(app.public(id).await["verified"], Value::Null);
    // The region's coordinator finds it verified: public, on the timeline, status kept.
    let coord = app.login("almaty@league.kz").await;
    assert!(
        text(&coord, app.url(&format!("/problems/{id}")))
            .await
            .contains("id=\"verify\"")
    );
    let res = verify_form(&app, &coord, id, "true").await;
    let (to, page) = follow(&coord, &app.addr, res).await;
    assert_eq!(to, format!("/problems/{id}"));
    assert!(page.contains("The finding has been recorded"));
    let after = app.public(id).await;
    assert_eq!(after["verified"], true);
    assert_eq!(after["status"], before["status"]);
    let last = after["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "verify");
    assert_eq!(
        last["note"],
        "Two observers saw it; the video is with the League."
    );
    let public = text(&app.browser(), app.url(&format!("/problems/{id}"))).await;
    assert!(public.contains(
        "Verified: a coordinator or an accredited observer checked this election report."
    ));
    // An admin may find it otherwise; a problem of no election is not verified.
    let admin = app.login("admin@league.kz").await;
    assert_eq!(verify_form(&app, &admin, id, "false").await.status(), 303);
    assert_eq!(app.public(id).await["verified"], false);
    assert_eq!(verify_form(&app, &admin, id, "maybe").await.status(), 422);
    let (roads, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(verify_form(&app, &admin, roads, "true").await.status(), 409);
    assert_eq!(app.public(roads).await["verified"], Value::Null);
    // The same through the API, with a coordinator's or a representative's token.
    let api = |token: String, id: i32, body: Value| {
        let req = app
            .api
            .post(app.url(&format!("/api/v1/problems/{id}/verification")))
            .bearer_auth(token)
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    let seen = json!({"verified": true, "note": "Seen by two observers."});
    let res = api(app.token("rep@party.kz").await, id, seen.clone()).await;
    assert_eq!(res.status(), 403);
    let coord = app.token("almaty@league.kz").await;
    let res = api(coord.clone(), id, json!({"note": "Seen."})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["field"],
        "verified"
    );
    let res = api(coord.clone(), id, json!({"verified": true})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "note");
    assert_eq!(api(coord.clone(), roads, seen.clone()).await.status(), 409);
    let res = api(coord, id, seen).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["verified"], true);
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{id}/verification")))
        .json(&json!({"verified": true, "note": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "no token: no verification");
}
