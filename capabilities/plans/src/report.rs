//! A plan's 6-month or annual report as a printed document (PDF for the notice board, DOCX
//! for the clerk to edit) through `prongsai-reports`, built from the published report: one
//! table of the plan's projects with their period, budget, results, problems and suggestions;
//! the totals and the report's own problems and suggestions after it. The anti-corruption
//! action plan's annual report is the ITA's "anti-corruption results" report.

use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_kernel::Tenant;
use prongsai_reports::download::Format;
use prongsai_reports::{ReportColumn, ReportDocument, Row, Topic};
use prongsai_thai::{Digits, MonthStyle, format_baht, format_date};
use prongsai_web::{AppError, AppResult, AppState, Page};

use crate::store::ReportSnapshot;

fn short_date(d: chrono::NaiveDate) -> String {
    format_date(d, MonthStyle::Abbreviated, Digits::Arabic)
}

fn period(start: chrono::NaiveDate, end: chrono::NaiveDate) -> String {
    format!("{} - {}", short_date(start), short_date(end))
}

pub fn document(tenant: &Tenant, s: &ReportSnapshot) -> ReportDocument {
    let rows = s
        .lines
        .iter()
        .map(|l| {
            let mut when = format!("ตามแผน {}", period(l.planned_start, l.planned_end));
            match (l.actual_start, l.actual_end) {
                (Some(a), Some(b)) => when.push_str(&format!("\nดำเนินการจริง {}", period(a, b))),
                (Some(a), None) => when.push_str(&format!("\nเริ่มดำเนินการ {}", short_date(a))),
                _ => {}
            }
            let mut notes = Vec::new();
            if !l.problems.trim().is_empty() {
                notes.push(format!("ปัญหาอุปสรรค: {}", l.problems.trim()));
            }
            if !l.suggestions.trim().is_empty() {
                notes.push(format!("ข้อเสนอแนะ: {}", l.suggestions.trim()));
            }
            Row::new([
                format!("{}. {}\n({})", l.number, l.title, l.division_th),
                when,
                format!(
                    "ได้รับ {}\nใช้จริง {}",
                    format_baht(l.allocated_satang),
                    format_baht(l.spent_satang)
                ),
                format!("ร้อยละ {}\n{}", l.percent, l.result),
                notes.join("\n"),
            ])
        })
        .collect();
    let mut closing = vec![format!(
        "งบประมาณรวม: ได้รับ {} บาท ใช้จริง {} บาท",
        format_baht(s.total_allocated_satang),
        format_baht(s.total_spent_satang)
    )];
    if !s.problems.trim().is_empty() {
        closing.push(format!("ปัญหาอุปสรรค: {}", s.problems.trim()));
    }
    if !s.suggestions.trim().is_empty() {
        closing.push(format!("ข้อเสนอแนะ: {}", s.suggestions.trim()));
    }
    ReportDocument {
        title: s.title_th.clone(),
        subtitle: format!("ข้อมูล ณ วันที่ {}", short_date(s.as_of)),
        fiscal_year: s.fiscal_year,
        organization: tenant.name_th.clone(),
        district: tenant.district_th.clone(),
        province: tenant.province_th.clone(),
        prepared_by: String::new(),
        table_title: s.plan_title.clone(),
        intro: Vec::new(),
        columns: vec![
            ReportColumn::new("โครงการ/กิจกรรม (ผู้รับผิดชอบ)", 26),
            ReportColumn::new("ระยะเวลาดำเนินการ", 16),
            ReportColumn::new("งบประมาณ (บาท)", 14),
            ReportColumn::new("ผลการดำเนินงาน", 26),
            ReportColumn::new("ปัญหาอุปสรรค/ข้อเสนอแนะ", 18),
        ],
        closing,
        sheet_name: format!("รายงาน {}", s.fiscal_year),
        topics: vec![Topic {
            title: s.plan_title.clone(),
            rows,
        }],
    }
}

/// `/plans/{kind}/{fy}/{report}/report.{pdf,docx}` (the XLSX of the report is the table of
/// records at `report.xlsx`).
pub async fn download(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy, rk, file)): Path<(String, String, String, String)>,
) -> AppResult<Response> {
    let format = match file.strip_prefix("report.").and_then(Format::parse) {
        Some(f @ (Format::Pdf | Format::Docx)) => f,
        _ => return Err(AppError::not_found()),
    };
    let r = match crate::api::published_report(&state, shell.tenant.id, &kind, &fy, &rk).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let s = &r.snapshot;
    let doc = document(&shell.tenant, s);
    prongsai_reports::download::respond(
        doc,
        format,
        &format!("report-{}-{}-{}", s.plan_kind, s.fiscal_year, s.report_kind),
        &format!("{}-{}", s.title_th, s.fiscal_year),
    )
    .await
    .map_err(|e| AppError::from(prongsai_kernel::Error::internal(e)))
}
