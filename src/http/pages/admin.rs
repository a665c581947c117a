//! Coordinators manage representatives and routing rules (monitors may look).

use super::{PageResult, field_errors, manager, render, staff};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::input::{Email, FieldError, text};
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::flash::{Flash, see_other};
use crate::http::query::path_id;
use crate::services::{import, people};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;

async fn reps_page(
    st: &AppState,
    user: &CurrentUser,
    csrf: &CsrfToken,
    extra: Value,
    code: StatusCode,
) -> PageResult {
    let mut reps = people::representatives(st, csrf.lang).await?;
    if !user.manages() {
        for r in &mut reps {
            r.email.clear();
        }
    }
    // "Deactivate" only where the service would do it: the same check, on the same rules.
    let rows: Vec<Value> = reps
        .iter()
        .map(|r| {
            let rules: Vec<Option<String>> = r.rules.iter().map(|x| x.region.clone()).collect();
            let mut row = json!(r);
            row["may_deactivate"] = json!(r.active && user.may_manage_representative(&rules));
            row
        })
        .collect();
    // Someone who may not route "any region" (a blank field) starts from their regions.
    let (regions, regions_hint) = if user.may_route(&[None]) {
        (String::new(), "reps.codes_hint")
    } else {
        (user.regions.join(";"), "reps.own_regions_hint")
    };
    let reference = st.reference();
    let ctx = json!({"reps": rows, "regions": reference.regions,
        "categories": reference.categories, "errors": {}, "v": {"regions": regions},
        "regions_hint": regions_hint});
    let ctx = crate::templates::merge(ctx, extra);
    render(
        st,
        Some(user),
        csrf,
        "pages/representatives.html",
        ctx,
        code,
    )
}

/// Representatives with their rules and load.
pub async fn representatives(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = staff(user)?;
    reps_page(&st, &user, &csrf, json!({}), StatusCode::OK).await
}

fn codes(
    v: &str,
    known: impl Fn(&str) -> bool,
    field: &'static str,
) -> Result<Vec<Option<String>>, FieldError> {
    let v = v.trim();
    if v.is_empty() || v == "*" {
        return Ok(vec![None]);
    }
    v.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|c| {
            if known(c) {
                Ok(Some(c.to_string()))
            } else {
                Err(FieldError::new(
                    field,
                    "unknown_code",
                    crate::i18n::Text::key("error.field.unknown_code")
                        .arg("code", format!("{c:?}")),
                ))
            }
        })
        .collect()
}

/// Adds or updates a representative (keyed by e-mail) with their routing rules.
pub async fn save_representative(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = manager(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let get = |k: &str| v.get(k).map(String::as_str);
    let reference = st.reference();
    let mut errors = Vec::new();
    let name = text("name", get("name"), 2, 200, true).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let position = text("position", get("position"), 1, 200, false).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let email = Email::parse("email", get("email").unwrap_or(""))
        .map_err(|e| errors.push(e))
        .ok();
    let regions = codes(
        get("regions").unwrap_or(""),
        |c| reference.has_region(c),
        "regions",
    )
    .map_err(|e| errors.push(e))
    .ok();
    let categories = codes(
        get("categories").unwrap_or(""),
        |c| reference.has_category(c),
        "categories",
    )
    .map_err(|e| errors.push(e))
    .ok();
    if !errors.is_empty() {
        return reps_page(
            &st,
            &user,
            &csrf,
            json!({"errors": field_errors(&csrf, &errors), "v": v}),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let form = people::RepresentativeForm {
        email: email.expect("ok"),
        name: name.unwrap_or_default(),
        position,
        regions: regions.expect("ok"),
        categories: categories.expect("ok"),
    };
    match people::save_representative(&st, &user, form).await {
        Ok(_) => Ok(see_other(
            &st,
            "/admin/representatives",
            Flash::new("flash.representative_saved"),
        )),
        Err(AppError::Invalid(errs)) => {
            reps_page(
                &st,
                &user,
                &csrf,
                json!({"errors": field_errors(&csrf, &errs), "v": v}),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Deactivates a representative and re-routes their open problems.
pub async fn deactivate(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = manager(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    people::deactivate(&st, &user, path_id(&id)?).await?;
    Ok(see_other(
        &st,
        "/admin/representatives",
        Flash::new("flash.representative_deactivated"),
    ))
}

/// Imports representatives from pasted CSV; all rows or none.
pub async fn import(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = manager(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    match import::import_representatives(&st, Some(&user), v.get("csv").map_or("", String::as_str))
        .await
    {
        Ok(report) => Ok(see_other(
            &st,
            "/admin/representatives",
            Flash::new("flash.imported")
                .with("created", report.created as i64)
                .with("updated", report.updated as i64)
                .with("rules", report.rules as i64),
        )),
        Err(AppError::BadRequest { message, .. }) => {
            reps_page(
                &st,
                &user,
                &csrf,
                json!({"import_error": message.render(csrf.lang), "csv": v.get("csv")}),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The routing rules, most specific first.
pub async fn rules(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
) -> PageResult {
    let user = staff(user)?;
    rules_page(&st, &user, &csrf, json!({}), StatusCode::OK).await
}

async fn rules_page(
    st: &AppState,
    user: &CurrentUser,
    csrf: &CsrfToken,
    extra: Value,
    code: StatusCode,
) -> PageResult {
    let reps = people::representatives(st, csrf.lang).await?;
    let mut rules: Vec<(u8, people::RuleRow, String)> = reps
        .iter()
        .flat_map(|r| {
            r.rules.iter().map(move |x| {
                let spec = u8::from(x.district.is_some()) * 4
                    + u8::from(x.region.is_some()) * 2
                    + u8::from(x.category.is_some());
                (spec, x.clone(), r.name.clone())
            })
        })
        .collect();
    rules.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    // Delete buttons and the regions of the add form: what the service allows this user,
    // asked of the same check (`CurrentUser::may_route`) that it refuses the rest by.
    let rows: Vec<Value> = rules
        .into_iter()
        .map(|(_, r, name)| {
            let may_delete = user.may_route(std::slice::from_ref(&r.region));
            json!({"rule": r, "rep": name, "may_delete": may_delete})
        })
        .collect();
    let reference = st.reference();
    let regions: Vec<_> = reference
        .regions
        .iter()
        .filter(|r| user.may_route(&[Some(r.code.clone())]))
        .collect();
    let ctx = json!({"rules": rows, "reps": reps.iter().filter(|r| r.active).map(|r| json!({"id": r.id, "name": r.name})).collect::<Vec<_>>(),
        "regions": regions, "any_region": user.may_route(&[None]),
        "categories": reference.categories, "errors": {}});
    let ctx = crate::templates::merge(ctx, extra);
    render(st, Some(user), csrf, "pages/rules.html", ctx, code)
}

/// Adds a rule.
pub async fn add_rule(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = manager(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    let reference = st.reference();
    let pick = |k: &str| {
        v.get(k)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && *s != "*")
            .map(str::to_string)
    };
    let region = pick("region");
    let category = pick("category");
    let district = crate::domain::routing::district(v.get("district").map(String::as_str));
    let mut errors = Vec::new();
    let district_length = district.as_ref().map_or(0, |d| d.chars().count());
    if district_length > 200 {
        errors.push(FieldError::new(
            "district",
            "too_long",
            crate::i18n::Text::key("error.field.too_long")
                .arg("max", 200)
                .arg("got", district_length as i64),
        ));
    } else if district.is_some() && region.is_none() {
        errors.push(FieldError::new(
            "district",
            "region_required",
            "error.field.district_needs_region",
        ));
    }
    if region.as_deref().is_some_and(|r| !reference.has_region(r)) {
        errors.push(FieldError::new(
            "region",
            "unknown_region",
            "error.field.not_region",
        ));
    }
    if category
        .as_deref()
        .is_some_and(|c| !reference.has_category(c))
    {
        errors.push(FieldError::new(
            "category",
            "unknown_category",
            "error.field.not_category",
        ));
    }
    let rep = match v
        .get("representative_id")
        .and_then(|s| s.trim().parse::<i32>().ok())
    {
        Some(id) => crate::auth::load_user(&st.db, id)
            .await?
            .filter(|u| u.role == crate::auth::UserRole::Representative)
            .map(|u| u.id),
        None => None,
    };
    if rep.is_none() {
        errors.push(FieldError::new(
            "representative_id",
            "unknown_representative",
            "error.field.choose_representative",
        ));
    }
    if !errors.is_empty() {
        return rules_page(
            &st,
            &user,
            &csrf,
            json!({"errors": field_errors(&csrf, &errors)}),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    people::add_rule_as(
        &st,
        &user,
        rep.expect("checked"),
        region,
        district,
        category,
    )
    .await?;
    Ok(see_other(
        &st,
        "/admin/rules",
        Flash::new("flash.rule_added"),
    ))
}

/// Deletes a rule.
pub async fn delete_rule(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
    Form(v): Form<HashMap<String, String>>,
) -> PageResult {
    let user = manager(user)?;
    csrf.verify(v.get("csrf").map(String::as_str))?;
    people::delete_rule(&st, &user, path_id(&id)?).await?;
    Ok(see_other(
        &st,
        "/admin/rules",
        Flash::new("flash.rule_deleted"),
    ))
}
