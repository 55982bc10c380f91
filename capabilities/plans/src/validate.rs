//! What staff type, and the rules it must follow. Messages are in Thai, next to the field.

use chrono::{Datelike, NaiveDate};
use prongsai_kernel::FieldErrors;
use prongsai_thai::FiscalYear;
use serde::Deserialize;

use crate::kinds;

/// An amount in satang, or a Thai message.
pub fn parse_amount(raw: &str) -> Result<i64, String> {
    match prongsai_thai::parse_baht(raw) {
        Ok(v) if v < 0 => Err("จำนวนเงินต้องไม่ติดลบ".into()),
        Ok(v) => Ok(v),
        Err(e) => Err(e.to_string()),
    }
}

/// A date typed day/month/Buddhist Era year (`31/3/2569`), the ISO way, or with a Thai
/// month name (`31 มี.ค. 69`).
pub fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let t = raw.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    match prongsai_thai::parse_thai_date(t) {
        Ok(prongsai_thai::ThaiDate::Day(d)) => Ok(d),
        Ok(prongsai_thai::ThaiDate::Range(..)) => Err("ใส่ได้วันเดียว ไม่ใช่ช่วงวันที่".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// A date as a clerk types it back: `31/3/2569`.
pub fn input_date(d: NaiveDate) -> String {
    format!(
        "{}/{}/{}",
        d.day(),
        d.month(),
        prongsai_thai::be_from_ce(d.year())
    )
}

/// An amount as a clerk types it back: `1,234,500.00`.
pub fn input_amount(satang: i64) -> String {
    prongsai_thai::format_baht(satang)
}

fn short(d: NaiveDate) -> String {
    prongsai_thai::format_date(
        d,
        prongsai_thai::MonthStyle::Abbreviated,
        prongsai_thai::Digits::Arabic,
    )
}

fn required_date(
    e: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    label: &str,
) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        e.add(
            field,
            format!("กรุณากรอก{label} (วัน/เดือน/ปี พ.ศ. เช่น 1/10/2568)"),
        );
        return None;
    }
    match parse_date(raw) {
        Ok(d) => Some(d),
        Err(m) => {
            e.add(field, format!("{label}: {m}"));
            None
        }
    }
}

fn optional_date(
    e: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    label: &str,
) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        return None;
    }
    required_date(e, field, raw, label)
}

fn amount(e: &mut FieldErrors, field: &'static str, raw: &str, label: &str, required: bool) -> i64 {
    if raw.trim().is_empty() {
        if required {
            e.add(field, format!("กรุณากรอก{label} (บาท เช่น 150,000)"));
        }
        return 0;
    }
    match parse_amount(raw) {
        Ok(v) => v,
        Err(m) => {
            e.add(field, format!("{label}: {m}"));
            0
        }
    }
}

fn percent(e: &mut FieldErrors, field: &'static str, raw: &str) -> i32 {
    let t = prongsai_thai::to_arabic_digits(raw.trim()).replace('%', "");
    let t = t.trim();
    if t.is_empty() {
        e.add(field, "กรุณากรอกร้อยละความก้าวหน้า (0 ถึง 100)");
        return 0;
    }
    match t.parse::<i32>() {
        Ok(p) if (0..=100).contains(&p) => p,
        Ok(_) => {
            e.add(field, "ร้อยละความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100");
            0
        }
        Err(_) => {
            e.add(field, "ร้อยละความก้าวหน้าต้องเป็นจำนวนเต็ม 0 ถึง 100");
            0
        }
    }
}

fn text(e: &mut FieldErrors, field: &'static str, raw: &str, max: usize, label: &str) -> String {
    let v = raw.trim().to_owned();
    e.max_chars(field, &v, max, label);
    v
}

// ---------- plan ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct PlanInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub approved_on: String,
    #[serde(default)]
    pub notes: String,
}

pub struct ValidPlan {
    pub kind: String,
    pub fiscal_year: i32,
    pub title: String,
    pub approved_on: Option<NaiveDate>,
    pub notes: String,
}

pub fn parse_fiscal_year(raw: &str) -> Option<i32> {
    prongsai_thai::to_arabic_digits(raw.trim())
        .parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
}

pub fn validate_plan(input: &PlanInput) -> Result<ValidPlan, FieldErrors> {
    let mut e = FieldErrors::default();
    let kind = input.kind.trim().to_owned();
    if kinds::find(&kind).is_none() {
        e.add("kind", "กรุณาเลือกประเภทแผน");
    }
    let fiscal_year = parse_fiscal_year(&input.fiscal_year).unwrap_or_else(|| {
        e.add("fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569");
        0
    });
    let title = e.required("title", &input.title, "ชื่อแผน");
    e.max_chars("title", &title, 300, "ชื่อแผน");
    let approved_on = optional_date(&mut e, "approved_on", &input.approved_on, "วันที่อนุมัติแผน");
    if let Some(d) = approved_on
        && d > prongsai_kernel::clock::today_in_thailand()
    {
        e.add("approved_on", "วันที่อนุมัติแผนต้องไม่เป็นวันในอนาคต");
    }
    let notes = text(&mut e, "notes", &input.notes, 10_000, "หมายเหตุ");
    if e.is_empty() {
        Ok(ValidPlan {
            kind,
            fiscal_year,
            title,
            approved_on,
            notes,
        })
    } else {
        Err(e)
    }
}

// ---------- project ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProjectInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub objective: String,
    #[serde(default)]
    pub outputs: String,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub budget_source: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub division_id: String,
    #[serde(default)]
    pub sort_order: String,
}

pub struct ValidProject {
    pub title: String,
    pub objective: String,
    pub outputs: String,
    pub budget_satang: i64,
    pub budget_source: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub division_id: Option<i64>,
    pub sort_order: Option<i32>,
}

/// Checks a project of a plan of `fiscal_year`; `divisions` are the organization's ids.
pub fn validate_project(
    input: &ProjectInput,
    fiscal_year: i32,
    divisions: &[i64],
) -> Result<ValidProject, FieldErrors> {
    let mut e = FieldErrors::default();
    let fy = FiscalYear::new(fiscal_year);
    let title = e.required("title", &input.title, "ชื่อโครงการ/กิจกรรม");
    e.max_chars("title", &title, 500, "ชื่อโครงการ/กิจกรรม");
    let objective = text(&mut e, "objective", &input.objective, 5_000, "วัตถุประสงค์");
    let outputs = text(&mut e, "outputs", &input.outputs, 5_000, "ผลผลิต/ตัวชี้วัด");
    let budget_satang = amount(&mut e, "budget", &input.budget, "งบประมาณ", true);
    let budget_source = e.required("budget_source", &input.budget_source, "แหล่งงบประมาณ");
    e.max_chars("budget_source", &budget_source, 200, "แหล่งงบประมาณ");
    let range = format!("{} ถึง {}", short(fy.start()), short(fy.end()));
    let starts_on = required_date(&mut e, "starts_on", &input.starts_on, "วันเริ่มโครงการ");
    if let Some(d) = starts_on
        && !fy.contains(d)
    {
        e.add(
            "starts_on",
            format!("วันเริ่มโครงการต้องอยู่ในปีงบประมาณ {fiscal_year} ({range})"),
        );
    }
    let ends_on = required_date(&mut e, "ends_on", &input.ends_on, "วันสิ้นสุดโครงการ");
    if let Some(d) = ends_on
        && !fy.contains(d)
    {
        e.add(
            "ends_on",
            format!("วันสิ้นสุดโครงการต้องอยู่ในปีงบประมาณ {fiscal_year} ({range})"),
        );
    }
    if let (Some(s), Some(t)) = (starts_on, ends_on)
        && t < s
        && e.get("ends_on").is_none()
    {
        e.add("ends_on", "วันสิ้นสุดโครงการต้องไม่ก่อนวันเริ่มโครงการ");
    }
    let division_id = match input.division_id.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if divisions.contains(&id) => Some(id),
            _ => {
                e.add("division_id", "กรุณาเลือกหน่วยงานที่รับผิดชอบจากรายการ");
                None
            }
        },
    };
    let sort_order = match prongsai_thai::to_arabic_digits(input.sort_order.trim()).as_str() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => Some(n),
            _ => {
                e.add("sort_order", "ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 0");
                None
            }
        },
    };
    match (starts_on, ends_on) {
        (Some(starts_on), Some(ends_on)) if e.is_empty() => Ok(ValidProject {
            title,
            objective,
            outputs,
            budget_satang,
            budget_source,
            starts_on,
            ends_on,
            division_id,
            sort_order,
        }),
        _ => Err(e),
    }
}

// ---------- progress ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProgressInput {
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub spent: String,
    #[serde(default)]
    pub milestone: String,
    #[serde(default)]
    pub problems: String,
}

pub struct ValidProgress {
    pub as_of: NaiveDate,
    pub percent: i32,
    pub spent_satang: i64,
    pub milestone: String,
    pub problems: String,
}

pub fn validate_progress(
    input: &ProgressInput,
    fiscal_year: i32,
    today: NaiveDate,
) -> Result<ValidProgress, FieldErrors> {
    let mut e = FieldErrors::default();
    let fy = FiscalYear::new(fiscal_year);
    let as_of = required_date(&mut e, "as_of", &input.as_of, "ข้อมูล ณ วันที่");
    if let Some(d) = as_of {
        if d > today {
            e.add(
                "as_of",
                format!("ข้อมูล ณ วันที่ต้องไม่เป็นวันในอนาคต (วันนี้คือ {})", short(today)),
            );
        } else if d < fy.start() {
            e.add(
                "as_of",
                format!(
                    "ข้อมูล ณ วันที่ต้องไม่ก่อนเริ่มปีงบประมาณ {fiscal_year} ({})",
                    short(fy.start())
                ),
            );
        }
    }
    let percent = percent(&mut e, "percent", &input.percent);
    let spent_satang = amount(&mut e, "spent", &input.spent, "เบิกจ่ายแล้ว", false);
    let milestone = e.required("milestone", &input.milestone, "ผลการดำเนินงาน");
    e.max_chars("milestone", &milestone, 5_000, "ผลการดำเนินงาน");
    let problems = text(&mut e, "problems", &input.problems, 5_000, "ปัญหา/อุปสรรค");
    match as_of {
        Some(as_of) if e.is_empty() => Ok(ValidProgress {
            as_of,
            percent,
            spent_satang,
            milestone,
            problems,
        }),
        _ => Err(e),
    }
}

// ---------- reports ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportInput {
    #[serde(default)]
    pub problems: String,
    #[serde(default)]
    pub suggestions: String,
}

pub fn validate_report(input: &ReportInput) -> Result<(String, String), FieldErrors> {
    let mut e = FieldErrors::default();
    let p = text(&mut e, "problems", &input.problems, 10_000, "ปัญหา/อุปสรรค");
    let s = text(
        &mut e,
        "suggestions",
        &input.suggestions,
        10_000,
        "ข้อเสนอแนะ",
    );
    if e.is_empty() { Ok((p, s)) } else { Err(e) }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct LineInput {
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub allocated: String,
    #[serde(default)]
    pub spent: String,
    #[serde(default)]
    pub actual_start: String,
    #[serde(default)]
    pub actual_end: String,
    #[serde(default)]
    pub problems: String,
    #[serde(default)]
    pub suggestions: String,
}

pub struct ValidLine {
    pub percent: i32,
    pub result: String,
    pub allocated_satang: i64,
    pub spent_satang: i64,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub problems: String,
    pub suggestions: String,
}

/// Checks one project's line of a report as of `as_of`.
pub fn validate_line(input: &LineInput, as_of: NaiveDate) -> Result<ValidLine, FieldErrors> {
    let mut e = FieldErrors::default();
    let percent = percent(&mut e, "percent", &input.percent);
    let result = text(&mut e, "result", &input.result, 5_000, "ผลการดำเนินงาน");
    let allocated_satang = amount(
        &mut e,
        "allocated",
        &input.allocated,
        "งบประมาณที่ได้รับจัดสรร",
        true,
    );
    let spent_satang = amount(&mut e, "spent", &input.spent, "งบประมาณที่ใช้จ่าย", false);
    let actual_start = optional_date(
        &mut e,
        "actual_start",
        &input.actual_start,
        "วันที่เริ่มดำเนินการจริง",
    );
    let actual_end = optional_date(
        &mut e,
        "actual_end",
        &input.actual_end,
        "วันที่สิ้นสุดการดำเนินการจริง",
    );
    for (field, d) in [("actual_start", actual_start), ("actual_end", actual_end)] {
        if let Some(d) = d
            && d > as_of
            && e.get(field).is_none()
        {
            e.add(
                field,
                format!("รายงานนี้เป็นข้อมูล ณ วันที่ {} จึงใส่วันที่หลังจากนั้นไม่ได้", short(as_of)),
            );
        }
    }
    if let (Some(s), Some(t)) = (actual_start, actual_end)
        && t < s
        && e.get("actual_end").is_none()
    {
        e.add("actual_end", "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มดำเนินการ");
    }
    let problems = text(&mut e, "problems", &input.problems, 5_000, "ปัญหา/อุปสรรค");
    let suggestions = text(
        &mut e,
        "suggestions",
        &input.suggestions,
        5_000,
        "ข้อเสนอแนะ",
    );
    if e.is_empty() {
        Ok(ValidLine {
            percent,
            result,
            allocated_satang,
            spent_satang,
            actual_start,
            actual_end,
            problems,
            suggestions,
        })
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn project() -> ProjectInput {
        ProjectInput {
            title: "โครงการก่อสร้างถนน".into(),
            budget: "1,250,000".into(),
            budget_source: "ข้อบัญญัติงบประมาณรายจ่าย".into(),
            starts_on: "1/11/2568".into(),
            ends_on: "31/3/2569".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_project_with_thai_dates_and_commas_is_read() {
        let v = validate_project(&project(), 2569, &[]).unwrap();
        assert_eq!(v.budget_satang, 125_000_000);
        assert_eq!(v.starts_on, d(2025, 11, 1));
        assert_eq!(v.ends_on, d(2026, 3, 31));
    }

    #[test]
    fn a_project_outside_its_fiscal_year_is_refused_on_the_field() {
        let mut p = project();
        p.ends_on = "1/10/2569".into();
        let e = validate_project(&p, 2569, &[]).err().unwrap();
        assert!(e.get("ends_on").unwrap().contains("ปีงบประมาณ 2569"));
        let mut p = project();
        p.budget = "12,34".into();
        p.division_id = "99".into();
        let e = validate_project(&p, 2569, &[1, 2]).err().unwrap();
        assert!(e.get("budget").is_some());
        assert!(e.get("division_id").is_some());
    }

    #[test]
    fn progress_is_not_in_the_future_and_percent_is_0_to_100() {
        let today = d(2026, 4, 10);
        let good = ProgressInput {
            as_of: "31 มี.ค. 69".into(),
            percent: "๕๐".into(),
            spent: "10,000.50".into(),
            milestone: "จัดซื้อวัสดุแล้ว".into(),
            problems: String::new(),
        };
        let v = validate_progress(&good, 2569, today).unwrap();
        assert_eq!((v.percent, v.spent_satang), (50, 1_000_050));
        let mut bad = good.clone();
        bad.as_of = "11/4/2569".into();
        bad.percent = "101".into();
        let e = validate_progress(&bad, 2569, today).err().unwrap();
        assert!(e.get("as_of").unwrap().contains("อนาคต"));
        assert!(e.get("percent").unwrap().contains("0 ถึง 100"));
    }
}
