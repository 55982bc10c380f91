//! `/complaints...` (the public form, receipt, tracking, manual, statistics and their open
//! data) and `/staff/complaints...` (the queue, handling, assignment, categories, manual).

use axum::body::Body;
use http::{Request, StatusCode};
use prongsai_complaints::model::{category, complaint, event};
use prongsai_complaints::spam;
use prongsai_db::entities::{attachment, audit_entry, login_throttle};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use prongsai_thai::calendar::{Holidays, add_working_days};

use crate::util::{TestApp, TestClient, TestResponse, demo_password};

// ---------- helpers ----------

/// A JPEG-shaped file whose EXIF block holds a GPS-like marker (as a phone photo would
/// hold the place it was taken), a comment, and image data.
fn jpeg_with_gps() -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(GPS_MARKER.as_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&tiff);
    let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    f.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    f.extend_from_slice(&app1);
    f.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x0C]);
    f.extend_from_slice(b"my comment");
    f.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
    f.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]);
    f
}

const GPS_MARKER: &str = "GPS-LAT-15.7N-LONG-102.4E";

/// A PNG-shaped file with a text chunk naming its author and the place.
fn png_with_text() -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    };
    let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
    f.extend(chunk(b"IHDR", &[0; 13]));
    f.extend(chunk(b"tEXt", b"Location\x00GPS-PNG-PLACE"));
    f.extend(chunk(b"IDAT", b"pixels"));
    f.extend(chunk(b"IEND", b""));
    f
}

/// Posts a multipart form: text fields and `(field, file name, bytes)` files.
async fn post_multipart(
    c: &mut TestClient<'_>,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> TestResponse {
    let boundary = "----prongsai-complaint-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (field, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    c.request(
        Request::post(path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// A form time signed as if the form had been shown `seconds` ago.
async fn aged_form_token(app: &TestApp, seconds: i64) -> String {
    let org = app.demo_tenant().await.id;
    let key = spam::form_key(app.db()).await.unwrap();
    spam::sign_form_time(key.expose(), org, spam::now_seconds() - seconds)
}

async fn category_id(app: &TestApp, code: &str) -> String {
    let org = app.demo_tenant().await.id;
    prongsai_complaints::store::list_categories(app.db(), org)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.code == code)
        .unwrap()
        .id
        .to_string()
}

async fn village_id(app: &TestApp, number: i32) -> String {
    let org = app.demo_tenant().await.id;
    prongsai_kernel::tenant::list_villages(app.db().conn(), org)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.number == number)
        .unwrap()
        .id
        .to_string()
}

/// Sends the complaint form as a person who took ten seconds would (an empty honeypot
/// unless given).
async fn complain(
    c: &mut TestClient<'_>,
    fields: &[(&str, &str)],
    photos: &[(&str, &[u8])],
) -> TestResponse {
    let form = c.get("/complaints/new").await;
    form.assert_status(StatusCode::OK);
    let csrf = form.input_value("csrf_token").unwrap();
    let token = aged_form_token(c.app, 10).await;
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("form_token", token.as_str()),
    ];
    if !fields.iter().any(|(k, _)| *k == "website") {
        all.push(("website", ""));
    }
    all.extend_from_slice(fields);
    let files: Vec<(&str, &str, &[u8])> = photos.iter().map(|(n, b)| ("photos", *n, *b)).collect();
    post_multipart(c, "/complaints/new", &all, &files).await
}

/// The tracking code shown on a receipt page.
fn code_on(page: &TestResponse) -> String {
    let marker = "id=\"tracking-code\">";
    let at = page.body.find(marker).expect("a tracking code on the page") + marker.len();
    let rest = &page.body[at..];
    rest[..rest.find('<').unwrap()].to_owned()
}

/// Sends a valid complaint; returns its tracking code as shown and its row.
async fn complain_ok(
    c: &mut TestClient<'_>,
    fields: &[(&str, &str)],
    photos: &[(&str, &[u8])],
) -> (String, complaint::Model) {
    let r = complain(c, fields, photos).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/complaints/received");
    let receipt = c.get("/complaints/received").await;
    receipt.assert_status(StatusCode::OK);
    let code = code_on(&receipt);
    let normalized = prongsai_kernel::tracking::parse_tracking_code(&code).unwrap();
    let row = complaint::Entity::find()
        .filter(complaint::Column::TrackingCode.eq(normalized))
        .one(c.app.db().conn())
        .await
        .unwrap()
        .unwrap();
    (code, row)
}

async fn road(app: &TestApp) -> Vec<(&'static str, String)> {
    vec![
        ("category_id", category_id(app, "road").await),
        ("village_id", village_id(app, 5).await),
        ("place", "ถนนลูกรังหน้าวัดบ้านหนองแวง".to_owned()),
        (
            "description",
            "ถนนเป็นหลุมลึกหลายจุด ฝนตกแล้วน้ำขัง รถจักรยานยนต์ล้มบ่อย".to_owned(),
        ),
    ]
}

fn refs<'a>(v: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn stored(app: &TestApp) -> Vec<complaint::Model> {
    complaint::Entity::find()
        .order_by_asc(complaint::Column::Id)
        .all(app.db().conn())
        .await
        .unwrap()
}

async fn reload(app: &TestApp, id: i64) -> complaint::Model {
    complaint::Entity::find_by_id(id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap()
}

async fn track(c: &mut TestClient<'_>, code: &str) -> TestResponse {
    c.post_form("/complaints/track", &[("code", code)]).await
}

async fn set_status(
    staff: &mut TestClient<'_>,
    id: i64,
    status: &str,
    message: &str,
) -> TestResponse {
    staff
        .post_form(
            &format!("/staff/complaints/{id}/status"),
            &[("status", status), ("message", message)],
        )
        .await
}

async fn division_id(app: &TestApp, code: &str) -> i64 {
    let org = app.demo_tenant().await.id;
    prongsai_kernel::tenant::list_divisions(app.db().conn(), org)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.code == code)
        .unwrap()
        .id
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    let org = app.demo_tenant().await.id;
    prongsai_accounts::users::find_user_by_username(app.db().conn(), org, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

const NAME: &str = "สมหญิง รักถิ่น";
const PHONE: &str = "089-765-4321";
const EMAIL: &str = "somying.rakthin@example.com";

// ---------- submitting ----------

#[tokio::test]
async fn anyone_complains_with_photos_whose_location_is_removed() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    // The home page leads to the capability's own page, not a "coming soon" one.
    public
        .get("/")
        .await
        .assert_contains("href=\"/complaints\"");
    let landing = public.get("/complaints").await;
    landing
        .assert_status(StatusCode::OK)
        .assert_contains("ร้องเรียน / ร้องทุกข์")
        .assert_contains("href=\"/complaints/new\"")
        .assert_contains("href=\"/complaints/track\"")
        .assert_contains("href=\"/corruption-reports\"");
    assert!(!landing.body.contains("กำลังจะเปิดใช้งาน"));
    let form = public.get("/complaints/new").await;
    form.assert_status(StatusCode::OK)
        .assert_contains("enctype=\"multipart/form-data\"")
        .assert_contains("<label for=\"category_id\">")
        .assert_contains("ถนน/ทางเท้า")
        .assert_contains("ไฟฟ้าส่องสว่าง")
        .assert_contains("เหตุเดือดร้อนรำคาญ")
        .assert_contains("หมู่ที่ 14")
        .assert_contains("<label for=\"place\">")
        .assert_contains("accept=\"image/jpeg,image/png,image/webp\" multiple")
        .assert_contains("การคุ้มครองข้อมูลส่วนบุคคล")
        .assert_contains("พ.ศ. 2562")
        .assert_contains("<div class=\"hp\" aria-hidden=\"true\">")
        .assert_contains("name=\"website\" type=\"text\" value=\"\" tabindex=\"-1\"");
    assert!(
        !form.body.contains(" checked"),
        "sharing the place is opt-in"
    );
    assert!(!form.body.contains("style="), "no inline style");

    let jpeg = jpeg_with_gps();
    let png = png_with_text();
    let mut fields = road(&app).await;
    fields.extend([
        ("latitude", "15.58".to_owned()),
        ("longitude", "๑๐๒.๔๓".to_owned()),
        ("name", NAME.to_owned()),
        ("phone", PHONE.to_owned()),
    ]);
    let (code, row) = complain_ok(
        &mut public,
        &refs(&fields),
        &[("IMG_0001.JPG", &jpeg), ("map.png", &png)],
    )
    .await;
    let receipt = public.get("/complaints/received").await;
    receipt
        .assert_contains("ได้รับเรื่องร้องเรียนของท่านแล้ว")
        .assert_contains("ลบข้อมูลตำแหน่งและข้อมูลกล้องออกจากรูปภาพแล้ว");
    assert_eq!(receipt.header("cache-control"), "no-store");
    assert!(prongsai_kernel::tracking::parse_tracking_code(&code).is_some());
    assert_eq!(code.len(), 12, "shown grouped: {code}");
    // Stored: received, routed to the road's division, position normalized, contacts kept.
    assert_eq!(row.status, "received");
    assert_eq!(
        row.division_id,
        Some(division_id(&app, "engineering").await)
    );
    assert_eq!(row.latitude.as_deref(), Some("15.58"));
    assert_eq!(row.longitude.as_deref(), Some("102.43"));
    assert_eq!(row.complainant_name, NAME);
    assert_eq!(row.phone, PHONE);
    assert!(!row.photos_keep_location);
    assert_eq!(row.handling_days, 15);
    // The photos' bytes as stored: no GPS marker, no comment, still the same picture.
    let photos = attachment::Entity::find()
        .filter(attachment::Column::OwnerKind.eq("complaint"))
        .filter(attachment::Column::OwnerId.eq(row.id))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(photos.len(), 2);
    for p in &photos {
        let bytes = prongsai_files::read_attachment(&app.state.files, p)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("GPS-"),
            "{} keeps location data",
            p.file_name
        );
        assert!(!text.contains("my comment"));
    }
    let stored_jpeg = photos
        .iter()
        .find(|p| p.content_type == "image/jpeg")
        .unwrap();
    let bytes = prongsai_files::read_attachment(&app.state.files, stored_jpeg)
        .await
        .unwrap();
    assert!(bytes.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]));
    // The raw files of the store hold no GPS marker either.
    let mut found = Vec::new();
    walk(&app.dir.path().join("files"), &mut found);
    assert!(!found.is_empty());
    for f in found {
        let raw = std::fs::read(&f).unwrap();
        assert!(
            !String::from_utf8_lossy(&raw).contains("GPS-"),
            "{} holds GPS data",
            f.display()
        );
    }
    // Audited without the text, the place or the contact.
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("complaint.submit"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let details = rows[0].details.to_string();
    assert!(details.contains("\"photos\":2"));
    for secret in [NAME, PHONE, "หนองแวง", "หลุมลึก", "15.58"] {
        assert!(!details.contains(secret), "audit holds {secret}");
    }
    // After half an hour the receipt no longer shows the code.
    let mut other = app.client();
    let r = other.get("/complaints/received").await;
    r.assert_status(StatusCode::OK);
    assert!(!r.body.contains(&code));
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
}

#[tokio::test]
async fn photos_keep_their_location_when_the_complainant_shares_the_place() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let jpeg = jpeg_with_gps();
    let mut fields = road(&app).await;
    fields.push(("keep_photo_location", "1".to_owned()));
    let (_, row) = complain_ok(&mut public, &refs(&fields), &[("IMG_0002.JPG", &jpeg)]).await;
    assert!(row.photos_keep_location);
    public
        .get("/complaints/received")
        .await
        .assert_contains("เก็บข้อมูลตำแหน่งในรูปภาพไว้ตามที่ท่านเลือก");
    let photo = attachment::Entity::find()
        .filter(attachment::Column::OwnerId.eq(row.id))
        .filter(attachment::Column::OwnerKind.eq("complaint"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let bytes = prongsai_files::read_attachment(&app.state.files, &photo)
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), jpeg.as_slice(), "stored exactly as sent");
    assert!(String::from_utf8_lossy(&bytes).contains(GPS_MARKER));
    // Staff are told, and see the photo; the public cannot fetch it.
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    let page = palad.get(&format!("/staff/complaints/{}", row.id)).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("ผู้ร้องเรียนเลือกแบ่งปันสถานที่ถ่ายรูป")
        .assert_contains(&format!("/files/{}/", photo.id));
    palad
        .get(&format!("/files/{}/{}", photo.id, photo.file_name))
        .await
        .assert_status(StatusCode::OK);
    public
        .get(&format!("/files/{}/{}", photo.id, photo.file_name))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_error_is_told_in_thai_by_its_field_and_what_was_typed_stays() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let png = png_with_text();
    let r = complain(
        &mut public,
        &[
            ("category_id", ""),
            ("village_id", "999999"),
            ("place", "  "),
            ("description", ""),
            ("latitude", "95"),
            ("longitude", "100"),
            ("name", "ชื่อที่พิมพ์ไว้"),
            ("phone", "โทรหาฉัน"),
            ("email", "not-an-email"),
        ],
        &[("photo.png", &png)],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาเลือกประเภทเรื่องร้องเรียน")
        .assert_contains("id=\"category_id-error\"")
        .assert_contains("ไม่พบหมู่บ้านที่เลือก")
        .assert_contains("กรุณากรอกสถานที่เกิดเหตุ")
        .assert_contains("id=\"place-error\"")
        .assert_contains("กรุณากรอกรายละเอียดเรื่องร้องเรียน")
        .assert_contains("id=\"description-error\"")
        .assert_contains("ละติจูดต้องเป็นตัวเลขทศนิยมระหว่าง -90 ถึง 90")
        .assert_contains("หมายเลขโทรศัพท์ไม่ถูกต้อง")
        .assert_contains("รูปแบบอีเมลไม่ถูกต้อง")
        .assert_contains("value=\"ชื่อที่พิมพ์ไว้\"")
        .assert_contains("value=\"not-an-email\"")
        .assert_contains("value=\"100\"")
        // The photo is not kept, and the page says so.
        .assert_contains("ระบบไม่เก็บรูปภาพจากการส่งที่ไม่สำเร็จ");
    assert_eq!(r.header("cache-control"), "no-store");
    assert!(r.body.contains("aria-invalid=\"true\""));
    // A file that is not a picture, too many photos, a half position.
    let mut fields = road(&app).await;
    fields.push(("latitude", "15.5".to_owned()));
    let r = complain(
        &mut public,
        &refs(&fields),
        &[("doc.pdf", crate::util::PDF)],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไฟล์ที่ 1 ไม่ใช่รูปภาพ")
        .assert_contains("กรุณากรอกทั้งละติจูดและลองจิจูด")
        .assert_contains("ถนนลูกรังหน้าวัดบ้านหนองแวง")
        .assert_contains("selected>ถนน/ทางเท้า");
    let jpeg = jpeg_with_gps();
    let six: Vec<(&str, &[u8])> = (0..6).map(|_| ("p.jpg", jpeg.as_slice())).collect();
    let r = complain(&mut public, &refs(&road(&app).await), &six).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("แนบรูปภาพได้ไม่เกิน 5 รูป");
    let junk: &[u8] = b"<html><script>alert(1)</script>";
    complain(&mut public, &refs(&road(&app).await), &[("x.jpg", junk)])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่รองรับไฟล์ประเภทนี้");
    assert!(stored(&app).await.is_empty());
    assert!(
        attachment::Entity::find()
            .all(app.db().conn())
            .await
            .unwrap()
            .iter()
            .all(|a| a.owner_kind != "complaint")
    );
    // The same form, corrected, is accepted: the checks above could fail.
    complain_ok(&mut public, &refs(&road(&app).await), &[("p.jpg", &jpeg)]).await;
}

#[tokio::test]
async fn a_honeypot_a_hurried_or_stale_form_and_a_flood_are_held_off() {
    let app = TestApp::with_demo().await;
    let mut bot = app.client();
    let mut fields = road(&app).await;
    fields.push(("website", "http://spam.example".to_owned()));
    let r = complain(&mut bot, &refs(&fields), &[]).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/complaints/received");
    let page = bot.get("/complaints/received").await;
    assert!(!page.body.contains("tracking-code"));
    assert!(stored(&app).await.is_empty());
    // Sent straight back with the page's own token: too fast, kept for another try.
    let mut c = app.client();
    let form = c.get("/complaints/new").await;
    let csrf = form.input_value("csrf_token").unwrap();
    let token = form.input_value("form_token").unwrap();
    let road_fields = road(&app).await;
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("form_token", token.as_str()),
        ("website", ""),
    ];
    all.extend(refs(&road_fields));
    let r = post_multipart(&mut c, "/complaints/new", &all, &[]).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ส่งแบบฟอร์มเร็วเกินไป")
        .assert_contains("ถนนลูกรังหน้าวัดบ้านหนองแวง");
    assert_eq!(r.input_value("form_token").unwrap(), token);
    // Stale, forged, or missing.
    let stale = aged_form_token(&app, 2 * 24 * 3600).await;
    for bad in [stale.as_str(), "123.AAAA", ""] {
        let mut all = vec![
            ("csrf_token", csrf.as_str()),
            ("form_token", bad),
            ("website", ""),
        ];
        all.extend(refs(&road_fields));
        post_multipart(&mut c, "/complaints/new", &all, &[])
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .assert_contains("แบบฟอร์มนี้หมดอายุแล้ว");
    }
    assert!(stored(&app).await.is_empty());
    // Five an hour per client, then a clear 429 in Thai.
    for _ in 0..spam::RATE.max_failures - 1 {
        complain_ok(&mut c, &refs(&road_fields), &[]).await;
    }
    let r = complain(&mut c, &refs(&road_fields), &[]).await;
    r.assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("ส่งบ่อยเกินไป")
        .assert_contains("ลองใหม่อีกครั้งในหนึ่งชั่วโมง");
    // The honeypot counted too: 1 + 4 stored.
    assert_eq!(stored(&app).await.len(), 4);
    let rows = login_throttle::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap();
    assert!(rows.iter().all(|r| !r.key_hash.contains("127.0.0.1")));
}

// ---------- tracking ----------

#[tokio::test]
async fn tracking_gives_one_answer_for_unknown_and_mistyped_codes() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;
    let mut public = app.client();
    let mut fields = road(&app).await;
    fields.extend([
        ("name", NAME.to_owned()),
        ("email", EMAIL.to_owned()),
        ("phone", PHONE.to_owned()),
    ]);
    let (code, _) = complain_ok(&mut public, &refs(&fields), &[]).await;
    let page = public.get("/complaints/track").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("<label for=\"code\">");
    // The right code, typed loosely: lower case, spaces instead of dashes.
    let loose = code.to_lowercase().replace('-', " ");
    let r = track(&mut public, &loose).await;
    r.assert_status(StatusCode::OK)
        .assert_contains(&code)
        .assert_contains("รับเรื่องแล้ว")
        .assert_contains("ถนน/ทางเท้า")
        .assert_contains("หมู่ที่ 5")
        .assert_contains("ถนนลูกรังหน้าวัดบ้านหนองแวง");
    assert_eq!(r.header("cache-control"), "no-store");
    for secret in [NAME, EMAIL, PHONE] {
        assert!(!r.body.contains(secret), "the tracking page shows {secret}");
    }
    // A mistyped code (one character changed: the check character catches it) and an
    // unknown valid code get the same page.
    let normalized = prongsai_kernel::tracking::parse_tracking_code(&code).unwrap();
    let mut chars: Vec<char> = normalized.chars().collect();
    chars[3] = if chars[3] == 'X' { 'Y' } else { 'X' };
    let mistyped: String = chars.into_iter().collect();
    assert!(prongsai_kernel::tracking::parse_tracking_code(&mistyped).is_none());
    let unknown = loop {
        let c = prongsai_kernel::tracking::new_tracking_code();
        if c != normalized {
            break c;
        }
    };
    let a = track(&mut public, &mistyped).await;
    let b = track(&mut public, &unknown).await;
    a.assert_status(StatusCode::OK)
        .assert_contains("ไม่พบเรื่องร้องเรียนจากรหัสนี้");
    assert_eq!(a.status, b.status);
    assert_eq!(
        a.body.replace(&mistyped, "CODE"),
        b.body.replace(&unknown, "CODE"),
        "unknown and mistyped codes must look the same"
    );
    assert!(!a.body.contains("ถนนลูกรัง"));
    // Kudjok's code means nothing on another organization's site.
    let mut outsider = app.client_for("nongbua.localhost");
    outsider
        .post_form("/complaints/track", &[("code", &code)])
        .await
        .assert_contains("ไม่พบเรื่องร้องเรียนจากรหัสนี้");
    // Failed look-ups are limited per client; then even the right code waits.
    for _ in 0..spam::TRACK_RATE.max_failures - 2 {
        track(&mut public, &unknown)
            .await
            .assert_status(StatusCode::OK);
    }
    let r = track(&mut public, &code).await;
    r.assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("กรุณารอ 15 นาที");
}

// ---------- staff ----------

#[tokio::test]
async fn staff_handle_a_complaint_with_a_deadline_in_working_days_skipping_a_holiday() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    // A holiday right after today, within the deadline.
    let today = prongsai_kernel::clock::today_in_thailand();
    let none = Holidays::default();
    let holiday = add_working_days(today, 1, &none);
    let admin =
        prongsai_kernel::Authorized::<prongsai_kernel::permissions::ManageOrganization>::system(
            org,
            prongsai_kernel::Actor::Cli,
        );
    prongsai_kernel::calendar::add_holiday(app.db(), &admin, holiday, "วันหยุดทดสอบ")
        .await
        .unwrap();
    let mut public = app.client();
    let mut fields = road(&app).await;
    fields[0].1 = category_id(&app, "service").await;
    let (code, row) = complain_ok(&mut public, &refs(&fields), &[]).await;
    let expected = add_working_days(today, 15, &Holidays::new([holiday]));
    assert_eq!(row.due_on, expected);
    assert_ne!(
        row.due_on,
        add_working_days(today, 15, &none),
        "the holiday counted"
    );
    public
        .get("/complaints/received")
        .await
        .assert_contains(&prongsai_thai::format_date(
            expected,
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic,
        ));
    // The service category goes to สำนักปลัด: the clerk of its unit งานธุรการ sees it.
    assert_eq!(row.division_id, Some(division_id(&app, "palad").await));
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let queue = clerk.get("/staff/complaints").await;
    queue
        .assert_status(StatusCode::OK)
        .assert_contains(&code)
        .assert_contains("แสดงเรื่องของกอง/สำนักของท่าน");
    let page = clerk.get(&format!("/staff/complaints/{}", row.id)).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("ถนนลูกรังหน้าวัดบ้านหนองแวง")
        .assert_contains(&format!("action=\"/staff/complaints/{}/status\"", row.id));
    assert!(!page.body.contains("/assign\""), "only supervisors assign");
    // Taking it up, with a message the complainant reads.
    set_status(
        &mut clerk,
        row.id,
        "in_progress",
        "เจ้าหน้าที่จะลงพื้นที่ตรวจสอบในสัปดาห์นี้",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // Completing needs the answer; not accepting a reason; waiting what is needed.
    for (status, message) in [
        ("completed", "กรุณากรอกผลการดำเนินการที่จะแจ้งผู้ร้องเรียน"),
        ("not_accepted", "กรุณากรอกเหตุผลที่ไม่รับเรื่อง"),
        ("waiting", "กรุณาระบุข้อมูลที่ต้องการเพิ่มเติมจากผู้ร้องเรียน"),
        ("received", "กรุณาเลือกสถานะ"),
    ] {
        set_status(&mut clerk, row.id, status, " ")
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .assert_contains(message);
    }
    // Waiting stops the clock; going on moves the deadline by the working days waited.
    set_status(&mut clerk, row.id, "waiting", "ขอทราบบ้านเลขที่ใกล้จุดเกิดเหตุ")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let waiting = reload(&app, row.id).await;
    assert_eq!(waiting.waiting_since, Some(today));
    let mut back = waiting.clone().into_active_model();
    let two_days_ago = today - chrono::Duration::days(2);
    back.waiting_since = Set(Some(two_days_ago));
    back.update(app.db().conn()).await.unwrap();
    let r = track(&mut public, &code).await;
    r.assert_contains("รอข้อมูลจากผู้ร้องเรียน")
        .assert_contains("ขอทราบบ้านเลขที่ใกล้จุดเกิดเหตุ");
    set_status(&mut clerk, row.id, "in_progress", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let resumed = reload(&app, row.id).await;
    let hol = Holidays::new([holiday]);
    let waited = prongsai_thai::calendar::working_days_between(two_days_ago, today, &hol);
    assert_eq!(resumed.due_on, add_working_days(expected, waited, &hol));
    assert_eq!(resumed.waiting_since, None);
    // An internal note stays internal.
    clerk
        .post_form(
            &format!("/staff/complaints/{}/note", row.id),
            &[("note", "บันทึกภายใน: ประสานกองช่างแล้ว")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // Completed with the answer, visible by code, the note not.
    set_status(
        &mut clerk,
        row.id,
        "completed",
        "ซ่อมถนนเรียบร้อยแล้วเมื่อวันที่ 20 พฤศจิกายน",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let done = reload(&app, row.id).await;
    assert_eq!(done.status, "completed");
    assert!(done.closed_at.is_some());
    let r = track(&mut public, &code).await;
    r.assert_contains("ดำเนินการแล้วเสร็จ")
        .assert_contains("คำตอบล่าสุดจากเจ้าหน้าที่")
        .assert_contains("ซ่อมถนนเรียบร้อยแล้วเมื่อวันที่ 20 พฤศจิกายน")
        .assert_contains("เจ้าหน้าที่จะลงพื้นที่ตรวจสอบในสัปดาห์นี้")
        .assert_contains("ขอเปิดเรื่องอีกครั้ง");
    assert!(
        !r.body.contains("ประสานกองช่างแล้ว"),
        "internal notes stay internal"
    );
    // A closed complaint's status does not change without reopening.
    set_status(&mut clerk, row.id, "in_progress", "ลองอีกครั้ง")
        .await
        .assert_status(StatusCode::CONFLICT);
    // The staff page shows everything, the note marked internal.
    clerk
        .get(&format!("/staff/complaints/{}", row.id))
        .await
        .assert_contains("ประสานกองช่างแล้ว")
        .assert_contains("ภายในเท่านั้น")
        .assert_contains("ผู้ร้องเรียนเห็น");
    // Audited without any message text.
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("complaint."))
        .all(app.db().conn())
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"complaint.status"));
    assert!(actions.contains(&"complaint.note"));
    for a in &audit {
        let d = a.details.to_string();
        assert!(!d.contains("ซ่อมถนน") && !d.contains("ประสาน") && !d.contains("บ้านเลขที่"));
    }
}

#[tokio::test]
async fn supervisors_assign_to_a_division_and_a_person_who_then_sees_it() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let (code, row) = complain_ok(&mut public, &refs(&road(&app).await), &[]).await;
    // A road complaint is for กองช่าง: the clerk of สำนักปลัด does not reach it.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    assert!(!clerk.get("/staff/complaints").await.body.contains(&code));
    clerk
        .get(&format!("/staff/complaints/{}", row.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    set_status(&mut clerk, row.id, "in_progress", "x")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    clerk
        .post_form(
            &format!("/staff/complaints/{}/assign", row.id),
            &[("division_id", ""), ("assignee_id", "")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // The ปลัด (executive, division head) sees every complaint and assigns it.
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    let queue = palad.get("/staff/complaints").await;
    queue
        .assert_contains(&code)
        .assert_contains("แสดงเรื่องร้องเรียนทั้งหมดของหน่วยงาน");
    let r = palad
        .post_form(
            &format!("/staff/complaints/{}/assign", row.id),
            &[("division_id", "abc"), ("assignee_id", "999999")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่พบหน่วยงานที่เลือก")
        .assert_contains("ไม่พบเจ้าหน้าที่ที่เลือก");
    let clerk_id = user_id(&app, "clerk").await.to_string();
    let nuisance = category_id(&app, "nuisance").await;
    palad
        .post_form(
            &format!("/staff/complaints/{}/assign", row.id),
            &[
                ("division_id", ""),
                ("assignee_id", &clerk_id),
                ("category_id", &nuisance),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let assigned = reload(&app, row.id).await;
    assert_eq!(assigned.assignee_id, Some(user_id(&app, "clerk").await));
    assert_eq!(
        assigned.division_id,
        Some(division_id(&app, "palad-admin").await),
        "the person's division when none is chosen"
    );
    assert_eq!(assigned.category_id.to_string(), nuisance);
    assert_eq!(assigned.due_on, row.due_on, "the promised deadline stays");
    // Now the clerk reaches it.
    assert!(clerk.get("/staff/complaints").await.body.contains(&code));
    clerk
        .get(&format!("/staff/complaints/{}", row.id))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("มอบหมายงาน");
    // Filters: by division, category, village.
    let engineering = division_id(&app, "engineering").await.to_string();
    assert!(
        !palad
            .get(&format!("/staff/complaints?division={engineering}"))
            .await
            .body
            .contains(&code)
    );
    let village = village_id(&app, 5).await;
    assert!(
        palad
            .get(&format!(
                "/staff/complaints?village={village}&category={nuisance}"
            ))
            .await
            .body
            .contains(&code)
    );
    palad
        .get("/staff/complaints?status=nonsense")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    let events = event::Entity::find()
        .filter(event::Column::ComplaintId.eq(row.id))
        .filter(event::Column::Kind.eq("assigned"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert!(!events[0].public);
}

#[tokio::test]
async fn a_completed_complaint_is_reopened_by_its_complainant_within_thirty_days() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let mut fields = road(&app).await;
    fields[0].1 = category_id(&app, "light").await;
    let (code, row) = complain_ok(&mut public, &refs(&fields), &[]).await;
    // Not completed yet: no reopening.
    assert!(
        !track(&mut public, &code)
            .await
            .body
            .contains("ขอเปิดเรื่องอีกครั้ง")
    );
    public
        .post_form(
            "/complaints/track/reopen",
            &[("code", &code), ("reason", "ยังไม่ได้ซ่อม")],
        )
        .await
        .assert_status(StatusCode::CONFLICT)
        .assert_contains("ขอเปิดอีกครั้งไม่ได้แล้ว");
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    set_status(&mut palad, row.id, "completed", "เปลี่ยนหลอดไฟแล้ว")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A reason is required.
    let r = public
        .post_form(
            "/complaints/track/reopen",
            &[("code", &code), ("reason", "")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกเหตุผลที่ขอเปิดเรื่องอีกครั้ง")
        .assert_contains("id=\"reason-error\"");
    let r = public
        .post_form(
            "/complaints/track/reopen",
            &[("code", &code), ("reason", "ไฟดับอีกแล้วตั้งแต่เมื่อคืน")],
        )
        .await;
    r.assert_status(StatusCode::OK)
        .assert_contains("เปิดเรื่องอีกครั้งแล้ว")
        .assert_contains("ไฟดับอีกแล้วตั้งแต่เมื่อคืน")
        .assert_contains("อยู่ระหว่างดำเนินการ");
    let reopened = reload(&app, row.id).await;
    assert_eq!(reopened.status, "in_progress");
    assert_eq!(reopened.reopen_count, 1);
    assert!(reopened.closed_at.is_none());
    assert_eq!(
        reopened.due_on,
        add_working_days(
            prongsai_kernel::clock::today_in_thailand(),
            7,
            &Holidays::default()
        )
    );
    // Completed again, but more than 30 days ago: too late.
    set_status(&mut palad, row.id, "completed", "เปลี่ยนสายไฟแล้ว")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut old = reload(&app, row.id).await.into_active_model();
    old.closed_at = Set(Some(
        prongsai_kernel::clock::now() - chrono::Duration::days(31),
    ));
    old.update(app.db().conn()).await.unwrap();
    assert!(
        !track(&mut public, &code)
            .await
            .body
            .contains("ขอเปิดเรื่องอีกครั้ง")
    );
    public
        .post_form(
            "/complaints/track/reopen",
            &[("code", &code), ("reason", "ยังดับอยู่")],
        )
        .await
        .assert_status(StatusCode::CONFLICT);
    assert_eq!(reload(&app, row.id).await.status, "completed");
    // Staff may still reopen, with a reason.
    palad
        .post_form(
            &format!("/staff/complaints/{}/reopen", row.id),
            &[("reason", "")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    palad
        .post_form(
            &format!("/staff/complaints/{}/reopen", row.id),
            &[("reason", "ผู้ร้องโทรแจ้งว่าไฟดับอีก")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(reload(&app, row.id).await.reopen_count, 2);
}

#[tokio::test]
async fn overdue_complaints_are_flagged_once_by_the_periodic_job() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let (code, row) = complain_ok(&mut public, &refs(&road(&app).await), &[]).await;
    let (other_code, _) = complain_ok(&mut public, &refs(&road(&app).await), &[]).await;
    let mut late = reload(&app, row.id).await.into_active_model();
    late.due_on = Set(prongsai_kernel::clock::today_in_thailand() - chrono::Duration::days(1));
    late.update(app.db().conn()).await.unwrap();
    let worker = prongsai_jobs::Worker::new(
        std::sync::Arc::new(prongsai::jobs::registry()),
        app.state.clone(),
        app.state.db.clone(),
    );
    worker.enqueue_periodic().await.unwrap();
    app.run_jobs().await;
    let flagged = reload(&app, row.id).await;
    assert!(flagged.overdue_at.is_some());
    let events = event::Entity::find()
        .filter(event::Column::ComplaintId.eq(row.id))
        .filter(event::Column::Kind.eq("overdue"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert!(!events[0].public);
    // Once only, however often it runs.
    assert_eq!(
        prongsai_complaints::store::flag_overdue(app.db())
            .await
            .unwrap(),
        0
    );
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    let queue = palad.get("/staff/complaints?overdue=1").await;
    queue
        .assert_status(StatusCode::OK)
        .assert_contains(&code)
        .assert_contains("badge--overdue");
    assert!(!queue.body.contains(&other_code));
    palad
        .get(&format!("/staff/complaints/{}", row.id))
        .await
        .assert_contains("เกินกำหนด");
    // Waiting for the complainant is not overdue.
    set_status(&mut palad, row.id, "waiting", "ขอรูปภาพเพิ่มเติม")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(
        !palad
            .get("/staff/complaints?overdue=1")
            .await
            .body
            .contains(&code)
    );
}

#[tokio::test]
async fn the_complainant_is_emailed_at_each_public_step_and_never_about_notes() {
    let (app, sink) = TestApp::with_demo_and_mail().await;
    let mut public = app.client();
    let mut fields = road(&app).await;
    fields.push(("email", EMAIL.to_owned()));
    let (code, row) = complain_ok(&mut public, &refs(&fields), &[]).await;
    public
        .get("/complaints/received")
        .await
        .assert_contains("ระบบจะส่งอีเมลยืนยัน");
    app.run_jobs().await;
    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec![EMAIL.to_owned()]);
    assert!(got[0].subject().contains(&code), "{}", got[0].subject());
    let body = got[0].body();
    assert!(body.contains(&code) && body.contains("ได้รับเรื่องร้องเรียนของท่านแล้ว"));
    assert!(body.contains("/complaints/track"));
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(
            &format!("/staff/complaints/{}/note", row.id),
            &[("note", "บันทึกที่ผู้ร้องไม่ควรเห็น")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    set_status(
        &mut palad,
        row.id,
        "in_progress",
        "รับเรื่องไว้แล้ว จะลงพื้นที่วันพฤหัสบดี",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    app.run_jobs().await;
    let got = sink.wait_for(2).await;
    assert_eq!(got.len(), 2);
    assert!(got[1].subject().contains("อยู่ระหว่างดำเนินการ"));
    assert!(got[1].body().contains("จะลงพื้นที่วันพฤหัสบดี"));
    for m in &got {
        assert!(!m.body().contains("ไม่ควรเห็น"));
    }
    // Once per event: enqueueing the same notice again sends nothing more.
    let last = event::Entity::find()
        .filter(event::Column::ComplaintId.eq(row.id))
        .filter(event::Column::Public.eq(true))
        .order_by_desc(event::Column::Id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let again = prongsai_jobs::enqueue::<prongsai_web::AppState, _>(
        app.db().conn(),
        &prongsai_complaints::jobs::NotifyComplainant {
            organization_id: row.organization_id,
            complaint_id: row.id,
            event_id: last.id,
            site: "http://kudjok.localhost".into(),
        },
    )
    .await
    .unwrap();
    assert!(!again);
    assert_eq!(app.run_jobs().await, 0);
    set_status(&mut palad, row.id, "completed", "ซ่อมเสร็จแล้ว")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.run_jobs().await;
    let got = sink.wait_for(3).await;
    assert_eq!(got.len(), 3);
    assert!(got[2].body().contains("ซ่อมเสร็จแล้ว"));
    assert!(got[2].subject().contains("ดำเนินการแล้วเสร็จ"));
    // Without an e-mail nothing is sent.
    let (_, quiet) = complain_ok(&mut public, &refs(&road(&app).await), &[]).await;
    set_status(&mut palad, quiet.id, "in_progress", "รับเรื่อง")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.run_jobs().await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(sink.messages().len(), 3);
}

#[tokio::test]
async fn the_public_and_other_organizations_get_nothing_by_url_tampering() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;
    let mut public = app.client();
    let mut fields = road(&app).await;
    fields.extend([("name", NAME.to_owned()), ("phone", PHONE.to_owned())]);
    let (_, row) = complain_ok(&mut public, &refs(&fields), &[]).await;
    let id = row.id;
    for path in [
        "/staff/complaints".to_owned(),
        format!("/staff/complaints/{id}"),
        "/staff/complaints/manual".to_owned(),
        "/staff/complaints/categories".to_owned(),
    ] {
        let r = public.get(&path).await;
        r.assert_status(StatusCode::SEE_OTHER);
        assert!(r.location().starts_with("/login?next="), "{path}");
    }
    let mut other = app.client_for("nongbua.localhost");
    other
        .sign_in("staff", &demo_password("staff"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let queue = other.get("/staff/complaints").await;
    queue.assert_status(StatusCode::OK);
    assert!(!queue.body.contains("หนองแวง"));
    let r = other.get(&format!("/staff/complaints/{id}")).await;
    r.assert_status(StatusCode::NOT_FOUND);
    assert!(!r.body.contains(PHONE));
    set_status(&mut other, id, "completed", "ปิดโดยคนนอก")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("/staff/complaints/{id}/note"), &[("note", "x")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/complaints/{id}/assign"),
            &[("division_id", "")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/complaints/{id}/reopen"),
            &[("reason", "x")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let kudjok_category = category_id(&app, "road").await;
    other
        .post_form(
            &format!("/staff/complaints/categories/{kudjok_category}"),
            &[("name_th", "ถูกแก้"), ("handling_days", "1")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The other organization has its own default categories.
    let theirs = other.get("/complaints/new").await;
    theirs.assert_contains("ถนน/ทางเท้า");
    assert!(
        !theirs
            .body
            .contains(&format!("<option value=\"{kudjok_category}\""))
    );
    let unchanged = reload(&app, id).await;
    assert_eq!(unchanged.status, "received");
    assert_eq!(
        event::Entity::find()
            .filter(event::Column::ComplaintId.eq(id))
            .all(app.db().conn())
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn every_field_is_rendered_as_text_never_as_markup() {
    let app = TestApp::with_demo().await;
    let xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let mut public = app.client();
    let category = category_id(&app, "other").await;
    // Echoed back escaped in a refused form...
    let r = complain(
        &mut public,
        &[
            ("category_id", &category),
            ("place", xss),
            ("description", xss),
            ("name", xss),
            ("phone", xss),
            ("email", xss),
            ("latitude", xss),
        ],
        &[],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>alert"));
    assert!(!r.body.contains("<img src=x"));
    // ...and in every page showing an accepted one.
    let (code, row) = complain_ok(
        &mut public,
        &[
            ("category_id", &category),
            ("place", xss),
            ("description", xss),
            ("name", xss),
        ],
        &[],
    )
    .await;
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    set_status(&mut palad, row.id, "in_progress", xss)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    palad
        .post_form(
            &format!("/staff/complaints/{}/note", row.id),
            &[("note", xss)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let pages = [
        track(&mut public, &code).await,
        palad.get(&format!("/staff/complaints/{}", row.id)).await,
        palad.get("/staff/complaints").await,
    ];
    for p in pages {
        p.assert_status(StatusCode::OK);
        assert!(!p.body.contains("<script>alert"), "{}", &p.body[..200]);
        assert!(!p.body.contains("<img src=x"));
        assert!(p.body.contains("&lt;script&gt;") || p.body.contains("&#60;script&#62;"));
    }
}

// ---------- statistics and open data ----------

async fn with_statuses(app: &TestApp) -> Vec<complaint::Model> {
    let mut public = app.client();
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    let road_id = category_id(app, "road").await;
    let light_id = category_id(app, "light").await;
    let v3 = village_id(app, 3).await;
    let mut rows = Vec::new();
    // road/3 completed, road/3 in progress, light/none completed, light/3 not accepted,
    // road/none received.
    for (category, village, status, message) in [
        (&road_id, v3.as_str(), "completed", "ซ่อมแล้ว"),
        (&road_id, v3.as_str(), "in_progress", ""),
        (&light_id, "", "completed", "เปลี่ยนหลอดแล้ว"),
        (&light_id, v3.as_str(), "not_accepted", "อยู่นอกเขตรับผิดชอบ"),
        (&road_id, "", "", ""),
    ] {
        let (_, row) = complain_ok(
            &mut public,
            &[
                ("category_id", category.as_str()),
                ("village_id", village),
                ("place", PLACE_SECRET),
                ("description", DESCRIPTION_SECRET),
                ("name", NAME),
                ("phone", PHONE),
                ("email", EMAIL),
            ],
            &[],
        )
        .await;
        if !status.is_empty() {
            set_status(&mut palad, row.id, status, message)
                .await
                .assert_status(StatusCode::SEE_OTHER);
        }
        rows.push(row);
    }
    // The first was received eight days ago.
    let mut first = reload(app, rows[0].id).await.into_active_model();
    let earlier = prongsai_kernel::clock::now() - chrono::Duration::days(8);
    first.received_at = Set(earlier);
    first.update(app.db().conn()).await.unwrap();
    rows
}

const PLACE_SECRET: &str = "บ้านเลขที่ 99/1 ซอยลับเฉพาะ";
const DESCRIPTION_SECRET: &str = "เรื่องละเอียดอ่อนที่ต้องไม่หลุดออกไป";

fn fy_now() -> i32 {
    prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be()
}

#[tokio::test]
async fn statistics_count_per_fiscal_year_and_the_workbook_reads_back() {
    let app = TestApp::with_demo().await;
    let rows = with_statuses(&app).await;
    let fy = fy_now();
    let mut public = app.client();
    let page = public.get("/complaints/statistics").await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&format!("ปีงบประมาณ {fy}"))
        .assert_contains("<svg")
        .assert_contains("role=\"img\"")
        .assert_contains("id=\"complaints-month-title\"")
        .assert_contains("id=\"complaints-category-title\"")
        .assert_contains("href=\"/complaints/statistics.xlsx?fy=")
        .assert_contains("<dt>ทั้งหมด</dt><dd>5</dd>")
        .assert_contains("<dt>แล้วเสร็จ</dt><dd>2</dd>")
        .assert_contains("<dt>อยู่ระหว่างดำเนินการ</dt><dd>2</dd>")
        .assert_contains("<dt>ไม่รับเรื่อง</dt><dd>1</dd>")
        .assert_contains("ไม่ระบุหมู่บ้าน / นอกเขต");
    assert!(!page.body.contains("chart-title\""), "chart ids are unique");
    // The median: one took the working days between 8 days ago and today, one 0 days.
    let received =
        prongsai_complaints::store::thai_date(&reload(&app, rows[0].id).await.received_at);
    let today = prongsai_kernel::clock::today_in_thailand();
    let first_days =
        prongsai_thai::calendar::working_days_between(received, today, &Holidays::default());
    let median = f64::from(first_days) / 2.0;
    page.assert_contains(&format!("<dd>{median:.1}</dd>"));
    // The landing page has this year's figures.
    public
        .get("/complaints")
        .await
        .assert_contains("<dt>ทั้งหมด</dt><dd>5</dd>");
    // JSON.
    let api = public
        .get(&format!("/api/v1/complaints/statistics?fy={fy}"))
        .await;
    api.assert_status(StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let d = &json["data"][0];
    assert_eq!(d["fiscal_year"], fy);
    assert_eq!(d["total"], 5);
    assert_eq!(d["completed"], 2);
    assert_eq!(d["in_progress"], 2);
    assert_eq!(d["not_accepted"], 1);
    assert_eq!(d["median_working_days_to_complete"], median);
    let road = d["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name_th"] == "ถนน/ทางเท้า")
        .unwrap();
    assert_eq!(
        (road["total"].as_u64(), road["completed"].as_u64()),
        (Some(3), Some(1))
    );
    let v3 = d["by_village"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name_th"] == "หมู่ที่ 3")
        .unwrap();
    assert_eq!(v3["total"], 3);
    assert_eq!(d["by_month"].as_array().unwrap().len(), 12);
    // Every year without fy; bad parameters are a JSON 400.
    let all: serde_json::Value =
        serde_json::from_str(&public.get("/api/v1/complaints/statistics").await.body).unwrap();
    assert_eq!(all["data"][0]["total"], 5);
    let bad = public.get("/api/v1/complaints/statistics?fy=66").await;
    bad.assert_status(StatusCode::BAD_REQUEST)
        .assert_contains("\"bad_request\"");
    // CSV.
    let csv = public
        .get(&format!("/complaints/statistics.csv?fy={fy}"))
        .await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(csv.body.contains(&format!("{fy},total,ทั้งหมด,All,5,2,2,1,")));
    assert!(csv.body.contains(&format!(
        "{fy},category,ถนน/ทางเท้า,Roads and footpaths,3,1,2,0"
    )));
    // Excel, read back.
    let bytes = app_bytes(&app, &format!("/complaints/statistics.xlsx?fy={fy}")).await;
    let sheets = prongsai_export::read_workbook(&bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["สรุป", "ตามประเภทเรื่อง", "ตามหมู่บ้าน", "รายเดือน"]);
    let summary = &sheets[0].1;
    assert!(
        summary[0][0]
            .as_text()
            .contains(&format!("ปีงบประมาณ พ.ศ. {fy}"))
    );
    let value = |label: &str| {
        summary
            .iter()
            .find(|r| r[0].as_text() == label)
            .map(|r| r[1].as_text())
            .unwrap()
    };
    assert_eq!(value("จำนวนเรื่องร้องเรียนทั้งหมด"), "5");
    assert_eq!(value("จำนวนเรื่องที่ดำเนินการแล้วเสร็จ"), "2");
    assert_eq!(value("จำนวนเรื่องที่อยู่ระหว่างดำเนินการ"), "2");
    assert_eq!(value("จำนวนเรื่องที่ไม่รับเรื่อง"), "1");
    let categories = &sheets[1].1;
    let road_row = categories
        .iter()
        .find(|r| r[0].as_text() == "ถนน/ทางเท้า")
        .unwrap();
    assert_eq!(
        road_row
            .iter()
            .skip(1)
            .map(|c| c.as_text())
            .collect::<Vec<_>>(),
        ["3", "1", "2", "0"]
    );
    // Another year is empty.
    let last_year = public
        .get(&format!("/complaints/statistics?fy={}", fy - 1))
        .await;
    last_year
        .assert_status(StatusCode::OK)
        .assert_contains("<dt>ทั้งหมด</dt><dd>0</dd>");
    // The dataset is in the catalog.
    public
        .get("/open-data")
        .await
        .assert_contains("สถิติเรื่องร้องเรียน/ร้องทุกข์")
        .assert_contains("/complaints/statistics.csv");
    public
        .get("/api/3/action/package_show?id=kudjok-complaint-statistics")
        .await
        .assert_status(StatusCode::OK);
    public
        .get("/api/v1/openapi.json")
        .await
        .assert_contains("/api/v1/complaints/statistics");
}

/// The raw bytes of a response (the test client reads bodies as text).
async fn app_bytes(app: &TestApp, path: &str) -> Vec<u8> {
    use tower::ServiceExt;
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(path)
                .header("host", crate::util::HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap()
        .to_vec()
}

#[tokio::test]
async fn no_personal_data_or_complaint_text_reaches_any_public_page_api_or_file() {
    let app = TestApp::with_demo().await;
    let rows = with_statuses(&app).await;
    let fy = fy_now();
    let mut public = app.client();
    let secrets = [
        NAME,
        PHONE,
        EMAIL,
        PLACE_SECRET,
        DESCRIPTION_SECRET,
        "ซ่อมแล้ว",
        "อยู่นอกเขตรับผิดชอบ",
    ];
    let codes: Vec<String> = stored(&app)
        .await
        .into_iter()
        .map(|c| c.tracking_code)
        .collect();
    assert_eq!(codes.len(), rows.len());
    for path in [
        "/".to_owned(),
        "/complaints".to_owned(),
        "/complaints/new".to_owned(),
        "/complaints/track".to_owned(),
        "/complaints/manual".to_owned(),
        "/complaints/manual/history".to_owned(),
        "/complaints/statistics".to_owned(),
        format!("/complaints/statistics?fy={fy}"),
        "/complaints/statistics.csv".to_owned(),
        "/api/v1/complaints/statistics".to_owned(),
        "/open-data".to_owned(),
        "/catalog.jsonld".to_owned(),
        "/api/3/action/package_search".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/search?q=%E0%B8%96%E0%B8%99%E0%B8%99".to_owned(),
        "/api/v1/search?q=%E0%B8%8B%E0%B8%AD%E0%B8%A2".to_owned(),
    ] {
        let r = public.get(&path).await;
        assert!(r.status.is_success(), "{path}: {}", r.status);
        for s in secrets {
            assert!(!r.body.contains(s), "{path} shows {s}");
        }
        for code in &codes {
            assert!(
                !r.body.contains(code.as_str()),
                "{path} shows a tracking code"
            );
        }
    }
    let xlsx = app_bytes(&app, &format!("/complaints/statistics.xlsx?fy={fy}")).await;
    let sheets = prongsai_export::read_workbook(&xlsx).unwrap();
    for (_, rows) in sheets {
        for row in rows {
            for cell in row {
                let t = cell.as_text();
                for s in secrets {
                    assert!(!t.contains(s), "the workbook holds {s}");
                }
            }
        }
    }
}

// ---------- the manual and the categories ----------

#[tokio::test]
async fn the_manual_is_seeded_then_edited_and_published_with_its_history() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let manual = public.get("/complaints/manual").await;
    manual
        .assert_status(StatusCode::OK)
        .assert_contains("คู่มือการจัดการเรื่องร้องเรียน/ร้องทุกข์")
        .assert_contains("ตรวจสอบและคัดแยกเรื่อง")
        .assert_contains("1 วันทำการ")
        .assert_contains("ถนน/ทางเท้า")
        .assert_contains("15 วันทำการ")
        .assert_contains("กองช่าง")
        .assert_contains("ฉบับที่ 1");
    // Handlers may not publish it; supervisors may.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/complaints/manual")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    let edit = palad.get("/staff/complaints/manual").await;
    edit.assert_status(StatusCode::OK)
        .assert_contains("name=\"step_title\"")
        .assert_contains("ตรวจสอบและคัดแยกเรื่อง");
    // An incomplete step is refused, by the field, keeping the text.
    let r = palad
        .post_form(
            "/staff/complaints/manual",
            &[
                ("title", "คู่มือการจัดการเรื่องร้องเรียน ฉบับปรับปรุง"),
                ("intro", "บทนำฉบับใหม่"),
                ("step_title", "รับเรื่อง"),
                ("step_who", "งานธุรการ"),
                ("step_duration", ""),
                ("channels", "เว็บไซต์"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ขั้นตอนที่ 1 ยังไม่ครบ")
        .assert_contains("บทนำฉบับใหม่");
    // A shorter handling time for lights, then the new version.
    let light = category_id(&app, "light").await;
    palad
        .post_form(
            &format!("/staff/complaints/categories/{light}"),
            &[
                ("name_th", "ไฟฟ้าส่องสว่าง"),
                ("name_en", "Street lighting"),
                ("handling_days", "๓"),
                ("division_id", ""),
                ("active", "1"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    palad
        .post_form(
            "/staff/complaints/manual",
            &[
                ("title", "คู่มือการจัดการเรื่องร้องเรียน ฉบับปรับปรุง"),
                ("intro", "บทนำฉบับใหม่"),
                ("step_title", "รับเรื่อง"),
                ("step_who", "งานธุรการ"),
                ("step_duration", "ทันที"),
                ("step_title", ""),
                ("step_who", ""),
                ("step_duration", ""),
                ("channels", "เว็บไซต์ และที่ทำการ"),
                ("change_note", "ปรับระยะเวลาไฟฟ้าส่องสว่าง"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let manual = public.get("/complaints/manual").await;
    manual
        .assert_contains("ฉบับปรับปรุง")
        .assert_contains("ฉบับที่ 2")
        .assert_contains("3 วันทำการ");
    assert!(!manual.body.contains("ตรวจสอบและคัดแยกเรื่อง"));
    let history = public.get("/complaints/manual/history").await;
    history
        .assert_status(StatusCode::OK)
        .assert_contains("ฉบับที่ 2")
        .assert_contains("ฉบับที่ 1")
        .assert_contains("ปรับระยะเวลาไฟฟ้าส่องสว่าง")
        .assert_contains("ตรวจสอบและคัดแยกเรื่อง");
    // The new handling time applies to new complaints.
    let mut fields = road(&app).await;
    fields[0].1 = light.clone();
    let (_, row) = complain_ok(&mut public, &refs(&fields), &[]).await;
    assert_eq!(row.handling_days, 3);
}

#[tokio::test]
async fn categories_are_kept_per_organization_and_checked() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    let page = admin.get("/staff/complaints/categories").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("ขยะ/สิ่งแวดล้อม")
        .assert_contains("การให้บริการของเจ้าหน้าที่");
    let r = admin
        .post_form(
            "/staff/complaints/categories",
            &[("name_th", " "), ("handling_days", "0")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อประเภทเรื่อง")
        .assert_contains("ระยะเวลาดำเนินการต้องเป็นจำนวนวันทำการ 1 ถึง 180 วัน");
    admin
        .post_form(
            "/staff/complaints/categories",
            &[
                ("name_th", "สัตว์จรจัด"),
                ("name_en", "Stray animals"),
                ("handling_days", "10"),
                ("division_id", &division_id(&app, "palad").await.to_string()),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let waste = category_id(&app, "waste").await;
    admin
        .post_form(
            &format!("/staff/complaints/categories/{waste}"),
            &[
                ("name_th", "ขยะ/สิ่งแวดล้อม"),
                ("handling_days", "5"),
                ("division_id", ""),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let form = app.client().get("/complaints/new").await;
    form.assert_contains("สัตว์จรจัด");
    assert!(
        !form.body.contains("ขยะ/สิ่งแวดล้อม"),
        "an inactive category is not offered"
    );
    // An inactive category is refused if posted anyway.
    let mut public = app.client();
    let mut fields = road(&app).await;
    fields[0].1 = waste;
    complain(&mut public, &refs(&fields), &[])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาเลือกประเภทเรื่องร้องเรียน");
    let stray = category::Entity::find()
        .filter(category::Column::NameTh.eq("สัตว์จรจัด"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stray.handling_days, 10);
    assert!(stray.active);
    // A clerk may not change categories.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/complaints/categories")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("complaint_category."))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
}

#[tokio::test]
async fn the_pages_speak_english_too() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/lang?to=en&back=/complaints").await;
    c.get("/complaints/new")
        .await
        .assert_contains("Make a complaint")
        .assert_contains("Roads and footpaths")
        .assert_contains("Personal data protection");
    c.get("/complaints/statistics")
        .await
        .assert_contains("Complaint statistics");
}
