//! `/measures...` and `/staff/measures...`: the year's measures, linked records, the drafted
//! summary, permissions per organization, the annual report downloads, and the demo year
//! that reproduces the seed report.

use http::StatusCode;
use prongsai_db::entities::audit_entry;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::util::{TestApp, TestClient, pdftotext, squash};

const DEMO_2566: &str = include_str!("../../../demo/measures-2566.json");

/// The demo data file: (topic title, [(measure, steps, period, summary, outcomes)]).
fn demo_rows() -> Vec<(String, Vec<[String; 5]>)> {
    let v: serde_json::Value = serde_json::from_str(DEMO_2566).unwrap();
    let join = |x: &serde_json::Value| {
        x.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["title"].as_str().unwrap().to_owned(),
                t["measures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| {
                        [
                            join(&m["title"]),
                            join(&m["steps"]),
                            m["period"].as_str().unwrap().to_owned(),
                            join(&m["summary"]),
                            join(&m["outcomes"]),
                        ]
                    })
                    .collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_demo_year_reproduces_the_seed_report_in_order() {
    let app = TestApp::with_demo().await;
    let tenant = app.demo_tenant().await;
    let expected = demo_rows();
    // What was extracted from the seed: 7 topics, in this order, with 4,1,1,1,1,1,1 measures.
    assert_eq!(expected.len(), 7);
    assert_eq!(
        expected.iter().map(|(_, m)| m.len()).collect::<Vec<_>>(),
        [4, 1, 1, 1, 1, 1, 1]
    );
    assert!(
        expected[0]
            .0
            .starts_with("กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ")
    );
    assert!(expected[1].0.starts_with("การให้บริการและระบบ E-Service"));
    assert!(
        expected[6]
            .0
            .starts_with("กลไกและมาตรการในการแก้ไขและป้องกันการทุจริต")
    );
    let doc = prongsai_measures::store::report_document(app.db().conn(), &tenant, 2566)
        .await
        .unwrap();
    assert_eq!(doc.fiscal_year, 2566);
    assert_eq!(doc.organization, "องค์การบริหารส่วนตำบลกุดจอก");
    assert_eq!(doc.prepared_by, "สำนักปลัด งานธุรการ");
    assert_eq!(doc.topics.len(), expected.len());
    for (topic, (title, rows)) in doc.topics.iter().zip(&expected) {
        assert_eq!(&topic.title, title);
        assert_eq!(topic.rows.len(), rows.len(), "{title}");
        for (row, want) in topic.rows.iter().zip(rows) {
            assert_eq!(row.cells(), want.as_slice());
        }
    }
    // The public page and the downloads.
    let mut public = app.client();
    let page = public.get("/measures").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("2566")
        .assert_contains("ไตรมาสที่ 1-4")
        .assert_contains("การให้บริการและระบบ E-Service");
    // PDF (not in a build without the `pdf` feature).
    if cfg!(feature = "pdf") {
        let pdf = public.get("/measures/2566/report.pdf").await;
        pdf.assert_status(StatusCode::OK);
        assert_eq!(pdf.header("content-type"), "application/pdf");
        let text = pdftotext(&pdf.bytes);
        let flat = squash(&text);
        assert!(flat.contains("ประจำปีงบประมาณพ.ศ.๒๕๖๖"));
        assert!(flat.contains("อำเภอบัวใหญ่จังหวัดนครราชสีมา"));
        // The start of every paragraph of every cell (pdftotext interleaves wrapped lines).
        for (_, rows) in &expected {
            for row in rows {
                for cell in row {
                    for p in cell.lines() {
                        let word: String = squash(p).chars().take(8).collect();
                        assert!(
                            flat.contains(&word),
                            "{word:?} missing or broken in the PDF"
                        );
                    }
                }
            }
        }
    }
    let xlsx = public.get("/measures/2566/report.xlsx").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    let rows = &sheets[0].1;
    let body: Vec<String> = rows
        .iter()
        .skip_while(|r| r.get(1).map(|c| c.as_text()) != Some("มาตรการ/กิจกรรม".into()))
        .skip(1)
        .map(|r| r[1].as_text())
        .collect();
    let want: Vec<String> = expected
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r[0].clone()))
        .collect();
    assert_eq!(body, want);
    let docx = public.get("/measures/2566/report.docx").await;
    docx.assert_status(StatusCode::OK);
    assert!(docx.bytes.starts_with(b"PK"));
    // The monthly meetings named in the first summary were linked as records with their dates.
    let json = public.get("/api/v1/measures?year=2566").await;
    json.assert_status(StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let records = v["topics"][0]["measures"][0]["records"].as_array().unwrap();
    assert!(records.len() >= 10, "{records:?}");
    assert_eq!(records[0]["date"], "2022-10-10");
    public
        .get("/measures.csv?year=2566")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ไตรมาสที่ 1-4");
    public
        .get("/measures/2566/report.odt")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn add_topic(c: &mut TestClient<'_>, year: &str, title: &str) {
    c.post_form(
        "/staff/measures/topics",
        &[("fiscal_year", year), ("topic_title", title)],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
}

fn topic_id(body: &str) -> String {
    let at = body.find("/staff/measures/new?topic=").expect("a topic");
    body[at + 26..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[tokio::test]
async fn a_clerk_enters_a_measure_links_records_and_drafts_the_summary() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/measures?year=2569")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ยังไม่มีประเด็น");
    // A topic without a title is refused in Thai.
    clerk
        .post_form(
            "/staff/measures/topics",
            &[("fiscal_year", "2569"), ("topic_title", "  ")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อประเด็น");
    add_topic(&mut clerk, "2569", "การให้บริการและระบบ E-Service E3 E11").await;
    let page = clerk.get("/staff/measures?year=2569").await;
    let topic = topic_id(&page.body);
    // Bad quarters: re-rendered with the message, the typed text kept.
    let bad = clerk
        .post_form(
            "/staff/measures/new",
            &[
                ("topic_id", &topic),
                ("title", "จัดทำคู่มือสำหรับประชาชน"),
                ("steps", "1.จัดทำคู่มือ\n2.เผยแพร่"),
                ("quarter_from", "3"),
                ("quarter_to", "2"),
                ("division_id", ""),
                ("summary", ""),
                ("outcomes", "ประชาชนพึงพอใจ"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไตรมาสสิ้นสุดต้องไม่ก่อนไตรมาสเริ่มต้น")
        .assert_contains("จัดทำคู่มือสำหรับประชาชน")
        .assert_contains("ประชาชนพึงพอใจ");
    let created = clerk
        .post_form(
            "/staff/measures/new",
            &[
                ("topic_id", &topic),
                ("title", "จัดทำคู่มือสำหรับประชาชน"),
                ("steps", "1.จัดทำคู่มือ\n2.เผยแพร่"),
                ("quarter_from", "1"),
                ("quarter_to", "4"),
                ("division_id", ""),
                ("summary", ""),
                ("outcomes", "ประชาชนพึงพอใจ"),
            ],
        )
        .await;
    created.assert_status(StatusCode::SEE_OTHER);
    let path = created.location().to_owned();
    // A record with an impossible date is refused, the others kept.
    clerk
        .post_form(
            &format!("{path}/links"),
            &[
                ("kind", "meeting"),
                ("link_title", "ประชุมพนักงานประจำเดือน"),
                ("occurred_on", "31 ก.พ. 2569"),
                ("reference", ""),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่มีในเดือนกุมภาพันธ์");
    for (kind, title, date, reference) in [
        ("meeting", "ประชุมพนักงานประจำเดือน", "7 พ.ย. 2568", ""),
        ("meeting", "ประชุมพนักงานประจำเดือน", "2025-10-10", ""),
        ("news", "เผยแพร่คู่มือทางเว็บไซต์", "15/1/2569", "12"),
    ] {
        clerk
            .post_form(
                &format!("{path}/links"),
                &[
                    ("kind", kind),
                    ("link_title", title),
                    ("occurred_on", date),
                    ("reference", reference),
                ],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
    let edit = clerk.get(&path).await;
    edit.assert_contains("/news/12");
    // The drafted summary: meetings in date order, Thai short dates; nothing saved yet.
    let drafted = clerk
        .post_form(
            &format!("{path}/draft-summary"),
            &[
                ("topic_id", &topic),
                ("title", "จัดทำคู่มือสำหรับประชาชน"),
                ("steps", "1.จัดทำคู่มือ\n2.เผยแพร่"),
                ("quarter_from", "1"),
                ("quarter_to", "4"),
                ("division_id", ""),
                ("summary", ""),
                ("outcomes", "ประชาชนพึงพอใจ"),
            ],
        )
        .await;
    drafted
        .assert_status(StatusCode::OK)
        .assert_contains("1.ประชุมพนักงานประจำเดือน วันที่ 10 ต.ค. 68/วันที่ 7 พ.ย. 68")
        .assert_contains("2.เผยแพร่คู่มือทางเว็บไซต์ วันที่ 15 ม.ค. 69");
    // The clerk edits the draft and saves it.
    clerk
        .post_form(
            &path,
            &[
                ("topic_id", &topic),
                ("title", "จัดทำคู่มือสำหรับประชาชน"),
                ("steps", "1.จัดทำคู่มือ\n2.เผยแพร่"),
                ("quarter_from", "1"),
                ("quarter_to", "4"),
                ("division_id", ""),
                (
                    "summary",
                    "1.ประชุมพนักงานประจำเดือน วันที่ 10 ต.ค. 68/วันที่ 7 พ.ย. 68 ชี้แจงคู่มือ",
                ),
                ("outcomes", "ประชาชนพึงพอใจ"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // Staff download the unpublished year; the public may not.
    let docx = clerk.get("/staff/measures/years/2569/report.docx").await;
    docx.assert_status(StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes.clone())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("ชี้แจงคู่มือ"));
    assert!(xml.contains("การให้บริการและระบบ E-Service E3 E11"));
    let mut public = app.client();
    public
        .get("/measures/2569/report.pdf")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/api/v1/measures?year=2569")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // A clerk may not publish; the head of the office may.
    clerk
        .post_form(
            "/staff/measures/years/2569",
            &[
                ("title", "รายงาน"),
                ("subtitle", ""),
                ("prepared_by", "สำนักปลัด"),
                ("intro", ""),
                ("published", "on"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut head = app.client();
    head.sign_in_as("palad").await;
    head.post_form(
        "/staff/measures/years/2569",
        &[
            ("title", "  "),
            ("subtitle", ""),
            ("prepared_by", "สำนักปลัด งานธุรการ"),
            ("intro", ""),
            ("published", "on"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("กรุณากรอกชื่อรายงาน")
    .assert_contains("สำนักปลัด งานธุรการ");
    head.post_form(
        "/staff/measures/years/2569",
        &[
            (
                "title",
                "ผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            ),
            ("subtitle", "(รอบ ๖ เดือน)"),
            ("prepared_by", "สำนักปลัด งานธุรการ"),
            ("intro", ""),
            ("published", "on"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    public
        .get("/measures?year=2569")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("จัดทำคู่มือสำหรับประชาชน")
        .assert_contains("ชี้แจงคู่มือ")
        .assert_contains("เผยแพร่คู่มือทางเว็บไซต์");
    if cfg!(feature = "pdf") {
        let pdf = public.get("/measures/2569/report.pdf").await;
        pdf.assert_status(StatusCode::OK);
        let text = squash(&pdftotext(&pdf.bytes));
        assert!(text.contains("(รอบ๖เดือน)"));
        assert!(text.contains("จัดทำคู่มือสำหรับประชาชน"));
    }
    // Every change was audited in the organization's chain.
    let tenant = app.demo_tenant().await;
    let actions: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(tenant.id))
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for a in [
        "measures.topic.create",
        "measures.measure.create",
        "measures.link.add",
        "measures.measure.update",
        "measures.year.save",
    ] {
        assert!(actions.iter().any(|x| x == a), "no audit entry {a}");
    }
}

#[tokio::test]
async fn another_organization_cannot_see_or_change_the_measures() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let page = clerk.get("/staff/measures?year=2566").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("การให้บริการและระบบ E-Service");
    let id: String = page
        .body
        .match_indices("href=\"/staff/measures/")
        .map(|(at, m)| {
            page.body[at + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .find(|id| !id.is_empty())
        .unwrap_or_default();
    assert!(!id.is_empty());
    app.add_organization("other").await;
    let mut other = app.client_for("other.localhost");
    other
        .sign_in("staff", &crate::util::demo_password("staff"))
        .await;
    other
        .get(&format!("/staff/measures/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/measures/{id}/links"),
            &[
                ("kind", "meeting"),
                ("link_title", "แทรก"),
                ("occurred_on", ""),
                ("reference", ""),
            ],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The other organization has no published year and sees none of Kudjok's.
    other
        .get("/measures")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ยังไม่มีมาตรการที่เผยแพร่");
    other
        .get("/measures/2566/report.xlsx")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Anonymous visitors cannot reach staff pages.
    let mut anon = app.client();
    let r = anon.get(&format!("/staff/measures/{id}")).await;
    assert!(r.status == StatusCode::SEE_OTHER || r.status == StatusCode::UNAUTHORIZED);
}
