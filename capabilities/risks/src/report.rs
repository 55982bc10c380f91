//! The annual risk-management report (รายงานผลการบริหารจัดการความเสี่ยงการทุจริต) as PDF,
//! DOCX and XLSX through `prongsai-reports`, built from the published assessment: one table
//! per risk area, one row per risk event with its level, measures, the 6-month follow-up and
//! the year's results; the year's results, problems and suggestions after the tables.

use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_kernel::Tenant;
use prongsai_reports::download::Format;
use prongsai_reports::{ReportColumn, ReportDocument, Row, Topic};
use prongsai_thai::{Digits, MonthStyle, format_date};
use prongsai_web::{AppError, AppResult, AppState, Page};

use crate::store::{self, AssessmentSnapshot};
use crate::web::parse_fy;

pub const TITLE: &str = "รายงานผลการบริหารจัดการความเสี่ยงการทุจริต";

fn short_date(d: chrono::NaiveDate) -> String {
    format_date(d, MonthStyle::Abbreviated, Digits::Arabic)
}

/// Numbered lines, one per measure, from `f` (measures without the text are skipped).
fn numbered(lines: impl Iterator<Item = String>) -> String {
    lines
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| format!("{}. {}", i + 1, l.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn document(tenant: &Tenant, s: &AssessmentSnapshot) -> ReportDocument {
    let mut topics: Vec<Topic> = Vec::new();
    for e in &s.events {
        let title = if e.bribery {
            format!("{} (ประเด็นสินบน)", e.area_th)
        } else {
            e.area_th.clone()
        };
        let row = Row::new([
            if e.cause.trim().is_empty() {
                e.description.clone()
            } else {
                format!("{}\nสาเหตุ: {}", e.description, e.cause)
            },
            format!(
                "{}\nโอกาส {} × ผลกระทบ {} = {}",
                e.level_th, e.likelihood, e.impact, e.score
            ),
            numbered(e.measures.iter().map(|m| {
                format!(
                    "{} ({} ภายใน {})",
                    m.description,
                    m.owner_th,
                    short_date(m.due_date)
                )
            })),
            numbered(e.measures.iter().map(|m| m.six_month_result.clone())),
            numbered(e.measures.iter().map(|m| {
                if m.annual_result.trim().is_empty() {
                    m.status_th.clone()
                } else {
                    format!("{} ({})", m.annual_result, m.status_th)
                }
            })),
        ]);
        match topics.iter_mut().find(|t| t.title == title) {
            Some(t) => t.rows.push(row),
            None => topics.push(Topic {
                title,
                rows: vec![row],
            }),
        }
    }
    let mut closing = Vec::new();
    for (label, text) in [
        (
            format!(
                "ผลการติดตามรอบ 6 เดือน (ณ วันที่ {})",
                short_date(s.monitoring_as_of)
            ),
            &s.monitoring_summary,
        ),
        ("ผลการดำเนินงานในภาพรวม".to_owned(), &s.annual_results),
        ("ปัญหาอุปสรรค".to_owned(), &s.annual_problems),
        ("ข้อเสนอแนะ".to_owned(), &s.annual_suggestions),
    ] {
        if !text.trim().is_empty() {
            closing.push(format!("{label}: {}", text.trim()));
        }
    }
    ReportDocument {
        title: TITLE.into(),
        subtitle: String::new(),
        fiscal_year: s.fiscal_year,
        organization: tenant.name_th.clone(),
        district: tenant.district_th.clone(),
        province: tenant.province_th.clone(),
        prepared_by: String::new(),
        table_title: s.title.clone(),
        intro: Vec::new(),
        columns: vec![
            ReportColumn::new("เหตุการณ์ความเสี่ยง/สาเหตุ", 24),
            ReportColumn::new("ระดับความเสี่ยง", 12),
            ReportColumn::new("มาตรการควบคุม (ผู้รับผิดชอบ กำหนดเสร็จ)", 24),
            ReportColumn::new("ผลการติดตามรอบ 6 เดือน", 20),
            ReportColumn::new("ผลการดำเนินงานรอบ 12 เดือน", 20),
        ],
        closing,
        sheet_name: format!("ความเสี่ยง {}", s.fiscal_year),
        topics,
    }
}

/// `/risks/{fy}/report.{pdf,docx,xlsx}`: the published year's report.
pub async fn download(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((fy, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let format = file
        .strip_prefix("report.")
        .and_then(Format::parse)
        .ok_or_else(AppError::not_found)?;
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let a = store::get_public_assessment(&state.db, shell.tenant.id, fy).await?;
    let doc = document(&shell.tenant, &a.snapshot);
    prongsai_reports::download::respond(
        doc,
        format,
        &format!("risk-report-{fy}"),
        &format!("รายงานผลการบริหารความเสี่ยงการทุจริต-{fy}"),
    )
    .await
    .map_err(|e| AppError::from(prongsai_kernel::Error::internal(e)))
}
