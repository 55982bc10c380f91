//! HR years: staffing statistics, trainings, the HR development plan's results (read from
//! `prongsai-plans`), problems and suggestions; publication of the annual report.

use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_plans::model::{plan, progress, project, report, report_line};
use prongsai_thai::FiscalYear;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{POSITION_TYPES, hr_year, staffing, training};
use crate::permissions::{ManageHr, PublishHr};

/// The plan kind whose projects the annual report lists.
pub const PLAN_KIND: &str = "hr_development";

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
        Ok(prongsai_thai::ThaiDate::Range(d, _)) => Ok(Some(d)),
        Err(e) => Err(e.to_string()),
    }
}

fn whole(e: &mut FieldErrors, field: &'static str, raw: &str, label: &str) -> i32 {
    let raw = prongsai_thai::to_arabic_digits(raw.trim()).replace(',', "");
    if raw.is_empty() {
        return 0;
    }
    match raw.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => n,
        _ => {
            e.add(field, format!("{label}ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"));
            0
        }
    }
}

// ---------- years ----------

async fn get_year_in(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<hr_year::Model> {
    hr_year::Entity::find_by_id(id)
        .filter(hr_year::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn create_year(
    db: &Db,
    auth: &Authorized<ManageHr>,
    fiscal_year: &str,
) -> prongsai_kernel::Result<hr_year::Model> {
    let txn = db.begin_write().await?;
    let saved = create_year_in(&txn, auth, fiscal_year).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_year_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageHr>,
    fiscal_year: &str,
) -> prongsai_kernel::Result<hr_year::Model> {
    let org = auth.organization_id();
    let Some(fy) = prongsai_thai::to_arabic_digits(fiscal_year.trim())
        .parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
    else {
        return Err(Error::invalid(
            "fiscal_year",
            "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569",
        ));
    };
    let exists = hr_year::Entity::find()
        .filter(hr_year::Column::OrganizationId.eq(org))
        .filter(hr_year::Column::FiscalYear.eq(fy))
        .one(txn)
        .await?;
    if exists.is_some() {
        return Err(Error::invalid(
            "fiscal_year",
            format!("มีข้อมูลบุคลากรของปีงบประมาณ {fy} อยู่แล้ว"),
        ));
    }
    let now = prongsai_kernel::clock::now();
    let saved = hr_year::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(fy),
        problems: Set(String::new()),
        suggestions: Set(String::new()),
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
        "hr_year.create",
        Target::new(KIND, saved.id),
        json!({ "fiscal_year": fy }),
    )
    .await?;
    Ok(saved)
}

pub async fn list_years(
    db: &Db,
    auth: &Authorized<ManageHr>,
) -> prongsai_kernel::Result<Vec<(hr_year::Model, PublicationStatus)>> {
    let org = auth.organization_id();
    let rows = hr_year::Entity::find()
        .filter(hr_year::Column::OrganizationId.eq(org))
        .order_by_desc(hr_year::Column::FiscalYear)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for y in rows {
        let status = publication::get_publication_status(db.conn(), org, KIND, y.id).await?;
        out.push((y, status));
    }
    Ok(out)
}

// ---------- staffing ----------

/// The staffing table as typed: `allotted_<type>` and `filled_<type>` per position type.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StaffingInput {
    #[serde(default)]
    pub allotted_officials: String,
    #[serde(default)]
    pub filled_officials: String,
    #[serde(default)]
    pub allotted_permanent: String,
    #[serde(default)]
    pub filled_permanent: String,
    #[serde(default)]
    pub allotted_mission: String,
    #[serde(default)]
    pub filled_mission: String,
    #[serde(default)]
    pub allotted_general: String,
    #[serde(default)]
    pub filled_general: String,
}

impl StaffingInput {
    pub fn of(rows: &[staffing::Model]) -> Self {
        let get = |t: &str, allotted: bool| {
            rows.iter()
                .find(|r| r.position_type == t)
                .map(|r| if allotted { r.allotted } else { r.filled }.to_string())
                .unwrap_or_default()
        };
        Self {
            allotted_officials: get("officials", true),
            filled_officials: get("officials", false),
            allotted_permanent: get("permanent", true),
            filled_permanent: get("permanent", false),
            allotted_mission: get("mission", true),
            filled_mission: get("mission", false),
            allotted_general: get("general", true),
            filled_general: get("general", false),
        }
    }

    /// `(allotted field, allotted, filled field, filled)` of a position type.
    pub fn pair(&self, t: &str) -> (&'static str, &str, &'static str, &str) {
        match t {
            "officials" => (
                "allotted_officials",
                &self.allotted_officials,
                "filled_officials",
                &self.filled_officials,
            ),
            "permanent" => (
                "allotted_permanent",
                &self.allotted_permanent,
                "filled_permanent",
                &self.filled_permanent,
            ),
            "mission" => (
                "allotted_mission",
                &self.allotted_mission,
                "filled_mission",
                &self.filled_mission,
            ),
            _ => (
                "allotted_general",
                &self.allotted_general,
                "filled_general",
                &self.filled_general,
            ),
        }
    }
}

pub async fn save_staffing(
    db: &Db,
    auth: &Authorized<ManageHr>,
    id: i64,
    input: &StaffingInput,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    save_staffing_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn save_staffing_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageHr>,
    id: i64,
    input: &StaffingInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    get_year_in(txn, org, id).await?;
    let mut e = FieldErrors::default();
    let mut values = Vec::new();
    for (code, label, _) in POSITION_TYPES {
        let (af, a, ff, f) = input.pair(code);
        let allotted = whole(&mut e, af, a, &format!("กรอบอัตรากำลัง{label}"));
        let filled = whole(&mut e, ff, f, &format!("จำนวนที่มีคนครอง{label}"));
        if filled > allotted {
            e.add(
                ff,
                format!("{label}: จำนวนที่มีคนครองต้องไม่เกินกรอบอัตรากำลัง ({allotted})"),
            );
        }
        values.push((code, allotted, filled));
    }
    e.into_result()?;
    let existing = staffing::Entity::find()
        .filter(staffing::Column::OrganizationId.eq(org))
        .filter(staffing::Column::YearId.eq(id))
        .all(txn)
        .await?;
    for (code, allotted, filled) in values {
        match existing.iter().find(|r| r.position_type == code) {
            Some(r) => {
                let mut a = r.clone().into_active_model();
                a.allotted = Set(allotted);
                a.filled = Set(filled);
                a.update(txn).await?;
            }
            None => {
                staffing::ActiveModel {
                    organization_id: Set(org),
                    year_id: Set(id),
                    position_type: Set(code.to_owned()),
                    allotted: Set(allotted),
                    filled: Set(filled),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
        }
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "hr_year.staffing",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    Ok(())
}

// ---------- trainings ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TrainingInput {
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub executives: String,
    #[serde(default)]
    pub officials: String,
    #[serde(default)]
    pub permanent: String,
    #[serde(default)]
    pub mission: String,
    #[serde(default)]
    pub general: String,
    #[serde(default)]
    pub participants: String,
}

impl TrainingInput {
    pub fn group(&self, field: &str) -> &str {
        match field {
            "executives" => &self.executives,
            "officials" => &self.officials,
            "permanent" => &self.permanent,
            "mission" => &self.mission,
            _ => &self.general,
        }
    }
}

pub async fn add_training(
    db: &Db,
    auth: &Authorized<ManageHr>,
    id: i64,
    input: &TrainingInput,
) -> prongsai_kernel::Result<training::Model> {
    let txn = db.begin_write().await?;
    let saved = add_training_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn add_training_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageHr>,
    id: i64,
    input: &TrainingInput,
) -> prongsai_kernel::Result<training::Model> {
    let org = auth.organization_id();
    let y = get_year_in(txn, org, id).await?;
    let fy = FiscalYear::new(y.fiscal_year);
    let mut e = FieldErrors::default();
    let course = e.required("course", &input.course, "ชื่อหลักสูตร");
    e.max_chars("course", &course, 500, "ชื่อหลักสูตร");
    let organiser = e.required("organiser", &input.organiser, "หน่วยงานผู้จัด");
    e.max_chars("organiser", &organiser, 300, "หน่วยงานผู้จัด");
    let mut date = |field: &'static str, raw: &str, label: &str| match parse_date(raw) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add(field, format!("กรุณาระบุ{label}"));
            None
        }
        Err(err) => {
            e.add(field, format!("{label}: {err}"));
            None
        }
    };
    let starts_on = date("starts_on", &input.starts_on, "วันที่เริ่มอบรม");
    let ends_on = date("ends_on", &input.ends_on, "วันที่สิ้นสุดการอบรม");
    if let Some(s) = starts_on
        && !fy.contains(s)
    {
        e.add(
            "starts_on",
            format!("วันที่เริ่มอบรมต้องอยู่ในปีงบประมาณ {}", y.fiscal_year),
        );
    }
    if let (Some(s), Some(t)) = (starts_on, ends_on)
        && t < s
    {
        e.add("ends_on", "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มอบรม");
    }
    let hours = whole(&mut e, "hours", &input.hours, "จำนวนชั่วโมง");
    if hours == 0 && e.get("hours").is_none() {
        e.add("hours", "กรุณาระบุจำนวนชั่วโมงการอบรม");
    }
    let counts = [
        whole(
            &mut e,
            "executives",
            &input.executives,
            "จำนวนผู้บริหารและสมาชิกสภา",
        ),
        whole(&mut e, "officials", &input.officials, "จำนวนพนักงานส่วนตำบล"),
        whole(&mut e, "permanent", &input.permanent, "จำนวนลูกจ้างประจำ"),
        whole(&mut e, "mission", &input.mission, "จำนวนพนักงานจ้างตามภารกิจ"),
        whole(&mut e, "general", &input.general, "จำนวนพนักงานจ้างทั่วไป"),
    ];
    if counts.iter().all(|n| *n == 0) {
        e.add("officials", "กรุณาระบุจำนวนผู้เข้ารับการอบรมอย่างน้อยหนึ่งกลุ่ม");
    }
    let participants = input.participants.trim().to_owned();
    e.max_chars("participants", &participants, 20_000, "รายชื่อผู้เข้ารับการอบรม");
    e.into_result()?;
    let start = starts_on.unwrap_or(fy.start());
    let saved = training::ActiveModel {
        organization_id: Set(org),
        year_id: Set(id),
        course: Set(course),
        organiser: Set(organiser),
        starts_on: Set(start),
        ends_on: Set(ends_on.unwrap_or(start)),
        hours: Set(hours),
        executives: Set(counts[0]),
        officials: Set(counts[1]),
        permanent: Set(counts[2]),
        mission: Set(counts[3]),
        general: Set(counts[4]),
        participants: Set(participants),
        certificate_id: Set(None),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "hr_training.create",
        Target::new("hr_training", saved.id),
        json!({ "year_id": id }),
    )
    .await?;
    Ok(saved)
}

/// Attaches a training's certificate (checked by content) as a file of the year; it goes
/// public with the next publication of the year's report.
pub async fn attach_certificate(
    db: &Db,
    files: &prongsai_files::FileStore,
    auth: &Authorized<ManageHr>,
    id: i64,
    training_id: i64,
    file: &prongsai_files::CheckedFile,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_year_in(&txn, org, id).await?;
    let t = training::Entity::find_by_id(training_id)
        .filter(training::Column::OrganizationId.eq(org))
        .filter(training::Column::YearId.eq(id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let saved = prongsai_files::store_attachment(&txn, files, auth, KIND, id, file).await?;
    let mut a = t.into_active_model();
    a.certificate_id = Set(Some(saved.id));
    a.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

// ---------- notes ----------

pub async fn update_notes(
    db: &Db,
    auth: &Authorized<ManageHr>,
    id: i64,
    problems: &str,
    suggestions: &str,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    update_notes_in(&txn, auth, id, problems, suggestions).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn update_notes_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageHr>,
    id: i64,
    problems: &str,
    suggestions: &str,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    e.max_chars("problems", problems.trim(), 10_000, "ปัญหาและอุปสรรค");
    e.max_chars("suggestions", suggestions.trim(), 10_000, "ข้อเสนอแนะ");
    e.into_result()?;
    let y = get_year_in(txn, org, id).await?;
    let mut a = y.into_active_model();
    a.problems = Set(problems.trim().to_owned());
    a.suggestions = Set(suggestions.trim().to_owned());
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "hr_year.notes",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    Ok(())
}

// ---------- the plan's results ----------

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProjectResult {
    pub title: String,
    pub budget_satang: i64,
    pub allocated_satang: i64,
    pub spent_satang: i64,
    pub percent: i32,
    pub result: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PlanResults {
    pub title: String,
    pub url: String,
    /// `annual` or `six_month`: the plan's latest report; empty when none yet. Without an
    /// annual report the results are each project's latest progress entry.
    pub report_kind: String,
    pub report_as_of: Option<NaiveDate>,
    pub projects: Vec<ProjectResult>,
}

/// The HR development plan of the year and its projects' results from its latest report
/// (the annual one when made, otherwise the six-month one).
pub async fn plan_results(
    db: &impl ConnectionTrait,
    org: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<Option<PlanResults>> {
    let Some(p) = plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(org))
        .filter(plan::Column::Kind.eq(PLAN_KIND))
        .filter(plan::Column::FiscalYear.eq(fiscal_year))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let projects = project::Entity::find()
        .filter(project::Column::OrganizationId.eq(org))
        .filter(project::Column::PlanId.eq(p.id))
        .order_by_asc(project::Column::SortOrder)
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    let reports = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(org))
        .filter(report::Column::PlanId.eq(p.id))
        .all(db)
        .await?;
    let chosen = reports
        .iter()
        .filter(|r| r.kind == "annual")
        .max_by_key(|r| r.as_of)
        .or_else(|| reports.iter().max_by_key(|r| r.as_of));
    let lines = match chosen {
        Some(r) => {
            report_line::Entity::find()
                .filter(report_line::Column::OrganizationId.eq(org))
                .filter(report_line::Column::ReportId.eq(r.id))
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    // Projects without a report line show their latest progress entry.
    let progress = progress::Entity::find()
        .filter(progress::Column::OrganizationId.eq(org))
        .filter(progress::Column::ProjectId.is_in(projects.iter().map(|j| j.id)))
        .all(db)
        .await?;
    let latest = |id: i64| {
        progress
            .iter()
            .filter(|g| g.project_id == id)
            .max_by_key(|g| (g.as_of, g.id))
    };
    let annual = chosen.is_some_and(|r| r.kind == "annual");
    let as_of = if annual {
        chosen.map(|r| r.as_of)
    } else {
        progress
            .iter()
            .map(|g| g.as_of)
            .max()
            .or(chosen.map(|r| r.as_of))
    };
    Ok(Some(PlanResults {
        title: p.title.clone(),
        url: chosen.map_or_else(
            || prongsai_plans::store::plan_url(&p.kind, p.fiscal_year),
            |r| prongsai_plans::store::report_url(&p.kind, p.fiscal_year, &r.kind),
        ),
        report_kind: chosen.map(|r| r.kind.clone()).unwrap_or_default(),
        report_as_of: as_of,
        projects: projects
            .iter()
            .map(|j| {
                let l = lines.iter().find(|l| l.project_id == j.id);
                let g = latest(j.id);
                // A six-month report is older than the progress entered after it.
                let l = l.filter(|_| annual || g.is_none());
                ProjectResult {
                    title: j.title.clone(),
                    budget_satang: j.budget_satang,
                    allocated_satang: l.map_or(j.budget_satang, |l| l.allocated_satang),
                    spent_satang: l
                        .map(|l| l.spent_satang)
                        .or(g.map(|g| g.spent_satang))
                        .unwrap_or(0),
                    percent: l.map(|l| l.percent).or(g.map(|g| g.percent)).unwrap_or(0),
                    result: l
                        .map(|l| l.result.clone())
                        .or(g.map(|g| g.milestone.clone()))
                        .unwrap_or_default(),
                    starts_on: j.starts_on,
                    ends_on: j.ends_on,
                    actual_start: l.and_then(|l| l.actual_start),
                    actual_end: l.and_then(|l| l.actual_end),
                }
            })
            .collect(),
    }))
}

// ---------- a year, whole ----------

/// A file of the year (a training certificate), served at `/files/{id}/{file_name}` while it
/// is in the published snapshot.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRef {
    pub id: i64,
    pub file_name: String,
    pub size_bytes: i64,
}

pub struct YearDetail {
    pub year: hr_year::Model,
    pub files: Vec<FileRef>,
    pub status: PublicationStatus,
    pub staffing: Vec<staffing::Model>,
    pub trainings: Vec<training::Model>,
    pub plan: Option<PlanResults>,
}

async fn load_year(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<YearDetail> {
    let year = get_year_in(db, org, id).await?;
    let status = publication::get_publication_status(db, org, KIND, id).await?;
    let staffing = staffing::Entity::find()
        .filter(staffing::Column::OrganizationId.eq(org))
        .filter(staffing::Column::YearId.eq(id))
        .all(db)
        .await?;
    let trainings = training::Entity::find()
        .filter(training::Column::OrganizationId.eq(org))
        .filter(training::Column::YearId.eq(id))
        .order_by_asc(training::Column::StartsOn)
        .order_by_asc(training::Column::Id)
        .all(db)
        .await?;
    let plan = plan_results(db, org, year.fiscal_year).await?;
    let files = prongsai_files::list_attachments(db, org, KIND, id)
        .await?
        .into_iter()
        .map(|a| FileRef {
            id: a.id,
            file_name: a.file_name,
            size_bytes: a.size_bytes,
        })
        .collect();
    Ok(YearDetail {
        year,
        files,
        status,
        staffing,
        trainings,
        plan,
    })
}

pub async fn get_year(
    db: &Db,
    auth: &Authorized<ManageHr>,
    id: i64,
) -> prongsai_kernel::Result<YearDetail> {
    load_year(db.conn(), auth.organization_id(), id).await
}

// ---------- publication ----------

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StaffingRow {
    pub position_type: String,
    pub label_th: String,
    pub label_en: String,
    pub allotted: i32,
    pub filled: i32,
    pub vacant: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct TrainingSnapshot {
    pub id: i64,
    pub course: String,
    pub organiser: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: i32,
    pub executives: i32,
    pub officials: i32,
    pub permanent: i32,
    pub mission: i32,
    pub general: i32,
    pub participants: Vec<String>,
    #[serde(default)]
    pub certificate: Option<FileRef>,
}

impl TrainingSnapshot {
    pub fn total(&self) -> i32 {
        self.executives + self.officials + self.permanent + self.mission + self.general
    }

    pub fn group(&self, field: &str) -> i32 {
        match field {
            "executives" => self.executives,
            "officials" => self.officials,
            "permanent" => self.permanent,
            "mission" => self.mission,
            _ => self.general,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HrYearSnapshot {
    pub fiscal_year: i32,
    pub staffing: Vec<StaffingRow>,
    pub trainings: Vec<TrainingSnapshot>,
    pub plan: Option<PlanResults>,
    pub problems: String,
    pub suggestions: String,
    /// The certificates; the name `attachments` is what `/files/...` checks.
    #[serde(default)]
    pub attachments: Vec<FileRef>,
}

impl HrYearSnapshot {
    pub fn of(y: &YearDetail) -> Self {
        let staffing = POSITION_TYPES
            .iter()
            .map(|(code, th, en)| {
                let r = y.staffing.iter().find(|r| r.position_type == *code);
                let allotted = r.map_or(0, |r| r.allotted);
                let filled = r.map_or(0, |r| r.filled);
                StaffingRow {
                    position_type: (*code).to_owned(),
                    label_th: (*th).to_owned(),
                    label_en: (*en).to_owned(),
                    allotted,
                    filled,
                    vacant: allotted - filled,
                }
            })
            .collect();
        Self {
            fiscal_year: y.year.fiscal_year,
            staffing,
            trainings: y
                .trainings
                .iter()
                .map(|t| TrainingSnapshot {
                    id: t.id,
                    course: t.course.clone(),
                    organiser: t.organiser.clone(),
                    starts_on: t.starts_on,
                    ends_on: t.ends_on,
                    hours: t.hours,
                    executives: t.executives,
                    officials: t.officials,
                    permanent: t.permanent,
                    mission: t.mission,
                    general: t.general,
                    participants: t
                        .participants
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    certificate: t
                        .certificate_id
                        .and_then(|c| y.files.iter().find(|f| f.id == c).cloned()),
                })
                .collect(),
            attachments: y
                .files
                .iter()
                .filter(|f| y.trainings.iter().any(|t| t.certificate_id == Some(f.id)))
                .cloned()
                .collect(),
            plan: y.plan.clone(),
            problems: y.year.problems.clone(),
            suggestions: y.year.suggestions.clone(),
        }
    }

    pub fn total_allotted(&self) -> i32 {
        self.staffing.iter().map(|r| r.allotted).sum()
    }
    pub fn total_filled(&self) -> i32 {
        self.staffing.iter().map(|r| r.filled).sum()
    }
    pub fn total_vacant(&self) -> i32 {
        self.staffing.iter().map(|r| r.vacant).sum()
    }
    pub fn trained(&self) -> i32 {
        self.trainings.iter().map(TrainingSnapshot::total).sum()
    }
    pub fn trained_in(&self, field: &str) -> i32 {
        self.trainings.iter().map(|t| t.group(field)).sum()
    }
}

pub fn report_title(fy: i32) -> String {
    format!("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปีงบประมาณ พ.ศ. {fy}")
}

pub async fn publish_year(
    db: &Db,
    auth: &Authorized<PublishHr>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_year_in(&txn, auth, id, change_note).await?;
    txn.commit().await?;
    Ok(v)
}

pub async fn publish_year_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<PublishHr>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let y = load_year(txn, org, id).await?;
    if y.staffing.is_empty() {
        return Err(Error::invalid(
            "publish",
            "ยังเผยแพร่ไม่ได้: กรุณากรอกสถิติอัตรากำลังของปีนี้ก่อน",
        ));
    }
    let snapshot = HrYearSnapshot::of(&y);
    let title = report_title(y.year.fiscal_year);
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(y.year.fiscal_year),
            category: None,
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn withdraw_year(
    db: &Db,
    auth: &Authorized<PublishHr>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let txn = db.begin_write().await?;
    get_year_in(&txn, auth.organization_id(), id).await?;
    publication::withdraw(&txn, auth, KIND, id, reason).await?;
    txn.commit().await?;
    Ok(())
}

pub struct PublicYear {
    pub record: PublishedRecord,
    pub snapshot: HrYearSnapshot,
}

impl PublicYear {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

pub async fn list_public_years(
    db: &Db,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<PublicYear>> {
    let records =
        publication::list_all_published(db.conn(), organization_id, KIND, &ListFilter::default())
            .await?;
    let mut out = records
        .into_iter()
        .map(PublicYear::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    out.sort_by_key(|a| std::cmp::Reverse(a.snapshot.fiscal_year));
    Ok(out)
}

pub async fn get_public_year(
    db: &Db,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<PublicYear> {
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
    PublicYear::from_record(records.into_iter().next().ok_or(Error::NotFound)?)
}

/// A published training (for links from measures) and the year it belongs to.
pub async fn get_public_training(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<(i32, TrainingSnapshot)> {
    for y in list_public_years(db, organization_id).await? {
        if let Some(t) = y.snapshot.trainings.iter().find(|t| t.id == id) {
            return Ok((y.snapshot.fiscal_year, t.clone()));
        }
    }
    Err(Error::NotFound)
}
