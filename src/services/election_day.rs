//! The live picture of an election (`/elections/{id}`), kept in memory: a crowd on voting
//! day is answered from figures already counted, never by counting per request.
//!
//! Each election's [`Picture`] is counted by `domain::election_day::count` from the
//! election's public reports and kept for [`MAX_AGE_SECONDS`] by the app's clock. An older
//! picture is still served at once while one background task counts the next; only the
//! first request for an election waits for its count (and concurrent first requests count
//! it once).

use crate::app::AppState;
use crate::domain::election_day::{self, Live, Report};
use crate::domain::elections::Scheduled;
use crate::domain::state::Status;
use crate::entities::{election, problem};
use crate::error::AppResult;
use crate::services::queries::{self, ProblemSummary};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How old a picture may be before it is counted again: the issue asks for "at least every
/// minute".
pub const MAX_AGE_SECONDS: i64 = 60;
/// Verified reports the page lists.
pub const LATEST_VERIFIED: u64 = 10;

/// An election's counted figures and its latest verified reports.
pub struct Picture {
    pub live: Live,
    pub latest: Vec<ProblemSummary>,
    /// When counting started, by the app's clock.
    pub counted_at: DateTime<Utc>,
}

#[derive(Default)]
struct Slot {
    picture: Option<Arc<Picture>>,
    /// A background recount is running.
    refreshing: bool,
}

/// The pictures per election id, shared by every request.
#[derive(Default)]
pub struct LiveMemo {
    slots: Mutex<HashMap<i32, Slot>>,
    /// Held while an election nobody has counted yet is counted.
    first: tokio::sync::Mutex<()>,
}

/// What a request finds in the memo.
enum Found {
    Fresh(Arc<Picture>),
    /// Old: served, and a recount is to start when `start` says so.
    Old(Arc<Picture>, bool),
    Missing,
}

impl LiveMemo {
    fn look(&self, id: i32, now: DateTime<Utc>) -> Found {
        let mut slots = self.slots.lock().expect("live memo");
        let slot = slots.entry(id).or_default();
        match &slot.picture {
            None => Found::Missing,
            Some(p) if (now - p.counted_at).num_seconds() < MAX_AGE_SECONDS => {
                Found::Fresh(Arc::clone(p))
            }
            Some(p) => {
                let start = !slot.refreshing;
                slot.refreshing = true;
                Found::Old(Arc::clone(p), start)
            }
        }
    }

    fn peek(&self, id: i32) -> Option<Arc<Picture>> {
        let slots = self.slots.lock().expect("live memo");
        slots.get(&id).and_then(|s| s.picture.clone())
    }

    fn keep(&self, id: i32, picture: Option<Arc<Picture>>) {
        let mut slots = self.slots.lock().expect("live memo");
        let slot = slots.entry(id).or_default();
        slot.refreshing = false;
        if picture.is_some() {
            slot.picture = picture;
        }
    }
}

/// A report's columns as read: filed, acknowledged, region, category, station, verified.
type Row = (
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    String,
    String,
    Option<i32>,
    Option<bool>,
);

/// Counts election `e`'s picture now.
pub async fn recount(st: &AppState, e: &election::Model) -> AppResult<Picture> {
    let counted_at = st.clock.now();
    let rows: Vec<Row> = problem::Entity::find()
        .select_only()
        .column(problem::Column::CreatedAt)
        .column(problem::Column::AcknowledgedAt)
        .column(problem::Column::RegionCode)
        .column(problem::Column::CategoryCode)
        .column(problem::Column::PollingStation)
        .column(problem::Column::Verified)
        .filter(problem::Column::ElectionId.eq(e.id))
        .filter(problem::Column::Status.ne(Status::Unconfirmed))
        .into_tuple()
        .all(&st.read_db)
        .await?;
    let reports: Vec<Report> = rows
        .into_iter()
        .map(
            |(filed_at, acknowledged_at, region, category, station, verified)| Report {
                filed_at,
                acknowledged_at,
                region,
                category,
                station,
                verified,
            },
        )
        .collect();
    let live = election_day::count(&reports, &e.schedule(), st.tz);
    let latest = queries::latest_verified(st, e.id, LATEST_VERIFIED).await?;
    Ok(Picture {
        live,
        latest,
        counted_at,
    })
}

/// Election `e`'s picture from memory (see the module's documentation).
pub async fn picture(st: &AppState, e: &election::Model) -> AppResult<Arc<Picture>> {
    let memo = &st.live;
    match memo.look(e.id, st.clock.now()) {
        Found::Fresh(p) => Ok(p),
        Found::Old(p, start) => {
            if start {
                let (owned, e) = (st.clone(), e.clone());
                st.background.spawn(async move {
                    match recount(&owned, &e).await {
                        Ok(p) => owned.live.keep(e.id, Some(Arc::new(p))),
                        Err(err) => {
                            tracing::warn!(election_id = e.id, error = %err, "recounting the live picture failed");
                            owned.live.keep(e.id, None);
                        }
                    }
                });
            }
            Ok(p)
        }
        Found::Missing => {
            let _first = memo.first.lock().await;
            if let Some(p) = memo.peek(e.id) {
                // Counted while this request waited.
                return Ok(p);
            }
            let p = Arc::new(recount(st, e).await?);
            memo.keep(e.id, Some(Arc::clone(&p)));
            Ok(p)
        }
    }
}
