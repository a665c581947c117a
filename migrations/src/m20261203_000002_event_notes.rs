//! What the service itself writes on a timeline (overdue and escalation marks, routing,
//! the fix check) is stored as a catalog key with arguments (`note_key`, `note_args`: a
//! JSON object) instead of English text, so that each reader sees it in their language.
//! Events written before keep their text in `public_note`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProblemEvents {
    Table,
    NoteKey,
    NoteArgs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for col in [
            string_len_null(ProblemEvents::NoteKey, 80),
            text_null(ProblemEvents::NoteArgs),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ProblemEvents::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [ProblemEvents::NoteKey, ProblemEvents::NoteArgs] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ProblemEvents::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
