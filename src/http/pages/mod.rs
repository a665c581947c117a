//! Server-rendered HTML pages. Every form works without JavaScript and carries the CSRF
//! token; errors re-render the form with the message next to the field.

mod account;
mod admin;
mod categories;
mod charts;
mod citizen;
pub mod dashboard;
mod election_live;
mod election_report;
mod elections;
mod export;
mod feeds;
mod observer;
mod operations;
mod photos;
mod public;
mod redact;
mod replies;
mod similar;
mod support;
mod users;
mod workspace;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::permissions::Act;
use crate::error::AppError;
use crate::http::extract::CsrfToken;
use crate::i18n::Text;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

/// Routes of the pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(public::home))
        .route("/problems", get(public::list))
        .route(
            "/problems/new",
            // The form's photos: `http::upload` limits the body itself.
            post(public::submit)
                .layer(axum::extract::DefaultBodyLimit::disable())
                .get(public::new_form),
        )
        .route("/problems/new/sent", get(public::submitted))
        .route("/problems/new/similar", get(similar::part))
        .route("/assets/similar.js", get(similar::script))
        .route("/problems/{id}", get(public::show))
        .route("/dashboard", get(dashboard::overview))
        .route("/dashboard/regions", get(dashboard::regions))
        .route(
            "/dashboard/representatives",
            get(dashboard::representatives),
        )
        .route(
            "/dashboard/representatives/{id}",
            get(dashboard::representative),
        )
        .route("/dashboard/categories", get(dashboard::categories))
        .route("/dashboard/overdue", get(dashboard::overdue))
        .route("/feeds/problems.atom", get(feeds::problems))
        .route("/feeds/ledger.atom", get(feeds::ledger))
        .route("/feeds/elections/{file}", get(feeds::election))
        .route("/export/problems.csv", get(export::csv))
        .route("/export/problems.json", get(export::json))
        .route("/problems/{id}/support", post(support::add))
        .route("/problems/{id}/redact", post(redact::submit))
        .route("/photos/{id}/hide", post(photos::hide))
        .route("/problems/{id}/support/sent", get(support::sent))
        .route(
            "/support/confirm/{token}",
            get(support::confirm_form).post(support::confirm),
        )
        .route(
            "/support/stop/{id}/{sig}",
            get(support::stop_form).post(support::stop),
        )
        .route(
            "/replies/{id}/undo/{token}",
            get(replies::undo_form).post(replies::undo),
        )
        .route(
            "/confirm/{token}",
            get(citizen::confirm_form).post(citizen::confirm),
        )
        .route("/track/{token}", get(citizen::track))
        .route("/track/{token}/answer", post(citizen::answer))
        .route("/track/{token}/fixed", post(citizen::fixed))
        .route("/track/{token}/not-fixed", post(citizen::not_fixed))
        .route("/track/{token}/withdraw", post(citizen::withdraw))
        .route("/track/{token}/erase", post(citizen::erase))
        .route(
            "/login",
            get(account::login_form).post(account::login_request),
        )
        .route("/login/sent", get(account::login_sent))
        .route(
            "/login/{token}",
            get(account::login_confirm).post(account::login_redeem),
        )
        .route("/logout", post(account::logout))
        .route("/language/{code}", get(account::choose_language))
        .route(
            "/account/sign-out-everywhere",
            post(account::sign_out_everywhere),
        )
        .route("/admin/users", get(users::list))
        .route("/admin/users/{id}/revoke", post(users::revoke))
        .route("/admin/users/{id}/stations", post(users::set_stations))
        .route(
            "/account",
            get(account::account).post(account::save_account),
        )
        .route("/account/language", post(account::save_language))
        .route(
            "/digests/unsubscribe/{id}/{which}/{sig}",
            get(account::unsubscribe_form).post(account::unsubscribe),
        )
        .route("/admin/jobs", get(operations::jobs))
        .route("/admin/mail", get(operations::mail))
        .route("/admin/access-log", get(operations::access_log))
        .route("/admin/mail/{id}/retry", post(operations::retry_mail))
        .route(
            "/admin/holidays",
            get(operations::holidays).post(operations::add_holiday),
        )
        .route(
            "/admin/holidays/{id}/delete",
            post(operations::delete_holiday),
        )
        .route("/workspace", get(workspace::home))
        .route(
            "/workspace/observer",
            // The form's photos: `http::upload` limits the body itself.
            post(observer::file)
                .layer(axum::extract::DefaultBodyLimit::disable())
                .get(observer::home),
        )
        .route(
            "/workspace/problems/{id}",
            // The form's "after" photos: `http::upload` limits the body itself.
            post(workspace::act)
                .layer(axum::extract::DefaultBodyLimit::disable())
                .get(workspace::problem),
        )
        .route("/triage", get(workspace::triage))
        .route(
            "/admin/representatives",
            get(admin::representatives).post(admin::save_representative),
        )
        .route(
            "/admin/representatives/{id}/deactivate",
            post(admin::deactivate),
        )
        .route("/admin/import", post(admin::import))
        .route("/admin/rules", get(admin::rules).post(admin::add_rule))
        .route("/admin/rules/{id}/delete", post(admin::delete_rule))
        .route(
            "/admin/elections",
            get(elections::admin_list).post(elections::admin_create),
        )
        .route(
            "/admin/elections/{id}",
            get(elections::admin_edit).post(elections::admin_save),
        )
        .route("/problems/{id}/verify", post(elections::verify))
        .route("/elections/{id}", get(election_live::live))
        .route("/elections/{id}/report", get(election_report::page))
        .route("/elections/{id}/report.json", get(election_report::json))
        .route("/elections/{id}/report.csv", get(election_report::csv))
        .route("/elections/{id}/stations", get(elections::stations))
        .route("/elections/{id}/stations/{number}", get(elections::station))
        .route("/admin/categories", get(categories::list))
        .route("/admin/categories/{code}", post(categories::save))
        .fallback(not_found)
}

async fn not_found() -> PageError {
    PageError(AppError::NotFound)
}

/// An error shown as an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error_id = self.0.log();
        let lang = crate::error::answer_language();
        let (status, code, message, field) = self.0.parts_in(lang);
        let message = match (error_id, &self.0) {
            (Some(id), _) => Text::key("error.page_internal").arg("id", id).render(lang),
            (None, AppError::Invalid(errs)) if !errs.is_empty() => Text::key("error.page_field")
                .names("field", "error.label", [errs[0].field])
                .arg("message", errs[0].message.render(lang))
                .render(lang),
            (None, _) => match field {
                Some(f) => Text::key("error.page_field")
                    .names("field", "error.label", [f])
                    .arg("message", message)
                    .render(lang),
                None => message,
            },
        };
        let page = crate::error::answer_page();
        let body = crate::templates::render(
            "pages/error.html",
            json!({"lang": lang, "status": status.as_u16(), "code": code, "message": message,
                   "sign_in": sign_in_link(&self.0, page.path),
                   "org": page.org, "party": page.party}),
        )
        .unwrap_or_else(|_| format!("<h1>{}</h1>", status.as_u16()));
        let mut res = (status, Html(body)).into_response();
        self.0.add_retry_after(&mut res);
        res
    }
}

/// For an error that asks to sign in (first, or again with a new link): the sign-in page,
/// which returns to the page asked for (a GET; after a form, its page is unknown).
fn sign_in_link(e: &AppError, path: Option<String>) -> Option<String> {
    let AppError::Forbidden(Text::Key { key, .. }) = e else {
        return None;
    };
    if !matches!(
        *key,
        "error.forbidden.sign_in_first" | "error.forbidden.login_link_expired"
    ) {
        return None;
    }
    let next = path.filter(|p| crate::domain::input::local_path(p) && !p.starts_with("/login"));
    Some(match next {
        Some(p) => format!(
            "/login?next={}",
            url::form_urlencoded::byte_serialize(p.as_bytes()).collect::<String>()
        ),
        None => "/login".to_string(),
    })
}

/// Result of a page handler.
pub type PageResult = Result<Response, PageError>;

/// The context every page gets: language, organisation, the signed-in user and the CSRF
/// token for its forms.
pub fn base_ctx(st: &AppState, user: Option<&CurrentUser>, csrf: &CsrfToken) -> Value {
    json!({
        "lang": csrf.lang,
        "languages": crate::i18n::NAMES.iter().map(|(code, name)| json!({
            "code": code, "name": name, "current": *code == csrf.lang,
        })).collect::<Vec<_>>(),
        "here": csrf.here,
        "flash_message": csrf.flash,
        "org": st.config.organisation.name,
        "party": st.config.organisation.party,
        "csrf": csrf.value,
        "user": user.map(|u| json!({
            "id": u.id,
            "name": u.name,
            "role": u.role.as_str(),
            "manages": u.manages(),
            "sees_internals": u.sees_internals(),
        })),
    })
}

/// Renders page `name` with the base context plus `extra`, with `status`.
pub fn render(
    st: &AppState,
    user: Option<&CurrentUser>,
    csrf: &CsrfToken,
    name: &str,
    extra: Value,
    status: StatusCode,
) -> PageResult {
    let ctx = crate::templates::merge(base_ctx(st, user, csrf), extra);
    let html = crate::templates::render(name, ctx)
        .map_err(|e| AppError::Other(anyhow::anyhow!("rendering {name}: {e:#}")))?;
    Ok((status, Html(html)).into_response())
}

/// A plain message page ("check your e-mail", "done").
pub fn message(
    st: &AppState,
    user: Option<&CurrentUser>,
    csrf: &CsrfToken,
    title_key: &str,
    body_key: &str,
    link: Option<(&str, &str)>,
) -> PageResult {
    render(
        st,
        user,
        csrf,
        "pages/message.html",
        json!({"title_key": title_key, "body_key": body_key,
               "link": link.map(|(href, label)| json!({"href": href, "label_key": label}))}),
        StatusCode::OK,
    )
}

/// The signed-in user, if the permission table lets them do `act` somewhere; a 403 that
/// says who may otherwise.
pub fn allowed(user: Option<CurrentUser>, act: Act) -> Result<CurrentUser, PageError> {
    let u = require(user)?;
    if u.may(act) {
        return Ok(u);
    }
    let who = match act {
        Act::ReadInternals => "error.forbidden.staff_page",
        Act::ManagePeople | Act::SeeContacts | Act::Redact | Act::HidePhoto => {
            "error.forbidden.managers_only"
        }
        Act::UseWorkspace => "error.forbidden.representatives_page",
        Act::Observe => "error.forbidden.observers_page",
        Act::EditCategories | Act::Operate | Act::ManageAccess | Act::ManageElections => {
            "error.forbidden.admins_page"
        }
    };
    Err(AppError::Forbidden(who.into()).into())
}

/// The signed-in coordinator, admin or monitor (those who see internal pages).
pub fn staff(user: Option<CurrentUser>) -> Result<CurrentUser, PageError> {
    allowed(user, Act::ReadInternals)
}

/// The signed-in coordinator or admin (those who change people and routing).
pub fn manager(user: Option<CurrentUser>) -> Result<CurrentUser, PageError> {
    allowed(user, Act::ManagePeople)
}

/// The signed-in user, or a redirect-worthy 401 page.
pub fn require(user: Option<CurrentUser>) -> Result<CurrentUser, PageError> {
    user.ok_or_else(|| PageError(AppError::Forbidden("error.forbidden.sign_in_first".into())))
}

/// Field errors as a map from field name to message in the page's language, for forms.
pub fn field_errors(csrf: &CsrfToken, errs: &[crate::domain::input::FieldError]) -> Value {
    let mut m = serde_json::Map::new();
    for e in errs {
        m.entry(e.field.to_string())
            .or_insert_with(|| Value::String(e.message.render(csrf.lang)));
    }
    Value::Object(m)
}
