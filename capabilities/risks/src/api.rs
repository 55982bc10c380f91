//! Open data: `/api/v1/risks`, `/api/v1/risks/{fy}`, `/risks.csv`,
//! `/risks/{fy}/risks.xlsx`, `/risks/{fy}/heat-map.svg`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_error, json_response, origin, xlsx_response};
use prongsai_web::{AppError, AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, AssessmentSnapshot, PublicAssessment};
use crate::web::parse_fy;

fn to_json(base: &str, a: &PublicAssessment) -> Value {
    let s = &a.snapshot;
    let st = &a.record.status;
    json!({
        "fiscal_year": s.fiscal_year,
        "title": s.title,
        "scope": s.scope,
        "assessed_on": s.assessed_on,
        "url": format!("{base}/risks/{}", s.fiscal_year),
        "levels": s.levels.iter().map(|l| json!({
            "code": l.code, "name_th": l.name_th, "name_en": l.name_en,
            "min_score": l.min, "max_score": l.max,
        })).collect::<Vec<_>>(),
        "events": s.events.iter().map(|e| json!({
            "area": { "code": e.area_code, "name_th": e.area_th, "name_en": e.area_en, "bribery": e.bribery },
            "description": e.description,
            "cause": e.cause,
            "existing_controls": e.existing_controls,
            "likelihood": e.likelihood,
            "impact": e.impact,
            "score": e.score,
            "level": e.level_code,
            "measures": e.measures.iter().map(|m| json!({
                "description": m.description,
                "owner": m.owner_th,
                "due_date": m.due_date,
                "status": m.status,
                "six_month_result": m.six_month_result,
                "annual_result": m.annual_result,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "six_month_monitoring": { "as_of": s.monitoring_as_of, "summary": s.monitoring_summary },
        "annual_report": {
            "results": s.annual_results,
            "problems": s.annual_problems,
            "suggestions": s.annual_suggestions,
        },
        "publication": {
            "version": a.record.version.version,
            "first_published_at": st.first_published_at,
            "last_published_at": st.last_published_at,
        },
    })
}

pub async fn list_risks_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_public_assessments(&state.db, shell.tenant.id).await?;
    let data: Vec<Value> = items.iter().map(|a| to_json(&base, a)).collect();
    Ok(json_response(json!({
        "data": data,
        "meta": { "total": items.len() },
    })))
}

async fn published(state: &AppState, org: i64, fy: &str) -> Result<PublicAssessment, Response> {
    let Some(fy) = parse_fy(fy) else {
        return Err(json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "fiscal year: a Buddhist Era year such as 2569",
        ));
    };
    match store::get_public_assessment(&state.db, org, fy).await {
        Ok(a) => Ok(a),
        Err(prongsai_kernel::Error::NotFound) => Err(json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "nothing published for this fiscal year",
        )),
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

pub async fn show_risks_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    match published(&state, shell.tenant.id, &fy).await {
        Ok(a) => Ok(json_response(json!({ "data": to_json(&base, &a) }))),
        Err(r) => Ok(r),
    }
}

/// One row per measure (an event without measures gets one row), the layout of the
/// ITA's "risk events, levels and measures" table.
fn rows(s: &AssessmentSnapshot) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    for (i, e) in s.events.iter().enumerate() {
        let event_cells = vec![
            Cell::Int(s.fiscal_year as i64),
            Cell::Int(i as i64 + 1),
            Cell::Text(e.area_th.clone()),
            Cell::Text(e.description.clone()),
            Cell::Text(e.cause.clone()),
            Cell::Int(e.likelihood as i64),
            Cell::Int(e.impact as i64),
            Cell::Int(e.score as i64),
            Cell::Text(e.level_th.clone()),
        ];
        if e.measures.is_empty() {
            let mut row = event_cells.clone();
            row.extend([
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
            out.push(row);
        }
        for m in &e.measures {
            let mut row = event_cells.clone();
            row.extend([
                Cell::Text(m.description.clone()),
                Cell::Text(m.owner_th.clone()),
                Cell::Date(m.due_date),
                Cell::Text(m.status_th.clone()),
                Cell::Text(m.six_month_result.clone()),
                Cell::Text(m.annual_result.clone()),
            ]);
            out.push(row);
        }
    }
    out
}

const HEADERS: [&str; 15] = [
    "ปีงบประมาณ",
    "ลำดับ",
    "ประเด็นความเสี่ยง",
    "เหตุการณ์ความเสี่ยง",
    "สาเหตุ",
    "โอกาสที่จะเกิด (1-5)",
    "ผลกระทบ (1-5)",
    "คะแนนความเสี่ยง",
    "ระดับความเสี่ยง",
    "มาตรการจัดการความเสี่ยง",
    "ผู้รับผิดชอบ",
    "กำหนดแล้วเสร็จ",
    "สถานะ",
    "ผลการดำเนินการ ณ 31 มีนาคม",
    "ผลการดำเนินการประจำปี",
];

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Money(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Decimal(f) => f.to_string(),
        Cell::Empty => String::new(),
    }
}

pub async fn risks_csv(
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
    let items = store::list_public_assessments(&state.db, shell.tenant.id).await?;
    let all: Vec<Vec<String>> = items
        .iter()
        .filter(|a| fy.is_none_or(|y| a.snapshot.fiscal_year == y))
        .flat_map(|a| rows(&a.snapshot))
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let name = match fy {
        Some(y) => format!("corruption-risks-{y}.csv"),
        None => "corruption-risks.csv".to_owned(),
    };
    Ok(csv_response(&name, &HEADERS, all))
}

pub async fn risks_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let a = match published(&state, shell.tenant.id, &fy).await {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    let s = &a.snapshot;
    let widths = [
        10.0, 6.0, 30.0, 45.0, 30.0, 10.0, 10.0, 10.0, 12.0, 45.0, 25.0, 18.0, 18.0, 40.0, 40.0,
    ];
    let kinds = [
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Paragraph,
        ColumnKind::Paragraph,
        ColumnKind::Paragraph,
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Text,
        ColumnKind::Paragraph,
        ColumnKind::Text,
        ColumnKind::Date,
        ColumnKind::Text,
        ColumnKind::Paragraph,
        ColumnKind::Paragraph,
    ];
    let columns = HEADERS
        .iter()
        .zip(widths)
        .zip(kinds)
        .map(|((h, w), k)| Column::new(*h, w, k))
        .collect();
    let sheet = Sheet {
        name: format!("ความเสี่ยง {}", s.fiscal_year),
        title: Some(format!("{} {}", s.title, shell.tenant.name_th)),
        columns,
        rows: rows(s),
    };
    let bytes = prongsai_export::write_workbook(&[sheet]).map_err(AppError::internal)?;
    Ok(xlsx_response(
        bytes,
        &format!("corruption-risks-{}.xlsx", s.fiscal_year),
    ))
}

pub async fn heat_map_svg(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let a = store::get_public_assessment(&state.db, shell.tenant.id, fy).await?;
    let mut r = a.snapshot.heat_map_svg(shell.is_en()).into_response();
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    Ok(r)
}
