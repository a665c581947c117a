//! Rate limits: how often one client address, e-mail address, API token or Open311 key
//! may ask for what costs a mail or a stored row. Each budget is a GCRA limiter (the
//! `governor` crate) per key, held in this process's memory: a flood is cut at the door,
//! at the price of each `serve` process counting on its own. Mails to one address are
//! also counted by the database (`services::abuse`), which every process shares.

use crate::config::Limits as Config;
use crate::error::AppError;
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// One budget's limiter: a GCRA state per key (a client address, an e-mail address, a
/// token's id), all written as text.
type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

/// What a request spends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// A new problem (web form, API, Open311), per client address.
    Submission,
    /// A support request, per client address.
    Support,
    /// A sign-in link request, per client address.
    Login,
    /// A sign-in link request, per e-mail address (whether or not it is registered).
    LoginAddress,
    /// Any API request with a bearer token, per token.
    Api,
    /// An Open311 request with an `api_key`, per key.
    Open311,
}

impl Budget {
    /// The key of the refusal's message, which says what is too many.
    fn what(self) -> &'static str {
        match self {
            Budget::Submission => "error.too_many.problems",
            Budget::Support => "error.too_many.supports",
            Budget::Login | Budget::LoginAddress => "error.too_many.sign_ins",
            Budget::Api => "error.too_many.api_token",
            Budget::Open311 => "error.too_many.api_key",
        }
    }
}

/// The limiters of one process.
pub struct Limits {
    enabled: bool,
    submission: Keyed,
    support: Keyed,
    login: Keyed,
    login_address: Keyed,
    api: Keyed,
    open311: Keyed,
    checks: AtomicU64,
}

fn per_hour(n: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(n.max(1)).expect("at least 1"))
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least 1"))
}

impl Limits {
    /// Limiters with the configured budgets.
    pub fn new(c: &Config) -> Limits {
        Limits {
            enabled: c.enabled,
            submission: RateLimiter::keyed(per_hour(c.submissions_per_hour)),
            support: RateLimiter::keyed(per_hour(c.supports_per_hour)),
            login: RateLimiter::keyed(per_hour(c.logins_per_hour)),
            login_address: RateLimiter::keyed(per_hour(c.logins_per_address_per_hour)),
            api: RateLimiter::keyed(per_minute(c.api_per_minute)),
            open311: RateLimiter::keyed(per_minute(c.open311_per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    /// Spends one unit of a per-client-address `budget` for `ip`, or says when to try
    /// again (429).
    pub fn check_ip(&self, budget: Budget, ip: IpAddr) -> Result<(), AppError> {
        self.check_key(budget, &ip.to_string())
    }

    /// Spends one unit of `budget` for `key` (a client address, an e-mail address, a
    /// token's id), or says when to try again (429).
    pub fn check_key(&self, budget: Budget, key: &str) -> Result<(), AppError> {
        if !self.enabled {
            return Ok(());
        }
        let limiter = match budget {
            Budget::Submission => &self.submission,
            Budget::Support => &self.support,
            Budget::Login => &self.login,
            Budget::LoginAddress => &self.login_address,
            Budget::Api => &self.api,
            Budget::Open311 => &self.open311,
        };
        // Now and then forget keys whose budget is whole again, so memory follows the
        // clients of the last hour, not of all time.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.forget_idle();
        }
        limiter.check_key(&key.to_string()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            too_many(budget.what(), wait)
        })
    }

    fn forget_idle(&self) {
        self.submission.retain_recent();
        self.support.retain_recent();
        self.login.retain_recent();
        self.login_address.retain_recent();
        self.api.retain_recent();
        self.open311.retain_recent();
    }
}

/// A 429 that says what was too many (`what`: the key of a message with `$wait`) and when
/// to try again (whole seconds, rounded up, at least 1).
pub fn too_many(what: &'static str, wait: Duration) -> AppError {
    AppError::TooMany {
        what,
        retry_after_secs: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(enabled: bool) -> Config {
        Config {
            enabled,
            submissions_per_hour: 2,
            supports_per_hour: 2,
            logins_per_hour: 2,
            logins_per_address_per_hour: 1,
            mails_per_address_per_hour: 3,
            api_per_minute: 2,
            open311_per_minute: 2,
        }
    }

    #[test]
    fn each_key_has_its_own_budget_and_the_refusal_says_when_to_retry() {
        let l = Limits::new(&config(true));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(l.check_ip(Budget::Submission, a).is_ok());
        assert!(l.check_ip(Budget::Submission, a).is_ok());
        match l.check_ip(Budget::Submission, a) {
            Err(AppError::TooMany {
                retry_after_secs, ..
            }) => assert!((1..=1800).contains(&retry_after_secs), "{retry_after_secs}"),
            other => panic!("{other:?}"),
        }
        assert!(l.check_ip(Budget::Submission, b).is_ok(), "another client");
        assert!(l.check_ip(Budget::Support, a).is_ok(), "another budget");
        assert!(l.check_key(Budget::LoginAddress, "me@x.kz").is_ok());
        assert!(l.check_key(Budget::LoginAddress, "me@x.kz").is_err());
        assert!(l.check_key(Budget::LoginAddress, "you@x.kz").is_ok());
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        let secs = |d: Duration| match too_many("x", d) {
            AppError::TooMany {
                retry_after_secs, ..
            } => retry_after_secs,
            other => panic!("{other:?}"),
        };
        assert_eq!(secs(Duration::from_secs(180)), 180);
        assert_eq!(secs(Duration::from_millis(180_001)), 181);
        assert_eq!(secs(Duration::ZERO), 1);
    }

    #[test]
    fn disabled_limits_refuse_nothing() {
        let l = Limits::new(&config(false));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..10 {
            assert!(l.check_ip(Budget::Login, a).is_ok());
        }
    }
}
