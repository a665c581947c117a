//! People and routing: users, representatives with their routing rules, deactivation
//! (which re-routes open problems), API tokens and magic-link requests. The CSV import is
//! in `import`.

use crate::app::AppState;
use crate::auth::{self, CurrentUser, UserRole};
use crate::domain::input::Email;
use crate::entities::{routing_rule, user, user_region};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::i18n::message;
use crate::services::{assignment, notify};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;

/// A representative with their rules, as coordinators see them.
#[derive(Clone, Debug, Serialize)]
pub struct RepresentativeRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub position: Option<String>,
    pub active: bool,
    pub open: u64,
    pub rules: Vec<RuleRow>,
}

/// A routing rule with readable names.
#[derive(Clone, Debug, Serialize)]
pub struct RuleRow {
    pub id: i32,
    pub representative_id: i32,
    pub region: Option<String>,
    pub category: Option<String>,
    /// A polling-station district of the region; `None`: any.
    pub district: Option<String>,
    pub region_name: String,
    pub category_name: String,
}

/// All representatives with their rules and open problems, active first, by name; the
/// rules' regions and categories named in `lang`.
pub async fn representatives(st: &AppState, lang: &str) -> AppResult<Vec<RepresentativeRow>> {
    let reps = user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::Representative))
        .order_by_desc(user::Column::Active)
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?;
    let rules = routing_rule::Entity::find()
        .order_by_asc(routing_rule::Column::Id)
        .all(&st.db)
        .await?;
    let open = assignment::open_counts(&st.db).await?;
    let reference = st.reference();
    Ok(reps
        .into_iter()
        .map(|r| RepresentativeRow {
            id: r.id,
            open: open.get(&r.id).copied().unwrap_or(0),
            rules: rules
                .iter()
                .filter(|x| x.representative_id == r.id)
                .map(|x| RuleRow {
                    id: x.id,
                    representative_id: x.representative_id,
                    region_name: x.region_code.as_deref().map_or_else(
                        || message(lang, "rules.any_region"),
                        |c| reference.region_name(c, lang),
                    ),
                    category_name: x.category_code.as_deref().map_or_else(
                        || message(lang, "rules.any_category"),
                        |c| reference.category_name(c, lang),
                    ),
                    region: x.region_code.clone(),
                    category: x.category_code.clone(),
                    district: x.district.clone(),
                })
                .collect(),
            name: r.name,
            email: r.email,
            position: r.position,
            active: r.active,
        })
        .collect())
}

/// The user with this e-mail and their regions, if there is one.
pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<(user::Model, Vec<String>)>, sea_orm::DbErr> {
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let regions = user_region::codes_of(db, u.id).await?;
    Ok(Some((u, regions)))
}

/// Creates a user, or updates the name, position, role and regions of the one with this
/// e-mail (reactivating them). Returns the user and whether it was created.
pub async fn upsert_user(
    db: &impl ConnectionTrait,
    email: &Email,
    name: &str,
    position: Option<&str>,
    role: UserRole,
    regions: &[String],
    now: DateTime<Utc>,
) -> AppResult<(user::Model, bool)> {
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let (u, created) = match existing {
        Some(u) => {
            let mut am: user::ActiveModel = u.into();
            am.name = Set(name.into());
            am.position = Set(position.map(Into::into));
            am.role = Set(role);
            am.active = Set(true);
            am.updated_at = Set(now);
            (am.update(db).await?, false)
        }
        None => (
            user::ActiveModel {
                email: Set(email.as_str().into()),
                name: Set(name.into()),
                position: Set(position.map(Into::into)),
                role: Set(role),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await
            .map_err(|e| {
                AppError::from(e).on_unique("already_exists", "error.conflict.user_race")
            })?,
            true,
        ),
    };
    user_region::Entity::delete_many()
        .filter(user_region::Column::UserId.eq(u.id))
        .exec(db)
        .await?;
    let mut unique: Vec<&String> = regions.iter().collect();
    unique.sort();
    unique.dedup();
    for r in unique {
        user_region::ActiveModel {
            user_id: Set(u.id),
            region_code: Set(r.clone()),
        }
        .insert(db)
        .await?;
    }
    Ok((u, created))
}

/// Replaces a representative's routing rules with regions × categories (`None` = any).
/// Their district rules (added on the rules page) stay.
pub async fn replace_rules(
    db: &impl ConnectionTrait,
    rep_id: i32,
    regions: &[Option<String>],
    categories: &[Option<String>],
    now: DateTime<Utc>,
) -> Result<usize, sea_orm::DbErr> {
    routing_rule::Entity::delete_many()
        .filter(routing_rule::Column::RepresentativeId.eq(rep_id))
        .filter(routing_rule::Column::District.is_null())
        .exec(db)
        .await?;
    let mut n = 0;
    for r in regions {
        for c in categories {
            add_rule(db, rep_id, r.clone(), None, c.clone(), now).await?;
            n += 1;
        }
    }
    Ok(n)
}

/// Adds one routing rule.
pub async fn add_rule(
    db: &impl ConnectionTrait,
    rep_id: i32,
    region: Option<String>,
    district: Option<String>,
    category: Option<String>,
    now: DateTime<Utc>,
) -> Result<routing_rule::Model, sea_orm::DbErr> {
    routing_rule::ActiveModel {
        representative_id: Set(rep_id),
        region_code: Set(region),
        district: Set(district),
        category_code: Set(category),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

fn outside_scope() -> AppError {
    AppError::Forbidden("error.forbidden.routing_outside_regions".into())
}

/// The regions of a representative's routing rules (`None` = any region), which decide
/// who may manage them ([`CurrentUser::may_manage_representative`]).
async fn rule_regions(
    db: &impl ConnectionTrait,
    rep_id: i32,
) -> Result<Vec<Option<String>>, sea_orm::DbErr> {
    Ok(routing_rule::Entity::find()
        .filter(routing_rule::Column::RepresentativeId.eq(rep_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.region_code)
        .collect())
}

/// Adds one routing rule on behalf of `actor`, within their regions.
pub async fn add_rule_as(
    st: &AppState,
    actor: &CurrentUser,
    rep_id: i32,
    region: Option<String>,
    district: Option<String>,
    category: Option<String>,
) -> AppResult<routing_rule::Model> {
    if !actor.may_route(std::slice::from_ref(&region)) {
        return Err(outside_scope());
    }
    Ok(add_rule(&st.db, rep_id, region, district, category, st.clock.now()).await?)
}

/// Deletes one routing rule on behalf of `actor`, within their regions.
pub async fn delete_rule(st: &AppState, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let rule = routing_rule::Entity::find_by_id(id)
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.may_route(&[rule.region_code]) {
        return Err(outside_scope());
    }
    routing_rule::Entity::delete_by_id(id).exec(&st.db).await?;
    Ok(())
}

/// What a coordinator typed to add or update a representative.
#[derive(Clone, Debug)]
pub struct RepresentativeForm {
    pub email: Email,
    pub name: String,
    pub position: Option<String>,
    pub regions: Vec<Option<String>>,
    pub categories: Vec<Option<String>>,
}

/// Why a representative could not be written.
pub(super) enum Refused {
    /// The e-mail belongs to a user with another role.
    OtherRole(UserRole),
    /// The change touches rules outside the actor's regions.
    OutsideScope,
}

/// Creates or updates the representative with `form.email` and replaces their rules, in
/// the caller's transaction; `actor` (if any) is held to their regions, counting both the
/// new rules and the ones being replaced. Returns the user, whether it was created, and the
/// number of rules.
pub(super) async fn write_representative(
    db: &impl ConnectionTrait,
    actor: Option<&CurrentUser>,
    form: &RepresentativeForm,
    now: DateTime<Utc>,
) -> AppResult<Result<(user::Model, bool, usize), Refused>> {
    let mut allowed = actor.is_none_or(|a| a.may_route(&form.regions));
    if let Some(existing) = user::Entity::find()
        .filter(user::Column::Email.eq(form.email.as_str()))
        .one(db)
        .await?
    {
        if existing.role != UserRole::Representative {
            return Ok(Err(Refused::OtherRole(existing.role)));
        }
        if let Some(a) = actor {
            allowed = allowed && a.may_manage_representative(&rule_regions(db, existing.id).await?);
        }
    }
    if !allowed {
        return Ok(Err(Refused::OutsideScope));
    }
    let (rep, created) = upsert_user(
        db,
        &form.email,
        &form.name,
        form.position.as_deref(),
        UserRole::Representative,
        &[],
        now,
    )
    .await?;
    let n = replace_rules(db, rep.id, &form.regions, &form.categories, now).await?;
    Ok(Ok((rep, created, n)))
}

/// Adds a representative, or updates the one with this e-mail and replaces their rules,
/// within `actor`'s regions.
pub async fn save_representative(
    st: &AppState,
    actor: &CurrentUser,
    form: RepresentativeForm,
) -> AppResult<user::Model> {
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    match write_representative(&txn, Some(actor), &form, now).await? {
        Ok((rep, ..)) => {
            txn.commit().await?;
            Ok(rep)
        }
        Err(Refused::OtherRole(role)) => Err(AppError::field(
            "email",
            "not_a_representative",
            Text::key("error.field.other_role").names("role", "role", [role.as_str()]),
        )),
        Err(Refused::OutsideScope) => Err(outside_scope()),
    }
}

/// Deactivates a representative (leave, end of term) on behalf of `actor` and re-routes
/// their open problems by the rules, in one transaction. Returns how many problems were
/// re-routed. Only representatives can be deactivated here, by an admin or a coordinator
/// whose regions cover all of the representative's rules.
pub async fn deactivate(st: &AppState, actor: &CurrentUser, rep_id: i32) -> AppResult<usize> {
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let u = user::Entity::find_by_id(rep_id)
        .one(&txn)
        .await?
        .filter(|u| u.role == UserRole::Representative)
        .ok_or(AppError::NotFound)?;
    if !actor.may_manage_representative(&rule_regions(&txn, rep_id).await?) {
        return Err(outside_scope());
    }
    let mut am: user::ActiveModel = u.into();
    am.active = Set(false);
    am.updated_at = Set(now);
    am.update(&txn).await?;
    let n = assignment::reroute_all_of(&txn, st, rep_id, now).await?;
    txn.commit().await?;
    st.stats.changed();
    st.mail_ready.notify_one();
    tracing::info!(rep_id, rerouted = n, "representative deactivated");
    Ok(n)
}

/// Creates an API bearer token for the user with `email`.
pub async fn create_api_token(st: &AppState, email: &str) -> AppResult<String> {
    create_token(st, email, auth::kind::API).await
}

/// A new token of `kind` (`api`, `open311`, `open311_trusted`) for the user with `email`.
pub async fn create_token(st: &AppState, email: &str, kind: &str) -> AppResult<String> {
    let email = Email::parse("email", email).map_err(|e| AppError::Invalid(vec![e]))?;
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    auth::issue(&st.db, st.pepper(), u.id, kind, st.clock.now(), None).await
}

/// Asks for a magic login link for `email`: the address's rate limit is spent whether or
/// not it is registered, and the lookup and the mail happen after the answer, on a
/// background task, so that the answer says nothing, in its words or its timing, about
/// who is registered.
pub fn request_login(st: &AppState, email: Email, next: Option<String>) -> AppResult<()> {
    st.limits
        .check_key(crate::limits::Budget::LoginAddress, email.as_str())?;
    let task = st.clone();
    st.background.spawn(async move {
        if let Err(e) = send_login_link(&task, &email, next.as_deref()).await {
            tracing::error!("sending a sign-in link failed: {e:#}");
        }
    });
    Ok(())
}

/// Sends a magic login link if `email` belongs to an active user, revoking the user's
/// older unused links: only the newest one works.
#[tracing::instrument(skip_all)]
async fn send_login_link(st: &AppState, email: &Email, next: Option<&str>) -> anyhow::Result<()> {
    // The user's row is locked for the transaction (PostgreSQL; SQLite has one writer), so
    // requests at the same moment take turns: each counts the mails before it and revokes
    // the links before it, and exactly the last link works.
    let txn = st.db.begin().await?;
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Active.eq(true))
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        tracing::info!("login requested for an unknown address");
        return Ok(());
    };
    if let Err(e) = notify::within_mail_budget(st, &txn, email.as_str()).await {
        tracing::info!("sign-in link not sent: {e}");
        return Ok(());
    }
    let now = st.clock.now();
    auth::revoke_unused_logins(&txn, u.id, now).await?;
    let token = auth::issue(
        &txn,
        st.pepper(),
        u.id,
        auth::kind::LOGIN,
        now,
        Some(Duration::minutes(st.config.app.login_link_minutes)),
    )
    .await?;
    notify::login_link(&txn, st, &u, &token, next, now).await?;
    txn.commit().await?;
    st.mail_ready.notify_one();
    Ok(())
}

/// Sets the language of user `id`'s mail and digests (`kk`, `ru`, `en`).
pub async fn set_language(
    db: &impl ConnectionTrait,
    id: i32,
    lang: &'static str,
) -> Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::Language,
            sea_orm::sea_query::Expr::value(lang),
        )
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets which digests user `id` receives.
pub async fn set_digests(
    db: &impl ConnectionTrait,
    id: i32,
    daily: bool,
    weekly: bool,
) -> Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::DigestDaily,
            sea_orm::sea_query::Expr::value(daily),
        )
        .col_expr(
            user::Column::DigestWeekly,
            sea_orm::sea_query::Expr::value(weekly),
        )
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
