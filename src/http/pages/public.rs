//! Public pages: home, the problem list, a problem's page and the citizen's form.

use super::{PageResult, field_errors, render};
use crate::app::AppState;
use crate::domain::input::{FieldError, RawProblem, parse_problem};
use crate::domain::stats;
use crate::domain::status::Status;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::query::parse_filter;
use crate::http::query::path_id;
use crate::services::{intake, queries};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The home page: what this is, a button to report, the latest problems.
pub async fn home(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let blocks = queries::home_blocks(&st).await?;
    // The dashboards' last 30 days, from their memo: the same figure, no extra queries;
    // left out while they are being counted (just after start-up), never waited for.
    let period = stats::last_days(st.clock.now(), 30, st.tz);
    let (verdicts, counting) =
        match crate::services::stats::facts_now(&st, period, stats::before(period)).await {
            Ok(counted) => {
                let facts = std::sync::Arc::clone(&counted);
                let v = counted
                    .memo("home verdicts".into(), || async move {
                        let c = stats::summarize(&facts.facts, &stats::Scope::all(), |_| Some(()))
                            .remove(&())
                            .unwrap_or_default()
                            .counts;
                        // Fixed, judged, and the share confirmed fixed.
                        let judged = c.fixed + c.reopened + c.no_answer;
                        Ok(json!([c.fixed, judged, c.confirmed_share()]))
                    })
                    .await?;
                ((*v).clone(), false)
            }
            Err(crate::error::AppError::Counting) => (Value::Null, true),
            Err(e) => return Err(e.into()),
        };
    let (fixed, judged) = (
        verdicts[0].as_u64().unwrap_or(0),
        verdicts[1].as_u64().unwrap_or(0),
    );
    // The elections on now, named with a link to their stations and the form.
    let elections: Vec<Value> = crate::services::elections::current(&st, None)
        .await?
        .iter()
        .map(|e| super::elections::view(&st, csrf.lang, e))
        .collect();
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/home.html",
        json!({"elections": elections, "latest": blocks.latest, "total": blocks.total.count,
               "total_exact": blocks.total.exact, "counting": counting, "judged": judged, "fixed": fixed,
               "supported": blocks.supported, "resolved": blocks.resolved,
               "confirmed": verdicts[2].as_f64().map(|s| crate::locale::fmt_percent(csrf.lang, s))}),
        StatusCode::OK,
    )
}

/// The list filters the form does not show, named in the page's language: what the
/// dashboards link with (`list-filter-*`: statuses, flags, dates); a parameter the list
/// does not know keeps its own name and value.
fn filter_named(lang: &str, name: &str, value: &str) -> (String, String) {
    use crate::http::query::ListParam as P;
    const DATES: &[&str] = &[
        "received_from",
        "received_to",
        "acknowledged_from",
        "acknowledged_to",
        "resolved_from",
        "resolved_to",
        "closed_from",
        "closed_to",
        "due_from",
        "due_to",
    ];
    let params = [
        P::Status,
        P::Verdict,
        P::Representative,
        P::Overdue,
        P::Escalated,
    ];
    if !DATES.contains(&name) && !params.iter().any(|p| p.name() == name) {
        return (name.to_string(), value.to_string());
    }
    let label = crate::i18n::message(lang, &format!("list.filter.{name}"));
    let value = match (name, value) {
        ("status", v) => v
            .split(',')
            .map(|s| match Status::parse(s.trim()) {
                Some(s) => crate::i18n::message(lang, &format!("status.{s}")),
                None => s.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        ("verdict", v) => match crate::domain::state::Verdict::parse(v) {
            Some(v) => crate::i18n::message(lang, &format!("verdict.{v}")),
            None => v.to_string(),
        },
        (_, "true") => crate::i18n::message(lang, "dash.yes"),
        (_, "false") => crate::i18n::message(lang, "dash.no"),
        (_, v) => v.to_string(),
    };
    (label, value)
}

/// The public list with filters and paging.
pub async fn list(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let f = parse_filter(&st, &q)?;
    let list = queries::list(&st, &f).await?;
    // A search serves its first `MAX_MATCHES` and counts one more: "more than 1,000".
    let capped = f.q.is_some() && !list.total.exact;
    let served = if capped {
        queries::search::MAX_MATCHES
    } else {
        list.total.count
    };
    let pages = served.div_ceil(f.per_page).max(1);
    let mut keep: Vec<(String, String)> = q
        .iter()
        .filter(|(k, v)| k.as_str() != "page" && k.as_str() != "cursor" && !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    keep.sort();
    let query: String = keep
        .iter()
        .map(|(k, v)| format!("{}={}&", url_encode(k), url_encode(v)))
        .collect();
    let reference = st.reference();
    // Filters the form does not show (the dashboards link here with them) stay visible and
    // are kept when the form is used.
    // (`lang` chose the page's language: not a filter.)
    let shown = [
        "region", "category", "status", "sort", "page", "per_page", "lang", "cursor", "q",
    ];
    let mut more: Vec<(String, String)> = q
        .iter()
        .filter(|(k, v)| {
            (!shown.contains(&k.as_str()) || (k.as_str() == "status" && v.contains(',')))
                && !v.is_empty()
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    more.sort();
    let more: Vec<Value> = more
        .iter()
        .map(|(k, v)| {
            let (name, value) = filter_named(csrf.lang, k, v);
            json!({"name": name, "value": value})
        })
        .collect();
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/problems.html",
        json!({
            "items": list.items, "total": list.total.count, "total_exact": list.total.exact,
            "capped": capped, "max_matches": queries::search::MAX_MATCHES,
            "searching": f.q.is_some(),
            "page": f.page, "pages": pages, "query": query,
            "cursor": f.cursor.map(|c| c.encode()), "next": list.next.map(|c| c.encode()),
            "more": more,
            "status_value": q.get("status"),
            "regions": reference.regions, "categories": reference.categories,
            "statuses": Status::ALL.iter().filter(|s| s.is_public()).map(|s| s.as_str()).collect::<Vec<_>>(),
            "selected": {"region": q.get("region"), "category": q.get("category"),
                         "status": q.get("status"), "representative": q.get("representative"),
                         "sort": q.get("sort"), "q": f.q},
        }),
        StatusCode::OK,
    )
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A problem's public page.
pub async fn show(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
) -> PageResult {
    let view = queries::public_view(&st, path_id(&id)?).await?;
    let local = local_times(&st, csrf.lang, &view);
    // Its entries in the public ledger (the page links each to the API page that holds it).
    let ledger: Vec<Value> = crate::services::ledger::of_problem(&st.db, view.id)
        .await?
        .into_iter()
        .map(|e| {
            json!({"seq": e.seq, "kind": e.kind, "hash": e.hash,
                   "time": crate::locale::fmt_time(&st, csrf.lang, e.created_at)})
        })
        .collect();
    // Admins and the region's coordinators get the redaction form.
    let may_redact = user
        .as_ref()
        .is_some_and(|u| u.may_in(crate::domain::permissions::Act::Redact, &view.region.code));
    // And the form that hides a photo.
    let may_hide = user.as_ref().is_some_and(|u| {
        u.may_in(
            crate::domain::permissions::Act::HidePhoto,
            &view.region.code,
        )
    });
    // The region's coordinators, admins and observers verify an election report (or find
    // it not).
    let may_verify = view.election.is_some()
        && user.as_ref().is_some_and(|u| {
            let rel = crate::domain::status::Relation {
                is_assignee: false,
                covers_region: u.acts_in_region(&view.region.code),
            };
            crate::domain::status::decide(
                view.status,
                crate::domain::status::Action::Verify,
                u.status_role(),
                rel,
                Some("-"),
            )
            .is_ok()
        });
    // An observer scoped to stations verifies at theirs only.
    let may_verify = match (&user, may_verify) {
        (Some(u), true) => {
            crate::services::observers::may_verify_at(&st, u, view.election, view.polling_station)
                .await?
        }
        _ => false,
    };
    // The election it belongs to, named in the reader's language.
    let election = match view.election {
        Some(id) => Some(super::elections::view(
            &st,
            csrf.lang,
            &crate::services::elections::get(&st.db, id).await?,
        )),
        None => None,
    };
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/problem.html",
        json!({"p": view, "local": local, "election": election, "may_verify": may_verify, "ledger": ledger, "may_redact": may_redact,
               "may_hide": may_hide,
               "errors": {}, "v": {}}),
        StatusCode::OK,
    )
}

/// Local (configured zone) renderings of a view's times, keyed like the view.
pub fn local_times(st: &AppState, lang: &str, v: &queries::ProblemView) -> serde_json::Value {
    let f =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| crate::locale::fmt_time(st, lang, t));
    json!({
        "created_at": f(Some(v.created_at)),
        "observed_at": f(v.observed_at),
        "acknowledge_by": f(v.acknowledge_by),
        "resolve_by": f(v.resolve_by),
        "timeline": v.timeline.iter().map(|e| crate::locale::fmt_time(st, lang, e.at)).collect::<Vec<_>>(),
        // The service's own words, in the reader's language (people's notes as written).
        "notes": v.timeline.iter().map(|e| e.system_note.as_ref().map(|n| n.render(st, lang))).collect::<Vec<_>>(),
        "own_notes": v.timeline.iter().map(|e| e.person_note.clone()).collect::<Vec<_>>(),
        // The new status, where the action's name does not already say it.
        "arrows": v.timeline.iter().map(|e| {
            e.to_status.filter(|to| e.from_status != Some(*to) && e.action.names_status() != Some(*to))
        }).collect::<Vec<_>>(),
        // When texts were redacted (the notices say so, with the reason).
        "redactions": v.redactions.iter().map(|r| crate::locale::fmt_date(st, lang, r.at)).collect::<Vec<_>>(),
        "redacted_notes": v.timeline.iter().map(|e| e.redacted.as_ref().map(|r| crate::locale::fmt_date(st, lang, r.at))).collect::<Vec<_>>(),
        "why_here": v.routing.system_note.as_ref().map(|n| n.render(st, lang)),
    })
}

/// The form's context. While elections are on (for the region chosen, if one is), the
/// election categories come first, the form names the elections, and offers them with a
/// station number field.
async fn form_ctx(
    st: &AppState,
    lang: &str,
    values: &HashMap<String, String>,
    errors: serde_json::Value,
) -> Result<serde_json::Value, super::PageError> {
    let reference = st.reference();
    let region = values
        .get("region")
        .map(String::as_str)
        .filter(|r| !r.is_empty());
    let current = crate::services::elections::current(st, region).await?;
    let mut categories = reference.categories.clone();
    if !current.is_empty() {
        // Stable: each group keeps its own order.
        categories.sort_by_key(|c| c.group != crate::domain::elections::ELECTION_GROUP);
    }
    let elections: Vec<Value> = current
        .iter()
        .map(|e| super::elections::view(st, lang, e))
        .collect();
    Ok(
        json!({"regions": reference.regions, "categories": categories,
           "elections": elections,
           "v": values, "errors": errors,
           "photo_megabytes": (st.config.app.media_max_bytes / (1 << 20)).max(1),
           // Stored with the problem: which text the citizen agreed to.
           "consent_version": crate::domain::privacy::CONSENT_VERSION}),
    )
}

/// The citizen's form. `?title=&region=&category=` fill those fields in and show the
/// similar open problems (the suggestions without the script).
pub async fn new_form(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let values: HashMap<String, String> = q
        .into_iter()
        .filter(|(k, _)| {
            ["title", "region", "category", "election", "polling_station"].contains(&k.as_str())
        })
        .collect();
    let similar = super::similar::for_form(&st, &values).await?;
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/problem_form.html",
        crate::templates::merge(form_ctx(&st, csrf.lang, &values, json!({})).await?, similar),
        StatusCode::OK,
    )
}

fn number(
    values: &HashMap<String, String>,
    f: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<f64> {
    let raw = values.get(f).map(|s| s.trim().replace(',', "."))?;
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError::new(f, "invalid_number", "error.field.number"));
            None
        }
    }
}

/// A positive whole number from a form (an election's id, a station's number; `№101`
/// reads as 101), or `None` when blank; the citizen's and the observer's forms.
pub(super) fn whole(
    values: &HashMap<String, String>,
    f: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<i32> {
    let raw = values
        .get(f)
        .map(|s| s.trim().trim_start_matches('№').trim())?;
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i32>() {
        Ok(v) if v > 0 => Some(v),
        _ => {
            errors.push(FieldError::new(
                f,
                "invalid_id",
                "error.field.positive_integer",
            ));
            None
        }
    }
}

/// "Check your e-mail", after the problem form.
pub async fn submitted(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    super::message(
        &st,
        user.as_ref(),
        &csrf,
        "submitted.title",
        "submitted.body",
        None,
    )
}

/// Files a problem from the form; on errors the form comes back with the input kept.
pub async fn submit(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    req: axum::extract::Request,
) -> PageResult {
    // Form-encoded, or multipart with up to five `photos`.
    let upload = crate::http::upload::read_form(&st, req, "photos").await?;
    let values = upload.map();
    csrf.verify(values.get("csrf").map(String::as_str))?;
    let get = |k: &str| values.get(k).cloned();
    let mut errors = Vec::new();
    let raw = RawProblem {
        title: get("title"),
        description: get("description"),
        category: get("category"),
        region: get("region"),
        address: get("address"),
        latitude: number(&values, "latitude", &mut errors),
        longitude: number(&values, "longitude", &mut errors),
        email: get("email"),
        display_name: get("display_name"),
        anonymous: values.contains_key("anonymous"),
        consent: values.contains_key("consent"),
    };
    let election = whole(&values, "election", &mut errors);
    let station = whole(&values, "polling_station", &mut errors);
    let reference = st.reference();
    let mut parsed = parse_problem(
        &raw,
        |r| reference.has_region(r),
        |c| reference.has_category(c),
    );
    if let Ok(p) = &mut parsed
        && errors.is_empty()
    {
        match crate::services::elections::claim(&st, p, election, station).await {
            Ok(()) => {}
            Err(crate::error::AppError::Invalid(mut e)) => errors.append(&mut e),
            Err(e) => return Err(e.into()),
        }
    }
    // The honeypot: a field people never see (the form hides it), which form-filling
    // robots fill in. They get the usual answer, and nothing is stored or sent.
    let robot = values.get("website").is_some_and(|v| !v.is_empty());
    match parsed {
        Ok(_) if robot && errors.is_empty() => {
            tracing::info!("submission with the honeypot field filled in: dropped");
            Ok(Redirect::to("/problems/new/sent").into_response())
        }
        Ok(p) if errors.is_empty() => {
            // A refused photo comes back on the form, and nothing is stored.
            let photos = match crate::services::photos::prepare_all(&st, "photos", upload.files)
                .await
            {
                Ok(photos) => photos,
                Err(crate::error::AppError::Invalid(mut e)) => {
                    errors.append(&mut e);
                    let similar = super::similar::for_form(&st, &values).await?;
                    return render(
                        &st,
                        user.as_ref(),
                        &csrf,
                        "pages/problem_form.html",
                        crate::templates::merge(
                            form_ctx(&st, csrf.lang, &values, field_errors(&csrf, &errors)).await?,
                            similar,
                        ),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    );
                }
                Err(e) => return Err(e.into()),
            };
            let answer = intake::submit(&st, p, csrf.lang, None).await?;
            crate::services::photos::add_filed(&st, answer.id, &photos).await?;
            // Post/redirect/get: reloading the next page files nothing again.
            Ok(Redirect::to("/problems/new/sent").into_response())
        }
        other => {
            if let Err(mut e) = other {
                errors.append(&mut e);
            }
            let similar = super::similar::for_form(&st, &values).await?;
            render(
                &st,
                user.as_ref(),
                &csrf,
                "pages/problem_form.html",
                crate::templates::merge(
                    form_ctx(&st, csrf.lang, &values, field_errors(&csrf, &errors)).await?,
                    similar,
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
