//! `POST /open311/v2/requests.{format}`: the app's key, the form or multipart body (with
//! an optional photo), and the problem filed through the same intake as the web form.

use super::reads::notice;
use super::wire::{Answer, Format, Open311Error, render, split};
use crate::app::AppState;
use crate::domain::input::NewProblem;
use crate::domain::open311 as rules;
use crate::error::{AppError, AppResult};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

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
        "election" => "attribute[election]",
        "polling_station" => "attribute[polling_station]",
        other => other,
    }
}

/// `POST /open311/v2/requests.{format}`: files a problem through the same confirmation,
/// routing and workflow as the web form. Form-encoded body; `api_key` and
/// `jurisdiction_id` may also come in the query string.
pub(super) async fn post_request(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    crate::http::extract::Lang(lang): crate::http::extract::Lang,
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
                    let e = AppError::Other(anyhow::Error::new(e).context("storing media failed"));
                    Open311Error::internal(format, "the media file could not be stored", &e)
                })?,
        ),
        None => None,
    };
    if let Some(name) = &stored {
        form.insert("media_url".into(), st.link(&format!("/media/{name}")));
    }
    // The citizen's language: a `locale` field (`kk`, `ru-KZ`), else `Accept-Language`.
    let lang = form
        .get("locale")
        .and_then(|l| crate::i18n::parse(l))
        .unwrap_or(lang);
    let answer = create(&st, format, &form, trusted, lang).await;
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
            // Decoded, turned upright and re-encoded (`services::photos`): no metadata is
            // left (a phone's EXIF says where the citizen stood).
            let prepared =
                tokio::task::spawn_blocking(move || crate::services::photos::prepare(&bytes))
                    .await
                    .map_err(|e| {
                        let e = AppError::Other(anyhow::Error::new(e).context("preparing media"));
                        Open311Error::internal(format, "the media file could not be read", &e)
                    })?
                    .map_err(|r| match r {
                        crate::services::photos::Refused::NotAnImage => {
                            bad("media must be a well-formed JPEG, PNG or WebP image".into())
                        }
                        crate::services::photos::Refused::TooManyPixels => bad(format!(
                            "media has more than {} pixels",
                            crate::domain::photos::MAX_PIXELS
                        )),
                    })?;
            media = Some((prepared.full, prepared.ext));
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
            let key_id = crate::auth::token_id(st.pepper(), key);
            st.limits
                .check_key(crate::limits::Budget::Open311, &key_id)
                .map_err(|e| Open311Error::from_app(format, e))?;
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
    lang: &'static str,
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
    let bad_fields = |errors: &[crate::domain::input::FieldError]| {
        let lang = crate::error::answer_language();
        let text = errors
            .iter()
            .map(|e| format!("{} {}", open311_field(e.field), e.message.render(lang)))
            .collect::<Vec<_>>()
            .join("; ");
        Open311Error::bad(format, text)
    };
    let id_of = |k: &str| -> Result<Option<i32>, Open311Error> {
        get(k)
            .map(|v| {
                v.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Open311Error::bad(format, format!("{k} must be a whole number above 0"))
                })
            })
            .transpose()
    };
    let election = id_of("attribute[election]")?;
    let station = id_of("attribute[polling_station]")?;
    let mut problem = crate::domain::input::parse_problem(
        &raw,
        |r| reference.has_region(r),
        |c| reference.has_category(c),
    )
    .map_err(|errors| bad_fields(&errors))?;
    // The JSON API's checks: an election category belongs to the election named, else the
    // one on in the problem's region; the station must be that election's, in the region.
    match crate::services::elections::claim(st, &mut problem, election, station).await {
        Ok(()) => {}
        Err(AppError::Invalid(errors)) => return Err(bad_fields(&errors)),
        Err(e) => return Err(Open311Error::from_app(format, e)),
    }
    let token = crate::auth::random_token(24);
    let account_id = get("account_id");
    let private = crate::services::intake::Private {
        open311_token: Some(token.clone()),
        phone: get("phone"),
        device_id: get("device_id"),
        account_id,
        media_url: get("media_url"),
        verified: trusted,
        ..Default::default()
    };
    let id = file(st, problem, lang, private)
        .await
        .map_err(|e| Open311Error::from_app(format, e))?;
    let mut answer = Map::new();
    if trusted {
        // The app verified its user: the problem was confirmed and routed with the
        // submission, in the same transaction.
        answer.insert("service_request_id".into(), json!(id));
    } else {
        answer.insert("token".into(), json!(token));
    }
    answer.insert("service_notice".into(), json!(notice(&category, lang)));
    // Personal fields are never returned, the client's own account id included.
    answer.insert("account_id".into(), Value::Null);
    tracing::info!(problem_id = id, trusted, "open311 request filed");
    Ok(render(
        format,
        "service_requests",
        &Value::Array(vec![Value::Object(answer)]),
    ))
}

/// Files the problem through the intake service and returns its id: the one call into
/// `intake`, kept here so that a change of its answer's shape touches this function only.
async fn file(
    st: &AppState,
    problem: NewProblem,
    lang: &'static str,
    private: crate::services::intake::Private,
) -> AppResult<i32> {
    let submitted = crate::services::intake::submit_with(st, problem, lang, None, private).await?;
    Ok(submitted.id)
}
