//! `/login`, `/login/code`, `/login/enrol`, `/logout`.

use http::StatusCode;
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::util::{SESSION_COOKIE, TestApp, demo_password};

#[tokio::test]
async fn staff_sign_in_and_out() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    // The staff area sends visitors to the sign-in page, remembering where they were going.
    let r = c.get("/staff/users").await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=/staff/users");
    c.get("/login")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("เข้าสู่ระบบสำหรับเจ้าหน้าที่");
    let r = c.sign_in("clerk", &demo_password("clerk")).await;
    r.assert_status(StatusCode::SEE_OTHER);
    let cookie = r.header("set-cookie");
    assert!(cookie.starts_with("__Host-prongsai-session="), "{cookie}");
    for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(
            cookie.contains(flag),
            "session cookie lacks {flag}: {cookie}"
        );
    }
    c.get("/staff")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("เจ้าหน้าที่งานธุรการ");
    // Staff pages are never cached.
    assert_eq!(c.get("/staff").await.header("cache-control"), "no-store");
    let r = c.post_form("/logout", &[]).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert!(!c.cookies.contains_key(SESSION_COOKIE));
    assert_eq!(c.get("/staff").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_stolen_cookie_is_useless_after_sign_out() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("clerk").await;
    let stolen = c.cookies.get(SESSION_COOKIE).cloned().unwrap();
    c.post_form("/logout", &[]).await;
    let mut thief = app.client();
    thief.cookies.insert(SESSION_COOKIE.into(), stolen);
    assert_eq!(thief.get("/staff").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn failed_sign_ins_get_one_generic_answer() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let unknown = c.sign_in("nobody", "whatever-password").await;
    let wrong = c.sign_in("clerk", "wrong-password-123").await;
    unknown.assert_status(StatusCode::UNAUTHORIZED);
    wrong.assert_status(StatusCode::UNAUTHORIZED);
    let message = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง";
    unknown.assert_contains(message);
    wrong.assert_contains(message);
    // The two pages differ only in the echoed user name.
    assert_eq!(
        unknown.body.replace("nobody", "X"),
        wrong.body.replace("clerk", "X")
    );
    assert!(!c.cookies.contains_key(SESSION_COOKIE));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_name_for_a_while() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    for _ in 0..5 {
        c.sign_in("clerk", "wrong-password-123")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused, with the throttling message.
    let r = c.sign_in("clerk", &demo_password("clerk")).await;
    r.assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("หลายครั้งเกินไป");
    // An account name that does not exist is throttled the same way (no enumeration).
    for _ in 0..5 {
        c.sign_in("ghost.user", "wrong-password-123").await;
    }
    c.sign_in("ghost.user", "wrong-password-123")
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    // Other accounts are unaffected.
    c.sign_in_as("palad").await;
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    let app = TestApp::with_demo().await;
    let users = user::Entity::find().all(app.db().conn()).await.unwrap();
    assert!(users.len() >= 8);
    for u in users {
        assert!(
            u.password_hash.starts_with("$argon2id$v=19$"),
            "{}",
            u.username
        );
        assert!(!u.password_hash.contains(&demo_password(&u.username)));
    }
}

fn current_code(secret: &str) -> String {
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    let step = prongsai_accounts::totp::step_of(chrono::Utc::now().timestamp());
    format!("{:06}", prongsai_accounts::totp::code_at_step(&raw, step))
}

#[tokio::test]
async fn internal_auditors_must_enrol_and_then_use_a_second_factor() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.sign_in("auditor", &demo_password("auditor")).await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login/code"));
    // Half signed in is not signed in.
    assert_eq!(c.get("/staff").await.status, StatusCode::SEE_OTHER);
    let r = c.get("/login/code").await;
    assert_eq!(r.location(), "/login/enrol");
    let page = c.get("/login/enrol").await;
    page.assert_status(StatusCode::OK).assert_contains("<svg");
    let secret = page.input_value("secret").expect("secret field");
    // A wrong code is refused next to the field, and nothing changes.
    c.post_form("/login/enrol", &[("secret", &secret), ("code", "000000")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("รหัสไม่ถูกต้อง");
    let code = current_code(&secret);
    let r = c
        .post_form("/login/enrol", &[("secret", &secret), ("code", &code)])
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/staff");
    c.get("/staff").await.assert_status(StatusCode::OK);
    let stored = user::Entity::find()
        .filter(user::Column::Username.eq("auditor"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.totp_secret.as_deref(), Some(secret.as_str()));

    // Next time: password, then a code; the code just used cannot be replayed.
    c.post_form("/logout", &[]).await;
    c.sign_in("auditor", &demo_password("auditor")).await;
    c.post_form("/login/code", &[("code", &code)])
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    // The next time step's code is accepted (one step of clock drift is allowed).
    let raw = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    let next = format!(
        "{:06}",
        prongsai_accounts::totp::code_at_step(
            &raw,
            prongsai_accounts::totp::step_of(chrono::Utc::now().timestamp()) + 1
        )
    );
    let r = c.post_form("/login/code", &[("code", &next)]).await;
    r.assert_status(StatusCode::SEE_OTHER);
    c.get("/staff").await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn an_administrator_can_require_a_second_factor_for_a_role() {
    let app = TestApp::with_demo().await;
    let mut admin = app.client();
    admin.sign_in_as("admin").await;
    admin
        .get("/staff/security")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("บังคับเสมอ");
    admin
        .post_form("/staff/security", &[("require", "procurement_officer")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut p = app.client();
    let r = p
        .sign_in("procurement", &demo_password("procurement"))
        .await;
    assert!(r.location().starts_with("/login/code"), "{}", r.location());
    assert_eq!(p.get("/login/code").await.location(), "/login/enrol");
    // Unticking every box cannot remove the auditor's mandatory second factor.
    admin.post_form("/staff/security", &[]).await;
    let mut a = app.client();
    let r = a.sign_in("auditor", &demo_password("auditor")).await;
    assert!(r.location().starts_with("/login/code"));
}

#[tokio::test]
async fn users_change_their_own_password_with_the_current_one() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("clerk").await;
    let r = c
        .post_form(
            "/staff/account/password",
            &[("current_password", "wrong"), ("new_password", "short")],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("รหัสผ่านปัจจุบันไม่ถูกต้อง")
        .assert_contains("อย่างน้อย 10 ตัวอักษร");
    c.post_form(
        "/staff/account/password",
        &[
            ("current_password", &demo_password("clerk")),
            ("new_password", "a-new-long-password"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    c.post_form("/logout", &[]).await;
    c.sign_in("clerk", &demo_password("clerk"))
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    c.sign_in("clerk", "a-new-long-password")
        .await
        .assert_status(StatusCode::SEE_OTHER);
}
