//! `/healthz`, `/metrics`, static assets, error pages and security headers.

use axum::body::Body;
use http::{Request, StatusCode};

use crate::util::TestApp;

#[tokio::test]
async fn healthz_answers() {
    let app = TestApp::with_demo().await;
    let r = app.client().get("/healthz").await;
    r.assert_status(StatusCode::OK);
    assert_eq!(r.body, "ok\n");
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    for path in ["/", "/login", "/documents", "/no-such-page"] {
        let r = c.get(path).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(r.header("x-frame-options"), "DENY", "{path}");
    }
    // Pages never load anything from another site.
    let home = c.get("/").await;
    assert!(
        !home.body.contains("http://") && !home.body.contains("https://"),
        "third-party reference on the home page"
    );
}

#[tokio::test]
async fn error_pages_speak_the_visitors_language() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/no-such-page")
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .assert_contains("ไม่พบหน้าที่ต้องการ")
        .assert_contains("<html lang=\"th\">");
    c.get("/lang?to=en&back=/").await;
    c.get("/no-such-page")
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .assert_contains("Page not found")
        .assert_contains("<html lang=\"en\">");
    // A malformed path parameter is a clear 400/404, never a crash.
    let r = c.get("/documents/not-a-number").await;
    assert!(
        r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::NOT_FOUND,
        "{}",
        r.status
    );
    assert!(r.header("content-type").starts_with("text/html"));
}

#[tokio::test]
async fn metrics_are_for_the_local_machine_or_a_token_holder() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.get("/").await;
    let r = c.get("/metrics").await;
    r.assert_status(StatusCode::OK)
        .assert_contains("prongsai_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"}")
        .assert_contains("prongsai_jobs{status=\"queued\"}");
    // The same request from another machine (here: no loopback peer) is not answered.
    use tower::ServiceExt;
    let remote = prongsai::app::build_router(app.state.clone()).layer(
        axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from((
            [203, 0, 113, 9],
            5555,
        ))),
    );
    let response = remote
        .oneshot(
            Request::get("/metrics")
                .header("host", "kudjok.localhost")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn static_assets_are_served_from_the_binary() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let css = c.get("/static/app.css").await;
    css.assert_status(StatusCode::OK)
        .assert_contains("@media print");
    assert!(css.header("content-type").starts_with("text/css"));
    c.get("/static/app.js").await.assert_status(StatusCode::OK);
}
