//! Photos attached to a reply by e-mail (issue 19), decoded, turned upright and re-encoded
//! when the mail arrives, kept here while the reply waits out its undo period; carried out,
//! they become rows of `photos` with their files, and their rows here are deleted (also
//! when the reply is undone or fails). Written only by `services::inbound`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InboundPhotos {
    Table,
    Id,
    ReplyId,
    Position,
    Ext,
    Width,
    Height,
    Full,
    Thumb,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InboundPhotos::Table)
                    .if_not_exists()
                    .col(pk_auto(InboundPhotos::Id))
                    .col(integer(InboundPhotos::ReplyId))
                    .col(integer(InboundPhotos::Position))
                    .col(string_len(InboundPhotos::Ext, 8))
                    .col(integer(InboundPhotos::Width))
                    .col(integer(InboundPhotos::Height))
                    .col(blob(InboundPhotos::Full))
                    .col(blob(InboundPhotos::Thumb))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inbound_photos_reply")
                    .table(InboundPhotos::Table)
                    .col(InboundPhotos::ReplyId)
                    .col(InboundPhotos::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InboundPhotos::Table).to_owned())
            .await
    }
}
