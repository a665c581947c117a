//! Photos as evidence (issue 19): the citizen's "before" photos filed with a problem and the
//! representative's "after" photos with a comment or the resolution. The files are in
//! `app.media_dir`; this table says whose they are and whether they are hidden. Written
//! only by `services::photos`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Photos {
    Table,
    Id,
    ProblemId,
    EventId,
    Kind,
    FileName,
    ThumbName,
    Width,
    Height,
    CreatedAt,
    HiddenAt,
    HiddenReason,
    HiddenBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Photos::Table)
                    .if_not_exists()
                    .col(pk_auto(Photos::Id))
                    .col(integer(Photos::ProblemId))
                    .col(integer_null(Photos::EventId))
                    .col(string_len(Photos::Kind, 16))
                    .col(string_len(Photos::FileName, 64))
                    .col(string_len(Photos::ThumbName, 64))
                    .col(integer(Photos::Width))
                    .col(integer(Photos::Height))
                    .col(timestamp_with_time_zone(Photos::CreatedAt))
                    .col(timestamp_with_time_zone_null(Photos::HiddenAt))
                    .col(text_null(Photos::HiddenReason))
                    .col(integer_null(Photos::HiddenBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_photos_problem")
                    .table(Photos::Table)
                    .col(Photos::ProblemId)
                    .to_owned(),
            )
            .await?;
        // `/media/{name}` looks a name up in either column.
        manager
            .create_index(
                Index::create()
                    .name("idx_photos_file_name")
                    .table(Photos::Table)
                    .col(Photos::FileName)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_photos_thumb_name")
                    .table(Photos::Table)
                    .col(Photos::ThumbName)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Photos::Table).to_owned())
            .await
    }
}
