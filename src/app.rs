//! Application state and start-up: everything a test needs to start the app.

use crate::clock::Clock;
use crate::config::Config;
use crate::mail::Mailer;
use crate::services::reference::{self, Reference};
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::Notify;

/// Shared state of every request, job and CLI command.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub mailer: Mailer,
    pub tz: chrono_tz::Tz,
    /// Regions and categories, reloaded when admins edit them.
    pub reference: Arc<RwLock<Arc<Reference>>>,
    /// Wakes the outbox worker when new mail is written.
    pub mail_ready: Arc<Notify>,
    /// The dashboards' facts per period.
    pub stats: Arc<crate::services::stats::StatsCache>,
    /// PostgreSQL's one-statement submissions: their connections and problem ids.
    pub submissions: Arc<crate::services::intake::Writer>,
}

impl AppState {
    /// Connects, migrates, seeds reference data and builds the state.
    pub async fn start(config: Config, clock: Clock, mailer: Mailer) -> anyhow::Result<AppState> {
        let db = connect(&config).await?;
        Migrator::up(&db, None)
            .await
            .context("running migrations")?;
        reference::seed(&db, &config.app.regions_csv).await?;
        let reference = reference::load(&db).await?;
        let tz = config.timezone()?;
        Ok(AppState {
            db,
            clock,
            mailer,
            tz,
            reference: Arc::new(RwLock::new(Arc::new(reference))),
            mail_ready: Arc::new(Notify::new()),
            stats: Arc::new(crate::services::stats::StatsCache::new(
                config.dashboard.max_age_seconds,
            )),
            submissions: Arc::new(crate::services::intake::Writer::new(
                config.database.submit_connections,
            )),
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
}

/// Opens the database: creates the SQLite file's folder if needed. SQLite gets a single
/// connection (writes are serialised anyway, and this avoids "database is locked" errors);
/// PostgreSQL gets `database.max_connections`.
pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let url = config.database.url.expose();
    let sqlite = url.starts_with("sqlite:");
    if sqlite {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or("");
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
    .acquire_timeout(Duration::from_secs(30))
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
