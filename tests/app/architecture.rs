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

/// The string literals of one line of code, with what stands right before and after each
/// (comments dropped).
fn literals(line: &str) -> Vec<(String, String, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => break,
            '\'' => {
                // A char literal ('x', '\n', '"') is skipped; a lifetime is one quote.
                if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
                if chars.get(i + 1) == Some(&'\\') {
                    if let Some(end) = chars[i + 2..].iter().position(|c| *c == '\'') {
                        i += end + 3;
                        continue;
                    }
                }
                i += 1;
            }
            '"' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                let text: String = chars[start..j.min(chars.len())].iter().collect();
                let before: String = chars[..i].iter().collect();
                let after: String = chars[(j + 1).min(chars.len())..].iter().collect();
                out.push((before, text, after));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
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
];

/// Whether a literal is a key rather than a value: a JSON key (`"resolved": ...`), an
/// OpenAPI parameter (`("representative" = ...)`), the name in a `(name, value)` pair, or
/// a query parameter looked up by name (`q.get("representative")`).
fn is_key(before: &str, after: &str) -> bool {
    let before = before.trim_end();
    let after = after.trim_start();
    after.starts_with(':') && !after.starts_with("::")
        || after.starts_with('=') && !after.starts_with("==")
        || before.ends_with('(') && after.starts_with(',')
        || before.ends_with(".get(")
}

#[test]
fn status_role_and_verdict_names_are_spelled_only_by_their_enums() {
    let mut found = Vec::new();
    for (file, text) in sources(&src()) {
        if file == "domain/state.rs" {
            continue;
        }
        for (n, line) in without_tests(&text).lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for (before, lit, after) in literals(line) {
                if NAMES.contains(&lit.as_str()) && !is_key(&before, &after) {
                    found.push(format!("src/{file}:{}: {:?}", n + 1, lit));
                }
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
fn the_literal_finder_sees_values_and_skips_keys_and_comments() {
    let names = |line: &str| -> Vec<String> {
        literals(line)
            .into_iter()
            .filter(|(b, l, a)| NAMES.contains(&l.as_str()) && !is_key(b, a))
            .map(|(_, l, _)| l)
            .collect()
    };
    assert_eq!(names(r#"if p.status == "closed" {"#), ["closed"]);
    assert_eq!(names(r#".filter(Column::Role.eq("admin"))"#), ["admin"]);
    assert_eq!(names(r#"json!({"resolved": n})"#), Vec::<String>::new());
    assert_eq!(names(r#"q.get("representative")"#), Vec::<String>::new());
    assert_eq!(names(r#"x // "closed""#), Vec::<String>::new());
    assert_eq!(names(r#"let c = '"'; f("new")"#), ["new"]);
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
            found.push(file);
        }
    }
    assert!(found.is_empty(), "these import from http: {found:?}");
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
    assert!(found.is_empty(), "api and pages import each other: {found:?}");
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
