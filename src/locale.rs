//! Dates, times, numbers, shares and durations as people read them in their language, in
//! one place: pages, mails, charts, feeds and the CLI all format through here (never
//! with ad-hoc `format!` calls). Words (month names, "N days" with its plural forms) come
//! from the Fluent catalogs (`date`, `days-n`, `wait-seconds`, `wait-minutes`), so a
//! translator changes them without touching code; the decimal separator and digit
//! grouping are the language's conventions below.

use crate::app::AppState;
use crate::i18n::{Arg, message_with};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

/// Whether `lang` writes a decimal comma (`3,5`) rather than a point (`3.5`).
fn decimal_comma(lang: &str) -> bool {
    matches!(lang, "kk" | "ru")
}

/// The separator of thousands: a no-break space in Kazakh and Russian, a comma in English.
fn group_separator(lang: &str) -> &'static str {
    if decimal_comma(lang) { "\u{a0}" } else { "," }
}

/// A date in the configured zone with the month's name, e.g. `2 желтоқсан 2026`,
/// `2 декабря 2026`, `2 December 2026`.
pub fn fmt_date(st: &AppState, lang: &str, t: DateTime<Utc>) -> String {
    date_in(st.tz, lang, t)
}

fn date_in(tz: Tz, lang: &str, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&tz);
    message_with(
        lang,
        "date",
        &[
            ("day", local.day().to_string().into()),
            ("month", i64::from(local.month()).into()),
            ("year", local.year().to_string().into()),
        ],
    )
}

/// A calendar day (an election's dates, already local) with the month's name, as
/// [`fmt_date`] writes it.
pub fn fmt_day(lang: &str, d: chrono::NaiveDate) -> String {
    message_with(
        lang,
        "date",
        &[
            ("day", d.day().to_string().into()),
            ("month", i64::from(d.month()).into()),
            ("year", d.year().to_string().into()),
        ],
    )
}

/// A date with its day of the week, e.g. `четверг, 26 ноября 2026`.
pub fn fmt_weekday_date(st: &AppState, lang: &str, t: DateTime<Utc>) -> String {
    let weekday = t.with_timezone(&st.tz).weekday().number_from_monday();
    message_with(
        lang,
        "date-weekday",
        &[
            ("weekday", i64::from(weekday).into()),
            ("date", date_in(st.tz, lang, t).into()),
        ],
    )
}

/// A time in the configured zone, with its date and offset, e.g.
/// `2 декабря 2026, 14:05 (UTC+05:00)`.
pub fn fmt_time(st: &AppState, lang: &str, t: DateTime<Utc>) -> String {
    time_in(st.tz, lang, t)
}

fn time_in(tz: Tz, lang: &str, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&tz);
    format!(
        "{}, {}",
        date_in(tz, lang, t),
        local.format("%H:%M (UTC%:z)")
    )
}

/// A short day and month in the configured zone, e.g. `28.11`: the label of a chart's
/// bucket, read the same way in all three languages.
pub fn fmt_day_month(st: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&st.tz).format("%d.%m").to_string()
}

/// A number with `decimals` digits after the language's decimal separator and its
/// thousands grouped: `12 345,5` in kk and ru, `12,345.5` in en.
pub fn fmt_number(lang: &str, x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 && whole.len() > 4 {
            grouped.push_str(group_separator(lang));
        }
        grouped.push(digit);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match fraction {
        "" => format!("{sign}{grouped}"),
        f => format!(
            "{sign}{grouped}{}{f}",
            if decimal_comma(lang) { ',' } else { '.' }
        ),
    }
}

/// A whole count, grouped for reading (`12 345`); four digits stay together (`1234`).
pub fn fmt_count(lang: &str, n: i64) -> String {
    fmt_number(lang, n as f64, 0)
}

/// A number of days with one decimal, e.g. `3,5` (a table's figure under a heading that
/// says "days").
pub fn fmt_days(lang: &str, days: f64) -> String {
    fmt_number(lang, days, 1)
}

/// "N days" in the language, with its plural form: `1 день`, `3,5 дня`, `5 дней`.
pub fn fmt_days_n(lang: &str, days: f64) -> String {
    let whole = days.fract() == 0.0;
    let n = fmt_number(lang, days, if whole { 0 } else { 1 });
    let count = if whole {
        days
    } else {
        (days * 10.0).round() / 10.0
    };
    message_with(
        lang,
        "days-n",
        &[("count", Arg::Number(count)), ("n", n.into())],
    )
}

/// How long to wait, rounded up for reading: `45 seconds`, `1 minute`, `12 minutes`.
pub fn fmt_wait(lang: &str, secs: u64) -> String {
    let secs = i64::try_from(secs.max(1)).unwrap_or(i64::MAX);
    if secs < 60 {
        message_with(lang, "wait-seconds", &[("count", secs.into())])
    } else {
        let minutes = secs / 60 + i64::from(secs % 60 != 0 && secs >= 120);
        message_with(lang, "wait-minutes", &[("count", minutes.into())])
    }
}

/// A share (0.0–1.0) as a whole percentage, e.g. `0.425` → `43%`.
pub fn fmt_percent(lang: &str, share: f64) -> String {
    format!("{}%", fmt_number(lang, share * 100.0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_rounded_up_to_what_a_person_reads() {
        assert_eq!(fmt_wait("en", 0), "1 second");
        assert_eq!(fmt_wait("en", 1), "1 second");
        assert_eq!(fmt_wait("en", 45), "45 seconds");
        assert_eq!(fmt_wait("en", 60), "1 minute");
        assert_eq!(fmt_wait("en", 119), "1 minute");
        assert_eq!(fmt_wait("en", 121), "3 minutes");
        assert_eq!(fmt_wait("en", 3600), "60 minutes");
        assert_eq!(fmt_wait("ru", 60), "1 минуту");
        assert_eq!(fmt_wait("ru", 180), "3 минуты");
        assert_eq!(fmt_wait("ru", 300), "5 минут");
        assert_eq!(fmt_wait("ru", 21), "21 секунду");
        assert_eq!(fmt_wait("kk", 300), "5 минут");
    }

    #[test]
    fn numbers_take_the_languages_separators() {
        assert_eq!(fmt_days("en", 3.46), "3.5");
        assert_eq!(fmt_days("ru", 3.46), "3,5");
        assert_eq!(fmt_days("kk", 0.0), "0,0");
        assert_eq!(fmt_number("en", 12345.5, 1), "12,345.5");
        assert_eq!(fmt_number("ru", 12345.5, 1), "12\u{a0}345,5");
        assert_eq!(fmt_number("ru", 1234567.0, 0), "1\u{a0}234\u{a0}567");
        assert_eq!(fmt_count("en", 1234), "1234");
        assert_eq!(fmt_count("en", 123456), "123,456");
        assert_eq!(fmt_number("en", -2.5, 1), "-2.5");
        assert_eq!(fmt_number("en", -0.01, 1), "0.0");
        assert_eq!(fmt_percent("en", 0.426), "43%");
        assert_eq!(fmt_percent("ru", 1.0), "100%");
    }

    #[test]
    fn days_take_their_plural_forms() {
        assert_eq!(fmt_days_n("ru", 1.0), "1 день");
        assert_eq!(fmt_days_n("ru", 2.0), "2 дня");
        assert_eq!(fmt_days_n("ru", 5.0), "5 дней");
        assert_eq!(fmt_days_n("ru", 21.0), "21 день");
        assert_eq!(fmt_days_n("ru", 3.5), "3,5 дня");
        assert_eq!(fmt_days_n("en", 1.0), "1 day");
        assert_eq!(fmt_days_n("en", 1.5), "1.5 days");
        assert_eq!(fmt_days_n("kk", 5.0), "5 күн");
    }

    #[test]
    fn dates_name_the_month_in_the_language() {
        let tz = chrono_tz::Asia::Almaty;
        let t: DateTime<Utc> = "2026-12-02T09:05:00Z".parse().unwrap();
        assert_eq!(date_in(tz, "kk", t), "2 желтоқсан 2026");
        assert_eq!(date_in(tz, "ru", t), "2 декабря 2026");
        assert_eq!(date_in(tz, "en", t), "2 December 2026");
        assert_eq!(time_in(tz, "ru", t), "2 декабря 2026, 14:05 (UTC+05:00)");
        let may: DateTime<Utc> = "2026-05-09T00:00:00Z".parse().unwrap();
        assert_eq!(date_in(tz, "ru", may), "9 мая 2026");
        assert_eq!(date_in(tz, "kk", may), "9 мамыр 2026");
    }
}
