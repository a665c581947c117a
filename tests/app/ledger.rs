//! The public ledger: every public event appended in one hash chain that anyone can verify
//! from the database or over HTTP, which the database refuses to rewrite, and whose
//! tampering `civic-tracker ledger verify` detects naming the entry.

use crate::helpers::{TestApp, json, problem_body, spawn_app};
use civic_tracker::domain::ledger::{Entry, Value as Field, chain, hex, unhex};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

/// Runs the binary with `args` against the test's database, off the runtime's thread (so
/// that the test's server keeps answering `--url`); returns (success, stdout, stderr).
pub(crate) async fn civic(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let mut cmd = crate::cli::command(app, args);
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("binary runs"))
        .await
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `ledger verify` from the database and over HTTP, with `extra` arguments.
pub(crate) async fn verify_both(app: &TestApp, extra: &[&str]) -> [(bool, String, String); 2] {
    let mut db = vec!["ledger", "verify"];
    db.extend_from_slice(extra);
    let mut http = vec!["ledger", "verify", "--url", app.addr.as_str()];
    http.extend_from_slice(extra);
    [civic(app, &db).await, civic(app, &http).await]
}

/// Asserts that both verifications fail naming `needle` (e.g. "entry 3").
pub(crate) async fn detected(app: &TestApp, extra: &[&str], needle: &str) {
    for (how, (ok, out, err)) in ["database", "--url"]
        .iter()
        .zip(verify_both(app, extra).await)
    {
        assert!(!ok, "{how}: tampering not detected: {out}");
        assert!(
            err.contains(needle),
            "{how}: {err:?} does not name {needle}"
        );
    }
}

/// Asserts that both verifications pass and returns the printed head.
pub(crate) async fn verified(app: &TestApp, extra: &[&str]) -> String {
    let [(ok, db_out, err), (ok2, http_out, err2)] = verify_both(app, extra).await;
    assert!(ok, "database: {err}");
    assert!(ok2, "--url: {err2}");
    assert_eq!(db_out, http_out, "the same head either way");
    assert!(db_out.starts_with("ok: "), "{db_out}");
    db_out
}

async fn sql(app: &TestApp, sql: &str) -> Result<(), sea_orm::DbErr> {
    app.state.db.execute_unprepared(sql).await.map(|_| ())
}

/// Drops the triggers that keep the log append-only, as an operator with the database's
/// keys could.
async fn drop_triggers(app: &TestApp) {
    let statements: &[&str] = match app.state.db.get_database_backend() {
        DbBackend::Postgres => &[
            "DROP TRIGGER ledger_entries_append_only ON ledger_entries",
            "DROP TRIGGER ledger_texts_redact_only ON ledger_texts",
        ],
        _ => &[
            "DROP TRIGGER ledger_entries_no_update",
            "DROP TRIGGER ledger_entries_no_delete",
            "DROP TRIGGER ledger_texts_redact_only",
            "DROP TRIGGER ledger_texts_no_delete",
        ],
    };
    for s in statements {
        sql(app, s).await.unwrap();
    }
}

/// A problem filed, confirmed and routed, acknowledged and commented on: 4 entries.
pub(crate) async fn history(app: &TestApp) -> i32 {
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    let token = app.token("rep@party.kz").await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("Жол бұзылған: яма на дороге");
    let (id, _) = app.file_confirmed(&body).await;
    let res = app.act(&token, id, json!({"action": "acknowledge"})).await;
    assert_eq!(res.status(), 200);
    let res = app
        .act(
            &token,
            id,
            json!({"action": "comment", "note": "Бригада шығады. Бригада выедет завтра."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    id
}

async fn count(app: &TestApp) -> i64 {
    app.count("ledger_entries").await
}

#[tokio::test]
async fn public_events_are_logged_and_anyone_can_verify_the_chain() {
    let app = spawn_app().await;
    let empty: Value = json(&app.api, app.url("/api/v1/ledger/head")).await;
    assert_eq!(
        empty,
        json!({"seq": 0, "hash": "0".repeat(64), "time": null}),
        "the empty log"
    );
    let id = history(&app).await;
    // An unconfirmed problem is not public: nothing of it is logged.
    app.file(&problem_body("KZ-71", "roads")).await;
    let page: Value = json(&app.api, app.url("/api/v1/ledger")).await;
    let entries = page["entries"].as_array().unwrap();
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["confirm", "route", "acknowledge", "comment"]);
    assert!(entries.iter().all(|e| e["problem"] == id));
    assert_eq!(page["next"], Value::Null);
    let published = &entries[0]["fields"];
    assert_eq!(published["title"]["text"], "Жол бұзылған: яма на дороге");
    assert_eq!(published["region"], "KZ-75");
    assert_eq!(published["address"], Value::Null, "no address given");
    assert_eq!(
        entries[3]["fields"]["note"]["text"],
        "Бригада шығады. Бригада выедет завтра."
    );
    // No personal data: neither the citizen's address nor their name.
    let all = serde_json::to_string(&page).unwrap();
    assert!(!all.contains("citizen@example.kz") && !all.contains("Aigerim"));
    let head: Value = json(&app.api, app.url("/api/v1/ledger/head")).await;
    assert_eq!(head["seq"], 4);
    assert_eq!(head["hash"], entries[3]["hash"]);
    // Pages follow `next`.
    let first: Value = json(&app.api, app.url("/api/v1/ledger?after=1&limit=2")).await;
    assert_eq!(first["entries"][0]["seq"], 2);
    assert_eq!(first["next"], "/api/v1/ledger?after=3&limit=2");
    for (query, field) in [
        ("after=-1", "after"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/api/v1/ledger?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field, "{query}");
    }
    // The problem's page lists its entries' hashes, each with a link to it in the API.
    let html = crate::helpers::text(&app.api, app.url(&format!("/problems/{id}"))).await;
    for e in entries {
        assert!(html.contains(e["hash"].as_str().unwrap()), "{e}");
    }
    assert!(
        html.contains("href=\"/api/v1/ledger?after=3&amp;limit=1\""),
        "{}",
        &html[html.find("id=\"ledger\"").unwrap_or(0)..]
    );
    assert!(html.contains("Public record"));
    let out = verified(&app, &[]).await;
    let printed = format!("ok: 4 entries, head 4:{}\n", head["hash"].as_str().unwrap());
    assert_eq!(out, printed);
    // A head archived now is a prefix of the log as it grows.
    let archived = format!("4:{}", head["hash"].as_str().unwrap());
    let token = app.token("rep@party.kz").await;
    let res = app.act(&token, id, json!({"action": "start"})).await;
    assert_eq!(res.status(), 200);
    assert!(
        verified(&app, &["--head", &archived])
            .await
            .starts_with("ok: 5 entries")
    );
    // A head from the future is not.
    detected(
        &app,
        &["--head", &format!("9:{}", "0".repeat(64))],
        "before the archived head",
    )
    .await;
}

#[tokio::test]
async fn each_tampering_is_detected_naming_the_entry() {
    let app = spawn_app().await;
    history(&app).await;
    let second = history_of_another(&app).await;
    assert!(second > 0);
    let n = count(&app).await;
    assert_eq!(n, 8);
    verified(&app, &[]).await;
    drop_triggers(&app).await;

    // A text changed: its commitment no longer matches.
    sql(
        &app,
        "UPDATE ledger_texts SET text = 'Nothing happened' WHERE seq = 4 AND field = 'note'",
    )
    .await
    .unwrap();
    detected(&app, &[], "entry 4: the text of field `note`").await;
    sql(
        &app,
        "UPDATE ledger_texts SET text = 'Бригада шығады. Бригада выедет завтра.' \
         WHERE seq = 4 AND field = 'note'",
    )
    .await
    .unwrap();
    verified(&app, &[]).await;

    // An entry's content changed (its hash kept).
    let body = body_of(&app, 3).await;
    let changed = body.replace("\"actor\":\"user\"", "\"actor\":\"system\"");
    assert_ne!(changed, body);
    set_body(&app, 3, &changed).await;
    detected(&app, &[], "entry 3: its hash does not match").await;
    set_body(&app, 3, &body).await;
    verified(&app, &[]).await;

    // Two entries swapped.
    for table in ["ledger_entries", "ledger_texts"] {
        sql(&app, &format!("UPDATE {table} SET seq = -1 WHERE seq = 5"))
            .await
            .unwrap();
        sql(&app, &format!("UPDATE {table} SET seq = 5 WHERE seq = 6"))
            .await
            .unwrap();
        sql(&app, &format!("UPDATE {table} SET seq = 6 WHERE seq = -1"))
            .await
            .unwrap();
    }
    detected(&app, &[], "entry 5").await;
    let [(_, _, db_err), _] = verify_both(&app, &[]).await;
    assert!(db_err.contains("entry 5 is out of order"), "{db_err}");
    for table in ["ledger_entries", "ledger_texts"] {
        sql(&app, &format!("UPDATE {table} SET seq = -1 WHERE seq = 5"))
            .await
            .unwrap();
        sql(&app, &format!("UPDATE {table} SET seq = 5 WHERE seq = 6"))
            .await
            .unwrap();
        sql(&app, &format!("UPDATE {table} SET seq = 6 WHERE seq = -1"))
            .await
            .unwrap();
    }
    verified(&app, &[]).await;

    // An entry deleted.
    sql(&app, "DELETE FROM ledger_texts WHERE seq = 2")
        .await
        .unwrap();
    sql(&app, "DELETE FROM ledger_entries WHERE seq = 2")
        .await
        .unwrap();
    detected(&app, &[], "entry 2 is missing").await;
}

/// A second problem's history (4 more entries); returns its id.
async fn history_of_another(app: &TestApp) -> i32 {
    let token = app.token("rep@party.kz").await;
    let (id, _) = app
        .file_confirmed(&problem_body("KZ-75", "utilities"))
        .await;
    for action in [
        json!({"action": "acknowledge"}),
        json!({"action": "comment", "note": "Иә."}),
    ] {
        assert_eq!(app.act(&token, id, action).await.status(), 200);
    }
    id
}

async fn body_of(app: &TestApp, seq: i64) -> String {
    let db = &app.state.db;
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        format!("SELECT body FROM ledger_entries WHERE seq = {seq}"),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get("", "body")
    .unwrap()
}

async fn set_body(app: &TestApp, seq: i64, body: &str) {
    let db = &app.state.db;
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            DbBackend::Postgres => "UPDATE ledger_entries SET body = $1 WHERE seq = $2",
            _ => "UPDATE ledger_entries SET body = ?1 WHERE seq = ?2",
        },
        [body.into(), seq.into()],
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn a_fork_after_an_archived_head_is_detected_though_the_new_chain_is_consistent() {
    let app = spawn_app().await;
    history(&app).await;
    history_of_another(&app).await;
    let head: Value = json(&app.api, app.url("/api/v1/ledger/head")).await;
    let archived = format!("6:{}", {
        let page: Value = json(&app.api, app.url("/api/v1/ledger?after=5&limit=1")).await;
        page["entries"][0]["hash"].as_str().unwrap().to_string()
    });
    assert_eq!(head["seq"], 8);
    drop_triggers(&app).await;
    // History rewritten from entry 3 on (the acknowledgement said to be the service's),
    // every later hash recomputed: a chain that verifies by itself.
    let mut prev: [u8; 32] = unhex(&hash_of(&app, 2).await).unwrap().try_into().unwrap();
    for seq in 3..=8 {
        let mut e = Entry::parse(&body_of(&app, seq).await).unwrap();
        if seq == 3 {
            e.fields.insert("actor".into(), Field::Str("system".into()));
        }
        let body = e.canonical();
        prev = chain(&prev, &body);
        set_body(&app, seq, &body).await;
        sql(
            &app,
            &format!(
                "UPDATE ledger_entries SET hash = '{}' WHERE seq = {seq}",
                hex(&prev)
            ),
        )
        .await
        .unwrap();
    }
    verified(&app, &[]).await;
    detected(
        &app,
        &["--head", &archived],
        "entry 6: the log forks from the archived head",
    )
    .await;
}

async fn hash_of(app: &TestApp, seq: i64) -> String {
    app.state
        .db
        .query_one_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            format!("SELECT hash FROM ledger_entries WHERE seq = {seq}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "hash")
        .unwrap()
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_ledger_entries() {
    let app = spawn_app().await;
    history(&app).await;
    for refused in [
        "UPDATE ledger_entries SET kind = 'close' WHERE seq = 1",
        "DELETE FROM ledger_entries WHERE seq = 4",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_texts SET text = 'другой текст' WHERE seq = 1 AND field = 'title'",
        "UPDATE ledger_texts SET text = NULL WHERE seq = 1 AND field = 'title'",
        "DELETE FROM ledger_texts",
    ] {
        let err = sql(&app, refused).await.expect_err(refused);
        assert!(
            err.to_string().contains("ledger_"),
            "{refused}: refused for another reason: {err}"
        );
    }
    assert_eq!(count(&app).await, 4);
    verified(&app, &[]).await;
}

#[tokio::test]
async fn purge_and_erasure_leave_every_published_entry_in_place() {
    let app = spawn_app().await;
    let id = history(&app).await;
    // A problem never confirmed, to be purged.
    app.file(&problem_body("KZ-75", "roads")).await;
    let p = <civic_tracker::entities::problem::Entity as sea_orm::EntityTrait>::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let b = app.browser();
    let page = b
        .get(app.url(&format!("/track/{}", p.tracking_token)))
        .send()
        .await
        .unwrap();
    let csrf = TestApp::csrf_of(&page.text().await.unwrap());
    let res = b
        .post(app.url(&format!("/track/{}/erase", p.tracking_token)))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let before = count(&app).await;
    assert_eq!(
        before, 5,
        "the erasure is a public event, without the address"
    );
    app.set_time("2026-12-25T05:00:00Z");
    app.job("purge").await;
    assert_eq!(
        app.count("problems").await,
        1,
        "the unconfirmed problem is purged"
    );
    assert_eq!(count(&app).await, before, "no published entry is touched");
    let page: Value = json(&app.api, app.url("/api/v1/ledger")).await;
    assert!(
        !serde_json::to_string(&page)
            .unwrap()
            .contains("citizen@example.kz")
    );
    verified(&app, &[]).await;
}

#[tokio::test]
async fn a_back_filled_history_verifies_and_matches_the_live_log() {
    use migration::MigratorTrait;
    let app = spawn_app().await;
    history(&app).await;
    history_of_another(&app).await;
    let live = kinds(&app).await;
    assert_eq!(live.len(), 8);
    // The ledger's migration undone and run again: the log is rebuilt from the timeline.
    migration::Migrator::down(&app.state.db, Some(1))
        .await
        .unwrap();
    assert_eq!(app.count("problem_events").await, 10, "the timeline stays");
    migration::Migrator::up(&app.state.db, None).await.unwrap();
    assert_eq!(
        kinds(&app).await,
        live,
        "the same entries in the same order"
    );
    verified(&app, &[]).await;
}

/// (kind, problem) of each entry, in order.
async fn kinds(app: &TestApp) -> Vec<(String, i64)> {
    let page: Value = json(&app.api, app.url("/api/v1/ledger?limit=1000")).await;
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["problem"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn three_processes_appending_at_once_make_one_gap_free_chain() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let others = [second_process(&app).await, second_process(&app).await];
    let mut links = Vec::new();
    for n in 0..30 {
        let mut body = problem_body("KZ-71", "roads");
        body["title"] = json!(format!("Broken street light number {n}"));
        app.file(&body).await;
    }
    for m in app.deliver().await {
        if m.subject.contains("confirm") {
            links.push(m.link(&app.url("/confirm/")));
        }
    }
    assert_eq!(links.len(), 30);
    let mut set = tokio::task::JoinSet::new();
    for (n, link) in links.into_iter().enumerate() {
        let base = match n % 3 {
            0 => app.addr.clone(),
            k => others[k - 1].clone(),
        };
        let link = link.replace(&app.addr, &base);
        let b = app.browser();
        set.spawn(async move {
            // SQLite answers 503 (database is locked) when another process's commit made
            // this transaction's snapshot stale; it was rolled back, and a client tries
            // again as Retry-After says. PostgreSQL waits for the ledger's lock instead.
            for attempt in 0.. {
                let page = b.get(&link).send().await.unwrap();
                assert_eq!(page.status(), 200);
                let csrf = TestApp::csrf_of(&page.text().await.unwrap());
                let res = b.post(&link).form(&[("csrf", &csrf)]).send().await.unwrap();
                if res.status() == 503 && attempt < 50 {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    continue;
                }
                assert_eq!(res.status(), 303, "{link}");
                break;
            }
        });
    }
    while let Some(done) = set.join_next().await {
        done.unwrap();
    }
    // confirm + route for each: 60 entries numbered 1..60, each problem confirmed once.
    assert_eq!(
        app.integers("SELECT CAST(COUNT(*) AS BIGINT), MAX(seq), MIN(seq) FROM ledger_entries")
            .await,
        [[60, 60, 1]]
    );
    assert_eq!(
        app.integers(
            "SELECT CAST(COUNT(DISTINCT problem_id) AS BIGINT) FROM ledger_entries \
             WHERE kind = 'confirm'"
        )
        .await,
        [[30]]
    );
    assert!(verified(&app, &[]).await.starts_with("ok: 60 entries"));
}

/// Another `serve` process on the same database, serving HTTP; returns its address.
async fn second_process(app: &TestApp) -> String {
    let state = app.another_process().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let server = state.config.server.clone();
    let router = civic_tracker::build_router(state);
    tokio::spawn(async move {
        civic_tracker::server::serve(listener, router, &server, std::future::pending())
            .await
            .unwrap()
    });
    addr
}
