//! Redaction instead of deletion (issue 18): removing a text of the public record (a
//! citizen's personal data they asked to remove, or unlawful content) without breaking the
//! chain. One transaction:
//!
//! 1. appends a `redaction` entry: `{entry, field, by, reason}`, `by` the redactor's role
//!    (never who), `reason` a committed text like the others;
//! 2. empties that text in `ledger_texts`, naming the new entry in `redacted_by` (the one
//!    change the database allows there); the redacted entry and its hash stay;
//! 3. removes the text where else it stands: the problem's `title` or `description`
//!    (emptied: they are NOT NULL) or `address` (NULL) in `problems`, or the event's
//!    `public_note` (NULL) in `problem_events`;
//! 4. records it in `redactions`, from which every output says "redacted on DATE: REASON".
//!
//! Steps 3 and 4 make this the one writer of `redactions` and, besides the workflow (and
//! the personal-data erasure, for contact fields), of those text columns: a redaction is
//! not a timeline event, it takes a text back out of the record, so it does not go through
//! `workflow::record`, which appends to the log.

use crate::app::AppState;
use crate::domain::ledger::{self, Entry, Source};
use crate::domain::permissions::{self, Act};
use crate::entities::{
    ledger_entry, ledger_text, problem, problem_event, redaction, user, user_region,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

/// The shortest and longest reason, in characters.
const REASON_MIN: usize = 5;
const REASON_MAX: usize = 500;

/// Redacts the text `field` of ledger entry `entry_seq` for `reason`, by user
/// `by_user_id` (an admin, or a coordinator of the problem's region). Returns the
/// redaction entry's number. Errors: no such entry (404); a field that entry has no
/// redactable text in, or a reason too short or long (422, naming the field); already
/// redacted (409); a user who may not (403).
#[tracing::instrument(skip_all, fields(entry_seq, field))]
pub async fn redact(
    st: &AppState,
    entry_seq: i64,
    field: &str,
    reason: &str,
    by_user_id: i32,
) -> AppResult<i64> {
    let reason = crate::domain::input::text("reason", Some(reason), REASON_MIN, REASON_MAX, true)
        .map_err(|e| AppError::Invalid(vec![e]))?
        .unwrap_or_default();
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let row = ledger_entry::Entity::find_by_id(entry_seq)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let not_redactable = || {
        AppError::field(
            "field",
            "not_redactable",
            Text::key("error.redaction.not_redactable")
                .arg("entry", entry_seq)
                .arg("field", field.to_string())
                .names("fields", "field", ledger::REDACTABLE.iter()),
        )
    };
    let source = ledger::redactable(&row.kind, field).ok_or_else(not_redactable)?;
    let text = ledger_text::Entity::find_by_id((entry_seq, field.to_string()))
        .one(&txn)
        .await?
        .ok_or_else(not_redactable)?;
    let Some(original) = text.text else {
        return Err(already_redacted());
    };
    let p = problem::Entity::find_by_id(row.problem_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let by = user::Entity::find_by_id(by_user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::Forbidden("error.forbidden.redact".into()))?;
    let regions = user_region::codes_of(&txn, by.id).await?;
    if !permissions::allows(by.role, &regions, Act::Redact, &[Some(&p.region_code)]) {
        return Err(AppError::Forbidden("error.forbidden.redact".into()));
    }

    let draft = ledger::redaction_draft(
        now,
        i64::from(p.id),
        entry_seq,
        field,
        &reason,
        by.role.as_str(),
    );
    super::append(&txn, vec![draft]).await?;
    let seq = super::head_in(&txn).await?.seq;
    let emptied = ledger_text::Entity::update_many()
        .col_expr(
            ledger_text::Column::Text,
            Expr::value(Option::<String>::None),
        )
        .col_expr(ledger_text::Column::RedactedBy, Expr::value(seq))
        .filter(ledger_text::Column::Seq.eq(entry_seq))
        .filter(ledger_text::Column::Field.eq(field))
        .filter(ledger_text::Column::RedactedBy.is_null())
        .exec(&txn)
        .await?;
    if emptied.rows_affected != 1 {
        // Another redaction of the same text committed meanwhile.
        return Err(already_redacted());
    }
    let event_id = match source {
        Source::Problem => {
            let (col, value) = match field {
                "title" => (problem::Column::Title, Expr::value(String::new())),
                "description" => (problem::Column::Description, Expr::value(String::new())),
                _ => (
                    problem::Column::Address,
                    Expr::value(Option::<String>::None),
                ),
            };
            problem::Entity::update_many()
                .col_expr(col, value)
                .col_expr(problem::Column::UpdatedAt, Expr::value(now))
                .filter(problem::Column::Id.eq(p.id))
                .exec(&txn)
                .await?;
            None
        }
        Source::Event => event_note_removed(&txn, &row, &original).await?,
    };
    redaction::Entity::insert(redaction::ActiveModel {
        problem_id: Set(p.id),
        event_id: Set(event_id),
        field: Set(field.to_string()),
        entry_seq: Set(entry_seq),
        redaction_seq: Set(seq),
        reason: Set(reason),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await
    .map_err(|e| {
        AppError::from(e).on_unique("already_redacted", "error.conflict.already_redacted")
    })?;
    txn.commit().await?;
    // Kept lists and answers must not show what was redacted.
    st.stats.changed();
    tracing::info!(problem_id = p.id, redaction = seq, "text redacted");
    Ok(seq)
}

/// The 409 for a text redacted already.
fn already_redacted() -> AppError {
    AppError::Conflict {
        code: "already_redacted",
        message: "error.conflict.already_redacted".into(),
    }
}

/// Removes the public note `text` of the event that entry `row` logged (its problem, its
/// action, its second, its note) and returns the event's id (none if no such event is left).
async fn event_note_removed(
    db: &impl sea_orm::ConnectionTrait,
    row: &ledger_entry::Model,
    text: &str,
) -> Result<Option<i32>, sea_orm::DbErr> {
    let at = Entry::parse(&row.body).map_or(row.created_at, |e| e.time);
    let events = problem_event::Entity::find()
        .filter(problem_event::Column::ProblemId.eq(row.problem_id))
        .filter(problem_event::Column::CreatedAt.gte(at))
        .filter(problem_event::Column::CreatedAt.lt(at + Duration::seconds(1)))
        .filter(problem_event::Column::PublicNote.eq(text))
        .all(db)
        .await?;
    let ids: Vec<i32> = events
        .iter()
        .filter(|e| e.action.as_str() == row.kind)
        .map(|e| e.id)
        .collect();
    if ids.is_empty() {
        return Ok(None);
    }
    problem_event::Entity::update_many()
        .col_expr(
            problem_event::Column::PublicNote,
            Expr::value(Option::<String>::None),
        )
        .filter(problem_event::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(ids.first().copied())
}
