//! Issue 16, logs: lines for people without colour codes in a pipe, or one JSON object a
//! line (`log.format = "json"`); the request id on every line logged for a request; never a
//! token, a password or a citizen's contact details, at the default level or at debug.
//! The real binary, as an operator runs it, on the test's database and SMTP sink.

use crate::cli::{civic, command};
use crate::helpers::{Mail, TestApp, spawn_app};
use civic_tracker::auth::UserRole;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A `civic-tracker serve` process on the test's database, its standard error read line by
/// line; killed when dropped.
pub(crate) struct Served {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// Where it listens, also its `server.base_url` (the links in its mails).
    pub(crate) url: String,
}

impl Served {
    /// Starts `serve` with `envs` (over [`command`]'s: no `RUST_LOG`, rate limits off) and
    /// waits for its start line.
    pub(crate) async fn start(app: &TestApp, envs: &[(&str, &str)]) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}");
        let mut cmd = command(app, &["serve"]);
        cmd.env("CIVIC_LISTEN", format!("127.0.0.1:{port}"))
            .env("CIVIC_BASE_URL", &url)
            .env("CIVIC_LIMITS__ENABLED", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("serve starts");
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&lines);
        let reader = std::thread::spawn(move || {
            let mut r = BufReader::new(stderr);
            let mut buf = Vec::new();
            while r.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
                let line = String::from_utf8_lossy(&buf);
                into.lock()
                    .unwrap()
                    .push(line.trim_end_matches('\n').to_string());
                buf.clear();
            }
        });
        let served = Served {
            child,
            lines,
            reader: Some(reader),
            url,
        };
        assert!(
            served.wait_for("Civic Tracker started", 60).await,
            "no start line:\n{}",
            served.lines().join("\n")
        );
        served
    }

    /// Waits up to `secs` for a line containing `needle`.
    pub(crate) async fn wait_for(&self, needle: &str, secs: u64) -> bool {
        for _ in 0..secs * 20 {
            if self.lines().iter().any(|l| l.contains(needle)) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// The lines written so far.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Stops the process; every line it wrote.
    pub(crate) fn stop(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.lines()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first mail to `to` with a link starting with `prefix`, waiting for the process to
/// send it.
async fn mail_to(app: &TestApp, to: &str, prefix: &str) -> Mail {
    for _ in 0..400 {
        let found = app
            .smtp
            .mails
            .lock()
            .unwrap()
            .iter()
            .find(|m| m.to == [to.to_string()] && m.text.contains(prefix))
            .cloned();
        if let Some(m) = found {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no mail to {to} with {prefix}");
}

/// The `X-Request-Id` of an answer.
fn id_of(res: &reqwest::Response) -> String {
    res.headers()["x-request-id"].to_str().unwrap().to_string()
}

/// The CSRF token in a page.
fn csrf(html: &str) -> String {
    TestApp::csrf_of(html)
}

/// What a round did: the requests' ids with the route template each was answered on, and
/// the secrets the log must not show.
#[derive(Default)]
struct Round {
    requests: Vec<Req>,
    secrets: Vec<(&'static str, String)>,
}

/// A request made in a round.
struct Req {
    /// Its `X-Request-Id`.
    id: String,
    /// The route template it was answered on.
    route: &'static str,
    /// Whether the default level logs something about it (a submission does).
    logged_by_default: bool,
}

impl Round {
    fn answered(&mut self, res: &reqwest::Response, route: &'static str) {
        self.requests.push(Req {
            id: id_of(res),
            route,
            logged_by_default: false,
        });
    }

    fn submitted(&mut self, res: &reqwest::Response, route: &'static str) {
        self.answered(res, route);
        self.requests.last_mut().unwrap().logged_by_default = true;
    }
}

/// Files a problem through Open311 (e-mail and phone), confirms it from the mailed link,
/// looks it up by its token, signs a coordinator in by mailed link and opens the
/// workspace, uses an API token, and files through the JSON API: what a round's log covers.
async fn citizen_and_staff(app: &TestApp, s: &Served, n: usize, key: &str, api: &str) -> Round {
    let mut r = Round::default();
    let email = format!("zhanar.logcheck{n}@mail.kz");
    let phone = format!("+7701555010{n}");
    r.secrets.push(("e-mail", email.clone()));
    r.secrets
        .push(("e-mail's name", format!("zhanar.logcheck{n}")));
    r.secrets.push(("phone", phone.clone()));
    r.secrets.push(("phone's digits", phone[2..].to_string()));
    r.secrets.push(("Open311 api_key", key.to_string()));
    r.secrets.push(("API token", api.to_string()));

    let jar = Arc::new(reqwest::cookie::Jar::default());
    let b = reqwest::Client::builder()
        .cookie_provider(Arc::clone(&jar))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [
        ("api_key", key),
        ("service_code", "roads"),
        ("lat", "43.238"),
        ("long", "76.945"),
        ("email", &email),
        ("phone", &phone),
        ("first_name", "Zhanar"),
        (
            "description",
            "A deep pothole in front of school 12 fills with water.",
        ),
    ];
    let res = b
        .post(format!("{}/open311/v2/requests.json", s.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    r.submitted(&res, "/open311/v2/{file}");
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    let tracking = answer[0]["token"].as_str().unwrap().to_string();
    r.secrets.push(("Open311 token", tracking.clone()));

    let confirm = mail_to(app, &email, &format!("{}/confirm/", s.url))
        .await
        .link(&format!("{}/confirm/", s.url));
    r.secrets.push((
        "confirmation token",
        confirm.rsplit('/').next().unwrap().to_string(),
    ));
    let res = b.get(&confirm).send().await.unwrap();
    r.answered(&res, "/confirm/{token}");
    let page = res.text().await.unwrap();
    let res = b
        .post(&confirm)
        .form(&[("csrf", csrf(&page))])
        .send()
        .await
        .unwrap();
    r.answered(&res, "/confirm/{token}");
    assert_eq!(res.status(), 303);

    let res = b
        .get(format!("{}/open311/v2/tokens/{tracking}.json", s.url))
        .send()
        .await
        .unwrap();
    r.answered(&res, "/open311/v2/tokens/{file}");
    assert_eq!(res.status(), 200);

    // A coordinator signs in by mailed link.
    let res = b.get(format!("{}/login", s.url)).send().await.unwrap();
    let page = res.text().await.unwrap();
    let res = b
        .post(format!("{}/login", s.url))
        .form(&[
            ("email", "coord.logcheck@league.kz"),
            ("csrf", &csrf(&page)),
        ])
        .send()
        .await
        .unwrap();
    r.answered(&res, "/login");
    assert_eq!(res.status(), 303);
    let login = mail_to(
        app,
        "coord.logcheck@league.kz",
        &format!("{}/login/", s.url),
    )
    .await;
    let link = login.link(&format!("{}/login/", s.url));
    r.secrets.push((
        "sign-in token",
        link.rsplit('/').next().unwrap().to_string(),
    ));
    let page = b.get(&link).send().await.unwrap().text().await.unwrap();
    let res = b
        .post(&link)
        .form(&[("csrf", csrf(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "signed in");
    // The workspace sends a coordinator on to the problems to route.
    let res = b.get(format!("{}/workspace", s.url)).send().await.unwrap();
    r.answered(&res, "/workspace");
    assert_eq!(res.headers()["location"], "/triage");
    let res = b.get(format!("{}/triage", s.url)).send().await.unwrap();
    r.answered(&res, "/triage");
    assert_eq!(res.status(), 200);
    let cookies =
        reqwest::cookie::CookieStore::cookies(&*jar, &s.url.parse().unwrap()).expect("cookies");
    for c in cookies.to_str().unwrap().split("; ") {
        let (_, value) = c.split_once('=').unwrap();
        r.secrets.push(("a cookie", value.to_string()));
    }

    // The API: a bearer token, a submission with an e-mail address, a 404.
    let res = b
        .get(format!("{}/api/v1/problems?per_page=1", s.url))
        .bearer_auth(api)
        .send()
        .await
        .unwrap();
    r.answered(&res, "/api/v1/problems");
    assert_eq!(res.status(), 200);
    let mut body = crate::helpers::problem_body("KZ-75", "roads");
    body["email"] = Value::from(email.clone());
    let res = b
        .post(format!("{}/api/v1/problems", s.url))
        .json(&body)
        .send()
        .await
        .unwrap();
    r.submitted(&res, "/api/v1/problems");
    assert_eq!(res.status(), 201);
    let res = b
        .get(format!("{}/api/v1/problems/987654", s.url))
        .send()
        .await
        .unwrap();
    r.answered(&res, "/api/v1/problems/{id}");
    assert_eq!(res.status(), 404);
    r
}

/// The `span` object of a JSON line.
fn span_of(line: &Value) -> &Value {
    &line["span"]
}

#[tokio::test]
async fn logs_carry_request_ids_and_never_contact_details_tokens_or_passwords() {
    let app = spawn_app().await;
    app.user(
        "coord.logcheck@league.kz",
        "Coordinator",
        UserRole::Coordinator,
        &[],
    )
    .await;
    app.user("app.logcheck@gov.kz", "eGov app", UserRole::Monitor, &[])
        .await;
    let key = civic_tracker::services::people::create_token(
        &app.state,
        "app.logcheck@gov.kz",
        civic_tracker::auth::kind::OPEN311,
    )
    .await
    .unwrap();
    let api = app.token("coord.logcheck@league.kz").await;
    let password = "Smtp-Passw0rd-of-the-log-test";
    let smtp = format!("smtp://civic:{password}@127.0.0.1:{}", app.smtp.port);
    let debug = "civic_tracker=debug,tower_http=debug";
    let rounds = [
        ("text", None),
        ("json", None),
        ("text", Some(debug)),
        ("json", Some(debug)),
    ];
    for (n, (format, level)) in rounds.into_iter().enumerate() {
        let case = format!("{format} at {}", level.unwrap_or("the default level"));
        let mut envs = vec![("CIVIC_LOG__FORMAT", format), ("CIVIC_SMTP_URL", &smtp)];
        if let Some(l) = level {
            envs.push(("RUST_LOG", l));
        }
        let served = Served::start(&app, &envs).await;
        let mut round = citizen_and_staff(&app, &served, n, &key, &api).await;
        round.secrets.push(("SMTP password", password.to_string()));
        round
            .secrets
            .push(("pepper", "test-pepper-of-the-suite".to_string()));
        // The sign-in and the confirmations are done; a moment for their last lines.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let lines = served.stop();
        let all = lines.join("\n");
        assert!(
            !all.contains('\u{1b}'),
            "{case}: colour codes in a pipe:\n{all}"
        );
        for (what, secret) in &round.secrets {
            assert!(
                !all.contains(secret.as_str()),
                "{case}: the {what} {secret:?} in:\n{all}"
            );
        }
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("ERROR") || l.contains("WARN")),
            "{case}: nothing went wrong, a 404 included:\n{all}"
        );

        let parsed: Vec<Value> = if format == "json" {
            lines
                .iter()
                .map(|l| {
                    let v: Value = serde_json::from_str(l)
                        .unwrap_or_else(|e| panic!("{case}: not JSON ({e}): {l}"));
                    for key in ["timestamp", "level", "message"] {
                        assert!(v[key].is_string(), "{case}: no {key} in {l}");
                    }
                    v
                })
                .collect()
        } else {
            Vec::new()
        };
        // Every line logged for a request carries its id, method and route; at the default
        // level the submissions say what they filed, at debug every answer has its line.
        for req in &round.requests {
            let (id, route) = (req.id.as_str(), req.route);
            let tag = format!("request_id=\"{id}\"");
            let with_id: Vec<&String> = lines
                .iter()
                .filter(|l| match format {
                    "json" => span_of(&serde_json::from_str(l).unwrap())["request_id"] == id,
                    _ => l.contains(&tag),
                })
                .collect();
            if level.is_some() || req.logged_by_default {
                assert!(
                    !with_id.is_empty(),
                    "{case}: no line for {id} ({route}):\n{all}"
                );
            }
            for line in &with_id {
                if format == "json" {
                    let v: Value = serde_json::from_str(line).unwrap();
                    assert_eq!(span_of(&v)["route"], route, "{case}: {line}");
                    assert!(span_of(&v)["method"].is_string(), "{case}: {line}");
                } else {
                    let part = format!("route=\"{route}\"");
                    assert!(line.contains(&part), "{case}: {part} in {line}");
                }
            }
            if level.is_some() {
                assert!(
                    with_id
                        .iter()
                        .any(|l| l.contains("answered") && l.contains("status")),
                    "{case}: no answer line for {id} ({route}):\n{all}"
                );
            }
        }
        if format == "json" {
            let filed = parsed
                .iter()
                .find(|v| v["message"] == "open311 request filed")
                .unwrap_or_else(|| panic!("{case}: no filing line:\n{all}"));
            assert_eq!(filed["level"], "INFO");
            assert_eq!(span_of(filed)["method"], "POST");
        }
    }
}

#[tokio::test]
async fn commands_keep_the_format_and_an_unknown_one_is_refused_naming_the_key() {
    let app = spawn_app().await;
    // Silent on success in JSON too.
    let out = command(
        &app,
        &[
            "user",
            "add",
            "--email",
            "json.quiet@league.kz",
            "--role",
            "monitor",
        ],
    )
    .env("CIVIC_LOG__FORMAT", "json")
    .output()
    .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // A failure is a JSON line like the rest of the log, without the address asked for.
    let out = command(
        &app,
        &["token", "create", "--email", "nobody.json@league.kz"],
    )
    .env("CIVIC_LOG__FORMAT", "json")
    .output()
    .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line: Value = serde_json::from_str(stderr.trim_end())
        .unwrap_or_else(|e| panic!("one JSON line ({e}): {stderr}"));
    assert_eq!(line["level"], "ERROR");
    assert_eq!(line["message"], "stopped on an error");
    assert_eq!(line["error"], "no user with that e-mail");
    // The same in text, for a person.
    let out = civic(
        &app,
        &["token", "create", "--email", "nobody.json@league.kz"],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no user with that e-mail\n"
    );
    // A format that does not exist.
    let out = command(&app, &["migrate"])
        .env("CIVIC_LOG__FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("log.format (CIVIC_LOG__FORMAT) must be \"text\" or \"json\", not \"xml\""),
        "{stderr}"
    );
}
