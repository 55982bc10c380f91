//! Every state-changing request needs a valid CSRF token and a same-site origin.

use axum::body::Body;
use http::{Request, StatusCode};

use crate::util::{PDF, TestApp, demo_password};

#[tokio::test]
async fn forms_without_a_valid_token_are_refused() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/").await;
    let pw = demo_password("clerk");
    // No token, then a wrong one: refused before any work is done.
    c.post_form_raw("/login", &[("username", "clerk"), ("password", &pw)])
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .assert_contains("แบบฟอร์มหมดอายุ");
    c.post_form_raw(
        "/login",
        &[
            ("csrf_token", "forged"),
            ("username", "clerk"),
            ("password", &pw),
        ],
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    // A token of another browser does not work with this browser's cookie.
    let mut other = app.client();
    let foreign = other.csrf().await;
    c.post_form_raw(
        "/login",
        &[
            ("csrf_token", &foreign),
            ("username", "clerk"),
            ("password", &pw),
        ],
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    // A browser without the cookie at all is refused too.
    let mut fresh = app.client();
    fresh
        .post_form_raw(
            "/login",
            &[
                ("csrf_token", &foreign),
                ("username", "clerk"),
                ("password", &pw),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // With its own token it works.
    c.sign_in_as("clerk").await;
}

#[tokio::test]
async fn cross_site_posts_are_refused_even_with_a_token() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let token = c.csrf().await;
    let body = serde_urlencoded::to_string([
        ("csrf_token", token.as_str()),
        ("username", "clerk"),
        ("password", "x"),
    ])
    .unwrap();
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("origin", "null"),
    ] {
        let r = c
            .request(
                Request::post("/login")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header(header, value)
                    .body(Body::from(body.clone()))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{header}: {value}");
    }
    // `Origin: null` with Fetch Metadata saying same-origin is a page with a
    // `no-referrer` policy posting to itself: the token decides.
    let r = c
        .request(
            Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "null")
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(body.clone()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Same origin is fine.
    let r = c
        .request(
            Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "http://kudjok.localhost")
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn uploads_need_the_token_too() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("clerk").await;
    let r = c
        .post_form(
            "/staff/documents/new",
            &[
                ("title", "ประกาศ"),
                ("category", "announcement"),
                ("fiscal_year", "2569"),
                ("body", ""),
            ],
        )
        .await;
    let path = r.location().to_owned();
    c.post_file(&format!("{path}/attachments"), "a.pdf", PDF, false)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    c.post_file(&format!("{path}/attachments"), "a.pdf", PDF, true)
        .await
        .assert_status(StatusCode::SEE_OTHER);
}
