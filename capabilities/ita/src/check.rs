//! The compliance checker: evaluates every item of a year's catalog against the
//! organization's PUBLISHED records (the kernel's publication table and the snapshots
//! the public sees), never drafts.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use prongsai_db::entities::publication;
use prongsai_db::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use prongsai_kernel::publication::PublicationState;
use prongsai_thai::FiscalYear;
use prongsai_web::{Dataset, PublicLink};
use serde::Serialize;
use serde_json::Value;

use crate::catalog::{Catalog, Evidence, Item, Match, Period, Source};

/// What the installed capabilities provide: open datasets and public pages.
#[derive(Clone, Debug, Default)]
pub struct Installed {
    /// Dataset name → (publication kind, page).
    pub datasets: HashMap<String, (String, String)>,
    /// Public pages (home-page links and dataset pages).
    pub pages: BTreeSet<String>,
}

impl Installed {
    pub fn new(datasets: &[Dataset], links: &[PublicLink]) -> Self {
        let mut pages: BTreeSet<String> = links.iter().map(|l| l.href.to_owned()).collect();
        pages.extend(datasets.iter().map(|d| d.page.to_owned()));
        Self {
            datasets: datasets
                .iter()
                .map(|d| (d.name.to_owned(), (d.kind.to_owned(), d.page.to_owned())))
                .collect(),
            pages,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Satisfied,
    Partly,
    Missing,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::Partly => "partly",
            Self::Missing => "missing",
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Self::Satisfied => "ครบถ้วน",
            Self::Partly => "ยังไม่ครบ",
            Self::Missing => "ยังไม่มี",
        }
    }
}

/// The outcome of one evidence rule.
#[derive(Clone, Debug, Serialize)]
pub struct RuleResult {
    pub need: String,
    pub ok: bool,
    /// Why not, in Thai.
    pub reason: Option<String>,
    /// Matching published records.
    pub records: usize,
    /// The public page showing it.
    pub url: Option<String>,
    /// The staff page to fix it.
    pub fix: Option<String>,
}

/// One item's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct ItemResult {
    pub code: String,
    pub title: String,
    pub sub_indicator: String,
    pub confidence: String,
    pub components: Vec<String>,
    pub period: Period,
    pub period_th: String,
    pub excel: bool,
    pub signed: bool,
    pub main_site: bool,
    pub status: Status,
    pub due: NaiveDate,
    /// The page to submit in ITAS (path; prefix the site's origin).
    pub url: Option<String>,
    /// What is missing, in Thai (empty when satisfied).
    pub missing: Vec<String>,
    pub rules: Vec<RuleResult>,
}

/// A year's outcome for one organization.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub year: i32,
    pub draft: bool,
    pub title: String,
    pub checked_on: NaiveDate,
    pub satisfied: usize,
    pub partly: usize,
    pub missing: usize,
    pub items: Vec<ItemResult>,
}

impl Report {
    pub fn all_satisfied(&self) -> bool {
        self.missing == 0 && self.partly == 0
    }
}

/// A published record, as far as the checker needs it.
#[derive(Clone, Debug)]
struct Row {
    kind: String,
    record_id: i64,
    title: String,
    category: Option<String>,
    fiscal_year: Option<i32>,
    published_on: Option<NaiveDate>,
}

fn thai_date(at: &chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (*at + Duration::hours(7)).date_naive()
}

/// The due date of an item: the half-year cut-off for "as of 31 March" items, else the
/// catalog's submission date (the cut-off when the catalog has none).
pub fn due_date(catalog: &Catalog, period: Period) -> NaiveDate {
    let cutoff = FiscalYear::new(catalog.year).half_year_end();
    match period {
        Period::AsOfMarch31 => cutoff,
        _ => catalog
            .submission_due
            .as_deref()
            .and_then(crate::catalog::parse_be_date)
            .unwrap_or(cutoff),
    }
}

fn in_period(row: &Row, period: Period, year: i32, due: NaiveDate) -> bool {
    let fy_of_date = row.published_on.map(|d| FiscalYear::of(d).be());
    let record_year = row.fiscal_year.or(fy_of_date);
    match period {
        Period::Standing => true,
        Period::CurrentYear | Period::AsOfMarch31 => record_year == Some(year),
        Period::PreviousYear => record_year == Some(year - 1),
        Period::Annual => {
            matches!(record_year, Some(y) if y == year || y == year - 1)
                || row
                    .published_on
                    .is_some_and(|d| d <= due && d > due - Duration::days(365))
        }
    }
}

fn fill(template: &str, fy: i32, id: Option<i64>) -> String {
    let s = template.replace("{fy}", &fy.to_string());
    match id {
        Some(id) => s.replace("{id}", &id.to_string()),
        None => s,
    }
}

/// Whether a JSON value counts as filled in.
fn filled(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, key| v.get(key))
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Evaluates a snapshot rule against the newest published snapshot (None: none published).
fn snapshot_rule(e: &Evidence, snapshot: Option<&Value>) -> (bool, Option<String>, usize) {
    let Some(snapshot) = snapshot else {
        return (
            false,
            Some(format!(
                "ยังไม่ได้เผยแพร่ข้อมูล ({}) ต่อสาธารณะ: ต้องมี{}",
                e.kind.as_deref().unwrap_or(""),
                e.need
            )),
            0,
        );
    };
    let field = e.field.as_deref().unwrap_or("");
    let Some(value) = at_path(snapshot, field).filter(|v| filled(v)) else {
        return (false, Some(format!("ยังไม่มี{}", e.need)), 0);
    };
    if e.filter.is_empty() && e.present.is_empty() {
        return (true, None, 1);
    }
    let elements: Vec<&Value> = match value {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let matching: Vec<&Value> = elements
        .into_iter()
        .filter(|el| {
            e.filter
                .iter()
                .all(|(k, want)| el.get(k).is_some_and(|v| value_text(v) == *want))
        })
        .collect();
    if matching.is_empty() {
        return (false, Some(format!("ยังไม่มี{}", e.need)), 0);
    }
    let incomplete = matching
        .iter()
        .filter(|el| {
            !e.present
                .iter()
                .all(|f| el.get(f.as_str()).is_some_and(filled))
        })
        .count();
    if incomplete == 0 {
        (true, None, matching.len())
    } else {
        (
            false,
            Some(format!(
                "ยังไม่ครบ: {} (ยังขาดใน {incomplete} จาก {} รายการ)",
                e.need,
                matching.len()
            )),
            matching.len(),
        )
    }
}

/// Evaluates every item of `catalog` for the organization.
pub async fn check(
    db: &impl ConnectionTrait,
    organization_id: i64,
    catalog: &Catalog,
    installed: &Installed,
    today: NaiveDate,
) -> Result<Report, prongsai_kernel::Error> {
    // Every kind the rules read, in one query.
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    for item in &catalog.items {
        for e in &item.evidence {
            match e.source {
                Source::Publication | Source::Snapshot => kinds.extend(e.kind.clone()),
                Source::Dataset => {
                    if let Some((kind, _)) =
                        e.dataset.as_ref().and_then(|d| installed.datasets.get(d))
                    {
                        kinds.insert(kind.clone());
                    }
                }
                Source::Page => {}
            }
        }
    }
    let models = if kinds.is_empty() {
        Vec::new()
    } else {
        publication::Entity::find()
            .filter(publication::Column::OrganizationId.eq(organization_id))
            .filter(publication::Column::Kind.is_in(kinds.iter().cloned()))
            .filter(publication::Column::State.eq(PublicationState::Published.code()))
            .order_by_desc(publication::Column::LastPublishedAt)
            .order_by_desc(publication::Column::Id)
            .all(db)
            .await?
    };
    let rows: Vec<Row> = models
        .iter()
        .map(|p| Row {
            kind: p.kind.clone(),
            record_id: p.record_id,
            title: p.title.clone().unwrap_or_default(),
            category: p.category.clone(),
            fiscal_year: p.fiscal_year,
            published_on: p.first_published_at.as_ref().map(thai_date),
        })
        .collect();
    // The newest published snapshot of each snapshot kind.
    let mut snapshots: HashMap<String, Value> = HashMap::new();
    for item in &catalog.items {
        for e in item
            .evidence
            .iter()
            .filter(|e| e.source == Source::Snapshot)
        {
            let Some(kind) = &e.kind else { continue };
            if snapshots.contains_key(kind) {
                continue;
            }
            if let Some(row) = rows.iter().find(|r| &r.kind == kind) {
                let rec = prongsai_kernel::publication::find_published(
                    db,
                    organization_id,
                    kind,
                    row.record_id,
                )
                .await?;
                snapshots.insert(kind.clone(), rec.version.snapshot.clone());
            }
        }
    }

    let mut items = Vec::with_capacity(catalog.items.len());
    for item in &catalog.items {
        items.push(evaluate(item, catalog, installed, &rows, &snapshots));
    }
    let count = |s: Status| items.iter().filter(|i| i.status == s).count();
    Ok(Report {
        year: catalog.year,
        draft: catalog.draft,
        title: catalog.title.clone(),
        checked_on: today,
        satisfied: count(Status::Satisfied),
        partly: count(Status::Partly),
        missing: count(Status::Missing),
        items,
    })
}

fn evaluate(
    item: &Item,
    catalog: &Catalog,
    installed: &Installed,
    rows: &[Row],
    snapshots: &HashMap<String, Value>,
) -> ItemResult {
    let year = catalog.year;
    let item_due = due_date(catalog, item.period);
    let mut rules = Vec::with_capacity(item.evidence.len());
    for e in &item.evidence {
        let period = e.period.unwrap_or(item.period);
        let due = due_date(catalog, period);
        let fy = period.fiscal_year(year);
        let period_th = period.describe_th(year);
        let mut url = e.url.as_deref().map(|u| fill(u, fy, None));
        // Whether the capability that makes the record is installed (no link to its staff
        // pages otherwise).
        let provided = match e.source {
            Source::Dataset => e
                .dataset
                .as_ref()
                .is_some_and(|d| installed.datasets.contains_key(d)),
            Source::Page => e
                .provided_by
                .as_ref()
                .or(e.href.as_ref())
                .is_some_and(|p| installed.pages.contains(p)),
            _ => true,
        };
        let (ok, reason, records) = match e.source {
            Source::Snapshot => snapshot_rule(e, e.kind.as_ref().and_then(|k| snapshots.get(k))),
            Source::Page => {
                let href = e.href.clone().unwrap_or_default();
                let provider = e.provided_by.clone().unwrap_or_else(|| href.clone());
                url = Some(href.clone());
                if installed.pages.contains(&provider) {
                    (true, None, 1)
                } else {
                    (
                        false,
                        Some(format!(
                            "ยังไม่มีหน้า {href} ในเว็บไซต์ (ยังไม่ได้ติดตั้งระบบที่ให้หน้านี้): ต้องมี{}",
                            e.need
                        )),
                        0,
                    )
                }
            }
            Source::Publication | Source::Dataset => {
                let kind = match e.source {
                    Source::Publication => e.kind.clone(),
                    _ => e
                        .dataset
                        .as_ref()
                        .and_then(|d| installed.datasets.get(d))
                        .map(|(k, _)| k.clone()),
                };
                match kind {
                    None => (
                        false,
                        Some(format!(
                            "ยังไม่มีชุดข้อมูลเปิด \"{}\" (ยังไม่ได้ติดตั้งระบบที่จัดทำข้อมูลนี้): ต้องมี{}",
                            e.dataset.as_deref().unwrap_or(""),
                            e.need
                        )),
                        0,
                    ),
                    Some(_) if e.records == Some(false) => (true, None, 1),
                    Some(kind) => {
                        let matching: Vec<&Row> = rows
                            .iter()
                            .filter(|r| r.kind == kind)
                            .filter(|r| {
                                e.category.is_none()
                                    || r.category.as_deref() == e.category.as_deref()
                            })
                            .filter(|r| {
                                e.title_any.is_empty()
                                    || e.title_any
                                        .iter()
                                        .any(|w| r.title.to_lowercase().contains(&w.to_lowercase()))
                            })
                            .filter(|r| in_period(r, period, year, due))
                            .collect();
                        if let ([one], Some(template)) = (matching.as_slice(), &e.record_url) {
                            url = Some(fill(template, fy, Some(one.record_id)));
                        }
                        if matching.is_empty() {
                            (
                                false,
                                Some(format!("ไม่พบที่เผยแพร่แล้ว ({period_th}): ต้องมี{}", e.need)),
                                0,
                            )
                        } else {
                            (true, None, matching.len())
                        }
                    }
                }
            }
        };
        if !provided {
            url = None;
        }
        rules.push(RuleResult {
            need: e.need.clone(),
            ok,
            reason,
            records,
            url,
            fix: e.fix.clone().filter(|_| provided),
        });
    }
    // Parts: a rule marked `or_previous` joins the part of the rule before it.
    let mut part_of = Vec::with_capacity(rules.len());
    let mut parts: Vec<bool> = Vec::new();
    for (e, r) in item.evidence.iter().zip(&rules) {
        match parts.last_mut() {
            Some(last) if e.or_previous => *last |= r.ok,
            _ => parts.push(r.ok),
        }
        part_of.push(parts.len() - 1);
    }
    let ok = parts.iter().filter(|p| **p).count();
    let status = match item.combine {
        Match::All if ok == parts.len() => Status::Satisfied,
        Match::All if ok > 0 => Status::Partly,
        Match::Any if ok > 0 => Status::Satisfied,
        _ => Status::Missing,
    };
    let missing = if status == Status::Satisfied {
        Vec::new()
    } else if item.combine == Match::Any {
        vec![format!(
            "ต้องมีอย่างใดอย่างหนึ่ง: {}",
            rules
                .iter()
                .map(|r| r.need.as_str())
                .collect::<Vec<_>>()
                .join(" หรือ ")
        )]
        .into_iter()
        .chain(rules.iter().filter_map(|r| r.reason.clone()))
        .collect()
    } else {
        rules
            .iter()
            .zip(&part_of)
            .filter(|(_, p)| !parts[**p])
            .filter_map(|(r, _)| r.reason.clone())
            .collect()
    };
    // Nothing to submit while nothing is published: no link to an empty or absent page.
    let fy = item.period.fiscal_year(year);
    let first_ok = rules.iter().find(|r| r.ok).and_then(|r| r.url.clone());
    let url = match status {
        Status::Missing => None,
        _ if item.combine == Match::Any => first_ok,
        _ => item.url.as_deref().map(|u| fill(u, fy, None)).or(first_ok),
    };
    ItemResult {
        code: item.code.clone(),
        title: item.title.clone(),
        sub_indicator: item.sub_indicator.clone(),
        confidence: item.confidence.clone(),
        components: item.components.clone(),
        period: item.period,
        period_th: item.period.describe_th(year),
        excel: item.excel,
        signed: item.signed,
        main_site: item.main_site,
        status,
        due: item_due,
        url,
        missing,
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fy: Option<i32>, published: (i32, u32, u32)) -> Row {
        Row {
            kind: "k".into(),
            record_id: 1,
            title: String::new(),
            category: None,
            fiscal_year: fy,
            published_on: NaiveDate::from_ymd_opt(published.0, published.1, published.2),
        }
    }

    #[test]
    fn an_alternative_rule_satisfies_the_part_of_the_rule_before_it() {
        let catalog: Catalog = toml::from_str(
            r#"
year = 2568
title = "t"
[[item]]
code = "O1"
title = "x"
sub_indicator = "s"
confidence = "M"
components = []
period = "standing"
[[item.evidence]]
source = "publication"
kind = "document"
need = "a document"
[[item.evidence]]
source = "publication"
kind = "ethics"
or_previous = true
need = "an ethics page"
[[item.evidence]]
source = "publication"
kind = "news"
need = "a news item"
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let item = &catalog.items[0];
        let installed = Installed::default();
        let mut ethics = row(None, (2024, 10, 1));
        ethics.kind = "ethics".into();
        let mut news = row(None, (2024, 10, 1));
        news.kind = "news".into();
        let none = HashMap::new();
        // The ethics page stands in for the document; with the news item, all parts hold.
        let r = evaluate(item, &catalog, &installed, &[ethics.clone(), news], &none);
        assert_eq!(r.status, Status::Satisfied);
        // Without the news item only one of two parts holds, and only that part is missing.
        let r = evaluate(item, &catalog, &installed, &[ethics], &none);
        assert_eq!(r.status, Status::Partly);
        assert_eq!(r.missing.len(), 1);
        assert!(r.missing[0].contains("a news item"), "{:?}", r.missing);
        // With neither alternative the first part is missing too.
        let r = evaluate(item, &catalog, &installed, &[], &none);
        assert_eq!(r.status, Status::Missing);
    }

    #[test]
    fn periods_pick_the_right_records() {
        let due = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap_or_default();
        // Fiscal year 2568 runs 1 Oct 2024 - 30 Sep 2025.
        let r = row(None, (2024, 10, 1));
        assert!(in_period(&r, Period::CurrentYear, 2568, due));
        assert!(!in_period(&r, Period::PreviousYear, 2568, due));
        let r = row(None, (2024, 9, 30));
        assert!(!in_period(&r, Period::CurrentYear, 2568, due));
        assert!(in_period(&r, Period::PreviousYear, 2568, due));
        // The facet wins over the publication date.
        let r = row(Some(2567), (2025, 1, 5));
        assert!(in_period(&r, Period::PreviousYear, 2568, due));
        assert!(!in_period(&r, Period::AsOfMarch31, 2568, due));
        assert!(in_period(&r, Period::Annual, 2568, due));
        let r = row(Some(2560), (2017, 1, 5));
        assert!(!in_period(&r, Period::Annual, 2568, due));
        assert!(in_period(&r, Period::Standing, 2568, due));
    }

    #[test]
    fn snapshot_rules_read_fields_filters_and_presence() {
        let snap = serde_json::json!({
            "organization": {"phone": "0 4300 0000", "email": ""},
            "positions": [
                {"branch": "political", "group": "executive", "person_name": "ก", "photo": null},
                {"branch": "permanent", "group": "division", "person_name": ""}
            ]
        });
        let rule = |text: &str| -> Evidence {
            toml::from_str(&format!(
                "source = \"snapshot\"\nkind = \"profile\"\nneed = \"x\"\n{text}"
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(snapshot_rule(&rule("field = \"organization.phone\""), Some(&snap)).0);
        assert!(!snapshot_rule(&rule("field = \"organization.email\""), Some(&snap)).0);
        assert!(!snapshot_rule(&rule("field = \"organization.fax\""), Some(&snap)).0);
        assert!(
            snapshot_rule(
                &rule("field = \"positions\"\nwhere = { branch = \"permanent\" }"),
                Some(&snap)
            )
            .0
        );
        assert!(
            !snapshot_rule(
                &rule("field = \"positions\"\nwhere = { branch = \"other\" }"),
                Some(&snap)
            )
            .0
        );
        let (ok, reason, _) = snapshot_rule(
            &rule(
                "field = \"positions\"\nwhere = { group = \"executive\" }\npresent = [\"person_name\", \"photo\"]",
            ),
            Some(&snap),
        );
        assert!(!ok);
        assert!(reason.unwrap_or_default().contains("ยังขาดใน 1 จาก 1"));
        assert!(!snapshot_rule(&rule("field = \"positions\""), None).0);
    }
}
