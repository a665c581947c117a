//! `civic-tracker election add ...` (prints the new election's id alone on stdout) and
//! `civic-tracker import polling-stations FILE.csv` (issue 20).

use crate::config::Config;
use crate::domain::elections::{ElectionKind, RawElection, parse_election};
use anyhow::{Context, bail};
use clap::Subcommand;
use clap::builder::PossibleValuesParser;
use std::path::Path;

/// What `election` does.
#[derive(Subcommand, Debug)]
pub enum ElectionAction {
    /// Add an election; prints its id alone. Dates are local (app.timezone).
    Add {
        /// Its name, in every language unless --name-kk or --name-ru is given.
        #[arg(long)]
        name: String,
        /// The name in Kazakh (default: --name).
        #[arg(long)]
        name_kk: Option<String>,
        /// The name in Russian (default: --name).
        #[arg(long)]
        name_ru: Option<String>,
        #[arg(long, value_parser = PossibleValuesParser::new(ElectionKind::ALL.iter().map(|k| k.as_str())))]
        kind: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        voting_day: String,
        /// YYYY-MM-DD (default: 60 days before the voting day).
        #[arg(long)]
        campaign_start: Option<String>,
        /// YYYY-MM-DD (default: the day before the voting day).
        #[arg(long)]
        silence_day: Option<String>,
        /// YYYY-MM-DD (default: 10 days after the voting day).
        #[arg(long)]
        results_date: Option<String>,
        /// HH:MM local time (default 07:00).
        #[arg(long)]
        polls_open: Option<String>,
        /// HH:MM local time (default 20:00).
        #[arg(long)]
        polls_close: Option<String>,
        /// ISO 3166-2 codes separated by commas (KZ-71,KZ-75); default: all regions.
        #[arg(long)]
        regions: Option<String>,
    },
}

/// Runs an `election` command.
pub async fn run(config: &Config, action: ElectionAction) -> anyhow::Result<()> {
    let ElectionAction::Add {
        name,
        name_kk,
        name_ru,
        kind,
        voting_day,
        campaign_start,
        silence_day,
        results_date,
        polls_open,
        polls_close,
        regions,
    } = action;
    let st = super::state(config.clone()).await?;
    let raw = RawElection {
        name_kk: Some(name_kk.unwrap_or_else(|| name.clone())),
        name_ru: Some(name_ru.unwrap_or_else(|| name.clone())),
        name_en: Some(name),
        kind: Some(kind),
        regions,
        campaign_start,
        silence_day,
        voting_day: Some(voting_day),
        polls_open,
        polls_close,
        results_date,
    };
    let reference = st.reference();
    let spec = match parse_election(&raw, |r| reference.has_region(r)) {
        Ok(spec) => spec,
        Err(errors) => {
            let said: Vec<String> = errors
                .iter()
                .map(|e| format!("--{} {}", e.field.replace('_', "-"), e.message.english()))
                .collect();
            bail!("{}", said.join("; "))
        }
    };
    let id = crate::services::elections::create(&st, &spec)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.parts().2))?;
    println!("{id}");
    Ok(())
}

/// `import polling-stations FILE.csv`.
pub async fn import_stations(config: &Config, file: &Path) -> anyhow::Result<()> {
    let st = super::state(config.clone()).await?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    match crate::services::stations::import(&st, &text).await {
        Ok(r) => {
            println!(
                "imported: {} polling stations created, {} updated",
                r.created, r.updated
            );
            Ok(())
        }
        Err(e) => bail!("{}: nothing imported: {}", file.display(), e.parts().2),
    }
}
