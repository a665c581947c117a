//! Mail as files, for running without a mail server (no `mail.smtp_url`): each mail is an
//! `.eml` file in `mail.file_dir` named `<time>-<kind>-<recipient>.eml`, so that a
//! developer finds a person's latest sign-in link with `ls`, and its text parts are
//! written as 8-bit text, so that a link can be copied from the file as it stands
//! (quoted-printable would cut long lines with `=` at the end, base64 hides them).

use super::{Outgoing, SendError};
use chrono::{DateTime, Utc};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, MultiPart, SinglePart};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The longest recipient part of a file name, in characters: names stay well under the
/// 255 bytes file systems allow.
const MAX_RECIPIENT: usize = 100;

/// The file name of a mail of `kind` to `to` written at `at`, before any `-2` that keeps
/// it unique: `20261203T084500Z-confirm_problem-aigul@example.kz`. Characters other than
/// letters, digits and `@ . _ + -` become `_`, so no address can name a path.
pub fn base_name(at: DateTime<Utc>, kind: &str, to: &str) -> String {
    let safe = |s: &str, max: usize| -> String {
        s.chars()
            .take(max)
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '+' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!(
        "{}-{}-{}",
        at.format("%Y%m%dT%H%M%SZ"),
        safe(kind, 40),
        safe(to, MAX_RECIPIENT)
    )
}

/// The text and HTML parts as 8-bit text. lettre chooses 8-bit only for lines of at most
/// 76 characters, and a sign-in link is longer; RFC 5322 allows 998 bytes, which is what
/// is checked here (a longer line, a NUL or a lone CR falls back to lettre's choice).
pub fn eight_bit_parts(text: &str, html: &str) -> MultiPart {
    let part = |kind: ContentType, body: &str| {
        let crlf = body.replace("\r\n", "\n").replace('\n', "\r\n");
        let fits = crlf
            .split("\r\n")
            .all(|line| line.len() <= 998 && !line.contains(['\r', '\0']));
        let body = if fits {
            Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit)
        } else {
            Body::new(body.to_string())
        };
        SinglePart::builder().header(kind).body(body)
    };
    MultiPart::alternative()
        .singlepart(part(ContentType::TEXT_PLAIN, text))
        .singlepart(part(ContentType::TEXT_HTML, html))
}

/// The links of a text body, in order, each once.
pub fn links(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        if (word.starts_with("https://") || word.starts_with("http://")) && !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

/// Writes `bytes` (the formatted message) as a new file in `dir` and returns its path;
/// a name already taken (the same kind to the same person in the same second) gets `-2`,
/// `-3`, ... Files are created exclusively, so two processes never overwrite each other.
pub async fn write(dir: &Path, mail: &Outgoing, bytes: &[u8]) -> Result<PathBuf, SendError> {
    use tokio::io::AsyncWriteExt;
    let base = base_name(mail.written_at, &mail.kind, &mail.to);
    let failed = |e: std::io::Error| SendError::Unreachable(format!("cannot write mail file: {e}"));
    for n in 1..=1000 {
        let name = if n == 1 {
            format!("{base}.eml")
        } else {
            format!("{base}-{n}.eml")
        };
        let path = dir.join(name);
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await;
        match file {
            Ok(mut f) => {
                f.write_all(bytes).await.map_err(failed)?;
                f.flush().await.map_err(failed)?;
                return Ok(path);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(failed(e)),
        }
    }
    Err(SendError::Unreachable(format!(
        "cannot write mail file: 1000 files named {base}-N.eml already"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_when_what_and_to_whom_and_cannot_name_a_path() {
        let at = "2026-12-03T08:45:00Z".parse().unwrap();
        assert_eq!(
            base_name(at, "confirm_problem", "aigul@example.kz"),
            "20261203T084500Z-confirm_problem-aigul@example.kz"
        );
        assert_eq!(
            base_name(at, "login_link", "../x/y\\z@ex.kz"),
            "20261203T084500Z-login_link-.._x_y_z@ex.kz"
        );
        assert_eq!(
            base_name(at, "digest", &"a".repeat(300)).len(),
            "20261203T084500Z-digest-".len() + MAX_RECIPIENT
        );
    }

    #[test]
    fn links_are_found_once_each_in_order() {
        let text = "Open\nhttps://ct.kz/login/T?lang=kk\nor http://x/y and https://ct.kz/login/T?lang=kk\n";
        assert_eq!(links(text), ["https://ct.kz/login/T?lang=kk", "http://x/y"]);
    }

    #[test]
    fn text_parts_are_eight_bit_so_long_links_stay_whole() {
        let link = format!("https://ct.kz/login/{}?lang=kk", "T".repeat(43));
        let formatted = lettre::Message::builder()
            .from("a@ct.kz".parse().unwrap())
            .to("b@ct.kz".parse().unwrap())
            .subject("x")
            .multipart(eight_bit_parts(
                &format!("Сілтеме:\n{link}\n"),
                &format!("<a href=\"{link}\">Кіру</a>"),
            ))
            .unwrap()
            .formatted();
        let eml = String::from_utf8(formatted).unwrap();
        assert_eq!(eml.matches("Content-Transfer-Encoding: 8bit").count(), 2);
        assert!(eml.contains(&format!("\r\n{link}\r\n")), "{eml}");
        assert!(eml.contains(&format!("href=\"{link}\"")), "{eml}");
        let long = format!("{}\n", "я".repeat(600));
        let fallback = lettre::Message::builder()
            .from("a@ct.kz".parse().unwrap())
            .to("b@ct.kz".parse().unwrap())
            .subject("x")
            .multipart(eight_bit_parts(&long, "<p>x</p>"))
            .unwrap()
            .formatted();
        let eml = String::from_utf8(fallback).unwrap();
        assert!(
            !eml.contains("Content-Transfer-Encoding: 8bit\r\n\r\nя"),
            "a line over 998 bytes is encoded: {eml}"
        );
    }
}
