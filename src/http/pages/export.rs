//! Open data: `GET /export/problems.csv` and `/export/problems.json` stream every public
//! problem (with the list's filters) in batches read by id, so memory stays constant
//! whatever the size of the table. Public fields only (`queries::ExportRow`).
//!
//! Batches are read one after the other, each when the client has taken the one before:
//! reading the next one ahead (in a task of its own) gave no gain that held across runs
//! (one region's 50,000 rows in 0.83-1.0 s, as without) and kept a
//! connection busy for a client that had stopped reading (a test with three connections
//! and four stalled downloads waited 2 s for one under load).

use crate::app::AppState;
use crate::domain::state::Status;
use crate::error::AppError;
use crate::http::extract::Lang;
use crate::http::query::parse_filter;
use crate::services::queries::{self, ExportRow, Filter};
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_LANGUAGE, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;
use std::collections::HashMap;

/// Rows read per batch.
const BATCH: u64 = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

struct Cursor {
    st: AppState,
    filter: Filter,
    lang: &'static str,
    format: Format,
    after: i32,
    /// The first batch, read before the answer starts so that a database out of reach is
    /// a 503 rather than an empty download.
    first_batch: Option<Vec<ExportRow>>,
    started: bool,
    done: bool,
}

fn render(format: Format, rows: &[ExportRow], first: bool) -> Result<Bytes, String> {
    match format {
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(first)
                .from_writer(Vec::new());
            for r in rows {
                w.serialize(spreadsheet_safe(r))
                    .map_err(|e| e.to_string())?;
            }
            w.into_inner().map(Bytes::from).map_err(|e| e.to_string())
        }
        Format::Json => {
            let mut out = Vec::new();
            for (i, r) in rows.iter().enumerate() {
                if !(first && i == 0) {
                    out.push(b',');
                }
                out.push(b'\n');
                serde_json::to_writer(&mut out, r).map_err(|e| e.to_string())?;
            }
            Ok(Bytes::from(out))
        }
    }
}

/// A row as spreadsheets can open it safely: a text cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be evaluated as a formula by Excel or LibreOffice
/// (CSV injection, e.g. `=HYPERLINK(...)` in a title), so such a cell gets a leading
/// apostrophe, which they show as text. Only the CSV: the JSON export is data, not a sheet.
fn spreadsheet_safe(r: &ExportRow) -> ExportRow {
    fn defuse(s: &mut String) {
        if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            s.insert(0, '\'');
        }
    }
    let mut r = r.clone();
    for s in [
        &mut r.title,
        &mut r.description,
        &mut r.region,
        &mut r.category,
        &mut r.status_label,
    ] {
        defuse(s);
    }
    for s in [&mut r.address, &mut r.representative, &mut r.redacted]
        .into_iter()
        .flatten()
    {
        defuse(s);
    }
    r
}

/// The next chunk of the body, or `None` at the end.
async fn next(mut c: Cursor) -> Option<(Result<Bytes, std::io::Error>, Cursor)> {
    if c.done {
        return None;
    }
    let first = !c.started;
    c.started = true;
    let read = match c.first_batch.take() {
        Some(rows) => Ok(rows),
        None => queries::export_batch(&c.st, &c.filter, c.lang, c.after, BATCH).await,
    };
    let rows = match read {
        Ok(rows) => rows,
        Err(e) => {
            // The status line has gone out already: end the body early (the client sees a
            // truncated download) and log why.
            tracing::error!(error = %e.parts().2, "export failed");
            c.done = true;
            return Some((Err(std::io::Error::other("export failed")), c));
        }
    };
    if rows.is_empty() {
        c.done = true;
        let tail = match (c.format, first) {
            (Format::Json, true) => "[]\n".to_string(),
            (Format::Json, false) => "\n]\n".to_string(),
            // An empty CSV still gets its header line.
            (Format::Csv, true) => csv_header(),
            (Format::Csv, false) => String::new(),
        };
        return Some((Ok(Bytes::from(tail)), c));
    }
    c.after = rows.last().map_or(c.after, |r| r.id);
    let body = render(c.format, &rows, first).map_err(std::io::Error::other);
    let body = match (c.format, first, body) {
        (Format::Json, true, Ok(b)) => {
            let mut v = b"[".to_vec();
            v.extend_from_slice(&b);
            Ok(Bytes::from(v))
        }
        (_, _, b) => b,
    };
    Some((body, c))
}

/// The CSV header line (what `csv` writes before the first row), taken from a blank row so
/// that the columns are `ExportRow`'s fields by construction, never a second list of names.
fn csv_header() -> String {
    let blank = ExportRow {
        id: 0,
        reference: String::new(),
        title: String::new(),
        description: String::new(),
        status: Status::New,
        status_label: String::new(),
        verdict: None,
        region_code: String::new(),
        region: String::new(),
        category_code: String::new(),
        category: String::new(),
        address: None,
        latitude: None,
        longitude: None,
        representative_id: None,
        representative: None,
        created_at: DateTime::default(),
        updated_at: DateTime::default(),
        acknowledge_by: None,
        resolve_by: None,
        acknowledged_at: None,
        resolved_at: None,
        closed_at: None,
        overdue: false,
        escalated: false,
        supporters: 0,
        duplicate_of: None,
        redacted: None,
    };
    let rendered = render(Format::Csv, &[blank], true).unwrap_or_default();
    String::from_utf8_lossy(&rendered)
        .lines()
        .next()
        .map(|header| format!("{header}\n"))
        .unwrap_or_default()
}

/// `lang` names the statuses, regions and categories (`?lang=`, the `civic_lang` cookie,
/// else `Accept-Language`); the codes beside them never change.
async fn export(
    st: AppState,
    q: HashMap<String, String>,
    lang: &'static str,
    format: Format,
) -> Result<Response, AppError> {
    let filter = parse_filter(&st, &q)?;
    let first_batch = queries::export_batch(&st, &filter, lang, 0, BATCH).await?;
    let cursor = Cursor {
        st,
        filter,
        lang,
        format,
        after: 0,
        first_batch: Some(first_batch),
        started: false,
        done: false,
    };
    let body = Body::from_stream(futures_util::stream::unfold(cursor, next));
    let (kind, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "problems.csv"),
        Format::Json => ("application/json", "problems.json"),
    };
    Ok((
        [
            (CONTENT_TYPE, kind.to_string()),
            (CONTENT_LANGUAGE, lang.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Every public problem as CSV.
pub async fn csv(
    State(st): State<AppState>,
    Lang(lang): Lang,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    export(st, q, lang, Format::Csv).await
}

/// Every public problem as a JSON array.
pub async fn json(
    State(st): State<AppState>,
    Lang(lang): Lang,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    export(st, q, lang, Format::Json).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ExportRow {
        ExportRow {
            id: 1,
            reference: "CT-000001".into(),
            title: "T".into(),
            description: "D".into(),
            status: crate::domain::state::Status::New,
            status_label: "New".into(),
            verdict: None,
            region_code: "KZ-75".into(),
            region: "Almaty".into(),
            category_code: "roads".into(),
            category: "Roads".into(),
            address: None,
            latitude: None,
            longitude: None,
            representative_id: None,
            representative: None,
            created_at: "2026-11-25T05:00:00Z".parse().unwrap(),
            updated_at: "2026-11-25T05:00:00Z".parse().unwrap(),
            acknowledge_by: None,
            resolve_by: None,
            acknowledged_at: None,
            resolved_at: None,
            closed_at: None,
            overdue: false,
            escalated: false,
            supporters: 0,
            duplicate_of: None,
            redacted: None,
        }
    }

    #[test]
    fn the_header_names_the_export_fields_in_order() {
        let out = render(Format::Csv, &[row()], true).unwrap();
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert_eq!(
            text.lines().next().unwrap().to_string() + "\n",
            csv_header()
        );
    }

    #[test]
    fn spreadsheets_read_formula_like_cells_as_text() {
        let mut r = row();
        r.title = "=HYPERLINK(\"http://evil.example\",\"Open\")".into();
        r.description = "-1+1 is what the sign says".into();
        r.address = Some("@home".into());
        r.representative = Some("Aigerim = the deputy".into());
        let out = render(Format::Csv, &[r], false).unwrap();
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert!(
            text.starts_with("1,CT-000001,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Open\"\")\",'-1+1 is what the sign says,"),
            "{text}"
        );
        assert!(text.contains(",'@home,"), "{text}");
        assert!(text.contains(",Aigerim = the deputy,"), "{text}");
        // The JSON export is data and keeps the text as written.
        let mut r = row();
        r.title = "=1+1".into();
        let json = render(Format::Json, &[r], true).unwrap();
        assert!(
            String::from_utf8(json.to_vec())
                .unwrap()
                .contains("\"title\":\"=1+1\"")
        );
    }
}
