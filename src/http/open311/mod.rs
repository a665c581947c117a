//! Open311 GeoReport v2 under `/open311/v2`: discovery, services (the categories), service
//! definitions and service requests (public problems), in XML (the required format) and
//! JSON, both built from the same value so they always carry the same data. Errors use the
//! specification's format and statuses only (400, 403, 404).
//!
//! [`wire`] is the format (XML and JSON rendering, errors); [`reads`] answers discovery
//! and services, [`requests`] the service requests and tokens; [`submit`] files new
//! requests; [`media`] serves their photos.

mod media;
mod reads;
mod requests;
mod submit;
pub mod wire;

pub use wire::{Format, Open311Error, to_xml};

use crate::app::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use wire::split;

/// Routes under `/open311/v2`. `max_body` bounds a POST's whole body (the media file's
/// own limit plus room for the fields).
pub fn router(max_body: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/open311/v2/{file}",
            get(reads::top).post(submit::post_request),
        )
        .route(
            "/open311/v2/services/{file}",
            get(reads::service_definition),
        )
        .route("/open311/v2/requests/{file}", get(requests::request))
        .route("/open311/v2/tokens/{file}", get(requests::token))
        .method_not_allowed_fallback(method_not_allowed)
        .route("/media/{name}", get(media::media))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
}

/// An error met before a handler (a rate limit's 429, the request timeout's 503, both with
/// `Retry-After`) in the specification's error format.
pub fn error_answer(e: crate::error::AppError, path: &str) -> Response {
    let format = split(path).map_or(Format::Json, |(_, f)| f);
    Open311Error::from_app(format, e).into_response()
}

/// A method the resource does not take (PUT, DELETE...): 405 with an `Allow` header, in
/// the specification's error format, XML or JSON after the resource's extension.
async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    let format = split(path).map_or(Format::Json, |(_, f)| f);
    let allow = if path.matches('/').count() == 3 {
        "GET, POST"
    } else {
        "GET"
    };
    let mut r = Open311Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format,
        format!("this resource takes {allow} only"),
    )
    .into_response();
    r.headers_mut().insert(
        axum::http::header::ALLOW,
        axum::http::HeaderValue::from_static(allow),
    );
    r
}
