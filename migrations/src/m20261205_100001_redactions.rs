//! Redactions (issue 18): a text of the public record removed at a citizen's request or as
//! unlawful. The ledger keeps the `redaction` entry and the emptied `ledger_texts` row; this
//! table keeps what every other output needs to say "redacted on DATE: REASON" where the
//! text stood in `problems` (title, description, address) or `problem_events` (a public
//! note, `event_id` set). Written only by `services::ledger::redact`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Redactions {
    Table,
    Id,
    ProblemId,
    EventId,
    Field,
    EntrySeq,
    RedactionSeq,
    Reason,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Redactions::Table)
                    .if_not_exists()
                    .col(pk_auto(Redactions::Id))
                    .col(integer(Redactions::ProblemId))
                    .col(integer_null(Redactions::EventId))
                    .col(string_len(Redactions::Field, 32))
                    .col(big_integer(Redactions::EntrySeq))
                    .col(big_integer(Redactions::RedactionSeq))
                    .col(text(Redactions::Reason))
                    .col(timestamp_with_time_zone(Redactions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_redactions_entry_field")
                    .table(Redactions::Table)
                    .col(Redactions::EntrySeq)
                    .col(Redactions::Field)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_redactions_problem")
                    .table(Redactions::Table)
                    .col(Redactions::ProblemId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Redactions::Table).to_owned())
            .await
    }
}
