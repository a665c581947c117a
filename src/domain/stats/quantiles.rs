//! Median and 90th percentile of durations, interpolated linearly between ranks as
//! PostgreSQL's `percentile_cont` does, over values counted by the database (value, how
//! many) without expanding them.

use serde::Serialize;
use utoipa::ToSchema;

/// Median and 90th percentile of durations in days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Quantiles {
    pub count: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

/// The `q` quantile (0..=1) of sorted values, interpolated linearly between ranks.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// The value at `rank` (from 0) of counted values sorted by value.
fn at_rank(sorted: &[(u32, u64)], rank: u64) -> f64 {
    let mut seen = 0;
    for (v, n) in sorted {
        seen += n;
        if rank < seen {
            return f64::from(*v);
        }
    }
    sorted.last().map_or(0.0, |(v, _)| f64::from(*v))
}

/// [`quantile`] of counted values (value, how many), without expanding them.
fn counted_quantile(sorted: &[(u32, u64)], total: u64, q: f64) -> Option<f64> {
    if total == 0 {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (total - 1) as f64;
    let lo = pos.floor() as u64;
    let hi = pos.ceil() as u64;
    let (a, b) = (at_rank(sorted, lo), at_rank(sorted, hi));
    Some(a + (b - a) * (pos - lo as f64))
}

pub(super) fn quantiles(mut hours: Vec<(u32, u64)>) -> Quantiles {
    hours.sort_unstable();
    let total = hours.iter().map(|(_, n)| n).sum();
    let days = |q| counted_quantile(&hours, total, q).map(|h| h / 24.0);
    Quantiles {
        count: total,
        median_days: days(0.5),
        p90_days: days(0.9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_percentile_cont() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], 0.9), Some(3.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((quantile(&ten, 0.9).unwrap() - 9.1).abs() < 1e-9);
        // Counted values give what the expanded values give.
        let counted = [(1, 3), (4, 1), (10, 2)];
        let expanded = [1.0, 1.0, 1.0, 4.0, 10.0, 10.0];
        for q in [0.0, 0.1, 0.5, 0.75, 0.9, 1.0] {
            assert_eq!(
                counted_quantile(&counted, 6, q),
                quantile(&expanded, q),
                "q = {q}"
            );
        }
        assert_eq!(counted_quantile(&[], 0, 0.5), None);
    }
}
