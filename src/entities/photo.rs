//! A photo of a problem: the citizen's "before" or the representative's "after" (issue 19).
//! The picture and its thumbnail are files in `app.media_dir`; `services::photos` is the
//! only writer of this table.

use crate::domain::state::PhotoKind;
use sea_orm::entity::prelude::*;

/// One photo.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub problem_id: i32,
    /// The representative's comment or resolution it came with; none for the citizen's.
    pub event_id: Option<i32>,
    pub kind: PhotoKind,
    /// The stored picture's name in `app.media_dir` (served at `/media/{name}`).
    pub file_name: String,
    /// The thumbnail's name (at most 640 pixels on its longest side).
    pub thumb_name: String,
    /// The stored picture's size in pixels, after its orientation was applied.
    pub width: i32,
    pub height: i32,
    pub created_at: DateTimeUtc,
    /// When a coordinator or an admin hid it from the public; then both files answer 404.
    pub hidden_at: Option<DateTimeUtc>,
    /// Why (public: shown where the photo stood).
    #[sea_orm(column_type = "Text", nullable)]
    pub hidden_reason: Option<String>,
    /// The user who hid it.
    pub hidden_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
