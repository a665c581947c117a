//! Photos sent with Open311 requests: recognised by their first bytes (JPEG, PNG, GIF,
//! WebP; anything else is refused, whatever its name or declared type), stored under a
//! random name in `app.media_dir`, served at `/media/NAME`.

use crate::app::AppState;
use std::path::PathBuf;

/// The file type of an image by its magic bytes: (extension, MIME type).
pub fn image_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpg", "image/jpeg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("gif", "image/gif"))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("webp", "image/webp"))
    } else {
        None
    }
}

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

/// Stores an image (already checked with [`image_kind`]) and returns its name.
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
    fn images_are_known_by_their_bytes_not_their_names() {
        assert_eq!(
            image_kind(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(("jpg", "image/jpeg"))
        );
        assert_eq!(
            image_kind(b"\x89PNG\r\n\x1a\n...."),
            Some(("png", "image/png"))
        );
        assert_eq!(
            image_kind(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(("webp", "image/webp"))
        );
        assert_eq!(image_kind(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_kind(b"%PDF-1.7"), None);
        assert_eq!(content_type("abc_-9.png"), Some("image/png"));
        assert_eq!(content_type("../etc/passwd.png"), None);
        assert_eq!(content_type(".x.png.part"), None);
        assert_eq!(content_type("a.svg"), None);
    }
}
