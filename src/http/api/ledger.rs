//! `GET /api/v1/ledger/head` and `GET /api/v1/ledger`: the public ledger, for anyone to
//! pin and verify (`services::ledger`; the format: README.md, "Public ledger").

use super::schema::ErrorBody;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::services::ledger;
use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

/// Entries per page unless `limit` says.
const DEFAULT_LIMIT: u64 = 100;
/// The most entries per page.
pub const MAX_LIMIT: u64 = 1000;

/// The state of the log: its last entry's number and hash. The empty log's head is `seq`
/// 0 and 64 zeros, with no time.
#[derive(Serialize, ToSchema)]
pub struct LedgerHead {
    pub seq: i64,
    /// SHA-256, lower-case hex.
    pub hash: String,
    /// The last entry's time, `YYYY-MM-DDTHH:MM:SSZ`.
    pub time: Option<String>,
}

/// One entry. Its hash is SHA-256 of the previous entry's hash (32 bytes; 32 zero bytes
/// before the first) followed by the canonical JSON (RFC 8785) of
/// `{"fields", "kind", "problem", "seq", "time"}`, where each text field is replaced by its
/// `commitment`.
#[derive(Serialize, ToSchema)]
pub struct LedgerEntry {
    pub seq: i64,
    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub time: String,
    /// The problem's id.
    pub problem: i64,
    /// The timeline action (`confirm` publishes the problem), `support` or `redaction`.
    pub kind: String,
    /// Strings, integers and nulls; a text is an object `{text, salt, commitment}` with
    /// `commitment` = hex SHA-256(salt bytes ‖ UTF-8 text), or `{redacted: true,
    /// commitment}` once redacted.
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
    pub hash: String,
}

/// A page of entries in order.
#[derive(Serialize, ToSchema)]
pub struct LedgerPage {
    pub entries: Vec<LedgerEntry>,
    /// The next page's path, or null on the last page.
    pub next: Option<String>,
}

/// The query of `GET /api/v1/ledger`.
pub struct LedgerQuery;

impl utoipa::IntoParams for LedgerQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let int = |min: u64, max: Option<u64>| {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(max)
                .build()
        };
        let param = |name: &str, schema, description: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .schema(Some(schema))
                .description(Some(description))
                .build()
        };
        vec![
            param(
                "after",
                int(0, Some(i64::MAX.unsigned_abs())),
                "Entries after this number (default 0: from the first)",
            ),
            param(
                "limit",
                int(1, Some(MAX_LIMIT)),
                "Entries per page (default 100)",
            ),
        ]
    }
}

/// The head of the public ledger, to write down and check later (`civic-tracker ledger
/// verify --url ... --head SEQ:HASH`).
#[utoipa::path(get, path = "/api/v1/ledger/head",
    responses((status = 200, description = "The head", body = LedgerHead)))]
pub async fn head(State(st): State<AppState>) -> AppResult<Json<LedgerHead>> {
    let (head, time) = ledger::head(&st.db).await?;
    Ok(Json(LedgerHead {
        seq: head.seq,
        hash: head.hash,
        time: time.map(crate::domain::ledger::time_text),
    }))
}

/// The entries of the public ledger in order, with their hashes: every public event of
/// every problem, from which anyone can recompute the chain.
#[utoipa::path(get, path = "/api/v1/ledger", params(LedgerQuery),
    responses((status = 200, description = "The entries", body = LedgerPage),
              (status = 422, description = "A parameter is invalid (named in `field`)",
               body = ErrorBody)))]
pub async fn entries(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Json<serde_json::Value>> {
    let number = |name: &'static str| q.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let after = match number("after") {
        None => 0,
        Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            AppError::field("after", "invalid", "error.field.non_negative_integer")
        })?,
    };
    let limit = match number("limit") {
        None => DEFAULT_LIMIT,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                AppError::field(
                    "limit",
                    "out_of_range",
                    Text::key("error.field.integer_up_to").arg("max", MAX_LIMIT),
                )
            })?,
    };
    let entries = ledger::page(&st.db, after, limit).await?;
    let next = match entries.last() {
        Some(last) if entries.len() as u64 == limit => Some(format!(
            "/api/v1/ledger?after={}&limit={limit}",
            last["seq"]
        )),
        _ => None,
    };
    Ok(Json(serde_json::json!({"entries": entries, "next": next})))
}
