//! Templates and the message catalog.
//!
//! Every template is compiled into the binary (the list is below, so a missing file is a
//! build error), rendered by minijinja with HTML autoescaping for `.html` files. All
//! user-facing text goes through `t("key", name=value)`, looked up in the page's `lang`'s
//! Fluent catalog (`crate::i18n`: `templates/i18n/kk.ftl`, `ru.ftl`, `en.ftl`).

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};
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
    "pages/observer.html",
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
    "pages/elections.html",
    "pages/stations.html",
    "pages/station.html",
    "pages/election_live.html",
    "pages/election_report.html",
    "partials/timeline.html",
    "partials/photos.html",
    "partials/field.html",
    "partials/pager.html",
    "partials/similar.html",
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
    "email/reply_received/subject.txt",
    "email/reply_received/body.txt",
    "email/reply_received/body.html",
    "email/reply_refused/subject.txt",
    "email/reply_refused/body.txt",
    "email/reply_refused/body.html",
    "email/election_report/subject.txt",
    "email/election_report/body.txt",
    "email/election_report/body.html",
    "pages/support_stop.html",
    "pages/reply_undo.html",
];

pub use crate::i18n::{message, message_with};

/// The default (and fallback) language.
pub const DEFAULT_LANG: &str = crate::i18n::FALLBACK;

/// The language of the page or mail being rendered (its context's `lang`).
fn lang_of(state: &State) -> String {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| DEFAULT_LANG.to_string())
}

fn t(state: &State, key: &str, kwargs: Kwargs) -> Result<String, Error> {
    let lang = lang_of(state);
    let mut args = Vec::new();
    for name in kwargs.args() {
        let v: Value = kwargs.get(name)?;
        // Numbers stay numbers, so that the catalog's plural rules can choose the form.
        let arg = match i64::try_from(v.clone()) {
            Ok(n) if v.is_number() => crate::i18n::Arg::from(n),
            _ => crate::i18n::Arg::from(v.to_string()),
        };
        args.push((name, arg));
    }
    Ok(message_with(&lang, key, &args))
}

/// `{{ region|named }}`: the name of a region, category or other named thing in the
/// page's language, from its `name_kk` / `name_ru` / `name_en` fields (English, then
/// `name`, when the language has none).
fn named(state: &State, thing: Value) -> Result<Value, Error> {
    let lang = lang_of(state);
    let field = |f: &str| {
        thing
            .get_attr(f)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let en = Some(field("name_en"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| field("name"));
    let (kk, ru) = (field("name_kk"), field("name_ru"));
    Ok(Value::from(crate::i18n::in_language(&lang, &en, &kk, &ru)))
}

/// `{{ n|num }}`: a whole number written for the page's language (`12 345` in kk and ru,
/// `12,345` in en) by [`crate::locale::fmt_count`]; anything else as it is.
fn num(state: &State, n: Value) -> Value {
    let lang = lang_of(state);
    match i64::try_from(n.clone()) {
        Ok(i) if n.is_integer() => Value::from(crate::locale::fmt_count(&lang, i)),
        _ => n,
    }
}

/// minijinja's HTML autoescaping, except that mails (`email/...`) keep `/` as `/`.
/// minijinja writes it as `&#x2f;`, which is needless inside quoted attributes and text
/// (`<`, `>`, `&`, `"` and `'` are what make HTML unsafe, and they are still escaped) and
/// leaves the links of a mail file unreadable (`https:&#x2f;&#x2f;...`). Pages keep
/// minijinja's rule.
fn escape_keeping_slashes(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), Error> {
    let escaping = matches!(state.auto_escape(), minijinja::AutoEscape::Html)
        && state.name().starts_with("email/");
    match value.as_str() {
        Some(s) if escaping && !value.is_safe() && s.contains('/') => {
            // With `&` escaped first as `&amp;`, every `&#x2f;` left is an escaped '/'.
            let escaped = minijinja::HtmlEscape(s).to_string();
            out.write_str(&escaped.replace("&#x2f;", "/"))
                .map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Compiles every template and parses the message catalogs now rather than in the first
/// request that renders a page (which took 100 ms longer than the next ones).
pub fn warm() {
    env();
    crate::i18n::message("en", "status.new");
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
        env.set_formatter(escape_keeping_slashes);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        for (name, src) in TEMPLATES {
            env.add_template(name, src).expect("template compiles");
        }
        env.add_function("t", t);
        env.add_filter("named", named);
        env.add_filter("num", num);
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
        assert_eq!(message("en", "no.such.key"), "no.such.key");
    }

    #[test]
    fn named_things_show_the_pages_language() {
        let thing =
            serde_json::json!({"name": "Astana", "name_kk": "Астана қаласы", "name_ru": ""});
        let show = |lang: &str| {
            env()
                .render_str("{{ x|named }}", minijinja::context! {lang => lang, x => Value::from(minijinja::value::Serde(&thing))})
                .unwrap()
        };
        assert_eq!(show("kk"), "Астана қаласы");
        assert_eq!(show("ru"), "Astana", "an empty name falls back");
        assert_eq!(show("en"), "Astana");
    }

    #[test]
    fn mail_html_is_escaped_except_slashes() {
        let show = |tpl: &str, v: &str| {
            let mut env = Environment::new();
            env.set_formatter(escape_keeping_slashes);
            let names = ["email/t.html", "email/t.txt", "pages/t.html"];
            names
                .map(|name| {
                    env.add_template_owned(name, tpl.to_string()).unwrap();
                    let t = env.get_template(name).unwrap();
                    t.render(minijinja::context! {v => v}).unwrap()
                })
                .to_vec()
        };
        assert_eq!(
            show("<a href=\"{{ v }}\">x</a>", "https://ct.kz/p?a=1&b='2'"),
            [
                "<a href=\"https://ct.kz/p?a=1&amp;b=&#x27;2&#x27;\">x</a>",
                "<a href=\"https://ct.kz/p?a=1&b='2'\">x</a>",
                "<a href=\"https:&#x2f;&#x2f;ct.kz&#x2f;p?a=1&amp;b=&#x27;2&#x27;\">x</a>",
            ]
        );
        assert_eq!(
            show("{{ v }}", "</b><script>\"&#x2f;")[0],
            "&lt;/b&gt;&lt;script&gt;&quot;&amp;#x2f;"
        );
        assert_eq!(show("{{ v|safe }}", "<b>/</b>")[0], "<b>/</b>");
    }

    #[test]
    fn numbers_are_grouped_in_the_pages_language() {
        let show = |lang: &str, n: Value| {
            env()
                .render_str("{{ n|num }}", minijinja::context! {lang => lang, n => n})
                .unwrap()
        };
        assert_eq!(show("ru", Value::from(12345)), "12\u{a0}345");
        assert_eq!(show("en", Value::from(12345)), "12,345");
        assert_eq!(show("kk", Value::from(7)), "7");
        assert_eq!(show("kk", Value::from("–")), "–");
    }
}
