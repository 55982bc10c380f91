//! `/plans...`, `/staff/plans...`, downloads and the API of the plans capability.

use http::StatusCode;
use prongsai_db::entities::audit_entry;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::util::{TestApp, TestClient};

/// The id of the demo organization's plan of a kind and year.
async fn demo_plan_id(app: &TestApp, kind: &str, fy: i32) -> i64 {
    use prongsai_plans::model::plan;
    let org = app.demo_tenant().await.id;
    plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(org))
        .filter(plan::Column::Kind.eq(kind))
        .filter(plan::Column::FiscalYear.eq(fy))
        .one(app.db().conn())
        .await
        .unwrap()
        .expect("demo plan")
        .id
}

/// Creates a plan as the signed-in user; returns its staff path.
async fn create_plan(c: &mut TestClient<'_>, kind: &str, fy: &str, title: &str) -> String {
    let r = c
        .post_form(
            "/staff/plans/new",
            &[
                ("kind", kind),
                ("fiscal_year", fy),
                ("title", title),
                ("approved_on", "15/10/2567"),
                ("notes", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().to_owned()
}

async fn create_project(
    c: &mut TestClient<'_>,
    plan: &str,
    title: &str,
    budget: &str,
    starts: &str,
    ends: &str,
) -> String {
    let r = c
        .post_form(
            &format!("{plan}/projects/new"),
            &[
                ("title", title),
                ("objective", "เพื่อทดสอบ"),
                ("outputs", "ผลผลิต 1 ชิ้น"),
                ("budget", budget),
                ("budget_source", "ข้อบัญญัติงบประมาณรายจ่าย"),
                ("starts_on", starts),
                ("ends_on", ends),
                ("division_id", ""),
                ("sort_order", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().to_owned()
}

async fn add_progress(
    c: &mut TestClient<'_>,
    project: &str,
    as_of: &str,
    percent: &str,
    spent: &str,
) {
    c.post_form(
        &format!("{project}/progress"),
        &[
            ("as_of", as_of),
            ("percent", percent),
            ("spent", spent),
            ("milestone", &format!("ดำเนินการได้ร้อยละ {percent}")),
            ("problems", ""),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn bad_input_is_explained_in_thai_next_to_the_field_and_nothing_is_lost() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    // The plan: no title, a fiscal year that is not one.
    let r = c
        .post_form(
            "/staff/plans/new",
            &[
                ("kind", "operational"),
                ("fiscal_year", "69"),
                ("title", ""),
                ("approved_on", "31/2/2568"),
                ("notes", "หมายเหตุที่ต้องไม่หาย"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก")
        .assert_contains("กรุณากรอกชื่อแผน")
        .assert_contains("id=\"approved_on-error\"")
        .assert_contains("หมายเหตุที่ต้องไม่หาย");
    // The same kind and year twice is refused.
    let r = c
        .post_form(
            "/staff/plans/new",
            &[
                ("kind", "operational"),
                ("fiscal_year", "2569"),
                ("title", "แผนซ้ำ"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("มีแผนประเภทนี้ของปีงบประมาณ 2569 อยู่แล้ว");

    let plan = create_plan(&mut c, "operational", "2568", "แผนดำเนินงานประจำปี 2568").await;
    // A project: period outside the fiscal year, an amount with commas in the wrong places.
    let r = c
        .post_form(
            &format!("{plan}/projects/new"),
            &[
                ("title", "โครงการซ่อมถนน"),
                ("budget", "12,34"),
                ("budget_source", "ข้อบัญญัติ"),
                ("starts_on", "1/9/2567"),
                ("ends_on", "30/9/2568"),
                ("division_id", "999999"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("วันเริ่มโครงการต้องอยู่ในปีงบประมาณ 2568")
        .assert_contains("ใส่เครื่องหมายจุลภาคคั่นหลักพันไม่ถูกตำแหน่ง")
        .assert_contains("กรุณาเลือกหน่วยงานที่รับผิดชอบจากรายการ");
    assert_eq!(r.input_value("title").as_deref(), Some("โครงการซ่อมถนน"));
    assert_eq!(r.input_value("budget").as_deref(), Some("12,34"));
    // The end before the start.
    let r = c
        .post_form(
            &format!("{plan}/projects/new"),
            &[
                ("title", "โครงการซ่อมถนน"),
                ("budget", "150,000"),
                ("budget_source", "ข้อบัญญัติ"),
                ("starts_on", "1/3/2568"),
                ("ends_on", "1/2/2568"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("วันสิ้นสุดโครงการต้องไม่ก่อนวันเริ่มโครงการ");

    let project = create_project(
        &mut c,
        &plan,
        "โครงการซ่อมถนน",
        "1,500,000.50",
        "1/11/2567",
        "31/7/2568",
    )
    .await;
    let page = c.get(&project).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(page.input_value("budget").as_deref(), Some("1,500,000.50"));
    assert_eq!(page.input_value("starts_on").as_deref(), Some("1/11/2567"));

    // Progress: in the future, percent out of range, no milestone.
    let tomorrow = prongsai_kernel::clock::today_in_thailand() + chrono::Duration::days(1);
    let tomorrow = format!(
        "{}/{}/{}",
        chrono::Datelike::day(&tomorrow),
        chrono::Datelike::month(&tomorrow),
        chrono::Datelike::year(&tomorrow) + 543
    );
    let r = c
        .post_form(
            &format!("{project}/progress"),
            &[
                ("as_of", &tomorrow),
                ("percent", "150"),
                ("spent", "abc"),
                ("milestone", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ข้อมูล ณ วันที่ต้องไม่เป็นวันในอนาคต")
        .assert_contains("ร้อยละความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100")
        .assert_contains("กรุณากรอกผลการดำเนินงาน");
    assert_eq!(r.input_value("percent").as_deref(), Some("150"));
    add_progress(&mut c, &project, "31 มี.ค. 68", "๔๐", "20,000").await;
    c.get(&project)
        .await
        .assert_contains("40%")
        .assert_contains("20,000.00");

    // Every change is in the audit log.
    let org = app.demo_tenant().await.id;
    let actions: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(org))
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for a in ["plan.create", "plan.project.create", "plan.progress.add"] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
}

#[tokio::test]
async fn another_organizations_staff_cannot_read_or_change_a_plan_by_its_url() {
    let app = TestApp::with_demo().await;
    let id = demo_plan_id(&app, "operational", 2569).await;
    let pid = {
        let org = app.demo_tenant().await.id;
        prongsai_plans::store::list_projects(app.db().conn(), org, id)
            .await
            .unwrap()[0]
            .id
    };
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    other
        .get("/staff/plans")
        .await
        .assert_status(StatusCode::OK);
    for path in [
        format!("/staff/plans/{id}"),
        format!("/staff/plans/{id}/projects/{pid}"),
        format!("/staff/plans/{id}/projects/new"),
    ] {
        other.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    }
    other
        .post_form(
            &format!("/staff/plans/{id}"),
            &[
                ("kind", "operational"),
                ("fiscal_year", "2569"),
                ("title", "ยึดแผน"),
            ],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/plans/{id}/projects/{pid}/progress"),
            &[("as_of", "1/3/2569"), ("percent", "1"), ("milestone", "x")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/plans/{id}/publish"),
            &[("change_note", "")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Nor do the demo organization's public plans show on the other host.
    other
        .get("/plans/operational/2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The demo plan is unchanged.
    let mut c = app.client();
    c.get("/plans/operational/2569")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("แผนดำเนินงานประจำปีงบประมาณ พ.ศ. 2569");

    // A citizen is sent to sign in; a clerk may edit but not publish.
    let mut citizen = app.client();
    let r = citizen.get(&format!("/staff/plans/{id}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get(&format!("/staff/plans/{id}"))
        .await
        .assert_status(StatusCode::OK);
    clerk
        .post_form(
            &format!("/staff/plans/{id}/publish"),
            &[("change_note", "")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn citizens_see_only_what_was_published_and_every_version_stays_listed() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    let plan = create_plan(&mut c, "hr_development", "2568", "แผนพัฒนาบุคลากร 2568").await;
    let mut citizen = app.client();
    // Without projects it cannot be published.
    c.post_form(&format!("{plan}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("แผนยังไม่มีโครงการ/กิจกรรม");
    let project = create_project(
        &mut c,
        &plan,
        "โครงการอบรมคุณธรรม",
        "20,000",
        "1/12/2567",
        "31/12/2567",
    )
    .await;
    citizen
        .get("/plans/hr_development/2568")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    citizen
        .get("/api/v1/plans/hr_development/2568")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        !citizen
            .get("/plans")
            .await
            .body
            .contains("แผนพัฒนาบุคลากร 2568")
    );

    c.post_form(&format!("{plan}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    citizen
        .get("/plans/hr_development/2568")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("โครงการอบรมคุณธรรม")
        .assert_contains("20,000.00");
    citizen
        .get("/plans")
        .await
        .assert_contains("แผนพัฒนาบุคลากร 2568");

    // A draft edit stays private until published again.
    c.post_form(
        &project,
        &[
            ("title", "โครงการอบรมคุณธรรมและจริยธรรม"),
            ("budget", "25,000"),
            ("budget_source", "ข้อบัญญัติ"),
            ("starts_on", "1/12/2567"),
            ("ends_on", "31/12/2567"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let r = citizen.get("/plans/hr_development/2568").await;
    assert!(!r.body.contains("โครงการอบรมคุณธรรมและจริยธรรม"));
    assert!(r.body.contains("20,000.00"));
    c.post_form(
        &format!("{plan}/publish"),
        &[("change_note", "ปรับงบประมาณตามข้อบัญญัติเพิ่มเติม")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    citizen
        .get("/plans/hr_development/2568")
        .await
        .assert_contains("โครงการอบรมคุณธรรมและจริยธรรม")
        .assert_contains("25,000.00");
    let h = citizen.get("/plans/hr_development/2568/history").await;
    h.assert_status(StatusCode::OK)
        .assert_contains("ปรับงบประมาณตามข้อบัญญัติเพิ่มเติม");
    assert_eq!(h.body.matches("<tr><td>").count(), 2, "two versions");

    // Withdrawn: gone for citizens and the API, the reason shown.
    c.post_form(&format!("{plan}/withdraw"), &[("reason", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาระบุเหตุผล");
    c.post_form(&format!("{plan}/withdraw"), &[("reason", "จัดทำแผนใหม่")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    citizen
        .get("/plans/hr_development/2568")
        .await
        .assert_status(StatusCode::GONE)
        .assert_contains("จัดทำแผนใหม่");
    citizen
        .get("/api/v1/plans/hr_development/2568")
        .await
        .assert_status(StatusCode::GONE);
    assert!(
        !citizen
            .get("/search?q=%E0%B8%AD%E0%B8%9A%E0%B8%A3%E0%B8%A1%E0%B8%84%E0%B8%B8%E0%B8%93%E0%B8%98%E0%B8%A3%E0%B8%A3%E0%B8%A1")
            .await
            .body
            .contains("/plans/hr_development/2568"),
        "a withdrawn plan leaves the search"
    );
}

#[tokio::test]
async fn the_six_month_report_counts_progress_up_to_31_march_only() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    let plan = create_plan(&mut c, "anti_corruption", "2568", "แผนป้องกันการทุจริต 2568").await;
    let project = create_project(
        &mut c,
        &plan,
        "โครงการเครือข่ายเฝ้าระวัง",
        "15,000",
        "1/11/2567",
        "30/9/2568",
    )
    .await;
    add_progress(&mut c, &project, "15/3/2568", "40", "6,000").await;
    add_progress(&mut c, &project, "20/4/2568", "70", "10,500").await;
    add_progress(&mut c, &project, "30/9/2568", "100", "14,900").await;
    c.post_form(&format!("{plan}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // The six-month report.
    let r = c
        .post_form(&format!("{plan}/reports"), &[("kind", "six_month")])
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let six = r.location().to_owned();
    let page = c.get(&six).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("31 มีนาคม 2568")
        .assert_contains("40%")
        .assert_contains("6,000.00");
    assert!(
        !page.body.contains("70%"),
        "April's progress is after the report's date"
    );
    // The annual report sees the whole year.
    let r = c
        .post_form(&format!("{plan}/reports"), &[("kind", "annual")])
        .await;
    let annual = r.location().to_owned();
    c.get(&annual)
        .await
        .assert_contains("30 กันยายน 2568")
        .assert_contains("100%")
        .assert_contains("14,900.00");
    // A line of the six-month report cannot claim an end after 31 March.
    let line_href = {
        let body = c.get(&six).await.body;
        let at = body.find(&format!("{six}/lines/")).unwrap();
        let rest = &body[at..];
        rest[..rest.find('"').unwrap()].to_owned()
    };
    let r = c
        .post_form(
            &line_href,
            &[
                ("percent", "40"),
                ("result", "ตั้งเครือข่ายแล้ว 6 หมู่บ้าน"),
                ("allocated", "15,000"),
                ("spent", "6,000"),
                ("actual_start", "1/11/2567"),
                ("actual_end", "20/4/2568"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("จึงใส่วันที่หลังจากนั้นไม่ได้");
    c.post_form(
        &line_href,
        &[
            ("percent", "40"),
            ("result", "ตั้งเครือข่ายแล้ว 6 หมู่บ้าน"),
            ("allocated", "15,000"),
            ("spent", "6,000"),
            ("actual_start", "1/11/2567"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    c.post_form(
        &six,
        &[("problems", "ฝนตกหนัก"), ("suggestions", "เริ่มให้เร็วขึ้น")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    c.post_form(&format!("{six}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut citizen = app.client();
    let v: Value = serde_json::from_str(
        &citizen
            .get("/api/v1/plans/anti_corruption/2568/six_month")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(v["data"]["as_of"], "2025-03-31");
    assert_eq!(v["data"]["projects"][0]["percent"], 40);
    assert_eq!(v["data"]["projects"][0]["result"], "ตั้งเครือข่ายแล้ว 6 หมู่บ้าน");
    assert_eq!(v["data"]["problems"], "ฝนตกหนัก");
    citizen
        .get("/plans/anti_corruption/2568/six_month")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ตั้งเครือข่ายแล้ว 6 หมู่บ้าน")
        .assert_contains("/plans/print.css");
    // The annual report is not public until published.
    citizen
        .get("/plans/anti_corruption/2568/annual")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_year_has_three_plans_and_its_reports() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let list = c.get("/plans").await;
    list.assert_status(StatusCode::OK);
    for href in [
        "/plans/operational/2569",
        "/plans/hr_development/2569",
        "/plans/anti_corruption/2569",
    ] {
        list.assert_contains(href);
    }
    let v: Value =
        serde_json::from_str(&c.get("/api/v1/plans/operational/2569").await.body).unwrap();
    let n = v["data"]["projects"].as_array().unwrap().len();
    assert!((12..=20).contains(&n), "{n} operational projects");
    let v: Value = serde_json::from_str(
        &c.get("/api/v1/plans/anti_corruption/2569/six_month")
            .await
            .body,
    )
    .unwrap();
    let network = v["data"]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"].as_str().unwrap().contains("เครือข่ายภาคประชาชน"))
        .unwrap();
    assert_eq!(network["percent"], 0, "its July meeting is after 31 March");
    let v: Value = serde_json::from_str(
        &c.get("/api/v1/plans/anti_corruption/2569/annual")
            .await
            .body,
    )
    .unwrap();
    let network = v["data"]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"].as_str().unwrap().contains("เครือข่ายภาคประชาชน"))
        .unwrap();
    assert_eq!(network["percent"], 100);
    assert_eq!(network["actual_end"], "2026-07-15");
    // The home page links to the plans; open data lists them.
    c.get("/").await.assert_contains("href=\"/plans\"");
    c.get("/open-data").await.assert_contains("/plans.csv");
}

#[tokio::test]
async fn projects_and_reports_download_as_xlsx_and_csv() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let v: Value =
        serde_json::from_str(&c.get("/api/v1/plans/operational/2569").await.body).unwrap();
    let projects = v["data"]["projects"].as_array().unwrap().clone();

    let r = c.get("/plans/operational/2569/projects.xlsx").await;
    r.assert_status(StatusCode::OK);
    assert!(
        r.header("content-disposition")
            .contains("plan-operational-2569.xlsx")
    );
    let sheets = prongsai_export::read_workbook(&r.bytes).unwrap();
    let rows = &sheets[0].1;
    let h = rows
        .iter()
        .position(|row| row.iter().any(|c| c.as_text() == "โครงการ/กิจกรรม"))
        .expect("header row");
    let header: Vec<String> = rows[h].iter().map(|c| c.as_text()).collect();
    assert_eq!(header, prongsai_plans::api::PROJECT_HEADERS);
    let col = |name: &str| header.iter().position(|x| x == name).unwrap();
    let data = &rows[h + 1..];
    assert_eq!(data.len(), projects.len() + 1, "projects and a total row");
    assert_eq!(
        data[0][col("โครงการ/กิจกรรม")].as_text(),
        projects[0]["title"]
    );
    let budget: f64 = projects[0]["budget"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        data[0][col("งบประมาณ (บาท)")].as_text(),
        format!("{budget}")
    );
    let total: f64 = projects
        .iter()
        .map(|p| p["budget"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    let last = data.last().unwrap();
    assert_eq!(last[col("โครงการ/กิจกรรม")].as_text(), "รวม");
    assert_eq!(last[col("งบประมาณ (บาท)")].as_text(), format!("{total}"));

    let csv = c.get("/plans/operational/2569/projects.csv").await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = csv.body.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("ลำดับ,โครงการ/กิจกรรม,"));
    assert_eq!(lines.count(), projects.len());

    // The six-month report of the operational plan.
    let r = c.get("/plans/operational/2569/six_month/report.xlsx").await;
    r.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&r.bytes).unwrap();
    let rows = &sheets[0].1;
    assert!(
        rows[0][0].as_text().contains("31 มีนาคม 2569"),
        "{:?}",
        rows[0]
    );
    let h = rows
        .iter()
        .position(|row| row.iter().any(|c| c.as_text() == "ร้อยละความก้าวหน้า"))
        .expect("header row");
    let header: Vec<String> = rows[h].iter().map(|c| c.as_text()).collect();
    assert_eq!(header, prongsai_plans::api::REPORT_HEADERS);
    assert_eq!(rows.len() - h - 1, projects.len() + 1);
    let notes = &sheets[1].1;
    let nh = notes
        .iter()
        .position(|row| row.iter().any(|c| c.as_text() == "หัวข้อ"))
        .expect("header of the problems sheet");
    assert_eq!(notes.len() - nh - 1, 2, "problems and suggestions");
    assert_eq!(notes[nh + 1][0].as_text(), "ปัญหา/อุปสรรค");
    let csv = c.get("/plans/operational/2569/six_month/report.csv").await;
    csv.assert_status(StatusCode::OK)
        .assert_contains("ร้อยละความก้าวหน้า");
    // All plans as one dataset.
    let all = c.get("/plans.csv").await;
    all.assert_status(StatusCode::OK)
        .assert_contains("anti_corruption")
        .assert_contains("hr_development");
    // A report that was never made is not found.
    c.get("/plans/operational/2569/annual/report.xlsx")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    c.get("/plans/nope/2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    c.get("/plans/operational/abc")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
