//! Accredited observers' reports (issue 20): filed with the observer's API token or from
//! their signed-in workspace (`/workspace/observer`), one path for both, without e-mail
//! confirmation, published and routed at once, and marked "filed by an observer" in
//! public (with the observer's name only when they chose to show it). The rules are
//! `domain::observers`; the row is written by `services::intake`. This is the only writer
//! of `observer_stations`, the stations an observer may be scoped to.

use crate::app::AppState;
use crate::auth::{CurrentUser, UserRole};
use crate::domain::elections::CategoryKind;
use crate::domain::input::NewProblem;
use crate::domain::observers;
use crate::domain::permissions::Act;
use crate::entities::{observer_station, problem, user};
use crate::error::{AppError, AppResult};
use crate::services::intake::{self, Idempotency, Private, Submitted};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// The e-mail address an observer's reports carry as their contact (the observer's own;
/// never shown to the public). `None` for anyone who is not an active observer.
pub async fn contact_of(st: &AppState, who: &CurrentUser) -> AppResult<Option<String>> {
    if who.role != UserRole::Observer {
        return Ok(None);
    }
    Ok(user::Entity::find_by_id(who.id)
        .one(&st.db)
        .await?
        .filter(|u| u.active)
        .map(|u| u.email))
}

/// What an observer gives besides the problem itself.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    /// The election named (else the one on in the region), as given.
    pub election: Option<i32>,
    /// The polling station's number, as given.
    pub station: Option<i32>,
    /// When they saw it; `None`: now.
    pub observed_at: Option<DateTime<Utc>>,
    /// Show their name on the public page ("Filed by accredited observer <name>").
    pub show_name: bool,
}

/// Files `p` as observer `who`: an election category, in their regions (and at one of
/// their stations when they are scoped to stations), tied to an election (the one named,
/// or the one on in the region) and its station when given, observed neither in the
/// future nor before the campaign. It is confirmed and routed in the submission's
/// transaction; no mail is sent.
#[tracing::instrument(skip_all, fields(user_id = who.id, region = %p.region, category = %p.category))]
pub async fn file(
    st: &AppState,
    who: &CurrentUser,
    mut p: NewProblem,
    f: Filing,
    lang: &'static str,
    idem: Option<Idempotency>,
) -> AppResult<Submitted> {
    let group = st
        .reference()
        .category(&p.category)
        .map(|c| c.group.clone())
        .unwrap_or_default();
    let kind = CategoryKind::of(&p.category, &group);
    observers::check_filing(kind, who.may_in(Act::Observe, &p.region))
        .map_err(|e| AppError::Invalid(vec![e]))?;
    crate::services::elections::claim(st, &mut p, f.election, f.station).await?;
    let election_id =
        observers::check_election(p.election_id).map_err(|e| AppError::Invalid(vec![e]))?;
    let stations = stations_of(st, who.id).await?;
    observers::check_station(&stations, election_id, p.polling_station)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    let election = crate::services::elections::get(&st.db, election_id).await?;
    let campaign_start = st
        .tz
        .from_local_datetime(&election.campaign_start.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc));
    let observed_at = observers::check_observed_at(f.observed_at, st.clock.now(), campaign_start)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    // The citizen's own fields do not apply: the name shown is the observer's, if chosen.
    p.display_name = None;
    p.anonymous = true;
    let private = Private {
        verified: true,
        observer_id: Some(who.id),
        observed_at: Some(observed_at),
        observer_named: f.show_name,
        ..Private::default()
    };
    intake::submit_with(st, p, lang, idem, private).await
}

/// The (election, station number) pairs observer `user_id` is scoped to; none: their
/// regions decide.
pub async fn stations_of(st: &AppState, user_id: i32) -> AppResult<Vec<(i32, i32)>> {
    Ok(observer_station::of(&st.db, user_id).await?)
}

/// Whether `stations` may be given to a user of `role`: none for other roles than
/// observers, and each must exist in its election (a 422 naming `stations` otherwise).
/// The CLI asks before it creates the user, so that a refused list leaves nothing behind.
pub async fn check_stations(
    st: &AppState,
    role: UserRole,
    stations: &[(i32, i32)],
) -> AppResult<()> {
    if role != UserRole::Observer && !stations.is_empty() {
        return Err(AppError::field(
            "stations",
            "not_an_observer",
            "error.field.stations_for_observers",
        ));
    }
    for &(election, number) in stations {
        if crate::services::stations::find(&st.db, election, number)
            .await?
            .is_none()
        {
            return Err(AppError::field(
                "stations",
                "unknown_station",
                crate::i18n::Text::key("error.field.observer_station_unknown")
                    .arg("election", i64::from(election))
                    .arg("number", i64::from(number)),
            ));
        }
    }
    Ok(())
}

/// Every observer's stations, by user id (for the admins' users page).
pub async fn all_stations(
    st: &AppState,
) -> AppResult<std::collections::HashMap<i32, Vec<(i32, i32)>>> {
    let rows = observer_station::Entity::find()
        .order_by_asc(observer_station::Column::ElectionId)
        .order_by_asc(observer_station::Column::StationNumber)
        .all(&st.db)
        .await?;
    let mut by_user: std::collections::HashMap<i32, Vec<(i32, i32)>> = Default::default();
    for r in rows {
        by_user
            .entry(r.user_id)
            .or_default()
            .push((r.election_id, r.station_number));
    }
    Ok(by_user)
}

/// The stations that limit what `who` verifies: an observer's (none: their regions
/// decide), and none for other roles (regions are the status machine's concern).
pub async fn station_scope(st: &AppState, who: &CurrentUser) -> AppResult<Vec<(i32, i32)>> {
    if who.role != UserRole::Observer {
        return Ok(Vec::new());
    }
    stations_of(st, who.id).await
}

/// Whether `who` may verify a report of `election` at `station` as far as stations go.
pub async fn may_verify_at(
    st: &AppState,
    who: &CurrentUser,
    election: Option<i32>,
    station: Option<i32>,
) -> AppResult<bool> {
    let stations = station_scope(st, who).await?;
    Ok(observers::station_in_scope(&stations, election, station))
}

/// Replaces the stations of observer `user_id` with `stations` (none: scoped by regions
/// again). Each must exist in its election (a 422 naming `stations` otherwise), and the
/// user must be an observer.
#[tracing::instrument(skip_all, fields(user_id, count = stations.len()))]
pub async fn set_stations(st: &AppState, user_id: i32, stations: &[(i32, i32)]) -> AppResult<()> {
    let u = user::Entity::find_by_id(user_id)
        .one(&st.db)
        .await?
        .ok_or(AppError::NotFound)?;
    check_stations(st, u.role, stations).await?;
    let txn = st.db.begin().await?;
    observer_station::Entity::delete_many()
        .filter(observer_station::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    if !stations.is_empty() {
        observer_station::Entity::insert_many(stations.iter().map(|&(election, number)| {
            observer_station::ActiveModel {
                user_id: Set(user_id),
                election_id: Set(election),
                station_number: Set(number),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    tracing::info!("observer's stations set");
    Ok(())
}

/// One of an observer's own reports, for their workspace.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OwnReport {
    pub id: i32,
    pub reference: String,
    pub title: String,
    pub status: crate::domain::status::Status,
    pub polling_station: Option<i32>,
    pub observed_at: Option<DateTime<Utc>>,
    pub verified: Option<bool>,
}

/// How many of their own reports the workspace lists.
pub const RECENT: u64 = 20;

/// Observer `user_id`'s latest reports, newest first.
pub async fn recent(st: &AppState, user_id: i32) -> AppResult<Vec<OwnReport>> {
    let rows = problem::Entity::find()
        .filter(problem::Column::ObserverId.eq(user_id))
        .order_by_desc(problem::Column::Id)
        .limit(RECENT)
        .all(&st.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| OwnReport {
            id: p.id,
            reference: crate::services::problem_reference(p.id),
            title: p.title,
            status: p.status,
            polling_station: p.polling_station,
            observed_at: p.observed_at,
            verified: p.verified,
        })
        .collect())
}
