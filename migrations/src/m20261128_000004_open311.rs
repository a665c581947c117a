//! Open311: problems filed through GeoReport v2 carry the token the client follows them by,
//! and the private contact fields Open311 clients send (phone, device id, account id),
//! which are stored and never shown; `media_url` is the address of the request's media.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    Open311Token,
    CitizenPhone,
    CitizenDeviceId,
    CitizenAccountId,
    MediaUrl,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for col in [
            Problems::Open311Token,
            Problems::CitizenPhone,
            Problems::CitizenDeviceId,
            Problems::CitizenAccountId,
            Problems::MediaUrl,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .add_column(string_null(col))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_problems_open311_token")
                    .table(Problems::Table)
                    .col(Problems::Open311Token)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_problems_open311_token").to_owned())
            .await?;
        for col in [
            Problems::MediaUrl,
            Problems::CitizenAccountId,
            Problems::CitizenDeviceId,
            Problems::CitizenPhone,
            Problems::Open311Token,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
