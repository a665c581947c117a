//! People who sign in: admins, coordinators, representatives and monitors.

use crate::domain::state::UserRole;
use sea_orm::entity::prelude::*;

/// A user. Representatives are users with the `representative` role.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// The representative's public position, e.g. "Deputy of the Mazhilis".
    pub position: Option<String>,
    pub role: UserRole,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Wants the daily digest (coordinators and admins).
    pub digest_daily: bool,
    /// Wants the weekly digest (coordinators and admins) or the weekly summary
    /// (representatives).
    pub digest_weekly: bool,
    /// The language of the user's mail and digests (`kk`, `ru`, `en`), chosen at
    /// `/account` or with `user add --language`; NULL: `app.default_language`.
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
