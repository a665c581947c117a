//! The operator's commands, run as the real binary against the test's database.

use crate::helpers::{problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};
use std::process::{Command, Output};

/// The binary with `args` against the test's database, as an operator runs it (the
/// default log filter: no `RUST_LOG`).
pub(crate) fn command(app: &crate::helpers::TestApp, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_civic-tracker"));
    cmd.args(args)
        .env("CIVIC_DATABASE_URL", app.state.config.database.url.expose())
        .env("CIVIC_SECURITY__TOKEN_PEPPER", "test-pepper-of-the-suite")
        .env(
            "CIVIC_MAIL__FILE_DIR",
            std::env::temp_dir().join("ct-cli-mail"),
        )
        .env_remove("DATABASE_URL")
        .env_remove("CIVIC_SMTP_URL")
        .env_remove("RUST_LOG");
    cmd
}

/// Runs [`command`] to the end.
pub(crate) fn civic(app: &crate::helpers::TestApp, args: &[&str]) -> Output {
    command(app, args).output().expect("binary runs")
}

#[tokio::test]
async fn user_add_and_token_create_print_only_what_scripts_need() {
    let app = spawn_app().await;
    let out = civic(
        &app,
        &[
            "user",
            "add",
            "--email",
            "coord@league.kz",
            "--role",
            "coordinator",
            "--regions",
            "KZ-71,KZ-75",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = civic(&app, &["token", "create", "--email", "coord@league.kz"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout.trim_end();
    assert_eq!(
        stdout.lines().count(),
        1,
        "only the token on stdout: {stdout:?}"
    );
    assert_eq!(token.len(), 43);
    // The token works against the API, and is stored only as a hash.
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let res = app
        .act(
            token,
            id,
            serde_json::json!({"action": "close", "note": "x"}),
        )
        .await;
    assert_eq!(
        res.status(),
        409,
        "authenticated as the coordinator; close does not apply to an assigned problem"
    );
    assert_eq!(
        app.count(&format!("auth_tokens WHERE token_hash = '{token}'"))
            .await,
        0
    );
    let out = civic(&app, &["token", "create", "--email", "nobody@league.kz"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    // Open311 keys: one for an app whose citizens confirm by e-mail, one trusted.
    for (flags, kind) in [
        (&["--open311"][..], "open311"),
        (&["--open311", "--trusted"][..], "open311_trusted"),
    ] {
        let mut args = vec!["token", "create", "--email", "coord@league.kz"];
        args.extend_from_slice(flags);
        let out = civic(&app, &args);
        assert!(out.status.success(), "{flags:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap().trim_end().len(), 43);
        assert_eq!(
            app.count(&format!("auth_tokens WHERE kind = '{kind}'"))
                .await,
            1
        );
    }
    let out = civic(
        &app,
        &["token", "create", "--email", "coord@league.kz", "--trusted"],
    );
    assert!(!out.status.success(), "--trusted needs --open311");
    let out = civic(
        &app,
        &[
            "user",
            "add",
            "--email",
            "x@league.kz",
            "--role",
            "monitor",
            "--regions",
            "KZ-99",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("KZ-99"));
}

#[tokio::test]
async fn import_reports_changes_and_a_bad_file_imports_nothing() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir();
    let good = dir.join(format!("ct-good-{}.csv", std::process::id()));
    let bad = dir.join(format!("ct-bad-{}.csv", std::process::id()));
    std::fs::write(
        &good,
        "name,email,position,regions,categories\nAliya,aliya@party.kz,Deputy,KZ-71;KZ-75,*\n",
    )
    .unwrap();
    std::fs::write(&bad, "name,email,position,regions,categories\nBolat,bolat@party.kz,,KZ-71,roads\nDana,dana@party.kz,,KZ-71,potholes\n").unwrap();
    let out = civic(&app, &["import", "representatives", good.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "created Aliya <aliya@party.kz>: 2 routing rules\nimported: 1 created, 0 updated, 2 routing rules\n"
    );
    let out = civic(&app, &["import", "representatives", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("line 3: categories has an unknown code \"potholes\"")
    );
    assert_eq!(
        app.count("users").await,
        1,
        "Bolat on line 2 was not imported either"
    );
    let _ = std::fs::remove_file(good);
    let _ = std::fs::remove_file(bad);
}

#[tokio::test]
async fn personal_data_export_prints_everything_held_about_an_address_as_json() {
    let app = spawn_app().await;
    app.user("coord@league.kz", "Dana", UserRole::Coordinator, &[])
        .await;
    // The citizen also has an account.
    app.user("citizen@example.kz", "Aigerim", UserRole::Monitor, &[])
        .await;
    let (filed, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let mut body = problem_body("KZ-71", "roads");
    body["email"] = json!("CITIZEN@example.kz");
    body["display_name"] = json!(null);
    let unconfirmed = app.file(&body).await;
    app.deliver().await;
    // Someone else's problem, which the citizen supports.
    let mut body = problem_body("KZ-75", "utilities");
    body["email"] = json!("neighbour@example.kz");
    let (supported, _) = app.file_confirmed(&body).await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{supported}/supports")))
        .json(&json!({"email": "citizen@example.kz", "notify": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let mails = app.deliver().await;
    app.press(&mails[0].link(&app.url("/support/confirm/")))
        .await;
    // A coordinator looked at the citizen's contact details once.
    let coord = app.login("coord@league.kz").await;
    text(&coord, app.url(&format!("/workspace/problems/{filed}"))).await;

    let out = civic(
        &app,
        &["personal-data", "export", "--email", "Citizen@Example.KZ"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(
        v["email"], "citizen@example.kz",
        "addresses have one spelling"
    );
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(
        problems
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [i64::from(filed), i64::from(unconfirmed)]
    );
    assert_eq!(problems[0]["reference"], "CT-000001");
    assert_eq!(problems[0]["citizen_email"], "citizen@example.kz");
    assert_eq!(problems[0]["citizen_name"], "Aigerim");
    assert_eq!(problems[0]["status"], "new");
    assert_eq!(problems[0]["consent_version"], "2026-11-28");
    assert_eq!(problems[0]["consent_at"], "2026-11-25T05:00:00Z");
    assert_eq!(problems[1]["citizen_email"], "citizen@example.kz");
    assert_eq!(problems[1]["status"], "unconfirmed");
    let supports = v["supports"].as_array().unwrap();
    assert_eq!(supports.len(), 1);
    assert_eq!(supports[0]["problem_id"], supported);
    assert_eq!(supports[0]["notify"], true);
    assert!(supports[0]["confirmed_at"].is_string());
    assert_eq!(v["user"]["role"], "monitor");
    assert_eq!(v["user"]["name"], "Aigerim");
    let kinds: Vec<&str> = v["mails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "confirm_problem",
            "status_update",
            "confirm_problem",
            "support_confirm"
        ]
    );
    assert_eq!(v["mails"][0]["state"], "sent");
    let log = v["access_log"].as_array().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["problem_id"], filed);
    assert_eq!(log[0]["user_name"], "Dana");
    assert_eq!(log[0]["shown"], json!(["email", "name"]));
    assert_eq!(log[0]["place"], "problem_page");
    // No secrets: no tracking or confirmation links, no mail contents.
    use sea_orm::EntityTrait;
    let p = civic_tracker::entities::problem::Entity::find_by_id(filed)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!stdout.contains(&p.tracking_token));
    assert!(!stdout.contains("/confirm/") && !stdout.contains("/track/"));
    assert!(!stdout.contains("context"));
    // The export is in the access log itself: what it showed of each problem.
    assert_eq!(
        app.count("access_log WHERE place = 'export' AND user_id IS NULL")
            .await,
        2
    );
    assert_eq!(
        app.count("access_log WHERE place = 'export' AND shown = 'email'")
            .await,
        1,
        "the second problem has no name"
    );

    // The unconfirmed problem the export showed is still purged in time, log rows and all.
    app.state.clock.advance(chrono::Duration::days(8));
    app.job("purge").await;
    assert_eq!(
        app.count(&format!("problems WHERE id = {unconfirmed}"))
            .await,
        0
    );
    assert_eq!(app.count("access_log WHERE place = 'export'").await, 1);

    // An address nobody used: empty lists; a malformed one: an error naming the flag.
    let out = civic(&app, &["personal-data", "export", "--email", "x@nobody.kz"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["problems"], json!([]));
    assert_eq!(v["user"], Value::Null);
    let out = civic(
        &app,
        &["personal-data", "export", "--email", "not-an-address"],
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--email"));
}

/// Issue 15, findings 1 and 12: `user add` for an existing address changes only what was
/// given, and lists and times take the forms operators write.
#[tokio::test]
async fn user_add_updates_only_what_was_given_and_takes_the_csvs_separator() {
    let app = spawn_app().await;
    let add = |args: &[&str]| {
        let mut all = vec!["user", "add", "--email", "aliya@league.kz"];
        all.extend_from_slice(args);
        civic(&app, &all)
    };
    let out = add(&[
        "--role",
        "coordinator",
        "--name",
        "Aliya Nurlanovna",
        "--regions",
        "KZ-75;KZ-71",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Again with a new language only: the name and the regions stay.
    let out = add(&["--role", "coordinator", "--language", "kk"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let email = civic_tracker::domain::input::Email::parse("email", "aliya@league.kz").unwrap();
    let (u, mut regions) = civic_tracker::services::people::by_email(&app.state.db, &email)
        .await
        .unwrap()
        .unwrap();
    regions.sort();
    assert_eq!(u.name, "Aliya Nurlanovna");
    assert_eq!(regions, ["KZ-71", "KZ-75"]);
    assert_eq!(u.language.as_deref(), Some("kk"));
    // An empty list means all regions.
    assert!(
        add(&["--role", "coordinator", "--regions", ""])
            .status
            .success()
    );
    let (_, regions) = civic_tracker::services::people::by_email(&app.state.db, &email)
        .await
        .unwrap()
        .unwrap();
    assert!(regions.is_empty());
    // A time without an offset is Almaty time; a wrong one shows the forms.
    let out = civic(&app, &["jobs", "run", "sla", "--at", "2026-12-03T08:00:00"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = civic(&app, &["jobs", "run", "sla", "--at", "03.12.2026"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2026-12-03T08:00"), "{err}");
}
