//! Risk registers: assessments, events, measures, follow-up, publication, public reads.

use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::entities::division;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_thai::FiscalYear;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::matrix::{self, Level};
use crate::model::{
    MEASURE_STATUSES, measure_status_th, risk_assessment, risk_event, risk_measure,
};
use crate::permissions::{ManageRisks, PublishRisks};

// ---------- parsing helpers ----------

/// A date typed as `2026-03-31` or in Thai (`31 มี.ค. 2569`, `31/3/2569`).
pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = raw.parse::<NaiveDate>() {
        return Ok(Some(d));
    }
    match prongsai_thai::parse_thai_date(raw) {
        Ok(prongsai_thai::ThaiDate::Day(d)) => Ok(Some(d)),
        Ok(prongsai_thai::ThaiDate::Range(_, d)) => Ok(Some(d)),
        Err(e) => Err(e.to_string()),
    }
}

fn parse_fiscal_year(e: &mut FieldErrors, raw: &str) -> i32 {
    match prongsai_thai::to_arabic_digits(raw.trim()).parse::<i32>() {
        Ok(y) if (2500..=2700).contains(&y) => y,
        _ => {
            e.add("fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569");
            0
        }
    }
}

fn parse_scale(e: &mut FieldErrors, field: &'static str, raw: &str, label: &str) -> i32 {
    match prongsai_thai::to_arabic_digits(raw.trim()).parse::<i32>() {
        Ok(v) if (1..=5).contains(&v) => v,
        _ => {
            e.add(field, format!("{label}ต้องเป็นตัวเลข 1 ถึง 5"));
            0
        }
    }
}

fn today() -> NaiveDate {
    prongsai_kernel::clock::today_in_thailand()
}

// ---------- assessments ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AssessmentInput {
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub assessed_on: String,
}

impl AssessmentInput {
    pub fn of(a: &risk_assessment::Model) -> Self {
        Self {
            fiscal_year: a.fiscal_year.to_string(),
            title: a.title.clone(),
            scope: a.scope.clone(),
            assessed_on: a.assessed_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

struct ValidAssessment {
    fiscal_year: i32,
    title: String,
    scope: String,
    assessed_on: Option<NaiveDate>,
}

async fn validate_assessment(
    db: &impl ConnectionTrait,
    org: i64,
    id: Option<i64>,
    input: &AssessmentInput,
) -> prongsai_kernel::Result<ValidAssessment> {
    let mut e = FieldErrors::default();
    let fiscal_year = parse_fiscal_year(&mut e, &input.fiscal_year);
    if fiscal_year != 0 {
        let other = risk_assessment::Entity::find()
            .filter(risk_assessment::Column::OrganizationId.eq(org))
            .filter(risk_assessment::Column::FiscalYear.eq(fiscal_year))
            .one(db)
            .await?;
        if other.is_some_and(|o| Some(o.id) != id) {
            e.add(
                "fiscal_year",
                format!("มีแบบประเมินความเสี่ยงของปีงบประมาณ {fiscal_year} อยู่แล้ว"),
            );
        }
    }
    let mut title = input.title.trim().to_owned();
    if title.is_empty() && fiscal_year != 0 {
        title = format!("การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {fiscal_year}");
    }
    e.max_chars("title", &title, 300, "ชื่อแบบประเมิน");
    let scope = input.scope.trim().to_owned();
    e.max_chars("scope", &scope, 5_000, "ขอบเขตและวิธีการประเมิน");
    let assessed_on = match parse_date(&input.assessed_on) {
        Ok(d) => d,
        Err(err) => {
            e.add("assessed_on", format!("วันที่ประเมิน: {err}"));
            None
        }
    };
    if let Some(d) = assessed_on
        && fiscal_year != 0
        && d > FiscalYear::new(fiscal_year).end()
    {
        e.add(
            "assessed_on",
            format!("วันที่ประเมินต้องไม่เกินวันสิ้นปีงบประมาณ {fiscal_year}"),
        );
    }
    e.into_result()?;
    Ok(ValidAssessment {
        fiscal_year,
        title,
        scope,
        assessed_on,
    })
}

pub async fn create_assessment(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    input: &AssessmentInput,
) -> prongsai_kernel::Result<risk_assessment::Model> {
    let txn = db.begin_write().await?;
    let saved = create_assessment_in(&txn, auth, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_assessment_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageRisks>,
    input: &AssessmentInput,
) -> prongsai_kernel::Result<risk_assessment::Model> {
    let org = auth.organization_id();
    let v = validate_assessment(txn, org, None, input).await?;
    let now = prongsai_kernel::clock::now();
    let saved = risk_assessment::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(v.fiscal_year),
        title: Set(v.title),
        scope: Set(v.scope),
        assessed_on: Set(v.assessed_on),
        monitoring_summary: Set(String::new()),
        annual_results: Set(String::new()),
        annual_problems: Set(String::new()),
        annual_suggestions: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "risk_assessment.create",
        Target::new(KIND, saved.id),
        json!({ "fiscal_year": saved.fiscal_year }),
    )
    .await?;
    Ok(saved)
}

async fn get_assessment_in(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<risk_assessment::Model> {
    risk_assessment::Entity::find_by_id(id)
        .filter(risk_assessment::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn update_assessment(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    id: i64,
    input: &AssessmentInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_assessment_in(&txn, org, id).await?;
    let v = validate_assessment(&txn, org, Some(id), input).await?;
    let mut a = existing.into_active_model();
    a.fiscal_year = Set(v.fiscal_year);
    a.title = Set(v.title);
    a.scope = Set(v.scope);
    a.assessed_on = Set(v.assessed_on);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "risk_assessment.update",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The 6-month monitoring and the annual results report of an assessment.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportsInput {
    #[serde(default)]
    pub monitoring_summary: String,
    #[serde(default)]
    pub annual_results: String,
    #[serde(default)]
    pub annual_problems: String,
    #[serde(default)]
    pub annual_suggestions: String,
}

impl ReportsInput {
    pub fn of(a: &risk_assessment::Model) -> Self {
        Self {
            monitoring_summary: a.monitoring_summary.clone(),
            annual_results: a.annual_results.clone(),
            annual_problems: a.annual_problems.clone(),
            annual_suggestions: a.annual_suggestions.clone(),
        }
    }
}

pub async fn update_reports(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    id: i64,
    input: &ReportsInput,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    update_reports_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn update_reports_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageRisks>,
    id: i64,
    input: &ReportsInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let fields = [
        (
            "monitoring_summary",
            &input.monitoring_summary,
            "ผลการติดตาม 6 เดือน",
        ),
        (
            "annual_results",
            &input.annual_results,
            "ผลการดำเนินงานประจำปี",
        ),
        ("annual_problems", &input.annual_problems, "ปัญหาและอุปสรรค"),
        ("annual_suggestions", &input.annual_suggestions, "ข้อเสนอแนะ"),
    ];
    for (field, value, label) in fields {
        e.max_chars(field, value.trim(), 10_000, label);
    }
    e.into_result()?;
    let existing = get_assessment_in(txn, org, id).await?;
    let mut a = existing.into_active_model();
    a.monitoring_summary = Set(input.monitoring_summary.trim().to_owned());
    a.annual_results = Set(input.annual_results.trim().to_owned());
    a.annual_problems = Set(input.annual_problems.trim().to_owned());
    a.annual_suggestions = Set(input.annual_suggestions.trim().to_owned());
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "risk_assessment.reports",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    Ok(())
}

/// Staff list rows: assessment, status, number of events; newest year first.
pub async fn list_assessments(
    db: &Db,
    auth: &Authorized<ManageRisks>,
) -> prongsai_kernel::Result<Vec<(risk_assessment::Model, PublicationStatus, usize)>> {
    let org = auth.organization_id();
    let rows = risk_assessment::Entity::find()
        .filter(risk_assessment::Column::OrganizationId.eq(org))
        .order_by_desc(risk_assessment::Column::FiscalYear)
        .all(db.conn())
        .await?;
    let events = risk_event::Entity::find()
        .filter(risk_event::Column::OrganizationId.eq(org))
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let status = publication::get_publication_status(db.conn(), org, KIND, a.id).await?;
        let n = events.iter().filter(|e| e.assessment_id == a.id).count();
        out.push((a, status, n));
    }
    Ok(out)
}

/// An assessment with its events (in area order) and their measures.
pub struct AssessmentDetail {
    pub assessment: risk_assessment::Model,
    pub status: PublicationStatus,
    pub events: Vec<(risk_event::Model, Vec<risk_measure::Model>)>,
    pub divisions: Vec<division::Model>,
}

impl AssessmentDetail {
    pub fn division_name(&self, id: i64) -> &str {
        self.divisions
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name_th.as_str())
            .unwrap_or("")
    }
}

fn area_rank(code: &str) -> usize {
    matrix::areas()
        .iter()
        .position(|a| a.code == code)
        .unwrap_or(usize::MAX)
}

async fn load_detail(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<AssessmentDetail> {
    let assessment = get_assessment_in(db, org, id).await?;
    let status = publication::get_publication_status(db, org, KIND, id).await?;
    let mut events = risk_event::Entity::find()
        .filter(risk_event::Column::OrganizationId.eq(org))
        .filter(risk_event::Column::AssessmentId.eq(id))
        .order_by_asc(risk_event::Column::Id)
        .all(db)
        .await?;
    events.sort_by_key(|e| (area_rank(&e.area_code), e.id));
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let measures = if ids.is_empty() {
        vec![]
    } else {
        risk_measure::Entity::find()
            .filter(risk_measure::Column::OrganizationId.eq(org))
            .filter(risk_measure::Column::EventId.is_in(ids))
            .order_by_asc(risk_measure::Column::DueDate)
            .order_by_asc(risk_measure::Column::Id)
            .all(db)
            .await?
    };
    let events = events
        .into_iter()
        .map(|e| {
            let m = measures
                .iter()
                .filter(|m| m.event_id == e.id)
                .cloned()
                .collect();
            (e, m)
        })
        .collect();
    let divisions = prongsai_kernel::tenant::list_divisions(db, org).await?;
    Ok(AssessmentDetail {
        assessment,
        status,
        events,
        divisions,
    })
}

pub async fn get_assessment(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    id: i64,
) -> prongsai_kernel::Result<AssessmentDetail> {
    load_detail(db.conn(), auth.organization_id(), id).await
}

// ---------- events ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct EventInput {
    #[serde(default)]
    pub area_code: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cause: String,
    #[serde(default)]
    pub existing_controls: String,
    #[serde(default)]
    pub likelihood: String,
    #[serde(default)]
    pub impact: String,
}

impl EventInput {
    pub fn of(e: &risk_event::Model) -> Self {
        Self {
            area_code: e.area_code.clone(),
            description: e.description.clone(),
            cause: e.cause.clone(),
            existing_controls: e.existing_controls.clone(),
            likelihood: e.likelihood.to_string(),
            impact: e.impact.to_string(),
        }
    }
}

struct ValidEvent {
    area_code: String,
    description: String,
    cause: String,
    existing_controls: String,
    likelihood: i32,
    impact: i32,
}

fn validate_event(input: &EventInput) -> prongsai_kernel::Result<ValidEvent> {
    let mut e = FieldErrors::default();
    let area_code = input.area_code.trim().to_owned();
    if matrix::find_area(&area_code).is_none() {
        e.add("area_code", "กรุณาเลือกประเด็นความเสี่ยง");
    }
    let description = e.required("description", &input.description, "เหตุการณ์ความเสี่ยง");
    e.max_chars("description", &description, 2_000, "เหตุการณ์ความเสี่ยง");
    let cause = input.cause.trim().to_owned();
    e.max_chars("cause", &cause, 2_000, "สาเหตุ");
    let existing_controls = input.existing_controls.trim().to_owned();
    e.max_chars(
        "existing_controls",
        &existing_controls,
        2_000,
        "การควบคุมที่มีอยู่",
    );
    let likelihood = parse_scale(&mut e, "likelihood", &input.likelihood, "โอกาสที่จะเกิด");
    let impact = parse_scale(&mut e, "impact", &input.impact, "ผลกระทบ");
    e.into_result()?;
    Ok(ValidEvent {
        area_code,
        description,
        cause,
        existing_controls,
        likelihood,
        impact,
    })
}

pub async fn create_event(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    input: &EventInput,
) -> prongsai_kernel::Result<risk_event::Model> {
    let txn = db.begin_write().await?;
    let saved = create_event_in(&txn, auth, assessment_id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_event_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    input: &EventInput,
) -> prongsai_kernel::Result<risk_event::Model> {
    let org = auth.organization_id();
    get_assessment_in(txn, org, assessment_id).await?;
    let v = validate_event(input)?;
    let now = prongsai_kernel::clock::now();
    let saved = risk_event::ActiveModel {
        organization_id: Set(org),
        assessment_id: Set(assessment_id),
        area_code: Set(v.area_code),
        description: Set(v.description),
        cause: Set(v.cause),
        existing_controls: Set(v.existing_controls),
        likelihood: Set(v.likelihood),
        impact: Set(v.impact),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    touch(txn, org, assessment_id).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "risk_event.create",
        Target::new("risk_event", saved.id),
        json!({ "assessment_id": assessment_id }),
    )
    .await?;
    Ok(saved)
}

async fn touch(
    txn: &DatabaseTransaction,
    org: i64,
    assessment_id: i64,
) -> prongsai_kernel::Result<()> {
    let a = get_assessment_in(txn, org, assessment_id).await?;
    let mut a = a.into_active_model();
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    Ok(())
}

async fn get_event_in(
    db: &impl ConnectionTrait,
    org: i64,
    assessment_id: i64,
    event_id: i64,
) -> prongsai_kernel::Result<risk_event::Model> {
    risk_event::Entity::find_by_id(event_id)
        .filter(risk_event::Column::OrganizationId.eq(org))
        .filter(risk_event::Column::AssessmentId.eq(assessment_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn get_event(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    event_id: i64,
) -> prongsai_kernel::Result<risk_event::Model> {
    get_event_in(db.conn(), auth.organization_id(), assessment_id, event_id).await
}

pub async fn update_event(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    event_id: i64,
    input: &EventInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_event_in(&txn, org, assessment_id, event_id).await?;
    let v = validate_event(input)?;
    let mut a = existing.into_active_model();
    a.area_code = Set(v.area_code);
    a.description = Set(v.description);
    a.cause = Set(v.cause);
    a.existing_controls = Set(v.existing_controls);
    a.likelihood = Set(v.likelihood);
    a.impact = Set(v.impact);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    touch(&txn, org, assessment_id).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "risk_event.update",
        Target::new("risk_event", event_id),
        json!({ "assessment_id": assessment_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- measures ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct MeasureInput {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner_division_id: String,
    #[serde(default)]
    pub due_date: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub six_month_result: String,
    #[serde(default)]
    pub annual_result: String,
}

impl MeasureInput {
    pub fn of(m: &risk_measure::Model) -> Self {
        Self {
            description: m.description.clone(),
            owner_division_id: m.owner_division_id.to_string(),
            due_date: m.due_date.to_string(),
            status: m.status.clone(),
            six_month_result: m.six_month_result.clone(),
            annual_result: m.annual_result.clone(),
        }
    }
}

struct ValidMeasure {
    description: String,
    owner_division_id: i64,
    due_date: NaiveDate,
    status: String,
    six_month_result: String,
    annual_result: String,
}

async fn validate_measure(
    db: &impl ConnectionTrait,
    org: i64,
    fiscal_year: i32,
    input: &MeasureInput,
) -> prongsai_kernel::Result<ValidMeasure> {
    let divisions = prongsai_kernel::tenant::list_divisions(db, org).await?;
    let mut e = FieldErrors::default();
    let description = e.required("description", &input.description, "มาตรการ");
    e.max_chars("description", &description, 2_000, "มาตรการ");
    let owner = input
        .owner_division_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| divisions.iter().any(|d| d.id == *id));
    if owner.is_none() {
        e.add("owner_division_id", "กรุณาเลือกหน่วยงานผู้รับผิดชอบ");
    }
    let fy = FiscalYear::new(fiscal_year);
    let due_date = match parse_date(&input.due_date) {
        Ok(Some(d)) if fy.contains(d) => Some(d),
        Ok(Some(_)) => {
            e.add(
                "due_date",
                format!(
                    "กำหนดแล้วเสร็จต้องอยู่ในปีงบประมาณ {fiscal_year} ({} ถึง {})",
                    prongsai_thai::format_date(
                        fy.start(),
                        prongsai_thai::MonthStyle::Abbreviated,
                        prongsai_thai::Digits::Arabic
                    ),
                    prongsai_thai::format_date(
                        fy.end(),
                        prongsai_thai::MonthStyle::Abbreviated,
                        prongsai_thai::Digits::Arabic
                    )
                ),
            );
            None
        }
        Ok(None) => {
            e.add("due_date", "กรุณาระบุกำหนดแล้วเสร็จ");
            None
        }
        Err(err) => {
            e.add("due_date", format!("กำหนดแล้วเสร็จ: {err}"));
            None
        }
    };
    let status = input.status.trim();
    let status = if status.is_empty() { "planned" } else { status };
    if !MEASURE_STATUSES.iter().any(|s| s.0 == status) {
        e.add("status", "กรุณาเลือกสถานะจากรายการ");
    }
    let six_month_result = input.six_month_result.trim().to_owned();
    e.max_chars(
        "six_month_result",
        &six_month_result,
        5_000,
        "ผลการดำเนินการ ณ 31 มีนาคม",
    );
    let annual_result = input.annual_result.trim().to_owned();
    e.max_chars(
        "annual_result",
        &annual_result,
        5_000,
        "ผลการดำเนินการประจำปี",
    );
    if status == "done" && six_month_result.is_empty() && annual_result.is_empty() {
        e.add("annual_result", "มาตรการที่ดำเนินการแล้วต้องระบุผลการดำเนินการ");
    }
    e.into_result()?;
    Ok(ValidMeasure {
        description,
        owner_division_id: owner.unwrap_or_default(),
        due_date: due_date.unwrap_or_else(today),
        status: status.to_owned(),
        six_month_result,
        annual_result,
    })
}

pub async fn create_measure(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    event_id: i64,
    input: &MeasureInput,
) -> prongsai_kernel::Result<risk_measure::Model> {
    let txn = db.begin_write().await?;
    let saved = create_measure_in(&txn, auth, assessment_id, event_id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_measure_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    event_id: i64,
    input: &MeasureInput,
) -> prongsai_kernel::Result<risk_measure::Model> {
    let org = auth.organization_id();
    let assessment = get_assessment_in(txn, org, assessment_id).await?;
    get_event_in(txn, org, assessment_id, event_id).await?;
    let v = validate_measure(txn, org, assessment.fiscal_year, input).await?;
    let now = prongsai_kernel::clock::now();
    let saved = risk_measure::ActiveModel {
        organization_id: Set(org),
        event_id: Set(event_id),
        description: Set(v.description),
        owner_division_id: Set(v.owner_division_id),
        due_date: Set(v.due_date),
        status: Set(v.status),
        six_month_result: Set(v.six_month_result),
        annual_result: Set(v.annual_result),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    touch(txn, org, assessment_id).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "risk_measure.create",
        Target::new("risk_measure", saved.id),
        json!({ "assessment_id": assessment_id, "event_id": event_id }),
    )
    .await?;
    Ok(saved)
}

async fn get_measure_in(
    db: &impl ConnectionTrait,
    org: i64,
    assessment_id: i64,
    measure_id: i64,
) -> prongsai_kernel::Result<(risk_event::Model, risk_measure::Model)> {
    let measure = risk_measure::Entity::find_by_id(measure_id)
        .filter(risk_measure::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let event = get_event_in(db, org, assessment_id, measure.event_id).await?;
    Ok((event, measure))
}

pub async fn get_measure(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    measure_id: i64,
) -> prongsai_kernel::Result<(risk_event::Model, risk_measure::Model)> {
    get_measure_in(db.conn(), auth.organization_id(), assessment_id, measure_id).await
}

/// Updates a measure and its follow-up results.
pub async fn update_measure(
    db: &Db,
    auth: &Authorized<ManageRisks>,
    assessment_id: i64,
    measure_id: i64,
    input: &MeasureInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let assessment = get_assessment_in(&txn, org, assessment_id).await?;
    let (_, existing) = get_measure_in(&txn, org, assessment_id, measure_id).await?;
    let v = validate_measure(&txn, org, assessment.fiscal_year, input).await?;
    let mut a = existing.into_active_model();
    a.description = Set(v.description);
    a.owner_division_id = Set(v.owner_division_id);
    a.due_date = Set(v.due_date);
    a.status = Set(v.status);
    a.six_month_result = Set(v.six_month_result);
    a.annual_result = Set(v.annual_result);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    touch(&txn, org, assessment_id).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "risk_measure.update",
        Target::new("risk_measure", measure_id),
        json!({ "assessment_id": assessment_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- publication ----------

/// What the public sees of an assessment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AssessmentSnapshot {
    pub fiscal_year: i32,
    pub title: String,
    pub scope: String,
    pub assessed_on: Option<NaiveDate>,
    /// 31 March of the fiscal year: the date the 6-month monitoring describes.
    pub monitoring_as_of: NaiveDate,
    pub monitoring_summary: String,
    pub annual_results: String,
    pub annual_problems: String,
    pub annual_suggestions: String,
    pub levels: Vec<Level>,
    pub events: Vec<EventSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventSnapshot {
    pub area_code: String,
    pub area_th: String,
    pub area_en: String,
    pub bribery: bool,
    pub description: String,
    pub cause: String,
    pub existing_controls: String,
    pub likelihood: u32,
    pub impact: u32,
    pub score: u32,
    pub level_code: String,
    pub level_th: String,
    pub level_en: String,
    pub level_colour: String,
    pub measures: Vec<MeasureSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MeasureSnapshot {
    pub description: String,
    pub owner_th: String,
    pub owner_en: String,
    pub due_date: NaiveDate,
    pub status: String,
    pub status_th: String,
    pub six_month_result: String,
    pub annual_result: String,
}

impl AssessmentSnapshot {
    pub fn of(d: &AssessmentDetail) -> Self {
        let a = &d.assessment;
        let events = d
            .events
            .iter()
            .map(|(e, measures)| {
                let area = matrix::find_area(&e.area_code);
                let level = matrix::level_of(e.likelihood as u32, e.impact as u32);
                EventSnapshot {
                    area_code: e.area_code.clone(),
                    area_th: area.map(|a| a.name_th.clone()).unwrap_or_default(),
                    area_en: area.map(|a| a.name_en.clone()).unwrap_or_default(),
                    bribery: area.is_some_and(|a| a.bribery),
                    description: e.description.clone(),
                    cause: e.cause.clone(),
                    existing_controls: e.existing_controls.clone(),
                    likelihood: e.likelihood as u32,
                    impact: e.impact as u32,
                    score: e.score(),
                    level_code: level.map(|l| l.code.clone()).unwrap_or_default(),
                    level_th: level.map(|l| l.name_th.clone()).unwrap_or_default(),
                    level_en: level.map(|l| l.name_en.clone()).unwrap_or_default(),
                    level_colour: level.map(|l| l.colour.clone()).unwrap_or_default(),
                    measures: measures
                        .iter()
                        .map(|m| {
                            let div = d.divisions.iter().find(|x| x.id == m.owner_division_id);
                            MeasureSnapshot {
                                description: m.description.clone(),
                                owner_th: div.map(|x| x.name_th.clone()).unwrap_or_default(),
                                owner_en: div.map(|x| x.name_en.clone()).unwrap_or_default(),
                                due_date: m.due_date,
                                status: m.status.clone(),
                                status_th: measure_status_th(&m.status).to_owned(),
                                six_month_result: m.six_month_result.clone(),
                                annual_result: m.annual_result.clone(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Self {
            fiscal_year: a.fiscal_year,
            title: a.title.clone(),
            scope: a.scope.clone(),
            assessed_on: a.assessed_on,
            monitoring_as_of: FiscalYear::new(a.fiscal_year).half_year_end(),
            monitoring_summary: a.monitoring_summary.clone(),
            annual_results: a.annual_results.clone(),
            annual_problems: a.annual_problems.clone(),
            annual_suggestions: a.annual_suggestions.clone(),
            levels: matrix::matrix().levels.clone(),
            events,
        }
    }

    /// `counts[impact - 1][likelihood - 1]`.
    pub fn heat_counts(&self) -> [[u32; 5]; 5] {
        let mut counts = [[0u32; 5]; 5];
        for e in &self.events {
            if (1..=5).contains(&e.likelihood) && (1..=5).contains(&e.impact) {
                counts[e.impact as usize - 1][e.likelihood as usize - 1] += 1;
            }
        }
        counts
    }

    /// The number of events of each level, in level order.
    pub fn level_counts(&self) -> Vec<(Level, usize)> {
        self.levels
            .iter()
            .map(|l| {
                let n = self
                    .events
                    .iter()
                    .filter(|e| e.level_code == l.code)
                    .count();
                (l.clone(), n)
            })
            .collect()
    }

    pub fn heat_map_svg(&self, en: bool) -> String {
        let (title, x, y) = if en {
            (
                format!("Corruption-risk heat map, fiscal year {}", self.fiscal_year),
                "Likelihood",
                "Impact",
            )
        } else {
            (
                format!("แผนภูมิความร้อนความเสี่ยงการทุจริต ปีงบประมาณ {}", self.fiscal_year),
                "โอกาสที่จะเกิด",
                "ผลกระทบ",
            )
        };
        let bands = self
            .levels
            .iter()
            .map(|l| prongsai_charts::HeatBand {
                max_score: l.max,
                colour: l.colour.clone(),
                label: format!(
                    "{} ({}–{})",
                    if en { &l.name_en } else { &l.name_th },
                    l.min,
                    l.max
                ),
            })
            .collect();
        let description = if en {
            format!("{} risk events by likelihood and impact", self.events.len())
        } else {
            format!(
                "จำนวนเหตุการณ์ความเสี่ยง {} เหตุการณ์ จำแนกตามโอกาสที่จะเกิดและผลกระทบ",
                self.events.len()
            )
        };
        prongsai_charts::heat_map_svg(&prongsai_charts::HeatMap {
            title,
            description,
            counts: self.heat_counts(),
            x_label: x.to_owned(),
            y_label: y.to_owned(),
            bands,
        })
    }
}

pub async fn publish_assessment(
    db: &Db,
    auth: &Authorized<PublishRisks>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_assessment_in(&txn, auth, id, change_note).await?;
    txn.commit().await?;
    Ok(v)
}

pub async fn publish_assessment_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<PublishRisks>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let detail = load_detail(txn, org, id).await?;
    if detail.events.is_empty() {
        return Err(Error::invalid(
            "publish",
            "ยังเผยแพร่ไม่ได้: แบบประเมินต้องมีเหตุการณ์ความเสี่ยงอย่างน้อย 1 เหตุการณ์",
        ));
    }
    let snapshot = AssessmentSnapshot::of(&detail);
    let a = &detail.assessment;
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &a.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(a.fiscal_year),
            category: None,
        },
    )
    .await?;
    let body: String = snapshot
        .events
        .iter()
        .flat_map(|e| {
            std::iter::once(e.description.as_str())
                .chain(e.measures.iter().map(|m| m.description.as_str()))
        })
        .collect::<Vec<_>>()
        .join("\n");
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/risks/{}", a.fiscal_year),
            title: &a.title,
            body: &body,
            published_at: version.published_at,
            fiscal_year: Some(a.fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn withdraw_assessment(
    db: &Db,
    auth: &Authorized<PublishRisks>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let txn = db.begin_write().await?;
    get_assessment_in(&txn, auth.organization_id(), id).await?;
    publication::withdraw(&txn, auth, KIND, id, reason).await?;
    prongsai_search::remove_record(&txn, auth.organization_id(), KIND, id).await?;
    txn.commit().await?;
    Ok(())
}

// ---------- public ----------

/// A published assessment as the public sees it.
pub struct PublicAssessment {
    pub record: PublishedRecord,
    pub snapshot: AssessmentSnapshot,
}

impl PublicAssessment {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

/// Every published assessment, newest fiscal year first.
pub async fn list_public_assessments(
    db: &Db,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<PublicAssessment>> {
    let records =
        publication::list_all_published(db.conn(), organization_id, KIND, &ListFilter::default())
            .await?;
    let mut out = records
        .into_iter()
        .map(PublicAssessment::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    out.sort_by_key(|a| std::cmp::Reverse(a.snapshot.fiscal_year));
    Ok(out)
}

/// The published assessment of a fiscal year.
pub async fn get_public_assessment(
    db: &Db,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<PublicAssessment> {
    let (records, _) = publication::list_published(
        db.conn(),
        organization_id,
        KIND,
        &ListFilter {
            fiscal_year: Some(fiscal_year),
            category: None,
        },
        0,
        1,
    )
    .await?;
    let record = records.into_iter().next().ok_or(Error::NotFound)?;
    PublicAssessment::from_record(record)
}

/// The published assessment of a fiscal year, by the id of the working copy (for its
/// history).
pub async fn find_assessment_id(
    db: &Db,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<i64> {
    Ok(get_public_assessment(db, organization_id, fiscal_year)
        .await?
        .id())
}
