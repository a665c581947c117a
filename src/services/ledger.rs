//! The public ledger's only writer, and its readers: appending public events inside the
//! transaction that makes them, the head and pages the API publishes, and verification of
//! the whole log from the database (`civic-tracker ledger verify`).
//!
//! Every event passes through [`append_events`] (from `workflow::record`, the SLA sweep's
//! and the purge's bulk inserts, the demo), which keeps the public ones (the rule is
//! `domain::ledger::event_draft`'s). Appends are in one total order across processes: on
//! PostgreSQL a transaction-scoped advisory lock is taken before the last entry is read,
//! so a second writer waits until the first commits (or rolls back); SQLite has one writer
//! at a time anyway. The primary key on `seq` refuses a second entry with a number even if
//! the lock were missed.
//!
//! A text is taken back out of the record by [`redact`] (`ledger/redact.rs`), which also
//! writes `redactions` and removes the text from `problems` or `problem_events`.

mod redact;
pub use redact::redact;

use crate::domain::ledger::{
    self, Draft, Entry, EventFacts, Fault, Head, Published, Received, Value, Verifier,
};
use crate::entities::{ledger_checkpoint, ledger_entry, ledger_text, problem, problem_event};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap};

/// The advisory lock that orders appends on PostgreSQL ("LEDGER" in ASCII).
const LOCK: i64 = 0x4c45_4447_4552;

/// Entries (and texts) written per statement.
const CHUNK: usize = 500;

/// Entries read per query when verifying.
const VERIFY_PAGE: u64 = 10_000;

/// What the log needs of a timeline row.
fn facts(e: &problem_event::Model) -> EventFacts<'_> {
    EventFacts {
        time: e.created_at,
        problem: i64::from(e.problem_id),
        action: e.action.as_str(),
        actor: e.actor_kind.as_str(),
        from: e.from_status.map(|s| s.as_str()),
        to: e.to_status.map(|s| s.as_str()),
        representative: e.representative_id.map(i64::from),
        public_note: e.public_note.as_deref(),
        note_key: e.note_key.as_deref(),
        note_args: e.note_args.as_deref(),
        published: None,
    }
}

/// Appends the public ones of `events` (rows of `problem_events` just written in the same
/// transaction), in order. A confirmation's entry carries what the problem publishes.
pub async fn append_events(
    db: &impl ConnectionTrait,
    events: &[problem_event::Model],
) -> Result<(), DbErr> {
    let public: Vec<&problem_event::Model> = events
        .iter()
        .filter(|e| ledger::is_public(&facts(e)))
        .collect();
    if public.is_empty() {
        return Ok(());
    }
    let confirmed: Vec<i32> = public
        .iter()
        .filter(|e| e.action == crate::domain::status::Action::Confirm)
        .map(|e| e.problem_id)
        .collect();
    let problems: HashMap<i32, problem::Model> = if confirmed.is_empty() {
        HashMap::new()
    } else {
        problem::Entity::find()
            .filter(problem::Column::Id.is_in(confirmed))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let drafts = public
        .into_iter()
        .filter_map(|e| {
            let mut f = facts(e);
            if e.action == crate::domain::status::Action::Confirm {
                f.published = problems.get(&e.problem_id).map(|p| Published {
                    title: &p.title,
                    description: &p.description,
                    address: p.address.as_deref(),
                    region: &p.region_code,
                    category: &p.category_code,
                });
            }
            ledger::event_draft(&f)
        })
        .collect();
    append(db, drafts).await
}

/// Appends that problem `problem_id` now has `supporters` confirmed supporters.
pub async fn append_support(
    db: &impl ConnectionTrait,
    problem_id: i32,
    supporters: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    append_supports(db, &[(problem_id, supporters, now)]).await
}

/// Appends several problems' counts of confirmed supporters at once: `(problem, count,
/// when)`, in the order given (one lock, one read of the head and one insert per 500,
/// where one [`append_support`] per problem costs each of those).
pub async fn append_supports(
    db: &impl ConnectionTrait,
    counts: &[(i32, i64, DateTime<Utc>)],
) -> Result<(), DbErr> {
    let drafts = counts
        .iter()
        .map(|&(problem, n, at)| ledger::support_draft(at, i64::from(problem), n))
        .collect();
    append(db, drafts).await
}

/// Takes the next numbers for `drafts` and writes them.
async fn append(db: &impl ConnectionTrait, drafts: Vec<Draft>) -> Result<(), DbErr> {
    if drafts.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({LOCK})"))
            .await?;
    }
    let head = head_in(db).await?;
    let mut seq = head.seq;
    let mut prev: [u8; 32] = ledger::unhex(&head.hash)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| DbErr::Custom(format!("ledger entry {seq}: its hash is not hex")))?;
    let mut entries = Vec::with_capacity(drafts.len());
    let mut texts = Vec::new();
    for d in drafts {
        seq += 1;
        let (entry, sealed) = d.seal(seq, ledger::new_salt);
        let body = entry.canonical();
        prev = ledger::chain(&prev, &body);
        entries.push(ledger_entry::ActiveModel {
            seq: Set(seq),
            created_at: Set(entry.time),
            problem_id: Set(i32::try_from(entry.problem).unwrap_or(i32::MAX)),
            kind: Set(entry.kind),
            body: Set(body),
            hash: Set(ledger::hex(&prev)),
        });
        texts.extend(sealed.into_iter().map(|t| ledger_text::ActiveModel {
            seq: Set(seq),
            field: Set(t.field),
            salt: Set(ledger::hex(&t.salt)),
            text: Set(Some(t.text)),
            redacted_by: Set(None),
        }));
    }
    for chunk in entries.chunks(CHUNK) {
        ledger_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    for chunk in texts.chunks(CHUNK) {
        ledger_text::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The last entry's number and hash (the empty log's head when there is none).
async fn head_in(db: &impl ConnectionTrait) -> Result<Head, DbErr> {
    let last: Option<(i64, String)> = ledger_entry::Entity::find()
        .select_only()
        .columns([ledger_entry::Column::Seq, ledger_entry::Column::Hash])
        .order_by_desc(ledger_entry::Column::Seq)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.map_or_else(Head::empty, |(seq, hash)| Head { seq, hash }))
}

/// The head and the last entry's time (none for the empty log).
pub async fn head(db: &impl ConnectionTrait) -> Result<(Head, Option<DateTime<Utc>>), DbErr> {
    let last = ledger_entry::Entity::find()
        .order_by_desc(ledger_entry::Column::Seq)
        .one(db)
        .await?;
    Ok(match last {
        Some(e) => (
            Head {
                seq: e.seq,
                hash: e.hash,
            },
            Some(e.created_at),
        ),
        None => (Head::empty(), None),
    })
}

/// Records the head as of `at` as the checkpoint of `at`'s local day in `tz`, unless that
/// day has one already (a rerun, or another process's run, changes nothing). Returns the
/// day's checkpoint and whether this call wrote it.
pub async fn checkpoint(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<(ledger_checkpoint::Model, bool), DbErr> {
    use sea_orm::sea_query::OnConflict;
    let day = at.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let (head, _) = head(db).await?;
    let written = ledger_checkpoint::Entity::insert(ledger_checkpoint::ActiveModel {
        day: Set(day.clone()),
        seq: Set(head.seq),
        hash: Set(head.hash),
        created_at: Set(ledger::whole_seconds(at)),
    })
    .on_conflict(
        OnConflict::column(ledger_checkpoint::Column::Day)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let stored = ledger_checkpoint::Entity::find_by_id(day)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the checkpoint just written".into()))?;
    Ok((stored, written == 1))
}

/// The newest `limit` checkpoints, newest first.
pub async fn checkpoints(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<ledger_checkpoint::Model>, DbErr> {
    ledger_checkpoint::Entity::find()
        .order_by_desc(ledger_checkpoint::Column::Day)
        .limit(limit)
        .all(db)
        .await
}

/// The entries of problem `problem_id`, in order (its public page lists their hashes).
pub async fn of_problem(
    db: &impl ConnectionTrait,
    problem_id: i32,
) -> Result<Vec<ledger_entry::Model>, DbErr> {
    ledger_entry::Entity::find()
        .filter(ledger_entry::Column::ProblemId.eq(problem_id))
        .order_by_asc(ledger_entry::Column::Seq)
        .all(db)
        .await
}

/// The redactions of problem `problem_id`, oldest first (its page and API say what was
/// redacted, when and why).
pub async fn redactions_of(
    db: &impl ConnectionTrait,
    problem_id: i32,
) -> Result<Vec<crate::entities::redaction::Model>, DbErr> {
    use crate::entities::redaction;
    redaction::Entity::find()
        .filter(redaction::Column::ProblemId.eq(problem_id))
        .order_by_asc(redaction::Column::Id)
        .all(db)
        .await
}

/// The redactions of the own texts (title, description, address) of the problems `ids`,
/// by problem, oldest first: what the export, the Atom feed and Open311 say in place of a
/// redacted text. One indexed read per page of problems (most have none).
pub async fn redactions_by_problem(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<crate::entities::redaction::Model>>, DbErr> {
    use crate::entities::redaction;
    let mut out: HashMap<i32, Vec<redaction::Model>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = redaction::Entity::find()
        .filter(redaction::Column::ProblemId.is_in(ids.iter().copied()))
        .filter(redaction::Column::EventId.is_null())
        .order_by_asc(redaction::Column::Id)
        .all(db)
        .await?;
    for r in rows {
        out.entry(r.problem_id).or_default().push(r);
    }
    Ok(out)
}

/// "The description was redacted on DATE. Reason: ..." in `lang`.
pub fn redaction_notice(
    st: &crate::app::AppState,
    lang: &str,
    r: &crate::entities::redaction::Model,
) -> String {
    crate::i18n::message_with(
        lang,
        "problem.redacted",
        &[
            ("field", r.field.as_str().into()),
            (
                "when",
                crate::locale::fmt_date(st, lang, r.created_at).into(),
            ),
            ("reason", r.reason.as_str().into()),
        ],
    )
}

/// One entry as the API publishes it: the hashed fields with each text shown as
/// `{text, salt, commitment}`, or `{redacted: true, commitment}` once redacted.
pub fn served(row: &ledger_entry::Model, texts: &[ledger_text::Model]) -> serde_json::Value {
    use serde_json::json;
    let entry = Entry::parse(&row.body);
    let mut fields = serde_json::Map::new();
    for (k, v) in entry.iter().flat_map(|e| e.fields.iter()) {
        let text = texts.iter().find(|t| t.field == *k);
        let value = match (v, text) {
            (Value::Str(c), Some(t)) => match &t.text {
                Some(text) => json!({"text": text, "salt": t.salt, "commitment": c}),
                None => json!({"redacted": true, "commitment": c}),
            },
            (Value::Str(s), None) => json!(s),
            (Value::Int(n), _) => json!(n),
            (Value::Null, _) => serde_json::Value::Null,
        };
        fields.insert(k.clone(), value);
    }
    // Everything but the number from the body that was hashed (the columns beside it are
    // an index); an entry that is not one shows as the columns say, and fails to verify.
    json!({
        "seq": row.seq,
        "time": ledger::time_text(entry.as_ref().map_or(row.created_at, |e| e.time)),
        "problem": entry.as_ref().map_or(i64::from(row.problem_id), |e| e.problem),
        "kind": entry.as_ref().map_or(row.kind.as_str(), |e| e.kind.as_str()),
        "fields": fields,
        "hash": row.hash,
    })
}

/// Entries after `after`, at most `limit`, in order, as the API publishes them.
pub async fn page(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<Vec<serde_json::Value>, DbErr> {
    let (rows, texts) = rows_after(db, after, limit).await?;
    Ok(rows
        .iter()
        .map(|r| served(r, texts.get(&r.seq).map_or(&[][..], Vec::as_slice)))
        .collect())
}

/// Up to `limit` rows after `after`, with their texts by entry.
async fn rows_after(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<
    (
        Vec<ledger_entry::Model>,
        BTreeMap<i64, Vec<ledger_text::Model>>,
    ),
    DbErr,
> {
    let rows = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::Seq.gt(after))
        .order_by_asc(ledger_entry::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    let mut texts: BTreeMap<i64, Vec<ledger_text::Model>> = BTreeMap::new();
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        for t in ledger_text::Entity::find()
            .filter(ledger_text::Column::Seq.between(first.seq, last.seq))
            .all(db)
            .await?
        {
            texts.entry(t.seq).or_default().push(t);
        }
    }
    Ok((rows, texts))
}

/// What verifying the log from the database found: its head, or the first fault.
///
/// The log is read a page at a time by `seq`, and each page is checked on a blocking
/// thread while the next one is read, so that the database's work and the hashing overlap.
pub async fn verify(
    db: &impl ConnectionTrait,
    archived: Option<Head>,
) -> Result<Result<Head, Fault>, DbErr> {
    let gone = |e: tokio::task::JoinError| DbErr::Custom(format!("verifying a page: {e}"));
    let mut checking =
        tokio::task::spawn_blocking(move || (Verifier::new(archived), Ok::<(), Fault>(())));
    let mut after = 0;
    loop {
        let page = stored_page(db, after).await?;
        let (mut v, checked) = checking.await.map_err(gone)?;
        if let Err(f) = checked {
            return Ok(Err(f));
        }
        let Some((last, rows, mut texts)) = page else {
            return Ok(v.finish());
        };
        after = last;
        checking = tokio::task::spawn_blocking(move || {
            let checked = rows.into_iter().try_for_each(|(seq, body, hash)| {
                let texts = texts.remove(&seq).unwrap_or_default();
                received(seq, body, hash, texts).and_then(|r| v.check(&r))
            });
            (v, checked)
        });
    }
}

/// A page of stored entries as `(seq, body, hash)`.
type StoredEntry = (i64, String, String);

/// The entries after `after` (a page of them), their last number and their texts by
/// entry; none past the end. Only what the chain is made of: the other columns are an
/// index for readers.
async fn stored_page(
    db: &impl ConnectionTrait,
    after: i64,
) -> Result<Option<(i64, Vec<StoredEntry>, BTreeMap<i64, Vec<StoredText>>)>, DbErr> {
    let rows: Vec<StoredEntry> = ledger_entry::Entity::find()
        .select_only()
        .columns([
            ledger_entry::Column::Seq,
            ledger_entry::Column::Body,
            ledger_entry::Column::Hash,
        ])
        .filter(ledger_entry::Column::Seq.gt(after))
        .order_by_asc(ledger_entry::Column::Seq)
        .limit(VERIFY_PAGE)
        .into_tuple()
        .all(db)
        .await?;
    let (Some(first), Some(last)) = (rows.first().map(|r| r.0), rows.last().map(|r| r.0)) else {
        return Ok(None);
    };
    let mut texts: BTreeMap<i64, Vec<StoredText>> = BTreeMap::new();
    let stored: Vec<(i64, String, String, Option<String>)> = ledger_text::Entity::find()
        .select_only()
        .columns([
            ledger_text::Column::Seq,
            ledger_text::Column::Field,
            ledger_text::Column::Salt,
            ledger_text::Column::Text,
        ])
        .filter(ledger_text::Column::Seq.between(first, last))
        .into_tuple()
        .all(db)
        .await?;
    for (seq, field, salt, text) in stored {
        texts.entry(seq).or_default().push((field, salt, text));
    }
    Ok(Some((last, rows, texts)))
}

/// A stored text: field, salt, text (none once redacted).
type StoredText = (String, String, Option<String>);

/// A stored entry as the verifier checks it: its body must be an entry in canonical form,
/// and a text must be there unless redacted.
fn received(
    seq: i64,
    body: String,
    hash: String,
    texts: Vec<StoredText>,
) -> Result<Received, Fault> {
    let bad = |what: &str| Fault::Malformed {
        seq,
        what: what.to_string(),
    };
    let entry = Entry::parse(&body).ok_or_else(|| bad("its body is not an entry"))?;
    if entry.canonical() != body {
        return Err(bad("its body is not in canonical form"));
    }
    for (field, value) in &entry.fields {
        if ledger::TEXT_FIELDS.contains(&field.as_str())
            && matches!(value, Value::Str(_))
            && !texts.iter().any(|t| t.0 == *field)
        {
            return Err(bad(&format!("the text of field `{field}` is missing")));
        }
    }
    Ok(Received {
        position: seq,
        hash,
        texts: texts
            .into_iter()
            .filter_map(|(field, salt, text)| Some((field, text?, salt)))
            .collect(),
        entry,
        canonical: Some(body),
    })
}
