//! Application state and start-up: everything a test needs to start the app.

use crate::clock::Clock;
use crate::config::Config;
use crate::mail::Mailer;
use crate::services::reference::{self, Reference};
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::Notify;

/// Shared state of every request, job and CLI command.
#[derive(Clone)]
pub struct AppState {
    /// The database, for writes and for reads that must see them at once.
    pub db: DatabaseConnection,
    /// Long reads (the dashboards' counts): on SQLite a pool of read-only connections beside
    /// the single writer (WAL lets them read while it writes), on PostgreSQL the same pool
    /// as `db`. A read here sees every write committed before it starts.
    pub read_db: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub mailer: Mailer,
    pub tz: chrono_tz::Tz,
    /// Regions and categories, reloaded when admins edit them.
    pub reference: Arc<RwLock<Arc<Reference>>>,
    /// Wakes the outbox worker when new mail is written.
    pub mail_ready: Arc<Notify>,
    /// The mail delivery worker's sign of life, which `/readyz` checks.
    pub mail_heartbeat: Heartbeat,
    /// The dashboards' facts per period.
    pub stats: Arc<crate::services::stats::StatsCache>,
    /// Expensive public answers kept for a moment (Open311's pages of requests).
    pub answers: Arc<crate::http::answers::Answers>,
    /// The public lists and the home page's blocks, kept for a moment.
    pub recent: Arc<crate::services::queries::recent::Recent>,
    /// PostgreSQL's one-statement submissions: their connections and problem ids.
    pub submissions: Arc<crate::services::intake::Writer>,
    /// This process's rate limiters.
    pub limits: Arc<crate::limits::Limits>,
    /// Elections' live pictures, kept for a minute.
    pub live: Arc<crate::services::election_day::LiveMemo>,
    /// Published election reports, kept once read (a frozen report never changes).
    pub reports: Arc<crate::services::election_report::ReportMemo>,
    /// Work that requests start and do not wait for.
    pub background: Background,
    /// The process is stopping: background work ends what it holds and takes nothing new.
    pub shutdown: Shutdown,
}

/// A stop signal (SIGTERM or SIGINT in `serve`) for the work that runs beside requests: the
/// scheduler fires no new job run, the mail lanes stop after the mail they are sending and
/// give back the rest of their claim, and the mail worker ends. Work that must end before
/// the process does (a job run) holds a [`Shutdown::hold`] guard; [`Shutdown::drained`]
/// waits for the last one.
#[derive(Clone)]
pub struct Shutdown {
    stopping: Arc<tokio::sync::watch::Sender<bool>>,
    held: Background,
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown {
            stopping: Arc::new(tokio::sync::watch::Sender::new(false)),
            held: Background::default(),
        }
    }
}

/// Work [`Shutdown::drained`] waits for, until it is dropped.
pub struct Held {
    _running: Running,
}

impl Shutdown {
    /// Says stop to everything that watches.
    pub fn begin(&self) {
        self.stopping.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Completes once [`Shutdown::begin`] has been called.
    pub async fn stopping(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }

    /// Marks work that the process waits for before it exits.
    pub fn hold(&self) -> Held {
        self.held.0.0.fetch_add(1, Ordering::SeqCst);
        Held {
            _running: Running(self.held.clone()),
        }
    }

    /// Waits until no held work is left.
    pub async fn drained(&self) {
        self.held.idle().await;
    }
}

/// Work a request starts and does not wait for: a sign-in mail, so that the answer takes
/// the same time whether or not the address is registered. [`Background::idle`] waits
/// until none is left (tests, before reading the mail).
#[derive(Clone, Default)]
pub struct Background(Arc<(AtomicUsize, Notify)>);

/// Counts a task as done when it ends, even by panicking.
struct Running(Background);

impl Drop for Running {
    fn drop(&mut self) {
        if (self.0).0.0.fetch_sub(1, Ordering::SeqCst) == 1 {
            (self.0).0.1.notify_waiters();
        }
    }
}

impl Background {
    /// Runs `work` on its own task, in the caller's span: what it logs carries the request
    /// id of the request that asked for it.
    pub fn spawn(&self, work: impl std::future::Future<Output = ()> + Send + 'static) {
        use tracing::Instrument;
        self.0.0.fetch_add(1, Ordering::SeqCst);
        let running = Running(self.clone());
        tokio::spawn(
            async move {
                let _running = running;
                work.await;
            }
            .in_current_span(),
        );
    }

    /// Waits until no background work is left.
    pub async fn idle(&self) {
        loop {
            let notified = self.0.1.notified();
            let mut notified = std::pin::pin!(notified);
            notified.as_mut().enable();
            if self.0.0.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// A worker's sign of life: it calls [`Heartbeat::beat`] at the top of each turn of its
/// loop, and turns at least every [`Heartbeat::PERIOD`] even when idle. `/readyz` says not
/// ready when a worker that has beaten is silent for longer than [`Heartbeat::LIMIT`]
/// (stuck, or its task ended); a process where none ever beat (no worker here: `mail.deliver`
/// off, a CLI command, tests) is not judged by it.
///
/// Time is read from the monotonic clock, not the calendar (`crate::clock::Clock`, which
/// tests stop): a sign of life is about seconds elapsed, and a step of the system's clock
/// must not make a worker look dead.
#[derive(Clone)]
pub struct Heartbeat {
    start: tokio::time::Instant,
    /// Milliseconds from `start` to the last beat, plus one; 0 before the first.
    last: Arc<AtomicU64>,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Heartbeat {
            start: tokio::time::Instant::now(),
            last: Arc::default(),
        }
    }
}

impl Heartbeat {
    /// A worker turns at least this often, busy or idle.
    pub const PERIOD: Duration = Duration::from_secs(30);
    /// Silence longer than this means the worker is not alive: a few periods, so that one
    /// slow turn (a large batch, a slow mail server) is not taken for death.
    pub const LIMIT: Duration = Duration::from_secs(4 * 30);

    /// The worker is alive now.
    pub fn beat(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX - 1);
        self.last.store(ms + 1, Ordering::Relaxed);
    }

    /// How long since the last beat; `None` before the first.
    pub fn silence(&self) -> Option<Duration> {
        match self.last.load(Ordering::Relaxed) {
            0 => None,
            n => Some(
                self.start
                    .elapsed()
                    .saturating_sub(Duration::from_millis(n - 1)),
            ),
        }
    }
}

impl AppState {
    /// Connects, migrates, seeds reference data and builds the state.
    pub async fn start(
        mut config: Config,
        clock: Clock,
        mailer: Mailer,
    ) -> anyhow::Result<AppState> {
        config.security.resolve_pepper()?;
        if config.metrics.enabled() {
            crate::metrics::install();
        }
        let db = connect(&config).await?;
        migrate(&db).await?;
        let read_db = connect_reader(&config, &db).await?;
        reference::seed(&db, &config.app.regions_csv).await?;
        let reference = reference::load(&db).await?;
        let tz = config.timezone()?;
        Ok(AppState {
            db,
            read_db,
            clock,
            mailer,
            tz,
            reference: Arc::new(RwLock::new(Arc::new(reference))),
            mail_ready: Arc::new(Notify::new()),
            mail_heartbeat: Heartbeat::default(),
            stats: Arc::new(crate::services::stats::StatsCache::new(
                config.dashboard.max_age_seconds,
            )),
            answers: Arc::default(),
            recent: Arc::default(),
            submissions: Arc::new(crate::services::intake::Writer::new(
                config.database.submit_connections,
                config.database.acquire_timeout(),
            )),
            limits: Arc::new(crate::limits::Limits::new(&config.limits)),
            live: Arc::default(),
            reports: Arc::default(),
            background: Background::default(),
            shutdown: Shutdown::default(),
            config: Arc::new(config),
        })
    }

    /// A snapshot of the reference data (cheap: shared, replaced whole on edits).
    pub fn reference(&self) -> Arc<Reference> {
        Arc::clone(&self.reference.read().expect("reference lock"))
    }

    /// Reloads the reference data after an edit.
    pub async fn reload_reference(&self) -> Result<(), sea_orm::DbErr> {
        let fresh = reference::load(&self.db).await?;
        *self.reference.write().expect("reference lock") = Arc::new(fresh);
        Ok(())
    }

    /// The token pepper.
    pub fn pepper(&self) -> &str {
        self.config.security.token_pepper.expose()
    }

    /// An absolute link to `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url())
    }

    /// [`AppState::link`] that opens the page in `lang` (`?lang=kk`): the links of a mail
    /// carry its language.
    pub fn link_in(&self, lang: &str, path: &str) -> String {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{}{path}{sep}lang={lang}", self.config.base_url())
    }

    /// The language of a recipient's mail: the one stored with them, else
    /// `app.default_language`.
    pub fn mail_language(&self, stored: Option<&str>) -> &'static str {
        stored
            .and_then(crate::i18n::parse)
            .or_else(|| crate::i18n::parse(&self.config.app.default_language))
            .unwrap_or(crate::i18n::FALLBACK)
    }
}

/// Applies the migrations the database lacks and returns their names; does nothing (and
/// writes nothing, not even the migration table) when it has them all, which is every
/// start but the first after an upgrade. Says at `info` what it applied.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let names = pending_migrations(db)
        .await
        .context("reading which migrations the database has")?;
    if names.is_empty() {
        return Ok(Vec::new());
    }
    Migrator::up(db, None).await.context("running migrations")?;
    tracing::info!(
        count = names.len(),
        latest = names.last().map(String::as_str),
        "database migrated"
    );
    Ok(names)
}

/// The names of the migrations this version has and the database lacks, read without
/// writing anything. An error (besides the database's own) when the database has a
/// migration this version does not know: a newer version migrated it.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, sea_orm::DbErr> {
    Ok(Migrator::get_pending_migrations_read_only(db)
        .await?
        .iter()
        .map(|m| m.name().to_string())
        .collect())
}

/// The file of a SQLite URL (`None` for PostgreSQL); `:memory:` for an in-memory one.
pub(crate) fn sqlite_path(url: &str) -> Option<&str> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or("");
    let in_memory = path.is_empty() || path == ":memory:" || url.contains("mode=memory");
    Some(if in_memory { ":memory:" } else { path })
}

/// Opens the database: creates the SQLite file's folder if needed. SQLite gets a single
/// connection (writes are serialised anyway, and this avoids "database is locked" errors);
/// PostgreSQL gets `database.max_connections`.
pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let url = config.database.url.expose();
    let sqlite = url.starts_with("sqlite:");
    if let Some(path) = sqlite_path(url) {
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(if sqlite {
        1
    } else {
        config.database.max_connections
    })
    // Half the pool is opened at start, not inside the first requests (a new PostgreSQL
    // connection is a process forked on the server: slow while the figures are counted).
    .min_connections(if sqlite {
        0
    } else {
        config.database.max_connections.div_ceil(2)
    })
    .acquire_timeout(config.database.acquire_timeout())
    // A ping on every acquire is a round trip per request; ping only connections that sat
    // idle long enough to have been dropped by a firewall or a server restart.
    .test_before_acquire_if_idle_for(Duration::from_secs(30))
    .sqlx_logging(false);
    let db = Database::connect(opts)
        .await
        .context("cannot connect to the database (database.url / CIVIC_DATABASE_URL)")?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            .await?;
    }
    Ok(db)
}

/// Whether [`AppState::read_db`] is the writer's own pool (see [`connect_reader`]).
pub(crate) fn reads_share_writer(config: &Config) -> bool {
    config.database.read_connections == 0
        || sqlite_path(config.database.url.expose()).is_none_or(|p| p == ":memory:")
}

/// The connections for long reads beside `writer` (see [`AppState::read_db`]): on SQLite
/// `database.read_connections` read-only connections to the same file, which WAL mode
/// (set by [`connect`]) lets read while the writer writes; the writer itself when that is 0
/// or the database is in memory (another pool would open another, empty database); on
/// PostgreSQL the writer's pool, which already has `database.max_connections`.
pub async fn connect_reader(
    config: &Config,
    writer: &DatabaseConnection,
) -> anyhow::Result<DatabaseConnection> {
    let url = config.database.url.expose();
    let readers = config.database.read_connections;
    if reads_share_writer(config) {
        return Ok(writer.clone());
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(readers)
        .min_connections(0)
        .acquire_timeout(config.database.acquire_timeout())
        .sqlx_logging(false)
        // Read-only at open: whatever the URL's mode says, these connections never write
        // and never create the file.
        .map_sqlx_sqlite_opts(|o| o.read_only(true));
    Database::connect(opts)
        .await
        .context("cannot open read connections to the database (database.read_connections)")
}
