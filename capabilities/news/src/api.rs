//! Open data and feeds: `/api/v1/news`, `/api/v1/news/{id}`, `/news.csv`,
//! `/news/feed.atom`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_kernel::publication::{ListFilter, PublicationState};
use prongsai_web::api::{
    bad_param, csv_response, json_error, json_response, list_envelope, origin,
};
use prongsai_web::listing::parse_list_params;
use prongsai_web::{AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, PublicNews};

fn to_json(base: &str, n: &PublicNews) -> Value {
    let s = &n.snapshot;
    let st = &n.record.status;
    json!({
        "id": n.id(),
        "title": s.title,
        "summary": s.summary,
        "body": s.body,
        "category": { "code": s.category_code, "name_th": s.category_th, "name_en": s.category_en },
        "event_date": s.event_date,
        "fiscal_year": s.fiscal_year,
        "url": format!("{base}/news/{}", n.id()),
        "cover_url": s.cover.as_ref().map(|c| format!("{base}{}", c.path())),
        "publication": {
            "version": n.record.version.version,
            "first_published_at": st.first_published_at,
            "last_published_at": st.last_published_at,
        },
        "attachments": s.attachments.iter().map(|a| json!({
            "file_name": a.file_name,
            "url": format!("{base}{}", a.path()),
            "content_type": a.content_type,
            "size_bytes": a.size_bytes,
            "sha256": a.sha256,
        })).collect::<Vec<_>>(),
    })
}

pub async fn list_news_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match parse_list_params(&raw, 20, 100) {
        Ok(p) => p,
        Err(e) => return Ok(bad_param(e)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let (items, total) = store::list_public_news(
        &state.db,
        shell.tenant.id,
        &params.filter(),
        params.page_index(),
        params.per_page,
    )
    .await?;
    let data = items.iter().map(|n| to_json(&base, n)).collect();
    Ok(json_response(list_envelope(
        "/api/v1/news",
        &params,
        total,
        data,
    )))
}

pub async fn show_news_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(json_error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "id: must be a number",
        ));
    };
    let base = origin(&headers, state.config.behind_proxy);
    match store::get_public_news(&state.db, shell.tenant.id, id).await {
        Ok(n) if n.record.status.state == PublicationState::Withdrawn => Ok(json_error(
            StatusCode::GONE,
            "withdrawn",
            "this news item was withdrawn from publication",
        )),
        Ok(n) => Ok(json_response(json!({ "data": to_json(&base, &n) }))),
        Err(prongsai_kernel::Error::NotFound) => Ok(prongsai_web::api::not_found()),
        Err(e) => Err(e.into()),
    }
}

pub async fn news_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match parse_list_params(&raw, 20, 100) {
        Ok(p) => p,
        Err(e) => return Ok(bad_param(e)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let records = prongsai_kernel::publication::list_all_published(
        state.db.conn(),
        shell.tenant.id,
        crate::KIND,
        &params.filter(),
    )
    .await?;
    let mut rows = Vec::with_capacity(records.len());
    for r in records {
        let n = PublicNews::from_record(r)?;
        let s = &n.snapshot;
        rows.push(vec![
            n.id().to_string(),
            s.title.clone(),
            s.category_th.clone(),
            s.summary.clone(),
            s.event_date.map(|d| d.to_string()).unwrap_or_default(),
            s.fiscal_year.to_string(),
            n.record
                .status
                .first_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            n.record
                .status
                .last_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            format!("{base}/news/{}", n.id()),
        ]);
    }
    Ok(csv_response(
        "news.csv",
        &[
            "id",
            "title",
            "category",
            "summary",
            "event_date",
            "fiscal_year",
            "first_published_at",
            "last_published_at",
            "url",
        ],
        rows,
    ))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The latest 50 news items as an Atom feed.
pub async fn atom_feed(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let (items, _) =
        store::list_public_news(&state.db, shell.tenant.id, &ListFilter::default(), 0, 50).await?;
    let updated = items
        .iter()
        .filter_map(|n| n.record.status.last_published_at)
        .max()
        .unwrap_or_else(prongsai_kernel::clock::now);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"th\">\n<title>{}</title>\n<subtitle>ข่าวประชาสัมพันธ์</subtitle>\n<id>{base}/news</id>\n<link rel=\"self\" href=\"{base}/news/feed.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/news\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        xml_escape(&format!("ข่าวประชาสัมพันธ์ {}", shell.tenant.name_th)),
        updated.to_rfc3339(),
        xml_escape(&shell.tenant.name_th),
    );
    for n in &items {
        let s = &n.snapshot;
        let url = format!("{base}/news/{}", n.id());
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<category term=\"{}\" label=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&s.title),
            n.record.status.first_published_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            n.record.status.last_published_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            xml_escape(&s.category_code),
            xml_escape(&s.category_th),
            xml_escape(if s.summary.is_empty() { &s.body } else { &s.summary }),
        ));
    }
    xml.push_str("</feed>\n");
    let mut r = xml.into_response();
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(r)
}
