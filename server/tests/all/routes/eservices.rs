//! `/e-services...` (forms, receipts), `/track`, `/statistics...`, and the staff's
//! `/staff/e-services...` (form builder), `/staff/requests...` (queue) and
//! `/staff/counter` (One Stop Service).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use http::StatusCode;
use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use prongsai_eservices::model::service_request;
use prongsai_kernel::form_guard;

use crate::util::{TestApp, TestClient, TestResponse};

pub const BORROW: &str = "ขอยืมเต็นท์ เก้าอี้ และโต๊ะ";
pub const GENERAL: &str = "คำร้องทั่วไป";
pub const APPLICANT: &str = "สมหญิง ทดสอบระบบ";
pub const PHONE: &str = "081-234-5678";
/// A valid national ID (check digit 8).
pub const THAI_ID: &str = "1101700230708";

pub async fn service_id(app: &TestApp, title: &str) -> i64 {
    let org = app.demo_tenant().await.id;
    prongsai_eservices::store::list_public_eservices(app.db().conn(), org)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.snapshot.title == title)
        .unwrap_or_else(|| panic!("no e-service {title}"))
        .id()
}

/// The key of the field labelled `label` in the published form.
pub async fn key_of(app: &TestApp, id: i64, label: &str) -> String {
    let org = app.demo_tenant().await.id;
    prongsai_eservices::store::get_public_eservice(app.db().conn(), org, id)
        .await
        .unwrap()
        .snapshot
        .fields
        .into_iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| panic!("no field {label}"))
        .key
}

pub async fn village_id(app: &TestApp, number: i32) -> String {
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

/// A form time signed as if the form had been shown `seconds` ago.
pub async fn aged_token(app: &TestApp, seconds: i64) -> String {
    let org = app.demo_tenant().await.id;
    let key = form_guard::form_key(app.db()).await.unwrap();
    form_guard::sign_form_time(
        key.expose(),
        "eservice",
        org,
        form_guard::now_seconds() - seconds,
    )
}

/// Opens the form as a browser does, then sends `fields` (plus the honeypot, empty) as a
/// person who took ten seconds.
pub async fn send(c: &mut TestClient<'_>, id: i64, fields: &[(&str, &str)]) -> TestResponse {
    let form = c.get(&format!("/e-services/{id}")).await;
    form.assert_status(StatusCode::OK);
    let csrf = form.input_value("csrf_token").unwrap();
    let token = aged_token(c.app, 10).await;
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("form_token", token.as_str()),
    ];
    if !fields.iter().any(|(k, _)| *k == "website") {
        all.push(("website", ""));
    }
    all.extend_from_slice(fields);
    c.post_form_raw(&format!("/e-services/{id}"), &all).await
}

/// The fields of a valid request to borrow tents, in the form's keys.
pub async fn borrow_fields(app: &TestApp, id: i64, email: &str) -> Vec<(String, String)> {
    let mut f = vec![
        ("applicant_name".to_owned(), APPLICANT.to_owned()),
        ("phone".to_owned(), PHONE.to_owned()),
        ("email".to_owned(), email.to_owned()),
    ];
    for (label, value) in [
        ("สิ่งที่ขอยืม", "เต็นท์"),
        ("สิ่งที่ขอยืม", "เก้าอี้"),
        ("จำนวนเต็นท์ (หลัง)", "2"),
        ("จำนวนเก้าอี้ (ตัว)", "๑๐๐"),
        ("วันที่ใช้งาน", "5 ธ.ค. 2568"),
        ("วันที่ส่งคืน", "8/12/2568"),
        ("ลักษณะงาน", "งานบุญ/งานประเพณี"),
        ("รายละเอียดเพิ่มเติม", "งานทำบุญขึ้นบ้านใหม่"),
    ] {
        f.push((key_of(app, id, label).await, value.to_owned()));
    }
    f.push((
        key_of(app, id, "หมู่บ้านที่ใช้งาน").await,
        village_id(app, 3).await,
    ));
    f
}

/// Sends a valid borrowing request; returns the tracking code (normalized).
pub async fn send_borrow_request(c: &mut TestClient<'_>, email: &str) -> String {
    let app = c.app;
    let id = service_id(app, BORROW).await;
    let fields = borrow_fields(app, id, email).await;
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = send(c, id, &pairs).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let code = r
        .location()
        .strip_prefix("/e-services/receipt/")
        .unwrap()
        .to_owned();
    assert_eq!(code.len(), 10, "{code}");
    code
}

pub async fn request_by_code(app: &TestApp, code: &str) -> service_request::Model {
    use prongsai_db::sea_orm::{ColumnTrait, QueryFilter};
    service_request::Entity::find()
        .filter(service_request::Column::TrackingCode.eq(code))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap()
}

/// Posts a status change as staff.
pub async fn set_status(
    staff: &mut TestClient<'_>,
    id: i64,
    status: &str,
    note: &str,
) -> TestResponse {
    staff
        .post_form(
            &format!("/staff/requests/{id}/status"),
            &[("status", status), ("note", note)],
        )
        .await
}

/// The date `n` working days after `from`, skipping weekends and `holidays`, counted
/// here independently of the application.
fn working_days_after(from: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d) {
            left -= 1;
        }
    }
    d
}

#[tokio::test]
async fn the_demo_has_three_online_services_replacing_the_placeholder() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let home = c.get("/").await;
    home.assert_contains("href=\"/e-services\"")
        .assert_contains("href=\"/statistics\"")
        .assert_contains("href=\"/surveys\"");
    let list = c.get("/e-services").await;
    list.assert_status(StatusCode::OK)
        .assert_contains(BORROW)
        .assert_contains(GENERAL)
        .assert_contains("ขอข้อมูลข่าวสารของราชการ")
        .assert_contains("href=\"/track\"");
    assert!(!list.body.contains("กำลังจะเปิดใช้งาน"));
    // Each form is phone-friendly: labelled inputs, the right keyboards, a honeypot.
    let form = c
        .get(&format!("/e-services/{}", service_id(&app, GENERAL).await))
        .await;
    form.assert_contains("type=\"tel\"")
        .assert_contains("inputmode=\"numeric\"")
        .assert_contains("enctype=\"multipart/form-data\"")
        .assert_contains("name=\"form_token\"")
        .assert_contains("tabindex=\"-1\"")
        .assert_contains("หมู่ที่ 14")
        .assert_contains("การคุ้มครองข้อมูลส่วนบุคคล")
        .assert_contains("4 วันทำการ 15 นาที");
    assert_eq!(form.header("cache-control"), "no-store");
}

#[tokio::test]
async fn a_citizen_sends_a_request_and_follows_it_by_its_code() {
    let app = TestApp::with_demo().await;
    // A holiday on the next working day pushes the due date back by one.
    let org = app.demo_tenant().await.id;
    let today = prongsai_kernel::clock::today_in_thailand();
    let holiday = working_days_after(today, 1, &[]);
    prongsai_kernel::calendar::add_holiday(
        app.db(),
        &prongsai_kernel::Authorized::<prongsai_kernel::permissions::ManageOrganization>::system(
            org,
            prongsai_kernel::Actor::Cli,
        ),
        holiday,
        "วันหยุดพิเศษ",
    )
    .await
    .unwrap();
    let mut citizen = app.client();
    let code = send_borrow_request(&mut citizen, "").await;
    // Borrowing takes 2 working days, 1 hour and 15 minutes: due on the third working day.
    let due = working_days_after(today, 3, &[holiday]);
    let stored = request_by_code(&app, &code).await;
    assert_eq!(stored.due_on, due);
    assert_eq!(stored.status, "received");
    assert_eq!(stored.form_version, 1);
    let receipt = citizen.get(&format!("/e-services/receipt/{code}")).await;
    let shown = prongsai_kernel::tracking::format_tracking_code(&code);
    receipt
        .assert_status(StatusCode::OK)
        .assert_contains(&shown)
        .assert_contains(BORROW)
        .assert_contains("รับเรื่องแล้ว")
        .assert_contains(&prongsai_thai::format_date(
            due,
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic,
        ));
    assert!(!receipt.body.contains(APPLICANT) && !receipt.body.contains(PHONE));
    // The answers were kept as typed and checked: dates in B.E., Thai digits, the village.
    let answers = stored.answers.to_string();
    assert!(
        answers.contains("2025-12-05") && answers.contains("2025-12-08"),
        "{answers}"
    );
    assert!(
        answers.contains("\"100\"") && answers.contains("หมู่ที่ 3"),
        "{answers}"
    );
    // Tracking: typed in lower case, without dashes.
    let mut other_device = app.client();
    let r = other_device
        .post_form("/track", &[("code", &code.to_lowercase())])
        .await;
    r.assert_status(StatusCode::OK)
        .assert_contains(&shown)
        .assert_contains("ประวัติการดำเนินการ")
        .assert_contains("รับเรื่องแล้ว");
    assert!(!r.body.contains(APPLICANT) && !r.body.contains(PHONE));
    assert_eq!(r.header("cache-control"), "no-store");
    // An unknown code and a mistyped one get the same answer.
    let unknown = prongsai_kernel::tracking::new_tracking_code();
    let mut mistyped: Vec<char> = code.chars().collect();
    mistyped.swap(2, 3);
    if mistyped[2] == mistyped[3] {
        mistyped[0] = if mistyped[0] == 'A' { 'B' } else { 'A' };
    }
    let mistyped: String = mistyped.into_iter().collect();
    let a = other_device
        .post_form("/track", &[("code", &unknown)])
        .await;
    let b = other_device
        .post_form("/track", &[("code", &mistyped)])
        .await;
    for r in [&a, &b] {
        r.assert_status(StatusCode::NOT_FOUND)
            .assert_contains("ไม่พบคำร้องที่ตรงกับเลขนี้");
        assert!(!r.body.contains(BORROW));
    }
    let strip = |r: &TestResponse, typed: &str| r.body.replace(typed, "");
    assert_eq!(strip(&a, &unknown), strip(&b, &mistyped));
    let receipt_unknown = other_device
        .get(&format!("/e-services/receipt/{unknown}"))
        .await;
    receipt_unknown.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn guessing_codes_is_rate_limited() {
    let app = TestApp::with_demo().await;
    let mut guesser = app.client();
    for _ in 0..10 {
        guesser
            .post_form(
                "/track",
                &[("code", &prongsai_kernel::tracking::new_tracking_code())],
            )
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    guesser
        .post_form("/track", &[("code", "K7M3-9QXP-TA")])
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("บ่อยเกินไป");
}

#[tokio::test]
async fn every_field_is_checked_with_thai_messages_by_the_field() {
    let app = TestApp::with_demo().await;
    let id = service_id(&app, GENERAL).await;
    let thai_id = key_of(&app, id, "เลขประจำตัวประชาชน").await;
    let village = key_of(&app, id, "หมู่บ้าน").await;
    let subject = key_of(&app, id, "เรื่อง").await;
    let details = key_of(&app, id, "รายละเอียด").await;
    let mut c = app.client();
    let r = send(
        &mut c,
        id,
        &[
            ("applicant_name", " "),
            ("phone", "1234"),
            ("email", "not-an-address"),
            (&thai_id, "1-1017-00230-70-9"),
            (&village, "99999"),
            (&subject, "ขอซ่อมถนน"),
            (&details, ""),
        ],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อ-นามสกุล")
        .assert_contains("หมายเลขโทรศัพท์ต้องมี 9-10 หลัก")
        .assert_contains("อีเมลไม่ถูกต้อง")
        .assert_contains("หลักสุดท้ายควรเป็น 8")
        .assert_contains("จากรายชื่อหมู่บ้าน")
        .assert_contains("กรุณากรอกรายละเอียด")
        .assert_contains(&format!("id=\"{thai_id}-error\""))
        .assert_contains("aria-invalid=\"true\"")
        // What was typed comes back.
        .assert_contains("value=\"ขอซ่อมถนน\"")
        .assert_contains("value=\"1-1017-00230-70-9\"");
    // A date that does not exist is refused with the Thai calendar's message.
    let bid = service_id(&app, BORROW).await;
    let mut fields = borrow_fields(&app, bid, "").await;
    let used = key_of(&app, bid, "วันที่ใช้งาน").await;
    for f in fields.iter_mut().filter(|(k, _)| *k == used) {
        f.1 = "31 ก.พ. 2569".into();
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    send(&mut c, bid, &pairs)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่มีในเดือนกุมภาพันธ์");
    let count = service_request::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap()
        .len();
    assert_eq!(count, 0, "nothing is stored from a refused form");
}

/// A JPEG with an EXIF block holding a GPS-like marker.
fn jpeg_with_location() -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(b"GPS-LAT-15.58N-LONG-102.42E");
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&tiff);
    let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    f.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    f.extend_from_slice(&app1);
    f.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
    f.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]);
    f
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_photos_lose_their_location() {
    let app = TestApp::with_demo().await;
    let id = service_id(&app, GENERAL).await;
    let keys = [
        key_of(&app, id, "เลขประจำตัวประชาชน").await,
        key_of(&app, id, "หมู่บ้าน").await,
        key_of(&app, id, "เรื่อง").await,
        key_of(&app, id, "รายละเอียด").await,
        key_of(&app, id, "เอกสารหรือรูปถ่ายประกอบ").await,
    ];
    let village = village_id(&app, 5).await;
    let mut c = app.client();
    c.get(&format!("/e-services/{id}")).await;
    let token = aged_token(&app, 10).await;
    let fields = [
        ("form_token", token.as_str()),
        ("website", ""),
        ("applicant_name", APPLICANT),
        ("phone", PHONE),
        ("email", ""),
        (keys[0].as_str(), THAI_ID),
        (keys[1].as_str(), village.as_str()),
        (keys[2].as_str(), "ไฟฟ้าส่องสว่างดับ"),
        (keys[3].as_str(), "เสาไฟหน้าศาลาหมู่บ้านดับมาหนึ่งสัปดาห์"),
    ];
    // A program named .jpg is refused by its content.
    let r = c
        .post_multipart_files(
            &format!("/e-services/{id}"),
            &fields,
            &[(keys[4].as_str(), "photo.jpg", b"MZ\x90\x00 a program")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains(&format!("id=\"{}-error\"", keys[4]))
        .assert_contains("value=\"ไฟฟ้าส่องสว่างดับ\"");
    // A photo is accepted and stored without its EXIF location.
    let r = c
        .post_multipart_files(
            &format!("/e-services/{id}"),
            &fields,
            &[(keys[4].as_str(), "โคมไฟ.jpg", &jpeg_with_location())],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let code = r.location().rsplit('/').next().unwrap().to_owned();
    let stored = request_by_code(&app, &code).await;
    let attachment_id = stored.answers[&keys[4]]["attachment_id"].as_i64().unwrap();
    let org = app.demo_tenant().await.id;
    let model = prongsai_files::get_attachment(app.db().conn(), org, attachment_id)
        .await
        .unwrap();
    let bytes = prongsai_files::read_attachment(&app.state.files, &model)
        .await
        .unwrap();
    assert_eq!(
        prongsai_files::sniff(&bytes),
        Some(prongsai_files::FileKind::Jpeg)
    );
    assert!(!String::from_utf8_lossy(&bytes).contains("GPS-LAT"));
    // The file is the staff's: the public cannot fetch it.
    let file_path = format!("/files/{attachment_id}/{}", model.file_name);
    let mut public = app.client();
    public
        .get(&prongsai_web::error::urlencode(&file_path))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut staff = app.client();
    staff.sign_in_as("clerk").await;
    let page = staff.get(&format!("/staff/requests/{}", stored.id)).await;
    page.assert_contains("โคมไฟ.jpg")
        .assert_contains(&prongsai_thai::ThaiId::parse(THAI_ID).unwrap().formatted())
        .assert_contains(APPLICANT);
    let (status, _, _) = staff
        .get_bytes(&prongsai_web::error::urlencode(&file_path))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn spam_is_held_off_by_honeypot_form_time_and_a_rate_limit() {
    let app = TestApp::with_demo().await;
    let id = service_id(&app, BORROW).await;
    let fields = borrow_fields(&app, id, "").await;
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut bot = app.client();
    // The honeypot: thanked like anyone, nothing stored.
    let mut with_honey = pairs.clone();
    with_honey.push(("website", "http://spam.example"));
    let r = send(&mut bot, id, &with_honey).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/e-services/thanks");
    assert!(
        service_request::Entity::find()
            .all(app.db().conn())
            .await
            .unwrap()
            .is_empty()
    );
    // Sent within three seconds of being shown: the form comes back with its values.
    let form = bot.get(&format!("/e-services/{id}")).await;
    let csrf = form.input_value("csrf_token").unwrap();
    let fresh = form.input_value("form_token").unwrap();
    let mut quick = vec![
        ("csrf_token", csrf.as_str()),
        ("form_token", fresh.as_str()),
    ];
    quick.extend_from_slice(&pairs);
    bot.post_form_raw(&format!("/e-services/{id}"), &quick)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ส่งแบบฟอร์มเร็วเกินไป")
        .assert_contains(&format!("value=\"{APPLICANT}\""));
    // A forged form time is refused too.
    let mut forged = vec![("csrf_token", csrf.as_str()), ("form_token", "1.AAAA")];
    forged.extend_from_slice(&pairs);
    bot.post_form_raw(&format!("/e-services/{id}"), &forged)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("หมดอายุ");
    // Ten requests an hour per client, then 429 (the honeypot counted as one).
    let mut sent = 1;
    while sent < 10 {
        send(&mut bot, id, &pairs)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        sent += 1;
    }
    send(&mut bot, id, &pairs)
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        service_request::Entity::find()
            .all(app.db().conn())
            .await
            .unwrap()
            .len(),
        9
    );
}

#[tokio::test]
async fn staff_assign_and_change_status_with_history_and_the_citizen_is_emailed() {
    let (app, sink) = TestApp::with_demo_and_mail().await;
    let mut citizen = app.client();
    let code = send_borrow_request(&mut citizen, "somying@example.com").await;
    let id = request_by_code(&app, &code).await.id;
    // The receipt e-mail, once, even if the jobs run again.
    app.run_jobs().await;
    app.run_jobs().await;
    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    let shown = prongsai_kernel::tracking::format_tracking_code(&code);
    assert!(got[0].subject().contains(&shown), "{}", got[0].subject());
    assert!(got[0].body().contains("รับเรื่องแล้ว"));
    assert_eq!(got[0].to, vec!["somying@example.com".to_owned()]);
    // The queue of the procurement unit's staff shows it.
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    staff
        .get("/staff/requests")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(BORROW)
        .assert_contains(&shown);
    // Assign to oneself, then to nobody else than an account of this organization.
    let me = staff.get(&format!("/staff/requests/{id}")).await;
    me.assert_contains(APPLICANT).assert_contains(PHONE);
    staff
        .post_form(
            &format!("/staff/requests/{id}/assign"),
            &[("assignee_id", "me")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    staff
        .post_form(
            &format!("/staff/requests/{id}/assign"),
            &[("assignee_id", "999999")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    staff
        .get("/staff/requests?assignee=me")
        .await
        .assert_contains(&shown);
    // Waiting for the citizen and rejecting need a message.
    set_status(&mut staff, id, "waiting", "")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาระบุเอกสารหรือข้อมูลที่ต้องการ");
    set_status(&mut staff, id, "rejected", " ")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกเหตุผลที่ไม่อนุมัติ");
    set_status(&mut staff, id, "in_progress", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    set_status(&mut staff, id, "waiting", "กรุณาส่งสำเนาบัตรประจำตัวประชาชน")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    set_status(&mut staff, id, "completed", "มารับเต็นท์ได้ที่ อบต. วันที่ 4 ธ.ค.")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A completed request is closed.
    set_status(&mut staff, id, "in_progress", "")
        .await
        .assert_status(StatusCode::CONFLICT);
    let stored = request_by_code(&app, &code).await;
    assert_eq!(stored.status, "completed");
    assert!(stored.completed_at.is_some());
    // The staff page shows the whole history; the citizen sees the status steps and notes.
    staff
        .get(&format!("/staff/requests/{id}"))
        .await
        .assert_contains("มอบหมายให้")
        .assert_contains("กำลังดำเนินการ")
        .assert_contains("กรุณาส่งสำเนาบัตรประจำตัวประชาชน");
    let track = citizen.post_form("/track", &[("code", &code)]).await;
    track
        .assert_contains("กำลังดำเนินการ")
        .assert_contains("กรุณาส่งสำเนาบัตรประจำตัวประชาชน")
        .assert_contains("ดำเนินการแล้วเสร็จ")
        .assert_contains("/surveys/answer/");
    assert!(!track.body.contains("มอบหมาย"));
    // One e-mail per change: in progress, waiting, completed (with the survey link).
    app.run_jobs().await;
    let got = sink.wait_for(4).await;
    assert_eq!(
        got.len(),
        4,
        "{:?}",
        got.iter().map(|m| m.subject()).collect::<Vec<_>>()
    );
    let last = got
        .iter()
        .find(|m| m.subject().contains("แล้วเสร็จ"))
        .unwrap();
    assert!(
        last.body()
            .contains("http://kudjok.localhost/surveys/answer/")
    );
    assert!(last.body().contains("มารับเต็นท์ได้ที่"));
    let waiting = got
        .iter()
        .find(|m| m.subject().contains("รอเอกสาร"))
        .unwrap();
    assert!(waiting.body().contains("กรุณาส่งสำเนาบัตรประจำตัวประชาชน"));
    // Every change is audited without personal data.
    let audit = serde_json::to_string(
        &prongsai_kernel::audit::list_audit_entries_for_target(
            app.db().conn(),
            app.demo_tenant().await.id,
            "service_request",
            id,
        )
        .await
        .unwrap()
        .iter()
        .map(|e| (e.action.clone(), e.details.clone()))
        .collect::<Vec<_>>(),
    )
    .unwrap();
    assert!(audit.contains("service_request.submit") && audit.contains("service_request.status"));
    assert!(!audit.contains(APPLICANT) && !audit.contains("somying"));
}

#[tokio::test]
async fn forms_are_built_without_code_and_a_request_keeps_its_version() {
    let app = TestApp::with_demo().await;
    let mut citizen = app.client();
    let first_code = send_borrow_request(&mut citizen, "").await;
    let id = service_id(&app, BORROW).await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get(&format!("/staff/e-services/{id}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut head = app.client();
    head.sign_in_as("finance.head").await;
    let builder = head.get(&format!("/staff/e-services/{id}")).await;
    builder
        .assert_status(StatusCode::OK)
        .assert_contains("วันที่ใช้งาน")
        .assert_contains("เลขประจำตัวประชาชน 13 หลัก");
    // A choice needs two options; the label is required.
    head.post_form(
        &format!("/staff/e-services/{id}/fields"),
        &[("label", ""), ("kind", "choice"), ("options", "อันเดียว")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณากรอกชื่อช่อง")
    .assert_contains("อย่างน้อย 2 ข้อ");
    head.post_form(
        &format!("/staff/e-services/{id}/fields"),
        &[
            ("label", "เลขประจำตัวผู้ยืม"),
            ("kind", "thai_id"),
            ("required", "1"),
            ("help", "สำหรับบันทึกทะเบียนการยืม"),
            ("options", ""),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // The draft is not public until published.
    assert!(
        !citizen
            .get(&format!("/e-services/{id}"))
            .await
            .body
            .contains("เลขประจำตัวผู้ยืม")
    );
    head.get(&format!("/staff/e-services/{id}/preview"))
        .await
        .assert_contains("เลขประจำตัวผู้ยืม")
        .assert_contains("ตัวอย่างแบบฟอร์มฉบับร่าง");
    head.post_form(
        &format!("/staff/e-services/{id}/publish"),
        &[("change_note", "เพิ่มเลขประจำตัว")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let form = citizen.get(&format!("/e-services/{id}")).await;
    form.assert_contains("เลขประจำตัวผู้ยืม");
    // The new version requires the new field.
    let mut fields = borrow_fields(&app, id, "").await;
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    send(&mut citizen, id, &pairs)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกเลขประจำตัวผู้ยืม");
    fields.push((key_of(&app, id, "เลขประจำตัวผู้ยืม").await, THAI_ID.into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = send(&mut citizen, id, &pairs).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let second_code = r.location().rsplit('/').next().unwrap().to_owned();
    let first = request_by_code(&app, &first_code).await;
    let second = request_by_code(&app, &second_code).await;
    assert_eq!((first.form_version, second.form_version), (1, 2));
    // The first request is shown with the form it was filled in with.
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let old = staff.get(&format!("/staff/requests/{}", first.id)).await;
    assert!(!old.body.contains("เลขประจำตัวผู้ยืม"));
    staff
        .get(&format!("/staff/requests/{}", second.id))
        .await
        .assert_contains("เลขประจำตัวผู้ยืม")
        .assert_contains(&prongsai_thai::ThaiId::parse(THAI_ID).unwrap().formatted());
    // Fields move and go; closing stops requests.
    let key = key_of(&app, id, "เลขประจำตัวผู้ยืม").await;
    head.post_form(
        &format!("/staff/e-services/{id}/fields/{key}/move"),
        &[("direction", "up")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    head.post_form(&format!("/staff/e-services/{id}/close"), &[("reason", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    head.post_form(
        &format!("/staff/e-services/{id}/close"),
        &[("reason", "ปิดปรับปรุง")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    citizen
        .get(&format!("/e-services/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_new_online_service_needs_a_published_service_manual() {
    let app = TestApp::with_demo().await;
    let mut head = app.client();
    head.sign_in_as("palad").await;
    let page = head.get("/staff/e-services").await;
    page.assert_contains("การขอยืมเต็นท์ เก้าอี้ และโต๊ะ");
    head.post_form(
        "/staff/e-services",
        &[
            ("manual_id", "999999"),
            ("title", "ขอใช้สถานที่"),
            ("description", ""),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณาเลือกคู่มือสำหรับประชาชนที่เผยแพร่แล้ว");
    let org = app.demo_tenant().await.id;
    let manual = prongsai_manuals::store::list_all_public_manuals(
        app.db().conn(),
        org,
        Some(prongsai_manuals::model::ManualKind::Service),
    )
    .await
    .unwrap()
    .into_iter()
    .find(|m| m.snapshot.title == "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
    .unwrap();
    let r = head
        .post_form(
            "/staff/e-services",
            &[
                ("manual_id", &manual.id().to_string()),
                ("title", "แจ้งชำระภาษีออนไลน์"),
                ("description", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let path = r.location().to_owned();
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    public
        .get("/e-services")
        .await
        .assert_contains("แจ้งชำระภาษีออนไลน์")
        .assert_contains("15 นาที");
}

#[tokio::test]
async fn overdue_requests_are_flagged_to_their_division() {
    let (app, sink) = TestApp::with_demo_and_mail().await;
    let mut citizen = app.client();
    let code = send_borrow_request(&mut citizen, "").await;
    let late = request_by_code(&app, &code).await;
    let on_time_code = send_borrow_request(&mut citizen, "").await;
    // Pretend the first was due last week.
    let mut a = late.clone().into_active_model();
    a.due_on = Set(prongsai_kernel::clock::today_in_thailand() - Duration::days(7));
    a.update(app.db().conn()).await.unwrap();
    // The procurement unit's staff member has an e-mail address.
    use prongsai_db::entities::user;
    use prongsai_db::sea_orm::{ColumnTrait, QueryFilter};
    let u = user::Entity::find()
        .filter(user::Column::Username.eq("procurement"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut ua = u.into_active_model();
    ua.email = Set(Some("procurement@kudjok.example".into()));
    ua.update(app.db().conn()).await.unwrap();
    // The hourly job, as the worker enqueues it.
    prongsai_jobs::enqueue(
        app.db().conn(),
        &prongsai_eservices::jobs::FlagOverdueRequests,
    )
    .await
    .unwrap();
    app.run_jobs().await;
    let flagged = request_by_code(&app, &code).await;
    assert!(flagged.overdue && flagged.overdue_at.is_some());
    assert!(!request_by_code(&app, &on_time_code).await.overdue);
    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["procurement@kudjok.example".to_owned()]);
    let body = got[0].body();
    assert!(body.contains(&prongsai_kernel::tracking::format_tracking_code(&code)));
    assert!(!body.contains(APPLICANT) && !body.contains(PHONE));
    // Flagging again changes nothing and sends nothing more.
    assert_eq!(
        prongsai_eservices::jobs::flag_overdue_requests(
            app.db(),
            prongsai_kernel::clock::today_in_thailand()
        )
        .await
        .unwrap(),
        0
    );
    // The division's queue shows it, and the overdue filter lists only it.
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let queue = staff.get("/staff/requests").await;
    queue
        .assert_contains("คำร้องที่เกินกำหนดแล้วเสร็จ: 1")
        .assert_contains("badge--overdue");
    let only = staff.get("/staff/requests?overdue=1&division=all").await;
    only.assert_contains(&prongsai_kernel::tracking::format_tracking_code(&code));
    assert!(
        !only
            .body
            .contains(&prongsai_kernel::tracking::format_tracking_code(
                &on_time_code
            ))
    );
}

#[tokio::test]
async fn the_counter_logs_a_walk_in_in_one_form_and_hands_a_survey_qr_code() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("clerk").await;
    let page = staff.get("/staff/counter").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("autofocus")
        .assert_contains("การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        .assert_contains("id=\"today-count\">0<");
    let org = app.demo_tenant().await.id;
    let tax = prongsai_manuals::store::list_all_public_manuals(app.db().conn(), org, None)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.snapshot.title == "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        .unwrap()
        .id()
        .to_string();
    staff
        .post_form(
            "/staff/counter",
            &[("service", ""), ("outcome", "completed")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาเลือกงานบริการ");
    let r = staff
        .post_form(
            "/staff/counter",
            &[
                ("service", &tax),
                ("outcome", "completed"),
                ("citizen_name", "นายมานะ ขยันดี"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    // The next entry keeps the service chosen.
    let after = staff.get(r.location()).await;
    after
        .assert_contains("บันทึกแล้ว")
        .assert_contains("id=\"today-count\">1<")
        .assert_contains("นายมานะ ขยันดี")
        .assert_contains(&format!("<option value=\"{tax}\" selected"));
    staff
        .post_form(
            "/staff/counter",
            &[("service", "other"), ("outcome", "advised")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // The QR code of the survey of that walk-in.
    let qr_path = {
        let page = staff.get("/staff/counter").await;
        let at = page.body.find("/staff/counter/").unwrap();
        page.body[at..at + page.body[at..].find('"').unwrap()].to_owned()
    };
    let qr = staff.get(&qr_path).await;
    qr.assert_status(StatusCode::OK)
        .assert_contains("<svg")
        .assert_contains("http://kudjok.localhost/surveys/answer/");
    // Walk-ins count in the statistics; the citizen's name never leaves the staff area.
    let mut public = app.client();
    let stats = public.get("/statistics").await;
    stats
        .assert_contains("id=\"kpi-walk-in\">2<")
        .assert_contains("การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        .assert_contains("งานบริการอื่น ๆ");
    assert!(!stats.body.contains("มานะ"));
    // Only staff log walk-ins.
    public
        .get("/staff/counter")
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn statistics_count_per_month_service_and_division_with_csv_and_xlsx() {
    let app = TestApp::with_demo().await;
    let mut citizen = app.client();
    let done = send_borrow_request(&mut citizen, "").await;
    let _open = send_borrow_request(&mut citizen, "").await;
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let id = request_by_code(&app, &done).await.id;
    set_status(&mut staff, id, "completed", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    staff
        .post_form(
            "/staff/counter",
            &[("service", "other"), ("outcome", "completed")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A request of April, in the second half of the fiscal year, inserted as it would be.
    let fy = prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand());
    let april = NaiveDate::from_ymd_opt(fy.ce_end_year(), 4, 20).unwrap();
    let mut a = request_by_code(&app, &done).await.into_active_model();
    a.id = prongsai_db::sea_orm::ActiveValue::NotSet;
    a.tracking_code = Set(prongsai_kernel::tracking::new_tracking_code());
    a.submitted_at = Set(april.and_hms_opt(3, 0, 0).unwrap().and_utc());
    a.completed_at = Set(Some(
        april.and_hms_opt(3, 0, 0).unwrap().and_utc() + Duration::hours(60),
    ));
    a.due_on = Set(april + Duration::days(1));
    a.insert(app.db().conn()).await.unwrap();
    let mut public = app.client();
    let year = public
        .get(&format!("/statistics?fy={}&period=year", fy.be()))
        .await;
    year.assert_status(StatusCode::OK)
        .assert_contains("id=\"kpi-online\">3<")
        .assert_contains("id=\"kpi-walk-in\">1<")
        .assert_contains("<svg")
        .assert_contains("aria-labelledby=\"by-month-title by-month-desc\"")
        .assert_contains("aria-labelledby=\"by-division-title by-division-desc\"")
        .assert_contains("งานพัสดุ")
        .assert_contains("50.0%");
    // The first half (as of 31 March) leaves April out.
    let half = public
        .get(&format!("/statistics?fy={}&period=half", fy.be()))
        .await;
    let today = prongsai_kernel::clock::today_in_thailand();
    let expected_online = if today <= fy.half_year_end() { 2 } else { 0 };
    half.assert_contains(&format!("id=\"kpi-online\">{expected_online}<"))
        .assert_contains("รอบ 6 เดือน");
    public
        .get("/statistics?period=quarterly")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    // CSV: one row per month and service.
    let csv = public.get(&format!("/statistics.csv?fy={}", fy.be())).await;
    csv.assert_status(StatusCode::OK)
        .assert_contains("month,fiscal_year,service,division,walk_in,online")
        .assert_contains(&format!("{}-04,{}", fy.ce_end_year(), fy.be()))
        .assert_contains("การขอยืมเต็นท์ เก้าอี้ และโต๊ะ");
    assert!(!csv.body.contains(APPLICANT));
    // XLSX, read back.
    let (status, headers, bytes) = public
        .get_bytes(&format!("/statistics.xlsx?fy={}&period=year", fy.be()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let sheets = prongsai_export::read_workbook(&bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["รายเดือน", "ตามงานบริการ", "ตามส่วนงาน", "รายละเอียด"]);
    let months = &sheets[0].1;
    let total = months
        .iter()
        .find(|r| r.first().is_some_and(|c| c.as_text() == "รวม"))
        .unwrap();
    assert_eq!(total[1].as_text(), "1", "walk-ins");
    assert_eq!(total[2].as_text(), "3", "online");
    assert!(months[0][0].as_text().contains("ปีงบประมาณ"));
    let services = &sheets[1].1;
    assert!(services.iter().any(|r| {
        r.first()
            .is_some_and(|c| c.as_text() == "การขอยืมเต็นท์ เก้าอี้ และโต๊ะ")
            && r[2].as_text() == "3"
    }));
    // JSON, without any personal data.
    let json = public.get("/api/v1/statistics").await;
    json.assert_status(StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["total"]["walk_in"], 1);
    assert!(!json.body.contains(APPLICANT) && !json.body.contains(PHONE));
}

#[tokio::test]
async fn personal_data_never_reaches_public_pages_open_data_or_search() {
    let app = TestApp::with_demo().await;
    let mut citizen = app.client();
    let code = send_borrow_request(&mut citizen, "somying@example.com").await;
    let mut public = app.client();
    for path in [
        "/e-services".to_owned(),
        "/api/v1/e-services".to_owned(),
        "/e-services.csv".to_owned(),
        "/statistics".to_owned(),
        "/statistics.csv".to_owned(),
        "/api/v1/statistics".to_owned(),
        "/open-data".to_owned(),
        "/catalog.jsonld".to_owned(),
        "/search?q=%E0%B8%AA%E0%B8%A1%E0%B8%AB%E0%B8%8D%E0%B8%B4%E0%B8%87".to_owned(),
    ] {
        let r = public.get(&path).await;
        r.assert_status(StatusCode::OK);
        for secret in [APPLICANT, PHONE, "somying@example.com", code.as_str()] {
            assert!(!r.body.contains(secret), "{path} shows {secret}");
        }
    }
    // Another organization's staff cannot open the request.
    app.add_organization("nongbua").await;
    let id = request_by_code(&app, &code).await.id;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("staff").await;
    other
        .get(&format!("/staff/requests/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Nor can its citizens track it.
    let mut other_citizen = app.client_for("nongbua.localhost");
    other_citizen
        .post_form("/track", &[("code", &code)])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
