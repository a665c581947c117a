//! Polling stations (issue 20): the only writer of the `polling_stations` table. The CSV
//! (`election,number,region,district,address,latitude,longitude`) is parsed whole first,
//! so that a bad row rejects the file with its line number, then written in one
//! transaction; a station already there (same election and number) is updated.

use crate::app::AppState;
use crate::domain::elections::{Regions, Scheduled};
use crate::domain::input::{ADDRESS, FieldError, location, text};
use crate::entities::polling_station;
use crate::error::{AppError, AppResult};
use crate::services::import::ImportError;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// The CSV's header, exactly.
pub const HEADER: [&str; 7] = [
    "election",
    "number",
    "region",
    "district",
    "address",
    "latitude",
    "longitude",
];

/// A district's name, in characters.
const DISTRICT_MAX: usize = 200;
/// Stations per statement of the import.
const CHUNK: usize = 500;
/// The most stations a search shows.
pub const SEARCH_LIMIT: u64 = 50;

/// One parsed row of the stations CSV.
#[derive(Clone, Debug, PartialEq)]
pub struct StationRow {
    pub line: usize,
    pub election: i32,
    pub number: i32,
    pub region: String,
    pub district: Option<String>,
    pub address: String,
    pub location: Option<(f64, f64)>,
}

/// What the search by address compares: the address and district, lower-cased (in any
/// script: SQL's `LOWER` and `LIKE` fold only ASCII on SQLite).
pub fn search_text(address: &str, district: Option<&str>) -> String {
    match district {
        Some(d) => format!("{} {}", address, d).to_lowercase(),
        None => address.to_lowercase(),
    }
}

/// Parses the whole CSV; the first bad row stops it. `elections` gives the regions of each
/// existing election, `known_region` whether a region code exists.
pub fn parse_stations(
    csv_text: &str,
    elections: &HashMap<i32, Regions>,
    known_region: impl Fn(&str) -> bool,
) -> Result<Vec<StationRow>, ImportError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let header_err = |m: String| ImportError {
        line: 1,
        field: "header".into(),
        message: m,
    };
    let headers = rdr
        .headers()
        .map_err(|e| header_err(e.to_string()))?
        .clone();
    if headers.iter().collect::<Vec<_>>() != HEADER {
        return Err(header_err(format!("must be exactly {}", HEADER.join(","))));
    }
    let mut out: Vec<StationRow> = Vec::new();
    let mut seen: HashSet<(i32, i32)> = HashSet::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let bad = |field: &str, message: String| ImportError {
            line,
            field: field.into(),
            message,
        };
        let rec = rec.map_err(|e| bad("row", e.to_string()))?;
        let f = |n: usize| rec.get(n).unwrap_or("");
        let from_field = |e: FieldError| bad(e.field, e.message.english());
        let positive = |field: &str, raw: &str| {
            raw.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                bad(
                    field,
                    format!("must be a positive whole number, not {raw:?}"),
                )
            })
        };
        let election = positive("election", f(0))?;
        let regions = elections
            .get(&election)
            .ok_or_else(|| bad("election", format!("{election} is not an election's id")))?;
        let number = positive("number", f(1))?;
        if !seen.insert((election, number)) {
            return Err(bad(
                "number",
                format!("{number} appears twice for election {election}"),
            ));
        }
        let region = f(2).to_string();
        if !known_region(&region) {
            return Err(bad("region", format!("has an unknown code {region:?}")));
        }
        if !regions.covers(&region) {
            return Err(bad(
                "region",
                format!("{region} is not a region of election {election}"),
            ));
        }
        let district = text("district", Some(f(3)), 1, DISTRICT_MAX, false).map_err(from_field)?;
        let address = ADDRESS
            .parse("address", Some(f(4)), true)
            .map_err(from_field)?
            .unwrap_or_default();
        let coordinate = |field: &'static str, raw: &str| {
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<f64>().map(Some).map_err(|_| {
                bad(
                    field,
                    format!("must be a number such as 51.1694, not {raw:?}"),
                )
            })
        };
        let location = location(
            coordinate("latitude", f(5))?,
            coordinate("longitude", f(6))?,
        )
        .map_err(from_field)?;
        out.push(StationRow {
            line,
            election,
            number,
            region,
            district,
            address,
            location,
        });
    }
    Ok(out)
}

/// What an import changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StationReport {
    pub created: usize,
    pub updated: usize,
}

/// Imports polling stations from CSV in one transaction: all rows or none.
#[tracing::instrument(skip_all)]
pub async fn import(st: &AppState, csv_text: &str) -> AppResult<StationReport> {
    let elections: HashMap<i32, Regions> = crate::services::elections::all(&st.db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.regions()))
        .collect();
    let reference = st.reference();
    let rows = parse_stations(csv_text, &elections, |r| reference.has_region(r)).map_err(|e| {
        AppError::BadRequest {
            code: "invalid_csv",
            message: e.to_string().into(),
            field: Some("file"),
        }
    })?;
    let now = st.clock.now();
    let txn = st.db.begin().await?;
    let mut report = StationReport::default();
    for chunk in rows.chunks(CHUNK) {
        let mut existing = Condition::any();
        for r in chunk {
            existing = existing.add(
                Condition::all()
                    .add(polling_station::Column::ElectionId.eq(r.election))
                    .add(polling_station::Column::Number.eq(r.number)),
            );
        }
        let there = polling_station::Entity::find()
            .select_only()
            .column(polling_station::Column::Id)
            .filter(existing)
            .into_tuple::<i32>()
            .all(&txn)
            .await?
            .len();
        report.updated += there;
        report.created += chunk.len() - there;
        let models = chunk.iter().map(|r| polling_station::ActiveModel {
            election_id: Set(r.election),
            number: Set(r.number),
            region: Set(r.region.clone()),
            district: Set(r.district.clone()),
            address: Set(r.address.clone()),
            search_text: Set(search_text(&r.address, r.district.as_deref())),
            latitude: Set(r.location.map(|l| l.0)),
            longitude: Set(r.location.map(|l| l.1)),
            updated_at: Set(now),
            ..Default::default()
        });
        use polling_station::Column as C;
        polling_station::Entity::insert_many(models)
            .on_conflict(
                OnConflict::columns([C::ElectionId, C::Number])
                    .update_columns([
                        C::Region,
                        C::District,
                        C::Address,
                        C::SearchText,
                        C::Latitude,
                        C::Longitude,
                        C::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    tracing::info!(
        created = report.created,
        updated = report.updated,
        "polling stations imported"
    );
    Ok(report)
}

/// Station `number` of election `election`.
pub async fn find(
    db: &impl ConnectionTrait,
    election: i32,
    number: i32,
) -> Result<Option<polling_station::Model>, sea_orm::DbErr> {
    polling_station::Entity::find()
        .filter(polling_station::Column::ElectionId.eq(election))
        .filter(polling_station::Column::Number.eq(number))
        .one(db)
        .await
}

/// An election's stations matching `q`, in number order, at most [`SEARCH_LIMIT`]: a
/// number finds that station; words find the stations whose address or district holds
/// them all (in any case); no words, the first stations.
pub async fn search(
    db: &impl ConnectionTrait,
    election: i32,
    q: &str,
) -> Result<Vec<polling_station::Model>, sea_orm::DbErr> {
    let q = q.trim();
    let mut find = polling_station::Entity::find()
        .filter(polling_station::Column::ElectionId.eq(election))
        .order_by_asc(polling_station::Column::Number)
        .limit(SEARCH_LIMIT);
    if let Some(n) = q
        .trim_start_matches('№')
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|_| !q.is_empty())
    {
        find = find.filter(polling_station::Column::Number.eq(n));
    } else {
        for word in q.to_lowercase().split_whitespace().take(5) {
            // `LIKE` wildcards in the words are matched as themselves.
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            find = find.filter(
                <sea_orm::sea_query::Expr as sea_orm::sea_query::ExprTrait>::like(
                    sea_orm::sea_query::Expr::col(polling_station::Column::SearchText),
                    sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\'),
                ),
            );
        }
    }
    find.all(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elections() -> HashMap<i32, Regions> {
        HashMap::from([(1, Regions::All), (2, Regions::Only(vec!["KZ-71".into()]))])
    }

    fn parse(text: &str) -> Result<Vec<StationRow>, String> {
        parse_stations(text, &elections(), |r| r == "KZ-71" || r == "KZ-75")
            .map_err(|e| e.to_string())
    }

    const HEAD: &str = "election,number,region,district,address,latitude,longitude\n";

    #[test]
    fn good_rows_parse() {
        let rows = parse(&format!(
            "{HEAD}1,101,KZ-75,Бостандық ауданы,\"Абай даңғылы, 10\",43.2389,76.8897\n\
             1,102,KZ-75,,Сәтбаев көшесі 5,,\n"
        ))
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].address, "Абай даңғылы, 10");
        assert_eq!(rows[0].location, Some((43.2389, 76.8897)));
        assert_eq!(rows[1].district, None);
        assert_eq!(rows[1].location, None);
    }

    #[test]
    fn the_first_bad_row_is_named_by_its_line() {
        let ok = "1,1,KZ-75,,Абай 10,,\n";
        for (row, expected) in [
            (
                "9,2,KZ-75,,Абай 10,,",
                "line 3: election 9 is not an election's id",
            ),
            (
                "1,x,KZ-75,,Абай 10,,",
                "line 3: number must be a positive whole number, not \"x\"",
            ),
            (
                "1,1,KZ-75,,Абай 12,,",
                "line 3: number 1 appears twice for election 1",
            ),
            (
                "1,2,KZ-99x,,Абай 10,,",
                "line 3: region has an unknown code \"KZ-99x\"",
            ),
            (
                "2,2,KZ-75,,Абай 10,,",
                "line 3: region KZ-75 is not a region of election 2",
            ),
            ("1,2,KZ-75,,,,", "line 3: address is required"),
            (
                "1,2,KZ-75,,Абай 10,43.2,",
                "line 3: longitude is required when latitude is given",
            ),
            (
                "1,2,KZ-75,,Абай 10,13.2,76.0",
                "line 3: latitude must be between 40.5 and 55.5 (inside Kazakhstan)",
            ),
        ] {
            assert_eq!(
                parse(&format!("{HEAD}{ok}{row}\n")),
                Err(expected.to_string()),
                "{row}"
            );
        }
        assert_eq!(
            parse("election,number,region\n1,2,KZ-75\n"),
            Err("line 1: header must be exactly election,number,region,district,address,latitude,longitude".into())
        );
    }

    #[test]
    fn the_search_text_is_lower_case_in_any_script() {
        assert_eq!(
            search_text("Абай Даңғылы 10", Some("Бостандық")),
            "абай даңғылы 10 бостандық"
        );
    }
}
