//! The SLA sweep in bounded batches: with two problems per transaction and one
//! representative per mail transaction, a run that fails while claiming, and one that fails
//! while mailing, are completed by their reruns; every problem is marked once, with one event
//! of each kind, and every recipient gets one mail listing all of their problems.

use crate::helpers::{TestApp, problem_body, spawn_app};
use civic_tracker::auth::UserRole;
use civic_tracker::services::sla;
use sea_orm::{ConnectionTrait, DbBackend};

/// Makes inserts into `table` fail when `when` holds (SQL on the new row `NEW`), as a failing
/// disk or a dropped connection would fail any write in the middle of a run.
async fn refuse(app: &TestApp, table: &str, when: &str) {
    let db = &app.state.db;
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => vec![
            "CREATE OR REPLACE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'row refused'; END $$"
                .to_string(),
            format!(
                "CREATE TRIGGER refuse_row BEFORE INSERT ON {table} FOR EACH ROW \
                 WHEN ({when}) EXECUTE FUNCTION refuse_row()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER refuse_row BEFORE INSERT ON {table} \
             WHEN {when} BEGIN SELECT RAISE(ABORT, 'row refused'); END"
        )],
    };
    for s in sql {
        db.execute_unprepared(&s).await.unwrap();
    }
}

async fn accept(app: &TestApp, table: &str) {
    let db = &app.state.db;
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => format!("DROP TRIGGER refuse_row ON {table}"),
        _ => "DROP TRIGGER refuse_row".to_string(),
    };
    db.execute_unprepared(&sql).await.unwrap();
}

/// How many events of `action` each problem has, in id order.
async fn events_per_problem(app: &TestApp, action: &str) -> Vec<Vec<i64>> {
    app.integers(&format!(
        "SELECT CAST(problem_id AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM problem_events \
         WHERE action = '{action}' GROUP BY problem_id ORDER BY problem_id"
    ))
    .await
}

#[tokio::test]
async fn a_sweep_failing_in_either_phase_is_completed_by_its_rerun_one_notice_each() {
    let app = spawn_app().await;
    app.rep("almaty@party.kz", "Rep Almaty", Some("KZ-75"), None)
        .await;
    app.rep("astana@party.kz", "Rep Astana", Some("KZ-71"), None)
        .await;
    app.user(
        "coord75@league.kz",
        "Coord Almaty",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user(
        "coord71@league.kz",
        "Coord Astana",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    // Seven problems, alternating regions: Almaty has 1, 3, 5, 7 and Astana 2, 4, 6.
    let mut ids = Vec::new();
    for i in 0..7 {
        let region = if i % 2 == 0 { "KZ-75" } else { "KZ-71" };
        ids.push(app.file_confirmed(&problem_body(region, "roads")).await.0);
    }
    app.deliver().await;
    // Twelve days on: every acknowledgement deadline passed more than three days ago.
    app.set_time("2026-12-07T05:00:00Z");
    let now = app.state.clock.now();
    let sla_mails = "SELECT CAST(COUNT(*) AS BIGINT) FROM outbox WHERE kind LIKE 'sla_%'";

    // Batches of two: [1 2] [3 4] [5 6] [7]. The third fails at problem 5's event: the
    // first two batches stay claimed with their events and owed notices, no mail is queued.
    refuse(
        &app,
        "problem_events",
        &format!(
            "NEW.problem_id = {} AND NEW.action = 'mark_overdue'",
            ids[4]
        ),
    )
    .await;
    let failed = sla::sweep_in_batches(&app.state, now, 2, 1).await;
    assert!(failed.is_err(), "{failed:?}");
    accept(&app, "problem_events").await;
    assert_eq!(
        app.integers("SELECT CAST(COUNT(*) AS BIGINT) FROM problems WHERE overdue AND escalated")
            .await,
        [[4]]
    );
    assert_eq!(app.integers(sla_mails).await, [[0]]);

    // The rerun claims the other three, then fails queuing the second representative's
    // reminder: the first's is queued (one representative per transaction), no escalation.
    refuse(&app, "outbox", "NEW.recipient = 'astana@party.kz'").await;
    let failed = sla::sweep_in_batches(&app.state, now, 2, 1).await;
    assert!(failed.is_err(), "{failed:?}");
    accept(&app, "outbox").await;
    assert_eq!(
        app.integers("SELECT CAST(COUNT(*) AS BIGINT) FROM problems WHERE overdue AND escalated")
            .await,
        [[7]]
    );
    assert_eq!(app.integers(sla_mails).await, [[1]]);

    // The third run marks nothing and queues the three mails left.
    let done = sla::sweep_in_batches(&app.state, now, 2, 1).await.unwrap();
    assert_eq!(
        (done.overdue, done.escalated, done.mails),
        (0, 0, 3),
        "{done:?}"
    );
    assert_eq!(app.count("sla_notices").await, 0);
    let all: Vec<Vec<i64>> = ids.iter().map(|&id| vec![i64::from(id), 1]).collect();
    assert_eq!(events_per_problem(&app, "mark_overdue").await, all);
    assert_eq!(events_per_problem(&app, "escalate").await, all);

    let mails = app.deliver().await;
    let mut got: Vec<(String, String)> = mails
        .iter()
        .map(|m| (m.to.join(","), m.subject.clone()))
        .collect();
    got.sort();
    assert_eq!(got.len(), 4, "{got:?}");
    let listed = |to: &str, mine: &[usize]| {
        let m = mails.iter().find(|m| m.to == [to.to_string()]).unwrap();
        for (i, id) in ids.iter().enumerate() {
            let reference = format!("CT-{id:06}");
            assert_eq!(
                m.text.contains(&reference),
                mine.contains(&i),
                "{to}, {reference}: {}",
                m.text
            );
        }
        m.subject.clone()
    };
    assert_eq!(
        listed("almaty@party.kz", &[0, 2, 4, 6]),
        "Deadlines passed for 4 problem(s)"
    );
    assert_eq!(
        listed("astana@party.kz", &[1, 3, 5]),
        "Deadlines passed for 3 problem(s)"
    );
    listed("coord75@league.kz", &[0, 2, 4, 6]);
    listed("coord71@league.kz", &[1, 3, 5]);

    // A fourth run, in one batch as scheduled, finds nothing to do.
    assert_eq!(sla::sweep(&app.state, now).await.unwrap().mails, 0);
    assert!(app.deliver().await.is_empty());
}
