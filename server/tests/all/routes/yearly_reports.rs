//! The yearly table reports besides the measures report (issue 8): risk management, No Gift
//! and the plans' 6-month and annual reports (the anti-corruption action plan's annual report
//! is the "anti-corruption results"), each as PDF, DOCX and XLSX from the published records.

use std::io::Read;

use http::StatusCode;

use crate::util::{TestApp, pdftotext, squash};

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    // The text runs only.
    let mut text = String::new();
    for part in xml.split("<w:t").skip(1) {
        if let Some(start) = part.find('>')
            && let Some(end) = part.find("</w:t>")
            && start < end
        {
            text.push_str(&part[start + 1..end]);
        }
    }
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Fetches `url` as PDF, DOCX and XLSX (`{ext}` in it) and checks each holds every text of
/// `expected` (the XLSX, a table of rows without the printed headings, from the second on).
async fn check_formats(app: &TestApp, url: &str, expected: &[&str]) {
    let mut c = app.client();
    if cfg!(feature = "pdf") {
        let pdf = c.get(&url.replace("{ext}", "pdf")).await;
        pdf.assert_status(StatusCode::OK);
        assert_eq!(pdf.header("content-type"), "application/pdf");
        let flat = squash(&pdftotext(&pdf.bytes));
        for e in expected {
            // The first 10 letters: pdftotext interleaves the wrapped lines of neighbouring cells.
            let start: String = squash(e).chars().take(10).collect();
            assert!(flat.contains(&start), "{url} PDF misses {e:?}");
        }
    }
    let docx = c.get(&url.replace("{ext}", "docx")).await;
    docx.assert_status(StatusCode::OK);
    assert!(docx.header("content-disposition").contains(".docx"));
    let text = squash(&docx_text(&docx.bytes));
    for e in expected {
        assert!(text.contains(&squash(e)), "{url} DOCX misses {e:?}");
    }
    // The plans' and HR's workbooks are read back in their own tests (the HR one's first
    // sheet is the staffing table).
    if !url.contains("/plans/") && !url.contains("/hr/") {
        let xlsx = c.get(&url.replace("{ext}", "xlsx")).await;
        xlsx.assert_status(StatusCode::OK);
        let sheets = prongsai_export::read_workbook(&xlsx.bytes).expect("XLSX reads back");
        let all: String = sheets[0]
            .1
            .iter()
            .flat_map(|r| r.iter().map(|c| c.as_text()))
            .collect();
        let all = squash(&all);
        for e in &expected[1..] {
            assert!(all.contains(&squash(e)), "{url} XLSX misses {e:?}");
        }
    }
    // Unknown formats and years are 404, never a panic.
    c.get(&url.replace("{ext}", "exe"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_risk_no_gift_and_plan_reports_come_in_every_format() {
    let app = TestApp::with_demo().await;
    let db = app.db();
    let org = app.demo_tenant().await.id;
    let risks = prongsai_risks::store::get_public_assessment(db, org, 2569)
        .await
        .expect("the demo publishes its FY2569 risk assessment");
    let event = &risks.snapshot.events[0];
    check_formats(
        &app,
        "/risks/2569/report.{ext}",
        &[
            prongsai_risks::report::TITLE,
            "ผลการติดตามรอบ 6 เดือน",
            &event.area_th,
            &event.description,
            &event.measures[0].description,
        ],
    )
    .await;

    let gifts = prongsai_gifts::store::get_public_year(db, org, 2569)
        .await
        .expect("the demo publishes its FY2569 No Gift year");
    let mut expected = vec!["ทะเบียนการรับและปฏิเสธของขวัญ", "เดือนตุลาคม 2568"];
    // The XLSX has no table heading: the first text is looked for in the PDF and DOCX only.
    if gifts.snapshot.nil_months() > 0 {
        expected.push(prongsai_gifts::report::NIL);
    }
    let first_activity = gifts.snapshot.activities.first().map(|a| a.title.clone());
    if let Some(a) = &first_activity {
        expected.push(a);
    }
    check_formats(&app, "/no-gift/2569/report.{ext}", &expected).await;

    check_formats(
        &app,
        "/plans/anti_corruption/2569/annual/report.{ext}",
        &[
            "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2569",
            "บูรณาการกิจกรรมเครือข่ายเฝ้าระวังการทุจริตกับเวทีประชาคมหมู่บ้าน",
            "งบประมาณรวม",
        ],
    )
    .await;

    let hr = prongsai_hr::store::get_public_year(db, org, 2569)
        .await
        .expect("the demo publishes its FY2569 HR year");
    let project = hr
        .snapshot
        .plan
        .as_ref()
        .and_then(|p| p.projects.first())
        .map(|p| p.title.clone())
        .expect("the HR development plan's projects");
    let course = hr.snapshot.trainings[0].course.clone();
    let staffing = format!("กรอบอัตรากำลังทั้งหมด {} อัตรา", hr.snapshot.total_allotted());
    check_formats(
        &app,
        "/hr/2569/report.{ext}",
        &[
            prongsai_hr::report::TITLE,
            &staffing,
            prongsai_hr::report::PLAN_TOPIC,
            &project,
            prongsai_hr::report::TRAINING_TOPIC,
            &course,
        ],
    )
    .await;

    let mut c = app.client();
    c.get("/hr/2590/report.pdf")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    c.get("/hr/2569/report.pdf.exe")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    c.get("/hr/2569")
        .await
        .assert_contains("/hr/2569/report.pdf")
        .assert_contains("/hr/2569/report.docx");
    c.get("/risks/2590/report.pdf")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    c.get("/no-gift/2590/report.docx")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    c.get("/plans/anti_corruption/2569/annual/report.exe")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The public pages link the downloads.
    c.get("/risks/2569")
        .await
        .assert_contains("/risks/2569/report.pdf");
    c.get("/no-gift/2569")
        .await
        .assert_contains("/no-gift/2569/report.docx");
    c.get("/plans/anti_corruption/2569/annual")
        .await
        .assert_contains("/plans/anti_corruption/2569/annual/report.pdf");
}

/// Writes the yearly reports' workbooks where `.ci/run` opens them with openpyxl
/// (`.ci/validate-reports.py`): the FY2566 measures report, risk management and No Gift.
#[tokio::test]
async fn the_report_workbooks_are_written_for_openpyxl() {
    let app = TestApp::with_demo().await;
    let dir = std::env::var_os("PRONGSAI_CI_ARTIFACTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/ci-artifacts")
        })
        .join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = app.client();
    for (path, file) in [
        ("/measures/2566/report.xlsx", "measures-2566.xlsx"),
        ("/risks/2569/report.xlsx", "risks-2569.xlsx"),
        ("/no-gift/2569/report.xlsx", "no-gift-2569.xlsx"),
    ] {
        let r = c.get(path).await;
        r.assert_status(StatusCode::OK);
        assert!(r.bytes.starts_with(b"PK"), "{path} is not a workbook");
        std::fs::write(dir.join(file), &r.bytes).unwrap();
    }
}
