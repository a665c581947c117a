//! Redaction instead of deletion (issue 18): a text taken back out of the public record
//! appends a `redaction` entry, leaves every earlier entry's hash as it was (the chain
//! still verifies), and is shown by no public output any more; the page and the API say it
//! was redacted, when and why.

use crate::helpers::{TestApp, json, post_form, problem_body, spawn_app, text};
use crate::ledger::{civic, verified};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

/// What the citizen asked to have removed, in the description and in a public note.
const SECRET: &str = "Zhumabekov";
const REASON: &str = "Personal data removed at the request of the citizen";

/// A confirmed problem whose description and a public note name someone: its id, the
/// entry numbers of its confirmation and of the comment.
async fn problem_with_personal_data(app: &TestApp) -> (i32, i64, i64) {
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    let token = app.token("rep@party.kz").await;
    let mut body = problem_body("KZ-75", "roads");
    body["description"] =
        json!("Шұңқыр үйдің алдында. Call Zhumabekov-phone-77011234567 about it.");
    let (id, _) = app.file_confirmed(&body).await;
    let res = app
        .act(
            &token,
            id,
            json!({"action": "comment", "note": "Spoke to Zhumabekov-note-87001112233 at home."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = json(&app.api, app.url("/api/v1/ledger?after=0&limit=1000")).await;
    let seq_of = |kind: &str| {
        page["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == kind && e["problem"] == id)
            .map(|e| e["seq"].as_i64().unwrap())
            .unwrap_or_else(|| panic!("no {kind} entry: {page}"))
    };
    (id, seq_of("confirm"), seq_of("comment"))
}

/// `ledger redact` as an operator runs it: (success, stdout, stderr).
async fn redact(app: &TestApp, entry: i64, field: &str, by: &str) -> (bool, String, String) {
    let entry = entry.to_string();
    civic(
        app,
        &[
            "ledger", "redact", "--entry", &entry, "--field", field, "--reason", REASON, "--by", by,
        ],
    )
    .await
}

/// Every public output that shows problem `id`'s texts, as (name, body).
async fn public_outputs(app: &TestApp, id: i32) -> Vec<(String, String)> {
    let paths = [
        format!("/problems/{id}"),
        format!("/problems/{id}?lang=en"),
        "/problems".to_string(),
        format!("/api/v1/problems/{id}"),
        "/api/v1/problems".to_string(),
        "/export/problems.csv".to_string(),
        "/export/problems.json".to_string(),
        "/feeds/problems.atom".to_string(),
        "/open311/v2/requests.json".to_string(),
        "/open311/v2/requests.xml".to_string(),
        format!("/open311/v2/requests/{id}.json"),
        "/api/v1/ledger?after=0&limit=1000".to_string(),
    ];
    let mut out = Vec::new();
    for p in paths {
        let res = app.api.get(app.url(&p)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{p}");
        out.push((p, res.text().await.unwrap()));
    }
    out
}

#[tokio::test]
async fn a_redacted_description_and_note_appear_in_no_public_output_and_the_chain_verifies() {
    let app = spawn_app().await;
    app.user("admin@civic.kz", "Admin", UserRole::Admin, &[])
        .await;
    let (id, confirm, comment) = problem_with_personal_data(&app).await;
    let before = public_outputs(&app, id).await;
    for (path, body) in &before {
        // The lists show titles only (a redacted title: the next test).
        assert!(
            ["/problems", "/api/v1/problems"].contains(&path.as_str()) || body.contains(SECRET),
            "{path} showed the text before:\n{body}"
        );
    }
    let entries_before = app.count("ledger_entries").await;

    let (ok, out, err) = redact(&app, confirm, "description", "admin@civic.kz").await;
    assert!(ok, "{err}");
    let first: i64 = out.trim().parse().expect("prints the redaction's number");
    assert_eq!(first, entries_before + 1);
    let (ok, out, err) = redact(&app, comment, "note", "admin@civic.kz").await;
    assert!(ok, "{err}");
    assert_eq!(out.trim(), (first + 1).to_string());

    for (path, body) in public_outputs(&app, id).await {
        assert!(
            !body.contains(SECRET),
            "{path} still shows the text:\n{body}"
        );
    }
    // The redaction entries: which entry, which field, why, by whom (a role, no address).
    let page: Value = json(
        &app.api,
        app.url(&format!("/api/v1/ledger?after={}", first - 1)),
    )
    .await;
    let r = &page["entries"][0];
    assert_eq!(r["kind"], "redaction");
    assert_eq!(r["problem"], id);
    assert_eq!(r["fields"]["entry"], confirm);
    assert_eq!(r["fields"]["field"], "description");
    assert_eq!(r["fields"]["by"], "admin");
    assert_eq!(r["fields"]["reason"]["text"], REASON);
    assert!(!page.to_string().contains("admin@civic.kz"));
    // The redacted texts: their commitments stay, without text and salt.
    let all: Value = json(&app.api, app.url("/api/v1/ledger?after=0&limit=1000")).await;
    let entry = |seq: i64| {
        all["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["seq"] == seq)
            .unwrap()
            .clone()
    };
    let description = &entry(confirm)["fields"]["description"];
    assert_eq!(description["redacted"], true, "{description}");
    assert!(description["commitment"].is_string());
    assert!(description.get("text").is_none() && description.get("salt").is_none());
    assert_eq!(entry(comment)["fields"]["note"]["redacted"], true);
    assert!(
        entry(confirm)["fields"]["title"]["text"].is_string(),
        "the other texts stay"
    );

    // The API says what was redacted, when and why.
    let api: Value = json(&app.api, app.url(&format!("/api/v1/problems/{id}"))).await;
    assert_eq!(api["description"], "");
    // (The CLI runs on the system's clock, not the test's: `at` is today.)
    let redactions: Vec<Value> = api["redactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(r["at"].is_string(), "{r}");
            json!({"field": r["field"], "reason": r["reason"], "ledger_seq": r["ledger_seq"]})
        })
        .collect();
    assert_eq!(
        redactions,
        vec![
            json!({"field": "description", "reason": REASON, "ledger_seq": first}),
            json!({"field": "note", "reason": REASON, "ledger_seq": first + 1}),
        ],
        "{api}"
    );
    let note = api["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "comment")
        .expect("the comment stays on the timeline");
    assert_eq!(note["note"], Value::Null);
    assert_eq!(note["redacted"]["reason"], REASON);
    // And so does the page, in the reader's language.
    let page = text(&app.api, app.url(&format!("/problems/{id}?lang=en"))).await;
    for notice in [
        "The description was redacted on ",
        "The note was redacted on ",
    ] {
        assert!(page.contains(notice), "{notice}: {page}");
    }
    assert_eq!(
        page.matches(&format!("Reason: {REASON}")).count(),
        2,
        "{page}"
    );
    assert!(
        page.contains("Redaction"),
        "the ledger list names the entry"
    );
    // The open data, the feed and Open311 say it in the text's place: what, when, why.
    for path in [
        "/export/problems.csv?lang=en",
        "/export/problems.json?lang=en",
        "/feeds/problems.atom?lang=en",
        "/open311/v2/requests.json?lang=en",
        "/open311/v2/requests.xml?lang=en",
    ] {
        let body = text(&app.api, app.url(path)).await;
        assert_eq!(
            body.matches("The description was redacted on ").count(),
            1,
            "{path}: {body}"
        );
        assert!(
            body.contains(&format!("Reason: {REASON}")),
            "{path}: {body}"
        );
    }
    let rows: Value = json(&app.api, app.url("/export/problems.json?lang=ru")).await;
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap();
    assert_eq!(row["description"], "");
    assert!(
        row["redacted"]
            .as_str()
            .is_some_and(|s| s.starts_with("Описание скрыто ") && s.contains(REASON)),
        "{row}"
    );
    let csv = text(&app.api, app.url("/export/problems.csv")).await;
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",duplicate_of,redacted"),
        "the CSV's last column: {csv}"
    );

    // The chain still verifies, from the database and over HTTP.
    let head = verified(&app, &[]).await;
    assert!(
        head.starts_with(&format!("ok: {} entries", first + 1)),
        "{head}"
    );
}

#[tokio::test]
async fn a_text_is_redacted_once_and_only_by_those_who_may() {
    let app = spawn_app().await;
    app.user("admin@civic.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.user("coord@civic.kz", "Coord", UserRole::Coordinator, &["KZ-71"])
        .await;
    app.user("near@civic.kz", "Near", UserRole::Coordinator, &["KZ-75"])
        .await;
    let (_, confirm, comment) = problem_with_personal_data(&app).await;
    let entries = app.count("ledger_entries").await;

    // A representative, or a coordinator of another region, may not.
    for by in ["rep@party.kz", "coord@civic.kz"] {
        let (ok, _, err) = redact(&app, confirm, "description", by).await;
        assert!(!ok);
        assert!(err.contains("403 forbidden"), "{by}: {err}");
    }
    // Texts that are not redactable, and entries that do not exist.
    let (ok, _, err) = redact(&app, confirm, "region", "admin@civic.kz").await;
    assert!(!ok);
    assert!(err.contains("422 not_redactable: field:"), "{err}");
    let (ok, _, err) = redact(&app, comment, "title", "admin@civic.kz").await;
    assert!(!ok);
    assert!(err.contains("422 not_redactable"), "{err}");
    let (ok, _, err) = redact(&app, 999, "note", "admin@civic.kz").await;
    assert!(!ok);
    assert!(
        err.contains("404 not_found: entry 999 is not in the ledger"),
        "{err}"
    );
    assert_eq!(
        app.count("ledger_entries").await,
        entries,
        "nothing appended"
    );

    // The region's coordinator may, once.
    let (ok, _, err) = redact(&app, comment, "note", "near@civic.kz").await;
    assert!(ok, "{err}");
    let (ok, _, err) = redact(&app, comment, "note", "admin@civic.kz").await;
    assert!(!ok);
    assert!(err.contains("409 already_redacted"), "{err}");
    assert_eq!(app.count("ledger_entries").await, entries + 1);
    assert_eq!(app.count("redactions").await, 1);
    verified(&app, &[]).await;
}

#[tokio::test]
async fn a_redacted_title_shows_a_placeholder_in_lists_and_the_address_is_gone() {
    let app = spawn_app().await;
    app.user("admin@civic.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.rep("rep@party.kz", "Rep", Some("KZ-75"), None).await;
    let mut body = problem_body("KZ-75", "roads");
    body["title"] = json!("Yard of Zhumabekov flooded");
    body["address"] = json!("Zhumabekov street 7, flat 12");
    let (id, _) = app.file_confirmed(&body).await;
    let page: Value = json(&app.api, app.url("/api/v1/ledger?after=0&limit=1000")).await;
    let confirm = page["entries"][0]["seq"].as_i64().unwrap();
    assert_eq!(page["entries"][0]["kind"], "confirm");
    for field in ["title", "address"] {
        let (ok, _, err) = redact(&app, confirm, field, "admin@civic.kz").await;
        assert!(ok, "{field}: {err}");
    }
    for (path, body) in public_outputs(&app, id).await {
        assert!(
            !body.contains(SECRET),
            "{path} still shows the text:\n{body}"
        );
    }
    let list = text(&app.api, app.url("/problems?lang=en")).await;
    assert!(list.contains("[Text redacted]"), "{list}");
    let list = text(&app.api, app.url("/problems?lang=ru")).await;
    assert!(list.contains("[Текст скрыт]"), "{list}");
    let api: Value = json(&app.api, app.url(&format!("/api/v1/problems/{id}"))).await;
    assert_eq!(api["title"], "");
    assert_eq!(api["address"], Value::Null);
    verified(&app, &[]).await;
}

#[tokio::test]
async fn an_admin_redacts_from_the_problem_page_and_a_representative_cannot() {
    let app = spawn_app().await;
    app.user("admin@civic.kz", "Admin", UserRole::Admin, &[])
        .await;
    let (id, confirm, comment) = problem_with_personal_data(&app).await;
    let form = format!("action=\"/problems/{id}/redact\"");
    let anonymous = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(!anonymous.contains(&form), "no form for the public");

    let rep = app.login("rep@party.kz").await;
    let page = text(&rep, app.url(&format!("/problems/{id}"))).await;
    assert!(!page.contains(&form), "no form for a representative");
    let csrf = TestApp::csrf_of(&page);
    let entry = comment.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("entry", entry.as_str()),
        ("field", "note"),
        ("reason", REASON),
    ];
    let url = app.url(&format!("/problems/{id}/redact"));
    assert_eq!(post_form(&rep, &url, &fields).await.status(), 403);

    let admin = app.login("admin@civic.kz").await;
    let page = text(&admin, app.url(&format!("/problems/{id}?lang=en"))).await;
    assert!(page.contains(&form), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let entry = confirm.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("entry", entry.as_str()),
        ("field", "description"),
        ("reason", REASON),
    ];
    let res = post_form(&admin, &url, &fields).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/problems/{id}").as_str()
    );
    let res = post_form(&admin, &url, &fields).await;
    assert_eq!(res.status(), 409, "once");
    let api: Value = json(&app.api, app.url(&format!("/api/v1/problems/{id}"))).await;
    assert_eq!(api["description"], "");
    assert_eq!(api["redactions"][0]["reason"], REASON);
    let page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(!page.contains("Zhumabekov-phone"), "{page}");
    verified(&app, &[]).await;
}
