//! `/questions...` (asking, answered questions, open data) and `/staff/questions...`
//! (the moderation queue).

use http::StatusCode;
use prongsai_db::entities::{audit_entry, login_throttle};
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use prongsai_questions::model::question;
use prongsai_questions::spam;

use crate::util::{TestApp, TestClient, TestResponse, demo_password};

/// Fetches the ask form as a browser does and reads its hidden fields: the CSRF token
/// and the signed time the form was shown.
async fn ask_form(c: &mut TestClient<'_>) -> (String, String) {
    let r = c.get("/questions/new").await;
    r.assert_status(StatusCode::OK);
    (
        r.input_value("csrf_token").expect("csrf_token"),
        r.input_value("form_token").expect("form_token"),
    )
}

/// A form time signed with the deployment's key as if the form had been shown
/// `seconds` ago, so that tests need not wait the minimum time.
async fn aged_form_token(app: &TestApp, organization_id: i64, seconds: i64) -> String {
    let key = spam::form_key(app.db()).await.unwrap();
    spam::sign_form_time(key.expose(), organization_id, spam::now_seconds() - seconds)
}

/// Sends the ask form with `fields` (and an empty honeypot unless given), as a person
/// who took ten seconds to write would.
async fn ask(c: &mut TestClient<'_>, fields: &[(&str, &str)]) -> TestResponse {
    let (csrf, _) = ask_form(c).await;
    let org = c.app.demo_tenant().await.id;
    let token = aged_form_token(c.app, org, 10).await;
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("form_token", token.as_str()),
    ];
    if !fields.iter().any(|(k, _)| *k == "website") {
        all.push(("website", ""));
    }
    all.extend_from_slice(fields);
    c.post_form_raw("/questions/new", &all).await
}

/// Asks a valid question and returns its id.
async fn ask_ok(c: &mut TestClient<'_>, fields: &[(&str, &str)]) -> i64 {
    let r = ask(c, fields).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/questions/thanks");
    question::Entity::find()
        .all(c.app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.id)
        .max()
        .unwrap()
}

async fn stored_questions(app: &TestApp) -> Vec<question::Model> {
    question::Entity::find().all(app.db().conn()).await.unwrap()
}

async fn division_id(app: &TestApp, name_th: &str) -> String {
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

async fn answer(
    staff: &mut TestClient<'_>,
    id: i64,
    title: &str,
    body: &str,
    answer: &str,
    division_id: &str,
    change_note: &str,
) -> TestResponse {
    staff
        .post_form(
            &format!("/staff/questions/{id}/answer"),
            &[
                ("title", title),
                ("body", body),
                ("answer", answer),
                ("division_id", division_id),
                ("change_note", change_note),
            ],
        )
        .await
}

/// Every public page, feed and export a question could appear in.
async fn public_bodies(c: &mut TestClient<'_>, id: i64) -> Vec<(String, TestResponse)> {
    let mut out = Vec::new();
    for path in [
        "/".to_owned(),
        "/questions".to_owned(),
        format!("/questions/{id}"),
        format!("/questions/{id}/history"),
        "/api/v1/questions".to_owned(),
        format!("/api/v1/questions/{id}"),
        "/questions.csv".to_owned(),
        "/open-data".to_owned(),
        "/catalog.jsonld".to_owned(),
        "/api/3/action/package_search".to_owned(),
    ] {
        let r = c.get(&path).await;
        out.push((path, r));
    }
    out
}

const ASKER: &str = "สมศรี ใจดี";
const EMAIL: &str = "somsri.jaidee@example.com";

#[tokio::test]
async fn anyone_asks_and_the_question_waits_unseen_until_answered() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    // The board replaced the home page's placeholder and carries the form itself.
    public.get("/").await.assert_contains("href=\"/questions\"");
    let list = public.get("/questions").await;
    list.assert_status(StatusCode::OK)
        .assert_contains("ถาม-ตอบ")
        .assert_contains("href=\"/questions/new\"")
        .assert_contains("name=\"form_token\"")
        .assert_contains("ยังไม่มีคำถามที่ตอบแล้ว")
        .assert_contains("ข้อมูลที่เก็บ");
    assert!(!list.body.contains("กำลังจะเปิดใช้งาน"));
    // The form: labelled fields, the opt-in unticked, the privacy notice in Thai, and a
    // honeypot out of the tab order and hidden from screen readers.
    let form = public.get("/questions/new").await;
    form.assert_status(StatusCode::OK)
        .assert_contains("<label for=\"title\">")
        .assert_contains("<label for=\"contact\">")
        .assert_contains("การคุ้มครองข้อมูลส่วนบุคคล")
        .assert_contains("เห็นได้เฉพาะเจ้าหน้าที่")
        .assert_contains("<div class=\"hp\" aria-hidden=\"true\">")
        .assert_contains("name=\"website\" type=\"text\" value=\"\" tabindex=\"-1\"");
    assert!(!form.body.contains(" checked"));
    assert!(!form.body.contains("<script>"), "no inline script");
    assert!(!form.body.contains("style="), "no inline style");

    let title = "ถนนหมู่ 5 ชำรุด จะซ่อมเมื่อไร";
    let id = ask_ok(
        &mut public,
        &[
            ("title", title),
            ("body", "ถนนลูกรังหน้าวัดเป็นหลุมลึก ฝนตกแล้วรถจักรยานยนต์ล้ม"),
            ("name", ASKER),
            ("contact", EMAIL),
        ],
    )
    .await;
    public
        .get("/questions/thanks")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("จะปรากฏบนเว็บไซต์เมื่อเจ้าหน้าที่ตอบแล้ว");
    let stored = stored_questions(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].status, "pending");
    assert!(!stored[0].show_name);
    assert_eq!(stored[0].contact, EMAIL);
    // Nothing of it is public yet.
    for (path, r) in public_bodies(&mut public, id).await {
        assert!(!r.body.contains(title), "{path} shows a pending question");
        assert!(!r.body.contains(EMAIL), "{path} shows the contact");
    }
    public
        .get(&format!("/questions/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get(&format!("/questions/{id}/history"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let api = public.get(&format!("/api/v1/questions/{id}")).await;
    api.assert_status(StatusCode::NOT_FOUND)
        .assert_contains("\"not_found\"");
    public
        .get("/api/v1/questions")
        .await
        .assert_contains("\"total\":0");
    // The audit row names the question, never its text, name or contact.
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("question.ask"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actor_kind, "public");
    assert_eq!(rows[0].target_id, Some(id));
    let details = rows[0].details.to_string();
    assert!(!details.contains(EMAIL) && !details.contains(ASKER) && !details.contains(title));
}

#[tokio::test]
async fn an_answer_is_published_without_the_contact_and_with_the_name_only_if_agreed() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let hidden = ask_ok(
        &mut public,
        &[
            ("title", "ขอทราบวันเก็บขยะ"),
            ("body", "หมู่ที่ 3 เก็บขยะวันไหนบ้าง"),
            ("name", ASKER),
            ("contact", EMAIL),
        ],
    )
    .await;
    let phone = "081-234-5678";
    let named = ask_ok(
        &mut public,
        &[
            ("title", "ขอใช้ศาลาประชาคม"),
            ("body", "ต้องยื่นเรื่องล่วงหน้ากี่วัน"),
            ("name", "มานะ รักถิ่น"),
            ("show_name", "1"),
            ("contact", phone),
        ],
    )
    .await;

    // Any staff member sees the queue, with the contact to reply privately.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let queue = clerk.get("/staff/questions").await;
    queue
        .assert_status(StatusCode::OK)
        .assert_contains("ขอทราบวันเก็บขยะ")
        .assert_contains("ขอใช้ศาลาประชาคม")
        .assert_contains("รอตอบ <span class=\"tabs__count\">2</span>");
    assert_eq!(queue.header("cache-control"), "no-store");
    clerk
        .get(&format!("/staff/questions/{hidden}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(EMAIL)
        .assert_contains(&format!("href=\"mailto:{EMAIL}\""))
        .assert_contains(ASKER)
        .assert_contains("ไม่แสดงชื่อต่อสาธารณะ");

    let finance = division_id(&app, "กองคลัง").await;
    answer(
        &mut clerk,
        hidden,
        "ขอทราบวันเก็บขยะ",
        "หมู่ที่ 3 เก็บขยะวันไหนบ้าง",
        "เก็บทุกวันอังคารและวันศุกร์",
        &finance,
        "",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    answer(
        &mut clerk,
        named,
        "ขอใช้ศาลาประชาคม",
        "ต้องยื่นเรื่องล่วงหน้ากี่วัน",
        "ยื่นคำขอล่วงหน้าอย่างน้อย 7 วัน",
        "",
        "",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);

    let page = public.get(&format!("/questions/{hidden}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("เก็บทุกวันอังคารและวันศุกร์")
        .assert_contains("กองคลัง")
        .assert_contains("ไม่ประสงค์ออกนาม");
    public
        .get(&format!("/questions/{named}"))
        .await
        .assert_contains("มานะ รักถิ่น")
        .assert_contains("ยื่นคำขอล่วงหน้าอย่างน้อย 7 วัน");
    let list = public.get("/questions").await;
    list.assert_contains("ขอทราบวันเก็บขยะ")
        .assert_contains("ขอใช้ศาลาประชาคม");
    let api = public.get(&format!("/api/v1/questions/{hidden}")).await;
    api.assert_status(StatusCode::OK)
        .assert_contains("\"asker_name\":null")
        .assert_contains("\"name_th\":\"กองคลัง\"")
        .assert_contains("เก็บทุกวันอังคารและวันศุกร์");
    public
        .get(&format!("/api/v1/questions/{named}"))
        .await
        .assert_contains("\"asker_name\":\"มานะ รักถิ่น\"");
    public
        .get("/api/v1/questions")
        .await
        .assert_contains("\"total\":2");
    let csv = public.get("/questions.csv").await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'), "CSV starts with a BOM");
    assert!(csv.header("content-type").starts_with("text/csv"));
    csv.assert_contains("ขอทราบวันเก็บขยะ")
        .assert_contains("มานะ รักถิ่น");
    public
        .get("/open-data")
        .await
        .assert_contains("/questions.csv");
    public
        .get("/api/v1/openapi.json")
        .await
        .assert_contains("/api/v1/questions/{id}");
    // No public body anywhere holds a contact, or the name of the asker who did not agree.
    for id in [hidden, named] {
        for (path, r) in public_bodies(&mut public, id).await {
            r.assert_status(StatusCode::OK);
            for secret in [EMAIL, phone, "0812345678", ASKER] {
                assert!(!r.body.contains(secret), "{path} shows {secret}");
            }
        }
    }
    // Filters by the fiscal year of the day asked.
    let fy = stored_questions(&app).await[0].fiscal_year;
    public
        .get(&format!("/questions?fy={fy}"))
        .await
        .assert_contains("ขอทราบวันเก็บขยะ")
        .assert_contains(&format!("<option value=\"{fy}\" selected>"));
    assert!(
        !public
            .get(&format!("/questions?fy={}", fy - 1))
            .await
            .body
            .contains("ขอทราบวันเก็บขยะ")
    );
    public
        .get(&format!("/api/v1/questions?fy={}", fy - 1))
        .await
        .assert_contains("\"total\":0");
    // Bad parameters are a clear 400 in JSON.
    for bad in [
        "/api/v1/questions?page=0",
        "/api/v1/questions?fy=66",
        "/api/v1/questions?per_page=1000",
        "/api/v1/questions?category=x",
        "/api/v1/questions/abc",
    ] {
        let r = public.get(bad).await;
        r.assert_status(StatusCode::BAD_REQUEST)
            .assert_contains("\"bad_request\"");
        assert!(r.header("content-type").starts_with("application/json"));
    }
    // The audit rows hold ids and field names only.
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("question."))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    for row in rows {
        let details = row.details.to_string();
        for secret in [EMAIL, phone, ASKER, "มานะ", "ขยะ", "ศาลา"] {
            assert!(!details.contains(secret), "{}: {details}", row.action);
        }
    }
}

#[tokio::test]
async fn editing_an_answer_publishes_a_new_version_and_keeps_the_old_one_in_the_history() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let id = ask_ok(
        &mut public,
        &[
            ("title", "เบี้ยยังชีพผู้สูงอายุ"),
            ("body", "ลงทะเบียนได้เมื่อไร โทร 089-999-9999 ได้ไหม"),
        ],
    )
    .await;
    let mut head = app.client();
    head.sign_in_as("finance.head").await;
    // Staff take the phone number out of the question before publishing it.
    answer(
        &mut head,
        id,
        "เบี้ยยังชีพผู้สูงอายุ",
        "ลงทะเบียนได้เมื่อไร",
        "คำตอบฉบับแรก: ลงทะเบียนเดือนพฤศจิกายน",
        "",
        "",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let first = public.get(&format!("/questions/{id}")).await;
    first.assert_contains("คำตอบฉบับแรก");
    assert!(!first.body.contains("089-999-9999"));
    answer(
        &mut head,
        id,
        "เบี้ยยังชีพผู้สูงอายุ",
        "ลงทะเบียนได้เมื่อไร",
        "คำตอบฉบับแก้ไข: ลงทะเบียนได้ตลอดปีที่สำนักปลัด",
        "",
        "แก้ไขช่วงเวลาลงทะเบียน",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = public.get(&format!("/questions/{id}")).await;
    page.assert_contains("คำตอบฉบับแก้ไข")
        .assert_contains("แก้ไขคำตอบเมื่อ");
    assert!(!page.body.contains("คำตอบฉบับแรก"));
    let history = public.get(&format!("/questions/{id}/history")).await;
    history
        .assert_status(StatusCode::OK)
        .assert_contains("ฉบับที่ 2")
        .assert_contains("ฉบับที่ 1")
        .assert_contains("คำตอบฉบับแรก")
        .assert_contains("คำตอบฉบับแก้ไข")
        .assert_contains("แก้ไขช่วงเวลาลงทะเบียน");
    public
        .get(&format!("/api/v1/questions/{id}"))
        .await
        .assert_contains("\"version\":2");
    // Sending the same answer again makes no new version.
    answer(
        &mut head,
        id,
        "เบี้ยยังชีพผู้สูงอายุ",
        "ลงทะเบียนได้เมื่อไร",
        "คำตอบฉบับแก้ไข: ลงทะเบียนได้ตลอดปีที่สำนักปลัด",
        "",
        "",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    assert!(
        !public
            .get(&format!("/questions/{id}/history"))
            .await
            .body
            .contains("ฉบับที่ 3")
    );
    // Staff see it under "answered", with the edit form.
    head.get("/staff/questions?status=answered")
        .await
        .assert_contains("เบี้ยยังชีพผู้สูงอายุ")
        .assert_contains("ตอบแล้ว <span class=\"tabs__count\">1</span>");
    head.get(&format!("/staff/questions/{id}"))
        .await
        .assert_contains("เผยแพร่คำตอบที่แก้ไข");
    let actions: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("question."))
        .order_by_asc(audit_entry::Column::Seq)
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions,
        ["question.ask", "question.answer", "question.answer_update"]
    );
}

#[tokio::test]
async fn a_filled_honeypot_is_thanked_like_anyone_and_nothing_is_stored() {
    let app = TestApp::with_demo().await;
    let mut bot = app.client();
    let r = ask(
        &mut bot,
        &[
            ("title", "Cheap watches"),
            ("body", "Buy now"),
            ("website", "http://spam.example"),
        ],
    )
    .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/questions/thanks");
    assert!(stored_questions(&app).await.is_empty());
    // The same form without the honeypot is stored: the test above could fail.
    ask_ok(&mut bot, &[("title", "คำถามจริง"), ("body", "รายละเอียด")]).await;
    assert_eq!(stored_questions(&app).await.len(), 1);
}

#[tokio::test]
async fn a_form_sent_too_fast_or_too_late_is_refused_and_kept_for_another_try() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let mut c = app.client();
    // Straight back with the token the page gave: too fast for a person.
    let (csrf, token) = ask_form(&mut c).await;
    let r = c
        .post_form_raw(
            "/questions/new",
            &[
                ("csrf_token", csrf.as_str()),
                ("form_token", token.as_str()),
                ("title", "คำถามที่ส่งเร็ว"),
                ("body", "รายละเอียด"),
                ("contact", EMAIL),
                ("website", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ส่งแบบฟอร์มเร็วเกินไป")
        .assert_contains("value=\"คำถามที่ส่งเร็ว\"");
    assert_eq!(r.header("cache-control"), "no-store");
    // The same token is kept, so sending again a moment later works.
    assert_eq!(r.input_value("form_token").unwrap(), token);
    // Expired, forged, missing, or signed for another organization.
    let old = aged_form_token(&app, org, 2 * 24 * 3600).await;
    let other_org = aged_form_token(&app, org + 1, 10).await;
    let forged = format!("{}.AAAA", spam::now_seconds() - 10);
    for bad in [old.as_str(), forged.as_str(), "", other_org.as_str()] {
        let r = c
            .post_form_raw(
                "/questions/new",
                &[
                    ("csrf_token", csrf.as_str()),
                    ("form_token", bad),
                    ("title", "คำถามเก่า"),
                    ("body", "รายละเอียด"),
                    ("website", ""),
                ],
            )
            .await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .assert_contains("แบบฟอร์มนี้หมดอายุแล้ว")
            .assert_contains("value=\"คำถามเก่า\"");
        // ...with a fresh token to send again.
        assert_ne!(r.input_value("form_token").unwrap(), bad);
    }
    assert!(stored_questions(&app).await.is_empty());
    // A form aged like a person's is accepted.
    ask_ok(&mut c, &[("title", "คำถามปกติ"), ("body", "รายละเอียด")]).await;
}

#[tokio::test]
async fn too_many_questions_from_one_client_get_a_clear_429() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    for i in 0..spam::RATE.max_failures {
        ask_ok(
            &mut c,
            &[("title", &format!("คำถามที่ {i}")), ("body", "รายละเอียด")],
        )
        .await;
    }
    let r = ask(&mut c, &[("title", "คำถามเกิน"), ("body", "รายละเอียด")]).await;
    r.assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("ส่งคำถามบ่อยเกินไป")
        .assert_contains("ลองใหม่อีกครั้งในหนึ่งชั่วโมง");
    assert_eq!(
        stored_questions(&app).await.len(),
        spam::RATE.max_failures as usize
    );
    // The counter is stored under a keyed hash, not the address.
    let rows = login_throttle::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| !r.key_hash.contains("127.0.0.1")));
}

#[tokio::test]
async fn only_moderators_reject_as_spam_and_they_give_a_reason() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let id = ask_ok(
        &mut public,
        &[("title", "โฆษณาเงินกู้ด่วน"), ("body", "กู้ง่าย ได้จริง")],
    )
    .await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let page = clerk.get(&format!("/staff/questions/{id}")).await;
    page.assert_status(StatusCode::OK);
    assert!(
        !page.body.contains("/reject\""),
        "no reject form for a clerk"
    );
    clerk
        .post_form(
            &format!("/staff/questions/{id}/reject"),
            &[("reason", "สแปม")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let mut mayor = app.client();
    mayor.sign_in_as("mayor").await;
    mayor
        .get(&format!("/staff/questions/{id}"))
        .await
        .assert_contains(&format!("/staff/questions/{id}/reject\""));
    let r = mayor
        .post_form(
            &format!("/staff/questions/{id}/reject"),
            &[("reason", "  ")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกเหตุผลที่ปฏิเสธ")
        .assert_contains("id=\"reason-error\"");
    assert_eq!(stored_questions(&app).await[0].status, "pending");
    mayor
        .post_form(
            &format!("/staff/questions/{id}/reject"),
            &[("reason", "โฆษณาเงินกู้")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    assert_eq!(stored_questions(&app).await[0].status, "rejected");
    mayor
        .get(&format!("/staff/questions/{id}"))
        .await
        .assert_contains("ปฏิเสธเป็นสแปมเมื่อ")
        .assert_contains("โฆษณาเงินกู้");
    mayor
        .get("/staff/questions?status=rejected")
        .await
        .assert_contains("โฆษณาเงินกู้ด่วน");
    assert!(
        !mayor
            .get("/staff/questions")
            .await
            .body
            .contains("โฆษณาเงินกู้ด่วน")
    );
    // A rejected question is never published, not even by answering it.
    answer(&mut clerk, id, "โฆษณาเงินกู้ด่วน", "กู้ง่าย", "ตอบ", "", "")
        .await
        .assert_status(StatusCode::CONFLICT);
    public
        .get(&format!("/questions/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(!public.get("/questions").await.body.contains("โฆษณาเงินกู้"));
}

#[tokio::test]
async fn the_public_cannot_reach_the_staff_pages() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let id = ask_ok(
        &mut public,
        &[
            ("title", "คำถาม"),
            ("body", "รายละเอียด"),
            ("contact", EMAIL),
        ],
    )
    .await;
    for path in [
        "/staff/questions".to_owned(),
        format!("/staff/questions/{id}"),
    ] {
        let r = public.get(&path).await;
        r.assert_status(StatusCode::SEE_OTHER);
        assert!(r.location().starts_with("/login?next="), "{path}");
        assert!(!r.body.contains(EMAIL));
    }
    for path in [
        format!("/staff/questions/{id}/answer"),
        format!("/staff/questions/{id}/reject"),
    ] {
        let r = public
            .post_form(
                &path,
                &[
                    ("title", "x"),
                    ("body", "x"),
                    ("answer", "x"),
                    ("reason", "x"),
                ],
            )
            .await;
        r.assert_status(StatusCode::SEE_OTHER);
        assert!(r.location().starts_with("/login?next="), "{path}");
    }
    assert_eq!(stored_questions(&app).await[0].status, "pending");
}

#[tokio::test]
async fn staff_of_another_organization_get_404_by_url_tampering() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;
    let mut public = app.client();
    let id = ask_ok(
        &mut public,
        &[
            ("title", "คำถามของกุดจอก"),
            ("body", "รายละเอียด"),
            ("contact", EMAIL),
        ],
    )
    .await;
    let mut other = app.client_for("nongbua.localhost");
    other
        .sign_in("staff", &demo_password("staff"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let queue = other.get("/staff/questions").await;
    queue.assert_status(StatusCode::OK);
    assert!(!queue.body.contains("คำถามของกุดจอก"));
    let r = other.get(&format!("/staff/questions/{id}")).await;
    r.assert_status(StatusCode::NOT_FOUND);
    assert!(!r.body.contains(EMAIL));
    answer(&mut other, id, "ถูกแก้", "ถูกแก้", "ตอบโดยคนนอก", "", "")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &format!("/staff/questions/{id}/reject"),
            &[("reason", "คนนอก")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(stored_questions(&app).await[0].status, "pending");
    // Answered in Kudjok, it is public on Kudjok's host only.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    answer(
        &mut clerk,
        id,
        "คำถามของกุดจอก",
        "รายละเอียด",
        "คำตอบ",
        "",
        "",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let mut outsider = app.client_for("nongbua.localhost");
    outsider
        .get(&format!("/questions/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    outsider
        .get(&format!("/api/v1/questions/{id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert!(
        !outsider
            .get("/questions")
            .await
            .body
            .contains("คำถามของกุดจอก")
    );
    public
        .get(&format!("/questions/{id}"))
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn every_field_is_rendered_as_text_never_as_markup() {
    let app = TestApp::with_demo().await;
    let xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let mut public = app.client();
    // An invalid contact is echoed back escaped.
    let r = ask(
        &mut public,
        &[
            ("title", xss),
            ("body", xss),
            ("name", xss),
            ("show_name", "1"),
            ("contact", xss),
        ],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("&#60;script&#62;");
    assert!(!r.body.contains("<script>alert") && !r.body.contains("<img src=x"));
    let id = ask_ok(
        &mut public,
        &[
            ("title", xss),
            ("body", xss),
            ("name", xss),
            ("show_name", "1"),
            ("contact", EMAIL),
        ],
    )
    .await;
    let mut head = app.client();
    head.sign_in_as("palad").await;
    answer(&mut head, id, xss, xss, xss, "", "").await;
    answer(&mut head, id, xss, xss, &format!("{xss} 2"), "", xss)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    for path in [
        "/questions".to_owned(),
        format!("/questions/{id}"),
        format!("/questions/{id}/history"),
    ] {
        let r = public.get(&path).await;
        r.assert_status(StatusCode::OK);
        assert!(!r.body.contains("<script>alert"), "{path}");
        assert!(!r.body.contains("<img src=x"), "{path}");
        r.assert_contains("&#60;script&#62;");
    }
    for path in [
        "/staff/questions?status=answered".to_owned(),
        format!("/staff/questions/{id}"),
    ] {
        let r = head.get(&path).await;
        assert!(!r.body.contains("<script>alert"), "{path}");
        assert!(!r.body.contains("<img src=x"), "{path}");
        r.assert_contains("&#60;script&#62;");
    }
    // JSON carries the text as a string; the CSV cannot start a formula.
    let csv = public.get("/questions.csv").await;
    csv.assert_contains("<script>alert");
    let formula = ask_ok(
        &mut public,
        &[("title", "=HYPERLINK(\"http://evil\")"), ("body", "x")],
    )
    .await;
    answer(
        &mut head,
        formula,
        "=HYPERLINK(\"http://evil\")",
        "x",
        "y",
        "",
        "",
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    public
        .get("/questions.csv")
        .await
        .assert_contains("'=HYPERLINK");
}

#[tokio::test]
async fn forms_say_what_is_wrong_in_thai_next_to_each_field() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let long_name = "ก".repeat(101);
    let r = ask(
        &mut public,
        &[
            ("title", "  "),
            ("body", ""),
            ("name", &long_name),
            ("contact", "โทรหาผมนะ"),
        ],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาแก้ไขข้อมูลที่มีข้อความแจ้งเตือน")
        .assert_contains("กรุณากรอกหัวข้อคำถาม")
        .assert_contains("กรุณากรอกรายละเอียดคำถาม")
        .assert_contains("ชื่อยาวเกินไป (101 ตัวอักษร; ไม่เกิน 100 ตัวอักษร)")
        .assert_contains("ช่องทางติดต่อต้องเป็นอีเมล")
        .assert_contains("aria-describedby=\"title-help title-error\" aria-invalid=\"true\"")
        .assert_contains("<p class=\"field-error\" id=\"title-error\">")
        .assert_contains("<p class=\"field-error\" id=\"body-error\">")
        .assert_contains("<p class=\"field-error\" id=\"name-error\">")
        .assert_contains("<p class=\"field-error\" id=\"contact-error\">")
        .assert_contains("value=\"โทรหาผมนะ\"");
    let r = ask(
        &mut public,
        &[("title", &"ข".repeat(201)), ("body", &"ค".repeat(4001))],
    )
    .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("หัวข้อคำถามยาวเกินไป")
        .assert_contains("รายละเอียดคำถามยาวเกินไป");
    assert!(stored_questions(&app).await.is_empty());
    // Thai digits in a phone number are fine.
    ask_ok(
        &mut public,
        &[
            ("title", "คำถาม"),
            ("body", "รายละเอียด"),
            ("contact", "๐๘๑-๒๓๔-๕๖๗๘"),
        ],
    )
    .await;
    // The answer form too.
    let id = stored_questions(&app).await[0].id;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let r = answer(&mut clerk, id, "", "รายละเอียด", " ", "999999", "").await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกหัวข้อคำถาม")
        .assert_contains("กรุณากรอกคำตอบ")
        .assert_contains("ไม่พบหน่วยงานที่เลือก")
        .assert_contains("id=\"answer-error\"");
    assert_eq!(stored_questions(&app).await[0].status, "pending");
}

#[tokio::test]
async fn the_board_speaks_english_too() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/lang?to=en&back=/questions").await;
    c.get("/questions")
        .await
        .assert_contains("Questions and answers")
        .assert_contains("Ask a question")
        .assert_contains("Who sees it");
}

/// The list page is kept rendered, but its ask form carries each visitor's own CSRF token
/// and a fresh signed form time: a question asked from the cached page is accepted.
#[tokio::test]
async fn the_cached_list_page_gives_every_visitor_their_own_form_tokens() {
    let app = TestApp::with_demo().await;
    let mut first = app.client();
    let mut second = app.client();
    let a = first.get("/questions").await;
    let b = second.get("/questions").await;
    a.assert_status(StatusCode::OK);
    b.assert_status(StatusCode::OK);
    let (csrf_a, csrf_b) = (
        a.input_value("csrf_token").expect("csrf_token"),
        b.input_value("csrf_token").expect("csrf_token"),
    );
    assert_ne!(csrf_a, csrf_b, "each visitor has their own token");
    for body in [&a.body, &b.body] {
        assert!(!body.contains("MARK"), "no stand-in is left in the page");
    }
    let token = b.input_value("form_token").expect("form_token");
    let org = app.demo_tenant().await.id;
    let key = spam::form_key(app.db()).await.unwrap();
    assert!(
        matches!(
            spam::check_form_time(key.expose(), org, &token, spam::now_seconds() + 30),
            spam::FormTime::Fine
        ),
        "the page's form time is freshly signed"
    );
    // The second visitor asks from the cached page (its form time aged as a person would).
    let aged = aged_form_token(&app, org, 30).await;
    let r = second
        .post_form_raw(
            "/questions/new",
            &[
                ("csrf_token", &csrf_b),
                ("form_token", &aged),
                ("title", "ถามจากหน้ารายการ"),
                ("body", "ทดสอบการถามจากหน้ารายการคำถาม"),
                ("website", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert!(
        stored_questions(&app)
            .await
            .iter()
            .any(|q| q.title == "ถามจากหน้ารายการ")
    );
}
