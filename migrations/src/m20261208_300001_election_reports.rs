//! The election report (issue 20): after an election's results date its figures are
//! counted once and frozen here, with the moment they were counted and the public ledger's
//! head at that moment, so that `/elections/{id}/report` stays citable. One row per
//! election (no recount). `mailed_at` is set by the one process that mails the report to
//! coordinators and admins (a conditional update decides which).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ElectionReports {
    Table,
    Id,
    ElectionId,
    CountedAt,
    LedgerSeq,
    LedgerHash,
    Figures,
    MailedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ElectionReports::Table)
                    .if_not_exists()
                    .col(pk_auto(ElectionReports::Id))
                    .col(integer(ElectionReports::ElectionId))
                    .col(timestamp_with_time_zone(ElectionReports::CountedAt))
                    .col(big_integer(ElectionReports::LedgerSeq))
                    .col(string_len(ElectionReports::LedgerHash, 64))
                    .col(text(ElectionReports::Figures))
                    .col(timestamp_with_time_zone_null(ElectionReports::MailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_election_reports_election")
                    .table(ElectionReports::Table)
                    .col(ElectionReports::ElectionId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ElectionReports::Table).to_owned())
            .await
    }
}
