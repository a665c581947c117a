//! An election's figures, feed and list (issue 20): `GET /api/v1/stats?election={id}`
//! counts a hand-made election's reports (figures written out here) with the verification
//! split, and refuses a bad or unknown election naming the field.

use crate::elections::{HEADER, election, report_body, stations};
use crate::helpers::{TestApp, json, problem_body, spawn_app};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

/// Files a confirmed report in election `e` (at `station` when given, else vote buying).
pub(crate) async fn report(app: &TestApp, e: i32, region: &str, station: Option<i32>) -> i32 {
    app.file_confirmed(&report_body(e, region, station)).await.0
}

/// Records a coordinator's finding through the API.
pub(crate) async fn verify(app: &TestApp, token: &str, id: i32, verified: bool) {
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{id}/verification")))
        .bearer_auth(token)
        .json(&json!({"verified": verified, "note": "Checked by two observers."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// A Mazhilis election everywhere (stations 101 in KZ-75 and 7 in KZ-71) and an akim
/// election in KZ-71 only; the admin's token. Returns (mazhilis, akim, token).
pub(crate) async fn two_elections(app: &TestApp) -> (i32, i32, String) {
    app.rep("rep@party.kz", "Rep", None, None).await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let mazhilis = election(app, "2026-12-20", "").await;
    let akim = election(app, "2026-12-27", "KZ-71").await;
    stations(
        app,
        &format!(
            "{HEADER}{mazhilis},101,KZ-75,Алмалы,Абай даңғылы 10,,\n\
             {mazhilis},7,KZ-71,Есіл,Мәңгілік Ел 8,,\n"
        ),
    )
    .await;
    (mazhilis, akim, app.token("admin@league.kz").await)
}

async fn stats(app: &TestApp, query: &str) -> Value {
    json(&app.api, app.url(&format!("/api/v1/stats?{query}"))).await
}

fn split(v: &Value) -> [u64; 4] {
    let s = &v["verification"];
    ["reports", "verified", "unverified", "unchecked"].map(|k| s[k].as_u64().unwrap())
}

#[tokio::test]
async fn stats_of_an_election_count_only_its_reports_and_split_the_verified_ones() {
    let app = spawn_app().await;
    let (mazhilis, akim, admin) = two_elections(&app).await;
    // The Mazhilis election: four reports.
    let a = report(&app, mazhilis, "KZ-75", Some(101)).await;
    let b = report(&app, mazhilis, "KZ-75", None).await;
    report(&app, mazhilis, "KZ-71", Some(7)).await;
    let d = report(&app, mazhilis, "KZ-75", None).await;
    verify(&app, &admin, a, true).await;
    verify(&app, &admin, b, false).await;
    // Not the Mazhilis election's: a road problem and an akim election report (verified).
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let other = report(&app, akim, "KZ-71", None).await;
    verify(&app, &admin, other, true).await;

    let all = stats(&app, &format!("election={mazhilis}")).await;
    assert_eq!(all["filters"]["election"], mazhilis);
    let o = &all["overview"];
    assert_eq!(o["counts"]["received"], 4);
    assert_eq!(o["counts"]["routed"], 4);
    assert_eq!(o["open"], 4);
    // 4 reports: 1 verified violation, 1 found unverified, 2 not yet checked.
    assert_eq!(split(&all), [4, 1, 1, 2]);
    let received: u64 = all["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["received"].as_u64().unwrap())
        .sum();
    assert_eq!(received, 4);

    // The other filters still narrow: KZ-75 has three of them (a, b, d).
    let almaty = stats(&app, &format!("election={mazhilis}&region=KZ-75")).await;
    assert_eq!(almaty["overview"]["counts"]["received"], 3);
    assert_eq!(split(&almaty), [3, 1, 1, 1]);
    let buying = stats(
        &app,
        &format!("election={mazhilis}&category=election_vote_buying&period=7"),
    )
    .await;
    assert_eq!(buying["overview"]["counts"]["received"], 2);
    assert_eq!(split(&buying), [2, 0, 1, 1]);
    let by_region = stats(&app, &format!("election={mazhilis}&group_by=region")).await;
    let groups: Vec<(String, u64)> = by_region["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["counts"]["received"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(groups, [("KZ-71".to_string(), 1), ("KZ-75".to_string(), 3)]);
    // The akim election: its one verified report.
    assert_eq!(
        split(&stats(&app, &format!("election={akim}")).await),
        [1, 1, 0, 0]
    );
    // Without an election: every problem, and no split.
    let everything = stats(&app, "").await;
    assert_eq!(everything["overview"]["counts"]["received"], 6);
    assert_eq!(everything["verification"], Value::Null);
    assert_eq!(everything["filters"]["election"], Value::Null);

    // A finding recorded now is in the next answer.
    verify(&app, &admin, d, true).await;
    assert_eq!(
        split(&stats(&app, &format!("election={mazhilis}")).await),
        [4, 2, 1, 1]
    );
}

#[tokio::test]
async fn stats_refuse_a_bad_election_with_422_and_an_unknown_one_with_404_naming_it() {
    let app = spawn_app().await;
    let id = election(&app, "2026-12-20", "").await;
    for bad in ["abc", "0", "-3", "1.5"] {
        let (status, error) = refusal(&app, &format!("/api/v1/stats?election={bad}")).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(error["field"], "election", "{bad}");
    }
    let (status, error) = refusal(&app, &format!("/api/v1/stats?election={}", id + 1)).await;
    assert_eq!(status, 404);
    assert_eq!(error["field"], "election");
    assert_eq!(error["code"], "unknown_election");
    let ok = app
        .api
        .get(app.url(&format!("/api/v1/stats?election={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["verification"]["reports"], 0);
}

/// The status and the JSON `error` of a refused GET.
async fn refusal(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.api.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json::<Value>().await.unwrap()["error"].clone())
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.api.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn an_elections_feed_lists_its_public_reports_newest_first_with_station_and_flag() {
    let app = spawn_app().await;
    let (mazhilis, akim, admin) = two_elections(&app).await;
    let a = report(&app, mazhilis, "KZ-75", Some(101)).await;
    let b = report(&app, mazhilis, "KZ-75", None).await;
    verify(&app, &admin, a, true).await;
    let (roads, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let other = report(&app, akim, "KZ-71", None).await;
    // Filed but never confirmed: not public.
    let mut hidden = problem_body("KZ-71", "election_polling_station");
    hidden["election"] = json!(mazhilis);
    hidden["polling_station"] = json!(7);
    let unconfirmed = app.file(&hidden).await;
    let ra = app.public(a).await["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let rb = app.public(b).await["reference"]
        .as_str()
        .unwrap()
        .to_string();

    let (status, feed) = get(&app, &format!("/feeds/elections/{mazhilis}.atom")).await;
    assert_eq!(status, 200);
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(feed.contains("reports of the election &quot;Mazhilis election&quot;"));
    assert!(
        feed.contains(&format!("/elections/{mazhilis}\"")),
        "links its live page"
    );
    // Newest first: b, then a.
    let (pa, pb) = (feed.find(&ra).unwrap(), feed.find(&rb).unwrap());
    assert!(pb < pa);
    let entry_a = &feed[feed[..pa].rfind("<entry>").unwrap()..];
    let entry_a = &entry_a[..entry_a.find("</entry>").unwrap()];
    assert!(
        entry_a.contains("Polling station No. 101 · Verified"),
        "{entry_a}"
    );
    assert!(entry_a.contains("term=\"101\""));
    assert!(entry_a.contains("term=\"verified\""));
    let entry_b = &feed[feed[..pb].rfind("<entry>").unwrap()..];
    let entry_b = &entry_b[..entry_b.find("</entry>").unwrap()];
    assert!(entry_b.contains("· Not yet checked"), "{entry_b}");
    assert!(entry_b.contains("term=\"unchecked\""));
    assert!(!entry_b.contains("Polling station"));
    for id in [roads, other, unconfirmed] {
        assert!(
            !feed.contains(&format!("/problems/{id}<")),
            "{id} is not in it"
        );
    }
    assert!(!feed.contains("citizen@example.kz"));
    assert!(!feed.contains("Aigerim"));
    // The problems feed with ?election= selects the same entries.
    let (status, same) = get(&app, &format!("/feeds/problems.atom?election={mazhilis}")).await;
    assert_eq!(status, 200);
    assert_eq!(same.matches("<entry>").count(), 2);
    assert!(same.contains(&format!("/feeds/problems.atom?election={mazhilis}\"")));
    // Unknown elections are 404s; a bad id names the field.
    for path in [
        format!("/feeds/elections/{}.atom", akim + 1),
        "/feeds/elections/abc.atom".to_string(),
        format!("/feeds/elections/{mazhilis}.rss"),
    ] {
        assert_eq!(get(&app, &path).await.0, 404, "{path}");
    }
    let (status, error) =
        refusal(&app, &format!("/feeds/problems.atom?election={}", akim + 1)).await;
    assert_eq!((status, &error["field"]), (404, &json!("election")));
    let (status, error) = refusal(&app, "/feeds/problems.atom?election=abc").await;
    assert_eq!((status, &error["field"]), (422, &json!("election")));

    // The live page names its feed for feed readers and for people.
    let (_, page) = get(&app, &format!("/elections/{mazhilis}")).await;
    let href = format!("href=\"/feeds/elections/{mazhilis}.atom\"");
    let link = page
        .find("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Feed of this election")
        .expect("a feed link in the head");
    assert!(
        page[link..page.find("</head>").unwrap()].contains(&format!("reports (Atom)\" {href}>"))
    );
    assert!(page.contains(&format!("<a id=\"feed\" {href}>")));
}

#[tokio::test]
async fn the_list_narrows_to_an_elections_reports() {
    let app = spawn_app().await;
    let (mazhilis, akim, _) = two_elections(&app).await;
    let a = report(&app, mazhilis, "KZ-75", Some(101)).await;
    let b = report(&app, mazhilis, "KZ-71", None).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    report(&app, akim, "KZ-71", None).await;
    let ids = |v: Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    let list = json(
        &app.api,
        app.url(&format!("/api/v1/problems?election={mazhilis}")),
    )
    .await;
    assert_eq!(ids(list), [i64::from(b), i64::from(a)]);
    let list = json(
        &app.api,
        app.url(&format!(
            "/api/v1/problems?election={mazhilis}&region=KZ-71"
        )),
    )
    .await;
    assert_eq!(ids(list), [i64::from(b)]);
    let none = json(
        &app.api,
        app.url(&format!("/api/v1/problems?election={}", akim + 1)),
    )
    .await;
    assert_eq!(none["total"], 0);
    let (status, error) = refusal(&app, "/api/v1/problems?election=x").await;
    assert_eq!((status, &error["field"]), (422, &json!("election")));
    let (status, html) = get(&app, &format!("/problems?election={mazhilis}")).await;
    assert_eq!(status, 200);
    for id in [a, b] {
        assert!(html.contains(&format!("href=\"/problems/{id}\"")), "{id}");
    }
}
