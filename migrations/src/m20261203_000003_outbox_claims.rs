//! The outbox is claimed in batches by any number of deliverers at once: `claimed_by` names
//! the claim (a random token per batch), so only its owner records the outcome, and
//! `priority` sends what a person waits for (confirmation and sign-in links: 0) before
//! notices (1) and bulk mail (digests and summaries: 2). The queue index serves the claim:
//! pending rows in priority and id order.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    State,
    Priority,
    ClaimedBy,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for col in [
            small_integer(Outbox::Priority).default(1).to_owned(),
            string_len_null(Outbox::ClaimedBy, 40),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE outbox SET priority = 0 WHERE kind IN \
             ('confirm_problem', 'login_link', 'support_confirm', 'support_own')",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE outbox SET priority = 2 WHERE kind IN ('digest', 'rep_summary', 'fix_check')",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_queue")
                    .table(Outbox::Table)
                    .col(Outbox::State)
                    .col(Outbox::Priority)
                    .col(Outbox::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_queue")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        for col in [Outbox::Priority, Outbox::ClaimedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
