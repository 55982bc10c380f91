//! `/search` and `/api/v1/search`: one search box over everything published.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use http::{HeaderMap, StatusCode};
use prongsai_search::Hit;
use prongsai_web::api::{json_error, json_response, origin};
use prongsai_web::page_cache::PageKey;
use prongsai_web::{AppError, AppResult, AppState, Page, Shell};
use serde_json::json;

const PER_PAGE: u64 = 10;

/// Locale key naming the kind of a hit ("ข่าว", "เอกสาร"...).
fn kind_key(kind: &str) -> String {
    format!("search.kind.{kind}")
}

struct SearchParams {
    q: String,
    page: u64,
}

fn parse(raw: &HashMap<String, String>) -> Result<SearchParams, String> {
    let q: String = raw
        .get("q")
        .map(|q| q.trim().chars().take(200).collect())
        .unwrap_or_default();
    let page = match raw.get("page").map(|p| p.trim()).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => prongsai_thai::to_arabic_digits(p)
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or("page must be a whole number from 1 to 1000")?,
    };
    Ok(SearchParams { q, page })
}

#[derive(Template)]
#[template(path = "portal/search.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    page: u64,
    total: u64,
    hits: Vec<Hit>,
}

impl SearchPage {
    fn kind_key(&self, kind: &str) -> String {
        kind_key(kind)
    }
    fn has_next(&self) -> bool {
        self.page * PER_PAGE < self.total
    }
    fn q_encoded(&self) -> String {
        prongsai_web::error::urlencode(&self.q)
    }
}

pub async fn show_search(
    State(state): State<AppState>,
    Page(shell): Page,
    uri: http::Uri,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = parse(&raw).map_err(|_| AppError::bad_request())?;
    // Results pages are cached like other public pages, until the next publication.
    let key = PageKey::for_request(&shell, &uri, "");
    if let Some(html) = state.pages.get(&key) {
        return Ok(Html(html).into_response());
    }
    let results = if params.q.is_empty() {
        prongsai_search::SearchResults::default()
    } else {
        prongsai_search::search(
            &state.db,
            shell.tenant.id,
            &params.q,
            None,
            params.page - 1,
            PER_PAGE,
        )
        .await?
    };
    let title = if params.q.is_empty() {
        shell.t("portal.search").to_owned()
    } else {
        format!("{}: {}", shell.t("portal.search"), params.q)
    };
    let page = SearchPage {
        shell: shell.with_title(title),
        q: params.q,
        page: params.page,
        total: results.total,
        hits: results.hits,
    };
    let html = bytes::Bytes::from(askama::Template::render(&page)?);
    state.pages.put(key, html.clone());
    Ok(Html(html).into_response())
}

pub async fn search_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match parse(&raw) {
        Ok(p) => p,
        Err(m) => {
            return Ok(json_error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                m.as_str(),
            ));
        }
    };
    if params.q.is_empty() {
        return Ok(json_error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "q: missing",
        ));
    }
    let base = origin(&headers, state.config.behind_proxy);
    let results = prongsai_search::search(
        &state.db,
        shell.tenant.id,
        &params.q,
        None,
        params.page - 1,
        PER_PAGE,
    )
    .await?;
    let data: Vec<_> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "kind": h.kind,
                "id": h.record_id,
                "url": format!("{base}{}", h.url),
                "title_html": h.title_html,
                "snippet_html": h.snippet_html,
                "published_at": h.published_at,
                "fiscal_year": h.fiscal_year,
            })
        })
        .collect();
    Ok(json_response(json!({
        "data": data,
        "meta": { "q": params.q, "page": params.page, "per_page": PER_PAGE, "total": results.total },
    })))
}
