//! `civic-tracker demo --election`: a simulated voting day (issue 20). The election, its
//! polling stations and its observers go through the real services (`elections::create`,
//! `stations::import`, `people::upsert_user`); the reports are filed over the polling
//! hours, each simulated with the service's own rules ([`super::voting_day`]), and written
//! with the problems demo's multi-row inserts. Then the deadline sweep runs once, as the
//! scheduler would have, and the mails the demo caused are removed from the outbox.

use super::fixtures::{NAMES, people};
use super::voting_day::{Filing, HOUR_WEIGHTS};
use super::write::{PARALLEL_WRITERS, first_id, progress, simulator, write_chunk};
use crate::app::AppState;
use crate::auth::UserRole;
use crate::domain::elections::{ElectionKind, RawElection, parse_election};
use crate::domain::input::Email;
use crate::entities::{outbox, problem, user};
use crate::services::{elections, people as people_service, stations};
use anyhow::{Context, bail};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use rand::Rng;
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::time::Instant;

/// What `demo --election` simulates.
#[derive(Clone, Debug)]
pub struct ElectionDemo {
    /// Polling stations, spread over the regions.
    pub stations: u32,
    /// Election reports filed over the polling hours.
    pub reports: u32,
    /// The voting day (local); `None`: today, or yesterday before today's polls open.
    pub voting_day: Option<NaiveDate>,
}

/// Stations per accredited observer (at least one observer per region).
const STATIONS_PER_OBSERVER: u32 = 50;
/// Reports generated and written per chunk.
const CHUNK: u64 = 2000;
/// The share of reports observers file.
const OBSERVER_SHARE: f64 = 0.3;

const STREETS: &[&str] = &[
    "Абай даңғылы",
    "Сәтбаев көшесі",
    "Төле би көшесі",
    "Қабанбай батыр көшесі",
    "Желтоқсан көшесі",
    "Бейбітшілік көшесі",
    "Республика даңғылы",
    "Жамбыл көшесі",
];

/// The default voting day: today (local), or yesterday while today's polls are not yet
/// open, so that the simulated reports lie in the past.
fn default_voting_day(st: &AppState) -> NaiveDate {
    let local = elections::local_now(st);
    if local.hour() < 7 {
        local.date() - Duration::days(1)
    } else {
        local.date()
    }
}

/// The polling stations' CSV for election `id`: `n` stations numbered from 1, the regions
/// taking equal consecutive blocks of numbers.
fn stations_csv(id: i32, n: u32, regions: &[String]) -> String {
    let mut csv = stations::HEADER.join(",");
    csv.push('\n');
    for i in 0..n {
        let region = &regions[(i as usize * regions.len()) / n as usize];
        let street = STREETS[i as usize % STREETS.len()];
        csv.push_str(&format!(
            "{id},{},{region},,\"Мектеп №{}, {street} {}\",,\n",
            i + 1,
            i % 90 + 1,
            i % 140 + 1
        ));
    }
    csv
}

/// `n` filing times over the polling hours of `day` that have passed by `now`, in order,
/// the hours weighted by [`HOUR_WEIGHTS`].
fn filing_times(
    rng: &mut impl Rng,
    n: u32,
    open: DateTime<Utc>,
    close: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let end = close.min(now);
    let hours: Vec<(DateTime<Utc>, DateTime<Utc>, u32)> = (0..)
        .map(|k| open + Duration::hours(k))
        .take_while(|start| *start < end)
        .enumerate()
        .map(|(k, start)| {
            let weight = HOUR_WEIGHTS.get(k).copied().unwrap_or(7);
            (start, (start + Duration::hours(1)).min(end), weight)
        })
        .collect();
    let total: u32 = hours.iter().map(|h| h.2).sum();
    let mut times: Vec<DateTime<Utc>> = (0..n)
        .map(|_| {
            let mut pick = rng.random_range(0..total);
            let (start, stop, _) = hours
                .iter()
                .find(|h| {
                    let hit = pick < h.2;
                    pick = pick.saturating_sub(h.2);
                    hit
                })
                .expect("a weight");
            let seconds = (*stop - *start).num_seconds().max(1);
            *start + Duration::seconds(rng.random_range(0..seconds))
        })
        .collect();
    times.sort_unstable();
    times
}

/// Fills the database with a simulated voting day (see the module's documentation);
/// returns the election's id.
pub async fn election(st: &AppState, d: &ElectionDemo) -> anyhow::Result<i32> {
    let started = Instant::now();
    let start_outbox = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .one(&st.db)
        .await?
        .map_or(0, |o| o.id);
    if d.stations == 0 {
        bail!("--stations must be at least 1");
    }
    let reps = people(st).await?;
    let now = st.clock.now();
    let fail = |e: crate::error::AppError| anyhow::anyhow!("{}", e.parts().2);

    let day = d.voting_day.unwrap_or_else(|| default_voting_day(st));
    let raw = RawElection {
        name_kk: Some(format!("Мәжіліс депутаттарын сайлау (демо, {day})")),
        name_ru: Some(format!("Выборы депутатов Мажилиса (демо, {day})")),
        name_en: Some(format!("Mazhilis election (demo, {day})")),
        kind: Some(ElectionKind::Mazhilis.as_str().into()),
        voting_day: Some(day.to_string()),
        ..RawElection::default()
    };
    let reference = st.reference();
    let spec = parse_election(&raw, |r| reference.has_region(r)).map_err(|errors| {
        let said: Vec<String> = errors
            .iter()
            .map(|e| format!("{} {}", e.field, e.message.english()))
            .collect();
        anyhow::anyhow!("{}", said.join("; "))
    })?;
    let local = |t| {
        st.tz
            .from_local_datetime(&day.and_time(t))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .context("the polling hours do not exist in the time zone")
    };
    let (open, close) = (
        local(spec.schedule.polls_open)?,
        local(spec.schedule.polls_close)?,
    );
    if open >= now {
        bail!(
            "--voting-day {day}: its polls have not opened yet, and the demo's reports lie in the past"
        );
    }
    let id = elections::create(st, &spec).await.map_err(fail)?;

    let regions: Vec<String> = reference.regions.iter().map(|r| r.code.clone()).collect();
    stations::import(st, &stations_csv(id, d.stations, &regions))
        .await
        .map_err(fail)?;
    let region_of = |number: i32| {
        regions[((number - 1) as usize * regions.len()) / d.stations as usize].clone()
    };

    // Accredited observers, each in one region.
    let per_region = (d.stations / STATIONS_PER_OBSERVER / regions.len() as u32).max(1);
    let mut observers: HashMap<String, Vec<(i32, String)>> = HashMap::new();
    for (r, code) in regions.iter().enumerate() {
        for k in 0..per_region {
            let address = format!("observer{k}.{}@demo.example.kz", code.to_lowercase());
            let email = Email::parse("email", &address).map_err(|e| anyhow::anyhow!(e.message))?;
            let name = NAMES[(r + k as usize) % NAMES.len()];
            let (u, _) = people_service::upsert_user(
                &st.db,
                &email,
                name,
                None,
                UserRole::Observer,
                std::slice::from_ref(code),
                now,
            )
            .await
            .map_err(fail)?;
            observers
                .entry(code.clone())
                .or_default()
                .push((u.id, address));
        }
    }
    // The regions' coordinators (from the demo's people), who check the reports.
    let coordinators: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.starts_with("coordinator."))
        .filter(user::Column::Email.ends_with("@demo.example.kz"))
        .all(&st.db)
        .await?
        .into_iter()
        .filter_map(|u| {
            let code = u.email.strip_prefix("coordinator.")?.split('@').next()?;
            Some((code.to_uppercase(), u.id))
        })
        .collect();

    let mut sim = simulator(st, &reps, 24 * 60).await?;
    let times = filing_times(&mut sim.rng, d.reports, open, close, now);
    let first = first_id(st, d.reports).await?;
    let total = u64::from(d.reports);
    let show = total >= 1000 && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let parallel = if st.db.get_database_backend() == DbBackend::Postgres {
        PARALLEL_WRITERS
    } else {
        1
    };
    let mut writers = tokio::task::JoinSet::new();
    let (mut done, mut events_written, mut by_observers) = (0u64, 0u64, 0u64);
    let mut verified = [0u64; 2];
    let write_started = Instant::now();
    while done < total {
        let take = (total - done).min(CHUNK);
        let mut rows: Vec<problem::ActiveModel> = Vec::with_capacity(take as usize);
        let mut events = Vec::new();
        for i in done..done + take {
            let station = sim.rng.random_range(1..=d.stations as i32);
            let region = region_of(station);
            let observer = observers
                .get(&region)
                .filter(|_| sim.rng.random_bool(OBSERVER_SHARE))
                .and_then(|o| o.get(sim.rng.random_range(0..o.len())).cloned());
            by_observers += u64::from(observer.is_some());
            let filing = Filing {
                election: id,
                station,
                coordinator: coordinators.get(&region).copied(),
                region,
                filed_at: times[i as usize],
                observer,
            };
            let g = sim.voting_day_report(first + i32::try_from(i)?, i, &filing);
            match g.problem.verified {
                Some(true) => verified[0] += 1,
                Some(false) => verified[1] += 1,
                None => {}
            }
            events.extend(g.events);
            rows.push(problem::ActiveModel::from(g.problem));
        }
        events_written += events.len() as u64;
        while writers.len() >= parallel {
            writers.join_next().await.expect("a writer")??;
        }
        writers.spawn(write_chunk(st.db.clone(), rows, events, Vec::new()));
        done += take;
        if show {
            progress("reports", done, total, events_written, write_started);
        }
    }
    while let Some(w) = writers.join_next().await {
        w??;
    }
    if show {
        eprintln!();
    }
    let written = write_started.elapsed();
    let swept = crate::services::sla::sweep(st, now).await?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::Id.gt(start_outbox))
        .exec(&st.db)
        .await?;
    let observer_count: usize = observers.values().map(Vec::len).sum();
    eprintln!(
        "election demo ready: election {id} voting on {day}, {} polling stations, {observer_count} \
         observers, {total} reports ({by_observers} by observers, {} verified, {} found \
         unverified), {events_written} events in {:.1} s (reports written in {:.1} s); \
         deadlines: {}",
        d.stations,
        verified[0],
        verified[1],
        started.elapsed().as_secs_f64(),
        written.as_secs_f64(),
        swept.summary(),
    );
    Ok(id)
}
