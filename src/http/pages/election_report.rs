//! The election report, `/elections/{id}/report` (issue 20), with its tables as JSON
//! (`report.json`) and CSV (`report.csv?table=regions|categories|stations|representatives`).
//! Everything is served from the copy `services::election_report` froze after the results
//! date; before it the page says when the report will be published (404).

use super::{PageResult, render};
use crate::app::AppState;
use crate::domain::election_report::{RepRow, Row};
use crate::entities::election;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::query::path_id;
use crate::i18n::{Text, message_with};
use crate::locale;
use crate::services::election_report::{self, Published};
use crate::services::elections;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// Stations the page lists (all of them are in the CSV).
const PAGE_STATIONS: usize = 20;
/// The tables `report.csv?table=` serves.
const TABLES: &[&str] = &["regions", "categories", "stations", "representatives"];

/// A table row as the page shows it, in `lang`.
fn row_view(lang: &str, name: String, station: Option<&str>, r: &Row) -> Value {
    json!({
        "name": name, "station": station,
        "reports": r.reports, "verified": r.verified, "unverified": r.unverified,
        "unchecked": r.unchecked, "resolved": r.resolved, "closed_other": r.closed_other,
        "open": r.open, "ack": r.ack_median_minutes,
        "fix": r.resolve_median_hours.map(|h| locale::fmt_number(lang, h, 1)),
    })
}

/// The election and its published report, or the page that says when it will be.
async fn load(
    st: &AppState,
    id: &str,
) -> Result<(election::Model, Option<Arc<Published>>), AppError> {
    let e = elections::get(&st.db, path_id(id)?).await?;
    let p = election_report::published(st, &e).await?;
    Ok((e, p))
}

/// The report page.
#[tracing::instrument(skip_all, fields(election_id = %id))]
pub async fn page(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
) -> PageResult {
    let (e, p) = load(&st, &id).await?;
    let lang = csrf.lang;
    let view = super::elections::view(&st, lang, &e);
    let Some(p) = p else {
        return render(
            &st,
            user.as_ref(),
            &csrf,
            "pages/election_report.html",
            json!({"e": view, "published": false}),
            StatusCode::NOT_FOUND,
        );
    };
    let reference = st.reference();
    let f = &p.figures;
    let regions: Vec<Value> = f
        .regions
        .iter()
        .map(|r| row_view(lang, reference.region_name(&r.key, lang), None, r))
        .collect();
    let categories: Vec<Value> = f
        .categories
        .iter()
        .map(|r| row_view(lang, reference.category_name(&r.key, lang), None, r))
        .collect();
    let stations: Vec<Value> = f
        .stations
        .iter()
        .take(PAGE_STATIONS)
        .map(|r| {
            let name = message_with(
                lang,
                "elections.station_number",
                &[("number", r.key.parse::<i64>().unwrap_or_default().into())],
            );
            row_view(lang, name, Some(&r.key), r)
        })
        .collect();
    let previous = match &f.previous {
        Some(prev) => {
            let name = match elections::get(&st.db, prev.election_id).await {
                Ok(pe) => pe.name(lang).to_string(),
                Err(_) => prev.election_id.to_string(),
            };
            json!({
                "id": prev.election_id, "name": name,
                "voting_day": locale::fmt_day(lang, prev.voting_day),
                "totals": row_view(lang, String::new(), None, &prev.totals),
            })
        }
        None => Value::Null,
    };
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/election_report.html",
        json!({
            "e": view, "published": true,
            "counted_at": locale::fmt_time(&st, lang, p.row.counted_at),
            "ledger_seq": p.row.ledger_seq, "ledger_hash": p.row.ledger_hash,
            "totals": row_view(lang, String::new(), None, &f.totals),
            "regions": regions, "categories": categories, "stations": stations,
            "more_stations": f.stations.len() > PAGE_STATIONS,
            "representatives": f.representatives, "previous": previous,
        }),
        StatusCode::OK,
    )
}

/// The whole report as JSON: the election, when it was counted, the ledger's head then,
/// and every table.
#[tracing::instrument(skip_all, fields(election_id = %id))]
pub async fn json(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (e, p) = load(&st, &id).await?;
    // Before publication the tables do not exist yet (the page says when they will).
    let Some(p) = p else {
        return Err(AppError::NotFound);
    };
    let body = json!({
        "election": {
            "id": e.id, "name_kk": e.name_kk, "name_ru": e.name_ru, "name_en": e.name_en,
            "kind": e.kind, "voting_day": e.voting_day, "results_date": e.results_date,
        },
        "counted_at": p.row.counted_at,
        "ledger": {"seq": p.row.ledger_seq, "hash": p.row.ledger_hash},
        "figures": p.figures,
    });
    Ok((
        [(CONTENT_TYPE, "application/json".to_string())],
        body.to_string(),
    )
        .into_response())
}

/// A group table's columns after its first (the group's key).
type Column<T> = (&'static str, fn(&T) -> String);

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The columns of the region, category and station tables.
const ROW_COLUMNS: &[Column<Row>] = &[
    ("reports", |r| r.reports.to_string()),
    ("verified", |r| r.verified.to_string()),
    ("unverified", |r| r.unverified.to_string()),
    ("unchecked", |r| r.unchecked.to_string()),
    ("resolved", |r| r.resolved.to_string()),
    ("closed_other", |r| r.closed_other.to_string()),
    ("open", |r| r.open.to_string()),
    ("ack_median_minutes", |r| opt(r.ack_median_minutes)),
    ("resolve_median_hours", |r| opt(r.resolve_median_hours)),
];

/// The columns of the representatives' table.
const REP_COLUMNS: &[Column<RepRow>] = &[
    ("representative_id", |r| r.id.to_string()),
    ("name", |r| r.name.clone()),
    ("assigned", |r| r.assigned.to_string()),
    ("acknowledged", |r| r.acknowledged.to_string()),
    ("resolved", |r| r.resolved.to_string()),
    ("ack_median_minutes", |r| opt(r.ack_median_minutes)),
];

/// `rows` as CSV with a header line, `first` naming the key column (none for the
/// representatives, whose columns say it all).
fn to_csv<T>(
    first: Option<Column<T>>,
    columns: &[Column<T>],
    rows: &[T],
) -> Result<String, AppError> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head: Vec<&str> = first.iter().map(|(n, _)| *n).collect();
    head.extend(columns.iter().map(|(n, _)| *n));
    let fail = |e: csv::Error| AppError::Other(anyhow::anyhow!("writing the report's CSV: {e}"));
    w.write_record(&head).map_err(fail)?;
    for r in rows {
        let mut rec: Vec<String> = first.iter().map(|(_, f)| f(r)).collect();
        rec.extend(columns.iter().map(|(_, f)| f(r)));
        w.write_record(&rec).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Other(anyhow::anyhow!("writing the report's CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One table of the report as CSV (`?table=`; regions by default).
#[tracing::instrument(skip_all, fields(election_id = %id))]
pub async fn csv(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let table = q.get("table").map_or("regions", String::as_str);
    if !TABLES.contains(&table) {
        return Err(AppError::field(
            "table",
            "one_of",
            Text::key("error.field.one_of").arg("choices", TABLES.join(", ")),
        ));
    }
    let (e, p) = load(&st, &id).await?;
    // Before publication the tables do not exist yet (the page says when they will).
    let Some(p) = p else {
        return Err(AppError::NotFound);
    };
    let f = &p.figures;
    let key: fn(&Row) -> String = |r| r.key.clone();
    let body = match table {
        "regions" => to_csv(Some(("region", key)), ROW_COLUMNS, &f.regions)?,
        "categories" => to_csv(Some(("category", key)), ROW_COLUMNS, &f.categories)?,
        "stations" => to_csv(Some(("station", key)), ROW_COLUMNS, &f.stations)?,
        _ => to_csv(None, REP_COLUMNS, &f.representatives)?,
    };
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"election-{}-{table}.csv\"", e.id),
            ),
        ],
        body,
    )
        .into_response())
}
