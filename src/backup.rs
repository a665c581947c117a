//! `civic-tracker backup FILE`: a consistent copy of the SQLite database, taken while the
//! service keeps running. PostgreSQL has its own tool for this, `pg_dump` (the README's
//! "Running in production" gives the commands).
//!
//! The copy is made with SQLite's `VACUUM INTO` rather than the online backup API: it
//! reads the database in one read transaction, so the copy is the database as of one
//! moment, and in WAL mode (which the service sets) readers do not block writers, so the
//! service keeps accepting problems meanwhile. The online backup API would give the same
//! copy (taken in one step it also holds one read transaction; taken in several it starts
//! over whenever the service writes in between), but sqlx does not expose it, and calling
//! it would take a second SQLite binding or `unsafe` code (the crate forbids `unsafe`).
//! `VACUUM INTO` also leaves out free pages, so the copy is compact.

use crate::config::Config;
use anyhow::{Context, bail};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbBackend, Statement};
use std::path::Path;

/// Copies the configured SQLite database to `file`, which must not exist yet (a backup
/// never overwrites one); returns the copy's size in bytes. The copy is synced to disk
/// before this returns. A copy that fails half-way is removed.
pub async fn sqlite(config: &Config, file: &Path) -> anyhow::Result<u64> {
    let url = config.database.url.expose();
    let Some(source) = crate::app::sqlite_path(url) else {
        bail!(
            "backup copies SQLite databases; this one is PostgreSQL, whose own tool does it \
             while the service runs: pg_dump -Fc -f FILE 'postgres://USER:PASSWORD@HOST/DB' \
             (restored with pg_restore; see the README, \"Running in production\")"
        );
    };
    if source == ":memory:" {
        bail!("the database is in memory (database.url): there is no file to back up");
    }
    if !Path::new(source).is_file() {
        bail!("no database at {source} (database.url / CIVIC_DATABASE_URL)");
    }
    let Some(target) = file.to_str() else {
        bail!("{}: the backup's file name must be UTF-8", file.display());
    };
    // Claim the name first: `create_new` refuses an existing file (even one created a moment
    // ago by another backup), and VACUUM INTO accepts the empty file it leaves. Mode 0600:
    // the copy holds citizens' contact details.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    if let Err(e) = options.open(file) {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            bail!(
                "{} already exists; a backup never overwrites a file: choose a new name",
                file.display()
            );
        }
        return Err(e).with_context(|| format!("cannot create {}", file.display()));
    }
    let copied = copy(url, target).await;
    if copied.is_err() {
        let _ = std::fs::remove_file(file);
    }
    copied?;
    // SQLite does not sync the file VACUUM INTO writes; a backup must survive a power cut.
    let synced = std::fs::File::open(file)
        .and_then(|f| f.sync_all().and_then(|()| f.metadata()))
        .with_context(|| format!("cannot sync {}", file.display()))?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(synced.len())
}

/// `VACUUM INTO target` on one connection of its own to the database at `url`, which it
/// never creates and never migrates (a backup before an upgrade keeps the old schema).
async fn copy(url: &str, target: &str) -> anyhow::Result<()> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(1)
        .min_connections(0)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.create_if_missing(false));
    let db = Database::connect(opts)
        .await
        .context("cannot open the database (database.url / CIVIC_DATABASE_URL)")?;
    let done = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [target.into()],
        ))
        .await
        .with_context(|| format!("cannot copy the database to {target}"));
    db.close().await.ok();
    done.map(|_| ())
}
