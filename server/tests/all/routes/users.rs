//! `/staff/users` and its actions.

use http::StatusCode;

use crate::util::{TestApp, demo_password};

#[tokio::test]
async fn only_administrators_manage_accounts() {
    let app = TestApp::with_demo().await;
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/users")
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .assert_contains("ไม่มีสิทธิ์");
    clerk
        .post_form(
            "/staff/users/new",
            &[
                ("username", "x.y.z"),
                ("display_name", "X"),
                ("roles", "administrator"),
                ("password", "long-enough-pw"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // The clerk's menu does not offer it either.
    let home = clerk.get("/staff").await;
    assert!(!home.body.contains("href=\"/staff/users\""));
}

#[tokio::test]
async fn an_administrator_creates_an_account_that_can_sign_in() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    admin
        .get("/staff/users")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("auditor");
    let r = admin
        .post_form(
            "/staff/users/new",
            &[
                ("username", "somchai.k"),
                ("display_name", "สมชาย ใจดี"),
                ("position_th", "นักวิเคราะห์นโยบายและแผน"),
                ("email", ""),
                ("division_id", ""),
                ("roles", "staff"),
                ("roles", "hr_officer"),
                ("password", "somchai-password-1"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    admin
        .get(r.location())
        .await
        .assert_contains("สมชาย ใจดี")
        .assert_contains("value=\"hr_officer\" checked");
    let mut somchai = app.client();
    somchai
        .sign_in("somchai.k", "somchai-password-1")
        .await
        .assert_status(StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_bad_account_form_comes_back_with_thai_messages_by_each_field() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    let r = admin
        .post_form(
            "/staff/users/new",
            &[
                ("username", "สมชาย"),
                ("display_name", "  "),
                ("email", "not-an-email"),
                ("password", "short"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("id=\"username-error\"")
        .assert_contains("ชื่อผู้ใช้ต้องยาว 3-32 ตัวอักษร")
        .assert_contains("id=\"display_name-error\"")
        .assert_contains("กรุณากรอกชื่อ-นามสกุล")
        .assert_contains("รูปแบบอีเมลไม่ถูกต้อง")
        .assert_contains("รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร")
        .assert_contains("กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท")
        // What was typed is kept (but never the password).
        .assert_contains("value=\"not-an-email\"");
    // A duplicate name is refused by field, too.
    admin
        .post_form(
            "/staff/users/new",
            &[
                ("username", "Clerk"),
                ("display_name", "Someone"),
                ("roles", "staff"),
                ("password", "long-enough-pw"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ชื่อผู้ใช้นี้มีอยู่แล้ว");
}

#[tokio::test]
async fn a_reset_password_is_shown_once_and_must_be_changed() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    let clerk = prongsai_accounts::users::find_user_by_username(
        app.db().conn(),
        app.demo_tenant().await.id,
        "clerk",
    )
    .await
    .unwrap()
    .unwrap();
    let mut clerk_browser = app.client();
    clerk_browser.sign_in_as("clerk").await;
    let r = admin
        .post_form(&format!("/staff/users/{}/reset-password", clerk.id), &[])
        .await;
    r.assert_status(StatusCode::OK)
        .assert_contains("แสดงครั้งเดียว");
    let start = r.body.find("<code class=\"secret\">").unwrap() + "<code class=\"secret\">".len();
    let password = r.body[start..start + 19].to_owned();
    // The clerk's open session has ended.
    assert_eq!(
        clerk_browser.get("/staff").await.status,
        StatusCode::SEE_OTHER
    );
    let mut c = app.client();
    c.sign_in("clerk", &password)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // Every staff page leads to the password change until it is done.
    let r = c.get("/staff").await;
    assert_eq!(r.location(), "/staff/account/password");
    c.get("/staff/account/password")
        .await
        .assert_contains("กรุณาตั้งรหัสผ่านใหม่");
    c.post_form(
        "/staff/account/password",
        &[
            ("current_password", &password),
            ("new_password", "my-own-new-password"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    c.get("/staff").await.assert_status(StatusCode::OK);
    let _ = demo_password;
}

#[tokio::test]
async fn the_last_administrator_cannot_be_removed() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    let me = prongsai_accounts::users::find_user_by_username(
        app.db().conn(),
        app.demo_tenant().await.id,
        "admin",
    )
    .await
    .unwrap()
    .unwrap();
    admin
        .post_form(
            &format!("/staff/users/{}/roles", me.id),
            &[("roles", "staff")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("ต้องมีผู้ดูแลระบบอย่างน้อยหนึ่งคน");
    admin
        .post_form(
            &format!("/staff/users/{}/active", me.id),
            &[("active", "false")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    admin
        .get("/staff/users")
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    let clerk = prongsai_accounts::users::find_user_by_username(
        app.db().conn(),
        app.demo_tenant().await.id,
        "clerk",
    )
    .await
    .unwrap()
    .unwrap();
    admin
        .post_form(
            &format!("/staff/users/{}/active", clerk.id),
            &[("active", "false")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut c = app.client();
    c.sign_in("clerk", &demo_password("clerk"))
        .await
        .assert_status(StatusCode::UNAUTHORIZED)
        .assert_contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
}
