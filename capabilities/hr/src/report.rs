//! The annual HR management and development report (รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล)
//! as PDF and DOCX through `prongsai-reports`, built from the published year: the staffing
//! statistics by position type on the first page, then one table of the HR development
//! plan's projects (results, budget allocated and spent, start and end dates) and of the
//! training courses (participants by group), then the totals, problems and suggestions.
//! The XLSX of the same year (three sheets) is `crate::api::report_xlsx`.

use axum::extract::{Path, State};
use axum::response::Response;
use prongsai_kernel::Tenant;
use prongsai_reports::download::Format;
use prongsai_reports::{ReportColumn, ReportDocument, Row, Topic};
use prongsai_thai::{Digits, MonthStyle, format_baht, format_date, format_date_range};
use prongsai_web::{AppError, AppResult, AppState, Page};

use crate::model::PARTICIPANT_GROUPS;
use crate::store::{self, HrYearSnapshot};
use crate::web::parse_fy;

pub const TITLE: &str = "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล";
pub const PLAN_TOPIC: &str = "ผลการดำเนินงานตามแผนบริหารและพัฒนาทรัพยากรบุคคล";
pub const TRAINING_TOPIC: &str = "การฝึกอบรมและพัฒนาบุคลากร";
pub const NO_PLAN: &str = "ยังไม่มีแผนพัฒนาบุคลากรของปีนี้";
pub const NO_TRAINING: &str = "ไม่มีการฝึกอบรมที่บันทึกไว้ในปีนี้";

fn range(a: chrono::NaiveDate, b: chrono::NaiveDate) -> String {
    format_date_range(a, b, MonthStyle::Abbreviated, Digits::Arabic)
}

pub fn document(tenant: &Tenant, s: &HrYearSnapshot) -> ReportDocument {
    let mut intro = vec![format!(
        "สถิติอัตรากำลัง: กรอบอัตรากำลังทั้งหมด {} อัตรา มีคนครอง {} อัตรา ว่าง {} อัตรา",
        s.total_allotted(),
        s.total_filled(),
        s.total_vacant()
    )];
    for r in &s.staffing {
        intro.push(format!(
            "• {}: กรอบ {} อัตรา มีคนครอง {} ว่าง {}",
            r.label_th, r.allotted, r.filled, r.vacant
        ));
    }
    let plan_rows: Vec<Row> = match &s.plan {
        Some(p) if !p.projects.is_empty() => p
            .projects
            .iter()
            .map(|j| {
                Row::new([
                    j.title.clone(),
                    format!(
                        "ตามแผน {} บาท\nได้รับ {} บาท\nใช้จ่ายจริง {} บาท",
                        format_baht(j.budget_satang),
                        format_baht(j.allocated_satang),
                        format_baht(j.spent_satang)
                    ),
                    range(
                        j.actual_start.unwrap_or(j.starts_on),
                        j.actual_end.unwrap_or(j.ends_on),
                    ),
                    format!("ร้อยละ {}", j.percent),
                    j.result.clone(),
                ])
            })
            .collect(),
        _ => vec![Row::new(["", "", "", "", NO_PLAN])],
    };
    let training_rows: Vec<Row> = if s.trainings.is_empty() {
        vec![Row::new(["", "", "", "", NO_TRAINING])]
    } else {
        s.trainings
            .iter()
            .map(|t| {
                let groups: Vec<String> = PARTICIPANT_GROUPS
                    .iter()
                    .filter(|(code, _, _)| t.group(code) > 0)
                    .map(|(code, th, _)| format!("{th} {}", t.group(code)))
                    .collect();
                Row::new([
                    t.course.clone(),
                    format!("{}\n{} ชั่วโมง", t.organiser, t.hours),
                    range(t.starts_on, t.ends_on),
                    format!("ผู้เข้าร่วม {} คน", t.total()),
                    groups.join("\n"),
                ])
            })
            .collect()
    };
    let mut topics = vec![
        Topic {
            title: format!("1. {PLAN_TOPIC}"),
            rows: plan_rows,
        },
        Topic {
            title: format!("2. {TRAINING_TOPIC}"),
            rows: training_rows,
        },
    ];
    topics.retain(|t| !t.rows.is_empty());
    let mut closing = vec![format!(
        "สรุป: ฝึกอบรม {} หลักสูตร ผู้เข้าร่วมรวม {} คน{}",
        s.trainings.len(),
        s.trained(),
        match &s.plan {
            Some(p) => format!(
                " งบประมาณตามแผนพัฒนาบุคลากรที่ได้รับ {} บาท ใช้จ่ายจริง {} บาท",
                format_baht(p.projects.iter().map(|j| j.allocated_satang).sum()),
                format_baht(p.projects.iter().map(|j| j.spent_satang).sum())
            ),
            None => String::new(),
        }
    )];
    if let Some(p) = &s.plan
        && let Some(d) = p.report_as_of
    {
        closing.push(format!(
            "ผลตามแผนจาก{} ณ วันที่ {}",
            if p.report_kind == "annual" {
                "รายงานผลประจำปี"
            } else {
                "รายงานผลรอบ 6 เดือน"
            },
            format_date(d, MonthStyle::Full, Digits::Arabic)
        ));
    }
    closing.push(format!(
        "ปัญหาและอุปสรรค: {}",
        if s.problems.trim().is_empty() {
            "-"
        } else {
            s.problems.trim()
        }
    ));
    closing.push(format!(
        "ข้อเสนอแนะ: {}",
        if s.suggestions.trim().is_empty() {
            "-"
        } else {
            s.suggestions.trim()
        }
    ));
    ReportDocument {
        title: TITLE.into(),
        subtitle: String::new(),
        fiscal_year: s.fiscal_year,
        organization: tenant.name_th.clone(),
        district: tenant.district_th.clone(),
        province: tenant.province_th.clone(),
        prepared_by: "สำนักปลัด งานการเจ้าหน้าที่".into(),
        table_title: "ผลการดำเนินงานด้านการบริหารและพัฒนาทรัพยากรบุคคล".into(),
        intro,
        columns: vec![
            ReportColumn::new("โครงการ/หลักสูตร", 28),
            ReportColumn::new("งบประมาณ/ผู้จัด", 20),
            ReportColumn::new("ระยะเวลา", 14),
            ReportColumn::new("ความก้าวหน้า/ผู้เข้าร่วม", 14),
            ReportColumn::new("ผลการดำเนินงาน", 24),
        ],
        closing,
        sheet_name: format!("HR {}", s.fiscal_year),
        topics,
    }
}

/// `/hr/{fy}/report.pdf` and `.docx`: the published year's report.
pub async fn download(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((fy, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let format = file
        .strip_prefix("report.")
        .and_then(Format::parse)
        .filter(|f| *f != Format::Xlsx)
        .ok_or_else(AppError::not_found)?;
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let y = store::get_public_year(&state.db, shell.tenant.id, fy).await?;
    let doc = document(&shell.tenant, &y.snapshot);
    prongsai_reports::download::respond(
        doc,
        format,
        &format!("hr-report-{fy}"),
        &format!("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล-{fy}"),
    )
    .await
    .map_err(|e| AppError::from(prongsai_kernel::Error::internal(e)))
}
