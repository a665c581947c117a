//! Typed configuration, loaded once at start.
//!
//! Layers, later ones win: the defaults compiled in from `config/default.toml` → a
//! `config/default.toml` in the working directory → `--config FILE` → environment
//! (`CIVIC_<SECTION>__<KEY>` and the short variables in [`SHORT_VARS`]).

use anyhow::{Context, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

const BUILT_IN: &str = include_str!("../../config/default.toml");

/// The sample pepper earlier versions shipped with: public, so anyone could forge signed
/// links with it. Accepted only with `security.allow_default_pepper`.
pub const DEFAULT_PEPPER: &str = "change-me-in-production";

/// Short environment variables and the key each sets. Earlier entries lose to later ones.
pub const SHORT_VARS: &[(&str, &str, &str)] = &[
    ("DATABASE_URL", "database", "url"),
    ("CIVIC_DATABASE_URL", "database", "url"),
    ("CIVIC_LISTEN", "server", "listen"),
    ("CIVIC_BASE_URL", "server", "base_url"),
    ("CIVIC_SMTP_URL", "mail", "smtp_url"),
    ("CIVIC_MAIL_FROM", "mail", "from"),
    ("CIVIC_TIMEZONE", "app", "timezone"),
];

/// A secret string: never printed, `Debug` included.
#[derive(Clone, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The whole configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub mail: Mail,
    pub organisation: Organisation,
    pub app: App,
    pub security: Security,
    pub limits: Limits,
    pub sla: Sla,
    pub dashboard: Dashboard,
    pub search: Search,
    pub privacy: Privacy,
    pub log: Log,
    pub metrics: Metrics,
    pub inbound: Inbound,
    /// `[jobs.<name>]`, one per job in `crate::domain::schedule::JobName`.
    pub jobs: BTreeMap<String, JobConfig>,
}

/// `[dashboard]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dashboard {
    /// Figures may be this many seconds behind the events; 0 counts afresh every time.
    pub max_age_seconds: u64,
    /// How long a request waits for figures nobody has counted yet (at start-up, or a new
    /// custom period) before it is answered "being counted" (503 with `Retry-After`) while
    /// the count goes on in the background.
    pub count_wait_ms: u64,
}

/// `[search]`: how a PostgreSQL search finds its newest matches (`services::queries::search`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    /// The newest problems the filters select that are tested first (1 to 1,000,000).
    pub window: u64,
    /// How many ids back that test may reach at most (1 to 100,000,000).
    pub window_ids: i64,
}

/// `[privacy]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Days after a problem is closed (or merged as a duplicate) until the `purge` job
    /// erases its citizen's and supporters' contact details.
    pub retention_days: i64,
}

/// `[log]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    /// How lines are written on standard error (levels are `RUST_LOG`'s business, see
    /// `crate::telemetry`).
    pub format: LogFormat,
}

/// `log.format`: lines for people, or one JSON object a line for a log collector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum LogFormat {
    /// `time LEVEL span{fields}: message fields`, coloured only on a terminal.
    Text,
    /// One JSON object a line: `timestamp`, `level`, `target`, `message`, the event's
    /// fields, and the fields of the spans it happened in under `span`.
    Json,
}

impl TryFrom<String> for LogFormat {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(format!(
                "log.format (CIVIC_LOG__FORMAT) must be \"text\" or \"json\", not {s:?}"
            )),
        }
    }
}

/// `[metrics]`: Prometheus metrics at `GET /metrics`, off unless one of these is set.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// A separate address serving only `/metrics`, without authentication; empty: none.
    pub listen: String,
    /// When set, `/metrics` on the main listener answers to `Authorization: Bearer <token>`.
    pub token: Secret,
}

impl Metrics {
    /// Whether this process records and serves metrics at all.
    pub fn enabled(&self) -> bool {
        !self.listen.trim().is_empty() || !self.token.expose().is_empty()
    }
}

/// `[sla]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    pub remind_before_hours: i64,
    pub escalate_after_days: i64,
    pub citizen_check_after_days: i64,
    pub no_answer_close_days: i64,
    /// Voting-day paced problems (issue 20): reminded this many minutes before a deadline...
    pub voting_day_remind_before_minutes: i64,
    /// ...and escalated this many minutes after it passed.
    pub voting_day_escalate_after_minutes: i64,
}

/// `[jobs.<name>]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobConfig {
    /// A cron expression with seconds; blank turns the job off.
    pub schedule: String,
}

/// `[server]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub listen: String,
    pub base_url: String,
    pub header_timeout_seconds: u64,
    pub body_timeout_seconds: u64,
    /// A request not answered within this many seconds is answered 503 (and its work
    /// dropped): no client waits on a hung request.
    pub request_timeout_seconds: u64,
    pub client_ip_header: String,
    /// On SIGTERM or SIGINT, how long open requests and a running job get to finish before
    /// the process exits anyway.
    pub shutdown_timeout_seconds: u64,
}

/// `[database]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// May carry a password, so it is a secret.
    pub url: Secret,
    pub max_connections: u32,
    /// How long a request waits for a connection (a free one, or a new one while the
    /// database is away) before it is answered 503.
    pub acquire_timeout_seconds: u64,
    /// PostgreSQL: connections kept for submissions, besides the pool.
    pub submit_connections: u32,
    /// SQLite: read-only connections for long reads beside the one writer; 0 shares it.
    pub read_connections: u32,
}

/// `[mail]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mail {
    /// May carry credentials, so it is a secret.
    pub smtp_url: Secret,
    pub from: String,
    pub file_dir: String,
    /// Deliver mail in this process.
    pub deliver: bool,
    pub max_attempts: i32,
    /// SMTP connections (delivery lanes) each delivering process uses at once.
    pub connections: usize,
}

/// `[inbound]`: replies by e-mail (`services::inbound`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inbound {
    /// Mails that expect an answer carry `Reply-To: reply+TOKEN@reply_domain`; empty: no
    /// Reply-To, and received mail is refused.
    pub reply_domain: String,
    /// The reply tokens' HMAC key; empty: derived from `security.token_pepper`.
    pub secret: Secret,
    /// The SMTP/LMTP listener's address (`serve`), e.g. `127.0.0.1:2525`; empty: none.
    pub listen: String,
    /// Larger mails are refused.
    pub max_bytes: usize,
    /// Mails accepted per sender per hour; more are refused.
    pub per_hour: u32,
    /// A reply address works this many days after its mail.
    pub token_days: i64,
    /// A reply is carried out this many minutes after it arrived, unless undone.
    pub undo_minutes: i64,
    /// The `From` check: the authserv-id of the organisation's mail server. When set, a
    /// reply from another address than the one its mail went to is taken if it is at the
    /// same domain and that server's `Authentication-Results` say DMARC passed for it;
    /// empty: never.
    pub from_check: String,
}

/// `[organisation]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub party: String,
}

/// `[app]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    pub timezone: String,
    pub default_language: String,
    pub unconfirmed_retention_days: i64,
    pub login_link_minutes: i64,
    pub session_days: i64,
    pub regions_csv: String,
    /// Where uploaded media (Open311 `media` files) are kept.
    pub media_dir: String,
    /// The largest media file accepted, in bytes.
    pub media_max_bytes: usize,
}

/// `[limits]`: rate limits (see `src/limits.rs`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub enabled: bool,
    pub submissions_per_hour: u32,
    pub supports_per_hour: u32,
    pub logins_per_hour: u32,
    pub logins_per_address_per_hour: u32,
    pub mails_per_address_per_hour: u32,
    pub api_per_minute: u32,
    pub open311_per_minute: u32,
}

/// `[security]`
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Security {
    pub token_pepper: Secret,
    pub pepper_file: String,
    pub allow_default_pepper: bool,
}

impl Database {
    /// `acquire_timeout_seconds`, at least a second.
    pub fn acquire_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.acquire_timeout_seconds.max(1))
    }
}

impl Security {
    /// Fills an empty `token_pepper` from `pepper_file`, creating that file with a random
    /// pepper on first start (mode 0600; a second process starting at the same moment
    /// reads the winner's).
    pub fn resolve_pepper(&mut self) -> anyhow::Result<()> {
        if !self.token_pepper.expose().is_empty() {
            return Ok(());
        }
        let path = Path::new(&self.pepper_file);
        let read = |path: &Path| -> anyhow::Result<String> {
            let s = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read security.pepper_file {}", path.display()))?;
            let s = s.trim().to_string();
            if s.len() < 16 {
                bail!("security.pepper_file {} holds no pepper", path.display());
            }
            Ok(s)
        };
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let mut bytes = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
            let pepper = crate::auth::hex(&bytes);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut f) => {
                    use std::io::Write;
                    writeln!(f, "{pepper}")
                        .and_then(|()| f.sync_all())
                        .with_context(|| {
                            format!("cannot write security.pepper_file {}", path.display())
                        })?;
                    tracing::info!(file = %path.display(), "generated a new token pepper");
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("cannot create security.pepper_file {}", path.display())
                    });
                }
            }
        }
        self.token_pepper = Secret::new(read(path)?);
        Ok(())
    }
}

impl Config {
    /// The built-in defaults only (what tests start from).
    pub fn defaults() -> Config {
        Self::from_table(parse(BUILT_IN, "built-in defaults").expect("built-in config parses"))
            .expect("built-in config is valid")
    }

    /// Loads all layers as described in the module documentation.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut table = parse(BUILT_IN, "built-in defaults")?;
        let local = Path::new("config/default.toml");
        if local.exists() {
            merge(&mut table, read(local)?);
        }
        if let Some(f) = file {
            merge(&mut table, read(f)?);
        }
        apply_env(&mut table, std::env::vars())?;
        Self::from_table(table)
    }

    fn from_table(table: toml::Table) -> anyhow::Result<Config> {
        let cfg: Config = toml::Value::Table(table)
            .try_into()
            .context("invalid configuration")?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if !crate::i18n::known(&self.app.default_language) {
            bail!(
                "app.default_language must be one of {}",
                crate::i18n::CATALOGS
                    .iter()
                    .map(|(l, _)| *l)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        self.timezone()
            .with_context(|| "app.timezone (CIVIC_TIMEZONE)".to_string())?;
        url::Url::parse(&self.server.base_url)
            .with_context(|| format!("server.base_url is not a URL: {}", self.server.base_url))?;
        let smtp = self.mail.smtp_url.expose();
        if !smtp.is_empty() {
            let u = url::Url::parse(smtp).context("mail.smtp_url (CIVIC_SMTP_URL) is not a URL")?;
            if !matches!(u.scheme(), "smtp" | "smtps") {
                bail!("mail.smtp_url (CIVIC_SMTP_URL) must start with smtp:// or smtps://");
            }
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            bail!("mail.from (CIVIC_MAIL_FROM) is not a valid mailbox");
        }
        // Signed links (unsubscribe, stop updates) and token hashes rely on the pepper:
        // with a published one anybody forges them, on http as on https.
        let pepper = self.security.token_pepper.expose();
        if pepper == DEFAULT_PEPPER && !self.security.allow_default_pepper {
            bail!(
                "security.token_pepper (CIVIC_SECURITY__TOKEN_PEPPER) is the published sample \
                 value: set a long random one, or leave it empty to have one generated in \
                 security.pepper_file (security.allow_default_pepper = true is for development only)"
            );
        }
        if !pepper.is_empty() && pepper.len() < 16 && !self.security.allow_default_pepper {
            bail!(
                "security.token_pepper (CIVIC_SECURITY__TOKEN_PEPPER) must be at least 16 characters"
            );
        }
        for (name, job) in &self.jobs {
            if crate::domain::schedule::JobName::parse(name).is_none() {
                bail!(
                    "jobs.{name}: unknown job; known: {}",
                    crate::domain::schedule::JobName::ALL
                        .map(|j| j.as_str())
                        .join(", ")
                );
            }
            crate::domain::schedule::parse_schedule(&job.schedule)
                .with_context(|| format!("jobs.{name}.schedule = {:?}", job.schedule))?;
        }
        for j in crate::domain::schedule::JobName::ALL {
            if !self.jobs.contains_key(j.as_str()) {
                bail!("jobs.{}: missing", j.as_str());
            }
        }
        for (key, v) in [
            ("sla.remind_before_hours", self.sla.remind_before_hours),
            ("sla.escalate_after_days", self.sla.escalate_after_days),
            (
                "sla.citizen_check_after_days",
                self.sla.citizen_check_after_days,
            ),
            ("sla.no_answer_close_days", self.sla.no_answer_close_days),
        ] {
            if !(0..=3650).contains(&v) {
                bail!("{key} must be between 0 and 3650, not {v}");
            }
        }
        for (key, v) in [
            (
                "sla.voting_day_remind_before_minutes",
                self.sla.voting_day_remind_before_minutes,
            ),
            (
                "sla.voting_day_escalate_after_minutes",
                self.sla.voting_day_escalate_after_minutes,
            ),
        ] {
            // Up to a week, as the categories' voting-day minutes.
            if !(0..=10_080).contains(&v) {
                bail!("{key} must be between 0 and 10080, not {v}");
            }
        }
        if !(1..=1_000_000).contains(&self.search.window) {
            bail!("search.window (CIVIC_SEARCH__WINDOW) must be between 1 and 1000000");
        }
        if !(1..=100_000_000).contains(&self.search.window_ids) {
            bail!("search.window_ids (CIVIC_SEARCH__WINDOW_IDS) must be between 1 and 100000000");
        }
        let token = self.metrics.token.expose();
        if !token.is_empty() && token.len() < 16 {
            bail!("metrics.token (CIVIC_METRICS__TOKEN) must be at least 16 characters");
        }
        // Up to 100 years: beyond that the cut-off date overflows nothing useful.
        let days = self.privacy.retention_days;
        if !(0..=36500).contains(&days) {
            bail!(
                "privacy.retention_days (CIVIC_PRIVACY__RETENTION_DAYS) must be between 0 and \
                 36500, not {days}"
            );
        }
        Ok(())
    }

    /// The configured time zone.
    pub fn timezone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.app
            .timezone
            .parse()
            .map_err(|_| anyhow::anyhow!("unknown time zone {:?}", self.app.timezone))
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.server.base_url.trim_end_matches('/')
    }

    /// Cookies get the `Secure` flag when the service is reached over https.
    pub fn secure_cookies(&self) -> bool {
        self.server.base_url.starts_with("https://")
    }
}

fn parse(text: &str, origin: &str) -> anyhow::Result<toml::Table> {
    text.parse::<toml::Table>()
        .with_context(|| format!("cannot parse {origin}"))
}

fn read(path: &Path) -> anyhow::Result<toml::Table> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&text, &path.display().to_string())
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Sets the key at `path` (e.g. `["jobs", "digest_daily", "schedule"]`) from an
/// environment value, typed like the default it replaces. `_` in a name also matches `-`.
fn set(table: &mut toml::Table, var: &str, path: &[String], raw: &str) -> anyhow::Result<()> {
    let dotted = path.join(".");
    let (key, parents) = path.split_last().context("empty key")?;
    let mut current = table;
    for part in parents {
        let found = current
            .keys()
            .find(|k| k.replace('-', "_") == *part)
            .cloned();
        match found.and_then(|k| current.get_mut(&k)) {
            Some(toml::Value::Table(t)) => current = t,
            _ => bail!("{var}: unknown configuration key {dotted}"),
        }
    }
    let key = current
        .keys()
        .find(|k| k.replace('-', "_") == *key)
        .cloned()
        .with_context(|| format!("{var}: unknown configuration key {dotted}"))?;
    let value = match current.get(&key) {
        Some(toml::Value::Integer(_)) => toml::Value::Integer(
            raw.parse()
                .with_context(|| format!("{var}: {dotted} must be an integer"))?,
        ),
        Some(toml::Value::Boolean(_)) => toml::Value::Boolean(
            raw.parse()
                .with_context(|| format!("{var}: {dotted} must be true or false"))?,
        ),
        Some(toml::Value::Table(_)) | None => {
            bail!("{var}: unknown configuration key {dotted}")
        }
        Some(_) => toml::Value::String(raw.to_string()),
    };
    current.insert(key, value);
    Ok(())
}

fn apply_env(
    table: &mut toml::Table,
    vars: impl Iterator<Item = (String, String)>,
) -> anyhow::Result<()> {
    let vars: Vec<(String, String)> = vars.collect();
    for (short, section, key) in SHORT_VARS {
        if let Some((_, v)) = vars.iter().find(|(k, _)| k == short) {
            set(table, short, &[section.to_string(), key.to_string()], v)?;
        }
    }
    for (name, value) in &vars {
        let Some(rest) = name.strip_prefix("CIVIC_") else {
            continue;
        };
        if rest.contains("__") {
            let path: Vec<String> = rest.split("__").map(str::to_lowercase).collect();
            set(table, name, &path, value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
