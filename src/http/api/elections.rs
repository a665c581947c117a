//! `POST /api/v1/problems/{id}/verification` (issue 20): a coordinator of the problem's
//! region (or an admin) finds an election report verified or not, with a public note, as
//! the form on the problem's page does (`services::workflow::verify`).

use super::schema::ErrorBody;
use super::{Fields, JsonObject, PathId};
use crate::app::AppState;
use crate::domain::input;
use crate::error::{AppError, AppResult};
use crate::http::extract::ApiUser;
use crate::services::queries::{self, ProblemView};
use axum::Json;
use axum::extract::State;
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

/// The body of `POST /api/v1/problems/{id}/verification`.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
pub struct VerifyBody {
    /// `true`: the report is verified; `false`: it was checked and could not be verified.
    verified: bool,
    #[schema(schema_with = note)]
    note: String,
}

/// The finding's `note`.
fn note() -> Object {
    super::schema::required_text(input::NOTE, "What was checked, and how (public)").build()
}

/// Records a finding on an election report (bearer token of an admin, or of a coordinator
/// of the problem's region): the problem's `verified` flag, and an event `verify` on its
/// timeline with the note. The status does not change.
#[utoipa::path(post, path = "/api/v1/problems/{id}/verification",
    params(("id" = i32, Path, minimum = 1, maximum = 2147483647, description = "The problem's id")),
    request_body = VerifyBody, security(("bearer" = [])),
    responses((status = 200, description = "Recorded: the problem as it is now", body = ProblemView),
              (status = 400, description = "The body is not a JSON object", body = ErrorBody),
              (status = 401, description = "No valid bearer token", body = ErrorBody),
              (status = 403, description = "Not an admin or a coordinator of the problem's \
               region", body = ErrorBody),
              (status = 404, description = "No public problem has this id", body = ErrorBody),
              (status = 409, description = "The problem belongs to no election",
               body = ErrorBody),
              (status = 413, description = "The body is larger than 2 MiB", body = ErrorBody),
              (status = 422, description = "A field breaks a rule (named in `field`)",
               body = ErrorBody)))]
pub async fn verify(
    State(st): State<AppState>,
    ApiUser(user): ApiUser,
    PathId(id): PathId,
    JsonObject(obj): JsonObject,
) -> AppResult<Json<ProblemView>> {
    let f = Fields(&obj);
    f.only(&["verified", "note"])?;
    let verified = f.boolean("verified");
    let note = f.string("note");
    let errors: Vec<_> = [verified.as_ref().err(), note.as_ref().err()]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let Some(verified) = verified.ok().flatten() else {
        return Err(AppError::field(
            "verified",
            "required",
            "error.field.required",
        ));
    };
    let note = note.ok().flatten();
    crate::services::workflow::verify(&st, &user, id, verified, note.as_deref()).await?;
    Ok(Json(queries::public_view(&st, id).await?))
}
