//! Procurement records: items, the published list, plans, notices, annual reports, imports.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_db::Db;
use prongsai_db::entities::{division, organization};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, PublicationStatus};
use prongsai_kernel::{Authorized, Error, FieldErrors, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::import::ImportPreview;
use crate::model::{annual, import, item, notice, plan, plan_line};
use crate::permissions::ManageProcurement;
use crate::reference::reference_for;
use crate::rows::{Agency, ItemRow};
use crate::summary::{MethodSummary, MonthSummary};
use crate::validate::{ItemInput, Problem, ValidItem, validate_item};

pub const LIST_KIND: &str = "procurement_list";
pub const PLAN_KIND: &str = "procurement_plan";
pub const NOTICE_KIND: &str = "procurement_notice";
pub const ANNUAL_KIND: &str = "procurement_annual";

/// The organization as the NACC sheet names it.
pub async fn agency(db: &impl ConnectionTrait, organization_id: i64) -> Result<Agency> {
    let o = organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Agency {
        slug: o.slug,
        name: o.name_th,
        district: o.district_th,
        province: o.province_th,
    })
}

fn to_field_errors(problems: Vec<Problem>) -> Error {
    let mut e = FieldErrors::default();
    for p in problems {
        e.add(p.field, p.message);
    }
    Error::Invalid(e)
}

fn apply(a: &mut item::ActiveModel, v: &ValidItem) {
    a.fiscal_year = Set(v.fiscal_year);
    a.item_name = Set(v.item_name.clone());
    a.allocated_budget = Set(v.allocated_budget);
    a.budget_source = Set(v.budget_source.clone());
    a.status = Set(v.status.clone());
    a.method = Set(v.method.clone());
    a.reference_price = Set(v.reference_price);
    a.agreed_price = Set(v.agreed_price);
    a.vendor_name = Set(v.vendor_name.clone());
    a.vendor_tax_id = Set(v.vendor_tax_id.clone());
    a.egp_project_number = Set(v.egp_project_number.clone());
    a.contract_start = Set(v.contract_start);
    a.contract_end = Set(v.contract_end);
    a.announced_on = Set(v.announced_on);
}

/// The valid item of a row.
pub fn valid_of(m: &item::Model) -> ValidItem {
    ValidItem {
        fiscal_year: m.fiscal_year,
        item_name: m.item_name.clone(),
        allocated_budget: m.allocated_budget,
        budget_source: m.budget_source.clone(),
        status: m.status.clone(),
        method: m.method.clone(),
        reference_price: m.reference_price,
        agreed_price: m.agreed_price,
        vendor_name: m.vendor_name.clone(),
        vendor_tax_id: m.vendor_tax_id.clone(),
        egp_project_number: m.egp_project_number.clone(),
        contract_start: m.contract_start,
        contract_end: m.contract_end,
        announced_on: m.announced_on,
    }
}

/// The input form of a row (for editing).
pub fn input_of(m: &item::Model) -> ItemInput {
    let money = |v: i64| format!("{}.{:02}", v / 100, v % 100);
    ItemInput {
        fiscal_year: m.fiscal_year.to_string(),
        item_name: m.item_name.clone(),
        allocated_budget: money(m.allocated_budget),
        budget_source: m.budget_source.clone(),
        status: m.status.clone(),
        method: m.method.clone(),
        reference_price: m.reference_price.map(money).unwrap_or_default(),
        agreed_price: m.agreed_price.map(money).unwrap_or_default(),
        vendor_name: m.vendor_name.clone().unwrap_or_default(),
        vendor_tax_id: m.vendor_tax_id.clone().unwrap_or_default(),
        egp_project_number: m.egp_project_number.clone().unwrap_or_default(),
        contract_start: m
            .contract_start
            .map(crate::validate::input_date)
            .unwrap_or_default(),
        contract_end: m
            .contract_end
            .map(crate::validate::input_date)
            .unwrap_or_default(),
        announced_on: m
            .announced_on
            .map(crate::validate::input_date)
            .unwrap_or_default(),
    }
}

/// Staff's choices that are not in the NACC sheet.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ItemExtras {
    pub result_on: Option<NaiveDate>,
    pub division_id: Option<i64>,
}

async fn check_division(
    db: &impl ConnectionTrait,
    org: i64,
    division_id: Option<i64>,
) -> Result<Option<i64>> {
    match division_id {
        None => Ok(None),
        Some(id) => division::Entity::find_by_id(id)
            .filter(division::Column::OrganizationId.eq(org))
            .one(db)
            .await?
            .map(|d| Some(d.id))
            .ok_or_else(|| Error::invalid("division_id", "ไม่พบหน่วยงานที่เลือก")),
    }
}

pub async fn create_item(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    input: &ItemInput,
    extras: &ItemExtras,
) -> Result<item::Model> {
    let org = auth.organization_id();
    let v = validate_item(input, fiscal_year).map_err(to_field_errors)?;
    let division_id = check_division(db.conn(), org, extras.division_id).await?;
    let now = prongsai_kernel::clock::now();
    let mut a = item::ActiveModel {
        organization_id: Set(org),
        result_on: Set(extras.result_on),
        division_id: Set(division_id),
        source: Set("form".into()),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut a, &v);
    let txn = db.begin_write().await?;
    let saved = a.insert(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "procurement.item.create",
        Target::new("procurement_item", saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

async fn item_in(db: &impl ConnectionTrait, org: i64, id: i64) -> Result<item::Model> {
    item::Entity::find_by_id(id)
        .filter(item::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn get_item(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    id: i64,
) -> Result<item::Model> {
    item_in(db.conn(), auth.organization_id(), id).await
}

/// An item for an auditor or executive to read (they follow red flags to it).
pub async fn view_item(
    db: &Db,
    auth: &Authorized<crate::permissions::ViewRedFlags>,
    id: i64,
) -> Result<item::Model> {
    item_in(db.conn(), auth.organization_id(), id).await
}

pub async fn update_item(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    id: i64,
    input: &ItemInput,
    extras: &ItemExtras,
) -> Result<item::Model> {
    let org = auth.organization_id();
    let existing = item_in(db.conn(), org, id).await?;
    let v = validate_item(input, existing.fiscal_year).map_err(to_field_errors)?;
    let division_id = check_division(db.conn(), org, extras.division_id).await?;
    let txn = db.begin_write().await?;
    let existing = item_in(&txn, org, id).await?;
    let mut a = existing.into_active_model();
    apply(&mut a, &v);
    a.result_on = Set(extras.result_on);
    a.division_id = Set(division_id);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "procurement.item.update",
        Target::new("procurement_item", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn delete_item(db: &Db, auth: &Authorized<ManageProcurement>, id: i64) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = item_in(&txn, org, id).await?;
    notice::Entity::update_many()
        .col_expr(
            notice::Column::ItemId,
            prongsai_db::sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(notice::Column::OrganizationId.eq(org))
        .filter(notice::Column::ItemId.eq(id))
        .exec(&txn)
        .await?;
    item::Entity::delete_by_id(existing.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "procurement.item.delete",
        Target::new("procurement_item", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The working items of a fiscal year, as staff see them.
pub async fn list_items(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<Vec<item::Model>> {
    Ok(item::Entity::find()
        .filter(item::Column::OrganizationId.eq(organization_id))
        .filter(item::Column::FiscalYear.eq(fiscal_year))
        .order_by_asc(item::Column::Id)
        .all(db)
        .await?)
}

/// The fiscal years that have items, newest first.
pub async fn item_years(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<i32>> {
    use prongsai_db::sea_orm::QuerySelect;
    let mut years: Vec<i32> = item::Entity::find()
        .select_only()
        .column(item::Column::FiscalYear)
        .distinct()
        .filter(item::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .all(db)
        .await?;
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// Items with what exports need (division names, the plan's publication date).
pub async fn item_rows(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<Vec<ItemRow>> {
    let items = list_items(db, organization_id, fiscal_year).await?;
    let divisions: HashMap<i64, String> =
        prongsai_kernel::tenant::list_divisions(db, organization_id)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name_th))
            .collect();
    let plan_published = plan_published_on(db, organization_id, fiscal_year).await?;
    let plan_names: Vec<String> = match find_plan(db, organization_id, fiscal_year).await? {
        Some((_, lines)) => lines
            .iter()
            .map(|l| crate::reference::squash(&l.item_name))
            .collect(),
        None => Vec::new(),
    };
    Ok(items
        .into_iter()
        .map(|m| {
            let in_plan = plan_names.contains(&crate::reference::squash(&m.item_name));
            ItemRow {
                id: m.id,
                item: valid_of(&m),
                updated_at: m.updated_at,
                plan_published_on: plan_published.filter(|_| in_plan),
                result_on: m.result_on,
                division: m.division_id.and_then(|d| divisions.get(&d).cloned()),
            }
        })
        .collect())
}

/// What the public sees of a fiscal year's procurement: the rows as of a date.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ListSnapshot {
    pub fiscal_year: i32,
    pub as_of: NaiveDate,
    pub agency: Agency,
    pub rows: Vec<ItemRow>,
}

/// Publishes the fiscal year's list as of a date (e.g. 31 March for the half-year).
pub async fn publish_list(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    as_of: NaiveDate,
    note: &str,
) -> Result<i32> {
    let txn = db.begin_write().await?;
    let out = publish_list_in(&txn, auth, fiscal_year, as_of, note).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn publish_list_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    as_of: NaiveDate,
    note: &str,
) -> Result<i32> {
    let org = auth.organization_id();
    let rows = item_rows(txn, org, fiscal_year).await?;
    if rows.is_empty() {
        return Err(Error::invalid("as_of", "ยังไม่มีรายการจัดซื้อจัดจ้างในปีงบประมาณนี้"));
    }
    let mut rows = rows;
    for r in &mut rows {
        r.item.vendor_tax_id = r
            .item
            .vendor_tax_id
            .as_deref()
            .map(crate::validate::public_tax_id);
    }
    let snapshot = ListSnapshot {
        fiscal_year,
        as_of,
        agency: agency(txn, org).await?,
        rows,
    };
    let title = format!(
        "รายการจัดซื้อจัดจ้าง ปีงบประมาณ {fiscal_year} ข้อมูล ณ วันที่ {}",
        prongsai_thai::format_date(
            as_of,
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic
        )
    );
    let body: Vec<String> = snapshot
        .rows
        .iter()
        .map(|r| r.item.item_name.clone())
        .collect();
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: LIST_KIND,
            record_id: i64::from(fiscal_year),
            title: &title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note: note,
            fiscal_year: Some(fiscal_year),
            category: None,
        },
    )
    .await?;
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: LIST_KIND,
            record_id: i64::from(fiscal_year),
            url: &format!("/procurement/{fiscal_year}"),
            title: &title,
            body: &body.join("\n"),
            published_at: version.published_at,
            fiscal_year: Some(fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

/// The published list of a year, with its status (versions are its progress over time).
pub async fn published_list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<(ListSnapshot, PublicationStatus, i32)> {
    let p =
        publication::find_published(db, organization_id, LIST_KIND, i64::from(fiscal_year)).await?;
    Ok((
        serde_json::from_value(p.version.snapshot)?,
        p.status,
        p.version.version,
    ))
}

/// Years with a published list, newest first.
pub async fn published_years(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<i32>> {
    publication::list_published_fiscal_years(db, organization_id, LIST_KIND).await
}

// ---------- plan ----------

pub async fn find_plan(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<Option<(plan::Model, Vec<plan_line::Model>)>> {
    let Some(p) = plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(organization_id))
        .filter(plan::Column::FiscalYear.eq(fiscal_year))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let lines = plan_line::Entity::find()
        .filter(plan_line::Column::PlanId.eq(p.id))
        .order_by_asc(plan_line::Column::SortOrder)
        .order_by_asc(plan_line::Column::Id)
        .all(db)
        .await?;
    Ok(Some((p, lines)))
}

async fn plan_for_edit(
    db: &impl ConnectionTrait,
    org: i64,
    fiscal_year: i32,
) -> Result<plan::Model> {
    if let Some((p, _)) = find_plan(db, org, fiscal_year).await? {
        return Ok(p);
    }
    Ok(plan::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(fiscal_year),
        none_above_threshold: Set(false),
        statement: Set(String::new()),
        updated_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The date the plan of a year was announced: the date of its published announcement (a
/// notice of kind `plan`, as announced on e-GP and at the office, possibly before the
/// organization used Prongsai), or else the day the plan was first published here.
pub async fn plan_published_on(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<Option<NaiveDate>> {
    let Some((p, _)) = find_plan(db, organization_id, fiscal_year).await? else {
        return Ok(None);
    };
    let announced = notice::Entity::find()
        .filter(notice::Column::OrganizationId.eq(organization_id))
        .filter(notice::Column::FiscalYear.eq(fiscal_year))
        .filter(notice::Column::Kind.eq("plan"))
        .order_by_asc(notice::Column::AnnouncedOn)
        .all(db)
        .await?;
    for n in announced {
        // Only an announcement the public can see counts.
        let status =
            publication::get_publication_status(db, organization_id, NOTICE_KIND, n.id).await?;
        if status.first_published_at.is_some() {
            return Ok(Some(n.announced_on));
        }
    }
    let status = publication::get_publication_status(db, organization_id, PLAN_KIND, p.id).await?;
    Ok(status.first_published_at.map(|t| {
        t.with_timezone(&prongsai_web::shell::thailand())
            .date_naive()
    }))
}

/// A planned procurement as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PlanLineInput {
    #[serde(default)]
    pub item_name: String,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub budget_source: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub expected_month: String,
    #[serde(default)]
    pub investment: Option<String>,
}

pub async fn add_plan_line(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    input: &PlanLineInput,
) -> Result<()> {
    let txn = db.begin_write().await?;
    add_plan_line_in(&txn, auth, fiscal_year, input).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn add_plan_line_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    input: &PlanLineInput,
) -> Result<()> {
    let org = auth.organization_id();
    let (reference, _) = reference_for(fiscal_year);
    let mut e = FieldErrors::default();
    let name = e.required("item_name", &input.item_name, "ชื่อรายการ");
    let budget = match crate::validate::parse_amount(&input.budget) {
        Ok(v) if v > 0 => v,
        Ok(_) => {
            e.add("budget", "วงเงินต้องมากกว่า 0 บาท");
            0
        }
        Err(m) => {
            e.add("budget", format!("วงเงิน: {m}"));
            0
        }
    };
    let source =
        crate::reference::YearReference::code_of(&reference.budget_sources, &input.budget_source);
    if source.is_none() {
        e.add("budget_source", "กรุณาเลือกแหล่งที่มาของงบประมาณ");
    }
    let method = crate::reference::YearReference::code_of(&reference.methods, &input.method);
    if method.is_none() {
        e.add("method", "กรุณาเลือกวิธีการจัดซื้อจัดจ้าง");
    }
    let fy = prongsai_thai::FiscalYear::new(fiscal_year);
    let month =
        NaiveDate::parse_from_str(&format!("{}-01", input.expected_month.trim()), "%Y-%m-%d")
            .ok()
            .or_else(|| crate::validate::parse_date(&input.expected_month).ok());
    let month = match month.filter(|m| fy.contains(*m)) {
        Some(m) => {
            NaiveDate::from_ymd_opt(chrono::Datelike::year(&m), chrono::Datelike::month(&m), 1)
        }
        None => {
            e.add(
                "expected_month",
                format!("เดือนที่คาดว่าจะเริ่มต้องอยู่ในปีงบประมาณ {fiscal_year}"),
            );
            None
        }
    };
    e.into_result()?;
    let p = plan_for_edit(txn, org, fiscal_year).await?;
    let line = plan_line::ActiveModel {
        organization_id: Set(org),
        plan_id: Set(p.id),
        item_name: Set(name),
        budget: Set(budget),
        budget_source: Set(source.unwrap_or_default()),
        method: Set(method.unwrap_or_default()),
        expected_month: Set(month.unwrap_or(fy.start())),
        investment: Set(input.investment.is_some()),
        sort_order: Set(0),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "procurement.plan.add_line",
        Target::new("procurement_plan_line", line.id),
        json!({ "fiscal_year": fiscal_year }),
    )
    .await?;
    Ok(())
}

pub async fn remove_plan_line(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    line_id: i64,
) -> Result<i32> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let line = plan_line::Entity::find_by_id(line_id)
        .filter(plan_line::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let p = plan::Entity::find_by_id(line.plan_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    plan_line::Entity::delete_by_id(line.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "procurement.plan.remove_line",
        Target::new("procurement_plan_line", line_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(p.fiscal_year)
}

pub async fn set_plan_statement(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    none_above_threshold: bool,
    statement: &str,
) -> Result<()> {
    let txn = db.begin_write().await?;
    set_plan_statement_in(&txn, auth, fiscal_year, none_above_threshold, statement).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_plan_statement_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    none_above_threshold: bool,
    statement: &str,
) -> Result<()> {
    let org = auth.organization_id();
    if none_above_threshold && statement.trim().is_empty() {
        return Err(Error::invalid(
            "statement",
            "กรุณากรอกข้อความประกาศว่าไม่มีรายการจัดซื้อจัดจ้างเกินวงเงินที่ต้องจัดทำแผน",
        ));
    }
    let p = plan_for_edit(txn, org, fiscal_year).await?;
    let mut a = p.into_active_model();
    a.none_above_threshold = Set(none_above_threshold);
    a.statement = Set(statement.trim().to_owned());
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "procurement.plan.update",
        Target::new("procurement_plan", saved.id),
        json!({}),
    )
    .await?;
    Ok(())
}

/// What the public sees of the plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanSnapshot {
    pub fiscal_year: i32,
    pub none_above_threshold: bool,
    pub statement: String,
    pub lines: Vec<PlanLineView>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanLineView {
    pub item_name: String,
    pub budget: i64,
    pub budget_source: String,
    pub method: String,
    pub expected_month: NaiveDate,
    pub investment: bool,
}

pub async fn publish_plan(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    note: &str,
) -> Result<i32> {
    let txn = db.begin_write().await?;
    let out = publish_plan_in(&txn, auth, fiscal_year, note).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn publish_plan_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    note: &str,
) -> Result<i32> {
    let org = auth.organization_id();
    let (reference, _) = reference_for(fiscal_year);
    let p = plan_for_edit(txn, org, fiscal_year).await?;
    let (_, lines) = find_plan(txn, org, fiscal_year)
        .await?
        .unwrap_or((p.clone(), Vec::new()));
    if lines.is_empty() && !p.none_above_threshold {
        return Err(Error::invalid(
            "plan",
            "แผนยังไม่มีรายการ: เพิ่มรายการ หรือประกาศว่าไม่มีรายการเกินวงเงินที่ต้องจัดทำแผน",
        ));
    }
    let snapshot = PlanSnapshot {
        fiscal_year,
        none_above_threshold: p.none_above_threshold,
        statement: p.statement.clone(),
        lines: lines
            .iter()
            .map(|l| PlanLineView {
                item_name: l.item_name.clone(),
                budget: l.budget,
                budget_source: reference
                    .budget_source(&l.budget_source)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                method: reference
                    .method(&l.method)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                expected_month: l.expected_month,
                investment: l.investment,
            })
            .collect(),
    };
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: PLAN_KIND,
            record_id: p.id,
            title: &format!("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ {fiscal_year}"),
            snapshot: serde_json::to_value(&snapshot)?,
            change_note: note,
            fiscal_year: Some(fiscal_year),
            category: None,
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn published_plan(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<(PlanSnapshot, PublicationStatus)> {
    let Some((p, _)) = find_plan(db, organization_id, fiscal_year).await? else {
        return Err(Error::NotFound);
    };
    let r = publication::find_published(db, organization_id, PLAN_KIND, p.id).await?;
    Ok((serde_json::from_value(r.version.snapshot)?, r.status))
}

// ---------- notices ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NoticeInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub announced_on: String,
    #[serde(default)]
    pub egp_project_number: String,
    #[serde(default)]
    pub item_id: String,
}

pub async fn create_notice(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    input: &NoticeInput,
) -> Result<notice::Model> {
    let txn = db.begin_write().await?;
    let out = create_notice_in(&txn, auth, fiscal_year, input).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn create_notice_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    input: &NoticeInput,
) -> Result<notice::Model> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    if !crate::model::NOTICE_KINDS
        .iter()
        .any(|(k, _, _)| *k == input.kind)
    {
        e.add("kind", "กรุณาเลือกประเภทประกาศ");
    }
    let title = e.required("title", &input.title, "ชื่อประกาศ");
    let announced_on = match crate::validate::parse_date(&input.announced_on) {
        Ok(d) => Some(d),
        Err(m) => {
            e.add("announced_on", format!("วันที่ประกาศ: {m}"));
            None
        }
    };
    let egp = match input.egp_project_number.trim() {
        "" => None,
        raw => match crate::validate::check_egp_number(raw, fiscal_year) {
            Ok(n) => Some(n),
            Err(m) => {
                e.add("egp_project_number", m);
                None
            }
        },
    };
    let item_id = match input.item_id.trim().parse::<i64>() {
        Ok(id) => match item_in(txn, org, id).await {
            Ok(i) => Some(i.id),
            Err(_) => {
                e.add("item_id", "ไม่พบรายการจัดซื้อจัดจ้างที่เลือก");
                None
            }
        },
        Err(_) => None,
    };
    e.into_result()?;
    let now = prongsai_kernel::clock::now();
    let saved = notice::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(fiscal_year),
        item_id: Set(item_id),
        kind: Set(input.kind.clone()),
        title: Set(title),
        announced_on: Set(announced_on.unwrap_or_default()),
        egp_project_number: Set(egp),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // The announcement date of an invitation is the item's too (red flags compare it).
    if let (Some(id), "invitation") = (item_id, input.kind.as_str()) {
        let i = item_in(txn, org, id).await?;
        if i.announced_on.is_none() {
            let mut a = i.into_active_model();
            a.announced_on = Set(announced_on);
            a.update(txn).await?;
        }
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "procurement.notice.create",
        Target::new("procurement_notice", saved.id),
        json!({ "kind": input.kind }),
    )
    .await?;
    Ok(saved)
}

pub async fn get_notice(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<notice::Model> {
    notice::Entity::find_by_id(id)
        .filter(notice::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn list_notices(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Vec<notice::Model>> {
    Ok(notice::Entity::find()
        .filter(notice::Column::OrganizationId.eq(organization_id))
        .order_by_desc(notice::Column::AnnouncedOn)
        .order_by_desc(notice::Column::Id)
        .all(db)
        .await?)
}

/// What the public sees of a notice.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticeSnapshot {
    pub kind: String,
    pub kind_name: String,
    pub egp_code: String,
    pub title: String,
    pub announced_on: NaiveDate,
    pub egp_project_number: Option<String>,
    pub fiscal_year: i32,
    pub attachments: Vec<FileRef>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileRef {
    pub id: i64,
    pub file_name: String,
    pub size_bytes: i64,
}

pub async fn publish_notice(db: &Db, auth: &Authorized<ManageProcurement>, id: i64) -> Result<()> {
    let txn = db.begin_write().await?;
    publish_notice_in(&txn, auth, id).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn publish_notice_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    id: i64,
) -> Result<()> {
    let org = auth.organization_id();
    let n = get_notice(txn, org, id).await?;
    let (kind_name, egp_code) = crate::model::NOTICE_KINDS
        .iter()
        .find(|(k, _, _)| *k == n.kind)
        .map(|(_, code, name)| ((*name).to_owned(), (*code).to_owned()))
        .unwrap_or_default();
    let files = prongsai_files::list_attachments(txn, org, NOTICE_KIND, id).await?;
    let snapshot = NoticeSnapshot {
        kind: n.kind.clone(),
        kind_name,
        egp_code,
        title: n.title.clone(),
        announced_on: n.announced_on,
        egp_project_number: n.egp_project_number.clone(),
        fiscal_year: n.fiscal_year,
        attachments: files
            .iter()
            .map(|f| FileRef {
                id: f.id,
                file_name: f.file_name.clone(),
                size_bytes: f.size_bytes,
            })
            .collect(),
    };
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: NOTICE_KIND,
            record_id: id,
            title: &n.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note: "",
            fiscal_year: Some(n.fiscal_year),
            category: Some(&n.kind),
        },
    )
    .await?;
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: NOTICE_KIND,
            record_id: id,
            url: &format!("/procurement/notices/{id}"),
            title: &n.title,
            body: &snapshot.kind_name,
            published_at: version.published_at,
            fiscal_year: Some(n.fiscal_year),
        },
    )
    .await?;
    Ok(())
}

pub async fn attach_notice_file(
    db: &Db,
    files: &prongsai_files::FileStore,
    auth: &Authorized<ManageProcurement>,
    id: i64,
    file: &prongsai_files::CheckedFile,
) -> Result<()> {
    let txn = db.begin_write().await?;
    get_notice(&txn, auth.organization_id(), id).await?;
    prongsai_files::store_attachment(&txn, files, auth, NOTICE_KIND, id, file).await?;
    txn.commit().await?;
    Ok(())
}

// ---------- annual report ----------

pub async fn find_annual(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<Option<annual::Model>> {
    Ok(annual::Entity::find()
        .filter(annual::Column::OrganizationId.eq(organization_id))
        .filter(annual::Column::FiscalYear.eq(fiscal_year))
        .one(db)
        .await?)
}

/// What the annual report shows: the numbers per method and what staff wrote.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AnnualSnapshot {
    pub fiscal_year: i32,
    pub by_method: Vec<MethodSummary>,
    pub total_count: usize,
    pub total_agreed: i64,
    pub problems: String,
    pub suggestions: String,
}

pub async fn save_annual(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    problems: &str,
    suggestions: &str,
    publish: bool,
) -> Result<()> {
    let txn = db.begin_write().await?;
    save_annual_in(&txn, auth, fiscal_year, problems, suggestions, publish).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn save_annual_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    problems: &str,
    suggestions: &str,
    publish: bool,
) -> Result<()> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let problems = e.required("problems", problems, "ปัญหาอุปสรรค (หรือ \"ไม่มี\")");
    let suggestions = e.required("suggestions", suggestions, "ข้อเสนอแนะ (หรือ \"ไม่มี\")");
    e.into_result()?;
    let (reference, _) = reference_for(fiscal_year);
    let now = prongsai_kernel::clock::now();
    let row = match find_annual(txn, org, fiscal_year).await? {
        Some(a) => {
            let mut m = a.into_active_model();
            m.problems = Set(problems.clone());
            m.suggestions = Set(suggestions.clone());
            m.updated_at = Set(now);
            m.update(txn).await?
        }
        None => {
            annual::ActiveModel {
                organization_id: Set(org),
                fiscal_year: Set(fiscal_year),
                problems: Set(problems.clone()),
                suggestions: Set(suggestions.clone()),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "procurement.annual.update",
        Target::new("procurement_annual", row.id),
        json!({ "fiscal_year": fiscal_year }),
    )
    .await?;
    if publish {
        let rows = item_rows(txn, org, fiscal_year).await?;
        let by_method = crate::summary::by_method(reference, &rows);
        let snapshot = AnnualSnapshot {
            fiscal_year,
            total_count: by_method.iter().map(|m| m.count).sum(),
            total_agreed: by_method.iter().map(|m| m.agreed).sum(),
            by_method,
            problems,
            suggestions,
        };
        publication::publish(
            txn,
            auth,
            publication::Publish {
                kind: ANNUAL_KIND,
                record_id: row.id,
                title: &format!("รายงานสรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ {fiscal_year}"),
                snapshot: serde_json::to_value(&snapshot)?,
                change_note: "",
                fiscal_year: Some(fiscal_year),
                category: None,
            },
        )
        .await?;
    }
    Ok(())
}

pub async fn published_annual(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: i32,
) -> Result<(AnnualSnapshot, PublicationStatus)> {
    let a = find_annual(db, organization_id, fiscal_year)
        .await?
        .ok_or(Error::NotFound)?;
    let r = publication::find_published(db, organization_id, ANNUAL_KIND, a.id).await?;
    Ok((serde_json::from_value(r.version.snapshot)?, r.status))
}

/// The monthly summaries of a published list, up to its as-of date.
pub fn monthly_of(list: &ListSnapshot) -> Vec<MonthSummary> {
    crate::summary::monthly(list.fiscal_year, &list.rows, list.as_of)
}

// ---------- imports ----------

/// Reads an uploaded sheet and keeps its preview.
pub async fn start_import(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    fiscal_year: i32,
    file_name: &str,
    bytes: &[u8],
) -> Result<import::Model> {
    let org = auth.organization_id();
    let (reference, _) = reference_for(fiscal_year);
    let is_xlsx = bytes.starts_with(b"PK\x03\x04");
    let table = if is_xlsx {
        crate::import::read_xlsx(bytes)
    } else {
        crate::import::read_csv(bytes)
    };
    let preview = match table {
        Ok(t) => crate::import::preview(&t, reference, fiscal_year),
        Err(m) => ImportPreview {
            file_problems: vec![m],
            ..Default::default()
        },
    };
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let saved = import::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(fiscal_year),
        file_name: Set(file_name.chars().take(200).collect()),
        sha256: Set(prongsai_kernel::random::sha256_hex(bytes)),
        preview: Set(serde_json::to_value(&preview)?),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(now),
        committed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn get_import(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<(import::Model, ImportPreview)> {
    let m = import::Entity::find_by_id(id)
        .filter(import::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let p = serde_json::from_value(m.preview.clone())?;
    Ok((m, p))
}

/// Adds every row of an import, or none: only a preview without problems commits, once.
pub async fn commit_import(
    db: &Db,
    auth: &Authorized<ManageProcurement>,
    id: i64,
) -> Result<usize> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let (m, preview) = get_import(&txn, org, id).await?;
    if m.committed_at.is_some() {
        return Err(Error::Conflict("already imported".into()));
    }
    if !preview.can_commit() {
        return Err(Error::invalid("file", "ไฟล์ยังมีข้อผิดพลาด: แก้ไขแล้วอัปโหลดใหม่"));
    }
    let n = insert_items(
        &txn,
        org,
        auth.actor().user_id(),
        &format!("import:{id}"),
        preview.items.iter().map(|(_, v)| v),
    )
    .await?;
    let mut a = m.clone().into_active_model();
    a.committed_at = Set(Some(prongsai_kernel::clock::now()));
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "procurement.import",
        Target::new("procurement_import", id),
        json!({ "rows": n, "sha256": m.sha256, "fiscal_year": m.fiscal_year }),
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// Inserts checked items in batches of 500 rows (about 11,000 bound values, under the
/// limits of both engines), inside the caller's transaction.
pub async fn insert_items<'a>(
    txn: &impl ConnectionTrait,
    organization_id: i64,
    created_by: Option<i64>,
    source: &str,
    items: impl Iterator<Item = &'a ValidItem>,
) -> Result<usize> {
    let now: DateTime<Utc> = prongsai_kernel::clock::now();
    let mut batch = Vec::with_capacity(500);
    let mut n = 0;
    for v in items {
        let mut a = item::ActiveModel {
            organization_id: Set(organization_id),
            result_on: Set(None),
            division_id: Set(None),
            source: Set(source.to_owned()),
            created_by: Set(created_by),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut a, v);
        batch.push(a);
        n += 1;
        if batch.len() == 500 {
            item::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(txn)
                .await?;
        }
    }
    if !batch.is_empty() {
        item::Entity::insert_many(batch)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(n)
}
