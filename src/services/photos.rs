//! Photos as evidence (issue 19): the citizen's "before" photos and the assigned
//! representative's "after" photos. Each upload is decoded (JPEG, PNG or WebP, at most
//! `app.media_max_bytes` and `domain::photos::MAX_PIXELS`), turned upright by its EXIF
//! orientation, and re-encoded, which leaves every byte of metadata behind (EXIF with the
//! GPS position, XMP, comments); a thumbnail is made beside it. Both are stored under random
//! names in `app.media_dir` and served at `/media/{name}` while the photo is not hidden.
//! This module is the only writer of the `photos` table.

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::permissions::Act;
use crate::domain::photos::{self as rules, PhotoRule};
use crate::domain::state::{PhotoKind, Status};
use crate::entities::{photo, problem};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

pub mod pipeline;
pub use pipeline::{Prepared, Refused, prepare};

/// The field error for an upload refused as `r`.
fn refusal(field: &'static str, r: Refused) -> AppError {
    match r {
        Refused::NotAnImage => {
            AppError::field(field, "not_an_image", "error.field.photo_not_image")
        }
        Refused::TooManyPixels => AppError::field(
            field,
            "too_many_pixels",
            Text::key("error.field.photo_too_many_pixels")
                .arg("megapixels", (rules::MAX_PIXELS / 1_000_000) as i64),
        ),
    }
}

/// The field error for an upload larger than `app.media_max_bytes`.
pub fn too_large(st: &AppState, field: &'static str) -> AppError {
    AppError::field(
        field,
        "too_large",
        Text::key("error.field.photo_too_large").arg(
            "megabytes",
            (st.config.app.media_max_bytes / (1 << 20)).max(1) as i64,
        ),
    )
}

/// [`prepare`] for each upload on a blocking thread; the first refusal names `field`.
pub async fn prepare_all(
    st: &AppState,
    field: &'static str,
    uploads: Vec<Vec<u8>>,
) -> AppResult<Vec<Prepared>> {
    if uploads
        .iter()
        .any(|b| b.len() > st.config.app.media_max_bytes)
    {
        return Err(too_large(st, field));
    }
    let done = tokio::task::spawn_blocking(move || {
        uploads
            .iter()
            .map(|b| prepare(b))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| AppError::Other(anyhow::Error::new(e).context("preparing photos")))?;
    done.map_err(|r| refusal(field, r))
}

/// Whether `adding` more photos of `kind` fit on problem `problem_id` (a 422 naming
/// `field` when they do not).
pub async fn check_room(
    db: &impl ConnectionTrait,
    problem_id: i32,
    kind: PhotoKind,
    adding: usize,
    field: &'static str,
) -> AppResult<()> {
    if adding == 0 {
        return Ok(());
    }
    let existing = photo::Entity::find()
        .filter(photo::Column::ProblemId.eq(problem_id))
        .filter(photo::Column::Kind.eq(kind))
        .count(db)
        .await?;
    rules::room_for(kind, existing as usize, adding).map_err(|e| match e {
        PhotoRule::TooMany { max, .. } => AppError::field(
            field,
            "too_many_photos",
            Text::key("error.field.photos_too_many").arg("max", max as i64),
        ),
        PhotoRule::TooLarge => refusal(field, Refused::TooManyPixels),
    })
}

/// How many more photos of `kind` problem `problem_id` takes.
pub async fn room(db: &impl ConnectionTrait, problem_id: i32, kind: PhotoKind) -> AppResult<usize> {
    let existing = photo::Entity::find()
        .filter(photo::Column::ProblemId.eq(problem_id))
        .filter(photo::Column::Kind.eq(kind))
        .count(db)
        .await?;
    Ok(rules::MAX_PER_KIND.saturating_sub(existing as usize))
}

/// Files written for prepared photos: (picture, thumbnail) names.
pub async fn write_files(st: &AppState, prepared: &[Prepared]) -> AppResult<Vec<(String, String)>> {
    let mut names: Vec<(String, String)> = Vec::new();
    for p in prepared {
        let stored = async {
            let full = crate::services::media::store(st, &p.full, p.ext).await?;
            match crate::services::media::store(st, &p.thumb, p.ext).await {
                Ok(thumb) => Ok((full, thumb)),
                Err(e) => {
                    crate::services::media::remove(st, &full).await;
                    Err(e)
                }
            }
        }
        .await;
        match stored {
            Ok(n) => names.push(n),
            Err(e) => {
                remove_files(st, &names).await;
                return Err(AppError::Other(
                    anyhow::Error::new(e).context("storing a photo failed"),
                ));
            }
        }
    }
    Ok(names)
}

/// Removes files written by [`write_files`] (their request was refused).
pub async fn remove_files(st: &AppState, names: &[(String, String)]) {
    for (full, thumb) in names {
        crate::services::media::remove(st, full).await;
        crate::services::media::remove(st, thumb).await;
    }
}

/// Records the rows of photos already written to files, checking the kind's limit first.
#[expect(clippy::too_many_arguments, reason = "one row's columns")]
pub async fn insert(
    db: &impl ConnectionTrait,
    problem_id: i32,
    event_id: Option<i32>,
    kind: PhotoKind,
    prepared: &[Prepared],
    names: &[(String, String)],
    now: chrono::DateTime<chrono::Utc>,
    field: &'static str,
) -> AppResult<Vec<photo::Model>> {
    check_room(db, problem_id, kind, names.len(), field).await?;
    let mut rows = Vec::new();
    for (p, (full, thumb)) in prepared.iter().zip(names) {
        let row = photo::ActiveModel {
            problem_id: Set(problem_id),
            event_id: Set(event_id),
            kind: Set(kind),
            file_name: Set(full.clone()),
            thumb_name: Set(thumb.clone()),
            width: Set(i32::try_from(p.width).unwrap_or(i32::MAX)),
            height: Set(i32::try_from(p.height).unwrap_or(i32::MAX)),
            created_at: Set(now),
            hidden_at: Set(None),
            hidden_reason: Set(None),
            hidden_by: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        rows.push(row);
    }
    Ok(rows)
}

/// Adds prepared photos to a stored problem: files first, then the rows in one
/// transaction; on any refusal (the limit) the files are removed again.
pub async fn add(
    st: &AppState,
    problem_id: i32,
    event_id: Option<i32>,
    kind: PhotoKind,
    prepared: &[Prepared],
    field: &'static str,
) -> AppResult<Vec<photo::Model>> {
    if prepared.is_empty() {
        return Ok(Vec::new());
    }
    let names = write_files(st, prepared).await?;
    let rows = async {
        let txn = st.db.begin().await?;
        let rows = insert(
            &txn,
            problem_id,
            event_id,
            kind,
            prepared,
            &names,
            st.clock.now(),
            field,
        )
        .await?;
        txn.commit().await?;
        AppResult::Ok(rows)
    }
    .await;
    if rows.is_err() {
        remove_files(st, &names).await;
    }
    rows
}

/// The citizen's photos of a problem just filed. A repeated submission (the same
/// idempotency key) gets the first answer, whose photos are already there: none are added
/// twice.
pub async fn add_filed(
    st: &AppState,
    problem_id: i32,
    prepared: &[Prepared],
) -> AppResult<Vec<photo::Model>> {
    if prepared.is_empty() || !of_problem(&st.db, problem_id).await?.is_empty() {
        return Ok(Vec::new());
    }
    add(st, problem_id, None, PhotoKind::Citizen, prepared, "photos").await
}

/// Attaches one photo from its bytes to problem `problem_id` (for other modules: e-mail
/// replies, imports), through the whole pipeline, within the caller's connection or
/// transaction. The files stay if the caller's transaction is rolled back later; a refusal
/// here removes them. Errors name the field `photos`.
pub async fn attach(
    st: &AppState,
    db: &impl ConnectionTrait,
    problem_id: i32,
    event_id: Option<i32>,
    kind: PhotoKind,
    bytes: Vec<u8>,
) -> AppResult<photo::Model> {
    let prepared = prepare_all(st, "photos", vec![bytes]).await?;
    check_room(db, problem_id, kind, 1, "photos").await?;
    let names = write_files(st, &prepared).await?;
    match insert(
        db,
        problem_id,
        event_id,
        kind,
        &prepared,
        &names,
        st.clock.now(),
        "photos",
    )
    .await
    {
        Ok(mut rows) => Ok(rows.remove(0)),
        Err(e) => {
            remove_files(st, &names).await;
            Err(e)
        }
    }
}

/// A representative's action with "after" photos: the action goes through the workflow
/// like any other (status machine, timeline, ledger, mail), then the photos are attached
/// to its timeline event. Photos need the problem's assigned representative and a
/// `comment` or `resolve`; they are checked (and the kind's limit) before the action is
/// taken, so that a refused photo leaves the problem as it was.
pub async fn act_with_photos(
    st: &AppState,
    user: &CurrentUser,
    problem_id: i32,
    req: crate::services::workflow::ActionRequest,
    prepared: &[Prepared],
) -> AppResult<problem::Model> {
    use crate::domain::status::Action;
    use crate::entities::problem_event;
    if prepared.is_empty() {
        return crate::services::workflow::act(st, user, problem_id, req).await;
    }
    let p = problem::Entity::find_by_id(problem_id)
        .one(&st.db)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    if !crate::services::workflow::relation(user, &p).is_assignee {
        return Err(AppError::Forbidden(
            "error.forbidden.photos_assignee_only".into(),
        ));
    }
    let action = Action::parse_api(&req.action);
    if !matches!(action, Some(Action::Comment | Action::Resolve)) {
        return Err(AppError::field(
            "action",
            "photos_need_comment_or_resolve",
            Text::key("error.field.one_of").arg("choices", "comment, resolve"),
        ));
    }
    check_room(
        &st.db,
        problem_id,
        PhotoKind::Representative,
        prepared.len(),
        "photos",
    )
    .await?;
    let updated = crate::services::workflow::act(st, user, problem_id, req).await?;
    // The action's own event: the newest of this user's on this problem.
    let event = problem_event::Entity::find()
        .filter(problem_event::Column::ProblemId.eq(problem_id))
        .filter(problem_event::Column::ActorUserId.eq(user.id))
        .order_by_desc(problem_event::Column::Id)
        .one(&st.db)
        .await?;
    add(
        st,
        problem_id,
        event.map(|e| e.id),
        PhotoKind::Representative,
        prepared,
        "photos",
    )
    .await?;
    Ok(updated)
}

/// Removes the photos of deleted problems (the purge of unconfirmed ones): their rows and
/// both files of each. Returns how many photos were removed.
pub async fn remove_of_problems(st: &AppState, problem_ids: &[i32]) -> AppResult<usize> {
    let mut removed = 0;
    for chunk in problem_ids.chunks(1000) {
        let rows = photo::Entity::find()
            .filter(photo::Column::ProblemId.is_in(chunk.iter().copied()))
            .all(&st.db)
            .await?;
        if rows.is_empty() {
            continue;
        }
        photo::Entity::delete_many()
            .filter(photo::Column::ProblemId.is_in(chunk.iter().copied()))
            .exec(&st.db)
            .await?;
        let names: Vec<(String, String)> = rows
            .into_iter()
            .map(|p| (p.file_name, p.thumb_name))
            .collect();
        remove_files(st, &names).await;
        removed += names.len();
    }
    Ok(removed)
}

/// A problem's photos, oldest first.
pub async fn of_problem(
    db: &impl ConnectionTrait,
    problem_id: i32,
) -> AppResult<Vec<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::ProblemId.eq(problem_id))
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?)
}

/// A photo as the public sees it: no addresses once hidden, the reason instead.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PhotoView {
    pub id: i32,
    /// `citizen` ("before") or `representative` ("after").
    #[schema(value_type = String)]
    pub kind: PhotoKind,
    /// The picture (absent when hidden).
    pub url: Option<String>,
    /// Its thumbnail, at most 640 pixels on its longest side (absent when hidden).
    pub thumbnail_url: Option<String>,
    pub width: i32,
    pub height: i32,
    pub hidden: bool,
    /// Why it was hidden (public).
    pub hidden_reason: Option<String>,
}

/// The public view of `p`.
pub fn view(st: &AppState, p: &photo::Model) -> PhotoView {
    let hidden = p.hidden_at.is_some();
    let link = |name: &str| (!hidden).then(|| st.link(&format!("/media/{name}")));
    PhotoView {
        id: p.id,
        kind: p.kind,
        url: link(&p.file_name),
        thumbnail_url: link(&p.thumb_name),
        width: p.width,
        height: p.height,
        hidden,
        hidden_reason: p.hidden_reason.clone(),
    }
}

/// The public views of problem `problem_id`'s photos, oldest first.
pub async fn views_of(st: &AppState, problem_id: i32) -> AppResult<Vec<PhotoView>> {
    Ok(of_problem(&st.db, problem_id)
        .await?
        .iter()
        .map(|p| view(st, p))
        .collect())
}

/// The visible photos of each of `problem_ids` (one query, for mails sent in bulk).
pub async fn visible_of_many(
    st: &AppState,
    db: &impl ConnectionTrait,
    problem_ids: &[i32],
) -> AppResult<std::collections::HashMap<i32, Vec<PhotoView>>> {
    let mut out: std::collections::HashMap<i32, Vec<PhotoView>> = Default::default();
    for p in photo::Entity::find()
        .filter(photo::Column::ProblemId.is_in(problem_ids.iter().copied()))
        .filter(photo::Column::HiddenAt.is_null())
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?
    {
        out.entry(p.problem_id).or_default().push(view(st, &p));
    }
    Ok(out)
}

/// The longest reason a hider may give.
const REASON_MAX: usize = 500;

/// Hides photo `id` for `reason` (admins, and coordinators of its problem's region): from
/// then on its picture and thumbnail answer 404 and its place shows the reason. Hiding a
/// hidden photo again changes its reason.
#[tracing::instrument(skip_all, fields(photo_id = id, user_id = user.id))]
pub async fn hide(
    st: &AppState,
    user: &CurrentUser,
    id: i32,
    reason: &str,
) -> AppResult<photo::Model> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field(
            "reason",
            "required",
            "error.field.required",
        ));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(AppError::field(
            "reason",
            "too_long",
            Text::key("error.field.too_long")
                .arg("max", REASON_MAX as i64)
                .arg("got", reason.chars().count() as i64),
        ));
    }
    let photo = photo::Entity::find_by_id(id)
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = problem::Entity::find_by_id(photo.problem_id)
        .one(&st.db)
        .await?
        .filter(|p| p.status != Status::Unconfirmed)
        .ok_or(AppError::NotFound)?;
    if !user.may_in(Act::HidePhoto, &p.region_code) {
        return Err(AppError::Forbidden("error.forbidden.hide_photo".into()));
    }
    let mut row: photo::ActiveModel = photo.into();
    row.hidden_at = Set(Some(st.clock.now()));
    row.hidden_reason = Set(Some(reason.to_string()));
    row.hidden_by = Set(Some(user.id));
    let row = row.update(&st.db).await?;
    tracing::info!("photo hidden");
    Ok(row)
}

/// Whether the stored file `name` is a photo's picture or thumbnail the public may see:
/// `None` when no photo has this name (an Open311 request's own file may), `Some(false)`
/// when its photo is hidden or its problem is not confirmed yet.
pub async fn file_is_public(st: &AppState, name: &str) -> AppResult<Option<bool>> {
    let Some(photo) = photo::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(photo::Column::FileName.eq(name))
                .add(photo::Column::ThumbName.eq(name)),
        )
        .one(&st.db)
        .await?
    else {
        return Ok(None);
    };
    if photo.hidden_at.is_some() {
        return Ok(Some(false));
    }
    let confirmed = problem::Entity::find_by_id(photo.problem_id)
        .one(&st.db)
        .await?
        .is_some_and(|p| p.status != Status::Unconfirmed);
    Ok(Some(confirmed))
}
