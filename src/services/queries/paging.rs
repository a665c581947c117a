//! Paging the public lists: keyset cursors (a page starts after the last problem of the
//! one before, so a deep page costs what the first does) and totals that are counted when
//! that is cheap and estimated, and labelled so, when it is not.

use crate::entities::problem;
use sea_orm::{ColumnTrait, Condition};
use serde::Serialize;

/// Problems counted one by one before a total becomes an estimate.
pub const EXACT_UP_TO: u64 = 1_000;

/// The highest offset `page` reaches (deeper pages follow the `next` cursor).
pub const MAX_OFFSET: u64 = 1_000;

/// How many problems a list selects, and whether that is a count or an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Total {
    pub count: u64,
    /// False when `count` is the database's estimate (rounded to three significant
    /// figures, never below what was counted).
    pub exact: bool,
}

impl Total {
    pub fn exact(count: u64) -> Total {
        Total { count, exact: true }
    }

    /// An estimate of `rows`, rounded to three significant figures, at least `floor`.
    pub fn estimated(rows: f64, floor: u64) -> Total {
        let rows = rows.max(0.0).round() as u64;
        let digits = rows.checked_ilog10().unwrap_or(0);
        let unit = 10u64.pow(digits.saturating_sub(2));
        let rounded = (rows + unit / 2) / unit * unit;
        Total {
            count: rounded.max(floor),
            exact: false,
        }
    }
}

/// Where a page of the list starts: after this problem, in the list's order. Written
/// `<id>` for newest first and `<supporters>.<id>` for most supported first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub id: i32,
    /// The problem's supporters when the list is by support.
    pub supporters: Option<i32>,
}

impl Cursor {
    /// Reads a cursor written by [`Cursor::encode`] for a list in this order.
    pub fn parse(s: &str, by_support: bool) -> Option<Cursor> {
        let positive = |t: &str| t.parse::<i32>().ok().filter(|n| *n >= 0);
        match (by_support, s.trim().split_once('.')) {
            (false, None) => Some(Cursor {
                id: positive(s.trim()).filter(|n| *n > 0)?,
                supporters: None,
            }),
            (true, Some((n, id))) => Some(Cursor {
                id: positive(id).filter(|n| *n > 0)?,
                supporters: Some(positive(n)?),
            }),
            _ => None,
        }
    }

    pub fn encode(&self) -> String {
        match self.supporters {
            Some(n) => format!("{n}.{}", self.id),
            None => self.id.to_string(),
        }
    }

    /// The problems after this one in the list's order. By support it is a row-value
    /// comparison, `(support_count, id) < (n, id)`, which both databases read as one range
    /// of the (support, id) index (an `OR` of the two conditions read the whole tail).
    pub(super) fn after(&self, by_support: bool) -> Condition {
        use sea_orm::sea_query::{Expr, ExprTrait};
        match (by_support, self.supporters) {
            (true, Some(n)) => Condition::all().add(
                Expr::tuple([
                    Expr::col((problem::Entity, problem::Column::SupportCount)),
                    Expr::col((problem::Entity, problem::Column::Id)),
                ])
                .lt(Expr::tuple([Expr::val(n), Expr::val(self.id)])),
            ),
            _ => Condition::all().add(problem::Column::Id.lt(self.id)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_in_its_own_order_only() {
        let newest = Cursor {
            id: 812,
            supporters: None,
        };
        let support = Cursor {
            id: 812,
            supporters: Some(0),
        };
        assert_eq!(newest.encode(), "812");
        assert_eq!(support.encode(), "0.812");
        assert_eq!(Cursor::parse("812", false), Some(newest));
        assert_eq!(Cursor::parse(" 0.812 ", true), Some(support));
        // A cursor of the other order, or anything else, is refused.
        for (bad, by_support) in [
            ("812", true),
            ("0.812", false),
            ("0", false),
            ("-5", false),
            ("3.-1", true),
            ("x", false),
            ("99999999999", false),
            ("", false),
        ] {
            assert_eq!(Cursor::parse(bad, by_support), None, "{bad:?}");
        }
    }

    #[test]
    fn an_estimate_keeps_three_significant_figures_and_never_goes_below_the_count() {
        assert_eq!(
            Total::estimated(1_001_234.4, 1_001),
            Total {
                count: 1_000_000,
                exact: false
            }
        );
        assert_eq!(Total::estimated(49_876.0, 1_001).count, 49_900);
        assert_eq!(Total::estimated(123.0, 1_001).count, 1_001);
        assert_eq!(Total::estimated(-3.0, 0).count, 0);
        assert!(Total::exact(7).exact);
    }
}
