//! The outbox: retries, dead letters, an unreachable server that costs nothing; and the
//! purge of unconfirmed problems.

use crate::helpers::{SinkMode, problem_body, spawn_app};
use civic_tracker::entities::outbox;
use civic_tracker::services::intake::purge_unconfirmed;
use sea_orm::EntityTrait;

#[tokio::test]
async fn temporary_failures_retry_with_backoff_and_permanent_ones_dead_letter() {
    let app = spawn_app().await;
    app.file(&problem_body("KZ-71", "roads")).await;
    *app.smtp.mode.lock().unwrap() = SinkMode::Temporary;
    assert!(app.deliver().await.is_empty());
    let row = outbox::Entity::find_by_id(1)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.state.as_str(), row.attempts), ("pending", 1));
    assert!(row.last_error.unwrap().contains("451"));
    // Not due again until the backoff has passed.
    *app.smtp.mode.lock().unwrap() = SinkMode::Accept;
    assert!(app.deliver().await.is_empty());
    app.state.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(app.deliver().await.len(), 1);
    let row = outbox::Entity::find_by_id(1)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state.as_str(), "sent");

    app.file(&problem_body("KZ-71", "roads")).await;
    *app.smtp.mode.lock().unwrap() = SinkMode::Permanent;
    app.deliver().await;
    let row = outbox::Entity::find_by_id(2)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.state.as_str(), row.attempts), ("dead", 1));
    assert!(row.last_error.unwrap().contains("550"));
}

#[tokio::test]
async fn an_unreachable_server_uses_up_no_attempts() {
    let mut app = spawn_app().await;
    app.file(&problem_body("KZ-71", "roads")).await;
    // Point the mailer at a closed port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cfg = (*app.state.config).clone();
    cfg.mail.smtp_url = civic_tracker::config::Secret::new(format!("smtp://127.0.0.1:{closed}"));
    app.state.mailer = civic_tracker::mail::Mailer::from_config(&cfg).unwrap();
    for _ in 0..10 {
        let r = civic_tracker::jobs::outbox::run_once(&app.state)
            .await
            .unwrap();
        assert!(r.unreachable);
        app.state.clock.advance(chrono::Duration::minutes(1));
    }
    let row = outbox::Entity::find_by_id(1)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.state.as_str(), row.attempts), ("pending", 0));
    assert!(row.last_error.is_some(), "the failure is visible");
}

#[tokio::test]
async fn unconfirmed_problems_older_than_seven_days_are_purged_and_confirmed_ones_stay() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let old = app.file(&problem_body("KZ-71", "roads")).await;
    app.deliver().await; // its confirmation link is never followed
    let (kept, _) = app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    app.state.clock.advance(chrono::Duration::days(6));
    let young = app.file(&problem_body("KZ-71", "roads")).await;
    app.state
        .clock
        .advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    let now = app.state.clock.now();
    assert_eq!(
        purge_unconfirmed(&app.state.db, now, 7)
            .await
            .unwrap()
            .problems,
        1
    );
    assert_eq!(
        purge_unconfirmed(&app.state.db, now, 7)
            .await
            .unwrap()
            .problems,
        0,
        "reruns are harmless"
    );
    use civic_tracker::entities::problem;
    assert!(
        problem::Entity::find_by_id(old)
            .one(&app.state.db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        problem::Entity::find_by_id(young)
            .one(&app.state.db)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(app.public(kept).await["status"], "assigned");
}

/// Without an SMTP server each mail is a file a developer can find by its time, kind and
/// recipient, and whose links can be copied from the file as they are.
#[tokio::test]
async fn without_smtp_each_mail_is_a_file_named_for_it_whose_links_work_as_written() {
    let dir = std::env::temp_dir().join(format!(
        "ct-mail-files-{}-{}",
        std::process::id(),
        civic_tracker::auth::random_token(4)
    ));
    let folder = dir.to_string_lossy().into_owned();
    let app = crate::helpers::spawn_app_with(|c| {
        c.mail.smtp_url = civic_tracker::config::Secret::new("");
        c.mail.file_dir = folder;
        // Cyrillic text: a mail that quoted-printable encoding would have broken up.
        c.app.default_language = "kk".into();
    })
    .await;
    app.user(
        "aigul@example.kz",
        "Aigul",
        civic_tracker::auth::UserRole::Admin,
        &[],
    )
    .await;
    let ask = || {
        let email = civic_tracker::domain::input::Email::parse("email", "aigul@example.kz");
        civic_tracker::services::people::request_login(&app.state, email.unwrap(), None).unwrap();
    };
    ask();
    app.deliver().await;
    let first = dir.join("20261125T050000Z-login_link-aigul@example.kz.eml");
    let eml = std::fs::read_to_string(&first).unwrap_or_else(|e| {
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        panic!("{}: {e}; the folder holds {names:?}", first.display())
    });
    assert!(!eml.contains("&#x2f;"), "no escaped slashes: {eml}");
    let prefix = app.url("/login/");
    let link = eml[eml.find(&prefix).expect("a sign-in link")..]
        .split_whitespace()
        .next()
        .unwrap();
    assert!(link.ends_with("?lang=kk"), "the link is whole: {link}");
    let page = app.browser().get(link).send().await.unwrap();
    assert_eq!(page.status(), 200, "the link as written in the file works");
    assert_eq!(
        eml.matches(&format!("href=\"{link}\"")).count(),
        1,
        "the HTML part's link is the same: {eml}"
    );

    // A second mail of the same kind to the same person in the same second.
    ask();
    app.deliver().await;
    assert!(
        dir.join("20261125T050000Z-login_link-aigul@example.kz-2.eml")
            .exists()
    );
    assert!(
        std::fs::read_to_string(&first).unwrap() == eml,
        "the first file stays"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
