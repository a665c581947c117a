//! `/api/v1/problems`: file, list, read and act on problems.

use super::params::ListQuery;
use super::schema::ErrorBody;
use super::{Fields, JsonObject, PathId};
use crate::app::AppState;
use crate::domain::input::{Email, FieldError, RawProblem, parse_problem};
use crate::error::{AppError, AppResult};
use crate::http::extract::{ApiUser, Lang};
use crate::http::query::parse_filter;
use crate::services::intake::{self, Idempotency};
use crate::services::queries::{self, ProblemSummary, ProblemView};
use crate::services::workflow::{self, ActionRequest};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The body of `POST /api/v1/problems`. Sending it means the citizen consents to the
/// processing of their contact details for handling the problem, on the terms of the web
/// form's consent text (its version is stored with the problem).
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
// Each field's schema, with the limits `parse_problem` enforces, comes from `super::schema`;
// `super::doc::CrossFieldRules` adds that latitude and longitude come together.
pub struct NewProblemBody {
    #[schema(schema_with = super::schema::title)]
    title: String,
    #[schema(schema_with = super::schema::description)]
    description: String,
    #[schema(schema_with = super::schema::category)]
    category: String,
    #[schema(schema_with = super::schema::region)]
    region: String,
    #[schema(schema_with = super::schema::address)]
    address: Option<String>,
    #[schema(schema_with = super::schema::latitude)]
    latitude: Option<f64>,
    #[schema(schema_with = super::schema::longitude)]
    longitude: Option<f64>,
    #[schema(schema_with = super::schema::email)]
    email: String,
    #[schema(schema_with = super::schema::display_name)]
    display_name: Option<String>,
    /// Hide the display name from the public.
    anonymous: Option<bool>,
    #[schema(schema_with = super::schema::election)]
    election: Option<i32>,
    #[schema(schema_with = super::schema::polling_station)]
    polling_station: Option<i32>,
    #[schema(schema_with = super::schema::observed_at)]
    observed_at: Option<String>,
    /// Observers only: show the observer's name on the public page ("Filed by accredited
    /// observer <name>"). Default false: the report says only that an observer filed it.
    show_name: Option<bool>,
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
    /// How many problems the filters select: exact when `total_exact`, otherwise the
    /// database's estimate (past 1,000 on PostgreSQL). With `q`, at most 1001: 1001 means
    /// more than 1,000 matches (the first 1,000 are served).
    pub total: u64,
    pub total_exact: bool,
    /// The next page (keyset: as fast as the first), absent on the last one.
    pub next: Option<String>,
    /// The `cursor` parameter of `next`.
    pub next_cursor: Option<String>,
}

/// The body of `POST /api/v1/problems/{id}/actions`.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
// The fields' schemas come from `super::schema`; `super::doc::CrossFieldRules` adds what
// each action needs (a note, a representative, the original).
pub struct ActionBody {
    #[schema(schema_with = super::schema::action)]
    action: String,
    #[schema(schema_with = super::schema::note)]
    note: Option<String>,
    #[schema(schema_with = super::schema::representative_id)]
    representative_id: Option<i32>,
    #[schema(schema_with = super::schema::duplicate_of)]
    duplicate_of: Option<i32>,
}

fn collect<T>(errors: &mut Vec<FieldError>, r: Result<Option<T>, FieldError>) -> Option<T> {
    r.unwrap_or_else(|e| {
        errors.push(e);
        None
    })
}

/// Files a problem. It stays `unconfirmed` and invisible until the citizen follows the
/// link in the confirmation e-mail. An accredited observer's token (`Authorization: Bearer`,
/// issue 20) files an election report in their regions instead: published and routed at
/// once, no mail, `email` not needed, marked `observer: true`, with `observed_at` (when they
/// saw it; default now) and `show_name`. Also takes `multipart/form-data` with the same fields
/// as text parts and up to 5 `photos` files (JPEG, PNG or WebP; see the README's Photos). A repeated `Idempotency-Key` with the same body returns
/// the first answer; with another body it is a 422.
#[utoipa::path(post, path = "/api/v1/problems", request_body = NewProblemBody,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200,
            pattern = r"^[\t\x20-\x7E]*[\x21-\x7E][\t\x20-\x7E]*$",
            description = "Makes retries safe: 1–200 visible ASCII characters once trimmed"),
           ("Accept-Language" = Option<String>, Header,
            description = "The citizen's language (kk, ru or en): their mail is written in \
                           it, and error messages too; default `app.default_language`")),
    responses((status = 201, description = "Stored, waiting for the citizen's confirmation",
               body = Created),
              (status = 400, description = "The body is not a JSON object", body = ErrorBody),
              (status = 413, description = "The body is larger than 2 MiB", body = ErrorBody),
              (status = 422, description = "A field breaks a rule (named in `field`; all of \
               them in `details` when several do), or the Idempotency-Key was used with \
               another body", body = ErrorBody)))]
pub async fn create(
    State(st): State<AppState>,
    Lang(lang): Lang,
    req: axum::extract::Request,
) -> AppResult<Response> {
    let headers = req.headers().clone();
    // An accredited observer files with their token (issue 20); anyone else as a citizen.
    let observer = observer_of(&st, &headers).await?;
    // JSON as before, or multipart with the same fields and `photos` files.
    let (obj, uploads) = if crate::http::upload::is_multipart(&headers) {
        let upload = crate::http::upload::read_multipart(&st, req, "photos").await?;
        (super::multipart_object(&upload.fields), upload.files)
    } else {
        // This route lifts the default limit for photos: a JSON body keeps its 2 MiB.
        let body = axum::body::to_bytes(req.into_body(), super::MAX_BODY_BYTES)
            .await
            .map_err(|_| AppError::TooLarge)?;
        (super::json_object(&body)?, Vec::new())
    };
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
                        "error.field.idempotency_key",
                    )
                })?;
            // Keys serialize sorted, so the same fields in another order hash the same; the
            // photos count by their bytes' hashes.
            let mut hashed = obj.clone();
            if !uploads.is_empty() {
                let photos = uploads
                    .iter()
                    .map(|b| crate::auth::hex(&Sha256::digest(b)).into())
                    .collect();
                hashed.insert("photos".into(), serde_json::Value::Array(photos));
            }
            let canonical = serde_json::to_string(&hashed).map_err(anyhow::Error::from)?;
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
        "election",
        "polling_station",
        "observed_at",
        "show_name",
    ])?;
    let mut errors = Vec::new();
    let mut raw = RawProblem {
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
    let election = collect(&mut errors, f.id("election"));
    let station = collect(&mut errors, f.id("polling_station"));
    let observed_at = collect(&mut errors, f.string("observed_at")).and_then(|raw| {
        match crate::domain::observers::parse_observed_at(&raw) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    });
    let show_name = collect(&mut errors, f.boolean("show_name"));
    if observer.is_none() {
        // Only an observer's report has an observation time and a name to show.
        for (given, field) in [
            (observed_at.is_some(), "observed_at"),
            (show_name.is_some(), "show_name"),
        ] {
            if given {
                errors.push(FieldError::new(
                    field,
                    "observers_only",
                    "error.field.observers_only",
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if let Some((_, email)) = &observer {
        // The observer's own address is the report's (private) contact.
        raw.email = Some(email.clone());
    }
    let reference = st.reference();
    let mut new = parse_problem(
        &raw,
        |r| reference.has_region(r),
        |c| reference.has_category(c),
    )
    .map_err(AppError::Invalid)?;
    let answer = if let Some((who, _)) = observer {
        let photos = crate::services::photos::prepare_all(&st, "photos", uploads).await?;
        let filing = crate::services::observers::Filing {
            election,
            station,
            observed_at,
            show_name: show_name.unwrap_or(false),
        };
        let answer = crate::services::observers::file(&st, &who, new, filing, lang, idem).await?;
        (answer, photos)
    } else {
        crate::services::elections::claim(&st, &mut new, election, station).await?;
        // Checked before anything is stored: a refused photo refuses the submission.
        let photos = crate::services::photos::prepare_all(&st, "photos", uploads).await?;
        (intake::submit(&st, new, lang, idem).await?, photos)
    };
    let (answer, photos) = answer;
    crate::services::photos::add_filed(&st, answer.id, &photos).await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// The accredited observer calling with `Authorization: Bearer <token>`, with their
/// address, if the header names one; `None` without the header or for other roles (they
/// file as citizens do). A header with an unknown token is a 401.
async fn observer_of(
    st: &AppState,
    headers: &axum::http::HeaderMap,
) -> AppResult<Option<(crate::auth::CurrentUser, String)>> {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(AppError::Unauthorized)?;
    let who = crate::auth::authenticate(
        &st.db,
        st.pepper(),
        token,
        crate::auth::kind::API,
        st.clock.now(),
    )
    .await?
    .ok_or(AppError::Unauthorized)?;
    let email = crate::services::observers::contact_of(st, &who).await?;
    Ok(email.map(|e| (who, e)))
}

/// Public problems, newest (or most supported) first; with `q`, the ones matching its
/// words, most relevant first. Filters take comma lists; date ranges are local days, both
/// ends included.
#[utoipa::path(get, path = "/api/v1/problems", params(ListQuery),
    responses((status = 200, description = "One page of the problems", body = ProblemPage),
              (status = 422, description = "A parameter is invalid (named in `field`)",
               body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Json<ProblemPage>> {
    let f = parse_filter(&st, &q)?;
    let list = queries::list(&st, &f).await?;
    Ok(Json(ProblemPage {
        items: list.items,
        page: f.page,
        per_page: f.per_page,
        total: list.total.count,
        total_exact: list.total.exact,
        next: list
            .next
            .map(|c| crate::http::query::list::next_href("/api/v1/problems", &q, &c)),
        next_cursor: list.next.map(|c| c.encode()),
    }))
}

/// The public view of a problem with its timeline.
#[utoipa::path(get, path = "/api/v1/problems/{id}",
    params(("id" = i32, Path, minimum = 1, maximum = 2147483647, description = "The problem's id")),
    responses((status = 200, description = "The problem", body = ProblemView),
              (status = 404, description = "No public problem has this id", body = ErrorBody)))]
pub async fn show(State(st): State<AppState>, PathId(id): PathId) -> AppResult<Json<ProblemView>> {
    Ok(Json(queries::public_view(&st, id).await?))
}

/// Acts on a problem (bearer token). An action that does not apply in the current status
/// is a 409 naming the status and the allowed actions.
#[utoipa::path(post, path = "/api/v1/problems/{id}/actions",
    params(("id" = i32, Path, minimum = 1, maximum = 2147483647, description = "The problem's id")),
    request_body = ActionBody, security(("bearer" = [])),
    responses((status = 200, description = "Done: the problem as it is now", body = ProblemView),
              (status = 400, description = "The body is not a JSON object", body = ErrorBody),
              (status = 401, description = "No valid bearer token", body = ErrorBody),
              (status = 403, description = "The token's user may not take this action on \
               this problem", body = ErrorBody),
              (status = 404, description = "No public problem has this id", body = ErrorBody),
              (status = 409, description = "The action does not apply in the problem's \
               current status (the message names it and the allowed actions)",
               body = ErrorBody),
              (status = 413, description = "The body is larger than 2 MiB", body = ErrorBody),
              (status = 422, description = "A field breaks a rule (named in `field`)",
               body = ErrorBody)))]
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
        return Err(AppError::field(
            "action",
            "required",
            "error.field.required",
        ));
    }
    workflow::act(&st, &user, id, req).await?;
    Ok(Json(queries::public_view(&st, id).await?))
}

/// The body of `POST /api/v1/problems/{id}/supports`. The confirmation link goes to the
/// supporter's e-mail (private); sending it means consent to its processing for this
/// support.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "documents the JSON body, which is parsed field by field"
)]
pub struct SupportBody {
    #[schema(schema_with = super::schema::email)]
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
#[utoipa::path(post, path = "/api/v1/problems/{id}/supports",
    params(("id" = i32, Path, minimum = 1, maximum = 2147483647, description = "The problem's id"),
           ("Accept-Language" = Option<String>, Header,
            description = "The supporter's language (kk, ru or en), for their mail")),
    request_body = SupportBody,
    responses((status = 202, description = "A confirmation link was sent to the address",
               body = SupportAccepted),
              (status = 400, description = "The body is not a JSON object", body = ErrorBody),
              (status = 404, description = "No public problem has this id", body = ErrorBody),
              (status = 409, description = "The same address asked at the same moment: try \
               again", body = ErrorBody),
              (status = 413, description = "The body is larger than 2 MiB", body = ErrorBody),
              (status = 422, description = "A field breaks a rule (named in `field`)",
               body = ErrorBody)))]
pub async fn support(
    State(st): State<AppState>,
    Lang(lang): Lang,
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
    let problem_id = crate::services::support::request(&st, id, &email, notify, lang).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SupportAccepted {
            status: "confirmation_sent",
            problem_id,
        }),
    ))
}
