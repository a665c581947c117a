//! `GET /feeds/problems.atom`: the public problems as an Atom feed for feed readers, with the
//! list's filters (`region`, `category`, `status`, `representative`, `election`), newest
//! first. `GET /feeds/elections/{id}.atom`: one election's public reports (issue 20), each
//! entry with its polling station and verification flag. Nothing private: no contact
//! details, no internal notes. `GET /feeds/ledger.atom`: the
//! public ledger's daily checkpoints (`ledger-checkpoint` job), newest first.

use crate::app::AppState;
use crate::entities::problem;
use crate::error::AppError;
use crate::http::query::{ListParam, parse_filter, path_id};
use crate::services::queries;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::fmt::Write;

/// Entries per feed.
const ENTRIES: u64 = 50;

/// Escapes text for XML.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::http::xml_escape(&mut out, s);
    out
}

/// The feed.
///
/// In the language of `?lang=` (feed readers rarely send `Accept-Language`), else the
/// cookie or `Accept-Language`, else `app.default_language`: the feed's title, the
/// statuses, regions and categories; people's text as written. An unknown `election` is a
/// 404 naming it.
pub async fn problems(
    State(st): State<AppState>,
    crate::http::extract::Lang(lang): crate::http::extract::Lang,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    crate::http::query::election(&st, &q).await?;
    let title = crate::i18n::message_with(
        lang,
        "feed.title",
        &[("org", st.config.organisation.name.as_str().into())],
    );
    feed(&st, lang, &q, "/feeds/problems.atom", "/problems", title).await
}

/// One election's public reports, newest first: `/feeds/elections/{id}.atom` (with the
/// list's other filters). 404 for an unknown election.
pub async fn election(
    State(st): State<AppState>,
    crate::http::extract::Lang(lang): crate::http::extract::Lang,
    Path(file): Path<String>,
    Query(mut q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = path_id(file.strip_suffix(".atom").ok_or(AppError::NotFound)?)?;
    let e = crate::services::elections::get(&st.read_db, id).await?;
    let title = crate::i18n::message_with(
        lang,
        "feed.election_title",
        &[
            ("org", st.config.organisation.name.as_str().into()),
            ("election", e.name(lang).into()),
        ],
    );
    q.remove(ListParam::Election.name());
    let own = format!("/feeds/elections/{id}.atom");
    let page = format!("/elections/{id}");
    q.insert(ListParam::Election.name().into(), id.to_string());
    feed(&st, lang, &q, &own, &page, title).await
}

/// A feed of the public problems `q` selects, at `path` (its own link), `page` being the
/// HTML page it follows.
async fn feed(
    st: &AppState,
    lang: &'static str,
    q: &HashMap<String, String>,
    path: &str,
    page: &str,
    title: String,
) -> Result<Response, AppError> {
    // The election feed's own path names the election; its links need not repeat it.
    let in_path = path.starts_with("/feeds/elections/");
    let mut f = parse_filter(st, q)?;
    f.page = 1;
    f.per_page = ENTRIES;
    f.by_support = false;
    let (items, next) = queries::page(st, &f).await?;
    let ids: Vec<i32> = items.iter().map(|p| p.id).collect();
    let texts: HashMap<i32, String> = problem::Entity::find()
        .select_only()
        .columns([problem::Column::Id, problem::Column::Description])
        .filter(problem::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(i32, String)>()
        .all(&st.read_db)
        .await?
        .into_iter()
        .collect();
    let redacted = crate::services::ledger::redactions_by_problem(&st.read_db, &ids).await?;
    let mut keep: Vec<(&String, &String)> = q
        .iter()
        .filter(|(k, v)| {
            !(v.is_empty() || in_path && k.as_str() == ListParam::Election.name())
                && (k.as_str() == "lang" || ListParam::FEED.iter().any(|p| p.name() == k.as_str()))
        })
        .collect();
    keep.sort();
    let query: Vec<String> = keep
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect();
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    let self_url = st.link(&format!("{path}{suffix}"));
    // RFC 5005 paging: the older entries, after the last one here (keyset).
    let next_link = next
        .map(|c| {
            let sep = if suffix.is_empty() { '?' } else { '&' };
            let href = st.link(&format!("{path}{suffix}{sep}cursor={}", c.encode()));
            format!(
                "<link rel=\"next\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                xml(&href)
            )
        })
        .unwrap_or_default();
    let html_url = if in_path {
        st.link(page)
    } else {
        st.link(&format!("{page}{suffix}"))
    };
    let updated = items
        .iter()
        .map(|p| p.updated_at)
        .max()
        .unwrap_or_else(|| st.clock.now());
    let org = &st.config.organisation.name;
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n{next_link}<author><name>{}</name></author>\n",
        xml(&self_url),
        xml(&title),
        updated.to_rfc3339(),
        xml(&self_url),
        xml(&html_url),
        xml(org),
    );
    for p in &items {
        let url = st.link(&format!("/problems/{}", p.id));
        let status = crate::templates::message(lang, &format!("status.{}", p.status));
        let who = p
            .representative
            .as_ref()
            .map(|r| format!(" · {}", r.name))
            .unwrap_or_default();
        // A redacted text is gone: its entry says what was redacted, when and why instead.
        let notices = redacted.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        let title = if p.title.is_empty() {
            crate::i18n::message(lang, "problem.redacted_title")
        } else {
            p.title.clone()
        };
        let content = std::iter::once(texts.get(&p.id).cloned().unwrap_or_default())
            .chain(
                notices
                    .iter()
                    .map(|r| crate::services::ledger::redaction_notice(st, lang, r)),
            )
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let (election, election_categories) = election_parts(st, lang, p);
        let _ = write!(
            out,
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<published>{}</published>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <category term=\"{}\" label=\"{}\"/>\n{election_categories}<summary>{}</summary>\n<content type=\"text\">{}</content>\n</entry>\n",
            xml(&url),
            xml(&format!("{} {title}", p.reference)),
            p.updated_at.to_rfc3339(),
            p.created_at.to_rfc3339(),
            xml(&url),
            xml(&p.category.code),
            xml(p.category.name_in(lang)),
            xml(&format!(
                "{status} · {} · {}{election}{who}",
                p.region.name_in(lang),
                p.category.name_in(lang)
            )),
            xml(&content),
        );
    }
    out.push_str("</feed>\n");
    Ok(([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response())
}

/// An election report's polling station and verification flag: the words its summary adds
/// (` · Polling station No. 101 · Verified`) and Atom categories for machines (schemes
/// `{base}/feeds/polling-station` and `{base}/feeds/verification`, terms the station's
/// number and `verified`, `unverified` or `unchecked`). Nothing for other problems.
fn election_parts(st: &AppState, lang: &str, p: &queries::ProblemSummary) -> (String, String) {
    if p.election.is_none() {
        return (String::new(), String::new());
    }
    let mut words = String::new();
    let mut cats = String::new();
    if let Some(n) = p.polling_station {
        let label =
            crate::i18n::message_with(lang, "elections.station_number", &[("number", n.into())]);
        words.push_str(&format!(" · {label}"));
        cats.push_str(&format!(
            "<category scheme=\"{}\" term=\"{n}\" label=\"{}\"/>\n",
            xml(&st.link("/feeds/polling-station")),
            xml(&label)
        ));
    }
    let (term, key) = match p.verified {
        Some(true) => ("verified", "feed.verified"),
        Some(false) => ("unverified", "feed.unverified"),
        None => ("unchecked", "feed.unchecked"),
    };
    let label = crate::i18n::message(lang, key);
    words.push_str(&format!(" · {label}"));
    cats.push_str(&format!(
        "<category scheme=\"{}\" term=\"{term}\" label=\"{}\"/>\n",
        xml(&st.link("/feeds/verification")),
        xml(&label)
    ));
    (words, cats)
}

/// Checkpoints per feed.
const CHECKPOINTS: u64 = 60;

/// The public ledger's daily checkpoints: each entry is a day's head (`SEQ:HASH`), which
/// anyone can keep and later check the log against (`civic-tracker ledger verify --head`).
pub async fn ledger(
    State(st): State<AppState>,
    crate::http::extract::Lang(lang): crate::http::extract::Lang,
) -> Result<Response, AppError> {
    let checkpoints = crate::services::ledger::checkpoints(&st.read_db, CHECKPOINTS).await?;
    let self_url = st.link("/feeds/ledger.atom");
    let head_url = st.link("/api/v1/ledger/head");
    let updated = checkpoints
        .first()
        .map_or_else(|| st.clock.now(), |c| c.created_at);
    let org = &st.config.organisation.name;
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"application/json\" href=\"{}\"/>\n<author><name>{}</name></author>\n",
        xml(&self_url),
        xml(&crate::i18n::message_with(
            lang,
            "feed.ledger_title",
            &[("org", org.as_str().into())]
        )),
        updated.to_rfc3339(),
        xml(&self_url),
        xml(&head_url),
        xml(org),
    );
    for c in &checkpoints {
        let head = format!("{}:{}", c.seq, c.hash);
        let entry_url = st.link(&format!(
            "/api/v1/ledger?after={}&limit=1",
            (c.seq - 1).max(0)
        ));
        let title = crate::i18n::message_with(
            lang,
            "feed.ledger_entry",
            &[
                ("day", c.day.as_str().into()),
                ("head", head.as_str().into()),
            ],
        );
        let _ = write!(
            out,
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"application/json\" href=\"{}\"/>\n\
             <content type=\"text\">{}</content>\n</entry>\n",
            xml(&format!("{self_url}#{}", c.day)),
            xml(&title),
            c.created_at.to_rfc3339(),
            xml(&entry_url),
            xml(&head),
        );
    }
    out.push_str("</feed>\n");
    Ok(([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response())
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml("x\u{1}y\tz"), "xy\tz");
    }
}
