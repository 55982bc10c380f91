//! `/news...`, `/staff/news...`, the feed, the API and the CSV.

use http::StatusCode;

use crate::util::{TestApp, TestClient};

/// A tiny valid PNG (1x1).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

async fn category_id(app: &TestApp, code: &str) -> String {
    let cats = prongsai_news::store::list_categories(app.db(), app.demo_tenant().await.id)
        .await
        .unwrap();
    cats.iter().find(|c| c.code == code).unwrap().id.to_string()
}

/// Creates and publishes a news item as `palad`; returns its staff path.
pub async fn publish_news(
    app: &TestApp,
    c: &mut TestClient<'_>,
    title: &str,
    category: &str,
    event_date: &str,
) -> String {
    let cat = category_id(app, category).await;
    let r = c
        .post_form(
            "/staff/news/new",
            &[
                ("title", title),
                ("category_id", &cat),
                ("summary", "สรุปข่าว"),
                ("body", "เนื้อหาข่าวฉบับเต็ม"),
                ("event_date", event_date),
                ("fiscal_year", ""),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let path = r.location().to_owned();
    c.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    path
}

fn id_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}

#[tokio::test]
async fn published_news_has_open_graph_tags_with_absolute_urls_and_a_cover() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    let cat = category_id(&app, "activity").await;
    let r = staff
        .post_form(
            "/staff/news/new",
            &[
                ("title", "โครงการบริการเป็นเลิศ"),
                ("category_id", &cat),
                ("summary", "อบต.กุดจอกจัดอบรมการให้บริการ"),
                ("body", "รายละเอียด"),
                ("event_date", "10 ต.ค. 68"),
                ("fiscal_year", ""),
            ],
        )
        .await;
    let path = r.location().to_owned();
    staff
        .post_file(&format!("{path}/attachments"), "cover.png", PNG, true)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    staff
        .post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await;
    let id = id_of(&path);
    let mut public = app.client();
    let page = public.get(&format!("/news/{id}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("<meta property=\"og:title\" content=\"โครงการบริการเป็นเลิศ\">")
        .assert_contains("<meta property=\"og:description\" content=\"อบต.กุดจอกจัดอบรมการให้บริการ\">")
        .assert_contains(&format!(
            "<meta property=\"og:url\" content=\"http://kudjok.localhost/news/{id}\">"
        ))
        .assert_contains("<meta property=\"og:image\" content=\"http://kudjok.localhost/files/")
        .assert_contains("summary_large_image")
        // The Thai date typed as "10 ต.ค. 68" became 10 October 2025 (FY2569).
        .assert_contains("10 ตุลาคม 2568");
    let api = public.get(&format!("/api/v1/news/{id}")).await;
    api.assert_status(StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["data"]["fiscal_year"], 2569);
    assert_eq!(v["data"]["event_date"], "2025-10-10");
    assert_eq!(v["data"]["category"]["code"], "activity");
    assert!(
        v["data"]["cover_url"]
            .as_str()
            .unwrap()
            .starts_with("http://kudjok.localhost/files/")
    );
}

#[tokio::test]
async fn the_news_list_filters_by_fiscal_year_and_category_and_pages() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    publish_news(&app, &mut staff, "ข่าวปีงบ 2566", "activity", "2023-01-09").await;
    publish_news(
        &app,
        &mut staff,
        "ข่าวปีงบ 2567",
        "announcement",
        "2023-10-05",
    )
    .await;
    for i in 0..13 {
        publish_news(
            &app,
            &mut staff,
            &format!("ข่าวชุด {i}"),
            "service",
            "2025-11-01",
        )
        .await;
    }
    let mut public = app.client();
    let fy66 = public.get("/news?fy=2566").await;
    fy66.assert_contains("ข่าวปีงบ 2566");
    assert!(!fy66.body.contains("ข่าวปีงบ 2567"));
    let ann = public.get("/news?category=announcement").await;
    ann.assert_contains("ข่าวปีงบ 2567");
    assert!(!ann.body.contains("ข่าวชุด"));
    // 15 items, 12 a page: page 2 holds the oldest three.
    let p1 = public.get("/news").await;
    p1.assert_contains("href=\"/news?page=2\"");
    let p2 = public.get("/news?page=2").await;
    p2.assert_contains("ข่าวปีงบ 2566");
    // Nonsense parameters are a clear 400, as a page and as JSON.
    public
        .get("/news?fy=66")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    let bad = public.get("/api/v1/news?page=zero").await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    let v: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert!(v["error"]["message"].as_str().unwrap().starts_with("page"));
    let api = public.get("/api/v1/news?per_page=5&page=2").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["meta"]["total"], 15);
    assert_eq!(v["data"].as_array().unwrap().len(), 5);
    assert_eq!(v["links"]["next"], "/api/v1/news?page=3&per_page=5");
}

#[tokio::test]
async fn the_feed_and_the_csv_carry_the_published_news() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    publish_news(
        &app,
        &mut staff,
        "ประชุมประชาคม \"หมู่ที่ 3\", ครั้งที่ 1",
        "activity",
        "",
    )
    .await;
    let mut public = app.client();
    let feed = public.get("/news/feed.atom").await;
    feed.assert_status(StatusCode::OK)
        .assert_contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
        .assert_contains("ประชุมประชาคม &quot;หมู่ที่ 3&quot;, ครั้งที่ 1");
    assert!(
        feed.header("content-type")
            .starts_with("application/atom+xml")
    );
    let csv = public.get("/news.csv").await;
    csv.assert_status(StatusCode::OK);
    assert!(
        csv.body.starts_with('\u{feff}'),
        "CSV must start with a BOM so Excel reads UTF-8"
    );
    assert!(
        csv.body.contains("\"ประชุมประชาคม \"\"หมู่ที่ 3\"\", ครั้งที่ 1\""),
        "{}",
        csv.body
    );
    assert!(csv.header("content-type").starts_with("text/csv"));
}

#[tokio::test]
async fn the_home_page_shows_the_latest_news_as_soon_as_it_is_published() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    public.get("/").await.assert_contains("ยังไม่มีข่าวที่เผยแพร่");
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    let path = publish_news(&app, &mut staff, "ข่าวบนหน้าแรก", "activity", "").await;
    // The home page is cached, and the publication invalidated it.
    public.get("/").await.assert_contains("ข่าวบนหน้าแรก");
    staff
        .post_form(&format!("{path}/withdraw"), &[("reason", "ลงผิด")])
        .await;
    assert!(!public.get("/").await.body.contains("ข่าวบนหน้าแรก"));
}

#[tokio::test]
async fn cached_news_pages_follow_publication_and_withdrawal() {
    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    let first = publish_news(&app, &mut staff, "ข่าวแรกในแคช", "activity", "").await;
    // Both pages are now rendered once and kept.
    public.get("/news").await.assert_contains("ข่าวแรกในแคช");
    let id = first.rsplit('/').next().unwrap().to_owned();
    let item = format!("/news/{id}");
    public.get(&item).await.assert_status(StatusCode::OK);
    // A second publication shows at once in the cached list.
    publish_news(&app, &mut staff, "ข่าวที่สองหลังแคช", "activity", "").await;
    public
        .get("/news")
        .await
        .assert_contains("ข่าวที่สองหลังแคช")
        .assert_contains("ข่าวแรกในแคช");
    // Withdrawal removes the cached item page and the list entry.
    staff
        .post_form(&format!("{first}/withdraw"), &[("reason", "ลงผิด")])
        .await;
    public.get(&item).await.assert_status(StatusCode::GONE);
    assert!(!public.get("/news").await.body.contains("ข่าวแรกในแคช"));
}

#[tokio::test]
async fn news_forms_validate_in_thai() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("clerk").await;
    let r = staff
        .post_form(
            "/staff/news/new",
            &[
                ("title", ""),
                ("category_id", "99999"),
                ("event_date", "31 ก.พ. 66"),
                ("fiscal_year", "abc"),
            ],
        )
        .await;
    r.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("กรุณากรอกหัวข้อข่าว")
        .assert_contains("กรุณาเลือกหมวดหมู่ข่าว")
        .assert_contains("ไม่มีในเดือนกุมภาพันธ์")
        .assert_contains("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก");
    // Clerks draft but do not publish or add categories.
    staff
        .get("/staff/news/categories")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
