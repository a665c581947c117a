//! What the photo tests build and send: pictures made in code (a phone's sideways JPEG with
//! EXIF, GPS and XMP spliced in by hand), multipart bodies, and looks into the media
//! directory.

use crate::helpers::{TestApp, problem_body, spawn_app_with};
use serde_json::Value;
use std::io::Cursor;

/// The app with the production limit of 5 MiB a photo (the tests' default is 4 KiB).
pub async fn photo_app() -> TestApp {
    spawn_app_with(|c| c.app.media_max_bytes = 5 << 20).await
}

/// A picture `w` x `h`, its left half red and its right half blue, as `format`.
pub fn picture(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// Where the phone says it stood, in the EXIF's GPS directory.
pub const GPS_TEXT: &[u8] = b"ASCII\0\0\0GPS 43.238949 76.945465";

/// A 40 x 20 JPEG as a phone writes it when held sideways: an APP1 Exif segment with
/// Orientation 6 (turn 90 degrees clockwise to view) and a GPS directory, an APP1 XMP
/// segment and a comment.
pub fn sideways_phone_jpeg() -> Vec<u8> {
    let jpeg = picture(40, 20, image::ImageFormat::Jpeg);
    // TIFF, big-endian: IFD0 at 8 with Orientation and the GPS pointer (to 38); the GPS
    // directory with GPSProcessingMethod pointing at its text (at 56).
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 2]);
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    assert_eq!(tiff.len(), 38);
    tiff.extend_from_slice(&[0, 1]);
    tiff.extend_from_slice(&[0x00, 0x1B, 0, 7, 0, 0, 0, GPS_TEXT.len() as u8, 0, 0, 0, 56]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    assert_eq!(tiff.len(), 56);
    tiff.extend_from_slice(GPS_TEXT);
    let segment = |marker: u8, data: &[u8]| {
        let len = u16::try_from(data.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &len, data].concat()
    };
    let exif = segment(0xE1, &[b"Exif\0\0".as_slice(), &tiff].concat());
    let xmp = segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description GPSLatitude=\"43.238949\"/></x:xmpmeta>",
    );
    let comment = segment(0xFE, b"taken at 43.238949 76.945465");
    // After SOI and the encoder's APP0 (JFIF).
    let app0_end = 4 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    [&jpeg[..app0_end], &exif, &xmp, &comment, &jpeg[app0_end..]].concat()
}

/// A multipart/form-data body: text fields, then files of field `photos`.
pub fn multipart(fields: &[(&str, &str)], photos: &[&[u8]]) -> (String, Vec<u8>) {
    let boundary = "----civic-tracker-photos-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (i, bytes) in photos.iter().enumerate() {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; \
                 filename=\"photo{i}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The fields of `problem_body` as form fields.
pub fn problem_fields(region: &str) -> Vec<(String, String)> {
    problem_body(region, "roads")
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

/// Files a problem through the API as multipart with `photos`: (status, answer).
pub async fn file_with(app: &TestApp, photos: &[&[u8]]) -> (u16, Value) {
    let fields = problem_fields("KZ-71");
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (ctype, body) = multipart(&fields, photos);
    let res = app
        .api
        .post(app.url("/api/v1/problems"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// Confirms the problem whose confirmation mail is among the undelivered ones.
pub async fn confirm(app: &TestApp) {
    let mails = app.deliver().await;
    let link = mails
        .iter()
        .find(|m| m.subject.contains("confirm"))
        .expect("confirmation mail")
        .link(&app.url("/confirm/"));
    assert_eq!(app.press(&link).await.status(), 303);
    app.deliver().await;
}

/// The files in the media directory.
pub fn stored(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(&app.state.config.app.media_dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A stored file's bytes, by its address.
pub fn stored_file(app: &TestApp, url: &str) -> Vec<u8> {
    let name = url.rsplit('/').next().unwrap();
    std::fs::read(std::path::Path::new(&app.state.config.app.media_dir).join(name)).unwrap()
}

/// `s` as the pages' HTML escaping writes it (`/` too).
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('/', "&#x2f;")
        .replace('\'', "&#x27;")
}

pub async fn get(app: &TestApp, url: &str) -> reqwest::Response {
    app.api.get(url).send().await.unwrap()
}

/// Adds the representative's photos through the API: (status, answer).
pub async fn add_photos(
    app: &TestApp,
    token: &str,
    id: i32,
    fields: &[(&str, &str)],
    photos: &[&[u8]],
) -> (u16, Value) {
    let (ctype, body) = multipart(fields, photos);
    let res = app
        .api
        .post(app.url(&format!("/api/v1/problems/{id}/photos")))
        .bearer_auth(token)
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}
