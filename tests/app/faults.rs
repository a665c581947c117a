//! Faults under load (issue 16): eight clients file problems on a `serve` process for
//! `CIVIC_FAULT_SECONDS` (default 30) while its SMTP server stops and comes back and
//! PostgreSQL stops and starts again. Every problem answered 201 is stored once, no valid
//! request is refused (4xx) or fails with anything but 503, the outage is answered 503,
//! and every citizen whose problem was accepted gets exactly one confirmation mail within
//! a minute of the SMTP server's return.
//!
//! It stops a PostgreSQL server, so it is ignored in the suite and runs alone as its own
//! step of `.ci/run`, after it, on a cluster of its own (`fault`, port 5433) that nothing
//! else uses. PostgreSQL is stopped and started with `pg_ctlcluster` (as root) on the
//! cluster `CIVIC_FAULT_PG_CLUSTER` names (default `main`); `CIVIC_FAULT_PG_STOP` and
//! `CIVIC_FAULT_PG_START` replace those commands on another machine.

use crate::helpers::{problem_body, spawn_app};
use crate::shutdown::Served;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Runs `pg_ctlcluster ... <cluster> <action>` on the cluster `CIVIC_FAULT_PG_CLUSTER`
/// names (default `main`), or the command in `var` when set.
fn postgres(var: &str, action: &str) {
    let cluster = std::env::var("CIVIC_FAULT_PG_CLUSTER").unwrap_or_else(|_| "main".into());
    let cmd = std::env::var(var).unwrap_or_else(|_| {
        format!(
            "pg_ctlcluster --skip-systemctl-redirect \"$(ls /etc/postgresql)\" {cluster} {action}"
        )
    });
    let out = std::process::Command::new("sh")
        .args(["-c", &cmd])
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One client's answer: the citizen's address, the status (0: no answer, the connection
/// failed) and the problem id given.
type Answer = (String, u16, Option<i64>);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "stops PostgreSQL: runs alone, as its own step of .ci/run"]
async fn filing_through_an_smtp_outage_and_a_postgresql_restart_loses_and_doubles_nothing() {
    let app = spawn_app().await;
    assert!(
        app.state
            .config
            .database
            .url
            .expose()
            .starts_with("postgres"),
        "the fault test needs TEST_DATABASE_URL=postgres://..."
    );
    let seconds: u64 = std::env::var("CIVIC_FAULT_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
        .max(20);
    let mut served = Served::start(
        &app,
        &[],
        &[("CIVIC_DATABASE__ACQUIRE_TIMEOUT_SECONDS", "2")],
    )
    .await;

    let stop = Arc::new(AtomicBool::new(false));
    let answers: Arc<Mutex<Vec<Answer>>> = Arc::default();
    let mut clients = tokio::task::JoinSet::new();
    for c in 0..8 {
        let (base, stop, answers) = (served.base.clone(), stop.clone(), answers.clone());
        clients.spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(40))
                .build()
                .unwrap();
            for n in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let email = format!("c{c}-{n}@example.kz");
                let mut body = problem_body("KZ-75", "roads");
                body["email"] = email.clone().into();
                let res = client
                    .post(format!("{base}/api/v1/problems"))
                    .json(&body)
                    .send()
                    .await;
                let (status, id) = match res {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        let v: serde_json::Value = res.json().await.unwrap_or_default();
                        (status, v["id"].as_i64())
                    }
                    Err(_) => (0, None),
                };
                answers.lock().unwrap().push((email, status, id));
                if status != 201 {
                    // What a client told to retry later does.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        });
    }

    // The faults, while the clients file: SMTP away from 3 s, PostgreSQL down from 8 s for
    // 4 s (longer than a request waits for a connection), SMTP back at 16 s.
    let started = Instant::now();
    let at = |s: u64| tokio::time::sleep_until((started + Duration::from_secs(s)).into());
    at(3).await;
    app.smtp.stop();
    at(8).await;
    postgres("CIVIC_FAULT_PG_STOP", "stop -m fast");
    tokio::time::sleep(Duration::from_secs(4)).await;
    postgres("CIVIC_FAULT_PG_START", "start");
    at(16).await;
    app.smtp.restart().await;
    let smtp_back = Instant::now();
    at(seconds).await;
    stop.store(true, Ordering::Relaxed);
    while let Some(done) = clients.join_next().await {
        done.unwrap();
    }
    let answers = answers.lock().unwrap().clone();
    let statuses: BTreeMap<u16, usize> = answers.iter().fold(BTreeMap::new(), |mut m, a| {
        *m.entry(a.1).or_default() += 1;
        m
    });
    eprintln!(
        "{} requests in {seconds} s: {statuses:?} (0: connection failed)",
        answers.len()
    );
    let wrong: Vec<&Answer> = answers
        .iter()
        .filter(|a| !matches!(a.1, 201 | 503))
        .collect();
    assert!(wrong.is_empty(), "only 201 and 503: {wrong:?}");
    assert!(statuses.get(&503).is_some_and(|n| *n > 0), "{statuses:?}");
    let accepted: BTreeMap<String, i64> = answers
        .iter()
        .filter(|a| a.1 == 201)
        .map(|a| (a.0.clone(), a.2.expect("an id")))
        .collect();
    assert!(accepted.len() > 50, "{statuses:?}");

    // Every accepted citizen gets exactly one confirmation, within a minute of SMTP's return.
    let confirmations = |mails: &[crate::helpers::Mail]| {
        mails.iter().filter(|m| m.text.contains("/confirm/")).fold(
            BTreeMap::<String, usize>::new(),
            |mut m, mail| {
                *m.entry(mail.to.join(",")).or_default() += 1;
                m
            },
        )
    };
    loop {
        let got = confirmations(&app.smtp.mails.lock().unwrap());
        if accepted.keys().all(|e| got.contains_key(e)) {
            eprintln!(
                "all {} confirmations in {:.1} s after SMTP came back",
                accepted.len(),
                smtp_back.elapsed().as_secs_f64()
            );
            break;
        }
        let missing = accepted.keys().filter(|e| !got.contains_key(*e)).count();
        assert!(
            smtp_back.elapsed() < Duration::from_secs(60),
            "{missing} accepted citizens without a confirmation a minute after SMTP's return"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, _) = served.stop("TERM").await;
    assert!(status.success(), "{}", served.log());
    let got = confirmations(&app.smtp.mails.lock().unwrap());
    let twice: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "confirmations sent twice: {twice:?}");

    // Every 201 stored, once: one problem per address, with the id its answer gave.
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT CAST(id AS BIGINT), (SELECT COUNT(*) FROM problems q \
             WHERE q.citizen_email = p.citizen_email) FROM problems p",
        ))
        .await
        .unwrap();
    let mut stored = BTreeSet::new();
    for r in rows {
        let id: i64 = r.try_get_by_index(0).unwrap();
        let same_address: i64 = r.try_get_by_index(1).unwrap();
        assert_eq!(same_address, 1, "problem {id} stored twice");
        stored.insert(id);
    }
    let answered: BTreeSet<i64> = accepted.values().copied().collect();
    assert!(
        answered.is_subset(&stored),
        "lost: {:?}",
        answered.difference(&stored).collect::<Vec<_>>()
    );
    eprintln!(
        "{} stored, {} of them answered 201; {} stored without a 201 (answer lost with the \
         connection)",
        stored.len(),
        answered.len(),
        stored.len() - answered.len()
    );
}
