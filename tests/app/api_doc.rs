//! The OpenAPI document, the answers it describes, and the reference data endpoints.

use crate::helpers::{TestApp, json, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

#[tokio::test]
async fn openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let doc: Value = json(&app.api, app.url("/api/v1/openapi.json")).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/regions",
        "/api/v1/categories",
        "/api/v1/problems",
        "/api/v1/problems/{id}",
        "/api/v1/problems/{id}/actions",
        "/api/v1/problems/similar",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    assert!(paths["/api/v1/problems"]["post"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(
        doc["info"]["description"]
            .as_str()
            .unwrap()
            .contains("consents")
    );
}

#[tokio::test]
async fn reference_data_lists_twenty_regions_in_three_languages_and_election_categories() {
    let app = spawn_app().await;
    let regions: Value = json(&app.api, app.url("/api/v1/regions")).await;
    let regions = regions.as_array().unwrap();
    assert_eq!(regions.len(), 20);
    let almaty = regions.iter().find(|r| r["code"] == "KZ-75").unwrap();
    assert_eq!(
        (almaty["name_kk"].as_str(), almaty["name_ru"].as_str()),
        (Some("Алматы"), Some("Алматы"))
    );
    let cats: Value = json(&app.api, app.url("/api/v1/categories")).await;
    let election: Vec<&Value> = cats
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["group"] == "election")
        .collect();
    assert!(election.len() >= 4);
    assert!(
        election
            .iter()
            .all(|c| c["resolve_within"]["unit"] == "hours")
    );
    assert!(election.iter().any(|c| c["code"] == "election_violation"));
    assert_eq!(text(&app.api, app.url("/healthz")).await, "ok");
}

/// Each operation of the document: (path, method, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((path.clone(), method.clone(), op.clone()));
        }
    }
    out
}

/// A response object, following a `$ref` into `components.responses`.
fn resolve<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(r) => {
            let name = r.strip_prefix("#/components/responses/").unwrap();
            &doc["components"]["responses"][name]
        }
        None => response,
    }
}

#[tokio::test]
async fn every_answer_of_every_operation_is_described_and_errors_use_the_error_body() {
    let app = spawn_app().await;
    let doc: Value = json(&app.api, app.url("/api/v1/openapi.json")).await;
    let ops = operations(&doc);
    assert_eq!(ops.len(), 14);
    for (path, method, op) in &ops {
        let responses = op["responses"].as_object().unwrap();
        for (status, response) in responses {
            let response = resolve(&doc, response);
            let description = response["description"].as_str().unwrap_or("");
            assert!(
                !description.trim().is_empty(),
                "{method} {path} {status} has no description"
            );
            if status.starts_with('4') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
        // The rate limits and an unavailable service answer every route alike.
        for status in ["429", "503"] {
            let answer = resolve(&doc, &responses[status]);
            assert_eq!(
                answer["headers"]["Retry-After"]["schema"]["type"], "integer",
                "{method} {path} {status}"
            );
        }
        for p in op["parameters"].as_array().into_iter().flatten() {
            if p["in"] == "path" {
                assert_eq!(p["schema"]["minimum"], 1, "{method} {path} {}", p["name"]);
            }
        }
    }
    let statuses = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        statuses("/api/v1/problems/{id}/actions", "post"),
        [
            "200", "400", "401", "403", "404", "409", "413", "422", "429", "503"
        ]
    );
    assert_eq!(
        statuses("/api/v1/problems", "post"),
        ["201", "400", "413", "422", "429", "503"]
    );
    assert_eq!(
        statuses("/api/v1/problems/{id}/supports", "post"),
        ["202", "400", "404", "409", "413", "422", "429", "503"]
    );
    assert_eq!(
        statuses("/api/v1/problems/{id}", "get"),
        ["200", "404", "429", "503"]
    );
    assert_eq!(statuses("/api/v1/regions", "get"), ["200", "429", "503"]);
    assert_eq!(
        statuses("/api/v1/problems/similar", "get"),
        ["200", "422", "429", "503"]
    );
    let details = &doc["components"]["schemas"]["ErrorDetail"]["properties"];
    assert!(details["details"].is_object(), "several failing fields");
}

/// The fields of a request body in the document.
fn fields<'a>(doc: &'a Value, schema: &str) -> &'a Value {
    &doc["components"]["schemas"][schema]["allOf"][0]["properties"]
}

#[tokio::test]
async fn documented_limits_are_the_ones_the_server_enforces() {
    let app = spawn_app().await;
    let doc: Value = json(&app.api, app.url("/api/v1/openapi.json")).await;
    let new = fields(&doc, "NewProblemBody");
    let limits = |f: &str| (new[f]["minLength"].as_u64(), new[f]["maxLength"].as_u64());
    assert_eq!(limits("title"), (Some(5), Some(200)));
    assert_eq!(limits("description"), (Some(20), Some(5000)));
    assert_eq!(limits("address"), (None, Some(300)));
    assert_eq!(limits("display_name"), (None, Some(100)));
    let email = new["email"]["description"].as_str().unwrap();
    assert!(email.contains("at most 64 characters") && email.contains("254 bytes"));
    assert_eq!(
        (
            new["latitude"]["minimum"].as_f64(),
            new["latitude"]["maximum"].as_f64()
        ),
        (Some(40.5), Some(55.5))
    );
    let regions = new["region"]["enum"].as_array().unwrap();
    assert_eq!(regions.len(), 20);
    assert!(regions.contains(&json!("KZ-71")));
    assert!(
        new["category"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("roads"))
    );
    assert_eq!(
        doc["components"]["schemas"]["NewProblemBody"]["allOf"][0]["additionalProperties"],
        false
    );
    let action = fields(&doc, "ActionBody");
    assert_eq!(action["note"]["maxLength"], 5000);
    assert_eq!(action["action"]["enum"].as_array().unwrap().len(), 10);
    assert_eq!(action["representative_id"]["minimum"], 1);

    // Each text limit of the document, held against the server: the longest (and shortest)
    // value passes that field's rule, one character more (fewer) is a 422 naming it.
    let too = |what: &'static str, field: &'static str, n: usize| async move {
        let mut body = problem_body("KZ-71", "roads");
        body[field] = json!(what.repeat(n));
        body
    };
    for field in ["title", "description", "address", "display_name"] {
        let (min, max) = limits(field);
        let max = max.unwrap() as usize;
        let status = submit(&app, &too("x", field, max).await).await;
        assert_eq!(status, (201, None), "{field} of {max} characters");
        let status = submit(&app, &too("x", field, max + 1).await).await;
        assert_eq!(
            status,
            (422, Some(field.to_string())),
            "{field} of {} characters",
            max + 1
        );
        if let Some(min) = min {
            let min = min as usize;
            assert_eq!(
                submit(&app, &too("x", field, min).await).await.0,
                201,
                "{field}"
            );
            let status = submit(&app, &too("x", field, min - 1).await).await;
            assert_eq!(
                status,
                (422, Some(field.to_string())),
                "{field} of {} characters",
                min - 1
            );
        }
    }

    // The e-mail's lengths, which its description gives: a local part of 64 characters
    // and an address of 254 bytes pass, one more is a 422.
    let mailbox = |local: usize, last_label: usize| {
        let mut body = problem_body("KZ-71", "roads");
        let domain = format!(
            "{}.{}.{}.kz",
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(last_label)
        );
        body["email"] = json!(format!("{}@{domain}", "a".repeat(local)));
        body
    };
    let field = Some("email".to_string());
    assert_eq!(
        submit(&app, &mailbox(64, 58)).await,
        (201, None),
        "254 bytes"
    );
    assert_eq!(
        submit(&app, &mailbox(64, 59)).await,
        (422, field.clone()),
        "255 bytes"
    );
    assert_eq!(
        submit(&app, &mailbox(65, 10)).await,
        (422, field),
        "local part of 65"
    );

    // Query limits: per_page and page bounds, as documented.
    let list = doc["paths"]["/api/v1/problems"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let param = |name: &str| list.iter().find(|p| p["name"] == name).unwrap()["schema"].clone();
    assert_eq!(param("per_page")["maximum"], 100);
    // Offset pages reach the first 1,000 problems (page 1,001 of one problem each);
    // deeper pages follow the keyset cursor.
    assert_eq!(param("page")["maximum"], 1_001);
    assert_eq!(param("representative")["minimum"], 1);
    for (query, status) in [
        ("per_page=100", 200),
        ("per_page=101", 422),
        ("page=1001&per_page=1", 200),
        ("page=1002&per_page=1", 422),
        ("page=51", 200),
        ("page=52", 422),
    ] {
        let res = app
            .api
            .get(app.url(&format!("/api/v1/problems?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{query}");
    }
}

/// Submits `body`; the status and the field an error names.
async fn submit(app: &TestApp, body: &Value) -> (u16, Option<String>) {
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap();
    (status, v["error"]["field"].as_str().map(str::to_string))
}

#[tokio::test]
async fn an_undecodable_problem_id_is_a_json_404_like_any_unknown_id() {
    let app = spawn_app().await;
    // Bytes that are not UTF-8 once decoded: axum's own path extractor answered 400 in
    // plain text, which the document does not describe.
    for (method, path) in [
        ("GET", "/api/v1/problems/%FF"),
        ("POST", "/api/v1/problems/%C3%28/supports"),
    ] {
        let req = match method {
            "GET" => app.api.get(app.url(path)),
            _ => app
                .api
                .post(app.url(path))
                .json(&json!({"email": "a@example.kz"})),
        };
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 404, "{method} {path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/json",
            "{method} {path}"
        );
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn a_body_over_two_mebibytes_is_a_json_413() {
    let app = spawn_app().await;
    let mut body = problem_body("KZ-71", "roads");
    body["description"] = json!("d".repeat(2 * 1024 * 1024));
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/json");
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "too_large");
    assert_eq!(app.count("problems").await, 0);
}

#[tokio::test]
async fn an_id_written_as_a_whole_number_with_a_fraction_is_that_id() {
    // The document says `integer`, which JSON Schema counts 7.0 as; the server took only 7.
    let app = spawn_app().await;
    let rep = app.rep("rep@party.kz", "Rep", None, None).await;
    let other = app
        .user("other@party.kz", "Other", UserRole::Representative, &[])
        .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let admin = app.token("admin@league.kz").await;
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(app.public(id).await["representative"]["id"], rep);
    let res = app
        .act(
            &admin,
            id,
            json!({"action": "assign", "representative_id": f64::from(other)}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.public(id).await["representative"]["id"], other);
    let res = app
        .act(
            &admin,
            id,
            json!({"action": "assign", "representative_id": f64::from(other) + 0.5}),
        )
        .await;
    assert_eq!(res.status(), 422);
}
