//! Routing rules: (region or any, district or any, category or any) → representative.

use sea_orm::entity::prelude::*;

/// A rule; `None` in region or category means "any".
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "routing_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub representative_id: i32,
    pub region_code: Option<String>,
    pub category_code: Option<String>,
    /// A district of the region (polling stations' spelling); `None`: any district.
    pub district: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl From<Model> for crate::domain::routing::Rule {
    fn from(r: Model) -> Self {
        crate::domain::routing::Rule {
            id: r.id,
            representative_id: r.representative_id,
            region: r.region_code,
            category: r.category_code,
            district: r.district,
        }
    }
}
