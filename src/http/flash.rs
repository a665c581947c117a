//! Post/redirect/get with a one-time message. Every HTML form's POST, once it has done its
//! work, answers with a 303 to the page to show next and a short-lived cookie naming what
//! happened ("Acknowledged. The citizen has been told."); that page shows the message once,
//! in the reader's language, and clears the cookie. Reloading the page sends nothing again
//! and shows no message twice.
//!
//! The cookie holds only a catalog message's name (`flash.<what>`) and numbers, never
//! words: nothing a visitor types is echoed, and another site cannot put text on our
//! pages by setting it.

use crate::app::AppState;
use crate::http::extract::set_cookie;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

/// The cookie's name.
pub const COOKIE: &str = "civic_flash";

/// How long a message waits for its page (a redirect is followed at once).
const MAX_AGE_SECS: i64 = 120;

/// What happened, as catalog message `flash.<what>` with whole numbers as arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    what: String,
    args: Vec<(String, i64)>,
}

fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.' || b == b'-')
}

impl Flash {
    /// Catalog message `key`, which starts with `flash.` (written out where it is used,
    /// so that the catalog test sees it).
    pub fn new(key: &str) -> Flash {
        debug_assert!(key.starts_with("flash."), "{key}");
        Flash {
            what: key.trim_start_matches("flash.").to_string(),
            args: Vec::new(),
        }
    }

    /// With the number `value` as argument `name` ("3 sessions ended").
    pub fn with(mut self, name: &str, value: i64) -> Flash {
        self.args.push((name.to_string(), value));
        self
    }

    /// The cookie's value: `what`, then `~name=value` for each argument.
    fn encode(&self) -> String {
        let mut out = self.what.clone();
        for (name, value) in &self.args {
            out.push_str(&format!("~{name}={value}"));
        }
        out
    }

    /// Reads a cookie's value; anything but a known message's name and numbers is ignored.
    fn decode(raw: &str) -> Option<Flash> {
        let mut parts = raw.split('~');
        let what = parts.next().filter(|w| plain(w))?;
        let args = parts
            .map(|a| {
                let (name, value) = a.split_once('=')?;
                Some((name.to_string(), value.parse().ok()?)).filter(|_| plain(name))
            })
            .collect::<Option<Vec<_>>>()?;
        (args.len() <= 4 && crate::i18n::has_message(&format!("flash.{what}"))).then(|| Flash {
            what: what.to_string(),
            args,
        })
    }

    /// The words in `lang`.
    pub fn render(&self, lang: &str) -> String {
        let args: Vec<(&str, crate::i18n::Arg)> = self
            .args
            .iter()
            .map(|(name, value)| (name.as_str(), (*value).into()))
            .collect();
        crate::i18n::message_with(lang, &format!("flash.{}", self.what), &args)
    }

    /// Which message this is (`flash.` left out).
    pub fn what(&self) -> &str {
        &self.what
    }
}

/// The message waiting for this request's page, if any.
pub fn waiting(headers: &HeaderMap) -> Option<Flash> {
    crate::http::extract::cookie(headers, COOKIE).and_then(|v| Flash::decode(&v))
}

/// A 303 to `to` (a path on this site) that leaves `flash` for the page there.
pub fn see_other(st: &AppState, to: &str, flash: Flash) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(st, COOKIE, &flash.encode(), MAX_AGE_SECS),
    );
    res
}

/// The `Set-Cookie` that clears a shown message.
pub fn cleared(st: &AppState) -> HeaderValue {
    set_cookie(st, COOKIE, "", 0)
}

#[cfg(test)]
mod tests {
    use super::Flash;

    #[test]
    fn cookie_values_roundtrip_and_anything_else_is_ignored() {
        let f = Flash::new("flash.saved");
        assert_eq!(Flash::decode(&f.encode()), Some(f));
        let counted = Flash::new("flash.revoked").with("count", 3);
        assert_eq!(Flash::decode(&counted.encode()), Some(counted));
        for bad in [
            "",
            "no_such_message",
            "saved~x",
            "saved~count=x",
            "saved~Count=1",
            "Saved",
            "saved<script>",
            "../saved",
        ] {
            assert_eq!(Flash::decode(bad), None, "{bad}");
        }
    }
}
