//! The code's shape, checked on every run: stored names are spelled only by their enums,
//! layers point one way, and no source file outgrows what one person holds at once.

use std::path::{Path, PathBuf};

/// Where the service's source lives.
fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its path relative to `src/` and its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(src())
                    .expect("under src")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

/// The part of a file before its unit tests.
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// A string literal in code: its line and what stands right before and after it (comments
/// dropped, lines joined, so that a call spread over lines reads as one).
struct Literal {
    line: usize,
    before: String,
    text: String,
    after: String,
}

/// The string literals of `code`.
fn literals(code: &str) -> Vec<Literal> {
    // Comments out, line structure kept.
    let mut clean = String::new();
    for line in code.lines() {
        clean.push_str(&strip_comment(line));
        clean.push('\n');
    }
    let chars: Vec<char> = clean.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\'' => i += skip_char_literal(&chars, i),
            '"' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                let end = j.min(chars.len());
                let before: String = chars[i.saturating_sub(40)..i].iter().collect();
                let after: String = chars[(end + 1).min(chars.len())..(end + 40).min(chars.len())]
                    .iter()
                    .collect();
                out.push(Literal {
                    line: chars[..i].iter().filter(|c| **c == '\n').count() + 1,
                    before: before.split_whitespace().collect::<Vec<_>>().join(" "),
                    text: chars[start..end].iter().collect(),
                    after: after.split_whitespace().collect::<Vec<_>>().join(" "),
                });
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// How many characters a char literal at `i` takes ('x', '\n', '"'); 1 for a lifetime.
fn skip_char_literal(chars: &[char], i: usize) -> usize {
    if chars.get(i + 2) == Some(&'\'') {
        return 3;
    }
    if chars.get(i + 1) == Some(&'\\') {
        if let Some(end) = chars[i + 2..].iter().position(|c| *c == '\'') {
            return end + 3;
        }
    }
    1
}

/// `line` without its `//` comment (a `//` inside a string literal stays).
fn strip_comment(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut in_str = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if in_str => i += 1,
            '"' => in_str = !in_str,
            '\'' if !in_str => {
                i += skip_char_literal(&chars, i);
                continue;
            }
            '/' if !in_str && chars.get(i + 1) == Some(&'/') => {
                return chars[..i].iter().collect();
            }
            _ => {}
        }
        i += 1;
    }
    line.to_string()
}

/// The stored names of statuses, roles and verdicts (as in `src/domain/state.rs`; written
/// out here so that a renamed variant is noticed).
const NAMES: &[&str] = &[
    "unconfirmed",
    "new",
    "assigned",
    "acknowledged",
    "in_progress",
    "resolved",
    "closed",
    "reopened",
    "rejected",
    "duplicate",
    "admin",
    "coordinator",
    "representative",
    "monitor",
    "fixed",
    "not_fixed",
    "no_answer",
    "closed_by_coordinator",
    "withdrawn",
];

/// Whether a literal names something else than a stored state, by where it stands:
/// - a key: a JSON key (`"resolved": ...`), an OpenAPI parameter (`("representative" =`),
///   the name in a `(name, value)` pair (an error's field, a query parameter), or a
///   parameter looked up by name (`q.get("representative")`);
/// - another enum's name table (`DateField::Resolved => "resolved"`);
/// - a named constant's definition (`const ASSIGNED: &str = "assigned";`).
fn is_other_name(l: &Literal) -> bool {
    let (before, after) = (l.before.as_str(), l.after.as_str());
    let name_table = before
        .strip_suffix("=>")
        .map(str::trim_end)
        .and_then(|b| b.rsplit([' ', '|', '(']).next())
        .is_some_and(|pattern| {
            pattern.contains("::")
                && pattern
                    .rsplit("::")
                    .next()
                    .is_some_and(|v| v.starts_with(char::is_uppercase))
        });
    (after.starts_with(':') && !after.starts_with("::"))
        || (after.starts_with('=') && !after.starts_with("==") && !after.starts_with("=>"))
        || (before.ends_with('(') && after.starts_with(','))
        || before.ends_with(".get(")
        || name_table
        || (before.contains("const ") && before.ends_with("&str ="))
}

#[test]
fn status_role_and_verdict_names_are_spelled_only_by_their_enums() {
    let mut found = Vec::new();
    for (file, text) in sources(&src()) {
        if file == "domain/state.rs" {
            continue;
        }
        for l in literals(without_tests(&text)) {
            if NAMES.contains(&l.text.as_str()) && !is_other_name(&l) {
                found.push(format!("src/{file}:{}: {:?}", l.line, l.text));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use the enums of domain::state instead of these literals:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_literal_finder_sees_values_and_skips_names_of_other_things() {
    let names = |code: &str| -> Vec<String> {
        literals(code)
            .into_iter()
            .filter(|l| NAMES.contains(&l.text.as_str()) && !is_other_name(l))
            .map(|l| l.text)
            .collect()
    };
    let none = Vec::<String>::new();
    assert_eq!(names(r#"if p.status == "closed" {"#), ["closed"]);
    assert_eq!(names(r#".filter(Column::Role.eq("admin"))"#), ["admin"]);
    assert_eq!(
        names(r#"match s { "resolved" => 1, _ => 0 }"#),
        ["resolved"]
    );
    assert_eq!(names(r#"let c = '"'; f("new")"#), ["new"]);
    assert_eq!(
        names("with(&[(\"status\", \"reopened\".into())])"),
        ["reopened"]
    );
    assert_eq!(names(r#"json!({"resolved": n})"#), none);
    assert_eq!(names(r#"q.get("representative")"#), none);
    assert_eq!(
        names("AppError::field(\n    \"representative\",\n    \"x\")"),
        none
    );
    assert_eq!(names(r#"x // "closed""#), none);
    assert_eq!(names(r#"DateField::Closed => "closed","#), none);
    assert_eq!(names(r#"pub const ASSIGNED: &str = "assigned";"#), none);
}

#[test]
fn inner_layers_never_import_from_http() {
    let mut found = Vec::new();
    for (file, text) in sources(&src()) {
        let inner = ["services/", "domain/", "mail/", "jobs/", "entities/"]
            .iter()
            .any(|d| file.starts_with(d))
            || ["config.rs", "auth.rs", "clock.rs", "cli.rs", "templates.rs"].contains(&&*file);
        if inner && text.contains("crate::http") {
            found.push(file.clone());
        }
        // The configuration is read before anything runs: it depends on no runtime part.
        if file == "config.rs" && (text.contains("crate::jobs") || text.contains("crate::services"))
        {
            found.push(file);
        }
    }
    assert!(
        found.is_empty(),
        "these import from an outer layer: {found:?}"
    );
}

#[test]
fn api_and_pages_share_code_only_through_the_shared_module() {
    let mut found = Vec::new();
    for (file, text) in sources(&src()) {
        let crossing = (file.starts_with("http/api/")
            && (text.contains("http::pages") || text.contains("super::pages")))
            || (file.starts_with("http/pages/")
                && (text.contains("http::api") || text.contains("super::api")));
        if crossing {
            found.push(file);
        }
    }
    assert!(
        found.is_empty(),
        "api and pages import each other: {found:?}"
    );
}

#[test]
fn no_source_file_grows_past_600_lines_outside_its_tests() {
    let long: Vec<String> = sources(&src())
        .into_iter()
        .map(|(file, text)| (file, without_tests(&text).lines().count()))
        .filter(|(_, n)| *n > 600)
        .map(|(file, n)| format!("src/{file}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these along their seams: {long:?}");
}
