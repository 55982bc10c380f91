//! `/no-gift...` (the signed declaration, activities, register, downloads, API) and
//! `/staff/gifts...` (declaration, signature, register, nil reports, publication).

use http::StatusCode;
use prongsai_db::entities::audit_entry;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use prongsai_gifts::model::gift_declaration;
use serde_json::Value;

use crate::util::{TestApp, TestClient};

#[tokio::test]
async fn the_demo_year_shows_the_signed_declaration_register_and_nil_reports() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    public
        .get("/no-gift")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("href=\"/no-gift/2569\"");
    let page = public.get("/no-gift/2569").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("No Gift Policy")
        .assert_contains("Declaration of Intent")
        .assert_contains("นายก อบต.กุดจอก (บัญชีตัวอย่าง)")
        .assert_contains("นายกองค์การบริหารส่วนตำบล")
        .assert_contains("ไม่มีการรับของขวัญ")
        .assert_contains("กระเช้าของขวัญปีใหม่");
    // The signature is the mayor's own audit row, holding the hash of the text.
    let v: Value = serde_json::from_str(&public.get("/api/v1/no-gift/2569").await.body).unwrap();
    let sig = &v["data"]["declaration"]["signature"];
    let org = app.demo_tenant().await.id;
    let mayor = prongsai_accounts::users::find_user_by_username(app.db().conn(), org, "mayor")
        .await
        .unwrap()
        .unwrap();
    let row = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(org))
        .filter(audit_entry::Column::Action.eq("gift_declaration.sign"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.actor_id, Some(mayor.id));
    assert_eq!(sig["audit_seq"].as_i64(), Some(row.seq));
    assert_eq!(sig["audit_hash"].as_str(), Some(row.hash.as_str()));
    assert_eq!(row.details["content_sha256"], sig["content_sha256"]);
    // Eleven nil months and one month with a refusal.
    let months = v["data"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(
        months.iter().filter(|m| m["nil_report"] == true).count(),
        11
    );
    assert_eq!(v["data"]["annual_report"]["refused"], 1);
    let csv = public.get("/no-gift.csv?fy=2569").await;
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(csv.body.trim_end().lines().count(), 1 + 12);
    assert_eq!(csv.body.matches("ไม่มีการรับของขวัญ").count(), 11);
    let xlsx = public.get("/no-gift/2569/register.xlsx").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    assert_eq!(sheets[0].1.len(), 3 + 12);
    public
        .get("/no-gift/2570")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn new_year(c: &mut TestClient<'_>, fy: &str) -> String {
    let r = c
        .post_form(
            "/staff/gifts/new",
            &[
                ("fiscal_year", fy),
                ("title_th", "ประกาศเจตนารมณ์ No Gift Policy"),
                ("body_th", "จะไม่รับของขวัญจากการปฏิบัติหน้าที่"),
                ("title_en", "No Gift Policy"),
                ("body_en", "We accept no gifts."),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().to_owned()
}

#[tokio::test]
async fn an_executive_signs_then_the_text_is_locked_and_the_register_is_checked() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    // Both languages are required; what was typed stays.
    clerk
        .post_form(
            "/staff/gifts/new",
            &[
                ("fiscal_year", "2570"),
                ("title_th", "ประกาศ"),
                ("body_th", "ข้อความที่พิมพ์ไว้"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อประกาศภาษาอังกฤษ")
        .assert_contains("ข้อความที่พิมพ์ไว้");
    let path = new_year(&mut clerk, "2570").await;
    // A clerk cannot sign; publishing unsigned is refused.
    clerk
        .post_form(&format!("{path}/sign"), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ผู้บริหารสูงสุดต้องลงนามในประกาศก่อน");
    let mut mayor = app.client();
    mayor.sign_in_as("mayor").await;
    mayor
        .post_form(&format!("{path}/sign"), &[])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // Signed text cannot change.
    clerk
        .post_form(
            &path,
            &[
                ("fiscal_year", "2570"),
                ("title_th", "แก้แล้ว"),
                ("body_th", "แก้แล้ว"),
                ("title_en", "x"),
                ("body_en", "x"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ประกาศที่ผู้บริหารลงนามแล้วแก้ไขไม่ได้");

    // The register: a gift over 3,000 baht cannot be kept; dates must be in the year.
    let entry = |date: &'static str, value: &'static str, decision: &'static str| {
        vec![
            ("entry_kind", "received"),
            ("entry_date", date),
            ("giver_relation", "ประชาชนผู้รับบริการ"),
            ("gift_description", "ผลไม้"),
            ("value", value),
            ("decision", decision),
            ("recipient_position", "เจ้าพนักงานธุรการ"),
        ]
    };
    clerk
        .post_form(
            &format!("{path}/entries"),
            &entry("5 พ.ย. 2569", "3,500", "kept"),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("มูลค่าเกิน 3,000 บาทรับไว้เป็นของตนเองไม่ได้")
        .assert_contains("ผลไม้");
    clerk
        .post_form(
            &format!("{path}/entries"),
            &entry("5 พ.ย. 2570", "500", "kept"),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("วันที่ต้องอยู่ในปีงบประมาณ 2570");
    clerk
        .post_form(
            &format!("{path}/entries"),
            &entry("5 พ.ย. 2569", "500", "kept"),
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A nil report for a month with a gift is refused; for an empty month it is kept once.
    clerk
        .post_form(&format!("{path}/nil"), &[("nil_month", "2026-11-01")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("เดือนนี้มีรายการรับหรือปฏิเสธของขวัญในทะเบียนแล้ว");
    clerk
        .post_form(&format!("{path}/nil"), &[("nil_month", "2026-10-01")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    clerk
        .post_form(&format!("{path}/nil"), &[("nil_month", "2026-10-01")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("เดือนนี้รายงานแล้ว");
    clerk
        .post_form(&format!("{path}/nil"), &[("nil_month", "2025-10-01")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาเลือกเดือนในปีงบประมาณ 2570");
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.client()
        .get("/no-gift/2570")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("นายก อบต.กุดจอก (บัญชีตัวอย่าง)")
        .assert_contains("ผลไม้");
}

#[tokio::test]
async fn another_organization_cannot_reach_kudjok_gift_records() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let kudjok = gift_declaration::Entity::find()
        .filter(gift_declaration::Column::OrganizationId.eq(org))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    let k = kudjok.id;
    other
        .get(&format!("/staff/gifts/{k}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/gifts/{k}/nil"),
            &[("nil_month", "2025-12-01")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("/staff/gifts/{k}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.client_for("nongbua.localhost")
        .get("/no-gift/2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
