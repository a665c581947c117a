//! Photos sent with Open311 requests: recognised by their first bytes (JPEG, PNG, GIF,
//! WebP; anything else is refused, whatever its name or declared type), stripped of their
//! metadata ([`without_metadata`]), stored under a random name in `app.media_dir`, served
//! at `/media/NAME`.

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

/// The image without the metadata a camera or phone writes into it: EXIF (with the GPS
/// position where the photo was taken, the device's make and serial number, the time),
/// XMP, IPTC, comments and text chunks. The picture itself is copied byte for byte; what
/// colour needs (JFIF, ICC profiles, Adobe's colour transform, PNG's gamma and palette)
/// stays. Returns the extension with the bytes, or `None` when the file is not a
/// well-formed image of a known kind.
///
/// Dropping EXIF also drops its orientation tag, so a phone photo taken sideways may show
/// sideways: the price of not publishing where a citizen stood.
pub fn without_metadata(bytes: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let (ext, _) = image_kind(bytes)?;
    let clean = match ext {
        "jpg" => jpeg(bytes),
        "png" => png(bytes),
        "gif" => gif(bytes),
        _ => webp(bytes),
    }?;
    Some((ext, clean))
}

/// JPEG: segments up to the first scan, without APP1 (EXIF, XMP), APP3–APP13 (IPTC and
/// vendors'), APP15 and comments; APP2 only as an ICC profile. The scan data and all
/// after it are copied as they are.
fn jpeg(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut i = 2;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        while *b.get(i)? == 0xFF {
            i += 1;
        }
        let marker = b[i];
        i += 1;
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Some(out);
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&[0xFF, marker]);
            continue;
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]));
        let segment = b.get(i..i.checked_add(len)?).filter(|_| len >= 2)?;
        let keep = match marker {
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            0xE2 => segment.get(2..14) == Some(b"ICC_PROFILE\0".as_slice()),
            _ => true,
        };
        if keep {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(segment);
        }
        i += len;
        if marker == 0xDA {
            out.extend_from_slice(&b[i..]);
            return Some(out);
        }
    }
}

/// PNG: every chunk but `eXIf`, the text chunks (`tEXt`, `zTXt`, `iTXt`) and `tIME`.
fn png(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = b.get(..8)?.to_vec();
    let mut i = 8;
    loop {
        let len = usize::try_from(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?)).ok()?;
        let kind = b.get(i + 4..i + 8)?;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk = b.get(i..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        i = end;
    }
}

/// WebP: every RIFF chunk but `EXIF` and `XMP `, with the extended header's flags for
/// them cleared and the RIFF size recomputed.
fn webp(b: &[u8]) -> Option<Vec<u8>> {
    let declared = usize::try_from(u32::from_le_bytes(b.get(4..8)?.try_into().ok()?)).ok()?;
    let end = declared.checked_add(8)?;
    if end > b.len() {
        return None;
    }
    let mut body = b"WEBP".to_vec();
    let mut i = 12;
    while i < end {
        let kind = b.get(i..i + 4)?;
        let size =
            usize::try_from(u32::from_le_bytes(b.get(i + 4..i + 8)?.try_into().ok()?)).ok()?;
        let next = i.checked_add(8)?.checked_add(size)?.checked_add(size & 1)?;
        let chunk = b.get(i..next.min(end))?;
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut header = chunk.to_vec();
                // Flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02.
                *header.get_mut(8)? &= !0x0C;
                body.extend_from_slice(&header);
            }
            _ => body.extend_from_slice(chunk),
        }
        i = next;
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(body.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
}

/// GIF: every block but comment extensions and application extensions other than
/// NETSCAPE2.0 / ANIMEXTS1.0 (animation looping); XMP travels in an application extension.
fn gif(b: &[u8]) -> Option<Vec<u8>> {
    let flags = *b.get(10)?;
    let mut i = 13;
    if flags & 0x80 != 0 {
        i += 3 << ((flags & 0x07) + 1);
    }
    let mut out = b.get(..i)?.to_vec();
    // The end of the data sub-blocks starting at `j`.
    let sub_blocks = |mut j: usize| -> Option<usize> {
        loop {
            let n = usize::from(*b.get(j)?);
            j += 1;
            if n == 0 {
                return Some(j);
            }
            j += n;
        }
    };
    loop {
        match *b.get(i)? {
            0x3B => {
                out.push(0x3B);
                return Some(out);
            }
            0x2C => {
                let local = *b.get(i + 9)?;
                let mut j = i + 10;
                if local & 0x80 != 0 {
                    j += 3 << ((local & 0x07) + 1);
                }
                // LZW minimum code size, then the image data.
                let end = sub_blocks(j + 1)?;
                out.extend_from_slice(b.get(i..end)?);
                i = end;
            }
            0x21 => {
                let label = *b.get(i + 1)?;
                let end = sub_blocks(i + 2)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => matches!(
                        b.get(i + 3..i + 14),
                        Some(id) if id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0"
                    ),
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(b.get(i..end)?);
                }
                i = end;
            }
            _ => return None,
        }
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

    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let len = u16::try_from(data.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker], len.as_slice(), data].concat()
    }

    #[test]
    fn jpeg_loses_exif_xmp_and_comments_and_keeps_the_picture_and_its_colour() {
        let jfif = segment(0xE0, b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0");
        let exif = segment(0xE1, b"Exif\0\0GPS 43.238949N 76.945465E");
        let xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>");
        let comment = segment(0xFE, b"Aigerim's phone");
        let iptc = segment(0xED, b"Photoshop 3.0\0");
        let icc = segment(0xE2, b"ICC_PROFILE\0\x01\x01");
        let dqt = segment(0xDB, &[0; 65]);
        let sos = segment(0xDA, &[1, 1, 0, 0, 63, 0]);
        let scan = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        let upload = [
            &[0xFF, 0xD8][..],
            &jfif,
            &exif,
            &xmp,
            &comment,
            &iptc,
            &icc,
            &dqt,
            &sos,
            &scan,
            &[0xFF, 0xD9],
        ]
        .concat();
        let (ext, clean) = without_metadata(&upload).unwrap();
        assert_eq!(ext, "jpg");
        let expected = [
            &[0xFF, 0xD8][..],
            &jfif,
            &icc,
            &dqt,
            &sos,
            &scan,
            &[0xFF, 0xD9],
        ]
        .concat();
        assert_eq!(clean, expected);
        // Cut inside a segment, or not a segment at all: refused.
        assert_eq!(without_metadata(&upload[..20]), None);
        assert_eq!(without_metadata(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]), None);
        assert_eq!(
            without_metadata(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0]),
            None
        );
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let len = u32::try_from(data.len()).unwrap().to_be_bytes();
        // The CRC is not checked here, so any four bytes do.
        [len.as_slice(), kind, data, &[0, 0, 0, 0]].concat()
    }

    #[test]
    fn png_loses_exif_text_and_time_chunks() {
        let sig = b"\x89PNG\r\n\x1a\n".as_slice();
        let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        let gama = chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]);
        let idat = chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0, 0]);
        let iend = chunk(b"IEND", &[]);
        let upload = [
            sig,
            &ihdr,
            &chunk(b"tEXt", b"Comment\0GPS 43.238949 76.945465"),
            &chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x/>"),
            &chunk(b"zTXt", b"Author\0\0x"),
            &chunk(b"eXIf", b"MM\0*"),
            &chunk(b"tIME", &[7, 234, 11, 28, 12, 0, 0]),
            &gama,
            &idat,
            &iend,
        ]
        .concat();
        assert_eq!(
            without_metadata(&upload),
            Some(("png", [sig, &ihdr, &gama, &idat, &iend].concat()))
        );
        // No IEND, or a chunk longer than the file: refused.
        assert_eq!(without_metadata(&[sig, &ihdr, &idat].concat()), None);
        assert_eq!(
            without_metadata(&[sig, &[0, 0, 0, 9][..], b"IHDR"].concat()),
            None
        );
    }

    #[test]
    fn webp_loses_exif_and_xmp_and_says_so_in_its_header() {
        let riff = |body: &[u8]| {
            let len = u32::try_from(body.len() + 4).unwrap().to_le_bytes();
            [b"RIFF".as_slice(), &len, b"WEBP", body].concat()
        };
        let part = |kind: &[u8; 4], data: &[u8]| {
            let len = u32::try_from(data.len()).unwrap().to_le_bytes();
            let pad: &[u8] = if data.len() % 2 == 1 { &[0] } else { &[] };
            [kind.as_slice(), &len, data, pad].concat()
        };
        // VP8X flags: alpha (0x10), EXIF (0x08), XMP (0x04).
        let vp8x = |flags: u8| part(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let image = part(b"VP8L", &[0x2F, 0, 0]);
        let upload = riff(
            &[
                vp8x(0x1C),
                image.clone(),
                part(b"EXIF", b"MM\0*GPS"),
                part(b"XMP ", b"<x:xmpmeta/>"),
            ]
            .concat(),
        );
        let (ext, clean) = without_metadata(&upload).unwrap();
        assert_eq!(ext, "webp");
        assert_eq!(clean, riff(&[vp8x(0x10), image].concat()));
        // A RIFF size beyond the end of the file: refused.
        let mut cut = upload.clone();
        cut.truncate(upload.len() - 4);
        assert_eq!(without_metadata(&cut), None);
    }

    #[test]
    fn gif_loses_comments_and_xmp_and_keeps_its_animation_loop() {
        let header = [
            b"GIF89a".as_slice(),
            &[1, 0, 1, 0, 0x80, 0, 0],
            &[0, 0, 0, 255, 255, 255],
        ]
        .concat();
        let comment = [&[0x21, 0xFE, 3][..], b"GPS", &[0]].concat();
        let looping = [&[0x21, 0xFF, 11][..], b"NETSCAPE2.0", &[3, 1, 0, 0, 0]].concat();
        let xmp = [&[0x21, 0xFF, 11][..], b"XMP DataXMP", &[2, b'<', b'x', 0]].concat();
        let control = [0x21, 0xF9, 4, 0, 0, 0, 0, 0];
        let image = [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0];
        let upload = [
            header.as_slice(),
            &comment,
            &looping,
            &xmp,
            &control,
            &image,
            &[0x3B],
        ]
        .concat();
        assert_eq!(
            without_metadata(&upload),
            Some((
                "gif",
                [header.as_slice(), &looping, &control, &image, &[0x3B]].concat()
            ))
        );
        // No trailer: refused.
        assert_eq!(without_metadata(&upload[..upload.len() - 1]), None);
    }
}
