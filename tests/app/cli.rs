//! The operator's commands, run as the real binary against the test's database.

use crate::helpers::{problem_body, spawn_app};
use std::process::{Command, Output};

fn civic(app: &crate::helpers::TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_civic-tracker"))
        .args(args)
        .env("CIVIC_DATABASE_URL", app.state.config.database.url.expose())
        .env("CIVIC_SECURITY__TOKEN_PEPPER", "test-pepper-of-the-suite")
        .env(
            "CIVIC_MAIL__FILE_DIR",
            std::env::temp_dir().join("ct-cli-mail"),
        )
        .env_remove("DATABASE_URL")
        .output()
        .expect("binary runs")
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
