//! `/api/v1/problems`: file, list, read and act on problems.

use super::{Fields, JsonObject, PathId};
use crate::app::AppState;
use crate::domain::input::{Email, FieldError, RawProblem, parse_problem};
use crate::error::{AppError, AppResult};
use crate::http::extract::ApiUser;
use crate::http::query::parse_filter;
use crate::services::intake::{self, Idempotency};
use crate::services::queries::{self, ProblemSummary, ProblemView};
use crate::services::workflow::{self, ActionRequest};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The body of `POST /api/v1/problems`. Sending it means the citizen consents to the
/// processing of their contact details for handling the problem.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
pub struct NewProblemBody {
    /// 5–200 characters.
    title: String,
    /// 20–5,000 characters.
    description: String,
    /// A category code from `GET /api/v1/categories`.
    category: String,
    /// An ISO 3166-2 code from `GET /api/v1/regions`, e.g. `KZ-71`.
    region: String,
    address: Option<String>,
    /// 40.5–55.5; with `longitude` or not at all.
    latitude: Option<f64>,
    /// 46.4–87.4; with `latitude` or not at all.
    longitude: Option<f64>,
    /// Private: used for confirmation and updates, never published.
    email: String,
    display_name: Option<String>,
    /// Hide the display name from the public.
    anonymous: Option<bool>,
}

/// The answer to a submission.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i32,
    pub reference: String,
    pub status: String,
}

/// A page of problems.
#[derive(Serialize, ToSchema)]
pub struct ProblemPage {
    pub items: Vec<ProblemSummary>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// The body of `POST /api/v1/problems/{id}/actions`.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
pub struct ActionBody {
    /// acknowledge, start, comment, ask_citizen, resolve, reject, request_reassign (the
    /// assigned representative); assign, mark_duplicate, close (a coordinator of the
    /// region or an admin).
    action: String,
    /// Required for comment, ask_citizen, resolve, reject and close.
    note: Option<String>,
    /// Required for assign.
    representative_id: Option<i32>,
    /// Required for mark_duplicate.
    duplicate_of: Option<i32>,
}

fn collect<T>(errors: &mut Vec<FieldError>, r: Result<Option<T>, FieldError>) -> Option<T> {
    r.unwrap_or_else(|e| {
        errors.push(e);
        None
    })
}

/// Files a problem. It stays `unconfirmed` and invisible until the citizen follows the
/// link in the confirmation e-mail. A repeated `Idempotency-Key` with the same body returns
/// the first answer; with another body it is a 422.
#[utoipa::path(post, path = "/api/v1/problems", request_body = NewProblemBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, body = Created), (status = 422, body = super::ErrorBody),
              (status = 400, body = super::ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    headers: HeaderMap,
    JsonObject(obj): JsonObject,
) -> AppResult<Response> {
    let idem = match headers.get("idempotency-key") {
        None => None,
        Some(v) => {
            let key = v
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.len() <= 200)
                .ok_or_else(|| {
                    AppError::field(
                        "Idempotency-Key",
                        "invalid_idempotency_key",
                        "must be 1–200 visible ASCII characters",
                    )
                })?;
            // Keys serialize sorted, so the same fields in another order hash the same.
            let canonical = serde_json::to_string(&obj).map_err(anyhow::Error::from)?;
            let hash = crate::auth::hex(&Sha256::digest(canonical.as_bytes()));
            Some(Idempotency {
                key: key.to_string(),
                request_hash: hash,
            })
        }
    };
    let f = Fields(&obj);
    f.only(&[
        "title",
        "description",
        "category",
        "region",
        "address",
        "latitude",
        "longitude",
        "email",
        "display_name",
        "anonymous",
    ])?;
    let mut errors = Vec::new();
    let raw = RawProblem {
        title: collect(&mut errors, f.string("title")),
        description: collect(&mut errors, f.string("description")),
        category: collect(&mut errors, f.string("category")),
        region: collect(&mut errors, f.string("region")),
        address: collect(&mut errors, f.string("address")),
        latitude: collect(&mut errors, f.number("latitude")),
        longitude: collect(&mut errors, f.number("longitude")),
        email: collect(&mut errors, f.string("email")),
        display_name: collect(&mut errors, f.string("display_name")),
        anonymous: collect(&mut errors, f.boolean("anonymous")).unwrap_or(false),
        consent: true,
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let reference = st.reference();
    let new = parse_problem(
        &raw,
        |r| reference.has_region(r),
        |c| reference.has_category(c),
    )
    .map_err(AppError::Invalid)?;
    let answer = intake::submit(&st, new, idem).await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// Public problems, newest (or most supported) first. Filters take comma lists.
#[utoipa::path(get, path = "/api/v1/problems",
    params(("region" = Option<String>, Query, description = "ISO codes, comma-separated"),
           ("category" = Option<String>, Query, description = "Category codes, comma-separated"),
           ("status" = Option<String>, Query, description = "Statuses, comma-separated"),
           ("representative" = Option<i32>, Query, description = "Representative id"),
           ("sort" = Option<String>, Query, description = "newest (default) or support (most supported first)"),
           ("overdue" = Option<bool>, Query, description = "true: only overdue problems; false: only others"),
           ("escalated" = Option<bool>, Query, description = "true: only escalated problems; false: only others"),
           ("verdict" = Option<String>, Query, description = "Verdicts, comma-separated (fixed, not_fixed, no_answer, closed_by_coordinator)"),
           ("received_from" = Option<String>, Query, description = "Confirmed on or after this local date (YYYY-MM-DD); likewise received_to, acknowledged_from/_to, resolved_from/_to (last resolution), closed_from/_to and due_from/_to (resolve-by deadline), each end included"),
           ("page" = Option<u64>, Query, description = "From 1"),
           ("per_page" = Option<u64>, Query, description = "1–100, default 20")),
    responses((status = 200, body = ProblemPage), (status = 422, body = super::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Json<ProblemPage>> {
    let f = parse_filter(&st, &q)?;
    let (items, total) = queries::list(&st, &f).await?;
    Ok(Json(ProblemPage {
        items,
        page: f.page,
        per_page: f.per_page,
        total,
    }))
}

/// The public view of a problem with its timeline.
#[utoipa::path(get, path = "/api/v1/problems/{id}", params(("id" = i32, Path)),
    responses((status = 200, body = ProblemView), (status = 404, body = super::ErrorBody)))]
pub async fn show(State(st): State<AppState>, PathId(id): PathId) -> AppResult<Json<ProblemView>> {
    Ok(Json(queries::public_view(&st, id).await?))
}

/// Acts on a problem (bearer token). An action that does not apply in the current status
/// is a 409 naming the status and the allowed actions.
#[utoipa::path(post, path = "/api/v1/problems/{id}/actions", params(("id" = i32, Path)),
    request_body = ActionBody, security(("bearer" = [])),
    responses((status = 200, body = ProblemView), (status = 401, body = super::ErrorBody),
              (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody),
              (status = 422, body = super::ErrorBody)))]
pub async fn act(
    State(st): State<AppState>,
    ApiUser(user): ApiUser,
    PathId(id): PathId,
    JsonObject(obj): JsonObject,
) -> AppResult<Json<ProblemView>> {
    let f = Fields(&obj);
    f.only(&["action", "note", "representative_id", "duplicate_of"])?;
    let mut errors = Vec::new();
    let req = ActionRequest {
        action: collect(&mut errors, f.string("action")).unwrap_or_default(),
        note: collect(&mut errors, f.string("note")),
        representative_id: collect(&mut errors, f.id("representative_id")),
        duplicate_of: collect(&mut errors, f.id("duplicate_of")),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if req.action.is_empty() {
        return Err(AppError::field("action", "required", "is required"));
    }
    workflow::act(&st, &user, id, req).await?;
    Ok(Json(queries::public_view(&st, id).await?))
}

/// The body of `POST /api/v1/problems/{id}/supports`.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
pub struct SupportBody {
    /// The supporter's e-mail (private): the confirmation link goes there. Sending it means
    /// consent to its processing for this support.
    email: String,
    /// Tell the supporter about status changes (default false).
    notify: Option<bool>,
}

/// The answer to a support request.
#[derive(Serialize, ToSchema)]
pub struct SupportAccepted {
    /// Always `confirmation_sent`: the support counts once the e-mailed link is followed
    /// (the same answer whether or not the address already supports the problem).
    pub status: &'static str,
    /// The problem supported (a duplicate's original).
    pub problem_id: i32,
}

/// "I have this problem too": asks the address to confirm by e-mail; one support per
/// e-mail per problem. No token needed.
#[utoipa::path(post, path = "/api/v1/problems/{id}/supports", params(("id" = i32, Path)),
    request_body = SupportBody,
    responses((status = 202, body = SupportAccepted), (status = 404, body = super::ErrorBody),
              (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn support(
    State(st): State<AppState>,
    PathId(id): PathId,
    JsonObject(obj): JsonObject,
) -> AppResult<(StatusCode, Json<SupportAccepted>)> {
    let f = Fields(&obj);
    f.only(&["email", "notify"])?;
    let mut errors = Vec::new();
    let email = collect(&mut errors, f.string("email"));
    let notify = collect(&mut errors, f.boolean("notify")).unwrap_or(false);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let email = Email::parse("email", email.as_deref().unwrap_or(""))
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let problem_id = crate::services::support::request(&st, id, &email, notify).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SupportAccepted {
            status: "confirmation_sent",
            problem_id,
        }),
    ))
}
