//! The configuration's defaults, its environment variables and its refusals.

use super::*;

fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<Vec<_>>()
        .into_iter()
}

#[test]
fn defaults_are_the_documented_ones() {
    let c = Config::defaults();
    assert_eq!(c.server.listen, "127.0.0.1:8080");
    assert_eq!(
        c.database.url.expose(),
        "sqlite://data/civic-tracker.db?mode=rwc"
    );
    assert_eq!(c.app.timezone, "Asia/Almaty");
    assert_eq!(c.organisation.party, "Amanat");
}

#[test]
fn civic_database_url_beats_database_url_and_long_form_works() {
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(
        &mut t,
        env(&[
            ("CIVIC_DATABASE_URL", "postgres://a/b"),
            ("DATABASE_URL", "postgres://c/d"),
            ("CIVIC_MAIL__MAX_ATTEMPTS", "2"),
            ("CIVIC_LISTEN", "0.0.0.0:9000"),
            ("CIVIC_JOBS__CITIZEN_CHECK__SCHEDULE", "0 0 7 * * *"),
            ("CIVIC_JOBS__PURGE__SCHEDULE", ""),
        ]),
    )
    .unwrap();
    let c = Config::from_table(t).unwrap();
    assert_eq!(c.database.url.expose(), "postgres://a/b");
    assert_eq!(c.mail.max_attempts, 2);
    assert_eq!(c.jobs["citizen-check"].schedule, "0 0 7 * * *");
    assert_eq!(c.jobs["purge"].schedule, "");
    assert_eq!(c.server.listen, "0.0.0.0:9000");
}

#[test]
fn unknown_or_mistyped_keys_are_errors_naming_the_key() {
    let mut t = parse(BUILT_IN, "x").unwrap();
    let err = apply_env(&mut t, env(&[("CIVIC_MAIL__MAX_ATTEMPT", "2")])).unwrap_err();
    assert!(err.to_string().contains("mail.max_attempt"), "{err}");
    let err = apply_env(&mut t, env(&[("CIVIC_MAIL__MAX_ATTEMPTS", "soon")])).unwrap_err();
    assert!(err.to_string().contains("mail.max_attempts"), "{err}");
    let err = apply_env(&mut t, env(&[("CIVIC_JOBS__NIGHTLY__SCHEDULE", "")])).unwrap_err();
    assert!(err.to_string().contains("jobs.nightly.schedule"), "{err}");
    let mut bad = parse(BUILT_IN, "x").unwrap();
    apply_env(
        &mut bad,
        env(&[("CIVIC_JOBS__SLA__SCHEDULE", "every quarter hour")]),
    )
    .unwrap();
    let err = Config::from_table(bad).unwrap_err();
    assert!(format!("{err:#}").contains("jobs.sla.schedule"), "{err:#}");
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_TIMEZONE", "Mars/Olympus")])).unwrap();
    let err = Config::from_table(t).unwrap_err();
    assert!(format!("{err:#}").contains("app.timezone"), "{err:#}");
}

#[test]
fn the_retention_period_defaults_to_three_years_and_the_environment_sets_it() {
    assert_eq!(Config::defaults().privacy.retention_days, 1095);
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_PRIVACY__RETENTION_DAYS", "30")])).unwrap();
    assert_eq!(Config::from_table(t).unwrap().privacy.retention_days, 30);
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_PRIVACY__RETENTION_DAYS", "-1")])).unwrap();
    let err = Config::from_table(t).unwrap_err();
    assert!(
        format!("{err:#}").contains("privacy.retention_days"),
        "{err:#}"
    );
}

#[test]
fn the_log_format_is_text_unless_set_and_an_unknown_one_names_the_key() {
    assert_eq!(Config::defaults().log.format, LogFormat::Text);
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_LOG__FORMAT", "json")])).unwrap();
    assert_eq!(Config::from_table(t).unwrap().log.format, LogFormat::Json);
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_LOG__FORMAT", "xml")])).unwrap();
    let err = format!("{:#}", Config::from_table(t).unwrap_err());
    assert!(
        err.contains("log.format (CIVIC_LOG__FORMAT) must be \"text\" or \"json\", not \"xml\""),
        "{err}"
    );
}

#[test]
fn the_published_sample_pepper_needs_the_development_flag() {
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(
        &mut t,
        env(&[
            ("CIVIC_BASE_URL", "http://civic.example.kz"),
            ("CIVIC_SECURITY__TOKEN_PEPPER", DEFAULT_PEPPER),
        ]),
    )
    .unwrap();
    let err = Config::from_table(t.clone()).unwrap_err();
    assert!(
        format!("{err:#}").contains("security.token_pepper"),
        "{err:#}"
    );
    apply_env(
        &mut t,
        env(&[("CIVIC_SECURITY__ALLOW_DEFAULT_PEPPER", "true")]),
    )
    .unwrap();
    assert!(Config::from_table(t).is_ok());
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_SECURITY__TOKEN_PEPPER", "short")])).unwrap();
    let err = Config::from_table(t).unwrap_err();
    assert!(
        format!("{err:#}").contains("security.token_pepper"),
        "{err:#}"
    );
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(
        &mut t,
        env(&[
            ("CIVIC_BASE_URL", "https://civic.example.kz"),
            ("CIVIC_SECURITY__TOKEN_PEPPER", "a-long-random-value-4f8a1c"),
        ]),
    )
    .unwrap();
    assert!(Config::from_table(t).is_ok());
}

#[test]
fn an_empty_pepper_is_generated_once_and_kept() {
    let dir = std::env::temp_dir().join(format!("civic-pepper-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("sub").join("pepper");
    let mut s = Config::defaults().security;
    assert_eq!(s.token_pepper.expose(), "", "the shipped default is empty");
    s.pepper_file = file.display().to_string();
    s.resolve_pepper().unwrap();
    let first = s.token_pepper.expose().to_string();
    assert_eq!(first.len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let mut again = Config::defaults().security;
    again.pepper_file = file.display().to_string();
    again.resolve_pepper().unwrap();
    assert_eq!(
        again.token_pepper.expose(),
        first,
        "the next start reads it back"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn secrets_are_not_printed() {
    let mut c = Config::defaults();
    c.mail.smtp_url = Secret::new("smtp://user:hunter2@mail");
    c.metrics.token = Secret::new("metrics-token-hunter3");
    assert!(!format!("{c:?}").contains("hunter2"));
    assert!(!format!("{c:?}").contains("hunter3"));
}

#[test]
fn metrics_are_off_by_default_and_the_environment_turns_them_on() {
    assert!(!Config::defaults().metrics.enabled());
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(
        &mut t,
        env(&[
            ("CIVIC_METRICS__LISTEN", "127.0.0.1:9090"),
            ("CIVIC_METRICS__TOKEN", "a-long-scrape-token-51c2"),
        ]),
    )
    .unwrap();
    let c = Config::from_table(t).unwrap();
    assert_eq!(c.metrics.listen, "127.0.0.1:9090");
    assert_eq!(c.metrics.token.expose(), "a-long-scrape-token-51c2");
    assert!(c.metrics.enabled());
    let mut t = parse(BUILT_IN, "x").unwrap();
    apply_env(&mut t, env(&[("CIVIC_METRICS__TOKEN", "short")])).unwrap();
    let err = Config::from_table(t).unwrap_err();
    assert!(format!("{err:#}").contains("metrics.token"), "{err:#}");
}
