//! Digests built and queued in batches: every recipient gets exactly one digest with their
//! own scope's figures whatever the batch size, each scope's figures are computed once,
//! and a run that fails in the middle is completed by its rerun.

use crate::helpers::{TestApp, problem_body, spawn_app};
use civic_tracker::auth::UserRole;
use civic_tracker::services::digest::{self, DigestKind};
use sea_orm::{ConnectionTrait, DbBackend};

/// Thursday 26 November, 08:00 in Almaty: the daily digest of Wednesday.
const AT: &str = "2026-11-26T03:00:00Z";

/// Refuses the outbox row of one recipient's mail, as a failing disk or a dropped
/// connection would refuse any write in the middle of a run.
pub(crate) async fn refuse_mail_to(app: &TestApp, email: &str) {
    let db = &app.state.db;
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => vec![
            "CREATE FUNCTION refuse_mail() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'mail refused'; END $$"
                .to_string(),
            format!(
                "CREATE TRIGGER refuse_mail BEFORE INSERT ON outbox FOR EACH ROW \
                 WHEN (NEW.recipient = '{email}') EXECUTE FUNCTION refuse_mail()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER refuse_mail BEFORE INSERT ON outbox \
             WHEN NEW.recipient = '{email}' BEGIN SELECT RAISE(ABORT, 'mail refused'); END"
        )],
    };
    for s in sql {
        db.execute_unprepared(&s).await.unwrap();
    }
}

/// Lifts [`refuse_mail_to`].
pub(crate) async fn accept_mail_again(app: &TestApp) {
    let db = &app.state.db;
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "DROP TRIGGER refuse_mail ON outbox",
        _ => "DROP TRIGGER refuse_mail",
    };
    db.execute_unprepared(sql).await.unwrap();
}

#[tokio::test]
async fn a_run_failing_between_batches_is_completed_by_its_rerun_one_digest_each() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep Aliya", Some("KZ-75"), None)
        .await;
    // Eight recipients, five scopes. In scope order (then by id), batches of three are:
    // [admin, all, akmola] [astana1, astana2, both] [almaty1, almaty2].
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user("all@league.kz", "All", UserRole::Coordinator, &[])
        .await;
    app.user(
        "astana1@league.kz",
        "Astana 1",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    app.user(
        "astana2@league.kz",
        "Astana 2",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    app.user(
        "both@league.kz",
        "Both",
        UserRole::Coordinator,
        &["KZ-75", "KZ-71"],
    )
    .await;
    app.user(
        "almaty1@league.kz",
        "Almaty 1",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user(
        "akmola@league.kz",
        "Akmola",
        UserRole::Coordinator,
        &["KZ-11"],
    )
    .await;
    app.user(
        "almaty2@league.kz",
        "Almaty 2",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    // Wednesday 25 November: two problems received in Almaty.
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    app.deliver().await;
    app.set_time(AT);
    let at = AT.parse().unwrap();

    // The second batch fails at its second recipient: the first batch stays queued, none
    // of the second is, and the third is never reached.
    refuse_mail_to(&app, "astana2@league.kz").await;
    let failed = digest::send_digests_in_batches(&app.state, DigestKind::Daily, at, false, 3).await;
    assert!(failed.is_err(), "{failed:?}");
    assert_eq!(app.count("digests").await, 3);
    assert_eq!(
        app.integers("SELECT COUNT(*) FROM outbox WHERE kind = 'digest'")
            .await,
        [[3]]
    );

    // The rerun queues the five others, computing the figures of their three scopes once.
    accept_mail_again(&app).await;
    let rerun = digest::send_digests_in_batches(&app.state, DigestKind::Daily, at, false, 3)
        .await
        .unwrap();
    assert_eq!(
        (rerun.recipients, rerun.queued, rerun.already, rerun.scopes),
        (8, 5, 3, 3),
        "{rerun:?}"
    );
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 8);
    for to in [
        "admin@league.kz",
        "all@league.kz",
        "akmola@league.kz",
        "astana1@league.kz",
        "astana2@league.kz",
        "both@league.kz",
        "almaty1@league.kz",
        "almaty2@league.kz",
    ] {
        let mine: Vec<_> = mails.iter().filter(|m| m.to == [to.to_string()]).collect();
        assert_eq!(mine.len(), 1, "{to}");
        let m = mine[0];
        assert!(m.subject.starts_with("Daily digest"), "{}", m.subject);
        // Each recipient's own scope, whichever batch and scope came before.
        let received = if to.starts_with("astana") || to.starts_with("akmola") {
            "A quiet day"
        } else {
            "Received: 2 (▲ 2 from 0)"
        };
        assert!(m.text.contains(received), "{to}: {}", m.text);
    }
    let both = mails.iter().find(|m| m.to[0] == "both@league.kz").unwrap();
    assert!(both.text.contains("Astana, Almaty"), "{}", both.text);

    // A third run sends nothing; --force sends every digest again, five scopes computed once.
    let again = digest::send_digests_in_batches(&app.state, DigestKind::Daily, at, false, 3)
        .await
        .unwrap();
    assert_eq!((again.queued, again.already, again.scopes), (0, 8, 0));
    assert!(app.deliver().await.is_empty());
    let forced = digest::send_digests_in_batches(&app.state, DigestKind::Daily, at, true, 2)
        .await
        .unwrap();
    assert_eq!((forced.queued, forced.forced, forced.scopes), (0, 8, 5));
    assert_eq!(app.deliver().await.len(), 8);
    assert_eq!(app.count("digests").await, 8);
}
