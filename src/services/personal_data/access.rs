//! The access log: a row each time staff are shown a citizen's contact details (who, which
//! problem, when, which fields, where), and its pages for admins.

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::permissions::Act;
use crate::domain::privacy::{AccessPlace, Shown, parse_shown, shown_column};
use crate::entities::{access_log, outbox, problem, user};
use crate::services::queries::user_names;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashSet;

/// One look at contact details, to be recorded.
#[derive(Clone, Debug)]
pub struct Access {
    /// The signed-in user; `None` for the command line.
    pub user_id: Option<i32>,
    pub problem_id: i32,
    pub shown: Vec<Shown>,
    pub place: AccessPlace,
}

/// Records `accesses` at `now` (one multi-row insert); nothing when nothing was shown.
pub async fn record(
    db: &impl ConnectionTrait,
    accesses: impl IntoIterator<Item = Access>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows: Vec<access_log::ActiveModel> = accesses
        .into_iter()
        .filter(|a| !a.shown.is_empty())
        .map(|a| access_log::ActiveModel {
            created_at: Set(now),
            user_id: Set(a.user_id),
            problem_id: Set(a.problem_id),
            shown: Set(shown_column(&a.shown)),
            place: Set(a.place),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(1000) {
        access_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The mails `/admin/mail` lists, recording the citizens' addresses among their
/// recipients (a recipient who is not a user, on a mail about a problem) as shown to
/// `viewer`.
pub async fn troubled_mail(
    st: &AppState,
    viewer: &CurrentUser,
) -> Result<Vec<outbox::Model>, DbErr> {
    let rows = crate::mail::outbox::troubled(&st.db).await?;
    let recipients: Vec<&str> = rows
        .iter()
        .filter(|m| m.problem_id.is_some())
        .map(|m| m.recipient.as_str())
        .collect();
    let staff: HashSet<String> = if recipients.is_empty() {
        HashSet::new()
    } else {
        user::Entity::find()
            .select_only()
            .column(user::Column::Email)
            .filter(user::Column::Email.is_in(recipients))
            .into_tuple::<String>()
            .all(&st.db)
            .await?
            .into_iter()
            .collect()
    };
    let mut seen = HashSet::new();
    let accesses: Vec<Access> = rows
        .iter()
        .filter(|m| !staff.contains(&m.recipient))
        .filter_map(|m| m.problem_id)
        .filter(|id| seen.insert(*id))
        .map(|problem_id| Access {
            user_id: Some(viewer.id),
            problem_id,
            shown: vec![Shown::Email],
            place: AccessPlace::MailPage,
        })
        .collect();
    record(&st.db, accesses, st.clock.now()).await?;
    Ok(rows)
}

/// One row of the access log as admins read it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub user_id: Option<i32>,
    /// The user's name; `None` for the command line.
    pub user_name: Option<String>,
    pub problem_id: i32,
    pub reference: String,
    pub shown: Vec<Shown>,
    pub place: AccessPlace,
}

/// A page of the access log, newest first, and how many rows it has in all.
pub async fn page(st: &AppState, page: u64, per_page: u64) -> Result<(Vec<Entry>, u64), DbErr> {
    let query = access_log::Entity::find().order_by_desc(access_log::Column::Id);
    let total = query.clone().count(&st.db).await?;
    let rows = query
        .offset((page.max(1) - 1) * per_page)
        .limit(per_page)
        .all(&st.db)
        .await?;
    let names = user_names(st, rows.iter().filter_map(|r| r.user_id).collect()).await?;
    let entries = rows
        .into_iter()
        .map(|r| Entry {
            at: r.created_at,
            user_id: r.user_id,
            user_name: r.user_id.and_then(|id| names.get(&id).cloned()),
            problem_id: r.problem_id,
            reference: crate::services::problem_reference(r.problem_id),
            shown: parse_shown(&r.shown),
            place: r.place,
        })
        .collect();
    Ok((entries, total))
}

/// The access log's rows about `problems`, oldest first.
pub async fn about(
    db: &impl ConnectionTrait,
    problems: &[i32],
) -> Result<Vec<access_log::Model>, DbErr> {
    let mut out = Vec::new();
    for chunk in problems.chunks(500) {
        out.extend(
            access_log::Entity::find()
                .filter(access_log::Column::ProblemId.is_in(chunk.iter().copied()))
                .order_by_asc(access_log::Column::Id)
                .all(db)
                .await?,
        );
    }
    out.sort_by_key(|r| r.id);
    Ok(out)
}

/// Contact details of problem `p` as `viewer` may see them, recorded in the access log
/// when there are any: the one way the internal problem page gets them.
pub async fn contact_for(
    st: &AppState,
    viewer: &CurrentUser,
    p: &problem::Model,
) -> Result<Option<(String, Option<String>)>, DbErr> {
    let allowed = viewer.may_in(Act::SeeContacts, &p.region_code);
    if !allowed || p.contact_erased_at.is_some() {
        return Ok(None);
    }
    let contact = p.contact();
    let mut shown = vec![Shown::Email];
    if contact.name.is_some() {
        shown.push(Shown::Name);
    }
    let access = Access {
        user_id: Some(viewer.id),
        problem_id: p.id,
        shown,
        place: AccessPlace::ProblemPage,
    };
    record(&st.db, [access], st.clock.now()).await?;
    Ok(Some((contact.email, contact.name)))
}
