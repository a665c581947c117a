//! The figures of a period and a scope: what the digests report and what the dashboards
//! and `/api/v1/stats` show. Pure functions ([`summarize`], [`figures`]) over facts that
//! the database has already counted ([`Facts`]), so that every view always agrees.
//!
//! Definitions:
//! - counts of the period are events in `[start, end)`: received = confirmed, routed =
//!   assigned to a representative (by a rule or by hand), acknowledged, resolved, fixed =
//!   the citizen confirmed the fix, reopened = the citizen said it is not fixed, rejected;
//! - days to acknowledge / resolve: elapsed time (paused time included) from the
//!   assignment to the acknowledgement or resolution that happened in the period, counted
//!   to the hour; median and 90th percentile interpolate linearly between ranks, as
//!   PostgreSQL's `percentile_cont` does;
//! - citizen-confirmed share: of the citizens' verdicts given in the period (fixed, not
//!   fixed, or no answer within the deadline), the share that said fixed;
//! - on-time rate: of the problems whose resolve-by deadline fell in the period and has
//!   passed, the share resolved by then (late: resolved after it, or still not resolved);
//! - open, overdue and the age bands are counted now, whatever the period;
//! - an election's verification split: its reports received in the period, by their
//!   verification flag now (verified, found unverified, not yet checked).

mod facts;
mod figures;
mod periods;
mod quantiles;
mod verification;

pub use facts::{
    AGE_BAND_DAYS, AGE_BANDS, DeadlineGroup, Dim, DimIndex, Elapsed, Facts, Flow, OpenGroup,
    OverdueFact, Scope, SupportedFact, Tally,
};
pub use figures::{
    Counts, Figures, MOST_SUPPORTED, OLDEST, OnTime, OverdueRow, RepresentativeRow, SeriesPoint,
    Summary, figures, overdue, representatives, series, summarize,
};
pub use periods::{
    Period, STANDARD_PERIODS, before, buckets, daily_periods, last_days, local_days, weekly_periods,
};
pub use quantiles::{Quantiles, quantile};
pub use verification::{Verification, verification};
