//! The dashboards and `/api/v1/stats` on a small hand-made history whose every figure is
//! worked out by hand below (not by the code under test), the agreement of a dashboard
//! with a digest for the same scope and period, and bad filters.
//!
//! The history (times UTC; Almaty is UTC+5), reps A (Almaty city) and B (Astana):
//! - P1 Almaty, election (deadlines 2 h / 24 h): filed 25 Nov 05:00 → A; acknowledged
//!   06:00 (1 h); resolved 09:00 (4 h); citizen says fixed 10:00.
//! - P2 Almaty, election: filed 05:00 → A; resolved 11:00 without acknowledging (counts as
//!   acknowledged after 6 h; resolved after 6 h); not fixed 12:00 (deadline restarts to
//!   26 Nov 12:00); resolved 13:00 (8 h); not fixed 14:00 again (deadline 26 Nov 14:00).
//! - P3 Astana, election: filed 05:00 → B; reassigned by an admin to A at 07:00 (across
//!   regions; deadline restarts to 26 Nov 07:00); acknowledged 08:00 (1 h); resolved 26
//!   Nov 10:00 (27 h): late.
//! - P4 Astana, roads (15 working days): filed 05:00 → B; nothing else.
//! - P5 Almaty, election: filed 26 Nov 06:00 → A; nothing else.
//!
//! Then the clock stands at 27 Nov 03:00 (08:00 in Almaty) and the deadline sweep runs.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

struct History {
    app: TestApp,
    a: i32,
    b: i32,
    ids: [i32; 5],
}

async fn citizen_says(app: &TestApp, tracking: &str, what: &str) {
    let b = app.browser();
    let page = text(&b, tracking).await;
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(&b, format!("{tracking}/{what}"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 303, "citizen says {what}");
}

async fn history() -> History {
    let app = spawn_app().await;
    let a = app.rep("a@party.kz", "Aliya A", Some("KZ-75"), None).await;
    let b = app.rep("b@party.kz", "Bolat B", Some("KZ-71"), None).await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user(
        "almaty@league.kz",
        "Almaty",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    let ta = app.token("a@party.kz").await;
    let admin = app.token("admin@league.kz").await;
    let ok = |r: reqwest::Response| async move {
        let s = r.status();
        assert_eq!(s, 200, "{}", r.text().await.unwrap());
    };
    let file = async |region: &str, category: &str| -> (i32, String) {
        let (id, mails) = app.file_confirmed(&problem_body(region, category)).await;
        let tracking = mails
            .iter()
            .find(|m| m.to == ["citizen@example.kz"])
            .expect("citizen's mail")
            .link(&app.url("/track/"));
        (id, tracking)
    };
    // Wednesday 25 November, 05:00 UTC.
    let (p1, t1) = file("KZ-75", "election_violation").await;
    let (p2, t2) = file("KZ-75", "election_violation").await;
    let (p3, _) = file("KZ-71", "election_violation").await;
    let (p4, _) = file("KZ-71", "roads").await;
    app.set_time("2026-11-25T06:00:00Z");
    ok(app.act(&ta, p1, json!({"action": "acknowledge"})).await).await;
    app.set_time("2026-11-25T07:00:00Z");
    ok(app
        .act(
            &admin,
            p3,
            json!({"action": "assign", "representative_id": a}),
        )
        .await)
    .await;
    app.set_time("2026-11-25T08:00:00Z");
    ok(app.act(&ta, p3, json!({"action": "acknowledge"})).await).await;
    app.set_time("2026-11-25T09:00:00Z");
    ok(app
        .act(&ta, p1, json!({"action": "resolve", "note": "Done."}))
        .await)
    .await;
    app.set_time("2026-11-25T10:00:00Z");
    citizen_says(&app, &t1, "fixed").await;
    app.set_time("2026-11-25T11:00:00Z");
    ok(app
        .act(&ta, p2, json!({"action": "resolve", "note": "Done."}))
        .await)
    .await;
    app.set_time("2026-11-25T12:00:00Z");
    citizen_says(&app, &t2, "not-fixed").await;
    app.set_time("2026-11-25T13:00:00Z");
    ok(app
        .act(&ta, p2, json!({"action": "resolve", "note": "Done now."}))
        .await)
    .await;
    app.set_time("2026-11-25T14:00:00Z");
    citizen_says(&app, &t2, "not-fixed").await;
    app.set_time("2026-11-26T06:00:00Z");
    let (p5, _) = file("KZ-75", "election_violation").await;
    app.set_time("2026-11-26T10:00:00Z");
    ok(app
        .act(&ta, p3, json!({"action": "resolve", "note": "Late."}))
        .await)
    .await;
    app.set_time("2026-11-27T03:00:00Z");
    app.job("sla").await;
    app.deliver().await;
    History {
        app,
        a,
        b,
        ids: [p1, p2, p3, p4, p5],
    }
}

async fn stats(app: &TestApp, query: &str) -> Value {
    let res = app
        .api
        .get(app.url(&format!("/api/v1/stats?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("{v} is a number"));
    assert!((x - expected).abs() < 1e-9, "{x} != {expected}");
}

#[tokio::test]
async fn every_figure_of_the_hand_made_history() {
    let h = history().await;
    let app = &h.app;
    let s = stats(
        app,
        "period=custom&from=2026-11-25&to=2026-11-26&group_by=region",
    )
    .await;
    assert_eq!(s["period"]["start"], "2026-11-24T19:00:00Z");
    assert_eq!(s["period"]["end"], "2026-11-26T19:00:00Z");
    let o = &s["overview"];
    assert_eq!(
        o["counts"],
        json!({"received": 5, "routed": 6, "acknowledged": 3, "resolved": 4, "fixed": 1,
               "reopened": 2, "rejected": 0, "no_answer": 0})
    );
    assert_eq!(o["previous"]["received"], 0);
    assert_eq!(
        (&o["open"], &o["overdue"], &o["escalated"]),
        (&json!(3), &json!(2), &json!(0))
    );
    assert_eq!(o["age_bands"], json!([3, 0, 0, 0, 0]));
    // Acknowledged after 1, 1 and 6 hours: median 1 h, 90th percentile 1 + 0.8 × 5 = 5 h.
    assert_eq!(o["acknowledge"]["count"], 3);
    close(&o["acknowledge"]["median_days"], 1.0 / 24.0);
    close(&o["acknowledge"]["p90_days"], 5.0 / 24.0);
    // Resolved after 4, 6, 8 and 27 hours: median 7 h, p90 8 + 0.7 × 19 = 21.3 h.
    assert_eq!(o["resolve"]["count"], 4);
    close(&o["resolve"]["median_days"], 7.0 / 24.0);
    close(&o["resolve"]["p90_days"], 21.3 / 24.0);
    // One "fixed" of three verdicts; two reopenings for four resolutions.
    close(&o["confirmed_share"], 1.0 / 3.0);
    close(&o["reopened_share"], 0.5);
    // Deadlines in the period and passed: P1 on time, P2 still open past it, P3 late.
    assert_eq!(o["on_time"]["due"], 3);
    assert_eq!(o["on_time"]["on_time"], 1);
    assert_eq!(o["on_time"]["late"], 2);
    close(&o["on_time"]["rate"], 1.0 / 3.0);
    // Daily chart.
    assert_eq!(
        s["series"],
        json!([{"start": "2026-11-24T19:00:00Z", "received": 4, "resolved": 3},
               {"start": "2026-11-25T19:00:00Z", "received": 1, "resolved": 1}])
    );
    // By region: P3 was reassigned to Almaty's representative but stays Astana's problem.
    let groups = s["groups"].as_array().unwrap();
    let region = |code: &str| groups.iter().find(|g| g["key"] == code).unwrap().clone();
    let almaty = region("KZ-75");
    assert_eq!(almaty["name"], "Almaty");
    assert_eq!(almaty["counts"]["received"], 3);
    assert_eq!(almaty["counts"]["resolved"], 3);
    assert_eq!(
        (&almaty["open"], &almaty["overdue"]),
        (&json!(2), &json!(2))
    );
    close(&almaty["on_time"]["rate"], 0.5);
    let astana = region("KZ-71");
    assert_eq!(astana["counts"]["received"], 2);
    assert_eq!(astana["counts"]["resolved"], 1);
    close(&astana["resolve"]["median_days"], 27.0 / 24.0);
    close(&astana["acknowledge"]["median_days"], 1.0 / 24.0);
    assert_eq!(astana["on_time"]["rate"], 0.0);
    // The league table: A holds P2 and P5 (both overdue), resolved four times.
    let s = stats(
        app,
        "period=custom&from=2026-11-25&to=2026-11-26&group_by=representative",
    )
    .await;
    let groups = s["groups"].as_array().unwrap();
    let rep = |id: i32| {
        groups
            .iter()
            .find(|g| g["key"].as_str().and_then(|k| k.parse::<i32>().ok()) == Some(id))
            .unwrap()
            .clone()
    };
    let a = rep(h.a);
    assert_eq!(a["name"], "Aliya A");
    assert_eq!(a["counts"]["received"], 4);
    assert_eq!(a["counts"]["routed"], 4);
    assert_eq!(a["counts"]["resolved"], 4);
    assert_eq!((&a["open"], &a["overdue"]), (&json!(2), &json!(2)));
    close(&a["confirmed_share"], 1.0 / 3.0);
    close(&a["reopened_share"], 0.5);
    close(&a["resolve"]["median_days"], 7.0 / 24.0);
    let b = rep(h.b);
    assert_eq!(b["counts"]["received"], 1);
    assert_eq!(b["counts"]["routed"], 2);
    assert_eq!((&b["open"], &b["overdue"]), (&json!(1), &json!(0)));
    assert_eq!(b["resolve"]["median_days"], Value::Null);
    // One representative's scope.
    let s = stats(
        app,
        &format!(
            "period=custom&from=2026-11-25&to=2026-11-26&representative={}",
            h.b
        ),
    )
    .await;
    assert_eq!(s["overview"]["open"], 1);
    assert_eq!(s["overview"]["counts"]["resolved"], 0);
    // A category: the election problems only.
    let s = stats(
        app,
        "period=custom&from=2026-11-25&to=2026-11-26&category=roads",
    )
    .await;
    assert_eq!(s["overview"]["counts"]["received"], 1);
    assert_eq!(s["overview"]["open"], 1);
    // The period before had nothing; a standard period (last 7 days) holds everything.
    let s = stats(app, "period=7").await;
    assert_eq!(s["period"]["days"], 7);
    assert_eq!(s["overview"]["counts"]["received"], 5);
    assert_eq!(s["series"].as_array().unwrap().len(), 7);
    // An empty period: zeros and no rates.
    let s = stats(app, "period=custom&from=2026-10-01&to=2026-10-31").await;
    assert_eq!(s["overview"]["counts"]["received"], 0);
    assert_eq!(s["overview"]["resolve"]["median_days"], Value::Null);
    assert_eq!(s["overview"]["on_time"]["rate"], Value::Null);
    assert_eq!(
        s["overview"]["open"], 3,
        "open is counted now, whatever the period"
    );
    let _ = h.ids;
}

/// Pulls the `n` of `<a id="fig-NAME" href="HREF">N</a>` out of the overview page.
fn figure(html: &str, id: &str) -> (String, String) {
    let start = html
        .find(&format!("id=\"fig-{id}\""))
        .unwrap_or_else(|| panic!("figure {id} on the page"));
    let rest = &html[start..];
    let href = rest
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let n = rest.split('>').nth(1).unwrap().split('<').next().unwrap();
    (
        n.to_string(),
        href.replace("&#x2f;", "/").replace("&amp;", "&"),
    )
}

#[tokio::test]
async fn the_overview_page_shows_the_figures_and_each_links_to_its_problems() {
    let h = history().await;
    let app = &h.app;
    let b = app.browser();
    let page = text(
        &b,
        app.url("/dashboard?period=custom&from=2026-11-25&to=2026-11-26"),
    )
    .await;
    for (id, n) in [
        ("received", "5"),
        ("open", "3"),
        ("overdue", "2"),
        ("resolved", "4"),
        ("fixed", "1"),
        ("confirmed", "33%"),
        ("on-time", "33%"),
        ("resolve-median", "0.3"),
        ("ack-median", "0.0"),
    ] {
        assert_eq!(figure(&page, id).0, n, "figure {id}");
    }
    assert!(page.contains("<svg"), "charts are inline SVG");
    // Each number's link lists the problems it counts.
    let count_of = async |href: &str| -> u64 {
        let q = href.strip_prefix("/problems?").expect("a list link");
        let v: Value = app
            .api
            .get(app.url(&format!("/api/v1/problems?{q}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["total"].as_u64().unwrap_or_else(|| panic!("{v}"))
    };
    assert_eq!(count_of(&figure(&page, "received").1).await, 5);
    assert_eq!(count_of(&figure(&page, "open").1).await, 3);
    assert_eq!(count_of(&figure(&page, "overdue").1).await, 2);
    assert_eq!(count_of(&figure(&page, "fixed").1).await, 1);
    // Resolved 4 times, but P2 was reopened since: the list holds the 2 still resolved.
    assert_eq!(count_of(&figure(&page, "resolved").1).await, 2);
    // The on-time rate's list: the problems whose deadline fell in the period.
    assert_eq!(count_of(&figure(&page, "on-time").1).await, 3);
    // The first age band (filed in the last 7 local days) lists the three open problems.
    let chart = &page[page.find("<title>Open problems by age</title>").unwrap()..];
    let band = chart
        .split("<a href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(count_of(&band.replace("&amp;", "&")).await, 3);
    // The list page itself shows the extra filters.
    let list = text(&b, app.url(&figure(&page, "overdue").1)).await;
    assert!(list.contains("id=\"more-filters\""));
    // Every dashboard view answers, filtered, with links that keep the filters.
    for path in [
        "/dashboard/regions?period=7&region=KZ-75",
        "/dashboard/representatives?period=7&sort=resolve",
        "/dashboard/categories?period=30&category=roads",
        "/dashboard/overdue?period=7",
        &format!("/dashboard/representatives/{}?period=7", h.a),
    ] {
        let res = b.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<h1>"), "{path}");
    }
    let league = text(&b, app.url("/dashboard/representatives?period=7")).await;
    let a = league.find("Aliya A").unwrap();
    let bb = league.find("Bolat B").unwrap();
    assert!(a < bb, "the most overdue representative first");
    let overdue = text(&b, app.url("/dashboard/overdue?period=7")).await;
    assert!(overdue.contains("2 overdue problems"));
    let regions = text(&b, app.url("/dashboard/regions?period=7")).await;
    assert!(regions.contains("Shymkent"), "all 20 regions are listed");
    // A representative page shows their open problems.
    let page = text(
        &b,
        app.url(&format!("/dashboard/representatives/{}?period=7", h.a)),
    )
    .await;
    assert!(page.contains(&format!("/problems/{}", h.ids[4])));
    // Not a representative: 404.
    let res = b
        .get(app.url("/dashboard/representatives/99999"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_dashboard_and_a_digest_for_the_same_scope_and_period_agree() {
    let h = history().await;
    let app = &h.app;
    // The daily digest of Thursday 26 November, sent on Friday morning.
    app.job("digest-daily").await;
    let mails = app.deliver().await;
    for (to, query) in [
        ("almaty@league.kz", "&region=KZ-75"),
        ("admin@league.kz", ""),
    ] {
        let mail = mails
            .iter()
            .find(|m| m.to == [to] && m.subject.contains("Daily digest"))
            .unwrap_or_else(|| panic!("digest to {to}"));
        let s = stats(
            app,
            &format!("period=custom&from=2026-11-26&to=2026-11-26&group_by=representative{query}"),
        )
        .await;
        let o = &s["overview"];
        let day = |v: &Value| v.as_f64().map_or("–".into(), |d| format!("{d:.1}"));
        for line in [
            format!("Received: {} ", o["counts"]["received"]),
            format!("Routed to a representative: {} ", o["counts"]["routed"]),
            format!("Acknowledged: {} ", o["counts"]["acknowledged"]),
            format!("Resolved: {} ", o["counts"]["resolved"]),
            format!("Confirmed fixed by citizens: {} ", o["counts"]["fixed"]),
            format!("Reopened (not fixed): {} ", o["counts"]["reopened"]),
            format!(
                "Now: {} open, {} overdue, {} escalated.",
                o["open"], o["overdue"], o["escalated"]
            ),
        ] {
            assert!(
                mail.text.contains(&line),
                "{to}: {line:?} in\n{}",
                mail.text
            );
        }
        if o["resolve"]["count"].as_u64() > Some(0) {
            let line = format!(
                "Days to resolve: median {}, 90th percentile {} ({} resolved).",
                day(&o["resolve"]["median_days"]),
                day(&o["resolve"]["p90_days"]),
                o["resolve"]["count"]
            );
            assert!(
                mail.text.contains(&line),
                "{to}: {line:?} in\n{}",
                mail.text
            );
        }
        for g in s["groups"].as_array().unwrap() {
            let line = format!(
                "- {}: {} open, {} overdue, {} resolved",
                g["name"].as_str().unwrap(),
                g["open"],
                g["overdue"],
                g["counts"]["resolved"]
            );
            assert!(
                mail.text.contains(&line),
                "{to}: {line:?} in\n{}",
                mail.text
            );
        }
    }
}

#[tokio::test]
async fn bad_filters_are_422_naming_the_field() {
    let app = spawn_app().await;
    for (query, field) in [
        ("period=8", "period"),
        ("period=custom", "from"),
        ("from=2026-11-01", "to"),
        ("to=2026-11-01", "from"),
        ("from=2026-11-10&to=2026-11-01", "to"),
        ("from=2020-01-01&to=2026-11-01", "to"),
        ("from=yesterday&to=2026-11-01", "from"),
        ("from=%2B262143-12-01&to=%2B262143-12-31", "from"),
        ("region=KZ-99", "region"),
        ("category=nope", "category"),
        ("representative=abc", "representative"),
        ("group_by=party", "group_by"),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/api/v1/stats?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["field"], field, "{query}");
        if field != "group_by" {
            let res = app
                .api
                .get(app.url(&format!("/dashboard?{query}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 422, "page {query}");
        }
    }
    for (query, field) in [
        ("overdue=maybe", "overdue"),
        ("received_from=2026-13-01", "received_from"),
        ("received_to=%2B262143-12-31", "received_to"),
        ("verdict=great", "verdict"),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/api/v1/problems?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["field"], field, "{query}");
    }
    let res = app
        .api
        .get(app.url("/dashboard/overdue?page=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = app
        .api
        .get(app.url("/dashboard/regions?sort=best"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn cached_figures_are_recounted_once_the_event_log_moves_on() {
    use civic_tracker::app::AppState;
    use civic_tracker::domain::stats::{self, Scope};
    use civic_tracker::services::stats::{Counted, facts};
    let app = spawn_app().await;
    app.rep("a@party.kz", "Aliya A", Some("KZ-75"), None).await;
    let mut config = (*app.state.config).clone();
    config.dashboard.max_age_seconds = 1;
    let st = AppState::start(config, app.state.clock.clone(), app.state.mailer.clone())
        .await
        .unwrap();
    let period = stats::last_days(st.clock.now(), 7, st.tz);
    let previous = stats::before(period);
    let received = |c: &Counted| {
        stats::summarize(&c.facts, &Scope::all(), |_| Some(()))
            .remove(&())
            .map_or(0, |s| s.counts.received)
    };
    let first = facts(&st, period, previous).await.unwrap();
    assert_eq!(received(&first), 0);
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    // Younger than max_age: the same counts, without asking the database.
    let again = facts(&st, period, previous).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    // Views computed from the counts are kept with them.
    let v = again
        .memo("k".into(), || async { Ok(json!(1)) })
        .await
        .unwrap();
    let w = again
        .memo("k".into(), || async { Ok(json!(2)) })
        .await
        .unwrap();
    assert_eq!((v.as_ref(), w.as_ref()), (&json!(1), &json!(1)));
    // Older by the app's clock, and the event log moved on: recounted in the background,
    // the old counts are served meanwhile.
    st.clock.advance(chrono::Duration::seconds(2));
    let meanwhile = facts(&st, period, previous).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &meanwhile));
    st.stats.settled((period, previous)).await;
    let now = facts(&st, period, previous).await.unwrap();
    assert_eq!(received(&now), 1, "recounted after the new problem");
    assert!(!std::sync::Arc::ptr_eq(&first, &now));
    let memo = now
        .memo("k".into(), || async { Ok(json!(3)) })
        .await
        .unwrap();
    assert_eq!(*memo, json!(3), "the views went with the old counts");
}

#[tokio::test]
async fn on_sqlite_the_dashboards_count_on_read_only_connections_that_see_the_writers_commits() {
    use sea_orm::{ConnectionTrait, DbBackend};
    let app = spawn_app().await;
    let st = &app.state;
    if st.db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    app.rep("a@party.kz", "Aliya A", Some("KZ-75"), None).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let refused = st
        .read_db
        .execute_unprepared("CREATE TABLE scratch (a INTEGER)")
        .await;
    assert!(refused.is_err(), "a read connection wrote");
    let row = st
        .read_db
        .query_one_raw(sea_orm::Statement::from_string(
            DbBackend::Sqlite,
            "SELECT COUNT(*) AS n FROM problems",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 1);
}
