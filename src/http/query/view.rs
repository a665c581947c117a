//! What a dashboard (and `GET /api/v1/stats`) shows: a period and filters, read from the
//! URL, and the links that keep them.

use super::{ListParam, local_date};
use crate::app::AppState;
use crate::domain::stats::{self, Period, Scope};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::services::queries::DateField;
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// The longest custom period, in days.
pub const MAX_DAYS: i64 = 731;

/// What a dashboard shows: a period and filters, read from the URL.
#[derive(Clone, Debug)]
pub struct View {
    /// The period the figures count.
    pub period: Period,
    /// The period of the same length just before, for comparison.
    pub previous: Period,
    /// A standard period's length; `None` for a custom range.
    pub days: Option<i64>,
    /// First local day of the period.
    pub from: NaiveDate,
    /// Last local day of the period (included).
    pub to: NaiveDate,
    /// One region's code.
    pub region: Option<String>,
    /// One category's code.
    pub category: Option<String>,
    /// One representative's id.
    pub representative: Option<i32>,
}

/// Reads the view from the query: `period` (7, 30, 90 or 365 days, default 30) or
/// `from`/`to` (local dates, both included), `region`, `category`, `representative`.
pub fn parse_view(st: &AppState, q: &HashMap<String, String>) -> AppResult<View> {
    let reference = st.reference();
    let today = st.clock.now().with_timezone(&st.tz).date_naive();
    let period = q.get("period").map(|s| s.trim()).filter(|s| !s.is_empty());
    let (from, to) = if period.is_none() || period == Some("custom") {
        (local_date(q, "from")?, local_date(q, "to")?)
    } else {
        (None, None)
    };
    if period == Some("custom") && from.is_none() {
        return Err(AppError::field(
            "from",
            "required",
            "error.field.required_for_custom_period",
        ));
    }
    let (from, to, days) = match (from, to) {
        (None, None) => {
            let days = match period {
                None => 30,
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|d| stats::STANDARD_PERIODS.contains(d))
                    .ok_or_else(|| {
                        AppError::field("period", "invalid_choice", "error.field.period")
                    })?,
            };
            (today - Duration::days(days - 1), today, Some(days))
        }
        (Some(from), Some(to)) => {
            if to < from {
                return Err(AppError::field(
                    "to",
                    "out_of_range",
                    "error.field.to_before_from",
                ));
            }
            if (to - from).num_days() >= MAX_DAYS {
                return Err(AppError::field(
                    "to",
                    "out_of_range",
                    Text::key("error.field.period_too_long").arg("max", MAX_DAYS),
                ));
            }
            (from, to, None)
        }
        (None, Some(_)) => {
            return Err(AppError::field(
                "from",
                "required",
                "error.field.required_with_to",
            ));
        }
        (Some(_), None) => {
            return Err(AppError::field(
                "to",
                "required",
                "error.field.required_with_from",
            ));
        }
    };
    let one = |param: ListParam, known: &dyn Fn(&str) -> bool| -> AppResult<Option<String>> {
        let name = param.name();
        match q.get(name).map(|s| s.trim()) {
            None | Some("") => Ok(None),
            Some(v) if known(v) => Ok(Some(v.to_string())),
            Some(v) => Err(AppError::field(
                name,
                "unknown_code",
                Text::key("error.field.unknown_value").arg("value", format!("{v:?}")),
            )),
        }
    };
    let region = one(ListParam::Region, &|r| reference.has_region(r))?;
    let category = one(ListParam::Category, &|c| reference.has_category(c))?;
    let representative = super::representative(q)?;
    let period = stats::local_days(from, to, st.tz);
    Ok(View {
        previous: stats::before(period),
        period,
        days,
        from,
        to,
        region,
        category,
        representative,
    })
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl View {
    /// What the figures count.
    pub fn scope(&self) -> Scope {
        Scope {
            regions: self.region.clone().map(|r| [r].into()),
            categories: self.category.clone().map(|c| [c].into()),
            representative: self.representative,
            election: None,
        }
    }

    fn period_params(&self) -> Vec<(&'static str, String)> {
        match self.days {
            Some(d) => vec![("period", d.to_string())],
            None => vec![
                ("period", "custom".to_string()),
                ("from", self.from.to_string()),
                ("to", self.to.to_string()),
            ],
        }
    }

    fn filter_params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(r) = &self.region {
            p.push((ListParam::Region.name(), r.clone()));
        }
        if let Some(c) = &self.category {
            p.push((ListParam::Category.name(), c.clone()));
        }
        if let Some(r) = self.representative {
            p.push((ListParam::Representative.name(), r.to_string()));
        }
        p
    }

    /// The URL of dashboard `path` with this view, `set` replacing or adding filters
    /// (an empty value removes one).
    pub fn href(&self, path: &str, set: &[(&'static str, String)]) -> String {
        let mut params = self.period_params();
        params.extend(self.filter_params());
        for (k, v) in set {
            params.retain(|(p, _)| p != k);
            if !v.is_empty() {
                params.push((k, v.clone()));
            }
        }
        if set.iter().any(|(k, _)| *k == "period") {
            params.retain(|(p, _)| *p != "from" && *p != "to");
        }
        let q = query(&params);
        if q.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{q}")
        }
    }

    /// The public list of the problems in this view's filters (`row` narrowing them) with
    /// `extra` conditions.
    pub fn list(&self, row: &[(&'static str, String)], extra: &[(&'static str, String)]) -> String {
        let mut params = self.filter_params();
        for (k, v) in row {
            params.retain(|(p, _)| p != k);
            params.push((k, v.clone()));
        }
        params.extend(extra.iter().cloned());
        format!("/problems?{}", query(&params))
    }

    /// The list's conditions for `field` falling in this view's period.
    pub fn dates(&self, field: DateField) -> Vec<(&'static str, String)> {
        let (from, to) = field.params();
        vec![(from, self.from.to_string()), (to, self.to.to_string())]
    }
}
