//! `/surveys...`: the one-time survey after a service (online and at the counter), the
//! monthly summary e-mailed to executives and published, comments after review, the 6-
//! and 12-month reports.

use http::StatusCode;
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use prongsai_surveys::model::{invitation, response};

use crate::routes::eservices::{request_by_code, send_borrow_request, set_status};
use crate::util::{TestApp, TestClient, TestResponse};

/// The survey path shown on the tracking page of a completed request.
async fn survey_path_of(c: &mut TestClient<'_>, code: &str) -> String {
    let r = c.post_form("/track", &[("code", code)]).await;
    let at = r
        .body
        .find("/surveys/answer/")
        .unwrap_or_else(|| panic!("no survey link:\n{}", r.body));
    r.body[at..at + r.body[at..].find('"').unwrap()].to_owned()
}

/// Sends a borrowing request and completes it; returns the tracking code.
async fn completed_request(app: &TestApp) -> String {
    let mut citizen = app.client();
    let code = send_borrow_request(&mut citizen, "").await;
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let id = request_by_code(app, &code).await.id;
    set_status(&mut staff, id, "completed", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    code
}

async fn answer(
    c: &mut TestClient<'_>,
    path: &str,
    scores: [&str; 5],
    comment: &str,
) -> TestResponse {
    c.post_form(
        path,
        &[
            ("q_process", scores[0]),
            ("q_staff", scores[1]),
            ("q_facility", scores[2]),
            ("q_result", scores[3]),
            ("q_overall", scores[4]),
            ("comment", comment),
        ],
    )
    .await
}

#[tokio::test]
async fn a_completed_request_opens_a_one_time_survey_not_linkable_to_the_citizen() {
    let app = TestApp::with_demo().await;
    let mut citizen = app.client();
    let code = send_borrow_request(&mut citizen, "").await;
    // No survey while the request is open.
    let track = citizen.post_form("/track", &[("code", &code)]).await;
    assert!(!track.body.contains("/surveys/answer/"));
    let mut staff = app.client();
    staff.sign_in_as("procurement").await;
    let id = request_by_code(&app, &code).await.id;
    set_status(&mut staff, id, "completed", "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let path = survey_path_of(&mut citizen, &code).await;
    let token = path.rsplit('/').next().unwrap().to_owned();
    // Only a hash of the token is stored.
    let stored = invitation::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token);
    assert_eq!(
        stored[0].token_hash,
        prongsai_surveys::store::hash_token(&token)
    );
    let form = citizen.get(&path).await;
    form.assert_status(StatusCode::OK)
        .assert_contains("type=\"radio\"")
        .assert_contains("name=\"q_overall\"")
        .assert_contains("มากที่สุด");
    // Scores are checked by the question, with what was chosen kept.
    answer(&mut citizen, &path, ["5", "", "9", "4", "5"], "")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณาเลือกระดับความพึงพอใจ 1 ถึง 5")
        .assert_contains("id=\"q_staff-error\"")
        .assert_contains("value=\"5\" checked");
    let r = answer(
        &mut citizen,
        &path,
        ["5", "4", "4", "5", "5"],
        "เจ้าหน้าที่บริการดีมาก",
    )
    .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/surveys/thanks");
    // One answer per service: the link is spent, and says so like an unknown one.
    let again = answer(&mut citizen, &path, ["1", "1", "1", "1", "1"], "").await;
    again.assert_status(StatusCode::NOT_FOUND);
    let unknown = citizen
        .get("/surveys/answer/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .await;
    unknown.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(
        again.body.replace(&path, ""),
        unknown
            .body
            .replace("/surveys/answer/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "")
    );
    let responses = response::Entity::find().all(app.db().conn()).await.unwrap();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].q_staff, 4);
    assert_eq!(responses[0].comment_status, "pending");
    // The response keeps the month only and nothing pointing at the request.
    let month = prongsai_surveys::store::month_of(prongsai_kernel::clock::today_in_thailand());
    assert_eq!(responses[0].month, month);
    assert!(!stored[0].answered);
    assert!(
        invitation::Entity::find()
            .all(app.db().conn())
            .await
            .unwrap()[0]
            .answered
    );
    // The tracking page no longer offers the survey; staff see that it was answered.
    assert!(
        !citizen
            .post_form("/track", &[("code", &code)])
            .await
            .body
            .contains("/surveys/answer/")
    );
    staff
        .get(&format!("/staff/requests/{id}"))
        .await
        .assert_contains("ตอบแล้ว");
}

#[tokio::test]
async fn a_walk_in_gets_a_qr_code_to_the_same_survey() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("clerk").await;
    staff
        .post_form(
            "/staff/counter",
            &[("service", "other"), ("outcome", "completed")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = staff.get("/staff/counter").await;
    let at = page.body.find("/staff/counter/").unwrap();
    let qr_path = page.body[at..at + page.body[at..].find('"').unwrap()].to_owned();
    let qr = staff.get(&qr_path).await;
    let at = qr
        .body
        .find("http://kudjok.localhost/surveys/answer/")
        .unwrap();
    let url = &qr.body[at..at + qr.body[at..].find('"').unwrap()];
    let path = url.trim_start_matches("http://kudjok.localhost").to_owned();
    let mut citizen = app.client();
    answer(&mut citizen, &path, ["4", "4", "3", "4", "4"], "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let r = response::Entity::find().all(app.db().conn()).await.unwrap();
    assert_eq!(r[0].channel, "walk_in");
    assert_eq!(r[0].comment_status, "none");
    // The QR page now says the survey was answered.
    staff.get(&qr_path).await.assert_contains("ได้รับคำตอบแล้ว");
}

#[tokio::test]
async fn the_monthly_summary_is_emailed_to_executives_and_published_with_reviewed_comments() {
    let (app, sink) = TestApp::with_demo_and_mail().await;
    // The mayor has an e-mail address; the other executive (palad) has none.
    let mayor = user::Entity::find()
        .filter(user::Column::Username.eq("mayor"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut a = mayor.into_active_model();
    a.email = Set(Some("mayor@kudjok.example".into()));
    a.update(app.db().conn()).await.unwrap();
    let mut citizen = app.client();
    for (scores, comment) in [
        (["5", "5", "4", "5", "5"], "ขอบคุณที่บริการรวดเร็ว"),
        (["3", "4", "2", "3", "3"], "โทรหาผมที่ 089-999-9999 นายสมชาย"),
    ] {
        let code = completed_request(&app).await;
        let path = survey_path_of(&mut citizen, &code).await;
        answer(&mut citizen, &path, scores, comment)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
    let month = prongsai_surveys::store::month_of(prongsai_kernel::clock::today_in_thailand());
    let code = prongsai_surveys::store::month_code(month);
    // The job of the month: published, and e-mailed once to the mayor.
    let org = app.demo_tenant().await.id;
    prongsai_jobs::enqueue(
        app.db().conn(),
        &prongsai_surveys::jobs::MonthlySurveySummary {
            organization_id: org,
            month,
        },
    )
    .await
    .unwrap();
    app.run_jobs().await;
    app.run_jobs().await;
    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["mayor@kudjok.example".to_owned()]);
    assert!(got[0].subject().contains("สรุปผลการประเมินความพึงพอใจ"));
    let body = got[0].body();
    assert!(body.contains("ผู้ตอบแบบประเมิน 2 ราย"), "{body}");
    assert!(body.contains("เฉลี่ย 4.00 จาก 5"), "{body}");
    assert!(body.contains("งานพัสดุ: 2 ราย"), "{body}");
    assert!(body.contains(&format!("/surveys/{code}")), "{body}");
    // The published page: aggregates with charts, no comment before review.
    let mut public = app.client();
    public
        .get("/surveys")
        .await
        .assert_contains(&format!("href=\"/surveys/{code}\""));
    let page = public.get(&format!("/surveys/{code}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("<svg")
        .assert_contains("aria-labelledby=\"questions-title questions-desc\"")
        .assert_contains("งานพัสดุ")
        .assert_contains("4.00")
        .assert_contains("50.0%");
    assert!(!page.body.contains("ขอบคุณที่บริการรวดเร็ว"));
    // Staff review: one comment approved, the one with personal data hidden.
    let mut head = app.client();
    head.sign_in_as("palad").await;
    let review = head.get("/staff/surveys").await;
    review
        .assert_contains("ขอบคุณที่บริการรวดเร็ว")
        .assert_contains("นายสมชาย");
    let ids: Vec<i64> = response::Entity::find()
        .all(app.db().conn())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .post_form(
            &format!("/staff/surveys/comments/{}", ids[0]),
            &[("action", "approve")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    head.post_form(
        &format!("/staff/surveys/comments/{}", ids[0]),
        &[("action", "approve")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    head.post_form(
        &format!("/staff/surveys/comments/{}", ids[1]),
        &[("action", "hide")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let page = public.get(&format!("/surveys/{code}")).await;
    page.assert_contains("ขอบคุณที่บริการรวดเร็ว")
        .assert_contains("ฉบับที่ 2");
    assert!(!page.body.contains("นายสมชาย") && !page.body.contains("089-999-9999"));
    // Open data: aggregates only, no finer date than the month.
    let json = public.get("/api/v1/surveys").await;
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["data"][0]["month"], code);
    assert_eq!(v["data"][0]["total"]["responses"], 2);
    assert!(!json.body.contains("นายสมชาย"));
    let csv = public.get("/surveys.csv").await;
    csv.assert_contains(&format!("{code},"))
        .assert_contains("งานพัสดุ");
    // Producing the month again (a new answer later) sends no second e-mail.
    head.post_form("/staff/surveys/summaries", &[("month", &code)])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    app.run_jobs().await;
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn six_and_twelve_month_reports_with_a_workbook() {
    let app = TestApp::with_demo().await;
    let mut citizen = app.client();
    let code = completed_request(&app).await;
    let path = survey_path_of(&mut citizen, &code).await;
    answer(&mut citizen, &path, ["4", "4", "4", "4", "4"], "")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let fy = prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand());
    let in_first_half = prongsai_kernel::clock::today_in_thailand() <= fy.half_year_end();
    let mut public = app.client();
    let year = public
        .get(&format!("/surveys/report?fy={}&period=year", fy.be()))
        .await;
    year.assert_status(StatusCode::OK)
        .assert_contains("รอบ 12 เดือน")
        .assert_contains("<svg")
        .assert_contains("งานพัสดุ");
    // Twelve months in the table.
    assert!(year.body.contains("กันยายน") && year.body.contains("ตุลาคม"));
    let half = public
        .get(&format!("/surveys/report?fy={}&period=half", fy.be()))
        .await;
    half.assert_contains("รอบ 6 เดือน (1 ตุลาคม - 31 มีนาคม)");
    assert!(!half.body.contains("เมษายน"));
    public
        .get("/surveys/report?fy=66")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    let (status, _, bytes) = public
        .get_bytes(&format!("/surveys/report.xlsx?fy={}&period=half", fy.be()))
        .await;
    assert_eq!(status, StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&bytes).unwrap();
    assert_eq!(sheets[0].0, "ตามส่วนงาน");
    let rows = &sheets[0].1;
    assert!(rows[0][0].as_text().contains("รอบ 6 เดือน"));
    let total = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c.as_text() == "รวมทั้งหน่วยงาน"))
        .unwrap();
    assert_eq!(total[1].as_text(), if in_first_half { "1" } else { "0" });
    assert_eq!(sheets[1].0, "รายเดือน");
    assert_eq!(
        sheets[1].1.len(),
        2 + 1 + 6,
        "title, blank row, header and six months"
    );
}
