//! Elections and their polling stations (issue 20). An election has names in three
//! languages, a kind, the regions it covers (NULL: all) and its local dates and polling
//! hours; a polling station is numbered within its election, and `(election_id, number)`
//! is unique: the CSV import updates a station by it, and a station's page is found by it.
//! Written only by `services::elections` and `services::stations`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Elections {
    Table,
    Id,
    NameKk,
    NameRu,
    NameEn,
    Kind,
    Regions,
    CampaignStart,
    SilenceDay,
    VotingDay,
    PollsOpen,
    PollsClose,
    ResultsDate,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PollingStations {
    Table,
    Id,
    ElectionId,
    Number,
    Region,
    District,
    Address,
    SearchText,
    Latitude,
    Longitude,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Elections::Table)
                    .if_not_exists()
                    .col(pk_auto(Elections::Id))
                    .col(string_len(Elections::NameKk, 200))
                    .col(string_len(Elections::NameRu, 200))
                    .col(string_len(Elections::NameEn, 200))
                    .col(string_len(Elections::Kind, 16))
                    .col(text_null(Elections::Regions))
                    .col(date(Elections::CampaignStart))
                    .col(date(Elections::SilenceDay))
                    .col(date(Elections::VotingDay))
                    .col(time(Elections::PollsOpen))
                    .col(time(Elections::PollsClose))
                    .col(date(Elections::ResultsDate))
                    .col(timestamp_with_time_zone(Elections::CreatedAt))
                    .col(timestamp_with_time_zone(Elections::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollingStations::Table)
                    .if_not_exists()
                    .col(pk_auto(PollingStations::Id))
                    .col(integer(PollingStations::ElectionId))
                    .col(integer(PollingStations::Number))
                    .col(string_len(PollingStations::Region, 16))
                    .col(string_len_null(PollingStations::District, 200))
                    .col(string_len(PollingStations::Address, 300))
                    .col(string_len(PollingStations::SearchText, 600))
                    .col(double_null(PollingStations::Latitude))
                    .col(double_null(PollingStations::Longitude))
                    .col(timestamp_with_time_zone(PollingStations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // A station by its number (its page, the problems' check, the import's upsert),
        // and an election's stations in number order (the search's range).
        manager
            .create_index(
                Index::create()
                    .name("idx_polling_stations_number")
                    .table(PollingStations::Table)
                    .col(PollingStations::ElectionId)
                    .col(PollingStations::Number)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PollingStations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Elections::Table).to_owned())
            .await
    }
}
