//! The index behind "similar open problems" (`services::queries::similar`): the open
//! problems of one region and category, newest first, without reading the others.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    RegionCode,
    CategoryCode,
    Status,
    Id,
}

const NAME: &str = "idx_problems_similar";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Problems::Table)
                    .col(Problems::RegionCode)
                    .col(Problems::CategoryCode)
                    .col(Problems::Status)
                    .col(Problems::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Problems::Table).to_owned())
            .await
    }
}
