//! Categories named and described in Kazakh, Russian and English (issue 14): the default
//! descriptions after start-up, an admin's edits on the problem form, and Open311's
//! services in the reader's language.

use crate::helpers::{TestApp, json, post_form, spawn_app, text};
use civic_tracker::auth::UserRole;
use civic_tracker::entities::category;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::Value;

const ROADS_EN: &str = "Potholes, damaged pavements and kerbs, missing road signs or markings, \
                        and roads not cleared of snow.";
const ROADS_KK: &str = "Жолдағы шұңқырлар, бүлінген тротуарлар мен жиектастар, жоқ жол белгілері \
                        немесе таңбалар және қардан тазартылмаған жолдар.";
const ROADS_RU: &str = "Ямы на дорогах, разбитые тротуары и бордюры, отсутствующие знаки или \
                        разметка, неубранный снег на дорогах.";

/// GET with optional `Accept-Language` and `If-None-Match`: status, headers, body.
async fn get(
    app: &TestApp,
    path: &str,
    accept: Option<&str>,
    etag: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = app.api.get(app.url(path));
    if let Some(a) = accept {
        req = req.header("accept-language", a);
    }
    if let Some(e) = etag {
        req = req.header("if-none-match", e);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap())
}

fn service<'a>(list: &'a Value, code: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == code)
        .unwrap_or_else(|| panic!("no service {code}"))
}

#[tokio::test]
async fn the_default_categories_are_described_in_three_languages_after_start_up() {
    let app = spawn_app().await;
    let cats: Value = json(&app.api, app.url("/api/v1/categories")).await;
    let cats = cats.as_array().unwrap();
    assert_eq!(cats.len(), 17);
    for c in cats {
        for l in ["en", "kk", "ru"] {
            let d = c[format!("description_{l}")].as_str().unwrap();
            assert!(d.len() > 20, "{} {l}: {d:?}", c["code"]);
        }
    }
    let roads = cats.iter().find(|c| c["code"] == "roads").unwrap();
    assert_eq!(roads["description_en"], ROADS_EN);
    assert_eq!(roads["description_kk"], ROADS_KK);
    assert_eq!(roads["description_ru"], ROADS_RU);
    // The OpenAPI document names the new fields.
    let doc: Value = json(&app.api, app.url("/api/v1/openapi.json")).await;
    let props = &doc["components"]["schemas"]["CategoryRef"]["properties"];
    for f in ["description_en", "description_kk", "description_ru"] {
        assert!(props[f].is_object(), "{f} documented");
    }
}

#[tokio::test]
async fn an_existing_installation_gets_the_default_descriptions_but_keeps_an_admins_text() {
    let app = spawn_app().await;
    let db = &app.state.db;
    // As before the descriptions existed: roads has none; housing has an admin's Kazakh text.
    for (code, kk) in [("roads", ""), ("housing", "Біздің үйге қатысты мәселелер.")]
    {
        let row = category::Entity::find_by_id(code)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut am: category::ActiveModel = row.into();
        am.description_en = Set(String::new());
        am.description_kk = Set(kk.to_string());
        am.description_ru = Set(String::new());
        am.update(db).await.unwrap();
    }
    civic_tracker::services::reference::seed(db, "")
        .await
        .unwrap();
    let roads = category::Entity::find_by_id("roads")
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            roads.description_en.as_str(),
            roads.description_kk.as_str(),
            roads.description_ru.as_str()
        ),
        (ROADS_EN, ROADS_KK, ROADS_RU)
    );
    let housing = category::Entity::find_by_id("housing")
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            housing.description_en.as_str(),
            housing.description_kk.as_str(),
            housing.description_ru.as_str()
        ),
        ("", "Біздің үйге қатысты мәселелер.", ""),
        "an admin's text is never overwritten"
    );
}

#[tokio::test]
async fn open311_services_speak_the_locale_else_the_browsers_language_and_tag_each_language() {
    let app = spawn_app().await;
    // The configured default (English in the tests).
    let (status, h_en, body) = get(&app, "/open311/v2/services.json", None, None).await;
    assert_eq!(status, 200);
    let en: Value = serde_json::from_str(&body).unwrap();
    let roads = service(&en, "roads");
    assert_eq!(roads["service_name"], "Roads and pavements");
    assert_eq!(
        roads["description"],
        format!(
            "{ROADS_EN} A representative acknowledges it within 2 working days and resolves it \
             within 15 working days."
        )
    );
    assert_eq!(
        roads["keywords"],
        "Жолдар мен тротуарлар, Дороги и тротуары"
    );
    assert_eq!(h_en["content-language"], "en");

    // locale=ru.
    let (status, h_ru, body) = get(&app, "/open311/v2/services.json?locale=ru", None, None).await;
    assert_eq!(status, 200);
    let ru: Value = serde_json::from_str(&body).unwrap();
    let roads = service(&ru, "roads");
    assert_eq!(roads["service_name"], "Дороги и тротуары");
    assert_eq!(
        roads["description"],
        format!(
            "{ROADS_RU} Представитель примет обращение в течение 2 рабочих дней и решит его в \
             течение 15 рабочих дней."
        )
    );
    assert_eq!(
        roads["keywords"],
        "Жолдар мен тротуарлар, Roads and pavements"
    );
    assert!(
        service(&ru, "election_polling_station")["description"]
            .as_str()
            .unwrap()
            .ends_with("в течение 1 часа и решит его в течение 12 часов."),
        "{}",
        service(&ru, "election_polling_station")["description"]
    );
    assert!(
        service(&ru, "land")["description"]
            .as_str()
            .unwrap()
            .ends_with("в течение 30 дней.")
    );
    assert_eq!(h_ru["content-language"], "ru");

    // Accept-Language: kk.
    let (status, h_kk, body) = get(&app, "/open311/v2/services.json", Some("kk"), None).await;
    assert_eq!(status, 200);
    let kk: Value = serde_json::from_str(&body).unwrap();
    let roads = service(&kk, "roads");
    assert_eq!(roads["service_name"], "Жолдар мен тротуарлар");
    assert_eq!(
        roads["description"],
        format!(
            "{ROADS_KK} Өкіл өтінішті 2 жұмыс күні ішінде қабылдап, 15 жұмыс күні ішінде шешеді."
        )
    );
    assert_eq!(h_kk["content-language"], "kk");
    assert_eq!(h_kk["vary"], "Accept-Language");

    // The locale parameter wins over the header, and takes a region (kk_KZ, ru-RU).
    let (_, h, body) = get(
        &app,
        "/open311/v2/services.json?locale=kk_KZ",
        Some("ru"),
        None,
    )
    .await;
    assert_eq!(body, serde_json::to_string(&kk).unwrap());
    assert_eq!(h["etag"], h_kk["etag"]);

    // One tag per language; a client that has the Kazakh answer gets a 304 for Kazakh only.
    let tags = [&h_en["etag"], &h_ru["etag"], &h_kk["etag"]];
    assert!(
        tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
        "{tags:?}"
    );
    let kk_tag = h_kk["etag"].to_str().unwrap().to_string();
    let (status, _, body) = get(&app, "/open311/v2/services.json", Some("kk"), Some(&kk_tag)).await;
    assert_eq!((status, body.as_str()), (304, ""));
    let (status, _, _) = get(&app, "/open311/v2/services.json", Some("ru"), Some(&kk_tag)).await;
    assert_eq!(status, 200);
    // XML is tagged apart from JSON.
    let (status, h_xml, body) = get(&app, "/open311/v2/services.xml?locale=ru", None, None).await;
    assert_eq!(status, 200);
    assert!(body.contains("<service_name>Дороги и тротуары</service_name>"));
    assert_ne!(h_xml["etag"], h_ru["etag"]);

    // The service definition's attributes are described in the language too.
    let (status, h_def, body) = get(
        &app,
        "/open311/v2/services/roads.json?locale=ru",
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let def: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(def["attributes"][0]["description"], "Область или город");
    assert_eq!(
        def["attributes"][1]["datatype_description"],
        "От 5 до 200 символов"
    );
    let (_, h_def_en, body) = get(&app, "/open311/v2/services/roads.json", None, None).await;
    let def: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(def["attributes"][0]["description"], "Region or city");
    assert_ne!(h_def["etag"], h_def_en["etag"]);
}

/// The admin categories form for roads, with `description_kk`.
fn roads_form(csrf: &str, description_kk: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_string()),
        ("name_en", "Roads and pavements".into()),
        ("name_kk", "Жолдар мен тротуарлар".into()),
        ("name_ru", "Дороги и тротуары".into()),
        ("description_en", ROADS_EN.into()),
        ("description_kk", description_kk.into()),
        ("description_ru", ROADS_RU.into()),
        ("ack_amount", "2".into()),
        ("ack_unit", "working_days".into()),
        ("resolve_amount", "15".into()),
        ("resolve_unit", "working_days".into()),
        ("active", "on".into()),
    ]
}

#[tokio::test]
async fn an_admin_rewrites_the_kazakh_description_and_the_kazakh_form_shows_it() {
    let app = spawn_app().await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let admin = app.login("admin@league.kz").await;
    let page = text(&admin, app.url("/admin/categories?lang=kk")).await;
    assert!(page.contains("name=\"description_kk\""));
    assert!(page.contains(ROADS_KK), "the default text is there to edit");
    let csrf = TestApp::csrf_of(&page);
    let before = get(&app, "/open311/v2/discovery.json", None, None).await.2;

    // Too long: refused in the page's language (Kazakh, chosen above), the text kept.
    let long = "ж".repeat(501);
    let res = post_form(
        &admin,
        app.url("/admin/categories/roads"),
        &roads_form(&csrf, &long),
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("description_kk: 500 таңбадан аспауы керек"),
        "{html}"
    );
    assert!(html.contains(&long), "what the admin typed is kept");

    let mine = "Жолдағы шұңқырлар мен қардан тазартылмаған көшелер.";
    let res = post_form(
        &admin,
        app.url("/admin/categories/roads"),
        &roads_form(&csrf, mine),
    )
    .await;
    assert_eq!(res.status(), 303);

    // The problem form in Kazakh shows it under the category list, without JavaScript.
    let form = text(&app.browser(), app.url("/problems/new?lang=kk")).await;
    assert!(
        form.contains("<summary>Әр санатқа не жатады</summary>"),
        "{form}"
    );
    assert!(
        form.contains(&format!("<dt>Жолдар мен тротуарлар</dt><dd>{mine}</dd>")),
        "{form}"
    );
    assert!(!form.contains(ROADS_KK));
    // In Russian and English the other texts stay.
    let form = text(&app.browser(), app.url("/problems/new?lang=ru")).await;
    assert!(form.contains(&format!("<dt>Дороги и тротуары</dt><dd>{ROADS_RU}</dd>")));
    let form = text(&app.browser(), app.url("/problems/new?lang=en")).await;
    assert!(form.contains(ROADS_EN));

    // Open311 and the discovery fingerprint follow the edit.
    let (_, _, body) = get(&app, "/open311/v2/services.json?locale=kk", None, None).await;
    let kk: Value = serde_json::from_str(&body).unwrap();
    assert!(
        service(&kk, "roads")["description"]
            .as_str()
            .unwrap()
            .starts_with(mine)
    );
    let after = get(&app, "/open311/v2/discovery.json", None, None).await.2;
    let changeset = |b: &str| serde_json::from_str::<Value>(b).unwrap()["changeset"].clone();
    assert_ne!(changeset(&before), changeset(&after));
}
