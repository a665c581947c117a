//! Observers' reports (issue 20) carry the exact time of the observation, `observed_at`
//! (NULL for citizens' problems, which have only their filing time), and whether the
//! observer chose to show their name on the public page, `observer_named` (false unless
//! they ticked it: an observer's report is unnamed by default). The index serves an
//! observer's list of their own latest reports in their workspace.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    ObservedAt,
    ObserverNamed,
}

/// An observer's reports, newest first.
const INDEX: &str = "idx_problems_observer";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut col in [
            timestamp_with_time_zone_null(Problems::ObservedAt),
            boolean(Problems::ObserverNamed).default(false).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Problems::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {INDEX} ON problems (observer_id, id)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {INDEX}"))
            .await?;
        for col in [Problems::ObserverNamed, Problems::ObservedAt] {
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
