//! Open311 and elections (issue 20): election categories carry a `polling_station`
//! attribute in their service definitions (required at a station), and a request files
//! into an election with `attribute[election]` and `attribute[polling_station]`, checked
//! as the JSON API checks them, each refusal an Open311 400 naming the attribute.

use crate::elections_figures::two_elections;
use crate::helpers::{TestApp, spawn_app};
use serde_json::Value;

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.api.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn post(app: &TestApp, key: &str, body: &str) -> (u16, String) {
    let res = app
        .api
        .post(app.url(&format!("/open311/v2/requests.json?api_key={key}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The `polling_station` attribute of a service's definition, if it has one.
async fn station_attribute(app: &TestApp, code: &str, locale: &str) -> Option<Value> {
    let (status, body) = get(
        app,
        &format!("/open311/v2/services/{code}.json?locale={locale}"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let def: Value = serde_json::from_str(&body).unwrap();
    def["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "polling_station")
        .cloned()
}

#[tokio::test]
async fn election_categories_define_a_polling_station_attribute_required_at_a_station() {
    let app = spawn_app().await;
    let at = station_attribute(&app, "election_polling_station", "en")
        .await
        .expect("the station category names its station");
    assert_eq!(at["datatype"], "string");
    assert_eq!(at["required"], true);
    assert_eq!(at["variable"], true);
    assert_eq!(
        at["description"],
        "The number of the polling station the report is about"
    );
    let ru = station_attribute(&app, "election_polling_station", "ru")
        .await
        .unwrap();
    assert_eq!(
        ru["description"],
        "Номер избирательного участка, о котором сообщение"
    );
    let kk = station_attribute(&app, "election_vote_buying", "kk")
        .await
        .unwrap();
    assert_eq!(kk["required"], false);
    assert_eq!(
        kk["description"],
        "Хабарлама қатысты сайлау учаскесінің нөмірі"
    );
    assert_eq!(station_attribute(&app, "roads", "en").await, None);
    // The XML definition says the same.
    let (status, xml) = get(&app, "/open311/v2/services/election_polling_station.xml").await;
    assert_eq!(status, 200);
    assert!(xml.contains("<code>polling_station</code>"), "{xml}");
    assert!(xml.contains("<datatype>string</datatype>"));
    // Every service with attributes says so in the list.
    let (_, list) = get(&app, "/open311/v2/services.json").await;
    let list: Value = serde_json::from_str(&list).unwrap();
    for s in list.as_array().unwrap() {
        assert_eq!(s["metadata"], true, "{}", s["service_code"]);
    }
}

const REPORT: &str = "email=citizen%40example.kz&first_name=Aigerim&phone=87011234567\
    &description=Ballots+were+handed+out+without+checking+any+documents+at+all.";

#[tokio::test]
async fn an_open311_request_files_into_an_election_at_its_station_checked_like_the_api() {
    let app = spawn_app().await;
    let (mazhilis, akim, _) = two_elections(&app).await;
    app.user(
        "app@gov.kz",
        "eGov app",
        civic_tracker::auth::UserRole::Monitor,
        &[],
    )
    .await;
    let key = civic_tracker::services::people::create_token(
        &app.state,
        "app@gov.kz",
        civic_tracker::auth::kind::OPEN311_TRUSTED,
    )
    .await
    .unwrap();
    let filed = |body: String| {
        let (app, key) = (&app, key.clone());
        async move {
            let (status, answer) = post(app, &key, &body).await;
            assert_eq!(status, 200, "{body}: {answer}");
            let v: Value = serde_json::from_str(&answer).unwrap();
            v[0]["service_request_id"].as_i64().unwrap() as i32
        }
    };
    // No election named: the one on in the region (KZ-75: the Mazhilis election only).
    let id = filed(format!(
        "service_code=election_polling_station&attribute[region]=KZ-75\
         &attribute[polling_station]=101&{REPORT}"
    ))
    .await;
    let p = app.public(id).await;
    assert_eq!(p["election"], mazhilis);
    assert_eq!(p["polling_station"], 101);
    // Named: the akim election in KZ-71, no station needed for vote buying.
    let id = filed(format!(
        "service_code=election_vote_buying&attribute[region]=KZ-71\
         &attribute[election]={akim}&{REPORT}"
    ))
    .await;
    let p = app.public(id).await;
    assert_eq!(p["election"], akim);
    assert_eq!(p["polling_station"], Value::Null);
    // The request as Open311 shows it: nothing private.
    let (status, shown) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, 200, "{shown}");
    let (_, xml) = get(&app, &format!("/open311/v2/requests/{id}.xml")).await;
    for private in ["citizen@example.kz", "87011234567", "Aigerim"] {
        assert!(!shown.contains(private), "{private} in {shown}");
        assert!(!xml.contains(private), "{private} in {xml}");
    }

    // Each refusal is a 400 naming the attribute; nothing is filed.
    let before = app.count("problems").await;
    for (body, attribute) in [
        // The station category needs its station.
        (
            "service_code=election_polling_station&attribute[region]=KZ-75".to_string(),
            "attribute[polling_station]",
        ),
        // Station 7 is in KZ-71.
        (
            "service_code=election_polling_station&attribute[region]=KZ-75&attribute[polling_station]=7"
                .to_string(),
            "attribute[polling_station]",
        ),
        (
            "service_code=election_polling_station&attribute[region]=KZ-75&attribute[polling_station]=999"
                .to_string(),
            "attribute[polling_station]",
        ),
        (
            "service_code=election_polling_station&attribute[region]=KZ-75&attribute[polling_station]=No.5"
                .to_string(),
            "attribute[polling_station]",
        ),
        // The akim election does not cover KZ-75.
        (
            format!("service_code=election_vote_buying&attribute[region]=KZ-75&attribute[election]={akim}"),
            "attribute[election]",
        ),
        (
            format!(
                "service_code=election_vote_buying&attribute[region]=KZ-75&attribute[election]={}",
                akim + 1
            ),
            "attribute[election]",
        ),
        (
            "service_code=election_vote_buying&attribute[region]=KZ-75&attribute[election]=x"
                .to_string(),
            "attribute[election]",
        ),
        // Only election categories belong to an election.
        (
            format!("service_code=roads&attribute[region]=KZ-75&attribute[election]={mazhilis}"),
            "attribute[election]",
        ),
    ] {
        let (status, answer) = post(&app, &key, &format!("{body}&{REPORT}")).await;
        assert_eq!(status, 400, "{body}: {answer}");
        let v: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(v[0]["code"], 400);
        assert!(
            v[0]["description"].as_str().unwrap().starts_with(attribute),
            "{body}: {answer}"
        );
    }
    assert_eq!(app.count("problems").await, before);
}
