//! Kazakhstan's first-level administrative units (regions and cities of republican
//! significance), loaded from `data/kz_regions.csv`.

use sea_orm::entity::prelude::*;

/// One region or city, keyed by its ISO 3166-2 code (`KZ-71`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub kind: String,
    pub name_en: String,
    pub name_kk: String,
    pub name_ru: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
