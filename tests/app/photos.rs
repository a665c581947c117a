//! Photos as evidence (issue 19): the citizen files "before" photos with the problem (web
//! form or multipart API), the assigned representative adds "after" photos with a comment
//! or the resolution; every photo is stored upright and without metadata, with a thumbnail;
//! coordinators and admins can hide one, which then answers 404 and shows the reason.

pub mod fixtures;

use crate::helpers::{TestApp, follow, json, problem_body, text};
use civic_tracker::auth::UserRole;
use fixtures::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_sideways_phone_photo_is_stored_upright_without_any_metadata() {
    let app = photo_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-71"), None).await;
    let upload = sideways_phone_jpeg();
    assert!(upload.windows(9).any(|w| w == b"43.238949"));
    let (status, answer) = file_with(&app, &[&upload]).await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().unwrap();
    // Not public before the citizen confirms: neither the problem nor its photo.
    let names = stored(&app);
    assert_eq!(names.len(), 2, "the picture and its thumbnail: {names:?}");
    for name in &names {
        assert_eq!(
            get(&app, &app.url(&format!("/media/{name}")))
                .await
                .status(),
            404
        );
    }
    confirm(&app).await;
    let p = app.public(id as i32).await;
    let photos = p["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 1, "{p}");
    let photo = &photos[0];
    assert_eq!(photo["kind"], "citizen");
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(20), Some(40))
    );
    assert_eq!(photo["hidden"], false);
    let url = photo["url"].as_str().unwrap();
    let thumb = photo["thumbnail_url"].as_str().unwrap();
    for (address, bytes) in [
        (url, stored_file(&app, url)),
        (thumb, stored_file(&app, thumb)),
    ] {
        // Upright: the red left half of the sideways picture is now on top.
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (20, 40), "{address}");
        let top = img.get_pixel(10, 5).0;
        let bottom = img.get_pixel(10, 35).0;
        assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "bottom is blue: {bottom:?}"
        );
        // Nothing of the EXIF, its GPS directory, the XMP or the comment is left.
        for needle in [
            &b"Exif"[..],
            b"43.238949",
            b"GPS",
            b"xmpmeta",
            b"ns.adobe.com",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{address} still holds {:?}",
                String::from_utf8_lossy(needle)
            );
        }
        let res = get(&app, address).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }
    // Open311 shows the citizen's photo as the request's media_url.
    let r = json(
        &app.api,
        app.url(&format!("/open311/v2/requests/{id}.json")),
    )
    .await;
    assert_eq!(r[0]["media_url"], url);
}

#[tokio::test]
async fn the_web_form_takes_photos_and_thumbnails_are_at_most_640_pixels() {
    let app = photo_app().await;
    let b = app.browser();
    let form = text(&b, app.url("/problems/new")).await;
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(form.contains("name=\"photos\""));
    let csrf = TestApp::csrf_of(&form);
    let big = picture(1300, 700, image::ImageFormat::Png);
    let mut fields = problem_fields("KZ-71");
    fields.push(("consent".into(), "on".into()));
    fields.push(("csrf".into(), csrf));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (ctype, body) = multipart(&fields, &[&big, b""]);
    let res = b
        .post(app.url("/problems/new"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert_eq!(stored(&app).len(), 2, "the empty file input adds nothing");
    confirm(&app).await;
    let id = app
        .integers("SELECT CAST(id AS BIGINT) FROM problems")
        .await[0][0] as i32;
    let photo = &app.public(id).await["photos"][0];
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(1300), Some(700))
    );
    let thumb = get(&app, photo["thumbnail_url"].as_str().unwrap()).await;
    let thumb = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (640, 345));
    // Without a CSRF token the form stores nothing.
    let (ctype, body) = multipart(&fields[..fields.len() - 1], &[&big]);
    let res = b
        .post(app.url("/problems/new"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(stored(&app).len(), 2);
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_refused_naming_the_field_and_nothing_is_stored() {
    let app = photo_app().await;
    let good = picture(30, 20, image::ImageFormat::Jpeg);
    let not_image: &[u8] = b"<svg onload=alert(1)></svg>";
    let (status, answer) = file_with(&app, &[&good, not_image]).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["field"], "photos");
    assert_eq!(answer["error"]["code"], "not_an_image");
    assert_eq!(app.count("problems").await, 0);
    assert_eq!(app.count("photos").await, 0);
    assert!(stored(&app).is_empty(), "{:?}", stored(&app));
    // The web form says so next to the field, with the rest of the input kept.
    let b = app.browser();
    let csrf = TestApp::csrf_of(&text(&b, app.url("/problems/new")).await);
    let mut fields = problem_fields("KZ-71");
    fields.push(("consent".into(), "on".into()));
    fields.push(("csrf".into(), csrf));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (ctype, body) = multipart(&fields, &[not_image]);
    let res = b
        .post(app.url("/problems/new"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("must be a JPEG, PNG or WebP picture"),
        "{page}"
    );
    assert!(page.contains("Broken street light"));
    assert_eq!(app.count("problems").await, 0);
    assert!(stored(&app).is_empty());
    // JSON filing works as before.
    app.file(&problem_body("KZ-71", "roads")).await;
}

#[tokio::test]
async fn each_kind_has_at_most_five_photos_per_problem() {
    let app = photo_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-71"), None).await;
    let token = app.token("rep@party.kz").await;
    let photo = picture(30, 20, image::ImageFormat::Jpeg);
    let six: Vec<&[u8]> = vec![&photo; 6];
    let (status, answer) = file_with(&app, &six).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["field"], "photos");
    assert_eq!(app.count("problems").await, 0);
    assert!(stored(&app).is_empty());
    let (status, answer) = file_with(&app, &six[..5]).await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().unwrap() as i32;
    confirm(&app).await;
    // The representative's five are counted apart from the citizen's.
    let note = [("note", "Work has started, photos attached.")];
    assert_eq!(add_photos(&app, &token, id, &note, &six[..3]).await.0, 200);
    assert_eq!(add_photos(&app, &token, id, &note, &six[..2]).await.0, 200);
    let before = stored(&app).len();
    let (status, answer) = add_photos(&app, &token, id, &note, &six[..1]).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["field"], "photos");
    assert_eq!(answer["error"]["code"], "too_many_photos");
    assert_eq!(stored(&app).len(), before, "the refused photo was not kept");
    let p = app.public(id).await;
    let kinds: Vec<&str> = p["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, [["citizen"; 5], ["representative"; 5]].concat());
    // The refused request took no action either: two comments, not three.
    let comments = p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "comment")
        .count();
    assert_eq!(comments, 2);
}

#[tokio::test]
async fn a_representatives_resolve_with_a_photo_shows_as_after_beside_the_citizens() {
    let app = photo_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-71"), None).await;
    app.rep("other@party.kz", "Other", Some("KZ-75"), None)
        .await;
    let token = app.token("rep@party.kz").await;
    let before = picture(30, 20, image::ImageFormat::Jpeg);
    let after = picture(20, 30, image::ImageFormat::WebP);
    let (_, answer) = file_with(&app, &[&before]).await;
    let id = answer["id"].as_i64().unwrap() as i32;
    confirm(&app).await;
    // Only the assigned representative adds photos.
    let other = app.token("other@party.kz").await;
    let resolve = [("action", "resolve"), ("note", "The pothole is filled.")];
    let (status, _) = add_photos(&app, &other, id, &resolve, &[&after]).await;
    assert_eq!(status, 403);
    assert_eq!(
        app.act(&token, id, json!({"action": "acknowledge"}))
            .await
            .status(),
        200
    );
    let (status, p) = add_photos(&app, &token, id, &resolve, &[&after]).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["status"], "resolved");
    let photos = p["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[1]["kind"], "representative");
    assert_eq!(
        (photos[1]["width"].as_i64(), photos[1]["height"].as_i64()),
        (Some(20), Some(30))
    );
    let event = app
        .integers(&format!(
            "SELECT CAST(e.id AS BIGINT) FROM photos p JOIN problem_events e ON e.id = p.event_id \
             WHERE p.problem_id = {id} AND e.action = 'resolve'"
        ))
        .await;
    assert_eq!(
        event.len(),
        1,
        "the photo belongs to the resolution's event"
    );
    // The page shows both, side by side, thumbnails linking to the pictures.
    let page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    let before_at = page.find("Before: the citizen").unwrap();
    let after_at = page.find("After: the representative").unwrap();
    let thumb_before = photos[0]["thumbnail_url"].as_str().unwrap();
    let thumb_after = photos[1]["thumbnail_url"].as_str().unwrap();
    let at = |s: &str| {
        page.find(&esc(s))
            .unwrap_or_else(|| panic!("{s} not on the page"))
    };
    assert!(before_at < at(thumb_before) && at(thumb_before) < after_at);
    assert!(after_at < at(thumb_after));
    assert!(page.contains(&format!(
        "<a href=\"{}\">",
        esc(photos[1]["url"].as_str().unwrap())
    )));
    assert!(page.contains("alt=\"Photo 1 after the work, sent by the representative\""));
    // The citizen's "Has this been fixed?" mail shows both, by absolute address.
    app.state.clock.advance(chrono::Duration::days(3));
    app.job("citizen-check").await;
    let mails = app.deliver().await;
    let ask = mails
        .iter()
        .find(|m| m.subject.contains("has this been fixed"))
        .expect("the fix-check mail");
    for thumb in [thumb_before, thumb_after] {
        assert!(thumb.starts_with("http"));
        assert!(ask.html.contains(thumb), "{}", ask.html);
        assert!(ask.text.contains(thumb), "{}", ask.text);
    }
}

#[tokio::test]
async fn a_hidden_photo_answers_404_to_everyone_and_its_reason_shows() {
    let app = photo_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-71"), None).await;
    app.user("coord@civic.kz", "Coord", UserRole::Coordinator, &["KZ-71"])
        .await;
    app.user("near@civic.kz", "Near", UserRole::Coordinator, &["KZ-75"])
        .await;
    let photo = picture(30, 20, image::ImageFormat::Jpeg);
    let (_, answer) = file_with(&app, &[&photo, &photo]).await;
    let id = answer["id"].as_i64().unwrap() as i32;
    confirm(&app).await;
    let p = app.public(id).await;
    let (first, second) = (&p["photos"][0], &p["photos"][1]);
    let (url, thumb) = (
        first["url"].as_str().unwrap(),
        first["thumbnail_url"].as_str().unwrap(),
    );
    // The public page has no hide form; nor does the representative's.
    let public_page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(!public_page.contains("/hide\""));
    // A coordinator of another region, and the representative, may not hide it.
    let reason = "Shows a neighbour's face";
    for email in ["near@civic.kz", "rep@party.kz"] {
        let token = app.token(email).await;
        let res = app
            .api
            .post(app.url(&format!("/api/v1/photos/{}/hide", first["id"])))
            .bearer_auth(&token)
            .json(&json!({"reason": reason}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{email}");
    }
    // The region's coordinator hides it from the problem's page (a CSRF-protected form).
    let b = app.login("coord@civic.kz").await;
    let page = text(&b, app.url(&format!("/problems/{id}"))).await;
    let action = format!("action=\"/photos/{}/hide\"", first["id"]);
    assert!(page.contains(&action), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let no_csrf = b
        .post(app.url(&format!("/photos/{}/hide", first["id"])))
        .form(&[("reason", reason)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), 403);
    let no_reason = b
        .post(app.url(&format!("/photos/{}/hide", first["id"])))
        .form(&[("reason", " "), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(no_reason.status(), 422);
    let res = b
        .post(app.url(&format!("/photos/{}/hide", first["id"])))
        .form(&[("reason", reason), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let (to, page) = follow(&b, &app.addr, res).await;
    assert_eq!(to, format!("/problems/{id}#photos"));
    let shown = format!("This photo was hidden: {}", reason.replace('\'', "&#x27;"));
    assert!(page.contains(&shown), "{page}");
    // Gone for everyone, the coordinator included; the other photo stays.
    for client in [&app.api, &b] {
        for address in [url, thumb] {
            assert_eq!(client.get(address).send().await.unwrap().status(), 404);
        }
    }
    assert_eq!(
        get(&app, second["url"].as_str().unwrap()).await.status(),
        200
    );
    let p = app.public(id).await;
    assert_eq!(p["photos"][0]["hidden"], true);
    assert_eq!(p["photos"][0]["hidden_reason"], reason);
    assert_eq!(p["photos"][0]["url"], Value::Null);
    assert_eq!(p["photos"][0]["thumbnail_url"], Value::Null);
    let public_page = text(&app.api, app.url(&format!("/problems/{id}"))).await;
    assert!(public_page.contains(&shown));
    assert!(!public_page.contains(&esc(thumb)));
    // Open311 then shows the next visible photo.
    let r = json(
        &app.api,
        app.url(&format!("/open311/v2/requests/{id}.json")),
    )
    .await;
    assert_eq!(r[0]["media_url"], second["url"]);
    // An admin may hide through the API.
    app.user("admin@civic.kz", "Admin", UserRole::Admin, &[])
        .await;
    let token = app.token("admin@civic.kz").await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/photos/{}/hide", second["id"])))
        .bearer_auth(&token)
        .json(&json!({"reason": "Unlawful content"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hidden: Value = res.json().await.unwrap();
    assert_eq!(hidden["hidden"], true);
    assert_eq!(hidden["url"], Value::Null);
    assert_eq!(
        get(&app, second["url"].as_str().unwrap()).await.status(),
        404
    );
}

#[tokio::test]
async fn the_workspace_form_adds_after_photos_to_a_comment() {
    let app = photo_app().await;
    app.rep("rep@party.kz", "Rep", Some("KZ-71"), None).await;
    let id = app.file(&problem_body("KZ-71", "roads")).await;
    confirm(&app).await;
    let b = app.login("rep@party.kz").await;
    let page = text(&b, app.url(&format!("/workspace/problems/{id}"))).await;
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    let csrf = TestApp::csrf_of(&page);
    let photo = picture(30, 20, image::ImageFormat::Png);
    let (ctype, body) = multipart(
        &[
            ("csrf", &csrf),
            ("action", "comment"),
            ("note", "Crew on site today."),
        ],
        &[&photo],
    );
    let res = b
        .post(app.url(&format!("/workspace/problems/{id}")))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let p = app.public(id).await;
    assert_eq!(p["photos"][0]["kind"], "representative");
    assert_eq!(
        p["timeline"].as_array().unwrap().last().unwrap()["action"],
        "comment"
    );
}

#[tokio::test]
async fn other_modules_attach_photos_from_bytes_through_the_same_pipeline_and_limit() {
    use civic_tracker::domain::state::PhotoKind;
    use civic_tracker::services::photos;
    let app = photo_app().await;
    let id = app.file(&problem_body("KZ-71", "roads")).await;
    confirm(&app).await;
    let upload = sideways_phone_jpeg();
    for _ in 0..5 {
        let row = photos::attach(
            &app.state,
            &app.state.db,
            id,
            None,
            PhotoKind::Citizen,
            upload.clone(),
        )
        .await
        .unwrap();
        assert_eq!((row.width, row.height), (20, 40));
    }
    let sixth = photos::attach(
        &app.state,
        &app.state.db,
        id,
        None,
        PhotoKind::Citizen,
        upload.clone(),
    )
    .await;
    assert!(sixth.is_err());
    let not_image = photos::attach(
        &app.state,
        &app.state.db,
        id,
        None,
        PhotoKind::Representative,
        b"plain text".to_vec(),
    )
    .await;
    assert!(not_image.is_err());
    assert_eq!(stored(&app).len(), 10, "five pictures and their thumbnails");
    assert_eq!(app.count("photos").await, 5);
}

#[tokio::test]
async fn the_photos_of_a_problem_never_confirmed_go_when_it_is_purged() {
    let app = photo_app().await;
    let photo = picture(30, 20, image::ImageFormat::Jpeg);
    let (status, _) = file_with(&app, &[&photo, &photo]).await;
    assert_eq!(status, 201);
    app.deliver().await;
    let (status, answer) = file_with(&app, &[&photo]).await;
    assert_eq!(status, 201);
    let kept = answer["id"].as_i64().unwrap() as i32;
    app.set_time("2026-11-26T05:00:00Z");
    // The second is confirmed a day later (the first mail's link is never followed).
    let mails = app.deliver().await;
    let link = mails
        .iter()
        .find(|m| m.subject.contains(&format!("CT-{kept:06}")))
        .expect("the second problem's confirmation")
        .link(&app.url("/confirm/"));
    assert_eq!(app.press(&link).await.status(), 303);
    assert_eq!(stored(&app).len(), 6);
    app.state.clock.advance(chrono::Duration::days(8));
    app.job("purge").await;
    assert_eq!(app.count("problems").await, 1);
    assert_eq!(app.count("photos").await, 1);
    assert_eq!(stored(&app).len(), 2, "{:?}", stored(&app));
    let p = app.public(kept).await;
    assert_eq!(
        get(&app, p["photos"][0]["url"].as_str().unwrap())
            .await
            .status(),
        200
    );
}
