//! Read models: the public list and page of a problem, a representative's workspace and
//! the coordinators' triage queue. Public views never carry contact details, anonymous
//! names, tokens or internal notes; internal views add internal notes, and contact details
//! only for those allowed to see them.

mod lists;
mod paging;
mod problem_view;
pub mod recent;
pub mod search;
pub mod similar;

pub use lists::*;
pub use paging::*;
pub use problem_view::*;

use crate::app::AppState;
use crate::domain::state::{Status, UserRole};
use crate::entities::{problem, user};
use crate::error::AppResult;
use crate::services::problem_reference;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// The representative a problem is with.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RepresentativeRef {
    pub id: i32,
    pub name: String,
    pub position: Option<String>,
}

/// A code with its name: `name` in English (the API's contract), `name_kk` and `name_ru`
/// beside it, so that pages and clients can show the reader's language.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Named {
    pub code: String,
    pub name: String,
    pub name_kk: String,
    pub name_ru: String,
}

impl Named {
    /// The name in `lang` (English for a language it has no name in).
    pub fn name_in(&self, lang: &str) -> &str {
        crate::i18n::in_language(lang, &self.name, &self.name_kk, &self.name_ru)
    }

    /// A problem's region and category, with their names.
    pub(super) fn place(
        reference: &crate::services::reference::Reference,
        region_code: String,
        category_code: String,
    ) -> (Named, Named) {
        let named = |code: String, [en, kk, ru]: [String; 3]| Named {
            code,
            name: en,
            name_kk: kk,
            name_ru: ru,
        };
        (
            named(region_code.clone(), reference.region_names(&region_code)),
            named(
                category_code.clone(),
                reference.category_names(&category_code),
            ),
        )
    }
}

/// One problem in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProblemSummary {
    pub id: i32,
    pub reference: String,
    pub title: String,
    #[schema(value_type = String)]
    pub status: Status,
    pub region: Named,
    pub category: Named,
    pub representative: Option<RepresentativeRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub acknowledge_by: Option<DateTime<Utc>>,
    pub resolve_by: Option<DateTime<Utc>>,
    /// Internal lists only: the representative asked for reassignment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reassign_requested: Option<bool>,
    /// The representative asked the citizen a question that is not yet answered.
    pub question_pending: bool,
    /// A deadline the representative still owes has passed.
    pub overdue: bool,
    /// Overdue past the grace period and escalated to the region's coordinators.
    pub escalated: bool,
    /// Citizens who confirmed they have this problem too.
    pub supporters: i32,
    /// The election an election problem belongs to (its id), else null.
    pub election: Option<i32>,
    /// The number of the polling station it names, within its election.
    pub polling_station: Option<i32>,
    /// An election report found verified (true) or not (false) by a coordinator; null
    /// until then.
    pub verified: Option<bool>,
    /// Filed by an accredited observer (issue 20), whose name is never shown.
    pub observer: bool,
}

/// Users by id (the representatives of a page of problems).
pub(super) async fn reps_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, user::Model>, sea_orm::DbErr> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// A representative as lists show them.
pub(super) fn rep_ref(u: &user::Model) -> RepresentativeRef {
    RepresentativeRef {
        id: u.id,
        name: u.name.clone(),
        position: u.position.clone(),
    }
}

/// List rows for `rows`; `internal` adds what only signed-in users see.
pub(super) fn summaries(
    st: &AppState,
    rows: Vec<problem::Model>,
    reps: &HashMap<i32, user::Model>,
    internal: bool,
) -> Vec<ProblemSummary> {
    let reference = st.reference();
    rows.into_iter()
        .map(|p| {
            let (region, category) = Named::place(&reference, p.region_code, p.category_code);
            ProblemSummary {
                id: p.id,
                reference: problem_reference(p.id),
                region,
                category,
                representative: p
                    .representative_id
                    .and_then(|id| reps.get(&id))
                    .map(rep_ref),
                title: p.title,
                status: p.status,
                created_at: p.confirmed_at.unwrap_or(p.created_at),
                updated_at: p.updated_at,
                acknowledge_by: crate::domain::sla::ack_owed(p.ack_due_at, p.acknowledged_at),
                resolve_by: p.resolve_due_at,
                reassign_requested: internal.then_some(p.reassign_requested),
                question_pending: p.question_pending,
                overdue: p.overdue,
                escalated: p.escalated,
                supporters: p.support_count,
                election: p.election_id,
                polling_station: p.polling_station,
                verified: p.verified,
                observer: p.observer_id.is_some(),
            }
        })
        .collect()
}

/// Active representatives, for the coordinators' assign form.
pub async fn active_representatives(st: &AppState) -> AppResult<Vec<RepresentativeRef>> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::Representative))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?
        .iter()
        .map(rep_ref)
        .collect())
}

/// `id → text` for the rows of `E` with these ids (names of users, titles of problems).
pub async fn texts<E: EntityTrait>(
    st: &AppState,
    id: E::Column,
    text: E::Column,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i32, String)> = E::find()
            .select_only()
            .columns([id, text])
            .filter(id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(&st.db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Users' names by id (representatives in lists, tables and mails).
pub async fn user_names(
    st: &AppState,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    texts::<user::Entity>(st, user::Column::Id, user::Column::Name, ids).await
}

/// Problems' titles by id.
pub async fn problem_titles(
    st: &AppState,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    texts::<problem::Entity>(st, problem::Column::Id, problem::Column::Title, ids).await
}
