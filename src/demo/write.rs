//! Writing the simulated problems fast: multi-row inserts in chunks, a few chunks at once
//! on PostgreSQL, with ids taken explicitly past the sequence; then the scheduled jobs run
//! once, as they would have by now.

use super::fixtures::people;
use super::simulate::Simulator;
use crate::app::AppState;
use crate::domain::routing::Rule;
use crate::entities::{outbox, problem, problem_event, routing_rule, support, user};
use chrono::Duration;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;
use std::time::Instant;

/// Rows per multi-row INSERT: under SQLite's 32,766 bound parameters.
pub(super) const PROBLEMS_PER_INSERT: usize = 500;
const SUPPORTS_PER_INSERT: usize = 4000;

/// Chunks written at once on PostgreSQL, each on its own connection.
pub(super) const PARALLEL_WRITERS: usize = 3;

/// The first of `n` consecutive problem ids the demo may write explicitly. On PostgreSQL
/// the sequence is moved past them first, and past any ids a serving process took ahead
/// from it (see `intake::Writer`), so that no submission meanwhile can get one of them.
pub(super) async fn first_id(st: &AppState, n: u32) -> anyhow::Result<i32> {
    let after = if st.db.get_database_backend() == DbBackend::Postgres {
        let row = st
            .db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT (setval(pg_get_serial_sequence('problems', 'id'), GREATEST( \
                   (SELECT COALESCE(MAX(id), 0) FROM problems), \
                   COALESCE(pg_sequence_last_value( \
                     pg_get_serial_sequence('problems', 'id')::regclass), 0)) + $1) \
                 - $1)::int4 AS after",
                [i64::from(n.max(1)).into()],
            ))
            .await?
            .ok_or_else(|| anyhow::anyhow!("setval answered nothing"))?;
        row.try_get::<i32>("", "after")?
    } else {
        problem::Entity::find()
            .order_by_desc(problem::Column::Id)
            .one(&st.db)
            .await?
            .map_or(0, |p| p.id)
    };
    Ok(after + 1)
}

/// Writes one chunk in one transaction: problems first (events and supports refer to them),
/// the ledger's entries last.
pub(super) async fn write_chunk(
    db: sea_orm::DatabaseConnection,
    problems: Vec<problem::ActiveModel>,
    events: Vec<problem_event::ActiveModel>,
    supports: Vec<support::ActiveModel>,
) -> Result<(), sea_orm::DbErr> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Postgres {
        // Demo data: a crash loses the last chunks, not consistency.
        txn.execute_unprepared("SET LOCAL synchronous_commit = off")
            .await?;
    }
    for rows in problems.chunks(PROBLEMS_PER_INSERT) {
        problem::Entity::insert_many(rows.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for rows in supports.chunks(SUPPORTS_PER_INSERT) {
        support::Entity::insert_many(rows.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    // Through the one writer of events, so that the public ones are in the ledger; last,
    // because appending holds the ledger's lock until the commit (the other writers wait).
    let events = events.into_iter().map(event_model).collect();
    crate::services::workflow::record_many(&txn, events).await?;
    // Each problem's count of supporters, as confirming them one by one would have logged.
    let mut counted: std::collections::BTreeMap<i32, (i64, chrono::DateTime<chrono::Utc>)> =
        std::collections::BTreeMap::new();
    for s in &supports {
        if let (Set(problem), Set(Some(at))) = (&s.problem_id, &s.confirmed_at) {
            let c = counted.entry(*problem).or_insert((0, *at));
            c.0 += 1;
            c.1 = c.1.max(*at);
        }
    }
    let counted: Vec<_> = counted
        .into_iter()
        .map(|(problem, (n, at))| (problem, n, at))
        .collect();
    crate::services::ledger::append_supports(&txn, &counted).await?;
    txn.commit().await
}

/// A simulated event as a row (every column the simulator leaves unset is empty).
fn event_model(mut e: problem_event::ActiveModel) -> problem_event::Model {
    use sea_orm::TryIntoModel;
    e.id = Set(0);
    if e.note_key.is_not_set() {
        e.note_key = Set(None);
    }
    if e.note_args.is_not_set() {
        e.note_args = Set(None);
    }
    e.try_into_model()
        .expect("the simulator sets every other column")
}

pub(super) fn progress(what: &str, done: u64, total: u64, events: u64, started: Instant) {
    let width = 30;
    let filled = (done * width / total.max(1)) as usize;
    eprint!(
        "\r[{}{}] {:>3}% {done}/{total} {what}, {events} events, {:.0} s ",
        "#".repeat(filled),
        ".".repeat(width as usize - filled),
        done * 100 / total.max(1),
        started.elapsed().as_secs_f64()
    );
}

/// The simulation's world for the representatives `reps` (as `people` returns them): the
/// routing rules, the demo admin and the clock; problems begin up to `span_minutes` ago.
pub(super) async fn simulator<'a>(
    st: &'a AppState,
    reps: &[(i32, String, String)],
    span_minutes: i64,
) -> anyhow::Result<Simulator<'a>> {
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq("admin@demo.example.kz"))
        .one(&st.db)
        .await?
        .map_or(0, |u| u.id);
    let rules: Vec<Rule> = routing_rule::Entity::find()
        .all(&st.db)
        .await?
        .into_iter()
        .map(Rule::from)
        .collect();
    let mut by_region: HashMap<String, Vec<i32>> = HashMap::new();
    for (id, _, region) in reps {
        by_region.entry(region.clone()).or_default().push(*id);
    }
    Ok(Simulator {
        st,
        reference: st.reference(),
        rules,
        names: reps
            .iter()
            .map(|(id, name, _)| (*id, name.clone()))
            .collect(),
        by_region,
        open: HashMap::new(),
        latest: HashMap::new(),
        admin,
        now: st.clock.now(),
        span_minutes,
        rng: rand::rng(),
    })
}

/// Fills the database with the demo's people and `n` problems with their histories over
/// the past year (90 days for small demos), written with multi-row inserts; then the
/// deadline sweep and the citizen check run once, as the scheduler would have by now.
pub async fn fill(st: &AppState, n: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let start_outbox = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .one(&st.db)
        .await?
        .map_or(0, |o| o.id);
    let reps = people(st).await?;
    let now = st.clock.now();
    let first_id = first_id(st, n).await?;
    let mut sim = simulator(st, &reps, if n >= 5000 { 365 } else { 90 } * 24 * 60).await?;
    let total = u64::from(n);
    // A progress bar for a person at a terminal; a script or a log gets none.
    let show = total >= 1000 && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut events_written = 0u64;
    let mut supporters_written = 0u64;
    let mut done = 0u64;
    let chunk = PROBLEMS_PER_INSERT * 4;
    let mut writers = tokio::task::JoinSet::new();
    // SQLite has one writer at a time.
    let parallel = if st.db.get_database_backend() == DbBackend::Postgres {
        PARALLEL_WRITERS
    } else {
        1
    };
    while done < total {
        let take = (total - done).min(chunk as u64);
        let mut problems = Vec::with_capacity(take as usize);
        let mut events = Vec::new();
        let mut supports = Vec::new();
        for k in 0..take {
            let i = done + k;
            let id = first_id + i32::try_from(i)?;
            let g = sim.generate(id, i);
            events.extend(g.events);
            for s in 0..g.supporters {
                let at = g
                    .problem
                    .confirmed_at
                    .map_or(now, |t| t + Duration::hours(i64::from(s) + 1))
                    .min(now);
                supports.push(support::ActiveModel {
                    problem_id: Set(id),
                    email: Set(format!("supporter{s}.{i}@demo.example.kz")),
                    notify: Set(false),
                    confirm_token_hash: Set(None),
                    created_at: Set(at),
                    confirmed_at: Set(Some(at)),
                    ..Default::default()
                });
            }
            problems.push(problem::ActiveModel::from(g.problem));
        }
        events_written += events.len() as u64;
        supporters_written += supports.len() as u64;
        // Written while the next chunk is generated, a few chunks at once on their own
        // connections: the database, not the generator, is the bottleneck.
        while writers.len() >= parallel {
            writers.join_next().await.expect("a writer")??;
        }
        writers.spawn(write_chunk(st.db.clone(), problems, events, supports));
        done += take;
        if show {
            progress("problems", done, total, events_written, started);
        }
    }
    while let Some(w) = writers.join_next().await {
        w??;
    }
    if show {
        eprintln!();
    }
    let written = started.elapsed();
    // What the scheduled jobs would have done by now: overdue marks, escalations, and the
    // citizens asked whether their resolved problems are fixed.
    let swept = crate::services::sla::sweep(st, now).await?;
    let checked = crate::services::sla::citizen_check(st, now).await?;
    println!(
        "deadlines: {}; citizen check: {}",
        swept.summary(),
        checked.summary()
    );
    outbox::Entity::delete_many()
        .filter(outbox::Column::Id.gt(start_outbox))
        .exec(&st.db)
        .await?;
    println!(
        "demo data ready: {n} problems, {events_written} events, {supporters_written} supporters, \
         {} representatives in {:.1} s (written in {:.1} s); sign in as admin@demo.example.kz \
         (the login link is written to the mail folder or sent over SMTP)",
        reps.len(),
        started.elapsed().as_secs_f64(),
        written.as_secs_f64()
    );
    Ok(())
}
