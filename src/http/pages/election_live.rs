//! The live picture of an election, `/elections/{id}` (issue 20): its phase and the
//! figures of its reports, answered from the memo of `services::election_day` (recounted
//! at most every minute, never while a visitor waits, except the very first time).

use super::charts::{self, Pair};
use super::{PageResult, render};
use crate::app::AppState;
use crate::domain::election_day::Tally;
use crate::http::extract::{CsrfToken, MaybeUser};
use crate::http::query::path_id;
use crate::i18n::{message, message_with};
use crate::locale;
use crate::services::{election_day, election_report, elections};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// A group's figures as the page's tables show them.
/// `station`: the number of the station the row links to.
fn row(name: String, station: Option<i32>, t: &Tally) -> Value {
    json!({"name": name, "station": station, "all": t.all, "verified": t.verified})
}

/// The hourly chart: all reports and verified violations per polling hour.
fn hours_svg(lang: &str, hours: &[(u32, Tally)]) -> String {
    let points: Vec<Pair> = hours
        .iter()
        .map(|(h, t)| {
            let label = format!("{h:02}:00");
            Pair {
                tip_a: message_with(
                    lang,
                    "elections.live_tip_all",
                    &[("hour", label.clone().into()), ("count", t.all.into())],
                ),
                tip_b: message_with(
                    lang,
                    "elections.live_tip_verified",
                    &[("hour", label.clone().into()), ("count", t.verified.into())],
                ),
                label,
                a: t.all,
                b: t.verified,
            }
        })
        .collect();
    charts::pairs(
        lang,
        &message(lang, "elections.live_hours"),
        (
            &message(lang, "elections.live_all"),
            &message(lang, "elections.live_verified"),
        ),
        &points,
    )
}

/// The live page of an election.
#[tracing::instrument(skip_all, fields(election_id = %id))]
pub async fn live(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    csrf: CsrfToken,
    Path(id): Path<String>,
) -> PageResult {
    let e = elections::get(&st.db, path_id(&id)?).await?;
    let lang = csrf.lang;
    let p = election_day::picture(&st, &e).await?;
    let l = &p.live;
    let reference = st.reference();
    let share = |n: u64| {
        if l.total == 0 {
            "–".to_string()
        } else {
            locale::fmt_percent(lang, n as f64 / l.total as f64)
        }
    };
    let regions: Vec<Value> = l
        .regions
        .iter()
        .map(|(c, t)| row(reference.region_name(c, lang), None, t))
        .collect();
    let categories: Vec<Value> = l
        .categories
        .iter()
        .map(|(c, t)| row(reference.category_name(c, lang), None, t))
        .collect();
    let stations: Vec<Value> = l
        .stations
        .iter()
        .map(|(n, t)| {
            row(
                message_with(lang, "elections.station_number", &[("number", (*n).into())]),
                Some(*n),
                t,
            )
        })
        .collect();
    render(
        &st,
        user.as_ref(),
        &csrf,
        "pages/election_live.html",
        json!({
            "e": super::elections::view(&st, lang, &e),
            "total": l.total, "verified": l.verified, "unverified": l.unverified,
            "unchecked": l.unchecked,
            "verified_share": share(l.verified), "unverified_share": share(l.unverified),
            "unchecked_share": share(l.unchecked),
            "hours_svg": hours_svg(lang, &l.hours),
            "regions": regions, "categories": categories, "stations": stations,
            "ack_median": l.ack_median_minutes, "acknowledged": l.acknowledged,
            "latest": p.latest,
            "counted_at": locale::fmt_time(&st, lang, p.counted_at),
            "report_published": election_report::is_due(&st, &e, st.clock.now()),

        }),
        StatusCode::OK,
    )
}
