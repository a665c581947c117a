//! An election (issue 20): its names, kind, regions and dates. `services::elections` is
//! the only writer of this table; the rules on its dates are in `domain::elections`.

use crate::domain::elections::{ElectionKind, Regions, Schedule, Scheduled};
use sea_orm::entity::prelude::*;

/// One election.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "elections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    pub kind: ElectionKind,
    /// The regions it covers, ISO codes joined by commas; NULL: all of them.
    pub regions: Option<String>,
    /// Local dates and times (`app.timezone`).
    pub campaign_start: Date,
    pub silence_day: Date,
    pub voting_day: Date,
    pub polls_open: Time,
    pub polls_close: Time,
    pub results_date: Date,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The name in `lang` (`kk`, `ru`, anything else: English).
    pub fn name(&self, lang: &str) -> &str {
        match lang {
            "kk" => &self.name_kk,
            "ru" => &self.name_ru,
            _ => &self.name_en,
        }
    }
}

impl Scheduled for Model {
    fn schedule(&self) -> Schedule {
        Schedule {
            campaign_start: self.campaign_start,
            silence_day: self.silence_day,
            voting_day: self.voting_day,
            polls_open: self.polls_open,
            polls_close: self.polls_close,
            results_date: self.results_date,
        }
    }

    fn regions(&self) -> Regions {
        Regions::from_stored(self.regions.as_deref())
    }
}
