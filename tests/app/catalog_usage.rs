//! Every catalog message is used (issue 14): a message no template and no code asks for is
//! dead text that translators would keep translating. Keys are collected from the
//! templates (every quoted key-like literal: `t("…")`, `f.input(…, "form.title", …)`) and
//! from the string literals of `src/`; keys built at run time are covered by the families
//! in [`DYNAMIC`], each naming where it is built.

use civic_tracker::i18n::id_of;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Messages asked for by a key built at run time: an id prefix (or a whole id) and where.
const DYNAMIC: &[(&str, &str)] = &[
    // src/jobs/summary.rs: a run's figures, `jobs.figure.<name>`
    ("jobs-figure-", "src/jobs/summary.rs"),
    // src/i18n.rs (status, action and verdict names; `Text::names`), templates' t("status." ~ …)
    ("status-", "src/i18n.rs, templates"),
    ("action-", "src/i18n.rs, templates"),
    ("verdict-", "src/i18n.rs, templates"),
    (
        "role-",
        "Text::names(\"role\", …) in services/people.rs, templates",
    ),
    (
        "error-label-",
        "Text::names(\"field\", \"error.label\", …) in http/pages/mod.rs",
    ),
    (
        "error-4",
        "templates/pages/error.html: t(\"error.\" ~ status)",
    ),
    (
        "error-5",
        "templates/pages/error.html: t(\"error.\" ~ status)",
    ),
    // services/notify.rs and services/inbound.rs: how to answer by mail, what a reply does,
    // why one was refused
    (
        "mail-reply-how-",
        "services/notify.rs: mail.reply_how.{how}",
    ),
    (
        "mail-reply-received-",
        "services/inbound.rs: mail.reply_received.{action}",
    ),
    (
        "mail-reply-refused-",
        "services/inbound.rs: mail.reply_refused.{reason}",
    ),
    (
        "mail-status-update-",
        "services/notify.rs: mail.status_update.{what}",
    ),
    ("mail-representative-update-", "services/notify.rs"),
    ("mail-triage-", "services/notify.rs: mail.triage.{why}"),
    (
        "list-filter-",
        "http/pages/public.rs: list.filter.{name}, the list's other filters",
    ),
    ("dash-tile-", "http/pages/charts.rs: dash.tile.{region}"),
    (
        "dash-band-",
        "http/pages/dashboard/view.rs: dash.band.{key}",
    ),
    // templates/partials/dashboard_nav.html: t("dash." ~ tab.key), tabs in dashboard/view.rs
    ("dash-overview", "dashboard tabs"),
    ("dash-regions", "dashboard tabs"),
    ("dash-representatives", "dashboard tabs"),
    ("dash-categories", "dashboard tabs"),
    ("dash-overdue", "dashboard tabs"),
    // templates/pages/dashboard_categories.html: t("dash." ~ g.group), the category groups
    ("dash-general", "category groups"),
    ("dash-election", "category groups"),
    // The other templates' t("prefix." ~ value), one family each.
    ("accesslog-at-", "templates/pages/access_log.html"),
    ("accesslog-field-", "templates/pages/access_log.html"),
    ("account-choice-", "templates/pages/account.html"),
    ("account-digests-", "templates/pages/account.html"),
    ("actor-", "templates/partials/timeline.html"),
    ("holidays-kind-", "templates/pages/holidays.html"),
    ("jobs-outcome-", "templates/pages/jobs.html"),
    ("list-sort-", "templates/pages/problems.html"),
    ("mail-digest-", "templates/email/digest"),
    ("mail-rep-summary-due-", "templates/email/rep_summary"),
    ("mail-sla-", "templates/email/sla_*"),
    ("mailpage-state-", "templates/pages/mail.html"),
    ("track-confirm-", "templates/pages/track.html"),
    (
        "flash-action-",
        "http/pages/workspace.rs: flash.action.{action}",
    ),
    (
        "do-",
        "templates/pages/workspace_problem.html: t(\"do.\" ~ a)",
    ),
    ("unit-", "templates (deadline units)"),
    ("unsubscribe-ask-", "templates/pages/unsubscribe.html"),
    ("unsubscribe-done-", "templates/pages/unsubscribe.html"),
];

fn files(dir: &Path, ends: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ends, out);
        } else if ends.iter().any(|e| path.to_string_lossy().ends_with(e)) {
            out.push(path);
        }
    }
}

/// The quoted literals of `text` (double or single quotes, at most 80 characters, no
/// spaces) with whether a message key is built from it (`t("prefix." ~ value)`).
fn literals(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let mut rest = text;
        while let Some(i) = rest.find(quote) {
            let asks = rest[..i].ends_with("t(");
            rest = &rest[i + 1..];
            let Some(end) = rest.find(quote) else { break };
            let lit = &rest[..end];
            if !lit.is_empty()
                && lit.len() <= 80
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
            {
                let built = asks && rest[end + 1..].trim_start().starts_with('~');
                out.push((lit.to_string(), built));
            }
        }
    }
    out
}

#[test]
fn every_catalog_message_is_used_by_a_template_or_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let en = std::fs::read_to_string(root.join("templates/i18n/en.ftl")).unwrap();
    let ids: Vec<&str> = en
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
        .collect();
    let mut used = BTreeSet::new();
    let mut built = BTreeSet::new();
    let mut sources = Vec::new();
    files(&root.join("templates"), &[".html", ".txt"], &mut sources);
    let templates = sources.len();
    files(&root.join("src"), &[".rs"], &mut sources);
    for (i, path) in sources.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        for (lit, is_built) in literals(&text) {
            if is_built && i < templates {
                built.insert(id_of(&lit));
            } else {
                used.insert(id_of(&lit));
            }
        }
    }
    // Each family a template builds is listed.
    let unlisted: Vec<&String> = built
        .iter()
        .filter(|p| {
            !DYNAMIC
                .iter()
                .any(|(d, _)| d.starts_with(p.as_str()) || p.starts_with(d))
        })
        .collect();
    assert!(
        unlisted.is_empty(),
        "templates build keys from these prefixes; list them in DYNAMIC: {unlisted:?}"
    );
    let unused: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !used.contains(*id))
        .filter(|id| !DYNAMIC.iter().any(|(d, _)| id.starts_with(d)))
        .collect();
    assert!(
        unused.is_empty(),
        "messages no template or code uses (remove them from all three catalogs, or list \
         the family that builds them in DYNAMIC): {unused:?}"
    );
}
