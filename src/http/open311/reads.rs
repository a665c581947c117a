//! Discovery, the services (the categories) and their definitions.

use super::wire::{Answer, Format, Open311Error, render, split};
use crate::app::AppState;
use crate::services::reference::{CategoryRef, Deadline};
use axum::extract::{Path, Query, State};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The specification's token in the discovery document.
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

fn deadline_words(d: &Deadline) -> String {
    let unit = match (d.unit.as_str(), d.amount) {
        ("hours", 1) => "hour",
        ("hours", _) => "hours",
        ("working_days", 1) => "working day",
        ("working_days", _) => "working days",
        (_, 1) => "day",
        _ => "days",
    };
    format!("{} {unit}", d.amount)
}

/// The deadlines of a category in words.
pub(super) fn notice(c: &CategoryRef) -> String {
    format!(
        "A representative acknowledges it within {} and resolves it within {}.",
        deadline_words(&c.acknowledge_within),
        deadline_words(&c.resolve_within)
    )
}

/// `GET /open311/v2/discovery|services|requests.{format}`
pub(super) async fn top(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
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
        "services" => Ok(render(format, "services", &services(&st))),
        "requests" => super::requests::requests(&st, format, &q).await,
        _ => Err(Open311Error::not_found(
            format,
            format!("no such resource: {name}"),
        )),
    }
}

/// Changes whenever a service or a service definition does (category names, groups,
/// deadlines, regions): clients refresh what they cached.
fn changeset(st: &AppState) -> String {
    use sha2::{Digest, Sha256};
    let reference = st.reference();
    let mut h = Sha256::new();
    h.update(services(st).to_string());
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

fn services(st: &AppState) -> Value {
    let reference = st.reference();
    Value::Array(
        reference
            .categories
            .iter()
            .map(|c| {
                json!({
                    "service_code": c.code,
                    "service_name": c.name_en,
                    "description": format!("{}. {}", c.name_en, notice(c)),
                    "metadata": true,
                    "type": "batch",
                    "keywords": format!("{}, {}", c.name_kk, c.name_ru),
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
) -> Answer {
    let Some((code, format)) = split(&file) else {
        return Err(Open311Error::not_found(
            Format::Xml,
            format!("no such resource: {file} (use .xml or .json)"),
        ));
    };
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
    let body = json!({
        "service_code": code,
        "attributes": [
            {
                "variable": true,
                "code": "region",
                "datatype": "singlevaluelist",
                "required": true,
                "datatype_description": "One of Kazakhstan's 20 regions and cities (ISO 3166-2). \
                    When missing, it is derived from lat and long.",
                "order": 1,
                "description": "Region or city",
                "values": regions,
            },
            {
                "variable": true,
                "code": "title",
                "datatype": "string",
                "required": false,
                "datatype_description": "5 to 200 characters",
                "order": 2,
                "description": "A short title; by default the description's first sentence",
                "values": [],
            },
        ],
    });
    Ok(render(format, "service_definition", &body))
}
