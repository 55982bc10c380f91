//! Open data: `/api/v1/documents`, `/api/v1/documents/{id}`, `/documents.csv`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_kernel::publication::PublicationState;
use prongsai_web::api::{
    bad_param, csv_response, json_error, json_response, list_envelope, origin,
};
use prongsai_web::listing::parse_list_params;
use prongsai_web::{AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, PublicDocument};

fn to_json(base: &str, d: &PublicDocument) -> Value {
    let s = &d.snapshot;
    let st = &d.record.status;
    json!({
        "id": d.record.record_id,
        "title": s.title,
        "category": s.category,
        "fiscal_year": s.fiscal_year,
        "division": s.division,
        "body": s.body,
        "url": format!("{base}/documents/{}", d.record.record_id),
        "publication": {
            "version": d.record.version.version,
            "first_published_at": st.first_published_at,
            "last_published_at": st.last_published_at,
        },
        "attachments": s.attachments.iter().map(|a| json!({
            "file_name": a.file_name,
            "url": format!("{base}/files/{}/{}", a.id, prongsai_web::error::urlencode(&a.file_name)),
            "content_type": a.content_type,
            "size_bytes": a.size_bytes,
            "sha256": a.sha256,
        })).collect::<Vec<_>>(),
    })
}

pub async fn list_documents_json(
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
    let (docs, total) = store::list_public_documents(
        &state.db,
        shell.tenant.id,
        &params.filter(),
        params.page_index(),
        params.per_page,
    )
    .await?;
    let data = docs.iter().map(|d| to_json(&base, d)).collect();
    Ok(json_response(list_envelope(
        "/api/v1/documents",
        &params,
        total,
        data,
    )))
}

pub async fn show_document_json(
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
    match store::get_public_document(&state.db, shell.tenant.id, id).await {
        Ok(d) if d.record.status.state == PublicationState::Withdrawn => Ok(json_error(
            StatusCode::GONE,
            "withdrawn",
            "this document was withdrawn from publication",
        )),
        Ok(d) => Ok(json_response(json!({ "data": to_json(&base, &d) }))),
        Err(prongsai_kernel::Error::NotFound) => Ok(prongsai_web::api::not_found()),
        Err(e) => Err(e.into()),
    }
}

pub async fn documents_csv(
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
        let d: store::DocumentSnapshot = serde_json::from_value(r.version.snapshot.clone())?;
        rows.push(vec![
            r.record_id.to_string(),
            d.title,
            d.category,
            d.fiscal_year.to_string(),
            d.division.unwrap_or_default(),
            r.status
                .first_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            r.status
                .last_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            r.version.version.to_string(),
            format!("{base}/documents/{}", r.record_id),
            d.attachments
                .iter()
                .map(|a| {
                    format!(
                        "{base}/files/{}/{}",
                        a.id,
                        prongsai_web::error::urlencode(&a.file_name)
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        ]);
    }
    Ok(csv_response(
        "documents.csv",
        &[
            "id",
            "title",
            "category",
            "fiscal_year",
            "division",
            "first_published_at",
            "last_published_at",
            "version",
            "url",
            "attachments",
        ],
        rows,
    ))
}
