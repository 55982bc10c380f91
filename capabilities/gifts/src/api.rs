//! Open data: `/api/v1/no-gift`, `/api/v1/no-gift/{fy}`, `/no-gift.csv`,
//! `/no-gift/{fy}/register.xlsx`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_error, json_response, origin, xlsx_response};
use prongsai_web::{AppError, AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, GiftYearSnapshot, PublicYear};
use crate::web::parse_fy;

fn to_json(base: &str, y: &PublicYear) -> Value {
    let s = &y.snapshot;
    json!({
        "fiscal_year": s.fiscal_year,
        "url": format!("{base}/no-gift/{}", s.fiscal_year),
        "declaration": {
            "title_th": s.title_th, "body_th": s.body_th,
            "title_en": s.title_en, "body_en": s.body_en,
            "signature": s.signature.as_ref().map(|g| json!({
                "name": g.name, "position": g.position, "signed_at": g.signed_at,
                "audit_seq": g.audit_seq, "audit_hash": g.audit_hash, "content_sha256": g.content_sha256,
            })),
        },
        "activities": s.activities.iter().map(|a| json!({
            "held_on": a.held_on, "title": a.title, "description": a.description, "participants": a.participants,
        })).collect::<Vec<_>>(),
        "register": s.entries.iter().map(|e| json!({
            "kind": e.kind, "date": e.entry_date, "giver_relation": e.giver_relation,
            "description": e.description, "value_baht": e.value_satang as f64 / 100.0,
            "decision": e.decision, "recipient_position": e.recipient_position,
        })).collect::<Vec<_>>(),
        "months": s.months.iter().map(|m| json!({
            "month": m.month.format("%Y-%m").to_string(), "received": m.received, "refused": m.refused, "nil_report": m.nil_report,
        })).collect::<Vec<_>>(),
        "annual_report": {
            "received": s.received, "refused": s.refused, "value_baht": s.value_satang as f64 / 100.0,
            "nil_report_months": s.nil_months(), "activities": s.activities.len(), "notes": s.annual_notes,
        },
        "publication": {
            "version": y.record.version.version,
            "last_published_at": y.record.status.last_published_at,
        },
    })
}

pub async fn list_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_public_years(&state.db, shell.tenant.id).await?;
    let data: Vec<Value> = items.iter().map(|y| to_json(&base, y)).collect();
    Ok(json_response(
        json!({ "data": data, "meta": { "total": items.len() } }),
    ))
}

async fn published(state: &AppState, org: i64, fy: &str) -> Result<PublicYear, Response> {
    let Some(fy) = parse_fy(fy) else {
        return Err(json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "fiscal year: a Buddhist Era year such as 2569",
        ));
    };
    match store::get_public_year(&state.db, org, fy).await {
        Ok(y) => Ok(y),
        Err(prongsai_kernel::Error::NotFound) => Err(json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "nothing published for this fiscal year",
        )),
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

pub async fn show_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    match published(&state, shell.tenant.id, &fy).await {
        Ok(y) => Ok(json_response(json!({ "data": to_json(&base, &y) }))),
        Err(r) => Ok(r),
    }
}

const HEADERS: [&str; 8] = [
    "ปีงบประมาณ",
    "วันที่",
    "ประเภท",
    "ความสัมพันธ์ของผู้ให้",
    "รายการ",
    "มูลค่า (บาท)",
    "การดำเนินการ",
    "ตำแหน่งผู้รับ",
];

/// The register with one row per nil month too ("ไม่มีการรับของขวัญ").
fn rows(s: &GiftYearSnapshot) -> Vec<Vec<Cell>> {
    let mut out: Vec<(chrono::NaiveDate, Vec<Cell>)> = Vec::new();
    for e in &s.entries {
        out.push((
            e.entry_date,
            vec![
                Cell::Int(s.fiscal_year as i64),
                Cell::Date(e.entry_date),
                Cell::Text(
                    if e.kind == "refused" {
                        "ปฏิเสธ"
                    } else {
                        "รับ"
                    }
                    .to_owned(),
                ),
                Cell::Text(e.giver_relation.clone()),
                Cell::Text(e.description.clone()),
                Cell::Money(e.value_satang),
                Cell::Text(e.decision_th.clone()),
                Cell::Text(e.recipient_position.clone()),
            ],
        ));
    }
    for m in s.months.iter().filter(|m| m.nil_report) {
        out.push((
            m.month,
            vec![
                Cell::Int(s.fiscal_year as i64),
                Cell::Date(m.month),
                Cell::Text("รายงานประจำเดือน".to_owned()),
                Cell::Empty,
                Cell::Text("ไม่มีการรับของขวัญ".to_owned()),
                Cell::Money(0),
                Cell::Empty,
                Cell::Empty,
            ],
        ));
    }
    out.sort_by_key(|(d, _)| *d);
    out.into_iter().map(|(_, r)| r).collect()
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Money(n) => format!("{}.{:02}", n / 100, n % 100),
        Cell::Date(d) => d.to_string(),
        Cell::Decimal(f) => f.to_string(),
        Cell::Empty => String::new(),
    }
}

pub async fn register_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fy = match raw.get("fy").map(String::as_str) {
        None | Some("") => None,
        Some(v) => match parse_fy(v) {
            Some(y) => Some(y),
            None => {
                return Ok(json_error(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "fy: a Buddhist Era year such as 2569",
                ));
            }
        },
    };
    let items = store::list_public_years(&state.db, shell.tenant.id).await?;
    let all: Vec<Vec<String>> = items
        .iter()
        .filter(|y| fy.is_none_or(|f| y.snapshot.fiscal_year == f))
        .flat_map(|y| rows(&y.snapshot))
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    Ok(csv_response("no-gift-register.csv", &HEADERS, all))
}

pub async fn register_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let y = match published(&state, shell.tenant.id, &fy).await {
        Ok(y) => y,
        Err(r) => return Ok(r),
    };
    let s = &y.snapshot;
    let kinds = [
        ColumnKind::Integer,
        ColumnKind::Date,
        ColumnKind::Text,
        ColumnKind::Text,
        ColumnKind::Paragraph,
        ColumnKind::Money,
        ColumnKind::Text,
        ColumnKind::Text,
    ];
    let widths = [10.0, 18.0, 16.0, 25.0, 40.0, 14.0, 30.0, 25.0];
    let sheet = Sheet {
        name: format!("ทะเบียนของขวัญ {}", s.fiscal_year),
        title: Some(format!(
            "ทะเบียนการรับของขวัญและประโยชน์อื่นใด ปีงบประมาณ {} {}",
            s.fiscal_year, shell.tenant.name_th
        )),
        columns: HEADERS
            .iter()
            .zip(widths)
            .zip(kinds)
            .map(|((h, w), k)| Column::new(*h, w, k))
            .collect(),
        rows: rows(s),
    };
    let bytes = prongsai_export::write_workbook(&[sheet]).map_err(AppError::internal)?;
    Ok(xlsx_response(
        bytes,
        &format!("no-gift-register-{}.xlsx", s.fiscal_year),
    ))
}
