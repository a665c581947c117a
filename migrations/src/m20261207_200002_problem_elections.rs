//! A problem belongs to an election (issue 20): `election_id` and the number of its
//! `polling_station` within that election, both NULL for other problems; and `verified`,
//! a coordinator's finding on an election report (NULL until one is recorded), which
//! never changes the status. The index serves a station's page: its problems, newest
//! first.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    ElectionId,
    PollingStation,
    Verified,
}

/// The problems of an election's station, newest first.
const INDEX: &str = "idx_problems_election_station";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut col in [
            integer_null(Problems::ElectionId),
            integer_null(Problems::PollingStation),
            boolean_null(Problems::Verified),
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
                "CREATE INDEX IF NOT EXISTS {INDEX} ON problems \
                 (election_id, polling_station, id)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {INDEX}"))
            .await?;
        for col in [
            Problems::Verified,
            Problems::PollingStation,
            Problems::ElectionId,
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
