//! `/` and the placeholder pages.

use http::StatusCode;

use crate::util::TestApp;

#[tokio::test]
async fn home_page_names_the_organization_in_thai_and_links_every_service() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.get("/").await;
    r.assert_status(StatusCode::OK)
        .assert_contains("<html lang=\"th\">")
        .assert_contains("องค์การบริหารส่วนตำบลกุดจอก")
        .assert_contains("อำเภอบัวใหญ่ จังหวัดนครราชสีมา");
    for href in [
        "/e-services",
        "/complaints",
        "/corruption-reports",
        "/questions",
        "/ita",
        "/documents",
    ] {
        r.assert_contains(&format!("href=\"{href}\""));
    }
}

#[tokio::test]
async fn every_service_linked_from_the_home_page_answers() {
    // Every capability has landed, so no link may lead to a "coming soon" page or a 404.
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let home = c.get("/").await;
    let hrefs: Vec<String> = home
        .body
        .split("href=\"/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| {
            !h.is_empty() && !h.starts_with("static") && !h.contains('.') && !h.starts_with("lang")
        })
        .map(|h| format!("/{h}"))
        .collect();
    assert!(hrefs.len() >= 12, "{hrefs:?}");
    for href in hrefs {
        let r = c.get(&href).await;
        assert_eq!(r.status, StatusCode::OK, "{href}");
        assert!(
            !r.body.contains("กำลังจะเปิดใช้งาน"),
            "{href} is a placeholder"
        );
    }
}

#[tokio::test]
async fn the_single_organization_serves_any_host_name() {
    let app = TestApp::with_demo().await;
    let mut c = app.client_for("127.0.0.1:8080");
    c.get("/")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("กุดจอก");
}

#[tokio::test]
async fn an_unknown_host_gets_a_clear_404_once_there_are_several_organizations() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;
    let mut c = app.client_for("somewhere-else.example");
    c.get("/")
        .await
        .assert_status(StatusCode::NOT_FOUND)
        .assert_contains("ไม่พบองค์กร");
    // Each organization is found from its own host name.
    let mut k = app.client_for("kudjok.localhost:8080");
    k.get("/").await.assert_contains("กุดจอก");
    let mut n = app.client_for("nongbua.localhost");
    n.get("/")
        .await
        .assert_contains("องค์การบริหารส่วนตำบลnongbua");
}

#[tokio::test]
async fn english_is_one_click_away_and_the_switch_only_redirects_locally() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.get("/lang?to=en&back=/documents").await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/documents");
    assert!(r.header("set-cookie").starts_with("prongsai-lang=en"));
    c.get("/")
        .await
        .assert_contains("<html lang=\"en\">")
        .assert_contains("Kudjok Subdistrict Administrative Organization")
        .assert_contains("Services and information");
    let evil = c.get("/lang?to=th&back=//evil.example/").await;
    assert_eq!(evil.location(), "/");
    let evil = c.get("/lang?to=th&back=https://evil.example/").await;
    assert_eq!(evil.location(), "/");
}
