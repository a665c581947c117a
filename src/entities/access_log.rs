//! Every time staff were shown a citizen's contact details: who, which problem, when, what
//! and where. Holds no contact details itself, so it outlives their erasure.

use crate::domain::privacy::AccessPlace;
use sea_orm::entity::prelude::*;

/// One look at one problem's contact details.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_at: DateTimeUtc,
    /// The signed-in user; `None` for the command line (`personal-data export`).
    pub user_id: Option<i32>,
    pub problem_id: i32,
    /// The fields shown, comma-separated (`domain::privacy::Shown` names).
    pub shown: String,
    pub place: AccessPlace,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
