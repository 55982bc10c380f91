//! `/risks...` (published assessments, heat map, downloads, API) and `/staff/risks...`
//! (assessments, risk events, measures, follow-up, publication).

use http::StatusCode;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use prongsai_risks::model::{risk_assessment, risk_measure};
use serde_json::Value;

use crate::util::{TestApp, TestClient};

async fn demo_assessment(app: &TestApp) -> risk_assessment::Model {
    let org = app.demo_tenant().await.id;
    risk_assessment::Entity::find()
        .filter(risk_assessment::Column::OrganizationId.eq(org))
        .filter(risk_assessment::Column::FiscalYear.eq(2569))
        .one(app.db().conn())
        .await
        .unwrap()
        .expect("the demo assessment")
}

#[tokio::test]
async fn the_demo_assessment_is_published_with_levels_heat_map_and_reports() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    public
        .get("/risks")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("href=\"/risks/2569\"");
    let api = public.get("/api/v1/risks/2569").await;
    api.assert_status(StatusCode::OK);
    let v: Value = serde_json::from_str(&api.body).unwrap();
    let events = v["data"]["events"].as_array().unwrap();
    // The four bribery areas of the ITA, asset use and abuse of power.
    let mut areas: Vec<&str> = events
        .iter()
        .map(|e| e["area"]["code"].as_str().unwrap())
        .collect();
    areas.dedup();
    assert_eq!(
        areas,
        [
            "permits",
            "legal-authority",
            "procurement",
            "hr",
            "assets",
            "abuse-of-power"
        ]
    );
    // Every level is the product's band, computed rather than typed.
    let levels = v["data"]["levels"].as_array().unwrap();
    for e in events {
        let (l, i) = (
            e["likelihood"].as_u64().unwrap(),
            e["impact"].as_u64().unwrap(),
        );
        assert_eq!(e["score"].as_u64().unwrap(), l * i);
        let band = levels
            .iter()
            .find(|b| {
                b["min_score"].as_u64().unwrap() <= l * i
                    && l * i <= b["max_score"].as_u64().unwrap()
            })
            .unwrap();
        assert_eq!(e["level"], band["code"]);
        assert!(!e["measures"].as_array().unwrap().is_empty());
    }
    assert_eq!(v["data"]["six_month_monitoring"]["as_of"], "2026-03-31");
    assert!(
        !v["data"]["annual_report"]["results"]
            .as_str()
            .unwrap()
            .is_empty()
    );

    let page = public.get("/risks/2569").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("<svg")
        .assert_contains("โอกาสที่จะเกิด</text>")
        .assert_contains("31 มีนาคม 2569")
        .assert_contains("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตประจำปี")
        .assert_contains("งานพัสดุ");
    // Each heat-map cell counts the events with that likelihood and impact.
    let mut counts = std::collections::HashMap::new();
    for e in events {
        *counts
            .entry((
                e["likelihood"].as_u64().unwrap(),
                e["impact"].as_u64().unwrap(),
            ))
            .or_insert(0) += 1;
    }
    for ((l, i), n) in &counts {
        page.assert_contains(&format!(
            "<title>โอกาสที่จะเกิด {l} × ผลกระทบ {i} = {}: {n}</title>",
            l * i
        ));
    }
    let svg = public.get("/risks/2569/heat-map.svg").await;
    svg.assert_status(StatusCode::OK);
    assert!(svg.header("content-type").starts_with("image/svg+xml"));
    assert_eq!(svg.body.matches("<rect").count(), 25 + levels.len());

    // CSV: one row per measure, with a BOM.
    let measures: usize = events
        .iter()
        .map(|e| e["measures"].as_array().unwrap().len())
        .sum();
    let csv = public.get("/risks.csv?fy=2569").await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(csv.body.trim_end().lines().count(), 1 + measures);
    assert!(csv.body.contains("ระดับความเสี่ยง"));
    public
        .get("/risks.csv?fy=abc")
        .await
        .assert_status(StatusCode::BAD_REQUEST);

    // Excel: the same rows under a title and a header.
    let xlsx = public.get("/risks/2569/risks.xlsx").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    let rows = &sheets[0].1;
    let texts: Vec<String> = rows
        .iter()
        .flat_map(|r| r.iter().map(|c| c.as_text()))
        .collect();
    assert!(texts.iter().any(|t| t == "มาตรการจัดการความเสี่ยง"));
    let first_measure = events[0]["measures"][0]["description"].as_str().unwrap();
    assert!(texts.iter().any(|t| t == first_measure));
    // Title, a blank row, the header, one row per measure.
    assert_eq!(rows.len(), 3 + measures);

    // Years without a publication are not found; junk years too.
    public
        .get("/risks/2570")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/api/v1/risks/25x")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/risks/2569/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("<td>1</td>");
}

async fn new_assessment(c: &mut TestClient<'_>, fy: &str) -> String {
    let r = c
        .post_form(
            "/staff/risks/new",
            &[
                ("fiscal_year", fy),
                ("title", ""),
                ("scope", "ขอบเขต"),
                ("assessed_on", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().to_owned()
}

#[tokio::test]
async fn staff_build_an_assessment_with_thai_validation_then_publish_versions() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    // A bad year and a year that already has an assessment.
    let r = staff
        .post_form(
            "/staff/risks/new",
            &[("fiscal_year", "69"), ("scope", "ขอบเขตที่พิมพ์ไว้")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569")
        .assert_contains("ขอบเขตที่พิมพ์ไว้");
    staff
        .post_form("/staff/risks/new", &[("fiscal_year", "2569")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("มีแบบประเมินความเสี่ยงของปีงบประมาณ 2569 อยู่แล้ว");
    let path = new_assessment(&mut staff, "2570").await;
    staff
        .get(&path)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2570");

    // Publishing without events is refused.
    staff
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ต้องมีเหตุการณ์ความเสี่ยงอย่างน้อย 1 เหตุการณ์");

    // A risk event: likelihood out of range, no area; what was typed stays.
    let r = staff
        .post_form(
            &format!("{path}/events/new"),
            &[
                ("area_code", "nonsense"),
                ("description", "รับเงินเพื่อเร่งอนุญาต"),
                ("likelihood", "7"),
                ("impact", "4"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("โอกาสที่จะเกิดต้องเป็นตัวเลข 1 ถึง 5")
        .assert_contains("กรุณาเลือกประเด็นความเสี่ยง")
        .assert_contains("รับเงินเพื่อเร่งอนุญาต");
    let r = staff
        .post_form(
            &format!("{path}/events/new"),
            &[
                ("area_code", "permits"),
                ("description", "รับเงินเพื่อเร่งอนุญาต"),
                ("cause", "สาเหตุ"),
                ("likelihood", "5"),
                ("impact", "4"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let event_path = r.location().to_owned();
    staff
        .get(&path)
        .await
        .assert_contains("สูงมาก")
        .assert_contains("5 × 4 = 20");

    // A measure due outside FY2570 is refused; one inside is kept.
    let divisions =
        prongsai_kernel::tenant::list_divisions(app.db().conn(), app.demo_tenant().await.id)
            .await
            .unwrap();
    let engineering = divisions.iter().find(|d| d.code == "engineering").unwrap();
    let eng = engineering.id.to_string();
    let r = staff
        .post_form(
            &format!("{event_path}/measures"),
            &[
                ("description", "เผยแพร่ระยะเวลาการพิจารณา"),
                ("owner_division_id", &eng),
                ("due_date", "31/12/2570"),
                ("status", "planned"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กำหนดแล้วเสร็จต้องอยู่ในปีงบประมาณ 2570")
        .assert_contains("เผยแพร่ระยะเวลาการพิจารณา");
    staff
        .post_form(
            &format!("{event_path}/measures"),
            &[
                ("description", "เผยแพร่ระยะเวลาการพิจารณา"),
                ("owner_division_id", &eng),
                ("due_date", "31 มี.ค. 2570"),
                ("status", "planned"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    staff
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    public
        .get("/risks/2570")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("เผยแพร่ระยะเวลาการพิจารณา")
        .assert_contains("กองช่าง")
        .assert_contains("31 มี.ค. 2570");

    // Follow-up: marking the measure done needs a result; a draft change stays private
    // until it is published again, then the history has two versions.
    let org = app.demo_tenant().await.id;
    let measure = risk_measure::Entity::find()
        .filter(risk_measure::Column::OrganizationId.eq(org))
        .filter(risk_measure::Column::Description.eq("เผยแพร่ระยะเวลาการพิจารณา"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let measure_path = format!("{path}/measures/{}", measure.id);
    let fields = |result: &'static str| {
        vec![
            ("description", "เผยแพร่ระยะเวลาการพิจารณา"),
            ("owner_division_id", eng.as_str()),
            ("due_date", "2027-03-31"),
            ("status", "done"),
            ("six_month_result", ""),
            ("annual_result", result),
        ]
    };
    staff
        .post_form(&measure_path, &fields(""))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("มาตรการที่ดำเนินการแล้วต้องระบุผลการดำเนินการ");
    staff
        .post_form(&measure_path, &fields("เผยแพร่ครบทุกงานบริการแล้ว"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(
        !public
            .get("/risks/2570")
            .await
            .body
            .contains("เผยแพร่ครบทุกงานบริการแล้ว")
    );
    staff
        .post_form(
            &format!("{path}/publish"),
            &[("change_note", "ผลการดำเนินการ")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    public
        .get("/risks/2570")
        .await
        .assert_contains("เผยแพร่ครบทุกงานบริการแล้ว")
        .assert_contains("ดำเนินการแล้ว");
    public
        .get("/risks/2570/history")
        .await
        .assert_contains("<td>2</td>")
        .assert_contains("ผลการดำเนินการ");

    // Withdrawal needs a reason, then the year disappears from the public list.
    staff
        .post_form(&format!("{path}/withdraw"), &[("reason", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่");
    staff
        .post_form(&format!("{path}/withdraw"), &[("reason", "ข้อมูลไม่ครบ")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert!(!public.get("/risks").await.body.contains("/risks/2570"));
}

#[tokio::test]
async fn another_organization_cannot_reach_kudjok_records_by_url() {
    let app = TestApp::with_demo().await;
    let kudjok = demo_assessment(&app).await;
    let measure = risk_measure::Entity::find()
        .filter(risk_measure::Column::OrganizationId.eq(kudjok.organization_id))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    let own = new_assessment(&mut other, "2569").await;
    let k = kudjok.id;
    other
        .get(&format!("/staff/risks/{k}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/risks/{k}/events/new"),
            &[
                ("area_code", "hr"),
                ("description", "x"),
                ("likelihood", "1"),
                ("impact", "1"),
            ],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("/staff/risks/{k}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Kudjok's measure under nongbua's own assessment id.
    other
        .get(&format!("{own}/measures/{}", measure.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("{own}/measures/{}", measure.id),
            &[("description", "แก้ไข"), ("due_date", "2026-01-01")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let after = risk_measure::Entity::find_by_id(measure.id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, measure, "kudjok's measure is unchanged");
    // Nongbua's public site does not show kudjok's assessment.
    let mut public = app.client_for("nongbua.localhost");
    public
        .get("/risks/2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // A clerk of kudjok has no risk permission; the publish button needs PublishRisks.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/risks")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut head = app.client();
    head.sign_in_as("finance.head").await;
    head.get(&format!("/staff/risks/{k}"))
        .await
        .assert_status(StatusCode::OK);
    head.post_form(&format!("/staff/risks/{k}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
