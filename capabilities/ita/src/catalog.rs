//! The OIT catalog: one data file per assessment year (`data/oit-<year>.toml`), embedded
//! at build time. Nothing here knows an item code: the files say which items exist and
//! which published records satisfy them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod files {
    include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));
}

/// The planned datasets (see `data/planned.toml`).
pub const PLANNED: &str = include_str!("../data/planned.toml");

/// One assessment year's list of OIT items.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Buddhist Era fiscal year assessed.
    pub year: i32,
    /// A list not yet confirmed (next year's, from unofficial sources).
    #[serde(default)]
    pub draft: bool,
    pub title: String,
    /// When the OIT answers are due in ITAS (`2568-04-30`, Buddhist Era year); without
    /// it, the half-year cut-off (31 March).
    #[serde(default)]
    pub submission_due: Option<String>,
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// Which records count, by their date or fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum Period {
    /// Records of the assessed fiscal year.
    #[serde(rename = "current_year")]
    CurrentYear,
    /// Reports of the previous fiscal year.
    #[serde(rename = "previous_year")]
    PreviousYear,
    /// The first half of the assessed year, as of 31 March.
    #[serde(rename = "as_of_march_31")]
    AsOfMarch31,
    /// Renewed every year: a record of this or last fiscal year, or published within the
    /// twelve months before the due date.
    #[serde(rename = "annual")]
    Annual,
    /// Standing information (structure, contact): any published record.
    #[serde(rename = "standing")]
    Standing,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Self::CurrentYear => "current_year",
            Self::PreviousYear => "previous_year",
            Self::AsOfMarch31 => "as_of_march_31",
            Self::Annual => "annual",
            Self::Standing => "standing",
        }
    }

    /// The fiscal year whose records count.
    pub fn fiscal_year(self, assessed: i32) -> i32 {
        match self {
            Self::PreviousYear => assessed - 1,
            _ => assessed,
        }
    }

    /// Thai description of the period, for the dashboard and reasons.
    pub fn describe_th(self, assessed: i32) -> String {
        match self {
            Self::CurrentYear => format!("ข้อมูลปีงบประมาณ พ.ศ. {assessed}"),
            Self::PreviousYear => format!("ข้อมูลปีงบประมาณ พ.ศ. {}", assessed - 1),
            Self::AsOfMarch31 => {
                format!("ข้อมูลปีงบประมาณ พ.ศ. {assessed} ณ วันที่ 31 มีนาคม {assessed} (รอบ 6 เดือน)")
            }
            Self::Annual => "ข้อมูลที่ปรับปรุงภายในรอบปี".to_owned(),
            Self::Standing => "ข้อมูลปัจจุบัน".to_owned(),
        }
    }

    pub fn describe_en(self, assessed: i32) -> String {
        match self {
            Self::CurrentYear => format!("fiscal year {assessed}"),
            Self::PreviousYear => format!("fiscal year {} (previous)", assessed - 1),
            Self::AsOfMarch31 => format!("fiscal year {assessed}, as of 31 March (first half)"),
            Self::Annual => "renewed within the year".to_owned(),
            Self::Standing => "current information".to_owned(),
        }
    }
}

/// How an item's evidence rules combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// Every rule must hold; some holding is "partly".
    #[default]
    All,
    /// One rule is enough (alternatives, e.g. a plans record or a document).
    Any,
}

/// One OIT item.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// As the year's list numbers it (`O12`); changes every year.
    pub code: String,
    pub title: String,
    pub sub_indicator: String,
    /// Confidence of the research note: H, M or L.
    pub confidence: String,
    pub components: Vec<String>,
    pub period: Period,
    /// An Excel file is required.
    #[serde(default)]
    pub excel: bool,
    /// Signed by the top executive.
    #[serde(default)]
    pub signed: bool,
    /// Must be reachable from the organization's main website.
    #[serde(default)]
    pub main_site: bool,
    #[serde(default, rename = "match")]
    pub combine: Match,
    /// The page to submit (`{fy}` is replaced by the fiscal year of the period).
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, rename = "evidence")]
    pub evidence: Vec<Evidence>,
}

/// Where evidence is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A field of the newest published snapshot of a publication kind (the profile).
    Snapshot,
    /// Published records of a kernel publication kind.
    Publication,
    /// An open-data `Dataset` of an installed capability, and its published records.
    Dataset,
    /// A public page an installed capability provides.
    Page,
}

/// One rule: which published record satisfies (part of) an item.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub source: Source,
    /// Publication kind (snapshot, publication).
    #[serde(default)]
    pub kind: Option<String>,
    /// Dataset name (dataset).
    #[serde(default)]
    pub dataset: Option<String>,
    /// Dotted path in the snapshot (snapshot): `positions`, `organization.phone`.
    #[serde(default)]
    pub field: Option<String>,
    /// For a list field: an element with these values must exist (snapshot).
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    /// For a list field: these fields must be filled in the matching elements (snapshot).
    #[serde(default)]
    pub present: Vec<String>,
    /// Publication category facet (publication, dataset).
    #[serde(default)]
    pub category: Option<String>,
    /// The title must contain one of these (publication, dataset).
    #[serde(default)]
    pub title_any: Vec<String>,
    /// Whether published records are needed (dataset); `false`: the dataset existing is
    /// enough (a channel such as Q&A).
    #[serde(default)]
    pub records: Option<bool>,
    /// The page (page).
    #[serde(default)]
    pub href: Option<String>,
    /// The public link whose presence shows the page exists (page; default `href`).
    #[serde(default)]
    pub provided_by: Option<String>,
    /// Overrides the item's period for this rule.
    #[serde(default)]
    pub period: Option<Period>,
    /// In Thai: the record needed.
    pub need: String,
    /// Staff page where it is made.
    #[serde(default)]
    pub fix: Option<String>,
    /// Public page showing it (`{fy}` replaced).
    #[serde(default)]
    pub url: Option<String>,
    /// Public page of one record (`{id}` replaced) when exactly one matches.
    #[serde(default)]
    pub record_url: Option<String>,
    /// With `match = "all"`: this rule is an alternative to the rule before it (either one
    /// satisfies that part of the item).
    #[serde(default)]
    pub or_previous: bool,
}

impl Evidence {
    /// What is wrong with the rule (empty when it can be evaluated).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        let mut need = |present: bool, what: &str| {
            if !present {
                p.push(format!("source {:?} needs `{what}`", self.source));
            }
        };
        match self.source {
            Source::Snapshot => {
                need(self.kind.is_some(), "kind");
                need(self.field.is_some(), "field");
            }
            Source::Publication => need(self.kind.is_some(), "kind"),
            Source::Dataset => need(self.dataset.is_some(), "dataset"),
            Source::Page => need(self.href.is_some(), "href"),
        }
        let mut stray = |present: bool, what: &str| {
            if present {
                p.push(format!("source {:?} does not use `{what}`", self.source));
            }
        };
        let snapshot = self.source == Source::Snapshot;
        let listed = matches!(self.source, Source::Publication | Source::Dataset);
        stray(!snapshot && self.field.is_some(), "field");
        stray(!snapshot && !self.filter.is_empty(), "where");
        stray(!snapshot && !self.present.is_empty(), "present");
        stray(!listed && self.category.is_some(), "category");
        stray(!listed && !self.title_any.is_empty(), "title_any");
        stray(
            self.source != Source::Dataset && self.records.is_some(),
            "records",
        );
        stray(
            self.source != Source::Dataset && self.dataset.is_some(),
            "dataset",
        );
        stray(
            !matches!(self.source, Source::Snapshot | Source::Publication) && self.kind.is_some(),
            "kind",
        );
        stray(
            self.source != Source::Page && (self.href.is_some() || self.provided_by.is_some()),
            "href/provided_by",
        );
        if self.need.trim().is_empty() {
            p.push("`need` is empty".into());
        }
        p
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// Parses and checks one file.
pub fn parse(file: &str, text: &str) -> Result<Catalog, CatalogError> {
    let invalid = |message: String| CatalogError::Invalid {
        file: file.to_owned(),
        message,
    };
    let catalog: Catalog = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if catalog.items.is_empty() {
        return Err(invalid("no items".into()));
    }
    if let Some(due) = &catalog.submission_due {
        parse_be_date(due).ok_or_else(|| invalid(format!("submission_due {due:?}")))?;
    }
    let mut codes = std::collections::HashSet::new();
    for item in &catalog.items {
        if !codes.insert(item.code.as_str()) {
            return Err(invalid(format!("item {} appears twice", item.code)));
        }
        if item.evidence.is_empty() {
            return Err(invalid(format!("item {} has no evidence rule", item.code)));
        }
        if !["H", "M", "L"].contains(&item.confidence.as_str()) {
            return Err(invalid(format!("item {}: confidence H, M or L", item.code)));
        }
        for e in &item.evidence {
            if let Some(problem) = e.problems().into_iter().next() {
                return Err(invalid(format!("item {}: {problem}", item.code)));
            }
        }
    }
    Ok(catalog)
}

/// `2568-04-30` (Buddhist Era year) as a date.
pub fn parse_be_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(prongsai_thai::era::ce_from_be(y), m, d)
}

/// The embedded files, as `(name, text)`.
pub fn files() -> &'static [(&'static str, &'static str)] {
    files::FILES
}

/// Every valid catalog, by year ascending (a file that does not parse is left out and
/// logged; the test `every_file_parses` keeps that from shipping).
pub fn all() -> &'static [Catalog] {
    static ALL: OnceLock<Vec<Catalog>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<Catalog> = files()
            .iter()
            .filter_map(|(name, text)| match parse(name, text) {
                Ok(c) => Some(c),
                Err(e) => {
                    tracing_free_log(&e.to_string());
                    None
                }
            })
            .collect();
        v.sort_by_key(|c| c.year);
        v
    })
}

fn tracing_free_log(message: &str) {
    // The crate does not depend on tracing; stderr is the log.
    eprintln!("prongsai-ita: {message}");
}

/// The catalog of a year.
pub fn for_year(year: i32) -> Option<&'static Catalog> {
    all().iter().find(|c| c.year == year)
}

/// The catalog to show by default on `today`: the latest non-draft year not after the
/// current fiscal year, else the latest.
pub fn default_year(today: NaiveDate) -> Option<i32> {
    let fy = prongsai_thai::FiscalYear::of(today).be();
    all()
        .iter()
        .filter(|c| !c.draft && c.year <= fy)
        .map(|c| c.year)
        .max()
        .or_else(|| all().iter().map(|c| c.year).max())
}

/// The planned datasets (names), from `data/planned.toml`.
pub fn planned_datasets() -> Vec<String> {
    #[derive(Deserialize)]
    struct Planned {
        #[serde(default)]
        dataset: Vec<PlannedDataset>,
    }
    #[derive(Deserialize)]
    struct PlannedDataset {
        name: String,
    }
    toml::from_str::<Planned>(PLANNED)
        .map(|p| p.dataset.into_iter().map(|d| d.name).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_every_rule_is_complete() {
        assert!(files().len() >= 3, "oit-2567, oit-2568 and oit-2569");
        for (name, text) in files() {
            let c = parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(name, &format!("oit-{}.toml", c.year));
            for item in &c.items {
                for e in &item.evidence {
                    assert!(e.problems().is_empty(), "{name} {}: {:?}", item.code, e);
                }
            }
        }
        assert_eq!(all().len(), files().len());
        assert!(for_year(2569).is_some_and(|c| c.draft));
        assert!(for_year(2568).is_some_and(|c| !c.draft));
    }

    #[test]
    fn an_unknown_source_or_field_is_refused() {
        let base = "year = 2570\ntitle = \"x\"\n[[item]]\ncode = \"A\"\ntitle = \"t\"\nsub_indicator = \"s\"\nconfidence = \"M\"\ncomponents = []\nperiod = \"current_year\"\n[[item.evidence]]\nneed = \"n\"\n";
        assert!(
            parse(
                "x",
                &format!("{base}source = \"dataset\"\ndataset = \"news\"\n")
            )
            .is_ok()
        );
        assert!(parse("x", &format!("{base}source = \"rumour\"\n")).is_err());
        assert!(parse("x", &format!("{base}source = \"dataset\"\n")).is_err());
        assert!(
            parse(
                "x",
                &format!("{base}source = \"dataset\"\ndataset = \"n\"\nhref = \"/x\"\n")
            )
            .is_err()
        );
        assert!(
            parse(
                "x",
                &format!("{base}source = \"dataset\"\ndataset = \"n\"\ncolour = \"red\"\n")
            )
            .is_err()
        );
        let bad_period = base.replace("current_year", "someday");
        assert!(
            parse(
                "x",
                &format!("{bad_period}source = \"page\"\nhref = \"/x\"\n")
            )
            .is_err()
        );
    }

    #[test]
    fn dates_and_periods() {
        assert_eq!(
            parse_be_date("2568-04-30"),
            NaiveDate::from_ymd_opt(2025, 4, 30)
        );
        assert_eq!(parse_be_date("2568-02-30"), None);
        assert_eq!(Period::PreviousYear.fiscal_year(2568), 2567);
        assert_eq!(Period::AsOfMarch31.fiscal_year(2568), 2568);
        // Meetings have landed: the capability provides the dataset now.
        assert!(!planned_datasets().contains(&"meetings".to_owned()));
    }
}
