//! The kinds of plan, read from `data/kinds.toml` (one model, three kinds kept as data).

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct PlanKind {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub six_month_th: String,
    pub six_month_en: String,
    pub annual_th: String,
    pub annual_en: String,
    /// The ITA open-data items the plan answers.
    pub oit: String,
    pub spec: String,
    pub order: i32,
}

impl PlanKind {
    pub fn name(&self, en: bool) -> &str {
        if en { &self.name_en } else { &self.name_th }
    }

    /// The title of a report of this kind of plan.
    pub fn report_name(&self, report: ReportKind, en: bool) -> &str {
        match (report, en) {
            (ReportKind::SixMonth, false) => &self.six_month_th,
            (ReportKind::SixMonth, true) => &self.six_month_en,
            (ReportKind::Annual, false) => &self.annual_th,
            (ReportKind::Annual, true) => &self.annual_en,
        }
    }
}

#[derive(Deserialize)]
struct KindsFile {
    kinds: Vec<PlanKind>,
}

/// Every kind, in display order.
pub fn all() -> &'static [PlanKind] {
    static KINDS: OnceLock<Vec<PlanKind>> = OnceLock::new();
    KINDS.get_or_init(|| {
        let mut kinds = toml::from_str::<KindsFile>(include_str!("../data/kinds.toml"))
            .map(|f| f.kinds)
            .unwrap_or_default();
        kinds.sort_by_key(|k| k.order);
        kinds
    })
}

pub fn find(code: &str) -> Option<&'static PlanKind> {
    all().iter().find(|k| k.code == code)
}

/// The two reports of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// The monitoring report as of 31 March (the first half of the fiscal year).
    SixMonth,
    /// The report of the whole fiscal year.
    Annual,
}

impl ReportKind {
    pub const ALL: [ReportKind; 2] = [ReportKind::SixMonth, ReportKind::Annual];

    pub fn code(self) -> &'static str {
        match self {
            Self::SixMonth => "six_month",
            Self::Annual => "annual",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "six_month" => Some(Self::SixMonth),
            "annual" => Some(Self::Annual),
            _ => None,
        }
    }

    /// The date a report describes: 31 March of the fiscal year for the six-month report,
    /// 30 September (the last day of the fiscal year) for the annual report.
    pub fn as_of(self, fiscal_year: i32) -> chrono::NaiveDate {
        let fy = prongsai_thai::FiscalYear::new(fiscal_year);
        match self {
            Self::SixMonth => fy.half_year_end(),
            Self::Annual => fy.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_are_read_from_the_data_file() {
        let codes: Vec<&str> = all().iter().map(|k| k.code.as_str()).collect();
        assert_eq!(codes, ["operational", "hr_development", "anti_corruption"]);
        assert_eq!(
            find("anti_corruption").map(|k| k.name_th.as_str()),
            Some("แผนปฏิบัติการป้องกันการทุจริต")
        );
        assert!(find("nope").is_none());
    }

    #[test]
    fn the_six_month_report_is_as_of_31_march() {
        let d = ReportKind::SixMonth.as_of(2569);
        assert_eq!(d, chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        let d = ReportKind::Annual.as_of(2569);
        assert_eq!(d, chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    }
}
