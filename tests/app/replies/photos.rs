//! Photos attached to replies by e-mail: the representative's become "after" photos of
//! the comment or "resolved" they come with, the citizen's are added as theirs; a
//! signature's logo is ignored, a document left out and the sender told.

use super::{DOMAIN, carry_out, mail_to, rand_id, smtp};
use crate::helpers::{TestApp, problem_body, spawn_app_with};
use crate::photos::fixtures::{picture, stored, stored_file};
use base64::Engine;
use image::ImageFormat;
use sea_orm::EntityTrait;

/// An app that takes replies with photos (the production limits), and its listener.
async fn app() -> (TestApp, std::net::SocketAddr) {
    let app = spawn_app_with(|c| {
        c.inbound.reply_domain = DOMAIN.into();
        c.inbound.listen = "127.0.0.1:0".into();
        c.inbound.max_bytes = 4 << 20;
        c.app.media_max_bytes = 2 << 20;
    })
    .await;
    let addr = civic_tracker::mail::listen::start(&app.state)
        .await
        .unwrap()
        .expect("the listener is on");
    (app, addr)
}

/// A multipart/mixed reply: `body` in UTF-8, then each attachment (content type, file
/// name, bytes) in base64.
fn with_attachments(from: &str, to: &str, body: &str, files: &[(&str, &str, Vec<u8>)]) -> Vec<u8> {
    let mut out = format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: your problem\r\nMessage-ID: <p{}@mail.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b-1\"\r\n\r\n\
         --b-1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         {body}\r\n",
        rand_id()
    );
    for (ct, name, bytes) in files {
        let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        out += &format!(
            "--b-1\r\nContent-Type: {ct}; name=\"{name}\"\r\nContent-Disposition: attachment; \
             filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            lines.join("\r\n")
        );
    }
    out += "--b-1--\r\n";
    out.into_bytes()
}

fn photos_of(p: &serde_json::Value, kind: &str) -> Vec<serde_json::Value> {
    p["photos"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|ph| ph["kind"] == kind)
        .cloned()
        .collect()
}

#[tokio::test]
async fn photos_mailed_with_resolved_become_after_photos_and_the_citizens_no_adds_theirs() {
    let (app, addr) = app().await;
    app.rep("rep@party.kz", "Aigerim Rep", Some("KZ-75"), None)
        .await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let to = mails
        .iter()
        .find(|m| m.to == ["rep@party.kz"])
        .and_then(|m| m.reply_to.clone())
        .expect("the assignment expects an answer");
    let before = stored(&app).len();

    let raw = with_attachments(
        "rep@party.kz",
        &to,
        "Решено: яма засыпана, фото приложены.\r\n\r\n--\r\nАйгерим",
        &[
            (
                "image/jpeg",
                "after-1.jpg",
                picture(800, 600, ImageFormat::Jpeg),
            ),
            ("image/png", "logo.png", picture(120, 40, ImageFormat::Png)),
            (
                "application/pdf",
                "act.pdf",
                b"%PDF-1.4 not a photo".to_vec(),
            ),
            (
                "image/png",
                "after-2.png",
                picture(300, 500, ImageFormat::Png),
            ),
        ],
    );
    smtp(addr, "rep@party.kz", &to, &raw).await.unwrap();
    let confirm = mail_to(&app, "rep@party.kz").await;
    assert!(
        confirm.text.contains("2 photos will be added with it."),
        "the sender is told what was taken: {}",
        confirm.text
    );
    assert!(
        confirm.text.contains("One attachment was left out"),
        "and what was left out: {}",
        confirm.text
    );
    // Nothing is public, nor stored as a file, during the undo period.
    assert!(photos_of(&app.public(id).await, "representative").is_empty());
    assert_eq!(stored(&app).len(), before);

    carry_out(&app).await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "resolved", "{p}");
    let after = photos_of(&p, "representative");
    assert_eq!(after.len(), 2, "the logo and the PDF are not photos: {p}");
    assert_eq!(
        (after[0]["width"].as_i64(), after[0]["height"].as_i64()),
        (Some(800), Some(600))
    );
    assert_eq!(
        (after[1]["width"].as_i64(), after[1]["height"].as_i64()),
        (Some(300), Some(500))
    );
    let file = stored_file(&app, after[0]["url"].as_str().unwrap());
    let img = image::load_from_memory(&file).unwrap();
    assert_eq!((img.width(), img.height()), (800, 600));
    assert_eq!(
        stored(&app).len(),
        before + 4,
        "two pictures and two thumbnails"
    );
    let public = app
        .api
        .get(after[1]["thumbnail_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 200);

    // The citizen answers "no" with a photo of their own.
    let check = mail_to(&app, "citizen@example.kz").await;
    let to = check
        .reply_to
        .clone()
        .expect("the fix check expects an answer");
    let raw = with_attachments(
        "citizen@example.kz",
        &to,
        "Нет, яма снова открылась.",
        &[(
            "image/jpeg",
            "still.jpg",
            picture(1024, 768, ImageFormat::Jpeg),
        )],
    );
    smtp(addr, "citizen@example.kz", &to, &raw).await.unwrap();
    app.deliver().await;
    carry_out(&app).await;
    let p = app.public(id).await;
    assert_eq!(p["status"], "reopened", "{p}");
    let theirs = photos_of(&p, "citizen");
    assert_eq!(theirs.len(), 1, "{p}");
    assert_eq!(theirs[0]["width"], 1024);
}

#[tokio::test]
async fn photos_of_an_undone_reply_are_never_added() {
    let (app, addr) = app().await;
    app.rep("rep@party.kz", "Aigerim Rep", Some("KZ-75"), None)
        .await;
    let (id, mails) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let to = mails
        .iter()
        .find(|m| m.to == ["rep@party.kz"])
        .and_then(|m| m.reply_to.clone())
        .unwrap();
    let raw = with_attachments(
        "rep@party.kz",
        &to,
        "Выехали на место, фото ниже.",
        &[("image/jpeg", "a.jpg", picture(640, 480, ImageFormat::Jpeg))],
    );
    smtp(addr, "rep@party.kz", &to, &raw).await.unwrap();
    let confirm = mail_to(&app, "rep@party.kz").await;
    let undo = confirm.raw_link(&app.url("/replies/"));
    assert_eq!(app.press(&undo).await.status(), 303);
    carry_out(&app).await;
    let p = app.public(id).await;
    assert!(photos_of(&p, "representative").is_empty(), "{p}");
    let kept = civic_tracker::entities::inbound_photo::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(
        kept.is_empty(),
        "the waiting photos are forgotten: {}",
        kept.len()
    );
}
