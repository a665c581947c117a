//! Scheduled tracking: SLA state on problems (overdue, escalated, which notices went out,
//! the paused clock while a question waits for the citizen, when the citizen was asked
//! "is it fixed?"), elapsed times on events, digest preferences, the public-holiday
//! calendar, the jobs' run records and the digests sent.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    Overdue,
    Escalated,
    AckNotices,
    ResolveNotices,
    PausedAt,
    FixCheckSentAt,
    Status,
}

#[derive(DeriveIden)]
enum ProblemEvents {
    Table,
    ElapsedSeconds,
    CreatedAt,
    Action,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    DigestDaily,
    DigestWeekly,
}

#[derive(DeriveIden)]
enum Holidays {
    Table,
    Id,
    Year,
    Month,
    Day,
    Name,
    Kind,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Name,
    LastStartedAt,
    LastFinishedAt,
    LastScheduledFor,
    LastOutcome,
    LastSummary,
    LastDurationMs,
    LeaseUntil,
    LeaseOwner,
}

#[derive(DeriveIden)]
enum Digests {
    Table,
    Id,
    UserId,
    Kind,
    PeriodStart,
    PeriodEnd,
    OutboxId,
    CreatedAt,
}

/// Kazakhstan's fixed-date public holidays (month, day, name).
const FIXED_HOLIDAYS: &[(i32, i32, &str)] = &[
    (1, 1, "New Year"),
    (1, 2, "New Year"),
    (1, 7, "Orthodox Christmas"),
    (3, 8, "International Women's Day"),
    (3, 21, "Nauryz"),
    (3, 22, "Nauryz"),
    (3, 23, "Nauryz"),
    (5, 1, "Kazakhstan People's Unity Day"),
    (5, 7, "Defender of the Fatherland Day"),
    (5, 9, "Victory Day"),
    (7, 6, "Capital Day"),
    (8, 30, "Constitution Day"),
    (10, 25, "Republic Day"),
    (12, 16, "Independence Day"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let problem_cols = [
            boolean(Problems::Overdue).default(false).to_owned(),
            boolean(Problems::Escalated).default(false).to_owned(),
            small_integer(Problems::AckNotices).default(0).to_owned(),
            small_integer(Problems::ResolveNotices)
                .default(0)
                .to_owned(),
            timestamp_with_time_zone_null(Problems::PausedAt),
            timestamp_with_time_zone_null(Problems::FixCheckSentAt),
        ];
        for c in problem_cols {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .add_column(c)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(ProblemEvents::Table)
                    .add_column(big_integer_null(ProblemEvents::ElapsedSeconds))
                    .to_owned(),
            )
            .await?;
        for c in [
            boolean(Users::DigestDaily).default(true).to_owned(),
            boolean(Users::DigestWeekly).default(true).to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table(Users::Table).add_column(c).to_owned())
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_events_action_time")
                    .table(ProblemEvents::Table)
                    .col(ProblemEvents::Action)
                    .col(ProblemEvents::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_problems_overdue")
                    .table(Problems::Table)
                    .col(Problems::Overdue)
                    .col(Problems::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Holidays::Table)
                    .col(pk_auto(Holidays::Id))
                    .col(integer_null(Holidays::Year))
                    .col(integer(Holidays::Month))
                    .col(integer(Holidays::Day))
                    .col(string(Holidays::Name))
                    .col(string(Holidays::Kind))
                    .to_owned(),
            )
            .await?;
        // Kazakhstan's fixed-date public holidays, every year. Movable ones (Kurban Ait)
        // and transferred days off are added by admins for each year.
        let mut seed = Query::insert()
            .into_table(Holidays::Table)
            .columns([
                Holidays::Month,
                Holidays::Day,
                Holidays::Name,
                Holidays::Kind,
            ])
            .to_owned();
        for (month, day, name) in FIXED_HOLIDAYS {
            seed.values_panic([
                (*month).into(),
                (*day).into(),
                (*name).into(),
                "day_off".into(),
            ]);
        }
        manager.exec_stmt(seed).await?;
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .col(string(JobRuns::Name).primary_key())
                    .col(timestamp_with_time_zone_null(JobRuns::LastStartedAt))
                    .col(timestamp_with_time_zone_null(JobRuns::LastFinishedAt))
                    .col(timestamp_with_time_zone_null(JobRuns::LastScheduledFor))
                    .col(string_null(JobRuns::LastOutcome))
                    .col(text_null(JobRuns::LastSummary))
                    .col(big_integer_null(JobRuns::LastDurationMs))
                    .col(timestamp_with_time_zone_null(JobRuns::LeaseUntil))
                    .col(string_null(JobRuns::LeaseOwner))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Digests::Table)
                    .col(pk_auto(Digests::Id))
                    .col(integer(Digests::UserId))
                    .col(string(Digests::Kind))
                    .col(timestamp_with_time_zone(Digests::PeriodStart))
                    .col(timestamp_with_time_zone(Digests::PeriodEnd))
                    .col(integer_null(Digests::OutboxId))
                    .col(timestamp_with_time_zone(Digests::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // Exactly one digest per recipient, kind and period, whoever builds it.
        manager
            .create_index(
                Index::create()
                    .name("uq_digests_recipient_period")
                    .table(Digests::Table)
                    .col(Digests::UserId)
                    .col(Digests::Kind)
                    .col(Digests::PeriodStart)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Digests::Table.into_iden(),
            JobRuns::Table.into_iden(),
            Holidays::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        manager
            .drop_index(Index::drop().name("idx_problems_overdue").to_owned())
            .await?;
        manager
            .drop_index(Index::drop().name("idx_events_action_time").to_owned())
            .await?;
        for c in [
            Problems::Overdue.into_iden(),
            Problems::Escalated.into_iden(),
            Problems::AckNotices.into_iden(),
            Problems::ResolveNotices.into_iden(),
            Problems::PausedAt.into_iden(),
            Problems::FixCheckSentAt.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .drop_column(c)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(ProblemEvents::Table)
                    .drop_column(ProblemEvents::ElapsedSeconds)
                    .to_owned(),
            )
            .await?;
        for c in [
            Users::DigestDaily.into_iden(),
            Users::DigestWeekly.into_iden(),
        ] {
            manager
                .alter_table(Table::alter().table(Users::Table).drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
