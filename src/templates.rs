//! Templates and the message catalog.
//!
//! Every template is compiled into the binary (the list is below, so a missing file is a
//! build error), rendered by minijinja with HTML autoescaping for `.html` files. All
//! user-facing text goes through `t("key", name=value)`, looked up in the catalog for the
//! page's `lang` (English first; Kazakh and Russian are added as `templates/i18n/kk.toml`
//! and `ru.toml` without touching any template).

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};
use std::collections::HashMap;
use std::sync::OnceLock;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "pages/home.html",
    "pages/error.html",
    "pages/message.html",
    "pages/problem_form.html",
    "pages/problems.html",
    "pages/problem.html",
    "pages/track.html",
    "pages/login.html",
    "pages/login_confirm.html",
    "pages/confirm_link.html",
    "pages/users.html",
    "pages/workspace.html",
    "pages/workspace_problem.html",
    "pages/triage.html",
    "pages/representatives.html",
    "pages/rules.html",
    "pages/categories.html",
    "pages/account.html",
    "pages/unsubscribe.html",
    "pages/jobs.html",
    "pages/mail.html",
    "pages/holidays.html",
    "pages/access_log.html",
    "partials/timeline.html",
    "partials/field.html",
    "partials/pager.html",
    "partials/dashboard_nav.html",
    "partials/dashboard_table.html",
    "partials/dashboard_row.html",
    "pages/dashboard.html",
    "pages/dashboard_regions.html",
    "pages/dashboard_representatives.html",
    "pages/dashboard_representative.html",
    "pages/dashboard_categories.html",
    "pages/dashboard_overdue.html",
    "email/base.html",
    "email/confirm_problem/subject.txt",
    "email/confirm_problem/body.txt",
    "email/confirm_problem/body.html",
    "email/status_update/subject.txt",
    "email/status_update/body.txt",
    "email/status_update/body.html",
    "email/assigned/subject.txt",
    "email/assigned/body.txt",
    "email/assigned/body.html",
    "email/triage/subject.txt",
    "email/triage/body.txt",
    "email/triage/body.html",
    "email/representative_update/subject.txt",
    "email/representative_update/body.txt",
    "email/representative_update/body.html",
    "email/login_link/subject.txt",
    "email/login_link/body.txt",
    "email/login_link/body.html",
    "email/sla_reminder/subject.txt",
    "email/sla_reminder/body.txt",
    "email/sla_reminder/body.html",
    "email/sla_escalation/subject.txt",
    "email/sla_escalation/body.txt",
    "email/sla_escalation/body.html",
    "email/fix_check/subject.txt",
    "email/fix_check/body.txt",
    "email/fix_check/body.html",
    "email/digest/subject.txt",
    "email/digest/body.txt",
    "email/digest/body.html",
    "email/rep_summary/subject.txt",
    "email/rep_summary/body.txt",
    "email/rep_summary/body.html",
    "email/support_confirm/subject.txt",
    "email/support_confirm/body.txt",
    "email/support_confirm/body.html",
    "email/support_own/subject.txt",
    "email/support_own/body.txt",
    "email/support_own/body.html",
    "email/supporter_update/subject.txt",
    "email/supporter_update/body.txt",
    "email/supporter_update/body.html",
    "pages/support_stop.html",
];

const CATALOGS: &[(&str, &str)] = &[("en", include_str!("../templates/i18n/en.toml"))];

/// The default (and fallback) language.
pub const DEFAULT_LANG: &str = "en";

type Catalog = HashMap<String, String>;

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, format!("{other:?}"));
            }
        }
    }
}

fn catalogs() -> &'static HashMap<&'static str, Catalog> {
    static CATS: OnceLock<HashMap<&'static str, Catalog>> = OnceLock::new();
    CATS.get_or_init(|| {
        CATALOGS
            .iter()
            .map(|(lang, text)| {
                let table: toml::Table = text.parse().expect("message catalog parses");
                let mut out = Catalog::new();
                flatten("", &table, &mut out);
                (*lang, out)
            })
            .collect()
    })
}

/// Looks up `key` in `lang`, falling back to English, then to the key itself (so a missing
/// message is visible, not blank).
pub fn message(lang: &str, key: &str) -> String {
    let cats = catalogs();
    cats.get(lang)
        .and_then(|c| c.get(key))
        .or_else(|| cats.get(DEFAULT_LANG).and_then(|c| c.get(key)))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// Replaces `{name}` placeholders with `args`.
pub fn interpolate(text: &str, args: &[(&str, String)]) -> String {
    let mut out = text.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn t(state: &State, key: &str, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| DEFAULT_LANG.to_string());
    let mut args = Vec::new();
    for name in kwargs.args() {
        let v: Value = kwargs.get(name)?;
        args.push((name, v.to_string()));
    }
    Ok(interpolate(&message(&lang, key), &args))
}

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        for (name, src) in TEMPLATES {
            env.add_template(name, src).expect("template compiles");
        }
        env.add_function("t", t);
        env
    })
}

/// `base` with the keys of `extra` added (or replaced): page and mail contexts are built
/// from a common part and a specific one.
pub fn merge(mut base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    if let (Some(b), serde_json::Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

/// Renders template `name` with `ctx`.
pub fn render(name: &str, ctx: impl serde::Serialize) -> Result<String, Error> {
    env()
        .get_template(name)
        .map_err(|e| Error::new(ErrorKind::TemplateNotFound, e.to_string()))?
        .render(Value::from(minijinja::value::Serde(ctx)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_catalog_parses() {
        let _ = env();
        assert!(!message("en", "site.title").is_empty());
        assert_eq!(message("kk", "site.title"), message("en", "site.title"));
        assert_eq!(message("en", "no.such.key"), "no.such.key");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            interpolate("Hello {name}, {name}!", &[("name", "Aigerim".into())]),
            "Hello Aigerim, Aigerim!"
        );
    }
}
