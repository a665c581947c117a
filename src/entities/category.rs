//! Problem categories with their deadlines.

use sea_orm::entity::prelude::*;

/// A category: a code, names in three languages and the time a representative has to
/// acknowledge and to resolve a problem of this kind.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// `general` or `election`; election categories are shown together.
    pub group_code: String,
    pub name_en: String,
    pub name_kk: String,
    pub name_ru: String,
    /// What belongs in the category, for the form and Open311's service definitions
    /// (empty: none written).
    pub description_en: String,
    pub description_kk: String,
    pub description_ru: String,
    pub ack_amount: i32,
    /// `hours`, `calendar_days` or `working_days`.
    pub ack_unit: String,
    pub resolve_amount: i32,
    pub resolve_unit: String,
    /// Election categories: minutes to acknowledge and to resolve a problem assigned while
    /// its election's polls are open (issue 20); NULL: the usual deadline that day too.
    pub voting_day_ack_minutes: Option<i32>,
    pub voting_day_resolve_minutes: Option<i32>,
    pub active: bool,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
