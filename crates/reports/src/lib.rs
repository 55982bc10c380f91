//! The yearly report documents of an organization: a cover page (title, fiscal year,
//! organization, district, province, "จัดทำโดย" division) followed by tables of rows grouped by
//! topic, in the layout of the annual integrity-measures report (five columns: มาตรการ/กิจกรรม,
//! ขั้นตอน/วิธีการปฏิบัติ, ระยะเวลาการดำเนินการ, สรุปผลการดำเนินการ,
//! ผลลัพธ์/ความสำเร็จของการดำเนินงาน).
//!
//! Rendered three ways: PDF through typst (used as a library; the Laksaman font is read from a
//! file at run time, never compiled in), DOCX (WordprocessingML written by hand, for clerks to
//! edit) and XLSX (through `prongsai-export`). This crate knows nothing of the database: callers
//! build a [`ReportDocument`]. typst is heavy, so it lives behind this crate only.

mod docx;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(not(feature = "pdf"))]
#[path = "no_pdf.rs"]
mod pdf;
mod xlsx;

use serde::{Deserialize, Serialize};

pub use docx::render_docx;
pub use pdf::{Fonts, render_pdf};
pub use xlsx::render_xlsx;

/// The five column headings of the measures table, in order.
pub const COLUMNS: [&str; 5] = [
    "มาตรการ/กิจกรรม",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "ระยะเวลาการดำเนินการ",
    "สรุปผลการดำเนินการ",
    "ผลลัพธ์/ความสำเร็จของการดำเนินงาน",
];

/// Marks a topic row repeated on a continued page.
pub const CONTINUED: &str = "(ต่อ)";

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("font: {0}")]
    Font(String),
    #[error("typesetting: {0}")]
    Typeset(String),
    #[error("docx: {0}")]
    Docx(String),
    #[error(transparent)]
    Xlsx(#[from] prongsai_export::ExportError),
}

/// A whole report: the cover page and the topic tables.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportDocument {
    /// e.g. "ผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".
    pub title: String,
    /// A line under the title, e.g. "(รอบ ๑๒ เดือน)"; empty for none.
    #[serde(default)]
    pub subtitle: String,
    /// Fiscal year in Buddhist Era (2566).
    pub fiscal_year: i32,
    pub organization: String,
    /// District name without "อำเภอ".
    pub district: String,
    /// Province name without "จังหวัด".
    pub province: String,
    /// The division that prepared the report ("สำนักปลัด งานธุรการ").
    pub prepared_by: String,
    /// Heading printed above the first table; empty for none.
    #[serde(default)]
    pub table_title: String,
    /// Paragraphs between the heading and the first table.
    #[serde(default)]
    pub intro: Vec<String>,
    pub topics: Vec<Topic>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Topic {
    pub title: String,
    pub rows: Vec<Row>,
}

/// One table row. Each text is one or more paragraphs separated by `\n`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Row {
    pub measure: String,
    pub steps: String,
    pub period: String,
    pub summary: String,
    pub outcomes: String,
}

impl Row {
    /// The five cells in column order.
    pub fn cells(&self) -> [&str; 5] {
        [
            &self.measure,
            &self.steps,
            &self.period,
            &self.summary,
            &self.outcomes,
        ]
    }
}

impl ReportDocument {
    /// The cover lines, in order (Thai digits in the year, as on printed reports).
    pub fn cover_lines(&self) -> CoverLines {
        let mut title = vec![self.title.clone()];
        title.push(format!(
            "ประจำปีงบประมาณ พ.ศ. {}",
            prongsai_thai::to_thai_digits(&self.fiscal_year.to_string())
        ));
        if !self.subtitle.trim().is_empty() {
            title.push(self.subtitle.clone());
        }
        let mut place = vec![self.organization.clone()];
        let mut where_ = Vec::new();
        if !self.district.trim().is_empty() {
            where_.push(format!("อำเภอ{}", self.district.trim()));
        }
        if !self.province.trim().is_empty() {
            where_.push(format!("จังหวัด{}", self.province.trim()));
        }
        if !where_.is_empty() {
            place.push(where_.join(" "));
        }
        let prepared = vec![
            "จัดทำโดย".to_owned(),
            self.prepared_by.clone(),
            self.organization.clone(),
        ];
        CoverLines {
            title,
            place,
            prepared,
        }
    }
}

/// The three blocks of the cover page.
#[derive(Clone, Debug, Serialize)]
pub struct CoverLines {
    pub title: Vec<String>,
    pub place: Vec<String>,
    pub prepared: Vec<String>,
}

/// Splits a cell into its paragraphs (blank lines dropped).
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}
