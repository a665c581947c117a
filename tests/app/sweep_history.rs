//! The history `every_page_in_every_language` checks: one app whose people all read one
//! language, problems in every status, timelines with every event kind, mails of every
//! kind (see that file's header for the story).

use crate::helpers::{Mail, TestApp, problem_body, spawn_app_with, text};
use civic_tracker::auth::UserRole;
use civic_tracker::jobs::{self, JobName, RunRequest};
use civic_tracker::services::people;
use serde_json::{Value, json};

/// The user texts of the history: all Cyrillic but the helper's position title.
pub const TITLE: &str = "Сынақ мәселесі";
pub const DESCRIPTION: &str = "Сынақ сипаттамасы: көшедегі шам екі апта бойы жанбайды.";
pub const NOTE: &str = "Сынақ жазбасы.";
pub const NAMES: &[&str] = &[
    "Әлия Ахметова",
    "Болат Серікұлы",
    "Дана Әлиева",
    "Айгерім",
    "Deputy",
];

pub struct World {
    pub app: TestApp,
    pub lang: &'static str,
    pub mails: Vec<Mail>,
    /// Pages seen on the way (e.g. answers to forms): (what, html).
    pub pages: Vec<(String, String)>,
}

/// A filed problem: its id and the citizen's tracking link.
pub struct Filed {
    pub id: i32,
    pub track: String,
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
        self.follow(&b, &format!("after {button}"), res).await;
        self.deliver().await;
    }

    /// Keeps the page a form's redirect leads to (its flash says what happened).
    async fn follow(&mut self, b: &reqwest::Client, what: &str, res: reqwest::Response) {
        let to = res.headers()["location"].to_str().unwrap().to_string();
        let url = if to.starts_with('/') {
            self.app.url(&to)
        } else {
            to
        };
        // `press` pressed in a browser of its own, which the mail's link gave the
        // language's cookie; this one says it by the parameter.
        let url = if url.contains("lang=") {
            url
        } else {
            in_lang(&url, self.lang)
        };
        self.pages
            .push((format!("{what}: {url}"), text(b, url).await));
    }

    async fn job(&mut self, name: &str) {
        self.app.job(name).await;
        self.deliver().await;
    }
}

pub async fn history(lang: &'static str) -> (World, Vec<Filed>, i32) {
    // Replies by e-mail on: the mails that expect an answer say how to give one.
    let app = spawn_app_with(|c| c.inbound.reply_domain = "reply.civic.test".into()).await;
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

    // Filed through the form, in the switcher's language: the page that answers.
    let b = w.app.browser();
    b.get(w.app.url(&format!("/language/{lang}?next=/")))
        .send()
        .await
        .unwrap();
    let form = text(&b, w.app.url("/problems/new")).await;
    let res = b
        .post(w.app.url("/problems/new"))
        .form(&[
            ("csrf", TestApp::csrf_of(&form).as_str()),
            ("title", TITLE),
            ("description", DESCRIPTION),
            ("category", "roads"),
            ("region", "KZ-75"),
            ("email", "citizen@example.kz"),
            ("consent", "on"),
        ])
        .send()
        .await
        .unwrap();
    if res.status().is_redirection() {
        w.follow(&b, "after filing", res).await;
    } else {
        w.pages
            .push(("after filing".into(), res.text().await.unwrap()));
    }
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
    let b = w.app.browser();
    w.follow(&b, "after confirming support", res).await;
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
    replies(&mut w).await;
    (w, problems, rep)
}

/// Replies by e-mail: a coordinator's answer to a triage mail (an internal note once the
/// undo period is over) and a citizen's reply with nothing above the quote (refused, and
/// told why): the confirmation, the refusal and the undo page in the language.
async fn replies(w: &mut World) {
    let reply_to = |to: &str| {
        w.mails
            .iter()
            .rev()
            .find_map(|m| {
                (m.to == [to.to_string()])
                    .then(|| m.reply_to.clone())
                    .flatten()
            })
            .unwrap_or_else(|| panic!("a mail to {to} expects an answer"))
    };
    let sent = [
        (
            "coord@league.kz",
            reply_to("coord@league.kz"),
            NOTE.to_string(),
        ),
        (
            "citizen@example.kz",
            reply_to("citizen@example.kz"),
            format!("> {NOTE}"),
        ),
    ];
    for (from, to, body) in sent {
        let raw = format!(
            "From: {from}\r\nTo: {to}\r\nSubject: Re\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        );
        civic_tracker::services::inbound::receive(&w.app.state, raw.as_bytes(), &[])
            .await
            .unwrap();
    }
    w.deliver().await;
    w.app.state.clock.advance(chrono::Duration::minutes(16));
    w.job("inbound").await;
}

/// Signs a browser in by the magic link of a mail in any language.
pub async fn sign_in(app: &TestApp, email: &str) -> reqwest::Client {
    let b = app.browser();
    let page = text(&b, app.url("/login")).await;
    let res = b
        .post(app.url("/login"))
        .form(&[("email", email), ("csrf", &TestApp::csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
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
pub fn in_lang(path: &str, lang: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={lang}")
}
