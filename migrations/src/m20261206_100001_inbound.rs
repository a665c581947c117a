//! Replies by e-mail (issue 19): every received mail about a problem, accepted or refused.
//! An accepted reply waits here until its undo period ends (`apply_at`), then the
//! `inbound` job carries it out through the workflow; a refused one keeps only why, never
//! what it said. The sender is kept as a peppered hash, for the per-sender hourly limit.
//! Written only by `services::inbound`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InboundReplies {
    Table,
    Id,
    ReceivedAt,
    SenderHash,
    ProblemId,
    Party,
    UserId,
    State,
    Reason,
    Action,
    Text,
    ApplyAt,
    UndoHash,
    ClaimedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InboundReplies::Table)
                    .if_not_exists()
                    .col(pk_auto(InboundReplies::Id))
                    .col(timestamp_with_time_zone(InboundReplies::ReceivedAt))
                    .col(string_len(InboundReplies::SenderHash, 64))
                    .col(integer_null(InboundReplies::ProblemId))
                    .col(string_len_null(InboundReplies::Party, 16))
                    .col(integer_null(InboundReplies::UserId))
                    .col(string_len(InboundReplies::State, 16))
                    .col(string_len_null(InboundReplies::Reason, 32))
                    .col(string_len_null(InboundReplies::Action, 32))
                    .col(text_null(InboundReplies::Text))
                    .col(timestamp_with_time_zone_null(InboundReplies::ApplyAt))
                    .col(string_len_null(InboundReplies::UndoHash, 64))
                    .col(timestamp_with_time_zone_null(InboundReplies::ClaimedUntil))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inbound_sender")
                    .table(InboundReplies::Table)
                    .col(InboundReplies::SenderHash)
                    .col(InboundReplies::ReceivedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inbound_due")
                    .table(InboundReplies::Table)
                    .col(InboundReplies::State)
                    .col(InboundReplies::ApplyAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InboundReplies::Table).to_owned())
            .await
    }
}
