//! Admins edit categories: names and descriptions in the three languages, and the
//! deadlines that start when a problem is assigned. Coordinators and monitors may read them.

use super::{PageResult, field_errors, render};
use crate::app::AppState;
use crate::domain::deadlines::Unit;
use crate::domain::input::{FieldError, text};
use crate::domain::permissions::Act;
use crate::entities::category;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, Lang, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::i18n::Text;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};
use serde_json::{Value, json};
use std::collections::HashMap;

async fn page(
    st: &AppState,
    user: &crate::auth::CurrentUser,
    csrf: &CsrfToken,
    extra: Value,
    code: StatusCode,
) -> PageResult {
    let rows = category::Entity::find()
        .order_by_asc(category::Column::Position)
        .all(&st.db)
        .await
        .map_err(AppError::from)?;
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|c| json!({"code": c.code, "group": c.group_code, "name_en": c.name_en, "name_kk": c.name_kk,
            "name_ru": c.name_ru, "description_en": c.description_en,
            "description_kk": c.description_kk, "description_ru": c.description_ru, "ack_amount": c.ack_amount, "ack_unit": c.ack_unit,
            "resolve_amount": c.resolve_amount, "resolve_unit": c.resolve_unit, "active": c.active,
            "voting_day_ack_minutes": c.voting_day_ack_minutes,
            "voting_day_resolve_minutes": c.voting_day_resolve_minutes}))
        .collect();
    let ctx = json!({"rows": rows, "units": ["hours", "calendar_days", "working_days"],
        "can_edit": user.may(Act::EditCategories), "errors": {}, "editing": null,
        "description_max": DESCRIPTION_MAX});
    let ctx = crate::templates::merge(ctx, extra);
    render(st, Some(user), csrf, "pages/categories.html", ctx, code)
}

/// The categories with their deadlines.
pub async fn list(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = super::staff(user)?;
    page(&st, &user, &csrf, json!({}), StatusCode::OK).await
}

/// The longest description, in characters: one sentence, not a regulation.
const DESCRIPTION_MAX: usize = 500;

/// A description (optional, at most [`DESCRIPTION_MAX`] characters); the length rule is
/// told in the page's language.
fn description(
    v: &HashMap<String, String>,
    f: &'static str,
    lang: &str,
) -> Result<String, FieldError> {
    match text(f, v.get(f).map(String::as_str), 0, DESCRIPTION_MAX, false) {
        Ok(d) => Ok(d.unwrap_or_default()),
        Err(e) if e.code == "too_long" => {
            let max = i64::try_from(DESCRIPTION_MAX).unwrap_or(i64::MAX);
            Err(FieldError::new(
                f,
                "too_long",
                crate::i18n::message_with(
                    lang,
                    "categories.description_too_long",
                    &[("max", max.into())],
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

fn amount(v: &HashMap<String, String>, f: &'static str) -> Result<i32, FieldError> {
    v.get(f)
        .and_then(|s| s.trim().parse::<i32>().ok())
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| FieldError::new(f, "out_of_range", "error.field.whole_number_1000"))
}

fn unit(v: &HashMap<String, String>, f: &'static str) -> Result<String, FieldError> {
    v.get(f)
        .and_then(|s| Unit::parse(s.trim()))
        .map(|u| u.as_str().to_string())
        .ok_or_else(|| FieldError::new(f, "unknown_unit", "error.field.unit"))
}

/// Voting-day minutes (issue 20): blank for none, else 1 to `voting_day::MAX_MINUTES`.
fn minutes(v: &HashMap<String, String>, f: &'static str) -> Result<Option<i32>, FieldError> {
    let max = crate::domain::voting_day::MAX_MINUTES;
    let raw = v.get(f).map_or("", |s| s.trim());
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .and_then(|n| i32::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| {
            FieldError::new(
                f,
                "out_of_range",
                Text::key("error.field.voting_day_minutes").arg("max", i64::from(max)),
            )
        })
}

/// Saves one category (admins only).
pub async fn save(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Lang(lang): Lang,
    Path(code): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = super::allowed(user, Act::EditCategories)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let row = category::Entity::find_by_id(code.clone())
        .one(&st.db)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let mut ok = |r: Result<Option<String>, FieldError>| {
        r.unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let name_en = ok(text(
        "name_en",
        v.get("name_en").map(String::as_str),
        2,
        100,
        true,
    ));
    let name_kk = ok(text(
        "name_kk",
        v.get("name_kk").map(String::as_str),
        2,
        100,
        true,
    ));
    let name_ru = ok(text(
        "name_ru",
        v.get("name_ru").map(String::as_str),
        2,
        100,
        true,
    ));
    let [description_en, description_kk, description_ru] =
        ["description_en", "description_kk", "description_ru"].map(|f| {
            description(&v, f, lang)
                .map_err(|e| errors.push(e))
                .unwrap_or_default()
        });
    let ack_amount = amount(&v, "ack_amount").map_err(|e| errors.push(e)).ok();
    let ack_unit = unit(&v, "ack_unit").map_err(|e| errors.push(e)).ok();
    let resolve_amount = amount(&v, "resolve_amount")
        .map_err(|e| errors.push(e))
        .ok();
    let resolve_unit = unit(&v, "resolve_unit").map_err(|e| errors.push(e)).ok();
    let [voting_day_ack, voting_day_resolve] =
        ["voting_day_ack_minutes", "voting_day_resolve_minutes"].map(|f| {
            minutes(&v, f)
                .map_err(|e| errors.push(e))
                .unwrap_or_default()
        });
    if !errors.is_empty() {
        return page(
            &st,
            &user,
            &csrf,
            json!({"errors": field_errors(&csrf, &errors), "editing": code, "v": v}),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mut am: category::ActiveModel = row.into();
    am.name_en = Set(name_en.unwrap_or_default());
    am.name_kk = Set(name_kk.unwrap_or_default());
    am.name_ru = Set(name_ru.unwrap_or_default());
    am.description_en = Set(description_en);
    am.description_kk = Set(description_kk);
    am.description_ru = Set(description_ru);
    am.ack_amount = Set(ack_amount.unwrap_or(1));
    am.ack_unit = Set(ack_unit.unwrap_or_default());
    am.resolve_amount = Set(resolve_amount.unwrap_or(1));
    am.resolve_unit = Set(resolve_unit.unwrap_or_default());
    am.voting_day_ack_minutes = Set(voting_day_ack);
    am.voting_day_resolve_minutes = Set(voting_day_resolve);
    am.active = Set(v.contains_key("active"));
    am.update(&st.db).await.map_err(AppError::from)?;
    st.reload_reference().await.map_err(AppError::from)?;
    tracing::info!(category = %code, user_id = user.id, "category edited");
    Ok(see_other(
        &st,
        "/admin/categories",
        Flash::new("flash.category_saved"),
    ))
}
