//! One mailbox, one spelling: addresses are now stored lower-cased and bare (see
//! `domain::input::Email`), so the ones stored before are lower-cased too, where that
//! makes no two users one (such a pair is left for an admin to merge). And the outbox is
//! counted per recipient for the hour (the mails anybody can cause to one address), so it
//! gets an index for that.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Recipient,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "UPDATE problems SET citizen_email = LOWER(citizen_email) \
             WHERE citizen_email <> LOWER(citizen_email)",
            "UPDATE users SET email = LOWER(email) WHERE email <> LOWER(email) \
             AND NOT EXISTS (SELECT 1 FROM users u2 WHERE u2.id <> users.id \
             AND LOWER(u2.email) = LOWER(users.email))",
            "UPDATE outbox SET recipient = LOWER(recipient) WHERE recipient <> LOWER(recipient)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_recipient_created")
                    .table(Outbox::Table)
                    .col(Outbox::Recipient)
                    .col(Outbox::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_recipient_created")
                    .to_owned(),
            )
            .await
    }
}
