//! Election-day deadlines in minutes (issue 20). A category may have a voting-day
//! acknowledge-by and resolve-by in minutes (`voting_day_ack_minutes`,
//! `voting_day_resolve_minutes`, NULL: none), used instead of its usual deadlines for a
//! problem of its election assigned while the polls are open; the five election categories
//! get defaults here (a fresh database gets them from `config/categories.csv` instead, its
//! categories are seeded after the migrations). A problem records that its deadlines are
//! voting-day paced (`voting_day_pace`), so the sweeps remind and escalate it in minutes;
//! the index lets the every-minute `sla-voting-day` job read only those problems.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Categories {
    Table,
    VotingDayAckMinutes,
    VotingDayResolveMinutes,
}

#[derive(DeriveIden)]
enum Problems {
    Table,
    VotingDayPace,
}

/// The voting-day paced problems, by id (the `sla-voting-day` sweep's keyset).
const INDEX: &str = "idx_problems_voting_day_pace";

/// The election categories' voting-day deadlines: (code, acknowledge, resolve) in minutes.
/// The polling-station category, an hour to acknowledge on other days, gets the shortest.
const DEFAULTS: [(&str, i32, i32); 5] = [
    ("election_violation", 30, 180),
    ("election_vote_buying", 30, 180),
    ("election_pressure", 30, 180),
    ("election_admin_resources", 30, 180),
    ("election_polling_station", 15, 120),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut col in [
            integer_null(Categories::VotingDayAckMinutes),
            integer_null(Categories::VotingDayResolveMinutes),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Categories::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Problems::Table)
                    .add_column(boolean(Problems::VotingDayPace).default(false))
                    .to_owned(),
            )
            .await?;
        for (code, ack, resolve) in DEFAULTS {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Categories::Table)
                        .value(Categories::VotingDayAckMinutes, ack)
                        .value(Categories::VotingDayResolveMinutes, resolve)
                        .and_where(Expr::col(Alias::new("code")).eq(code))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {INDEX} ON problems (voting_day_pace, id)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {INDEX}"))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Problems::Table)
                    .drop_column(Problems::VotingDayPace)
                    .to_owned(),
            )
            .await?;
        for col in [
            Categories::VotingDayResolveMinutes,
            Categories::VotingDayAckMinutes,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Categories::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
