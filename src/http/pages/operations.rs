//! Admins' operations pages: the scheduled jobs (last run, duration, outcome, next run),
//! mail that could not be delivered (with a retry button), the public-holiday calendar,
//! and the access log of staff shown citizens' contact details.

use super::{PageResult, field_errors, render};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::input::FieldError;
use crate::domain::permissions::Act;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::services::{personal_data, reference};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The signed-in admin (who runs operations).
fn admin(user: Option<CurrentUser>) -> Result<CurrentUser, super::PageError> {
    super::allowed(user, Act::Operate)
}

/// Each job: schedule, last run, duration, outcome and next run.
pub async fn jobs(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = admin(user)?;
    let rows: Vec<Value> = crate::jobs::list(&st)
        .await
        .map_err(AppError::Other)?
        .into_iter()
        .map(|j| {
            let fmt = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map(|t| crate::locale::fmt_time(&st, csrf.lang, t))
            };
            json!({
                "name": j.name, "schedule": j.schedule, "enabled": j.enabled,
                "last_started": fmt(j.last_started_at), "last_finished": fmt(j.last_finished_at),
                "outcome": j.last_outcome, "summary": j.last_summary.as_deref().map(|s| crate::jobs::stored_text(s, csrf.lang)),
                "duration_ms": j.last_duration_ms, "running_until": fmt(j.running_until),
                "next_run": fmt(j.next_run),
            })
        })
        .collect();
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/jobs.html",
        json!({"rows": rows, "timezone": st.config.app.timezone}),
        StatusCode::OK,
    )
}

/// Dead-lettered mail, and mail still retrying after failures.
pub async fn mail(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = admin(user)?;
    // Citizens' addresses among the recipients are recorded in the access log.
    let rows: Vec<Value> = personal_data::access::troubled_mail(&st, &user)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|m| {
            json!({
                "id": m.id, "recipient": m.recipient, "kind": m.kind, "state": m.state,
                "attempts": m.attempts, "last_error": m.last_error,
                "created": crate::locale::fmt_time(&st, csrf.lang, m.created_at),
                "next_attempt": crate::locale::fmt_time(&st, csrf.lang, m.next_attempt_at),
            })
        })
        .collect();
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/mail.html",
        json!({"rows": rows}),
        StatusCode::OK,
    )
}

/// Puts a dead mail back in the queue with fresh attempts.
pub async fn retry_mail(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<i32>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    if !crate::mail::outbox::retry(&st.db, id, st.clock.now())
        .await
        .map_err(AppError::from)?
    {
        return Err(AppError::NotFound.into());
    }
    tracing::info!(
        outbox_id = id,
        user_id = user.id,
        "dead mail retried by an admin"
    );
    st.mail_ready.notify_one();
    Ok(see_other(
        &st,
        "/admin/mail",
        Flash::new("flash.mail_retried"),
    ))
}

async fn holidays_page(
    st: &AppState,
    user: &CurrentUser,
    csrf: &CsrfToken,
    errors: &[FieldError],
    v: &HashMap<String, String>,
    code: StatusCode,
) -> PageResult {
    let rows: Vec<Value> = reference::holidays(&st.db)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|h| {
            json!({"id": h.id, "year": h.year, "month": h.month, "day": h.day,
                   "name": h.name, "kind": h.kind})
        })
        .collect();
    render(
        st,
        Some(user),
        csrf,
        "pages/holidays.html",
        json!({"rows": rows, "errors": field_errors(csrf, errors), "v": v}),
        code,
    )
}

/// The public-holiday calendar.
pub async fn holidays(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = admin(user)?;
    holidays_page(&st, &user, &csrf, &[], &HashMap::new(), StatusCode::OK).await
}

/// Adds a day: `date` (YYYY-MM-DD), `every_year` (for fixed-date holidays), `name`, `kind`
/// (`day_off` or `working_day`).
pub async fn add_holiday(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    match reference::parse_holiday(&v) {
        Err(errors) => {
            holidays_page(
                &st,
                &user,
                &csrf,
                &errors,
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Ok(h) => {
            reference::add_holiday(&st.db, &h)
                .await
                .map_err(AppError::from)?;
            st.reload_reference().await.map_err(AppError::from)?;
            tracing::info!(user_id = user.id, kind = h.kind.as_str(), "holiday added");
            Ok(see_other(
                &st,
                "/admin/holidays",
                Flash::new("flash.holiday_added"),
            ))
        }
    }
}

/// Removes a day from the calendar.
pub async fn delete_holiday(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<i32>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = admin(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    if !reference::delete_holiday(&st.db, id)
        .await
        .map_err(AppError::from)?
    {
        return Err(AppError::NotFound.into());
    }
    st.reload_reference().await.map_err(AppError::from)?;
    tracing::info!(user_id = user.id, holiday_id = id, "holiday removed");
    Ok(see_other(
        &st,
        "/admin/holidays",
        Flash::new("flash.holiday_deleted"),
    ))
}

/// Rows per page of the access log.
const ACCESS_LOG_PAGE: u64 = 50;

/// The access log: who was shown which citizen's contact details, when and where, newest
/// first (`page` from 1).
pub async fn access_log(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Query(q): Query<HashMap<String, String>>,
) -> PageResult {
    let user = admin(user)?;
    let page =
        match q.get("page").map(|p| p.trim()).filter(|p| !p.is_empty()) {
            None => 1,
            Some(p) => p.parse::<u64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                AppError::field("page", "invalid_page", "error.field.page_number")
            })?,
        };
    let (entries, total) = personal_data::access::page(&st, page, ACCESS_LOG_PAGE)
        .await
        .map_err(AppError::from)?;
    let rows: Vec<Value> = entries
        .into_iter()
        .map(|e| {
            json!({
                "at": crate::locale::fmt_time(&st, csrf.lang, e.at),
                "user_id": e.user_id, "user_name": e.user_name,
                "problem_id": e.problem_id, "reference": e.reference,
                "shown": e.shown, "place": e.place,
            })
        })
        .collect();
    render(
        &st,
        Some(&user),
        &csrf,
        "pages/access_log.html",
        json!({"rows": rows, "total": total, "page": page,
               "pages": total.div_ceil(ACCESS_LOG_PAGE).max(1), "query": ""}),
        StatusCode::OK,
    )
}
