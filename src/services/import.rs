//! The representatives CSV (`name,email,position,regions,categories`): parsed whole
//! first, so that a bad row rejects the file with its line number, then written in one
//! transaction.

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::input::{Email, FieldError, text};
use crate::error::{AppError, AppResult};
use crate::services::people::{Refused, RepresentativeForm, write_representative};
use sea_orm::TransactionTrait;
use serde::Serialize;

/// One parsed row of the representatives CSV.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub line: usize,
    pub name: String,
    pub email: Email,
    pub position: Option<String>,
    pub regions: Vec<Option<String>>,
    pub categories: Vec<Option<String>>,
}

/// A CSV row that breaks a rule.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("line {line}: {field} {message}")]
pub struct ImportError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

fn codes(
    raw: &str,
    known: impl Fn(&str) -> bool,
    line: usize,
    field: &str,
) -> Result<Vec<Option<String>>, ImportError> {
    let raw = raw.trim();
    if raw == "*" {
        return Ok(vec![None]);
    }
    let list: Vec<&str> = raw
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if list.is_empty() {
        return Err(ImportError {
            line,
            field: field.into(),
            message: "is empty; use codes separated by ';' or '*' for any".into(),
        });
    }
    list.into_iter()
        .map(|c| {
            if known(c) {
                Ok(Some(c.to_string()))
            } else {
                Err(ImportError {
                    line,
                    field: field.into(),
                    message: format!("has an unknown code {c:?}"),
                })
            }
        })
        .collect()
}

/// Parses the whole CSV (`name,email,position,regions,categories`); the first bad row
/// stops it, so nothing is imported from a half-good file.
pub fn parse_import(
    csv_text: &str,
    reference: &crate::services::reference::Reference,
) -> Result<Vec<ImportRow>, ImportError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let header_err = |m: String| ImportError {
        line: 1,
        field: "header".into(),
        message: m,
    };
    let headers = rdr
        .headers()
        .map_err(|e| header_err(e.to_string()))?
        .clone();
    let expected = ["name", "email", "position", "regions", "categories"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(header_err(format!(
            "must be exactly {}",
            expected.join(",")
        )));
    }
    let mut out: Vec<ImportRow> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| ImportError {
            line,
            field: "row".into(),
            message: e.to_string(),
        })?;
        let f = |n: usize| rec.get(n).unwrap_or("");
        let from_field = |e: FieldError| ImportError {
            line,
            field: e.field.into(),
            message: e.message.english(),
        };
        let name = text("name", Some(f(0)), 2, 200, true)
            .map_err(from_field)?
            .unwrap_or_default();
        let email = Email::parse("email", f(1)).map_err(from_field)?;
        let position = text("position", Some(f(2)), 1, 200, false).map_err(from_field)?;
        if out.iter().any(|r| r.email == email) {
            return Err(ImportError {
                line,
                field: "email".into(),
                message: "appears twice in the file".into(),
            });
        }
        out.push(ImportRow {
            line,
            name,
            email,
            position,
            regions: codes(f(3), |c| reference.has_region(c), line, "regions")?,
            categories: codes(f(4), |c| reference.has_category(c), line, "categories")?,
        });
    }
    Ok(out)
}

/// What an import changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub rules: usize,
    /// One line per representative: "created Name <email>: N rules" or "updated ...".
    pub changes: Vec<String>,
}

/// Imports representatives from CSV in one transaction: all rows or none. `actor` is the
/// coordinator importing in the web UI (held to their regions); the CLI passes `None`.
pub async fn import_representatives(
    st: &AppState,
    actor: Option<&CurrentUser>,
    csv_text: &str,
) -> AppResult<ImportReport> {
    let rows = parse_import(csv_text, &st.reference()).map_err(|e| AppError::BadRequest {
        code: "invalid_csv",
        message: e.to_string().into(),
        field: Some("file"),
    })?;
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let mut report = ImportReport::default();
    for r in rows {
        let form = RepresentativeForm {
            email: r.email,
            name: r.name,
            position: r.position,
            regions: r.regions,
            categories: r.categories,
        };
        let refused = |why: String| AppError::BadRequest {
            code: "invalid_csv",
            message: format!("line {}: {why}", r.line).into(),
            field: Some("file"),
        };
        let (u, created, n) = match write_representative(&txn, actor, &form, now).await? {
            Ok(done) => done,
            Err(Refused::OtherRole(role)) => {
                return Err(refused(format!(
                    "email belongs to a user with the role {role}"
                )));
            }
            Err(Refused::OutsideScope) => {
                return Err(refused(
                    "routes outside your regions; ask a national coordinator or an admin".into(),
                ));
            }
        };
        if created {
            report.created += 1;
        } else {
            report.updated += 1;
        }
        report.rules += n;
        report.changes.push(format!(
            "{} {} <{}>: {n} routing rule{}",
            if created { "created" } else { "updated" },
            u.name,
            u.email,
            if n == 1 { "" } else { "s" }
        ));
    }
    txn.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::reference::{CategoryRef, Deadline, Reference, RegionRef};

    fn reference() -> Reference {
        let region = |c: &str| RegionRef {
            code: c.into(),
            kind: "region".into(),
            name_en: c.into(),
            name_kk: c.into(),
            name_ru: c.into(),
        };
        let d = || Deadline {
            amount: 1,
            unit: "hours".into(),
        };
        Reference {
            regions: vec![region("KZ-71"), region("KZ-75")],
            categories: vec![CategoryRef {
                code: "roads".into(),
                group: "general".into(),
                name_en: "Roads".into(),
                name_kk: "Roads".into(),
                name_ru: "Roads".into(),
                description_en: String::new(),
                description_kk: String::new(),
                description_ru: String::new(),
                acknowledge_within: d(),
                resolve_within: d(),
                voting_day_acknowledge_minutes: None,
                voting_day_resolve_minutes: None,
            }],
            calendar: Default::default(),
        }
    }

    #[test]
    fn rows_expand_to_regions_times_categories() {
        let rows = parse_import(
            "name,email,position,regions,categories\n\
             Aliya Nurlanovna,aliya@example.kz,Deputy,KZ-71;KZ-75,*\n",
            &reference(),
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].regions,
            vec![Some("KZ-71".into()), Some("KZ-75".into())]
        );
        assert_eq!(rows[0].categories, vec![None]);
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let err = parse_import(
            "name,email,position,regions,categories\n\
             Aliya,aliya@example.kz,,KZ-71,roads\n\
             Bolat,bolat@example.kz,,KZ-99,roads\n",
            &reference(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: regions has an unknown code \"KZ-99\""
        );
        let err = parse_import("name,mail\nA,b\n", &reference()).unwrap_err();
        assert_eq!(err.line, 1);
        let err = parse_import(
            "name,email,position,regions,categories\nAliya,not-mail,,KZ-71,roads\n",
            &reference(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: email must be a valid e-mail address"
        );
    }
}
