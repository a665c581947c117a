//! The regions a coordinator (or monitor) is responsible for; none means all regions.

use sea_orm::QueryOrder;
use sea_orm::entity::prelude::*;

/// One (user, region) pair.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "user_regions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub region_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The region codes of user `user_id`, in code order (none: all regions).
pub async fn codes_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<String>, DbErr> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .order_by_asc(Column::RegionCode)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.region_code)
        .collect())
}
