//! Reference data: Kazakhstan's regions (from the shared CSV) and the problem categories,
//! seeded when absent and cached in memory because every page needs their names.

use crate::entities::{category, region};
use crate::i18n::in_language;
use anyhow::Context;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};
use serde::Serialize;

const REGIONS_CSV: &str = include_str!("../../config/kz_regions.csv");

/// The default categories: code, group, names and descriptions (en, kk, ru), acknowledge
/// and resolve times (`2 working_days`). General ones follow the 15-working-day norm for
/// answering citizens' appeals; election ones are counted in hours, because a violation
/// reported on election day is worthless a week later.
const CATEGORIES_CSV: &str = include_str!("../../config/categories.csv");

/// Parses a deadline such as `2 working_days` or `24 hours`.
fn parse_deadline(s: &str) -> Option<(i32, String)> {
    let (amount, unit) = s.trim().split_once(' ')?;
    let amount = amount
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=1000).contains(n))?;
    let unit = crate::domain::deadlines::Unit::parse(unit.trim())?;
    Some((amount, unit.as_str().to_string()))
}

/// Parses voting-day minutes: blank for none, else a whole number of minutes.
fn parse_minutes(s: &str) -> Option<Option<i32>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(None);
    }
    let max = i32::try_from(crate::domain::voting_day::MAX_MINUTES).unwrap_or(i32::MAX);
    s.parse::<i32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .map(Some)
}

/// Parses the categories CSV (`code,group,name_en,name_kk,name_ru,description_en,
/// description_kk,description_ru,acknowledge,resolve`, optionally followed by
/// `voting_day_acknowledge_minutes,voting_day_resolve_minutes`, blank for none: files
/// without them still read) into active categories in file order.
pub fn parse_categories(text: &str) -> anyhow::Result<Vec<category::Model>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.with_context(|| format!("categories CSV line {line}"))?;
        anyhow::ensure!(
            rec.len() == 10 || rec.len() == 12,
            "categories CSV line {line}: 10 or 12 columns expected"
        );
        let get = |n: usize| rec.get(n).unwrap_or("").trim().to_string();
        let deadline = |n: usize, what: &str| {
            parse_deadline(&get(n)).with_context(|| {
                format!("categories CSV line {line}: {what} must be like `2 working_days`")
            })
        };
        let (ack_amount, ack_unit) = deadline(8, "acknowledge")?;
        let (resolve_amount, resolve_unit) = deadline(9, "resolve")?;
        let minutes = |n: usize, what: &str| {
            parse_minutes(&get(n)).with_context(|| {
                format!(
                    "categories CSV line {line}: {what} must be blank or minutes from 1 to {}",
                    crate::domain::voting_day::MAX_MINUTES
                )
            })
        };
        let voting_day_ack_minutes = minutes(10, "voting_day_acknowledge_minutes")?;
        let voting_day_resolve_minutes = minutes(11, "voting_day_resolve_minutes")?;
        anyhow::ensure!(
            ["general", "election"].contains(&get(1).as_str()),
            "categories CSV line {line}: group must be general or election"
        );
        out.push(category::Model {
            code: get(0),
            group_code: get(1),
            name_en: get(2),
            name_kk: get(3),
            name_ru: get(4),
            description_en: get(5),
            description_kk: get(6),
            description_ru: get(7),
            ack_amount,
            ack_unit,
            resolve_amount,
            resolve_unit,
            voting_day_ack_minutes,
            voting_day_resolve_minutes,
            active: true,
            position: i32::try_from(i).unwrap_or(i32::MAX),
        });
    }
    anyhow::ensure!(!out.is_empty(), "the categories CSV has no rows");
    Ok(out)
}

/// Regions and categories, in display order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Reference {
    pub regions: Vec<RegionRef>,
    pub categories: Vec<CategoryRef>,
    /// Public holidays and transferred days, for working-day deadlines.
    #[serde(skip)]
    pub calendar: crate::domain::deadlines::Calendar,
}

/// A region as pages and the API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RegionRef {
    /// ISO 3166-2 code, e.g. `KZ-71`.
    pub code: String,
    /// `region` or `city`.
    pub kind: String,
    pub name_en: String,
    pub name_kk: String,
    pub name_ru: String,
}

/// A category as pages and the API show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CategoryRef {
    pub code: String,
    /// `general` or `election`.
    pub group: String,
    pub name_en: String,
    pub name_kk: String,
    pub name_ru: String,
    /// What belongs in the category, in English (empty: none written).
    pub description_en: String,
    /// What belongs in the category, in Kazakh.
    pub description_kk: String,
    /// What belongs in the category, in Russian.
    pub description_ru: String,
    pub acknowledge_within: Deadline,
    pub resolve_within: Deadline,
    /// Election categories: minutes to acknowledge a problem assigned while its
    /// election's polls are open (null: `acknowledge_within` that day too).
    pub voting_day_acknowledge_minutes: Option<i32>,
    /// The same for resolving it.
    pub voting_day_resolve_minutes: Option<i32>,
}

/// A deadline length.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Deadline {
    pub amount: i32,
    /// `hours`, `calendar_days` or `working_days`.
    pub unit: String,
}

impl Reference {
    /// Whether `code` is a region.
    pub fn has_region(&self, code: &str) -> bool {
        self.regions.iter().any(|r| r.code == code)
    }
    /// Whether `code` is an active category.
    pub fn has_category(&self, code: &str) -> bool {
        self.categories.iter().any(|c| c.code == code)
    }
    /// The category `code`.
    pub fn category(&self, code: &str) -> Option<&CategoryRef> {
        self.categories.iter().find(|c| c.code == code)
    }
    /// The names of region `code` in English, Kazakh and Russian (the code when unknown).
    pub fn region_names(&self, code: &str) -> [String; 3] {
        self.regions.iter().find(|r| r.code == code).map_or_else(
            || [code, code, code].map(String::from),
            |r| [&r.name_en, &r.name_kk, &r.name_ru].map(String::clone),
        )
    }
    /// The names of category `code` in English, Kazakh and Russian (the code when unknown).
    pub fn category_names(&self, code: &str) -> [String; 3] {
        self.category(code).map_or_else(
            || [code, code, code].map(String::from),
            |c| [&c.name_en, &c.name_kk, &c.name_ru].map(String::clone),
        )
    }
    /// The name of region `code` in `lang` (English for a language without names; the
    /// code when unknown).
    pub fn region_name(&self, code: &str, lang: &str) -> String {
        self.regions
            .iter()
            .find(|r| r.code == code)
            .map_or(code, |r| {
                in_language(lang, &r.name_en, &r.name_kk, &r.name_ru)
            })
            .to_string()
    }
    /// The name of category `code` in `lang` (the code when unknown).
    pub fn category_name(&self, code: &str, lang: &str) -> String {
        self.category(code)
            .map_or(code, |c| c.name(lang))
            .to_string()
    }
}

impl CategoryRef {
    /// The name in `lang` (English for a language without names).
    pub fn name(&self, lang: &str) -> &str {
        in_language(lang, &self.name_en, &self.name_kk, &self.name_ru)
    }
    /// What belongs in the category, in `lang`; the English text when that language's is
    /// empty (and empty when no text is written).
    pub fn description(&self, lang: &str) -> &str {
        in_language(
            lang,
            &self.description_en,
            &self.description_kk,
            &self.description_ru,
        )
    }
}

/// Parses the regions CSV (`iso_code,kind,name_en,name_kk,name_ru,...`).
pub fn parse_regions(text: &str) -> anyhow::Result<Vec<region::Model>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("regions CSV line {}", i + 2))?;
        let get = |n: usize| rec.get(n).unwrap_or("").trim().to_string();
        out.push(region::Model {
            code: get(0),
            kind: get(1),
            name_en: get(2),
            name_kk: get(3),
            name_ru: get(4),
            position: i32::try_from(i).unwrap_or(i32::MAX),
        });
    }
    anyhow::ensure!(!out.is_empty(), "the regions CSV has no rows");
    Ok(out)
}

/// Inserts the regions and default categories that are not there yet; existing rows (which
/// admins may have edited) are left alone.
pub async fn seed(db: &impl ConnectionTrait, regions_csv: &str) -> anyhow::Result<()> {
    let text = if regions_csv.is_empty() {
        REGIONS_CSV.to_string()
    } else {
        std::fs::read_to_string(regions_csv)
            .with_context(|| format!("cannot read app.regions_csv {regions_csv}"))?
    };
    let existing: Vec<String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    for r in parse_regions(&text)? {
        if !existing.contains(&r.code) {
            region::ActiveModel::from(r).insert(db).await?;
        }
    }
    let existing = category::Entity::find().all(db).await?;
    for default in parse_categories(CATEGORIES_CSV)? {
        match existing.iter().find(|c| c.code == default.code) {
            None => {
                category::ActiveModel::from(default).insert(db).await?;
            }
            // Descriptions came after the categories: an installation gets the default
            // ones, but never over a text an admin wrote.
            Some(c)
                if c.description_en.is_empty()
                    && c.description_kk.is_empty()
                    && c.description_ru.is_empty() =>
            {
                let mut am: category::ActiveModel = c.clone().into();
                am.description_en = Set(default.description_en);
                am.description_kk = Set(default.description_kk);
                am.description_ru = Set(default.description_ru);
                am.update(db).await?;
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Loads the reference data for the in-memory cache.
pub async fn load(db: &impl ConnectionTrait) -> Result<Reference, sea_orm::DbErr> {
    let regions = region::Entity::find()
        .order_by_asc(region::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|r| RegionRef {
            code: r.code,
            kind: r.kind,
            name_en: r.name_en,
            name_kk: r.name_kk,
            name_ru: r.name_ru,
        })
        .collect();
    let categories = category::Entity::find()
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| CategoryRef {
            code: c.code,
            group: c.group_code,
            name_en: c.name_en,
            name_kk: c.name_kk,
            name_ru: c.name_ru,
            description_en: c.description_en,
            description_kk: c.description_kk,
            description_ru: c.description_ru,
            acknowledge_within: Deadline {
                amount: c.ack_amount,
                unit: c.ack_unit,
            },
            resolve_within: Deadline {
                amount: c.resolve_amount,
                unit: c.resolve_unit,
            },
            voting_day_acknowledge_minutes: c.voting_day_ack_minutes,
            voting_day_resolve_minutes: c.voting_day_resolve_minutes,
        })
        .collect();
    let days = crate::entities::holiday::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|h| {
            Some(crate::domain::deadlines::CalendarDay {
                year: h.year,
                month: u32::try_from(h.month).ok()?,
                day: u32::try_from(h.day).ok()?,
                kind: crate::domain::deadlines::DayKind::parse(&h.kind)?,
            })
        });
    Ok(Reference {
        regions,
        categories,
        calendar: crate::domain::deadlines::Calendar::new(days),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_csv_has_twenty_units_with_iso_codes() {
        let rs = parse_regions(REGIONS_CSV).unwrap();
        assert_eq!(rs.len(), 20);
        assert!(rs.iter().all(|r| r.code.starts_with("KZ-")));
        assert!(
            rs.iter()
                .any(|r| r.code == "KZ-71" && r.name_kk == "Астана")
        );
    }

    #[test]
    fn election_categories_count_in_hours() {
        for c in parse_categories(CATEGORIES_CSV).unwrap() {
            if c.group_code == "election" {
                assert!(c.code.starts_with("election_"), "{}", c.code);
                assert_eq!(
                    (c.ack_unit.as_str(), c.resolve_unit.as_str()),
                    ("hours", "hours")
                );
            }
        }
    }

    #[test]
    fn every_default_category_parses_with_all_six_texts() {
        let cs = parse_categories(CATEGORIES_CSV).unwrap();
        assert_eq!(cs.len(), 17);
        let mut codes: Vec<&str> = cs.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 17, "codes are unique");
        let kazakh = |s: &str| s.chars().any(|ch| "әғқңөұүһі".contains(ch));
        for c in &cs {
            let texts = [
                &c.name_en,
                &c.name_kk,
                &c.name_ru,
                &c.description_en,
                &c.description_kk,
                &c.description_ru,
            ];
            assert!(
                texts.iter().all(|t| !t.is_empty()),
                "{}: a text is missing",
                c.code
            );
            for d in &texts[3..] {
                let n = d.chars().count();
                assert!((20..=500).contains(&n), "{}: {n} characters", c.code);
                assert!(d.ends_with('.'), "{}: one sentence: {d}", c.code);
            }
            assert!(kazakh(&c.description_kk), "{}: Kazakh letters", c.code);
            assert!(
                !c.description_ru.chars().any(|ch| ch.is_ascii_alphabetic()),
                "{}",
                c.code
            );
        }
        let roads = &cs[0];
        assert_eq!(
            (
                roads.code.as_str(),
                roads.name_kk.as_str(),
                roads.ack_amount,
                roads.ack_unit.as_str()
            ),
            ("roads", "Жолдар мен тротуарлар", 2, "working_days")
        );
        let land = cs.iter().find(|c| c.code == "land").unwrap();
        assert_eq!(
            (land.resolve_amount, land.resolve_unit.as_str()),
            (30, "calendar_days")
        );
    }

    #[test]
    fn a_bad_deadline_is_refused_with_its_line() {
        let text = "code,group,name_en,name_kk,name_ru,description_en,description_kk,description_ru,acknowledge,resolve\n\
                    x,general,X,X,X,a,b,c,2 weeks,3 hours\n";
        let e = parse_categories(text).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("acknowledge"), "{e}");
        assert_eq!(parse_deadline("24 hours"), Some((24, "hours".into())));
        assert_eq!(parse_deadline("0 hours"), None);
    }

    #[test]
    fn voting_day_minutes_are_optional_columns() {
        let head = "code,group,name_en,name_kk,name_ru,description_en,description_kk,description_ru,acknowledge,resolve";
        // A file of the old shape still reads, without minutes.
        let old = format!("{head}\nx,election,X,X,X,a,b,c,2 hours,24 hours\n");
        let c = &parse_categories(&old).unwrap()[0];
        assert_eq!(
            (c.voting_day_ack_minutes, c.voting_day_resolve_minutes),
            (None, None)
        );
        let new = format!(
            "{head},voting_day_acknowledge_minutes,voting_day_resolve_minutes\n\
             x,election,X,X,X,a,b,c,2 hours,24 hours,30,\n"
        );
        let c = &parse_categories(&new).unwrap()[0];
        assert_eq!(
            (c.voting_day_ack_minutes, c.voting_day_resolve_minutes),
            (Some(30), None)
        );
        let bad = new.replace(",30,", ",0,");
        let e = parse_categories(&bad).unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("voting_day_acknowledge_minutes"),
            "{e}"
        );
        // The defaults: every election category has minutes, no general one has.
        for c in parse_categories(CATEGORIES_CSV).unwrap() {
            let minutes = (c.voting_day_ack_minutes, c.voting_day_resolve_minutes);
            if c.code == "election_polling_station" {
                assert_eq!(minutes, (Some(15), Some(120)));
            } else if c.group_code == "election" {
                assert_eq!(minutes, (Some(30), Some(180)), "{}", c.code);
            } else {
                assert_eq!(minutes, (None, None), "{}", c.code);
            }
        }
    }
}

/// A calendar day an admin adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewHoliday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub name: String,
    pub kind: crate::domain::deadlines::DayKind,
}

/// Reads the holiday form: `date` (YYYY-MM-DD), `every_year` (on: the same date every
/// year), `name`, `kind` (`day_off` or `working_day`; a working day must be dated).
pub fn parse_holiday(
    v: &std::collections::HashMap<String, String>,
) -> Result<NewHoliday, Vec<crate::domain::input::FieldError>> {
    use crate::domain::deadlines::DayKind;
    use crate::domain::input::{FieldError, text};
    let mut errors = Vec::new();
    let date = v
        .get("date")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    if date.is_none() {
        errors.push(FieldError::new(
            "date",
            "invalid_date",
            "error.field.date_example",
        ));
    }
    let name = match text("name", v.get("name").map(String::as_str), 2, 100, true) {
        Ok(n) => n.unwrap_or_default(),
        Err(e) => {
            errors.push(e);
            String::new()
        }
    };
    let kind = DayKind::parse(v.get("kind").map_or("", String::as_str));
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "invalid_choice",
            "error.field.day_kind",
        ));
    }
    let every_year = v
        .get("every_year")
        .is_some_and(|s| s == "on" || s == "true");
    if every_year && kind == Some(DayKind::WorkingDay) {
        errors.push(FieldError::new(
            "every_year",
            "invalid_choice",
            "error.field.moved_day_one_year",
        ));
    }
    match (date, kind) {
        (Some(d), Some(kind)) if errors.is_empty() => {
            use chrono::Datelike;
            Ok(NewHoliday {
                year: (!every_year).then_some(d.year()),
                month: d.month(),
                day: d.day(),
                name,
                kind,
            })
        }
        _ => Err(errors),
    }
}

/// The calendar, in date order (every-year entries first).
pub async fn holidays(
    db: &impl ConnectionTrait,
) -> Result<Vec<crate::entities::holiday::Model>, sea_orm::DbErr> {
    use crate::entities::holiday;
    let mut rows = holiday::Entity::find().all(db).await?;
    rows.sort_by_key(|h| (h.year, h.month, h.day, h.id));
    Ok(rows)
}

/// Adds a day to the calendar.
pub async fn add_holiday(db: &impl ConnectionTrait, h: &NewHoliday) -> Result<(), sea_orm::DbErr> {
    use crate::entities::holiday;
    use sea_orm::Set;
    holiday::Entity::insert(holiday::ActiveModel {
        year: Set(h.year),
        month: Set(i32::try_from(h.month).unwrap_or(1)),
        day: Set(i32::try_from(h.day).unwrap_or(1)),
        name: Set(h.name.clone()),
        kind: Set(h.kind.as_str().into()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Removes a day; false if there was none with that id.
pub async fn delete_holiday(db: &impl ConnectionTrait, id: i32) -> Result<bool, sea_orm::DbErr> {
    use crate::entities::holiday;
    Ok(holiday::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected
        == 1)
}
