//! Command-line interface: `serve` (the default), `migrate`, `import representatives`,
//! `user add`, `token create`, `personal-data export`, `backup`, `demo`, and (in their
//! own files) `ledger`, `inbound`, `election`, `import polling-stations` and `demo`.

use crate::app::{self, AppState};
use crate::auth::UserRole;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::input::Email;
use crate::mail::Mailer;
use crate::services::{import, personal_data};
use anyhow::{Context, bail};
use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod demo;
mod election;
mod inbound;
mod ledger;
mod users;

/// Civic Tracker: citizens' problems, routed to representatives and followed in public.
#[derive(Parser, Debug)]
#[command(name = "civic-tracker", version)]
struct Cli {
    /// A configuration file layered over config/default.toml.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Migrate, load reference data, serve HTTP, deliver mail and run the scheduled jobs
    /// (the default).
    Serve {
        /// Serve HTTP only: no scheduled jobs and no mail delivery (extra web-only replicas).
        #[arg(long)]
        no_scheduler: bool,
    },
    /// Scheduled jobs: list them, or run one now.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Run pending database migrations and exit.
    Migrate,
    /// The outbox.
    Mail {
        #[command(subcommand)]
        action: MailAction,
    },
    /// Import data from CSV.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Citizens' personal data.
    PersonalData {
        #[command(subcommand)]
        action: PersonalDataAction,
    },
    /// Copy the SQLite database to FILE while the service runs (PostgreSQL: use pg_dump).
    Backup {
        /// The copy; must not exist yet.
        file: PathBuf,
    },
    /// The public ledger.
    Ledger {
        #[command(subcommand)]
        action: ledger::LedgerAction,
    },
    /// Elections (issue 20).
    Election {
        #[command(subcommand)]
        action: election::ElectionAction,
    },
    /// Replies by e-mail.
    Inbound {
        #[command(subcommand)]
        action: inbound::InboundAction,
    },
    /// Fill the database with realistic demo data: problems, or with --election a
    /// simulated voting day (prints the election's id alone on stdout).
    Demo(demo::DemoArgs),
}

#[derive(Subcommand, Debug)]
enum MailAction {
    /// Pending, failed (waiting to be retried), sent in the last hour and dead mails, and
    /// how long the oldest pending one has waited: one `name value` line each.
    Status {
        /// One JSON object instead.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ImportWhat {
    /// Representatives and their routing rules: `name,email,position,regions,categories`.
    Representatives {
        /// The CSV file.
        file: PathBuf,
    },
    /// An election's polling stations:
    /// `election,number,region,district,address,latitude,longitude`.
    PollingStations {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum UserAction {
    /// Create a user, or update the one with this e-mail.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = PossibleValuesParser::new(UserRole::ALL.iter().map(|r| r.as_str())))]
        role: String,
        /// Display name (a new user: the part of the e-mail before '@'; an existing one
        /// keeps theirs).
        #[arg(long)]
        name: Option<String>,
        /// Regions the user coordinates or monitors, separated by commas or semicolons
        /// (`KZ-75;KZ-71`); `""`: all regions. Not given: a new user covers all, an
        /// existing one keeps theirs.
        #[arg(long)]
        regions: Option<String>,
        /// Observers only: the polling stations they observe, `ELECTION:NUMBER` pairs
        /// separated by commas (`3:101,3:102`); `""`: none (their regions decide). Not
        /// given: unchanged.
        #[arg(long)]
        stations: Option<String>,
        /// The language of the user's mail and digests (default: app.default_language;
        /// the user can change it at /account).
        #[arg(long, value_parser = PossibleValuesParser::new(["kk", "ru", "en"]))]
        language: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum JobsAction {
    /// Each job with its schedule and last/next run.
    List,
    /// Run one job once, as if the clock read `--at`.
    Run {
        /// sla, citizen-check, digest-daily, digest-weekly, rep-summary, purge, ledger-checkpoint,
        /// inbound, outbox or election-report.
        name: String,
        /// The time to run as of (RFC 3339, e.g. 2026-11-30T08:00:00+05:00); default now.
        #[arg(long)]
        at: Option<String>,
        /// Send digests again even where one was already sent for that period (logged).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
enum PersonalDataAction {
    /// Print, as JSON on standard output, everything held about an e-mail address: the
    /// problems filed from it with their contact fields, its supports, a user account, the
    /// mails queued or sent to it, and the access log about its problems (no tokens). The
    /// export is recorded in the access log.
    Export {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
enum TokenAction {
    /// Create an API bearer token for a user; prints only the token.
    Create {
        #[arg(long)]
        email: String,
        /// An Open311 `api_key` instead (for an app filing problems through GeoReport v2).
        #[arg(long)]
        open311: bool,
        /// With --open311: the app verifies its users itself, so its requests skip the
        /// e-mail confirmation.
        #[arg(long, requires = "open311")]
        trusted: bool,
    },
    /// List a user's API tokens and Open311 keys: id, kind, created, last used.
    List {
        #[arg(long)]
        email: String,
    },
    /// Revoke one API token or Open311 key by the id `token list` shows.
    Revoke { id: i32 },
}

/// Entry point of the binary. The configuration is read before logging starts, so that
/// `log.format` applies to every line of every command; an error in the configuration
/// itself is printed as plain text.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let format = config.log.format;
    crate::telemetry::init(
        match cli.command {
            None | Some(Command::Serve { .. }) => crate::telemetry::SERVE,
            Some(_) => crate::telemetry::COMMAND,
        },
        format,
    );
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            failed(
                format,
                &anyhow::Error::from(e).context("cannot start the runtime"),
            );
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            failed(format, &e);
            ExitCode::FAILURE
        }
    }
}

/// Says why the command failed: `error: ...` for a person, or a JSON line like the rest of
/// the log, so that a collector reading `serve`'s standard error gets its last words too.
fn failed(format: crate::config::LogFormat, e: &anyhow::Error) {
    match format {
        crate::config::LogFormat::Text => eprintln!("error: {e:#}"),
        crate::config::LogFormat::Json => {
            tracing::error!(error = %format!("{e:#}"), "stopped on an error")
        }
    }
}

async fn state(config: Config) -> anyhow::Result<AppState> {
    let mailer = Mailer::from_config(&config)?;
    AppState::start(config, Clock::system(), mailer).await
}

async fn run(cli: Cli, config: Config) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve {
        no_scheduler: false,
    }) {
        Command::Serve { no_scheduler } => serve(config, !no_scheduler).await,
        Command::Jobs { action } => jobs(config, action).await,
        Command::Mail {
            action: MailAction::Status { json },
        } => {
            let db = app::connect(&config).await?;
            let s = crate::mail::outbox::status(&db, chrono::Utc::now()).await?;
            if json {
                println!("{}", serde_json::to_string(&s)?);
            } else {
                println!("pending {}", s.pending);
                println!("failed {}", s.failed);
                println!("sent_last_hour {}", s.sent_last_hour);
                println!("dead {}", s.dead);
                let oldest = s.oldest_pending_seconds;
                println!(
                    "oldest_pending_seconds {}",
                    oldest.map_or("-".into(), |o| o.to_string())
                );
            }
            Ok(())
        }
        Command::Migrate => {
            let db = app::connect(&config).await?;
            let applied = app::migrate(&db).await?;
            if applied.is_empty() {
                println!("the database is up to date");
            } else {
                println!("applied {}: {}", applied.len(), applied.join(", "));
            }
            Ok(())
        }
        Command::Import {
            what: ImportWhat::Representatives { file },
        } => {
            let st = state(config).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            match import::import_representatives(&st, None, &text).await {
                Ok(r) => {
                    for line in &r.changes {
                        println!("{line}");
                    }
                    println!(
                        "imported: {} created, {} updated, {} routing rules",
                        r.created, r.updated, r.rules
                    );
                    Ok(())
                }
                Err(e) => bail!("{}: nothing imported: {}", file.display(), e.parts().2),
            }
        }
        Command::Import {
            what: ImportWhat::PollingStations { file },
        } => election::import_stations(&config, &file).await,
        Command::User { action } => users::user(config, action).await,
        Command::Token { action } => users::token(config, action).await,
        Command::PersonalData {
            action: PersonalDataAction::Export { email },
        } => {
            let st = state(config).await?;
            let email = Email::parse("email", &email)
                .map_err(|e| anyhow::anyhow!("--email {}", e.message))?;
            let export = personal_data::export::export(&st, &email).await?;
            println!("{}", serde_json::to_string_pretty(&export)?);
            Ok(())
        }
        Command::Backup { file } => {
            let bytes = crate::backup::sqlite(&config, &file).await?;
            println!("backed up to {} ({bytes} bytes)", file.display());
            Ok(())
        }
        Command::Ledger { action } => ledger::run(&config, action).await,
        Command::Inbound { action } => inbound::run(&config, action).await,
        Command::Election { action } => election::run(&config, action).await,
        Command::Demo(args) => demo::run(config, args).await,
    }
}

async fn jobs(config: Config, action: JobsAction) -> anyhow::Result<()> {
    use crate::jobs::{self, JobName, Ran, RunRequest};
    let st = state(config).await?;
    match action {
        JobsAction::List => {
            let fmt = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or_else(
                    || "-".to_string(),
                    |t| crate::locale::fmt_time(&st, &st.config.app.default_language, t),
                )
            };
            println!(
                "{:<14} {:<16} {:<28} {:<8} {:<28} LAST SUMMARY",
                "JOB", "SCHEDULE", "LAST RUN", "OUTCOME", "NEXT RUN"
            );
            for j in jobs::list(&st).await? {
                println!(
                    "{:<14} {:<16} {:<28} {:<8} {:<28} {}",
                    j.name,
                    if j.enabled {
                        j.schedule.as_str()
                    } else {
                        "(off)"
                    },
                    fmt(j.last_finished_at),
                    j.last_outcome.as_deref().unwrap_or("-"),
                    fmt(j.next_run),
                    j.last_summary
                        .as_deref()
                        .map(|s| crate::jobs::stored_text(s, "en"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        JobsAction::Run { name, at, force } => {
            let job = JobName::parse(&name).with_context(|| {
                format!(
                    "unknown job {name:?}; one of: {}",
                    JobName::ALL.map(JobName::as_str).join(", ")
                )
            })?;
            let at = match at {
                Some(a) => crate::domain::schedule::parse_at(&a, st.tz)
                    .map_err(|e| anyhow::anyhow!("--at {e}"))?,
                None => st.clock.now(),
            };
            if force {
                tracing::warn!(job = job.as_str(), %at, "forced run: digests are sent again");
            }
            match jobs::run(
                &st,
                RunRequest {
                    job,
                    at,
                    tick: None,
                    force,
                },
            )
            .await?
            {
                Ran::Done { summary, millis } => {
                    println!("{}: {summary} ({millis} ms)", job.as_str());
                }
                Ran::Busy { owner } => {
                    bail!("{} is running in another process ({owner})", job.as_str())
                }
                Ran::AlreadyDone => println!("{}: already done", job.as_str()),
            }
            // Deliver what the job wrote, if this process delivers mail.
            if st.config.mail.deliver && job != JobName::Outbox {
                let r = jobs::outbox::run_once(&st).await?;
                if r.sent + r.failed > 0 {
                    println!("outbox: {} sent, {} failed", r.sent, r.failed);
                }
            }
            Ok(())
        }
    }
}

async fn serve(config: Config, scheduler: bool) -> anyhow::Result<()> {
    let listen = config.server.listen.clone();
    let st = state(config).await?;
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen} (server.listen / CIVIC_LISTEN)"))?;
    crate::serve_metrics(&st).await?;
    crate::mail::listen::start(&st).await?;
    // The one line a start writes at the default level: what runs, and where.
    let database = match st.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "postgres",
        sea_orm::DbBackend::Sqlite => "sqlite",
        _ => "other",
    };
    tracing::info!(
        version = %env!("CARGO_PKG_VERSION"),
        database = %database,
        listen = %listener.local_addr().map_or(listen, |a| a.to_string()),
        base_url = %st.config.base_url(),
        mail = ?st.mailer.describe(),
        scheduler = %if scheduler { "on" } else { "off" },
        "Civic Tracker started"
    );
    crate::server::run(st, listener, scheduler).await
}
