//! Open311 GeoReport v2, the reading half: discovery, services, service definitions and
//! service requests in XML and JSON, with the filters and their errors.

use crate::helpers::{TestApp, problem_body, spawn_app};
use serde_json::{Value, json};

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = app.api.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ctype, res.text().await.unwrap())
}

async fn json_of(app: &TestApp, path: &str) -> Value {
    let (status, ctype, body) = get(app, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    assert_eq!(ctype, "application/json; charset=utf-8");
    serde_json::from_str(&body).unwrap()
}

/// The XML answer, parsed (so it is well-formed), as a tree.
async fn xml_of(app: &TestApp, path: &str, status: u16) -> String {
    let (got, ctype, body) = get(app, path).await;
    assert_eq!(got, status, "{path}: {body}");
    assert_eq!(ctype, "text/xml; charset=utf-8");
    assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    roxmltree::Document::parse(&body).unwrap_or_else(|e| panic!("{path}: {e}\n{body}"));
    body
}

/// The texts of every `<name>` element, in order.
fn texts(xml: &str, name: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(name))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn discovery_services_and_definitions_in_both_formats() {
    let app = spawn_app().await;
    let d = json_of(&app, "/open311/v2/discovery.json?jurisdiction_id=civic.kz").await;
    assert_eq!(
        d["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(d["endpoints"][0]["url"], app.url("/open311/v2"));
    assert!(d["key_service"].as_str().unwrap().contains("email"));
    let changeset = d["changeset"].as_str().unwrap().to_string();
    assert_eq!(changeset, d["endpoints"][0]["changeset"]);
    assert_eq!(changeset.len(), 16);
    let x = xml_of(&app, "/open311/v2/discovery.xml", 200).await;
    assert_eq!(texts(&x, "format"), ["text/xml", "application/json"]);

    let s = json_of(&app, "/open311/v2/services.json").await;
    let list = s.as_array().unwrap();
    assert_eq!(list.len(), 17);
    let roads = list.iter().find(|v| v["service_code"] == "roads").unwrap();
    assert_eq!(roads["group"], "general");
    assert_eq!(
        (&roads["metadata"], &roads["type"]),
        (&json!(true), &json!("batch"))
    );
    assert!(
        roads["keywords"].as_str().unwrap().contains("Дороги"),
        "Russian keywords"
    );
    let election: Vec<&Value> = list.iter().filter(|v| v["group"] == "election").collect();
    assert_eq!(election.len(), 5);
    let x = xml_of(&app, "/open311/v2/services.xml", 200).await;
    assert_eq!(texts(&x, "service_code").len(), 17);
    assert!(
        texts(&x, "keywords").iter().any(|k| k.contains("Жолдар")),
        "Kazakh intact"
    );

    let def = json_of(&app, "/open311/v2/services/roads.json").await;
    assert_eq!(def["service_code"], "roads");
    let region = &def["attributes"][0];
    assert_eq!(region["code"], "region");
    assert_eq!(region["datatype"], "singlevaluelist");
    assert_eq!(region["required"], true);
    assert_eq!(region["values"].as_array().unwrap().len(), 20);
    let x = xml_of(&app, "/open311/v2/services/roads.xml", 200).await;
    assert_eq!(texts(&x, "key").len(), 20);
    assert!(texts(&x, "name").iter().any(|n| n.contains("Астана")));
    // Unknown service: 404 in the error format, in both formats.
    let (status, _, body) = get(&app, "/open311/v2/services/nope.json").await;
    assert_eq!(status, 404);
    let e: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(e[0]["code"], 404);
    assert!(e[0]["description"].as_str().unwrap().contains("nope"));
    let x = xml_of(&app, "/open311/v2/services/nope.xml", 404).await;
    assert_eq!(texts(&x, "code"), ["404"]);
    // Unknown formats and resources.
    assert_eq!(get(&app, "/open311/v2/services.csv").await.0, 404);
    assert_eq!(get(&app, "/open311/v2/things.json").await.0, 404);
}

#[tokio::test]
async fn requests_map_problems_and_filter_like_the_specification() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Алия Нурлановна", Some("KZ-75"), None)
        .await;
    let token = app.token("aliya@party.kz").await;
    let mut body = problem_body("KZ-75", "roads");
    body["description"] = json!("Жол бұзылған, көмектесіңіз: the road is broken <badly> & wide.");
    body["address"] = json!("Абай даңғылы 10");
    body["latitude"] = json!(43.25);
    body["longitude"] = json!(76.95);
    let (a, _) = app.file_confirmed(&body).await;
    let (b, _) = app
        .file_confirmed(&problem_body("KZ-75", "utilities"))
        .await;
    let c = app.file(&problem_body("KZ-75", "roads")).await; // never confirmed
    app.set_time("2026-11-25T08:00:00Z");
    let res = app
        .act(
            &token,
            b,
            json!({"action": "resolve", "note": "Fixed the pipe."}),
        )
        .await;
    assert_eq!(res.status(), 200);

    let all = json_of(&app, "/open311/v2/requests.json").await;
    let ids: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "unconfirmed problems are invisible: {ids:?}");
    assert!(!ids.contains(&i64::from(c)));
    let one = json_of(&app, &format!("/open311/v2/requests/{a}.json")).await;
    let r = &one[0];
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "roads");
    assert_eq!(r["service_name"], "Roads and pavements");
    assert_eq!(r["agency_responsible"], "Алия Нурлановна");
    assert!(
        r["status_notes"]
            .as_str()
            .unwrap()
            .starts_with("assigned: Routed to Алия")
    );
    assert_eq!(r["requested_datetime"], "2026-11-25T10:00:00+05:00");
    assert!(r["expected_datetime"].as_str().unwrap().ends_with("+05:00"));
    assert!(
        r["service_notice"]
            .as_str()
            .unwrap()
            .contains("15 working days")
    );
    assert_eq!((&r["lat"], &r["long"]), (&json!(43.25), &json!(76.95)));
    assert_eq!(r["address"], "Абай даңғылы 10");
    assert!(r.get("email").is_none() && !one.to_string().contains("citizen@example.kz"));
    let closed = json_of(&app, &format!("/open311/v2/requests/{b}.json")).await;
    assert_eq!(closed[0]["status"], "closed");
    assert_eq!(closed[0]["status_notes"], "resolved: Fixed the pipe.");
    // XML carries the same data, Kazakh and markup intact.
    let x = xml_of(&app, &format!("/open311/v2/requests/{a}.xml"), 200).await;
    assert_eq!(texts(&x, "service_request_id"), [a.to_string()]);
    assert_eq!(
        texts(&x, "description"),
        ["Жол бұзылған, көмектесіңіз: the road is broken <badly> & wide."]
    );
    assert_eq!(texts(&x, "agency_responsible"), ["Алия Нурлановна"]);
    let x = xml_of(&app, "/open311/v2/requests.xml", 200).await;
    assert_eq!(texts(&x, "request").len(), 2);

    // Filters.
    let n = |v: &Value| v.as_array().unwrap().len();
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?status=closed").await),
        1
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?status=open,closed").await),
        2
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?status=closed&status=open").await),
        2,
        "a parameter declared twice is a list"
    );
    assert_eq!(
        n(&json_of(
            &app,
            "/open311/v2/requests.json?service_code=utilities,housing"
        )
        .await),
        1
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?service_code=unknown").await),
        0
    );
    assert_eq!(
        n(&json_of(
            &app,
            "/open311/v2/requests.json?start_date=2026-11-26T00:00:00%2B05:00"
        )
        .await),
        0
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?start_date=2026-11-25T00:00:00Z&end_date=2026-11-26T00:00:00Z").await),
        2
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?page_size=1").await),
        1
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?page_size=1&page=2").await),
        1
    );
    assert_eq!(
        n(&json_of(&app, "/open311/v2/requests.json?page_size=1&page=3").await),
        0
    );
    // service_request_id overrides every other filter; unknown ids are left out.
    let byid = json_of(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={a},{b},{c},9999&status=closed&start_date=2020-01-01T00:00:00Z"),
    )
    .await;
    assert_eq!(n(&byid), 2);
    // Errors: 400 with the specification's format; 404 for unknown requests.
    for (query, says) in [
        ("start_date=2026-11-01", "start_date"),
        ("start_date=2026-11-01T00:00:00", "start_date"),
        (
            "start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z",
            "90 days",
        ),
        (
            "start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z",
            "end_date",
        ),
        ("status=pending", "status"),
        ("page_size=1001", "page_size"),
        ("service_request_id=1,x", "service_request_id"),
    ] {
        let (status, _, body) = get(&app, &format!("/open311/v2/requests.json?{query}")).await;
        assert_eq!(status, 400, "{query}");
        let e: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(e[0]["code"], 400);
        assert!(
            e[0]["description"].as_str().unwrap().contains(says),
            "{query}: {body}"
        );
        let x = xml_of(&app, &format!("/open311/v2/requests.xml?{query}"), 400).await;
        assert_eq!(texts(&x, "code"), ["400"]);
    }
    let many: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
    let (status, _, _) = get(
        &app,
        &format!(
            "/open311/v2/requests.json?service_request_id={}",
            many.join(",")
        ),
    )
    .await;
    assert_eq!(status, 400, "at most 100 ids");
    assert_eq!(
        get(&app, &format!("/open311/v2/requests/{c}.json")).await.0,
        404,
        "unconfirmed"
    );
    assert_eq!(get(&app, "/open311/v2/requests/abc.xml").await.0, 404);
    xml_of(&app, "/open311/v2/requests/424242.xml", 404).await;
}

/// An Open311 api_key of `kind` for a new app account.
async fn open311_key(app: &TestApp, email: &str, name: &str, kind: &str) -> String {
    app.user(email, name, civic_tracker::auth::UserRole::Monitor, &[])
        .await;
    civic_tracker::services::people::create_token(&app.state, email, kind)
        .await
        .unwrap()
}

/// An app with one representative (Aliya, any region and category) and the api_key of a
/// trusted Open311 client ("eGov app").
async fn app_with_trusted_key() -> (TestApp, String) {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", None, None).await;
    let key = open311_key(
        &app,
        "app@gov.kz",
        "eGov app",
        civic_tracker::auth::kind::OPEN311_TRUSTED,
    )
    .await;
    (app, key)
}

async fn post(app: &TestApp, path: &str, body: &str) -> (u16, String) {
    let res = app
        .api
        .post(app.url(path))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The specification's example request, with our key, a service of ours and a place in
/// Almaty (its foreign attributes are ignored).
fn example(key: &str) -> String {
    format!(
        "api_key={key}&jurisdiction_id=city.gov&service_code=roads&lat=43.238&long=76.945\
         &address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111\
         &account_id=123456&first_name=john&last_name=smith&phone=111111111\
         &description=A+large+sinkhole+is+destroying+the+street.+Cars+fall+in.\
         &media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg\
         &attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001"
    )
}

#[tokio::test]
async fn posting_follows_confirmation_and_tokens_tell_the_request_id() {
    let app = spawn_app().await;
    app.rep("aliya@party.kz", "Aliya", Some("KZ-75"), None)
        .await;
    let key = open311_key(
        &app,
        "app@fixmystreet.kz",
        "Mobile app",
        civic_tracker::auth::kind::OPEN311,
    )
    .await;
    let (status, body) = post(&app, "/open311/v2/requests.json", &example(&key)).await;
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let token = answer[0]["token"].as_str().unwrap().to_string();
    assert!(answer[0].get("service_request_id").is_none());
    assert_eq!(
        answer[0]["account_id"],
        Value::Null,
        "personal fields are never returned"
    );
    assert!(
        answer[0]["service_notice"]
            .as_str()
            .unwrap()
            .contains("working days")
    );
    // Until the citizen confirms: the token alone; the request is invisible.
    let t = json_of(&app, &format!("/open311/v2/tokens/{token}.json")).await;
    assert_eq!(t, json!([{"token": token}]));
    assert_eq!(n_requests(&app).await, 0);
    // The same confirmation mail as the web form's.
    let mails = app.deliver().await;
    let confirm = mails
        .iter()
        .find(|m| m.to == ["smit333@sfgov.edu"])
        .expect("confirmation mail")
        .link(&app.url("/confirm/"));
    assert_eq!(app.press(&confirm).await.status(), 303);
    let t = json_of(&app, &format!("/open311/v2/tokens/{token}.json")).await;
    let id = t[0]["service_request_id"].as_i64().unwrap();
    let x = xml_of(&app, &format!("/open311/v2/tokens/{token}.xml"), 200).await;
    assert_eq!(texts(&x, "service_request_id"), [id.to_string()]);
    // Routed like any problem: the region came from lat/long, the title from the first
    // sentence; personal fields are never returned.
    let r = json_of(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(r[0]["agency_responsible"], "Aliya");
    assert_eq!(
        r[0]["media_url"],
        "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg"
    );
    let text = r.to_string();
    for private in [
        "smit333",
        "111111111",
        "tt222111",
        "123456",
        "john",
        "smith",
    ] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    let view = app.public(id as i32).await;
    assert_eq!(view["region"]["code"], "KZ-75");
    assert_eq!(
        view["author"],
        Value::Null,
        "first_name and last_name stay private"
    );
    assert!(!view.to_string().contains("john"));
    assert_eq!(view["title"], "A large sinkhole is destroying the street.");
    // XML answers to POST too.
    let (status, body) = post(&app, "/open311/v2/requests.xml", &example(&key)).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&body, "token").len(), 1);
    assert_eq!(get(&app, "/open311/v2/tokens/nope.json").await.0, 404);
}

async fn n_requests(app: &TestApp) -> usize {
    json_of(app, "/open311/v2/requests.json")
        .await
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_trusted_post_whose_routing_fails_leaves_no_problem_behind() {
    use sea_orm::{ConnectionTrait, DbBackend};
    let (app, trusted) = app_with_trusted_key().await;
    // The database refuses the confirmation's event, as a failing disk or a dropped
    // connection would refuse any step after the problem row was written.
    let db = &app.state.db;
    let refuse = match db.get_database_backend() {
        DbBackend::Postgres => vec![
            "CREATE FUNCTION refuse_confirm() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'confirmation refused'; END $$",
            "CREATE TRIGGER refuse_confirm BEFORE INSERT ON problem_events FOR EACH ROW \
             WHEN (NEW.action = 'confirm') EXECUTE FUNCTION refuse_confirm()",
        ],
        _ => vec![
            "CREATE TRIGGER refuse_confirm BEFORE INSERT ON problem_events \
             WHEN NEW.action = 'confirm' BEGIN SELECT RAISE(ABORT, 'confirmation refused'); END",
        ],
    };
    for sql in refuse {
        db.execute_unprepared(sql).await.unwrap();
    }
    let body = "service_code=roads&attribute[region]=KZ-71&email=citizen%40example.kz\
                &description=The+street+light+at+the+corner+has+been+broken+for+weeks.";
    let (status, answer) = post(
        &app,
        &format!("/open311/v2/requests.json?api_key={trusted}"),
        body,
    )
    .await;
    // Open311 has no 5xx in its error list: the client is told to try again.
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("please try again"), "{answer}");
    let left = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM problems",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(
        left, 0,
        "the submission and its confirmation are one transaction"
    );

    // Once the database takes the confirmation again, the same request succeeds once.
    let drop = match db.get_database_backend() {
        DbBackend::Postgres => "DROP TRIGGER refuse_confirm ON problem_events",
        _ => "DROP TRIGGER refuse_confirm",
    };
    db.execute_unprepared(drop).await.unwrap();
    let (status, answer) = post(
        &app,
        &format!("/open311/v2/requests.json?api_key={trusted}"),
        body,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let id = serde_json::from_str::<Value>(&answer).unwrap()[0]["service_request_id"]
        .as_i64()
        .expect("an id at once");
    let public = app.public(id as i32).await;
    assert_eq!(public["status"], "assigned", "{public}");
    assert_eq!(public["name"], "Aliya", "{public}");
}

#[tokio::test]
async fn a_trusted_key_skips_confirmation_and_bad_posts_get_the_specifications_errors() {
    let (app, trusted) = app_with_trusted_key().await;
    let api = app.token("app@gov.kz").await; // a core API token is not an api_key
    let base = "service_code=election_violation&attribute[region]=KZ-71\
                &attribute[title]=Ballots+carried+out&email=voter%40example.kz\
                &description=Two+men+carried+a+box+of+ballots+out+of+polling+station+12.";
    // The key may come in the query string.
    let (status, body) = post(
        &app,
        &format!("/open311/v2/requests.json?api_key={trusted}"),
        base,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let id = answer[0]["service_request_id"]
        .as_i64()
        .expect("an id at once");
    assert!(answer[0].get("token").is_none());
    let r = json_of(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(r[0]["status"], "open");
    assert_eq!(r[0]["service_code"], "election_violation");
    assert_eq!(app.public(id as i32).await["title"], "Ballots carried out");
    assert!(
        !app.deliver()
            .await
            .iter()
            .any(|m| m.to == ["voter@example.kz"] && m.subject.contains("confirm")),
        "a trusted app's citizen is not asked to confirm"
    );

    for (body, status, says) in [
        (base.to_string(), 403, "api_key"),
        (format!("api_key={api}&{base}"), 403, "api_key"),
        (format!("api_key=wrong&{base}"), 403, "api_key"),
        (
            format!(
                "api_key={trusted}&{}",
                base.replace("service_code=election_violation&", "")
            ),
            400,
            "service_code",
        ),
        (
            format!(
                "api_key={trusted}&{}",
                base.replace("election_violation", "potholes")
            ),
            404,
            "potholes",
        ),
        (
            format!(
                "api_key={trusted}&{}",
                base.replace("&email=voter%40example.kz", "")
            ),
            400,
            "email",
        ),
        (
            format!(
                "api_key={trusted}&{}",
                base.replace("attribute[region]=KZ-71", "x=1")
            ),
            400,
            "attribute[region]",
        ),
        (
            format!("api_key={trusted}&{}", base.replace("KZ-71", "KZ-99")),
            400,
            "attribute[region]",
        ),
        (
            format!(
                "api_key={trusted}&{}",
                base.replace("Ballots+carried+out", "Bal")
            ),
            400,
            "attribute[title]",
        ),
        (
            format!(
                "api_key={trusted}&service_code=roads&attribute[region]=KZ-71&email=a%40b.kz&description=Too+short"
            ),
            400,
            "description",
        ),
        (
            format!("api_key={trusted}&{base}&lat=91&long=10"),
            400,
            "lat",
        ),
        (
            format!(
                "api_key={trusted}&{}",
                base.replace("voter%40example.kz", "not-an-address")
            ),
            400,
            "email",
        ),
    ] {
        for ext in ["json", "xml"] {
            let (got, text) = post(&app, &format!("/open311/v2/requests.{ext}"), &body).await;
            assert_eq!(got, status, "{body} ({ext}): {text}");
            if ext == "json" {
                let e: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(e[0]["code"], status);
                assert!(
                    e[0]["description"].as_str().unwrap().contains(says),
                    "{body}: {text}"
                );
            } else {
                assert_eq!(texts(&text, "code"), [status.to_string()]);
            }
        }
    }
    assert_eq!(n_requests(&app).await, 1, "no bad post stored anything");
    assert_eq!(post(&app, "/open311/v2/services.json", base).await.0, 404);
}

/// A real 1×1 PNG: signature, IHDR (ending at byte 33), IDAT, IEND.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A multipart/form-data body with text fields and one `media` file.
fn multipart(fields: &[(&str, &str)], media: Option<&[u8]>) -> (String, Vec<u8>) {
    let boundary = "----civic-tracker-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some(bytes) = media {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"photo.png\"\r\n\
                 Content-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_photo_posted_as_multipart_is_stored_served_and_linked() {
    let (app, key) = app_with_trusted_key().await;
    let fields = [
        ("api_key", key.as_str()),
        ("service_code", "roads"),
        ("attribute[region]", "KZ-71"),
        ("email", "citizen@example.kz"),
        (
            "description",
            "Жолда үлкен шұңқыр бар. A deep pothole on Kenesary street.",
        ),
    ];
    // A phone's photo says where it was taken; the stored one does not.
    let text = b"Comment\0GPS 43.238949 76.945465";
    let upload: Vec<u8> = [
        &PNG[..33],
        &u32::try_from(text.len()).unwrap().to_be_bytes(),
        b"tEXt",
        text,
        &[0xcf, 0xae, 0x1b, 0xca],
        &PNG[33..],
    ]
    .concat();
    let png = PNG.to_vec();
    let send = async |ctype: String, body: Vec<u8>| {
        let res = app
            .api
            .post(app.url("/open311/v2/requests.json"))
            .header("content-type", ctype)
            .body(body)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    let (ctype, body) = multipart(&fields, Some(&upload));
    let (status, text) = send(ctype, body).await;
    assert_eq!(status, 200, "{text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    let id = answer[0]["service_request_id"].as_i64().unwrap();
    let r = json_of(&app, &format!("/open311/v2/requests/{id}.json")).await;
    let url = r[0]["media_url"].as_str().unwrap().to_string();
    // Decoded and re-encoded: an opaque PNG is stored as a JPEG of the same size, and no
    // byte of its text chunk is left.
    assert!(
        url.starts_with(&app.url("/media/")) && url.ends_with(".jpg"),
        "{url}"
    );
    let res = app.api.get(&url).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let served = res.bytes().await.unwrap();
    let picture = image::load_from_memory(&served).unwrap();
    assert_eq!((picture.width(), picture.height()), (1, 1));
    assert!(!served.windows(3).any(|w| w == b"GPS"));
    // Not an image (whatever it says it is), too large, or a refused request: nothing kept.
    let stored = || {
        std::fs::read_dir(&app.state.config.app.media_dir)
            .map(|d| d.count())
            .unwrap_or(0)
    };
    assert_eq!(stored(), 1);
    for (media, says) in [
        (b"<svg onload=alert(1)></svg>".to_vec(), "JPEG, PNG or WebP"),
        // A PNG signature with no chunks after it.
        (
            [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 100]].concat(),
            "well-formed",
        ),
        (
            [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 5000]].concat(),
            "larger than 4096",
        ),
    ] {
        let (ctype, body) = multipart(&fields, Some(&media));
        let (status, text) = send(ctype, body).await;
        assert_eq!(status, 400, "{text}");
        assert!(text.contains(says), "{text}");
    }
    let mut no_email = fields.to_vec();
    no_email.retain(|(k, _)| *k != "email");
    let (ctype, body) = multipart(&no_email, Some(&png));
    assert_eq!(send(ctype, body).await.0, 400);
    assert_eq!(stored(), 1, "the refused request's photo was removed");
    assert_eq!(n_requests(&app).await, 1);
    assert_eq!(
        app.api
            .get(app.url("/media/..%2Fsecret.png"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.api
            .get(app.url("/media/nothing.png"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // With a key whose citizens confirm by e-mail, the photo stays private until then.
    let key2 = open311_key(
        &app,
        "app2@city.kz",
        "City app",
        civic_tracker::auth::kind::OPEN311,
    )
    .await;
    let mut fields2 = fields.to_vec();
    fields2[0] = ("api_key", key2.as_str());
    let (ctype, body) = multipart(&fields2, Some(&png));
    assert_eq!(send(ctype, body).await.0, 200);
    let others: Vec<String> = std::fs::read_dir(&app.state.config.app.media_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !url.ends_with(n.as_str()))
        .collect();
    assert_eq!(others.len(), 1);
    let hidden = app.url(&format!("/media/{}", others[0]));
    assert_eq!(app.api.get(&hidden).send().await.unwrap().status(), 404);
    let mails = app.deliver().await;
    let confirm = mails
        .iter()
        .find(|m| m.to == ["citizen@example.kz"] && m.subject.contains("confirm"))
        .unwrap()
        .link(&app.url("/confirm/"));
    app.press(&confirm).await;
    assert_eq!(app.api.get(&hidden).send().await.unwrap().status(), 200);
    // A photo whose request is never confirmed goes when the request is purged, even when
    // the service's address changed since it was stored.
    let (ctype, body) = multipart(&fields2, Some(&png));
    assert_eq!(send(ctype, body).await.0, 200);
    assert_eq!(stored(), 3);
    use sea_orm::ConnectionTrait;
    let moved = app
        .state
        .db
        .execute_unprepared(&format!(
            "UPDATE problems SET media_url = REPLACE(media_url, '{}', 'https://old.league.kz') \
             WHERE status = 'unconfirmed'",
            app.url("")
        ))
        .await
        .unwrap();
    assert_eq!(moved.rows_affected(), 1);
    // A request that only links to another problem's photo (any address may be sent as
    // media_url) does not take that photo with it when it is purged.
    let mut borrowing = fields2.clone();
    borrowing.push(("media_url", url.as_str()));
    let (ctype, body) = multipart(&borrowing, None);
    assert_eq!(send(ctype, body).await.0, 200);
    assert_eq!(stored(), 3);
    app.state.clock.advance(chrono::Duration::days(8));
    let ran = app.job("purge").await;
    assert!(
        matches!(&ran, civic_tracker::jobs::Ran::Done { summary, .. }
            if summary == "2 unconfirmed problems purged, 1 photo removed, \
                           0 old replies by e-mail forgotten, \
                           contact details of 0 closed problems erased"),
        "{ran:?}"
    );
    assert_eq!(stored(), 2);
    assert_eq!(app.api.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(app.api.get(&hidden).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn other_methods_get_405_in_the_specifications_error_format() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        (
            reqwest::Method::PUT,
            "/open311/v2/requests.json",
            "GET, POST",
        ),
        (reqwest::Method::DELETE, "/open311/v2/requests/1.xml", "GET"),
        (
            reqwest::Method::POST,
            "/open311/v2/services/roads.json",
            "GET",
        ),
        (reqwest::Method::PATCH, "/open311/v2/tokens/abc.xml", "GET"),
    ] {
        let res = app
            .api
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method} {path}");
        assert_eq!(res.headers()["allow"], allow, "{method} {path}");
        let body = res.text().await.unwrap();
        if path.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&body).unwrap();
            let code = doc
                .descendants()
                .find(|n| n.has_tag_name("code"))
                .and_then(|n| n.text());
            assert_eq!(code, Some("405"), "{body}");
        } else {
            let v: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(v[0]["code"], 405, "{body}");
            assert!(v[0]["description"].as_str().unwrap().contains(allow));
        }
    }
}

#[tokio::test]
async fn service_requests_name_their_service_in_the_readers_language() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    let reference = app.state.reference();
    let roads = reference.category("roads").unwrap().clone();
    for (query, header, expected) in [
        ("?locale=ru", None, roads.name_ru.clone()),
        ("", Some("kk-KZ"), roads.name_kk.clone()),
        ("", None, roads.name_en.clone()),
    ] {
        for path in [
            format!("/open311/v2/requests.json{query}"),
            format!("/open311/v2/requests/{id}.json{query}"),
        ] {
            let mut req = app.api.get(app.url(&path));
            if let Some(h) = header {
                req = req.header("accept-language", h);
            }
            let v: serde_json::Value = req.send().await.unwrap().json().await.unwrap();
            assert_eq!(v[0]["service_name"], expected.as_str(), "{path} {header:?}");
            assert_eq!(v[0]["service_code"], "roads");
        }
    }
    assert_ne!(roads.name_ru, roads.name_kk);
}
