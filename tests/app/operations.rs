//! Admins' operations pages: the holiday calendar (and deadlines that follow it), dead mail
//! with its retry button, and the jobs' last runs.

use crate::helpers::{SinkMode, TestApp, post_form, problem_body, spawn_app, text};
use civic_tracker::auth::UserRole;

async fn admin(app: &TestApp) -> reqwest::Client {
    app.user("admin@league.kz", "Admin", UserRole::Admin, &[])
        .await;
    app.login("admin@league.kz").await
}

#[tokio::test]
async fn admins_edit_the_holiday_calendar_and_deadlines_follow_it() {
    let app = spawn_app().await;
    app.rep("rep@party.kz", "Rep", None, None).await;
    let b = admin(&app).await;
    let page = text(&b, app.url("/admin/holidays")).await;
    assert!(
        page.contains("Independence Day"),
        "the fixed holidays are seeded"
    );
    let csrf = TestApp::csrf_of(&page);
    let rows = app.count("holidays").await;
    // Bad input: each a 422 naming the field, nothing stored.
    for (form, field) in [
        (
            vec![
                ("date", "2026-02-30"),
                ("name", "Nope"),
                ("kind", "day_off"),
            ],
            "date",
        ),
        (
            vec![("date", "2026-11-27"), ("name", ""), ("kind", "day_off")],
            "name",
        ),
        (
            vec![("date", "2026-11-27"), ("name", "Odd"), ("kind", "holiday")],
            "kind",
        ),
        (
            vec![
                ("date", "2026-11-28"),
                ("name", "Saturday worked"),
                ("kind", "working_day"),
                ("every_year", "on"),
            ],
            "every_year",
        ),
    ] {
        let mut form = form;
        form.push(("csrf", &csrf));
        let res = post_form(&b, app.url("/admin/holidays"), &form).await;
        assert_eq!(res.status(), 422, "{field}");
        let body = res.text().await.unwrap();
        assert!(
            body.contains(&format!("id=\"{field}-error\"")) || body.contains("class=\"error\""),
            "{field}: {body}"
        );
    }
    assert_eq!(app.count("holidays").await, rows);
    // A coordinator may not edit the calendar.
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let c = app.login("coord@league.kz").await;
    assert_eq!(
        c.get(app.url("/admin/holidays"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // Friday 27 November made a day off: 2 working days from Wednesday end on Monday.
    let res = post_form(
        &b,
        app.url("/admin/holidays"),
        &[
            ("date", "2026-11-27"),
            ("name", "Transferred day off"),
            ("kind", "day_off"),
            ("csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(
        app.public(id).await["acknowledge_by"],
        "2026-11-30T05:00:00Z"
    );
    // Removed again: the next problem's deadline is Friday.
    let page = text(&b, app.url("/admin/holidays")).await;
    let hid: i32 = page
        .split("/admin/holidays/")
        .filter_map(|s| s.split('/').next()?.parse().ok())
        .max()
        .unwrap();
    let res = post_form(
        &b,
        app.url(&format!("/admin/holidays/{hid}/delete")),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("holidays").await, rows);
    let (id, _) = app.file_confirmed(&problem_body("KZ-75", "roads")).await;
    assert_eq!(
        app.public(id).await["acknowledge_by"],
        "2026-11-27T05:00:00Z"
    );
}

#[tokio::test]
async fn dead_mail_is_shown_to_admins_who_can_retry_it() {
    let app = spawn_app().await;
    let b = admin(&app).await;
    app.file(&problem_body("KZ-71", "roads")).await;
    *app.smtp.mode.lock().unwrap() = SinkMode::Permanent;
    app.deliver().await;
    *app.smtp.mode.lock().unwrap() = SinkMode::Accept;
    let page = text(&b, app.url("/admin/mail")).await;
    assert!(page.contains("confirm_problem"));
    assert!(page.contains("550"), "the last error is shown");
    assert!(page.contains("/admin/mail/2/retry"), "{page}");
    let csrf = TestApp::csrf_of(&page);
    // Not for coordinators; not without the CSRF token.
    app.user("coord@league.kz", "Coord", UserRole::Coordinator, &[])
        .await;
    let c = app.login("coord@league.kz").await;
    assert_eq!(
        c.get(app.url("/admin/mail")).send().await.unwrap().status(),
        403
    );
    let res = post_form(&b, app.url("/admin/mail/2/retry"), &[("csrf", "forged")]).await;
    assert_eq!(res.status(), 403);
    let res = post_form(&b, app.url("/admin/mail/2/retry"), &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 303);
    let mails = app.deliver().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["citizen@example.kz"]);
    // Only dead mail can be retried.
    let res = post_form(&b, app.url("/admin/mail/2/retry"), &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 404);
    assert!(
        text(&b, app.url("/admin/mail"))
            .await
            .contains("All mail has been delivered.")
    );
}

#[tokio::test]
async fn the_jobs_page_shows_last_and_next_runs() {
    let app = spawn_app().await;
    let b = admin(&app).await;
    app.job("sla").await;
    let page = text(&b, app.url("/admin/jobs")).await;
    for name in [
        "sla",
        "citizen-check",
        "digest-daily",
        "digest-weekly",
        "rep-summary",
        "purge",
        "ledger-checkpoint",
        "outbox",
    ] {
        assert!(page.contains(&format!("<code>{name}</code>")), "{name}");
    }
    assert!(page.contains("0 checked, 0 reminded, 0 overdue, 0 escalated, 0 mails"));
    assert!(page.contains("<code>0 0 8 * * Mon</code>"));
}
