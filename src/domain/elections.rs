//! Elections (issue 20), as pure rules: where an election stands at a moment (its phase),
//! which elections are on for a region, what a valid election is (dates in order, known
//! regions), and whether a problem may belong to an election and name a polling station.
//!
//! Kazakhstan is one time zone: every date and time here is local (`app.timezone`,
//! Asia/Almaty); callers turn the clock's instant into local time first.

use crate::domain::input::{FieldError, text};
use crate::i18n::Text;
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

pub use crate::domain::state::ElectionKind;

/// The category group of election problems (`config/categories.csv`).
pub const ELECTION_GROUP: &str = "election";
/// The category whose problems happen at a polling station: they must name it.
pub const POLLING_STATION_CATEGORY: &str = "election_polling_station";
/// Campaign start when none is given: this many days before the voting day.
pub const DEFAULT_CAMPAIGN_DAYS: u64 = 60;
/// Results date when none is given: this many days after the voting day.
pub const DEFAULT_RESULTS_DAYS: u64 = 10;
/// An election's name in each language, in characters.
pub const NAME_MIN: usize = 3;
/// See [`NAME_MIN`].
pub const NAME_MAX: usize = 200;

/// Polls open at 07:00 local time unless an election says otherwise.
pub fn default_polls_open() -> NaiveTime {
    NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time")
}

/// Polls close at 20:00 local time unless an election says otherwise.
pub fn default_polls_close() -> NaiveTime {
    NaiveTime::from_hms_opt(20, 0, 0).expect("a valid time")
}

/// The regions an election covers: all (national elections) or some (local ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Regions {
    All,
    /// ISO 3166-2 codes, in the order given, each once.
    Only(Vec<String>),
}

impl Regions {
    /// Whether the election covers region `code`.
    pub fn covers(&self, code: &str) -> bool {
        match self {
            Regions::All => true,
            Regions::Only(list) => list.iter().any(|c| c == code),
        }
    }

    /// Parses codes separated by commas or semicolons (`KZ-71,KZ-75`); blank, `*` or
    /// `all` is every region. Each code must be one `known` says exists.
    pub fn parse(
        field: &'static str,
        raw: &str,
        known: impl Fn(&str) -> bool,
    ) -> Result<Regions, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "*" || raw.eq_ignore_ascii_case("all") {
            return Ok(Regions::All);
        }
        let mut out: Vec<String> = Vec::new();
        for code in raw
            .split([',', ';'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if !known(code) {
                return Err(FieldError::new(
                    field,
                    "unknown_region",
                    Text::key("error.field.unknown_region").arg("code", format!("{code:?}")),
                ));
            }
            if !out.iter().any(|c| c == code) {
                out.push(code.to_string());
            }
        }
        Ok(if out.is_empty() {
            Regions::All
        } else {
            Regions::Only(out)
        })
    }

    /// The stored value: NULL for all regions, else the codes joined by commas.
    pub fn stored(&self) -> Option<String> {
        match self {
            Regions::All => None,
            Regions::Only(list) => Some(list.join(",")),
        }
    }

    /// The regions of a stored value (see [`Regions::stored`]).
    pub fn from_stored(stored: Option<&str>) -> Regions {
        match stored.map(str::trim).filter(|s| !s.is_empty()) {
            None => Regions::All,
            Some(s) => Regions::Only(s.split(',').map(|c| c.trim().to_string()).collect()),
        }
    }
}

/// An election's dates and polling hours, in local time. Valid ones (see
/// [`parse_election`]) have `campaign_start <= silence_day < voting_day <= results_date`
/// and `polls_open < polls_close`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub campaign_start: NaiveDate,
    /// The day of silence: no campaigning (the day before the voting day by default).
    pub silence_day: NaiveDate,
    pub voting_day: NaiveDate,
    pub polls_open: NaiveTime,
    pub polls_close: NaiveTime,
    /// The day the results are announced.
    pub results_date: NaiveDate,
}

/// Where an election stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before the campaign starts.
    BeforeCampaign,
    /// From the campaign's first day to the eve of the day of silence.
    Campaign,
    /// From the day of silence to the eve of the voting day.
    Silence,
    /// The voting day, while the polls are open.
    PollsOpen,
    /// The voting day, before the polls open or after they close.
    PollsClosed,
    /// After the voting day, until the end of the results date.
    Counting,
    /// After the results date.
    AfterResults,
}

impl Phase {
    /// The catalog message that names the phase.
    pub fn key(self) -> &'static str {
        match self {
            Phase::BeforeCampaign => "elections.phase.before_campaign",
            Phase::Campaign => "elections.phase.campaign",
            Phase::Silence => "elections.phase.silence",
            Phase::PollsOpen => "elections.phase.polls_open",
            Phase::PollsClosed => "elections.phase.polls_closed",
            Phase::Counting => "elections.phase.counting",
            Phase::AfterResults => "elections.phase.after_results",
        }
    }

    /// Whether the election is on: from the campaign's start to the end of the results
    /// date. While it is on, the form and the home page put its categories first.
    pub fn is_on(self) -> bool {
        !matches!(self, Phase::BeforeCampaign | Phase::AfterResults)
    }
}

impl Schedule {
    /// The dates a voting day implies when the others are not given: the campaign starts
    /// [`DEFAULT_CAMPAIGN_DAYS`] before, the day of silence is the day before, polls are
    /// open 07:00–20:00, and the results come [`DEFAULT_RESULTS_DAYS`] after.
    pub fn defaults_for(voting_day: NaiveDate) -> Schedule {
        Schedule {
            campaign_start: voting_day - Days::new(DEFAULT_CAMPAIGN_DAYS),
            silence_day: voting_day - Days::new(1),
            voting_day,
            polls_open: default_polls_open(),
            polls_close: default_polls_close(),
            results_date: voting_day + Days::new(DEFAULT_RESULTS_DAYS),
        }
    }

    /// The election's phase at local time `now`.
    pub fn phase(&self, now: NaiveDateTime) -> Phase {
        let day = now.date();
        if day < self.campaign_start {
            Phase::BeforeCampaign
        } else if day < self.silence_day {
            Phase::Campaign
        } else if day < self.voting_day {
            Phase::Silence
        } else if day == self.voting_day {
            let t = now.time();
            if t >= self.polls_open && t < self.polls_close {
                Phase::PollsOpen
            } else {
                Phase::PollsClosed
            }
        } else if day <= self.results_date {
            Phase::Counting
        } else {
            Phase::AfterResults
        }
    }
}

/// The catalog message that names an election's kind.
pub fn kind_key(kind: ElectionKind) -> &'static str {
    match kind {
        ElectionKind::Presidential => "elections.kind.presidential",
        ElectionKind::Mazhilis => "elections.kind.mazhilis",
        ElectionKind::Maslikhat => "elections.kind.maslikhat",
        ElectionKind::Akim => "elections.kind.akim",
        ElectionKind::Referendum => "elections.kind.referendum",
    }
}

/// What the [`current`] rule needs to know of an election.
pub trait Scheduled {
    fn schedule(&self) -> Schedule;
    fn regions(&self) -> Regions;
}

/// The elections on at local time `now` for `region` (any region when `None`), the
/// nearest voting day first: the first is the one an election problem filed without an
/// election belongs to.
pub fn current<'a, E: Scheduled>(
    elections: &'a [E],
    region: Option<&str>,
    now: NaiveDateTime,
) -> Vec<&'a E> {
    let mut on: Vec<&E> = elections
        .iter()
        .filter(|e| e.schedule().phase(now).is_on())
        .filter(|e| region.is_none_or(|r| e.regions().covers(r)))
        .collect();
    // Upcoming voting days first (soonest first), then those already past (latest first).
    let today = now.date();
    on.sort_by_key(|e| {
        let v = e.schedule().voting_day;
        if v >= today {
            (0, (v - today).num_days())
        } else {
            (1, (today - v).num_days())
        }
    });
    on
}

/// An election as a person typed it (the admin form, the CLI), before parsing. Blank
/// dates and hours take the defaults of [`Schedule::defaults_for`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawElection {
    pub name_kk: Option<String>,
    pub name_ru: Option<String>,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    pub regions: Option<String>,
    pub campaign_start: Option<String>,
    pub silence_day: Option<String>,
    pub voting_day: Option<String>,
    pub polls_open: Option<String>,
    pub polls_close: Option<String>,
    pub results_date: Option<String>,
}

/// A valid election.
#[derive(Clone, Debug, PartialEq)]
pub struct ElectionSpec {
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
    pub kind: ElectionKind,
    pub regions: Regions,
    pub schedule: Schedule,
}

/// A calendar day `YYYY-MM-DD` of 2000–2100, or `None` when blank.
pub fn date(field: &'static str, raw: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    let s = raw.map(str::trim).unwrap_or("");
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "invalid_date", "error.field.date_range"))
}

/// A local time `HH:MM` (seconds allowed, as browsers may send them), or `None` when blank.
pub fn time(field: &'static str, raw: Option<&str>) -> Result<Option<NaiveTime>, FieldError> {
    let s = raw.map(str::trim).unwrap_or("");
    if s.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map(Some)
        .map_err(|_| FieldError::new(field, "invalid_time", "error.field.time"))
}

/// Parses an election; every failing field is reported, in form order. `known_region`
/// says whether a region code exists.
pub fn parse_election(
    raw: &RawElection,
    known_region: impl Fn(&str) -> bool,
) -> Result<ElectionSpec, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut name = |field: &'static str, v: &Option<String>| {
        text(field, v.as_deref(), NAME_MIN, NAME_MAX, true)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten()
    };
    let name_kk = name("name_kk", &raw.name_kk);
    let name_ru = name("name_ru", &raw.name_ru);
    let name_en = name("name_en", &raw.name_en);
    let kind = match raw.kind.as_deref().map(str::trim).unwrap_or("") {
        "" => {
            errors.push(FieldError::new("kind", "required", "error.field.required"));
            None
        }
        k => ElectionKind::parse(k).or_else(|| {
            errors.push(FieldError::new(
                "kind",
                "unknown_kind",
                Text::key("error.field.one_of").arg(
                    "choices",
                    ElectionKind::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ));
            None
        }),
    };
    let regions = Regions::parse(
        "regions",
        raw.regions.as_deref().unwrap_or(""),
        known_region,
    )
    .map_err(|e| errors.push(e))
    .ok();
    let mut day = |field: &'static str, v: &Option<String>| {
        date(field, v.as_deref()).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let campaign_start = day("campaign_start", &raw.campaign_start);
    let silence_day = day("silence_day", &raw.silence_day);
    let voting_day = day("voting_day", &raw.voting_day);
    let results_date = day("results_date", &raw.results_date);
    let mut hour = |field: &'static str, v: &Option<String>| {
        time(field, v.as_deref()).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let polls_open = hour("polls_open", &raw.polls_open);
    let polls_close = hour("polls_close", &raw.polls_close);
    let voting_given = raw
        .voting_day
        .as_deref()
        .is_some_and(|v| !v.trim().is_empty());
    if !voting_given {
        errors.push(FieldError::new(
            "voting_day",
            "required",
            "error.field.required",
        ));
    }
    let schedule = voting_day.map(|v| {
        let d = Schedule::defaults_for(v);
        Schedule {
            campaign_start: campaign_start.unwrap_or(d.campaign_start),
            silence_day: silence_day.unwrap_or(d.silence_day),
            voting_day: v,
            polls_open: polls_open.unwrap_or(d.polls_open),
            polls_close: polls_close.unwrap_or(d.polls_close),
            results_date: results_date.unwrap_or(d.results_date),
        }
    });
    if let Some(s) = &schedule {
        errors.extend(order_errors(s));
    }
    match (name_kk, name_ru, name_en, kind, regions, schedule) {
        (
            Some(name_kk),
            Some(name_ru),
            Some(name_en),
            Some(kind),
            Some(regions),
            Some(schedule),
        ) if errors.is_empty() => Ok(ElectionSpec {
            name_kk,
            name_ru,
            name_en,
            kind,
            regions,
            schedule,
        }),
        _ => Err(errors),
    }
}

/// The rules between an election's dates and hours, each naming the later field.
fn order_errors(s: &Schedule) -> Vec<FieldError> {
    let on = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    if s.silence_day >= s.voting_day {
        out.push(FieldError::new(
            "silence_day",
            "after_voting_day",
            Text::key("error.field.silence_before_voting").arg("date", on(s.voting_day)),
        ));
    }
    if s.campaign_start > s.silence_day {
        out.push(FieldError::new(
            "campaign_start",
            "after_silence_day",
            Text::key("error.field.campaign_before_silence").arg("date", on(s.silence_day)),
        ));
    }
    if s.results_date < s.voting_day {
        out.push(FieldError::new(
            "results_date",
            "before_voting_day",
            Text::key("error.field.results_after_voting").arg("date", on(s.voting_day)),
        ));
    }
    if s.polls_close <= s.polls_open {
        out.push(FieldError::new(
            "polls_close",
            "before_polls_open",
            Text::key("error.field.polls_close_after_open")
                .arg("time", s.polls_open.format("%H:%M").to_string()),
        ));
    }
    out
}

/// What a new problem's category says about elections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CategoryKind {
    /// An election category (group `election`): it may belong to an election.
    pub election: bool,
    /// The polling-station category: it must name its station.
    pub needs_station: bool,
}

impl CategoryKind {
    /// The kind of category `code` of group `group`.
    pub fn of(code: &str, group: &str) -> CategoryKind {
        CategoryKind {
            election: group == ELECTION_GROUP,
            needs_station: code == POLLING_STATION_CATEGORY,
        }
    }
}

/// The election a new problem belongs to. `asked` is the election the citizen named
/// (`Some(None)`: an id that does not exist), `current` the elections on for the problem's
/// region now (nearest first), `station` whether a station number was given.
///
/// Only election categories take an election; one named must cover the region; an
/// election category filed without one belongs to the election on for its region, if
/// any. A station needs an election.
pub fn election_of<'a, E: Scheduled>(
    category: CategoryKind,
    region: &str,
    asked: Option<(i32, Option<&'a E>)>,
    current: &[&'a E],
    station: bool,
) -> Result<Option<&'a E>, FieldError> {
    let chosen = match asked {
        Some(_) if !category.election => {
            return Err(FieldError::new(
                "election",
                "not_election_category",
                "error.field.election_category_only",
            ));
        }
        Some((id, None)) => {
            return Err(FieldError::new(
                "election",
                "unknown_election",
                Text::key("error.field.unknown_election").arg("id", i64::from(id)),
            ));
        }
        Some((id, Some(e))) => {
            if !e.regions().covers(region) {
                return Err(FieldError::new(
                    "election",
                    "election_not_in_region",
                    Text::key("error.field.election_not_in_region")
                        .arg("id", i64::from(id))
                        .arg("region", region),
                ));
            }
            Some(e)
        }
        None if category.election => current.first().copied(),
        None => None,
    };
    if chosen.is_none() && (station || category.needs_station) {
        // A station is numbered within an election.
        return Err(FieldError::new(
            "election",
            "required",
            "error.field.election_for_station",
        ));
    }
    Ok(chosen)
}

/// Whether a problem's station is right: given where the category needs one, existing in
/// the election (`found`: its region when it does), and in the problem's region.
pub fn check_station(
    category: CategoryKind,
    region: &str,
    number: Option<i32>,
    found: Option<&str>,
) -> Result<(), FieldError> {
    match (number, found) {
        (None, _) if category.needs_station => Err(FieldError::new(
            "polling_station",
            "required",
            "error.field.station_required",
        )),
        (None, _) => Ok(()),
        (Some(n), None) => Err(FieldError::new(
            "polling_station",
            "unknown_station",
            Text::key("error.field.unknown_station").arg("number", i64::from(n)),
        )),
        (Some(n), Some(r)) if r != region => Err(FieldError::new(
            "polling_station",
            "station_other_region",
            Text::key("error.field.station_other_region")
                .arg("number", i64::from(n))
                .arg("region", r),
        )),
        (Some(_), Some(_)) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[derive(Debug, PartialEq)]
    struct E(i32, Schedule, Regions);

    impl Scheduled for E {
        fn schedule(&self) -> Schedule {
            self.1
        }
        fn regions(&self) -> Regions {
            self.2.clone()
        }
    }

    fn raw(voting_day: &str) -> RawElection {
        RawElection {
            name_kk: Some("Мәжіліс сайлауы".into()),
            name_ru: Some("Выборы в Мажилис".into()),
            name_en: Some("Mazhilis election".into()),
            kind: Some("mazhilis".into()),
            voting_day: Some(voting_day.into()),
            ..Default::default()
        }
    }

    fn fields(r: &RawElection) -> Vec<(&'static str, &'static str)> {
        parse_election(r, |c| c == "KZ-71" || c == "KZ-75")
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_voting_day_alone_implies_the_other_dates() {
        let e = parse_election(&raw("2027-03-21"), |_| true).unwrap();
        assert_eq!(
            e.schedule,
            Schedule {
                campaign_start: d("2027-01-20"),
                silence_day: d("2027-03-20"),
                voting_day: d("2027-03-21"),
                polls_open: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
                polls_close: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
                results_date: d("2027-03-31"),
            }
        );
        assert_eq!(e.regions, Regions::All);
        assert_eq!(e.kind, ElectionKind::Mazhilis);
    }

    #[test]
    fn the_phase_follows_the_calendar_and_the_polling_hours() {
        let s = Schedule::defaults_for(d("2027-03-21"));
        assert_eq!(s.phase(at("2027-01-19 23:59")), Phase::BeforeCampaign);
        assert_eq!(s.phase(at("2027-01-20 00:00")), Phase::Campaign);
        assert_eq!(s.phase(at("2027-03-19 23:59")), Phase::Campaign);
        assert_eq!(s.phase(at("2027-03-20 12:00")), Phase::Silence);
        assert_eq!(s.phase(at("2027-03-21 06:59")), Phase::PollsClosed);
        assert_eq!(s.phase(at("2027-03-21 07:00")), Phase::PollsOpen);
        assert_eq!(s.phase(at("2027-03-21 19:59")), Phase::PollsOpen);
        assert_eq!(s.phase(at("2027-03-21 20:00")), Phase::PollsClosed);
        assert_eq!(s.phase(at("2027-03-22 09:00")), Phase::Counting);
        assert_eq!(s.phase(at("2027-03-31 23:59")), Phase::Counting);
        assert_eq!(s.phase(at("2027-04-01 00:00")), Phase::AfterResults);
        assert!(Phase::Counting.is_on() && Phase::Campaign.is_on());
        assert!(!Phase::BeforeCampaign.is_on() && !Phase::AfterResults.is_on());
    }

    #[test]
    fn dates_out_of_order_are_named_by_the_later_field() {
        let mut r = raw("2027-03-21");
        r.campaign_start = Some("2027-03-21".into());
        r.silence_day = Some("2027-03-22".into());
        r.results_date = Some("2027-03-20".into());
        r.polls_open = Some("20:00".into());
        r.polls_close = Some("08:00".into());
        assert_eq!(
            fields(&r),
            vec![
                ("silence_day", "after_voting_day"),
                ("results_date", "before_voting_day"),
                ("polls_close", "before_polls_open"),
            ]
        );
        let mut r = raw("2027-03-21");
        r.campaign_start = Some("2027-03-21".into());
        assert_eq!(fields(&r), vec![("campaign_start", "after_silence_day")]);
    }

    #[test]
    fn every_broken_field_is_named() {
        let r = RawElection {
            name_kk: Some("x".into()),
            kind: Some("mayor".into()),
            regions: Some("KZ-71,KZ-99".into()),
            campaign_start: Some("2027-02-30".into()),
            polls_open: Some("7 am".into()),
            ..Default::default()
        };
        assert_eq!(
            fields(&r),
            vec![
                ("name_kk", "too_short"),
                ("name_ru", "required"),
                ("name_en", "required"),
                ("kind", "unknown_kind"),
                ("regions", "unknown_region"),
                ("campaign_start", "invalid_date"),
                ("polls_open", "invalid_time"),
                ("voting_day", "required"),
            ]
        );
    }

    #[test]
    fn regions_parse_store_and_cover() {
        let known = |c: &str| c.starts_with("KZ-");
        assert_eq!(Regions::parse("regions", " ", known), Ok(Regions::All));
        assert_eq!(Regions::parse("regions", "*", known), Ok(Regions::All));
        let r = Regions::parse("regions", "KZ-71; KZ-75,KZ-71", known).unwrap();
        assert_eq!(r, Regions::Only(vec!["KZ-71".into(), "KZ-75".into()]));
        assert_eq!(r.stored().as_deref(), Some("KZ-71,KZ-75"));
        assert_eq!(Regions::from_stored(Some("KZ-71,KZ-75")), r);
        assert_eq!(Regions::from_stored(None), Regions::All);
        assert!(r.covers("KZ-75") && !r.covers("KZ-10"));
        assert!(Regions::All.covers("KZ-10"));
    }

    #[test]
    fn the_election_on_for_a_region_is_the_nearest_one() {
        let national = E(1, Schedule::defaults_for(d("2027-03-21")), Regions::All);
        let local = E(
            2,
            Schedule::defaults_for(d("2027-03-07")),
            Regions::Only(vec!["KZ-71".into()]),
        );
        // Voted on 25 January, results on 4 February: still on, after the upcoming ones.
        let past = E(3, Schedule::defaults_for(d("2027-01-25")), Regions::All);
        let all = [national, local, past];
        let ids = |v: Vec<&E>| v.into_iter().map(|e| e.0).collect::<Vec<_>>();
        let now = at("2027-02-01 10:00");
        assert_eq!(ids(current(&all, Some("KZ-71"), now)), [2, 1, 3]);
        assert_eq!(ids(current(&all, Some("KZ-75"), now)), [1, 3]);
        assert_eq!(ids(current(&all, None, now)), [2, 1, 3]);
        assert_eq!(
            ids(current(&all, Some("KZ-75"), at("2027-01-19 10:00"))),
            [3]
        );
        assert_eq!(
            ids(current(&all, Some("KZ-75"), at("2027-06-01 10:00"))),
            Vec::<i32>::new()
        );
    }

    #[test]
    fn a_problem_belongs_to_an_election_by_these_rules() {
        let national = E(1, Schedule::defaults_for(d("2027-03-21")), Regions::All);
        let local = E(
            2,
            Schedule::defaults_for(d("2027-03-07")),
            Regions::Only(vec!["KZ-71".into()]),
        );
        let roads = CategoryKind::of("roads", "general");
        let vote_buying = CategoryKind::of("election_vote_buying", ELECTION_GROUP);
        let station = CategoryKind::of(POLLING_STATION_CATEGORY, ELECTION_GROUP);
        let code = |r: Result<Option<&E>, FieldError>| {
            r.map(|e| e.map(|e| e.0)).map_err(|e| (e.field, e.code))
        };
        assert_eq!(
            code(election_of(roads, "KZ-75", None, &[&national], false)),
            Ok(None)
        );
        assert_eq!(
            code(election_of(
                roads,
                "KZ-75",
                Some((1, Some(&national))),
                &[],
                false
            )),
            Err(("election", "not_election_category"))
        );
        assert_eq!(
            code(election_of::<E>(
                vote_buying,
                "KZ-75",
                Some((9, None)),
                &[],
                false
            )),
            Err(("election", "unknown_election"))
        );
        assert_eq!(
            code(election_of(
                vote_buying,
                "KZ-75",
                Some((2, Some(&local))),
                &[],
                false
            )),
            Err(("election", "election_not_in_region"))
        );
        assert_eq!(
            code(election_of(
                vote_buying,
                "KZ-71",
                None,
                &[&local, &national],
                false
            )),
            Ok(Some(2)),
            "the election on for the region is picked"
        );
        assert_eq!(
            code(election_of::<E>(vote_buying, "KZ-71", None, &[], false)),
            Ok(None)
        );
        assert_eq!(
            code(election_of::<E>(station, "KZ-71", None, &[], true)),
            Err(("election", "required"))
        );
        let st = |n: Option<i32>, found: Option<&str>| {
            check_station(station, "KZ-71", n, found).map_err(|e| (e.field, e.code))
        };
        assert_eq!(st(None, None), Err(("polling_station", "required")));
        assert_eq!(
            st(Some(5), None),
            Err(("polling_station", "unknown_station"))
        );
        assert_eq!(
            st(Some(5), Some("KZ-75")),
            Err(("polling_station", "station_other_region"))
        );
        assert_eq!(st(Some(5), Some("KZ-71")), Ok(()));
        assert_eq!(check_station(vote_buying, "KZ-71", None, None), Ok(()));
    }
}
