//! The deployment examples in `deploy/` and the code agree: behind the reverse proxy the
//! rate limits count each client by the header the proxy sets, not by the proxy's address.

use crate::helpers::{problem_body, spawn_app_with};
use serde_json::json;

fn deploy_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/deploy/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[tokio::test]
async fn behind_the_proxy_each_client_address_has_its_own_submission_budget() {
    // What deploy/civic-tracker.service and deploy/Caddyfile configure.
    assert!(
        deploy_file("civic-tracker.service")
            .contains("\nEnvironment=CIVIC_SERVER__CLIENT_IP_HEADER=x-real-ip\n")
    );
    assert!(deploy_file("Caddyfile").contains("\t\theader_up X-Real-IP {remote_host}\n"));
    let app = spawn_app_with(|c| {
        c.limits.enabled = true;
        c.limits.submissions_per_hour = 2;
        c.server.client_ip_header = "x-real-ip".into();
    })
    .await;
    let mut n = 0;
    let mut file = async |client: &str| {
        n += 1;
        let mut body = problem_body("KZ-75", "roads");
        body["email"] = json!(format!("citizen{n}@example.kz"));
        app.api
            .post(app.url("/api/v1/problems"))
            .header("x-real-ip", client)
            .header("x-forwarded-for", "198.51.100.1")
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
    };
    // Every request comes from the same TCP peer (the proxy), for two clients.
    assert_eq!(file("203.0.113.7").await, 201);
    assert_eq!(file("203.0.113.7").await, 201);
    assert_eq!(
        file("203.0.113.7").await,
        429,
        "the first client's budget is spent"
    );
    assert_eq!(
        file("2001:db8::8").await,
        201,
        "the second client has its own"
    );
    assert_eq!(app.count("problems").await, 3);
}
