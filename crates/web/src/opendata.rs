//! The organization's open data as a whole: `/open-data` (for people), `/catalog.jsonld`
//! (DCAT), the read-only CKAN Action API subset that harvesters such as data.go.th use
//! (`/api/3/action/package_list`, `package_show`, `package_search`), and the OpenAPI
//! document of `/api/v1/` (`/api/v1/openapi.json`).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use chrono::{DateTime, Utc};
use http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use crate::api::{json_error, json_response, origin};
use crate::error::AppResult;
use crate::extract::Page;
use crate::i18n::Lang;
use crate::manifest::Dataset;
use crate::shell::Shell;
use crate::state::AppState;

/// The licence of everything published, until an organization chooses another:
/// Creative Commons Attribution 4.0, which data.go.th accepts.
pub const LICENCE_ID: &str = "cc-by";
pub const LICENCE_TITLE: &str = "Creative Commons Attribution 4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open-data", get(show_open_data))
        .route("/catalog.jsonld", get(dcat_catalog))
        .route("/api/3/action/package_list", get(ckan_package_list))
        .route("/api/3/action/package_show", get(ckan_package_show))
        .route("/api/3/action/package_search", get(ckan_package_search))
        .route("/api/v1/openapi.json", get(openapi_document))
}

/// A dataset with the facts that change: its update date and fiscal years.
pub struct DatasetInfo {
    pub dataset: Dataset,
    pub modified: Option<DateTime<Utc>>,
    pub fiscal_years: Vec<i32>,
}

impl DatasetInfo {
    pub fn years_label(&self) -> String {
        self.fiscal_years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn dataset_infos(state: &AppState, organization_id: i64) -> AppResult<Vec<DatasetInfo>> {
    let mut out = Vec::with_capacity(state.datasets.len());
    for d in &state.datasets {
        let modified = prongsai_kernel::publication::last_change_of_kind(
            state.db.conn(),
            organization_id,
            d.kind,
        )
        .await?;
        let fiscal_years = prongsai_kernel::publication::list_published_fiscal_years(
            state.db.conn(),
            organization_id,
            d.kind,
        )
        .await?;
        out.push(DatasetInfo {
            dataset: *d,
            modified,
            fiscal_years,
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "open_data.html")]
struct OpenDataPage {
    shell: Shell,
    datasets: Vec<DatasetInfo>,
    licence_title: &'static str,
    licence_url: &'static str,
}

async fn show_open_data(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let datasets = dataset_infos(&state, shell.tenant.id).await?;
    let title = shell.t("opendata.title").to_owned();
    crate::routes::render(&OpenDataPage {
        shell: shell.with_title(title),
        datasets,
        licence_title: LICENCE_TITLE,
        licence_url: LICENCE_URL,
    })
}

fn iso(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Start and end dates of the fiscal years a dataset covers.
fn temporal(years: &[i32]) -> Option<(String, String)> {
    let first = prongsai_thai::FiscalYear::new(*years.iter().min()?);
    let last = prongsai_thai::FiscalYear::new(*years.iter().max()?);
    Some((first.start().to_string(), last.end().to_string()))
}

/// The CKAN package dictionary of a dataset.
fn ckan_package(state: &AppState, shell: &Shell, base: &str, info: &DatasetInfo) -> Value {
    let d = &info.dataset;
    let t = |key: &str| state.locales.get(Lang::Th, key).to_owned();
    let name = format!("{}-{}", shell.tenant.slug, d.name);
    let modified = info.modified.as_ref().map(iso);
    json!({
        "id": name,
        "name": name,
        "type": "dataset",
        "state": "active",
        "title": format!("{} ({})", t(d.title), shell.tenant.name_th),
        "notes": t(d.description),
        "url": format!("{base}{}", d.page),
        "license_id": LICENCE_ID,
        "license_title": LICENCE_TITLE,
        "license_url": LICENCE_URL,
        "metadata_modified": modified,
        "organization": { "name": shell.tenant.slug, "title": shell.tenant.name_th, "type": "organization" },
        "author": shell.tenant.name_th,
        "maintainer": shell.tenant.name_th,
        "tags": d.keywords.iter().map(|k| json!({ "name": k })).collect::<Vec<_>>(),
        "extras": [
            { "key": "fiscal_years", "value": info.years_label() },
            { "key": "publisher", "value": shell.tenant.name_th },
            { "key": "language", "value": "th" },
        ],
        "num_resources": 2,
        "resources": [
            { "id": format!("{name}-csv"), "name": "CSV", "format": "CSV", "mimetype": "text/csv", "url": format!("{base}{}", d.csv), "last_modified": modified },
            { "id": format!("{name}-json"), "name": "JSON API", "format": "JSON", "mimetype": "application/json", "url": format!("{base}{}", d.api), "last_modified": modified },
        ],
    })
}

fn ckan_ok(result: Value) -> Response {
    json_response(
        json!({ "help": "https://docs.ckan.org/en/latest/api/", "success": true, "result": result }),
    )
}

fn ckan_not_found(message: &str) -> Response {
    let mut r = json_error(StatusCode::NOT_FOUND, "not_found", message);
    *r.body_mut() = axum::body::Body::from(
        json!({ "help": "https://docs.ckan.org/en/latest/api/", "success": false, "error": { "__type": "Not Found Error", "message": message } })
            .to_string(),
    );
    r
}

async fn ckan_package_list(State(state): State<AppState>, Page(shell): Page) -> Response {
    let names: Vec<String> = state
        .datasets
        .iter()
        .map(|d| format!("{}-{}", shell.tenant.slug, d.name))
        .collect();
    ckan_ok(json!(names))
}

async fn ckan_package_show(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let Some(id) = q.get("id").or_else(|| q.get("name_or_id")) else {
        return Ok(json_error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "id: missing",
        ));
    };
    let base = origin(&headers, state.config.behind_proxy);
    let infos = dataset_infos(&state, shell.tenant.id).await?;
    Ok(
        match infos.iter().find(|i| {
            format!("{}-{}", shell.tenant.slug, i.dataset.name) == *id || i.dataset.name == id
        }) {
            Some(info) => ckan_ok(ckan_package(&state, &shell, &base, info)),
            None => ckan_not_found("Not found"),
        },
    )
}

async fn ckan_package_search(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    // The error is the message of a 400 answer (a `Response` is too large to return in
    // a `Result`, says clippy).
    let number = |key: &str, default: usize, max: usize| -> Result<usize, String> {
        match q.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| format!("{key}: must be a number up to {max}")),
        }
    };
    let bad = |message: String| json_error(StatusCode::BAD_REQUEST, "bad_request", &message);
    let rows = match number("rows", 10, 1000) {
        Ok(n) => n,
        Err(m) => return Ok(bad(m)),
    };
    let start = match number("start", 0, 1_000_000) {
        Ok(n) => n,
        Err(m) => return Ok(bad(m)),
    };
    let needle = q
        .get("q")
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty() && s != "*:*");
    let base = origin(&headers, state.config.behind_proxy);
    let infos = dataset_infos(&state, shell.tenant.id).await?;
    let packages: Vec<Value> = infos
        .iter()
        .map(|i| ckan_package(&state, &shell, &base, i))
        .filter(|p| match &needle {
            None => true,
            Some(n) => [&p["name"], &p["title"], &p["notes"]].iter().any(|v| {
                v.as_str()
                    .is_some_and(|s| s.to_lowercase().contains(n.as_str()))
            }),
        })
        .collect();
    let count = packages.len();
    let results: Vec<Value> = packages.into_iter().skip(start).take(rows).collect();
    Ok(ckan_ok(
        json!({ "count": count, "results": results, "sort": "score desc, metadata_modified desc", "facets": {} }),
    ))
}

async fn dcat_catalog(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let infos = dataset_infos(&state, shell.tenant.id).await?;
    let publisher = json!({ "@type": "foaf:Organization", "foaf:name": shell.tenant.name_th, "foaf:homepage": { "@id": format!("{base}/") } });
    let t = |key: &str| state.locales.get(Lang::Th, key).to_owned();
    let datasets: Vec<Value> = infos
        .iter()
        .map(|i| {
            let d = &i.dataset;
            let mut ds = json!({
                "@id": format!("{base}/open-data#{}", d.name),
                "@type": "dcat:Dataset",
                "dct:identifier": format!("{}-{}", shell.tenant.slug, d.name),
                "dct:title": { "@language": "th", "@value": t(d.title) },
                "dct:description": { "@language": "th", "@value": t(d.description) },
                "dct:publisher": publisher,
                "dct:license": { "@id": LICENCE_URL },
                "dct:language": "th",
                "dcat:keyword": d.keywords,
                "dcat:landingPage": { "@id": format!("{base}{}", d.page) },
                "prongsai:fiscalYears": i.fiscal_years,
                "dcat:distribution": [
                    { "@type": "dcat:Distribution", "dct:title": "CSV", "dcat:downloadURL": { "@id": format!("{base}{}", d.csv) }, "dcat:mediaType": "text/csv", "dct:format": "CSV", "dct:license": { "@id": LICENCE_URL } },
                    { "@type": "dcat:Distribution", "dct:title": "JSON", "dcat:accessURL": { "@id": format!("{base}{}", d.api) }, "dcat:mediaType": "application/json", "dct:format": "JSON", "dct:license": { "@id": LICENCE_URL } },
                ],
            });
            if let (Some(map), Some(modified)) = (ds.as_object_mut(), i.modified.as_ref()) {
                map.insert("dct:modified".into(), json!({ "@type": "xsd:dateTime", "@value": iso(modified) }));
            }
            if let (Some(map), Some((start, end))) = (ds.as_object_mut(), temporal(&i.fiscal_years)) {
                map.insert("dct:temporal".into(), json!({ "@type": "dct:PeriodOfTime", "dcat:startDate": start, "dcat:endDate": end }));
            }
            ds
        })
        .collect();
    let mut response = json_response(json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "prongsai": format!("{base}/catalog.jsonld#"),
        },
        "@id": format!("{base}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": { "@language": "th", "@value": format!("ข้อมูลเปิดของ{}", shell.tenant.name_th) },
        "dct:publisher": publisher,
        "dct:language": "th",
        "dct:license": { "@id": LICENCE_URL },
        "foaf:homepage": { "@id": format!("{base}/") },
        "dcat:dataset": datasets,
    }));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/ld+json"),
    );
    Ok(response)
}

/// The parts of the OpenAPI document every list shares.
pub fn foundation_openapi() -> Value {
    json!({
        "parameters": {
            "page": { "name": "page", "in": "query", "description": "Page number, from 1", "schema": { "type": "integer", "minimum": 1, "default": 1 } },
            "per_page": { "name": "per_page", "in": "query", "description": "Items per page", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } },
            "fy": { "name": "fy", "in": "query", "description": "Buddhist Era fiscal year (e.g. 2569)", "schema": { "type": "integer", "minimum": 2400, "maximum": 2700 } },
            "category": { "name": "category", "in": "query", "description": "Category code", "schema": { "type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$" } },
            "id": { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }
        },
        "responses": {
            "BadRequest": { "description": "A parameter could not be understood", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
            "NotFound": { "description": "No such record", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        },
        "schemas": {
            "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object", "properties": { "code": { "type": "string" }, "message": { "type": "string" } } } } },
            "Meta": { "type": "object", "properties": { "page": { "type": "integer" }, "per_page": { "type": "integer" }, "total": { "type": "integer" } } },
            "Links": { "type": "object", "properties": { "next": { "type": "string", "nullable": true }, "prev": { "type": "string", "nullable": true } } },
            "Publication": { "type": "object", "description": "When a record was published", "properties": {
                "version": { "type": "integer" },
                "first_published_at": { "type": "string", "format": "date-time" },
                "last_published_at": { "type": "string", "format": "date-time" } } }
        }
    })
}

/// Merges capability fragments: `paths` and `schemas` (and the shared `parameters` and
/// `responses`) into one OpenAPI 3 document.
pub fn merge_openapi(fragments: &[Value]) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let mut parameters = Map::new();
    let mut responses = Map::new();
    for f in fragments {
        for (target, key) in [
            (&mut paths, "paths"),
            (&mut schemas, "schemas"),
            (&mut parameters, "parameters"),
            (&mut responses, "responses"),
        ] {
            if let Some(obj) = f.get(key).and_then(Value::as_object) {
                for (k, v) in obj {
                    target.insert(k.clone(), v.clone());
                }
            }
        }
    }
    json!({
        "paths": paths,
        "components": { "schemas": schemas, "parameters": parameters, "responses": responses },
    })
}

async fn openapi_document(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> Response {
    let base = origin(&headers, state.config.behind_proxy);
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": format!("Open data of {}", if shell.tenant.name_en.is_empty() { &shell.tenant.name_th } else { &shell.tenant.name_en }),
            "description": "Read-only JSON API of everything the organization publishes. Lists are paged (`page`, `per_page`) and may be filtered by Buddhist Era fiscal year (`fy`) and category. Every list is also available as CSV (UTF-8 with BOM).",
            "version": "1",
            "license": { "name": LICENCE_TITLE, "url": LICENCE_URL }
        },
        "servers": [{ "url": base }],
    });
    if let (Some(map), Some(parts)) = (doc.as_object_mut(), state.openapi.as_object()) {
        for (k, v) in parts {
            map.insert(k.clone(), v.clone());
        }
    }
    json_response(doc)
}
