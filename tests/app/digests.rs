//! Digest e-mails: exactly one per recipient and period even with several processes,
//! nothing lost while the mail server is down, missed runs caught up once, one-click
//! unsubscribe, and representatives' weekly summaries.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use chrono::{DateTime, Utc};
use civic_tracker::auth::UserRole;
use civic_tracker::config::Secret;
use civic_tracker::jobs::{self, JobName, Ran, RunRequest};
use civic_tracker::mail::Mailer;
use civic_tracker::services::digest::{self, DigestKind};
use serde_json::json;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Two coordinators with regions, one for everything, an admin, a representative, and a
/// little activity on Wednesday 25 November.
async fn setup() -> TestApp {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep <Aliya>", Some("KZ-75"), None)
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
    app.user("all@league.kz", "All", UserRole::Coordinator, &[])
        .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user("monitor@league.kz", "Monitor", UserRole::Monitor, &[])
        .await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("Pothole <b>deep</b> & wide");
    app.file_confirmed(&body).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    app
}

fn run(job: JobName, at: &str, tick: bool) -> RunRequest {
    let at = utc(at);
    RunRequest {
        job,
        at,
        tick: tick.then_some(at),
        force: false,
    }
}

#[tokio::test]
async fn three_processes_firing_at_once_send_one_digest_per_coordinator() {
    let app = setup().await;
    let b = app.another_process().await;
    let c = app.another_process().await;
    // Thursday 26 November, 08:00 in Almaty: the digest of Wednesday.
    app.set_time("2026-11-26T03:00:00Z");
    let req = run(JobName::DigestDaily, "2026-11-26T03:00:00Z", true);
    let (ra, rb, rc) = tokio::join!(
        jobs::run(&app.state, req),
        jobs::run(&b, req),
        jobs::run(&c, req)
    );
    let ran = [ra.unwrap(), rb.unwrap(), rc.unwrap()];
    assert_eq!(
        ran.iter().filter(|r| matches!(r, Ran::Done { .. })).count(),
        1,
        "{ran:?}"
    );
    // The unique key holds even without the job lease: three builders at once.
    let at = utc("2026-11-26T03:00:00Z");
    let (x, y, z) = tokio::join!(
        digest::send_digests(&app.state, DigestKind::Daily, at, false),
        digest::send_digests(&b, DigestKind::Daily, at, false),
        digest::send_digests(&c, DigestKind::Daily, at, false)
    );
    for r in [x.unwrap(), y.unwrap(), z.unwrap()] {
        assert_eq!(r.queued, 0, "{r}");
    }
    assert_eq!(
        app.count("digests").await,
        4,
        "3 coordinators and the admin"
    );
    let mails = app.deliver().await;
    let digests: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Daily digest"))
        .collect();
    assert_eq!(digests.len(), 4);
    for to in [
        "almaty@league.kz",
        "astana@league.kz",
        "all@league.kz",
        "admin@league.kz",
    ] {
        assert_eq!(
            digests.iter().filter(|m| m.to == [to.to_string()]).count(),
            1,
            "{to}"
        );
    }
    // Scopes: Astana's coordinator had a quiet day; Almaty's saw two problems.
    let astana = digests
        .iter()
        .find(|m| m.to[0] == "astana@league.kz")
        .unwrap();
    assert!(
        astana
            .text
            .contains("A quiet day: no problem was received or changed status in Astana."),
        "{}",
        astana.text
    );
    let almaty = digests
        .iter()
        .find(|m| m.to[0] == "almaty@league.kz")
        .unwrap();
    assert!(
        almaty.text.contains("Received: 2 (▲ 2 from 0)"),
        "{}",
        almaty.text
    );
    assert!(almaty.text.contains("- Rep <Aliya>: 2 open, 0 overdue"));
    assert!(almaty.html.contains("Rep &lt;Aliya&gt;"));
    assert!(!almaty.html.contains("Rep <Aliya>"));
    assert!(!almaty.text.contains("citizen@example.kz"));
    // Running the job again for the same tick sends nothing.
    assert_eq!(jobs::run(&app.state, req).await.unwrap(), Ran::AlreadyDone);
    app.job("digest-daily").await;
    assert!(app.deliver().await.is_empty());
}

#[tokio::test]
async fn digests_wait_in_the_outbox_while_the_mail_server_is_down() {
    let app = setup().await;
    app.deliver().await;
    // The same process, but its mail server is gone.
    let mut down = app.state.clone();
    let mut cfg = (*app.state.config).clone();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    cfg.mail.smtp_url = Secret::new(format!("smtp://127.0.0.1:{closed}"));
    down.mailer = Mailer::from_config(&cfg).unwrap();
    app.set_time("2026-11-30T03:00:00Z");
    for job in [
        JobName::DigestDaily,
        JobName::DigestWeekly,
        JobName::RepSummary,
        JobName::Sla,
    ] {
        jobs::run(&down, run(job, "2026-11-30T03:00:00Z", false))
            .await
            .unwrap();
    }
    let r = civic_tracker::jobs::outbox::run_once(&down).await.unwrap();
    assert!(r.unreachable);
    assert_eq!(r.sent, 0);
    let admin = app
        .user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let (week, _) =
        civic_tracker::domain::stats::weekly_periods(utc("2026-11-30T03:00:00Z"), app.state.tz);
    assert!(
        !digest::was_sent(&app.state, admin, DigestKind::Weekly, week.start)
            .await
            .unwrap()
    );
    // Nothing counted against the mails, nothing dead.
    assert_eq!(
        app.count("outbox WHERE attempts > 0 OR state = 'dead'")
            .await,
        0
    );
    // The server is back.
    app.set_time("2026-11-30T03:05:00Z");
    let mails = app.deliver().await;
    let count = |p: &str| mails.iter().filter(|m| m.subject.starts_with(p)).count();
    assert_eq!(count("Daily digest"), 4);
    assert_eq!(count("Weekly digest"), 4);
    assert_eq!(count("Your week"), 1);
    assert!(
        digest::was_sent(&app.state, admin, DigestKind::Weekly, week.start)
            .await
            .unwrap()
    );
    assert!(app.deliver().await.is_empty(), "each mail once");
    let summary = mails
        .iter()
        .find(|m| m.subject.starts_with("Your week"))
        .unwrap();
    assert_eq!(summary.to, ["rep@party.kz"]);
    assert!(
        summary
            .text
            .contains("You have 2 open problem(s); 0 overdue."),
        "{}",
        summary.text
    );
    assert!(
        summary
            .text
            .contains("Acknowledge by 27 November 2026, 10:00 (UTC+05:00).")
    );
}

#[tokio::test]
async fn a_run_missed_while_down_is_caught_up_once_for_the_latest_period() {
    let app = setup().await;
    app.deliver().await;
    // The digest last ran on Monday 23 November; the service was down until Thursday 10:00.
    jobs::run(
        &app.state,
        run(JobName::DigestDaily, "2026-11-23T03:00:00Z", true),
    )
    .await
    .unwrap();
    app.deliver().await;
    app.set_time("2026-11-26T05:00:00Z");
    jobs::catch_up(&app.state).await.unwrap();
    let mails = app.deliver().await;
    let digests: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Daily digest"))
        .collect();
    assert_eq!(
        digests.len(),
        4,
        "once per recipient, not once per missed day"
    );
    assert!(
        digests
            .iter()
            .all(|m| m.subject.contains("Wednesday 25 November 2026"))
    );
    jobs::catch_up(&app.state).await.unwrap();
    assert!(
        !app.deliver()
            .await
            .iter()
            .any(|m| m.subject.starts_with("Daily digest")),
        "caught up only once"
    );
    // --force sends a period again; without it, nothing.
    let mut req = run(JobName::DigestDaily, "2026-11-26T03:00:00Z", false);
    jobs::run(&app.state, req).await.unwrap();
    assert!(app.deliver().await.is_empty());
    req.force = true;
    jobs::run(&app.state, req).await.unwrap();
    assert_eq!(app.deliver().await.len(), 4);
    assert_eq!(app.count("digests").await, 8, "Monday's and Wednesday's");
}

#[tokio::test]
async fn one_click_unsubscribe_and_the_account_page_choose_the_digests() {
    let app = setup().await;
    app.set_time("2026-11-26T03:00:00Z");
    app.job("digest-daily").await;
    let mails = app.deliver().await;
    let mail = mails
        .iter()
        .find(|m| m.to == ["almaty@league.kz"] && m.subject.starts_with("Daily"))
        .unwrap();
    let url = mail
        .list_unsubscribe
        .clone()
        .expect("List-Unsubscribe header");
    assert!(mail.text.contains(&url), "the link is in the body too");
    // The link's page changes nothing on a GET...
    let page = text(&app.api, &url).await;
    assert!(page.contains("Stop sending you the daily digest?"));
    // ...a forged signature is a 404, and a mail client's one-click POST works.
    // (The link carries the mail's language after the signature.)
    let (signed, lang) = url.split_once('?').expect("?lang=");
    assert_eq!(lang, "lang=en");
    let forged = format!("{}x?{lang}", &signed[..signed.len() - 1]);
    let res = app.api.post(&forged).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .api
        .post(&url)
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    // The page the link opens now says it is done (no button to press again).
    let page = text(&app.api, &url).await;
    assert!(!page.contains("<form method=\"post\">"), "{page}");
    app.set_time("2026-11-27T03:00:00Z");
    app.job("digest-daily").await;
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 3);
    assert!(mails.iter().all(|m| m.to != ["almaty@league.kz"]));
    // The account page: the coordinator chooses weekly only; an unknown choice is a 422.
    let b = app.login("astana@league.kz").await;
    let page = text(&b, app.url("/account")).await;
    assert!(page.contains("value=\"daily\" checked") || page.contains("value=\"both\" checked"));
    let csrf = TestApp::csrf_of(&page);
    let res = post_form(
        &b,
        app.url("/account"),
        &[("digests", "hourly"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_form(
        &b,
        app.url("/account"),
        &[("digests", "weekly"), ("csrf", &csrf)],
    )
    .await;
    let (to, page) = crate::helpers::follow(&b, &app.url(""), res).await;
    assert_eq!(to, "/account");
    assert_eq!(crate::helpers::flash_of(&page).as_deref(), Some("Saved."));
    assert!(page.contains("value=\"weekly\" checked"), "{page}");
    // Shown once: reloading the page shows no message.
    assert_eq!(
        crate::helpers::flash_of(&text(&b, app.url("/account")).await),
        None
    );
    app.set_time("2026-11-28T03:00:00Z");
    app.job("digest-daily").await;
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 2, "all@ and admin@ only");
}

/// The digest as a coordinator reads it, word for word: activity with the comparison, the
/// representatives' table, the oldest overdue problems (user text escaped in HTML), and the
/// one-line quiet period.
#[tokio::test]
async fn digest_mail_snapshot() {
    let app = setup().await;
    let rep = app.token("rep@party.kz").await;
    // Wednesday: two problems filed (setup). Thursday: one acknowledged and resolved.
    app.set_time("2026-11-26T06:00:00Z");
    app.act(&rep, 2, json!({"action": "acknowledge"})).await;
    app.set_time("2026-11-26T08:00:00Z");
    let res = app
        .act(&rep, 2, json!({"action": "resolve", "note": "Patched."}))
        .await;
    assert_eq!(res.status(), 200);
    // A neighbour has the first problem too.
    let res = app
        .api
        .post(app.url("/api/v1/problems/1/supports"))
        .json(&json!({"email": "neighbour@example.kz"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let mails = app.deliver().await;
    let link = mails
        .iter()
        .find(|m| m.subject.starts_with("Confirm your support"))
        .unwrap()
        .link(&app.url("/support/confirm/"));
    assert_eq!(app.press(&link).await.status(), 303);
    // Friday 11:00: the first problem's acknowledge-by deadline has passed.
    app.set_time("2026-11-27T06:00:00Z");
    app.job("sla").await;
    app.deliver().await;
    // Saturday 08:00: the digest of Friday... and of Thursday, sent late with --at.
    app.set_time("2026-11-28T03:00:00Z");
    jobs::run(
        &app.state,
        run(JobName::DigestDaily, "2026-11-27T03:00:00Z", false),
    )
    .await
    .unwrap();
    let mails = app.deliver().await;
    let almaty = mails.iter().find(|m| m.to == ["almaty@league.kz"]).unwrap();
    snapshot(
        &app,
        "digest_daily.txt",
        &format!("{}\n\n{}", almaty.subject, almaty.text),
    );
    snapshot(&app, "digest_daily.html", &almaty.html);
    assert!(
        almaty
            .html
            .contains("Pothole &lt;b&gt;deep&lt;/b&gt; &amp; wide")
    );
    let astana = mails.iter().find(|m| m.to == ["astana@league.kz"]).unwrap();
    snapshot(
        &app,
        "digest_quiet.txt",
        &format!("{}\n\n{}", astana.subject, astana.text),
    );
    snapshot(&app, "digest_quiet.html", &astana.html);

    // The same digest for a coordinator who reads Russian, then Kazakh: every word, date,
    // number and link in their language (sent again with --force).
    let almaty_id = almaty_user_id(&app).await;
    for lang in ["ru", "kk"] {
        civic_tracker::services::people::set_language(&app.state.db, almaty_id, lang)
            .await
            .unwrap();
        let forced = RunRequest {
            force: true,
            ..run(JobName::DigestDaily, "2026-11-27T03:00:00Z", false)
        };
        jobs::run(&app.state, forced).await.unwrap();
        let mails = app.deliver().await;
        let m = mails.iter().find(|m| m.to == ["almaty@league.kz"]).unwrap();
        snapshot(
            &app,
            &format!("digest_daily.{lang}.txt"),
            &format!("{}\n\n{}", m.subject, m.text),
        );
        snapshot(&app, &format!("digest_daily.{lang}.html"), &m.html);
        assert!(m.html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(
            m.text.contains(&format!("?lang={lang}")),
            "links carry the language"
        );
    }
}

async fn almaty_user_id(app: &crate::helpers::TestApp) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    civic_tracker::entities::user::Entity::find()
        .filter(civic_tracker::entities::user::Column::Email.eq("almaty@league.kz"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// `text` with each run of 64 hex digits (the ledger's head, which random salts make
/// differ from run to run) written `HASH`.
fn without_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() == 64 { "HASH" } else { &run });
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// Compares `actual` (with the test server's address replaced by `BASE`) with
/// `tests/app/snapshots/<name>`; `UPDATE_SNAPSHOTS=1` rewrites the file instead.
fn snapshot(app: &TestApp, name: &str, actual: &str) {
    let actual = without_hashes(&actual.replace(&app.addr, "BASE"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/app/snapshots")
        .join(name);
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "snapshot {name} differs");
}
