//! What a regional coordinator's pages offer is what the server accepts: every form on
//! every page they see is sent as the page fills it (each option of each list in turn) and
//! none is refused, and every action the server refuses them (rules, representatives and
//! regions outside their own) is missing from the pages.

use crate::helpers::{TestApp, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use std::collections::BTreeSet;

/// A POST form as the page shows it: where it goes, its fields as filled, and the
/// options of each of its lists (the first one chosen).
#[derive(Debug)]
struct Form {
    action: String,
    fields: Vec<(String, String)>,
    lists: Vec<(String, Vec<String>)>,
}

fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in tag `tag` (its text from `<` to `>`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    Some(unescape(tag[i..].split('"').next()?))
}

/// Each `<tag ...>` in `html` with the text up to its `</tag>` (empty for `input`).
fn elements<'a>(html: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i..];
        let end = rest.find('>').expect("tag ends");
        let head = &rest[..end];
        rest = &rest[end + 1..];
        let body = if tag == "input" {
            ""
        } else {
            let j = rest.find(&close).expect("element is closed");
            let body = &rest[..j];
            rest = &rest[j..];
            body
        };
        out.push((head, body));
    }
    out
}

/// What a person types into an empty box the test fills: a plausible answer.
fn typed(name: &str) -> &'static str {
    match name {
        "name" => "New Representative",
        "email" => "new.rep@party.kz",
        "note" => "Checked on site.",
        _ => "",
    }
}

/// The POST forms of a page, but signing out.
fn forms(html: &str) -> Vec<Form> {
    elements(html, "form")
        .into_iter()
        .filter(|(head, _)| attr(head, "method").as_deref() == Some("post"))
        .filter_map(|(head, body)| {
            let action = attr(head, "action")?;
            let mut fields = Vec::new();
            for (input, _) in elements(body, "input") {
                let Some(name) = attr(input, "name") else {
                    continue;
                };
                let value = attr(input, "value").unwrap_or_default();
                let value = if value.is_empty() {
                    typed(&name).to_string()
                } else {
                    value
                };
                fields.push((name, value));
            }
            for (area, content) in elements(body, "textarea") {
                let name = attr(area, "name").expect("textarea has a name");
                let content = unescape(content);
                let content = if content.is_empty() {
                    typed(&name).to_string()
                } else {
                    content
                };
                fields.push((name, content));
            }
            let lists = elements(body, "select")
                .into_iter()
                .map(|(select, options)| {
                    let name = attr(select, "name").expect("select has a name");
                    let values = elements(options, "option")
                        .into_iter()
                        .map(|(o, _)| attr(o, "value").expect("option has a value"))
                        .collect();
                    (name, values)
                })
                .collect();
            Some(Form {
                action,
                fields,
                lists,
            })
        })
        .filter(|f| f.action != "/logout")
        .collect()
}

/// Every filling of `form` worth sending: the page's defaults, then each option of each
/// list with the others at their first.
fn fillings(form: &Form) -> Vec<Vec<(String, String)>> {
    let first = |skip: Option<&str>| -> Vec<(String, String)> {
        let mut v = form.fields.clone();
        for (name, options) in &form.lists {
            if Some(name.as_str()) != skip
                && let Some(o) = options.first()
            {
                v.push((name.clone(), o.clone()));
            }
        }
        v
    };
    let mut out = vec![first(None)];
    for (name, options) in &form.lists {
        for o in options.iter().skip(1) {
            let mut v = first(Some(name));
            v.push((name.clone(), o.clone()));
            out.push(v);
        }
    }
    out
}

fn options_of<'a>(forms: &'a [Form], action: &str, list: &str) -> &'a [String] {
    forms
        .iter()
        .find(|f| f.action == action)
        .and_then(|f| f.lists.iter().find(|(n, _)| n == list))
        .map_or(&[], |(_, o)| o.as_slice())
}

/// The ids in the actions of the forms like `/prefix/{id}/suffix`.
fn ids_in(forms: &[Form], prefix: &str, suffix: &str) -> BTreeSet<i32> {
    forms
        .iter()
        .filter_map(|f| {
            f.action
                .strip_prefix(prefix)?
                .strip_suffix(suffix)?
                .parse()
                .ok()
        })
        .collect()
}

#[tokio::test]
async fn a_regional_coordinator_is_offered_only_what_the_server_accepts() {
    let app = spawn_app().await;
    app.user(
        "astana@league.kz",
        "Astana coordinator",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    // Rules 1 (KZ-71), 2 (KZ-75), 3 (KZ-71 roads), 4 (any region), 5 (KZ-75 roads).
    let astana_rep = app
        .rep("astana.rep@party.kz", "Astana rep", Some("KZ-71"), None)
        .await;
    let almaty_rep = app
        .rep("almaty@party.kz", "Almaty rep", Some("KZ-75"), None)
        .await;
    let both = app
        .rep(
            "both@party.kz",
            "Both regions",
            Some("KZ-71"),
            Some("roads"),
        )
        .await;
    let national = app
        .rep("national@party.kz", "National rep", None, Some("roads"))
        .await;
    app.rule(both, Some("KZ-75"), Some("roads")).await;
    let idle = app
        .user("idle@party.kz", "No rules", UserRole::Representative, &[])
        .await;
    let (own, _) = app.file_confirmed(&problem_body("KZ-71", "land")).await;
    let (other, _) = app.file_confirmed(&problem_body("KZ-75", "land")).await;
    let b = app.login("astana@league.kz").await;
    let mut pages = Vec::new();
    for path in [
        "/admin/rules".to_string(),
        "/admin/representatives".to_string(),
        "/admin/categories".to_string(),
        "/admin/users".to_string(),
        "/triage".to_string(),
        format!("/workspace/problems/{own}"),
        format!("/workspace/problems/{other}"),
    ] {
        let html = text(&b, app.url(&path)).await;
        pages.push((path, forms(&html)));
    }
    let csrf = TestApp::csrf_of(&text(&b, app.url("/admin/rules")).await);
    let post = async |path: &str, form: &[(String, String)]| -> u16 {
        b.post(app.url(path))
            .form(form)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let with_csrf = |more: &[(&str, &str)]| -> Vec<(String, String)> {
        std::iter::once(("csrf", csrf.as_str()))
            .chain(more.iter().copied())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let all: Vec<&Form> = pages.iter().flat_map(|(_, f)| f).collect();
    let rules_page = &pages[0].1;
    let reps_page = &pages[1].1;

    // What is offered: their region only, their rules only, their representative only.
    assert_eq!(
        options_of(rules_page, "/admin/rules", "region"),
        ["KZ-71"],
        "no other region and not 'any region'"
    );
    let rules_offered = ids_in(rules_page, "/admin/rules/", "/delete");
    assert_eq!(rules_offered, BTreeSet::from([1, 3]));
    let reps_offered = ids_in(reps_page, "/admin/representatives/", "/deactivate");
    assert_eq!(reps_offered, BTreeSet::from([astana_rep]));
    assert!(
        !all.iter()
            .any(|f| f.action == format!("/workspace/problems/{other}")),
        "no actions on another region's problem"
    );
    assert!(
        !all.iter()
            .any(|f| f.action.starts_with("/admin/categories")),
        "coordinators read categories"
    );

    // What is not offered is refused (nothing changes, so these go first).
    for id in (1..=5).filter(|id| !rules_offered.contains(id)) {
        let status = post(&format!("/admin/rules/{id}/delete"), &with_csrf(&[])).await;
        assert_eq!(status, 403, "deleting rule {id}");
    }
    for id in [astana_rep, almaty_rep, both, national, idle] {
        if !reps_offered.contains(&id) {
            let path = format!("/admin/representatives/{id}/deactivate");
            assert_eq!(post(&path, &with_csrf(&[])).await, 403, "{path}");
        }
    }
    let offered = options_of(rules_page, "/admin/rules", "region");
    let codes: Vec<String> = app
        .state
        .reference()
        .regions
        .iter()
        .map(|r| r.code.clone())
        .chain(["*".to_string()])
        .collect();
    for code in codes.iter().filter(|c| !offered.contains(c)) {
        let rep = astana_rep.to_string();
        let form = with_csrf(&[
            ("region", code),
            ("category", "*"),
            ("representative_id", &rep),
        ]);
        assert_eq!(post("/admin/rules", &form).await, 403, "a rule in {code}");
    }
    for action in ["assign", "close", "mark_duplicate"] {
        let own_ref = own.to_string();
        let form = with_csrf(&[
            ("action", action),
            ("note", "Checked."),
            ("representative_id", &astana_rep.to_string()),
            ("duplicate_of", &own_ref),
        ]);
        let path = format!("/workspace/problems/{other}");
        assert_eq!(post(&path, &form).await, 403, "{action} on {path}");
    }
    assert_eq!(app.count("routing_rules").await, 5);

    // What is offered is accepted, each option of each list.
    for (page, forms) in &pages {
        for form in forms {
            for filling in fillings(form) {
                let status = post(&form.action, &filling).await;
                assert!(
                    status != 403 && status < 500,
                    "{page} offers {} with {filling:?}: {status}",
                    form.action
                );
            }
        }
    }
}
