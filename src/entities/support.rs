//! Citizens who have the same problem ("I have this problem too"). The e-mail is private.

use sea_orm::entity::prelude::*;

/// One support; it counts once confirmed.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "supports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub problem_id: i32,
    pub email: String,
    /// The supporter wants to be told about status changes.
    pub notify: bool,
    pub confirm_token_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    /// The language the supporter used (NULL before it was recorded): their mail's.
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
