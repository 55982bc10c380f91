//! Open data of complaint statistics: `/api/v1/complaints/statistics`,
//! `/complaints/statistics.csv` and the Excel workbook `/complaints/statistics.xlsx`.
//! Aggregates only: counts per fiscal year, category, village and month; never a
//! complaint's text, place, name or contact.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use http::HeaderValue;
use http::header::CACHE_CONTROL;
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{bad_param, csv_response, json_response, xlsx_response};
use prongsai_web::listing::{ParamError, parse_list_params};
use prongsai_web::{AppError, AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::stats::{self, Counts, Statistics};

/// The `fy` parameter (other list parameters are refused).
pub fn fiscal_year_param(raw: &HashMap<String, String>) -> Result<Option<i32>, ParamError> {
    let params = parse_list_params(raw, 20, 100)?;
    if params.category.is_some() {
        return Err(ParamError {
            param: "category",
            message: "complaint statistics have no category filter".into(),
        });
    }
    Ok(params.fiscal_year)
}

fn counts_json(c: &Counts) -> Value {
    json!({
        "total": c.total,
        "completed": c.completed,
        "in_progress": c.in_progress,
        "not_accepted": c.not_accepted,
    })
}

/// The JSON of one fiscal year.
pub fn statistics_json(s: &Statistics) -> Value {
    let row = |r: &stats::Row| {
        let mut v = counts_json(&r.counts);
        if let Some(map) = v.as_object_mut() {
            map.insert("name_th".into(), json!(r.label_th));
            map.insert("name_en".into(), json!(r.label_en));
        }
        v
    };
    let mut v = counts_json(&s.counts);
    if let Some(map) = v.as_object_mut() {
        map.insert("fiscal_year".into(), json!(s.fiscal_year));
        map.insert("as_of".into(), json!(s.as_of));
        map.insert("completed_on_time".into(), json!(s.completed_on_time));
        map.insert(
            "median_working_days_to_complete".into(),
            json!(s.median_days),
        );
        map.insert(
            "by_category".into(),
            Value::Array(s.by_category.iter().map(row).collect()),
        );
        map.insert(
            "by_village".into(),
            Value::Array(s.by_village.iter().map(row).collect()),
        );
        map.insert(
            "by_month".into(),
            Value::Array(
                s.by_month
                    .iter()
                    .map(|(m, c)| {
                        let mut v = counts_json(c);
                        if let Some(map) = v.as_object_mut() {
                            map.insert("month".into(), json!(m.format("%Y-%m").to_string()));
                        }
                        v
                    })
                    .collect(),
            ),
        );
    }
    v
}

async fn years_of(state: &AppState, org: i64, fy: Option<i32>) -> AppResult<Vec<Statistics>> {
    let years = match fy {
        Some(y) => vec![y],
        None => stats::fiscal_years(&state.db, org).await?,
    };
    let mut out = Vec::with_capacity(years.len());
    for y in years {
        out.push(stats::statistics(&state.db, org, y).await?);
    }
    Ok(out)
}

/// `GET /api/v1/complaints/statistics[?fy=2569]`: every fiscal year, or one.
pub async fn statistics_api(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fy = match fiscal_year_param(&raw) {
        Ok(fy) => fy,
        Err(e) => return Ok(bad_param(e)),
    };
    let all = years_of(&state, shell.tenant.id, fy).await?;
    Ok(json_response(json!({
        "data": all.iter().map(statistics_json).collect::<Vec<_>>(),
        "meta": { "total": all.len() },
    })))
}

/// `GET /complaints/statistics.csv[?fy=2569]`: one line per figure.
pub async fn statistics_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fy = match fiscal_year_param(&raw) {
        Ok(fy) => fy,
        Err(e) => return Ok(bad_param(e)),
    };
    let all = years_of(&state, shell.tenant.id, fy).await?;
    let mut rows = Vec::new();
    for s in &all {
        let line = |section: &str, th: &str, en: &str, c: &Counts, extra: (String, String)| {
            vec![
                s.fiscal_year.to_string(),
                section.to_owned(),
                th.to_owned(),
                en.to_owned(),
                c.total.to_string(),
                c.completed.to_string(),
                c.in_progress.to_string(),
                c.not_accepted.to_string(),
                extra.0,
                extra.1,
            ]
        };
        rows.push(line(
            "total",
            "ทั้งหมด",
            "All",
            &s.counts,
            (
                s.completed_on_time.to_string(),
                s.median_days.map(|d| format!("{d:.1}")).unwrap_or_default(),
            ),
        ));
        for r in &s.by_category {
            rows.push(line(
                "category",
                &r.label_th,
                &r.label_en,
                &r.counts,
                Default::default(),
            ));
        }
        for r in &s.by_village {
            rows.push(line(
                "village",
                &r.label_th,
                &r.label_en,
                &r.counts,
                Default::default(),
            ));
        }
        for (m, c) in &s.by_month {
            let month = m.format("%Y-%m").to_string();
            rows.push(line("month", &month, &month, c, Default::default()));
        }
    }
    let name = match fy {
        Some(y) => format!("complaint-statistics-{y}.csv"),
        None => "complaint-statistics.csv".to_owned(),
    };
    Ok(csv_response(
        &name,
        &[
            "fiscal_year",
            "section",
            "label_th",
            "label_en",
            "total",
            "completed",
            "in_progress",
            "not_accepted",
            "completed_on_time",
            "median_working_days_to_complete",
        ],
        rows,
    ))
}

/// The title of the statistics of a fiscal year.
pub fn title_th(org_name: &str, s: &Statistics) -> String {
    format!(
        "สถิติเรื่องร้องเรียน/ร้องทุกข์ ประจำปีงบประมาณ พ.ศ. {} {org_name} (ข้อมูล ณ วันที่ {})",
        s.fiscal_year,
        prongsai_thai::format_date(
            s.as_of,
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic
        )
    )
}

fn breakdown_sheet(name: &str, first: &str, title: &str, rows: Vec<(String, Counts)>) -> Sheet {
    Sheet {
        name: name.to_owned(),
        title: Some(title.to_owned()),
        columns: vec![
            Column::new(first, 34.0, ColumnKind::Text),
            Column::new("ทั้งหมด (เรื่อง)", 14.0, ColumnKind::Integer),
            Column::new("ดำเนินการแล้วเสร็จ", 16.0, ColumnKind::Integer),
            Column::new("อยู่ระหว่างดำเนินการ", 18.0, ColumnKind::Integer),
            Column::new("ไม่รับเรื่อง", 12.0, ColumnKind::Integer),
        ],
        rows: rows
            .into_iter()
            .map(|(label, c)| {
                vec![
                    Cell::Text(label),
                    Cell::Int(c.total as i64),
                    Cell::Int(c.completed as i64),
                    Cell::Int(c.in_progress as i64),
                    Cell::Int(c.not_accepted as i64),
                ]
            })
            .collect(),
    }
}

/// The workbook of one fiscal year: a summary and three breakdowns, in Thai.
pub fn statistics_workbook(
    org_name: &str,
    s: &Statistics,
) -> Result<Vec<u8>, prongsai_export::ExportError> {
    let title = title_th(org_name, s);
    let summary = Sheet {
        name: "สรุป".into(),
        title: Some(title.clone()),
        columns: vec![
            Column::new("รายการ", 46.0, ColumnKind::Text),
            Column::new("จำนวน", 14.0, ColumnKind::Integer),
        ],
        rows: vec![
            vec![
                "จำนวนเรื่องร้องเรียนทั้งหมด".into(),
                Cell::Int(s.counts.total as i64),
            ],
            vec![
                "จำนวนเรื่องที่ดำเนินการแล้วเสร็จ".into(),
                Cell::Int(s.counts.completed as i64),
            ],
            vec![
                "จำนวนเรื่องที่อยู่ระหว่างดำเนินการ".into(),
                Cell::Int(s.counts.in_progress as i64),
            ],
            vec![
                "จำนวนเรื่องที่ไม่รับเรื่อง".into(),
                Cell::Int(s.counts.not_accepted as i64),
            ],
            vec![
                "จำนวนเรื่องที่แล้วเสร็จภายในกำหนด".into(),
                Cell::Int(s.completed_on_time as i64),
            ],
            vec![
                "ระยะเวลาดำเนินการ (มัธยฐาน, วันทำการ)".into(),
                s.median_days.map(Cell::Decimal).unwrap_or(Cell::Empty),
            ],
        ],
    };
    let months = s
        .by_month
        .iter()
        .map(|(m, c)| (stats::month_label(*m, false), *c))
        .collect();
    prongsai_export::write_workbook(&[
        summary,
        breakdown_sheet(
            "ตามประเภทเรื่อง",
            "ประเภทเรื่อง",
            &title,
            s.by_category
                .iter()
                .map(|r| (r.label_th.clone(), r.counts))
                .collect(),
        ),
        breakdown_sheet(
            "ตามหมู่บ้าน",
            "หมู่บ้าน",
            &title,
            s.by_village
                .iter()
                .map(|r| (r.label_th.clone(), r.counts))
                .collect(),
        ),
        breakdown_sheet("รายเดือน", "เดือนที่รับเรื่อง", &title, months),
    ])
}

/// `GET /complaints/statistics.xlsx[?fy=2569]` (the current fiscal year by default).
pub async fn statistics_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fy = match fiscal_year_param(&raw) {
        Ok(fy) => fy.unwrap_or_else(stats::current_fiscal_year),
        Err(_) => return Err(AppError::bad_request()),
    };
    let s = stats::statistics(&state.db, shell.tenant.id, fy).await?;
    let bytes = statistics_workbook(&shell.tenant.name_th, &s).map_err(AppError::internal)?;
    let mut r = xlsx_response(bytes, &format!("complaint-statistics-{fy}.xlsx"));
    let h = r.headers_mut();
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(r)
}
