//! Form bodies that may carry photos: `application/x-www-form-urlencoded` as before, or
//! `multipart/form-data` with the same text fields and up to
//! `domain::photos::MAX_PER_KIND` image files in one field. The routes that take them lift
//! axum's default body limit; this reader enforces its own instead: each file at most
//! `app.media_max_bytes`, each text field at most 64 KiB, 100 parts, and the whole body at
//! most five files' worth plus 1 MiB.

use crate::app::AppState;
use crate::domain::photos::MAX_PER_KIND;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, header};
use std::collections::HashMap;

/// A form's text fields and the bytes of its files (empty file inputs left out).
#[derive(Debug, Default)]
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Vec<u8>>,
}

impl Upload {
    /// The text fields as a map (a repeated name keeps its last value, as `Form` does).
    pub fn map(&self) -> HashMap<String, String> {
        self.fields.iter().cloned().collect()
    }
}

/// Whether the request's body is `multipart/form-data`.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// The most a text field may hold.
const TEXT_MAX: usize = 64 * 1024;

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest {
        code: "unreadable_body",
        message: Text::from(e.to_string()),
        field: None,
    }
}

/// Reads a multipart body: text fields, and the files of `file_field`.
pub async fn read_multipart(
    st: &AppState,
    req: Request,
    file_field: &'static str,
) -> AppResult<Upload> {
    let max = st.config.app.media_max_bytes;
    let total_max = MAX_PER_KIND * max + (1 << 20);
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| unreadable(e.body_text()))?;
    let mut out = Upload::default();
    let (mut parts, mut total) = (0usize, 0usize);
    while let Some(mut field) = mp.next_field().await.map_err(unreadable)? {
        parts += 1;
        if parts > 100 {
            return Err(AppError::TooLarge);
        }
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == file_field { max } else { TEXT_MAX };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            total += chunk.len();
            if total > total_max {
                return Err(AppError::TooLarge);
            }
            if bytes.len() + chunk.len() > limit {
                return Err(if name == file_field {
                    crate::services::photos::too_large(st, file_field)
                } else {
                    AppError::TooLarge
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == file_field {
            // A file input left empty is sent as an empty part.
            if bytes.is_empty() {
                continue;
            }
            out.files.push(bytes);
            if out.files.len() > MAX_PER_KIND {
                return Err(AppError::field(
                    file_field,
                    "too_many_photos",
                    Text::key("error.field.photos_too_many").arg("max", MAX_PER_KIND as i64),
                ));
            }
        } else {
            let text = String::from_utf8(bytes)
                .map_err(|_| unreadable(format!("{name} is not UTF-8 text")))?;
            out.fields.push((name, text));
        }
    }
    Ok(out)
}

/// Reads a web form's body, multipart or form-encoded (at most 2 MiB, like every form).
pub async fn read_form(st: &AppState, req: Request, file_field: &'static str) -> AppResult<Upload> {
    if is_multipart(req.headers()) {
        return read_multipart(st, req, file_field).await;
    }
    let body = axum::body::to_bytes(req.into_body(), crate::http::api::MAX_BODY_BYTES)
        .await
        .map_err(|_| AppError::TooLarge)?;
    Ok(Upload {
        fields: url::form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        files: Vec::new(),
    })
}
