//! Plans, projects, progress and reports: what staff change (checked per organization,
//! audited in the same transaction) and what the public reads (published snapshots only).

use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::entities::division;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors, Permission, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::kinds::{self, ReportKind};
use crate::model::{plan, progress, project, report, report_line};
use crate::permissions::{ManagePlans, PublishPlans};
use crate::validate::{
    self, LineInput, PlanInput, ProgressInput, ProjectInput, ReportInput, ValidProgress,
};

/// The publication kind of plans.
pub const PLAN_KIND: &str = "plan";
/// The publication kind of plan reports.
pub const REPORT_KIND: &str = "plan_report";

fn invalid(e: FieldErrors) -> Error {
    Error::Invalid(e)
}

// ---------- reading (staff) ----------

pub async fn get_plan(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<plan::Model> {
    plan::Entity::find_by_id(id)
        .filter(plan::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// Every plan of the organization, newest fiscal year first, with its publication status.
pub async fn list_plans(
    db: &Db,
    auth: &Authorized<ManagePlans>,
) -> Result<Vec<(plan::Model, PublicationStatus)>> {
    let org = auth.organization_id();
    let plans = plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(org))
        .order_by_desc(plan::Column::FiscalYear)
        .order_by_asc(plan::Column::Id)
        .all(db.conn())
        .await?;
    let mut rows = Vec::with_capacity(plans.len());
    for p in plans {
        let s = publication::get_publication_status(db.conn(), org, PLAN_KIND, p.id).await?;
        rows.push((p, s));
    }
    rows.sort_by_key(|(p, _)| {
        (
            -p.fiscal_year,
            kinds::find(&p.kind).map(|k| k.order).unwrap_or(i32::MAX),
        )
    });
    Ok(rows)
}

/// A plan's projects in plan order.
pub async fn list_projects(
    db: &impl ConnectionTrait,
    organization_id: i64,
    plan_id: i64,
) -> Result<Vec<project::Model>> {
    Ok(project::Entity::find()
        .filter(project::Column::OrganizationId.eq(organization_id))
        .filter(project::Column::PlanId.eq(plan_id))
        .order_by_asc(project::Column::SortOrder)
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?)
}

pub async fn get_project(
    db: &impl ConnectionTrait,
    organization_id: i64,
    plan_id: i64,
    id: i64,
) -> Result<project::Model> {
    project::Entity::find_by_id(id)
        .filter(project::Column::OrganizationId.eq(organization_id))
        .filter(project::Column::PlanId.eq(plan_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// A project's progress entries, latest first.
pub async fn list_progress(
    db: &impl ConnectionTrait,
    organization_id: i64,
    project_id: i64,
) -> Result<Vec<progress::Model>> {
    Ok(progress::Entity::find()
        .filter(progress::Column::OrganizationId.eq(organization_id))
        .filter(progress::Column::ProjectId.eq(project_id))
        .order_by_desc(progress::Column::AsOf)
        .order_by_desc(progress::Column::Id)
        .all(db)
        .await?)
}

/// Every progress entry of a plan's projects, latest first.
pub async fn list_plan_progress(
    db: &impl ConnectionTrait,
    organization_id: i64,
    project_ids: Vec<i64>,
) -> Result<Vec<progress::Model>> {
    if project_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(progress::Entity::find()
        .filter(progress::Column::OrganizationId.eq(organization_id))
        .filter(progress::Column::ProjectId.is_in(project_ids))
        .order_by_desc(progress::Column::AsOf)
        .order_by_desc(progress::Column::Id)
        .all(db)
        .await?)
}

/// The organization's divisions and units, in display order.
pub async fn list_divisions(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Vec<division::Model>> {
    Ok(division::Entity::find()
        .filter(division::Column::OrganizationId.eq(organization_id))
        .order_by_asc(division::Column::SortOrder)
        .order_by_asc(division::Column::Id)
        .all(db)
        .await?)
}

pub async fn list_reports(
    db: &impl ConnectionTrait,
    organization_id: i64,
    plan_id: i64,
) -> Result<Vec<report::Model>> {
    Ok(report::Entity::find()
        .filter(report::Column::OrganizationId.eq(organization_id))
        .filter(report::Column::PlanId.eq(plan_id))
        .order_by_asc(report::Column::AsOf)
        .all(db)
        .await?)
}

pub async fn get_report(
    db: &impl ConnectionTrait,
    organization_id: i64,
    plan_id: i64,
    id: i64,
) -> Result<report::Model> {
    report::Entity::find_by_id(id)
        .filter(report::Column::OrganizationId.eq(organization_id))
        .filter(report::Column::PlanId.eq(plan_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn list_lines(
    db: &impl ConnectionTrait,
    organization_id: i64,
    report_id: i64,
) -> Result<Vec<report_line::Model>> {
    Ok(report_line::Entity::find()
        .filter(report_line::Column::OrganizationId.eq(organization_id))
        .filter(report_line::Column::ReportId.eq(report_id))
        .order_by_asc(report_line::Column::Id)
        .all(db)
        .await?)
}

pub async fn get_line(
    db: &impl ConnectionTrait,
    organization_id: i64,
    report_id: i64,
    id: i64,
) -> Result<report_line::Model> {
    report_line::Entity::find_by_id(id)
        .filter(report_line::Column::OrganizationId.eq(organization_id))
        .filter(report_line::Column::ReportId.eq(report_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

// ---------- plans ----------

async fn check_unique(
    txn: &DatabaseTransaction,
    organization_id: i64,
    kind: &str,
    fiscal_year: i32,
    except: Option<i64>,
) -> Result<()> {
    let existing = plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(organization_id))
        .filter(plan::Column::Kind.eq(kind))
        .filter(plan::Column::FiscalYear.eq(fiscal_year))
        .one(txn)
        .await?;
    if let Some(p) = existing
        && Some(p.id) != except
    {
        return Err(Error::invalid(
            "fiscal_year",
            format!("มีแผนประเภทนี้ของปีงบประมาณ {fiscal_year} อยู่แล้ว"),
        ));
    }
    Ok(())
}

pub async fn create_plan_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    input: &PlanInput,
) -> Result<plan::Model> {
    let org = auth.organization_id();
    let v = validate::validate_plan(input).map_err(invalid)?;
    check_unique(txn, org, &v.kind, v.fiscal_year, None).await?;
    let now = prongsai_kernel::clock::now();
    let saved = plan::ActiveModel {
        organization_id: Set(org),
        kind: Set(v.kind),
        fiscal_year: Set(v.fiscal_year),
        title: Set(v.title),
        approved_on: Set(v.approved_on),
        notes: Set(v.notes),
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
        "plan.create",
        Target::new(PLAN_KIND, saved.id),
        json!({ "kind": saved.kind, "fiscal_year": saved.fiscal_year }),
    )
    .await?;
    Ok(saved)
}

pub async fn create_plan(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    input: &PlanInput,
) -> Result<plan::Model> {
    let txn = db.begin_write().await?;
    let saved = create_plan_in(&txn, auth, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_plan(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    id: i64,
    input: &PlanInput,
) -> Result<plan::Model> {
    let org = auth.organization_id();
    let v = validate::validate_plan(input).map_err(invalid)?;
    let txn = db.begin_write().await?;
    let existing = get_plan(&txn, org, id).await?;
    check_unique(&txn, org, &v.kind, v.fiscal_year, Some(id)).await?;
    if v.fiscal_year != existing.fiscal_year && !list_projects(&txn, org, id).await?.is_empty() {
        return Err(Error::invalid(
            "fiscal_year",
            "แผนนี้มีโครงการแล้ว จึงเปลี่ยนปีงบประมาณไม่ได้ (ระยะเวลาโครงการผูกกับปีงบประมาณ)",
        ));
    }
    let mut a = existing.into_active_model();
    a.kind = Set(v.kind);
    a.fiscal_year = Set(v.fiscal_year);
    a.title = Set(v.title);
    a.approved_on = Set(v.approved_on);
    a.notes = Set(v.notes);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "plan.update",
        Target::new(PLAN_KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

// ---------- projects ----------

pub async fn create_project_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    input: &ProjectInput,
) -> Result<project::Model> {
    let org = auth.organization_id();
    let plan = get_plan(txn, org, plan_id).await?;
    let divisions: Vec<i64> = list_divisions(txn, org)
        .await?
        .iter()
        .map(|d| d.id)
        .collect();
    let v = validate::validate_project(input, plan.fiscal_year, &divisions).map_err(invalid)?;
    let sort_order = match v.sort_order {
        Some(n) => n,
        None => {
            list_projects(txn, org, plan_id)
                .await?
                .iter()
                .map(|p| p.sort_order)
                .max()
                .unwrap_or(0)
                + 10
        }
    };
    let now = prongsai_kernel::clock::now();
    let saved = project::ActiveModel {
        organization_id: Set(org),
        plan_id: Set(plan_id),
        title: Set(v.title),
        objective: Set(v.objective),
        outputs: Set(v.outputs),
        budget_satang: Set(v.budget_satang),
        budget_source: Set(v.budget_source),
        starts_on: Set(v.starts_on),
        ends_on: Set(v.ends_on),
        division_id: Set(v.division_id),
        sort_order: Set(sort_order),
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
        "plan.project.create",
        Target::new("plan_project", saved.id),
        json!({ "plan_id": plan_id, "budget_satang": saved.budget_satang }),
    )
    .await?;
    Ok(saved)
}

pub async fn create_project(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    input: &ProjectInput,
) -> Result<project::Model> {
    let txn = db.begin_write().await?;
    let saved = create_project_in(&txn, auth, plan_id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_project(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    id: i64,
    input: &ProjectInput,
) -> Result<project::Model> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let plan = get_plan(&txn, org, plan_id).await?;
    let existing = get_project(&txn, org, plan_id, id).await?;
    let divisions: Vec<i64> = list_divisions(&txn, org)
        .await?
        .iter()
        .map(|d| d.id)
        .collect();
    let v = validate::validate_project(input, plan.fiscal_year, &divisions).map_err(invalid)?;
    let before = existing.budget_satang;
    let mut a = existing.into_active_model();
    a.title = Set(v.title);
    a.objective = Set(v.objective);
    a.outputs = Set(v.outputs);
    a.budget_satang = Set(v.budget_satang);
    a.budget_source = Set(v.budget_source);
    a.starts_on = Set(v.starts_on);
    a.ends_on = Set(v.ends_on);
    a.division_id = Set(v.division_id);
    if let Some(n) = v.sort_order {
        a.sort_order = Set(n);
    }
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "plan.project.update",
        Target::new("plan_project", id),
        json!({ "plan_id": plan_id, "budget_before": before, "budget_after": saved.budget_satang }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Deletes a project with its progress entries and report lines.
pub async fn delete_project(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    id: i64,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_project(&txn, org, plan_id, id).await?;
    let title = existing.title.clone();
    existing.delete(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "plan.project.delete",
        Target::new("plan_project", id),
        json!({ "plan_id": plan_id, "title": title }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- progress ----------

pub async fn add_progress_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    project_id: i64,
    input: &ProgressInput,
    today: NaiveDate,
) -> Result<progress::Model> {
    let org = auth.organization_id();
    let plan = get_plan(txn, org, plan_id).await?;
    get_project(txn, org, plan_id, project_id).await?;
    let ValidProgress {
        as_of,
        percent,
        spent_satang,
        milestone,
        problems,
    } = validate::validate_progress(input, plan.fiscal_year, today).map_err(invalid)?;
    let saved = progress::ActiveModel {
        organization_id: Set(org),
        project_id: Set(project_id),
        as_of: Set(as_of),
        percent: Set(percent),
        spent_satang: Set(spent_satang),
        milestone: Set(milestone),
        problems: Set(problems),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "plan.progress.add",
        Target::new("plan_project", project_id),
        json!({ "as_of": as_of, "percent": percent, "spent_satang": spent_satang }),
    )
    .await?;
    Ok(saved)
}

pub async fn add_progress(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    project_id: i64,
    input: &ProgressInput,
) -> Result<progress::Model> {
    let txn = db.begin_write().await?;
    let saved = add_progress_in(
        &txn,
        auth,
        plan_id,
        project_id,
        input,
        prongsai_kernel::clock::today_in_thailand(),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn delete_progress(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    project_id: i64,
    id: i64,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_project(&txn, org, plan_id, project_id).await?;
    let entry = progress::Entity::find_by_id(id)
        .filter(progress::Column::OrganizationId.eq(org))
        .filter(progress::Column::ProjectId.eq(project_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let as_of = entry.as_of;
    entry.delete(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "plan.progress.delete",
        Target::new("plan_project", project_id),
        json!({ "progress_id": id, "as_of": as_of }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- reports ----------

/// What a project's line of a report says when filled from the progress entries known on
/// the report's date: entries after `as_of` are not counted (a six-month report is as of
/// 31 March, whatever was entered later).
pub fn line_from_progress(
    project: &project::Model,
    entries: &[&progress::Model],
    as_of: NaiveDate,
) -> validate::ValidLine {
    let mut known: Vec<&progress::Model> = entries
        .iter()
        .copied()
        .filter(|e| e.as_of <= as_of)
        .collect();
    known.sort_by_key(|e| (e.as_of, e.id));
    let latest = known.last();
    let actual_start = known
        .iter()
        .find(|e| e.percent > 0)
        .map(|e| project.starts_on.min(e.as_of));
    let actual_end = known.iter().find(|e| e.percent >= 100).map(|e| e.as_of);
    validate::ValidLine {
        percent: latest.map(|e| e.percent).unwrap_or(0),
        result: latest.map(|e| e.milestone.clone()).unwrap_or_default(),
        allocated_satang: project.budget_satang,
        spent_satang: latest.map(|e| e.spent_satang).unwrap_or(0),
        actual_start,
        actual_end,
        problems: latest.map(|e| e.problems.clone()).unwrap_or_default(),
        suggestions: String::new(),
    }
}

/// Fills (or refills) every line of a report from the progress entries as of its date.
async fn fill_lines(txn: &DatabaseTransaction, org: i64, report: &report::Model) -> Result<()> {
    report_line::Entity::delete_many()
        .filter(report_line::Column::OrganizationId.eq(org))
        .filter(report_line::Column::ReportId.eq(report.id))
        .exec(txn)
        .await?;
    let projects = list_projects(txn, org, report.plan_id).await?;
    let entries = list_plan_progress(txn, org, projects.iter().map(|p| p.id).collect()).await?;
    for p in &projects {
        let mine: Vec<&progress::Model> = entries.iter().filter(|e| e.project_id == p.id).collect();
        let l = line_from_progress(p, &mine, report.as_of);
        report_line::ActiveModel {
            organization_id: Set(org),
            report_id: Set(report.id),
            project_id: Set(p.id),
            percent: Set(l.percent),
            result: Set(l.result),
            allocated_satang: Set(l.allocated_satang),
            spent_satang: Set(l.spent_satang),
            actual_start: Set(l.actual_start),
            actual_end: Set(l.actual_end),
            problems: Set(l.problems),
            suggestions: Set(l.suggestions),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Starts the six-month or annual report of a plan (or returns the one that exists),
/// its lines filled from the progress entries as of the report's date.
pub async fn create_report_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    kind: ReportKind,
) -> Result<report::Model> {
    let org = auth.organization_id();
    let plan = get_plan(txn, org, plan_id).await?;
    if let Some(existing) = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(org))
        .filter(report::Column::PlanId.eq(plan_id))
        .filter(report::Column::Kind.eq(kind.code()))
        .one(txn)
        .await?
    {
        return Ok(existing);
    }
    let now = prongsai_kernel::clock::now();
    let saved = report::ActiveModel {
        organization_id: Set(org),
        plan_id: Set(plan_id),
        kind: Set(kind.code().to_owned()),
        as_of: Set(kind.as_of(plan.fiscal_year)),
        problems: Set(String::new()),
        suggestions: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    fill_lines(txn, org, &saved).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "plan.report.create",
        Target::new(REPORT_KIND, saved.id),
        json!({ "plan_id": plan_id, "kind": kind.code(), "as_of": saved.as_of }),
    )
    .await?;
    Ok(saved)
}

pub async fn create_report(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    kind: ReportKind,
) -> Result<report::Model> {
    let txn = db.begin_write().await?;
    let saved = create_report_in(&txn, auth, plan_id, kind).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Refills a report's lines from the progress entries (replacing what was typed in them).
pub async fn refresh_report(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    id: i64,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let r = get_report(&txn, org, plan_id, id).await?;
    fill_lines(&txn, org, &r).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "plan.report.refresh",
        Target::new(REPORT_KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn update_report_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    id: i64,
    input: &ReportInput,
) -> Result<report::Model> {
    let org = auth.organization_id();
    let (problems, suggestions) = validate::validate_report(input).map_err(invalid)?;
    let r = get_report(txn, org, plan_id, id).await?;
    let mut a = r.into_active_model();
    a.problems = Set(problems);
    a.suggestions = Set(suggestions);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "plan.report.update",
        Target::new(REPORT_KIND, id),
        json!({}),
    )
    .await?;
    Ok(saved)
}

pub async fn update_report(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    id: i64,
    input: &ReportInput,
) -> Result<report::Model> {
    let txn = db.begin_write().await?;
    let saved = update_report_in(&txn, auth, plan_id, id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_line_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    report_id: i64,
    id: i64,
    input: &LineInput,
) -> Result<report_line::Model> {
    let org = auth.organization_id();
    let r = get_report(txn, org, plan_id, report_id).await?;
    let line = get_line(txn, org, report_id, id).await?;
    let v = validate::validate_line(input, r.as_of).map_err(invalid)?;
    let mut a = line.into_active_model();
    a.percent = Set(v.percent);
    a.result = Set(v.result);
    a.allocated_satang = Set(v.allocated_satang);
    a.spent_satang = Set(v.spent_satang);
    a.actual_start = Set(v.actual_start);
    a.actual_end = Set(v.actual_end);
    a.problems = Set(v.problems);
    a.suggestions = Set(v.suggestions);
    let saved = a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "plan.report.line.update",
        Target::new(REPORT_KIND, report_id),
        json!({ "line_id": id, "project_id": saved.project_id }),
    )
    .await?;
    Ok(saved)
}

pub async fn update_line(
    db: &Db,
    auth: &Authorized<ManagePlans>,
    plan_id: i64,
    report_id: i64,
    id: i64,
    input: &LineInput,
) -> Result<report_line::Model> {
    let txn = db.begin_write().await?;
    let saved = update_line_in(&txn, auth, plan_id, report_id, id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

// ---------- snapshots ----------

/// What the public sees of a plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanSnapshot {
    pub kind: String,
    pub kind_th: String,
    pub kind_en: String,
    pub fiscal_year: i32,
    pub title: String,
    pub approved_on: Option<NaiveDate>,
    pub notes: String,
    pub total_budget_satang: i64,
    pub projects: Vec<ProjectSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProjectSnapshot {
    pub number: usize,
    pub title: String,
    pub objective: String,
    pub outputs: String,
    pub budget_satang: i64,
    pub budget_source: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub division_th: String,
    pub division_en: String,
}

/// What the public sees of a report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportSnapshot {
    pub plan_kind: String,
    pub plan_title: String,
    pub fiscal_year: i32,
    pub report_kind: String,
    pub title_th: String,
    pub title_en: String,
    pub as_of: NaiveDate,
    pub problems: String,
    pub suggestions: String,
    pub total_allocated_satang: i64,
    pub total_spent_satang: i64,
    pub lines: Vec<LineSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LineSnapshot {
    pub number: usize,
    pub title: String,
    pub division_th: String,
    pub division_en: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub percent: i32,
    pub result: String,
    pub allocated_satang: i64,
    pub spent_satang: i64,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub problems: String,
    pub suggestions: String,
}

fn division_names(divisions: &[division::Model], id: Option<i64>) -> (String, String) {
    id.and_then(|id| divisions.iter().find(|d| d.id == id))
        .map(|d| (d.name_th.clone(), d.name_en.clone()))
        .unwrap_or_default()
}

async fn plan_snapshot(
    db: &impl ConnectionTrait,
    org: i64,
    plan: &plan::Model,
) -> Result<PlanSnapshot> {
    let kind = kinds::find(&plan.kind).ok_or_else(|| Error::internal("unknown plan kind"))?;
    let divisions = list_divisions(db, org).await?;
    let projects = list_projects(db, org, plan.id).await?;
    let projects: Vec<ProjectSnapshot> = projects
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let (division_th, division_en) = division_names(&divisions, p.division_id);
            ProjectSnapshot {
                number: i + 1,
                title: p.title,
                objective: p.objective,
                outputs: p.outputs,
                budget_satang: p.budget_satang,
                budget_source: p.budget_source,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
                division_th,
                division_en,
            }
        })
        .collect();
    Ok(PlanSnapshot {
        kind: plan.kind.clone(),
        kind_th: kind.name_th.clone(),
        kind_en: kind.name_en.clone(),
        fiscal_year: plan.fiscal_year,
        title: plan.title.clone(),
        approved_on: plan.approved_on,
        notes: plan.notes.clone(),
        total_budget_satang: projects.iter().map(|p| p.budget_satang).sum(),
        projects,
    })
}

pub fn plan_url(kind: &str, fiscal_year: i32) -> String {
    format!("/plans/{kind}/{fiscal_year}")
}

pub fn report_url(kind: &str, fiscal_year: i32, report: &str) -> String {
    format!("/plans/{kind}/{fiscal_year}/{report}")
}

/// Publishes the plan and its projects as they are now; `search` puts it in the site search
/// (the demo loader leaves its plans out, so demo content does not change other searches).
pub async fn publish_plan_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    change_note: &str,
    search: bool,
) -> Result<i32> {
    let org = auth.organization_id();
    let plan = get_plan(txn, org, plan_id).await?;
    let snapshot = plan_snapshot(txn, org, &plan).await?;
    if snapshot.projects.is_empty() {
        return Err(Error::invalid(
            "change_note",
            "แผนยังไม่มีโครงการ/กิจกรรม จึงยังเผยแพร่ไม่ได้",
        ));
    }
    let body = format!(
        "{} ปีงบประมาณ {}\n{}\n{}",
        snapshot.kind_th,
        plan.fiscal_year,
        snapshot
            .projects
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        plan.notes
    );
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: PLAN_KIND,
            record_id: plan_id,
            title: &plan.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(plan.fiscal_year),
            category: Some(&plan.kind),
        },
    )
    .await?;
    if !search {
        return Ok(version.version);
    }
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: PLAN_KIND,
            record_id: plan_id,
            url: &plan_url(&plan.kind, plan.fiscal_year),
            title: &plan.title,
            body: &body,
            published_at: version.published_at,
            fiscal_year: Some(plan.fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn publish_plan(
    db: &Db,
    auth: &Authorized<PublishPlans>,
    plan_id: i64,
    change_note: &str,
) -> Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_plan_in(&txn, auth, plan_id, change_note, true).await?;
    txn.commit().await?;
    Ok(v)
}

async fn report_snapshot(
    db: &impl ConnectionTrait,
    org: i64,
    plan: &plan::Model,
    r: &report::Model,
) -> Result<ReportSnapshot> {
    let kind = kinds::find(&plan.kind).ok_or_else(|| Error::internal("unknown plan kind"))?;
    let rk = ReportKind::from_code(&r.kind).ok_or_else(|| Error::internal("report kind"))?;
    let divisions = list_divisions(db, org).await?;
    let projects = list_projects(db, org, plan.id).await?;
    let lines = list_lines(db, org, r.id).await?;
    let mut out = Vec::new();
    for (i, p) in projects.iter().enumerate() {
        let Some(l) = lines.iter().find(|l| l.project_id == p.id) else {
            continue;
        };
        let (division_th, division_en) = division_names(&divisions, p.division_id);
        out.push(LineSnapshot {
            number: i + 1,
            title: p.title.clone(),
            division_th,
            division_en,
            planned_start: p.starts_on,
            planned_end: p.ends_on,
            percent: l.percent,
            result: l.result.clone(),
            allocated_satang: l.allocated_satang,
            spent_satang: l.spent_satang,
            actual_start: l.actual_start,
            actual_end: l.actual_end,
            problems: l.problems.clone(),
            suggestions: l.suggestions.clone(),
        });
    }
    Ok(ReportSnapshot {
        plan_kind: plan.kind.clone(),
        plan_title: plan.title.clone(),
        fiscal_year: plan.fiscal_year,
        report_kind: r.kind.clone(),
        title_th: format!(
            "{} ปีงบประมาณ {}",
            kind.report_name(rk, false),
            plan.fiscal_year
        ),
        title_en: format!(
            "{}, fiscal year {}",
            kind.report_name(rk, true),
            plan.fiscal_year
        ),
        as_of: r.as_of,
        problems: r.problems.clone(),
        suggestions: r.suggestions.clone(),
        total_allocated_satang: out.iter().map(|l| l.allocated_satang).sum(),
        total_spent_satang: out.iter().map(|l| l.spent_satang).sum(),
        lines: out,
    })
}

/// Publishes a report as it is now; its plan must be published first (`search` as for
/// [`publish_plan_in`]).
pub async fn publish_report_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    plan_id: i64,
    report_id: i64,
    change_note: &str,
    search: bool,
) -> Result<i32> {
    let org = auth.organization_id();
    let plan = get_plan(txn, org, plan_id).await?;
    let r = get_report(txn, org, plan_id, report_id).await?;
    let status = publication::get_publication_status(txn, org, PLAN_KIND, plan_id).await?;
    if status.state != publication::PublicationState::Published {
        return Err(Error::invalid(
            "change_note",
            "ต้องเผยแพร่แผนก่อน จึงจะเผยแพร่รายงานของแผนได้",
        ));
    }
    let snapshot = report_snapshot(txn, org, &plan, &r).await?;
    let url = report_url(&plan.kind, plan.fiscal_year, &r.kind);
    let body = format!(
        "{}\n{}\n{}\n{}",
        snapshot.plan_title,
        snapshot
            .lines
            .iter()
            .map(|l| format!("{} {}", l.title, l.result))
            .collect::<Vec<_>>()
            .join("\n"),
        snapshot.problems,
        snapshot.suggestions
    );
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: REPORT_KIND,
            record_id: report_id,
            title: &snapshot.title_th,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(plan.fiscal_year),
            category: Some(&plan.kind),
        },
    )
    .await?;
    if !search {
        return Ok(version.version);
    }
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: REPORT_KIND,
            record_id: report_id,
            url: &url,
            title: &snapshot.title_th,
            body: &body,
            published_at: version.published_at,
            fiscal_year: Some(plan.fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn publish_report(
    db: &Db,
    auth: &Authorized<PublishPlans>,
    plan_id: i64,
    report_id: i64,
    change_note: &str,
) -> Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_report_in(&txn, auth, plan_id, report_id, change_note, true).await?;
    txn.commit().await?;
    Ok(v)
}

/// Withdraws a plan (and its reports) from publication.
pub async fn withdraw_plan(
    db: &Db,
    auth: &Authorized<PublishPlans>,
    plan_id: i64,
    reason: &str,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_plan(&txn, org, plan_id).await?;
    publication::withdraw(&txn, auth, PLAN_KIND, plan_id, reason).await?;
    prongsai_search::remove_record(&txn, org, PLAN_KIND, plan_id).await?;
    for r in list_reports(&txn, org, plan_id).await? {
        let s = publication::get_publication_status(&txn, org, REPORT_KIND, r.id).await?;
        if s.state == publication::PublicationState::Published {
            publication::withdraw(&txn, auth, REPORT_KIND, r.id, reason).await?;
            prongsai_search::remove_record(&txn, org, REPORT_KIND, r.id).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

pub async fn withdraw_report(
    db: &Db,
    auth: &Authorized<PublishPlans>,
    plan_id: i64,
    report_id: i64,
    reason: &str,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_report(&txn, org, plan_id, report_id).await?;
    publication::withdraw(&txn, auth, REPORT_KIND, report_id, reason).await?;
    prongsai_search::remove_record(&txn, org, REPORT_KIND, report_id).await?;
    txn.commit().await?;
    Ok(())
}

// ---------- public ----------

pub struct PublicPlan {
    pub plan_id: i64,
    pub record: PublishedRecord,
    pub snapshot: PlanSnapshot,
}

impl PublicPlan {
    fn from_record(record: PublishedRecord) -> Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self {
            plan_id: record.record_id,
            record,
            snapshot,
        })
    }

    pub fn url(&self) -> String {
        plan_url(&self.snapshot.kind, self.snapshot.fiscal_year)
    }

    pub fn withdrawn(&self) -> bool {
        self.record.status.state == publication::PublicationState::Withdrawn
    }
}

pub struct PublicReport {
    pub report_id: i64,
    pub record: PublishedRecord,
    pub snapshot: ReportSnapshot,
}

impl PublicReport {
    fn from_record(record: PublishedRecord) -> Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self {
            report_id: record.record_id,
            record,
            snapshot,
        })
    }

    pub fn url(&self) -> String {
        report_url(
            &self.snapshot.plan_kind,
            self.snapshot.fiscal_year,
            &self.snapshot.report_kind,
        )
    }

    pub fn withdrawn(&self) -> bool {
        self.record.status.state == publication::PublicationState::Withdrawn
    }
}

/// Every currently published plan, newest fiscal year first, then in kind order.
pub async fn list_public_plans(
    db: &impl ConnectionTrait,
    organization_id: i64,
    filter: &ListFilter,
) -> Result<Vec<PublicPlan>> {
    let records = publication::list_all_published(db, organization_id, PLAN_KIND, filter).await?;
    let mut plans = records
        .into_iter()
        .map(PublicPlan::from_record)
        .collect::<Result<Vec<_>>>()?;
    plans.sort_by_key(|p| {
        (
            -p.snapshot.fiscal_year,
            kinds::find(&p.snapshot.kind)
                .map(|k| k.order)
                .unwrap_or(i32::MAX),
        )
    });
    Ok(plans)
}

async fn plan_row(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    fiscal_year: i32,
) -> Result<plan::Model> {
    plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(organization_id))
        .filter(plan::Column::Kind.eq(kind))
        .filter(plan::Column::FiscalYear.eq(fiscal_year))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// The published plan of a kind and year (`NotFound` for drafts; withdrawn plans come back
/// with their last version so the page can say so).
pub async fn public_plan(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    fiscal_year: i32,
) -> Result<PublicPlan> {
    let row = plan_row(db, organization_id, kind, fiscal_year).await?;
    PublicPlan::from_record(
        publication::find_published(db, organization_id, PLAN_KIND, row.id).await?,
    )
}

/// The published reports of a plan (withdrawn ones left out).
pub async fn public_reports_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    plan_id: i64,
) -> Result<Vec<PublicReport>> {
    let mut out = Vec::new();
    for r in list_reports(db, organization_id, plan_id).await? {
        match publication::find_published(db, organization_id, REPORT_KIND, r.id).await {
            Ok(rec) => {
                let p = PublicReport::from_record(rec)?;
                if !p.withdrawn() {
                    out.push(p);
                }
            }
            Err(Error::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

pub async fn public_report(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    fiscal_year: i32,
    report_kind: ReportKind,
) -> Result<PublicReport> {
    let row = plan_row(db, organization_id, kind, fiscal_year).await?;
    let r = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(organization_id))
        .filter(report::Column::PlanId.eq(row.id))
        .filter(report::Column::Kind.eq(report_kind.code()))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    PublicReport::from_record(
        publication::find_published(db, organization_id, REPORT_KIND, r.id).await?,
    )
}
