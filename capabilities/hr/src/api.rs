//! Open data: `/api/v1/hr`, `/api/v1/hr/{fy}`, `/hr.csv` (staffing statistics),
//! `/hr/{fy}/report.xlsx` (the annual report's tables).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_error, json_response, origin, xlsx_response};
use prongsai_web::{AppError, AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, PublicYear};
use crate::web::parse_fy;

fn to_json(base: &str, y: &PublicYear) -> Value {
    let s = &y.snapshot;
    json!({
        "fiscal_year": s.fiscal_year,
        "title": store::report_title(s.fiscal_year),
        "url": format!("{base}/hr/{}", s.fiscal_year),
        "staffing": s.staffing.iter().map(|r| json!({
            "position_type": r.position_type, "label_th": r.label_th,
            "allotted": r.allotted, "filled": r.filled, "vacant": r.vacant,
        })).collect::<Vec<_>>(),
        "staffing_total": { "allotted": s.total_allotted(), "filled": s.total_filled(), "vacant": s.total_vacant() },
        "trainings": s.trainings.iter().map(|t| json!({
            "id": t.id, "url": format!("{base}/hr/trainings/{}", t.id),
            "course": t.course, "organiser": t.organiser, "starts_on": t.starts_on, "ends_on": t.ends_on,
            "hours": t.hours,
            "participants": { "executives": t.executives, "officials": t.officials, "permanent": t.permanent,
                "mission": t.mission, "general": t.general, "total": t.total() },
        })).collect::<Vec<_>>(),
        "hr_development_plan": s.plan.as_ref().map(|p| json!({
            "title": p.title, "url": format!("{base}{}", p.url), "report": p.report_kind, "as_of": p.report_as_of,
            "projects": p.projects.iter().map(|j| json!({
                "title": j.title, "budget_baht": j.budget_satang as f64 / 100.0,
                "allocated_baht": j.allocated_satang as f64 / 100.0, "spent_baht": j.spent_satang as f64 / 100.0,
                "percent": j.percent, "result": j.result, "starts_on": j.starts_on, "ends_on": j.ends_on,
                "actual_start": j.actual_start, "actual_end": j.actual_end,
            })).collect::<Vec<_>>(),
        })),
        "problems": s.problems,
        "suggestions": s.suggestions,
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

const STAFFING_HEADERS: [&str; 5] = [
    "ปีงบประมาณ",
    "ประเภทตำแหน่ง",
    "กรอบอัตรากำลัง",
    "มีคนครอง",
    "ว่าง",
];

/// Staffing statistics of every published year, one row per position type.
pub async fn staffing_csv(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_years(&state.db, shell.tenant.id).await?;
    let rows: Vec<Vec<String>> = items
        .iter()
        .flat_map(|y| {
            y.snapshot.staffing.iter().map(|r| {
                vec![
                    y.snapshot.fiscal_year.to_string(),
                    r.label_th.clone(),
                    r.allotted.to_string(),
                    r.filled.to_string(),
                    r.vacant.to_string(),
                ]
            })
        })
        .collect();
    Ok(csv_response("hr-staffing.csv", &STAFFING_HEADERS, rows))
}

pub async fn report_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let y = match published(&state, shell.tenant.id, &fy).await {
        Ok(y) => y,
        Err(r) => return Ok(r),
    };
    let s = &y.snapshot;
    let org = &shell.tenant.name_th;
    let staffing = Sheet {
        name: format!("อัตรากำลัง {}", s.fiscal_year),
        title: Some(format!("สถิติอัตรากำลัง ปีงบประมาณ {} {org}", s.fiscal_year)),
        columns: vec![
            Column::new("ประเภทตำแหน่ง", 30.0, ColumnKind::Text),
            Column::new("กรอบอัตรากำลัง", 14.0, ColumnKind::Integer),
            Column::new("มีคนครอง", 14.0, ColumnKind::Integer),
            Column::new("ว่าง", 14.0, ColumnKind::Integer),
        ],
        rows: s
            .staffing
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.label_th.clone()),
                    Cell::Int(r.allotted.into()),
                    Cell::Int(r.filled.into()),
                    Cell::Int(r.vacant.into()),
                ]
            })
            .collect(),
    };
    let trainings = Sheet {
        name: format!("การฝึกอบรม {}", s.fiscal_year),
        title: Some(format!(
            "การฝึกอบรมของบุคลากร ปีงบประมาณ {} {org}",
            s.fiscal_year
        )),
        columns: vec![
            Column::new("หลักสูตร", 40.0, ColumnKind::Paragraph),
            Column::new("ผู้จัด", 25.0, ColumnKind::Text),
            Column::new("วันที่เริ่ม", 16.0, ColumnKind::Date),
            Column::new("วันที่สิ้นสุด", 16.0, ColumnKind::Date),
            Column::new("ชั่วโมง", 10.0, ColumnKind::Integer),
            Column::new("ผู้บริหาร/สมาชิกสภา", 12.0, ColumnKind::Integer),
            Column::new("พนักงานส่วนตำบล", 12.0, ColumnKind::Integer),
            Column::new("ลูกจ้างประจำ", 12.0, ColumnKind::Integer),
            Column::new("พนักงานจ้างตามภารกิจ", 12.0, ColumnKind::Integer),
            Column::new("พนักงานจ้างทั่วไป", 12.0, ColumnKind::Integer),
            Column::new("รวม", 10.0, ColumnKind::Integer),
        ],
        rows: s
            .trainings
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.course.clone()),
                    Cell::Text(t.organiser.clone()),
                    Cell::Date(t.starts_on),
                    Cell::Date(t.ends_on),
                    Cell::Int(t.hours.into()),
                    Cell::Int(t.executives.into()),
                    Cell::Int(t.officials.into()),
                    Cell::Int(t.permanent.into()),
                    Cell::Int(t.mission.into()),
                    Cell::Int(t.general.into()),
                    Cell::Int(t.total().into()),
                ]
            })
            .collect(),
    };
    let projects = Sheet {
        name: format!("ผลตามแผน {}", s.fiscal_year),
        title: Some(format!(
            "ผลการดำเนินงานตามแผนพัฒนาบุคลากร ปีงบประมาณ {} {org}",
            s.fiscal_year
        )),
        columns: vec![
            Column::new("โครงการ", 40.0, ColumnKind::Paragraph),
            Column::new("งบประมาณที่ได้รับ (บาท)", 16.0, ColumnKind::Money),
            Column::new("ใช้จ่ายจริง (บาท)", 16.0, ColumnKind::Money),
            Column::new("วันที่เริ่ม", 16.0, ColumnKind::Date),
            Column::new("วันที่สิ้นสุด", 16.0, ColumnKind::Date),
            Column::new("ร้อยละ", 10.0, ColumnKind::Integer),
            Column::new("ผลการดำเนินงาน", 40.0, ColumnKind::Paragraph),
        ],
        rows: s
            .plan
            .iter()
            .flat_map(|p| p.projects.iter())
            .map(|j| {
                vec![
                    Cell::Text(j.title.clone()),
                    Cell::Money(j.allocated_satang),
                    Cell::Money(j.spent_satang),
                    Cell::Date(j.actual_start.unwrap_or(j.starts_on)),
                    Cell::Date(j.actual_end.unwrap_or(j.ends_on)),
                    Cell::Int(j.percent.into()),
                    Cell::Text(j.result.clone()),
                ]
            })
            .collect(),
    };
    let bytes = prongsai_export::write_workbook(&[staffing, trainings, projects])
        .map_err(AppError::internal)?;
    Ok(xlsx_response(
        bytes,
        &format!("hr-report-{}.xlsx", s.fiscal_year),
    ))
}
