//! The polling stations an accredited observer is scoped to (issue 20): one row per
//! (observer, election, station number). None: the observer is scoped by their regions.
//! `services::observers` is the only writer.

use sea_orm::QueryOrder;
use sea_orm::entity::prelude::*;

/// One (observer, election, station) triple.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "observer_stations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub election_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub station_number: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The (election, station number) pairs of observer `user_id`, in order (none: the
/// observer is scoped by regions).
pub async fn of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<(i32, i32)>, DbErr> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .order_by_asc(Column::ElectionId)
        .order_by_asc(Column::StationNumber)
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.election_id, r.station_number))
        .collect())
}
