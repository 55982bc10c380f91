//! Reference data that changes with the fiscal year, read from `data/fy<year>.toml`: the
//! NACC sheet's columns and their order, the methods, statuses and budget sources and how
//! they map to OCDS, and thresholds. Adding next year's template is adding a file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const FILES: &[&str] = &[
    include_str!("../data/fy2568.toml"),
    include_str!("../data/fy2569.toml"),
    include_str!("../data/fy2570.toml"),
];

#[derive(Clone, Debug, Deserialize)]
pub struct YearReference {
    pub fiscal_year: i32,
    pub agency: Agency,
    pub columns: Vec<ColumnDef>,
    pub methods: Vec<Coded>,
    pub statuses: Vec<Coded>,
    pub budget_sources: Vec<Coded>,
    pub thresholds: Thresholds,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Agency {
    pub agency_type: String,
    pub ministry: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ColumnDef {
    pub field: String,
    pub header: String,
}

/// A value of a list: its code in Prongsai, its Thai name as the sheet writes it, and (for
/// methods and statuses) its OCDS code.
#[derive(Clone, Debug, Deserialize)]
pub struct Coded {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub ocds: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Thresholds {
    /// Baht.
    pub specific_method_max: i64,
}

impl YearReference {
    pub fn method(&self, code: &str) -> Option<&Coded> {
        self.methods.iter().find(|m| m.code == code)
    }

    pub fn status(&self, code: &str) -> Option<&Coded> {
        self.statuses.iter().find(|m| m.code == code)
    }

    pub fn budget_source(&self, code: &str) -> Option<&Coded> {
        self.budget_sources.iter().find(|m| m.code == code)
    }

    /// The code of a value written by its Thai name (imports), tolerant of spacing.
    pub fn code_of(list: &[Coded], text: &str) -> Option<String> {
        let wanted = squash(text);
        list.iter()
            .find(|c| squash(&c.name) == wanted || c.code == text.trim())
            .map(|c| c.code.clone())
    }

    /// The threshold in satang.
    pub fn specific_method_max_satang(&self) -> i64 {
        self.thresholds.specific_method_max.saturating_mul(100)
    }
}

/// Text compared without spaces, case or the parentheses' spacing.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn all() -> &'static BTreeMap<i32, YearReference> {
    static ALL: OnceLock<BTreeMap<i32, YearReference>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|text| {
                #[expect(
                    clippy::expect_used,
                    reason = "the data files are compiled in and tested"
                )]
                let r: YearReference = toml::from_str(text).expect("procurement reference data");
                (r.fiscal_year, r)
            })
            .collect()
    })
}

/// The reference data of a fiscal year: its own file, or the latest earlier one (or the
/// earliest, for years before the first file). The second value says whether the year
/// has a file of its own.
pub fn reference_for(fiscal_year: i32) -> (&'static YearReference, bool) {
    let years = all();
    if let Some(r) = years.get(&fiscal_year) {
        return (r, true);
    }
    let fallback = years
        .range(..fiscal_year)
        .next_back()
        .or_else(|| years.iter().next())
        .map(|(_, r)| r);
    #[expect(clippy::expect_used, reason = "at least one data file is compiled in")]
    (fallback.expect("a procurement data file"), false)
}

pub fn known_years() -> Vec<i32> {
    all().keys().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_has_the_fields_the_code_needs() {
        for year in known_years() {
            let (r, own) = reference_for(year);
            assert!(own);
            let fields: Vec<&str> = r.columns.iter().map(|c| c.field.as_str()).collect();
            for needed in crate::validate::ALL_FIELDS {
                assert!(fields.contains(needed), "FY{year} lacks column {needed}");
            }
            assert!(r.method("specific").is_some() && r.status("completed").is_some());
            for m in &r.methods {
                assert!(
                    ["open", "selective", "limited", "direct"].contains(&m.ocds.as_str()),
                    "{}",
                    m.ocds
                );
            }
        }
    }

    #[test]
    fn years_without_a_file_borrow_the_nearest_earlier_one() {
        assert_eq!(reference_for(2575).0.fiscal_year, 2570);
        assert!(!reference_for(2575).1);
        assert_eq!(reference_for(2560).0.fiscal_year, 2568);
    }

    #[test]
    fn names_are_matched_loosely() {
        let r = reference_for(2569).0;
        assert_eq!(
            YearReference::code_of(&r.methods, " ประกวดราคาอิเล็กทรอนิกส์(e-bidding) ").as_deref(),
            Some("e_bidding")
        );
        assert_eq!(
            YearReference::code_of(&r.methods, "เฉพาะเจาะจง").as_deref(),
            Some("specific")
        );
        assert_eq!(YearReference::code_of(&r.methods, "ตกลงราคา"), None);
    }
}
