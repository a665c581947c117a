//! Issue 14's proof: every page and every e-mail, in Kazakh, Russian and English, with
//! nothing raw (no catalog key, no unfilled placeable, no Fluent error marker) and, in
//! Kazakh and Russian, no English word outside user text and proper names
//! (`sweep_checks::ALLOWED_LATIN`).
//!
//! One app per language: everyone (citizens, supporters, staff) reads that language. The
//! history gives problems every status and timelines every event kind: filed and left
//! unconfirmed; routed; unrouted (triage) and then assigned, marked a duplicate, closed or
//! withdrawn; acknowledged, started, commented, a question asked and answered, a
//! reassignment asked for; resolved and confirmed fixed, reported not fixed, left
//! unanswered (asked by mail, closed with no answer), asked on the page; rejected;
//! contact details erased; overdue and escalated. Mails of every kind go out on the way,
//! and the digests and summaries are sent at the end. Then every page (public, the
//! citizen's, each staff role's, errors, empty dashboards, and every link of every mail)
//! and every mail (subject, text, HTML) is checked.

use crate::elections::{HEADER, election_of, stations};
use crate::helpers::{TestApp, text};
use crate::sweep_checks::Checker;
use crate::sweep_history::{DESCRIPTION, NAMES, NOTE, TITLE, history, in_lang, sign_in};
use sea_orm::EntityTrait;

/// An election's names (kk, ru, en) and a station's district and address: people's text.
const ELECTION: [&str; 3] = [
    "Алматы қалалық мәслихатының сайлауы",
    "Выборы в маслихат города Алматы",
    "Almaty city maslikhat election",
];
const STATION: [&str; 2] = ["Бостандық ауданы", "Абай даңғылы 10"];
/// An accredited observer's name: people's text.
const OBSERVER: &str = "Нұрлан Байқаушы";

async fn sweep(lang: &'static str) {
    let (w, problems, rep) = history(lang).await;
    let mut checker = Checker::new();
    checker.user_texts = [TITLE, DESCRIPTION, NOTE]
        .iter()
        .chain(NAMES)
        .map(|s| s.to_string())
        .collect();
    let app = &w.app;
    let anon = app.browser();
    // Signed in now: the history's weeks outlived the sessions.
    let rep_b = &sign_in(app, "rep@party.kz").await;
    let coord_b = &sign_in(app, "coord@league.kz").await;
    let admin_b = &sign_in(app, "admin@league.kz").await;
    checker
        .user_texts
        .push(app.state.config.organisation.name.clone());
    checker
        .user_texts
        .push(app.state.config.organisation.party.clone());
    // An election on now (issue 20) with a polling station: the home page's block, the
    // form's election fields, the stations' pages and the admins' page.
    let today = app
        .state
        .clock
        .now()
        .with_timezone(&app.state.tz)
        .date_naive();
    let maslikhat = |day: chrono::NaiveDate| async move {
        election_of(app, "maslikhat", ELECTION, &day.to_string(), "KZ-75").await
    };
    let election = maslikhat(today + chrono::Days::new(20)).await;
    stations(
        app,
        &format!(
            "{HEADER}{election},101,KZ-75,{},{},43.2389,76.8897\n",
            STATION[0], STATION[1]
        ),
    )
    .await;
    checker
        .user_texts
        .extend(ELECTION.iter().chain(&STATION).map(|s| s.to_string()));
    let home = text(&anon, app.url(&in_lang("/", lang))).await;
    assert!(
        home.contains(&format!("/elections/{election}/stations")),
        "the election is on"
    );
    let station = text(
        &anon,
        app.url(&in_lang(
            &format!("/elections/{election}/stations/101"),
            lang,
        )),
    )
    .await;
    assert!(station.contains(STATION[1]), "the station's page");
    // Two earlier elections of the same kind, their results dates passed: the election
    // report (compared with the one before) and its mail to coordinators and admins.
    maslikhat(today - chrono::Days::new(60)).await;
    let reported = maslikhat(today - chrono::Days::new(30)).await;
    app.job("election-report").await;
    let report_mails = app.deliver().await;
    assert!(!report_mails.is_empty(), "the election reports are mailed");
    for m in &report_mails {
        checker.check(
            &format!("mail {:?} subject", m.subject),
            lang,
            &m.subject,
            false,
        );
        checker.check(&format!("mail {:?} text", m.subject), lang, &m.text, false);
        checker.check(&format!("mail {:?} html", m.subject), lang, &m.html, true);
    }
    // What admins write (seeded in English until they change it): holiday names, and the
    // English names and descriptions /admin/categories edits next to the others; codes.
    use civic_tracker::entities::{category, holiday};
    for h in holiday::Entity::find().all(&app.state.db).await.unwrap() {
        checker.admin_texts.push(h.name);
    }
    for c in category::Entity::find().all(&app.state.db).await.unwrap() {
        checker
            .admin_texts
            .extend([c.name_en, c.description_en, c.code, c.group_code]);
    }

    let mut pages: Vec<(&reqwest::Client, String)> = Vec::new();
    for path in [
        "/",
        "/problems",
        "/problems?status=closed",
        "/problems/new",
        "/login",
        "/dashboard",
        "/dashboard/regions",
        "/dashboard/representatives",
        "/dashboard/categories",
        "/dashboard/overdue",
        // Empty dashboards: a period with nothing in it.
        "/dashboard?period=custom&from=2025-01-01&to=2025-01-31",
        "/dashboard/regions?period=custom&from=2025-01-01&to=2025-01-31",
        "/dashboard/representatives?period=custom&from=2025-01-01&to=2025-01-31",
        "/dashboard/categories?period=custom&from=2025-01-01&to=2025-01-31",
        "/dashboard/overdue?region=KZ-10",
        "/no-such-page",
        "/problems/999999",
        "/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/workspace",
    ] {
        pages.push((&anon, path.to_string()));
    }
    pages.push((&anon, format!("/dashboard/representatives/{rep}")));
    for path in [
        format!("/elections/{election}"),
        format!("/elections/{election}/stations"),
        format!("/elections/{election}/stations?q=%D0%90%D0%B1%D0%B0%D0%B9"),
        format!("/elections/{election}/stations?q=999"),
        format!("/elections/{election}/stations/101"),
        format!("/problems/new?region=KZ-75&election={election}&polling_station=101"),
        // Not yet published (404, saying when), and published.
        format!("/elections/{election}/report"),
        format!("/elections/{reported}/report"),
        format!("/elections/{reported}"),
    ] {
        pages.push((&anon, path));
    }
    for path in [
        "/admin/elections".to_string(),
        format!("/admin/elections/{election}"),
    ] {
        pages.push((admin_b, path));
    }
    // An election report, verified by the admin: the "verify" event and the finding on
    // the public page, in every language.
    let body = serde_json::json!({
        "title": TITLE, "description": DESCRIPTION, "category": "election_vote_buying",
        "region": "KZ-75", "email": "voter@example.kz", "election": election,
    });
    let (report, _) = app.file_confirmed(&body).await;
    let page = text(admin_b, app.url(&format!("/problems/{report}"))).await;
    assert!(
        page.contains("id=\"verify\""),
        "the admin is offered the form"
    );
    let res = admin_b
        .post(app.url(&format!("/problems/{report}/verify")))
        .form(&[
            ("csrf", TestApp::csrf_of(&page).as_str()),
            ("verified", "true"),
            ("note", NOTE),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    pages.push((&anon, format!("/problems/{report}")));
    pages.push((admin_b, format!("/problems/{report}")));
    // An accredited observer scoped to the station: their workspace, and their report,
    // named as they chose and with the time they saw it.
    let observer = app
        .user(
            "observer@league.kz",
            OBSERVER,
            civic_tracker::auth::UserRole::Observer,
            &["KZ-75"],
        )
        .await;
    civic_tracker::services::observers::set_stations(&app.state, observer, &[(election, 101)])
        .await
        .unwrap();
    checker.user_texts.push(OBSERVER.to_string());
    let token = app.token("observer@league.kz").await;
    let now = app.state.clock.now();
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "title": TITLE, "description": DESCRIPTION, "category": "election_polling_station",
            "region": "KZ-75", "election": election, "polling_station": 101,
            "observed_at": (now - chrono::Duration::minutes(20)).to_rfc3339(), "show_name": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let observed: serde_json::Value = res.json().await.unwrap();
    let observer_b = &sign_in(app, "observer@league.kz").await;
    let workspace = text(observer_b, app.url("/workspace/observer")).await;
    assert!(
        workspace.contains("id=\"observer-form\""),
        "the observer's workspace with its form: {workspace}"
    );
    pages.push((observer_b, "/workspace/observer".to_string()));
    pages.push((&anon, format!("/problems/{}", observed["id"])));
    for p in &problems {
        pages.push((&anon, format!("/problems/{}", p.id)));
        pages.push((&anon, p.track.clone()));
        pages.push((rep_b, format!("/workspace/problems/{}", p.id)));
        pages.push((coord_b, format!("/workspace/problems/{}", p.id)));
    }
    for path in ["/workspace", "/account", "/triage"] {
        pages.push((rep_b, path.to_string()));
    }
    for path in [
        "/triage",
        "/admin/representatives",
        "/admin/rules",
        "/admin/categories",
        "/account",
        "/admin/jobs",
    ] {
        pages.push((coord_b, path.to_string()));
    }
    for path in [
        "/admin/jobs",
        "/admin/mail",
        "/admin/access-log",
        "/admin/holidays",
        "/admin/users",
        "/admin/representatives",
        "/account",
    ] {
        pages.push((admin_b, path.to_string()));
    }
    // Every link of every mail, as its reader opens it.
    let mut links: Vec<String> = Vec::new();
    for m in &w.mails {
        for word in m.text.split_whitespace() {
            if word.starts_with(&app.addr) && !links.contains(&word.to_string()) {
                links.push(word.to_string());
            }
        }
    }
    for link in &links {
        pages.push((&anon, link.clone()));
    }
    // The problem lists the dashboards link to, with their filters.
    for path in ["/dashboard", "/dashboard/overdue", "/dashboard/regions"] {
        let html = text(&anon, app.url(path)).await;
        for part in html.split("href=\"/problems?").skip(1) {
            let query = part.split('"').next().unwrap().replace("&amp;", "&");
            let path = format!("/problems?{query}");
            if !pages.iter().any(|(_, p)| *p == path) {
                pages.push((&anon, path));
            }
        }
    }
    for (client, path) in &pages {
        let url = if path.starts_with("http") {
            path.clone()
        } else {
            app.url(&in_lang(path, lang))
        };
        let res = client.get(&url).send().await.unwrap();
        let status = res.status().as_u16();
        let html = res.text().await.unwrap();
        if status != 303 {
            assert!(
                html.contains(&format!("lang=\"{lang}\"")),
                "{url} ({status}) is not in {lang}"
            );
        }
        checker.check(&format!("{path} ({status})"), lang, &html, true);
    }
    // The answers of the mails' one-click pages (stop following, unsubscribe).
    for kind in ["/support/stop/", "/digests/unsubscribe/"] {
        let link = links
            .iter()
            .find(|l| l.contains(kind))
            .unwrap_or_else(|| panic!("a mail links to {kind}"));
        let b = app.browser();
        let page = text(&b, link).await;
        // The signed link is the authority; a CSRF token goes along where the form has one.
        let form: Vec<(&str, String)> = if page.contains("name=\"csrf\"") {
            vec![("csrf", TestApp::csrf_of(&page))]
        } else {
            Vec::new()
        };
        let res = b.post(link).form(&form).send().await.unwrap();
        let status = res.status().as_u16();
        assert!(status < 400, "{link}: {status}");
        let html = match res.headers().get("location") {
            Some(to) => text(&b, app.url(to.to_str().unwrap())).await,
            None => res.text().await.unwrap(),
        };
        checker.check(&format!("{kind} answered ({status})"), lang, &html, true);
    }
    // A form sent back with errors (422) and other answers to forms.
    let form = text(&anon, app.url(&in_lang("/problems/new", lang))).await;
    let res = anon
        .post(app.url("/problems/new"))
        .form(&[("csrf", TestApp::csrf_of(&form).as_str()), ("title", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    checker.check(
        "/problems/new (422)",
        lang,
        &res.text().await.unwrap(),
        true,
    );
    for (what, html) in &w.pages {
        checker.check(what, lang, html, true);
    }

    for m in &w.mails {
        checker.check(
            &format!("mail {:?} subject", m.subject),
            lang,
            &m.subject,
            false,
        );
        checker.check(&format!("mail {:?} text", m.subject), lang, &m.text, false);
        checker.check(&format!("mail {:?} html", m.subject), lang, &m.html, true);
    }
    // Every status and every kind of event is in the history.
    use civic_tracker::domain::state::Status;
    use civic_tracker::domain::status::Action;
    use civic_tracker::entities::{problem, problem_event};
    let statuses: std::collections::BTreeSet<Status> = problem::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.status)
        .collect();
    assert_eq!(statuses.len(), Status::ALL.len(), "statuses: {statuses:?}");
    let actions: std::collections::BTreeSet<Action> = problem_event::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    let missing: Vec<&Action> = Action::ALL
        .iter()
        .filter(|a| !actions.contains(a))
        .collect();
    assert!(
        missing.is_empty(),
        "event kinds never recorded: {missing:?}"
    );
    // Every kind of mail went out (the sign-ins' before the languages were set).
    let kinds: std::collections::BTreeSet<String> = civic_tracker::entities::outbox::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    let all: std::collections::BTreeSet<String> =
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/email"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    assert_eq!(kinds, all, "mail kinds sent");
    checker.finish();
}

#[tokio::test]
async fn every_page_and_mail_in_kazakh_is_complete_and_kazakh() {
    sweep("kk").await;
}

#[tokio::test]
async fn every_page_and_mail_in_russian_is_complete_and_russian() {
    sweep("ru").await;
}

#[tokio::test]
async fn every_page_and_mail_in_english_is_complete() {
    sweep("en").await;
}
