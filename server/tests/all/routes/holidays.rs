//! `/staff/holidays`: the days working-day deadlines skip.

use http::StatusCode;

use crate::util::TestApp;

#[tokio::test]
async fn administrators_keep_the_holiday_list_of_each_year() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/holidays")
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    admin
        .get("/staff/holidays?year=2569")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ยังไม่มีวันหยุด");
    admin
        .post_form("/staff/holidays/national", &[("year", "2569")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let page = admin.get("/staff/holidays?year=2569").await;
    page.assert_contains("12 สิงหาคม 2569")
        .assert_contains("วันแม่แห่งชาติ")
        .assert_contains("31 ธันวาคม 2569");
    // A lunar holiday typed the Thai way.
    admin
        .post_form(
            "/staff/holidays",
            &[("date", "3 มี.ค. 2569"), ("name_th", "วันมาฆบูชา")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    admin
        .get("/staff/holidays?year=2569")
        .await
        .assert_contains("3 มีนาคม 2569")
        .assert_contains("วันมาฆบูชา");
    let r = admin
        .post_form(
            "/staff/holidays",
            &[("date", "31 ก.พ. 2569"), ("name_th", "")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ไม่มีในเดือนกุมภาพันธ์")
        .assert_contains("กรุณากรอกชื่อวันหยุด");

    // Deadlines now skip them: 12 Aug 2026 (Wednesday) is a holiday, so Tuesday 11 Aug
    // plus one working day is Thursday 13 Aug.
    let org = app.demo_tenant().await.id;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 8, 11).unwrap();
    let holidays = prongsai_kernel::calendar::holidays_from(app.db().conn(), org, start)
        .await
        .unwrap();
    assert_eq!(
        prongsai_thai::calendar::add_working_days(start, 1, &holidays),
        chrono::NaiveDate::from_ymd_opt(2026, 8, 13).unwrap()
    );

    // Removing one.
    let list = prongsai_kernel::calendar::list_holidays(
        app.db().conn(),
        org,
        start,
        start + chrono::Duration::days(2),
    )
    .await
    .unwrap();
    admin
        .post_form(
            &format!("/staff/holidays/{}/delete", list[0].id),
            &[("year", "2569")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let holidays = prongsai_kernel::calendar::holidays_from(app.db().conn(), org, start)
        .await
        .unwrap();
    assert_eq!(
        prongsai_thai::calendar::add_working_days(start, 1, &holidays),
        chrono::NaiveDate::from_ymd_opt(2026, 8, 12).unwrap()
    );
    // Another organization cannot remove Kudjok's holidays.
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other
        .sign_in("admin", &crate::util::demo_password("admin"))
        .await;
    let any = prongsai_kernel::calendar::list_holidays(
        app.db().conn(),
        org,
        start,
        start + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    other
        .post_form(&format!("/staff/holidays/{}/delete", any[0].id), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
