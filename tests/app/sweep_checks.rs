//! The checks of `every_page_in_every_language`: what a reader sees of a page or a mail
//! must hold no catalog key, no unfilled placeable or Fluent error marker, and (in Kazakh
//! and Russian) no English word outside user text and a short list of names.

use std::collections::BTreeSet;

/// Latin words a Kazakh or Russian page may show: acronyms of formats and the language
/// switcher's "English". Compared in lower case. (The service's and the organisation's
/// names are removed first, see [`PROPER_NAMES`].)
#[rustfmt::skip]
pub const ALLOWED_LATIN: &[&str] = &[
    // Formats named as such: the API, its JSON and CSV exports, times in UTC.
    "api", "json", "csv", "utc",
    // The language switcher names English in English.
    "english",
];

/// The service's name, a proper name in every language; removed before the check (the
/// organisation's and the party's names come from the configuration, see the test).
pub const PROPER_NAMES: &[&str] = &["Civic Tracker"];

/// Technical text shown as it must be typed: removed before the check.
pub const LITERALS: &[&str] = &[
    // The CSV import's header line (/admin/representatives).
    "name,email,position,regions,categories",
    // The command line and the job names, schedules and zone of /admin/jobs.
    "civic-tracker jobs run NAME [--at TIME] [--force]",
    "digest-daily",
    "digest-weekly",
    "rep-summary",
    "citizen-check",
    "sla-voting-day",
    "election-report",
    "Asia/Almaty",
    " Mon ",
    "e-mail",
    "E-mail",
];

/// Words a page may show, each with the page and why.
pub const PAGE_EXCEPTIONS: &[(&str, &[&str])] = &[
    // The jobs' names are the command line's identifiers (`civic-tracker jobs run NAME`),
    // shown as code beside what each run did (which is in the page's language).
    (
        "/admin/jobs",
        &["outbox", "purge", "sla", "ledger", "checkpoint", "inbound"],
    ),
];

/// Collects every finding, so that one run lists them all.
pub struct Checker {
    /// Fluent ids of en.ftl.
    ids: BTreeSet<String>,
    /// User texts (titles, notes, names) to remove before looking for English words.
    pub user_texts: Vec<String>,
    /// Admins' data shown on /admin pages only (seeded defaults, codes): removed there.
    pub admin_texts: Vec<String>,
    pub findings: Vec<String>,
    pub checked: usize,
}

impl Checker {
    pub fn new() -> Checker {
        let en = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/i18n/en.ftl"),
        )
        .expect("en.ftl");
        let ids = en
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .map(|(id, _)| id.trim().to_string())
            .filter(|id| {
                !id.is_empty()
                    && id.contains('-')
                    && !id.starts_with('-')
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            .collect();
        Checker {
            ids,
            user_texts: Vec::new(),
            admin_texts: Vec::new(),
            findings: Vec::new(),
            checked: 0,
        }
    }

    /// Checks one output: `raw` as served (HTML when `html`), in language `lang`.
    pub fn check(&mut self, what: &str, lang: &str, raw: &str, html: bool) {
        let excepted: Vec<&str> = PAGE_EXCEPTIONS
            .iter()
            .filter(|(page, _)| what.starts_with(page))
            .flat_map(|(_, words)| words.iter().copied())
            .collect();
        self.checked += 1;
        let visible = if html {
            visible_text(raw)
        } else {
            raw.to_string()
        };
        let mut found = Vec::new();
        for marker in ["{ $", "{$", "{???}", "{-", "{ -"] {
            // Styles may hold `{-`; placeables never belong anywhere.
            let in_raw = marker.contains('$') || marker.contains('?');
            if (in_raw && raw.contains(marker)) || visible.contains(marker) {
                found.push(format!("Fluent marker {marker:?}"));
            }
        }
        for token in visible.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c))) {
            let token = token.trim_matches(|c| c == '.' || c == '-' || c == '_');
            if token.contains(['.', '-', '_'])
                && token.chars().any(|c| c.is_ascii_lowercase())
                && self.ids.contains(&civic_tracker::i18n::id_of(token))
            {
                found.push(format!("raw id {token:?}"));
            }
        }
        if lang != "en" {
            let mut english = self.english_words(&visible, what.starts_with("/admin/"));
            english.retain(|w| !excepted.contains(&w.as_str()));
            if !english.is_empty() {
                let context: Vec<String> = english.iter().map(|w| around(&visible, w)).collect();
                found.push(format!("English words {english:?} in {context:?}"));
            }
        }
        if !found.is_empty() {
            self.findings
                .push(format!("[{lang}] {what}: {}", found.join("; ")));
        }
    }

    /// Latin words of three letters or more that are not user text, a name or allowed.
    fn english_words(&self, visible: &str, admin: bool) -> BTreeSet<String> {
        let mut text = visible.to_string();
        let mut removable: Vec<&str> = self.user_texts.iter().map(String::as_str).collect();
        if admin {
            removable.extend(self.admin_texts.iter().map(String::as_str));
        }
        removable.extend(PROPER_NAMES);
        removable.extend(LITERALS);
        removable.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for r in removable {
            text = text.replace(r, " ");
        }
        text.split_whitespace()
            .filter(|w| {
                let w = w.trim_start_matches(['(', '[', '"']);
                !w.contains("://") && !w.contains('@') && !w.starts_with('/')
            })
            .flat_map(|w| {
                w.split(|c: char| !c.is_ascii_alphanumeric())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .filter(|w| !ALLOWED_LATIN.contains(&w.to_lowercase().as_str()))
            .collect()
    }

    /// Fails with every finding.
    pub fn finish(self) {
        assert!(self.checked > 0);
        assert!(
            self.findings.is_empty(),
            "{} of {} outputs have raw ids, Fluent markers or English words:\n{}",
            self.findings.len(),
            self.checked,
            self.findings.join("\n")
        );
    }
}

/// The text a reader sees of an HTML page: without scripts, styles and tags (attributes
/// included), entities written out.
pub fn visible_text(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["script", "style"] {
        while let Some(start) = s.find(&format!("<{tag}")) {
            let end = s[start..]
                .find(&format!("</{tag}>"))
                .map_or(s.len(), |e| start + e + tag.len() + 3);
            s.replace_range(start..end, " ");
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&nbsp;", " ")
}

/// A few words either side of the first `word` in `text`, for the report.
fn around(text: &str, word: &str) -> String {
    let Some(i) = text.find(word) else {
        return String::new();
    };
    let start = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
    let end = text[i..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(j, _)| i + j);
    text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
