//! Citizens' personal data: each problem records when its citizen consented and to which
//! version of the consent text, and when its contact details were erased (by the citizen,
//! or by the retention period); `access_log` records every time staff were shown a
//! citizen's contact details.
//!
//! Problems filed before this migration have no recorded consent (NULL): the form required
//! it, but its time and text were not stored.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    Id,
    ConsentAt,
    ConsentVersion,
    ContactErasedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    Id,
    CreatedAt,
    UserId,
    ProblemId,
    Shown,
    Place,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for col in [
            timestamp_with_time_zone_null(Problems::ConsentAt),
            string_null(Problems::ConsentVersion),
            timestamp_with_time_zone_null(Problems::ContactErasedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        // The purge job looks for finished problems that still hold contact details.
        manager
            .create_index(
                Index::create()
                    .name("idx_problems_retention")
                    .table(Problems::Table)
                    .col(Problems::ContactErasedAt)
                    .col(Problems::ClosedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccessLog::Table)
                    .col(pk_auto(AccessLog::Id))
                    .col(timestamp_with_time_zone(AccessLog::CreatedAt))
                    // NULL: the command line (`personal-data export`), not a signed-in user.
                    .col(integer_null(AccessLog::UserId))
                    .col(integer(AccessLog::ProblemId))
                    .col(string(AccessLog::Shown))
                    .col(string(AccessLog::Place))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_log_user")
                            .from(AccessLog::Table, AccessLog::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_log_problem")
                            .from(AccessLog::Table, AccessLog::ProblemId)
                            .to(Problems::Table, Problems::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_log_problem")
                    .table(AccessLog::Table)
                    .col(AccessLog::ProblemId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccessLog::Table).to_owned())
            .await?;
        manager
            .drop_index(Index::drop().name("idx_problems_retention").to_owned())
            .await?;
        for col in [
            Problems::ContactErasedAt,
            Problems::ConsentVersion,
            Problems::ConsentAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
