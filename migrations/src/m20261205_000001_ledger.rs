//! The public ledger (issue 18): an append-only, hash-chained log of every public event.
//!
//! - `ledger_entries`: one row per entry, `seq` given explicitly (1, 2, 3... with no gaps;
//!   the primary key makes two entries with one number impossible), its canonical encoding
//!   (`body`, see `ledger_format`) and `hash`. The database refuses UPDATE and DELETE (and,
//!   on PostgreSQL, TRUNCATE) with a trigger.
//! - `ledger_texts`: the free texts an entry commits to, each with its salt. Only a
//!   redaction may change a row, and only by emptying its text (and naming the redaction
//!   entry in `redacted_by`); nothing may delete one.
//!
//! - `ledger_checkpoints`: the head as the `ledger-checkpoint` job found it each day (one
//!   row per local day), published at `/feeds/ledger.atom`; append-only too.
//!
//! Existing public history is back-filled in event order (`problem_events` by
//! `created_at`, `id`), with each problem's count of confirmed supporters as one `support`
//! entry at the time of its last confirmed support.

use crate::ledger_format::{self, Draft, EventFacts, GENESIS, Published};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::prelude::DateTimeUtc;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Seq,
    CreatedAt,
    ProblemId,
    Kind,
    Body,
    Hash,
}

#[derive(DeriveIden)]
enum LedgerCheckpoints {
    Table,
    Day,
    Seq,
    Hash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerTexts {
    Table,
    Seq,
    Field,
    Salt,
    Text,
    RedactedBy,
}

const POSTGRES_TRIGGERS: &[&str] = &[
    "CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN RAISE EXCEPTION 'ledger_entries is append-only: % refused', TG_OP; END $$",
    "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries \
     FOR EACH ROW EXECUTE FUNCTION ledger_append_only()",
    "CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries \
     FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()",
    "CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE \
     ON ledger_checkpoints FOR EACH ROW EXECUTE FUNCTION ledger_append_only()",
    "CREATE FUNCTION ledger_texts_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP = 'UPDATE' AND NEW.text IS NULL AND OLD.text IS NOT NULL \
          AND NEW.seq = OLD.seq AND NEW.field = OLD.field AND NEW.salt = OLD.salt \
          AND OLD.redacted_by IS NULL AND NEW.redacted_by IS NOT NULL THEN \
         RETURN NEW; \
       END IF; \
       RAISE EXCEPTION 'ledger_texts: only a redaction may change a text (% refused)', TG_OP; \
     END $$",
    "CREATE TRIGGER ledger_texts_redact_only BEFORE UPDATE OR DELETE ON ledger_texts \
     FOR EACH ROW EXECUTE FUNCTION ledger_texts_redact_only()",
    "CREATE TRIGGER ledger_texts_no_truncate BEFORE TRUNCATE ON ledger_texts \
     FOR EACH STATEMENT EXECUTE FUNCTION ledger_texts_redact_only()",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS ledger_texts_no_truncate ON ledger_texts",
    "DROP TRIGGER IF EXISTS ledger_texts_redact_only ON ledger_texts",
    "DROP TRIGGER IF EXISTS ledger_entries_no_truncate ON ledger_entries",
    "DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries",
    "DROP TRIGGER IF EXISTS ledger_checkpoints_append_only ON ledger_checkpoints",
    "DROP FUNCTION IF EXISTS ledger_texts_redact_only()",
    "DROP FUNCTION IF EXISTS ledger_append_only()",
];

const SQLITE_TRIGGERS: &[&str] = &[
    "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN \
     SELECT RAISE(ABORT, 'ledger_entries is append-only: UPDATE refused'); END",
    "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries BEGIN \
     SELECT RAISE(ABORT, 'ledger_entries is append-only: DELETE refused'); END",
    "CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints BEGIN \
     SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: UPDATE refused'); END",
    "CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints BEGIN \
     SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: DELETE refused'); END",
    "CREATE TRIGGER ledger_texts_redact_only BEFORE UPDATE ON ledger_texts \
     WHEN NOT (NEW.text IS NULL AND OLD.text IS NOT NULL AND NEW.seq = OLD.seq \
       AND NEW.field = OLD.field AND NEW.salt = OLD.salt \
       AND OLD.redacted_by IS NULL AND NEW.redacted_by IS NOT NULL) BEGIN \
     SELECT RAISE(ABORT, 'ledger_texts: only a redaction may change a text (UPDATE refused)'); END",
    "CREATE TRIGGER ledger_texts_no_delete BEFORE DELETE ON ledger_texts BEGIN \
     SELECT RAISE(ABORT, 'ledger_texts: only a redaction may change a text (DELETE refused)'); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS ledger_checkpoints_no_delete",
    "DROP TRIGGER IF EXISTS ledger_checkpoints_no_update",
    "DROP TRIGGER IF EXISTS ledger_texts_no_delete",
    "DROP TRIGGER IF EXISTS ledger_texts_redact_only",
    "DROP TRIGGER IF EXISTS ledger_entries_no_delete",
    "DROP TRIGGER IF EXISTS ledger_entries_no_update",
];

/// Events read per query while back-filling.
const PAGE: u64 = 5_000;
/// Entries written per statement.
const WRITE: usize = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LedgerEntries::Table)
                    .if_not_exists()
                    .col(big_integer(LedgerEntries::Seq).primary_key())
                    .col(timestamp_with_time_zone(LedgerEntries::CreatedAt))
                    .col(integer(LedgerEntries::ProblemId))
                    .col(string_len(LedgerEntries::Kind, 32))
                    .col(text(LedgerEntries::Body))
                    .col(string_len(LedgerEntries::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_entries_problem")
                    .table(LedgerEntries::Table)
                    .col(LedgerEntries::ProblemId)
                    .col(LedgerEntries::Seq)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerTexts::Table)
                    .if_not_exists()
                    .col(big_integer(LedgerTexts::Seq))
                    .col(string_len(LedgerTexts::Field, 32))
                    .col(string_len(LedgerTexts::Salt, 32))
                    .col(text_null(LedgerTexts::Text))
                    .col(big_integer_null(LedgerTexts::RedactedBy))
                    .primary_key(
                        Index::create()
                            .col(LedgerTexts::Seq)
                            .col(LedgerTexts::Field),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerCheckpoints::Table)
                    .if_not_exists()
                    .col(string_len(LedgerCheckpoints::Day, 10).primary_key())
                    .col(big_integer(LedgerCheckpoints::Seq))
                    .col(string_len(LedgerCheckpoints::Hash, 64))
                    .col(timestamp_with_time_zone(LedgerCheckpoints::CreatedAt))
                    .to_owned(),
            )
            .await?;
        backfill(manager.get_connection()).await?;
        let triggers = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_TRIGGERS,
            _ => SQLITE_TRIGGERS,
        };
        for sql in triggers {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for sql in statements {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        manager
            .drop_table(Table::drop().table(LedgerCheckpoints::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LedgerTexts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LedgerEntries::Table).to_owned())
            .await
    }
}

/// The log being written: the last number and hash, and entries waiting to be inserted.
struct Writer {
    seq: i64,
    prev: [u8; 32],
    pending: Vec<Draft>,
}

impl Writer {
    async fn push(&mut self, db: &impl ConnectionTrait, d: Draft) -> Result<(), DbErr> {
        self.pending.push(d);
        if self.pending.len() >= WRITE {
            self.flush(db).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut entries = Query::insert();
        entries.into_table(LedgerEntries::Table).columns([
            LedgerEntries::Seq,
            LedgerEntries::CreatedAt,
            LedgerEntries::ProblemId,
            LedgerEntries::Kind,
            LedgerEntries::Body,
            LedgerEntries::Hash,
        ]);
        let mut texts = Query::insert();
        texts.into_table(LedgerTexts::Table).columns([
            LedgerTexts::Seq,
            LedgerTexts::Field,
            LedgerTexts::Salt,
            LedgerTexts::Text,
        ]);
        let mut any_text = false;
        for d in self.pending.drain(..) {
            self.seq += 1;
            let (entry, sealed) = d.seal(self.seq, ledger_format::new_salt);
            let body = entry.canonical();
            self.prev = ledger_format::chain(&self.prev, &body);
            entries.values_panic([
                entry.seq.into(),
                entry.time.into(),
                <i32 as TryFrom<i64>>::try_from(entry.problem)
                    .unwrap_or(i32::MAX)
                    .into(),
                entry.kind.clone().into(),
                body.into(),
                ledger_format::hex(&self.prev).into(),
            ]);
            for t in sealed {
                any_text = true;
                texts.values_panic([
                    entry.seq.into(),
                    t.field.into(),
                    ledger_format::hex(&t.salt).into(),
                    t.text.into(),
                ]);
            }
        }
        db.execute(&entries).await?;
        if any_text {
            db.execute(&texts).await?;
        }
        Ok(())
    }
}

/// One problem's count of confirmed supporters and when the last one was confirmed.
struct Supported {
    at: DateTimeUtc,
    problem: i64,
    count: i64,
}

/// Appends the existing public history, in event order.
async fn backfill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut supported: Vec<Supported> = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT problem_id, COUNT(*) AS n, MAX(confirmed_at) AS at FROM supports \
             WHERE confirmed_at IS NOT NULL GROUP BY problem_id",
        ))
        .await?
        .into_iter()
        .map(|r| {
            Ok(Supported {
                at: r.try_get("", "at")?,
                problem: i64::from(r.try_get::<i32>("", "problem_id")?),
                count: r.try_get("", "n")?,
            })
        })
        .collect::<Result<_, DbErr>>()?;
    supported.sort_by_key(|s| (std::cmp::Reverse(s.at), std::cmp::Reverse(s.problem)));
    let mut w = Writer {
        seq: 0,
        prev: GENESIS,
        pending: Vec::new(),
    };
    // Events in their order, a page at a time: an index for the order while back-filling
    // (at a million problems and 6.7 million events, paging without it sorted the whole
    // table for each of 1,300 pages: more than an hour).
    db.execute_unprepared(
        "CREATE INDEX IF NOT EXISTS idx_events_backfill ON problem_events (created_at, id)",
    )
    .await?;
    // Only a confirmation publishes the problem's own texts: looked up for those events
    // alone (a join for every event let PostgreSQL's generic plan hash the whole problems
    // table for each page: still running after 19 minutes at a million problems).
    let published = [
        "title",
        "description",
        "address",
        "region_code",
        "category_code",
    ]
    .map(|c| {
        format!(
            "CASE WHEN e.action = 'confirm' THEN \
             (SELECT p.{c} FROM problems p WHERE p.id = e.problem_id) END AS {c}"
        )
    })
    .join(", ");
    let mut after: Option<(DateTimeUtc, i32)> = None;
    loop {
        let (a, b) = match backend {
            DbBackend::Postgres => ("$1", "$2"),
            _ => ("?1", "?2"),
        };
        let (cond, values) = match after {
            Some((at, id)) => (
                // A row value: one range of the index below (the OR form sorted the
                // whole table for every page).
                format!("WHERE (e.created_at, e.id) > ({a}, {b})"),
                vec![at.into(), id.into()],
            ),
            None => (String::new(), vec![]),
        };
        let sql = format!(
            "SELECT e.id, e.problem_id, e.created_at, e.action, e.actor_kind, e.from_status, \
             e.to_status, e.representative_id, e.public_note, e.note_key, e.note_args, \
             {published} \
             FROM problem_events e {cond} \
             ORDER BY e.created_at, e.id LIMIT {PAGE}"
        );
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        let Some(last) = rows.last() else { break };
        after = Some((last.try_get("", "created_at")?, last.try_get("", "id")?));
        for r in &rows {
            let time: DateTimeUtc = r.try_get("", "created_at")?;
            while supported.last().is_some_and(|s| s.at < time) {
                let s = supported.pop().expect("just seen");
                w.push(db, ledger_format::support_draft(s.at, s.problem, s.count))
                    .await?;
            }
            let s = |c: &str| r.try_get::<Option<String>>("", c);
            let (action, actor) = (s("action")?.unwrap_or_default(), s("actor_kind")?);
            let (from, to) = (s("from_status")?, s("to_status")?);
            let (note, key, args) = (s("public_note")?, s("note_key")?, s("note_args")?);
            let (title, description, address) = (s("title")?, s("description")?, s("address")?);
            let (region, category) = (s("region_code")?, s("category_code")?);
            let published = (action == "confirm").then(|| Published {
                title: title.as_deref().unwrap_or_default(),
                description: description.as_deref().unwrap_or_default(),
                address: address.as_deref(),
                region: region.as_deref().unwrap_or_default(),
                category: category.as_deref().unwrap_or_default(),
            });
            let facts = EventFacts {
                time,
                problem: i64::from(r.try_get::<i32>("", "problem_id")?),
                action: &action,
                actor: actor.as_deref().unwrap_or_default(),
                from: from.as_deref(),
                to: to.as_deref(),
                representative: r
                    .try_get::<Option<i32>>("", "representative_id")?
                    .map(i64::from),
                public_note: note.as_deref(),
                note_key: key.as_deref(),
                note_args: args.as_deref(),
                published,
            };
            if let Some(d) = ledger_format::event_draft(&facts) {
                w.push(db, d).await?;
            }
        }
    }
    while let Some(s) = supported.pop() {
        w.push(db, ledger_format::support_draft(s.at, s.problem, s.count))
            .await?;
    }
    w.flush(db).await?;
    db.execute_unprepared("DROP INDEX IF EXISTS idx_events_backfill")
        .await?;
    Ok(())
}
