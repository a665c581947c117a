//! A polling station of an election (issue 20), numbered within it. Imported from CSV by
//! `services::stations`, the only writer of this table.

use sea_orm::entity::prelude::*;

/// One polling station.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "polling_stations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub election_id: i32,
    /// The station's number, unique within its election.
    pub number: i32,
    /// ISO 3166-2 region code.
    pub region: String,
    pub district: Option<String>,
    pub address: String,
    /// The address and district lower-cased, for the search by address.
    pub search_text: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
