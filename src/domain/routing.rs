//! Choosing the representative for a problem from the routing rules.
//!
//! The most specific matching rule wins: district (of a polling station) and category, then
//! district only, then region and category, region only, category only, and the catch-all.
//! A district rule matches only an election report whose polling station lies in that
//! district (compared without regard to case and surrounding spaces). Among equally specific rules, the representative with
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
    /// A district of `region`; `None`: any district.
    pub district: Option<String>,
}

/// How specific a rule is; higher wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Specificity {
    CatchAll = 0,
    Category = 1,
    Region = 2,
    RegionAndCategory = 3,
    District = 4,
    DistrictAndCategory = 5,
}

impl Specificity {
    /// Words for the public "why it went here" line.
    pub fn describe(self) -> &'static str {
        match self {
            Specificity::CatchAll => "catch-all rule",
            Specificity::Category => "category rule",
            Specificity::Region => "region rule",
            Specificity::RegionAndCategory => "region and category rule",
            Specificity::District => "district rule",
            Specificity::DistrictAndCategory => "district and category rule",
        }
    }
}

impl Rule {
    /// The rule's specificity if it matches the problem (`district`: its polling
    /// station's, if any).
    pub fn matches(
        &self,
        region: &str,
        district: Option<&str>,
        category: &str,
    ) -> Option<Specificity> {
        let region_ok = self.region.as_deref().is_none_or(|r| r == region);
        let category_ok = self.category.as_deref().is_none_or(|c| c == category);
        let district_ok = self
            .district
            .as_deref()
            .is_none_or(|d| district.is_some_and(|p| same_district(d, p)));
        if !(region_ok && category_ok && district_ok) {
            return None;
        }
        Some(match (&self.district, &self.region, &self.category) {
            (Some(_), _, Some(_)) => Specificity::DistrictAndCategory,
            (Some(_), _, None) => Specificity::District,
            (None, Some(_), Some(_)) => Specificity::RegionAndCategory,
            (None, Some(_), None) => Specificity::Region,
            (None, None, Some(_)) => Specificity::Category,
            (None, None, None) => Specificity::CatchAll,
        })
    }
}

/// Whether two spellings name the same district: the stations' CSV and a coordinator may
/// differ in case and surrounding spaces (Cyrillic included).
pub fn same_district(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A district as a rule stores it: trimmed, inner runs of spaces made one; `None` when
/// blank.
pub fn district(raw: Option<&str>) -> Option<String> {
    let words: Vec<&str> = raw?.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The router's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub rule_id: i32,
    pub representative_id: i32,
    pub specificity: Specificity,
}

/// Picks a rule for (region, district, category); `None` sends the problem to triage.
///
/// `open` maps representative ids to their number of open problems (missing = 0).
/// `exclude` is a representative who must not get it (e.g. one being deactivated).
pub fn route(
    rules: &[Rule],
    region: &str,
    district: Option<&str>,
    category: &str,
    open: &HashMap<i32, u64>,
    exclude: Option<i32>,
) -> Option<Decision> {
    let candidates: Vec<(Specificity, &Rule)> = rules
        .iter()
        .filter(|r| Some(r.representative_id) != exclude)
        .filter_map(|r| r.matches(region, district, category).map(|s| (s, r)))
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
            district: None,
        }
    }

    fn in_district(id: i32, rep: i32, district: &str, category: Option<&str>) -> Rule {
        Rule {
            district: Some(district.into()),
            ..rule(id, rep, Some("KZ-75"), category)
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
        let pick = |reg, cat| {
            route(&rules(), reg, None, cat, &none, None)
                .unwrap()
                .rule_id
        };
        assert_eq!(pick("KZ-71", "roads"), 4);
        assert_eq!(pick("KZ-71", "water"), 3);
        assert_eq!(pick("KZ-75", "roads"), 2);
        assert_eq!(pick("KZ-75", "water"), 1);
    }

    #[test]
    fn no_matching_rule_goes_to_triage() {
        let only = vec![rule(3, 300, Some("KZ-71"), None)];
        assert_eq!(
            route(&only, "KZ-75", None, "roads", &HashMap::new(), None),
            None
        );
        assert_eq!(
            route(&[], "KZ-75", None, "roads", &HashMap::new(), None),
            None
        );
    }

    #[test]
    fn equal_rules_go_to_the_least_loaded_representative() {
        let rs = vec![
            rule(1, 10, Some("KZ-71"), None),
            rule(2, 20, Some("KZ-71"), None),
            rule(3, 30, Some("KZ-71"), None),
        ];
        let open = HashMap::from([(10, 5), (20, 2), (30, 2)]);
        let d = route(&rs, "KZ-71", None, "roads", &open, None).unwrap();
        assert_eq!((d.representative_id, d.rule_id), (20, 2));
        let open = HashMap::from([(10, 5), (20, 3)]);
        assert_eq!(
            route(&rs, "KZ-71", None, "roads", &open, None)
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
        let d = route(&rs, "KZ-71", None, "roads", &open, None).unwrap();
        assert_eq!(d.representative_id, 10);
        assert_eq!(d.specificity, Specificity::RegionAndCategory);
    }

    #[test]
    fn excluded_representative_falls_back_to_the_next_rule() {
        let rs = vec![rule(1, 10, Some("KZ-71"), None), rule(2, 20, None, None)];
        let d = route(&rs, "KZ-71", None, "roads", &HashMap::new(), Some(10)).unwrap();
        assert_eq!(d.representative_id, 20);
    }

    #[test]
    fn a_stations_district_beats_the_region() {
        let rs = vec![
            rule(1, 10, Some("KZ-75"), Some("election_vote_buying")),
            in_district(2, 20, "Алмалинский район", None),
            in_district(3, 30, "Медеуский район", Some("election_vote_buying")),
        ];
        let none = HashMap::new();
        let pick = |district: Option<&str>, cat: &str| {
            route(&rs, "KZ-75", district, cat, &none, None).unwrap()
        };
        let d = pick(Some("  алмалинский РАЙОН "), "election_vote_buying");
        assert_eq!((d.rule_id, d.specificity), (2, Specificity::District));
        let d = pick(Some("Медеуский район"), "election_vote_buying");
        assert_eq!(
            (d.rule_id, d.specificity),
            (3, Specificity::DistrictAndCategory)
        );
        // Another category in Medeu: neither the district-and-category rule nor the
        // region's (vote buying only) matches.
        let other = route(
            &rs,
            "KZ-75",
            Some("Медеуский район"),
            "election_other",
            &none,
            None,
        );
        assert_eq!(other, None);
        // No station, or a station elsewhere: the region's rule.
        assert_eq!(pick(None, "election_vote_buying").rule_id, 1);
        assert_eq!(
            pick(Some("Бостандыкский район"), "election_vote_buying").rule_id,
            1
        );
    }

    #[test]
    fn a_district_rule_needs_its_district() {
        let rs = vec![in_district(2, 20, "Алмалинский район", None)];
        let none = HashMap::new();
        assert_eq!(route(&rs, "KZ-75", None, "roads", &none, None), None);
        assert_eq!(
            route(
                &rs,
                "KZ-71",
                Some("Алмалинский район"),
                "roads",
                &none,
                None
            ),
            None
        );
    }

    #[test]
    fn districts_are_stored_trimmed_with_single_spaces() {
        assert_eq!(
            district(Some("  Алмалинский   район ")).as_deref(),
            Some("Алмалинский район")
        );
        assert_eq!(district(Some("   ")), None);
        assert_eq!(district(None), None);
    }
}
