//! `/assets...` (borrowable items, calendar, borrow requests, downloads, API) and
//! `/staff/assets...` (register, approval by the division head, hand-over and return,
//! inspections), including two approvals racing for the same days.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};
use http::StatusCode;
use prongsai_assets::model::{asset, booking};
use prongsai_assets::permissions::{DecideBookings, ManageAssets};
use prongsai_assets::store::{self, BookingInput, DecisionScope};
use prongsai_db::entities::audit_entry;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use prongsai_kernel::{Actor, Authorized};
use serde_json::Value;

use crate::util::{TestApp, TestClient};

fn today() -> NaiveDate {
    prongsai_kernel::clock::today_in_thailand()
}

/// `d/m/BE` as a person types it.
fn be(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year() + 543)
}

async fn asset_by_code(app: &TestApp, code: &str) -> asset::Model {
    asset::Entity::find()
        .filter(asset::Column::Code.eq(code))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap()
}

async fn bookings_of(app: &TestApp, asset_id: i64) -> Vec<booking::Model> {
    booking::Entity::find()
        .filter(booking::Column::AssetId.eq(asset_id))
        .all(app.db().conn())
        .await
        .unwrap()
}

/// A citizen's request through the public form; returns the response.
async fn request(
    c: &mut TestClient<'_>,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
    purpose: &str,
) -> crate::util::TestResponse {
    c.get(&format!("/assets/{id}")).await;
    c.post_form(
        &format!("/assets/{id}/book"),
        &[
            ("borrower_name", "นางสาวทดสอบ ยืมของ"),
            ("borrower_phone", "089-123-4567"),
            ("purpose", purpose),
            ("starts_on", &be(from)),
            ("ends_on", &be(to)),
            ("website", ""),
        ],
    )
    .await
}

#[tokio::test]
async fn the_public_page_lists_borrowable_items_without_borrowers_and_downloads_read_back() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let borrowable = asset::Entity::find()
        .filter(asset::Column::OrganizationId.eq(org))
        .filter(asset::Column::Borrowable.eq(true))
        .count(app.db().conn())
        .await
        .unwrap() as usize;
    assert!(borrowable >= 10);
    let mut public = app.client();
    public
        .get("/")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("href=\"/assets\"");
    let page = public.get("/assets").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("ยืม-คืนพัสดุ/ครุภัณฑ์")
        .assert_contains("เต็นท์ผ้าใบ")
        .assert_contains("คู่มือการยืมพัสดุ/ครุภัณฑ์")
        .assert_contains("รายงานผลการตรวจสอบพัสดุ");
    // Items not open to citizens, and every borrower's contact, stay out.
    assert!(!page.body.contains("ตู้เหล็กเก็บเอกสาร"));
    assert!(!page.body.contains("0812345678"));
    assert!(!page.body.contains("นายสมชาย"));
    let v: Value = serde_json::from_str(&public.get("/api/v1/assets").await.body).unwrap();
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), borrowable);
    assert_eq!(v["meta"]["total"], borrowable);
    assert!(!v.to_string().contains("0812345678"));
    // The water truck is booked in the demo: its period and next free date are there.
    let truck = data
        .iter()
        .find(|a| a["code"] == "002-58-0001")
        .expect("the water truck");
    let booked = truck["booked"].as_array().unwrap();
    assert_eq!(booked.len(), 1);
    assert_eq!(
        booked[0]["from"].as_str().unwrap(),
        (today() + Duration::days(20)).to_string()
    );
    assert_eq!(
        truck["next_free_date"].as_str().unwrap(),
        today().to_string()
    );
    let one = public.get(&format!("/api/v1/assets/{}", truck["id"])).await;
    one.assert_status(StatusCode::OK);
    let closed = asset_by_code(&app, "401-57-0021").await;
    public
        .get(&format!("/api/v1/assets/{}", closed.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get(&format!("/assets/{}", closed.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let csv = public.get("/assets.csv").await;
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(csv.body.trim_end().lines().count(), 1 + borrowable);
    assert!(csv.body.contains("รถบรรทุกน้ำ"));
    let openapi = public.get("/api/v1/openapi.json").await;
    openapi.assert_contains("/api/v1/assets");
    public
        .get("/open-data")
        .await
        .assert_contains("/assets.csv");
    // The register's XLSX is for staff: every item, borrowable or not.
    let xlsx = public.get("/staff/assets/register.xlsx").await;
    assert_ne!(xlsx.status, StatusCode::OK);
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let xlsx = clerk.get("/staff/assets/register.xlsx").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    let rows = &sheets[0].1;
    let total = asset::Entity::find()
        .filter(asset::Column::OrganizationId.eq(org))
        .count(app.db().conn())
        .await
        .unwrap() as usize;
    assert_eq!(total, 15);
    let codes: Vec<String> = rows
        .iter()
        .filter_map(|r| r.first().map(|c| c.as_text()))
        .filter(|c| c.contains('-') && c.chars().any(|x| x.is_ascii_digit()))
        .collect();
    assert_eq!(codes.len(), total);
    assert!(codes.contains(&"401-57-0021".to_owned()));
}

#[tokio::test]
async fn staff_keep_the_register_with_thai_messages_and_an_audit_trail() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let form = clerk.get("/staff/assets/new").await;
    form.assert_status(StatusCode::OK);
    let palad = form
        .body
        .split("<option value=\"")
        .filter_map(|s| s.split_once("\">"))
        .find(|(_, label)| label.starts_with("สำนักปลัด"))
        .map(|(v, _)| v.to_owned())
        .expect("the division list");
    // Duplicate code, bad value, missing name: messages next to the fields, text kept.
    clerk
        .post_form(
            "/staff/assets/new",
            &[
                ("code", "416-59-0001"),
                ("name", ""),
                ("category", "other"),
                ("division_id", &palad),
                ("location", "ห้องเก็บของที่พิมพ์ไว้"),
                ("value", "สองพัน"),
                ("acquired_on", "1/1/2569"),
                ("condition", "good"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("รหัสครุภัณฑ์ 416-59-0001 มีอยู่ในทะเบียนแล้ว")
        .assert_contains("กรุณากรอกชื่อครุภัณฑ์")
        .assert_contains("id=\"value-error\"")
        .assert_contains("ห้องเก็บของที่พิมพ์ไว้");
    // A broken item cannot be opened to citizens; a date in the future is refused.
    clerk
        .post_form(
            "/staff/assets/new",
            &[
                ("code", "416-69-0099"),
                ("name", "เต็นท์ทดสอบ"),
                ("category", "other"),
                ("division_id", &palad),
                ("value", "1,000"),
                ("acquired_on", &be(today() + Duration::days(3))),
                ("condition", "broken"),
                ("borrowable", "1"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ครุภัณฑ์ที่ชำรุดหรือจำหน่ายแล้วเปิดให้ประชาชนยืมไม่ได้")
        .assert_contains("วันที่ได้มาต้องไม่เกินวันนี้");
    let r = clerk
        .post_form(
            "/staff/assets/new",
            &[
                ("code", "416-69-0099"),
                ("name", "เต็นท์ทดสอบ"),
                ("category", "other"),
                ("division_id", &palad),
                ("value", "12,500.50"),
                ("acquired_on", "1/10/2568"),
                ("condition", "good"),
                ("borrowable", "1"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let path = r.location().to_owned();
    let saved = asset_by_code(&app, "416-69-0099").await;
    assert_eq!(saved.value_satang, 1_250_050);
    assert_eq!(saved.acquired_on, NaiveDate::from_ymd_opt(2025, 10, 1));
    assert!(saved.borrowable);
    let edit = clerk.get(&path).await;
    assert_eq!(
        edit.input_value("acquired_on").as_deref(),
        Some("1/10/2568")
    );
    assert_eq!(edit.input_value("value").as_deref(), Some("12,500.50"));
    clerk
        .post_form(
            &path,
            &[
                ("code", "416-69-0099"),
                ("name", "เต็นท์ทดสอบ"),
                ("category", "other"),
                ("division_id", &palad),
                ("value", "12,500.50"),
                ("acquired_on", "1/10/2568"),
                ("condition", "repair"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let saved = asset_by_code(&app, "416-69-0099").await;
    assert_eq!(saved.condition, "repair");
    assert!(!saved.borrowable);
    let audits = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("asset.update"))
        .filter(audit_entry::Column::TargetId.eq(saved.id))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].details["after"]["condition"], "repair");
    // The manual: staff publish a new version, the public page shows it.
    clerk
        .post_form("/staff/assets/manual", &[("manual_body", "  ")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกข้อความคู่มือการยืม");
    clerk
        .post_form(
            "/staff/assets/manual",
            &[("manual_body", "ข้อ 1 ยืมได้ไม่เกิน 7 วัน ฉบับแก้ไข")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.client()
        .get("/assets")
        .await
        .assert_contains("ข้อ 1 ยืมได้ไม่เกิน 7 วัน ฉบับแก้ไข")
        .assert_contains("ฉบับที่ 2");
    // Anonymous visitors are sent to sign in.
    let anon = app.client().get("/staff/assets").await;
    assert_ne!(anon.status, StatusCode::OK);
}

#[tokio::test]
async fn a_citizen_books_the_division_head_approves_and_a_clash_is_refused() {
    let app = TestApp::with_demo().await;
    let tent = asset_by_code(&app, "416-59-0002").await;
    let id = tent.id;
    // Next month's 10th to 12th: free in the demo.
    let first = prongsai_assets::store::add_months(today(), 1);
    let from = first + Duration::days(9);
    let to = from + Duration::days(2);
    let mut citizen = app.client();
    // Bad input: messages next to the fields, what was typed stays.
    citizen.get(&format!("/assets/{id}")).await;
    citizen
        .post_form(
            &format!("/assets/{id}/book"),
            &[
                ("borrower_name", ""),
                ("borrower_phone", "12345"),
                ("purpose", "งานบวชลูกชาย"),
                ("starts_on", &be(to)),
                ("ends_on", &be(from)),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อผู้ยืม")
        .assert_contains("หมายเลขโทรศัพท์ต้องเป็นตัวเลข 9-10 หลัก")
        .assert_contains("วันที่คืนต้องไม่ก่อนวันที่เริ่มยืม")
        .assert_contains("งานบวชลูกชาย");
    // A script filling the hidden field gets nowhere.
    citizen
        .post_form(
            &format!("/assets/{id}/book"),
            &[
                ("borrower_name", "bot"),
                ("borrower_phone", "0812345678"),
                ("purpose", "spam"),
                ("starts_on", &be(from)),
                ("ends_on", &be(to)),
                ("website", "http://spam.example"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(bookings_of(&app, id).await.is_empty());
    let r = request(&mut citizen, id, from, to, "งานบวชลูกชาย หมู่ที่ 4").await;
    r.assert_status(StatusCode::SEE_OTHER);
    let status_path = r.location().to_owned();
    assert!(status_path.starts_with("/assets/requests/"));
    let status = citizen.get(&status_path).await;
    status
        .assert_status(StatusCode::OK)
        .assert_contains("รอพิจารณา")
        .assert_contains(&tent.name);
    assert!(!status.body.contains("089"));
    let b = bookings_of(&app, id).await;
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].borrower_phone, "0891234567");
    let path = format!("/staff/assets/bookings/{}", b[0].id);
    // A clerk cannot decide; the finance head cannot decide for the Palad's tent.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get(&path)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("089");
    clerk
        .post_form(&format!("{path}/decide"), &[("decision", "approve")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut finance = app.client();
    finance.sign_in_as("finance.head").await;
    finance
        .post_form(&format!("{path}/decide"), &[("decision", "approve")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(&format!("{path}/decide"), &[("decision", "refuse")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาระบุเหตุผลที่ไม่อนุมัติ");
    palad
        .post_form(&format!("{path}/decide"), &[("decision", "approve")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    citizen.get(&status_path).await.assert_contains("อนุมัติแล้ว");
    // The calendar marks the booked days; a second, overlapping request is refused at
    // submission with the message next to the dates.
    let cal = citizen
        .get(&format!("/assets/{id}?month={}", first.format("%Y-%m")))
        .await;
    for d in 0..3 {
        cal.assert_contains(&format!(
            "asset-cal__day--booked\" data-date=\"{}\"",
            from + Duration::days(d)
        ));
    }
    assert!(!cal.body.contains(&format!(
        "asset-cal__day--booked\" data-date=\"{}\"",
        to + Duration::days(1)
    )));
    let mut other = app.client();
    let clash = request(&mut other, id, to, to + Duration::days(1), "งานเลี้ยงหมู่บ้าน").await;
    clash
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("id=\"starts_on-error\"")
        .assert_contains("ช่วงวันที่นี้มีผู้จองและได้รับอนุมัติแล้ว")
        .assert_contains("งานเลี้ยงหมู่บ้าน");
    assert_eq!(bookings_of(&app, id).await.len(), 1);
    // Two pending requests that overlap each other: the first approval wins, the second
    // is refused with a clear message.
    let later = to + Duration::days(10);
    request(&mut other, id, later, later + Duration::days(1), "ก")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    request(
        &mut other,
        id,
        later + Duration::days(1),
        later + Duration::days(2),
        "ข",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let mut pending: Vec<booking::Model> = bookings_of(&app, id)
        .await
        .into_iter()
        .filter(|b| b.status == "pending")
        .collect();
    pending.sort_by_key(|b| b.id);
    assert_eq!(pending.len(), 2);
    palad
        .post_form(
            &format!("/staff/assets/bookings/{}/decide", pending[0].id),
            &[("decision", "approve")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    palad
        .post_form(
            &format!("/staff/assets/bookings/{}/decide", pending[1].id),
            &[("decision", "approve")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("อนุมัติไม่ได้");
    let approved = bookings_of(&app, id)
        .await
        .into_iter()
        .filter(|b| b.status == "approved")
        .count();
    assert_eq!(approved, 2);
}

#[tokio::test]
async fn another_organizations_staff_cannot_read_or_decide_by_url() {
    let app = TestApp::with_demo().await;
    let tent = asset_by_code(&app, "416-59-0001").await;
    let b = bookings_of(&app, tent.id).await;
    let booking_id = b[0].id;
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("staff").await; // a division head there
    other
        .get(&format!("/staff/assets/{}", tent.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .get(&format!("/staff/assets/bookings/{booking_id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let pending = booking::Entity::find()
        .filter(booking::Column::Status.eq("pending"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    other
        .post_form(
            &format!("/staff/assets/bookings/{}/decide", pending.id),
            &[("decision", "approve")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/assets/{}", tent.id),
            &[("code", "X-1"), ("name", "stolen")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let after = booking::Entity::find_by_id(pending.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, "pending");
    assert_eq!(asset_by_code(&app, "416-59-0001").await.name, tent.name);
    // Their public pages do not show Kudjok's items either.
    let mut public = app.client_for("nongbua.localhost");
    public
        .get(&format!("/assets/{}", tent.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let v: Value = serde_json::from_str(&public.get("/api/v1/assets").await.body).unwrap();
    assert_eq!(v["meta"]["total"], 0);
}

/// Two division heads press "approve" on overlapping requests at the same moment: the
/// guard row lock lets exactly one through, on SQLite and on PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_approvals_of_overlapping_requests_cannot_both_succeed() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let manage = Authorized::<ManageAssets>::system(org, Actor::System);
    let items = [
        "416-63-0003",
        "401-62-0011",
        "403-61-0004",
        "416-66-0004",
        "416-66-0005",
    ];
    // First, deterministically: one approval holds its transaction open while the other
    // starts. The second must wait for the first (row lock on PostgreSQL, the write lock on
    // SQLite) and then see its booking; without the guard it would check before the first
    // commits and both would be approved.
    let item = asset_by_code(&app, "401-62-0010").await;
    let from = today() + Duration::days(90);
    let mut ids = Vec::new();
    for shift in [0, 2] {
        let b = store::create_staff_booking(
            app.db(),
            &manage,
            &BookingInput {
                asset_id: item.id.to_string(),
                borrower_name: format!("ผู้ยืม {shift}"),
                borrower_phone: "0812345678".into(),
                borrower_email: String::new(),
                purpose: "ทดสอบ".into(),
                starts_on: (from + Duration::days(shift)).to_string(),
                ends_on: (from + Duration::days(shift + 3)).to_string(),
                website: String::new(),
            },
        )
        .await
        .unwrap();
        ids.push(b.id);
    }
    let auth = Authorized::<DecideBookings>::system(org, Actor::System);
    let first = app.db().begin_write().await.unwrap();
    store::decide_in(
        &first,
        &auth,
        &DecisionScope::everything(),
        ids[0],
        true,
        "",
    )
    .await
    .unwrap();
    let db = app.db().clone();
    let second_id = ids[1];
    let second = tokio::spawn(async move {
        let auth = Authorized::<DecideBookings>::system(org, Actor::System);
        store::decide(
            &db,
            &auth,
            &DecisionScope::everything(),
            second_id,
            true,
            "",
        )
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !second.is_finished(),
        "the second approval waits for the first"
    );
    first.commit().await.unwrap();
    match second.await.unwrap() {
        Err(prongsai_kernel::Error::Invalid(e)) => {
            let m = e.get("decision").unwrap_or("");
            assert!(m.contains("อนุมัติไม่ได้") && m.contains("ซ้อนกับคำขอนี้"), "{m}");
        }
        other => panic!("the second approval must be refused, got {other:?}"),
    }
    let statuses: Vec<String> = bookings_of(&app, item.id)
        .await
        .into_iter()
        .filter(|b| b.starts_on >= from)
        .map(|b| b.status)
        .collect();
    assert_eq!(statuses.iter().filter(|s| *s == "approved").count(), 1);
    assert_eq!(statuses.iter().filter(|s| *s == "pending").count(), 1);
    // Then racing for real, several times.
    for (round, code) in items.iter().enumerate() {
        let item = asset_by_code(&app, code).await;
        let from = today() + Duration::days(60 + round as i64);
        let mut ids = Vec::new();
        for shift in [0, 1] {
            let b = store::create_staff_booking(
                app.db(),
                &manage,
                &BookingInput {
                    asset_id: item.id.to_string(),
                    borrower_name: format!("ผู้ยืม {shift}"),
                    borrower_phone: "0812345678".into(),
                    borrower_email: String::new(),
                    purpose: "ทดสอบ".into(),
                    starts_on: (from + Duration::days(shift)).to_string(),
                    ends_on: (from + Duration::days(shift + 2)).to_string(),
                    website: String::new(),
                },
            )
            .await
            .unwrap();
            ids.push(b.id);
        }
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let mut tasks = Vec::new();
        for id in ids {
            let db = app.db().clone();
            let barrier = barrier.clone();
            tasks.push(tokio::spawn(async move {
                let auth = Authorized::<DecideBookings>::system(org, Actor::System);
                barrier.wait().await;
                store::decide(&db, &auth, &DecisionScope::everything(), id, true, "").await
            }));
        }
        let mut ok = 0;
        let mut refused = Vec::new();
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => ok += 1,
                Err(prongsai_kernel::Error::Invalid(e)) => {
                    refused.push(e.get("decision").unwrap_or("").to_owned())
                }
                Err(e) => panic!("unexpected error: {e}"),
            }
        }
        assert_eq!(ok, 1, "round {round}: exactly one approval succeeds");
        assert_eq!(refused.len(), 1);
        assert!(
            refused[0].contains("อนุมัติไม่ได้") && refused[0].contains("ซ้อนกับคำขอนี้"),
            "{}",
            refused[0]
        );
        let approved = bookings_of(&app, item.id)
            .await
            .into_iter()
            .filter(|b| b.status == "approved" && b.starts_on >= from)
            .count();
        assert_eq!(approved, 1);
    }
}

#[tokio::test]
async fn hand_over_return_overdue_and_the_inspection_report() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    // The demo has one loan past its due date: flagged on the staff pages.
    clerk
        .get("/staff/assets/bookings")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("asset-row--overdue");
    clerk
        .get("/staff/assets")
        .await
        .assert_contains("เกินกำหนดคืน 1");
    let overdue = booking::Entity::find()
        .filter(booking::Column::Status.eq("handed_over"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let path = format!("/staff/assets/bookings/{}", overdue.id);
    clerk.get(&path).await.assert_contains("เกินกำหนดคืน");
    // Coming back broken needs a note; then the register takes the condition.
    clerk
        .post_form(
            &format!("{path}/return"),
            &[
                ("returned_on", &be(today())),
                ("return_condition", "broken"),
                ("return_notes", ""),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาบันทึกรายละเอียดความเสียหาย");
    clerk
        .post_form(
            &format!("{path}/return"),
            &[
                ("returned_on", &be(today())),
                ("return_condition", "broken"),
                ("return_notes", "ผ้าใบขาด 1 จุด"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let item = asset::Entity::find_by_id(overdue.asset_id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.condition, "broken");
    assert!(!item.borrowable);
    assert!(
        !clerk
            .get("/staff/assets/bookings")
            .await
            .body
            .contains("asset-row--overdue")
    );
    // Hand-over only of approved requests.
    let pending = booking::Entity::find()
        .filter(booking::Column::Status.eq("pending"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    clerk
        .post_form(
            &format!("/staff/assets/bookings/{}/hand-over", pending.id),
            &[
                ("handed_over_on", &be(today())),
                ("handed_over_by", "เจ้าหน้าที่"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ส่งมอบได้เฉพาะคำขอที่อนุมัติแล้ว");
    // An inspection with one item missing.
    let form = clerk.get("/staff/assets/inspections/new").await;
    form.assert_status(StatusCode::OK);
    let assets = store::list_assets(app.db(), app.demo_tenant().await.id)
        .await
        .unwrap();
    let mut fields: Vec<(String, String)> = vec![
        ("inspected_on".into(), be(today())),
        ("committee".into(), "".into()),
    ];
    for a in &assets {
        fields.push(("item".into(), a.id.to_string()));
        if a.code != "404-60-0002" {
            fields.push((format!("found_{}", a.id), "1".into()));
        }
        fields.push((format!("condition_{}", a.id), a.condition.clone()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    clerk
        .post_form("/staff/assets/inspections/new", &refs)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกรายชื่อคณะกรรมการตรวจสอบ");
    fields[1].1 = "นายตรวจ สอบดี ประธาน".into();
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = clerk
        .post_form("/staff/assets/inspections/new", &refs)
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let id = r.location().rsplit('/').next().unwrap().to_owned();
    let published = prongsai_kernel::publication::find_published(
        app.db().conn(),
        app.demo_tenant().await.id,
        prongsai_assets::store::INSPECTION_KIND,
        id.parse().unwrap(),
    )
    .await
    .unwrap();
    let findings = published.version.snapshot["findings"].as_array().unwrap();
    assert_eq!(findings.len(), assets.len());
    assert_eq!(findings.iter().filter(|f| f["found"] == false).count(), 1);
    let report = app.client().get(&format!("/assets/inspections/{id}")).await;
    report
        .assert_status(StatusCode::OK)
        .assert_contains("นายตรวจ สอบดี ประธาน")
        .assert_contains("ไม่พบ")
        .assert_contains("404-60-0002");
}

#[tokio::test]
async fn an_overdue_loan_is_reminded_once_to_the_items_division() {
    use prongsai_db::entities::user;
    use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let (app, sink) = TestApp::with_demo_and_mail().await;
    let u = user::Entity::find()
        .filter(user::Column::Username.eq("palad"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut ua = u.into_active_model();
    ua.email = Set(Some("palad@kudjok.example".into()));
    ua.update(app.db().conn()).await.unwrap();
    let overdue = booking::Entity::find()
        .filter(booking::Column::Status.eq("handed_over"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert!(overdue.reminded_at.is_none());
    // The borrower left an e-mail address: they are reminded too.
    let mut ba = overdue.clone().into_active_model();
    ba.borrower_email = Set("late.borrower@example.com".into());
    ba.update(app.db().conn()).await.unwrap();
    prongsai_jobs::enqueue(app.db().conn(), &prongsai_assets::jobs::RemindOverdueLoans)
        .await
        .unwrap();
    app.run_jobs().await;
    let got = sink.wait_for(2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    let staff = got
        .iter()
        .find(|m| m.to == vec!["palad@kudjok.example".to_owned()])
        .expect("the division's reminder");
    assert!(staff.subject().contains("เกินกำหนดคืน"));
    assert!(
        staff
            .body()
            .contains(&format!("/staff/assets/bookings/{}", overdue.id))
    );
    let borrower = got
        .iter()
        .find(|m| m.to == vec!["late.borrower@example.com".to_owned()])
        .expect("the borrower's reminder");
    assert!(borrower.subject().contains("เกินกำหนดคืน"));
    assert!(
        borrower
            .body()
            .contains(&format!("/assets/requests/{}", overdue.tracking_code))
    );
    assert!(!borrower.body().contains("/staff/"));
    let after = booking::Entity::find_by_id(overdue.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert!(after.reminded_at.is_some());
    // Once only.
    assert_eq!(
        prongsai_assets::jobs::remind_overdue_loans(&app.state)
            .await
            .unwrap(),
        0
    );
    assert_eq!(sink.messages().len(), 2);
}

#[tokio::test]
async fn a_client_sending_too_many_requests_is_stopped_and_english_works() {
    let app = TestApp::with_demo().await;
    let item = asset_by_code(&app, "416-66-0004").await;
    let mut bot = app.client();
    for _ in 0..5 {
        bot.get(&format!("/assets/{}", item.id)).await;
        bot.post_form(
            &format!("/assets/{}/book", item.id),
            &[
                ("borrower_name", "bot"),
                ("borrower_phone", "0812345678"),
                ("purpose", "x"),
                ("starts_on", &be(today() + Duration::days(40))),
                ("ends_on", &be(today() + Duration::days(41))),
                ("website", "x"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    }
    let r = request(
        &mut bot,
        item.id,
        today() + Duration::days(40),
        today() + Duration::days(41),
        "งานบุญ",
    )
    .await;
    r.assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("ส่งคำขอบ่อยเกินไป");
    assert!(bookings_of(&app, item.id).await.is_empty());
    // The same pages in English.
    let mut en = app.client();
    en.get("/lang?to=en&back=/assets").await;
    let page = en.get(&format!("/assets/{}", item.id)).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Booking calendar")
        .assert_contains("Borrow request");
}

fn publications_of_register(entries: &[audit_entry::Model]) -> Vec<i64> {
    entries
        .iter()
        .filter(|e| e.details["kind"] == "asset_register")
        .filter_map(|e| e.details["version"].as_i64())
        .collect()
}

#[tokio::test]
async fn the_register_is_published_in_versions_with_open_data_and_can_be_withdrawn() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let total = asset::Entity::find()
        .filter(asset::Column::OrganizationId.eq(org))
        .count(app.db().conn())
        .await
        .unwrap() as usize;
    // The demo published the register after the year's inspection: every item, borrowable
    // or not, with its value, but never the internal notes.
    let mut public = app.client();
    public
        .get("/assets")
        .await
        .assert_contains("href=\"/assets/register\"");
    let page = public.get("/assets/register").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("401-57-0021")
        .assert_contains("ตู้เหล็กเก็บเอกสาร")
        .assert_contains("ทะเบียนครุภัณฑ์ ณ สิ้นปีงบประมาณ 2569");
    let v: Value = serde_json::from_str(&public.get("/api/v1/asset-register").await.body).unwrap();
    assert_eq!(v["meta"]["version"], 1);
    assert_eq!(v["meta"]["total"], total);
    assert_eq!(v["data"].as_array().unwrap().len(), total);
    let sum: f64 = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value_baht"].as_f64().unwrap())
        .sum();
    assert!((sum - v["meta"]["total_value_baht"].as_f64().unwrap()).abs() < 0.01);
    assert!(sum > 0.0);
    let csv = public.get("/assets/register.csv").await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(csv.body.trim_end().lines().count(), 1 + total);
    assert!(csv.body.contains("401-57-0021"));
    let xlsx = public.get("/assets/register.xlsx").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    let texts: Vec<String> = sheets[0]
        .1
        .iter()
        .flat_map(|r| r.iter().map(|c| c.as_text()))
        .collect();
    assert!(texts.iter().any(|t| t.contains("ฉบับที่ 1")), "{texts:?}");
    assert!(texts.iter().any(|t| t == "401-57-0021"));
    assert!(
        !texts.iter().any(|t| t == "หมายเหตุ"),
        "no internal notes column"
    );
    public
        .get("/api/v1/openapi.json")
        .await
        .assert_contains("/api/v1/asset-register");
    // Someone not signed in cannot publish.
    let anon = app
        .client()
        .post_form("/staff/assets/register/publish", &[("change_note", "x")])
        .await;
    assert_ne!(anon.header("location"), "/staff/assets#register");
    assert_ne!(anon.status, StatusCode::OK);
    // Publishing an unchanged register is refused with the reason next to the field.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/assets")
        .await
        .assert_contains("/staff/assets/register/publish");
    clerk
        .post_form(
            "/staff/assets/register/publish",
            &[("change_note", "ลองเผยแพร่ซ้ำ")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("id=\"change_note-error\"")
        .assert_contains("ทะเบียนไม่มีการเปลี่ยนแปลงจากฉบับที่ 1")
        .assert_contains("ลองเผยแพร่ซ้ำ");
    // A new item is not public until the register is published again.
    let palad = prongsai_db::entities::division::Entity::find()
        .filter(prongsai_db::entities::division::Column::OrganizationId.eq(org))
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name_th.starts_with("สำนักปลัด"))
        .unwrap()
        .id
        .to_string();
    clerk
        .post_form(
            "/staff/assets/new",
            &[
                ("code", "416-69-0077"),
                ("name", "เต็นท์ใหม่ปีงบ 2570"),
                ("category", "other"),
                ("division_id", &palad),
                ("value", "15,000"),
                ("acquired_on", "1/10/2568"),
                ("condition", "good"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(
        !public
            .get("/assets/register")
            .await
            .body
            .contains("416-69-0077")
    );
    clerk
        .post_form(
            "/staff/assets/register/publish",
            &[("change_note", "เพิ่มเต็นท์ที่จัดซื้อใหม่")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    public
        .get("/assets/register")
        .await
        .assert_contains("416-69-0077")
        .assert_contains("เพิ่มเต็นท์ที่จัดซื้อใหม่");
    let v: Value = serde_json::from_str(&public.get("/api/v1/asset-register").await.body).unwrap();
    assert_eq!(v["meta"]["version"], 2);
    assert_eq!(v["meta"]["total"], total + 1);
    // Earlier versions stay readable, each with its own items.
    let old = public.get("/assets/register/versions/1").await;
    old.assert_status(StatusCode::OK)
        .assert_contains("401-57-0021");
    assert!(!old.body.contains("416-69-0077"));
    public
        .get("/assets/register/versions/99")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/assets/register/versions/abc")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/assets/register/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("/assets/register/versions/1")
        .assert_contains("/assets/register/versions/2")
        .assert_contains("เพิ่มเต็นท์ที่จัดซื้อใหม่");
    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(org))
        .filter(audit_entry::Column::Action.eq("publication.publish"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(publications_of_register(&entries), vec![1, 2]);
    // Withdrawing needs a reason; then the register is gone (410) and its files with it,
    // while the history remains.
    clerk
        .post_form(
            "/staff/assets/register/withdraw",
            &[("withdraw_reason", " ")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกเหตุผลที่ถอนการเผยแพร่");
    clerk
        .post_form(
            "/staff/assets/register/withdraw",
            &[("withdraw_reason", "พบมูลค่าบางรายการบันทึกผิด")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    public
        .get("/assets/register")
        .await
        .assert_status(StatusCode::GONE)
        .assert_contains("พบมูลค่าบางรายการบันทึกผิด");
    public
        .get("/assets/register.csv")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/api/v1/asset-register")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        !public
            .get("/assets")
            .await
            .body
            .contains("href=\"/assets/register\"")
    );
    let withdrawn = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(org))
        .filter(audit_entry::Column::Action.eq("publication.withdraw"))
        .count(app.db().conn())
        .await
        .unwrap();
    assert_eq!(withdrawn, 1);
    // Publishing again brings it back as version 3.
    clerk
        .post_form(
            "/staff/assets/register/publish",
            &[("change_note", "แก้ไขมูลค่าแล้ว")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let v: Value = serde_json::from_str(&public.get("/api/v1/asset-register").await.body).unwrap();
    assert_eq!(v["meta"]["version"], 3);
}

/// A citizen's request that leaves an e-mail address; returns the status page's path.
async fn request_with_email(
    c: &mut TestClient<'_>,
    id: i64,
    from: NaiveDate,
    to: NaiveDate,
    email: &str,
) -> crate::util::TestResponse {
    c.get(&format!("/assets/{id}")).await;
    c.post_form(
        &format!("/assets/{id}/book"),
        &[
            ("borrower_name", "นายทดสอบ อีเมล"),
            ("borrower_phone", "0891234567"),
            ("borrower_email", email),
            ("purpose", "งานทำบุญบ้าน"),
            ("starts_on", &be(from)),
            ("ends_on", &be(to)),
            ("website", ""),
        ],
    )
    .await
}

#[tokio::test]
async fn a_borrower_is_e_mailed_the_decision_and_a_request_can_be_cancelled() {
    let (app, sink) = TestApp::with_demo_and_mail().await;
    let tent = asset_by_code(&app, "416-59-0002").await;
    let id = tent.id;
    let from = prongsai_assets::store::add_months(today(), 1) + Duration::days(14);
    let to = from + Duration::days(1);
    let mut citizen = app.client();
    // A mistyped address is refused next to the field, the rest is kept.
    request_with_email(&mut citizen, id, from, to, "borrower@")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("id=\"borrower_email-error\"")
        .assert_contains("รูปแบบอีเมลไม่ถูกต้อง")
        .assert_contains("งานทำบุญบ้าน");
    assert!(bookings_of(&app, id).await.is_empty());
    let r = request_with_email(&mut citizen, id, from, to, " Borrower@Example.com ").await;
    r.assert_status(StatusCode::SEE_OTHER);
    let status_path = r.location().to_owned();
    let b = bookings_of(&app, id).await.remove(0);
    assert_eq!(b.borrower_email, "Borrower@Example.com");
    let status = citizen.get(&status_path).await;
    assert!(!status.body.contains("Borrower@Example.com"));
    status.assert_contains(&format!("/assets/requests/{}/cancel", b.tracking_code));
    // The division head approves: the borrower is told by e-mail, with the status link.
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(
            &format!("/staff/assets/bookings/{}/decide", b.id),
            &[("decision", "approve")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.run_jobs().await;
    let got = sink.wait_for(1).await;
    let mails: Vec<_> = got
        .iter()
        .filter(|m| m.to == vec!["Borrower@Example.com".to_owned()])
        .collect();
    assert_eq!(mails.len(), 1, "{got:?}");
    assert!(mails[0].subject().contains("อนุมัติแล้ว"));
    assert!(mails[0].subject().contains(&tent.name));
    assert!(mails[0].body().contains(&b.tracking_code));
    // The borrower cancels on the status page: the days are free again.
    citizen
        .post_form(&format!("/assets/requests/{}/cancel", b.tracking_code), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    citizen.get(&status_path).await.assert_contains("ยกเลิก");
    let after = booking::Entity::find_by_id(b.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, "cancelled");
    citizen
        .post_form(&format!("/assets/requests/{}/cancel", b.tracking_code), &[])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ยกเลิกได้เฉพาะคำขอที่รอพิจารณาหรืออนุมัติแล้ว");
    citizen
        .post_form("/assets/requests/NOPE-0000/cancel", &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let audits = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("asset_booking.cancel"))
        .filter(audit_entry::Column::TargetId.eq(b.id))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].actor_kind, "public");
    assert_eq!(audits[0].details["by"], "borrower");
    let details = audits[0].details.to_string();
    assert!(!details.contains("Borrower@") && !details.contains("0891234567"));
    // Someone else can now book the same days; staff cancel that one for them, with a
    // reason that the borrower reads in the e-mail.
    let mut other = app.client();
    request_with_email(&mut other, id, from, to, "second@example.com")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let second = bookings_of(&app, id)
        .await
        .into_iter()
        .find(|x| x.status == "pending")
        .unwrap();
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let path = format!("/staff/assets/bookings/{}", second.id);
    clerk
        .get(&path)
        .await
        .assert_contains("second@example.com")
        .assert_contains(&format!("{path}/cancel"));
    clerk
        .post_form(&format!("{path}/cancel"), &[("cancel_reason", "  ")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกเหตุผลที่ยกเลิก");
    clerk
        .post_form(
            &format!("{path}/cancel"),
            &[("cancel_reason", "เต็นท์ชำรุด ต้องส่งซ่อม")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let after = booking::Entity::find_by_id(second.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, "cancelled");
    assert!(after.decision_note.contains("เต็นท์ชำรุด ต้องส่งซ่อม"));
    app.run_jobs().await;
    let got = sink.wait_for(2).await;
    let to_second: Vec<_> = got
        .iter()
        .filter(|m| m.to == vec!["second@example.com".to_owned()])
        .collect();
    assert_eq!(to_second.len(), 1, "{got:?}");
    assert!(to_second[0].subject().contains("ยกเลิก"));
    assert!(to_second[0].body().contains("เต็นท์ชำรุด ต้องส่งซ่อม"));
    // The borrower's own cancellation sent nothing more to the first borrower.
    let to_first = sink
        .messages()
        .iter()
        .filter(|m| m.to == vec!["Borrower@Example.com".to_owned()])
        .count();
    assert_eq!(to_first, 1);
}
