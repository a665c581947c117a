//! `civic-tracker demo`: problems (`--problems N`), or a simulated voting day
//! (`--election`, which prints the election's id alone on stdout).

use crate::config::Config;
use anyhow::Context;
use clap::Args;

/// What `demo` fills the database with.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How many problems to generate.
    #[arg(long, default_value_t = 300)]
    problems: u32,
    /// Simulate a voting day instead: an election in every region, its polling stations,
    /// observers and reports filed over the polling hours.
    #[arg(long)]
    election: bool,
    /// With --election: how many polling stations.
    #[arg(long, default_value_t = 10_000, requires = "election")]
    stations: u32,
    /// With --election: how many reports.
    #[arg(long, default_value_t = 50_000, requires = "election")]
    reports: u32,
    /// With --election: the voting day, YYYY-MM-DD (default: today, local time, or
    /// yesterday before 07:00).
    #[arg(long, requires = "election")]
    voting_day: Option<String>,
}

/// Runs `demo`.
pub async fn run(config: Config, a: DemoArgs) -> anyhow::Result<()> {
    let st = super::state(config).await?;
    if !a.election {
        return crate::demo::fill(&st, a.problems).await;
    }
    let voting_day = a
        .voting_day
        .map(|d| {
            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .with_context(|| format!("--voting-day {d:?} is not a date YYYY-MM-DD"))
        })
        .transpose()?;
    let demo = crate::demo::ElectionDemo {
        stations: a.stations,
        reports: a.reports,
        voting_day,
    };
    let id = crate::demo::election(&st, &demo).await?;
    println!("{id}");
    Ok(())
}
