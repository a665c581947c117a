//! `/api/v1/problems/{id}/photos` (the representative's "after" photos, with a comment or
//! the resolution) and `/api/v1/photos/{id}/hide` (coordinators and admins).

use super::schema::ErrorBody;
use super::{Fields, JsonObject, PathId};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::extract::ApiUser;
use crate::services::photos::{self, PhotoView};
use crate::services::queries::{self, ProblemView};
use crate::services::workflow::ActionRequest;
use axum::Json;
use axum::extract::State;

/// `POST /api/v1/problems/{id}/photos`, `multipart/form-data`: `photos` files (1–5),
/// `action` (`comment`, the default, or `resolve`) and `note` (needed for `comment`).
/// Only the problem's assigned representative; the action goes through the workflow like
/// `POST /api/v1/problems/{id}/actions`, and the photos are attached to its timeline event
/// as the representative's ("after").
#[utoipa::path(post, path = "/api/v1/problems/{id}/photos",
    params(("id" = i32, Path, minimum = 1, maximum = 2147483647, description = "The problem's id")),
    request_body(content_type = "multipart/form-data",
                 description = "`photos`: 1–5 JPEG, PNG or WebP files (each at most \
                 `app.media_max_bytes`); `action`: `comment` (default) or `resolve`; `note`: \
                 the public note (required with `comment`)"),
    security(("bearer" = [])),
    responses((status = 200, description = "Done: the problem as it is now, with its photos",
               body = ProblemView),
              (status = 400, description = "The body is not multipart/form-data", body = ErrorBody),
              (status = 401, description = "No valid bearer token", body = ErrorBody),
              (status = 403, description = "The token's user is not the problem's assigned \
               representative", body = ErrorBody),
              (status = 404, description = "No public problem has this id", body = ErrorBody),
              (status = 409, description = "The action does not apply in the problem's \
               current status", body = ErrorBody),
              (status = 413, description = "The body is too large", body = ErrorBody),
              (status = 422, description = "A field breaks a rule (named in `field`): no \
               photo, not an image, too large, or the problem already has 5 of the \
               representative's photos", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(problem_id = id))]
pub async fn add(
    State(st): State<AppState>,
    ApiUser(user): ApiUser,
    PathId(id): PathId,
    req: axum::extract::Request,
) -> AppResult<Json<ProblemView>> {
    if !crate::http::upload::is_multipart(req.headers()) {
        return Err(AppError::BadRequest {
            code: "multipart_required",
            message: "error.multipart_required".into(),
            field: None,
        });
    }
    let upload = crate::http::upload::read_multipart(&st, req, "photos").await?;
    if upload.files.is_empty() {
        return Err(AppError::field(
            "photos",
            "required",
            "error.field.required",
        ));
    }
    let fields = upload.map();
    let action = fields
        .get("action")
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .unwrap_or("comment");
    let prepared = photos::prepare_all(&st, "photos", upload.files).await?;
    let req = ActionRequest {
        action: action.to_string(),
        note: fields.get("note").cloned(),
        ..Default::default()
    };
    photos::act_with_photos(&st, &user, id, req, &prepared).await?;
    Ok(Json(queries::public_view(&st, id).await?))
}

/// The body of `POST /api/v1/photos/{id}/hide`.
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
pub struct HideBody {
    /// Why the photo is hidden (1–500 characters, shown to everyone in its place).
    reason: String,
}

/// Hides a photo (bearer token of an admin, or of a coordinator of the problem's region):
/// its picture and thumbnail answer 404 from then on, and the problem shows the reason.
#[utoipa::path(post, path = "/api/v1/photos/{id}/hide",
    params(("id" = i32, Path, minimum = 1, maximum = 2147483647, description = "The photo's id")),
    request_body = HideBody, security(("bearer" = [])),
    responses((status = 200, description = "Hidden: the photo as the public sees it now",
               body = PhotoView),
              (status = 400, description = "The body is not a JSON object", body = ErrorBody),
              (status = 401, description = "No valid bearer token", body = ErrorBody),
              (status = 403, description = "Not an admin or a coordinator of the problem's \
               region", body = ErrorBody),
              (status = 404, description = "No photo of a public problem has this id",
               body = ErrorBody),
              (status = 422, description = "`reason` is missing or too long", body = ErrorBody)))]
pub async fn hide(
    State(st): State<AppState>,
    ApiUser(user): ApiUser,
    PathId(id): PathId,
    JsonObject(obj): JsonObject,
) -> AppResult<Json<PhotoView>> {
    let f = Fields(&obj);
    f.only(&["reason"])?;
    let reason = f
        .string("reason")
        .map_err(|e| AppError::Invalid(vec![e]))?
        .unwrap_or_default();
    let photo = photos::hide(&st, &user, id, &reason).await?;
    Ok(Json(photos::view(&st, &photo)))
}
