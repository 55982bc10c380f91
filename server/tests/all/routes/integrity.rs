//! `/corruption-reports...` and `/staff/integrity...`: the confidential corruption-report
//! channel (issue 5). The raw-bytes search of the database, its files and the server's
//! log is in `integrity_leaks.rs`.

use std::time::Instant;

use axum::body::Body;
use http::{Request, StatusCode};
use prongsai_accounts::PasswordParams;
use prongsai_db::entities::audit_entry;
use prongsai_integrity::model::{report, tally};
use prongsai_integrity::store::{self, Costs, NewReport};
use prongsai_kernel::{Actor, Authorized, Role, Secret};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

use crate::util::{TestApp, TestClient, TestResponse, demo_password};

/// Opens the demo organization's channel; returns the recovery key.
pub async fn open_channel(app: &TestApp) -> String {
    let tenant = app.demo_tenant().await;
    prongsai::demo::set_up_demo_channel(
        app.db(),
        &tenant,
        &demo_password("auditor"),
        PasswordParams::TESTING,
    )
    .await
    .unwrap()
    .into_inner()
}

pub fn current_code(secret: &str) -> String {
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    let step = prongsai_accounts::totp::step_of(chrono::Utc::now().timestamp());
    format!("{:06}", prongsai_accounts::totp::code_at_step(&raw, step))
}

/// A recipient in a browser: signed in, second factor enrolled, key unlocked.
pub async fn recipient<'a>(app: &'a TestApp, username: &str) -> TestClient<'a> {
    let mut c = app.client();
    let r = c.sign_in(username, &demo_password(username)).await;
    assert!(r.location().starts_with("/login/code"), "{}", r.location());
    let page = c.get("/login/enrol").await;
    let secret = page.input_value("secret").expect("enrolment secret");
    c.post_form(
        "/login/enrol",
        &[("secret", &secret), ("code", &current_code(&secret))],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let r = c
        .post_form(
            "/staff/integrity/unlock",
            &[("password", &demo_password(username))],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/staff/integrity");
    c
}

/// Creates another internal auditor of the demo organization.
pub async fn add_auditor(app: &TestApp, username: &str) -> i64 {
    use prongsai_kernel::permissions::ManageUsers;
    let tenant = app.demo_tenant().await;
    let auth = Authorized::<ManageUsers>::system(tenant.id, Actor::Cli);
    prongsai_accounts::users::create_user(
        app.db(),
        &auth,
        PasswordParams::TESTING,
        prongsai_accounts::users::NewUser {
            username: username.into(),
            display_name: format!("ผู้ตรวจสอบ {username}"),
            password: Secret::new(demo_password(username)),
            roles: vec![Role::InternalAuditor, Role::Staff],
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

pub async fn user_id(app: &TestApp, username: &str) -> i64 {
    let tenant = app.demo_tenant().await;
    prongsai_accounts::users::find_user_by_username(app.db().conn(), tenant.id, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A multipart body: `csrf_token` first (the CSRF layer stops reading there), then the
/// fields, then the files.
pub fn multipart(
    token: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> (String, Vec<u8>) {
    let boundary = "----prongsai-integrity-boundary";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    field("csrf_token", token);
    for (k, v) in fields {
        field(k, v);
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub async fn post_multipart(
    c: &mut TestClient<'_>,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> TestResponse {
    let token = c.csrf().await;
    let (content_type, body) = multipart(&token, fields, files);
    c.request(
        Request::post(path)
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// A form token signed as if the form had been shown a minute ago.
pub async fn form_token(app: &TestApp) -> String {
    let tenant = app.demo_tenant().await;
    let key = prongsai_kernel::settings::get_or_create_secret(
        app.db().conn(),
        prongsai_integrity::web::FORM_KEY_SETTING,
    )
    .await
    .unwrap();
    prongsai_integrity::web::sign_form_time(
        key.expose(),
        tenant.id,
        chrono::Utc::now().timestamp() - 60,
    )
}

/// The 16 digits shown on a receipt page.
pub fn receipt_of(page: &str) -> String {
    let at = page.find("class=\"receipt\"").expect("receipt on the page");
    let rest = &page[at..];
    let end = rest.find("</p>").unwrap();
    let text = &rest[..end];
    let text = &text[text.rfind("</span>").map(|i| i + 7).unwrap_or(0)..];
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    assert_eq!(digits.len(), 16, "{text}");
    digits
}

/// Sends a report from a new browser; returns the browser (in its follow-up session)
/// and the receipt.
pub async fn submit<'a>(
    app: &'a TestApp,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> (TestClient<'a>, String) {
    let mut c = app.client();
    c.get("/corruption-reports/new")
        .await
        .assert_status(StatusCode::OK);
    let token = form_token(app).await;
    let mut all = vec![("form_token", token.as_str())];
    all.extend_from_slice(fields);
    let r = post_multipart(&mut c, "/corruption-reports/new", &all, files).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/corruption-reports/receipt");
    let page = c.get("/corruption-reports/receipt").await;
    page.assert_status(StatusCode::OK);
    let receipt = receipt_of(&page.body);
    // Shown once.
    assert_eq!(
        c.get("/corruption-reports/receipt").await.location(),
        "/corruption-reports/my-report"
    );
    (c, receipt)
}

const WHAT: &str = "ปลัดเรียกรับเงิน 5,000 บาท เพื่อเร่งออกใบอนุญาตก่อสร้างให้ร้านค้าในหมู่ที่ 3";

async fn latest_report_id(app: &TestApp) -> i64 {
    report::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .max()
        .unwrap()
}

async fn actions(app: &TestApp) -> Vec<String> {
    audit_entry::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// A JPEG whose EXIF block and comment hold `marker`.
pub fn jpeg_with_exif(marker: &str) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x01, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(format!("GPS 15.7N 102.4E {marker}").as_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&tiff);
    let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    f.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    f.extend_from_slice(&app1);
    let comment = format!("camera of {marker}");
    f.extend_from_slice(&[0xFF, 0xFE]);
    f.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    f.extend_from_slice(comment.as_bytes());
    f.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
    f.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]);
    f
}

/// A one-page PDF whose Info dictionary and XMP stream hold `author`, and whose page
/// says `text`.
pub fn pdf_with_author(author: &str, text: &str) -> Vec<u8> {
    let xmp = format!("<x:xmpmeta><dc:creator>{author}</dc:creator></x:xmpmeta>");
    let content = format!("BT /F1 12 Tf 10 100 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R >>".to_owned(),
        format!(
            "<< /Author ({author}) /Creator ({author}) /Producer ({author}) /Title ({author}) >>"
        ),
        format!(
            "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{xmp}\nendstream",
            xmp.len()
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn the_public_pages_explain_the_channel_and_are_reachable_from_home() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/")
        .await
        .assert_contains("href=\"/corruption-reports\"");
    // Before the administrator opens it, the page says so and names outside channels.
    c.get("/corruption-reports")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ยังไม่เปิดรับเรื่อง")
        .assert_contains("1205");
    open_channel(&app).await;
    let r = c.get("/corruption-reports").await;
    r.assert_status(StatusCode::OK)
        .assert_contains("href=\"/corruption-reports/new\"")
        .assert_contains("ตำแหน่ง")
        .assert_contains("หลักฐาน")
        .assert_contains("ไม่บันทึกหมายเลข IP");
    assert_eq!(r.header("referrer-policy"), "no-referrer");
    assert_eq!(r.header("cache-control"), "no-store");
    // Nothing from another site: every src and href is local.
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!r.body.contains(attr), "{attr}");
    }
    let form = c.get("/corruption-reports/new").await;
    form.assert_status(StatusCode::OK)
        .assert_contains("enctype=\"multipart/form-data\"")
        .assert_contains("name=\"exclude\"")
        .assert_contains("นักวิชาการตรวจสอบภายใน");
    assert_eq!(form.header("cache-control"), "no-store");
    for path in [
        "/corruption-reports/manual",
        "/corruption-reports/statistics",
        "/corruption-reports/follow-up",
    ] {
        let r = c.get(path).await;
        r.assert_status(StatusCode::OK);
        assert_eq!(r.header("referrer-policy"), "no-referrer", "{path}");
    }
    c.get("/corruption-reports/manual")
        .await
        .assert_contains("7 วันทำการ")
        .assert_contains("หน่วยตรวจสอบภายใน");
}

#[tokio::test]
async fn a_report_is_followed_up_with_its_receipt_and_questions_are_answered() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let mut auditor = recipient(&app, "auditor").await;
    let (mut reporter, receipt) = submit(
        &app,
        &[
            ("who", "นายสมมติ ตัวอย่าง"),
            ("position", "ปลัด อบต."),
            ("when", "มีนาคม 2568"),
            ("what", WHAT),
        ],
        &[],
    )
    .await;
    reporter
        .get("/corruption-reports/my-report")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("เรื่องใหม่")
        .assert_contains(WHAT);

    // The recipient reads it (audited) and asks a question.
    let id = latest_report_id(&app).await;
    let inbox = auditor.get("/staff/integrity").await;
    inbox
        .assert_status(StatusCode::OK)
        .assert_contains(&format!("/staff/integrity/reports/{id}"));
    auditor
        .get(&format!("/staff/integrity/reports/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(WHAT)
        .assert_contains("นายสมมติ ตัวอย่าง");
    assert!(
        actions(&app)
            .await
            .contains(&"integrity.report.read".to_owned())
    );
    auditor
        .post_form(
            &format!("/staff/integrity/reports/{id}/messages"),
            &[("text", "ท่านมีใบเสร็จหรือหลักฐานการโอนเงินหรือไม่")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    auditor
        .post_form(
            &format!("/staff/integrity/reports/{id}/status"),
            &[("status", "under_review"), ("outcome", ""), ("note", "")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);

    // The reporter comes back later, in another browser, with the receipt.
    let mut later = app.client();
    let r = later
        .post_form(
            "/corruption-reports/follow-up",
            &[("receipt", &crate::routes::integrity::grouped(&receipt))],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/corruption-reports/my-report");
    let page = later.get("/corruption-reports/my-report").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("ท่านมีใบเสร็จหรือหลักฐานการโอนเงินหรือไม่")
        .assert_contains("กำลังพิจารณา");
    // The reporter's page names no recipient.
    assert!(!page.body.contains("นักวิชาการตรวจสอบภายใน (บัญชีตัวอย่าง)"));
    later
        .post_form(
            "/corruption-reports/my-report/messages",
            &[("text", "มีสลิปโอนเงิน จะส่งให้ในข้อความถัดไป")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let pdf = pdf_with_author("ReporterAuthorName", "slip");
    post_multipart(
        &mut later,
        "/corruption-reports/my-report/files",
        &[],
        &[("สลิป นายแดง.pdf", &pdf)],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let report_page = auditor.get(&format!("/staff/integrity/reports/{id}")).await;
    report_page
        .assert_contains("มีสลิปโอนเงิน จะส่งให้ในข้อความถัดไป")
        .assert_contains("หลักฐาน-1.pdf");
    assert!(
        !report_page.body.contains("นายแดง"),
        "the file name is not kept"
    );
    // Leaving ends the follow-up session.
    later
        .post_form("/corruption-reports/my-report/close", &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        later.get("/corruption-reports/my-report").await.location(),
        "/corruption-reports/follow-up"
    );
    // Closing needs an outcome; the reporter then sees it.
    auditor
        .post_form(
            &format!("/staff/integrity/reports/{id}/status"),
            &[("status", "closed"), ("outcome", ""), ("note", "")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    auditor
        .post_form(
            &format!("/staff/integrity/reports/{id}/status"),
            &[
                ("status", "closed"),
                ("outcome", "substantiated"),
                ("note", "ส่งผลให้นายกแล้ว"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    reporter
        .get("/corruption-reports/my-report")
        .await
        .assert_contains("ยุติเรื่อง")
        .assert_contains("มีมูล");
    let all = actions(&app).await;
    for a in [
        "integrity.report.read",
        "integrity.report.message",
        "integrity.report.status",
    ] {
        assert!(all.contains(&a.to_owned()), "{a} not audited: {all:?}");
    }
    // The export is audited too, and the access log shows who read what.
    let export = auditor
        .get(&format!("/staff/integrity/reports/{id}/export"))
        .await;
    export.assert_status(StatusCode::OK).assert_contains(WHAT);
    assert!(
        export
            .header("content-disposition")
            .starts_with("attachment")
    );
    assert!(
        actions(&app)
            .await
            .contains(&"integrity.report.export".to_owned())
    );
    auditor
        .get(&format!("/staff/integrity/reports/{id}"))
        .await
        .assert_contains("ส่งออก")
        .assert_contains("เปิดอ่าน");
}

/// `1234 5678 9012 3456`.
pub fn grouped(digits: &str) -> String {
    prongsai_integrity::crypto::format_receipt(digits)
}

#[tokio::test]
async fn staff_who_are_not_recipients_get_404_administrators_included() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let mut auditor = recipient(&app, "auditor").await;
    let jpeg = jpeg_with_exif("exif-marker");
    submit(&app, &[("what", WHAT)], &[("photo.jpg", &jpeg)]).await;
    let id = latest_report_id(&app).await;
    let file_id = prongsai_integrity::model::attachment::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap()
        .id;
    auditor
        .get(&format!("/staff/integrity/reports/{id}/files/{file_id}"))
        .await
        .assert_status(StatusCode::OK);
    for username in ["admin", "clerk", "mayor", "palad"] {
        let mut c = app.client();
        c.sign_in_as(username).await;
        for path in [
            format!("/staff/integrity/reports/{id}"),
            format!("/staff/integrity/reports/{id}/export"),
            format!("/staff/integrity/reports/{id}/files/{file_id}"),
            "/staff/integrity/unlock".to_owned(),
        ] {
            let r = c.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{username} {path}");
            assert!(!r.body.contains(WHAT));
        }
        for (path, fields) in [
            ("messages", vec![("text", "x")]),
            (
                "status",
                vec![("status", "closed"), ("outcome", "withdrawn")],
            ),
            ("reveal", vec![("reason", "อยากรู้ว่าใครแจ้งเรื่องนี้")]),
            (
                "referrals",
                vec![
                    ("authority", "nacc"),
                    ("sent_on", "2025-01-01"),
                    ("what", "x"),
                    ("why", "y"),
                ],
            ),
        ] {
            let r = c
                .post_form(&format!("/staff/integrity/reports/{id}/{path}"), &fields)
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{username} POST {path}");
        }
        // Unlocking someone's key is not a way in either.
        let r = c
            .post_form(
                "/staff/integrity/unlock",
                &[("password", &demo_password(username))],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{username} unlock");
        // The general audit log shows nothing of the channel.
        let log = c.get("/staff/audit").await;
        if log.status == StatusCode::OK {
            assert!(
                !log.body.contains("integrity.") && !log.body.contains("integrity_"),
                "{username} sees channel rows"
            );
        }
        let home = c.get("/staff/integrity").await;
        if username == "admin" {
            home.assert_status(StatusCode::OK)
                .assert_contains("/staff/integrity/settings");
            assert!(!home.body.contains(WHAT));
            let settings = c.get("/staff/integrity/settings").await;
            settings.assert_status(StatusCode::OK);
            assert!(!settings.body.contains(WHAT));
        } else {
            home.assert_status(StatusCode::NOT_FOUND);
            c.get("/staff/integrity/settings")
                .await
                .assert_status(StatusCode::FORBIDDEN);
        }
    }
    // The rows are in the chain, though: the recipients see them on the report.
    assert!(
        actions(&app)
            .await
            .contains(&"integrity.attachment.read".to_owned())
    );
    // A recipient without an unlocked key is sent to unlock it.
    let mut fresh = app.client();
    fresh.sign_in("auditor", &demo_password("auditor")).await;
    let secret_user = prongsai_accounts::users::find_user_by_username(
        app.db().conn(),
        app.demo_tenant().await.id,
        "auditor",
    )
    .await
    .unwrap()
    .unwrap();
    // The code of this step was used at enrolment; the next step's is accepted.
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret_user.totp_secret.unwrap().as_bytes())
        .unwrap();
    let next = format!(
        "{:06}",
        prongsai_accounts::totp::code_at_step(
            &raw,
            prongsai_accounts::totp::step_of(chrono::Utc::now().timestamp()) + 1
        )
    );
    fresh
        .post_form("/login/code", &[("code", &next)])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let r = fresh.get(&format!("/staff/integrity/reports/{id}")).await;
    assert_eq!(r.location(), "/staff/integrity/unlock");
    fresh
        .post_form(
            "/staff/integrity/unlock",
            &[("password", "wrong password!")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("รหัสผ่านไม่ถูกต้อง");
}

#[tokio::test]
async fn a_wrong_receipt_gets_one_answer_and_takes_as_long_as_a_right_one() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let (_, receipt) = submit(&app, &[("what", WHAT)], &[]).await;
    let mut c = app.client();
    let wrong = c
        .post_form(
            "/corruption-reports/follow-up",
            &[("receipt", "1111 2222 3333 4444")],
        )
        .await;
    wrong
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่พบเรื่องจากรหัสนี้");
    let malformed = c
        .post_form("/corruption-reports/follow-up", &[("receipt", "12ab")])
        .await;
    assert_eq!(malformed.status, wrong.status);
    assert_eq!(
        malformed.body.replace(char::is_whitespace, "").len(),
        wrong.body.replace(char::is_whitespace, "").len()
    );
    let right = c
        .post_form("/corruption-reports/follow-up", &[("receipt", &receipt)])
        .await;
    right.assert_status(StatusCode::SEE_OTHER);

    // Timing at production cost, where the Argon2id derivation is what costs: the same
    // work for a right and a wrong receipt.
    let tenant = app.demo_tenant().await;
    let submitted = store::submit_report(
        app.db(),
        &app.state.files,
        Costs::PRODUCTION,
        tenant.id,
        NewReport {
            what: WHAT.into(),
            ..Default::default()
        },
        Vec::new(),
    )
    .await
    .unwrap();
    let right = submitted.receipt.expose().clone();
    let mut right_times = Vec::new();
    let mut wrong_times = Vec::new();
    for i in 0..5 {
        let wrong = format!("{:016}", 1_234_567_890_123_456u64 + i);
        let t = Instant::now();
        let found = store::open_with_receipt(app.db(), Costs::PRODUCTION, tenant.id, &wrong)
            .await
            .unwrap();
        wrong_times.push(t.elapsed());
        assert!(found.is_none());
        let t = Instant::now();
        let found = store::open_with_receipt(app.db(), Costs::PRODUCTION, tenant.id, &right)
            .await
            .unwrap();
        right_times.push(t.elapsed());
        assert_eq!(found.map(|f| f.0), Some(submitted.report_id));
    }
    right_times.sort();
    wrong_times.sort();
    let (r, w) = (right_times[2].as_secs_f64(), wrong_times[2].as_secs_f64());
    assert!(
        r / w < 2.0 && w / r < 2.0,
        "median right {r:.4}s vs wrong {w:.4}s"
    );
}

#[tokio::test]
async fn twenty_wrong_receipts_from_one_address_are_refused_for_a_while() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let (_, receipt) = submit(&app, &[("what", WHAT)], &[]).await;
    let mut c = app.client();
    for i in 0..20 {
        c.post_form(
            "/corruption-reports/follow-up",
            &[("receipt", &format!("{:016}", 9_000_000_000_000_000u64 + i))],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The 21st is refused, even the right one, from this address...
    let r = c
        .post_form("/corruption-reports/follow-up", &[("receipt", &receipt)])
        .await;
    r.assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("กรุณาลองใหม่");
    // ...but not from another address.
    let other = prongsai::app::build_router(app.state.clone()).layer(
        axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from((
            [10, 1, 2, 3],
            5000,
        ))),
    );
    let mut c2 = app.client();
    c2.csrf().await;
    let token = c2.csrf().await;
    let cookie = c2
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let response = tower::ServiceExt::oneshot(
        other,
        Request::post("/corruption-reports/follow-up")
            .header("host", crate::util::HOST)
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                serde_urlencoded::to_string([
                    ("csrf_token", token.as_str()),
                    ("receipt", &receipt),
                ])
                .unwrap(),
            ))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // The counters are in memory only: no address reached the database.
    let throttles = prongsai_db::entities::login_throttle::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap();
    assert!(throttles.is_empty(), "{throttles:?}");
}

#[tokio::test]
async fn the_identity_is_revealed_only_with_a_reason_seen_by_the_other_recipients() {
    let app = TestApp::with_demo().await;
    add_auditor(&app, "auditor2").await;
    open_channel(&app).await;
    let mut a1 = recipient(&app, "auditor").await;
    let mut a2 = recipient(&app, "auditor2").await;
    let (mut reporter, _) = submit(
        &app,
        &[
            ("what", WHAT),
            ("name", "นางสาวผู้แจ้ง ใจกล้า"),
            ("contact", "081-234-5678"),
        ],
        &[],
    )
    .await;
    let id = latest_report_id(&app).await;
    let page = a1.get(&format!("/staff/integrity/reports/{id}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("เปิดดูข้อมูลผู้แจ้ง");
    assert!(!page.body.contains("ใจกล้า"));
    assert!(!page.body.contains("081-234-5678"));
    // A referral may not carry the identity: the reporter did not agree.
    a1.post_form(
        &format!("/staff/integrity/reports/{id}/referrals"),
        &[
            ("authority", "nacc"),
            ("sent_on", "2025-06-01"),
            ("what", "สำเนาเรื่องและหลักฐาน"),
            ("why", "ผู้ถูกร้องเรียนเป็นผู้บริหาร"),
            ("include_identity", "1"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("ไม่ได้ยินยอม");
    a1.post_form(
        &format!("/staff/integrity/reports/{id}/referrals"),
        &[
            ("authority", "nacc"),
            ("sent_on", "2025-06-01"),
            ("what", "สำเนาเรื่องและหลักฐาน"),
            ("why", "ผู้ถูกร้องเรียนเป็นผู้บริหาร"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // No reason, no identity.
    a1.post_form(
        &format!("/staff/integrity/reports/{id}/reveal"),
        &[("reason", "")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let shown = a1
        .post_form(
            &format!("/staff/integrity/reports/{id}/reveal"),
            &[("reason", "ต้องนัดสอบข้อเท็จจริงเพิ่มเติมกับผู้แจ้ง")],
        )
        .await;
    shown
        .assert_status(StatusCode::OK)
        .assert_contains("นางสาวผู้แจ้ง ใจกล้า")
        .assert_contains("081-234-5678");
    assert!(
        actions(&app)
            .await
            .contains(&"integrity.identity.reveal".to_owned())
    );
    // The other recipient sees who revealed it and why, and the referral.
    let other = a2.get(&format!("/staff/integrity/reports/{id}")).await;
    other
        .assert_contains("ต้องนัดสอบข้อเท็จจริงเพิ่มเติมกับผู้แจ้ง")
        .assert_contains("เปิดดูข้อมูลผู้แจ้ง")
        .assert_contains("สำนักงาน ป.ป.ช.")
        .assert_contains("ผู้ถูกร้องเรียนเป็นผู้บริหาร");
    assert!(!other.body.contains("ใจกล้า"));
    // The reporter is told that their identity was seen.
    reporter
        .get("/corruption-reports/my-report")
        .await
        .assert_contains("ผู้รับเรื่องเปิดดูชื่อ");
}

#[tokio::test]
async fn a_reporter_can_leave_out_a_recipient_who_then_gets_404() {
    let app = TestApp::with_demo().await;
    let a2_id = add_auditor(&app, "auditor2").await;
    open_channel(&app).await;
    let mut a1 = recipient(&app, "auditor").await;
    let mut a2 = recipient(&app, "auditor2").await;
    submit(
        &app,
        &[("what", WHAT), ("exclude", &a2_id.to_string())],
        &[],
    )
    .await;
    let id = latest_report_id(&app).await;
    a2.get(&format!("/staff/integrity/reports/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        !a2.get("/staff/integrity")
            .await
            .body
            .contains(&format!("/reports/{id}\""))
    );
    a1.get(&format!("/staff/integrity/reports/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ผู้แจ้งขอไม่ให้ส่งถึง")
        .assert_contains("ผู้ตรวจสอบ auditor2");
    // The database holds a wrap for the left-out recipient too (a decoy): it does not
    // show whom the report leaves out.
    let wraps = prongsai_integrity::model::report_key::Entity::find()
        .filter(prongsai_integrity::model::report_key::Column::ReportId.eq(id))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(wraps.len(), 3, "recovery, auditor, auditor2");
    // Leaving everyone out is refused.
    let mut c = app.client();
    c.get("/corruption-reports/new").await;
    let token = form_token(&app).await;
    let a1_id = user_id(&app, "auditor").await.to_string();
    let a2s = a2_id.to_string();
    post_multipart(
        &mut c,
        "/corruption-reports/new",
        &[
            ("form_token", &token),
            ("what", WHAT),
            ("exclude", &a1_id),
            ("exclude", &a2s),
        ],
        &[],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("อย่างน้อยหนึ่งคน");
}

#[tokio::test]
async fn removing_a_recipient_and_rewrapping_with_the_recovery_key() {
    let app = TestApp::with_demo().await;
    let recovery = open_channel(&app).await;
    let mut a1 = recipient(&app, "auditor").await;
    submit(&app, &[("what", WHAT)], &[]).await;
    let first = latest_report_id(&app).await;
    a1.get(&format!("/staff/integrity/reports/{first}"))
        .await
        .assert_status(StatusCode::OK);
    // The administrator names a successor (who has no key yet); a report sent now leaves
    // the successor out.
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    let successor = add_auditor(&app, "auditor2").await;
    admin
        .post_form(
            "/staff/integrity/recipients",
            &[("user_id", &successor.to_string())],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    submit(
        &app,
        &[("what", WHAT), ("exclude", &successor.to_string())],
        &[],
    )
    .await;
    let second = latest_report_id(&app).await;
    // The auditor leaves: removed, they open nothing more.
    let rows = store::list_recipients(app.db().conn(), app.demo_tenant().await.id)
        .await
        .unwrap();
    let leaving = rows.iter().find(|r| r.user_id != successor).unwrap();
    admin
        .post_form(
            &format!("/staff/integrity/recipients/{}/remove", leaving.id),
            &[],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    a1.get(&format!("/staff/integrity/reports/{first}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The successor makes their key; older reports need the recovery key.
    let mut a2 = recipient(&app, "auditor2").await;
    a2.get(&format!("/staff/integrity/reports/{first}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    admin
        .get("/staff/integrity/settings")
        .await
        .assert_contains("<strong>2</strong>");
    // A wrong recovery key changes nothing.
    let mut typo = recovery.clone().into_bytes();
    let i = typo.len() - 2;
    typo[i] = if typo[i] == b'A' { b'B' } else { b'A' };
    admin
        .post_form(
            "/staff/integrity/rewrap",
            &[("recovery_key", &String::from_utf8(typo).unwrap())],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .post_form("/staff/integrity/rewrap", &[("recovery_key", &recovery)])
        .await;
    r.assert_status(StatusCode::OK);
    assert!(!r.body.contains(WHAT), "the administrator sees no content");
    a2.get(&format!("/staff/integrity/reports/{first}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(WHAT);
    a2.get(&format!("/staff/integrity/reports/{second}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        actions(&app)
            .await
            .contains(&"integrity.keys.rewrap".to_owned())
    );
    assert!(
        actions(&app)
            .await
            .contains(&"integrity.recipient.remove".to_owned())
    );
}

#[tokio::test]
async fn a_tampered_ciphertext_is_detected_not_shown() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let mut a1 = recipient(&app, "auditor").await;
    let pdf = pdf_with_author("Someone", "page");
    let (mut reporter, _) = submit(&app, &[("what", WHAT)], &[("a.pdf", &pdf)]).await;
    let id = latest_report_id(&app).await;
    // Flip one byte of the sealed content.
    let row = report::Entity::find_by_id(id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut sealed = row.sealed_content.clone();
    let last = sealed.len() - 1;
    sealed[last] ^= 1;
    let mut active = row.clone().into_active_model();
    active.sealed_content = Set(sealed);
    active.update(app.db().conn()).await.unwrap();
    let r = a1.get(&format!("/staff/integrity/reports/{id}")).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!r.body.contains(WHAT));
    let r = reporter.get("/corruption-reports/my-report").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    // Restore it; then alter the sealed file on disk.
    row.into_active_model()
        .reset_all()
        .update(app.db().conn())
        .await
        .unwrap();
    a1.get(&format!("/staff/integrity/reports/{id}"))
        .await
        .assert_status(StatusCode::OK);
    let file = prongsai_integrity::model::attachment::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let path = app.dir.path().join("files").join(&file.storage_key);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[40] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();
    let r = a1
        .get(&format!("/staff/integrity/reports/{id}/files/{}", file.id))
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn uploaded_pictures_and_pdfs_lose_their_metadata() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let mut a1 = recipient(&app, "auditor").await;
    let jpeg = jpeg_with_exif("PhoneSerialX99");
    let pdf = pdf_with_author("AuthorSomchai", "evidence page");
    submit(
        &app,
        &[("what", WHAT)],
        &[("IMG_0001.jpg", &jpeg), ("doc.pdf", &pdf)],
    )
    .await;
    let id = latest_report_id(&app).await;
    let files = prongsai_integrity::model::attachment::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        let r = a1
            .get(&format!("/staff/integrity/reports/{id}/files/{}", f.id))
            .await;
        r.assert_status(StatusCode::OK);
        // (The body was read as text; the ASCII markers survive that.)
        let bytes = r.body.as_bytes();
        assert!(!contains(bytes, b"PhoneSerialX99"));
        assert!(!contains(bytes, b"AuthorSomchai"));
        assert!(!contains(bytes, b"GPS"));
        match r.header("content-type") {
            "application/pdf" => {
                assert!(contains(bytes, b"evidence page"), "the page is kept");
                assert!(r.body.starts_with("%PDF-"));
            }
            "image/jpeg" => assert!(contains(bytes, b"JFIF"), "the picture is kept"),
            other => panic!("unexpected type {other}"),
        }
    }
    // Office files (whose author fields the channel does not clean) are refused.
    let mut c = app.client();
    c.get("/corruption-reports/new").await;
    let token = form_token(&app).await;
    let mut zip = Vec::new();
    {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut zip));
        let o: zip::write::SimpleFileOptions = Default::default();
        w.start_file("[Content_Types].xml", o).unwrap();
        w.start_file("word/document.xml", o).unwrap();
        w.finish().unwrap();
    }
    post_multipart(
        &mut c,
        "/corruption-reports/new",
        &[("form_token", &token), ("what", WHAT)],
        &[("a.docx", &zip)],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("PDF");
}

#[tokio::test]
async fn retention_deletes_closed_reports_audits_it_and_the_chain_still_verifies() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    let mut a1 = recipient(&app, "auditor").await;
    let jpeg = jpeg_with_exif("x");
    let (_, receipt) = submit(&app, &[("what", WHAT)], &[("p.jpg", &jpeg)]).await;
    submit(&app, &[("what", WHAT)], &[]).await;
    let ids: Vec<i64> = report::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let (old, open) = (ids[0], ids[1]);
    a1.post_form(
        &format!("/staff/integrity/reports/{old}/status"),
        &[("status", "closed"), ("outcome", "not_substantiated")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let blob = prongsai_integrity::model::attachment::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap()
        .storage_key;
    let blob_path = app.dir.path().join("files").join(&blob);
    assert!(blob_path.exists());
    // Closed 366 days ago.
    let row = report::Entity::find_by_id(old)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut active = row.into_active_model();
    active.closed_on = Set(Some(
        prongsai_kernel::clock::today_in_thailand() - chrono::Duration::days(366),
    ));
    active.update(app.db().conn()).await.unwrap();
    // The periodic job runs (as the worker would).
    let worker = prongsai_jobs::Worker::new(
        std::sync::Arc::new(prongsai::jobs::registry()),
        app.state.clone(),
        app.state.db.clone(),
    );
    worker.enqueue_periodic().await.unwrap();
    app.run_jobs().await;
    assert!(
        report::Entity::find_by_id(old)
            .one(app.db().conn())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        report::Entity::find_by_id(open)
            .one(app.db().conn())
            .await
            .unwrap()
            .is_some(),
        "reports still open are kept"
    );
    assert!(!blob_path.exists(), "the sealed file is deleted");
    for table in [
        "integrity_report_keys",
        "integrity_identities",
        "integrity_attachments",
        "integrity_events",
    ] {
        let n = app
            .db()
            .conn()
            .query_one_raw(sea_orm::Statement::from_string(
                app.db().conn().get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table} WHERE report_id = {old}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let deleted = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("integrity.report.delete"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].target_id, Some(old));
    assert_eq!(deleted[0].actor_kind, "system");
    let report = prongsai_kernel::audit::verify(app.db().conn())
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The receipt opens nothing any more; the statistics keep counting it.
    let mut c = app.client();
    c.post_form("/corruption-reports/follow-up", &[("receipt", &receipt)])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let tallies = tally::Entity::find().all(app.db().conn()).await.unwrap();
    assert_eq!(tallies.iter().map(|t| t.received).sum::<i32>(), 2);
    assert_eq!(tallies.iter().map(|t| t.completed).sum::<i32>(), 1);
    // A second run deletes nothing more.
    let again = store::delete_expired_reports(app.db(), &app.state.files)
        .await
        .unwrap();
    assert!(again.is_empty());
}

#[tokio::test]
async fn statistics_are_public_per_fiscal_year_without_content() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    submit(&app, &[("what", WHAT)], &[]).await;
    let tenant = app.demo_tenant().await;
    // Counts of past months (this month's report is not shown yet).
    for (fy, month, received, completed) in [(2567, "2024-03", 4, 3), (2568, "2025-01", 2, 0)] {
        tally::ActiveModel {
            organization_id: Set(tenant.id),
            fiscal_year: Set(fy),
            month: Set(month.into()),
            received: Set(received),
            completed: Set(completed),
            ..Default::default()
        }
        .insert(app.db().conn())
        .await
        .unwrap();
    }
    let mut c = app.client();
    let page = c.get("/corruption-reports/statistics").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("<th scope=\"row\">2567</th><td>4</td><td>3</td><td>1</td>");
    assert!(!page.body.contains(WHAT));
    let json = c.get("/api/v1/corruption-reports/statistics").await;
    json.assert_status(StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["years"][0]["fiscal_year"], 2568);
    assert_eq!(v["years"][0]["received"], 2);
    assert_eq!(v["years"][1]["in_progress"], 1);
    let csv = c.get("/corruption-reports/statistics.csv").await;
    csv.assert_status(StatusCode::OK)
        .assert_contains("fiscal_year,received,completed,in_progress")
        .assert_contains("2567,4,3,1");
}

#[tokio::test]
async fn the_channel_is_neither_logged_nor_counted_per_request() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    submit(&app, &[("what", WHAT)], &[]).await;
    let mut c = app.client();
    c.get("/corruption-reports/follow-up").await;
    c.get("/questions").await;
    let metrics = c.get("/metrics").await;
    metrics.assert_status(StatusCode::OK);
    assert!(metrics.body.contains("/questions"));
    assert!(!metrics.body.contains("corruption"), "{}", metrics.body);
    assert!(!metrics.body.contains("integrity"));
    // No session row is made for a reporter.
    let sessions = prongsai_db::entities::session::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap();
    assert!(sessions.is_empty());
}

#[tokio::test]
async fn the_channel_crate_has_no_dependent_but_the_server() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let mut manifests = Vec::new();
    for dir in ["crates", "capabilities"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            manifests.push(entry.unwrap().path().join("Cargo.toml"));
        }
    }
    manifests.push(root.join("e2e/Cargo.toml"));
    manifests.push(root.join("bench/Cargo.toml"));
    let mut checked = 0;
    for m in manifests {
        if !m.exists() || m.starts_with(root.join("capabilities/integrity")) {
            continue;
        }
        let text = std::fs::read_to_string(&m).unwrap();
        assert!(
            !text.contains("prongsai-integrity"),
            "{} depends on the corruption-report channel; only the server may",
            m.display()
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");
    let server = std::fs::read_to_string(root.join("server/Cargo.toml")).unwrap();
    assert!(server.contains("prongsai-integrity"));
}

#[tokio::test]
async fn five_reports_an_hour_from_one_address_then_a_clear_refusal() {
    let app = TestApp::with_demo().await;
    open_channel(&app).await;
    for _ in 0..5 {
        submit(&app, &[("what", WHAT)], &[]).await;
    }
    let mut c = app.client();
    c.get("/corruption-reports/new").await;
    let token = form_token(&app).await;
    post_multipart(
        &mut c,
        "/corruption-reports/new",
        &[("form_token", &token), ("what", WHAT)],
        &[],
    )
    .await
    .assert_status(StatusCode::TOO_MANY_REQUESTS);
}
