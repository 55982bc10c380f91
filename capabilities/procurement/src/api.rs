//! Downloads and open data of a published fiscal year: the NACC sheet (XLSX), CSV, OCDS
//! release and record packages, and the JSON API.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_web::api::{
    bad_param, csv_response, json_error, json_response, list_envelope, origin,
};
use prongsai_web::listing::parse_list_params;
use prongsai_web::{AppResult, AppState, Page};
use serde_json::json;

use crate::reference::reference_for;
use crate::store::{self, ListSnapshot};

async fn published(state: &AppState, org: i64, fy: &str) -> Result<ListSnapshot, Response> {
    let Ok(fy) = crate::web::parse_year(fy) else {
        return Err(json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such fiscal year",
        ));
    };
    match store::published_list(state.db.conn(), org, fy).await {
        Ok((list, _, _)) => Ok(list),
        Err(prongsai_kernel::Error::NotFound) => Err(json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "nothing published for this fiscal year",
        )),
        Err(e) => {
            tracing_error(&e);
            Err(json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ))
        }
    }
}

fn tracing_error(e: &prongsai_kernel::Error) {
    let _ = prongsai_web::AppError::internal(e);
}

fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    r
}

pub async fn list_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let list = match published(&state, shell.tenant.id, &fy).await {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let (reference, _) = reference_for(list.fiscal_year);
    let bytes = crate::nacc::nacc_xlsx(reference, &list.agency, &list.rows)
        .map_err(prongsai_web::AppError::internal)?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("procurement-{}.xlsx", list.fiscal_year),
    ))
}

pub async fn list_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let list = match published(&state, shell.tenant.id, &fy).await {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let (reference, _) = reference_for(list.fiscal_year);
    let (header, rows) = crate::nacc::csv_rows(reference, &list.agency, &list.rows);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok(csv_response(
        &format!("procurement-{}.csv", list.fiscal_year),
        &header,
        rows,
    ))
}

fn publication<'a>(state: &'a AppState, base: &'a str) -> crate::ocds::Publication<'a> {
    crate::ocds::Publication {
        ocid_prefix: &state.config.ocid_prefix,
        base_url: base,
        published: prongsai_kernel::clock::now(),
        licence_url: prongsai_web::opendata::LICENCE_URL,
    }
}

pub async fn ocds_releases(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let list = match published(&state, shell.tenant.id, &fy).await {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let ocid_prefix = state.config.ocid_prefix.clone();
    let published_at = prongsai_kernel::clock::now();
    // Streamed through a temporary file: a year of 100,000 releases is ~190 MB of JSON.
    let body = prongsai_web::api::spooled_body(move |out| {
        let (reference, _) = reference_for(list.fiscal_year);
        let p = crate::ocds::Publication {
            ocid_prefix: &ocid_prefix,
            base_url: &base,
            published: published_at,
            licence_url: prongsai_web::opendata::LICENCE_URL,
        };
        crate::ocds::write_release_package(
            out,
            &p,
            reference,
            &list.agency,
            list.fiscal_year,
            &list.rows,
        )
    })
    .await
    .map_err(prongsai_web::AppError::internal)?;
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(
        http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(r)
}

pub async fn ocds_records(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let list = match published(&state, shell.tenant.id, &fy).await {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let (reference, _) = reference_for(list.fiscal_year);
    Ok(json_response(crate::ocds::record_package(
        &publication(&state, &base),
        reference,
        &list.agency,
        list.fiscal_year,
        &list.rows,
    )))
}

pub async fn items_json(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match parse_list_params(&raw, 50, 500) {
        Ok(p) => p,
        Err(e) => return Ok(bad_param(e)),
    };
    let list = match published(&state, shell.tenant.id, &fy).await {
        Ok(l) => l,
        Err(r) => return Ok(r),
    };
    let (reference, _) = reference_for(list.fiscal_year);
    let total = list.rows.len() as u64;
    let data = list
        .rows
        .iter()
        .skip(params.page_index().saturating_mul(params.per_page) as usize)
        .take(params.per_page as usize)
        .map(|r| {
            let i = &r.item;
            json!({
                "id": r.id,
                "fiscal_year": i.fiscal_year,
                "item_name": i.item_name,
                "allocated_budget": i.allocated_budget as f64 / 100.0,
                "budget_source": reference.budget_source(&i.budget_source).map(|c| c.name.clone()),
                "status": reference.status(&i.status).map(|c| c.name.clone()),
                "method": reference.method(&i.method).map(|c| c.name.clone()),
                "reference_price": i.reference_price.map(|v| v as f64 / 100.0),
                "agreed_price": i.agreed_price.map(|v| v as f64 / 100.0),
                "vendor_name": i.vendor_name,
                "vendor_tax_id": i.vendor_tax_id,
                "egp_project_number": i.egp_project_number,
                "contract_start": i.contract_start,
                "contract_end": i.contract_end,
            })
        })
        .collect();
    let mut envelope = list_envelope(
        &format!("/api/v1/procurement/{}/items", list.fiscal_year),
        &params,
        total,
        data,
    );
    envelope["meta"]["as_of"] = json!(list.as_of);
    Ok(json_response(envelope))
}
