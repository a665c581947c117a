//! Who holds a way in, and taking it away: the tokens of each user (sessions, API tokens,
//! Open311 keys) with their last use, revoked one at a time (`token revoke`), all at once
//! by the user ("sign out everywhere") or by an admin.

use crate::app::AppState;
use crate::auth::{self, UserRole};
use crate::entities::{auth_token, user};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// A token as admins and the CLI see it: never its secret or hash.
#[derive(Clone, Debug, Serialize)]
pub struct TokenRow {
    pub id: i32,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A user with the ways in they hold.
#[derive(Clone, Debug, Serialize)]
pub struct UserAccess {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: UserRole,
    pub active: bool,
    /// Open browser sessions.
    pub sessions: usize,
    /// The last time any of their sessions was used.
    pub last_seen: Option<DateTime<Utc>>,
    /// API tokens and Open311 keys.
    pub tokens: Vec<TokenRow>,
}

/// Kinds a user keeps until revoked (login links are single-use and short-lived).
const KEPT: &[&str] = &[
    auth::kind::SESSION,
    auth::kind::API,
    auth::kind::OPEN311,
    auth::kind::OPEN311_TRUSTED,
];

/// Every user with their live sessions and tokens, by name.
pub async fn users(st: &AppState) -> AppResult<Vec<UserAccess>> {
    let now = st.clock.now();
    let users = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?;
    let tokens = auth_token::Entity::find()
        .filter(auth_token::Column::Kind.is_in(KEPT.iter().copied()))
        .order_by_asc(auth_token::Column::Id)
        .all(&st.db)
        .await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let mine = || {
                tokens
                    .iter()
                    .filter(move |t| t.user_id == u.id && t.expires_at.is_none_or(|e| e > now))
            };
            let sessions = mine().filter(|t| t.kind == auth::kind::SESSION);
            UserAccess {
                sessions: sessions.clone().count(),
                last_seen: sessions.filter_map(|t| t.last_used_at).max(),
                tokens: mine()
                    .filter(|t| t.kind != auth::kind::SESSION)
                    .map(row)
                    .collect(),
                id: u.id,
                name: u.name.clone(),
                email: u.email.clone(),
                role: u.role,
                active: u.active,
            }
        })
        .collect())
}

fn row(t: &auth_token::Model) -> TokenRow {
    TokenRow {
        id: t.id,
        kind: t.kind.clone(),
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        expires_at: t.expires_at,
    }
}

/// The API tokens and Open311 keys of the user with `email`.
pub async fn tokens_of(st: &AppState, email: &str) -> AppResult<Vec<TokenRow>> {
    let email = crate::domain::input::Email::parse("email", email)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(auth_token::Entity::find()
        .filter(auth_token::Column::UserId.eq(u.id))
        .filter(auth_token::Column::Kind.is_in(KEPT[1..].iter().copied()))
        .order_by_asc(auth_token::Column::Id)
        .all(&st.db)
        .await?
        .iter()
        .map(row)
        .collect())
}

/// Revokes one API token or Open311 key by id (sessions end with their user's).
pub async fn revoke_token(st: &AppState, id: i32) -> AppResult<()> {
    let res = auth_token::Entity::delete_many()
        .filter(auth_token::Column::Id.eq(id))
        .filter(auth_token::Column::Kind.is_in(KEPT[1..].iter().copied()))
        .exec(&st.db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(token_id = id, "token revoked");
    Ok(())
}

/// Ends every browser session of `user_id` ("sign out everywhere").
pub async fn end_sessions(st: &AppState, user_id: i32) -> AppResult<u64> {
    revoke(st, user_id, &[auth::kind::SESSION]).await
}

/// Takes every way in from `user_id`: sessions, unused login links, API tokens and
/// Open311 keys (an admin's action, e.g. for a lost laptop or a leaked token).
pub async fn revoke_everything(st: &AppState, user_id: i32) -> AppResult<u64> {
    user::Entity::find_by_id(user_id)
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut kinds = KEPT.to_vec();
    kinds.push(auth::kind::LOGIN);
    revoke(st, user_id, &kinds).await
}

async fn revoke(st: &AppState, user_id: i32, kinds: &[&str]) -> AppResult<u64> {
    let res = auth_token::Entity::delete_many()
        .filter(auth_token::Column::UserId.eq(user_id))
        .filter(auth_token::Column::Kind.is_in(kinds.iter().copied()))
        .exec(&st.db)
        .await?;
    tracing::info!(user_id, revoked = res.rows_affected, "tokens revoked");
    Ok(res.rows_affected)
}
