//! `/hr...` (the annual HR report with staffing chart, trainings, the HR development plan's
//! results, downloads, API) and `/staff/hr...` (staffing table, trainings, notes,
//! publication), the measures' training links, and tenancy.

use http::StatusCode;
use prongsai_db::entities::audit_entry;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use prongsai_hr::model::hr_year;
use serde_json::Value;

use crate::util::TestApp;

#[tokio::test]
async fn the_demo_reports_staffing_trainings_and_the_plans_results() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    public
        .get("/hr")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("href=\"/hr/2569\"")
        .assert_contains("href=\"/hr/2566\"");
    let page = public.get("/hr/2569").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปีงบประมาณ พ.ศ. 2569")
        .assert_contains("<svg")
        .assert_contains("พนักงานจ้างตามภารกิจ")
        .assert_contains("โครงการพัฒนาทักษะดิจิทัลของบุคลากร")
        .assert_contains("href=\"/plans/hr_development/2569")
        .assert_contains("ปัญหาและอุปสรรค")
        .assert_contains("ที่ต้องการเต็ม 2 หลักสูตร");
    let v: Value = serde_json::from_str(&public.get("/api/v1/hr/2569").await.body).unwrap();
    let d = &v["data"];
    // Vacant is allotted minus filled, per position type and in all.
    for r in d["staffing"].as_array().unwrap() {
        assert_eq!(
            r["vacant"].as_i64().unwrap(),
            r["allotted"].as_i64().unwrap() - r["filled"].as_i64().unwrap()
        );
    }
    assert_eq!(d["staffing"].as_array().unwrap().len(), 4);
    assert_eq!(d["staffing_total"]["allotted"], 27 + 2 + 15 + 10);
    // The plan's projects come from capabilities/plans with their dates and spending.
    let projects = d["hr_development_plan"]["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 6);
    let digital = projects
        .iter()
        .find(|p| p["title"].as_str().unwrap().contains("ทักษะดิจิทัล"))
        .unwrap();
    assert_eq!(digital["spent_baht"], 23600.0);
    assert_eq!(digital["percent"], 100);
    assert_eq!(digital["starts_on"], "2026-01-01");
    // Trainings with participants by position type.
    let trainings = d["trainings"].as_array().unwrap();
    assert_eq!(trainings.len(), 3);
    assert_eq!(trainings[0]["participants"]["total"], 31);
    let tid = trainings[0]["id"].as_i64().unwrap();
    public
        .get(&format!("/hr/trainings/{tid}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("19 กุมภาพันธ์ 2569");
    // CSV with BOM: four position types for each of the two years.
    let csv = public.get("/hr.csv").await;
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(csv.body.trim_end().lines().count(), 1 + 8);
    assert!(csv.body.contains("2566,ข้าราชการ/พนักงานส่วนตำบล,26,22,4"));
    // XLSX: staffing, trainings and the plan's results.
    let xlsx = public.get("/hr/2569/report.xlsx").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    assert_eq!(sheets.len(), 3);
    let text: Vec<String> = sheets[2].1.iter().flatten().map(|c| c.as_text()).collect();
    assert!(text.iter().any(|t| t.contains("ทักษะดิจิทัล")));
    public
        .get("/hr/2570")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_ita_hr_report_item_is_met_by_the_published_report_of_the_previous_year() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let rule = |v: &Value| {
        v["data"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["evidence"].as_array().unwrap().iter())
            .find(|r| r["fix"] == "/staff/hr")
            .cloned()
            .unwrap()
    };
    // ITA 2567 asks for FY2566's report: the demo has it.
    let v: Value = serde_json::from_str(&public.get("/api/v1/ita?year=2567").await.body).unwrap();
    assert_eq!(rule(&v)["ok"], true, "{}", rule(&v));
    // ITA 2569 asks for FY2568's: not in the demo.
    let v: Value = serde_json::from_str(&public.get("/api/v1/ita?year=2569").await.body).unwrap();
    assert_eq!(rule(&v)["ok"], false, "{}", rule(&v));
}

#[tokio::test]
async fn hr_staff_enter_a_year_with_thai_validation_and_publish_it() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    // A clerk may not manage HR.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/hr")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut hr = app.client();
    hr.sign_in_as("hr.officer").await;
    hr.post_form("/staff/hr/new", &[("fiscal_year", "2569")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("มีข้อมูลบุคลากรของปีงบประมาณ 2569 อยู่แล้ว");
    let r = hr
        .post_form("/staff/hr/new", &[("fiscal_year", "๒๕๗๐")])
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let path = r.location().to_owned();
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    // Filled cannot exceed allotted; counts must be whole numbers; typed values stay.
    let table = |filled: &'static str| {
        vec![
            ("allotted_officials", "27"),
            ("filled_officials", filled),
            ("allotted_permanent", "2"),
            ("filled_permanent", "2"),
            ("allotted_mission", "15"),
            ("filled_mission", "สิบ"),
            ("allotted_general", "10"),
            ("filled_general", "9"),
        ]
    };
    hr.post_form(&format!("{path}/staffing"), &table("30"))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("จำนวนที่มีคนครองต้องไม่เกินกรอบอัตรากำลัง (27)")
        .assert_contains("ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป")
        .assert_contains("value=\"สิบ\"");
    // Nothing to publish before the staffing table.
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกสถิติอัตรากำลังของปีนี้ก่อน");
    let mut ok = table("25");
    ok[5] = ("filled_mission", "๑๔");
    hr.post_form(&format!("{path}/staffing"), &ok)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A training outside the year, ending before it starts, with nobody, is refused.
    let training = |start: &'static str, end: &'static str, officials: &'static str| {
        vec![
            ("course", "หลักสูตรนักบริหารงานท้องถิ่น"),
            ("organiser", "สถาบันพัฒนาบุคลากรท้องถิ่น"),
            ("starts_on", start),
            ("ends_on", end),
            ("hours", "30"),
            ("executives", ""),
            ("officials", officials),
            ("permanent", ""),
            ("mission", ""),
            ("general", ""),
            ("participants", "นางสาวตัวอย่าง ใจดี"),
        ]
    };
    hr.post_form(
        &format!("{path}/trainings"),
        &training("5 ม.ค. 2569", "4 ม.ค. 2569", "0"),
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("วันที่เริ่มอบรมต้องอยู่ในปีงบประมาณ 2570")
    .assert_contains("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มอบรม")
    .assert_contains("กรุณาระบุจำนวนผู้เข้ารับการอบรมอย่างน้อยหนึ่งกลุ่ม")
    .assert_contains("หลักสูตรนักบริหารงานท้องถิ่น");
    hr.post_form(
        &format!("{path}/trainings"),
        &training("5 ม.ค. 2570", "9 ม.ค. 2570", "2"),
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    hr.post_form(
        &format!("{path}/notes"),
        &[
            ("problems", "งบประมาณจำกัด"),
            ("suggestions", "ขอรับการสนับสนุนจากจังหวัด"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // A certificate for the training: checked by content, private until published.
    let training = prongsai_hr::model::training::Entity::find()
        .filter(prongsai_hr::model::training::Column::YearId.eq(id))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let cert_path = format!("{path}/trainings/{}/certificate", training.id);
    hr.post_file(&cert_path, "cert.pdf", b"not a pdf at all", true)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่รองรับไฟล์ประเภทนี้");
    hr.post_file(&cert_path, "cert.pdf", b"%PDF-1.4 certificate", true)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let staff_page = hr.get(&path).await;
    let at = staff_page.body.find("/files/").unwrap();
    let href = staff_page.body[at..].split('"').next().unwrap().to_owned();
    app.client()
        .get(&href)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The HR officer cannot publish; the palad can.
    hr.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "ฉบับแรก")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    let v: Value = serde_json::from_str(&public.get("/api/v1/hr/2570").await.body).unwrap();
    let d = &v["data"];
    assert_eq!(d["staffing_total"]["filled"], 25 + 2 + 14 + 9);
    assert_eq!(d["trainings"][0]["participants"]["officials"], 2);
    assert_eq!(d["trainings"][0]["starts_on"], "2027-01-05");
    assert_eq!(d["suggestions"], "ขอรับการสนับสนุนจากจังหวัด");
    public
        .get(&format!("/hr/trainings/{}", training.id))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&href);
    let file = public.get(&href).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(file.bytes, b"%PDF-1.4 certificate");
    // No HR plan for 2570 yet: the report says so.
    assert!(d["hr_development_plan"].is_null());
    public
        .get("/hr/2570")
        .await
        .assert_contains("ยังไม่มีแผนพัฒนาบุคลากรของปีนี้ในระบบแผนงาน");
    public
        .get("/hr/2570/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ฉบับแรก");
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(org))
        .filter(audit_entry::Column::Action.is_in([
            "hr_year.create",
            "hr_year.staffing",
            "hr_training.create",
            "hr_year.notes",
        ]))
        .filter(audit_entry::Column::ActorId.is_not_null())
        .count(app.db().conn())
        .await
        .unwrap();
    assert_eq!(audited, 4);
    // Withdrawn, it is gone from the public list.
    palad
        .post_form(&format!("{path}/withdraw"), &[("reason", "แก้ไขตัวเลข")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let v: Value = serde_json::from_str(&public.get("/api/v1/hr").await.body).unwrap();
    assert!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|y| y["fiscal_year"] != 2570)
    );
}

#[tokio::test]
async fn another_organization_cannot_reach_kudjok_hr_records() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let kudjok = hr_year::Entity::find()
        .filter(hr_year::Column::OrganizationId.eq(org))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    let k = kudjok.id;
    other
        .get(&format!("/staff/hr/{k}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/hr/{k}/notes"),
            &[("problems", "แทรก"), ("suggestions", "")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/hr/{k}/staffing"),
            &[("allotted_officials", "1")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("/staff/hr/{k}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut public = app.client_for("nongbua.localhost");
    public
        .get("/hr/2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let after = hr_year::Entity::find_by_id(k)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, kudjok);
}

#[tokio::test]
async fn ethics_pages_are_published_with_history_and_meet_the_ita_code_of_ethics_rule() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    public
        .get("/ethics")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("href=\"/ethics/code_executives\"")
        .assert_contains("href=\"/ethics/code_council\"")
        .assert_contains("href=\"/ethics/dos_donts\"");
    public
        .get("/ethics/working_group")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("123/2568")
        .assert_contains("15 ตุลาคม 2568")
        .assert_contains("ประธานคณะทำงาน");
    public
        .get("/ethics/nonsense")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The ITA 2568 code-of-ethics rule is met by the published staff code (an alternative
    // to a document), and its rule shows as ok.
    let v: Value = serde_json::from_str(&public.get("/api/v1/ita?year=2568").await.body).unwrap();
    let item = v["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["fix"] == "/staff/ethics/code_staff")
        })
        .unwrap();
    let rule = item["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fix"] == "/staff/ethics/code_staff")
        .unwrap();
    assert_eq!(rule["ok"], true, "{item}");
    // The document alternative alone is not what made it: no such document in the demo.
    assert!(
        !item["missing"]
            .to_string()
            .contains("เอกสาร \\\"ประมวลจริยธรรม\\\""),
        "{item}"
    );

    // Staff edit: the working group needs its order and members with positions.
    let mut hr = app.client();
    hr.sign_in_as("hr.officer").await;
    hr.post_form(
        "/staff/ethics/working_group",
        &[
            ("title", "คณะทำงานขับเคลื่อนจริยธรรม"),
            ("body", ""),
            ("order_no", ""),
            ("order_date", "31 ก.พ. 2569"),
            ("members", "นายตัวอย่าง ไม่มีตำแหน่ง"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณากรอกเลขที่คำสั่งแต่งตั้งคณะทำงาน")
    .assert_contains("ไม่มีในเดือนกุมภาพันธ์")
    .assert_contains("ในรูปแบบ ชื่อ | ตำแหน่ง")
    .assert_contains("นายตัวอย่าง ไม่มีตำแหน่ง");
    hr.post_form(
        "/staff/ethics/dos_donts",
        &[
            ("title", "แนวปฏิบัติ Dos & Don'ts ฉบับปรับปรุง"),
            ("body", "สิ่งที่ควรปฏิบัติ: ให้บริการตามคู่มือ"),
            ("order_no", ""),
            ("order_date", ""),
            ("members", ""),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    // Saved but not yet published: the public still sees version 1.
    public
        .get("/ethics/dos_donts")
        .await
        .assert_contains("ไม่รับของขวัญ");
    hr.post_form("/staff/ethics/dos_donts/publish", &[("change_note", "")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(
            "/staff/ethics/dos_donts/publish",
            &[("change_note", "ปรับปรุงแนวปฏิบัติ")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    public
        .get("/ethics/dos_donts")
        .await
        .assert_contains("ฉบับปรับปรุง");
    public
        .get("/ethics/dos_donts/history")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ปรับปรุงแนวปฏิบัติ")
        .assert_contains("<td>2</td>");

    // Another organization edits its own page, never Kudjok's.
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    other
        .post_form(
            "/staff/ethics/dos_donts",
            &[
                ("title", "ของหนองบัว"),
                ("body", "แทรก"),
                ("order_no", ""),
                ("order_date", ""),
                ("members", ""),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.client_for("nongbua.localhost")
        .get("/ethics/dos_donts")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let kudjok = app.client().get("/ethics/dos_donts").await;
    kudjok.assert_contains("ฉบับปรับปรุง");
    assert!(!kudjok.body.contains("ของหนองบัว"));
}
