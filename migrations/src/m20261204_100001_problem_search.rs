//! Full-text search over problems' title, description and address (`q=` on the lists).
//!
//! - PostgreSQL: a stored generated tsvector `problems.search` (the `simple` configuration:
//!   lowercased words, no stemmer, as none exists for Kazakh; title weighted A, description
//!   B, address C) with a GIN index. PostgreSQL keeps it current on every write. A search
//!   within a region walks `idx_problems_region_id` (`m20261204_000001_list_indexes`).
//! - SQLite: an FTS5 table `problems_fts` whose content is the problems table itself
//!   (`content='problems'`), kept by triggers on insert, delete and a change of title,
//!   description or address (personal-data erasure may rewrite them), and filled from the
//!   existing rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE problems ADD COLUMN search tsvector GENERATED ALWAYS AS (\
       setweight(to_tsvector('simple', title), 'A') || \
       setweight(to_tsvector('simple', description), 'B') || \
       setweight(to_tsvector('simple', coalesce(address, '')), 'C')) STORED",
    "CREATE INDEX idx_problems_search ON problems USING gin (search)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_problems_search",
    "ALTER TABLE problems DROP COLUMN IF EXISTS search",
];

// `remove_diacritics 0`: «й» and «и», «ё» and «е» stay distinct, as in PostgreSQL.
const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE problems_fts USING fts5(title, description, address, \
       content='problems', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER problems_fts_insert AFTER INSERT ON problems BEGIN \
       INSERT INTO problems_fts(rowid, title, description, address) \
       VALUES (new.id, new.title, new.description, new.address); END",
    "CREATE TRIGGER problems_fts_delete AFTER DELETE ON problems BEGIN \
       INSERT INTO problems_fts(problems_fts, rowid, title, description, address) \
       VALUES ('delete', old.id, old.title, old.description, old.address); END",
    "CREATE TRIGGER problems_fts_update AFTER UPDATE OF title, description, address \
       ON problems BEGIN \
       INSERT INTO problems_fts(problems_fts, rowid, title, description, address) \
       VALUES ('delete', old.id, old.title, old.description, old.address); \
       INSERT INTO problems_fts(rowid, title, description, address) \
       VALUES (new.id, new.title, new.description, new.address); END",
    "INSERT INTO problems_fts(problems_fts) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS problems_fts_update",
    "DROP TRIGGER IF EXISTS problems_fts_delete",
    "DROP TRIGGER IF EXISTS problems_fts_insert",
    "DROP TABLE IF EXISTS problems_fts",
];

async fn run(manager: &SchemaManager<'_>, postgres: &[&str], sqlite: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let statements = match manager.get_database_backend() {
        DbBackend::Postgres => postgres,
        DbBackend::Sqlite => sqlite,
        other => {
            return Err(DbErr::Migration(format!(
                "search is not available on {other:?}"
            )));
        }
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_UP, SQLITE_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_DOWN, SQLITE_DOWN).await
    }
}
