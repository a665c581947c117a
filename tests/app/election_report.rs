//! The election report (issue 20): `/elections/{id}/report` is not published before the
//! results date; after it, a hand-made election's figures are exactly as written out here
//! in JSON, CSV and the page (three languages), frozen (a later change to a report does not
//! change them), compared with the previous election of the same kind; and the
//! `election-report` job mails it once to the coordinators of its regions and the admins:
//! a backlog of reports in one run, by two processes at once, and after a run that failed
//! part-way, each mail exactly once.

use crate::digest_batches::{accept_mail_again, refuse_mail_to};
use crate::elections::{election_of, report_body, two_stations};
use crate::helpers::{TestApp, spawn_app, text};
use civic_tracker::auth::UserRole;
use civic_tracker::domain::state::{Status, Verdict};
use civic_tracker::entities::{election_report as frozen, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// An election of `kind` voting on `day` in `regions` (blank: all), named by its day so that
/// the report's comparison tells them apart, with stations 101 (KZ-75) and 7 (KZ-71).
async fn election(app: &TestApp, kind: &str, day: &str, regions: &str) -> i32 {
    let names = [
        format!("Сайлау {day}"),
        format!("Выборы {day}"),
        format!("Election {day}"),
    ];
    let id = election_of(
        app,
        kind,
        names.each_ref().map(String::as_str),
        day,
        regions,
    )
    .await;
    two_stations(app, id).await;
    id
}

/// How a hand-made report ended.
struct Ended {
    ack_after: Option<i64>,
    fix_after: Option<i64>,
    verified: Option<bool>,
    status: Status,
    verdict: Option<Verdict>,
    rep: Option<i32>,
}

/// Files a confirmed report at `at` (UTC) and sets how it ended, as the people handling it
/// would have (minutes after filing).
async fn report(
    app: &TestApp,
    election: i32,
    at: &str,
    region: &str,
    station: Option<i32>,
    ended: Ended,
) -> i32 {
    app.set_time(at);
    let (id, _) = app
        .file_confirmed(&report_body(election, region, station))
        .await;
    let filed: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
    let after = |m: Option<i64>| m.map(|m| filed + chrono::Duration::minutes(m));
    problem::Entity::update(problem::ActiveModel {
        id: Set(id),
        acknowledged_at: Set(after(ended.ack_after)),
        resolved_at: Set(after(ended.fix_after)),
        verified: Set(ended.verified),
        status: Set(ended.status),
        verdict: Set(ended.verdict),
        representative_id: Set(ended.rep),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    id
}

/// The previous Mazhilis election (one resolved report), a presidential one between
/// (not compared), and this Mazhilis election on 2026-12-20 with five reports:
/// - 101 (KZ-75), acknowledged after 20 min, resolved after 3 h, confirmed fixed, verified;
/// - 101 (KZ-75), acknowledged after 40 min, in progress, not yet checked;
/// - KZ-71, vote buying, rejected, found unverified;
/// - 7 (KZ-71), acknowledged after 90 min, resolved after 6 h, verified;
/// - KZ-75, vote buying, still in triage, verified.
///
/// Returns (this election, the previous one, Aliya's id, Bolat's id, the triage report).
async fn hand_made(app: &TestApp) -> (i32, i32, i32, i32, i32) {
    let aliya = app
        .user("aliya@party.kz", "Aliya", UserRole::Representative, &[])
        .await;
    let bolat = app
        .user("bolat@party.kz", "Bolat", UserRole::Representative, &[])
        .await;
    let previous = election(app, "mazhilis", "2026-12-01", "").await;
    let presidential = election(app, "presidential", "2026-12-10", "").await;
    let this = election(app, "mazhilis", "2026-12-20", "KZ-71,KZ-75").await;
    let ended = |ack_after, fix_after, verified, status, verdict, rep| Ended {
        ack_after,
        fix_after,
        verified,
        status,
        verdict,
        rep,
    };
    report(
        app,
        previous,
        "2026-12-01T05:00:00Z",
        "KZ-75",
        None,
        ended(
            Some(60),
            Some(120),
            Some(true),
            Status::Resolved,
            None,
            Some(aliya),
        ),
    )
    .await;
    report(
        app,
        presidential,
        "2026-12-10T05:00:00Z",
        "KZ-75",
        None,
        ended(None, None, None, Status::New, None, None),
    )
    .await;
    report(
        app,
        this,
        "2026-12-20T02:10:00Z",
        "KZ-75",
        Some(101),
        ended(
            Some(20),
            Some(180),
            Some(true),
            Status::Closed,
            Some(Verdict::Fixed),
            Some(aliya),
        ),
    )
    .await;
    report(
        app,
        this,
        "2026-12-20T02:50:00Z",
        "KZ-75",
        Some(101),
        ended(Some(40), None, None, Status::InProgress, None, Some(aliya)),
    )
    .await;
    report(
        app,
        this,
        "2026-12-20T04:05:00Z",
        "KZ-71",
        None,
        ended(None, None, Some(false), Status::Rejected, None, Some(bolat)),
    )
    .await;
    report(
        app,
        this,
        "2026-12-20T14:59:00Z",
        "KZ-71",
        Some(7),
        ended(
            Some(90),
            Some(360),
            Some(true),
            Status::Resolved,
            None,
            Some(bolat),
        ),
    )
    .await;
    let triage = report(
        app,
        this,
        "2026-12-20T15:15:00Z",
        "KZ-75",
        None,
        ended(None, None, Some(true), Status::New, None, None),
    )
    .await;
    (this, previous, aliya, bolat, triage)
}

/// A table row as the JSON has it.
fn row(key: &str, f: [u64; 7], ack: Option<i64>, fix: Option<f64>) -> Value {
    json!({"key": key, "reports": f[0], "verified": f[1], "unverified": f[2],
           "unchecked": f[3], "resolved": f[4], "closed_other": f[5], "open": f[6],
           "ack_median_minutes": ack, "resolve_median_hours": fix})
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.browser().get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn the_election_report_is_published_after_the_results_date_frozen_and_exact() {
    let app = spawn_app().await;
    let (id, previous, aliya, bolat, triage) = hand_made(&app).await;
    let path = format!("/elections/{id}/report");

    // The results date is 2026-12-30: at 17:00 Almaty on that day, not yet published.
    app.set_time("2026-12-30T12:00:00Z");
    let res = get(&app, &path).await;
    assert_eq!(res.status(), 404);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("The report is published after the results date, 30 December 2026"),
        "{page}"
    );
    assert_eq!(get(&app, &format!("{path}.json")).await.status(), 404);
    assert_eq!(get(&app, &format!("{path}.csv")).await.status(), 404);
    let live = text(&app.browser(), app.url(&format!("/elections/{id}"))).await;
    assert!(!live.contains("id=\"report-link\""));
    assert_eq!(app.count("election_reports").await, 0);

    // 00:30 Almaty on 31 December: published, frozen on the first request.
    app.set_time("2026-12-30T19:30:00Z");
    let res = get(&app, &format!("{path}.json")).await;
    assert_eq!(res.status(), 200);
    let first = res.text().await.unwrap();
    let v: Value = serde_json::from_str(&first).unwrap();
    let head = app
        .integers("SELECT MAX(seq) FROM ledger_entries")
        .await
        .remove(0)
        .remove(0);
    assert!(head > 0);
    assert_eq!(v["ledger"]["seq"], json!(head));
    assert_eq!(v["ledger"]["hash"].as_str().unwrap().len(), 64);
    assert_eq!(v["counted_at"], json!("2026-12-30T19:30:00Z"));
    assert_eq!(v["election"]["id"], json!(id));
    let f = &v["figures"];
    // Acknowledged after 20, 40 and 90 minutes: the median is 40; resolved after 3 and
    // 6 hours: 4.5.
    assert_eq!(
        f["totals"],
        row("", [5, 3, 1, 1, 2, 1, 2], Some(40), Some(4.5))
    );
    assert_eq!(
        f["regions"],
        json!([
            row("KZ-75", [3, 2, 0, 1, 1, 0, 2], Some(30), Some(3.0)),
            row("KZ-71", [2, 1, 1, 0, 1, 1, 0], Some(90), Some(6.0)),
        ])
    );
    assert_eq!(
        f["categories"],
        json!([
            row(
                "election_polling_station",
                [3, 2, 0, 1, 2, 0, 1],
                Some(40),
                Some(4.5)
            ),
            row("election_vote_buying", [2, 1, 1, 0, 0, 1, 1], None, None),
        ])
    );
    assert_eq!(
        f["stations"],
        json!([
            row("101", [2, 1, 0, 1, 1, 0, 1], Some(30), Some(3.0)),
            row("7", [1, 1, 0, 0, 1, 0, 0], Some(90), Some(6.0)),
        ])
    );
    assert_eq!(
        f["representatives"],
        json!([
            {"id": aliya, "name": "Aliya", "assigned": 2, "acknowledged": 2, "resolved": 1,
             "ack_median_minutes": 30},
            {"id": bolat, "name": "Bolat", "assigned": 2, "acknowledged": 1, "resolved": 1,
             "ack_median_minutes": 90},
        ])
    );
    // The previous Mazhilis election, not the presidential one in between.
    assert_eq!(
        f["previous"],
        json!({"election_id": previous, "voting_day": "2026-12-01",
               "totals": row("", [1, 1, 0, 0, 1, 0, 0], Some(60), Some(2.0))})
    );
    assert!(!first.contains("Aigerim") && !first.contains("citizen@example.kz"));

    let csv = |table: &'static str| {
        let app = &app;
        let path = path.clone();
        async move {
            let res = get(app, &format!("{path}.csv?table={table}")).await;
            assert_eq!(res.status(), 200, "{table}");
            res.text().await.unwrap()
        }
    };
    let head = "reports,verified,unverified,unchecked,resolved,closed_other,open,\
                ack_median_minutes,resolve_median_hours";
    assert_eq!(
        csv("regions").await,
        format!("region,{head}\nKZ-75,3,2,0,1,1,0,2,30,3\nKZ-71,2,1,1,0,1,1,0,90,6\n")
    );
    assert_eq!(
        csv("categories").await,
        format!(
            "category,{head}\nelection_polling_station,3,2,0,1,2,0,1,40,4.5\n\
             election_vote_buying,2,1,1,0,0,1,1,,\n"
        )
    );
    assert_eq!(
        csv("stations").await,
        format!("station,{head}\n101,2,1,0,1,1,0,1,30,3\n7,1,1,0,0,1,0,0,90,6\n")
    );
    assert_eq!(
        csv("representatives").await,
        format!(
            "representative_id,name,assigned,acknowledged,resolved,ack_median_minutes\n\
             {aliya},Aliya,2,2,1,30\n{bolat},Bolat,2,1,1,90\n"
        )
    );
    let res = get(&app, &format!("{path}.csv?table=citizens")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("table"));

    // The page in each language, with the citation and the links to the data.
    for (lang, title) in [
        ("kk", "Сайлау туралы есеп"),
        ("ru", "Отчёт о выборах"),
        ("en", "Election report"),
    ] {
        let res = get(&app, &format!("{path}?lang={lang}")).await;
        assert_eq!(res.status(), 200, "{lang}");
        let page = res.text().await.unwrap();
        assert!(page.contains(&format!("lang=\"{lang}\"")), "{lang}");
        assert!(page.contains(title), "{lang}");
        assert!(
            page.contains(&format!("{path}.csv?table=stations")),
            "{lang}"
        );
        assert!(!page.contains("Aigerim") && !page.contains("citizen@example.kz"));
    }
    let page = text(&app.browser(), app.url(&path)).await;
    assert!(
        page.contains(&format!("public ledger entry {}", v["ledger"]["seq"])),
        "{page}"
    );
    assert!(
        page.contains(
            "<td>Election 2026-12-20</td><td class=\"num\">5</td><td class=\"num\">3</td>"
        ),
        "{page}"
    );
    assert!(page.contains("id=\"previous\""));
    let live = text(&app.browser(), app.url(&format!("/elections/{id}"))).await;
    assert!(
        live.contains(&format!("href=\"{path}\"")),
        "linked from the live page"
    );

    // Frozen: the report in triage is resolved a day later; the report does not change.
    app.set_time("2026-12-31T19:30:00Z");
    problem::Entity::update(problem::ActiveModel {
        id: Set(triage),
        status: Set(Status::Closed),
        verdict: Set(Some(Verdict::Fixed)),
        resolved_at: Set(Some("2026-12-31T19:00:00Z".parse().unwrap())),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    let again = get(&app, &format!("{path}.json"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(app.count("election_reports").await, 1);
}

#[tokio::test]
async fn the_election_report_job_mails_coordinators_and_admins_once() {
    let app = spawn_app().await;
    let (id, previous, _, _, _) = hand_made(&app).await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user(
        "almaty@league.kz",
        "Almaty",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user("all@league.kz", "Everywhere", UserRole::Coordinator, &[])
        .await;
    app.user("east@league.kz", "East", UserRole::Coordinator, &["KZ-63"])
        .await;
    app.deliver().await;

    // Before the results date: nothing frozen, nothing sent (the two earlier elections'
    // results dates have passed, so their reports go out now).
    app.set_time("2026-12-30T12:00:00Z");
    app.job("election-report").await;
    let early = app.deliver().await;
    assert!(
        early
            .iter()
            .all(|m| !m.subject.contains("Election 2026-12-20")),
        "not before the results date"
    );
    assert_eq!(app.count("election_reports").await, 2);
    // The previous election's report is frozen now: a later change to its one report
    // (resolved, now rejected) shows neither there nor in the comparison.
    let earlier = problem::Entity::find()
        .filter(problem::Column::ElectionId.eq(previous))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    problem::Entity::update(problem::ActiveModel {
        id: Set(earlier.id),
        status: Set(Status::Rejected),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();

    app.set_time("2026-12-30T19:30:00Z");
    let ran = app.job("election-report").await;
    assert!(
        matches!(&ran, civic_tracker::jobs::Ran::Done { summary, .. } if summary.contains("1 election report mailed") && summary.contains("3 mails")),
        "{ran:?}"
    );
    let mails = app.deliver().await;
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["admin@league.kz", "all@league.kz", "almaty@league.kz"]);
    let m = &mails[0];
    assert_eq!(m.subject, "Election report: Election 2026-12-20");
    assert!(
        m.text.contains("Reports: 5. Verified violations: 3."),
        "{}",
        m.text
    );
    assert!(
        m.text
            .contains(&app.url(&format!("/elections/{id}/report")))
    );
    assert!(!m.text.contains("Aigerim") && !m.text.contains("citizen@example.kz"));

    // Run again, here and in another process: nothing more.
    app.job("election-report").await;
    let other = app.another_process().await;
    let run = civic_tracker::services::election_report::mail_due(&other, other.clock.now())
        .await
        .unwrap();
    assert_eq!((run.reports, run.mails), (0, 0));
    assert!(app.deliver().await.is_empty());
    assert_eq!(app.count("election_reports").await, 3);
    let v: Value = app
        .browser()
        .get(app.url(&format!("/elections/{id}/report.json")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["figures"]["previous"]["totals"],
        row("", [1, 1, 0, 0, 1, 0, 0], Some(60), Some(2.0))
    );
}

#[tokio::test]
async fn two_processes_publishing_at_once_freeze_one_report() {
    let app = spawn_app().await;
    let (id, _, _, _, _) = hand_made(&app).await;
    app.set_time("2026-12-30T19:30:00Z");
    let other = app.another_process().await;
    let e = civic_tracker::services::elections::get(&app.state.db, id)
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        civic_tracker::services::election_report::published(&app.state, &e),
        civic_tracker::services::election_report::published(&other, &e),
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(a.row, b.row);
    assert_eq!(a.figures.totals.reports, 5);
    assert_eq!(app.count("election_reports").await, 1);
}

#[tokio::test]
async fn a_published_report_once_read_is_served_from_memory_in_all_three_forms() {
    let app = spawn_app().await;
    let (id, _, _, _, _) = hand_made(&app).await;
    let path = format!("/elections/{id}/report");
    app.set_time("2026-12-30T19:30:00Z");
    let first = get(&app, &format!("{path}.json"))
        .await
        .text()
        .await
        .unwrap();
    // The frozen row is spoiled: whoever reads the table now fails, as another process does.
    frozen::Entity::update_many()
        .col_expr(frozen::Column::Figures, Expr::value("not the figures"))
        .exec(&app.state.db)
        .await
        .unwrap();
    let other = app.another_process().await;
    let e = civic_tracker::services::elections::get(&app.state.db, id)
        .await
        .unwrap();
    assert!(
        civic_tracker::services::election_report::published(&other, &e)
            .await
            .is_err()
    );
    // This process read it once: the JSON, the CSV and the page still agree with it.
    let res = get(&app, &format!("{path}.json")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), first);
    let res = get(&app, &format!("{path}.csv?table=stations")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text().await.unwrap(),
        "station,reports,verified,unverified,unchecked,resolved,closed_other,open,\
         ack_median_minutes,resolve_median_hours\n\
         101,2,1,0,1,1,0,1,30,3\n7,1,1,0,0,1,0,0,90,6\n"
    );
    let res = get(&app, &path).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(
        page.contains(
            "<td>Election 2026-12-20</td><td class=\"num\">5</td><td class=\"num\">3</td>"
        ),
        "{page}"
    );
}

/// The subjects of the backlog's three reports (see [`backlog`]).
const MASLIKHAT: &str = "Election report: Almaty maslikhat";
const AKIM: &str = "Election report: Astana akim";
const REFERENDUM: &str = "Election report: Referendum";

/// Every mail of the backlog, by recipient: the admin and the coordinator of every region
/// get all three reports, Almaty's and Astana's coordinators their election's and the
/// referendum's, the East's coordinator only the referendum's. 11 mails.
const BACKLOG_MAILS: [(&str, &str); 11] = [
    ("admin@league.kz", MASLIKHAT),
    ("admin@league.kz", AKIM),
    ("admin@league.kz", REFERENDUM),
    ("all@league.kz", MASLIKHAT),
    ("all@league.kz", AKIM),
    ("all@league.kz", REFERENDUM),
    ("almaty@league.kz", MASLIKHAT),
    ("almaty@league.kz", REFERENDUM),
    ("astana@league.kz", AKIM),
    ("astana@league.kz", REFERENDUM),
    ("east@league.kz", REFERENDUM),
];

/// A backlog for the `election-report` job: three elections voting on 20 December 2026,
/// whose results dates (30 December) pass together, created in this order:
/// - "Almaty maslikhat" in KZ-75, with one report;
/// - "Astana akim" in KZ-71, with two reports;
/// - "Referendum" everywhere, with none.
///
/// The staff: an admin, a coordinator of every region, and coordinators of KZ-75 (Almaty),
/// KZ-71 (Astana) and KZ-63 (East). The citizens' confirmation mails are delivered already.
/// Returns the elections' ids in that order.
async fn backlog(app: &TestApp) -> [i32; 3] {
    let maslikhat = election_of(
        app,
        "maslikhat",
        ["Алматы мәслихаты", "Маслихат Алматы", "Almaty maslikhat"],
        "2026-12-20",
        "KZ-75",
    )
    .await;
    let akim = election_of(
        app,
        "akim",
        ["Астана әкімі", "Аким Астаны", "Astana akim"],
        "2026-12-20",
        "KZ-71",
    )
    .await;
    let referendum = election_of(
        app,
        "referendum",
        ["Референдум", "Референдум", "Referendum"],
        "2026-12-20",
        "",
    )
    .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user("all@league.kz", "Everywhere", UserRole::Coordinator, &[])
        .await;
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
    app.user("east@league.kz", "East", UserRole::Coordinator, &["KZ-63"])
        .await;
    app.set_time("2026-12-20T05:00:00Z");
    app.file_confirmed(&report_body(maslikhat, "KZ-75", None))
        .await;
    app.file_confirmed(&report_body(akim, "KZ-71", None)).await;
    app.file_confirmed(&report_body(akim, "KZ-71", None)).await;
    app.deliver().await;
    [maslikhat, akim, referendum]
}

/// The election reports' mails as (recipient, subject), sorted, each checked to carry its
/// own election's count of reports.
fn sent(mails: &[crate::helpers::Mail]) -> Vec<(String, String)> {
    let mut sent: Vec<(String, String)> = mails
        .iter()
        .map(|m| {
            let totals = match m.subject.as_str() {
                MASLIKHAT => "Reports: 1. Verified violations: 0.",
                AKIM => "Reports: 2. Verified violations: 0.",
                REFERENDUM => "Reports: 0. Verified violations: 0.",
                other => panic!("an unexpected mail: {other}"),
            };
            assert!(m.text.contains(totals), "{}: {}", m.subject, m.text);
            (m.to.join(","), m.subject.clone())
        })
        .collect();
    sent.sort();
    sent
}

/// `list` as [`sent`] returns it.
fn mails(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(to, subject)| (to.to_string(), subject.to_string()))
        .collect()
}

/// Each election with whether its report is frozen and whether it was mailed.
async fn report_states(app: &TestApp, elections: [i32; 3]) -> Vec<(i32, bool, bool)> {
    let rows = frozen::Entity::find().all(&app.state.db).await.unwrap();
    elections
        .into_iter()
        .map(|id| {
            let row = rows.iter().find(|r| r.election_id == id);
            (
                id,
                row.is_some(),
                row.is_some_and(|r| r.mailed_at.is_some()),
            )
        })
        .collect()
}

/// 00:30 in Almaty on 31 December: the backlog's results date has passed.
const AFTER_RESULTS: &str = "2026-12-30T19:30:00Z";

#[tokio::test]
async fn three_reports_due_together_go_out_in_one_run_and_a_rerun_sends_nothing() {
    let app = spawn_app().await;
    let [maslikhat, akim, referendum] = backlog(&app).await;
    app.set_time(AFTER_RESULTS);

    let ran = app.job("election-report").await;
    assert!(
        matches!(&ran, civic_tracker::jobs::Ran::Done { summary, .. }
            if summary == "3 election reports mailed, 11 mails"),
        "{ran:?}"
    );
    assert_eq!(
        report_states(&app, [maslikhat, akim, referendum]).await,
        [
            (maslikhat, true, true),
            (akim, true, true),
            (referendum, true, true)
        ]
    );
    assert_eq!(sent(&app.deliver().await), mails(&BACKLOG_MAILS));

    let ran = app.job("election-report").await;
    assert!(
        matches!(&ran, civic_tracker::jobs::Ran::Done { summary, .. }
            if summary == "0 election reports mailed, 0 mails"),
        "{ran:?}"
    );
    assert!(app.deliver().await.is_empty());
    assert_eq!(
        app.integers("SELECT COUNT(*) FROM outbox WHERE kind = 'election_report'")
            .await,
        [[11]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_working_through_the_same_backlog_at_once_send_each_mail_once() {
    let app = spawn_app().await;
    let elections = backlog(&app).await;
    app.set_time(AFTER_RESULTS);
    let other = app.another_process().await;
    let at = app.state.clock.now();
    let run = |st: civic_tracker::app::AppState| {
        tokio::spawn(async move {
            civic_tracker::services::election_report::mail_due(&st, at)
                .await
                .unwrap()
        })
    };
    let (a, b) = tokio::join!(run(app.state.clone()), run(other));
    let (a, b) = (a.unwrap(), b.unwrap());
    // However the two shared the work, together they mailed three reports, once each.
    assert_eq!((a.reports + b.reports, a.mails + b.mails), (3, 11));
    assert_eq!(sent(&app.deliver().await), mails(&BACKLOG_MAILS));
    assert_eq!(
        report_states(&app, elections).await,
        elections.map(|id| (id, true, true))
    );
    assert_eq!(app.count("election_reports").await, 3);
}

#[tokio::test]
async fn a_run_failing_part_way_sends_no_report_by_half_and_its_rerun_sends_the_rest() {
    let app = spawn_app().await;
    let [maslikhat, akim, referendum] = backlog(&app).await;
    app.set_time(AFTER_RESULTS);
    let mail_due =
        || civic_tracker::services::election_report::mail_due(&app.state, app.state.clock.now());

    // The database refuses the mail to Astana's coordinator, as a failing disk would: the
    // first report Astana's coordinator gets is the akim election's, the second of three.
    refuse_mail_to(&app, "astana@league.kz").await;
    let err = mail_due().await.unwrap_err();
    assert!(format!("{err:#}").contains("mail refused"), "{err:#}");
    // The maslikhat's report went out whole; the akim election's is frozen but not one of
    // its three mails is queued, and it is not marked mailed; the referendum's was not
    // reached.
    assert_eq!(
        report_states(&app, [maslikhat, akim, referendum]).await,
        [
            (maslikhat, true, true),
            (akim, true, false),
            (referendum, false, false)
        ]
    );
    assert_eq!(
        app.integers("SELECT COUNT(*) FROM outbox WHERE kind = 'election_report'")
            .await,
        [[3]]
    );
    assert_eq!(
        sent(&app.deliver().await),
        mails(&[
            ("admin@league.kz", MASLIKHAT),
            ("all@league.kz", MASLIKHAT),
            ("almaty@league.kz", MASLIKHAT),
        ])
    );

    // The next run, the database writing again, sends the other two reports and nothing
    // of the first again.
    accept_mail_again(&app).await;
    let run = mail_due().await.unwrap();
    assert_eq!((run.reports, run.mails), (2, 8));
    assert_eq!(
        sent(&app.deliver().await),
        mails(&[
            ("admin@league.kz", AKIM),
            ("admin@league.kz", REFERENDUM),
            ("all@league.kz", AKIM),
            ("all@league.kz", REFERENDUM),
            ("almaty@league.kz", REFERENDUM),
            ("astana@league.kz", AKIM),
            ("astana@league.kz", REFERENDUM),
            ("east@league.kz", REFERENDUM),
        ])
    );
    assert_eq!(
        report_states(&app, [maslikhat, akim, referendum]).await,
        [
            (maslikhat, true, true),
            (akim, true, true),
            (referendum, true, true)
        ]
    );
    let run = mail_due().await.unwrap();
    assert_eq!((run.reports, run.mails), (0, 0));
    assert!(app.deliver().await.is_empty());
}
