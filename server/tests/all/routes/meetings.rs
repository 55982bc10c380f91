//! `/meetings...` (public list by fiscal year and kind, a meeting, history, CSV, API) and
//! `/staff/meetings...` (forms, validation, publication, XLSX), the ITA item it satisfies,
//! measures linking to meetings, and tenancy.

use http::StatusCode;
use prongsai_db::entities::audit_entry;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use prongsai_meetings::model::meeting;
use serde_json::Value;

use crate::util::{TestApp, TestClient};

#[tokio::test]
async fn the_demo_has_the_seed_staff_meetings_forums_and_a_council_session() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let page = public.get("/meetings?fy=2566").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("ประชุมพนักงานประจำเดือนตุลาคม 2565")
        .assert_contains("10 ตุลาคม 2565");
    // Nine staff meetings of FY2566 in the seed, none of another year.
    let v: Value =
        serde_json::from_str(&public.get("/api/v1/meetings?fy=2566").await.body).unwrap();
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 9);
    assert!(data.iter().all(|m| m["fiscal_year"] == 2566));
    assert!(data.iter().all(|m| m["kind"] == "staff"));
    // Forums of FY2569 carry the issue, results, what changed, and the plan project.
    let v: Value =
        serde_json::from_str(&public.get("/api/v1/meetings?fy=2569&kind=forum").await.body)
            .unwrap();
    let forums = v["data"].as_array().unwrap();
    assert_eq!(forums.len(), 2);
    for f in forums {
        assert!(!f["participation"]["issue"].as_str().unwrap().is_empty());
        assert!(
            !f["participation"]["what_changed"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            f["plan_project"]["title"],
            "โครงการจัดเวทีประชาคมเพื่อจัดทำแผนพัฒนาท้องถิ่น"
        );
        assert!(f["attendance"]["citizens"].as_i64().unwrap() > 0);
    }
    let id = forums[0]["id"].as_i64().unwrap();
    public
        .get(&format!("/meetings/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("สิ่งที่เปลี่ยนแปลงจากความคิดเห็น")
        .assert_contains("href=\"/plans/operational/2569\"")
        .assert_contains("ประชาชน");
    // The council session is its own kind.
    public
        .get("/meetings?fy=2569&kind=council")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ประชุมสภา อบต.กุดจอก สมัยสามัญ สมัยที่ 3")
        .assert_contains(">ประชุมสภา</a>");
    // Bad filters: 404 on the page, 400 on the API and CSV.
    public
        .get("/meetings?fy=abc")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/api/v1/meetings?kind=party")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    // CSV with BOM: the header and one row per meeting.
    let csv = public.get("/meetings.csv?fy=2566").await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    // Agenda cells span lines: count the records by their first two fields.
    let records = csv
        .body
        .lines()
        .filter(|l| {
            let mut f = l.split(',');
            f.next().is_some_and(|id| id.parse::<i64>().is_ok()) && f.next() == Some("2566")
        })
        .count();
    assert_eq!(records, 9);
    assert!(csv.body.contains("2022-10-10"));
    // The seed measures' monthly-meeting links now open the meeting of that date.
    let m: Value =
        serde_json::from_str(&public.get("/api/v1/measures?year=2566").await.body).unwrap();
    let records = m["topics"][0]["measures"][0]["records"].as_array().unwrap();
    let first = records.iter().find(|r| r["date"] == "2022-10-10").unwrap();
    let url = first["url"].as_str().unwrap();
    assert!(url.contains("/meetings/"), "{first}");
    let path = &url[url.find("/meetings/").unwrap()..];
    public
        .get(path)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("10 ตุลาคม 2565");
}

#[tokio::test]
async fn the_ita_participation_item_is_satisfied_by_a_published_forum_of_the_year() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let code = |v: &Value| {
        v["data"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| {
                i["evidence"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r["fix"] == "/staff/meetings"))
            })
            .cloned()
            .unwrap()
    };
    let v: Value = serde_json::from_str(&public.get("/api/v1/ita?year=2569").await.body).unwrap();
    let item = code(&v);
    let rule = item["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fix"] == "/staff/meetings")
        .unwrap();
    assert_eq!(rule["ok"], true, "{item}");
    assert_eq!(item["status"], "satisfied", "{item}");
    // FY2568 has no forum in the demo: that year's rule is not met by FY2569's forums.
    let v: Value = serde_json::from_str(&public.get("/api/v1/ita?year=2568").await.body).unwrap();
    let item = code(&v);
    let rule = item["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fix"] == "/staff/meetings")
        .unwrap();
    assert_eq!(rule["ok"], false, "{item}");
}

fn forum<'a>(date: &'a str, citizens: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("kind", "forum"),
        ("title", "เวทีรับฟังความคิดเห็นร่างข้อบัญญัติการจัดการขยะ"),
        ("held_on", date),
        ("place", "ศาลาประชาคมหมู่ที่ 5"),
        ("agenda", "1. ชี้แจงร่างข้อบัญญัติ\n\n2. รับฟังความคิดเห็น"),
        ("executives", "2"),
        ("council_members", ""),
        ("staff", "๕"),
        ("citizens", citizens),
        ("others", "0"),
        ("attendees", ""),
        ("minutes", "ชี้แจงร่างและรับฟังความคิดเห็น"),
        ("decisions", "ปรับอัตราค่าธรรมเนียมครัวเรือน"),
        ("issue", "ร่างข้อบัญญัติการจัดการขยะมูลฝอย"),
        ("results", "ประชาชนขอให้ลดค่าธรรมเนียมครัวเรือนผู้สูงอายุ"),
        ("changes", ""),
        ("plan_project_id", ""),
    ]
}

async fn create(c: &mut TestClient<'_>, fields: &[(&str, &str)]) -> String {
    let r = c.post_form("/staff/meetings/new", fields).await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().to_owned()
}

#[tokio::test]
async fn staff_record_a_forum_with_thai_validation_then_publish_with_history() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/meetings")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ประชุมพนักงานประจำเดือน");
    // A forum needs the issue and citizens; a bad date and a bad count are named; what was
    // typed stays.
    let mut bad = forum("31 ก.พ. 2569", "สิบ");
    bad.retain(|(k, _)| *k != "issue");
    clerk
        .post_form("/staff/meetings/new", &bad)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("วันที่ประชุม")
        .assert_contains("ไม่มีในเดือนกุมภาพันธ์")
        .assert_contains("จำนวนประชาชนต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป")
        .assert_contains("เวทีประชาคมต้องระบุประเด็นที่รับฟังความคิดเห็น")
        .assert_contains("ศาลาประชาคมหมู่ที่ 5");
    clerk
        .post_form("/staff/meetings/new", &forum("10 ม.ค. 2570", "0"))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("เวทีประชาคมต้องมีประชาชนหรือผู้มีส่วนได้ส่วนเสียเข้าร่วม");
    let mut tampered = forum("10 ม.ค. 2570", "60");
    tampered.retain(|(k, _)| *k != "plan_project_id");
    tampered.push(("plan_project_id", "999999"));
    clerk
        .post_form("/staff/meetings/new", &tampered)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่พบโครงการนี้ในแผนของหน่วยงาน");
    let path = create(&mut clerk, &forum("10 ม.ค. 2570", "60")).await;
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    let saved = meeting::Entity::find_by_id(id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.fiscal_year, 2570);
    assert_eq!(saved.staff, 5);
    assert_eq!(saved.held_on.to_string(), "2027-01-10");
    // A clerk may not publish; a division head may. Unpublished it is not public.
    clerk
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.client()
        .get(&format!("/meetings/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.client()
        .get(&format!("/meetings/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ร่างข้อบัญญัติการจัดการขยะมูลฝอย")
        .assert_contains("ยังไม่ได้บันทึก");
    // What changed is recorded later and published as version 2.
    let mut edited = forum("10 ม.ค. 2570", "60");
    edited.retain(|(k, _)| *k != "changes");
    edited.push(("changes", "ลดค่าธรรมเนียมครัวเรือนผู้สูงอายุลงครึ่งหนึ่งในร่างที่เสนอสภา"));
    clerk
        .post_form(&path, &edited)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    palad
        .post_form(
            &format!("{path}/publish"),
            &[("change_note", "เพิ่มสิ่งที่เปลี่ยนแปลง")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    public
        .get(&format!("/meetings/{id}"))
        .await
        .assert_contains("ลดค่าธรรมเนียมครัวเรือนผู้สูงอายุลงครึ่งหนึ่ง");
    public
        .get(&format!("/meetings/{id}/history"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("เพิ่มสิ่งที่เปลี่ยนแปลง");
    let v: Value =
        serde_json::from_str(&public.get(&format!("/api/v1/meetings/{id}")).await.body).unwrap();
    assert_eq!(v["data"]["publication"]["version"], 2);
    assert_eq!(v["data"]["agenda"].as_array().unwrap().len(), 2);
    assert_eq!(v["data"]["attendance"]["total"], 67);
    // Every change is in the audit chain.
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganizationId.eq(org))
        .filter(audit_entry::Column::TargetId.eq(id))
        .filter(audit_entry::Column::Action.is_in(["meeting.create", "meeting.update"]))
        .count(app.db().conn())
        .await
        .unwrap();
    assert_eq!(audited, 2);
    // Withdrawing needs a reason, then the meeting leaves the list and the API.
    palad
        .post_form(&format!("{path}/withdraw"), &[("reason", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่");
    palad
        .post_form(&format!("{path}/withdraw"), &[("reason", "บันทึกซ้ำ")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let v: Value =
        serde_json::from_str(&public.get("/api/v1/meetings?fy=2570").await.body).unwrap();
    assert_eq!(v["data"].as_array().unwrap().len(), 0);
    public
        .get(&format!("/api/v1/meetings/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The staff workbook reads back: every meeting of the year, drafts included.
    let xlsx = clerk.get("/staff/meetings.xlsx?fy=2570").await;
    xlsx.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&xlsx.bytes).unwrap();
    let rows = &sheets[0].1;
    assert!(
        rows.iter()
            .any(|r| r.iter().any(|c| c.as_text().contains("การจัดการขยะ")))
    );
    app.client()
        .get("/staff/meetings.xlsx")
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn another_organization_cannot_reach_kudjok_meetings() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let kudjok = meeting::Entity::find()
        .filter(meeting::Column::OrganizationId.eq(org))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    let k = kudjok.id;
    other
        .get(&format!("/staff/meetings/{k}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("/staff/meetings/{k}"), &forum("10 ม.ค. 2569", "5"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/meetings/{k}/publish"),
            &[("change_note", "")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("/staff/meetings/{k}/withdraw"), &[("reason", "x")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Kudjok's plan project cannot be linked from another organization.
    let project = prongsai_plans::model::project::Entity::find()
        .filter(prongsai_plans::model::project::Column::OrganizationId.eq(org))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let pid = project.id.to_string();
    let mut f = forum("10 ม.ค. 2569", "5");
    f.retain(|(k, _)| *k != "plan_project_id");
    f.push(("plan_project_id", &pid));
    other
        .post_form("/staff/meetings/new", &f)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่พบโครงการนี้ในแผนของหน่วยงาน");
    // Public pages of the other organization show none of Kudjok's meetings.
    let mut public = app.client_for("nongbua.localhost");
    public
        .get(&format!("/meetings/{k}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let v: Value = serde_json::from_str(&public.get("/api/v1/meetings").await.body).unwrap();
    assert_eq!(v["data"].as_array().unwrap().len(), 0);
    // And Kudjok's record is unchanged.
    let after = meeting::Entity::find_by_id(k)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, kudjok);
}

#[tokio::test]
async fn the_minutes_file_is_checked_by_content_and_public_only_once_published() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let mut fields = forum("10 ม.ค. 2570", "40");
    // Only the file carries the minutes: publishing needs minutes, decisions, results or a file.
    for k in ["minutes", "decisions", "results"] {
        fields.retain(|(f, _)| *f != k);
    }
    let path = create(&mut clerk, &fields).await;
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    let mut palad = app.client();
    palad.sign_in_as("palad").await;
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาบันทึกรายงานการประชุม มติ หรือผลการรับฟังความคิดเห็นก่อน");
    // A text file named .pdf is refused by its content.
    clerk
        .post_file(
            &format!("{path}/minutes"),
            "minutes.pdf",
            b"just text, not a PDF",
            true,
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่รองรับไฟล์ประเภทนี้");
    clerk
        .post_file(
            &format!("{path}/minutes"),
            "รายงานการประชุม.pdf",
            b"%PDF-1.4 minutes of the forum",
            true,
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let staff_page = clerk.get(&path).await;
    let at = staff_page.body.find("/files/").unwrap();
    let href = staff_page.body[at..].split('"').next().unwrap().to_owned();
    // Not public before publication.
    app.client()
        .get(&href)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    palad
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    public
        .get(&format!("/meetings/{id}"))
        .await
        .assert_contains(&href);
    let file = public.get(&href).await;
    file.assert_status(StatusCode::OK);
    assert_eq!(file.bytes, b"%PDF-1.4 minutes of the forum");
}
