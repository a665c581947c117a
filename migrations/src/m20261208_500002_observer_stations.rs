//! Observers scoped to polling stations (issue 20): one row per (observer, election,
//! station number). An observer with rows here files and verifies only for those
//! stations; one without rows is scoped by their regions (`user_regions`) as before.
//! `services::observers` is the only writer.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ObserverStations {
    Table,
    UserId,
    ElectionId,
    StationNumber,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Elections {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ObserverStations::Table)
                    .col(integer(ObserverStations::UserId))
                    .col(integer(ObserverStations::ElectionId))
                    .col(integer(ObserverStations::StationNumber))
                    .primary_key(
                        Index::create()
                            .col(ObserverStations::UserId)
                            .col(ObserverStations::ElectionId)
                            .col(ObserverStations::StationNumber),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_observer_stations_user")
                            .from(ObserverStations::Table, ObserverStations::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_observer_stations_election")
                            .from(ObserverStations::Table, ObserverStations::ElectionId)
                            .to(Elections::Table, Elections::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ObserverStations::Table).to_owned())
            .await
    }
}
