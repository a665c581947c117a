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
//! and among the newest [`MAX_MATCHES`] otherwise; the total then says "more than 250".
//!
//! On PostgreSQL those newest matches are found in one of two ways, since each is slow
//! where the other is fast (1,000,000 problems):
//! - **the newest problems first** (`search.window` of them, at most `search.window_ids` ids
//!   back, so that filters the list's index does not narrow cost a bounded scan): the
//!   list's own index, newest first, each problem tested against the words until enough
//!   match. Cheap when the words are common
//!   (a twelfth of all problems: 2–5 ms), whatever the planner guesses about two words
//!   together (it guessed 371 matches of «hot water» in a region that has 4,122, chose
//!   the word index, and took 115 ms, 1.7 s at 16 clients);
//! - **the word index** (GIN), when those newest problems hold too few matches:
//!   cheap when the words are rare, which is then the case.

use super::lists::{Filter, filtered};
use super::{ProblemSummary, reps_by_id, summaries};
use crate::app::AppState;
use crate::domain::search::{self as rules, SearchError, Term};
use crate::entities::problem;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use sea_orm::sea_query::{Alias, Expr, Order, PostgresQueryBuilder, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QuerySelect, QueryTrait, Select, Statement, TransactionTrait,
};
use std::collections::HashMap;

/// The most matches a search serves (ranks and pages through); one more is counted so that
/// a total above it reads "more than [`MAX_MATCHES`]". Finding them costs in proportion:
/// at 1,000 a common word in one region took 29 ms of random reads, at 250 4 ms.
pub const MAX_MATCHES: u64 = 250;

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
    let ranked = ranked(
        &st.read_db,
        &st.config.search,
        filtered(f),
        &terms,
        f.by_support,
        f.ranges.is_empty(),
    )
    .await?;
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
/// equals. `recent` says that `base` has no date range that could leave out the newest
/// problems (a look at them first would then be wasted: see the module's notes).
pub async fn ranked(
    db: &DatabaseConnection,
    within: &crate::config::Search,
    base: Select<problem::Entity>,
    terms: &[Term],
    by_support: bool,
    recent: bool,
) -> AppResult<Vec<i32>> {
    let mut rows = if db.get_database_backend() == DbBackend::Postgres {
        // Its own task, so that a client that leaves does not cut a search's short
        // transactions off half-way: sqlx then rolls them back on the connection's next use,
        // and PostgreSQL logs a warning for each ("there is no transaction in progress",
        // seen whenever 16 clients stopped at once).
        let (db, within, tsquery) = (db.clone(), within.clone(), pg_tsquery(terms));
        tokio::spawn(async move { pg_matches(&db, &within, base, &tsquery, recent).await })
            .await
            .map_err(|e| AppError::Other(e.into()))??
    } else {
        sqlite_matches(db, base, terms).await?
    };
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

/// PostgreSQL's newest matches: the newest problems first when `recent`, else (or when
/// they hold too few) the word index.
async fn pg_matches(
    db: &DatabaseConnection,
    within: &crate::config::Search,
    base: Select<problem::Entity>,
    tsquery: &str,
    recent: bool,
) -> AppResult<Vec<Match>> {
    if !recent {
        return word_index(db, base, tsquery, false).await;
    }
    match newest_window(db, within, base.clone(), tsquery).await? {
        Some(rows) => Ok(rows),
        // The newest problems held few matches: the word index, whatever the planner
        // guesses (it guesses 5,000 matches of a word it has no figures for, and then
        // reads the whole table newest first looking for 251 that are not there: 590 ms).
        None => word_index(db, base, tsquery, true).await,
    }
}

/// A match: id, supporters, relevance.
type Match = (i32, i32, f64);

/// The terms as a PostgreSQL prefix tsquery expression (`to_tsquery('simple', 'жол:* & су')`).
fn pg_tsquery(terms: &[Term]) -> String {
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
    format!("to_tsquery('simple', '{}')", query.replace('\'', ""))
}

/// The SQL of `base`'s ids and supporters (and the tsvector), newest first.
fn id_columns(base: Select<problem::Entity>) -> sea_orm::sea_query::SelectStatement {
    let mut stmt = base
        .select_only()
        .column(problem::Column::Id)
        .column(problem::Column::SupportCount)
        .into_query();
    stmt.expr(Expr::cust(r#""problems"."search""#))
        .order_by((problem::Entity, problem::Column::Id), Order::Desc);
    stmt
}

/// Runs `sql` with every value written into it (sea-query quotes them; the filters are
/// checked codes): with bound values PostgreSQL soon switches the cached statement to a
/// generic plan, which guesses 5,000 matches for any words and an average region, and then
/// reads every match of a common word (0.6–2 s instead of 20–70 ms on 1,000,000 problems).
async fn pg_rows(db: &impl ConnectionTrait, sql: String) -> AppResult<Vec<sea_orm::QueryResult>> {
    Ok(db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?)
}

/// [`pg_rows`] under planner `settings` (`SET LOCAL …`), which end with its transaction.
async fn pg_rows_planned(
    db: &DatabaseConnection,
    settings: &str,
    sql: String,
) -> AppResult<Vec<sea_orm::QueryResult>> {
    let txn = db.begin().await?;
    txn.execute_unprepared(settings).await?;
    let found = pg_rows(&txn, sql).await?;
    txn.commit().await?;
    Ok(found)
}

/// PostgreSQL: the newest matches among the newest `search.window` problems of `base` (and
/// at most `search.window_ids` ids back), read newest first through the list's index;
/// `None` when they hold too few matches and older problems may hold more.
async fn newest_window(
    db: &DatabaseConnection,
    within: &crate::config::Search,
    base: Select<problem::Entity>,
    tsquery: &str,
) -> AppResult<Option<Vec<Match>>> {
    let top: Option<i32> = problem::Entity::find()
        .select_only()
        .column_as(problem::Column::Id.max(), "top")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let floor = i64::from(top.unwrap_or(0)) - within.window_ids;
    let mut window = id_columns(base);
    window
        .and_where(sea_orm::sea_query::ExprTrait::gt(
            Expr::col((problem::Entity, problem::Column::Id)),
            floor,
        ))
        .limit(within.window);
    let window = window.to_string(PostgresQueryBuilder);
    // Each problem of the window is tested; the matches come through, and so does the
    // window's last problem (`nth` = its size), matching or not, to say the window was full.
    let sql = format!(
        r#"SELECT "id", "support_count", "nth", "hit",
                  CASE WHEN "hit" THEN ts_rank("search", {tsquery})::float8 END AS "score"
           FROM (SELECT "id", "support_count", "search", "search" @@ {tsquery} AS "hit",
                        row_number() OVER (ORDER BY "id" DESC) AS "nth"
                 FROM ({window}) AS "w0") AS "w"
           WHERE "hit" OR "nth" = {}
           LIMIT {}"#,
        within.window,
        MAX_MATCHES + 2
    );
    // The newest problems through an index in id order, stopping early: the planner, which
    // sees no reason to stop before the window's end, would otherwise read all of a
    // region's problems by bitmap and sort them (180 ms), or in parallel, or compile it.
    let found = pg_rows_planned(
        db,
        "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; \
         SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off",
        sql,
    )
    .await?;
    let mut full = false;
    let mut matches = Vec::new();
    for r in &found {
        full |= r.try_get::<i64>("", "nth")? == within.window as i64;
        if r.try_get::<bool>("", "hit")? {
            matches.push((
                r.try_get::<i32>("", "id")?,
                r.try_get::<i32>("", "support_count")?,
                r.try_get::<f64>("", "score")?,
            ));
        }
    }
    let enough = matches.len() as u64 > MAX_MATCHES;
    // Not full and reaching back to the first id: every problem of `base` was tested.
    let whole = !full && floor <= 0;
    Ok((enough || whole).then(|| {
        matches.truncate(MAX_MATCHES as usize + 1);
        matches
    }))
}

/// PostgreSQL: the newest matches, ranked outside the limit so that only they are scored;
/// through the word index (GIN) when `forced`, else as the planner chooses.
async fn word_index(
    db: &DatabaseConnection,
    base: Select<problem::Entity>,
    tsquery: &str,
    forced: bool,
) -> AppResult<Vec<Match>> {
    let mut stmt = id_columns(base);
    stmt.and_where(Expr::cust(format!(r#""problems"."search" @@ {tsquery}"#)))
        .limit(MAX_MATCHES + 1);
    let stmt = Query::select()
        .columns([Alias::new("id"), Alias::new("support_count")])
        .expr_as(
            Expr::cust(format!(
                r#"ts_rank("candidates"."search", {tsquery})::float8"#
            )),
            Alias::new("score"),
        )
        .from_subquery(stmt, Alias::new("candidates"))
        .to_owned();
    let sql = stmt.to_string(PostgresQueryBuilder);
    if !forced {
        return collect(&pg_rows(db, sql).await?);
    }
    let found = pg_rows_planned(
        db,
        "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; SET LOCAL jit = off",
        sql,
    )
    .await?;
    collect(&found)
}

/// SQLite: the newest matches through the FTS5 table, ranked by bm25.
async fn sqlite_matches(
    db: &impl ConnectionTrait,
    base: Select<problem::Entity>,
    terms: &[Term],
) -> AppResult<Vec<Match>> {
    let query = terms
        .iter()
        .map(|t| format!("\"{}\"{}", t.text, if t.prefix { "*" } else { "" }))
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut stmt = base
        .select_only()
        .column(problem::Column::Id)
        .column(problem::Column::SupportCount)
        .into_query();
    stmt.inner_join(
        Alias::new("problems_fts"),
        Expr::cust(r#""problems_fts"."rowid" = "problems"."id""#),
    )
    // bm25 is lower for better matches; the title weighs most, then the description, as
    // PostgreSQL's weights A, B, C.
    .expr_as(
        Expr::cust(r#"-bm25("problems_fts", 10.0, 4.0, 2.0)"#),
        Alias::new("score"),
    )
    .and_where(Expr::cust_with_values(r#""problems_fts" MATCH ?"#, [query]))
    .order_by((problem::Entity, problem::Column::Id), Order::Desc)
    .limit(MAX_MATCHES + 1);
    collect(&db.query_all(&stmt).await?)
}

fn collect(found: &[sea_orm::QueryResult]) -> AppResult<Vec<Match>> {
    Ok(found
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<i32>("", "id")?,
                r.try_get::<i32>("", "support_count")?,
                r.try_get::<f64>("", "score")?,
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()?)
}
