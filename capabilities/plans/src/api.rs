//! Downloads and open data: XLSX and CSV of a plan's projects and of each report,
//! `/plans.csv` (every published project), and the JSON API under `/api/v1/plans`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_kernel::publication::ListFilter;
use prongsai_web::api::{csv_response, json_error, json_response, origin};
use prongsai_web::{AppError, AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::kinds::{self, ReportKind};
use crate::store::{self, PlanSnapshot, PublicPlan, PublicReport, ReportSnapshot};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    r
}

fn baht_text(satang: i64) -> String {
    format!("{}.{:02}", satang / 100, (satang % 100).abs())
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A public plan or a 404/410 the way every public page answers.
async fn published_plan(
    state: &AppState,
    org: i64,
    kind: &str,
    fy: &str,
) -> Result<PublicPlan, Response> {
    let not_found = || json_error(StatusCode::NOT_FOUND, "not_found", "no such published plan");
    let Some(k) = kinds::find(kind) else {
        return Err(not_found());
    };
    let Ok(y) = fy.parse::<i32>() else {
        return Err(not_found());
    };
    match store::public_plan(state.db.conn(), org, &k.code, y).await {
        Ok(p) if p.withdrawn() => Err(json_error(
            StatusCode::GONE,
            "withdrawn",
            "this plan was withdrawn from publication",
        )),
        Ok(p) => Ok(p),
        Err(prongsai_kernel::Error::NotFound) => Err(not_found()),
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

pub(crate) async fn published_report(
    state: &AppState,
    org: i64,
    kind: &str,
    fy: &str,
    report: &str,
) -> Result<PublicReport, Response> {
    let plan = published_plan(state, org, kind, fy).await?;
    let Some(rk) = ReportKind::from_code(report) else {
        return Err(prongsai_web::api::not_found());
    };
    match store::public_report(
        state.db.conn(),
        org,
        &plan.snapshot.kind,
        plan.snapshot.fiscal_year,
        rk,
    )
    .await
    {
        Ok(r) if r.withdrawn() => Err(json_error(
            StatusCode::GONE,
            "withdrawn",
            "this report was withdrawn from publication",
        )),
        Ok(r) => Ok(r),
        Err(prongsai_kernel::Error::NotFound) => Err(prongsai_web::api::not_found()),
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

// ---------- plan projects ----------

pub const PROJECT_HEADERS: [&str; 10] = [
    "ลำดับ",
    "โครงการ/กิจกรรม",
    "วัตถุประสงค์",
    "ผลผลิต/ตัวชี้วัด",
    "งบประมาณ (บาท)",
    "แหล่งงบประมาณ",
    "วันเริ่มต้น",
    "วันสิ้นสุด",
    "หน่วยงานที่รับผิดชอบ",
    "ปีงบประมาณ",
];

pub fn plan_sheet(org_name: &str, s: &PlanSnapshot) -> Sheet {
    let kinds = [
        (0, 8.0, ColumnKind::Integer),
        (1, 45.0, ColumnKind::Paragraph),
        (2, 35.0, ColumnKind::Paragraph),
        (3, 35.0, ColumnKind::Paragraph),
        (4, 16.0, ColumnKind::Money),
        (5, 24.0, ColumnKind::Text),
        (6, 18.0, ColumnKind::Date),
        (7, 18.0, ColumnKind::Date),
        (8, 26.0, ColumnKind::Text),
        (9, 10.0, ColumnKind::Integer),
    ];
    let mut rows: Vec<Vec<Cell>> = s
        .projects
        .iter()
        .map(|p| {
            vec![
                Cell::Int(p.number as i64),
                Cell::Text(p.title.clone()),
                Cell::Text(p.objective.clone()),
                Cell::Text(p.outputs.clone()),
                Cell::Money(p.budget_satang),
                Cell::Text(p.budget_source.clone()),
                Cell::Date(p.starts_on),
                Cell::Date(p.ends_on),
                Cell::Text(p.division_th.clone()),
                Cell::Int(s.fiscal_year as i64),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Empty,
        Cell::Text("รวม".into()),
        Cell::Empty,
        Cell::Empty,
        Cell::Money(s.total_budget_satang),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]);
    Sheet {
        name: prongsai_export::safe_sheet_name(&format!("โครงการ {}", s.fiscal_year)),
        title: Some(format!("{} {}", s.title, org_name)),
        columns: kinds
            .iter()
            .map(|(i, w, k)| Column::new(PROJECT_HEADERS[*i], *w, *k))
            .collect(),
        rows,
    }
}

fn plan_csv_rows(s: &PlanSnapshot) -> Vec<Vec<String>> {
    s.projects
        .iter()
        .map(|p| {
            vec![
                p.number.to_string(),
                p.title.clone(),
                p.objective.clone(),
                p.outputs.clone(),
                baht_text(p.budget_satang),
                p.budget_source.clone(),
                p.starts_on.to_string(),
                p.ends_on.to_string(),
                p.division_th.clone(),
                s.fiscal_year.to_string(),
            ]
        })
        .collect()
}

pub async fn plan_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy)): Path<(String, String)>,
) -> AppResult<Response> {
    let plan = match published_plan(&state, shell.tenant.id, &kind, &fy).await {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let sheet = plan_sheet(shell.org_name(), &plan.snapshot);
    let bytes = prongsai_export::write_workbook(&[sheet]).map_err(AppError::internal)?;
    Ok(download(
        bytes,
        XLSX,
        &format!(
            "plan-{}-{}.xlsx",
            plan.snapshot.kind, plan.snapshot.fiscal_year
        ),
    ))
}

pub async fn plan_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy)): Path<(String, String)>,
) -> AppResult<Response> {
    let plan = match published_plan(&state, shell.tenant.id, &kind, &fy).await {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    Ok(csv_response(
        &format!(
            "plan-{}-{}.csv",
            plan.snapshot.kind, plan.snapshot.fiscal_year
        ),
        &PROJECT_HEADERS,
        plan_csv_rows(&plan.snapshot),
    ))
}

/// Every project of every published plan, one row each (the open-data dataset).
pub async fn all_projects_csv(
    State(state): State<AppState>,
    Page(shell): Page,
) -> AppResult<Response> {
    let plans =
        store::list_public_plans(state.db.conn(), shell.tenant.id, &ListFilter::default()).await?;
    let mut rows = Vec::new();
    for p in &plans {
        for mut r in plan_csv_rows(&p.snapshot) {
            r.insert(0, p.snapshot.kind.clone());
            r.insert(1, p.snapshot.kind_th.clone());
            rows.push(r);
        }
    }
    let mut headers = vec!["plan_kind", "ประเภทแผน"];
    headers.extend(PROJECT_HEADERS);
    Ok(csv_response("plans.csv", &headers, rows))
}

// ---------- reports ----------

pub const REPORT_HEADERS: [&str; 13] = [
    "ลำดับ",
    "โครงการ/กิจกรรม",
    "หน่วยงานที่รับผิดชอบ",
    "ร้อยละความก้าวหน้า",
    "ผลการดำเนินงาน",
    "งบประมาณที่ได้รับจัดสรร (บาท)",
    "งบประมาณที่ใช้จ่าย (บาท)",
    "วันที่เริ่มตามแผน",
    "วันที่สิ้นสุดตามแผน",
    "วันที่เริ่มดำเนินการจริง",
    "วันที่สิ้นสุดการดำเนินการจริง",
    "ปัญหา/อุปสรรค",
    "ข้อเสนอแนะ",
];

pub fn report_sheet(org_name: &str, s: &ReportSnapshot) -> Vec<Sheet> {
    let widths = [
        (8.0, ColumnKind::Integer),
        (40.0, ColumnKind::Paragraph),
        (24.0, ColumnKind::Text),
        (12.0, ColumnKind::Integer),
        (40.0, ColumnKind::Paragraph),
        (18.0, ColumnKind::Money),
        (18.0, ColumnKind::Money),
        (18.0, ColumnKind::Date),
        (18.0, ColumnKind::Date),
        (18.0, ColumnKind::Date),
        (18.0, ColumnKind::Date),
        (30.0, ColumnKind::Paragraph),
        (30.0, ColumnKind::Paragraph),
    ];
    let opt = |d: Option<chrono::NaiveDate>| d.map(Cell::Date).unwrap_or(Cell::Empty);
    let mut rows: Vec<Vec<Cell>> = s
        .lines
        .iter()
        .map(|l| {
            vec![
                Cell::Int(l.number as i64),
                Cell::Text(l.title.clone()),
                Cell::Text(l.division_th.clone()),
                Cell::Int(l.percent as i64),
                Cell::Text(l.result.clone()),
                Cell::Money(l.allocated_satang),
                Cell::Money(l.spent_satang),
                Cell::Date(l.planned_start),
                Cell::Date(l.planned_end),
                opt(l.actual_start),
                opt(l.actual_end),
                Cell::Text(l.problems.clone()),
                Cell::Text(l.suggestions.clone()),
            ]
        })
        .collect();
    let mut total = vec![Cell::Empty; REPORT_HEADERS.len()];
    total[1] = Cell::Text("รวม".into());
    total[5] = Cell::Money(s.total_allocated_satang);
    total[6] = Cell::Money(s.total_spent_satang);
    rows.push(total);
    let as_of = prongsai_thai::format_date(
        s.as_of,
        prongsai_thai::MonthStyle::Full,
        prongsai_thai::Digits::Arabic,
    );
    vec![
        Sheet {
            name: prongsai_export::safe_sheet_name("ผลการดำเนินงาน"),
            title: Some(format!("{} {} (ข้อมูล ณ วันที่ {as_of})", s.title_th, org_name)),
            columns: REPORT_HEADERS
                .iter()
                .zip(widths)
                .map(|(h, (w, k))| Column::new(*h, w, k))
                .collect(),
            rows,
        },
        Sheet {
            name: prongsai_export::safe_sheet_name("ปัญหาและข้อเสนอแนะ"),
            title: Some(s.title_th.clone()),
            columns: vec![
                Column::new("หัวข้อ", 20.0, ColumnKind::Text),
                Column::new("รายละเอียด", 90.0, ColumnKind::Paragraph),
            ],
            rows: vec![
                vec![Cell::from("ปัญหา/อุปสรรค"), Cell::Text(s.problems.clone())],
                vec![Cell::from("ข้อเสนอแนะ"), Cell::Text(s.suggestions.clone())],
            ],
        },
    ]
}

pub async fn report_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy, rk)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let r = match published_report(&state, shell.tenant.id, &kind, &fy, &rk).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let bytes = prongsai_export::write_workbook(&report_sheet(shell.org_name(), &r.snapshot))
        .map_err(AppError::internal)?;
    Ok(download(
        bytes,
        XLSX,
        &format!(
            "report-{}-{}-{}.xlsx",
            r.snapshot.plan_kind, r.snapshot.fiscal_year, r.snapshot.report_kind
        ),
    ))
}

pub async fn report_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy, rk)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let r = match published_report(&state, shell.tenant.id, &kind, &fy, &rk).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let rows: Vec<Vec<String>> = r
        .snapshot
        .lines
        .iter()
        .map(|l| {
            vec![
                l.number.to_string(),
                l.title.clone(),
                l.division_th.clone(),
                l.percent.to_string(),
                l.result.clone(),
                baht_text(l.allocated_satang),
                baht_text(l.spent_satang),
                l.planned_start.to_string(),
                l.planned_end.to_string(),
                date_text(l.actual_start),
                date_text(l.actual_end),
                l.problems.clone(),
                l.suggestions.clone(),
            ]
        })
        .collect();
    Ok(csv_response(
        &format!(
            "report-{}-{}-{}.csv",
            r.snapshot.plan_kind, r.snapshot.fiscal_year, r.snapshot.report_kind
        ),
        &REPORT_HEADERS,
        rows,
    ))
}

// ---------- JSON ----------

fn plan_summary(base: &str, p: &PublicPlan, reports: &[PublicReport]) -> Value {
    let s = &p.snapshot;
    json!({
        "kind": s.kind,
        "kind_name": { "th": s.kind_th, "en": s.kind_en },
        "fiscal_year": s.fiscal_year,
        "title": s.title,
        "approved_on": s.approved_on,
        "project_count": s.projects.len(),
        "total_budget": baht_text(s.total_budget_satang),
        "total_budget_satang": s.total_budget_satang,
        "url": format!("{base}{}", p.url()),
        "api": format!("{base}/api/v1{}", p.url()),
        "publication": {
            "version": p.record.version.version,
            "first_published_at": p.record.status.first_published_at,
            "last_published_at": p.record.status.last_published_at,
        },
        "reports": reports.iter().map(|r| json!({
            "kind": r.snapshot.report_kind,
            "title": r.snapshot.title_th,
            "as_of": r.snapshot.as_of,
            "url": format!("{base}{}", r.url()),
            "api": format!("{base}/api/v1{}", r.url()),
        })).collect::<Vec<_>>(),
    })
}

pub async fn list_plans_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let org = shell.tenant.id;
    let plans = store::list_public_plans(state.db.conn(), org, &ListFilter::default()).await?;
    let mut data = Vec::with_capacity(plans.len());
    for p in &plans {
        let reports = store::public_reports_of(state.db.conn(), org, p.plan_id).await?;
        data.push(plan_summary(&base, p, &reports));
    }
    Ok(json_response(json!({ "data": data, "total": data.len() })))
}

pub async fn plan_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path((kind, fy)): Path<(String, String)>,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let org = shell.tenant.id;
    let p = match published_plan(&state, org, &kind, &fy).await {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let reports = store::public_reports_of(state.db.conn(), org, p.plan_id).await?;
    let mut v = plan_summary(&base, &p, &reports);
    v["notes"] = json!(p.snapshot.notes);
    v["projects"] = json!(
        p.snapshot
            .projects
            .iter()
            .map(|x| json!({
                "number": x.number,
                "title": x.title,
                "objective": x.objective,
                "outputs": x.outputs,
                "budget": baht_text(x.budget_satang),
                "budget_satang": x.budget_satang,
                "budget_source": x.budget_source,
                "starts_on": x.starts_on,
                "ends_on": x.ends_on,
                "division": { "th": x.division_th, "en": x.division_en },
            }))
            .collect::<Vec<_>>()
    );
    Ok(json_response(json!({ "data": v })))
}

pub async fn report_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path((kind, fy, rk)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let r = match published_report(&state, shell.tenant.id, &kind, &fy, &rk).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let s = &r.snapshot;
    Ok(json_response(json!({ "data": {
        "plan_kind": s.plan_kind,
        "plan_title": s.plan_title,
        "fiscal_year": s.fiscal_year,
        "kind": s.report_kind,
        "title": { "th": s.title_th, "en": s.title_en },
        "as_of": s.as_of,
        "url": format!("{base}{}", r.url()),
        "problems": s.problems,
        "suggestions": s.suggestions,
        "total_allocated": baht_text(s.total_allocated_satang),
        "total_spent": baht_text(s.total_spent_satang),
        "publication": {
            "version": r.record.version.version,
            "first_published_at": r.record.status.first_published_at,
            "last_published_at": r.record.status.last_published_at,
        },
        "projects": s.lines.iter().map(|l| json!({
            "number": l.number,
            "title": l.title,
            "division": { "th": l.division_th, "en": l.division_en },
            "percent": l.percent,
            "result": l.result,
            "allocated": baht_text(l.allocated_satang),
            "allocated_satang": l.allocated_satang,
            "spent": baht_text(l.spent_satang),
            "spent_satang": l.spent_satang,
            "planned_start": l.planned_start,
            "planned_end": l.planned_end,
            "actual_start": l.actual_start,
            "actual_end": l.actual_end,
            "problems": l.problems,
            "suggestions": l.suggestions,
        })).collect::<Vec<_>>(),
    }})))
}
