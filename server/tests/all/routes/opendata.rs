//! `/open-data`, `/catalog.jsonld`, the CKAN API subset and `/api/v1/openapi.json`.

use http::StatusCode;
use serde_json::Value;

use crate::routes::news::publish_news;
use crate::util::TestApp;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn the_catalog_lists_every_dataset_with_licence_publisher_date_and_years() {
    let app = TestApp::with_demo().await;
    let mut staff = app.client();
    staff.sign_in_as("palad").await;
    publish_news(&app, &mut staff, "ข่าวในแคตตาล็อก", "activity", "2023-03-01").await;
    let mut c = app.client();
    let r = c.get("/catalog.jsonld").await;
    r.assert_status(StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/ld+json"));
    let v = json(&r.body);
    assert_eq!(v["@type"], "dcat:Catalog");
    let datasets = v["dcat:dataset"].as_array().unwrap();
    let names: Vec<&str> = datasets
        .iter()
        .map(|d| d["dct:identifier"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"kudjok-news") && names.contains(&"kudjok-documents"),
        "{names:?}"
    );
    let news = datasets
        .iter()
        .find(|d| d["dct:identifier"] == "kudjok-news")
        .unwrap();
    assert_eq!(
        news["dct:license"]["@id"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(
        news["dct:publisher"]["foaf:name"],
        "องค์การบริหารส่วนตำบลกุดจอก"
    );
    assert!(news["dct:modified"]["@value"].as_str().is_some());
    assert_eq!(news["prongsai:fiscalYears"], serde_json::json!([2566]));
    assert_eq!(news["dct:temporal"]["dcat:startDate"], "2022-10-01");
    let urls: Vec<&str> = news["dcat:distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dct:format"].as_str().unwrap())
        .collect();
    assert_eq!(urls, vec!["CSV", "JSON"]);
    c.get("/open-data")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ข้อมูลเปิด")
        .assert_contains("href=\"/news.csv\"");
}

#[tokio::test]
async fn the_ckan_action_api_answers_like_ckan() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let list = json(&c.get("/api/3/action/package_list").await.body);
    assert_eq!(list["success"], true);
    assert!(
        list["result"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "kudjok-news")
    );
    let show = c.get("/api/3/action/package_show?id=kudjok-news").await;
    show.assert_status(StatusCode::OK);
    let pkg = json(&show.body);
    assert_eq!(pkg["result"]["license_id"], "cc-by");
    assert_eq!(pkg["result"]["organization"]["name"], "kudjok");
    assert_eq!(pkg["result"]["resources"].as_array().unwrap().len(), 2);
    assert_eq!(
        pkg["result"]["resources"][0]["url"],
        "http://kudjok.localhost/news.csv"
    );
    let missing = c.get("/api/3/action/package_show?id=nope").await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(json(&missing.body)["success"], false);
    let search = json(
        &c.get("/api/3/action/package_search?q=ข่าว&rows=10")
            .await
            .body,
    );
    assert_eq!(search["result"]["count"], 1);
    c.get("/api/3/action/package_search?rows=lots")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_openapi_document_describes_every_list() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    let v = json(&c.get("/api/v1/openapi.json").await.body);
    assert_eq!(v["openapi"], "3.0.3");
    for path in [
        "/api/v1/news",
        "/api/v1/news/{id}",
        "/news.csv",
        "/api/v1/documents",
        "/documents.csv",
    ] {
        assert!(
            v["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    // Every $ref points at something defined.
    let text = v.to_string();
    for (i, _) in text.match_indices("\"$ref\":\"#/components/") {
        let rest = &text[i + 21..];
        let reference = &rest[..rest.find('"').unwrap()];
        let mut node = &v["components"];
        for part in reference.split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "dangling $ref #/components/{reference}");
    }
}
