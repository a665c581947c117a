//! `GET /media/{name}`: the photos filed with Open311 requests, public once their problem
//! is confirmed.

use super::wire::{Format, Open311Error};
use crate::app::AppState;
use crate::services::open311;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `GET /media/{name}`: a stored photo.
pub(super) async fn media(State(st): State<AppState>, Path(name): Path<String>) -> Response {
    // Only a confirmed problem's photo is public.
    let url = st.link(&format!("/media/{name}"));
    match open311::media_is_public(&st, &url).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return Open311Error::from_app(Format::Xml, e).into_response(),
    }
    match crate::services::media::read(&st, &name).await {
        Some((bytes, ctype)) => (
            [
                (header::CONTENT_TYPE, ctype),
                (header::CACHE_CONTROL, "public, max-age=86400"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
