//! The configured `From` check: a reply from another address of the same office, vouched
//! for by the organisation's own mail server, is taken; the same mail without that
//! server's word, or from another domain, is refused.

use super::{DOMAIN, carry_out, mail_to, reply, smtp};
use crate::helpers::{TestApp, problem_body, spawn_app_with};

async fn app() -> (TestApp, std::net::SocketAddr) {
    let app = spawn_app_with(|c| {
        c.inbound.reply_domain = DOMAIN.into();
        c.inbound.listen = "127.0.0.1:0".into();
        c.inbound.from_check = "mx.party.kz".into();
    })
    .await;
    let addr = civic_tracker::mail::listen::start(&app.state)
        .await
        .unwrap()
        .expect("the listener is on");
    (app, addr)
}

fn verdict(server: &str, domain: &str) -> String {
    format!(
        "Authentication-Results: {server}; spf=pass smtp.mailfrom={domain};\r\n \
         dkim=pass header.d={domain}; dmarc=pass (p=reject) header.from={domain}\r\n"
    )
}

#[tokio::test]
async fn an_assistant_at_the_same_office_may_answer_when_our_mail_server_vouches_for_them() {
    let (app, addr) = app().await;
    app.rep("deputy@akimat.kz", "Deputy", Some("KZ-75"), None)
        .await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let to = mails
        .iter()
        .find(|m| m.to == ["deputy@akimat.kz"])
        .and_then(|m| m.reply_to.clone())
        .unwrap();

    // Another server's word, and another domain even with ours, are not enough.
    for (from, server, domain) in [
        ("assistant@akimat.kz", "mx.elsewhere.kz", "akimat.kz"),
        ("assistant@gmail.com", "mx.party.kz", "gmail.com"),
    ] {
        let raw = reply(
            from,
            &to,
            &verdict(server, domain),
            "utf-8",
            "8bit",
            "Принято.",
        );
        smtp(addr, from, &to, &raw).await.unwrap();
        let refused = mail_to(&app, from).await;
        assert!(
            refused.text.contains("It came from another address"),
            "{from} is refused: {}",
            refused.text
        );
    }

    let raw = reply(
        "Assistant <assistant@akimat.kz>",
        &to,
        &verdict("mx.party.kz", "akimat.kz"),
        "utf-8",
        "8bit",
        "Бригада выедет в четверг.",
    );
    smtp(addr, "assistant@akimat.kz", &to, &raw).await.unwrap();
    app.deliver().await;
    carry_out(&app).await;
    let p = app.public(id).await;
    let notes: Vec<&str> = p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["note"].as_str())
        .collect();
    assert!(notes.contains(&"Бригада выедет в четверг."), "{p}");
}
