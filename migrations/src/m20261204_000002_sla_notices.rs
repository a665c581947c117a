//! Notices the SLA sweep owes, between the batch that claimed their problem and the mail
//! that carries them. The sweep claims problems a bounded batch per transaction, but each
//! recipient gets one mail per sweep listing all their problems: each batch writes its
//! notices here with its claims and events, and the mails are built from these rows (and
//! the rows deleted) a few recipients per transaction. A run that stops in between leaves
//! the rows for its rerun.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SlaNotices {
    Table,
    Id,
    Audience,
    RepresentativeId,
    RegionCode,
    ProblemId,
    Title,
    Deadline,
    DueAt,
    Passed,
    DaysOverdue,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SlaNotices::Table)
                    .if_not_exists()
                    .col(pk_auto(SlaNotices::Id))
                    .col(string_len(SlaNotices::Audience, 16))
                    .col(integer_null(SlaNotices::RepresentativeId))
                    .col(string_len(SlaNotices::RegionCode, 16))
                    .col(integer(SlaNotices::ProblemId))
                    .col(text(SlaNotices::Title))
                    .col(string_len(SlaNotices::Deadline, 16))
                    .col(timestamp_with_time_zone(SlaNotices::DueAt))
                    .col(boolean(SlaNotices::Passed))
                    .col(big_integer(SlaNotices::DaysOverdue))
                    .col(timestamp_with_time_zone(SlaNotices::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // A representative's notices, and a region's escalations, in the order mails list them.
        for (name, col) in [
            ("idx_sla_notices_rep", SlaNotices::RepresentativeId),
            ("idx_sla_notices_region", SlaNotices::RegionCode),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(SlaNotices::Table)
                        .col(SlaNotices::Audience)
                        .col(col)
                        .col(SlaNotices::ProblemId)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SlaNotices::Table).to_owned())
            .await
    }
}
