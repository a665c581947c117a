//! The SMTP/LMTP listener of `inbound.listen`: receives replies to the service's mails
//! (behind the organisation's MX, or as a Postfix `lmtp:` / `smtp:` transport) and hands
//! each to `services::inbound::receive`.
//!
//! A deliberately small server (RFC 5321's minimum, and LMTP's LHLO with one answer per
//! recipient, RFC 2033): `HELO`/`EHLO`/`LHLO`, `MAIL`, `RCPT` (only reply addresses of
//! `inbound.reply_domain`; anything else is refused with 550, so it relays nothing),
//! `DATA`, `RSET`, `NOOP`, `QUIT`. Lines are at most 1,000 bytes, a mail at most
//! `inbound.max_bytes` (larger: 552 after reading it), 10 recipients, 5 minutes per
//! command, 64 connections at once. No TLS or AUTH: it is meant for the local network or
//! loopback, with the MX in front doing what the Internet needs.

use crate::app::AppState;
use crate::services::inbound::{self, Outcome};
use anyhow::Context;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const MAX_LINE: usize = 1000;
const MAX_RECIPIENTS: usize = 10;
const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);
const MAX_CONNECTIONS: usize = 64;

/// Binds `inbound.listen` (when set) and serves it for as long as the process runs;
/// returns the bound address. An address that cannot be had stops the start, naming the
/// key.
pub async fn start(st: &AppState) -> anyhow::Result<Option<SocketAddr>> {
    let listen = st.config.inbound.listen.trim();
    if listen.is_empty() {
        return Ok(None);
    }
    let listener = TcpListener::bind(listen).await.with_context(|| {
        format!("cannot listen on {listen} (inbound.listen / CIVIC_INBOUND__LISTEN)")
    })?;
    let addr = listener.local_addr()?;
    tracing::info!(listen = %addr, "receiving replies by SMTP/LMTP");
    let st = st.clone();
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let Ok(permit) = slots.clone().try_acquire_owned() else {
                let mut stream = stream;
                let _ = stream
                    .write_all(b"421 4.3.2 too many connections, try later\r\n")
                    .await;
                continue;
            };
            let st = st.clone();
            tokio::spawn(async move {
                let (r, w) = stream.into_split();
                if let Err(e) = session(&st, r, w).await {
                    tracing::debug!("SMTP session ended: {e}");
                }
                drop(permit);
            });
        }
    });
    Ok(Some(addr))
}

/// Reads one line of at most [`MAX_LINE`] bytes (longer lines are cut there); `None` at
/// the end of the stream.
async fn read_line<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<()>> {
    buf.clear();
    let n = tokio::time::timeout(COMMAND_TIMEOUT, async {
        let mut taken = (&mut *r).take(MAX_LINE as u64 + 2);
        taken.read_until(b'\n', buf).await
    })
    .await
    .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no command for 5 minutes"))??;
    Ok((n > 0).then_some(()))
}

/// The address inside `<...>` after `FROM:` or `TO:`.
fn path_of(arg: &str) -> Option<String> {
    let start = arg.find('<')?;
    let end = arg[start..].find('>')? + start;
    Some(arg[start + 1..end].trim().to_string())
}

/// One SMTP or LMTP conversation.
async fn session<R, W>(st: &AppState, r: R, mut w: W) -> anyhow::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let host = url::Url::parse(&st.config.server.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "civic-tracker".into());
    let domain = st.config.inbound.reply_domain.clone();
    let max = st.config.inbound.max_bytes;
    let mut r = BufReader::new(r);
    let mut line = Vec::new();
    let mut lmtp = false;
    let mut sender: Option<String> = None;
    let mut rcpts: Vec<String> = Vec::new();
    w.write_all(format!("220 {host} Civic Tracker replies\r\n").as_bytes())
        .await?;
    while read_line(&mut r, &mut line).await?.is_some() {
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let (verb, arg) = text.split_once(' ').unwrap_or((text, ""));
        let reply: String = match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "LHLO" => {
                lmtp = verb.eq_ignore_ascii_case("LHLO");
                sender = None;
                rcpts.clear();
                format!(
                    "250-{host}\r\n250-SIZE {max}\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n"
                )
            }
            "HELO" => format!("250 {host}\r\n"),
            "MAIL" => match path_of(arg) {
                Some(from) => {
                    sender = Some(from);
                    rcpts.clear();
                    "250 2.1.0 OK\r\n".into()
                }
                None => "501 5.5.4 MAIL FROM:<address>\r\n".into(),
            },
            "RCPT" => match path_of(arg) {
                _ if sender.is_none() => "503 5.5.1 MAIL first\r\n".into(),
                _ if rcpts.len() >= MAX_RECIPIENTS => "452 4.5.3 too many recipients\r\n".into(),
                Some(to)
                    if !domain.is_empty()
                        && crate::domain::reply::token_in_address(&to, &domain).is_some() =>
                {
                    rcpts.push(to);
                    "250 2.1.5 OK\r\n".into()
                }
                Some(_) => "550 5.1.1 no such mailbox here\r\n".into(),
                None => "501 5.5.4 RCPT TO:<address>\r\n".into(),
            },
            "DATA" if rcpts.is_empty() => "503 5.5.1 RCPT first\r\n".into(),
            "DATA" => {
                w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = Vec::new();
                let mut too_large = false;
                loop {
                    if read_line(&mut r, &mut line).await?.is_none() {
                        return Ok(());
                    }
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                    let l = line.strip_prefix(b".").unwrap_or(&line);
                    if data.len() + l.len() > max {
                        too_large = true;
                    } else {
                        data.extend_from_slice(l);
                    }
                }
                let answer = if too_large {
                    "552 5.3.4 message too large\r\n".to_string()
                } else {
                    match inbound::receive(st, &data, &rcpts).await {
                        // Refused mail is taken too: the service answers its sender itself
                        // when a person can do something about it (never a bounce loop).
                        Ok(Outcome::Accepted { .. } | Outcome::Refused(_)) => {
                            "250 2.0.0 received\r\n".into()
                        }
                        Err(e) => {
                            tracing::warn!("a reply could not be taken now: {e}");
                            "451 4.3.0 try again later\r\n".into()
                        }
                    }
                };
                let n = if lmtp { rcpts.len() } else { 1 };
                sender = None;
                rcpts.clear();
                answer.repeat(n)
            }
            "RSET" => {
                sender = None;
                rcpts.clear();
                "250 2.0.0 OK\r\n".into()
            }
            "NOOP" => "250 2.0.0 OK\r\n".into(),
            "VRFY" => "252 2.5.0 cannot verify\r\n".into(),
            "QUIT" => {
                w.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.2 command not implemented\r\n".into(),
        };
        w.write_all(reply.as_bytes()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn paths_are_read_from_their_brackets() {
        assert_eq!(path_of("FROM:<a@b.kz> SIZE=100").as_deref(), Some("a@b.kz"));
        assert_eq!(
            path_of("TO:< reply+1.c.2.ab@r.kz >").as_deref(),
            Some("reply+1.c.2.ab@r.kz")
        );
        assert_eq!(path_of("FROM:<>").as_deref(), Some(""));
        assert_eq!(path_of("FROM:a@b.kz"), None);
    }
}
