//! Open311 GeoReport v2 under `/open311/v2`: discovery, services (the categories), service
//! definitions and service requests (public problems), in XML (the required format) and
//! JSON, both built from the same value so they always carry the same data. Errors use the
//! specification's format and statuses only (400, 403, 404).

use crate::app::AppState;
use crate::domain::open311::{self as rules, MAX_IDS, MAX_REQUESTS, WindowError};
use crate::error::AppError;
use crate::services::open311::{self, RequestQuery, RequestRow};
use crate::services::reference::{CategoryRef, Deadline};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt::Write;

/// The specification's token in the discovery document.
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// Routes under `/open311/v2`. `max_body` bounds a POST's whole body (the media file's
/// own limit plus room for the fields).
pub fn router(max_body: usize) -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(top).post(post_request))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(request))
        .route("/open311/v2/tokens/{file}", get(token))
        .method_not_allowed_fallback(method_not_allowed)
        .route("/media/{name}", get(media))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
}

/// A method the resource does not take (PUT, DELETE...): 405 with an `Allow` header, in
/// the specification's error format, XML or JSON after the resource's extension.
async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    let format = split(path).map_or(Format::Json, |(_, f)| f);
    let allow = if path.matches('/').count() == 3 {
        "GET, POST"
    } else {
        "GET"
    };
    let mut r = Open311Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format,
        format!("this resource takes {allow} only"),
    )
    .into_response();
    r.headers_mut().insert(
        axum::http::header::ALLOW,
        axum::http::HeaderValue::from_static(allow),
    );
    r
}

/// The response format, from the resource's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// Splits `name.json` / `name.xml`.
fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext.to_ascii_lowercase().as_str() {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, format))
}

/// An Open311 error answer: a list of `code` and `description`.
pub struct Open311Error {
    status: StatusCode,
    description: String,
    format: Format,
}

impl Open311Error {
    fn new(status: StatusCode, format: Format, description: impl Into<String>) -> Self {
        Open311Error {
            status,
            description: description.into(),
            format,
        }
    }

    fn bad(format: Format, description: impl Into<String>) -> Self {
        Open311Error::new(StatusCode::BAD_REQUEST, format, description)
    }

    fn not_found(format: Format, description: impl Into<String>) -> Self {
        Open311Error::new(StatusCode::NOT_FOUND, format, description)
    }

    /// The core's errors in Open311's terms: never a 409 or 422 here.
    fn from_app(format: Format, e: AppError) -> Self {
        let (status, _, message, _) = e.parts();
        match status {
            StatusCode::NOT_FOUND => Open311Error::not_found(format, message),
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => {
                Open311Error::new(StatusCode::FORBIDDEN, format, message)
            }
            s if s.is_server_error() => {
                tracing::error!(error = %message, "open311 request failed");
                Open311Error::bad(
                    format,
                    "the request could not be processed; please try again",
                )
            }
            _ => Open311Error::bad(format, message),
        }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let body = json!([{"code": self.status.as_u16(), "description": self.description}]);
        let mut r = render(self.format, "errors", &body);
        *r.status_mut() = self.status;
        r
    }
}

type Answer = Result<Response, Open311Error>;

/// The element name of one item of list `name`.
fn item_name(list: &str) -> &'static str {
    match list {
        "services" => "service",
        "attributes" => "attribute",
        "values" => "value",
        "endpoints" => "endpoint",
        "formats" => "format",
        "service_requests" => "request",
        "errors" => "error",
        _ => "item",
    }
}

fn xml_value(out: &mut String, name: &str, v: &Value) {
    let _ = write!(out, "<{name}>");
    match v {
        Value::Null => {}
        Value::String(s) => crate::http::xml_escape(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Array(items) => {
            let item = item_name(name);
            for i in items {
                xml_value(out, item, i);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                xml_value(out, k, v);
            }
        }
    }
    let _ = write!(out, "</{name}>");
}

/// The XML form of `body` under element `root` (a list's items get their singular names,
/// as the specification's examples show).
pub fn to_xml(root: &str, body: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml_value(&mut out, root, body);
    out.push('\n');
    out
}

fn render(format: Format, root: &str, body: &Value) -> Response {
    match format {
        Format::Json => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string(),
        )
            .into_response(),
        Format::Xml => (
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            to_xml(root, body),
        )
            .into_response(),
    }
}

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
fn notice(c: &CategoryRef) -> String {
    format!(
        "A representative acknowledges it within {} and resolves it within {}.",
        deadline_words(&c.acknowledge_within),
        deadline_words(&c.resolve_within)
    )
}

/// `GET /open311/v2/discovery|services|requests.{format}`
async fn top(
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
        "requests" => requests(&st, format, &q).await,
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
async fn service_definition(State(st): State<AppState>, Path(file): Path<String>) -> Answer {
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

/// One service request as GeoReport shows it.
fn request_value(st: &AppState, r: &RequestRow) -> Value {
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
        json!(reference.category_name(&p.category_code)),
    );
    put("service_code", json!(p.category_code));
    put("description", json!(p.description));
    put("agency_responsible", json!(r.representative));
    put("service_notice", json!(category.map(notice)));
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
    put("media_url", json!(p.media_url));
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
    Ok(RequestQuery {
        ids: None,
        service_codes: list_param(q, "service_code"),
        statuses,
        window: Some(window),
        page: number_param(q, "page", 1, 1_000_000, format)?,
        page_size: number_param(q, "page_size", MAX_REQUESTS, MAX_REQUESTS, format)?,
    })
}

/// `GET /open311/v2/requests.{format}`
async fn requests(st: &AppState, format: Format, q: &HashMap<String, String>) -> Answer {
    let query = request_query(st, q, format)?;
    let rows = open311::requests(st, &query)
        .await
        .map_err(|e| Open311Error::from_app(format, e))?;
    let body = Value::Array(rows.iter().map(|r| request_value(st, r)).collect());
    Ok(render(format, "service_requests", &body))
}

/// `GET /open311/v2/requests/{service_request_id}.{format}`
async fn request(State(st): State<AppState>, Path(file): Path<String>) -> Answer {
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
    .map_err(|e| Open311Error::from_app(format, e))?;
    if rows.is_empty() {
        return Err(missing());
    }
    let body = Value::Array(rows.iter().map(|r| request_value(&st, r)).collect());
    Ok(render(format, "service_requests", &body))
}

/// The core's field names in Open311's terms.
fn open311_field(core: &str) -> &str {
    match core {
        "title" => "attribute[title]",
        "region" => "attribute[region]",
        "category" => "service_code",
        "latitude" => "lat",
        "longitude" => "long",
        "address" => "address_string",
        "display_name" => "first_name",
        other => other,
    }
}

/// `POST /open311/v2/requests.{format}`: files a problem through the same confirmation,
/// routing and workflow as the web form. Form-encoded body; `api_key` and
/// `jurisdiction_id` may also come in the query string.
async fn post_request(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    req: axum::extract::Request,
) -> Answer {
    let Some(("requests", format)) = split(&file) else {
        return Err(Open311Error::not_found(
            split(&file).map_or(Format::Xml, |(_, f)| f),
            format!("cannot POST to {file}"),
        ));
    };
    let mut form: HashMap<String, String> = query.into_iter().collect();
    // A key in the query string is checked before the body is read.
    if form.contains_key("api_key") {
        app_key(&st, &form, format).await?;
    }
    let (fields, media) = read_body(&st, req, format).await?;
    form.extend(fields);
    let trusted = app_key(&st, &form, format).await?;
    if let Some(url) = form.get("media_url")
        && !url.trim().is_empty()
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(Open311Error::bad(
            format,
            "media_url must be an http(s) address",
        ));
    }
    // A photo is stored first (its address goes into the request) and removed again if
    // the request is refused.
    let stored = match media {
        Some((bytes, ext)) => Some(
            crate::services::media::store(&st, &bytes, ext)
                .await
                .map_err(|e| {
                    tracing::error!(error = %e, "storing media failed");
                    Open311Error::bad(format, "the media file could not be stored")
                })?,
        ),
        None => None,
    };
    if let Some(name) = &stored {
        form.insert("media_url".into(), st.link(&format!("/media/{name}")));
    }
    let answer = create(&st, format, &form, trusted).await;
    if let (Err(_), Some(name)) = (&answer, &stored) {
        crate::services::media::remove(&st, name).await;
    }
    answer
}

/// The fields of a form-encoded or multipart body, and the multipart `media` image.
async fn read_body(
    st: &AppState,
    req: axum::extract::Request,
    format: Format,
) -> Result<(Vec<(String, String)>, Option<(Vec<u8>, &'static str)>), Open311Error> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        let body = axum::body::to_bytes(req.into_body(), 256 * 1024)
            .await
            .map_err(|_| {
                Open311Error::bad(format, "the request body is too large (at most 256 KiB)")
            })?;
        let fields = url::form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        return Ok((fields, None));
    }
    let bad = |m: String| Open311Error::bad(format, m);
    let mut mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| bad(format!("the multipart body cannot be read: {e}")))?;
    let max = st.config.app.media_max_bytes;
    let mut fields = Vec::new();
    let mut media = None;
    let mut count = 0;
    while let Some(mut field) = mp
        .next_field()
        .await
        .map_err(|e| bad(format!("the multipart body cannot be read: {e}")))?
    {
        count += 1;
        if count > 100 {
            return Err(bad("too many fields (at most 100)".into()));
        }
        let name = field.name().unwrap_or_default().to_string();
        if name == "media" {
            let mut bytes = Vec::new();
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| bad(format!("media cannot be read: {e}")))?
            {
                if bytes.len() + chunk.len() > max {
                    return Err(bad(format!("media is larger than {max} bytes")));
                }
                bytes.extend_from_slice(&chunk);
            }
            if bytes.is_empty() {
                continue;
            }
            // Stored without its metadata: a phone's EXIF says where the citizen stood.
            let (ext, clean) =
                crate::services::media::without_metadata(&bytes).ok_or_else(|| {
                    bad("media must be a well-formed JPEG, PNG, GIF or WebP image".into())
                })?;
            media = Some((clean, ext));
        } else {
            let text = field
                .text()
                .await
                .map_err(|e| bad(format!("{name} cannot be read: {e}")))?;
            if text.len() > 64 * 1024 {
                return Err(bad(format!("{name} is too long")));
            }
            fields.push((name, text));
        }
    }
    Ok((fields, media))
}

/// `GET /media/{name}`: a stored photo.
async fn media(State(st): State<AppState>, Path(name): Path<String>) -> Response {
    // Only a confirmed problem's photo is public.
    let url = st.link(&format!("/media/{name}"));
    match open311::media_is_public(&st, &url).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return Open311Error::from_app(Format::Xml, e).into_response(),
    }
    match crate::services::media::read(&st, &name).await {
        Some((bytes, ctype)) => (
            [
                (header::CONTENT_TYPE, ctype),
                (header::CACHE_CONTROL, "public, max-age=86400"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Checks the `api_key`: 403 without a valid one; whether the app is trusted.
async fn app_key(
    st: &AppState,
    form: &HashMap<String, String>,
    format: Format,
) -> Result<bool, Open311Error> {
    let key = form.get("api_key").map(|v| v.trim()).unwrap_or_default();
    if key.is_empty() {
        return Err(Open311Error::new(
            StatusCode::FORBIDDEN,
            format,
            "api_key is required to create a request",
        ));
    }
    let now = st.clock.now();
    for kind in [
        crate::auth::kind::OPEN311_TRUSTED,
        crate::auth::kind::OPEN311,
    ] {
        if crate::auth::authenticate(&st.db, st.pepper(), key, kind, now)
            .await
            .map_err(|e| Open311Error::from_app(format, e))?
            .is_some()
        {
            return Ok(kind == crate::auth::kind::OPEN311_TRUSTED);
        }
    }
    Err(Open311Error::new(
        StatusCode::FORBIDDEN,
        format,
        "Invalid api_key received -- can't proceed with create_request",
    ))
}

/// Validates a POST's fields and files the problem (the key is already checked).
async fn create(
    st: &AppState,
    format: Format,
    form: &HashMap<String, String>,
    trusted: bool,
) -> Answer {
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(code) = get("service_code") else {
        return Err(Open311Error::bad(format, "service_code is required"));
    };
    let reference = st.reference();
    let Some(category) = reference.category(&code).cloned() else {
        return Err(Open311Error::not_found(
            format,
            format!("service_code {code} was not found"),
        ));
    };
    let Some(email) = get("email") else {
        return Err(Open311Error::bad(
            format,
            "email is required: the citizen confirms the request and follows it by e-mail",
        ));
    };
    let description = get("description").unwrap_or_default();
    let chars = description.chars().count();
    if !(20..=4000).contains(&chars) {
        return Err(Open311Error::bad(
            format,
            format!("description must be 20 to 4,000 characters (got {chars})"),
        ));
    }
    let number = |k: &str| -> Result<Option<f64>, Open311Error> {
        get(k)
            .map(|v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| Open311Error::bad(format, format!("{k} must be a number")))
            })
            .transpose()
    };
    let (lat, long) = (number("lat")?, number("long")?);
    let region = match (get("attribute[region]"), lat, long) {
        (Some(r), _, _) => r,
        (None, Some(la), Some(lo))
            if (40.5..=55.5).contains(&la) && (46.4..=87.4).contains(&lo) =>
        {
            rules::region_near(la, lo).to_string()
        }
        _ => {
            return Err(Open311Error::bad(
                format,
                "attribute[region] is required (or lat and long inside Kazakhstan, from which it is derived)",
            ));
        }
    };
    let title = get("attribute[title]").unwrap_or_else(|| rules::title_from(&description));
    let name = [get("first_name"), get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let raw = crate::domain::input::RawProblem {
        title: Some(title),
        description: Some(description),
        category: Some(category.code.clone()),
        region: Some(region),
        address: get("address_string"),
        latitude: lat,
        longitude: long,
        email: Some(email),
        display_name: (!name.is_empty()).then_some(name),
        // Open311 names are personal fields: kept for coordinators, never published.
        anonymous: true,
        consent: true,
    };
    let problem = crate::domain::input::parse_problem(
        &raw,
        |r| reference.has_region(r),
        |c| reference.has_category(c),
    )
    .map_err(|errors| {
        let text = errors
            .iter()
            .map(|e| format!("{} {}", open311_field(e.field), e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Open311Error::bad(format, text)
    })?;
    let token = crate::auth::random_token(24);
    let account_id = get("account_id");
    let submitted = crate::services::intake::submit_with(
        st,
        problem,
        None,
        crate::services::intake::Private {
            open311_token: Some(token.clone()),
            phone: get("phone"),
            device_id: get("device_id"),
            account_id,
            media_url: get("media_url"),
            verified: trusted,
        },
    )
    .await
    .map_err(|e| Open311Error::from_app(format, e))?;
    let id = submitted.body["id"].as_i64().unwrap_or_default() as i32;
    let mut answer = Map::new();
    if trusted {
        // The app verified its user: the problem was confirmed and routed with the
        // submission, in the same transaction.
        answer.insert("service_request_id".into(), json!(id));
    } else {
        answer.insert("token".into(), json!(token));
    }
    answer.insert("service_notice".into(), json!(notice(&category)));
    // Personal fields are never returned, the client's own account id included.
    answer.insert("account_id".into(), Value::Null);
    tracing::info!(problem_id = id, trusted, "open311 request filed");
    Ok(render(
        format,
        "service_requests",
        &Value::Array(vec![Value::Object(answer)]),
    ))
}

/// `GET /open311/v2/tokens/{token}.{format}`: the token alone until the citizen confirms,
/// then with its `service_request_id`.
async fn token(State(st): State<AppState>, Path(file): Path<String>) -> Answer {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_lists_get_singular_items_and_text_is_escaped() {
        let body = json!([{"code": 400, "description": "a < b & \"c\"\u{1}"}]);
        assert_eq!(
            to_xml("errors", &body),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>400</code>\
             <description>a &lt; b &amp; &quot;c&quot;</description></error></errors>\n"
        );
        let def = json!({"service_code": "roads", "attributes": [{"values": [{"key": "KZ-71", "name": "Астана"}]}]});
        let xml = to_xml("service_definition", &def);
        assert!(xml.contains("<attributes><attribute><values><value><key>KZ-71</key><name>Астана</name></value></values></attribute></attributes>"), "{xml}");
        assert!(to_xml("x", &json!({"a": null})).contains("<a></a>"));
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(split("services.json"), Some(("services", Format::Json)));
        assert_eq!(split("roads.XML"), Some(("roads", Format::Xml)));
        assert_eq!(split("services"), None);
        assert_eq!(split("services.csv"), None);
    }
}
