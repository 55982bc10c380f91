//! Measures: topics, measures, linked records, the year's report settings, and the report
//! document built from them.

use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::entities::division;
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Authorized, Error, FieldErrors, Tenant};
use prongsai_reports::{ReportDocument, Row, Topic};
use prongsai_thai::format::{Digits, MonthStyle};
use prongsai_thai::{FiscalYear, to_arabic_digits};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use serde::Deserialize;
use serde_json::json;

use crate::KIND;
use crate::model::{LINK_KINDS, link, measure, topic, year};
use crate::permissions::{ManageMeasures, PublishMeasures};

/// The report title used until the organization changes it.
pub const DEFAULT_TITLE: &str = "ผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";
const MAX_TEXT: usize = 50_000;

/// The current fiscal year (B.E.).
pub fn current_fiscal_year() -> i32 {
    FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be()
}

/// "ไตรมาสที่ 1-4", "ไตรมาสที่ 2".
pub fn period_label(from: i16, to: i16) -> String {
    if from == to {
        format!("ไตรมาสที่ {from}")
    } else {
        format!("ไตรมาสที่ {from}-{to}")
    }
}

/// Reads "ไตรมาสที่ 1-4" / "ไตรมาส 2" / "1-4" back into quarters.
pub fn parse_period(text: &str) -> Option<(i16, i16)> {
    let t = to_arabic_digits(text);
    let t = t
        .trim()
        .trim_start_matches("ไตรมาสที่")
        .trim_start_matches("ไตรมาส")
        .trim();
    let (a, b) = match t.split_once(['-', '–']) {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (t, t),
    };
    let a: i16 = a.parse().ok()?;
    let b: i16 = b.parse().ok()?;
    ((1..=4).contains(&a) && (a..=4).contains(&b)).then_some((a, b))
}

/// The dates a quarter span covers in fiscal year `fy`, in Thai ("1 ต.ค. 2565 – 30 ก.ย. 2566").
pub fn period_dates(fy: i32, from: i16, to: i16) -> String {
    let year = FiscalYear::new(fy);
    let (Some(a), Some(b)) = (year.quarter(from as u8), year.quarter(to as u8)) else {
        return String::new();
    };
    prongsai_thai::format::format_date_range(
        a.start(),
        b.end(),
        MonthStyle::Abbreviated,
        Digits::Arabic,
    )
}

fn parse_year(raw: &str, e: &mut FieldErrors, field: &'static str) -> i32 {
    match to_arabic_digits(raw.trim()).parse::<i32>() {
        Ok(y) if (2500..=2700).contains(&y) => y,
        _ => {
            e.add(field, "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569");
            0
        }
    }
}

// ---------- year settings ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct YearInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    #[serde(default)]
    pub prepared_by: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub published: String,
}

/// The settings of a year (defaults when never saved).
pub async fn year_settings(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<year::Model> {
    let found = year::Entity::find()
        .filter(year::Column::OrganizationId.eq(organization_id))
        .filter(year::Column::FiscalYear.eq(fiscal_year))
        .one(db)
        .await?;
    Ok(found.unwrap_or_else(|| year::Model {
        id: 0,
        organization_id,
        fiscal_year,
        title: DEFAULT_TITLE.to_owned(),
        subtitle: String::new(),
        prepared_by: String::new(),
        intro: String::new(),
        published: false,
        updated_at: prongsai_kernel::clock::now(),
    }))
}

/// Saves a year's cover and publication.
pub async fn save_year(
    db: &Db,
    auth: &Authorized<PublishMeasures>,
    fiscal_year: i32,
    input: &YearInput,
) -> prongsai_kernel::Result<year::Model> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่อรายงาน");
    e.max_chars("title", &title, 300, "ชื่อรายงาน");
    e.max_chars("subtitle", input.subtitle.trim(), 300, "บรรทัดรอง");
    let prepared_by = e.required("prepared_by", &input.prepared_by, "ผู้จัดทำ");
    e.max_chars("prepared_by", &prepared_by, 300, "ผู้จัดทำ");
    e.max_chars("intro", input.intro.trim(), 5_000, "คำนำ");
    e.into_result()?;
    let published = matches!(input.published.as_str(), "on" | "true" | "1");
    let txn = db.begin_write().await?;
    let existing = year::Entity::find()
        .filter(year::Column::OrganizationId.eq(org))
        .filter(year::Column::FiscalYear.eq(fiscal_year))
        .one(&txn)
        .await?;
    let now = prongsai_kernel::clock::now();
    let saved = match existing {
        Some(y) => {
            let mut a = y.into_active_model();
            a.title = Set(title);
            a.subtitle = Set(input.subtitle.trim().to_owned());
            a.prepared_by = Set(prepared_by);
            a.intro = Set(input.intro.trim().to_owned());
            a.published = Set(published);
            a.updated_at = Set(now);
            a.update(&txn).await?
        }
        None => {
            year::ActiveModel {
                organization_id: Set(org),
                fiscal_year: Set(fiscal_year),
                title: Set(title),
                subtitle: Set(input.subtitle.trim().to_owned()),
                prepared_by: Set(prepared_by),
                intro: Set(input.intro.trim().to_owned()),
                published: Set(published),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.year.save",
        Target::new("measure_year", saved.id),
        json!({ "fiscal_year": fiscal_year, "published": published }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Years that have topics (staff) or are published (public), newest first.
pub async fn list_years(
    db: &impl ConnectionTrait,
    organization_id: i64,
    published_only: bool,
) -> prongsai_kernel::Result<Vec<i32>> {
    let mut years: Vec<i32> = if published_only {
        year::Entity::find()
            .filter(year::Column::OrganizationId.eq(organization_id))
            .filter(year::Column::Published.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|y| y.fiscal_year)
            .collect()
    } else {
        topic::Entity::find()
            .filter(topic::Column::OrganizationId.eq(organization_id))
            .all(db)
            .await?
            .into_iter()
            .map(|t| t.fiscal_year)
            .collect()
    };
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

// ---------- topics ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TopicInput {
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default, rename = "topic_title")]
    pub title: String,
}

pub async fn create_topic(
    db: &Db,
    auth: &Authorized<ManageMeasures>,
    input: &TopicInput,
) -> prongsai_kernel::Result<topic::Model> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let fiscal_year = parse_year(&input.fiscal_year, &mut e, "fiscal_year");
    let title = e.required("topic_title", &input.title, "ชื่อประเด็น");
    e.max_chars("topic_title", &title, 500, "ชื่อประเด็น");
    e.into_result()?;
    let txn = db.begin_write().await?;
    let last = topic::Entity::find()
        .filter(topic::Column::OrganizationId.eq(org))
        .filter(topic::Column::FiscalYear.eq(fiscal_year))
        .order_by_desc(topic::Column::Position)
        .one(&txn)
        .await?
        .map(|t| t.position)
        .unwrap_or(0);
    let saved = topic::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(fiscal_year),
        position: Set(last + 1),
        title: Set(title),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.topic.create",
        Target::new("measure_topic", saved.id),
        json!({ "fiscal_year": fiscal_year }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn rename_topic(
    db: &Db,
    auth: &Authorized<ManageMeasures>,
    id: i64,
    title: &str,
) -> prongsai_kernel::Result<topic::Model> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let title = e.required("topic_title", title, "ชื่อประเด็น");
    e.max_chars("topic_title", &title, 500, "ชื่อประเด็น");
    e.into_result()?;
    let txn = db.begin_write().await?;
    let t = get_topic(&txn, org, id).await?;
    let mut a = t.into_active_model();
    a.title = Set(title);
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.topic.rename",
        Target::new("measure_topic", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn get_topic(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<topic::Model> {
    topic::Entity::find_by_id(id)
        .filter(topic::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn list_topics(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<Vec<topic::Model>> {
    Ok(topic::Entity::find()
        .filter(topic::Column::OrganizationId.eq(organization_id))
        .filter(topic::Column::FiscalYear.eq(fiscal_year))
        .order_by_asc(topic::Column::Position)
        .order_by_asc(topic::Column::Id)
        .all(db)
        .await?)
}

// ---------- measures ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct MeasureInput {
    #[serde(default)]
    pub topic_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub steps: String,
    #[serde(default)]
    pub quarter_from: String,
    #[serde(default)]
    pub quarter_to: String,
    #[serde(default)]
    pub division_id: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub outcomes: String,
}

impl MeasureInput {
    pub fn of(m: &measure::Model) -> Self {
        Self {
            topic_id: m.topic_id.to_string(),
            title: m.title.clone(),
            steps: m.steps.clone(),
            quarter_from: m.quarter_from.to_string(),
            quarter_to: m.quarter_to.to_string(),
            division_id: m.division_id.map(|d| d.to_string()).unwrap_or_default(),
            summary: m.summary.clone(),
            outcomes: m.outcomes.clone(),
        }
    }
}

/// Text from a textarea: line endings normalised, trailing spaces trimmed.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

struct ValidMeasure {
    topic: topic::Model,
    title: String,
    steps: String,
    quarter_from: i16,
    quarter_to: i16,
    division_id: Option<i64>,
    summary: String,
    outcomes: String,
}

fn parse_quarter(raw: &str) -> Option<i16> {
    to_arabic_digits(raw.trim())
        .parse::<i16>()
        .ok()
        .filter(|q| (1..=4).contains(q))
}

async fn validate_measure(
    db: &impl ConnectionTrait,
    org: i64,
    input: &MeasureInput,
) -> prongsai_kernel::Result<ValidMeasure> {
    let mut e = FieldErrors::default();
    let topic = match input.topic_id.trim().parse::<i64>() {
        Ok(id) => get_topic(db, org, id).await.ok(),
        Err(_) => None,
    };
    if topic.is_none() {
        e.add("topic_id", "กรุณาเลือกประเด็นของมาตรการ");
    }
    let title = clean(&input.title);
    if title.is_empty() {
        e.add("title", "กรุณากรอกชื่อมาตรการ/กิจกรรม");
    }
    e.max_chars("title", &title, 5_000, "มาตรการ/กิจกรรม");
    let steps = clean(&input.steps);
    e.max_chars("steps", &steps, MAX_TEXT, "ขั้นตอน/วิธีการปฏิบัติ");
    let summary = clean(&input.summary);
    e.max_chars("summary", &summary, MAX_TEXT, "สรุปผลการดำเนินการ");
    let outcomes = clean(&input.outcomes);
    e.max_chars("outcomes", &outcomes, MAX_TEXT, "ผลลัพธ์");
    let quarter_from = parse_quarter(&input.quarter_from);
    let quarter_to = parse_quarter(&input.quarter_to);
    if quarter_from.is_none() {
        e.add("quarter_from", "กรุณาเลือกไตรมาสเริ่มต้น (1 ถึง 4)");
    }
    if quarter_to.is_none() {
        e.add("quarter_to", "กรุณาเลือกไตรมาสสิ้นสุด (1 ถึง 4)");
    }
    if let (Some(a), Some(b)) = (quarter_from, quarter_to)
        && a > b
    {
        e.add("quarter_to", "ไตรมาสสิ้นสุดต้องไม่ก่อนไตรมาสเริ่มต้น");
    }
    let division_id = match input.division_id.trim() {
        "" => None,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(id) => division::Entity::find_by_id(id)
                    .filter(division::Column::OrganizationId.eq(org))
                    .one(db)
                    .await?
                    .map(|d| d.id),
                Err(_) => None,
            };
            if found.is_none() {
                e.add("division_id", "ไม่พบหน่วยงานที่เลือก");
            }
            found
        }
    };
    e.into_result()?;
    let (Some(topic), Some(quarter_from), Some(quarter_to)) = (topic, quarter_from, quarter_to)
    else {
        return Err(Error::internal("validated fields missing"));
    };
    Ok(ValidMeasure {
        topic,
        title,
        steps,
        quarter_from,
        quarter_to,
        division_id,
        summary,
        outcomes,
    })
}

pub async fn create_measure(
    db: &Db,
    auth: &Authorized<ManageMeasures>,
    input: &MeasureInput,
) -> prongsai_kernel::Result<measure::Model> {
    let org = auth.organization_id();
    let v = validate_measure(db.conn(), org, input).await?;
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let last = measure::Entity::find()
        .filter(measure::Column::TopicId.eq(v.topic.id))
        .order_by_desc(measure::Column::Position)
        .one(&txn)
        .await?
        .map(|m| m.position)
        .unwrap_or(0);
    let saved = measure::ActiveModel {
        organization_id: Set(org),
        topic_id: Set(v.topic.id),
        position: Set(last + 1),
        title: Set(v.title),
        steps: Set(v.steps),
        quarter_from: Set(v.quarter_from),
        quarter_to: Set(v.quarter_to),
        division_id: Set(v.division_id),
        summary: Set(v.summary),
        outcomes: Set(v.outcomes),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.measure.create",
        Target::new(KIND, saved.id),
        json!({ "topic_id": saved.topic_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_measure(
    db: &Db,
    auth: &Authorized<ManageMeasures>,
    id: i64,
    input: &MeasureInput,
) -> prongsai_kernel::Result<measure::Model> {
    let org = auth.organization_id();
    let v = validate_measure(db.conn(), org, input).await?;
    let txn = db.begin_write().await?;
    let existing = get_measure(&txn, org, id).await?;
    let mut changed = Vec::new();
    for (name, same) in [
        ("topic_id", existing.topic_id == v.topic.id),
        ("title", existing.title == v.title),
        ("steps", existing.steps == v.steps),
        (
            "period",
            (existing.quarter_from, existing.quarter_to) == (v.quarter_from, v.quarter_to),
        ),
        ("division_id", existing.division_id == v.division_id),
        ("summary", existing.summary == v.summary),
        ("outcomes", existing.outcomes == v.outcomes),
    ] {
        if !same {
            changed.push(name);
        }
    }
    let mut a = existing.into_active_model();
    a.topic_id = Set(v.topic.id);
    a.title = Set(v.title);
    a.steps = Set(v.steps);
    a.quarter_from = Set(v.quarter_from);
    a.quarter_to = Set(v.quarter_to);
    a.division_id = Set(v.division_id);
    a.summary = Set(v.summary);
    a.outcomes = Set(v.outcomes);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.measure.update",
        Target::new(KIND, id),
        json!({ "fields": changed }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn get_measure(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<measure::Model> {
    measure::Entity::find_by_id(id)
        .filter(measure::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

// ---------- linked records ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct LinkInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub link_title: String,
    #[serde(default)]
    pub occurred_on: String,
}

/// A date typed the ISO way (`2022-10-10`) or any Thai way (`10 ต.ค. 65`, `10/10/2565`).
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

pub async fn add_link(
    db: &Db,
    auth: &Authorized<ManageMeasures>,
    measure_id: i64,
    input: &LinkInput,
) -> prongsai_kernel::Result<link::Model> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let internal = LINK_KINDS.iter().find(|(k, _)| *k == input.kind);
    if internal.is_none() {
        e.add("kind", "กรุณาเลือกประเภทของรายการ");
    }
    let title = e.required("link_title", &input.link_title, "ชื่อรายการ");
    e.max_chars("link_title", &title, 500, "ชื่อรายการ");
    let reference = input.reference.trim().to_owned();
    e.max_chars("reference", &reference, 1_000, "เลขที่หรือลิงก์");
    if !reference.is_empty() {
        let is_url = reference.starts_with("https://") || reference.starts_with("http://");
        let is_id = reference.parse::<u64>().is_ok_and(|n| n > 0);
        match internal {
            Some((_, Some(_))) if !is_id && !is_url => e.add(
                "reference",
                "ใส่เลขที่รายการในระบบ (ตัวเลข) หรือลิงก์ที่ขึ้นต้นด้วย https://",
            ),
            Some((_, None)) if !is_url => e.add("reference", "ลิงก์ต้องขึ้นต้นด้วย https:// หรือ http://"),
            _ => {}
        }
    }
    let occurred_on = match input.occurred_on.trim() {
        "" => None,
        raw => match parse_date(raw) {
            Ok(d) => Some(d),
            Err(m) => {
                e.add("occurred_on", m);
                None
            }
        },
    };
    e.into_result()?;
    let txn = db.begin_write().await?;
    get_measure(&txn, org, measure_id).await?;
    let saved = link::ActiveModel {
        organization_id: Set(org),
        measure_id: Set(measure_id),
        kind: Set(input.kind.clone()),
        reference: Set(reference),
        title: Set(title),
        occurred_on: Set(occurred_on),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.link.add",
        Target::new(KIND, measure_id),
        json!({ "link_id": saved.id, "kind": saved.kind }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn delete_link(
    db: &Db,
    auth: &Authorized<ManageMeasures>,
    measure_id: i64,
    link_id: i64,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let found = link::Entity::find_by_id(link_id)
        .filter(link::Column::OrganizationId.eq(org))
        .filter(link::Column::MeasureId.eq(measure_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    link::Entity::delete_by_id(found.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "measures.link.delete",
        Target::new(KIND, measure_id),
        json!({ "link_id": link_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn list_links(
    db: &impl ConnectionTrait,
    organization_id: i64,
    measure_ids: &[i64],
) -> prongsai_kernel::Result<Vec<link::Model>> {
    Ok(link::Entity::find()
        .filter(link::Column::OrganizationId.eq(organization_id))
        .filter(link::Column::MeasureId.is_in(measure_ids.iter().copied()))
        .order_by_asc(link::Column::OccurredOn)
        .order_by_asc(link::Column::Id)
        .all(db)
        .await?)
}

/// A results summary drafted from the linked records, as the seed report writes it: one
/// numbered line per kind of record, its dates in short Thai form ("วันที่ 10 ต.ค. 65/วันที่ 7
/// พ.ย. 65"), in date order. The clerk edits it before saving.
pub fn draft_summary(links: &[link::Model]) -> String {
    let mut sorted: Vec<&link::Model> = links.iter().collect();
    sorted.sort_by_key(|l| (l.occurred_on.is_none(), l.occurred_on, l.id));
    let mut groups: Vec<(String, Vec<NaiveDate>)> = Vec::new();
    for l in sorted {
        let key = l.title.trim().to_owned();
        let idx = match groups.iter().position(|(t, _)| *t == key) {
            Some(i) => i,
            None => {
                groups.push((key, Vec::new()));
                groups.len() - 1
            }
        };
        if let Some(d) = l.occurred_on {
            groups[idx].1.push(d);
        }
    }
    groups
        .iter()
        .enumerate()
        .map(|(i, (title, dates))| {
            let dates = dates
                .iter()
                .map(|d| {
                    format!(
                        "วันที่ {}",
                        prongsai_thai::format::format_date_short_year(
                            *d,
                            MonthStyle::Abbreviated,
                            Digits::Arabic
                        )
                    )
                })
                .collect::<Vec<_>>()
                .join("/");
            if dates.is_empty() {
                format!("{}.{title}", i + 1)
            } else {
                format!("{}.{title} {dates}", i + 1)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------- the year as a whole ----------

/// A measure with what the pages show beside it.
#[derive(Clone, Debug)]
pub struct MeasureView {
    pub measure: measure::Model,
    pub division: Option<String>,
    pub links: Vec<link::Model>,
}

impl MeasureView {
    pub fn period(&self) -> String {
        period_label(self.measure.quarter_from, self.measure.quarter_to)
    }
}

#[derive(Clone, Debug)]
pub struct TopicView {
    pub topic: topic::Model,
    pub measures: Vec<MeasureView>,
}

/// Every topic of the year with its measures, in report order.
pub async fn load_year(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<Vec<TopicView>> {
    let topics = list_topics(db, organization_id, fiscal_year).await?;
    let ids: Vec<i64> = topics.iter().map(|t| t.id).collect();
    let measures = measure::Entity::find()
        .filter(measure::Column::OrganizationId.eq(organization_id))
        .filter(measure::Column::TopicId.is_in(ids))
        .order_by_asc(measure::Column::Position)
        .order_by_asc(measure::Column::Id)
        .all(db)
        .await?;
    let mids: Vec<i64> = measures.iter().map(|m| m.id).collect();
    let links = list_links(db, organization_id, &mids).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(db, organization_id).await?;
    Ok(topics
        .into_iter()
        .map(|t| TopicView {
            measures: measures
                .iter()
                .filter(|m| m.topic_id == t.id)
                .map(|m| MeasureView {
                    measure: m.clone(),
                    division: m.division_id.and_then(|d| {
                        divisions
                            .iter()
                            .find(|x| x.id == d)
                            .map(|x| x.name_th.clone())
                    }),
                    links: links
                        .iter()
                        .filter(|l| l.measure_id == m.id)
                        .cloned()
                        .collect(),
                })
                .collect(),
            topic: t,
        })
        .collect())
}

/// The annual measures report of a year, as the reports crate renders it.
pub async fn report_document(
    db: &impl ConnectionTrait,
    tenant: &Tenant,
    fiscal_year: i32,
) -> prongsai_kernel::Result<ReportDocument> {
    let settings = year_settings(db, tenant.id, fiscal_year).await?;
    let topics = load_year(db, tenant.id, fiscal_year).await?;
    Ok(build_report(tenant, &settings, &topics))
}

pub fn build_report(
    tenant: &Tenant,
    settings: &year::Model,
    topics: &[TopicView],
) -> ReportDocument {
    ReportDocument {
        title: settings.title.clone(),
        subtitle: settings.subtitle.clone(),
        fiscal_year: settings.fiscal_year,
        organization: tenant.name_th.clone(),
        district: tenant.district_th.clone(),
        province: tenant.province_th.clone(),
        prepared_by: settings.prepared_by.clone(),
        table_title: format!(
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ {} ประจำปีงบประมาณ พ.ศ. {}",
            tenant.name_th, settings.fiscal_year
        ),
        intro: settings
            .intro
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        columns: prongsai_reports::measure_columns(),
        closing: Vec::new(),
        sheet_name: format!("มาตรการ {}", settings.fiscal_year),
        topics: topics
            .iter()
            .map(|t| Topic {
                title: t.topic.title.clone(),
                rows: t
                    .measures
                    .iter()
                    .map(|m| {
                        Row::new([
                            m.measure.title.clone(),
                            m.measure.steps.clone(),
                            m.period(),
                            m.measure.summary.clone(),
                            m.measure.outcomes.clone(),
                        ])
                    })
                    .collect(),
            })
            .collect(),
    }
}
