//! Who is told what: decides the mails a change causes and writes them to the outbox, in
//! the caller's transaction. Citizens' addresses are read here and nowhere else.

use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::status::Verdict;
use crate::entities::{problem, user, user_region};
use crate::mail::outbox;
use crate::services::problem_reference;
use crate::templates::{merge, message};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// The context every mail about a problem gets, for a reader of `lang`.
fn problem_ctx(st: &AppState, p: &problem::Model, lang: &str) -> Value {
    let reference = st.reference();
    json!({
        "lang": lang,
        "org": st.config.organisation.name,
        "party": st.config.organisation.party,
        "problem": {
            "id": p.id,
            "reference": problem_reference(p.id),
            "title": p.title,
            "status": p.status,
            "region": reference.region_name(&p.region_code, lang),
            "category": reference.category_name(&p.category_code, lang),
            "url": st.link_in(lang, &format!("/problems/{}", p.id)),
        },
        "workspace_url": st.link_in(lang, &format!("/workspace/problems/{}", p.id)),
    })
}

/// `ctx` with the reply address of a mail to `to` about problem `p`, who is `party`, the
/// "reply above this line" marker and how to answer (`how`: `for_citizen`, `fix_check`,
/// `for_representative` or `for_coordinator`), in `lang`; unchanged when replies are off.
fn replyable(
    st: &AppState,
    mut ctx: serde_json::Value,
    p: i32,
    party: crate::domain::reply::Party,
    to: &str,
    how: &str,
    lang: &str,
) -> serde_json::Value {
    if let Some(address) = crate::services::inbound::reply_address(st, p, party, to) {
        ctx["reply_to"] = json!(address);
        ctx["reply_above"] = json!(message(lang, "mail.reply_above"));
        ctx["reply_how"] = json!(message(lang, &format!("mail.reply_how.{how}")));
    }
    ctx
}

/// The language of the citizen who filed `p`.
pub fn citizen_language(st: &AppState, p: &problem::Model) -> &'static str {
    st.mail_language(p.language.as_deref())
}

/// Where the citizen of `p` can be reached: nowhere once their contact details are erased.
fn citizen_address(p: &problem::Model) -> Option<&str> {
    p.contact_erased_at
        .is_none()
        .then_some(p.citizen_email.as_str())
        .filter(|a| !a.is_empty())
}

/// Asks the citizen to confirm a new problem.
pub async fn confirmation(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: &problem::Model,
    confirm_token: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let ctx = confirmation_ctx(st, p, confirm_token);
    outbox::enqueue(db, &p.citizen_email, CONFIRMATION, &ctx, Some(p.id), now).await?;
    Ok(())
}

/// The outbox kind (template) of the mail [`confirmation`] writes.
pub const CONFIRMATION: &str = "confirm_problem";

/// The mail telling a representative a problem is theirs (`templates/email/assigned/`).
pub const ASSIGNED: &str = "assigned";

/// The context of the mail [`confirmation`] writes.
pub fn confirmation_ctx(st: &AppState, p: &problem::Model, confirm_token: &str) -> Value {
    let lang = citizen_language(st, p);
    merge(
        problem_ctx(st, p, lang),
        json!({"confirm_url": st.link_in(lang, &format!("/confirm/{confirm_token}")),
               "tracking_url": st.link_in(lang, &format!("/track/{}", p.tracking_token)),
               "retention_days": st.config.app.unconfirmed_retention_days}),
    )
}

/// Tells the citizen (and the citizens whose duplicates point at this problem) what
/// happened: `what` is the action name, `note` the public note.
pub async fn citizen_update(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: &problem::Model,
    what: &str,
    note: Option<&str>,
    rep_name: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let headline = |lang: &str| {
        crate::templates::message_with(
            lang,
            &format!("mail.status_update.{what}"),
            &[("rep", rep_name.unwrap_or("").into())],
        )
    };
    let dups = problem::Entity::find()
        .filter(problem::Column::DuplicateOf.eq(p.id))
        .all(db)
        .await?;
    // Each citizen in the language they filed their own problem in.
    let mut recipients: Vec<(String, String, &str)> = std::iter::once(p)
        .chain(&dups)
        .filter_map(|q| {
            citizen_address(q).map(|a| {
                (
                    a.to_string(),
                    q.tracking_token.clone(),
                    citizen_language(st, q),
                )
            })
        })
        .collect();
    recipients.sort();
    recipients.dedup_by(|a, b| a.0 == b.0);
    let mut mails = Vec::new();
    for (email, token, lang) in &recipients {
        let mut ctx = merge(
            problem_ctx(st, p, lang),
            json!({"what": what, "headline": headline(lang), "note": note,
                   "rep_name": rep_name,
                   "tracking_url": st.link_in(lang, &format!("/track/{token}"))}),
        );
        // The problem's own citizen may answer by replying (a question, the fix check);
        // the citizens of its duplicates follow it on their tracking pages.
        if *token == p.tracking_token && matches!(what, "ask_citizen" | "resolve") {
            let how = if what == "resolve" {
                "fix_check"
            } else {
                "for_citizen"
            };
            let party = crate::domain::reply::Party::Citizen;
            ctx = replyable(st, ctx, p.id, party, email, how, lang);
        }
        mails.push(outbox::NewMail {
            to: email.clone(),
            kind: "status_update",
            context: ctx,
            problem_id: Some(p.id),
        });
    }
    // Supporters who asked for updates get the public page (never a tracking link) and a
    // link to stop them.
    for (id, email, lang) in crate::services::support::to_notify(db, p.id).await? {
        if recipients
            .iter()
            .any(|(r, ..)| r.eq_ignore_ascii_case(&email))
        {
            continue;
        }
        let lang = st.mail_language(lang.as_deref());
        let ctx = merge(
            problem_ctx(st, p, lang),
            json!({"what": what, "headline": headline(lang), "note": note,
                   "rep_name": rep_name,
            "stop_url": st.link_in(lang, &format!(
                "/support/stop/{id}/{}",
                crate::services::support::stop_signature(st, id)
            ))}),
        );
        mails.push(outbox::NewMail {
            to: email,
            kind: "supporter_update",
            context: ctx,
            problem_id: Some(p.id),
        });
    }
    // One multi-row insert however many supporters follow the problem.
    outbox::enqueue_many(db, mails, now).await?;
    Ok(())
}

/// Tells a representative that a problem is now theirs; `says` is how it came to them
/// (the timeline's note on the routing or assignment), written in their language.
pub async fn assigned(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: &problem::Model,
    rep: &user::Model,
    says: &crate::domain::event_note::EventNote,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let lang = st.mail_language(rep.language.as_deref());
    let routing_note =
        crate::domain::event_note::render(lang, says.key, Some(&says.encoded_args()), |t| {
            crate::locale::fmt_time(st, lang, t)
        });
    let ctx = merge(
        problem_ctx(st, p, lang),
        json!({"rep_name": rep.name, "routing_note": routing_note,
               "description": p.description,
               "ack_due": p.ack_due_at.map(|d| crate::locale::fmt_time(st, lang, d)),
               "resolve_due": p.resolve_due_at.map(|d| crate::locale::fmt_time(st, lang, d))}),
    );
    let party = crate::domain::reply::Party::Representative(rep.id);
    let ctx = replyable(st, ctx, p.id, party, &rep.email, "for_representative", lang);
    outbox::enqueue(db, &rep.email, ASSIGNED, &ctx, Some(p.id), now).await?;
    Ok(())
}

/// Tells a representative about something on their problem (`what`: `answer`,
/// `not_fixed`, `fixed`).
pub async fn representative_update(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: &problem::Model,
    what: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Some(rep_id) = p.representative_id else {
        return Ok(());
    };
    let Some(rep) = user::Entity::find_by_id(rep_id).one(db).await? else {
        return Ok(());
    };
    let lang = st.mail_language(rep.language.as_deref());
    let headline = message(lang, &format!("mail.representative_update.{what}"));
    // Reopened: the deadline starts again, and the mail says when it now falls.
    let resolve_by = (what == Verdict::NotFixed.as_str())
        .then_some(p.resolve_due_at)
        .flatten()
        .map(|t| crate::locale::fmt_time(st, lang, t));
    let ctx = merge(
        problem_ctx(st, p, lang),
        json!({"rep_name": rep.name, "headline": headline, "note": note,
               "resolve_by": resolve_by}),
    );
    let party = crate::domain::reply::Party::Representative(rep.id);
    let ctx = replyable(st, ctx, p.id, party, &rep.email, "for_representative", lang);
    outbox::enqueue(
        db,
        &rep.email,
        "representative_update",
        &ctx,
        Some(p.id),
        now,
    )
    .await?;
    Ok(())
}

/// The coordinators responsible for `region` (those with that region or with no regions);
/// admins when there is no such coordinator, so nothing falls through the cracks.
pub async fn coordinators_of(
    db: &impl ConnectionTrait,
    region: &str,
) -> Result<Vec<user::Model>, sea_orm::DbErr> {
    let coords = user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::Coordinator))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let scopes = user_region::Entity::find().all(db).await?;
    let mut out: Vec<user::Model> = coords
        .into_iter()
        .filter(|c| {
            let mine: Vec<&str> = scopes
                .iter()
                .filter(|s| s.user_id == c.id)
                .map(|s| s.region_code.as_str())
                .collect();
            mine.is_empty() || mine.contains(&region)
        })
        .collect();
    if out.is_empty() {
        out = user::Entity::find()
            .filter(user::Column::Role.eq(UserRole::Admin))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?;
    }
    Ok(out)
}

/// Tells the region's coordinators that a problem needs them (`why`: `unrouted`,
/// `rejected`, `reassign_requested`).
pub async fn triage(
    db: &impl ConnectionTrait,
    st: &AppState,
    p: &problem::Model,
    why: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for c in coordinators_of(db, &p.region_code).await? {
        let lang = st.mail_language(c.language.as_deref());
        let headline = message(lang, &format!("mail.triage.{why}"));
        let ctx = merge(
            problem_ctx(st, p, lang),
            json!({"name": c.name, "why": why, "headline": headline, "note": note,
                   "triage_url": st.link_in(lang, "/triage")}),
        );
        let party = crate::domain::reply::Party::Coordinator(c.id);
        let ctx = replyable(st, ctx, p.id, party, &c.email, "for_coordinator", lang);
        outbox::enqueue(db, &c.email, "triage", &ctx, Some(p.id), now).await?;
    }
    Ok(())
}

/// Sends a magic login link.
pub async fn login_link(
    db: &impl ConnectionTrait,
    st: &AppState,
    to: &user::Model,
    token: &str,
    next: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let lang = st.mail_language(to.language.as_deref());
    // The page the person asked for, when they came from one: the link leads back to it.
    let path = match next {
        Some(n) => {
            let n: String = url::form_urlencoded::byte_serialize(n.as_bytes()).collect();
            format!("/login/{token}?next={n}")
        }
        None => format!("/login/{token}"),
    };
    let ctx = json!({
        "lang": lang,
        "org": st.config.organisation.name,
        "name": to.name,
        "login_url": st.link_in(lang, &path),
        "minutes": st.config.app.login_link_minutes,
    });
    outbox::enqueue(db, &to.email, "login_link", &ctx, None, now).await?;
    Ok(())
}

/// The "Has this been fixed?" mail to the citizen, with one-click links to the tracking
/// page, where a button confirms the answer (a link alone changes nothing). The caller
/// queues it (in bulk). None when the citizen's contact details are erased.
///
/// `photos` are the problem's visible photos: the mail shows the citizen's ("before")
/// beside the representative's ("after") thumbnails, linked by their absolute addresses.
pub fn fix_check(
    st: &AppState,
    p: &problem::Model,
    close_after_days: i64,
    photos: &[crate::services::photos::PhotoView],
) -> Option<outbox::NewMail> {
    let to = citizen_address(p)?.to_string();
    let lang = citizen_language(st, p);
    let track = format!("/track/{}", p.tracking_token);
    let ctx = merge(
        problem_ctx(st, p, lang),
        json!({"yes_url": st.link_in(lang, &format!("{track}?verdict=yes")),
               "no_url": st.link_in(lang, &format!("{track}?verdict=no")),
               "tracking_url": st.link_in(lang, &track),
               "close_after_days": close_after_days,
               "photos": photos}),
    );
    let party = crate::domain::reply::Party::Citizen;
    let ctx = replyable(st, ctx, p.id, party, &to, "fix_check", lang);
    Some(outbox::NewMail {
        to,
        kind: "fix_check",
        context: ctx,
        problem_id: Some(p.id),
    })
}

/// The mails a stranger can make the service send to any address: a problem's or a
/// support's confirmation, a sign-in link, "you already count".
pub use crate::domain::state::ASKED_FOR;

/// Whether `to` may get one more mail that anybody can ask for: at most
/// `limits.mails_per_address_per_hour` in the last hour, counted in the outbox, which
/// every process shares. Over it: 429, so that nobody floods a mailbox or relays their
/// text through the service.
pub async fn within_mail_budget(
    st: &AppState,
    db: &impl ConnectionTrait,
    to: &str,
) -> crate::error::AppResult<()> {
    let limits = &st.config.limits;
    if !limits.enabled {
        return Ok(());
    }
    let hour_ago = st.clock.now() - chrono::Duration::hours(1);
    let sent = outbox::count_to(db, to, ASKED_FOR, hour_ago).await?;
    if sent >= u64::from(limits.mails_per_address_per_hour) {
        return Err(crate::limits::too_many(
            "error.too_many.mails",
            std::time::Duration::from_secs(3600),
        ));
    }
    Ok(())
}
