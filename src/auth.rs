//! Who is calling: magic-link login tokens, server-side browser sessions and API bearer
//! tokens. Tokens are random, shown once, and stored only as peppered SHA-256 hashes.

use crate::domain::permissions::{self, Act};
use crate::domain::status::Role;
use crate::entities::{auth_token, user, user_region};
use crate::error::AppResult;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

pub use crate::domain::state::UserRole;

/// The signed-in user of a request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i32,
    pub name: String,
    pub role: UserRole,
    /// Regions the user coordinates or monitors; empty means all.
    pub regions: Vec<String>,
}

impl CurrentUser {
    /// The role as the status machine sees it.
    pub fn status_role(&self) -> Role {
        match self.role {
            UserRole::Admin => Role::Admin,
            UserRole::Coordinator => Role::Coordinator,
            UserRole::Representative => Role::Representative,
            UserRole::Monitor => Role::Monitor,
            UserRole::Observer => Role::Observer,
        }
    }

    /// Whether the permission table lets the user do `act` at all (somewhere).
    pub fn may(&self, act: Act) -> bool {
        permissions::scope(self.role, act).is_some()
    }

    /// Whether the user may do `act` in `region`.
    pub fn may_in(&self, act: Act, region: &str) -> bool {
        permissions::allows(self.role, &self.regions, act, &[Some(region)])
    }

    /// Whether the user's scope includes `region` (for reading internals there, and for
    /// the status machine's coordinator actions).
    pub fn covers_region(&self, region: &str) -> bool {
        self.may_in(Act::ReadInternals, region)
    }

    /// Whether a problem in `region` is within the user's reach for the status machine: an
    /// observer's scope of observation, everyone else's [`CurrentUser::covers_region`].
    pub fn acts_in_region(&self, region: &str) -> bool {
        if self.role == UserRole::Observer {
            self.may_in(Act::Observe, region)
        } else {
            self.covers_region(region)
        }
    }

    /// Coordinators, admins and monitors see the triage queue and internal notes.
    pub fn sees_internals(&self) -> bool {
        self.may(Act::ReadInternals)
    }

    /// Coordinators and admins see citizens' contact details; monitors never do.
    pub fn sees_contacts(&self) -> bool {
        self.may(Act::SeeContacts)
    }

    /// Coordinators and admins manage people and routing.
    pub fn manages(&self) -> bool {
        self.may(Act::ManagePeople)
    }

    /// Whether the user may change routing rules for these regions (`None` = any region):
    /// admins and national coordinators everywhere, a regional coordinator only inside
    /// their regions and never for "any region". The rules page offers the regions and
    /// the delete buttons this allows, and the service refuses the rest by it.
    pub fn may_route(&self, regions: &[Option<String>]) -> bool {
        let targets: Vec<Option<&str>> = regions.iter().map(Option::as_deref).collect();
        permissions::allows(self.role, &self.regions, Act::ManagePeople, &targets)
    }

    /// Whether the user may deactivate or rewrite a representative whose rules reach
    /// `rule_regions` (see [`permissions::may_manage_representative`]).
    pub fn may_manage_representative(&self, rule_regions: &[Option<String>]) -> bool {
        let reach: Vec<Option<&str>> = rule_regions.iter().map(Option::as_deref).collect();
        permissions::may_manage_representative(self.role, &self.regions, &reach)
    }
}

/// A URL-safe random token of `bytes` random bytes.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Whether `token` could be one of ours (URL-safe base64 of sensible length); anything
/// else is answered "not found" without asking the database.
pub fn plausible_token(token: &str) -> bool {
    (16..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The stored form of a token.
pub fn hash_token(pepper: &str, token: &str) -> String {
    let mut h = Sha256::new();
    h.update(pepper.as_bytes());
    h.update([0u8]);
    h.update(token.as_bytes());
    hex(&h.finalize())
}

/// A token's short public id (for rate limits and logs): the first 32 hex digits of its
/// stored hash, so the token itself is never kept or shown.
pub fn token_id(pepper: &str, token: &str) -> String {
    hash_token(pepper, token)[..32].to_string()
}

/// Lower-case hexadecimal of `bytes` (one allocation, not one per byte).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Token kinds in `auth_tokens.kind`.
pub mod kind {
    /// Single-use magic login link.
    pub const LOGIN: &str = "login";
    /// Browser session.
    pub const SESSION: &str = "session";
    /// API bearer token.
    pub const API: &str = "api";
    /// Open311 `api_key` of an app whose requests the citizen confirms by e-mail.
    pub const OPEN311: &str = "open311";
    /// Open311 `api_key` of an app that verifies its users itself: no confirmation.
    pub const OPEN311_TRUSTED: &str = "open311_trusted";
}

/// Stores a new token of `kind` for `user_id` and returns its clear text.
pub async fn issue(
    db: &impl ConnectionTrait,
    pepper: &str,
    user_id: i32,
    kind: &str,
    now: DateTime<Utc>,
    valid_for: Option<Duration>,
) -> AppResult<String> {
    let token = random_token(32);
    auth_token::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.to_string()),
        token_hash: Set(hash_token(pepper, &token)),
        created_at: Set(now),
        expires_at: Set(valid_for.map(|d| now + d)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends every unused login link of `user_id` (a newer one replaces them).
pub async fn revoke_unused_logins(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    auth_token::Entity::update_many()
        .col_expr(auth_token::Column::ExpiresAt, Expr::value(now))
        .filter(auth_token::Column::UserId.eq(user_id))
        .filter(auth_token::Column::Kind.eq(kind::LOGIN))
        .filter(auth_token::Column::UsedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(())
}

/// Uses a login token once: marks it used if it is unused and unexpired, and returns its
/// user. The conditional update makes a second use fail even when two arrive at once.
pub async fn redeem_login(
    db: &impl ConnectionTrait,
    pepper: &str,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<i32>> {
    if !plausible_token(token) {
        return Ok(None);
    }
    let hash = hash_token(pepper, token);
    let Some(row) = auth_token::Entity::find()
        .filter(auth_token::Column::TokenHash.eq(&hash))
        .filter(auth_token::Column::Kind.eq(kind::LOGIN))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let res = auth_token::Entity::update_many()
        .col_expr(auth_token::Column::UsedAt, Expr::value(now))
        .filter(auth_token::Column::Id.eq(row.id))
        .filter(auth_token::Column::UsedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok((res.rows_affected == 1).then_some(row.user_id))
}

/// Whether sign-in link `token` would still work (neither used nor expired), without
/// using it: its page then offers the button, else a way to ask for a new link.
pub async fn login_usable(
    db: &impl ConnectionTrait,
    pepper: &str,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    if !plausible_token(token) {
        return Ok(false);
    }
    let found = auth_token::Entity::find()
        .filter(auth_token::Column::TokenHash.eq(hash_token(pepper, token)))
        .filter(auth_token::Column::Kind.eq(kind::LOGIN))
        .filter(auth_token::Column::UsedAt.is_null())
        .filter(auth_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Finds the active user behind a session or API token.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    pepper: &str,
    token: &str,
    token_kind: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<CurrentUser>> {
    if !plausible_token(token) {
        return Ok(None);
    }
    let hash = hash_token(pepper, token);
    let Some(row) = auth_token::Entity::find()
        .filter(auth_token::Column::TokenHash.eq(&hash))
        .filter(auth_token::Column::Kind.eq(token_kind))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.expires_at.is_some_and(|e| e <= now) {
        return Ok(None);
    }
    // When it was last used, for its holder and admins to see; written at most every few
    // minutes, not on every request.
    if row
        .last_used_at
        .is_none_or(|at| now - at > Duration::minutes(5))
    {
        auth_token::Entity::update_many()
            .col_expr(auth_token::Column::LastUsedAt, Expr::value(now))
            .filter(auth_token::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    load_user(db, row.user_id).await
}

/// Loads an active user with their regions.
pub async fn load_user(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<CurrentUser>> {
    let Some(u) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if !u.active {
        return Ok(None);
    }
    let role = u.role;
    let regions = user_region::codes_of(db, u.id).await?;
    Ok(Some(CurrentUser {
        id: u.id,
        name: u.name,
        role,
        regions,
    }))
}

/// Ends a browser session.
pub async fn revoke(db: &impl ConnectionTrait, pepper: &str, token: &str) -> AppResult<()> {
    auth_token::Entity::delete_many()
        .filter(auth_token::Column::TokenHash.eq(hash_token(pepper, token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_coordinators_route_only_inside_their_regions() {
        let user = |role, regions: &[&str]| CurrentUser {
            id: 1,
            name: "x".into(),
            role,
            regions: regions.iter().map(|r| r.to_string()).collect(),
        };
        let r = |c: &str| Some(c.to_string());
        let astana = user(UserRole::Coordinator, &["KZ-71"]);
        assert!(astana.may_route(&[r("KZ-71")]));
        assert!(!astana.may_route(&[r("KZ-71"), r("KZ-75")]));
        assert!(!astana.may_route(&[None]), "any region is national");
        assert!(user(UserRole::Coordinator, &[]).may_route(&[None]));
        assert!(user(UserRole::Admin, &["KZ-71"]).may_route(&[None]));
        assert!(!user(UserRole::Monitor, &[]).may_route(&[r("KZ-71")]));
        assert!(!user(UserRole::Representative, &[]).may_route(&[r("KZ-71")]));
    }

    #[test]
    fn tokens_are_long_random_and_hashes_depend_on_the_pepper() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert_eq!(hash_token("p", "t"), hash_token("p", "t"));
        assert_ne!(hash_token("p", "t"), hash_token("q", "t"));
        assert_eq!(hash_token("p", "t").len(), 64);
    }

    #[test]
    fn hex_is_lower_case_two_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xf0, 0xff, 0x5a]), "000ff0ff5a");
        // The SHA-256 test vector of "abc": stored hashes keep their old spelling.
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(same_secret("", ""));
    }
}
