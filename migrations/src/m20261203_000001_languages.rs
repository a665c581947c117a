//! Languages: each problem and each support records the language its citizen filed in,
//! and each user the language they chose, so that their mail is written in it (NULL:
//! not recorded, before this migration; mail then uses `app.default_language`). And
//! categories get a description in each language, for the form and Open311's service
//! definitions (empty until an admin writes one; the default categories are described
//! when they are seeded).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Problems {
    Table,
    Language,
}

#[derive(DeriveIden)]
enum Supports {
    Table,
    Language,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Language,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    DescriptionEn,
    DescriptionKk,
    DescriptionRu,
}

async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    mut col: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(&mut col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        add(
            manager,
            Problems::Table,
            string_len_null(Problems::Language, 8),
        )
        .await?;
        add(
            manager,
            Supports::Table,
            string_len_null(Supports::Language, 8),
        )
        .await?;
        add(manager, Users::Table, string_len_null(Users::Language, 8)).await?;
        for col in [
            Categories::DescriptionEn,
            Categories::DescriptionKk,
            Categories::DescriptionRu,
        ] {
            add(
                manager,
                Categories::Table,
                string(col).default("").to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop =
            |table: DynIden, col: DynIden| Table::alter().table(table).drop_column(col).to_owned();
        manager
            .alter_table(drop(
                Problems::Table.into_iden(),
                Problems::Language.into_iden(),
            ))
            .await?;
        manager
            .alter_table(drop(
                Supports::Table.into_iden(),
                Supports::Language.into_iden(),
            ))
            .await?;
        manager
            .alter_table(drop(Users::Table.into_iden(), Users::Language.into_iden()))
            .await?;
        for col in [
            Categories::DescriptionEn,
            Categories::DescriptionKk,
            Categories::DescriptionRu,
        ] {
            manager
                .alter_table(drop(Categories::Table.into_iden(), col.into_iden()))
                .await?;
        }
        Ok(())
    }
}
