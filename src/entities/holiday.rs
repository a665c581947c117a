//! The public-holiday calendar that working-day deadlines skip.

use sea_orm::entity::prelude::*;

/// A day off (`kind = "day_off"`) or a working day moved onto a weekend
/// (`kind = "working_day"`). `year` empty: every year on that date.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "holidays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub year: Option<i32>,
    pub month: i32,
    pub day: i32,
    pub name: String,
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
