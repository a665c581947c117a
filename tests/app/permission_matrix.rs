//! The whole permission matrix, walked as each kind of visitor: anonymous, a citizen with
//! a tracking link, a representative (own problem / another's), a coordinator (own region
//! / another region / a representative with no rules), a monitor and an admin, against
//! every staff page and the API's actions. The table they follow is
//! `src/domain/permissions.rs` (and the status machine's for actions on a problem).

use crate::helpers::{TestApp, problem_body, spawn_app};
use civic_tracker::auth::UserRole;
use serde_json::{Value, json};

/// The visitors, in the order of every expectation row below.
const WHO: [&str; 7] = [
    "anonymous",
    "rep (own problem)",
    "rep (another's)",
    "coordinator (own region)",
    "coordinator (other region)",
    "monitor",
    "admin",
];

/// A form's path, its fields, and what each visitor gets.
type FormRow = (String, Vec<(&'static str, &'static str)>, [u16; 7]);

struct Visitor {
    browser: reqwest::Client,
    csrf: String,
    token: Option<String>,
}

async fn visitors(app: &TestApp) -> Vec<Visitor> {
    let mut out = Vec::new();
    let anon = app.browser();
    let csrf = TestApp::csrf_of(
        &anon
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    out.push(Visitor {
        browser: anon,
        csrf,
        token: None,
    });
    for email in [
        "own@party.kz",
        "other@party.kz",
        "almaty@league.kz",
        "astana@league.kz",
        "monitor@watch.kz",
        "admin@league.kz",
    ] {
        let b = app.login(email).await;
        let page = b
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = TestApp::csrf_of(&page);
        out.push(Visitor {
            browser: b,
            csrf,
            token: Some(app.token(email).await),
        });
    }
    out
}

fn check(what: &str, got: &[u16], want: &[u16; 7]) {
    let wrong: Vec<String> = WHO
        .iter()
        .zip(got.iter().zip(want))
        .filter(|(_, (g, w))| g != w)
        .map(|(who, (g, w))| format!("{who}: {g}, expected {w}"))
        .collect();
    assert!(wrong.is_empty(), "{what}: {wrong:?}");
}

#[tokio::test]
async fn every_visitor_reaches_exactly_what_the_table_allows() {
    let app = spawn_app().await;
    app.rep("own@party.kz", "Own rep", Some("KZ-75"), None)
        .await;
    app.rep("other@party.kz", "Other rep", Some("KZ-71"), None)
        .await;
    let no_rules = app
        .user(
            "norules@party.kz",
            "Rep without rules",
            UserRole::Representative,
            &[],
        )
        .await;
    app.user(
        "almaty@league.kz",
        "Almaty",
        UserRole::Coordinator,
        &["KZ-75"],
    )
    .await;
    app.user(
        "astana@league.kz",
        "Astana",
        UserRole::Coordinator,
        &["KZ-71"],
    )
    .await;
    app.user("monitor@watch.kz", "Monitor", UserRole::Monitor, &[])
        .await;
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    let id = app.file(&problem_body("KZ-75", "roads")).await;
    let mails = app.deliver().await;
    let tracking = mails[0].link(&app.url("/track/"));
    app.press(&mails[0].link(&app.url("/confirm/"))).await;
    app.deliver().await;
    let v = visitors(&app).await;

    // Pages.
    let pages: &[(&str, [u16; 7])] = &[
        ("/workspace", [403, 200, 200, 303, 303, 303, 303]),
        (
            "/workspace/problems/ID",
            [403, 200, 200, 200, 200, 200, 200],
        ),
        ("/triage", [403, 403, 403, 200, 200, 200, 200]),
        (
            "/admin/representatives",
            [403, 403, 403, 200, 200, 200, 200],
        ),
        ("/admin/rules", [403, 403, 403, 200, 200, 200, 200]),
        ("/admin/categories", [403, 403, 403, 200, 200, 200, 200]),
        ("/admin/jobs", [403, 403, 403, 403, 403, 403, 200]),
        ("/admin/mail", [403, 403, 403, 403, 403, 403, 200]),
        ("/admin/access-log", [403, 403, 403, 403, 403, 403, 200]),
        ("/admin/holidays", [403, 403, 403, 403, 403, 403, 200]),
        ("/admin/users", [403, 403, 403, 403, 403, 403, 200]),
        ("/account", [403, 200, 200, 200, 200, 200, 200]),
    ];
    for (path, want) in pages {
        let url = app.url(&path.replace("ID", &id.to_string()));
        let mut got = Vec::new();
        for x in &v {
            got.push(x.browser.get(&url).send().await.unwrap().status().as_u16());
        }
        check(path, &got, want);
    }
    // Citizens' contact details: only for the coordinator of the region and the admin.
    let mut got = Vec::new();
    for x in &v {
        let page = x
            .browser
            .get(app.url(&format!("/workspace/problems/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        got.push(if page.contains("citizen@example.kz") {
            1
        } else {
            0
        });
    }
    check("contact details shown", &got, &[0, 0, 0, 1, 0, 0, 1]);
    // The citizen's tracking link works for whoever holds it; a guessed one does not.
    for x in &v {
        assert_eq!(x.browser.get(&tracking).send().await.unwrap().status(), 200);
        let guessed = app.url("/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(x.browser.get(&guessed).send().await.unwrap().status(), 404);
    }

    // The API's actions on the problem (assigned to the Almaty representative).
    let actions: &[(Value, [u16; 7])] = &[
        (
            json!({"action": "comment", "note": "Looking."}),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // Allowed, then refused for the missing field (422); refused first otherwise.
        (
            json!({"action": "assign"}),
            [401, 403, 403, 422, 403, 403, 422],
        ),
        (
            // Allowed to these roles, but not while the problem is assigned (409).
            json!({"action": "close"}),
            [401, 403, 403, 409, 403, 403, 409],
        ),
    ];
    for (body, want) in actions {
        let mut got = Vec::new();
        for x in &v {
            let mut req = app
                .api
                .post(app.url(&format!("/api/v1/problems/{id}/actions")))
                .json(body);
            if let Some(t) = &x.token {
                req = req.bearer_auth(t);
            }
            got.push(req.send().await.unwrap().status().as_u16());
        }
        check(&body.to_string(), &got, want);
    }

    // Forms that change people and operations. A representative without rules is managed
    // by those who route everywhere only. Each row changes state only for the last visitor.
    let forms: &[FormRow] = &[
        (
            "/admin/holidays".into(),
            vec![("date", "not-a-date"), ("name", "x")],
            [403, 403, 403, 403, 403, 403, 422],
        ),
        (
            format!("/admin/representatives/{no_rules}/deactivate"),
            vec![],
            [403, 403, 403, 403, 403, 403, 303],
        ),
        (
            "/admin/users/2/revoke".into(),
            vec![],
            [403, 403, 403, 403, 403, 403, 303],
        ),
    ];
    for (path, fields, want) in forms {
        let mut got = Vec::new();
        for x in &v {
            let mut form: Vec<(&str, &str)> = vec![("csrf", x.csrf.as_str())];
            form.extend(fields.iter().copied());
            let res = x
                .browser
                .post(app.url(path))
                .form(&form)
                .send()
                .await
                .unwrap();
            got.push(res.status().as_u16());
        }
        check(path, &got, want);
    }
}
