//! Photos attached to a reply by e-mail: read and re-encoded when the mail arrives (so that
//! the confirmation can say which were taken), kept in `inbound_photos` while the reply
//! waits, and added to the problem with the reply's own timeline event when it is carried
//! out: the assigned representative's as "after" photos of a comment or "resolved", the
//! citizen's as theirs. Within the limit of each kind per problem; a signature's logo is
//! not a photo (`domain::photos::mailed`).

use crate::app::AppState;
use crate::domain::photos as rules;
use crate::domain::reply::Party;
use crate::domain::state::PhotoKind;
use crate::domain::status::Action;
use crate::entities::{inbound_photo, problem_event};
use crate::error::AppResult;
use crate::services::photos::{self, Prepared};
use mail_parser::MimeHeaders;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// The kind of photo a reply of `party` doing `action` adds, if any: a representative's
/// comment or "resolved", or anything the citizen answers.
pub(super) fn kind_of(party: Party, action: &str) -> Option<PhotoKind> {
    match party {
        Party::Citizen => Some(PhotoKind::Citizen),
        Party::Representative(_) => matches!(
            Action::parse_api(action),
            Some(Action::Comment | Action::Resolve)
        )
        .then_some(PhotoKind::Representative),
        Party::Coordinator(_) => None,
    }
}

/// The photos a mail brings, and how many of its attachments were left out (not a JPEG,
/// PNG or WebP photo, too large, past the limit, or a reply that takes none).
pub(super) struct Gathered {
    pub prepared: Vec<Prepared>,
    pub left_out: usize,
}

/// Reads the pictures attached to `message`, for `kind` on problem `problem_id` (none
/// taken when `kind` is `None`).
pub(super) async fn gather(
    st: &AppState,
    message: &mail_parser::Message<'_>,
    problem_id: i32,
    kind: Option<PhotoKind>,
) -> AppResult<Gathered> {
    let max = st.config.app.media_max_bytes;
    // Each attachment: its bytes when it says it is a picture and is not too large.
    let parts: Vec<Option<Vec<u8>>> = message
        .attachments()
        .map(|part| {
            let picture = part
                .content_type()
                .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("image"));
            let bytes = part.contents();
            (picture && bytes.len() <= max).then(|| bytes.to_vec())
        })
        .collect();
    if parts.is_empty() {
        return Ok(Gathered {
            prepared: Vec::new(),
            left_out: 0,
        });
    }
    let decoded: Vec<Option<Prepared>> = tokio::task::spawn_blocking(move || {
        parts
            .iter()
            .map(|b| b.as_deref().and_then(|b| photos::prepare(b).ok()))
            .collect()
    })
    .await
    .map_err(|e| anyhow::Error::new(e).context("reading a reply's photos"))?;
    let room = match kind {
        Some(kind) => photos::room(&st.db, problem_id, kind).await?,
        None => 0,
    };
    let sides: Vec<Option<u32>> = decoded
        .iter()
        .map(|p| p.as_ref().map(|p| p.width.max(p.height)))
        .collect();
    let (kept, left_out) = rules::mailed(&sides, room);
    let mut decoded: Vec<Option<Prepared>> = decoded;
    let prepared = kept
        .into_iter()
        .filter_map(|i| decoded.get_mut(i).and_then(Option::take))
        .collect();
    Ok(Gathered { prepared, left_out })
}

/// Keeps the photos of pending reply `reply_id` until it is carried out.
pub(super) async fn keep(
    db: &impl ConnectionTrait,
    reply_id: i32,
    prepared: Vec<Prepared>,
) -> AppResult<()> {
    for (position, p) in prepared.into_iter().enumerate() {
        inbound_photo::Entity::insert(inbound_photo::ActiveModel {
            id: NotSet,
            reply_id: Set(reply_id),
            position: Set(position as i32),
            ext: Set(p.ext.to_string()),
            width: Set(i32::try_from(p.width).unwrap_or(i32::MAX)),
            height: Set(i32::try_from(p.height).unwrap_or(i32::MAX)),
            full: Set(p.full),
            thumb: Set(p.thumb),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Forgets the photos of reply `reply_id` (undone, failed, or carried out).
pub(super) async fn forget(db: &impl ConnectionTrait, reply_id: i32) -> Result<(), sea_orm::DbErr> {
    inbound_photo::Entity::delete_many()
        .filter(inbound_photo::Column::ReplyId.eq(reply_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Adds the kept photos of reply `reply_id` to problem `problem_id` as `kind`, attached to
/// the problem's newest timeline event (the reply's own, written in the same transaction
/// `txn` just before), as many as still fit. Returns the files written, for the caller to
/// remove when its transaction does not commit.
pub(super) async fn carry_out(
    st: &AppState,
    txn: &impl ConnectionTrait,
    reply_id: i32,
    problem_id: i32,
    kind: PhotoKind,
) -> AppResult<Vec<(String, String)>> {
    let rows = inbound_photo::Entity::find()
        .filter(inbound_photo::Column::ReplyId.eq(reply_id))
        .order_by_asc(inbound_photo::Column::Position)
        .all(txn)
        .await?;
    forget(txn, reply_id).await?;
    let room = photos::room(txn, problem_id, kind).await?;
    let prepared: Vec<Prepared> = rows
        .into_iter()
        .take(room)
        .map(|r| Prepared {
            full: r.full,
            ext: if r.ext == "png" { "png" } else { "jpg" },
            thumb: r.thumb,
            width: u32::try_from(r.width).unwrap_or(0),
            height: u32::try_from(r.height).unwrap_or(0),
        })
        .collect();
    if prepared.is_empty() {
        return Ok(Vec::new());
    }
    let event = problem_event::Entity::find()
        .filter(problem_event::Column::ProblemId.eq(problem_id))
        .order_by_desc(problem_event::Column::Id)
        .one(txn)
        .await?
        .map(|e| e.id);
    let names = photos::write_files(st, &prepared).await?;
    if let Err(e) = photos::insert(
        txn,
        problem_id,
        event,
        kind,
        &prepared,
        &names,
        st.clock.now(),
        "photos",
    )
    .await
    {
        photos::remove_files(st, &names).await;
        return Err(e);
    }
    Ok(names)
}
