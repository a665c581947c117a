//! The mails of the notices the sweep's batches owe (`sla_notices`): one reminder per
//! representative and one escalation per coordinator, listing the first [`LISTED`] of their
//! problems and counting the rest. Built a few recipients per transaction; each recipient's
//! rows are deleted in the transaction that queues their mail, and a recipient whose rows
//! another run deleted first is skipped, so a notice is mailed once.

use super::SweepReport;
use super::claim::{TO_COORDINATORS, TO_REPRESENTATIVE};
use crate::app::AppState;
use crate::entities::{sla_notice, user};
use crate::mail::outbox;
use crate::services::reference::Reference;
use crate::services::{notify, problem_reference};
use crate::templates::merge;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The most problems one reminder or escalation mail lists; the rest are counted.
const LISTED: u64 = 50;

/// Queues the mails of every owed notice, `recipients` representatives per transaction.
pub(super) async fn send(
    st: &AppState,
    now: DateTime<Utc>,
    recipients: u64,
    report: &mut SweepReport,
) -> anyhow::Result<()> {
    let reference = st.reference();
    let mut after = 0;
    loop {
        let reps: Vec<i32> = sla_notice::Entity::find()
            .select_only()
            .column(sla_notice::Column::RepresentativeId)
            .distinct()
            .filter(sla_notice::Column::Audience.eq(TO_REPRESENTATIVE))
            .filter(sla_notice::Column::RepresentativeId.gt(after))
            .order_by_asc(sla_notice::Column::RepresentativeId)
            .limit(recipients)
            .into_tuple::<Option<i32>>()
            .all(&st.db)
            .await?
            .into_iter()
            .flatten()
            .collect();
        let Some(&last) = reps.last() else { break };
        after = last;
        let txn = st.db.begin().await?;
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(reps.iter().copied()))
            .filter(user::Column::Active.eq(true))
            .all(&txn)
            .await?;
        let users: HashMap<i32, user::Model> = users.into_iter().map(|u| (u.id, u)).collect();
        for rep in reps {
            let rows = owed(&txn, of_rep(rep)).await?;
            let count = taken(&txn, of_rep(rep)).await?;
            // Deleted meanwhile by another run, which mailed them; or nobody to tell.
            let Some(u) = users.get(&rep).filter(|_| count > 0) else {
                continue;
            };
            let names = HashMap::from([(rep, u.name.clone())]);
            let items: Vec<Value> = rows.iter().map(|n| item(n, &names)).collect();
            queue(st, &txn, &reference, u, items, count, "sla_reminder", now).await?;
            report.mails += 1;
        }
        txn.commit().await?;
    }
    escalations(st, &reference, now, report).await
}

/// Each coordinator gets one mail with the escalations of all their regions (at most the
/// country's regions, each read once, so one transaction).
async fn escalations(
    st: &AppState,
    reference: &Reference,
    now: DateTime<Utc>,
    report: &mut SweepReport,
) -> anyhow::Result<()> {
    let txn = st.db.begin().await?;
    let regions: Vec<String> = sla_notice::Entity::find()
        .select_only()
        .column(sla_notice::Column::RegionCode)
        .distinct()
        .filter(sla_notice::Column::Audience.eq(TO_COORDINATORS))
        .order_by_asc(sla_notice::Column::RegionCode)
        .into_tuple()
        .all(&txn)
        .await?;
    let mut per_region: BTreeMap<String, (usize, Vec<sla_notice::Model>)> = BTreeMap::new();
    for region in regions {
        let rows = owed(&txn, of_region(&region)).await?;
        let count = taken(&txn, of_region(&region)).await?;
        if count > 0 {
            per_region.insert(region, (count, rows));
        }
    }
    let rep_ids: BTreeSet<i32> = per_region
        .values()
        .flat_map(|(_, rows)| rows.iter().filter_map(|n| n.representative_id))
        .collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rep_ids))
        .filter(user::Column::Active.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut per_coordinator: BTreeMap<i32, (user::Model, Vec<&str>)> = BTreeMap::new();
    for region in per_region.keys() {
        for c in notify::coordinators_of(&txn, region).await? {
            per_coordinator
                .entry(c.id)
                .or_insert_with(|| (c, Vec::new()))
                .1
                .push(region);
        }
    }
    for (_, (c, regions)) in per_coordinator {
        let count: usize = regions.iter().map(|r| per_region[*r].0).sum();
        let items: Vec<Value> = regions
            .iter()
            .flat_map(|r| per_region[*r].1.iter())
            .take(LISTED as usize)
            .map(|n| item(n, &names))
            .collect();
        queue(st, &txn, reference, &c, items, count, "sla_escalation", now).await?;
        report.mails += 1;
    }
    txn.commit().await?;
    Ok(())
}

/// A representative's reminders and passed deadlines.
fn of_rep(rep: i32) -> Condition {
    Condition::all()
        .add(sla_notice::Column::Audience.eq(TO_REPRESENTATIVE))
        .add(sla_notice::Column::RepresentativeId.eq(rep))
}

/// A region's escalations.
fn of_region(region: &str) -> Condition {
    Condition::all()
        .add(sla_notice::Column::Audience.eq(TO_COORDINATORS))
        .add(sla_notice::Column::RegionCode.eq(region))
}

/// The first [`LISTED`] notices of a recipient, in problem order.
async fn owed(
    db: &impl ConnectionTrait,
    whose: Condition,
) -> Result<Vec<sla_notice::Model>, sea_orm::DbErr> {
    sla_notice::Entity::find()
        .filter(whose)
        .order_by_asc(sla_notice::Column::ProblemId)
        .order_by_asc(sla_notice::Column::Id)
        .limit(LISTED)
        .all(db)
        .await
}

/// Deletes a recipient's notices; how many there were is the count their mail gives.
async fn taken(db: &impl ConnectionTrait, whose: Condition) -> Result<usize, sea_orm::DbErr> {
    let done = sla_notice::Entity::delete_many()
        .filter(whose)
        .exec(db)
        .await?;
    Ok(usize::try_from(done.rows_affected).unwrap_or(usize::MAX))
}

/// A notice as a mail item. Times, names and links are written for each recipient's
/// language by [`localized`]; the item keeps what they are made of.
fn item(n: &sla_notice::Model, names: &HashMap<i32, String>) -> Value {
    json!({
        "id": n.problem_id,
        "reference": problem_reference(n.problem_id),
        "title": n.title,
        "deadline": n.deadline,
        "due_at": n.due_at,
        "passed": n.passed,
        "region_code": n.region_code,
        "rep_name": n.representative_id.and_then(|i| names.get(&i)),
        "days_overdue": n.days_overdue,
        // Less than a day past it (a voting-day deadline): the mail counts minutes.
        "minutes_overdue": (n.days_overdue < 1 && n.passed)
            .then(|| (n.created_at - n.due_at).num_minutes()),
    })
}

#[expect(clippy::too_many_arguments, reason = "one mail's every part")]
async fn queue(
    st: &AppState,
    db: &impl ConnectionTrait,
    reference: &Reference,
    to: &user::Model,
    items: Vec<Value>,
    count: usize,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let lang = st.mail_language(to.language.as_deref());
    let base = json!({
        "lang": lang,
        "org": st.config.organisation.name,
        "workspace_url": st.link_in(lang, "/workspace"),
        "triage_url": st.link_in(lang, "/triage"),
    });
    let items = localized(st, reference, items, lang);
    let more = count.saturating_sub(items.len());
    let ctx = merge(
        base,
        json!({"name": to.name, "count": count, "more": more, "items": items}),
    );
    outbox::enqueue(db, &to.email, kind, &ctx, None, now).await
}

/// A reminder's or escalation's items for a reader of `lang`: the deadline's time, the
/// region's name and the links in that language.
fn localized(st: &AppState, reference: &Reference, items: Vec<Value>, lang: &str) -> Vec<Value> {
    items
        .into_iter()
        .map(|mut i| {
            let due = serde_json::from_value::<DateTime<Utc>>(i["due_at"].clone())
                .map(|d| crate::locale::fmt_time(st, lang, d))
                .ok();
            let region = reference.region_name(i["region_code"].as_str().unwrap_or(""), lang);
            let id = i["id"].as_i64().unwrap_or(0);
            i["due"] = json!(due);
            i["region"] = json!(region);
            i["url"] = json!(st.link_in(lang, &format!("/problems/{id}")));
            i["workspace_url"] = json!(st.link_in(lang, &format!("/workspace/problems/{id}")));
            i
        })
        .collect()
}
