//! One delivery lane's own SMTP connection. lettre writes a message's body and its final
//! `.` in two writes; with Nagle's algorithm on (lettre's pool leaves it on) the second
//! waits for the server's delayed ACK, about 40 ms per mail, whatever the network. A lane
//! opens its TCP connection itself with `TCP_NODELAY`, then lets lettre speak SMTP on it
//! (EHLO, STARTTLS, AUTH, the transaction), keeps it for the next mail and opens a new one
//! after any failure. Implicit TLS (`smtps://`) uses lettre's own connection instead.

use super::SendError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::time::Duration;

/// How to reach the server, from `mail.smtp_url`.
#[derive(Clone, Debug)]
pub struct Target {
    host: String,
    port: u16,
    tls: Tls,
    credentials: Option<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tls {
    None,
    /// STARTTLS when the server offers it (`?tls=opportunistic`).
    Opportunistic,
    /// STARTTLS or fail (`?tls=required`).
    Required,
    /// TLS from the first byte (`smtps://`).
    Wrapper,
}

/// Connecting and each command time out after this long.
const TIMEOUT: Duration = Duration::from_secs(20);

impl Target {
    /// Reads the URL as lettre's `from_url` does: `smtp://[USER:PASS@]HOST[:PORT]
    /// [?tls=required|opportunistic]` or `smtps://…`.
    pub fn parse(url: &str) -> Option<Target> {
        let u = url::Url::parse(url).ok()?;
        let tls = match (u.scheme(), u.query_pairs().find(|(k, _)| k == "tls")) {
            ("smtps", _) => Tls::Wrapper,
            ("smtp", Some((_, v))) if v == "required" => Tls::Required,
            ("smtp", Some((_, v))) if v == "opportunistic" => Tls::Opportunistic,
            ("smtp", _) => Tls::None,
            _ => return None,
        };
        let default_port = if tls == Tls::Wrapper { 465 } else { 587 };
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
                .next()
                .map_or_else(String::new, |(_, v)| v.into_owned())
        };
        let credentials = (!u.username().is_empty()).then(|| {
            (
                decode(u.username()),
                decode(u.password().unwrap_or_default()),
            )
        });
        Some(Target {
            host: u.host_str()?.to_string(),
            port: u.port().unwrap_or(default_port),
            tls,
            credentials,
        })
    }

    /// Whether a lane keeps its own connection (all but implicit TLS).
    pub fn own_connection(&self) -> bool {
        self.tls != Tls::Wrapper
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let unreachable =
            |e: String| SendError::Unreachable(format!("{}:{}: {e}", self.host, self.port));
        let tcp = tokio::time::timeout(
            TIMEOUT,
            tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| unreachable("connecting timed out".into()))?
        .map_err(|e| unreachable(e.to_string()))?;
        tcp.set_nodelay(true)
            .map_err(|e| unreachable(e.to_string()))?;
        let hello = ClientId::default();
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello)
            .await
            .map_err(super::classify)?;
        if self.tls == Tls::Required || (self.tls == Tls::Opportunistic && conn.can_starttls()) {
            let tls = TlsParameters::new(self.host.clone()).map_err(super::classify)?;
            conn.starttls(tls, &hello).await.map_err(super::classify)?;
        }
        if let Some((user, pass)) = &self.credentials {
            conn.auth(
                &[Mechanism::Plain, Mechanism::Login],
                &Credentials::new(user.clone(), pass.clone()),
            )
            .await
            .map_err(super::classify)?;
        }
        Ok(conn)
    }
}

/// A lane's connection, opened on first use and after a failure.
#[derive(Default)]
pub struct Connection {
    conn: Option<AsyncSmtpConnection>,
}

impl Connection {
    /// Sends `msg` over this lane's connection.
    pub async fn send(&mut self, target: &Target, msg: &lettre::Message) -> Result<(), SendError> {
        if self.conn.is_none() {
            self.conn = Some(target.connect().await?);
        }
        let conn = self.conn.as_mut().expect("connected above");
        let sent = tokio::time::timeout(TIMEOUT * 3, conn.send(msg.envelope(), &msg.formatted()))
            .await
            .map_err(|_| SendError::Unreachable("sending timed out".into()))
            .and_then(|r| r.map(|_| ()).map_err(super::classify));
        if sent.is_err() || conn.has_broken() {
            // lettre ends the session after any error: the next mail opens a new one.
            self.conn = None;
        }
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smtp_url_reads_as_lettre_reads_it() {
        let t = Target::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.tls),
            ("127.0.0.1", 2525, Tls::None)
        );
        assert!(t.credentials.is_none() && t.own_connection());
        let t = Target::parse("smtp://u%40x.kz:p%2Bw@mail.example.kz?tls=required").unwrap();
        assert_eq!((t.port, t.tls), (587, Tls::Required));
        assert_eq!(
            t.credentials,
            Some(("u@x.kz".to_string(), "p+w".to_string()))
        );
        let t = Target::parse("smtp://mail.example.kz:25?tls=opportunistic").unwrap();
        assert_eq!(t.tls, Tls::Opportunistic);
        let t = Target::parse("smtps://mail.example.kz").unwrap();
        assert_eq!((t.port, t.tls), (465, Tls::Wrapper));
        assert!(
            !t.own_connection(),
            "implicit TLS goes through lettre's pool"
        );
        assert!(Target::parse("http://mail.example.kz").is_none());
    }
}
