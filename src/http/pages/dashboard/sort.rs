//! The orders a dashboard table can be sorted in (`?sort=`), worst first.

use crate::domain::stats::Summary;
use crate::error::{AppError, AppResult};
use crate::http::query::View;
use serde_json::{Value, json};
use std::collections::HashMap;

/// What a table is sorted by: the name (A–Z) or one of the figures, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Received,
    Open,
    Overdue,
    Resolved,
    Acknowledge,
    Resolve,
    Confirmed,
    Reopened,
    OnTime,
    OverdueShare,
}

/// Each order's name in `?sort=`, in the order the error message lists them.
const SORTS: [(&str, SortKey); 11] = [
    ("name", SortKey::Name),
    ("received", SortKey::Received),
    ("open", SortKey::Open),
    ("overdue", SortKey::Overdue),
    ("resolved", SortKey::Resolved),
    ("acknowledge", SortKey::Acknowledge),
    ("resolve", SortKey::Resolve),
    ("confirmed", SortKey::Confirmed),
    ("reopened", SortKey::Reopened),
    ("on_time", SortKey::OnTime),
    ("overdue_share", SortKey::OverdueShare),
];

impl SortKey {
    /// The order asked for in `?sort=`, or `default`.
    pub fn from_query(q: &HashMap<String, String>, default: SortKey) -> AppResult<SortKey> {
        match q.get("sort").map(|s| s.trim()) {
            None | Some("") => Ok(default),
            Some(v) => SORTS
                .iter()
                .find(|(name, _)| *name == v)
                .map(|(_, key)| *key)
                .ok_or_else(|| {
                    let names: Vec<&str> = SORTS.iter().map(|(name, _)| *name).collect();
                    AppError::field(
                        "sort",
                        "invalid_choice",
                        crate::i18n::Text::key("error.field.one_of")
                            .arg("choices", names.join(", ")),
                    )
                }),
        }
    }

    /// Its name in `?sort=`.
    pub fn name(self) -> &'static str {
        SORTS
            .iter()
            .find(|(_, key)| *key == self)
            .map_or("", |(name, _)| name)
    }

    /// The figure sorted on, larger first (negated where larger is better).
    fn metric(self, s: &Summary) -> Option<f64> {
        match self {
            SortKey::Name => None,
            SortKey::Received => Some(s.counts.received as f64),
            SortKey::Open => Some(s.open as f64),
            SortKey::Overdue => Some(s.overdue as f64),
            SortKey::Resolved => Some(-(s.counts.resolved as f64)),
            SortKey::Acknowledge => s.acknowledge.median_days,
            SortKey::Resolve => s.resolve.median_days,
            SortKey::Confirmed => s.confirmed_share.map(|x| -x),
            SortKey::Reopened => s.reopened_share,
            SortKey::OnTime => s.on_time.rate.map(|x| -x),
            SortKey::OverdueShare => overdue_share(s),
        }
    }
}

/// The share of open problems that are overdue, when there are open problems.
pub(super) fn overdue_share(s: &Summary) -> Option<f64> {
    (s.open > 0).then(|| s.overdue as f64 / s.open as f64)
}

/// The Kazakh Cyrillic alphabet in its order; Russian's letters are among them, in the
/// same order.
const CYRILLIC: &str = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";

/// A name's key for sorting A–Я the way readers of the three languages expect: letters
/// case-folded, Cyrillic ones in the Kazakh alphabet's order (`Ақмола` before `Атырау`,
/// `Әлия` right after the А's) rather than by code point, Latin ones before them.
fn name_key(name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            CYRILLIC
                .chars()
                .position(|l| l == c)
                .map_or(u32::from(c), |i| 0x11_0000 + i as u32)
        })
        .collect()
}

fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    name_key(a).cmp(&name_key(b)).then(a.cmp(b))
}

/// Sorts rows (name, summary): by name A–Z (in the reader's alphabet), or worst first by a
/// figure (rows without the figure last).
pub(super) fn sort_rows<T>(rows: &mut [(String, Summary, T)], key: SortKey) {
    if key == SortKey::Name {
        rows.sort_by(|a, b| by_name(&a.0, &b.0));
        return;
    }
    rows.sort_by(|a, b| match (key.metric(&a.1), key.metric(&b.1)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(by_name(&a.0, &b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => by_name(&a.0, &b.0),
    });
}

/// A link per order, keyed by its name, the current one marked.
pub(super) fn sort_links(view: &View, path: &str, current: SortKey) -> Value {
    SORTS
        .iter()
        .map(|(name, key)| {
            (
                name.to_string(),
                json!({"href": view.href(path, &[("sort", name.to_string())]),
                       "current": *key == current}),
            )
        })
        .collect::<serde_json::Map<String, Value>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_the_kazakh_and_russian_alphabets() {
        let mut rows: Vec<(String, Summary, ())> = [
            "Ұлытау облысы",
            "Әлия",
            "Атырау облысы",
            "Ақмола облысы",
            "Абай облысы",
            "Ёлка",
            "Жамбыл",
            "ерик",
            "Astana",
        ]
        .into_iter()
        .map(|n| (n.to_string(), Summary::default(), ()))
        .collect();
        sort_rows(&mut rows, SortKey::Name);
        let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "Astana",
                "Абай облысы",
                "Ақмола облысы",
                "Атырау облысы",
                "Әлия",
                "ерик",
                "Ёлка",
                "Жамбыл",
                "Ұлытау облысы",
            ]
        );
    }

    #[test]
    fn every_sort_key_has_its_own_name() {
        for (name, key) in SORTS {
            assert_eq!(key.name(), name);
        }
    }
}
