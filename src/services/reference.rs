//! Reference data: Kazakhstan's regions (from the shared CSV) and the problem categories,
//! seeded when absent and cached in memory because every page needs their names.

use crate::entities::{category, region};
use anyhow::Context;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};
use serde::Serialize;

const REGIONS_CSV: &str = include_str!("../../config/kz_regions.csv");

/// A category as seeded: code, group, names (en, kk, ru), acknowledge and resolve times.
type SeedCategory = (
    &'static str,
    &'static str,
    [&'static str; 3],
    (i32, &'static str),
    (i32, &'static str),
);

/// The default categories. General ones follow the 15-working-day norm for answering
/// citizens' appeals; election ones are counted in hours, because a violation reported on
/// election day is worthless a week later.
const CATEGORIES: &[SeedCategory] = &[
    (
        "roads",
        "general",
        [
            "Roads and pavements",
            "Жолдар мен тротуарлар",
            "Дороги и тротуары",
        ],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "utilities",
        "general",
        [
            "Heating, water and electricity",
            "Жылу, су және электр",
            "Отопление, вода и электричество",
        ],
        (1, "working_days"),
        (10, "working_days"),
    ),
    (
        "housing",
        "general",
        [
            "Housing and building management",
            "Тұрғын үй және үй басқару",
            "Жильё и управление домами",
        ],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "public_transport",
        "general",
        [
            "Public transport",
            "Қоғамдық көлік",
            "Общественный транспорт",
        ],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "healthcare",
        "general",
        ["Healthcare", "Денсаулық сақтау", "Здравоохранение"],
        (1, "working_days"),
        (10, "working_days"),
    ),
    (
        "education",
        "general",
        [
            "Schools and kindergartens",
            "Мектептер мен балабақшалар",
            "Школы и детские сады",
        ],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "social_support",
        "general",
        [
            "Pensions and social benefits",
            "Зейнетақы және әлеуметтік төлемдер",
            "Пенсии и социальные выплаты",
        ],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "environment",
        "general",
        [
            "Waste, pollution and green spaces",
            "Қоқыс, ластану және жасыл аймақтар",
            "Мусор, загрязнение и зелёные зоны",
        ],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "public_safety",
        "general",
        [
            "Public safety and lighting",
            "Қоғамдық қауіпсіздік және жарықтандыру",
            "Общественная безопасность и освещение",
        ],
        (1, "working_days"),
        (10, "working_days"),
    ),
    (
        "land",
        "general",
        ["Land and property", "Жер және мүлік", "Земля и имущество"],
        (3, "working_days"),
        (30, "calendar_days"),
    ),
    (
        "corruption",
        "general",
        [
            "Abuse of office and corruption",
            "Қызметті теріс пайдалану және сыбайлас жемқорлық",
            "Злоупотребления и коррупция",
        ],
        (1, "working_days"),
        (15, "working_days"),
    ),
    (
        "other",
        "general",
        ["Other", "Басқа", "Другое"],
        (2, "working_days"),
        (15, "working_days"),
    ),
    (
        "election_violation",
        "election",
        [
            "Election violation (other)",
            "Сайлау бұзушылығы (басқа)",
            "Нарушение на выборах (другое)",
        ],
        (2, "hours"),
        (24, "hours"),
    ),
    (
        "election_vote_buying",
        "election",
        ["Vote buying", "Дауыс сатып алу", "Подкуп избирателей"],
        (2, "hours"),
        (24, "hours"),
    ),
    (
        "election_pressure",
        "election",
        [
            "Pressure on voters",
            "Сайлаушыларға қысым",
            "Давление на избирателей",
        ],
        (2, "hours"),
        (24, "hours"),
    ),
    (
        "election_admin_resources",
        "election",
        [
            "Campaign misuse of public resources",
            "Үгітте мемлекеттік ресурстарды пайдалану",
            "Использование административного ресурса",
        ],
        (4, "hours"),
        (48, "hours"),
    ),
    (
        "election_polling_station",
        "election",
        [
            "Polling station problems",
            "Сайлау учаскесіндегі мәселелер",
            "Проблемы на избирательном участке",
        ],
        (1, "hours"),
        (12, "hours"),
    ),
];

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
    pub acknowledge_within: Deadline,
    pub resolve_within: Deadline,
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
    /// The name of region `code` in `lang` (English for a language without names).
    pub fn region_name(&self, code: &str, lang: &str) -> String {
        pick(self.region_names(code), lang)
    }
    /// The name of category `code` in `lang`.
    pub fn category_name(&self, code: &str, lang: &str) -> String {
        pick(self.category_names(code), lang)
    }
}

/// The name for `lang` out of `[en, kk, ru]`.
fn pick([en, kk, ru]: [String; 3], lang: &str) -> String {
    match lang {
        "kk" => kk,
        "ru" => ru,
        _ => en,
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
    let existing: Vec<String> = category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    for (pos, (code, group, [en, kk, ru], ack, res)) in CATEGORIES.iter().enumerate() {
        if existing.iter().any(|c| c == code) {
            continue;
        }
        category::ActiveModel {
            code: Set((*code).into()),
            group_code: Set((*group).into()),
            name_en: Set((*en).into()),
            name_kk: Set((*kk).into()),
            name_ru: Set((*ru).into()),
            description_en: Set(String::new()),
            description_kk: Set(String::new()),
            description_ru: Set(String::new()),
            ack_amount: Set(ack.0),
            ack_unit: Set(ack.1.into()),
            resolve_amount: Set(res.0),
            resolve_unit: Set(res.1.into()),
            active: Set(true),
            position: Set(i32::try_from(pos).unwrap_or(i32::MAX)),
        }
        .insert(db)
        .await?;
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
            acknowledge_within: Deadline {
                amount: c.ack_amount,
                unit: c.ack_unit,
            },
            resolve_within: Deadline {
                amount: c.resolve_amount,
                unit: c.resolve_unit,
            },
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
        for (code, group, _, ack, res) in CATEGORIES {
            if *group == "election" {
                assert!(code.starts_with("election_"));
                assert_eq!((ack.1, res.1), ("hours", "hours"));
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
