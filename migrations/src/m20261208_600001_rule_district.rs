//! Routing by polling-station district (issue 20): a routing rule may name a district of its
//! region (as the polling stations' CSV spells it); NULL means any district. An election
//! report at a station of that district goes to the rule's representative before any
//! region-wide rule.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RoutingRules {
    Table,
    District,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RoutingRules::Table)
                    .add_column(string_null(RoutingRules::District))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RoutingRules::Table)
                    .drop_column(RoutingRules::District)
                    .to_owned(),
            )
            .await
    }
}
