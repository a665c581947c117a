//! Service-level rules for an open problem's two deadlines (acknowledge-by and resolve-by):
//! which notices are due, and whether the problem counts as overdue or escalated.
//!
//! Each deadline climbs the [`Level`]s once: a reminder before it, a notice when it passes,
//! an escalation after the grace period. The level reached is stored with the problem and
//! reset when the deadline restarts (reassignment, reopening), so every notice goes out
//! once per problem and deadline however often the sweep runs.

use chrono::{DateTime, Duration, Utc};

/// How far a deadline's notices went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing sent yet.
    None = 0,
    /// The representative was reminded that the deadline is near.
    Soon = 1,
    /// The deadline passed; the representative was told and the problem marked overdue.
    Passed = 2,
    /// Overdue past the grace period; the coordinators were told.
    Escalated = 3,
}

impl Level {
    /// The stored number.
    pub fn as_i16(self) -> i16 {
        self as i16
    }

    /// Reads the stored number (out-of-range values clamp).
    pub fn from_i16(n: i16) -> Level {
        match n {
            i16::MIN..=0 => Level::None,
            1 => Level::Soon,
            2 => Level::Passed,
            _ => Level::Escalated,
        }
    }
}

/// Which deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Deadline {
    Acknowledge,
    Resolve,
}

impl Deadline {
    /// The name used in mails and events.
    pub fn as_str(self) -> &'static str {
        match self {
            Deadline::Acknowledge => "acknowledge",
            Deadline::Resolve => "resolve",
        }
    }
}

/// The configurable parts of the rules.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Remind this long before a deadline (one day by default)...
    pub remind_before: Duration,
    /// ...after the problem was assigned; escalate this long after it passed.
    pub escalate_after: Duration,
}

/// What the rules need to know about an open problem.
#[derive(Clone, Copy, Debug)]
pub struct Clocks {
    pub assigned_at: Option<DateTime<Utc>>,
    pub ack_due: Option<DateTime<Utc>>,
    pub acknowledged: bool,
    pub ack_level: Level,
    pub resolve_due: Option<DateTime<Utc>>,
    pub resolve_level: Level,
    /// A question waits for the citizen: the deadlines stand still.
    pub paused: bool,
}

/// One deadline moving up the levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub deadline: Deadline,
    pub due: DateTime<Utc>,
    pub from: Level,
    pub to: Level,
}

impl Step {
    /// The representative gets the "deadline is near" reminder.
    pub fn reminds(&self) -> bool {
        self.to == Level::Soon
    }

    /// The deadline passed with this step: the representative is told, the problem
    /// becomes overdue (with an event).
    pub fn passes(&self) -> bool {
        self.from < Level::Passed && self.to >= Level::Passed
    }

    /// The coordinators are told (with an event).
    pub fn escalates(&self) -> bool {
        self.from < Level::Escalated && self.to == Level::Escalated
    }
}

/// The level a deadline `due` has reached at `now`. The reminder is due one
/// `remind_before` ahead, but never in the first half of the time allowed, so that a
/// deadline of a few hours does not start with a reminder.
pub fn reached(
    due: DateTime<Utc>,
    assigned_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Level {
    if now >= due + policy.escalate_after {
        return Level::Escalated;
    }
    if now >= due {
        return Level::Passed;
    }
    let halfway = assigned_at.map(|a| a + (due - a) / 2);
    if now >= due - policy.remind_before && halfway.is_none_or(|h| now >= h) {
        return Level::Soon;
    }
    Level::None
}

/// The steps due at `now`: at most one per deadline, possibly skipping levels (a sweep
/// after downtime sends the "passed" notice and the escalation, not a stale reminder).
pub fn steps(c: &Clocks, now: DateTime<Utc>, policy: &Policy) -> Vec<Step> {
    if c.paused {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut check = |deadline, due: Option<DateTime<Utc>>, owed: bool, level: Level| {
        if let (Some(due), true) = (due, owed) {
            let to = reached(due, c.assigned_at, now, policy);
            if to > level {
                out.push(Step {
                    deadline,
                    due,
                    from: level,
                    to,
                });
            }
        }
    };
    check(
        Deadline::Acknowledge,
        c.ack_due,
        !c.acknowledged,
        c.ack_level,
    );
    check(Deadline::Resolve, c.resolve_due, true, c.resolve_level);
    out
}

/// The acknowledge-by deadline while an acknowledgement is still owed: none once the
/// representative has acknowledged (however late), so pages stop showing it.
pub fn ack_owed(
    due: Option<DateTime<Utc>>,
    acknowledged_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    due.filter(|_| acknowledged_at.is_none())
}

/// Whether an open problem is overdue and whether it is escalated: a deadline it still
/// owes has passed (is past the grace period). An acknowledgement, however late, settles
/// the acknowledge-by deadline.
pub fn flags(c: &Clocks) -> (bool, bool) {
    let ack_owed = !c.acknowledged && c.ack_due.is_some();
    let overdue = (ack_owed && c.ack_level >= Level::Passed) || c.resolve_level >= Level::Passed;
    let escalated =
        (ack_owed && c.ack_level == Level::Escalated) || c.resolve_level == Level::Escalated;
    (overdue, escalated)
}

/// A deadline moved on by the time it stood still while a question waited for the
/// citizen (from `paused_at` to `now`).
pub fn resume(
    due: Option<DateTime<Utc>>,
    paused_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    due.map(|d| d + (now - paused_at).max(Duration::zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const POLICY: Policy = Policy {
        remind_before: Duration::hours(24),
        escalate_after: Duration::days(3),
    };

    fn clocks() -> Clocks {
        Clocks {
            assigned_at: Some(utc("2026-11-02T05:00:00Z")),
            ack_due: Some(utc("2026-11-04T05:00:00Z")),
            acknowledged: false,
            ack_level: Level::None,
            resolve_due: Some(utc("2026-11-16T05:00:00Z")),
            resolve_level: Level::None,
            paused: false,
        }
    }

    #[test]
    fn levels_follow_the_deadline() {
        let due = utc("2026-11-04T05:00:00Z");
        let a = Some(utc("2026-11-02T05:00:00Z"));
        assert_eq!(
            reached(due, a, utc("2026-11-03T04:59:59Z"), &POLICY),
            Level::None
        );
        assert_eq!(
            reached(due, a, utc("2026-11-03T05:00:00Z"), &POLICY),
            Level::Soon
        );
        assert_eq!(reached(due, a, due, &POLICY), Level::Passed);
        assert_eq!(
            reached(due, a, utc("2026-11-07T04:00:00Z"), &POLICY),
            Level::Passed
        );
        assert_eq!(
            reached(due, a, utc("2026-11-07T05:00:00Z"), &POLICY),
            Level::Escalated
        );
    }

    #[test]
    fn short_deadlines_are_not_reminded_in_their_first_half() {
        // Election category: 4 hours to acknowledge.
        let a = utc("2026-11-02T05:00:00Z");
        let due = utc("2026-11-02T09:00:00Z");
        assert_eq!(
            reached(due, Some(a), utc("2026-11-02T06:59:00Z"), &POLICY),
            Level::None
        );
        assert_eq!(
            reached(due, Some(a), utc("2026-11-02T07:00:00Z"), &POLICY),
            Level::Soon
        );
    }

    #[test]
    fn each_step_once_and_levels_can_be_skipped() {
        let mut c = clocks();
        let s = steps(&c, utc("2026-11-03T06:00:00Z"), &POLICY);
        assert_eq!(s.len(), 1);
        assert!(s[0].reminds() && !s[0].passes());
        c.ack_level = Level::Soon;
        assert!(steps(&c, utc("2026-11-03T07:00:00Z"), &POLICY).is_empty());
        // A sweep that comes 4 days late jumps to escalated: passes and escalates at once.
        c.ack_level = Level::None;
        let s = steps(&c, utc("2026-11-08T06:00:00Z"), &POLICY);
        assert_eq!(s.len(), 1);
        assert!(s[0].passes() && s[0].escalates() && !s[0].reminds());
        assert_eq!(s[0].deadline, Deadline::Acknowledge);
    }

    #[test]
    fn acknowledged_problems_owe_only_the_resolution_and_paused_ones_nothing() {
        let mut c = clocks();
        c.acknowledged = true;
        c.ack_level = Level::Passed;
        let s = steps(&c, utc("2026-11-20T06:00:00Z"), &POLICY);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].deadline, Deadline::Resolve);
        assert_eq!(s[0].to, Level::Escalated);
        c.paused = true;
        assert!(steps(&c, utc("2026-11-20T06:00:00Z"), &POLICY).is_empty());
    }

    #[test]
    fn flags_reflect_what_is_still_owed() {
        let mut c = clocks();
        assert_eq!(flags(&c), (false, false));
        c.ack_level = Level::Passed;
        assert_eq!(flags(&c), (true, false));
        c.ack_level = Level::Escalated;
        assert_eq!(flags(&c), (true, true));
        // A late acknowledgement settles the first deadline.
        c.acknowledged = true;
        assert_eq!(flags(&c), (false, false));
        c.resolve_level = Level::Passed;
        assert_eq!(flags(&c), (true, false));
    }

    #[test]
    fn paused_time_does_not_count() {
        let due = Some(utc("2026-11-16T05:00:00Z"));
        assert_eq!(
            resume(
                due,
                utc("2026-11-05T05:00:00Z"),
                utc("2026-11-07T17:00:00Z")
            ),
            Some(utc("2026-11-18T17:00:00Z"))
        );
        assert_eq!(
            resume(
                None,
                utc("2026-11-05T05:00:00Z"),
                utc("2026-11-07T17:00:00Z")
            ),
            None
        );
    }

    #[test]
    fn stored_levels_round_trip_and_clamp() {
        for l in [Level::None, Level::Soon, Level::Passed, Level::Escalated] {
            assert_eq!(Level::from_i16(l.as_i16()), l);
        }
        assert_eq!(Level::from_i16(-4), Level::None);
        assert_eq!(Level::from_i16(9), Level::Escalated);
    }
}
