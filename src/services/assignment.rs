//! Who holds a problem: routing by the rules on confirmation, re-routing when a
//! representative leaves, and the deadlines that start with each assignment.

use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::deadlines::{Unit, due_at};
use crate::domain::elections::{CategoryKind, Scheduled};
use crate::domain::event_note::EventNote;
use crate::domain::lifecycle::{Deadlines, Step};
use crate::domain::routing::{self, Rule};
use crate::domain::status::{Action, Relation, Role, Status, decide};
use crate::domain::voting_day;
use crate::entities::{election, problem, routing_rule, user};
use crate::error::{AppError, AppResult};
use crate::services::notify;
use crate::services::workflow::{Actor, Said, transition};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// The usual acknowledge-by and resolve-by for a problem of `category` assigned at `now`
/// (see [`deadlines_for`] for a problem, which may be voting-day paced).
pub fn deadlines(st: &AppState, category: &str, now: DateTime<Utc>) -> Deadlines {
    let reference = st.reference();
    let Some(c) = reference.category(category) else {
        return Deadlines::default();
    };
    let due = |d: &crate::services::reference::Deadline| {
        Unit::parse(&d.unit).map(|u| {
            due_at(
                now,
                u32::try_from(d.amount).unwrap_or(0),
                u,
                st.tz,
                &reference.calendar,
            )
        })
    };
    Deadlines {
        acknowledge: due(&c.acknowledge_within),
        resolve: due(&c.resolve_within),
        voting_day: false,
    }
}

/// The deadlines of problem `p` assigned (or reopened) at `now`: its category's usual
/// ones, or minutes when it is an election problem assigned while its election's polls
/// are open and its category has voting-day minutes (`domain::voting_day`).
pub async fn deadlines_for(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: &problem::Model,
    now: DateTime<Utc>,
) -> Result<Deadlines, sea_orm::DbErr> {
    let usual = deadlines(st, &p.category_code, now);
    let reference = st.reference();
    let Some(c) = reference.category(&p.category_code) else {
        return Ok(usual);
    };
    let minutes = voting_day::Minutes {
        acknowledge: c
            .voting_day_acknowledge_minutes
            .and_then(|m| u32::try_from(m).ok()),
        resolve: c
            .voting_day_resolve_minutes
            .and_then(|m| u32::try_from(m).ok()),
    };
    let election_category = CategoryKind::of(&c.code, &c.group).election;
    // Only an election problem of a category with minutes needs its election read.
    let election = match p.election_id {
        Some(id) if election_category && minutes.any() => {
            election::Entity::find_by_id(id).one(db).await?
        }
        _ => None,
    };
    Ok(voting_day::deadlines(
        usual,
        election_category,
        minutes,
        election.as_ref().map(Scheduled::schedule).as_ref(),
        now,
        st.tz,
    ))
}

/// Routing rules of active representatives.
async fn active_rules(db: &impl ConnectionTrait) -> Result<Vec<Rule>, sea_orm::DbErr> {
    let active: Vec<i32> = user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::Representative))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    Ok(routing_rule::Entity::find()
        .filter(routing_rule::Column::RepresentativeId.is_in(active))
        .all(db)
        .await?
        .into_iter()
        .map(Rule::from)
        .collect())
}

/// The district of the problem's polling station (election reports that name one).
async fn station_district(
    db: &impl ConnectionTrait,
    p: &problem::Model,
) -> Result<Option<String>, sea_orm::DbErr> {
    let (Some(election), Some(number)) = (p.election_id, p.polling_station) else {
        return Ok(None);
    };
    Ok(crate::services::stations::find(db, election, number)
        .await?
        .and_then(|s| s.district))
}

/// Open problems per representative, for load balancing.
pub async fn open_counts(db: &impl ConnectionTrait) -> Result<HashMap<i32, u64>, sea_orm::DbErr> {
    let open: Vec<Status> = Status::with_representative();
    let rows: Vec<(Option<i32>, i64)> = problem::Entity::find()
        .select_only()
        .column(problem::Column::RepresentativeId)
        .column_as(problem::Column::Id.count(), "n")
        .filter(problem::Column::Status.is_in(open))
        .filter(problem::Column::RepresentativeId.is_not_null())
        .group_by(problem::Column::RepresentativeId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, u64::try_from(n).unwrap_or(0))))
        .collect())
}

/// Routes problem `p` (status `new`, or with a representative who is leaving, `exclude`)
/// by the rules: assigns it with deadlines, or sends it to the triage queue and tells the
/// region's coordinators. Records the rule and the reason.
pub async fn route(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: problem::Model,
    exclude: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<problem::Model> {
    let mut router = Router::load(db).await?;
    route_with(db, st, &mut router, p, exclude, now).await
}

/// What routing reads besides the problem: the active rules and every representative's
/// open problems, read once however many problems are routed.
pub struct Router {
    rules: Vec<Rule>,
    open: HashMap<i32, u64>,
    /// Representatives already read, by id.
    people: HashMap<i32, user::Model>,
}

impl Router {
    /// Reads the rules and the open counts.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Router, sea_orm::DbErr> {
        Ok(Router {
            rules: active_rules(db).await?,
            open: open_counts(db).await?,
            people: HashMap::new(),
        })
    }
}

/// [`route`] with the rules and counts already read; the counts follow the problems
/// routed, so that a batch is balanced as one-by-one routing would be.
async fn route_with(
    db: &impl ConnectionTrait,
    st: &AppState,
    router: &mut Router,
    p: problem::Model,
    exclude: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<problem::Model> {
    let from = p.status;
    let Router { rules, open, .. } = &*router;
    let system = Relation {
        is_assignee: false,
        covers_region: true,
    };
    let reference = st.reference();
    let district = station_district(db, &p).await?;
    match routing::route(
        rules,
        &p.region_code,
        district.as_deref(),
        &p.category_code,
        open,
        exclude,
    ) {
        Some(d) => {
            let t = decide(from, Action::Route, Role::System, system, None)?;
            let rep = match router.people.get(&d.representative_id) {
                Some(u) => u.clone(),
                None => user::Entity::find_by_id(d.representative_id)
                    .one(db)
                    .await?
                    .ok_or(AppError::NotFound)?,
            };
            let rule = rules.iter().find(|r| r.id == d.rule_id);
            let place = rule
                .and_then(|r| r.region.as_deref())
                .map_or_else(|| "any region".into(), |r| reference.region_name(r, "en"));
            let place = match rule.and_then(|r| r.district.as_deref()) {
                Some(d) => format!("{place}, {d}"),
                None => place,
            };
            let note = format!(
                "Routed to {} by rule #{} ({}: {} / {})",
                rep.name,
                d.rule_id,
                d.specificity.describe(),
                place,
                rule.and_then(|r| r.category.as_deref()).map_or_else(
                    || "any category".into(),
                    |c| reference.category_name(c, "en")
                ),
            );
            let step = Step {
                handover: Some((rep.id, Some(d.rule_id))),
                deadlines: deadlines_for(db, st, &p, now).await?,
                ..Step::at(now)
            };
            let says = EventNote::new("event.routed")
                .arg("representative", rep.name.clone())
                .arg("rule", d.rule_id);
            let said = Said {
                representative_id: Some(rep.id),
                routing_rule_id: Some(d.rule_id),
                routing_note: Some(&note),
                system_note: Some(&says),
                ..Said::default()
            };
            let (updated, _) =
                transition(db, &p, Action::Route, &t, &step, Actor::System, said).await?;
            notify::assigned(db, st, &updated, &rep, &says, now).await?;
            notify::citizen_update(db, st, &updated, "route", None, Some(&rep.name), now).await?;
            *router.open.entry(rep.id).or_default() += 1;
            router.people.insert(rep.id, rep);
            if let Some(n) = p.representative_id.and_then(|r| router.open.get_mut(&r)) {
                *n = n.saturating_sub(1);
            }
            Ok(updated)
        }
        None => {
            let note = "No routing rule matches this region and category; the coordinators \
                        will assign it by hand.";
            // A new problem stays `new`; one taken from a leaving representative goes back.
            let action = if from == Status::New {
                Action::Route
            } else {
                Action::ReturnToTriage
            };
            let t = decide(from, action, Role::System, system, None)?;
            let says = EventNote::new("event.unrouted");
            let said = Said {
                routing_note: Some(note),
                system_note: Some(&says),
                ..Said::default()
            };
            let step = Step::at(now);
            let (updated, _) = transition(db, &p, action, &t, &step, Actor::System, said).await?;
            notify::triage(db, st, &updated, "unrouted", None, now).await?;
            notify::citizen_update(db, st, &updated, "triage", None, None, now).await?;
            Ok(updated)
        }
    }
}

/// Re-routes every open problem of representative `rep_id` (who is being deactivated) by the
/// rules, with an event on each; call inside the deactivation's transaction.
pub async fn reroute_all_of(
    db: &impl ConnectionTrait,
    st: &AppState,
    rep_id: i32,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let open: Vec<Status> = Status::with_representative();
    let problems = problem::Entity::find()
        .filter(problem::Column::RepresentativeId.eq(rep_id))
        .filter(problem::Column::Status.is_in(open))
        .all(db)
        .await?;
    let n = problems.len();
    let mut router = Router::load(db).await?;
    for p in problems {
        route_with(db, st, &mut router, p, Some(rep_id), now).await?;
    }
    Ok(n)
}
