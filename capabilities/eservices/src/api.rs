//! Open data: the e-services (`/api/v1/e-services`, `/e-services.csv`) and the service
//! statistics (`/api/v1/statistics`, `/statistics.csv`, `/statistics.xlsx`). Counts and
//! durations only: never a request, a name or a tracking code.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use http::HeaderMap;
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_response, origin};
use prongsai_web::{AppError, AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::stats::{self, Figures, Statistics};
use crate::store;
use crate::web::{StatsQuery, stats_params};

pub async fn eservices_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_public_eservices(state.db.conn(), shell.tenant.id).await?;
    let data: Vec<Value> = items
        .iter()
        .map(|s| {
            let snap = &s.snapshot;
            json!({
                "id": s.id(),
                "title": snap.title,
                "description": snap.description,
                "division": { "name_th": snap.division_th, "name_en": snap.division_en },
                "manual": { "id": snap.manual_id, "title": snap.manual_title, "url": format!("{base}/manuals/{}", snap.manual_id) },
                "expected_time": { "working_days": snap.total.working_days, "minutes": snap.total.minutes, "label_th": snap.total.label(false) },
                "fee": snap.fee,
                "form_version": s.version(),
                "fields": snap.fields.iter().map(|f| json!({
                    "label": f.label, "kind": f.kind, "required": f.required, "options": f.options,
                })).collect::<Vec<_>>(),
                "url": format!("{base}/e-services/{}", s.id()),
                "publication": {
                    "first_published_at": s.record.status.first_published_at,
                    "last_published_at": s.record.status.last_published_at,
                },
            })
        })
        .collect();
    Ok(json_response(json!({ "data": data })))
}

pub async fn eservices_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_public_eservices(state.db.conn(), shell.tenant.id).await?;
    let rows = items.iter().map(|s| {
        let snap = &s.snapshot;
        vec![
            s.id().to_string(),
            snap.title.clone(),
            snap.division_th.clone(),
            snap.manual_title.clone(),
            snap.total.label(false),
            snap.fee.clone(),
            s.version().to_string(),
            format!("{base}/e-services/{}", s.id()),
            format!("{base}/manuals/{}", snap.manual_id),
        ]
    });
    Ok(csv_response(
        "e-services.csv",
        &[
            "id",
            "title",
            "division",
            "manual",
            "expected_time",
            "fee",
            "form_version",
            "url",
            "manual_url",
        ],
        rows.collect::<Vec<_>>(),
    ))
}

fn figures_json(f: &Figures) -> Value {
    json!({
        "walk_in": f.walk_in,
        "online": f.online,
        "total": f.total(),
        "online_completed": f.completed,
        "median_completion_days": f.median_days().map(|d| (d * 10.0).round() / 10.0),
        "on_time_percent": f.on_time_percent().map(|p| (p * 10.0).round() / 10.0),
    })
}

fn params_of(
    raw: &HashMap<String, String>,
) -> AppResult<(prongsai_thai::FiscalYear, prongsai_surveys::store::Period)> {
    stats_params(&StatsQuery {
        fy: raw.get("fy").cloned().unwrap_or_default(),
        period: raw.get("period").cloned().unwrap_or_default(),
    })
}

pub async fn statistics_json(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (fy, period) = match params_of(&raw) {
        Ok(p) => p,
        Err(_) => {
            return Ok(prongsai_web::api::json_error(
                http::StatusCode::BAD_REQUEST,
                "bad_request",
                "fy: a Buddhist Era year such as 2569; period: half or year",
            ));
        }
    };
    let s = stats::compute_statistics(&state.db, shell.tenant.id, fy, period).await?;
    Ok(json_response(json!({
        "fiscal_year": fy.be(),
        "period": period.code(),
        "as_of": s.as_of,
        "total": figures_json(&s.total),
        "months": s.months.iter().map(|(m, f)| json!({ "month": prongsai_surveys::store::month_code(*m), "figures": figures_json(f) })).collect::<Vec<_>>(),
        "services": s.services.iter().map(|r| json!({ "service": r.name_th, "manual_id": r.key, "figures": figures_json(&r.figures) })).collect::<Vec<_>>(),
        "divisions": s.divisions.iter().map(|r| json!({ "name_th": r.name_th, "name_en": r.name_en, "figures": figures_json(&r.figures) })).collect::<Vec<_>>(),
    })))
}

pub async fn statistics_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (fy, period) = params_of(&raw)?;
    let s = stats::compute_statistics(&state.db, shell.tenant.id, fy, period).await?;
    let rows = s.detail.iter().map(|d| {
        vec![
            prongsai_surveys::store::month_code(d.month),
            fy.be().to_string(),
            d.service_th.clone(),
            d.division_th.clone(),
            d.figures.walk_in.to_string(),
            d.figures.online.to_string(),
            d.figures.total().to_string(),
            d.figures.completed.to_string(),
            d.figures
                .median_days()
                .map(|v| format!("{v:.1}"))
                .unwrap_or_default(),
            d.figures
                .on_time_percent()
                .map(|v| format!("{v:.1}"))
                .unwrap_or_default(),
        ]
    });
    Ok(csv_response(
        &format!("service-statistics-{}-{}.csv", fy.be(), period.code()),
        &[
            "month",
            "fiscal_year",
            "service",
            "division",
            "walk_in",
            "online",
            "total",
            "online_completed",
            "median_completion_days",
            "on_time_percent",
        ],
        rows.collect::<Vec<_>>(),
    ))
}

fn figure_cells(f: &Figures) -> Vec<Cell> {
    vec![
        Cell::Int(i64::from(f.walk_in)),
        Cell::Int(i64::from(f.online)),
        Cell::Int(i64::from(f.total())),
        Cell::Int(i64::from(f.completed)),
        f.median_days().map(Cell::Decimal).unwrap_or(Cell::Empty),
        f.on_time_percent()
            .map(Cell::Decimal)
            .unwrap_or(Cell::Empty),
    ]
}

fn figure_columns(first: &str) -> Vec<Column> {
    vec![
        Column::new(first, 36.0, ColumnKind::Text),
        Column::new("ณ จุดบริการ (Walk-in)", 14.0, ColumnKind::Integer),
        Column::new("ออนไลน์ (E-Service)", 14.0, ColumnKind::Integer),
        Column::new("รวม", 10.0, ColumnKind::Integer),
        Column::new("ออนไลน์ที่แล้วเสร็จ", 14.0, ColumnKind::Integer),
        Column::new("ระยะเวลามัธยฐาน (วัน)", 16.0, ColumnKind::Decimal),
        Column::new("แล้วเสร็จตามกำหนด (%)", 16.0, ColumnKind::Decimal),
    ]
}

/// The statistics as a workbook: by month, by service, by division, and the detail.
pub fn statistics_workbook(s: &Statistics) -> AppResult<Vec<u8>> {
    let title = format!(
        "{} (ข้อมูล ณ วันที่ {})",
        s.title(),
        prongsai_thai::format_date(
            s.as_of,
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic
        )
    );
    let mut months: Vec<Vec<Cell>> = s
        .months
        .iter()
        .map(|(m, f)| {
            let mut row = vec![Cell::Text(Statistics::month_name(*m, false))];
            row.extend(figure_cells(f));
            row
        })
        .collect();
    let mut total = vec![Cell::Text("รวม".into())];
    total.extend(figure_cells(&s.total));
    months.push(total);
    let named = |rows: &[stats::Row]| -> Vec<Vec<Cell>> {
        rows.iter()
            .map(|r| {
                let mut row = vec![Cell::Text(r.name_th.clone())];
                row.extend(figure_cells(&r.figures));
                row
            })
            .collect()
    };
    let mut detail_columns = vec![Column::new("เดือน", 18.0, ColumnKind::Text)];
    detail_columns.extend(figure_columns("งานบริการ"));
    detail_columns.insert(2, Column::new("ส่วนงาน", 26.0, ColumnKind::Text));
    let detail: Vec<Vec<Cell>> = s
        .detail
        .iter()
        .map(|d| {
            let mut row = vec![
                Cell::Text(Statistics::month_name(d.month, false)),
                Cell::Text(d.service_th.clone()),
                Cell::Text(d.division_th.clone()),
            ];
            row.extend(figure_cells(&d.figures));
            row
        })
        .collect();
    let sheets = [
        Sheet {
            name: "รายเดือน".into(),
            title: Some(title.clone()),
            columns: figure_columns("เดือน"),
            rows: months,
        },
        Sheet {
            name: "ตามงานบริการ".into(),
            title: Some(title.clone()),
            columns: figure_columns("งานบริการ"),
            rows: named(&s.services),
        },
        Sheet {
            name: "ตามส่วนงาน".into(),
            title: Some(title.clone()),
            columns: figure_columns("ส่วนงาน"),
            rows: named(&s.divisions),
        },
        Sheet {
            name: "รายละเอียด".into(),
            title: Some(title),
            columns: detail_columns,
            rows: detail,
        },
    ];
    prongsai_export::write_workbook(&sheets).map_err(AppError::internal)
}
