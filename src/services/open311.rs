//! Reads for the Open311 GeoReport v2 interface: public problems as service requests.

use crate::app::AppState;
use crate::domain::status::Status;
use crate::entities::{problem, problem_event};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Which requests: by id (overriding everything else), or by service, status and
/// confirmation time, a page at a time.
#[derive(Clone, Debug, Default)]
pub struct RequestQuery {
    pub ids: Option<Vec<i32>>,
    pub service_codes: Vec<String>,
    pub statuses: Vec<Status>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Words to search for: then most relevant first (see `queries::search`).
    pub q: Option<String>,
    pub page: u64,
    pub page_size: u64,
    /// Start after this request (keyset paging: the `Link: rel="next"` of the page before).
    pub after: Option<i32>,
}

/// A public problem with what its service request shows besides its own fields.
#[derive(Clone, Debug)]
pub struct RequestRow {
    pub problem: problem::Model,
    pub representative: Option<String>,
    pub latest_note: Option<String>,
    /// Redactions of the problem's own texts (`services::ledger::redactions_by_problem`).
    pub redactions: Vec<crate::entities::redaction::Model>,
    /// The first visible citizen photo's address (`services::photos`), which Open311
    /// shows as `media_url` in place of the one the request was filed with.
    pub first_photo: Option<String>,
}

/// The requests `q` selects, newest first (by confirmation), and the request the next
/// page starts after (`None` on the last page); never unconfirmed problems. An `after`
/// that is not a public request is [`AppError::NotFound`](crate::error::AppError).
pub async fn requests(
    st: &AppState,
    q: &RequestQuery,
) -> AppResult<(Vec<RequestRow>, Option<i32>)> {
    let mut find = problem::Entity::find().filter(problem::Column::Status.ne(Status::Unconfirmed));
    if let Some(ids) = &q.ids {
        find = find.filter(problem::Column::Id.is_in(ids.clone()));
    } else {
        if !q.service_codes.is_empty() {
            find = find.filter(problem::Column::CategoryCode.is_in(q.service_codes.clone()));
        }
        if !q.statuses.is_empty() {
            find =
                find.filter(problem::Column::Status.is_in(q.statuses.iter().map(|s| s.as_str())));
        }
        if let Some((start, end)) = q.window {
            find = find
                .filter(problem::Column::ConfirmedAt.gte(start))
                .filter(problem::Column::ConfirmedAt.lte(end));
        }
        if let Some(words) = &q.q {
            use crate::services::queries::search;
            let terms = search::parse(words)?;
            // A window that ends before today leaves out the newest problems: then the
            // word index, without a look at them first.
            let recent = q
                .window
                .is_none_or(|(_, end)| end >= st.clock.now() - chrono::Duration::days(1));
            let ranked =
                search::ranked(&st.read_db, &st.config.search, find, &terms, false, recent).await?;
            let page = search::page_of(&ranked, q.page, q.page_size);
            let rows = with_details(st, search::by_ids(&st.read_db, &page).await?).await?;
            return Ok((rows, None));
        }
        let offset = match q.after {
            Some(after) => {
                let at: Option<Option<DateTime<Utc>>> = problem::Entity::find_by_id(after)
                    .filter(problem::Column::Status.ne(Status::Unconfirmed))
                    .select_only()
                    .column(problem::Column::ConfirmedAt)
                    .into_tuple()
                    .one(&st.read_db)
                    .await?;
                let at = at.flatten().ok_or(crate::error::AppError::NotFound)?;
                // One range of the (confirmed_at, id) index, as a row value: the OR form
                // (earlier, or as early with a smaller id) made PostgreSQL filter every
                // row before the cursor (110 ms for a page 20,000 deep, about 10 ms now).
                use sea_orm::sea_query::{Expr, ExprTrait};
                find = find.filter(
                    Condition::all().add(
                        Expr::tuple([
                            Expr::col((problem::Entity, problem::Column::ConfirmedAt)),
                            Expr::col((problem::Entity, problem::Column::Id)),
                        ])
                        .lt(Expr::tuple([Expr::val(at), Expr::val(after)])),
                    ),
                );
                0
            }
            None => (q.page.max(1) - 1) * q.page_size,
        };
        find = find
            .order_by_desc(problem::Column::ConfirmedAt)
            .offset(offset)
            .limit(q.page_size + 1);
    }
    let mut rows = find
        .order_by_desc(problem::Column::Id)
        .all(&st.read_db)
        .await?;
    let next = if q.ids.is_none() && rows.len() as u64 > q.page_size {
        rows.truncate(q.page_size as usize);
        rows.last().map(|p| p.id)
    } else {
        None
    };
    Ok((with_details(st, rows).await?, next))
}

async fn with_details(st: &AppState, rows: Vec<problem::Model>) -> AppResult<Vec<RequestRow>> {
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let rep_ids: Vec<i32> = rows.iter().filter_map(|p| p.representative_id).collect();
    let names = crate::services::queries::user_names(st, rep_ids).await?;
    let mut redacted = crate::services::ledger::redactions_by_problem(&st.read_db, &ids).await?;
    let mut photos = crate::services::photos::visible_of_many(st, &st.read_db, &ids).await?;
    // The latest public note of each: newest events first, the first seen wins.
    let mut notes: HashMap<i32, String> = HashMap::new();
    if !ids.is_empty() {
        type Noted = (i32, Option<String>, Option<String>, Option<String>);
        let events: Vec<Noted> = problem_event::Entity::find()
            .select_only()
            .columns([
                problem_event::Column::ProblemId,
                problem_event::Column::PublicNote,
                problem_event::Column::NoteKey,
                problem_event::Column::NoteArgs,
            ])
            .filter(problem_event::Column::ProblemId.is_in(ids))
            .filter(
                sea_orm::Condition::any()
                    .add(problem_event::Column::PublicNote.is_not_null())
                    .add(problem_event::Column::NoteKey.is_not_null()),
            )
            .order_by_desc(problem_event::Column::Id)
            .into_tuple()
            .all(&st.read_db)
            .await?;
        for (pid, note, key, args) in events {
            // Only the latest is shown: an older one is not rendered at all.
            let std::collections::hash_map::Entry::Vacant(slot) = notes.entry(pid) else {
                continue;
            };
            // A person's words as written; the service's own in English (Open311's
            // requests are English, like the API's fields).
            let note = note.or_else(|| {
                key.map(|key| crate::services::queries::SystemNote { key, args }.render(st, "en"))
            });
            if let Some(n) = note {
                slot.insert(n);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|p| RequestRow {
            representative: p.representative_id.and_then(|r| names.get(&r).cloned()),
            latest_note: notes.remove(&p.id),
            redactions: redacted.remove(&p.id).unwrap_or_default(),
            first_photo: photos.remove(&p.id).and_then(|v| {
                v.into_iter()
                    .find(|x| x.kind == crate::domain::state::PhotoKind::Citizen)
                    .and_then(|x| x.url)
            }),
            problem: p,
        })
        .collect())
}

/// The request a POST's token stands for: `None` when there is no such token, `Some(None)`
/// while the citizen has not confirmed it, then `Some(Some(id))`.
pub async fn by_token(st: &AppState, token: &str) -> AppResult<Option<Option<i32>>> {
    if token.is_empty() || token.len() > 64 {
        return Ok(None);
    }
    let row: Option<(i32, Status)> = problem::Entity::find()
        .select_only()
        .columns([problem::Column::Id, problem::Column::Status])
        .filter(problem::Column::Open311Token.eq(token))
        .into_tuple()
        .one(&st.db)
        .await?;
    Ok(row.map(|(id, status)| (status != Status::Unconfirmed).then_some(id)))
}

/// Whether a stored photo belongs to a confirmed problem (only those are served).
pub async fn media_is_public(st: &AppState, url: &str) -> AppResult<bool> {
    Ok(problem::Entity::find()
        .select_only()
        .column(problem::Column::Id)
        .filter(problem::Column::MediaUrl.eq(url))
        .filter(problem::Column::Status.ne(Status::Unconfirmed))
        .into_tuple::<i32>()
        .one(&st.db)
        .await?
        .is_some())
}
