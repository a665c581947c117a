//! Elections (issue 20): the only writer of the `elections` table, the elections on now,
//! and the check that puts a new election problem in its election and at its station.
//! The rules themselves are in `domain::elections`.

use crate::app::AppState;
use crate::domain::elections::{self, CategoryKind, ElectionSpec, Scheduled};
use crate::domain::input::NewProblem;
use crate::entities::{election, polling_station};
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The configured zone's local time now: elections' dates and hours are local.
pub fn local_now(st: &AppState) -> NaiveDateTime {
    st.clock.now().with_timezone(&st.tz).naive_local()
}

/// Every election, the latest voting day first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<election::Model>, sea_orm::DbErr> {
    election::Entity::find()
        .order_by_desc(election::Column::VotingDay)
        .order_by_desc(election::Column::Id)
        .all(db)
        .await
}

/// Election `id`, or a 404.
pub async fn get(db: &impl ConnectionTrait, id: i32) -> AppResult<election::Model> {
    election::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The elections on now for `region` (any region when `None`), the nearest voting day
/// first (see `domain::elections::current`).
pub async fn current(st: &AppState, region: Option<&str>) -> AppResult<Vec<election::Model>> {
    let all = all(&st.db).await?;
    Ok(elections::current(&all, region, local_now(st))
        .into_iter()
        .cloned()
        .collect())
}

/// The columns an election's parsed form sets.
fn columns(spec: &ElectionSpec, am: &mut election::ActiveModel) {
    let s = spec.schedule;
    am.name_kk = Set(spec.name_kk.clone());
    am.name_ru = Set(spec.name_ru.clone());
    am.name_en = Set(spec.name_en.clone());
    am.kind = Set(spec.kind);
    am.regions = Set(spec.regions.stored());
    am.campaign_start = Set(s.campaign_start);
    am.silence_day = Set(s.silence_day);
    am.voting_day = Set(s.voting_day);
    am.polls_open = Set(s.polls_open);
    am.polls_close = Set(s.polls_close);
    am.results_date = Set(s.results_date);
}

/// Records a new election; returns its id.
#[tracing::instrument(skip_all, fields(kind = %spec.kind))]
pub async fn create(st: &AppState, spec: &ElectionSpec) -> AppResult<i32> {
    let now = st.clock.now();
    let mut am = election::ActiveModel {
        id: NotSet,
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    columns(spec, &mut am);
    let id = election::Entity::insert(am)
        .exec(&st.db)
        .await?
        .last_insert_id;
    tracing::info!(election_id = id, "election added");
    Ok(id)
}

/// Changes election `id` to `spec` (a 404 when there is none).
#[tracing::instrument(skip_all, fields(election_id = id))]
pub async fn update(st: &AppState, id: i32, spec: &ElectionSpec) -> AppResult<()> {
    get(&st.db, id).await?;
    let mut am = election::ActiveModel {
        id: Set(id),
        updated_at: Set(st.clock.now()),
        ..Default::default()
    };
    columns(spec, &mut am);
    election::Entity::update(am).exec(&st.db).await?;
    tracing::info!("election changed");
    Ok(())
}

/// Checks the election and the polling station a new problem names (`election`,
/// `polling_station`: as given, not yet checked) and sets them on `p`: only election
/// categories take an election, which must exist and cover the problem's region; an
/// election category without one belongs to the election on for its region now; the
/// station must exist in that election, in the problem's region, and is required for
/// the polling-station category. Each refusal is a 422 naming its field.
pub async fn claim(
    st: &AppState,
    p: &mut NewProblem,
    election: Option<i32>,
    station: Option<i32>,
) -> AppResult<()> {
    let reference = st.reference();
    let group = reference
        .category(&p.category)
        .map(|c| c.group.clone())
        .unwrap_or_default();
    let kind = CategoryKind::of(&p.category, &group);
    if !kind.election && election.is_none() && station.is_none() {
        // The usual problem: no election, nothing to read.
        return Ok(());
    }
    let all = all(&st.db).await?;
    let asked = election.map(|id| (id, all.iter().find(|e| e.id == id)));
    let now = local_now(st);
    let on = elections::current(&all, Some(&p.region), now);
    let chosen = elections::election_of(kind, &p.region, asked, &on, station.is_some())
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let Some(chosen) = chosen else {
        return Ok(());
    };
    let found = match station {
        Some(n) => polling_station::Entity::find()
            .filter(polling_station::Column::ElectionId.eq(chosen.id))
            .filter(polling_station::Column::Number.eq(n))
            .one(&st.db)
            .await?
            .map(|s| s.region),
        None => None,
    };
    elections::check_station(kind, &p.region, station, found.as_deref())
        .map_err(|e| AppError::Invalid(vec![e]))?;
    debug_assert!(chosen.regions().covers(&p.region));
    p.election_id = Some(chosen.id);
    p.polling_station = station;
    Ok(())
}
