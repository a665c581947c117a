//! Stored photo files: written under a random name in `app.media_dir`, served at
//! `/media/NAME`, removed with their refused request or purged problem. What goes in is
//! decided by `services::photos` (decoded, turned upright, re-encoded without metadata).

use crate::app::AppState;
use std::path::PathBuf;

/// The MIME type of a stored file's name, if it is one of ours.
pub fn content_type(name: &str) -> Option<&'static str> {
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty()
        || !stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    match ext {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

fn path(st: &AppState, name: &str) -> PathBuf {
    PathBuf::from(&st.config.app.media_dir).join(name)
}

/// Stores an image (already re-encoded by `services::photos`) and returns its name.
pub async fn store(st: &AppState, bytes: &[u8], ext: &str) -> std::io::Result<String> {
    tokio::fs::create_dir_all(&st.config.app.media_dir).await?;
    let name = format!("{}.{ext}", crate::auth::random_token(18));
    // Written whole under a temporary name, then renamed: never served half-written.
    let tmp = path(st, &format!(".{name}.part"));
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, path(st, &name)).await?;
    Ok(name)
}

/// Removes a stored file (when the request it came with was refused).
pub async fn remove(st: &AppState, name: &str) {
    if content_type(name).is_some() {
        let _ = tokio::fs::remove_file(path(st, name)).await;
    }
}

/// Removes the stored photos behind `urls` (the photos of purged problems) that no
/// remaining problem links to; returns how many were removed.
///
/// A photo is known by its name after `/media/`, whatever the host before it, so that
/// photos stored before a change of `server.base_url` still go. A name some other problem
/// still links to stays: a client may send any address as its `media_url`, including that
/// of another problem's photo, and purging its request must not delete that photo.
pub async fn remove_stored(st: &AppState, urls: &[String]) -> Result<usize, sea_orm::DbErr> {
    use crate::entities::problem;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let names: Vec<&str> = urls.iter().filter_map(|u| stored_name(u)).collect();
    if names.is_empty() {
        return Ok(0);
    }
    // One look at the remaining problems' photos, however many were purged.
    let linked: std::collections::HashSet<String> = problem::Entity::find()
        .select_only()
        .column(problem::Column::MediaUrl)
        .filter(problem::Column::MediaUrl.contains("/media/"))
        .into_tuple::<Option<String>>()
        .all(&st.db)
        .await?
        .iter()
        .flatten()
        .filter_map(|u| stored_name(u).map(str::to_string))
        .collect();
    let mut removed = 0;
    for name in names.into_iter().filter(|n| !linked.contains(*n)) {
        if tokio::fs::remove_file(path(st, name)).await.is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The name of a stored photo a `media_url` points at, if it has the form of one.
fn stored_name(url: &str) -> Option<&str> {
    let (_, name) = url.rsplit_once("/media/")?;
    (!name.contains('/') && content_type(name).is_some()).then_some(name)
}

/// A stored file's bytes and type; `None` for unknown or malformed names.
pub async fn read(st: &AppState, name: &str) -> Option<(Vec<u8>, &'static str)> {
    let ctype = content_type(name)?;
    tokio::fs::read(path(st, name))
        .await
        .ok()
        .map(|b| (b, ctype))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_photo_is_known_by_its_name_whatever_the_host() {
        let name = "AbCdEfGhIjKlMnOpQrStUvWx.png";
        for url in [
            format!("http://127.0.0.1:8080/media/{name}"),
            format!("https://old.league.kz/media/{name}"),
        ] {
            assert_eq!(stored_name(&url), Some(name));
        }
        for url in [
            "https://example.kz/photo.png",
            "https://example.kz/media/a/b.png",
            "https://example.kz/media/../etc/passwd",
            "https://example.kz/media/",
        ] {
            assert_eq!(stored_name(url), None, "{url}");
        }
    }
}
