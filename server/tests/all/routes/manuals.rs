//! `/manuals...` (published manuals, the A4 print version, history, open data) and
//! `/staff/manuals...` (drafting, completeness, publishing).

use http::StatusCode;

use crate::util::{PDF, TestApp, TestClient, TestResponse};

pub async fn division_id(app: &TestApp, name_th: &str) -> String {
    let org = app.demo_tenant().await.id;
    prongsai_kernel::tenant::list_divisions(app.db().conn(), org)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name_th == name_th)
        .unwrap()
        .id
        .to_string()
}

/// The fields of a service manual form, every one filled in except those in `leave_out`.
fn service_fields(division: &str, leave_out: &[&str]) -> Vec<(&'static str, String)> {
    let all: Vec<(&'static str, String)> = vec![
        ("kind", "service".into()),
        ("title", "การขออนุญาตก่อสร้างอาคาร".into()),
        ("division_id", division.into()),
        ("place", "กองช่าง ที่ทำการองค์การบริหารส่วนตำบลกุดจอก".into()),
        ("service_hours", "วันจันทร์ ถึง วันศุกร์ 08.30-16.30 น.".into()),
        ("channels", "in_person".into()),
        ("channels", "one_stop".into()),
        ("channel_note", "โทร 044-000-000".into()),
        ("conditions", "ต้องเป็นเจ้าของที่ดินหรือได้รับความยินยอม".into()),
        ("fee", "20".into()),
        ("fee_note", "ค่าใบอนุญาต".into()),
        ("complaint_channel", "ศูนย์บริการแบบเบ็ดเสร็จ อบต.กุดจอก".into()),
        ("no_sample_forms", "1".into()),
        ("step_title", "ยื่นคำขอและตรวจเอกสาร".into()),
        ("step_detail", "".into()),
        ("step_amount", "30".into()),
        ("step_unit", "minutes".into()),
        ("step_responsible", "นายช่างโยธา".into()),
        ("step_title", "ตรวจสถานที่และพิจารณา".into()),
        ("step_detail", "".into()),
        ("step_amount", "๕".into()),
        ("step_unit", "working_days".into()),
        ("step_responsible", "ผู้อำนวยการกองช่าง".into()),
        ("doc_name", "บัตรประจำตัวประชาชน".into()),
        ("doc_originals", "1".into()),
        ("doc_copies", "2".into()),
        ("doc_note", "กรมการปกครอง".into()),
        ("law", "พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522".into()),
    ];
    all.into_iter()
        .filter(|(k, _)| !leave_out.contains(k))
        .collect()
}

async fn post_fields(
    c: &mut TestClient<'_>,
    path: &str,
    fields: &[(&'static str, String)],
) -> TestResponse {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post_form(path, &pairs).await
}

/// Creates a draft service manual; returns its staff path.
async fn create_manual(c: &mut TestClient<'_>, fields: &[(&'static str, String)]) -> String {
    let r = post_fields(c, "/staff/manuals/new", fields).await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().trim_end_matches("?saved=1").to_owned()
}

#[tokio::test]
async fn a_service_manual_with_an_empty_field_is_refused_and_never_published_blank() {
    let app = TestApp::with_demo().await;
    let division = division_id(&app, "กองช่าง").await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    // A draft may be incomplete: no fee, no documents, no laws.
    let path = create_manual(
        &mut clerk,
        &service_fields(
            &division,
            &[
                "fee",
                "doc_name",
                "doc_originals",
                "doc_copies",
                "doc_note",
                "law",
            ],
        ),
    )
    .await;
    let id = path.rsplit('/').next().unwrap().to_owned();
    // A clerk cannot publish.
    clerk
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut head = app.client();
    head.sign_in_as("palad").await;
    let r = head
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกค่าธรรมเนียม หรือเลือก")
        .assert_contains("กรุณากรอกรายการเอกสารหลักฐาน หรือเลือก")
        .assert_contains("กรุณากรอกกฎหมายที่เกี่ยวข้องอย่างน้อย 1 ฉบับ");
    let mut public = app.client();
    public
        .get(&format!("/manuals/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Both a fee and "no fee" is refused too, as is a step without its time.
    let mut fields = service_fields(&division, &["step_amount"]);
    fields.push(("no_fee", "1".into()));
    fields.push(("step_amount", "".into()));
    fields.push(("step_amount", "".into()));
    let r = post_fields(&mut head, &path, &fields).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("อย่างใดอย่างหนึ่ง");
    // Explicit "none" is accepted: no fee, and the manual is published.
    let mut fields = service_fields(&division, &["fee"]);
    fields.push(("no_fee", "1".into()));
    post_fields(&mut head, &path, &fields)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = public.get(&format!("/manuals/{id}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("การขออนุญาตก่อสร้างอาคาร")
        .assert_contains("กองช่าง")
        .assert_contains("ไม่มีค่าธรรมเนียม")
        .assert_contains("ยื่นคำขอและตรวจเอกสาร")
        .assert_contains("(30 นาที)")
        .assert_contains("(5 วันทำการ)")
        .assert_contains("5 วันทำการ 30 นาที")
        .assert_contains("ฉบับจริง 1 · สำเนา 2")
        .assert_contains("พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522")
        .assert_contains("ศูนย์บริการแบบเบ็ดเสร็จ (One Stop Service)");
    // The sample forms field says "none" rather than being blank.
    let at = page.body.find("ตัวอย่างแบบฟอร์ม").unwrap();
    let cell: String = page.body[at..].chars().take(60).collect();
    assert!(cell.contains("ไม่มี"), "{cell}");
    // The A4 print version: every field in one table, with print CSS.
    let print = public.get(&format!("/manuals/{id}/print")).await;
    print
        .assert_status(StatusCode::OK)
        .assert_contains("<table class=\"manual-table\">")
        .assert_contains("href=\"/static/manuals.css\"")
        .assert_contains("data-print")
        .assert_contains("ค่าธรรมเนียม");
    let css = public.get("/static/manuals.css").await;
    css.assert_contains("@media print")
        .assert_contains("break-inside: avoid");
    // A new version with a change note, kept in the history.
    let mut fields = service_fields(&division, &["fee"]);
    fields.push(("no_fee", "1".into()));
    fields.push(("law", "กฎกระทรวง ฉบับที่ 7 (พ.ศ. 2528)".into()));
    post_fields(&mut head, &path, &fields)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // Saving a draft does not change the public page.
    assert!(
        !public
            .get(&format!("/manuals/{id}"))
            .await
            .body
            .contains("ฉบับที่ 7")
    );
    head.post_form(
        &format!("{path}/publish"),
        &[("change_note", "เพิ่มกฎกระทรวง")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    public
        .get(&format!("/manuals/{id}/history"))
        .await
        .assert_contains("ฉบับที่ 2")
        .assert_contains("ฉบับที่ 1")
        .assert_contains("เพิ่มกฎกระทรวง");
    public
        .get(&format!("/manuals/{id}"))
        .await
        .assert_contains("กฎกระทรวง ฉบับที่ 7");
    // Withdrawing needs a reason and hides the page.
    head.post_form(&format!("{path}/withdraw"), &[("reason", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    head.post_form(&format!("{path}/withdraw"), &[("reason", "ยกเลิกบริการ")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    public
        .get(&format!("/manuals/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sample_forms_are_checked_by_content_and_public_once_published() {
    let app = TestApp::with_demo().await;
    let division = division_id(&app, "กองช่าง").await;
    let mut head = app.client();
    head.sign_in_as("palad").await;
    let fields = service_fields(&division, &["no_sample_forms"]);
    let path = create_manual(&mut head, &fields).await;
    let id = path.rsplit('/').next().unwrap().to_owned();
    // Without a form and without "none", publishing is refused.
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาแนบตัวอย่างแบบฟอร์ม");
    // A file that is not what its name says is refused.
    head.post_file(
        &format!("{path}/attachments"),
        "แบบฟอร์ม.pdf",
        b"MZ this is a program",
        true,
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    head.post_file(&format!("{path}/attachments"), "แบบคำขอ.pdf", PDF, true)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let edit = head.get(&path).await;
    let file_path = {
        let at = edit.body.find("href=\"/files/").unwrap() + 6;
        edit.body[at..at + edit.body[at..].find('"').unwrap()].to_owned()
    };
    let mut public = app.client();
    public
        .get(&file_path)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    public.get(&file_path).await.assert_status(StatusCode::OK);
    public
        .get(&format!("/manuals/{id}"))
        .await
        .assert_contains("แบบคำขอ.pdf");
}

#[tokio::test]
async fn work_manuals_have_steps_with_durations_and_laws() {
    let app = TestApp::with_demo().await;
    let division = division_id(&app, "กองคลัง").await;
    let mut head = app.client();
    head.sign_in_as("finance.head").await;
    let r = head
        .post_form(
            "/staff/manuals/new",
            &[
                ("kind", "work"),
                ("title", "การเบิกจ่ายเงิน"),
                ("division_id", &division),
                ("purpose", "เบิกจ่ายถูกต้องตามระเบียบ"),
                ("step_title", "ตรวจฎีกา"),
                ("step_amount", "2"),
                ("step_unit", "working_days"),
                ("step_responsible", ""),
                ("step_detail", ""),
                ("law", "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let path = r.location().trim_end_matches("?saved=1").to_owned();
    let id = path.rsplit('/').next().unwrap().to_owned();
    // Fee, documents, place... are not asked of a work manual.
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    let page = public.get(&format!("/manuals/{id}")).await;
    page.assert_contains("คู่มือการปฏิบัติงาน")
        .assert_contains("ตรวจฎีกา")
        .assert_contains("(2 วันทำการ)")
        .assert_contains("เบิกจ่ายถูกต้องตามระเบียบ");
    assert!(!page.body.contains("ค่าธรรมเนียม</th>"));
    public
        .get("/manuals?category=work")
        .await
        .assert_contains("การเบิกจ่ายเงิน")
        .assert_contains("การให้บริการ ณ ศูนย์บริการแบบเบ็ดเสร็จ");
    assert!(
        !public
            .get("/manuals?category=service")
            .await
            .body
            .contains("การเบิกจ่ายเงิน")
    );
}

#[tokio::test]
async fn manuals_are_open_data_searchable_and_linked_from_the_home_page() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    public.get("/").await.assert_contains("href=\"/manuals\"");
    // The demo organization's service manuals, published with every field.
    let r = public.get("/api/v1/manuals?category=service").await;
    r.assert_status(StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let data = v["data"].as_array().unwrap();
    assert!(data.len() >= 4, "{data:?}");
    let borrow = data
        .iter()
        .find(|m| m["title"] == "การขอยืมเต็นท์ เก้าอี้ และโต๊ะ")
        .unwrap();
    assert_eq!(borrow["fee"], "ไม่มีค่าธรรมเนียม");
    assert_eq!(borrow["total"]["working_days"], 2);
    assert_eq!(borrow["total"]["minutes"], 75);
    assert_eq!(borrow["total"]["due_working_days"], 3);
    assert_eq!(borrow["documents"][0]["copies"], 1);
    assert!(
        borrow["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "e_service")
    );
    let info = data
        .iter()
        .find(|m| m["title"] == "การขอข้อมูลข่าวสารของราชการ")
        .unwrap();
    assert_eq!(info["fee"]["baht"], 1.0);
    // CSV with the explicit "none" values.
    let csv = public.get("/manuals.csv?category=service").await;
    csv.assert_status(StatusCode::OK)
        .assert_contains("total_duration")
        .assert_contains("ไม่มีค่าธรรมเนียม");
    public
        .get("/api/v1/manuals?category=other")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    // Both datasets are in the catalog.
    public
        .get("/open-data")
        .await
        .assert_contains("/manuals.csv?category=service")
        .assert_contains("/manuals.csv?category=work");
    // Search finds a manual by a word of its steps.
    public
        .get("/search?q=%E0%B8%9E%E0%B8%B1%E0%B8%AA%E0%B8%94%E0%B8%B8")
        .await
        .assert_contains("href=\"/manuals/");
}
