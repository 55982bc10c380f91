//! The annual No Gift Policy report (รายงานผลการดำเนินการตามนโยบาย No Gift Policy) as PDF,
//! DOCX and XLSX through `prongsai-reports`, built from the published year: the register
//! month by month (a month with a nil report says so), then the culture-building activities,
//! the year's totals and notes.

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Datelike;
use prongsai_kernel::Tenant;
use prongsai_reports::download::Format;
use prongsai_reports::{ReportColumn, ReportDocument, Row, Topic};
use prongsai_thai::months::thai_month;
use prongsai_thai::{Digits, MonthStyle, format_baht, format_date};
use prongsai_web::{AppError, AppResult, AppState, Page};

use crate::store::{self, GiftYearSnapshot};
use crate::web::parse_fy;

pub const TITLE: &str =
    "รายงานผลการดำเนินการตามนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)";
pub const NIL: &str = "ไม่มีการรับหรือปฏิเสธของขวัญและประโยชน์อื่นใด (รายงานเป็นศูนย์)";
pub const NOT_REPORTED: &str = "ยังไม่มีรายงานของเดือนนี้";

fn short_date(d: chrono::NaiveDate) -> String {
    format_date(d, MonthStyle::Abbreviated, Digits::Arabic)
}

pub fn document(tenant: &Tenant, s: &GiftYearSnapshot) -> ReportDocument {
    let topics = s
        .months
        .iter()
        .map(|m| {
            let month = m.month;
            let mut rows: Vec<Row> = s
                .entries
                .iter()
                .filter(|e| {
                    e.entry_date.year() == month.year() && e.entry_date.month() == month.month()
                })
                .map(|e| {
                    Row::new([
                        short_date(e.entry_date),
                        e.giver_relation.clone(),
                        format!(
                            "{}\nมูลค่า {} บาท",
                            e.description,
                            format_baht(e.value_satang)
                        ),
                        if e.kind == "refused" && !e.decision_th.contains("ปฏิเสธ") {
                            format!("ปฏิเสธการรับ\n{}", e.decision_th)
                        } else {
                            e.decision_th.clone()
                        },
                        e.recipient_position.clone(),
                    ])
                })
                .collect();
            if rows.is_empty() {
                let text = if m.nil_report { NIL } else { NOT_REPORTED };
                rows.push(Row::new(["", "", text, "", ""]));
            }
            Topic {
                title: format!(
                    "เดือน{} {}",
                    thai_month(month.month()).unwrap_or_default(),
                    prongsai_thai::be_from_ce(month.year())
                ),
                rows,
            }
        })
        .collect();
    let mut intro = vec![s.title_th.clone()];
    if let Some(sig) = &s.signature {
        intro.push(format!(
            "ลงนามโดย {} {} เมื่อ {}",
            sig.name,
            sig.position,
            short_date(sig.signed_at.date_naive())
        ));
    }
    let mut closing = vec![format!(
        "สรุปทั้งปี: รับ {} รายการ ปฏิเสธ {} รายการ มูลค่ารวม {} บาท รายงานเป็นศูนย์ {} เดือน",
        s.received,
        s.refused,
        format_baht(s.value_satang),
        s.nil_months()
    )];
    if !s.activities.is_empty() {
        closing.push("กิจกรรมสร้างวัฒนธรรมไม่รับของขวัญ (No Gift):".into());
        for (i, a) in s.activities.iter().enumerate() {
            closing.push(format!(
                "{}. {} วันที่ {} ผู้เข้าร่วม {} คน{}",
                i + 1,
                a.title,
                short_date(a.held_on),
                a.participants,
                if a.description.trim().is_empty() {
                    String::new()
                } else {
                    format!(" {}", a.description.trim())
                }
            ));
        }
    }
    if !s.annual_notes.trim().is_empty() {
        closing.push(format!(
            "ผลการดำเนินการและข้อเสนอแนะ: {}",
            s.annual_notes.trim()
        ));
    }
    ReportDocument {
        title: TITLE.into(),
        subtitle: String::new(),
        fiscal_year: s.fiscal_year,
        organization: tenant.name_th.clone(),
        district: tenant.district_th.clone(),
        province: tenant.province_th.clone(),
        prepared_by: String::new(),
        table_title: "ทะเบียนการรับและปฏิเสธของขวัญและประโยชน์อื่นใด".into(),
        intro,
        columns: vec![
            ReportColumn::new("วันที่", 12),
            ReportColumn::new("ผู้ให้/ความสัมพันธ์", 20),
            ReportColumn::new("รายการและมูลค่า", 30),
            ReportColumn::new("การดำเนินการ", 20),
            ReportColumn::new("ผู้รับ (ตำแหน่ง)", 18),
        ],
        closing,
        sheet_name: format!("No Gift {}", s.fiscal_year),
        topics,
    }
}

/// `/no-gift/{fy}/report.{pdf,docx,xlsx}`: the published year's report.
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
    let y = store::get_public_year(&state.db, shell.tenant.id, fy).await?;
    let doc = document(&shell.tenant, &y.snapshot);
    prongsai_reports::download::respond(
        doc,
        format,
        &format!("no-gift-report-{fy}"),
        &format!("รายงาน-No-Gift-{fy}"),
    )
    .await
    .map_err(|e| AppError::from(prongsai_kernel::Error::internal(e)))
}
