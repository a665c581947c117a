//! Observers' reports (issue 20): `observer_id` names the accredited observer (a user with
//! the `observer` role) who filed an election report from their workspace or the API.
//! NULL for citizens' problems. It is never shown: the public sees only that an observer
//! filed it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    ObserverId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Problems::Table)
                    .add_column(integer_null(Problems::ObserverId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Problems::Table)
                    .drop_column(Problems::ObserverId)
                    .to_owned(),
            )
            .await
    }
}
