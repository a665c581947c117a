//! Discovery, the services (the categories) and their definitions.

use super::wire::{Answer, Format, Open311Error, render, split};
use crate::app::AppState;
use crate::services::reference::{CategoryRef, Deadline};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The specification's token in the discovery document.
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// A deadline in words in `lang` (`2 working days`, `24 часов`), from the catalogs.
fn deadline_words(d: &Deadline, lang: &str) -> String {
    let key = match d.unit.as_str() {
        "hours" => "open311.deadline_hours",
        "working_days" => "open311.deadline_working_days",
        _ => "open311.deadline_calendar_days",
    };
    crate::i18n::message_with(lang, key, &[("count", i64::from(d.amount).into())])
}

/// The deadlines of a category in words, in `lang`.
pub(super) fn notice(c: &CategoryRef, lang: &str) -> String {
    crate::i18n::message_with(
        lang,
        "open311.notice",
        &[
            (
                "acknowledge",
                deadline_words(&c.acknowledge_within, lang).into(),
            ),
            ("resolve", deadline_words(&c.resolve_within, lang).into()),
        ],
    )
}

/// The language of a read: the `locale` parameter (`kk`, `kk_KZ`, `ru-RU`), else the
/// first of `Accept-Language` we have, else `app.default_language`.
pub(super) fn language(
    st: &AppState,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
) -> &'static str {
    q.get("locale")
        .and_then(|l| crate::i18n::parse(l))
        .unwrap_or_else(|| crate::http::extract::api_language(st, headers))
}

/// An answer whose words depend on the language: it says which (`Content-Language`),
/// that caches must keep one copy per `Accept-Language` (`Vary`), and carries an `ETag`
/// of its body, so it differs per language and changes when a category is edited; a
/// client that sends that tag back in `If-None-Match` gets a 304 without the body.
fn in_language(
    format: Format,
    root: &str,
    body: &Value,
    lang: &str,
    headers: &HeaderMap,
) -> Response {
    use sha2::{Digest, Sha256};
    let mut r = render(format, root, body);
    let mut h = Sha256::new();
    h.update(lang);
    h.update(body.to_string());
    let d = h.finalize();
    let etag = format!(
        "\"{}-{}\"",
        crate::auth::hex(&d[..8]),
        match format {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    );
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    if fresh {
        r = StatusCode::NOT_MODIFIED.into_response();
    }
    let h = r.headers_mut();
    for (name, value) in [
        (header::CONTENT_LANGUAGE, lang.to_string()),
        (header::VARY, "Accept-Language".to_string()),
        (header::ETAG, etag),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    r
}

/// `GET /open311/v2/discovery|services|requests.{format}`
pub(super) async fn top(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Answer {
    // A parameter declared several times (status=open&status=closed) is one comma list.
    let mut q: HashMap<String, String> = HashMap::new();
    for (k, v) in pairs {
        q.entry(k)
            .and_modify(|e| {
                e.push(',');
                e.push_str(&v);
            })
            .or_insert(v);
    }
    let Some((name, format)) = split(&file) else {
        return Err(Open311Error::not_found(
            Format::Xml,
            format!("no such resource: {file} (use .xml or .json)"),
        ));
    };
    match name {
        "discovery" => Ok(render(format, "discovery", &discovery(&st))),
        "services" => {
            let lang = language(&st, &q, &headers);
            Ok(in_language(
                format,
                "services",
                &services(&st, lang),
                lang,
                &headers,
            ))
        }
        "requests" => {
            let lang = language(&st, &q, &headers);
            // Up to 1,000 requests per answer: the same page in the same language is
            // kept for a moment (see `http::answers`).
            let mut pairs: Vec<(&String, &String)> = q.iter().collect();
            pairs.sort();
            let key = format!("{file} {lang} {pairs:?}");
            let max_age = std::time::Duration::from_secs(st.config.dashboard.max_age_seconds);
            let generation = st.stats.generation();
            st.answers
                .get(key, max_age, generation, || {
                    super::requests::requests(&st, format, &q, lang)
                })
                .await
        }
        _ => Err(Open311Error::not_found(
            format,
            format!("no such resource: {name}"),
        )),
    }
}

/// Changes whenever a service or a service definition does (category names and
/// descriptions in any language, groups, deadlines, regions): clients refresh what they
/// cached.
fn changeset(st: &AppState) -> String {
    use sha2::{Digest, Sha256};
    let reference = st.reference();
    let mut h = Sha256::new();
    for (lang, _) in crate::i18n::CATALOGS {
        h.update(services(st, lang).to_string());
    }
    for r in &reference.regions {
        h.update(&r.code);
        h.update(&r.name_en);
    }
    let d = h.finalize();
    crate::auth::hex(&d[..8])
}

fn discovery(st: &AppState) -> Value {
    let changeset = changeset(st);
    json!({
        "changeset": changeset,
        "contact": format!("{}: {}", st.config.organisation.name, st.config.base_url()),
        "key_service": "Reading needs no key. To file requests, ask the league's administrators \
            for an api_key (issued with `civic-tracker token create --email E --open311`). \
            Every request must carry the citizen's email: it is private, and the citizen \
            confirms the request from the e-mail we send.",
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": st.link("/open311/v2"),
            "changeset": changeset,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    })
}

/// The services in `lang`: the category's name, and its description (else its name)
/// followed by the deadlines; the keywords are its names in the other languages.
fn services(st: &AppState, lang: &str) -> Value {
    let reference = st.reference();
    Value::Array(
        reference
            .categories
            .iter()
            .map(|c| {
                let about = match c.description(lang) {
                    "" => format!("{}.", c.name(lang)),
                    d => d.to_string(),
                };
                let others: Vec<&str> = crate::i18n::NAMES
                    .iter()
                    .filter(|(l, _)| *l != lang)
                    .map(|(l, _)| c.name(l))
                    .collect();
                json!({
                    "service_code": c.code,
                    "service_name": c.name(lang),
                    "description": format!("{about} {}", notice(c, lang)),
                    "metadata": true,
                    "type": "batch",
                    "keywords": others.join(", "),
                    "group": c.group,
                })
            })
            .collect(),
    )
}

/// `GET /open311/v2/services/{service_code}.{format}`
pub(super) async fn service_definition(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Answer {
    let Some((code, format)) = split(&file) else {
        return Err(Open311Error::not_found(
            Format::Xml,
            format!("no such resource: {file} (use .xml or .json)"),
        ));
    };
    let lang = language(&st, &q, &headers);
    let reference = st.reference();
    if reference.category(code).is_none() {
        return Err(Open311Error::not_found(
            format,
            format!("service_code {code} was not found"),
        ));
    }
    let regions: Vec<Value> = reference
        .regions
        .iter()
        .map(|r| json!({"key": r.code, "name": format!("{} / {} / {}", r.name_en, r.name_kk, r.name_ru)}))
        .collect();
    let t = |key: &str| crate::i18n::message(lang, key);
    let mut body = json!({
        "service_code": code,
        "attributes": [
            {
                "variable": true,
                "code": "region",
                "datatype": "singlevaluelist",
                "required": true,
                "datatype_description": t("open311.region_hint"),
                "order": 1,
                "description": t("open311.region"),
                "values": regions,
            },
            {
                "variable": true,
                "code": "title",
                "datatype": "string",
                "required": false,
                "datatype_description": t("open311.title_hint"),
                "order": 2,
                "description": t("open311.title"),
                "values": [],
            },
        ],
    });
    // Election categories (issue 20) name the polling station: required for the category
    // of problems at a station, optional for the others.
    let required = reference.category(code).and_then(|c| {
        crate::domain::open311::station_attribute(crate::domain::elections::CategoryKind::of(
            code, &c.group,
        ))
    });
    if let Some(required) = required
        && let Some(list) = body["attributes"].as_array_mut()
    {
        list.push(json!({
            "variable": true,
            "code": "polling_station",
            "datatype": "string",
            "required": required,
            "datatype_description": t("open311.polling_station_hint"),
            "order": 3,
            "description": t("open311.polling_station"),
            "values": [],
        }));
    }
    Ok(in_language(
        format,
        "service_definition",
        &body,
        lang,
        &headers,
    ))
}
