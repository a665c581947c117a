//! The numbers of one dashboard row (or total), each with the link to the public list of
//! the problems it counts, and the rows of the representatives' and overdue tables.
//! Figures are formatted for the page's language `lang`.

use crate::app::AppState;
use crate::domain::state::{Status, Verdict};
use crate::domain::stats::{self, AGE_BAND_DAYS, AGE_BANDS, Summary};
use crate::http::query::{ListParam, View};
use crate::locale;
use crate::services::problem_reference;
use crate::services::queries::DateField;
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};
use std::collections::HashMap;

/// A number of days for people, or null.
pub(super) fn days(lang: &str, d: Option<f64>) -> Value {
    d.map_or(Value::Null, |d| json!(locale::fmt_days(lang, d)))
}

/// A share as a percentage for people, or null.
pub(super) fn percent(lang: &str, r: Option<f64>) -> Value {
    r.map_or(Value::Null, |r| json!(locale::fmt_percent(lang, r)))
}

/// The list's `status` condition for the open problems.
pub(super) fn open_status() -> (&'static str, String) {
    let open = Status::open()
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",");
    (ListParam::Status.name(), open)
}

/// A summary's numbers, each with the list it counts. `row` narrows the view's filters to
/// a table row (e.g. one region).
pub(super) fn cells(
    lang: &str,
    view: &View,
    s: &Summary,
    row: &[(&'static str, String)],
    now: NaiveDate,
) -> Value {
    let open = [open_status()];
    let with = |a: &[(&'static str, String)], b: &[(&'static str, String)]| {
        let mut v = a.to_vec();
        v.extend(b.iter().cloned());
        view.list(row, &v)
    };
    let received = view.dates(DateField::Received);
    let resolved = view.dates(DateField::Resolved);
    let acknowledged = view.dates(DateField::Acknowledged);
    let closed = view.dates(DateField::Closed);
    let due = view.dates(DateField::Due);
    let (received_from, received_to) = DateField::Received.params();
    let status = |s: Status| [(ListParam::Status.name(), s.as_str().to_string())];
    let fixed = [(
        ListParam::Verdict.name(),
        Verdict::Fixed.as_str().to_string(),
    )];
    let yes = |p: ListParam| [(p.name(), "true".to_string())];
    let bands: Vec<Value> = AGE_BANDS
        .iter()
        .enumerate()
        .map(|(i, key)| {
            // Filed between the band's bounds: [now - upper + 1 day, now - lower].
            let newest = if i == 0 {
                now
            } else {
                now - Duration::days(AGE_BAND_DAYS[i - 1])
            };
            let mut dates = vec![(received_to, newest.to_string())];
            if let Some(upper) = AGE_BAND_DAYS.get(i) {
                dates.push((
                    received_from,
                    (now - Duration::days(*upper - 1)).to_string(),
                ));
            }
            json!({"key": key, "n": s.age_bands[i], "href": with(&open, &dates)})
        })
        .collect();
    json!({
        "received": {"n": s.counts.received, "before": s.previous.received,
                     "href": with(&received, &[])},
        "acknowledged": {"n": s.counts.acknowledged, "href": with(&acknowledged, &[])},
        "resolved": {"n": s.counts.resolved, "before": s.previous.resolved,
                     "href": with(&resolved, &[])},
        "fixed": {"n": s.counts.fixed, "before": s.previous.fixed,
                  "href": with(&closed, &fixed)},
        "reopened": {"n": s.counts.reopened, "href": with(&status(Status::Reopened), &[])},
        "rejected": {"n": s.counts.rejected, "href": with(&status(Status::Rejected), &[])},
        "open": {"n": s.open, "href": with(&open, &[])},
        "overdue": {"n": s.overdue, "href": with(&open, &yes(ListParam::Overdue))},
        "escalated": {"n": s.escalated, "href": with(&open, &yes(ListParam::Escalated))},
        "acknowledge": {"count": s.acknowledge.count, "median": days(lang, s.acknowledge.median_days),
                        "p90": days(lang, s.acknowledge.p90_days), "href": with(&acknowledged, &[])},
        "resolve": {"count": s.resolve.count, "median": days(lang, s.resolve.median_days),
                    "p90": days(lang, s.resolve.p90_days), "href": with(&resolved, &[])},
        "confirmed_share": {"text": percent(lang, s.confirmed_share),
                            "href": with(&closed, &fixed)},
        "reopened_share": {"text": percent(lang, s.reopened_share),
                           "href": with(&status(Status::Reopened), &[])},
        "on_time": {"text": percent(lang, s.on_time.rate), "due": s.on_time.due,
                    "on_time": s.on_time.on_time, "late": s.on_time.late,
                    "href": with(&due, &[])},
        "bands": bands,
    })
}

/// A representative's row: name, link and numbers.
pub(super) fn rep_row(
    lang: &str,
    view: &View,
    id: i32,
    names: &HashMap<i32, String>,
    s: &Summary,
    now: NaiveDate,
) -> Value {
    json!({
        "id": id,
        "name": names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
        "href": view.href(&format!("/dashboard/representatives/{id}"), &[]),
        "cells": cells(lang, view, s, &[(ListParam::Representative.name(), id.to_string())], now),
    })
}

/// An overdue problem's row.
pub(super) fn overdue_row(
    st: &AppState,
    lang: &str,
    o: &stats::OverdueRow,
    reps: &HashMap<i32, String>,
    titles: &HashMap<i32, String>,
    reference: &crate::services::reference::Reference,
) -> Value {
    let now = st.clock.now();
    let age = |t: Option<chrono::DateTime<chrono::Utc>>| {
        days(lang, t.map(|t| (now - t).num_seconds() as f64 / 86_400.0))
    };
    json!({
        "href": format!("/problems/{}", o.id),
        "reference": problem_reference(o.id),
        "title": titles.get(&o.id),
        "region": reference.region_name(&o.region, lang),
        "category": reference.category_name(&o.category, lang),
        "representative": o.representative.map(|r| json!({
            "name": reps.get(&r).cloned().unwrap_or_else(|| format!("#{r}")),
            "href": format!("/dashboard/representatives/{r}")})),
        "age_days": age(o.filed_at),
        "overdue_days": age(o.overdue_since),
        "escalated": o.escalated,
    })
}
