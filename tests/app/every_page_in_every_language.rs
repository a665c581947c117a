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

use crate::helpers::{Mail, TestApp, problem_body, spawn_app, text};
use crate::sweep_checks::Checker;
use civic_tracker::auth::UserRole;
use civic_tracker::jobs::{self, JobName, RunRequest};
use civic_tracker::services::people;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

/// The user texts of the history: all Cyrillic but the helper's position title.
const TITLE: &str = "Сынақ мәселесі";
const DESCRIPTION: &str = "Сынақ сипаттамасы: көшедегі шам екі апта бойы жанбайды.";
const NOTE: &str = "Сынақ жазбасы.";
const NAMES: &[&str] = &[
    "Әлия Ахметова",
    "Болат Серікұлы",
    "Дана Әлиева",
    "Айгерім",
    "Deputy",
];

struct World {
    app: TestApp,
    lang: &'static str,
    mails: Vec<Mail>,
    /// Pages seen on the way (e.g. answers to forms): (what, html).
    pages: Vec<(String, String)>,
}

/// A filed problem: its id and the citizen's tracking link.
struct Filed {
    id: i32,
    track: String,
}

impl World {
    async fn deliver(&mut self) -> Vec<Mail> {
        let new = self.app.deliver().await;
        self.mails.extend(new.iter().cloned());
        new
    }

    /// Files a problem through the API in the world's language; confirms it unless told.
    async fn file(&mut self, region: &str, confirm: bool) -> Filed {
        let mut body = problem_body(region, "roads");
        body["title"] = json!(TITLE);
        body["description"] = json!(DESCRIPTION);
        body["display_name"] = json!("Айгерім");
        let res = self
            .app
            .api
            .post(self.app.url("/api/v1/problems"))
            .header("accept-language", self.lang)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap() as i32;
        let mails = self.deliver().await;
        let mail = mails
            .iter()
            .find(|m| m.text.contains(&self.app.url("/confirm/")))
            .expect("confirmation mail");
        let track = mail.raw_link(&self.app.url("/track/"));
        if confirm {
            let res = self
                .app
                .press(&mail.raw_link(&self.app.url("/confirm/")))
                .await;
            assert_eq!(res.status(), 303);
            self.deliver().await;
        }
        Filed { id, track }
    }

    async fn act(&mut self, token: &str, id: i32, body: Value) {
        let res = self.app.act(token, id, body.clone()).await;
        let status = res.status();
        assert_eq!(status, 200, "{body}: {}", res.text().await.unwrap());
        self.deliver().await;
    }

    /// Presses a button of the citizen's tracking page (`answer`, `fixed`, ...).
    async fn citizen(&mut self, f: &Filed, button: &str, note: Option<&str>) {
        let b = self.app.browser();
        let page = text(&b, &f.track).await;
        let csrf = TestApp::csrf_of(&page);
        let path = f.track.split('?').next().unwrap();
        let mut form = vec![("csrf", csrf.as_str())];
        if let Some(n) = note {
            form.push(("note", n));
        }
        let res = b
            .post(format!("{path}/{button}"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{button}");
        self.deliver().await;
    }

    async fn job(&mut self, name: &str) {
        self.app.job(name).await;
        self.deliver().await;
    }
}

async fn history(lang: &'static str) -> (World, Vec<Filed>, i32) {
    let app = spawn_app().await;
    let rep = app.rep("rep@party.kz", NAMES[0], Some("KZ-75"), None).await;
    let coord = app
        .user("coord@league.kz", NAMES[1], UserRole::Coordinator, &[])
        .await;
    let admin = app
        .user("admin@league.kz", NAMES[2], UserRole::Admin, &[])
        .await;
    for id in [rep, coord, admin] {
        people::set_digests(&app.state.db, id, true, true)
            .await
            .unwrap();
    }
    let rep_token = app.token("rep@party.kz").await;
    let coord_token = app.token("coord@league.kz").await;
    let mut w = World {
        app,
        lang,
        mails: Vec::new(),
        pages: Vec::new(),
    };
    for id in [rep, coord, admin] {
        people::set_language(&w.app.state.db, id, lang)
            .await
            .unwrap();
    }
    // A sign-in link in the language (the page that says it was sent, too).
    let b = w.app.browser();
    let login = text(&b, w.app.url(&format!("/login?lang={lang}"))).await;
    let res = b
        .post(w.app.url("/login"))
        .form(&[
            ("email", "rep@party.kz"),
            ("csrf", &TestApp::csrf_of(&login)),
        ])
        .send()
        .await
        .unwrap();
    w.pages
        .push(("login sent".into(), res.text().await.unwrap()));
    w.deliver().await;

    let (r, c) = (rep_token.as_str(), coord_token.as_str());
    let unconfirmed = w.file("KZ-75", false).await;
    let assigned = w.file("KZ-75", true).await;
    let acknowledged = w.file("KZ-75", true).await;
    let in_progress = w.file("KZ-75", true).await;
    let fixed = w.file("KZ-75", true).await;
    let reopened = w.file("KZ-75", true).await;
    let rejected = w.file("KZ-75", true).await;
    let no_answer = w.file("KZ-75", true).await;
    let resolved = w.file("KZ-75", true).await;
    // Unrouted (no representative for Astana): the triage queue.
    let new = w.file("KZ-71", true).await;
    let duplicate = w.file("KZ-71", true).await;
    let closed = w.file("KZ-71", true).await;
    let withdrawn = w.file("KZ-71", true).await;
    let routed_by_hand = w.file("KZ-71", true).await;
    // A representative who leaves: their problem goes back to the triage queue.
    let leaver = w
        .app
        .rep("leaver@party.kz", NAMES[3], Some("KZ-79"), None)
        .await;
    people::set_language(&w.app.state.db, leaver, lang)
        .await
        .unwrap();
    let returned = w.file("KZ-79", true).await;
    let admin_b = sign_in(&w.app, "admin@league.kz").await;
    w.deliver().await;
    let csrf = TestApp::csrf_of(&text(&admin_b, w.app.url("/account")).await);
    let res = admin_b
        .post(
            w.app
                .url(&format!("/admin/representatives/{leaver}/deactivate")),
        )
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    w.deliver().await;

    // A neighbour supports a problem and follows it; the citizen supports their own.
    for email in ["neighbour@example.kz", "citizen@example.kz"] {
        let res = w
            .app
            .api
            .post(
                w.app
                    .url(&format!("/api/v1/problems/{}/supports", acknowledged.id)),
            )
            .header("accept-language", lang)
            .json(&json!({"email": email, "notify": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
    }
    let mails = w.deliver().await;
    let support = mails
        .iter()
        .find(|m| m.to == ["neighbour@example.kz"])
        .expect("support confirmation");
    let res = w
        .app
        .press(&support.raw_link(&w.app.url("/support/confirm/")))
        .await;
    assert_eq!(res.status(), 303);
    w.deliver().await;

    w.act(r, assigned.id, json!({"action": "comment", "note": NOTE}))
        .await;
    w.act(
        r,
        assigned.id,
        json!({"action": "ask_citizen", "note": NOTE}),
    )
    .await;
    w.citizen(&assigned, "answer", Some(NOTE)).await;
    w.act(
        r,
        assigned.id,
        json!({"action": "request_reassign", "note": NOTE}),
    )
    .await;
    w.act(r, acknowledged.id, json!({"action": "acknowledge"}))
        .await;
    w.act(r, in_progress.id, json!({"action": "start", "note": NOTE}))
        .await;
    for f in [&fixed, &reopened, &no_answer] {
        w.act(r, f.id, json!({"action": "resolve", "note": NOTE}))
            .await;
    }
    w.citizen(&fixed, "fixed", None).await;
    w.citizen(&reopened, "not-fixed", Some(NOTE)).await;
    w.act(r, rejected.id, json!({"action": "reject", "note": NOTE}))
        .await;
    w.act(
        c,
        duplicate.id,
        json!({"action": "mark_duplicate", "duplicate_of": new.id}),
    )
    .await;
    w.act(c, closed.id, json!({"action": "close", "note": NOTE}))
        .await;
    w.citizen(&withdrawn, "withdraw", None).await;
    w.act(
        c,
        routed_by_hand.id,
        json!({"action": "assign", "representative_id": rep}),
    )
    .await;
    w.citizen(&resolved, "erase", None).await;

    // Deadlines pass: overdue, reminded, escalated; the citizen is asked by mail, and the
    // unanswered question closes the problem.
    w.app.set_time("2026-12-01T06:00:00Z");
    w.job("sla").await;
    w.job("citizen-check").await;
    w.app.set_time("2026-12-08T06:00:00Z");
    w.job("sla").await;
    w.app.set_time("2026-12-16T06:00:00Z");
    w.job("citizen-check").await;
    // A resolution whose citizen erased their address: asked on the page.
    w.act(r, resolved.id, json!({"action": "resolve", "note": NOTE}))
        .await;
    w.app.set_time("2026-12-21T06:00:00Z");
    w.job("citizen-check").await;
    w.app.set_time("2026-12-28T06:00:00Z");
    w.job("sla").await;
    for job in [
        JobName::DigestDaily,
        JobName::DigestWeekly,
        JobName::RepSummary,
    ] {
        let at = w.app.state.clock.now();
        jobs::run(
            &w.app.state,
            RunRequest {
                job,
                at,
                tick: None,
                force: true,
            },
        )
        .await
        .expect("digest runs");
        w.deliver().await;
    }
    let problems = vec![
        unconfirmed,
        assigned,
        acknowledged,
        in_progress,
        fixed,
        reopened,
        rejected,
        no_answer,
        resolved,
        new,
        duplicate,
        closed,
        withdrawn,
        routed_by_hand,
        returned,
    ];
    (w, problems, rep)
}

/// Signs a browser in by the magic link of a mail in any language.
async fn sign_in(app: &TestApp, email: &str) -> reqwest::Client {
    let b = app.browser();
    let page = text(&b, app.url("/login")).await;
    let res = b
        .post(app.url("/login"))
        .form(&[("email", email), ("csrf", &TestApp::csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mails = app.deliver().await;
    let mail = mails.iter().find(|m| m.to == [email.to_string()]).unwrap();
    let link = mail.link(&app.url("/login/"));
    let page = text(&b, &link).await;
    let res = b
        .post(&link)
        .form(&[("csrf", TestApp::csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    b
}

/// `path` with the page's language asked for.
fn in_lang(path: &str, lang: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={lang}")
}

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
