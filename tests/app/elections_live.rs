//! The live picture of an election (issue 20): `/elections/{id}` shows a hand-made voting
//! day's figures as written out here, answers from memory (a new report shows only once
//! the minute has passed) and is linked from the home page and the stations' pages.

use crate::elections::{election, report_body, two_stations};
use crate::helpers::{TestApp, spawn_app, text};
use civic_tracker::entities::problem;
use sea_orm::{EntityTrait, Set};

/// Files a confirmed report at `at` (UTC); then marks it acknowledged `ack_minutes` later
/// and verified as given, as a representative and a coordinator would have.
async fn report(
    app: &TestApp,
    election: i32,
    at: &str,
    region: &str,
    station: Option<i32>,
    ack_minutes: Option<i64>,
    verified: Option<bool>,
) -> i32 {
    app.set_time(at);
    let (id, _) = app
        .file_confirmed(&report_body(election, region, station))
        .await;
    let filed: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
    problem::Entity::update(problem::ActiveModel {
        id: Set(id),
        acknowledged_at: Set(ack_minutes.map(|m| filed + chrono::Duration::minutes(m))),
        verified: Set(verified),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn the_live_page_shows_a_hand_made_voting_day_and_recounts_only_after_a_minute() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    // A Mazhilis election in every region voting on 2026-12-20 (polls 07:00–20:00 Almaty,
    // 02:00–15:00 UTC), with stations 101 (KZ-75) and 7 (KZ-71).
    let id = election(&app, "2026-12-20", "").await;
    two_stations(&app, id).await;
    // 07:10 Almaty at station 101, acknowledged after 20 minutes, verified.
    let first = report(
        &app,
        id,
        "2026-12-20T02:10:00Z",
        "KZ-75",
        Some(101),
        Some(20),
        Some(true),
    )
    .await;
    // 07:50 at station 101, acknowledged after 40 minutes, not yet checked.
    report(
        &app,
        id,
        "2026-12-20T02:50:00Z",
        "KZ-75",
        Some(101),
        Some(40),
        None,
    )
    .await;
    // 09:05 in KZ-71, vote buying, found unverified.
    report(
        &app,
        id,
        "2026-12-20T04:05:00Z",
        "KZ-71",
        None,
        None,
        Some(false),
    )
    .await;
    // 19:59 at station 7, acknowledged after 90 minutes, verified.
    let last = report(
        &app,
        id,
        "2026-12-20T14:59:00Z",
        "KZ-71",
        Some(7),
        Some(90),
        Some(true),
    )
    .await;
    app.set_time("2026-12-20T15:30:00Z");
    let anon = app.browser();
    let url = app.url(&format!("/elections/{id}"));
    let page = text(&anon, url.clone()).await;
    // Polls closed at 20:00 (15:00 UTC).
    assert!(page.contains("voting day: polls are closed"), "{page}");
    // Totals: 4 reports, 2 verified (50%), 1 unverified (25%), 1 not yet checked (25%).
    for (fig, n) in [
        ("fig-total", "4"),
        ("fig-verified", "2"),
        ("fig-unverified", "1"),
        ("fig-unchecked", "1"),
        // Waits of 20, 40 and 90 minutes: the median is 40.
        ("fig-ack-median", "40"),
    ] {
        assert!(page.contains(&format!("id=\"{fig}\">{n}<")), "{fig} = {n}");
    }
    assert!(page.contains("<td class=\"num muted\">50%</td>"));
    assert_eq!(page.matches("<td class=\"num muted\">25%</td>").count(), 2);
    // Per hour: 07:00 two reports (one verified), 09:00 one, 19:00 one (verified).
    for tip in [
        "07:00: 2 reports",
        "07:00: 1 verified",
        "08:00: 0 reports",
        "09:00: 1 report<",
        "09:00: 0 verified",
        "19:00: 1 report<",
        "19:00: 1 verified",
    ] {
        assert!(page.contains(tip), "{tip}");
    }
    // Stations: 101 with two reports (one verified), then 7 with one (verified), linked.
    let row = |n: i32| {
        let at = page
            .find(&format!("<a href=\"/elections/{id}/stations/{n}\">"))
            .expect("the station's link");
        let rest = &page[at..];
        rest[rest.find("</a>").unwrap()..]
            .chars()
            .take(60)
            .collect::<String>()
    };
    let counts = |all: u64, verified: u64| {
        format!("</a></td><td class=\"num\">{all}</td><td class=\"num\">{verified}</td>")
    };
    assert!(row(101).starts_with(&counts(2, 1)), "{}", row(101));
    assert!(row(7).starts_with(&counts(1, 1)), "{}", row(7));
    let (a, b) = (
        page.find("/stations/101\">").unwrap(),
        page.find("/stations/7\">").unwrap(),
    );
    assert!(a < b, "the most reported first");
    // The latest verified reports, linked, newest first; never the citizen's name or address.
    let latest = &page[page.find("id=\"latest\"").expect("the latest verified")..];
    let (a, b) = (
        latest.find(&format!("/problems/{last}\"")).unwrap(),
        latest.find(&format!("/problems/{first}\"")).unwrap(),
    );
    assert!(a < b, "newest first");
    assert!(!page.contains("Aigerim") && !page.contains("citizen@example.kz"));

    // A new report is not counted by the next request: the page answers from memory.
    report(
        &app,
        id,
        "2026-12-20T15:30:30Z",
        "KZ-75",
        None,
        None,
        Some(true),
    )
    .await;
    let page = text(&anon, url.clone()).await;
    assert!(page.contains("id=\"fig-total\">4<"), "from memory");
    // A minute after the count, the old figures are still served at once while they are
    // recounted; the next requests see the new report.
    app.set_time("2026-12-20T15:31:00Z");
    let page = text(&anon, url.clone()).await;
    assert!(
        page.contains("id=\"fig-total\">4<"),
        "served while recounted"
    );
    let mut seen = false;
    for _ in 0..100 {
        let page = text(&anon, url.clone()).await;
        if page.contains("id=\"fig-total\">5<") {
            assert!(page.contains("id=\"fig-verified\">3<"));
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(seen, "recounted after the minute");

    // Linked from the home page and from the stations' pages; an unknown election is a 404.
    let home = text(&anon, app.url("/")).await;
    assert!(home.contains(&format!("href=\"/elections/{id}\"")));
    let station = text(&anon, app.url(&format!("/elections/{id}/stations/101"))).await;
    assert!(station.contains(&format!("href=\"/elections/{id}\"")));
    let res = anon.get(app.url("/elections/999999")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}
