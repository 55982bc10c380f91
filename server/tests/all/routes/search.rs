//! `/search` and `/api/v1/search`.

use http::StatusCode;

use crate::routes::news::publish_news;
use crate::util::{TestApp, TestClient};

async fn publish_document(c: &mut TestClient<'_>, title: &str, body: &str) -> String {
    let path = crate::routes::documents::create_document(c, title, body).await;
    c.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    path
}

#[tokio::test]
async fn thai_search_finds_words_inside_compounds_and_ranks_both_words_first() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    publish_document(
        &mut staff,
        "มาตรการป้องกันการทุจริตและประพฤติมิชอบ",
        "ประกาศใช้มาตรการภายในหน่วยงาน",
    )
    .await;
    publish_document(
        &mut staff,
        "ช่องทางร้องเรียนการทุจริต",
        "แจ้งเรื่องร้องเรียนได้ทางเว็บไซต์",
    )
    .await;
    publish_news(&app, &mut staff, "กิจกรรมวันเด็กแห่งชาติ", "activity", "").await;
    let mut public = app.client();
    let r = public.get("/search?q=ทุจริต").await;
    // The two documents and the demo's published corruption-risk assessment (and maybe
    // the demo's services).
    r.assert_status(StatusCode::OK)
        .assert_contains("href=\"/risks/2569\"")
        .assert_contains("<mark>ทุจริต</mark>")
        .assert_contains("href=\"/documents/");
    // The demo organization's own services may mention the word too; both documents
    // are found, the news item is not.
    assert_eq!(
        r.body.matches("href=\"/documents/").count(),
        2,
        "{}",
        r.body
    );
    assert!(!r.body.contains("วันเด็ก"));
    // Both words of a two-word query rank the page with both first.
    let r = public.get("/search?q=ทุจริต%20ร้องเรียน").await;
    let both = r.body.find("ช่องทาง").unwrap();
    let one = r.body.find("มาตรการป้องกัน").unwrap();
    assert!(both < one, "the page with both words must come first");
}

#[tokio::test]
async fn withdrawn_and_other_organizations_content_is_not_found_and_input_is_escaped() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    let path = publish_news(
        &app,
        &mut staff,
        "ประกาศรับสมัครนักกีฬาตะกร้อ <script>alert(1)</script>",
        "announcement",
        "",
    )
    .await;
    let mut public = app.client();
    let public_path = format!("/news/{}", path.rsplit('/').next().unwrap());
    let r = public.get("/search?q=นักกีฬาตะกร้อ").await;
    let first = r.body.find("class=\"search-hit\"").expect("a hit");
    assert!(
        r.body[first..]
            .split("</li>")
            .next()
            .unwrap()
            .contains(&format!("href=\"{public_path}\"")),
        "the news with the whole phrase comes first"
    );
    assert!(!r.body.contains("<script>alert"));
    // A query with markup is shown as text.
    let r = public.get("/search?q=%3Cscript%3E").await;
    assert!(!r.body.contains("value=\"<script>"));
    staff
        .post_form(&format!("{path}/withdraw"), &[("reason", "ผิดพลาด")])
        .await;
    let withdrawn = public.get("/search?q=นักกีฬาตะกร้อ").await;
    assert!(
        !withdrawn.body.contains(&format!("href=\"{public_path}\"")),
        "a withdrawn item is not found"
    );
    // Another organization's search never sees Kudjok's records.
    publish_news(&app, &mut staff, "ข่าวเฉพาะกุดจอก", "activity", "").await;
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other
        .get("/search?q=ข่าวเฉพาะกุดจอก")
        .await
        .assert_contains("พบ 0 รายการ");
}

#[tokio::test]
async fn the_search_api_answers_json_and_refuses_nonsense() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    publish_news(&app, &mut staff, "โครงการประชุมประชาคม ๒๕๖๖", "activity", "").await;
    let mut c = app.client();
    let r = c.get("/api/v1/search?q=2566").await;
    r.assert_status(StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["meta"]["total"], 1);
    assert_eq!(v["data"][0]["kind"], "news");
    assert!(
        v["data"][0]["title_html"]
            .as_str()
            .unwrap()
            .contains("<mark>๒๕๖๖</mark>")
    );
    c.get("/api/v1/search")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    c.get("/api/v1/search?q=x&page=0")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    c.get("/search?q=x&page=nope")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    c.get("/search").await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn the_published_profile_is_found_by_its_powers_and_duties() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let r = c.get("/search?q=บรรเทาสาธารณภัย").await;
    r.assert_status(StatusCode::OK)
        .assert_contains("href=\"/about\"")
        .assert_contains("<mark>บรรเทาสาธารณภัย</mark>");
}
