//! Outgoing e-mail: composing mails from templates, the outbox table they are written to
//! (in the same transaction as their cause) and the transports that deliver them.

pub mod deliver;
pub mod file;
pub mod listen;
pub mod outbox;
pub mod smtp;

use crate::config::Config;
use crate::templates;
use anyhow::Context;
use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A rendered mail.
#[derive(Clone, Debug, PartialEq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `templates/email/<kind>/{subject.txt, body.txt, body.html}` with `ctx`.
pub fn compose(kind: &str, ctx: impl Serialize) -> anyhow::Result<Composed> {
    let ctx = minijinja::Value::from(minijinja::value::Serde(ctx));
    let r = |part: &str| {
        templates::render(&format!("email/{kind}/{part}"), &ctx)
            .with_context(|| format!("rendering email/{kind}/{part}"))
    };
    Ok(Composed {
        subject: r("subject.txt")?.trim().to_string(),
        text: r("body.txt")?,
        html: r("body.html")?,
    })
}

/// A mail as the transport sees it.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub to: String,
    /// The mail's template folder (`login_link`): part of its file name without SMTP.
    pub kind: String,
    /// When it was queued: the start of its file name without SMTP.
    pub written_at: DateTime<Utc>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// One-click unsubscribe address (RFC 8058): sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post`.
    pub list_unsubscribe: Option<String>,
    /// Where an answer goes (`Reply-To`): a signed reply address of this instance for a
    /// mail that expects one (`services::inbound::reply_address`).
    pub reply_to: Option<String>,
}

/// How a delivery failed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The server could not be reached at all: not the message's fault.
    #[error("mail server unreachable: {0}")]
    Unreachable(String),
    /// The server refused this message for good.
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// The server refused this message for now.
    #[error("temporary failure: {0}")]
    Temporary(String),
}

/// The configured transport.
#[derive(Clone)]
pub enum Mailer {
    /// Real SMTP (plain, STARTTLS or TLS, with credentials, as the URL says); `server` is
    /// its host and port, for the start-up line.
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        server: String,
        /// For the delivery lanes' own connections ([`smtp`]).
        target: Option<Arc<smtp::Target>>,
    },
    /// `.eml` files in this folder, for running without a mail server ([`file`]).
    File(PathBuf),
    /// Kept in memory (unit tests).
    Memory(Arc<Mutex<Vec<Outgoing>>>),
}

impl Mailer {
    /// Builds the transport from the configuration.
    pub fn from_config(cfg: &Config) -> anyhow::Result<Mailer> {
        let url = cfg.mail.smtp_url.expose();
        if url.is_empty() {
            std::fs::create_dir_all(&cfg.mail.file_dir)
                .with_context(|| format!("cannot create {}", cfg.mail.file_dir))?;
            return Ok(Mailer::File(PathBuf::from(&cfg.mail.file_dir)));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("mail.smtp_url (CIVIC_SMTP_URL) is invalid")?
            .timeout(Some(std::time::Duration::from_secs(20)))
            // One connection per delivery lane.
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(cfg.mail.connections.clamp(1, 64) as u32),
            )
            .build();
        // The URL parsed above; only its host and port are shown, never its credentials.
        let server = url::Url::parse(url)
            .ok()
            .map(|u| {
                let host = u.host_str().unwrap_or_default().to_string();
                u.port().map_or(host.clone(), |p| format!("{host}:{p}"))
            })
            .unwrap_or_default();
        let target = smtp::Target::parse(url)
            .filter(smtp::Target::own_connection)
            .map(Arc::new);
        Ok(Mailer::Smtp {
            transport,
            server,
            target,
        })
    }

    /// Where mail goes, for the start-up log line: `smtp mail.example.kz:587`,
    /// `files in data/mail` or `memory`.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp { server, .. } => format!("smtp {server}"),
            Mailer::File(dir) => format!("files in {}", dir.display()),
            Mailer::Memory(_) => "memory".into(),
        }
    }

    /// Sends one mail.
    pub async fn send(&self, from: &str, mail: Outgoing) -> Result<(), SendError> {
        self.send_on(&mut smtp::Connection::default(), from, mail)
            .await
    }

    /// Sends one mail; over `lane` (a delivery lane's own connection) when the SMTP
    /// server is reached that way.
    pub async fn send_on(
        &self,
        lane: &mut smtp::Connection,
        from: &str,
        mail: Outgoing,
    ) -> Result<(), SendError> {
        self.send_prepared(lane, from, self.prepare(from, mail))
            .await
    }

    /// Builds what [`Mailer::send_prepared`] sends (for SMTP the whole message), so that a
    /// delivery lane builds its next mail while the server takes the current one.
    pub fn prepare(&self, from: &str, mail: Outgoing) -> Prepared {
        let message = matches!(self, Mailer::Smtp { .. }).then(|| build(from, &mail, false));
        Prepared { mail, message }
    }

    /// Sends a mail [`Mailer::prepare`]d for this mailer.
    pub async fn send_prepared(
        &self,
        lane: &mut smtp::Connection,
        from: &str,
        prepared: Prepared,
    ) -> Result<(), SendError> {
        let Prepared { mail, message } = prepared;
        let message = || message.unwrap_or_else(|| build(from, &mail, false));
        match self {
            Mailer::Memory(v) => {
                v.lock().expect("mail lock").push(mail);
                Ok(())
            }
            Mailer::File(dir) => {
                // Files get 8-bit text parts (links stay whole in them); SMTP lettre's choice.
                let msg = build(from, &mail, true)?;
                file::write(dir, &mail, &msg.formatted()).await?;
                // For a developer to click: no SMTP server means this is not production.
                // The links carry tokens, hence debug level only.
                tracing::debug!(
                    kind = %mail.kind,
                    links = %file::links(&mail.text).join(" "),
                    "mail written to a file"
                );
                Ok(())
            }
            Mailer::Smtp {
                target: Some(target),
                ..
            } => lane.send(target, &message()?).await,
            Mailer::Smtp { transport, .. } => {
                let msg = message()?;
                transport.send(msg).await.map(|_| ()).map_err(classify)
            }
        }
    }
}

/// A mail ready to send: what the transport needs, built in advance where that is work.
pub struct Prepared {
    mail: Outgoing,
    /// The SMTP message, or why it cannot be built.
    message: Option<Result<Message, SendError>>,
}

/// The message for `mail` from `from`: with 8-bit text parts for files, else lettre's
/// choice of encoding.
fn build(from: &str, mail: &Outgoing, eight_bit: bool) -> Result<Message, SendError> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| SendError::Permanent(format!("bad sender: {e}")))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| SendError::Permanent(format!("bad recipient: {e}")))?;
    // Every mail of ours is written by the service, not a person (RFC 3834): vacation
    // responders and other robots must not answer it.
    let mut builder =
        Message::builder()
            .from(from)
            .to(to)
            .raw_header(lettre::message::header::HeaderValue::new(
                lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".into(),
            ));
    if let Some(reply_to) = &mail.reply_to {
        let mailbox: Mailbox = reply_to
            .parse()
            .map_err(|e| SendError::Permanent(format!("bad reply address: {e}")))?;
        builder = builder.reply_to(mailbox);
    }
    if let Some(url) = &mail.list_unsubscribe {
        use lettre::message::header::{HeaderName, HeaderValue};
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    let parts = if eight_bit {
        file::eight_bit_parts(&mail.text, &mail.html)
    } else {
        MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone())
    };
    builder
        .subject(mail.subject.clone())
        .multipart(parts)
        .map_err(|e| SendError::Permanent(format!("cannot build message: {e}")))
}

/// What an SMTP error means for the mail: the server refused it for good or for now, or
/// could not be reached (nothing counts against the mail then).
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else if e.is_transient() {
        SendError::Temporary(e.to_string())
    } else {
        SendError::Unreachable(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn confirmation_mail_renders_exactly_and_escapes_html() {
        let m = compose(
            "confirm_problem",
            json!({
                "lang": "en", "org": "League", "retention_days": 7,
                "problem": {"reference": "CT-000042", "title": "Light <broken> & dark"},
                "confirm_url": "https://ct.kz/confirm/TOKEN",
                "tracking_url": "https://ct.kz/track/TRACK",
            }),
        )
        .unwrap();
        assert_eq!(m.subject, "Please confirm your problem CT-000042");
        assert_eq!(
            m.text,
            "This address was given when a problem was reported to us, probably by you. \
             It is published only if you confirm it.\n\n\
             The title, as it was written:\n\
             > Light <broken> & dark\n\n\
             Follow this link to confirm it; only then is it published and sent to a representative:\n\
             https://ct.kz/confirm/TOKEN\n\n\
             Keep this private link to follow your problem, answer questions and tell us whether it was fixed:\n\
             https://ct.kz/track/TRACK\n\n\
             Unconfirmed problems are deleted after 7 days.\n\
             If you did not report it, ignore this e-mail: nothing is published, and your \
             address is deleted with it.\n\n\
             -- \nLeague"
        );
        assert!(
            m.html.contains("Light &lt;broken&gt; &amp; dark"),
            "{}",
            m.html
        );
        // '/' is not escaped (crate::templates): the link reads as written in the file.
        assert!(m.html.contains("href=\"https://ct.kz/confirm/TOKEN\""));
    }
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    #[tokio::test]
    async fn the_start_line_names_the_mail_server_without_its_credentials() {
        let mut cfg = Config::defaults();
        cfg.mail.smtp_url =
            crate::config::Secret::new("smtp://user:pa55word@mail.example.kz:587?tls=required");
        let smtp = Mailer::from_config(&cfg).unwrap().describe();
        assert_eq!(smtp, "smtp mail.example.kz:587");
        cfg.mail.smtp_url = crate::config::Secret::new("");
        cfg.mail.file_dir = std::env::temp_dir()
            .join("ct-describe")
            .display()
            .to_string();
        assert_eq!(
            Mailer::from_config(&cfg).unwrap().describe(),
            format!("files in {}", cfg.mail.file_dir)
        );
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;
    use serde_json::json;

    fn problem() -> serde_json::Value {
        json!({"reference": "CT-000042", "title": "Broken light", "status": "resolved",
               "region": "Astana", "category": "Roads and pavements", "id": 42,
               "url": "https://ct.kz/problems/42"})
    }

    #[test]
    fn status_update_for_a_resolution_quotes_it_and_asks_for_a_verdict() {
        let m = compose(
            "status_update",
            json!({"lang": "en", "org": "League", "problem": problem(), "what": "resolve",
                   "headline": "Aliya reports that your problem is resolved:",
                   "note": "Repaired on 1 December.",
                   "tracking_url": "https://ct.kz/track/T"}),
        )
        .unwrap();
        assert_eq!(m.subject, "CT-000042: Resolved");
        assert_eq!(
            m.text,
            "CT-000042: Broken light\n\n\
             Aliya reports that your problem is resolved:\n\n\
             Repaired on 1 December.\n\n\
             Status: Resolved\n\n\
             Tell us whether it is really fixed:\n\
             https://ct.kz/track/T\n\n\
             -- \nLeague"
        );
        assert!(m.html.contains("Is it really fixed?"));
    }

    #[test]
    fn login_link_mail_names_its_validity() {
        let m = compose(
            "login_link",
            json!({"lang": "en", "org": "League", "name": "Aliya",
                   "login_url": "https://ct.kz/login/L", "minutes": 30}),
        )
        .unwrap();
        assert_eq!(m.subject, "Your sign-in link for League");
        assert_eq!(
            m.text,
            "Hello Aliya,\n\n\
             Follow this link within 30 minutes to sign in. It works once.\n\
             https://ct.kz/login/L\n\n\
             If you did not ask for it, ignore this e-mail.\n\n\
             -- \nLeague"
        );
    }

    #[test]
    fn assignment_mail_gives_deadlines_and_the_reason() {
        let m = compose(
            "assigned",
            json!({"lang": "en", "org": "League", "problem": problem(), "rep_name": "Aliya",
                   "routing_note": "Routed to Aliya by rule #4", "description": "Dark street.",
                   "ack_due": "2026-11-26 10:00 (UTC+05:00)",
                   "resolve_due": "2026-12-16 10:00 (UTC+05:00)",
                   "workspace_url": "https://ct.kz/workspace/problems/42"}),
        )
        .unwrap();
        assert_eq!(m.subject, "New problem for you: CT-000042 Broken light");
        assert!(m.text.contains(
            "Please acknowledge it by 2026-11-26 10:00 (UTC+05:00) and resolve it by \
             2026-12-16 10:00 (UTC+05:00)."
        ));
        assert!(m.text.contains("Routed to Aliya by rule #4"));
        assert!(m.text.contains("https://ct.kz/workspace/problems/42"));
    }
}
#[cfg(test)]
mod reply_mail_tests {
    #[test]
    fn reply_mails_render() {
        let ctx = serde_json::json!({"lang": "en", "org": "O", "reference": "CT-1", "title": "T",
            "what": "published", "text": "hello", "at": "10:00", "undo_url": "http://x/replies/1/undo/abc"});
        super::compose("reply_received", &ctx).unwrap();
        let ctx = serde_json::json!({"lang": "en", "org": "O", "reason": "r", "reference": null});
        super::compose("reply_refused", &ctx).unwrap();
    }
}
