//! `GET /media/{name}`: the photos of problems (`services::photos`, and those filed with
//! Open311 requests), public once their problem is confirmed and while they are not hidden.

use super::wire::{Format, Open311Error};
use crate::app::AppState;
use crate::services::open311;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `GET /media/{name}`: a stored photo.
pub(super) async fn media(State(st): State<AppState>, Path(name): Path<String>) -> Response {
    // Only a confirmed problem's photo is public, and only while it is not hidden.
    let public = match crate::services::photos::file_is_public(&st, &name).await {
        Ok(Some(public)) => Ok(public),
        Ok(None) => open311::media_is_public(&st, &st.link(&format!("/media/{name}"))).await,
        Err(e) => Err(e),
    };
    match public {
        Ok(true) => {}
        Ok(false) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return Open311Error::from_app(Format::Xml, e).into_response(),
    }
    match crate::services::media::read(&st, &name).await {
        Some((bytes, ctype)) => (
            [
                (header::CONTENT_TYPE, ctype),
                // A stored file never changes (a new upload gets a new name).
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
