//! Issue 16: Prometheus metrics at `GET /metrics`. Off by default; behind a bearer token
//! on the main listener, or alone on a listener of their own. Requests are counted by
//! route template, never by path; the outbox and the problems are read from the app's own
//! database at each scrape.
//!
//! The recorder is global to the test process, where other tests' apps count too: these
//! tests compare counters before and after what they do, and read exact values only from
//! the gauges a scrape reads from its own database.

use crate::cli::command;
use crate::helpers::{SinkMode, TestApp, problem_body, spawn_app, spawn_app_with};
use civic_tracker::config::Secret;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const TOKEN: &str = "scrape-token-7f3e9a1c5b";

/// One sample of an exposition: `name{labels} value`.
#[derive(Clone, Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses Prometheus's text exposition format strictly: every line a comment (`# TYPE`
/// and `# HELP` only), blank, or `name{label="value",...} value` with a number; every
/// sample's family declared by a `# TYPE` line before it.
fn parse(text: &str) -> Vec<Sample> {
    let valid_name = |n: &str, colon: bool| {
        !n.is_empty()
            && !n.starts_with(|c: char| c.is_ascii_digit())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || (colon && c == ':'))
    };
    let mut types = BTreeMap::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix("# ") {
            let mut parts = comment.splitn(3, ' ');
            let (kind, name, rest) = (parts.next(), parts.next(), parts.next());
            let name = name.unwrap_or_else(|| panic!("a comment without a name: {line:?}"));
            assert!(valid_name(name, true), "{line:?}");
            match kind {
                Some("TYPE") => {
                    let t = rest.unwrap_or("");
                    assert!(
                        ["counter", "gauge", "histogram", "summary", "untyped"].contains(&t),
                        "{line:?}"
                    );
                    types.insert(name.to_string(), t.to_string());
                }
                Some("HELP") => {}
                _ => panic!("an unknown comment: {line:?}"),
            }
            continue;
        }
        let name_end = line.find(['{', ' ']).expect("a value after the name");
        let name = &line[..name_end];
        assert!(valid_name(name, true), "metric name in {line:?}");
        let mut labels = BTreeMap::new();
        let mut rest = &line[name_end..];
        if let Some(mut body) = rest.strip_prefix('{') {
            loop {
                if let Some(after) = body.strip_prefix('}') {
                    rest = after;
                    break;
                }
                let eq = body
                    .find("=\"")
                    .unwrap_or_else(|| panic!("label=\"value\" in {line:?}"));
                let key = &body[..eq];
                assert!(valid_name(key, false), "label name {key:?} in {line:?}");
                let mut value = String::new();
                let mut chars = body[eq + 2..].char_indices();
                let close = loop {
                    match chars.next() {
                        Some((_, '\\')) => match chars.next() {
                            Some((_, 'n')) => value.push('\n'),
                            Some((_, c)) => value.push(c),
                            None => panic!("bad escape in {line:?}"),
                        },
                        Some((i, '"')) => break eq + 2 + i + 1,
                        Some((_, c)) => value.push(c),
                        None => panic!("unterminated value in {line:?}"),
                    }
                };
                labels.insert(key.to_string(), value);
                body = &body[close..];
                body = body.strip_prefix(',').unwrap_or(body);
            }
        }
        let value = rest
            .strip_prefix(' ')
            .unwrap_or_else(|| panic!("one space before the value in {line:?}"));
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("a number as the value in {line:?}"));
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|f| types.get(*f).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name);
        assert!(types.contains_key(family), "no # TYPE line before {line:?}");
        out.push(Sample {
            name: name.to_string(),
            labels,
            value,
        });
    }
    out
}

/// The value of the sample `name` whose labels include `labels`; 0 when there is none
/// (a counter not yet counted).
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    find(samples, name, labels).map_or(0.0, |s| s.value)
}

fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    samples.iter().find(|s| {
        s.name == name
            && labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
    })
}

/// An app with `metrics.token` set.
async fn app_with_token() -> TestApp {
    spawn_app_with(|c| c.metrics.token = Secret::new(TOKEN)).await
}

/// Scrapes the app's `/metrics` with the token.
async fn scrape(app: &TestApp) -> Vec<Sample> {
    let res = app
        .api
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    parse(&res.text().await.unwrap())
}

#[tokio::test]
async fn metrics_are_off_by_default() {
    let app = spawn_app().await;
    let res = app.api.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .api
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "no token opens what is not there");
}

#[tokio::test]
async fn with_a_token_only_its_bearer_reads_the_metrics() {
    let app = app_with_token().await;
    let url = app.url("/metrics");
    let res = app.api.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(
        res.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer"),
        "{:?}",
        res.headers()
    );
    for wrong in [
        "scrape-token-7f3e9a1c5",
        "scrape-token-7f3e9a1c5b0",
        "SCRAPE-TOKEN-7F3E9A1C5B",
    ] {
        let res = app.api.get(&url).bearer_auth(wrong).send().await.unwrap();
        assert_eq!(res.status(), 401, "{wrong}");
    }
    let res = app
        .api
        .get(&url)
        .header("authorization", format!("Basic {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "only the bearer scheme");

    let res = app.api.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let content_type = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body = res.text().await.unwrap();
    let samples = parse(&body);
    for t in [
        "# TYPE civic_problems gauge",
        "# TYPE civic_outbox_pending gauge",
        "# TYPE civic_outbox_oldest_pending_seconds gauge",
        "# TYPE civic_outbox_dead gauge",
        "# TYPE civic_mail_sent_total counter",
        "# TYPE civic_mail_failed_total counter",
        "# TYPE civic_mail_dead_total counter",
        "# TYPE civic_job_runs_total counter",
        "# TYPE civic_db_pool_connections gauge",
        "# TYPE civic_db_pool_max_connections gauge",
        "# TYPE http_requests_total counter",
        "# TYPE http_request_duration_seconds histogram",
    ] {
        assert!(body.lines().any(|l| l == t), "{t:?} in:\n{body}");
    }
    for state in ["idle", "in_use"] {
        assert!(
            find(
                &samples,
                "civic_db_pool_connections",
                &[("pool", "primary"), ("state", state)]
            )
            .is_some(),
            "{body}"
        );
    }
    let postgres = app
        .state
        .config
        .database
        .url
        .expose()
        .starts_with("postgres");
    // SQLite writes through one connection, with the read-only ones beside it.
    let (primary, other) = if postgres {
        (10.0, "submit")
    } else {
        (1.0, "read")
    };
    assert_eq!(
        value(
            &samples,
            "civic_db_pool_max_connections",
            &[("pool", "primary")]
        ),
        primary
    );
    assert!(
        find(
            &samples,
            "civic_db_pool_max_connections",
            &[("pool", other)]
        )
        .is_some()
    );
}

#[tokio::test]
async fn requests_count_by_route_template_and_status_and_never_show_a_path() {
    let app = app_with_token().await;
    let before = scrape(&app).await;
    let route = [
        ("method", "GET"),
        ("route", "/problems/{id}"),
        ("status", "200"),
    ];
    let email = "aigerim.metrics@example.kz";
    let mut body = problem_body("KZ-71", "roads");
    body["email"] = email.into();
    let id = app.file(&body).await;
    let confirm = app
        .deliver()
        .await
        .iter()
        .find(|m| m.to == [email.to_string()])
        .expect("confirmation mail")
        .link(&app.url("/confirm/"));
    let secret = confirm.rsplit('/').next().unwrap().to_string();
    assert!(secret.len() >= 16, "{confirm}");
    let res = app.api.get(&confirm).send().await.unwrap();
    assert_eq!(res.status(), 200, "the confirmation page");
    let b = app.browser();
    // Only confirmed problems are public: confirm it, then read it twice.
    let page = b.get(&confirm).send().await.unwrap().text().await.unwrap();
    let csrf = TestApp::csrf_of(&page);
    let res = b
        .post(&confirm)
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    for _ in 0..2 {
        let res = app
            .api
            .get(app.url(&format!("/problems/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = app
        .api
        .get(app.url("/problems/987654"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .api
        .get(app.url(&format!("/no/such/page/{secret}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let after = scrape(&app).await;
    let grew = |labels: &[(&str, &str)]| {
        value(&after, "http_requests_total", labels) - value(&before, "http_requests_total", labels)
    };
    assert!(grew(&route) >= 2.0, "two reads of /problems/{{id}}");
    assert!(
        grew(&[
            ("method", "GET"),
            ("route", "/problems/{id}"),
            ("status", "404")
        ]) >= 1.0
    );
    assert!(
        grew(&[
            ("method", "POST"),
            ("route", "/api/v1/problems"),
            ("status", "201")
        ]) >= 1.0
    );
    assert!(
        grew(&[
            ("method", "POST"),
            ("route", "/confirm/{token}"),
            ("status", "303")
        ]) >= 1.0
    );
    assert!(grew(&[("method", "GET"), ("route", "unmatched"), ("status", "404")]) >= 1.0);
    assert!(
        grew(&[("method", "GET"), ("route", "/metrics"), ("status", "200")]) >= 1.0,
        "the scrape itself counts"
    );
    let latency = |le: &str| {
        value(
            &after,
            "http_request_duration_seconds_bucket",
            &[("method", "GET"), ("route", "/problems/{id}"), ("le", le)],
        )
    };
    assert!(latency("+Inf") >= 2.0);
    assert!(latency("0.005") <= latency("10"));
    assert!(
        find(
            &after,
            "http_request_duration_seconds_count",
            &[("method", "GET"), ("route", "/problems/{id}")]
        )
        .is_some()
    );

    // No label anywhere carries a path, an id, an address or a token.
    let raw_path = format!("/problems/{id}");
    for s in &after {
        for (k, v) in &s.labels {
            assert!(
                !v.contains(&secret) && !v.contains('@') && *v != raw_path && !v.contains("987654"),
                "{}{{{k}={v:?}}}",
                s.name
            );
            if k == "route" {
                assert!(
                    v == "unmatched" || v.starts_with('/'),
                    "a template or unmatched: {v:?}"
                );
                assert!(
                    !v.split('/')
                        .any(|seg| !seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit())),
                    "no numeric path segment: {v:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn outbox_and_problem_gauges_read_this_database_and_outcomes_are_counted() {
    let app = app_with_token().await;
    for (i, region) in ["KZ-71", "KZ-75"].iter().enumerate() {
        let mut body = problem_body(region, "roads");
        body["email"] = format!("gauge{i}@example.kz").into();
        app.file(&body).await;
    }
    app.set_time("2026-11-25T05:01:30Z");
    let before = scrape(&app).await;
    assert_eq!(value(&before, "civic_outbox_pending", &[]), 2.0);
    assert!(
        value(&before, "civic_outbox_oldest_pending_seconds", &[]) >= 90.0,
        "filed at 05:00:00, scraped at 05:01:30"
    );
    assert_eq!(value(&before, "civic_outbox_dead", &[]), 0.0);
    assert_eq!(
        value(&before, "civic_problems", &[("status", "unconfirmed")]),
        2.0
    );
    assert_eq!(value(&before, "civic_problems", &[("status", "new")]), 0.0);
    assert!(
        find(&before, "civic_problems", &[("status", "closed")]).is_some(),
        "every status, 0 included"
    );

    let runs = [("job", "outbox"), ("outcome", "ok")];
    app.job("outbox").await;
    assert_eq!(app.smtp.mails.lock().unwrap().len(), 2);
    // A mail the server refuses for good is dead at once.
    *app.smtp.mode.lock().unwrap() = SinkMode::Permanent;
    let mut body = problem_body("KZ-71", "roads");
    body["email"] = "refused@example.kz".into();
    app.file(&body).await;
    app.job("outbox").await;

    let after = scrape(&app).await;
    let grew = |name: &str, labels: &[(&str, &str)]| {
        value(&after, name, labels) - value(&before, name, labels)
    };
    assert_eq!(value(&after, "civic_outbox_pending", &[]), 0.0);
    assert_eq!(
        value(&after, "civic_outbox_oldest_pending_seconds", &[]),
        0.0
    );
    assert_eq!(value(&after, "civic_outbox_dead", &[]), 1.0);
    assert_eq!(
        value(&after, "civic_problems", &[("status", "unconfirmed")]),
        3.0
    );
    assert!(grew("civic_mail_sent_total", &[]) >= 2.0);
    assert!(grew("civic_mail_failed_total", &[]) >= 1.0);
    assert!(grew("civic_mail_dead_total", &[]) >= 1.0);
    assert!(grew("civic_job_runs_total", &runs) >= 2.0);
    assert!(grew("civic_job_duration_seconds_count", &[("job", "outbox")]) >= 2.0);
    assert!(
        find(
            &after,
            "civic_job_runs_total",
            &[("job", "digest-daily"), ("outcome", "error")]
        )
        .is_some(),
        "every job's counters are there before its first run"
    );
}

/// A port free at the moment.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the child process when the test ends, passed or failed.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_separate_listener_serves_metrics_alone_without_a_token() {
    let app = spawn_app().await;
    let (main, side) = (free_port(), free_port());
    let _serve = Running(
        command(&app, &["serve"])
            .env("CIVIC_LISTEN", format!("127.0.0.1:{main}"))
            .env("CIVIC_METRICS__LISTEN", format!("127.0.0.1:{side}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve starts"),
    );
    let client = reqwest::Client::new();
    let main_url = |p: &str| format!("http://127.0.0.1:{main}{p}");
    let side_url = |p: &str| format!("http://127.0.0.1:{side}{p}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match client.get(main_url("/healthz")).send().await {
            Ok(r) if r.status() == 200 => break,
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
            other => panic!("serve did not come up: {other:?}"),
        }
    }
    let res = client.get(side_url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let samples = parse(&res.text().await.unwrap());
    assert!(
        value(
            &samples,
            "http_requests_total",
            &[("method", "GET"), ("route", "/healthz"), ("status", "200")]
        ) >= 1.0,
        "the main listener's requests are counted"
    );
    assert!(find(&samples, "civic_outbox_pending", &[]).is_some());
    assert!(find(&samples, "civic_problems", &[("status", "new")]).is_some());

    let res = client.get(main_url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404, "no token: not on the main listener");
    let res = client.get(side_url("/healthz")).send().await.unwrap();
    assert_eq!(
        res.status(),
        404,
        "the separate listener serves /metrics alone"
    );
}

#[tokio::test]
async fn serve_refuses_to_start_when_the_metrics_address_is_taken() {
    let app = spawn_app().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut child = command(&app, &["serve"])
        .env("CIVIC_LISTEN", format!("127.0.0.1:{}", free_port()))
        .env(
            "CIVIC_METRICS__LISTEN",
            taken.local_addr().unwrap().to_string(),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve kept running on a taken metrics address");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(!status.success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("metrics.listen"), "{stderr}");
}
