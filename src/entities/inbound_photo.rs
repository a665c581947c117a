//! Photos attached to a reply by e-mail, already re-encoded, waiting with their reply
//! (issue 19). Written only by `services::inbound`.

use sea_orm::entity::prelude::*;

/// One photo of a pending reply.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbound_photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub reply_id: i32,
    /// Its place among the reply's photos, from 0.
    pub position: i32,
    /// `jpg` or `png`.
    pub ext: String,
    pub width: i32,
    pub height: i32,
    /// The picture, re-encoded without metadata.
    #[sea_orm(column_type = "Blob")]
    pub full: Vec<u8>,
    /// Its thumbnail.
    #[sea_orm(column_type = "Blob")]
    pub thumb: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
