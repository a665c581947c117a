//! The message catalogs: one Project Fluent file per language in `templates/i18n/`
//! (`kk.ftl`, `ru.ftl`, `en.ftl`), compiled into the binary. A message is asked for by the
//! key templates use, `t("mail.support_confirm.subject")`, whose Fluent id is the same with
//! `.` and `_` written as `-` (`mail-support-confirm-subject`). Numbers are passed as
//! numbers, so Fluent's CLDR plural rules choose the form (`{ $count -> [one] … [few] …
//! *[other] … }`). A message missing in a language falls back to English, then to its key,
//! so that a gap is visible rather than blank; the catalog tests keep the files complete.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The languages, in the order the switcher offers them, with their catalogs.
pub const CATALOGS: &[(&str, &str)] = &[
    ("kk", include_str!("../templates/i18n/kk.ftl")),
    ("ru", include_str!("../templates/i18n/ru.ftl")),
    ("en", include_str!("../templates/i18n/en.ftl")),
];

/// The fallback language: every message exists in it.
pub const FALLBACK: &str = "en";

/// A value for a message's placeable: text, or a number (which selects plural forms).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n as f64)
    }
}

fn bundles() -> &'static HashMap<&'static str, FluentBundle<FluentResource>> {
    static BUNDLES: OnceLock<HashMap<&'static str, FluentBundle<FluentResource>>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        CATALOGS
            .iter()
            .map(|(lang, text)| {
                let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(_, errs)| {
                    panic!("templates/i18n/{lang}.ftl does not parse: {errs:?}")
                });
                let id: unic_langid::LanguageIdentifier =
                    lang.parse().expect("a language identifier");
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // No Unicode isolation marks around placeables: the pages and mails are
                // left-to-right, and the marks would show in plain-text mail.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(res)
                    .unwrap_or_else(|e| panic!("templates/i18n/{lang}.ftl: {e:?}"));
                (*lang, bundle)
            })
            .collect()
    })
}

/// The Fluent id of a template key.
pub fn id_of(key: &str) -> String {
    key.replace(['.', '_'], "-")
}

/// The language names the switcher shows, each in its own language.
pub const NAMES: &[(&str, &str)] = &[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")];

/// The catalog language for `code` (`ru-RU` is `ru`), if there is one.
pub fn parse(code: &str) -> Option<&'static str> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    CATALOGS.iter().map(|(l, _)| *l).find(|l| *l == primary)
}

/// The first language of an `Accept-Language` header we have, by the header's weights.
pub fn from_accept_language(header: &str) -> Option<&'static str> {
    let mut choices: Vec<(f32, usize, &'static str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let lang = parse(it.next()?)?;
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    choices.first().map(|c| c.2)
}

/// Of a thing's texts in English, Kazakh and Russian, the one for `lang`; English when
/// that language's is empty or unknown. Names and descriptions of regions and categories
/// all choose through here.
pub fn in_language<'a>(lang: &str, en: &'a str, kk: &'a str, ru: &'a str) -> &'a str {
    let text = match lang {
        "kk" => kk,
        "ru" => ru,
        _ => en,
    };
    if text.is_empty() { en } else { text }
}

/// Whether `lang` has a catalog.
pub fn known(lang: &str) -> bool {
    CATALOGS.iter().any(|(l, _)| *l == lang)
}

/// Whether the English catalog has message `key` (every catalog has the same ones).
pub fn has_message(key: &str) -> bool {
    bundles()
        .get(FALLBACK)
        .is_some_and(|b| b.get_message(&id_of(key)).is_some())
}

/// Message `key` in `lang` with `args`; English when `lang` lacks it, the key itself when
/// English does too.
pub fn message_with(lang: &str, key: &str, args: &[(&str, Arg)]) -> String {
    let id = id_of(key);
    let all = bundles();
    let found = [lang, FALLBACK].into_iter().find_map(|l| {
        let b = all.get(l)?;
        let pattern = b.get_message(&id)?.value()?;
        Some((b, pattern))
    });
    let Some((bundle, pattern)) = found else {
        return key.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
            Arg::Number(n) => fargs.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, lang, "message formatted with errors: {errors:?}");
    }
    text.into_owned()
}

/// Message `key` in `lang`, without placeables.
pub fn message(lang: &str, key: &str) -> String {
    message_with(lang, key, &[])
}

/// A message to say once the reader's language is known: errors are made deep in the
/// services, long before the answer's language is decided, so they carry a catalog key and
/// its arguments rather than finished words. [`Text::english`] (and `Display`) give the
/// English, for logs, the CLI and tests.
#[derive(Clone, Debug, PartialEq)]
pub enum Text {
    /// Catalog message `key` with its arguments.
    Key {
        key: &'static str,
        args: Vec<(&'static str, TextArg)>,
    },
    /// Words from elsewhere (a parser's own report), shown as they are in every language.
    Literal(String),
}

/// An argument of a [`Text`].
#[derive(Clone, Debug, PartialEq)]
pub enum TextArg {
    /// A value shown as it is in every language (a number selects plural forms).
    Value(Arg),
    /// Things named by the codes the API knows them by (a field, a status, an action).
    /// In English the codes themselves, as API clients send them; in other languages the
    /// catalog's name `prefix.code` where there is one, else the code. Several are joined
    /// with ", ", none is `error.none`.
    Names {
        prefix: &'static str,
        codes: Vec<String>,
    },
}

impl Text {
    /// Catalog message `key`, arguments to follow.
    pub const fn key(key: &'static str) -> Text {
        Text::Key {
            key,
            args: Vec::new(),
        }
    }

    /// With argument `name`.
    pub fn arg(self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.with(name, TextArg::Value(value.into()))
    }

    /// With argument `name` naming `codes` (see [`TextArg::Names`]).
    pub fn names<S: ToString>(
        self,
        name: &'static str,
        prefix: &'static str,
        codes: impl IntoIterator<Item = S>,
    ) -> Text {
        let codes = codes.into_iter().map(|c| c.to_string()).collect();
        self.with(name, TextArg::Names { prefix, codes })
    }

    fn with(self, name: &'static str, value: TextArg) -> Text {
        match self {
            Text::Key { key, mut args } => {
                args.push((name, value));
                Text::Key { key, args }
            }
            literal => literal,
        }
    }

    /// The words in `lang`.
    pub fn render(&self, lang: &str) -> String {
        match self {
            Text::Literal(s) => s.clone(),
            Text::Key { key, args } => {
                let args: Vec<(&str, Arg)> = args
                    .iter()
                    .map(|(name, value)| {
                        let value = match value {
                            TextArg::Value(v) => v.clone(),
                            TextArg::Names { prefix, codes } => {
                                Arg::Text(names(lang, prefix, codes))
                            }
                        };
                        (*name, value)
                    })
                    .collect();
                message_with(lang, key, &args)
            }
        }
    }

    /// The words in English.
    pub fn english(&self) -> String {
        self.render(FALLBACK)
    }
}

/// What a code is called in `lang` (see [`TextArg::Names`]).
pub fn name_of(lang: &str, prefix: &str, code: &str) -> String {
    if lang == FALLBACK || !known(lang) {
        return code.to_string();
    }
    let key = format!("{prefix}.{code}");
    match bundles()
        .get(lang)
        .and_then(|b| b.get_message(&id_of(&key)))
    {
        Some(_) => message(lang, &key),
        None => code.to_string(),
    }
}

fn names(lang: &str, prefix: &str, codes: &[String]) -> String {
    if codes.is_empty() {
        return message(lang, "error.none");
    }
    codes
        .iter()
        .map(|c| name_of(lang, prefix, c))
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// A catalog key.
impl From<&'static str> for Text {
    fn from(key: &'static str) -> Text {
        Text::key(key)
    }
}

/// Words from elsewhere, shown as they are.
impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Literal(s)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n as f64)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(n as f64)
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Number(f64::from(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// Each message's id with the names of the variables it uses (selectors included).
    fn messages(lang: &str, text: &str) -> BTreeMap<String, BTreeSet<String>> {
        fn walk(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
            for el in &p.elements {
                if let ast::PatternElement::Placeable { expression } = el {
                    expr(expression, out);
                }
            }
        }
        fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                ast::Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        walk(&v.value, out);
                    }
                }
                ast::Expression::Inline(i) => inline(i, out),
            }
        }
        fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match i {
                ast::InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                ast::InlineExpression::Placeable { expression } => expr(expression, out),
                _ => {}
            }
        }
        let res = fluent_syntax::parser::parse(text)
            .unwrap_or_else(|(_, errs)| panic!("{lang}.ftl: {errs:?}"));
        res.body
            .iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(v) = &m.value {
                        walk(v, &mut vars);
                    }
                    Some((m.id.name.to_string(), vars))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_catalog_has_every_message_with_the_same_placeables() {
        let en = messages("en", CATALOGS.iter().find(|(l, _)| *l == "en").unwrap().1);
        assert!(en.len() > 500, "{}", en.len());
        for (lang, text) in CATALOGS {
            let other = messages(lang, text);
            let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<&String> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{lang}.ftl has messages English lacks: {extra:?}"
            );
            for (id, vars) in &en {
                assert_eq!(&other[id], vars, "{lang}.ftl {id}: other placeables");
            }
            // Every message formats without errors, every placeable given.
            for (id, vars) in &other {
                let args: Vec<(&str, Arg)> = vars
                    .iter()
                    .map(|v| (v.as_str(), Arg::Number(2.0)))
                    .collect();
                let b = &bundles()[lang];
                let mut fargs = FluentArgs::new();
                for (n, _) in &args {
                    fargs.set(*n, FluentValue::from(2));
                }
                let mut errors = Vec::new();
                let m = b.get_message(id).unwrap().value().unwrap();
                let _ = b.format_pattern(m, Some(&fargs), &mut errors);
                assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
            }
        }
    }

    #[test]
    fn every_status_action_and_verdict_has_a_name_in_every_language() {
        use crate::domain::state::{Status, Verdict};
        use crate::domain::status::Action;
        let keys = Status::ALL
            .iter()
            .map(|s| format!("status.{}", s.as_str()))
            .chain(Action::ALL.iter().map(|a| format!("action.{}", a.as_str())))
            .chain(
                Verdict::ALL
                    .iter()
                    .map(|v| format!("verdict.{}", v.as_str())),
            );
        for key in keys {
            for (lang, _) in CATALOGS {
                assert_ne!(message(lang, &key), key, "{lang}: no name for {key}");
            }
        }
    }

    #[test]
    fn every_error_key_in_the_code_has_a_message() {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for key in text.split('"').skip(1).step_by(2) {
                        if key.starts_with("error.")
                            && key
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || "._0123456789".contains(c))
                            && key != "error.label"
                        {
                            out.push((path.display().to_string(), key.to_string()));
                        }
                    }
                }
            }
        }
        let mut keys = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut keys,
        );
        assert!(keys.len() > 80, "{}", keys.len());
        for (file, key) in keys {
            assert_ne!(message("en", &key), key, "{file}: no message for {key}");
        }
    }

    #[test]
    fn errors_are_said_in_the_readers_language() {
        let too_long = Text::key("error.field.too_long")
            .arg("max", 200_usize)
            .arg("got", 250_usize);
        assert_eq!(
            too_long.english(),
            "must be at most 200 characters (got 250)"
        );
        assert_eq!(
            too_long.render("ru"),
            "Не длиннее 200 символов (сейчас 250)"
        );
        assert_eq!(
            too_long.render("kk"),
            "200 таңбадан аспауы керек (қазір 250)"
        );
        let names = Text::key("error.illegal_transition")
            .names("action", "action", ["acknowledge"])
            .names("status", "status", ["resolved"])
            .names("allowed", "action", Vec::<&str>::new());
        assert_eq!(
            names.english(),
            "cannot acknowledge a problem that is resolved; allowed: none"
        );
        assert_eq!(
            names.render("ru"),
            "Шаг «Принята» невозможен: проблема в статусе «Решена». Возможные шаги: нет"
        );
        assert_eq!(Text::from("x".to_string()).render("kk"), "x");
    }

    #[test]
    fn russian_and_kazakh_counts_take_their_plural_forms() {
        let supporters =
            |lang: &str, n: i64| message_with(lang, "home.supporters", &[("count", n.into())]);
        let ru: Vec<String> = [1, 2, 5, 11, 21, 22, 25]
            .iter()
            .map(|n| supporters("ru", *n))
            .collect();
        for (n, s) in [1, 2, 5, 11, 21, 22, 25].iter().zip(&ru) {
            assert!(s.contains(&n.to_string()), "{s}");
        }
        // 1 and 21 take one form, 2 and 22 another, 5, 11 and 25 a third.
        assert_eq!(ru[0].replace('1', ""), ru[4].replace("21", ""));
        assert_eq!(ru[1].replace('2', ""), ru[5].replace("22", ""));
        assert_eq!(ru[2].replace('5', ""), ru[6].replace("25", ""));
        assert_eq!(ru[2].replace('5', ""), ru[3].replace("11", ""));
        assert_ne!(ru[0].replace('1', ""), ru[1].replace('2', ""));
        assert_ne!(ru[1].replace('2', ""), ru[2].replace('5', ""));
        // Kazakh nouns do not change after a numeral.
        let kk1 = supporters("kk", 1);
        let kk5 = supporters("kk", 5);
        assert_eq!(kk1.replace('1', ""), kk5.replace('5', ""));
        assert_ne!(kk1, supporters("en", 1));
    }

    #[test]
    fn counts_of_problems_take_every_russian_form_and_one_kazakh_form() {
        let count = |lang: &str, n: i64| message_with(lang, "list.count", &[("total", n.into())]);
        let ru: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 111]
            .iter()
            .map(|n| count("ru", *n))
            .collect();
        assert_eq!(
            ru,
            [
                "1 проблема",
                "2 проблемы",
                "5 проблем",
                "11 проблем",
                "21 проблема",
                "22 проблемы",
                "25 проблем",
                "111 проблем"
            ]
        );
        for n in [1, 2, 5, 21] {
            assert_eq!(count("kk", n), format!("{n} мәселе"));
        }
        assert_eq!(count("en", 1), "1 problem");
        assert_eq!(count("en", 21), "21 problems");
    }

    #[test]
    fn the_browsers_preferred_language_we_have_is_chosen() {
        assert_eq!(from_accept_language("kk-KZ,ru;q=0.8,en;q=0.5"), Some("kk"));
        assert_eq!(
            from_accept_language("de-DE,ru-RU;q=0.9,en;q=0.8"),
            Some("ru")
        );
        assert_eq!(from_accept_language("en;q=0.3, ru;q=0.7"), Some("ru"));
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("ru;q=0, en"), Some("en"));
        assert_eq!(parse("RU"), Some("ru"));
        assert_eq!(parse("xx"), None);
    }

    #[test]
    fn keys_map_to_fluent_ids_and_missing_ones_stay_visible() {
        assert_eq!(
            id_of("mail.support_confirm.subject"),
            "mail-support-confirm-subject"
        );
        assert_eq!(message("en", "site.title"), "Civic Tracker");
        assert_eq!(message("en", "no.such.key"), "no.such.key");
        assert_eq!(
            message("xx", "site.title"),
            "Civic Tracker",
            "unknown language: English"
        );
    }

    #[test]
    fn placeables_are_filled_without_isolation_marks() {
        let s = message_with("en", "support.confirm_subject_test", &[]);
        assert_eq!(s, "support.confirm_subject_test");
        let s = message_with(
            "en",
            "mail.support_confirm.subject",
            &[("reference", "CT-000042".into())],
        );
        assert_eq!(s, "Confirm your support for CT-000042");
    }
}
