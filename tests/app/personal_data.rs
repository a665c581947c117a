//! Citizens' personal data (Kazakhstan's Law on Personal Data and its Protection): consent
//! kept with its text's version.

use crate::helpers::{TestApp, post_form, problem_body, spawn_app, text};
use civic_tracker::entities::problem;
use sea_orm::EntityTrait;

/// The problem's row as stored.
async fn row(app: &TestApp, id: i32) -> problem::Model {
    problem::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("problem")
}

#[tokio::test]
async fn the_form_shows_the_consent_text_and_its_version_and_each_problem_keeps_both() {
    let app = spawn_app().await;
    let citizen = app.browser();
    let form = text(&citizen, app.url("/problems/new")).await;
    assert!(form.contains(
        "I agree that League of Nur Otan Supporters processes my e-mail address and name to \
         handle this problem. They are never published."
    ));
    assert!(form.contains("consent text of 2026-11-28"));
    let csrf = TestApp::csrf_of(&form);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("title", "Broken street light"),
        (
            "description",
            "The street light at the corner has been broken for two weeks.",
        ),
        ("category", "roads"),
        ("region", "KZ-75"),
        ("email", "form@example.kz"),
    ];
    // Without the box ticked nothing is stored.
    let res = post_form(&citizen, app.url("/problems/new"), &fields).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("problems").await, 0);
    fields.push(("consent", "on"));
    let res = post_form(&citizen, app.url("/problems/new"), &fields).await;
    assert_eq!(res.status(), 200);
    let p = row(&app, 1).await;
    assert_eq!(p.consent_version.as_deref(), Some("2026-11-28"));
    assert_eq!(p.consent_at, Some("2026-11-25T05:00:00Z".parse().unwrap()));

    // The API's sending is its consent: the same version, at the time of sending.
    app.set_time("2026-11-25T07:30:00Z");
    let id = app.file(&problem_body("KZ-75", "roads")).await;
    let p = row(&app, id).await;
    assert_eq!(p.consent_version.as_deref(), Some("2026-11-28"));
    assert_eq!(p.consent_at, Some("2026-11-25T07:30:00Z".parse().unwrap()));
    assert_eq!(p.contact_erased_at, None);
}
