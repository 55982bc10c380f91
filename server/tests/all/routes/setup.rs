//! `/setup`: an install started with `--no-demo`.

use http::StatusCode;
use prongsai_kernel::Secret;

use crate::util::TestApp;

#[tokio::test]
async fn a_fresh_install_asks_for_its_first_organization_with_the_console_code() {
    let app = TestApp::empty().await;
    *app.state.setup_token.lock().unwrap() = Some(Secret::new("abcd-efgh-jkmn-pqrs".into()));
    let mut c = app.client_for("portal.example.go.th");
    let r = c.get("/").await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/setup");
    c.get("/setup")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ตั้งค่าระบบครั้งแรก");
    let form = [
        ("setup_token", "wrong-code"),
        ("name_th", "องค์การบริหารส่วนตำบลหนองบัว"),
        ("name_en", ""),
        ("slug", "Nong Bua!"),
        ("kind", "sao"),
        ("subdistrict_th", "หนองบัว"),
        ("district_th", ""),
        ("province_th", "ขอนแก่น"),
        ("username", "admin"),
        ("display_name", "ผู้ดูแล"),
        ("password", "first-admin-password"),
    ];
    let r = c.post_form("/setup", &form).await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("รหัสตั้งค่าไม่ถูกต้อง")
        .assert_contains("ชื่อย่อภาษาอังกฤษใช้ได้เฉพาะ")
        .assert_contains("กรุณากรอกอำเภอ")
        .assert_contains("องค์การบริหารส่วนตำบลหนองบัว");
    // Nothing was written.
    assert_eq!(
        prongsai::app::count_organizations(app.db()).await.unwrap(),
        0
    );
    let mut good = form;
    good[0].1 = "abcd-efgh-jkmn-pqrs";
    good[3].1 = "nongbua";
    good[6].1 = "เมืองขอนแก่น";
    let r = c.post_form("/setup", &good).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    c.get("/")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("องค์การบริหารส่วนตำบลหนองบัว");
    c.sign_in("admin", "first-admin-password")
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // The setup page is closed for good.
    assert_eq!(c.get("/setup").await.location(), "/");
}
