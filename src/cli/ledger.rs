//! `civic-tracker ledger verify`: recomputes the public ledger's chain from the database,
//! or from a running instance's public API alone (`--url`), and checks that an archived
//! head (`--head SEQ:HASH`) is a prefix of the log. Prints `ok: N entries, head SEQ:HASH`,
//! or fails naming the first bad entry.
//!
//! `civic-tracker ledger redact --entry SEQ --field FIELD --reason TEXT --by EMAIL`: takes
//! a text back out of the public record (`services::ledger::redact`) and prints the
//! redaction entry's number.

use crate::app;
use crate::config::Config;
use crate::domain::ledger::{Head, Verifier, received_from_json};
use anyhow::{Context, bail};
use clap::Subcommand;

/// What `ledger` does.
#[derive(Subcommand, Debug)]
pub enum LedgerAction {
    /// Recompute the chain and check every entry (from the database, or with --url from a
    /// running instance's public API); exits 1 naming the first bad entry.
    Verify {
        /// The instance to verify over HTTP(S), e.g. https://civic.example.kz (nothing but
        /// its public API is read).
        #[arg(long)]
        url: Option<String>,
        /// A head written down earlier (`SEQ:HASH`, as `GET /api/v1/ledger/head` gives
        /// it), which must be a prefix of the log.
        #[arg(long)]
        head: Option<String>,
    },
    /// Redact a text of the public record (a citizen's personal data they asked to
    /// remove, or unlawful content): appends a `redaction` entry, empties the text in the
    /// log and wherever else it is shown; prints the redaction entry's number.
    Redact {
        /// The number of the entry whose text is redacted.
        #[arg(long)]
        entry: i64,
        /// Which text: `title`, `description` or `address` (of a `confirm` entry) or
        /// `note` (an event's public note).
        #[arg(long)]
        field: String,
        /// Why (public: every output shows it).
        #[arg(long)]
        reason: String,
        /// The e-mail address of the admin (or the region's coordinator) who redacts.
        #[arg(long)]
        by: String,
    },
}

/// Runs a `ledger` command.
pub async fn run(config: &Config, action: LedgerAction) -> anyhow::Result<()> {
    let (url, head) = match action {
        LedgerAction::Verify { url, head } => (url, head),
        LedgerAction::Redact {
            entry,
            field,
            reason,
            by,
        } => return redact(config, entry, &field, &reason, &by).await,
    };
    let archived = head
        .as_deref()
        .map(Head::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--head: {e}"))?;
    let verified = match url {
        Some(url) => over_http(&url, archived).await?,
        None => {
            let db = app::connect(config).await?;
            app::migrate(&db).await?;
            crate::services::ledger::verify(&db, archived).await?
        }
    };
    match verified {
        Ok(head) => {
            println!("ok: {} entries, head {head}", head.seq);
            Ok(())
        }
        Err(fault) => bail!("{fault}"),
    }
}

/// `ledger redact`: the user is found by e-mail; the service checks they may.
async fn redact(
    config: &Config,
    entry: i64,
    field: &str,
    reason: &str,
    by: &str,
) -> anyhow::Result<()> {
    use crate::domain::input::Email;
    let st = super::state(config.clone()).await?;
    let email = Email::parse("by", by).map_err(|e| anyhow::anyhow!("--by {}", e.message))?;
    let (user, _) = crate::services::people::by_email(&st.db, &email)
        .await?
        .with_context(|| format!("--by: no user has the address {by}"))?;
    let seq = crate::services::ledger::redact(&st, entry, field, reason, user.id)
        .await
        .map_err(|e| match e {
            crate::error::AppError::NotFound => {
                anyhow::anyhow!("404 not_found: entry {entry} is not in the ledger")
            }
            e => anyhow::anyhow!("{}", describe(&e)),
        })?;
    println!("{seq}");
    Ok(())
}

/// An error of the service as the CLI prints it: the status's code, the field and the
/// message in English.
fn describe(e: &crate::error::AppError) -> String {
    let (status, code, message, field) = e.parts();
    match field {
        Some(f) => format!("{} {code}: {f}: {message}", status.as_u16()),
        None => format!("{} {code}: {message}", status.as_u16()),
    }
}

/// Entries asked for per page.
const PAGE: u64 = 1000;

/// Pages through `GET /api/v1/ledger` of `base`.
async fn over_http(
    base: &str,
    archived: Option<Head>,
) -> anyhow::Result<Result<Head, crate::domain::ledger::Fault>> {
    let base = base.trim_end_matches('/');
    let client = reqwest::Client::builder()
        .user_agent(concat!(
            "civic-tracker/",
            env!("CARGO_PKG_VERSION"),
            " ledger verify"
        ))
        .build()?;
    let mut v = Verifier::new(archived);
    let mut next = Some(format!("/api/v1/ledger?after=0&limit={PAGE}"));
    while let Some(path) = next {
        let url = format!("{base}{path}");
        let res = client
            .get(&url)
            .send()
            .await
            .with_context(|| format!("cannot read {url}"))?;
        if !res.status().is_success() {
            bail!("{url} answered {}", res.status());
        }
        let page: serde_json::Value = res
            .json()
            .await
            .with_context(|| format!("{url} did not answer JSON"))?;
        let entries = page["entries"]
            .as_array()
            .with_context(|| format!("{url}: no entries"))?;
        for e in entries {
            let r = received_from_json(e).map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
            if let Err(fault) = v.check(&r) {
                return Ok(Err(fault));
            }
        }
        next = page["next"].as_str().map(str::to_string);
        if entries.is_empty() {
            next = None;
        }
    }
    Ok(v.finish())
}
