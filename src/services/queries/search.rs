//! Search (`q=`) on the public list, the API and Open311: the terms of
//! [`crate::domain::search`] matched as word prefixes of the title, description and
//! address, with the list's other filters, most relevant first.
//!
//! - PostgreSQL: the generated column `problems.search` (a `simple` tsvector: title weighted
//!   A, description B, address C) with a GIN index; prefix tsqueries (`дорог:* & жол:*`),
//!   ranked by `ts_rank`.
//! - SQLite: the FTS5 table `problems_fts` (external content, kept by triggers); prefix
//!   queries (`"дорог"* AND "жол"*`), ranked by `bm25` with the title weighted highest.
//!
//! Only the newest [`MAX_MATCHES`] + 1 matches are taken and ranked: a common word matches
//! tens of thousands of problems, and scoring all of them would cost a scan of each. So
//! the relevance order is exact when a search matches at most [`MAX_MATCHES`] problems,
//! and among the newest [`MAX_MATCHES`] otherwise; the total then says "more than 1,000".

use super::lists::{Filter, filtered};
use super::{ProblemSummary, reps_by_id, summaries};
use crate::app::AppState;
use crate::domain::search::{self as rules, SearchError, Term};
use crate::entities::problem;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use sea_orm::sea_query::{Alias, Expr, Order, PostgresQueryBuilder, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
    Select, Statement,
};
use std::collections::HashMap;

/// The most matches a search serves (ranks and pages through); one more is counted so that
/// a total above it reads "more than [`MAX_MATCHES`]".
pub const MAX_MATCHES: u64 = 1000;

/// The search terms of `q`, or a 422 naming `q`.
pub fn parse(q: &str) -> AppResult<Vec<Term>> {
    rules::terms(q).map_err(|e| {
        let (code, message) = match e {
            SearchError::TooLong { got } => (
                "too_long",
                Text::key("error.field.too_long")
                    .arg("max", rules::MAX_CHARS)
                    .arg("got", got),
            ),
            SearchError::TooManyWords { got } => (
                "too_many_words",
                Text::key("error.field.search_words")
                    .arg("max", rules::MAX_WORDS)
                    .arg("got", got),
            ),
            SearchError::NoWords => ("no_words", Text::key("error.field.search_no_words")),
        };
        AppError::field("q", code, message)
    })
}

/// A page of the public problems that `f` selects and `f.q` matches, most relevant first
/// (most supported first with `sort=support`), and the number of matches, at most
/// [`MAX_MATCHES`] + 1.
pub async fn list(st: &AppState, f: &Filter) -> AppResult<(Vec<ProblemSummary>, u64)> {
    let terms = parse(f.q.as_deref().unwrap_or_default())?;
    let ranked = ranked(&st.read_db, filtered(f), &terms, f.by_support).await?;
    let rows = by_ids(&st.read_db, &page_of(&ranked, f.page, f.per_page)).await?;
    let reps = reps_by_id(&st.read_db, rows.iter().filter_map(|p| p.representative_id)).await?;
    Ok((summaries(st, rows, &reps, false), ranked.len() as u64))
}

/// The ids of page `page` (from 1) of `ranked`, within its first [`MAX_MATCHES`].
pub fn page_of(ranked: &[i32], page: u64, per_page: u64) -> Vec<i32> {
    let served = &ranked[..ranked.len().min(MAX_MATCHES as usize)];
    let skip = usize::try_from((page.max(1) - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    served
        .iter()
        .skip(skip)
        .take(per_page as usize)
        .copied()
        .collect()
}

/// The problems with `ids`, in that order.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i32]) -> AppResult<Vec<problem::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: HashMap<i32, problem::Model> = problem::Entity::find()
        .filter(problem::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The ids of the newest [`MAX_MATCHES`] + 1 problems of `base` that match every term,
/// most relevant first (or most supported first, then most relevant), newest first among
/// equals.
pub async fn ranked(
    db: &impl ConnectionTrait,
    base: Select<problem::Entity>,
    terms: &[Term],
    by_support: bool,
) -> AppResult<Vec<i32>> {
    let mut stmt = base
        .select_only()
        .column(problem::Column::Id)
        .column(problem::Column::SupportCount)
        .into_query();
    let newest = |stmt: &mut sea_orm::sea_query::SelectStatement| {
        stmt.order_by((problem::Entity, problem::Column::Id), Order::Desc)
            .limit(MAX_MATCHES + 1);
    };
    let stmt = match db.get_database_backend() {
        DbBackend::Postgres => {
            let query = terms
                .iter()
                .map(|t| format!("{}{}", t.text, if t.prefix { ":*" } else { "" }))
                .collect::<Vec<_>>()
                .join(" & ");
            // The terms are letters and digits only.
            debug_assert!(
                query
                    .chars()
                    .all(|c| c.is_alphanumeric() || ":*& ".contains(c))
            );
            let tsquery = format!("to_tsquery('simple', '{}')", query.replace('\'', ""));
            stmt.expr(Expr::cust(r#""problems"."search""#))
                .and_where(Expr::cust(format!(r#""problems"."search" @@ {tsquery}"#)));
            newest(&mut stmt);
            // Ranked outside the limit, so that only the candidates are scored.
            Query::select()
                .columns([Alias::new("id"), Alias::new("support_count")])
                .expr_as(
                    Expr::cust(format!(
                        r#"ts_rank("candidates"."search", {tsquery})::float8"#
                    )),
                    Alias::new("score"),
                )
                .from_subquery(stmt, Alias::new("candidates"))
                .to_owned()
        }
        _ => {
            let query = terms
                .iter()
                .map(|t| format!("\"{}\"{}", t.text, if t.prefix { "*" } else { "" }))
                .collect::<Vec<_>>()
                .join(" AND ");
            stmt.inner_join(
                Alias::new("problems_fts"),
                Expr::cust(r#""problems_fts"."rowid" = "problems"."id""#),
            )
            // bm25 is lower for better matches; the title weighs most, then the
            // description, as PostgreSQL's weights A, B, C.
            .expr_as(
                Expr::cust(r#"-bm25("problems_fts", 10.0, 4.0, 2.0)"#),
                Alias::new("score"),
            )
            .and_where(Expr::cust_with_values(r#""problems_fts" MATCH ?"#, [query]));
            newest(&mut stmt);
            stmt
        }
    };
    let found = if db.get_database_backend() == DbBackend::Postgres {
        // With every value written into the SQL (sea-query quotes them; the filters are
        // checked codes): with bound values PostgreSQL soon switches the cached statement
        // to a generic plan, which guesses 5,000 matches for any words and an average
        // region, and then reads every match of a common word (0.6–2 s instead of 20–70 ms
        // on 1,000,000 problems).
        let sql = stmt.to_string(PostgresQueryBuilder);
        db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await?
    } else {
        db.query_all(&stmt).await?
    };
    let mut rows: Vec<(i32, i32, f64)> = found
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<i32>("", "id")?,
                r.try_get::<i32>("", "support_count")?,
                r.try_get::<f64>("", "score")?,
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()?;
    rows.sort_by(|a, b| {
        let support = if by_support {
            b.1.cmp(&a.1)
        } else {
            std::cmp::Ordering::Equal
        };
        support.then(b.2.total_cmp(&a.2)).then(b.0.cmp(&a.0))
    });
    Ok(rows.into_iter().map(|r| r.0).collect())
}
