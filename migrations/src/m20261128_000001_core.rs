//! The core schema: reference data, people, routing, problems with their events, the mail
//! outbox, idempotency keys and authentication tokens.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Regions {
    Table,
    Code,
    Kind,
    NameEn,
    NameKk,
    NameRu,
    Position,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Code,
    GroupCode,
    NameEn,
    NameKk,
    NameRu,
    AckAmount,
    AckUnit,
    ResolveAmount,
    ResolveUnit,
    Active,
    Position,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    Position,
    Role,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserRegions {
    Table,
    UserId,
    RegionCode,
}

#[derive(DeriveIden)]
enum RoutingRules {
    Table,
    Id,
    RepresentativeId,
    RegionCode,
    CategoryCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Problems {
    Table,
    Id,
    Title,
    Description,
    CategoryCode,
    RegionCode,
    Address,
    Latitude,
    Longitude,
    CitizenEmail,
    CitizenName,
    Anonymous,
    Status,
    Verdict,
    RepresentativeId,
    RoutingRuleId,
    RoutingNote,
    DuplicateOf,
    ReassignRequested,
    QuestionPending,
    TrackingToken,
    ConfirmTokenHash,
    CreatedAt,
    ConfirmedAt,
    UpdatedAt,
    AssignedAt,
    AckDueAt,
    ResolveDueAt,
    AcknowledgedAt,
    ResolvedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum ProblemEvents {
    Table,
    Id,
    ProblemId,
    CreatedAt,
    ActorKind,
    ActorUserId,
    Action,
    FromStatus,
    ToStatus,
    PublicNote,
    InternalNote,
    RepresentativeId,
    RoutingRuleId,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Kind,
    Context,
    ProblemId,
    State,
    Attempts,
    LastError,
    CreatedAt,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Key,
    RequestHash,
    StatusCode,
    ResponseBody,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuthTokens {
    Table,
    Id,
    UserId,
    Kind,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    LastUsedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Regions::Table)
                    .col(string(Regions::Code).primary_key())
                    .col(string(Regions::Kind))
                    .col(string(Regions::NameEn))
                    .col(string(Regions::NameKk))
                    .col(string(Regions::NameRu))
                    .col(integer(Regions::Position))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(string(Categories::Code).primary_key())
                    .col(string(Categories::GroupCode))
                    .col(string(Categories::NameEn))
                    .col(string(Categories::NameKk))
                    .col(string(Categories::NameRu))
                    .col(integer(Categories::AckAmount))
                    .col(string(Categories::AckUnit))
                    .col(integer(Categories::ResolveAmount))
                    .col(string(Categories::ResolveUnit))
                    .col(boolean(Categories::Active))
                    .col(integer(Categories::Position))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string_uniq(Users::Email))
                    .col(string(Users::Name))
                    .col(string_null(Users::Position))
                    .col(string(Users::Role))
                    .col(boolean(Users::Active))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserRegions::Table)
                    .col(integer(UserRegions::UserId))
                    .col(string(UserRegions::RegionCode))
                    .primary_key(
                        Index::create()
                            .col(UserRegions::UserId)
                            .col(UserRegions::RegionCode),
                    )
                    .foreign_key(&mut fk(
                        "fk_user_regions_user",
                        (UserRegions::Table, UserRegions::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_user_regions_region",
                        (UserRegions::Table, UserRegions::RegionCode),
                        (Regions::Table, Regions::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoutingRules::Table)
                    .col(pk_auto(RoutingRules::Id))
                    .col(integer(RoutingRules::RepresentativeId))
                    .col(string_null(RoutingRules::RegionCode))
                    .col(string_null(RoutingRules::CategoryCode))
                    .col(timestamp_with_time_zone(RoutingRules::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_routing_rules_rep",
                        (RoutingRules::Table, RoutingRules::RepresentativeId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Problems::Table)
                    .col(pk_auto(Problems::Id))
                    .col(string(Problems::Title))
                    .col(text(Problems::Description))
                    .col(string(Problems::CategoryCode))
                    .col(string(Problems::RegionCode))
                    .col(string_null(Problems::Address))
                    .col(double_null(Problems::Latitude))
                    .col(double_null(Problems::Longitude))
                    .col(string(Problems::CitizenEmail))
                    .col(string_null(Problems::CitizenName))
                    .col(boolean(Problems::Anonymous))
                    .col(string(Problems::Status))
                    .col(string_null(Problems::Verdict))
                    .col(integer_null(Problems::RepresentativeId))
                    .col(integer_null(Problems::RoutingRuleId))
                    .col(string_null(Problems::RoutingNote))
                    .col(integer_null(Problems::DuplicateOf))
                    .col(boolean(Problems::ReassignRequested))
                    .col(boolean(Problems::QuestionPending))
                    .col(string_uniq(Problems::TrackingToken))
                    .col(string_null(Problems::ConfirmTokenHash))
                    .col(timestamp_with_time_zone(Problems::CreatedAt))
                    .col(timestamp_with_time_zone_null(Problems::ConfirmedAt))
                    .col(timestamp_with_time_zone(Problems::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Problems::AssignedAt))
                    .col(timestamp_with_time_zone_null(Problems::AckDueAt))
                    .col(timestamp_with_time_zone_null(Problems::ResolveDueAt))
                    .col(timestamp_with_time_zone_null(Problems::AcknowledgedAt))
                    .col(timestamp_with_time_zone_null(Problems::ResolvedAt))
                    .col(timestamp_with_time_zone_null(Problems::ClosedAt))
                    .foreign_key(&mut fk(
                        "fk_problems_region",
                        (Problems::Table, Problems::RegionCode),
                        (Regions::Table, Regions::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_problems_category",
                        (Problems::Table, Problems::CategoryCode),
                        (Categories::Table, Categories::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_problems_rep",
                        (Problems::Table, Problems::RepresentativeId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_problems_status", vec![Problems::Status, Problems::Id]),
            (
                "idx_problems_rep_status",
                vec![Problems::RepresentativeId, Problems::Status],
            ),
            (
                "idx_problems_region_status",
                vec![Problems::RegionCode, Problems::Status],
            ),
            (
                "idx_problems_status_created",
                vec![Problems::Status, Problems::CreatedAt],
            ),
            ("idx_problems_duplicate_of", vec![Problems::DuplicateOf]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(Problems::Table);
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ProblemEvents::Table)
                    .col(pk_auto(ProblemEvents::Id))
                    .col(integer(ProblemEvents::ProblemId))
                    .col(timestamp_with_time_zone(ProblemEvents::CreatedAt))
                    .col(string(ProblemEvents::ActorKind))
                    .col(integer_null(ProblemEvents::ActorUserId))
                    .col(string(ProblemEvents::Action))
                    .col(string_null(ProblemEvents::FromStatus))
                    .col(string_null(ProblemEvents::ToStatus))
                    .col(text_null(ProblemEvents::PublicNote))
                    .col(text_null(ProblemEvents::InternalNote))
                    .col(integer_null(ProblemEvents::RepresentativeId))
                    .col(integer_null(ProblemEvents::RoutingRuleId))
                    .foreign_key(&mut fk(
                        "fk_events_problem",
                        (ProblemEvents::Table, ProblemEvents::ProblemId),
                        (Problems::Table, Problems::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_events_problem")
                    .table(ProblemEvents::Table)
                    .col(ProblemEvents::ProblemId)
                    .col(ProblemEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_auto(Outbox::Id))
                    .col(string(Outbox::Recipient))
                    .col(string(Outbox::Kind))
                    .col(text(Outbox::Context))
                    .col(integer_null(Outbox::ProblemId))
                    .col(string(Outbox::State))
                    .col(integer(Outbox::Attempts))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::State)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string(IdempotencyKeys::Key).primary_key())
                    .col(string(IdempotencyKeys::RequestHash))
                    .col(integer(IdempotencyKeys::StatusCode))
                    .col(text(IdempotencyKeys::ResponseBody))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuthTokens::Table)
                    .col(pk_auto(AuthTokens::Id))
                    .col(integer(AuthTokens::UserId))
                    .col(string(AuthTokens::Kind))
                    .col(string_uniq(AuthTokens::TokenHash))
                    .col(timestamp_with_time_zone(AuthTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(AuthTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AuthTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(AuthTokens::LastUsedAt))
                    .foreign_key(&mut fk(
                        "fk_auth_tokens_user",
                        (AuthTokens::Table, AuthTokens::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuthTokens::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            Outbox::Table.into_iden(),
            ProblemEvents::Table.into_iden(),
            Problems::Table.into_iden(),
            RoutingRules::Table.into_iden(),
            UserRegions::Table.into_iden(),
            Users::Table.into_iden(),
            Categories::Table.into_iden(),
            Regions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
