//! The JSON API under `/api/v1`. Errors are `{"error": {"code", "message", "field"}}`; the
//! API authenticates with bearer tokens only (no cookies), so it needs no CSRF token.

pub mod problems;
pub mod reference;
pub mod stats;

use crate::app::AppState;
use crate::domain::input::FieldError;
use crate::error::AppError;
use axum::Router;
use axum::routing::{get, post};
use serde_json::{Map, Value};
use utoipa::OpenApi;

/// The OpenAPI document, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Civic Tracker API",
        description = "Citizens' problems, routed to representatives and followed in public.\n\n\
            Submitting a problem through `POST /api/v1/problems` means the citizen consents to \
            the processing of their contact details (e-mail, optional name) for handling the \
            problem; they are never published.",
        version = "1"
    ),
    paths(
        reference::regions,
        reference::categories,
        problems::create,
        problems::list,
        problems::show,
        problems::act,
        problems::support,
        stats::stats,
    ),
    components(schemas(
        crate::services::reference::RegionRef,
        crate::services::reference::CategoryRef,
        crate::services::reference::Deadline,
        crate::services::queries::ProblemView,
        crate::services::queries::ProblemSummary,
        crate::services::queries::TimelineEntry,
        crate::services::queries::RepresentativeRef,
        crate::services::queries::Named,
        crate::services::queries::Routing,
        problems::NewProblemBody,
        problems::Created,
        problems::ProblemPage,
        problems::ActionBody,
        problems::SupportBody,
        problems::SupportAccepted,
        stats::Stats,
        stats::StatsPeriod,
        stats::StatsFilters,
        stats::StatsGroup,
        crate::domain::stats::Summary,
        crate::domain::stats::Counts,
        crate::domain::stats::Quantiles,
        crate::domain::stats::OnTime,
        crate::domain::stats::SeriesPoint,
        crate::domain::stats::Period,
        ErrorBody,
        ErrorDetail,
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The error envelope of every API error.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the JSON shape of AppError for OpenAPI")]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// One error: a stable code, a message, and the field to blame where there is one.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the JSON shape of AppError for OpenAPI")]
pub struct ErrorDetail {
    code: String,
    message: String,
    field: Option<String>,
}

/// Routes of the API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/regions", get(reference::regions))
        .route("/api/v1/stats", get(stats::stats))
        .route("/api/v1/categories", get(reference::categories))
        .route(
            "/api/v1/problems",
            post(problems::create).get(problems::list),
        )
        .route("/api/v1/problems/{id}", get(problems::show))
        .route("/api/v1/problems/{id}/actions", post(problems::act))
        .route("/api/v1/problems/{id}/supports", post(problems::support))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

async fn api_not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Parses a JSON body into an object, naming what is wrong when it is not one.
pub fn json_object(body: &[u8]) -> Result<Map<String, Value>, AppError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(AppError::BadRequest {
            code: "invalid_json",
            message: "the body must be a JSON object".into(),
            field: None,
        }),
        Err(e) => Err(AppError::BadRequest {
            code: "invalid_json",
            message: format!("the body is not valid JSON: {e}"),
            field: None,
        }),
    }
}

/// Typed access to a JSON object's fields, each error naming the field.
pub struct Fields<'a>(pub &'a Map<String, Value>);

impl Fields<'_> {
    /// Rejects fields not in `known`; the error's field is `body` and its message names the
    /// unknown field.
    pub fn only(&self, known: &[&'static str]) -> Result<(), AppError> {
        if let Some(k) = self.0.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(AppError::Invalid(vec![FieldError::new(
                "body",
                "unknown_field",
                format!("has an unknown field {k:?}; allowed: {}", known.join(", ")),
            )]));
        }
        Ok(())
    }

    /// An optional string.
    pub fn string(&self, f: &'static str) -> Result<Option<String>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(FieldError::new(f, "invalid_type", "must be a string")),
        }
    }

    /// An optional number.
    pub fn number(&self, f: &'static str) -> Result<Option<f64>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => Err(FieldError::new(f, "invalid_type", "must be a number")),
        }
    }

    /// An optional integer id.
    pub fn id(&self, f: &'static str) -> Result<Option<i32>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .filter(|v| *v > 0)
                .map(Some)
                .ok_or_else(|| FieldError::new(f, "invalid_id", "must be a positive integer")),
            Some(_) => Err(FieldError::new(f, "invalid_type", "must be an integer")),
        }
    }

    /// An optional boolean.
    pub fn boolean(&self, f: &'static str) -> Result<Option<bool>, FieldError> {
        match self.0.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(FieldError::new(f, "invalid_type", "must be true or false")),
        }
    }
}
