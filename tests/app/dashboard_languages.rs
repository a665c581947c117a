//! The public dashboards in Kazakh and Russian (issue 14): every page, its charts' titles,
//! legends and tooltips and the tile map's labels speak the page's language, with region
//! and category names, decimal commas and plural forms of that language, and a page kept
//! for one language is never served in another.
//!
//! The history (times UTC; Almaty is UTC+5), reps A (Almaty city) and B (Astana):
//! - P1 Almaty, election (deadlines 2 h / 24 h): filed 25 Nov 05:00 → A; acknowledged
//!   06:00 (1 h, 0.04 days); resolved 12:00 (7 h, 0.29 days).
//! - P2 Almaty, election: filed 05:00 → A; nothing else.
//! - P3 Astana, election: filed 05:00 → B; nothing else.
//! - P4 Astana, roads (15 working days): filed 05:00 → B; nothing else.
//!
//! Then the clock stands at 27 Nov 03:00 (08:00 in Almaty) and the deadline sweep runs:
//! P2 and P3 are overdue, P4 is not yet. Open: Almaty 1 (overdue), Astana 2 (1 overdue).

use crate::helpers::{TestApp, problem_body, spawn_app_with};
use civic_tracker::i18n::message;
use serde_json::json;

struct History {
    app: TestApp,
    a: i32,
}

/// The history on an app that keeps counted figures (and the pages built from them) for
/// `max_age` seconds; the suite's default, 0, counts afresh on every request.
async fn history(max_age: u64) -> History {
    let app = spawn_app_with(|c| c.dashboard.max_age_seconds = max_age).await;
    // Names as their owners wrote them: user text is never translated.
    let a = app
        .rep("a@party.kz", "Әлия Ахметова", Some("KZ-75"), None)
        .await;
    app.rep("b@party.kz", "Болат Серікұлы", Some("KZ-71"), None)
        .await;
    let ta = app.token("a@party.kz").await;
    let p1 = app
        .file_confirmed(&problem_body("KZ-75", "election_violation"))
        .await
        .0;
    app.file_confirmed(&problem_body("KZ-75", "election_violation"))
        .await;
    app.file_confirmed(&problem_body("KZ-71", "election_violation"))
        .await;
    app.file_confirmed(&problem_body("KZ-71", "roads")).await;
    app.set_time("2026-11-25T06:00:00Z");
    let res = app.act(&ta, p1, json!({"action": "acknowledge"})).await;
    assert_eq!(res.status(), 200);
    app.set_time("2026-11-25T12:00:00Z");
    let res = app
        .act(&ta, p1, json!({"action": "resolve", "note": "Done."}))
        .await;
    assert_eq!(res.status(), 200);
    app.set_time("2026-11-27T03:00:00Z");
    app.job("sla").await;
    app.deliver().await;
    History { app, a }
}

/// The page in language `lang`, chosen by the switcher's cookie.
async fn page_in(app: &TestApp, lang: &str, path: &str) -> String {
    let res = app
        .api
        .get(app.url(path))
        .header("cookie", format!("civic_lang={lang}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{lang} {path}");
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "{lang} {path}"
    );
    html
}

/// The text people read: between tags (SVG titles included), attributes left out, the
/// entities the pages use written out.
fn text_of(html: &str) -> String {
    let body = html.split("</style>").last().unwrap();
    body.split('<')
        .filter_map(|s| s.split_once('>').map(|(_, t)| t))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&amp;", "&")
        .replace("&#x2f;", "/")
}

/// Whether `text` writes a decimal with a comma (`0,3`).
fn has_decimal_comma(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    c.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == ',' && w[2].is_ascii_digit())
}

/// English words of the dashboards (headings, chart titles, legends, tooltips, age bands,
/// tile labels and names of regions and categories) that a Kazakh or Russian page must
/// not show.
const ENGLISH: &[&str] = &[
    "Received",
    "received",
    "resolved",
    "Resolved",
    "Open problems",
    "open problems",
    "per day",
    "per week",
    "under 7 days",
    "over a year",
    "days",
    "Share of",
    "by region",
    "Overdue",
    "overdue",
    "escalated",
    "reopened",
    "Astana",
    "Almaty",
    "Shymkent",
    "Kazakh",
    "Region",
    "reg.",
    "Roads",
    "Election",
    "Figures as of",
    "December",
    "November",
];

const PERIOD: &str = "period=custom&from=2026-11-25&to=2026-11-27";

#[tokio::test]
async fn every_dashboard_page_speaks_kazakh_and_russian_with_their_names_and_numbers() {
    let h = history(0).await;
    let app = &h.app;
    let paths = [
        format!("/dashboard?{PERIOD}"),
        format!("/dashboard/regions?{PERIOD}"),
        format!("/dashboard/representatives?{PERIOD}"),
        format!("/dashboard/representatives/{}?{PERIOD}", h.a),
        format!("/dashboard/categories?{PERIOD}"),
        format!("/dashboard/overdue?{PERIOD}"),
    ];
    for lang in ["kk", "ru"] {
        for path in &paths {
            let html = page_in(app, lang, path).await;
            let text = text_of(&html);
            for word in ENGLISH {
                assert!(!text.contains(word), "{lang} {path} shows {word:?}: {text}");
            }
            // Every page's filter form names the regions in the language.
            assert!(text.contains("Шымкент"), "{lang} {path}");
            let north = if lang == "kk" {
                "Солтүстік Қазақстан облысы"
            } else {
                "Северо-Казахстанская область"
            };
            assert!(text.contains(north), "{lang} {path}");
            // The time the figures were counted, with the month's name.
            let month = if lang == "kk" {
                "27 қараша 2026"
            } else {
                "27 ноября 2026"
            };
            assert!(text.contains(month), "{lang} {path}: {month}");
        }
    }

    // The overview: figures with a decimal comma, the charts and their tooltips.
    for (lang, expected) in [
        (
            "kk",
            [
                "Күн сайын түскені және шешілгені",
                "25.11: 4 мәселе түсті",
                "25.11: 1 мәселе шешілді",
                "7 күнге дейін: 3 ашық мәселе",
                "Азаматтар 0 мәселені қайта ашты",
            ],
        ),
        (
            "ru",
            [
                "Поступило и решено по дням",
                "25.11: поступили 4 проблемы",
                "25.11: решена 1 проблема",
                "до 7 дней: 3 открытые проблемы",
                "0 проблем открыто гражданами повторно",
            ],
        ),
    ] {
        let text = text_of(&page_in(app, lang, &format!("/dashboard?{PERIOD}")).await);
        for e in expected {
            assert!(text.contains(e), "{lang} overview: {e:?} in {text}");
        }
        assert!(text.contains("0,3"), "{lang}: median days to resolve 0.29");
        assert!(
            text.contains("0,0"),
            "{lang}: median days to acknowledge 0.04"
        );
        assert!(
            text.contains(&message(lang, "dash.received")),
            "{lang} legend"
        );
    }

    // The regions: full names in the tables and tooltips, short ones on the tiles.
    for (lang, names) in [
        (
            "kk",
            [
                "Алматы",
                "Астана",
                "Солт. Қаз.",
                "Алматы облысы",
                "Алматы обл.",
            ],
        ),
        (
            "ru",
            [
                "Алматы",
                "Астана",
                "Сев.-Каз.",
                "Алматинская область",
                "Алм. обл.",
            ],
        ),
    ] {
        let text = text_of(&page_in(app, lang, &format!("/dashboard/regions?{PERIOD}")).await);
        for name in names {
            assert!(text.contains(name), "{lang} regions: {name}");
        }
        // One of Astana's two open problems is overdue.
        let tip = if lang == "kk" {
            "Астана: ашық мәселелердің 50% мерзімі өткен"
        } else {
            "Астана: просрочено 50% открытых проблем"
        };
        assert!(text.contains(tip), "{lang}: {tip}");
    }

    // Sorted by name in the Kazakh alphabet: Ақмола after Абай and before Атырау (by code
    // point, Қ would come after every Russian letter).
    let html = page_in(app, "kk", &format!("/dashboard/regions?{PERIOD}&sort=name")).await;
    let table = &html[html.find("id=\"regions\"").unwrap()..];
    let at = |name: &str| table.find(name).unwrap_or_else(|| panic!("{name}"));
    assert!(at("Абай облысы") < at("Ақмола облысы"));
    assert!(at("Ақмола облысы") < at("Атырау облысы"));
    assert!(at("Атырау облысы") < at("Батыс Қазақстан облысы"));

    // Categories in the language; the overdue list with its plural and fractional days.
    for (lang, roads) in [("kk", "Жолдар мен тротуарлар"), ("ru", "Дороги и тротуары")]
    {
        let text = text_of(&page_in(app, lang, &format!("/dashboard/categories?{PERIOD}")).await);
        assert!(text.contains(roads), "{lang}: {roads}");
    }
    for (lang, count) in [
        ("kk", "Мерзімі өткен 2 мәселе"),
        ("ru", "2 просроченные проблемы"),
    ] {
        let text = text_of(&page_in(app, lang, &format!("/dashboard/overdue?{PERIOD}")).await);
        assert!(text.contains(count), "{lang}: {count}");
        assert!(has_decimal_comma(&text), "{lang}: days with a comma");
        assert!(text.contains("Алматы") && text.contains("Астана"), "{lang}");
    }
}

#[tokio::test]
async fn an_english_and_a_russian_reader_of_the_same_view_each_get_their_own_language() {
    // Figures kept for an hour: the pages built from them are kept too, per language.
    let h = history(3600).await;
    let app = &h.app;
    for path in [
        format!("/dashboard?{PERIOD}"),
        format!("/dashboard/regions?{PERIOD}"),
        format!("/dashboard/overdue?{PERIOD}"),
    ] {
        // In a row, on the same counts: the second reader must not get the first's page.
        let en = page_in(app, "en", &path).await;
        let ru = page_in(app, "ru", &path).await;
        let en_again = page_in(app, "en", &path).await;
        for html in [&en, &en_again] {
            let text = text_of(html);
            assert!(text.contains("Almaty"), "en {path}");
            assert!(!text.contains("Алматы"), "en {path}");
            assert!(text.contains("Figures as of 27 November 2026"), "en {path}");
        }
        let text = text_of(&ru);
        assert!(text.contains("Алматы"), "ru {path}");
        assert!(!text.contains("Almaty"), "ru {path}");
    }
    let en = text_of(&page_in(app, "en", &format!("/dashboard?{PERIOD}")).await);
    assert!(en.contains("Received and resolved per day"));
    assert!(en.contains("25.11: 4 problems received"));
    assert!(en.contains("under 7 days: 3 open problems"));
    assert!(en.contains("0.3"), "median days to resolve 0.29");
    let ru = text_of(&page_in(app, "ru", &format!("/dashboard?{PERIOD}")).await);
    assert!(ru.contains("Поступило и решено по дням"));
    assert!(!ru.contains("Received and resolved"));
}
