//! Service requests (the public problems) as GeoReport shows them, their query, and the
//! tokens of requests not yet confirmed.

use super::reads::notice;
use super::wire::{Answer, Format, Open311Error, render, split};
use crate::app::AppState;
use crate::domain::open311::{self as rules, MAX_IDS, MAX_REQUESTS, WindowError};
use crate::services::open311::{self, RequestQuery, RequestRow};
use axum::extract::{Path, Query, State};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// One service request as GeoReport shows it: `service_name` and `service_notice` in
/// `lang`; `status_notes` keeps the status code and the latest public note as written.
fn request_value(
    st: &AppState,
    r: &RequestRow,
    lang: &str,
    notices: &mut HashMap<String, Option<String>>,
) -> Value {
    let p = &r.problem;
    let reference = st.reference();
    let status = p.status;
    let category = reference.category(&p.category_code);
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("service_request_id", json!(p.id));
    put("status", json!(rules::public_status(status)));
    put(
        "status_notes",
        json!(rules::status_notes(status, r.latest_note.as_deref())),
    );
    put(
        "service_name",
        json!(reference.category_name(&p.category_code, lang)),
    );
    put("service_code", json!(p.category_code));
    // A redacted description or address is gone; the description says what was redacted,
    // when and why (a title is not part of a request).
    let description = std::iter::once(p.description.clone())
        .chain(
            r.redactions
                .iter()
                .filter(|x| x.field != "title")
                .map(|x| crate::services::ledger::redaction_notice(st, lang, x)),
        )
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    put("description", json!(description));
    put("agency_responsible", json!(r.representative));
    // The same three sentences for every request of a category: written once a page.
    let service_notice = notices
        .entry(p.category_code.clone())
        .or_insert_with(|| category.map(|c| notice(c, lang)));
    put("service_notice", json!(service_notice));
    put(
        "requested_datetime",
        json!(rules::w3(p.confirmed_at.unwrap_or(p.created_at), st.tz)),
    );
    put("updated_datetime", json!(rules::w3(p.updated_at, st.tz)));
    put(
        "expected_datetime",
        json!(p.resolve_due_at.map(|t| rules::w3(t, st.tz))),
    );
    put("address", json!(p.address));
    put("address_id", Value::Null);
    put("zipcode", Value::Null);
    put("lat", json!(p.latitude));
    put("long", json!(p.longitude));
    // The citizen's first visible photo, else the address the request was filed with.
    put(
        "media_url",
        json!(r.first_photo.as_ref().or(p.media_url.as_ref())),
    );
    Value::Object(m)
}

fn list_param(q: &HashMap<String, String>, name: &str) -> Vec<String> {
    q.get(name)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn date_param(
    q: &HashMap<String, String>,
    name: &str,
    format: Format,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, Open311Error> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => rules::parse_w3(v).map(Some).ok_or_else(|| {
            Open311Error::bad(
                format,
                format!(
                    "{name} must be a w3 datetime with its offset, e.g. 2026-11-01T00:00:00+05:00"
                ),
            )
        }),
    }
}

fn number_param(
    q: &HashMap<String, String>,
    name: &str,
    default: u64,
    max: u64,
    format: Format,
) -> Result<u64, Open311Error> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                Open311Error::bad(format, format!("{name} must be a number from 1 to {max}"))
            }),
    }
}

/// Reads the GET requests query.
fn request_query(
    st: &AppState,
    q: &HashMap<String, String>,
    format: Format,
) -> Result<RequestQuery, Open311Error> {
    let ids = list_param(q, "service_request_id");
    if !ids.is_empty() {
        if ids.len() > MAX_IDS {
            return Err(Open311Error::bad(
                format,
                format!("service_request_id may list at most {MAX_IDS} ids"),
            ));
        }
        let ids = ids
            .iter()
            .map(|s| {
                s.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Open311Error::bad(
                        format,
                        format!("service_request_id {s:?} is not a request id"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(RequestQuery {
            ids: Some(ids),
            ..Default::default()
        });
    }
    let mut statuses = Vec::new();
    for s in list_param(q, "status") {
        statuses.extend(rules::statuses_of(&s.to_ascii_lowercase()).ok_or_else(|| {
            Open311Error::bad(format, format!("status {s:?} must be open or closed"))
        })?);
    }
    let start = date_param(q, "start_date", format)?;
    let end = date_param(q, "end_date", format)?;
    let window = rules::window(start, end, st.clock.now()).map_err(|e| match e {
        WindowError::EndBeforeStart => {
            Open311Error::bad(format, "end_date must not be before start_date")
        }
        WindowError::TooLong => Open311Error::bad(
            format,
            format!(
                "start_date and end_date may span at most {} days",
                rules::MAX_SPAN_DAYS
            ),
        ),
    })?;
    let page_size = number_param(q, "page_size", MAX_REQUESTS, MAX_REQUESTS, format)?;
    let words = q.get("q").map(|s| s.trim()).filter(|s| !s.is_empty());
    if let Some(Err(e)) = words.map(crate::domain::search::terms) {
        return Err(Open311Error::bad(format, e.to_string()));
    }
    Ok(RequestQuery {
        ids: None,
        q: words.map(String::from),
        service_codes: list_param(q, "service_code"),
        statuses,
        window: Some(window),
        // Offset paging reaches the first MAX_OFFSET requests; deeper, the Link header.
        page: number_param(q, "page", 1, MAX_OFFSET / page_size + 1, format)?,
        page_size,
        after: match q.get("cursor").map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => Some(c.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                Open311Error::bad(
                    format,
                    "cursor must be the service_request_id a Link rel=\"next\" header gave",
                )
            })?),
        },
    })
}

/// `GET /open311/v2/requests.{format}`
pub(super) async fn requests(
    st: &AppState,
    format: Format,
    q: &HashMap<String, String>,
    lang: &'static str,
) -> Answer {
    let query = request_query(st, q, format)?;
    let (rows, next) = open311::requests(st, &query).await.map_err(|e| match e {
        crate::error::AppError::NotFound => Open311Error::bad(
            format,
            "cursor is not a public service request: use the Link rel=\"next\" header",
        ),
        e => Open311Error::from_app(format, e),
    })?;
    let mut notices = HashMap::new();
    let body = Value::Array(
        rows.iter()
            .map(|r| request_value(st, r, lang, &mut notices))
            .collect(),
    );
    let mut answer = render(format, "service_requests", &body);
    if let Some(after) = next {
        // RFC 8288: the next page, after the last request here (keyset paging).
        let path = format!("/open311/v2/requests.{}", format.extension());
        let mut keep: HashMap<String, String> = q.clone();
        keep.remove("page");
        let cursor = crate::services::queries::Cursor {
            id: after,
            supporters: None,
        };
        let href = st.link(&crate::http::query::list::next_href(&path, &keep, &cursor));
        if let Ok(v) = axum::http::HeaderValue::from_str(&format!("<{href}>; rel=\"next\"")) {
            answer.headers_mut().insert(axum::http::header::LINK, v);
        }
    }
    Ok(answer)
}

/// How deep `page` reaches (offset paging); deeper pages follow the `Link` header.
const MAX_OFFSET: u64 = crate::services::queries::MAX_OFFSET;

/// `GET /open311/v2/requests/{service_request_id}.{format}`
pub(super) async fn request(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Answer {
    let lang = super::reads::language(&st, &q, &headers);
    let Some((id, format)) = split(&file) else {
        return Err(Open311Error::not_found(
            Format::Xml,
            format!("no such resource: {file} (use .xml or .json)"),
        ));
    };
    let missing = || Open311Error::not_found(format, format!("service request {id} was not found"));
    let id: i32 = id.parse().ok().filter(|n| *n > 0).ok_or_else(missing)?;
    let rows = open311::requests(
        &st,
        &RequestQuery {
            ids: Some(vec![id]),
            ..Default::default()
        },
    )
    .await
    .map_err(|e| Open311Error::from_app(format, e))?
    .0;
    if rows.is_empty() {
        return Err(missing());
    }
    let mut notices = HashMap::new();
    let body = Value::Array(
        rows.iter()
            .map(|r| request_value(&st, r, lang, &mut notices))
            .collect(),
    );
    Ok(render(format, "service_requests", &body))
}

/// `GET /open311/v2/tokens/{token}.{format}`: the token alone until the citizen confirms,
/// then with its `service_request_id`.
pub(super) async fn token(State(st): State<AppState>, Path(file): Path<String>) -> Answer {
    let Some((token, format)) = split(&file) else {
        return Err(Open311Error::not_found(
            Format::Xml,
            format!("no such resource: {file} (use .xml or .json)"),
        ));
    };
    let found = open311::by_token(&st, token)
        .await
        .map_err(|e| Open311Error::from_app(format, e))?
        .ok_or_else(|| Open311Error::not_found(format, "token was not found"))?;
    let mut m = Map::new();
    if let Some(id) = found {
        m.insert("service_request_id".into(), json!(id));
    }
    m.insert("token".into(), json!(token));
    Ok(render(
        format,
        "service_requests",
        &Value::Array(vec![Value::Object(m)]),
    ))
}
