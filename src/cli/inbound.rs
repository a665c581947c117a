//! `civic-tracker inbound deliver [--to ADDRESS]...`: takes one RFC 5322 message on standard
//! input (a Postfix `pipe` transport, or a provider's webhook relay) and hands it to
//! `services::inbound::receive`. Prints `accepted ID: ACTION at TIME` or `refused: REASON`
//! and exits 0 either way (the service answers the sender itself); exits 75
//! (EX_TEMPFAIL: the mail server keeps the mail and tries again) when the database cannot
//! take it now.

use crate::config::Config;
use crate::services::inbound::{self, Outcome};
use clap::Subcommand;
use std::io::Read;

/// What `inbound` does.
#[derive(Subcommand, Debug)]
pub enum InboundAction {
    /// Receive one mail from standard input (a reply to one of the service's mails).
    Deliver {
        /// The envelope recipient(s) (Postfix: `${recipient}`); the headers are read too.
        #[arg(long)]
        to: Vec<String>,
    },
}

/// Runs an `inbound` command.
pub async fn run(config: &Config, action: InboundAction) -> anyhow::Result<()> {
    let InboundAction::Deliver { to } = action;
    // One byte past the limit is enough to know the mail is too large.
    let limit = config.inbound.max_bytes as u64 + 1;
    let mut raw = Vec::new();
    std::io::stdin().take(limit).read_to_end(&mut raw)?;
    let st = super::state(config.clone()).await?;
    match inbound::receive(&st, &raw, &to).await {
        Ok(Outcome::Accepted {
            id,
            action,
            apply_at,
        }) => {
            // The confirmation mail is in the outbox: the serving process sends it.
            println!("accepted {id}: {action} at {}", apply_at.to_rfc3339());
            Ok(())
        }
        Ok(Outcome::Refused(why)) => {
            println!("refused: {}", why.code());
            Ok(())
        }
        Err(e) => {
            eprintln!("error: cannot take the mail now ({e}); the mail server should try again");
            std::process::exit(75)
        }
    }
}
