//! Answering by e-mail (issue 19): replies delivered to the service's own SMTP listener
//! with a standard SMTP client (lettre) and through `civic-tracker inbound deliver` on
//! standard input, as a mail server hands them over.

use crate::helpers::{Mail, TestApp, json, problem_body, spawn_app_with, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

mod photos;
mod senders;

const DOMAIN: &str = "reply.civic.test";

/// An app that takes replies, with its SMTP listener's address.
async fn app() -> (TestApp, std::net::SocketAddr) {
    let app = spawn_app_with(|c| {
        c.inbound.reply_domain = DOMAIN.into();
        c.inbound.listen = "127.0.0.1:0".into();
        c.inbound.max_bytes = 20_000;
    })
    .await;
    let addr = civic_tracker::mail::listen::start(&app.state)
        .await
        .unwrap()
        .expect("the listener is on");
    (app, addr)
}

/// A confirmed problem routed to rep@party.kz: its id and the rep's assignment mail.
async fn assigned(app: &TestApp) -> (i32, Mail) {
    app.rep("rep@party.kz", "Aigerim Rep", Some("KZ-75"), None)
        .await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let mail = mails
        .into_iter()
        .find(|m| m.to == ["rep@party.kz"])
        .expect("the representative is told");
    (id, mail)
}

/// The first of the mails that go out now to `to`.
async fn mail_to(app: &TestApp, to: &str) -> Mail {
    app.deliver()
        .await
        .into_iter()
        .find(|m| m.to == [to.to_string()])
        .unwrap_or_else(|| panic!("a mail to {to}"))
}

/// A reply as a mail program writes it: `body` in `charset` and `encoding`, quoting the
/// original below.
fn reply(
    from: &str,
    to: &str,
    headers: &str,
    charset: &str,
    encoding: &str,
    body: &str,
) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: your problem\r\nMessage-ID: <{}@mail.test>\r\n\
         Date: Wed, 25 Nov 2026 10:00:00 +0500\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {encoding}\r\n\
         {headers}\r\n{body}\r\n",
        rand_id()
    )
    .into_bytes()
}

fn rand_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Sends `raw` to the listener with lettre, as the organisation's MX would.
async fn smtp(addr: std::net::SocketAddr, from: &str, to: &str, raw: &[u8]) -> Result<(), String> {
    use lettre::AsyncTransport;
    let t = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(
        addr.ip().to_string(),
    )
    .port(addr.port())
    .build();
    let envelope =
        lettre::address::Envelope::new(Some(from.parse().unwrap()), vec![to.parse().unwrap()])
            .unwrap();
    t.send_raw(&envelope, raw)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `civic-tracker inbound deliver` with `raw` on standard input: (success, stdout).
async fn deliver(app: &TestApp, to: &str, raw: Vec<u8>) -> (bool, String) {
    use std::io::Write;
    let mut cmd = crate::cli::command(app, &["inbound", "deliver", "--to", to]);
    cmd.env("CIVIC_INBOUND__REPLY_DOMAIN", DOMAIN)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let out = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().expect("binary runs");
        child.stdin.take().unwrap().write_all(&raw).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Past the undo period, the `inbound` job carries out what waits (`inbound deliver`
/// runs on the system's clock, the app on the test's: past both).
async fn carry_out(app: &TestApp) -> Value {
    let now = app.state.clock.now().max(chrono::Utc::now());
    app.state
        .clock
        .advance(now - app.state.clock.now() + chrono::Duration::minutes(16));
    let ran = app.job("inbound").await;
    serde_json::to_value(format!("{ran:?}")).unwrap()
}

fn timeline_notes(p: &Value) -> Vec<String> {
    p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] != "system")
        .filter_map(|e| e["note"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn a_representatives_replies_become_a_comment_and_resolve_after_the_undo_period() {
    let (app, addr) = app().await;
    let (id, mail) = assigned(&app).await;
    let to = mail
        .reply_to
        .clone()
        .expect("the assignment mail expects an answer");
    assert!(
        to.starts_with("reply+") && to.ends_with(&format!("@{DOMAIN}")),
        "{to}"
    );
    assert!(
        mail.text.contains("resolved:"),
        "the mail says how: {}",
        mail.text
    );

    let quoted = format!(
        "{}\n",
        mail.text
            .lines()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let body = format!(
        "We will fill it tomorrow morning.\r\n\r\n-- \r\nAigerim\r\n\r\nOn Wed, Civic Tracker wrote:\r\n{quoted}"
    );
    smtp(
        addr,
        "rep@party.kz",
        &to,
        &reply("Aigerim <rep@party.kz>", &to, "", "utf-8", "8bit", &body),
    )
    .await
    .unwrap();
    let confirm = app.deliver().await;
    let received = confirm
        .iter()
        .find(|m| m.to == ["rep@party.kz"])
        .expect("the sender sees what was kept");
    assert!(
        received.text.contains("We will fill it tomorrow morning."),
        "{}",
        received.text
    );
    assert!(
        !received.text.contains("Aigerim\n"),
        "the signature is cut: {}",
        received.text
    );
    assert!(received.link(&app.url("/replies/")).contains("/undo/"));
    // Nothing is public before the undo period ends.
    assert!(timeline_notes(&app.public(id).await).is_empty());

    let body = "Решено: яма засыпана, асфальт уложен.\r\n\r\n> старое письмо";
    smtp(
        addr,
        "rep@party.kz",
        &to,
        &reply("rep@party.kz", &to, "", "utf-8", "8bit", body),
    )
    .await
    .unwrap();
    carry_out(&app).await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "resolved", "{p}");
    assert_eq!(
        timeline_notes(&p),
        vec![
            "We will fill it tomorrow morning.".to_string(),
            "яма засыпана, асфальт уложен.".to_string()
        ]
    );
    // Carried out once: a second run finds nothing.
    carry_out(&app).await;
    assert_eq!(timeline_notes(&app.public(id).await).len(), 2);
}

/// A Russian text in Windows-1251 (quoted-printable), as older mail programs send it.
fn cp1251(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            'Ё' => 0xA8,
            'ё' => 0xB8,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} is not in this test's Windows-1251"),
        })
        .collect()
}

fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\n' => out.push_str("\r\n"),
            b'\r' => {}
            33..=60 | 62..=126 | b' ' => out.push(b as char),
            _ => out.push_str(&format!("={b:02X}")),
        }
    }
    out
}

#[tokio::test]
async fn a_citizens_no_in_windows_1251_reopens_and_kazakh_in_utf_8_keeps_its_text() {
    let (app, _) = app().await;
    let (id, _) = assigned(&app).await;
    let token = app.token("rep@party.kz").await;
    let res = app
        .act(
            &token,
            id,
            json!({"action": "resolve", "note": "Засыпали."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail = mail_to(&app, "citizen@example.kz").await;
    let to = mail
        .reply_to
        .clone()
        .expect("the citizen may answer by mail");
    assert!(mail.text.contains("\"yes\" or \"no\""), "{}", mail.text);

    let words = "Нет, яма всё ещё там. Ёлки-палки!";
    let raw = reply(
        "citizen@example.kz",
        &to,
        "",
        "windows-1251",
        "quoted-printable",
        &quoted_printable(&cp1251(words)),
    );
    let (ok, out) = deliver(&app, &to, raw).await;
    assert!(ok && out.starts_with("accepted "), "{out}");
    carry_out(&app).await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "reopened", "{p}");
    assert!(timeline_notes(&p).contains(&words.to_string()), "{p}");

    // The representative asks; the citizen answers in Kazakh, UTF-8, base64.
    app.deliver().await;
    let res = app
        .act(
            &token,
            id,
            json!({"action": "ask_citizen", "note": "Қай жерде?"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail = mail_to(&app, "citizen@example.kz").await;
    let to = mail.reply_to.expect("a question expects an answer");
    let kazakh = "Шұңқыр мектептің алдында, №12 үйдің қасында. Рахмет!";
    use base64::Engine;
    let b64 =
        base64::engine::general_purpose::STANDARD.encode(format!("{kazakh}\n\n> Қай жерде?\n"));
    let (ok, out) = deliver(
        &app,
        &to,
        reply("citizen@example.kz", &to, "", "utf-8", "base64", &b64),
    )
    .await;
    assert!(ok && out.starts_with("accepted "), "{out}");
    carry_out(&app).await;
    let p = app.public(id).await;
    assert!(timeline_notes(&p).contains(&kazakh.to_string()), "{p}");
}

#[tokio::test]
async fn forged_swapped_automatic_and_oversized_replies_are_refused_and_publish_nothing() {
    let (app, addr) = app().await;
    let (id, mail) = assigned(&app).await;
    let to = mail.reply_to.unwrap();
    let (local, _) = to.split_once('@').unwrap();
    let mac = local.rsplit('.').next().unwrap();
    let forged_mac = format!("{}@{DOMAIN}", local.replace(mac, &"0".repeat(mac.len())));
    let other_problem = format!(
        "{}@{DOMAIN}",
        local.replacen(&format!("reply+{id}."), &format!("reply+{}.", id + 1), 1)
    );
    let secret = "Forged words that must never be published";
    let cases: Vec<(&str, String, String, &str)> = vec![
        ("a forged MAC", "rep@party.kz".into(), forged_mac, ""),
        (
            "another problem's number",
            "rep@party.kz".into(),
            other_problem,
            "",
        ),
        (
            "another sender",
            "intruder@evil.test".into(),
            to.clone(),
            "",
        ),
        (
            "an auto-reply",
            "rep@party.kz".into(),
            to.clone(),
            "Auto-Submitted: auto-replied\r\n",
        ),
        (
            "an out-of-office",
            "rep@party.kz".into(),
            to.clone(),
            "X-Autoreply: yes\r\n",
        ),
    ];
    for (what, from, rcpt, headers) in &cases {
        let (ok, out) = deliver(
            &app,
            rcpt,
            reply(
                from,
                rcpt,
                headers,
                "utf-8",
                "8bit",
                &format!("Resolved: {secret}"),
            ),
        )
        .await;
        assert!(ok && out.starts_with("refused: "), "{what}: {out}");
    }
    // Too large for the listener (inbound.max_bytes is 20,000 here): refused in SMTP.
    let big = "x".repeat(30_000);
    let err = smtp(
        addr,
        "rep@party.kz",
        &to,
        &reply(
            "rep@party.kz",
            &to,
            "",
            "utf-8",
            "8bit",
            &format!("{secret}\r\n{big}"),
        ),
    )
    .await
    .unwrap_err();
    assert!(err.contains("552") || err.contains("too large"), "{err}");
    // Not a reply address of ours: refused at RCPT, nothing relayed.
    let err = smtp(
        addr,
        "rep@party.kz",
        "someone@else.test",
        b"Subject: hi\r\n\r\nhi\r\n",
    )
    .await
    .unwrap_err();
    assert!(err.contains("550"), "{err}");

    carry_out(&app).await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "assigned", "{p}");
    for (path, body) in [
        (
            format!("/problems/{id}"),
            text(&app.api, app.url(&format!("/problems/{id}"))).await,
        ),
        (
            "/api/v1/ledger".into(),
            json(&app.api, app.url("/api/v1/ledger?after=0&limit=1000"))
                .await
                .to_string(),
        ),
    ] {
        assert!(!body.contains(secret), "{path} shows a refused reply");
    }
    let kept = app
        .integers("SELECT COUNT(*) FROM inbound_replies WHERE state = 'refused' AND text IS NULL")
        .await;
    assert_eq!(
        kept[0][0],
        cases.len() as i64,
        "each refusal is recorded, without its text"
    );
    // A person who can do something about it is told; robots are not. (The CLI writes in
    // `app.default_language`, Russian: the test app's is English.)
    let answers: Vec<Mail> = app.deliver().await;
    let to_intruder = answers
        .iter()
        .filter(|m| m.to == ["intruder@evil.test"])
        .count();
    assert_eq!(to_intruder, 1, "the wrong sender is told once");
    let refusals_to_rep = answers
        .iter()
        .filter(|m| m.to == ["rep@party.kz"] && m.subject == "Ваш ответ не принят")
        .count();
    assert_eq!(
        refusals_to_rep,
        2,
        "the forged and moved tokens are answered, the robots not: {:?}",
        answers
            .iter()
            .map(|m| (&m.to, &m.subject))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn an_undone_reply_is_never_carried_out() {
    let (app, addr) = app().await;
    let (id, mail) = assigned(&app).await;
    let to = mail.reply_to.unwrap();
    smtp(
        addr,
        "rep@party.kz",
        &to,
        &reply(
            "rep@party.kz",
            &to,
            "",
            "utf-8",
            "8bit",
            "Resolved: sent too early",
        ),
    )
    .await
    .unwrap();
    let link = app
        .deliver()
        .await
        .into_iter()
        .find(|m| m.to == ["rep@party.kz"])
        .unwrap()
        .raw_link(&app.url("/replies/"));
    let res = app.press(&link).await;
    assert_eq!(res.status(), 303);
    let page = text(&app.api, &link).await;
    assert!(page.contains("Your reply was undone"), "{page}");
    carry_out(&app).await;
    assert_eq!(app.public(id).await["status"], "assigned");
    // The link does not undo what another reply's token would.
    let forged = link.replace("/undo/", "/undo/x");
    assert_eq!(app.api.get(&forged).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_backlog_is_carried_out_once_by_two_processes_despite_a_reply_that_fails() {
    let (app, _) = app().await;
    let (id, mail) = assigned(&app).await;
    let to = mail.reply_to.unwrap();
    let token = app.token("rep@party.kz").await;
    let res = app.act(&token, id, json!({"action": "acknowledge"})).await;
    assert_eq!(res.status(), 200);
    // A backlog of twelve replies; the seventh acknowledges again, which the problem no
    // longer allows when its turn comes.
    for i in 0..12 {
        let body = if i == 6 {
            "Acknowledged: once more".to_string()
        } else {
            format!("Comment number {i}.")
        };
        let (ok, out) = deliver(
            &app,
            &to,
            reply("rep@party.kz", &to, "", "utf-8", "8bit", &body),
        )
        .await;
        assert!(ok && out.starts_with("accepted"), "{out}");
    }
    app.deliver().await;
    let now = app.state.clock.now().max(chrono::Utc::now());
    app.state
        .clock
        .advance(now - app.state.clock.now() + chrono::Duration::minutes(16));
    let other = app.another_process().await;
    let (a, b) = tokio::join!(
        civic_tracker::services::inbound::apply_due(&app.state),
        civic_tracker::services::inbound::apply_due(&other)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        (a.applied + b.applied, a.failed + b.failed),
        (11, 1),
        "{a:?} {b:?}"
    );
    let notes = timeline_notes(&app.public(id).await);
    for i in (0..12).filter(|i| *i != 6) {
        let n = format!("Comment number {i}.");
        assert_eq!(
            notes.iter().filter(|x| **x == n).count(),
            1,
            "{n}: {notes:?}"
        );
    }
    assert!(!notes.iter().any(|n| n.contains("once more")), "{notes:?}");
    let failed = app
        .integers("SELECT COUNT(*) FROM inbound_replies WHERE state = 'failed' AND text IS NULL")
        .await;
    assert_eq!(failed[0][0], 1);
    let told = app
        .deliver()
        .await
        .into_iter()
        .filter(|m| m.to == ["rep@party.kz"] && m.text.contains("no longer possible"))
        .count();
    assert_eq!(
        told, 1,
        "the representative learns that one reply could not be done"
    );
}

#[tokio::test]
async fn a_coordinators_reply_is_an_internal_note_nobody_else_sees() {
    let (app, addr) = app().await;
    app.user(
        "coord@league.kz",
        "Coordinator",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    // Nobody covers the region: the coordinator is asked to route it.
    let (id, mails) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    let mail = mails
        .into_iter()
        .find(|m| m.to == ["coord@league.kz"])
        .expect("the coordinator is told");
    let to = mail.reply_to.expect("a triage mail expects an answer");
    let words = "Called the akimat: they know, a crew comes on Monday.";
    smtp(
        addr,
        "coord@league.kz",
        &to,
        &reply("coord@league.kz", &to, "", "utf-8", "8bit", words),
    )
    .await
    .unwrap();
    carry_out(&app).await;
    let page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(!page.contains("crew comes on Monday"), "{page}");
    assert!(
        !app.public(id)
            .await
            .to_string()
            .contains("crew comes on Monday")
    );
    let notes = app
        .integers(&format!(
            "SELECT COUNT(*) FROM problem_events WHERE problem_id = {id} AND action = 'note' \
             AND public_note IS NULL AND internal_note = '{words}'"
        ))
        .await;
    assert_eq!(notes[0][0], 1, "kept as an internal note");
    let coordinator = app.login("coord@league.kz").await;
    let workspace = text(&coordinator, app.url(&format!("/workspace/problems/{id}"))).await;
    assert!(
        workspace.contains("crew comes on Monday"),
        "coordinators see it"
    );
}

#[tokio::test]
async fn the_purge_forgets_replies_after_a_month_but_not_one_that_waits() {
    let (app, addr) = app().await;
    let (_, mail) = assigned(&app).await;
    let to = mail.reply_to.unwrap();
    for body in ["Resolved: first", "> only a quote"] {
        smtp(
            addr,
            "rep@party.kz",
            &to,
            &reply("rep@party.kz", &to, "", "utf-8", "8bit", body),
        )
        .await
        .unwrap();
    }
    let count = |state: &'static str| {
        let app = &app;
        async move {
            app.integers(&format!(
                "SELECT COUNT(*) FROM inbound_replies WHERE state = '{state}'"
            ))
            .await[0][0]
        }
    };
    assert_eq!((count("pending").await, count("refused").await), (1, 1));
    app.state.clock.advance(chrono::Duration::days(29));
    app.job("purge").await;
    assert_eq!(count("refused").await, 1, "kept for a month");
    app.state.clock.advance(chrono::Duration::days(2));
    app.job("purge").await;
    assert_eq!(count("refused").await, 0, "then forgotten");
    assert_eq!(
        count("pending").await,
        1,
        "a reply that still waits is never forgotten"
    );
}
