//! The query parameters of the OpenAPI document, from the names and limits the parsers in
//! `http::query` read.

use super::schema::{id_builder, string};
use crate::domain::state::{Status, Verdict};
use crate::domain::stats::STANDARD_PERIODS;
use crate::http::query::ListParam;
use crate::services::queries::DateField;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Required, Schema};

/// A comma-separated list of `names`: blanks around items and empty items are ignored.
pub(super) fn comma_list<'a>(names: impl IntoIterator<Item = &'a str>) -> Object {
    let one = names
        .into_iter()
        .map(|n| {
            n.chars().fold(String::new(), |mut out, c| {
                if r"\^$.|?*+()[]{}".contains(c) {
                    out.push('\\');
                }
                out.push(c);
                out
            })
        })
        .collect::<Vec<_>>()
        .join("|");
    string()
        .pattern(Some(format!(r"^\s*({one})?\s*(,\s*({one})?\s*)*$")))
        .build()
}

/// A local date as `query::local_date` takes it: a day of the calendar, `YYYY-MM-DD`, in
/// the years 2000 to 2100 (29 February in leap years only; 2100 is not one).
fn date() -> Object {
    let year = "(20[0-9]{2}|2100)";
    let day = format!(
        "{year}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])\
         |{year}-(0[469]|11)-(0[1-9]|[12][0-9]|30)\
         |{year}-02-(0[1-9]|1[0-9]|2[0-8])\
         |20([02468][048]|[13579][26])-02-29"
    );
    string()
        .pattern(Some(format!(r"^\s*({day})\s*$")))
        .examples(["2026-11-25"])
        .build()
}

fn query(name: &str, schema: impl Into<RefOr<Schema>>, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .schema(Some(schema))
        .description(Some(description))
        .build()
}

fn integer(min: u64, max: u64) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
        .build()
}

/// The representative filter (`query::representative`).
fn representative() -> Parameter {
    query(
        ListParam::Representative.name(),
        id_builder().build(),
        "A representative's id",
    )
}

/// The dates the list can be narrowed by, as each `<name>_from`/`<name>_to` reads them.
fn date_meaning(field: DateField) -> &'static str {
    match field {
        DateField::Received => "confirmed by the citizen",
        DateField::Acknowledged => "acknowledged",
        DateField::Resolved => "last resolved (cleared when reopened)",
        DateField::Closed => "closed",
        DateField::Due => "due to be resolved (the resolve-by deadline)",
    }
}

/// The query of `GET /api/v1/problems`, from the names `query::list` reads.
pub struct ListQuery;

impl utoipa::IntoParams for ListQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let public = Status::ALL.iter().filter(|s| s.is_public());
        let mut params = vec![
            query(
                ListParam::Region.name(),
                string().examples(["KZ-71"]).build(),
                "ISO 3166-2 region codes (`GET /api/v1/regions`), comma-separated",
            ),
            query(
                ListParam::Category.name(),
                string().examples(["roads"]).build(),
                "Category codes (`GET /api/v1/categories`), comma-separated",
            ),
            query(
                ListParam::Status.name(),
                comma_list(public.map(|s| s.as_str())),
                "Statuses, comma-separated",
            ),
            representative(),
            query(
                ListParam::Election.name(),
                id_builder().build(),
                "An election's id: only its reports (an unknown election's list is empty)",
            ),
            query(
                crate::http::query::list::SEARCH,
                string()
                    .max_length(Some(crate::domain::search::MAX_CHARS))
                    .examples(["жолдар", "яма на дороге", "potholes"])
                    .build(),
                &format!(
                    "Words of the title, description or address, in any language: each word \
                     must match the beginning of a word (common Kazakh, Russian and English \
                     endings are dropped first: «жолдар» finds «жол», «дороги» finds \
                     «дорога»); at most {} words. Results come most relevant first (with \
                     `sort=support`, most supported first), with the other filters; only the \
                     first {max} matches are served, and `total` is then {more}, meaning more \
                     than {max}. Words of one letter and a few function words are left out; a \
                     search with no other word is a 422",
                    crate::domain::search::MAX_WORDS,
                    max = crate::services::queries::search::MAX_MATCHES,
                    more = crate::services::queries::search::MAX_MATCHES + 1,
                ),
            ),
            query(
                ListParam::Sort.name(),
                string()
                    .enum_values(Some(["newest", "support"]))
                    .default(Some("newest".into()))
                    .build(),
                "newest first, or most supported first",
            ),
            query(
                ListParam::Overdue.name(),
                ObjectBuilder::new().schema_type(Type::Boolean).build(),
                "true: only overdue problems; false: only others",
            ),
            query(
                ListParam::Escalated.name(),
                ObjectBuilder::new().schema_type(Type::Boolean).build(),
                "true: only escalated problems; false: only others",
            ),
            query(
                ListParam::Verdict.name(),
                comma_list(Verdict::ALL.iter().map(|v| v.as_str())),
                "The citizen's or coordinator's verdicts, comma-separated",
            ),
        ];
        for field in DateField::ALL {
            let (from, to) = field.params();
            let meaning = date_meaning(field);
            params.push(query(
                from,
                date(),
                &format!("Only problems {meaning} on or after this local day"),
            ));
            params.push(query(
                to,
                date(),
                &format!("Only problems {meaning} on or before this local day"),
            ));
        }
        params.push(query(
            ListParam::Page.name(),
            integer(1, crate::http::query::list::MAX_PAGE),
            "The page, from 1; offset paging reaches the first 1,000 problems (deeper: \
             follow `next`)",
        ));
        params.push(query(
            ListParam::Cursor.name(),
            string().examples(["812", "4.812"]).build(),
            "Start after this problem: the `next_cursor` of the previous page (keyset paging, \
             as fast on page 5,000 as on page 1; `page` is then ignored)",
        ));
        params.push(query(
            ListParam::PerPage.name(),
            integer(1, crate::http::query::list::MAX_PER_PAGE),
            "Problems per page (default 20)",
        ));
        params
    }
}

/// The query of `GET /api/v1/stats`, from the names `query::view` reads.
pub struct StatsQuery;

impl utoipa::IntoParams for StatsQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut periods: Vec<String> = STANDARD_PERIODS.iter().map(i64::to_string).collect();
        periods.sort_by_key(|p| p.parse::<i64>().unwrap_or_default());
        periods.push("custom".into());
        vec![
            query(
                "period",
                string()
                    .enum_values(Some(periods))
                    .default(Some("30".into()))
                    .build(),
                "The last N local days, today included; or custom, with from and to",
            ),
            query(
                "from",
                date(),
                &format!(
                    "A custom period's first local day (with to; at most {} days; ignored \
                     when period is a number)",
                    crate::http::query::MAX_DAYS
                ),
            ),
            query("to", date(), "A custom period's last local day"),
            query(
                ListParam::Region.name(),
                string().examples(["KZ-71"]).build(),
                "One ISO 3166-2 region code",
            ),
            query(
                ListParam::Category.name(),
                string().examples(["roads"]).build(),
                "One category code",
            ),
            representative(),
            query(
                ListParam::Election.name(),
                id_builder().build(),
                "An election's id: only its reports are counted, and the answer's \
                 verification splits them by their verification flag (not a number: 422; \
                 no such election: 404)",
            ),
            query(
                "group_by",
                string()
                    .enum_values(Some(super::stats::GroupBy::names()))
                    .build(),
                "Break the figures down by region, category or representative",
            ),
        ]
    }
}
