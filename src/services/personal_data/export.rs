//! Everything the service holds about one e-mail address, for a citizen who asks what is
//! kept about them (`civic-tracker personal-data export --email E`): the problems they
//! filed with their contact fields, their supports, a user account, the mails queued or
//! sent to the address, and the access log about their problems. Secrets (tracking and
//! confirmation tokens, mail contents with their links) are left out. The export is
//! itself recorded in the access log.

use super::access::{self, Access};
use super::same_address;
use crate::app::AppState;
use crate::domain::input::Email;
use crate::domain::privacy::{AccessPlace, Shown, parse_shown};
use crate::domain::state::{ActorKind, OutboxState, Status, UserRole, Verdict};
use crate::domain::status::Action;
use crate::entities::{outbox, problem, problem_event, support, user, user_region};
use crate::services::problem_reference;
use crate::services::queries::user_names;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// The whole export.
#[derive(Debug, Serialize)]
pub struct Export {
    pub email: String,
    pub exported_at: DateTime<Utc>,
    pub problems: Vec<FiledProblem>,
    pub supports: Vec<Support>,
    pub user: Option<Account>,
    pub mails: Vec<Mail>,
    pub access_log: Vec<AccessRow>,
}

/// A problem filed from the address.
#[derive(Debug, Serialize)]
pub struct FiledProblem {
    pub id: i32,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub citizen_email: String,
    pub citizen_name: Option<String>,
    pub anonymous: bool,
    pub citizen_phone: Option<String>,
    pub citizen_device_id: Option<String>,
    pub citizen_account_id: Option<String>,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_version: Option<String>,
    /// What the citizen wrote after filing (answers to questions, verdicts).
    pub citizen_events: Vec<CitizenEvent>,
}

/// Something the citizen did on their problem.
#[derive(Debug, Serialize)]
pub struct CitizenEvent {
    pub at: DateTime<Utc>,
    pub action: Action,
    pub note: Option<String>,
}

/// A support ("I have this problem too") from the address.
#[derive(Debug, Serialize)]
pub struct Support {
    pub problem_id: i32,
    pub reference: String,
    pub notify: bool,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// The user account with the address.
#[derive(Debug, Serialize)]
pub struct Account {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub position: Option<String>,
    pub role: UserRole,
    pub active: bool,
    pub regions: Vec<String>,
    pub digest_daily: bool,
    pub digest_weekly: bool,
    pub created_at: DateTime<Utc>,
}

/// A mail queued or sent to the address (its contents carry links with tokens: left out).
#[derive(Debug, Serialize)]
pub struct Mail {
    pub id: i32,
    pub kind: String,
    pub problem_id: Option<i32>,
    pub state: OutboxState,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A member of staff shown contact details of one of the address's problems.
#[derive(Debug, Serialize)]
pub struct AccessRow {
    pub at: DateTime<Utc>,
    pub problem_id: i32,
    pub user_id: Option<i32>,
    pub user_name: Option<String>,
    pub shown: Vec<Shown>,
    pub place: AccessPlace,
}

/// Everything held about `email`; records the export in the access log.
#[tracing::instrument(skip_all)]
pub async fn export(st: &AppState, email: &Email) -> Result<Export, sea_orm::DbErr> {
    let address = email.as_str();
    let db = &st.db;
    let now = st.clock.now();
    let rows = problem::Entity::find()
        .filter(same_address(problem::Column::CitizenEmail, address))
        .order_by_asc(problem::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let mut problems = Vec::new();
    for p in &rows {
        problems.push(filed(db, p).await?);
    }
    let supports = support::Entity::find()
        .filter(same_address(support::Column::Email, address))
        .order_by_asc(support::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| Support {
            reference: problem_reference(s.problem_id),
            problem_id: s.problem_id,
            notify: s.notify,
            created_at: s.created_at,
            confirmed_at: s.confirmed_at,
        })
        .collect();
    let user = match user::Entity::find()
        .filter(same_address(user::Column::Email, address))
        .one(db)
        .await?
    {
        Some(u) => Some(account(db, u).await?),
        None => None,
    };
    let mails = outbox::Entity::find()
        .filter(same_address(outbox::Column::Recipient, address))
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Mail {
            id: m.id,
            kind: m.kind,
            problem_id: m.problem_id,
            state: m.state,
            attempts: m.attempts,
            created_at: m.created_at,
            sent_at: m.sent_at,
        })
        .collect();
    let log = access::about(db, &ids).await?;
    let names = user_names(st, log.iter().filter_map(|r| r.user_id).collect()).await?;
    let access_log = log
        .into_iter()
        .map(|r| AccessRow {
            at: r.created_at,
            problem_id: r.problem_id,
            user_name: r.user_id.and_then(|id| names.get(&id).cloned()),
            user_id: r.user_id,
            shown: parse_shown(&r.shown),
            place: r.place,
        })
        .collect();
    let exported = rows.iter().map(|p| Access {
        user_id: None,
        problem_id: p.id,
        shown: p.contact().present(),
        place: AccessPlace::Export,
    });
    access::record(db, exported, now).await?;
    Ok(Export {
        email: address.to_string(),
        exported_at: now,
        problems,
        supports,
        user,
        mails,
        access_log,
    })
}

async fn filed(
    db: &impl ConnectionTrait,
    p: &problem::Model,
) -> Result<FiledProblem, sea_orm::DbErr> {
    let citizen_events = problem_event::Entity::find()
        .filter(problem_event::Column::ProblemId.eq(p.id))
        .filter(problem_event::Column::ActorKind.eq(ActorKind::Citizen))
        .order_by_asc(problem_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| CitizenEvent {
            at: e.created_at,
            action: e.action,
            note: e.public_note,
        })
        .collect();
    let p = p.clone();
    Ok(FiledProblem {
        reference: problem_reference(p.id),
        id: p.id,
        title: p.title,
        description: p.description,
        status: p.status,
        verdict: p.verdict,
        created_at: p.created_at,
        closed_at: p.closed_at,
        citizen_email: p.citizen_email,
        citizen_name: p.citizen_name,
        anonymous: p.anonymous,
        citizen_phone: p.citizen_phone,
        citizen_device_id: p.citizen_device_id,
        citizen_account_id: p.citizen_account_id,
        consent_at: p.consent_at,
        consent_version: p.consent_version,
        citizen_events,
    })
}

async fn account(db: &impl ConnectionTrait, u: user::Model) -> Result<Account, sea_orm::DbErr> {
    let regions = user_region::codes_of(db, u.id).await?;
    Ok(Account {
        id: u.id,
        email: u.email,
        name: u.name,
        position: u.position,
        role: u.role,
        active: u.active,
        regions,
        digest_daily: u.digest_daily,
        digest_weekly: u.digest_weekly,
        created_at: u.created_at,
    })
}
