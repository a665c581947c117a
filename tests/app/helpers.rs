//! `spawn_app()`: a fresh database, an SMTP sink and the real router on port 0.

use chrono::{DateTime, Utc};
use civic_tracker::app::AppState;
use civic_tracker::auth::UserRole;
use civic_tracker::clock::Clock;
use civic_tracker::config::{Config, Secret};
use civic_tracker::domain::input::Email;
use civic_tracker::mail::Mailer;
use civic_tracker::services::people;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A mail the SMTP sink received.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The `List-Unsubscribe` header, without its angle brackets.
    pub list_unsubscribe: Option<String>,
    /// The `Reply-To` address (a signed reply address when the mail expects an answer).
    pub reply_to: Option<String>,
}

impl Mail {
    /// The first link in the text body that starts with `prefix` (e.g. the base URL + "/confirm/").
    /// The first link of the text starting with `prefix`, without the mail's `lang`
    /// parameter (tests build further paths from it); [`Mail::raw_link`] keeps it.
    pub fn link(&self, prefix: &str) -> String {
        let raw = self.raw_link(prefix);
        match raw.split_once('?') {
            Some((path, query)) => {
                let rest: Vec<&str> = query
                    .split('&')
                    .filter(|p| !p.starts_with("lang="))
                    .collect();
                if rest.is_empty() {
                    path.to_string()
                } else {
                    format!("{path}?{}", rest.join("&"))
                }
            }
            None => raw,
        }
    }

    /// The first link of the text starting with `prefix`, as the mail has it.
    pub fn raw_link(&self, prefix: &str) -> String {
        let start = self.text.find(prefix).unwrap_or_else(|| {
            panic!(
                "no link {prefix} in mail {:?}:\n{}",
                self.subject, self.text
            )
        });
        self.text[start..]
            .split_whitespace()
            .next()
            .expect("link")
            .to_string()
    }
}

/// How the SMTP sink answers the next messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinkMode {
    Accept,
    /// 451 temporary failure on DATA.
    Temporary,
    /// 550 permanent failure on RCPT.
    Permanent,
}

/// A minimal SMTP server that keeps what it receives.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Mail>>>,
    pub mode: Arc<Mutex<SinkMode>>,
    /// Stopped ([`SmtpSink::stop`]): connections refused, open sessions closed.
    down: Arc<std::sync::atomic::AtomicBool>,
    accepting: Arc<Mutex<Option<tokio::task::AbortHandle>>>,
}

impl SmtpSink {
    async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().unwrap().port();
        let sink = SmtpSink {
            port,
            mails: Arc::default(),
            mode: Arc::new(Mutex::new(SinkMode::Accept)),
            down: Arc::default(),
            accepting: Arc::default(),
        };
        sink.listen(listener);
        sink
    }

    fn listen(&self, listener: TcpListener) {
        let s = self.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.session(sock).await;
                });
            }
        });
        *self.accepting.lock().unwrap() = Some(task.abort_handle());
    }

    /// The server goes away as a real one stops: new connections are refused, and open
    /// sessions end their current mail and are then told 421.
    pub fn stop(&self) {
        self.down.store(true, Ordering::SeqCst);
        if let Some(task) = self.accepting.lock().unwrap().take() {
            task.abort();
        }
    }

    /// The server is back, on the same port.
    pub async fn restart(&self) {
        for _ in 0..100 {
            if let Ok(listener) = TcpListener::bind(("127.0.0.1", self.port)).await {
                self.down.store(false, Ordering::SeqCst);
                self.listen(listener);
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("cannot listen on port {} again", self.port);
    }

    async fn session(&self, sock: tokio::net::TcpStream) -> std::io::Result<()> {
        let (r, mut w) = sock.into_split();
        let mut r = BufReader::new(r);
        w.write_all(b"220 sink ESMTP\r\n").await?;
        let mut rcpt = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if r.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if self.down.load(Ordering::SeqCst) {
                w.write_all(b"421 4.3.2 shutting down\r\n").await?;
                return Ok(());
            }
            let cmd = line.trim_end().to_ascii_uppercase();
            let mode = *self.mode.lock().unwrap();
            if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                w.write_all(b"250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")
                    .await?;
            } else if cmd.starts_with("AUTH") {
                // Any login will do: a test puts a password in the SMTP URL to see that it
                // is never logged.
                w.write_all(b"235 2.7.0 accepted\r\n").await?;
            } else if cmd.starts_with("MAIL FROM") {
                rcpt.clear();
                w.write_all(b"250 OK\r\n").await?;
            } else if cmd.starts_with("RCPT TO") {
                if mode == SinkMode::Permanent {
                    w.write_all(b"550 5.1.1 no such user\r\n").await?;
                    continue;
                }
                let addr = line.trim_end()[8..]
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string();
                rcpt.push(addr);
                w.write_all(b"250 OK\r\n").await?;
            } else if cmd == "DATA" {
                w.write_all(b"354 go ahead\r\n").await?;
                let mut data = Vec::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let l = line.strip_prefix('.').unwrap_or(&line);
                    data.extend_from_slice(l.as_bytes());
                }
                if mode == SinkMode::Temporary {
                    w.write_all(b"451 4.3.0 try later\r\n").await?;
                    continue;
                }
                let msg = mail_parser::MessageParser::default()
                    .parse(&data)
                    .expect("parseable mail");
                self.mails.lock().unwrap().push(Mail {
                    to: rcpt.clone(),
                    subject: msg.subject().unwrap_or("").to_string(),
                    text: msg.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
                    html: msg.body_html(0).map(|t| t.to_string()).unwrap_or_default(),
                    list_unsubscribe: msg.header_raw("List-Unsubscribe").map(|v| {
                        v.trim()
                            .trim_start_matches('<')
                            .trim_end_matches('>')
                            .to_string()
                    }),
                    reply_to: msg
                        .reply_to()
                        .and_then(|a| a.first())
                        .and_then(|a| a.address())
                        .map(str::to_string),
                });
                w.write_all(b"250 queued\r\n").await?;
            } else if cmd == "QUIT" {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                w.write_all(b"250 OK\r\n").await?;
            }
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Where a test's database lives; removed when the test ends.
enum TestDb {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            TestDb::Postgres { admin_url, name } => drop_postgres_database(admin_url, name),
        }
    }
}

/// Drops PostgreSQL database `name` through `admin_url`, from a `Drop` (its own runtime).
pub fn drop_postgres_database(admin_url: &str, name: &str) {
    let (url, name) = (admin_url.to_string(), name.to_string());
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            use sea_orm::ConnectionTrait;
            if let Ok(db) = sea_orm::Database::connect(&url).await {
                let _ = db
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            }
        });
    })
    .join();
}

async fn test_db() -> (String, TestDb) {
    let unique = format!(
        "ct_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        civic_tracker::auth::random_token(6)
            .to_lowercase()
            .replace(['-', '_'], "x")
    );
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            use sea_orm::ConnectionTrait;
            let admin = sea_orm::Database::connect(&url)
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{unique}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
            (
                format!("{base}/{unique}"),
                TestDb::Postgres {
                    admin_url: url.clone(),
                    name: unique,
                },
            )
        }
        _ => {
            let path = std::env::temp_dir().join(format!("{unique}.db"));
            (
                format!("sqlite://{}?mode=rwc", path.display()),
                TestDb::Sqlite(path),
            )
        }
    }
}

/// A running app.
pub struct TestApp {
    pub addr: String,
    pub state: AppState,
    pub smtp: SmtpSink,
    /// No cookies: the API client.
    pub api: reqwest::Client,
    seen: Mutex<usize>,
    _db: TestDb,
}

static NEXT_MEDIA: AtomicU32 = AtomicU32::new(0);

/// A Wednesday morning in Almaty.
pub fn start_time() -> DateTime<Utc> {
    "2026-11-25T05:00:00Z".parse().unwrap()
}

/// Starts the app with a fresh database and SMTP sink.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with settings changed by `change` before the app starts.
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        civic_tracker::telemetry::init("debug", civic_tracker::config::LogFormat::Text);
    }
    let smtp = SmtpSink::start().await;
    let (db_url, db) = test_db().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config::defaults();
    config.database.url = Secret::new(db_url);
    config.server.base_url = addr.clone();
    config.mail.smtp_url = Secret::new(format!("smtp://127.0.0.1:{}", smtp.port));
    config.mail.from = "Civic Tracker <no-reply@civic.test>".into();
    config.security.token_pepper = Secret::new("test-pepper-of-the-suite");
    config.dashboard.max_age_seconds = 0;
    // Tests that turn the figures' cache on read figures, not "being counted" (see
    // `paging.rs` for that).
    config.dashboard.count_wait_ms = 60_000;
    // Unique per app: nextest runs each test in a process of its own, and a process id
    // of an earlier run comes back, so the clock's nanoseconds are part of the name (a
    // directory left by a run with the same id and counter held its photos).
    let media = std::env::temp_dir().join(format!(
        "civic-media-{}-{}-{}",
        std::process::id(),
        NEXT_MEDIA.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let _ = std::fs::remove_dir_all(&media);
    config.app.media_dir = media.to_string_lossy().into_owned();
    config.app.media_max_bytes = 4096;
    // Tests file many problems from one address; the rate-limit tests turn them on.
    config.limits.enabled = false;
    // The tests read English pages unless they ask for another language.
    config.app.default_language = "en".into();
    change(&mut config);
    let mailer = Mailer::from_config(&config).unwrap();
    let state = AppState::start(config, Clock::fake(start_time()), mailer)
        .await
        .expect("app starts");
    let router = civic_tracker::build_router(state.clone());
    let server = state.config.server.clone();
    tokio::spawn(async move {
        civic_tracker::server::serve(listener, router, &server, std::future::pending())
            .await
            .unwrap();
    });
    TestApp {
        addr,
        state,
        smtp,
        api: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        seen: Mutex::new(0),
        _db: db,
    }
}

/// A valid problem body for the API.
pub fn problem_body(region: &str, category: &str) -> Value {
    json!({
        "title": "Broken street light",
        "description": "The street light at the corner has been broken for two weeks.",
        "category": category,
        "region": region,
        "email": "citizen@example.kz",
        "display_name": "Aigerim",
    })
}

impl TestApp {
    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    /// Runs the outbox worker once and returns the mails received since the last call.
    pub async fn deliver(&self) -> Vec<Mail> {
        self.state.background.idle().await;
        civic_tracker::jobs::outbox::run_once(&self.state)
            .await
            .expect("outbox pass");
        let mails = self.smtp.mails.lock().unwrap();
        let mut seen = self.seen.lock().unwrap();
        let new = mails[*seen..].to_vec();
        *seen = mails.len();
        new
    }

    /// Creates a user and returns their id.
    pub async fn user(&self, email: &str, name: &str, role: UserRole, regions: &[&str]) -> i32 {
        let regions: Vec<String> = regions.iter().map(|s| s.to_string()).collect();
        people::upsert_user(
            &self.state.db,
            &Email::parse("email", email).unwrap(),
            name,
            Some("Deputy"),
            role,
            &regions,
            self.state.clock.now(),
        )
        .await
        .unwrap()
        .0
        .id
    }

    /// Creates a representative with one routing rule.
    pub async fn rep(
        &self,
        email: &str,
        name: &str,
        region: Option<&str>,
        category: Option<&str>,
    ) -> i32 {
        let id = self.user(email, name, UserRole::Representative, &[]).await;
        self.rule(id, region, category).await;
        id
    }

    /// Adds a routing rule.
    pub async fn rule(&self, rep: i32, region: Option<&str>, category: Option<&str>) {
        people::add_rule(
            &self.state.db,
            rep,
            region.map(Into::into),
            None,
            category.map(Into::into),
            self.state.clock.now(),
        )
        .await
        .unwrap();
    }

    /// An API token for the user with `email`.
    pub async fn token(&self, email: &str) -> String {
        people::create_api_token(&self.state, email).await.unwrap()
    }

    /// Files a problem through the API and returns its id.
    pub async fn file(&self, body: &Value) -> i32 {
        let res = self
            .api
            .post(self.url("/api/v1/problems"))
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let v: Value = res.json().await.unwrap();
        v["id"].as_i64().unwrap() as i32
    }

    /// Files and confirms a problem; returns its id and the mails the confirmation caused.
    pub async fn file_confirmed(&self, body: &Value) -> (i32, Vec<Mail>) {
        let id = self.file(body).await;
        let mails = self.deliver().await;
        let confirm = mails
            .iter()
            .find(|m| m.subject.contains("confirm"))
            .expect("confirmation mail")
            .link(&self.url("/confirm/"));
        let res = self.press(&confirm).await;
        assert_eq!(
            res.status(),
            303,
            "confirmation redirects to the tracking page"
        );
        (id, self.deliver().await)
    }

    /// POSTs an action with a bearer token.
    pub async fn act(&self, token: &str, id: i32, body: Value) -> reqwest::Response {
        self.api
            .post(self.url(&format!("/api/v1/problems/{id}/actions")))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The public JSON view of a problem.
    pub async fn public(&self, id: i32) -> Value {
        self.api
            .get(self.url(&format!("/api/v1/problems/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Counts rows of a table.
    pub async fn count(&self, table: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let row = self
            .state
            .db
            .query_one_raw(Statement::from_string(
                self.state.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// The rows of `sql`, each column read as an integer (cast counts and ids to BIGINT).
    pub async fn integers(&self, sql: &str) -> Vec<Vec<i64>> {
        use sea_orm::{ConnectionTrait, Statement};
        let db = &self.state.db;
        db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (0..r.column_names().len())
                    .map(|i| r.try_get_by_index::<i64>(i).unwrap())
                    .collect()
            })
            .collect()
    }

    /// The CSRF token a page's form carries.
    pub fn csrf_of(html: &str) -> String {
        let i = html
            .find("name=\"csrf\" value=\"")
            .expect("form has a csrf field")
            + 19;
        html[i..].split('"').next().unwrap().to_string()
    }

    /// Runs job `name` once as of the fake clock's now, as `civic-tracker jobs run` does.
    pub async fn job(&self, name: &str) -> civic_tracker::jobs::Ran {
        let job = civic_tracker::jobs::JobName::parse(name).expect("job name");
        civic_tracker::jobs::run(
            &self.state,
            civic_tracker::jobs::RunRequest {
                job,
                at: self.state.clock.now(),
                tick: None,
                force: false,
            },
        )
        .await
        .expect("job runs")
    }

    /// Another `civic-tracker serve` process on the same database: its own connection pool,
    /// the same clock and mail server.
    pub async fn another_process(&self) -> AppState {
        AppState::start(
            (*self.state.config).clone(),
            self.state.clock.clone(),
            self.state.mailer.clone(),
        )
        .await
        .expect("second process starts")
    }

    /// Moves the fake clock to `t` (an RFC 3339 time).
    pub fn set_time(&self, t: &str) {
        let t: DateTime<Utc> = t.parse().expect("time");
        let now = self.state.clock.now();
        assert!(t >= now, "time only moves forward: {t} < {now}");
        self.state.clock.advance(t - now);
    }

    /// Opens an e-mailed link in a fresh browser and presses the page's button (the link's
    /// GET only shows it); returns the button's answer.
    pub async fn press(&self, link: &str) -> reqwest::Response {
        let b = self.browser();
        let page = b.get(link).send().await.unwrap();
        assert_eq!(page.status(), 200, "{link} shows a page with a button");
        let csrf = Self::csrf_of(&page.text().await.unwrap());
        b.post(link).form(&[("csrf", &csrf)]).send().await.unwrap()
    }

    /// Signs a browser in by magic link; returns the client.
    pub async fn login(&self, email: &str) -> reqwest::Client {
        let b = self.browser();
        let page = b
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = Self::csrf_of(&page);
        let res = b
            .post(self.url("/login"))
            .form(&[("email", email), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "post/redirect/get");
        assert_eq!(res.headers()["location"], "/login/sent");
        let mails = self.deliver().await;
        let link = mails
            .iter()
            .find(|m| m.to == [email.to_string()] && m.subject.contains("sign-in"))
            .expect("login mail")
            .link(&self.url("/login/"));
        let page = b.get(&link).send().await.unwrap().text().await.unwrap();
        let csrf = Self::csrf_of(&page);
        let res = b.post(&link).form(&[("csrf", &csrf)]).send().await.unwrap();
        assert_eq!(res.status(), 303, "signing in redirects to the workspace");
        b
    }
}

/// GETs `url` with `client` and returns the body as text.
pub async fn text(client: &reqwest::Client, url: impl reqwest::IntoUrl) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// GETs `url` with `client` and returns the body as JSON.
pub async fn json(client: &reqwest::Client, url: impl reqwest::IntoUrl) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// Where a 303 leads and the page there, read by the same browser (post/redirect/get:
/// the page shows the one-time message the action left).
pub async fn follow(
    client: &reqwest::Client,
    base: &str,
    res: reqwest::Response,
) -> (String, String) {
    assert_eq!(
        res.status(),
        303,
        "an HTML form's POST answers with a redirect"
    );
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let url = if to.starts_with('/') {
        format!("{base}{to}")
    } else {
        to.clone()
    };
    let page = client.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200, "{to}");
    (to, page.text().await.unwrap())
}

/// The one-time message on a page (`<div class="flash" role="status">`), if any.
pub fn flash_of(html: &str) -> Option<String> {
    let start = html.find(r#"<div class="flash" role="status">"#)?;
    let rest = &html[start + r#"<div class="flash" role="status">"#.len()..];
    Some(rest[..rest.find("</div>")?].to_string())
}

/// POSTs `form` to `url` with `client` (a browser: its cookies carry the CSRF token).
pub async fn post_form<F: serde::Serialize + ?Sized>(
    client: &reqwest::Client,
    url: impl reqwest::IntoUrl,
    form: &F,
) -> reqwest::Response {
    client.post(url).form(form).send().await.unwrap()
}
