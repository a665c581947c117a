//! Accredited observers' reports (issue 20): filed with the observer's API token (or from
//! their signed-in workspace) without e-mail confirmation, published and routed at once,
//! and marked "filed by an observer" in public (never with the observer's name). The
//! rules are `domain::observers`; the row is written by `services::intake`.

use crate::app::AppState;
use crate::auth::{CurrentUser, UserRole};
use crate::domain::elections::CategoryKind;
use crate::domain::input::NewProblem;
use crate::domain::observers;
use crate::domain::permissions::Act;
use crate::entities::user;
use crate::error::{AppError, AppResult};
use crate::services::intake::{self, Idempotency, Private, Submitted};
use sea_orm::EntityTrait;

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

/// Files `p` as observer `who`: an election category, in their regions, tied to an
/// election (the one named, or the one on in the region) and its station when given. It
/// is confirmed and routed in the submission's transaction; no mail is sent.
#[tracing::instrument(skip_all, fields(user_id = who.id, region = %p.region, category = %p.category))]
pub async fn file(
    st: &AppState,
    who: &CurrentUser,
    mut p: NewProblem,
    election: Option<i32>,
    station: Option<i32>,
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
    crate::services::elections::claim(st, &mut p, election, station).await?;
    observers::check_election(p.election_id).map_err(|e| AppError::Invalid(vec![e]))?;
    // Never the observer's name in public.
    p.display_name = None;
    p.anonymous = true;
    let private = Private {
        verified: true,
        observer_id: Some(who.id),
        ..Private::default()
    };
    intake::submit_with(st, p, lang, idem, private).await
}
