//! `/documents...` and `/staff/documents...`, with attachments (`/files/...`).

use http::StatusCode;

use crate::util::{PDF, TestApp, TestClient};

pub async fn create_document(c: &mut TestClient<'_>, title: &str, body: &str) -> String {
    let r = c
        .post_form(
            "/staff/documents/new",
            &[
                ("title", title),
                ("category", "announcement"),
                ("fiscal_year", "2569"),
                ("division_id", ""),
                ("body", body),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    r.location().to_owned()
}

fn id_of(staff_path: &str) -> &str {
    staff_path.rsplit('/').next().unwrap()
}

#[tokio::test]
async fn a_draft_is_invisible_until_published_and_edits_wait_for_the_next_publication() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let path = create_document(&mut clerk, "ประกาศรับสมัครงาน", "รายละเอียดฉบับแรก").await;
    let id = id_of(&path).to_owned();
    let mut public = app.client();
    public
        .get(&format!("/documents/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/documents")
        .await
        .assert_contains("ยังไม่มีเอกสารที่เผยแพร่");
    // A clerk may draft but not publish.
    clerk
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut head = app.client();
    head.sign_in_as("palad").await;
    head.post_form(
        &format!("{path}/publish"),
        &[("change_note", "เผยแพร่ครั้งแรก")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    public
        .get(&format!("/documents/{id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("รายละเอียดฉบับแรก")
        .assert_contains("ฉบับที่ 1");
    public
        .get("/documents")
        .await
        .assert_contains("ประกาศรับสมัครงาน");
    // Editing the draft changes nothing public...
    clerk
        .post_form(
            &path,
            &[
                ("title", "ประกาศรับสมัครงาน (แก้ไข)"),
                ("category", "announcement"),
                ("fiscal_year", "2569"),
                ("division_id", ""),
                ("body", "รายละเอียดฉบับที่สอง"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = public.get(&format!("/documents/{id}")).await;
    page.assert_contains("รายละเอียดฉบับแรก");
    assert!(!page.body.contains("ฉบับที่สอง"));
    // ...until it is published again; both versions stay in the public history.
    head.post_form(
        &format!("{path}/publish"),
        &[("change_note", "แก้ไขรายละเอียด")],
    )
    .await;
    public
        .get(&format!("/documents/{id}"))
        .await
        .assert_contains("รายละเอียดฉบับที่สอง")
        .assert_contains("ฉบับที่ 2");
    let history = public.get(&format!("/documents/{id}/history")).await;
    history
        .assert_status(StatusCode::OK)
        .assert_contains("เผยแพร่ครั้งแรก")
        .assert_contains("แก้ไขรายละเอียด")
        .assert_contains("/versions/1")
        .assert_contains("/versions/2");
    public
        .get(&format!("/documents/{id}/versions/1"))
        .await
        .assert_contains("รายละเอียดฉบับแรก")
        .assert_contains("ฉบับเก่า");
    // Publishing unchanged content makes no new version.
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await;
    assert!(
        !public
            .get(&format!("/documents/{id}/history"))
            .await
            .body
            .contains("/versions/3")
    );
}

#[tokio::test]
async fn a_withdrawn_document_says_when_and_why() {
    let app = TestApp::with_demo().await;
    let mut head = app.client();
    head.sign_in_as("palad").await;
    let path = create_document(&mut head, "คำสั่งแต่งตั้ง", "เนื้อหาเดิม").await;
    let id = id_of(&path).to_owned();
    head.post_form(&format!("{path}/publish"), &[]).await;
    head.post_form(&format!("{path}/withdraw"), &[("reason", "   ")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาระบุเหตุผล");
    head.post_form(
        &format!("{path}/withdraw"),
        &[("reason", "ออกคำสั่งฉบับใหม่แทน")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let mut public = app.client();
    let r = public.get(&format!("/documents/{id}")).await;
    r.assert_status(StatusCode::GONE)
        .assert_contains("ยกเลิกการเผยแพร่")
        .assert_contains("ออกคำสั่งฉบับใหม่แทน");
    assert!(!r.body.contains("เนื้อหาเดิม"));
    public
        .get(&format!("/documents/{id}/history"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("/versions/1");
    assert!(!public.get("/documents").await.body.contains("คำสั่งแต่งตั้ง"));
}

#[tokio::test]
async fn document_forms_validate_by_field_and_keep_what_was_typed() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("clerk").await;
    let r = c
        .post_form(
            "/staff/documents/new",
            &[
                ("title", ""),
                ("category", "bogus"),
                ("fiscal_year", "66"),
                ("division_id", "999999"),
                ("body", "ข้อความที่พิมพ์ไว้"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกชื่อเอกสาร")
        .assert_contains("กรุณาเลือกประเภทเอกสาร")
        .assert_contains("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก")
        .assert_contains("ไม่พบหน่วยงานที่เลือก")
        .assert_contains("ข้อความที่พิมพ์ไว้");
    // Thai digits are understood.
    let r = c
        .post_form(
            "/staff/documents/new",
            &[
                ("title", "ประกาศ"),
                ("category", "report"),
                ("fiscal_year", "๒๕๖๙"),
                ("division_id", ""),
                ("body", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn input_is_rendered_as_text_never_as_markup() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    let xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let path = create_document(&mut c, xss, xss).await;
    c.post_form(&format!("{path}/publish"), &[("change_note", xss)])
        .await;
    let id = id_of(&path).to_owned();
    let mut public = app.client();
    for page in [
        format!("/documents/{id}"),
        format!("/documents/{id}/history"),
        "/documents".into(),
    ] {
        let r = public.get(&page).await;
        assert!(!r.body.contains("<script>alert"), "{page}");
        assert!(!r.body.contains("<img src=x"), "{page}");
        r.assert_contains("&#60;script&#62;");
    }
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_public_only_once_published() {
    let app = TestApp::with_demo().await;
    let mut head = app.client();
    head.sign_in_as("palad").await;
    let path = create_document(&mut head, "รายงานผลการดำเนินงาน", "").await;
    let id = id_of(&path).to_owned();
    // HTML dressed up as a PDF is refused with a Thai message by the file field.
    let r = head
        .post_file(
            &format!("{path}/attachments"),
            "report.pdf",
            b"<html><script>alert(1)</script></html>",
            true,
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่รองรับไฟล์ประเภทนี้")
        .assert_contains("id=\"file-error\"");
    // Too big (the test limit is 2 MB).
    let mut big = PDF.to_vec();
    big.resize(2 * 1024 * 1024 + 10, b' ');
    let r = head
        .post_file(&format!("{path}/attachments"), "big.pdf", &big, true)
        .await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        r.status
    );
    // A real PDF named .exe is stored as a PDF.
    head.post_file(
        &format!("{path}/attachments"),
        "รายงาน ปี 2569.exe",
        PDF,
        true,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let edit = head.get(&path).await;
    edit.assert_contains("รายงาน ปี 2569.pdf");
    let start = edit.body.find("/files/").unwrap();
    let href = edit.body[start..].split('"').next().unwrap().to_owned();
    // Staff can open it; the public cannot until the document is published.
    head.get(&href).await.assert_status(StatusCode::OK);
    let mut public = app.client();
    public.get(&href).await.assert_status(StatusCode::NOT_FOUND);
    head.post_form(&format!("{path}/publish"), &[]).await;
    let r = public.get(&href).await;
    r.assert_status(StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/pdf");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert!(r.header("content-security-policy").contains("sandbox"));
    assert!(
        r.header("content-disposition")
            .starts_with("inline; filename=\"")
    );
    assert!(
        r.header("content-disposition")
            .contains("filename*=UTF-8''")
    );
    assert_eq!(r.body.as_bytes(), PDF);
    public
        .get(&format!("/documents/{id}"))
        .await
        .assert_contains(&href);
    // An attachment added after publication stays private until the next publication.
    head.post_file(
        &format!("{path}/attachments"),
        "later.pdf",
        b"%PDF-1.4 later",
        true,
    )
    .await;
    let edit = head.get(&path).await;
    let later = edit
        .body
        .match_indices("/files/")
        .nth(1)
        .map(|(i, _)| edit.body[i..].split('"').next().unwrap().to_owned())
        .unwrap();
    public
        .get(&later)
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
