//! Public opinion: citizens who have the same problem support it ("I have this problem
//! too"), confirmed by e-mail, one support per e-mail per problem. `support_count` on the
//! problem is the number of confirmed supports, kept in the transaction that changes them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    Id,
    SupportCount,
    Status,
}

#[derive(DeriveIden)]
enum Supports {
    Table,
    Id,
    ProblemId,
    Email,
    Notify,
    ConfirmTokenHash,
    CreatedAt,
    ConfirmedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Problems::Table)
                    .add_column(integer(Problems::SupportCount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Supports::Table)
                    .col(pk_auto(Supports::Id))
                    .col(integer(Supports::ProblemId))
                    .col(string(Supports::Email))
                    .col(boolean(Supports::Notify))
                    .col(string_null(Supports::ConfirmTokenHash))
                    .col(timestamp_with_time_zone(Supports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Supports::ConfirmedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_supports_problem")
                            .from(Supports::Table, Supports::ProblemId)
                            .to(Problems::Table, Problems::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_supports_problem_email")
                    .table(Supports::Table)
                    .col(Supports::ProblemId)
                    .col(Supports::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_supports_token")
                    .table(Supports::Table)
                    .col(Supports::ConfirmTokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_problems_support")
                    .table(Problems::Table)
                    .col(Problems::SupportCount)
                    .col(Problems::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Supports::Table).to_owned())
            .await?;
        manager
            .drop_index(Index::drop().name("idx_problems_support").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Problems::Table)
                    .drop_column(Problems::SupportCount)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
