//! Choosing the representative for a problem from the routing rules.
//!
//! The most specific matching rule wins: region and category, then region only, then
//! category only, then the catch-all. Among equally specific rules, the representative with
//! the fewest open problems gets it; a tie goes to the oldest rule, so routing is
//! deterministic.

use std::collections::HashMap;

/// A routing rule as the router sees it (only rules of active representatives).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: i32,
    pub representative_id: i32,
    pub region: Option<String>,
    pub category: Option<String>,
}

/// How specific a rule is; higher wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Specificity {
    CatchAll = 0,
    Category = 1,
    Region = 2,
    RegionAndCategory = 3,
}

impl Specificity {
    /// Words for the public "why it went here" line.
    pub fn describe(self) -> &'static str {
        match self {
            Specificity::CatchAll => "catch-all rule",
            Specificity::Category => "category rule",
            Specificity::Region => "region rule",
            Specificity::RegionAndCategory => "region and category rule",
        }
    }
}

impl Rule {
    /// The rule's specificity if it matches the problem.
    pub fn matches(&self, region: &str, category: &str) -> Option<Specificity> {
        let region_ok = self.region.as_deref().is_none_or(|r| r == region);
        let category_ok = self.category.as_deref().is_none_or(|c| c == category);
        if !(region_ok && category_ok) {
            return None;
        }
        Some(match (&self.region, &self.category) {
            (Some(_), Some(_)) => Specificity::RegionAndCategory,
            (Some(_), None) => Specificity::Region,
            (None, Some(_)) => Specificity::Category,
            (None, None) => Specificity::CatchAll,
        })
    }
}

/// The router's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub rule_id: i32,
    pub representative_id: i32,
    pub specificity: Specificity,
}

/// Picks a rule for (region, category); `None` sends the problem to triage.
///
/// `open` maps representative ids to their number of open problems (missing = 0).
/// `exclude` is a representative who must not get it (e.g. one being deactivated).
pub fn route(
    rules: &[Rule],
    region: &str,
    category: &str,
    open: &HashMap<i32, u64>,
    exclude: Option<i32>,
) -> Option<Decision> {
    let candidates: Vec<(Specificity, &Rule)> = rules
        .iter()
        .filter(|r| Some(r.representative_id) != exclude)
        .filter_map(|r| r.matches(region, category).map(|s| (s, r)))
        .collect();
    let best = candidates.iter().map(|(s, _)| *s).max()?;
    candidates
        .into_iter()
        .filter(|(s, _)| *s == best)
        .min_by_key(|(_, r)| (open.get(&r.representative_id).copied().unwrap_or(0), r.id))
        .map(|(s, r)| Decision {
            rule_id: r.id,
            representative_id: r.representative_id,
            specificity: s,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i32, rep: i32, region: Option<&str>, category: Option<&str>) -> Rule {
        Rule {
            id,
            representative_id: rep,
            region: region.map(Into::into),
            category: category.map(Into::into),
        }
    }

    fn rules() -> Vec<Rule> {
        vec![
            rule(1, 100, None, None),
            rule(2, 200, None, Some("roads")),
            rule(3, 300, Some("KZ-71"), None),
            rule(4, 400, Some("KZ-71"), Some("roads")),
        ]
    }

    #[test]
    fn most_specific_rule_wins() {
        let none = HashMap::new();
        let pick = |reg, cat| route(&rules(), reg, cat, &none, None).unwrap().rule_id;
        assert_eq!(pick("KZ-71", "roads"), 4);
        assert_eq!(pick("KZ-71", "water"), 3);
        assert_eq!(pick("KZ-75", "roads"), 2);
        assert_eq!(pick("KZ-75", "water"), 1);
    }

    #[test]
    fn no_matching_rule_goes_to_triage() {
        let only = vec![rule(3, 300, Some("KZ-71"), None)];
        assert_eq!(route(&only, "KZ-75", "roads", &HashMap::new(), None), None);
        assert_eq!(route(&[], "KZ-75", "roads", &HashMap::new(), None), None);
    }

    #[test]
    fn equal_rules_go_to_the_least_loaded_representative() {
        let rs = vec![
            rule(1, 10, Some("KZ-71"), None),
            rule(2, 20, Some("KZ-71"), None),
            rule(3, 30, Some("KZ-71"), None),
        ];
        let open = HashMap::from([(10, 5), (20, 2), (30, 2)]);
        let d = route(&rs, "KZ-71", "roads", &open, None).unwrap();
        assert_eq!((d.representative_id, d.rule_id), (20, 2));
        let open = HashMap::from([(10, 5), (20, 3)]);
        assert_eq!(
            route(&rs, "KZ-71", "roads", &open, None)
                .unwrap()
                .representative_id,
            30
        );
    }

    #[test]
    fn load_does_not_beat_specificity() {
        let rs = vec![
            rule(1, 10, Some("KZ-71"), Some("roads")),
            rule(2, 20, Some("KZ-71"), None),
        ];
        let open = HashMap::from([(10, 1000)]);
        let d = route(&rs, "KZ-71", "roads", &open, None).unwrap();
        assert_eq!(d.representative_id, 10);
        assert_eq!(d.specificity, Specificity::RegionAndCategory);
    }

    #[test]
    fn excluded_representative_falls_back_to_the_next_rule() {
        let rs = vec![rule(1, 10, Some("KZ-71"), None), rule(2, 20, None, None)];
        let d = route(&rs, "KZ-71", "roads", &HashMap::new(), Some(10)).unwrap();
        assert_eq!(d.representative_id, 20);
    }
}
