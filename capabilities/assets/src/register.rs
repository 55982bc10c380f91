//! The published asset register (ทะเบียนครุภัณฑ์): staff publish the register as it stands
//! (with a note of what changed) through `prongsai_kernel::publication`, so every version
//! stays readable at `/assets/register/versions/{n}`, the history lists them with their dates,
//! and the time of each publication is in the audit chain. The public page, CSV and XLSX read
//! the published version, never the live table: the register the public sees is the one staff
//! stood behind on a date. Notes stay internal.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, Utc};
use http::StatusCode;
use prongsai_db::Db;
use prongsai_db::sea_orm::ConnectionTrait;
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_kernel::publication::{self, PublicationStatus};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_web::api::csv_response;
use prongsai_web::routes::render;
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{asset, category_name, condition_name};
use crate::permissions::ManageAssets;

/// The publication kind of the register (one record per organization, its id being the
/// organization's).
pub const REGISTER_KIND: &str = "asset_register";
pub const REGISTER_TITLE: &str = "ทะเบียนครุภัณฑ์";

/// One item as the public register shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegisterItem {
    pub code: String,
    pub name: String,
    /// A code of [`crate::model::CATEGORIES`].
    pub category: String,
    /// The responsible division's Thai name ("" when none).
    pub division: String,
    pub location: String,
    pub value_satang: i64,
    pub acquired_on: Option<NaiveDate>,
    /// A code of [`crate::model::CONDITIONS`].
    pub condition: String,
    pub borrowable: bool,
}

/// What one published version holds.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegisterSnapshot {
    pub items: Vec<RegisterItem>,
    pub total_value_satang: i64,
}

impl RegisterSnapshot {
    pub fn of(assets: &[asset::Model], division_name: impl Fn(i64) -> Option<String>) -> Self {
        let items: Vec<RegisterItem> = assets
            .iter()
            .map(|a| RegisterItem {
                code: a.code.clone(),
                name: a.name.clone(),
                category: a.category.clone(),
                division: a.division_id.and_then(&division_name).unwrap_or_default(),
                location: a.location.clone(),
                value_satang: a.value_satang,
                acquired_on: a.acquired_on,
                condition: a.condition.clone(),
                borrowable: a.borrowable,
            })
            .collect();
        Self {
            total_value_satang: items.iter().map(|i| i.value_satang).sum(),
            items,
        }
    }
}

/// The register as it stands now, in code order.
pub async fn current_snapshot(
    db: &impl ConnectionTrait,
    org: i64,
) -> prongsai_kernel::Result<RegisterSnapshot> {
    let assets = crate::store::list_assets_in(db, org).await?;
    let divisions = crate::store::division_names_in(db, org).await?;
    Ok(RegisterSnapshot::of(&assets, |id| {
        divisions
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name_th.clone())
    }))
}

/// The register's publication: its status and, once published, the current version.
pub struct RegisterState {
    pub status: PublicationStatus,
    pub current: Option<(i32, DateTime<Utc>, RegisterSnapshot)>,
    /// Whether the live register differs from the published version.
    pub changed: bool,
}

pub async fn register_state(db: &Db, org: i64) -> prongsai_kernel::Result<RegisterState> {
    let status = publication::get_publication_status(db.conn(), org, REGISTER_KIND, org).await?;
    let live = current_snapshot(db.conn(), org).await?;
    let current = match publication::find_published(db.conn(), org, REGISTER_KIND, org).await {
        Ok(r) => Some((
            r.version.version,
            r.version.published_at,
            snapshot_of(&r.version.snapshot)?,
        )),
        Err(Error::NotFound) => None,
        Err(e) => return Err(e),
    };
    Ok(RegisterState {
        changed: current.as_ref().is_none_or(|c| c.2 != live),
        status,
        current,
    })
}

fn snapshot_of(v: &Value) -> prongsai_kernel::Result<RegisterSnapshot> {
    serde_json::from_value(v.clone()).map_err(Error::internal)
}

/// Publishes the register as it stands now as a new version; refused when nothing changed
/// since the published version (there would be no new version to show).
pub async fn publish_register(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_register_in(&txn, auth, change_note).await?;
    txn.commit().await?;
    Ok(v)
}

pub async fn publish_register_in(
    txn: &prongsai_db::sea_orm::DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let note = change_note.trim();
    let mut e = FieldErrors::default();
    e.max_chars("change_note", note, 500, "สรุปการเปลี่ยนแปลง");
    let snapshot = current_snapshot(txn, org).await?;
    if snapshot.items.is_empty() {
        e.add("change_note", "ทะเบียนยังไม่มีรายการครุภัณฑ์ให้เผยแพร่");
    }
    let status = publication::get_publication_status(txn, org, REGISTER_KIND, org).await?;
    if status.state == publication::PublicationState::Published
        && let Ok(r) = publication::find_published(txn, org, REGISTER_KIND, org).await
        && snapshot_of(&r.version.snapshot)? == snapshot
    {
        e.add(
            "change_note",
            format!(
                "ทะเบียนไม่มีการเปลี่ยนแปลงจากฉบับที่ {} ที่เผยแพร่อยู่",
                r.version.version
            ),
        );
    }
    e.into_result()?;
    let fy = prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let v = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: REGISTER_KIND,
            record_id: org,
            title: REGISTER_TITLE,
            snapshot: serde_json::to_value(&snapshot).map_err(Error::internal)?,
            change_note: note,
            fiscal_year: Some(fy),
            category: None,
        },
    )
    .await?;
    Ok(v.version)
}

/// Withdraws the published register from public view (its versions stay in the history).
pub async fn withdraw_register(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    let reason = reason.trim();
    let mut e = FieldErrors::default();
    e.required("withdraw_reason", reason, "เหตุผลที่ถอนการเผยแพร่");
    e.max_chars("withdraw_reason", reason, 500, "เหตุผลที่ถอนการเผยแพร่");
    e.into_result()?;
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    match publication::withdraw(&txn, auth, REGISTER_KIND, org, reason).await {
        Ok(()) => {}
        Err(Error::Conflict(_)) => {
            return Err(Error::invalid(
                "withdraw_reason",
                "ทะเบียนยังไม่ได้เผยแพร่ จึงถอนไม่ได้",
            ));
        }
        Err(e) => return Err(e),
    }
    txn.commit().await?;
    Ok(())
}

/// A published version (the current one when `version` is `None`) with its status;
/// `NotFound` when never published. A withdrawn register has no current version.
pub async fn published_version(
    db: &Db,
    org: i64,
    version: Option<i32>,
) -> prongsai_kernel::Result<(
    PublicationStatus,
    i32,
    DateTime<Utc>,
    String,
    RegisterSnapshot,
)> {
    let status = publication::get_publication_status(db.conn(), org, REGISTER_KIND, org).await?;
    let v = match version {
        Some(n) => publication::get_version(db.conn(), org, REGISTER_KIND, org, n).await?,
        None => {
            let r = publication::find_published(db.conn(), org, REGISTER_KIND, org).await?;
            if r.status.state != publication::PublicationState::Published {
                return Err(Error::NotFound);
            }
            r.version
        }
    };
    let snapshot = snapshot_of(&v.snapshot)?;
    Ok((status, v.version, v.published_at, v.change_note, snapshot))
}

// ---------- pages ----------

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/register", get(show_current))
        .route("/assets/register.csv", get(register_csv))
        .route("/assets/register.xlsx", get(register_xlsx_public))
        .route("/assets/register/history", get(show_history))
        .route("/api/v1/asset-register", get(register_json))
        .route("/assets/register/versions/{version}", get(show_version))
        .route("/staff/assets/register/publish", post(publish))
        .route("/staff/assets/register/withdraw", post(withdraw))
}

#[derive(Template)]
#[template(path = "assets/register.html")]
struct RegisterPage {
    shell: Shell,
    status: PublicationStatus,
    /// The version shown.
    version: i32,
    published_at: DateTime<Utc>,
    change_note: String,
    snapshot: RegisterSnapshot,
    /// Shown an older version: the current one's number.
    current: Option<i32>,
}

impl RegisterPage {
    fn category(&self, code: &str) -> &'static str {
        category_name(code, self.shell.is_en())
    }
    fn condition(&self, code: &str) -> &'static str {
        condition_name(code, self.shell.is_en())
    }
    fn baht(&self, s: &i64) -> String {
        prongsai_thai::format_baht(*s)
    }
    fn day(&self, d: &Option<NaiveDate>) -> String {
        match d {
            Some(d) if self.shell.is_en() => prongsai_thai::format_date_en(*d),
            Some(d) => crate::store::thai_date(*d),
            None => String::new(),
        }
    }
}

/// The register's page, or the notice that it was withdrawn (404 when never published).
async fn register_page(
    state: &AppState,
    shell: Shell,
    version: Option<i32>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let (status, n, at, note, snapshot) = match published_version(&state.db, org, version).await {
        Ok(v) => v,
        Err(Error::NotFound) if version.is_none() => {
            let status =
                publication::get_publication_status(state.db.conn(), org, REGISTER_KIND, org)
                    .await?;
            if status.state != publication::PublicationState::Withdrawn {
                return Err(AppError::not_found());
            }
            let last = status.current_version.unwrap_or(1);
            let (_, n, at, note, _) = published_version(&state.db, org, Some(last)).await?;
            let title = shell.t("assets.register_title").to_owned();
            return Ok((
                StatusCode::GONE,
                render(&RegisterPage {
                    shell: shell.with_title(title),
                    status,
                    version: n,
                    published_at: at,
                    change_note: note,
                    snapshot: RegisterSnapshot::default(),
                    current: None,
                })?,
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let current = status.current_version.filter(|c| *c != n);
    let title = if current.is_some() {
        format!(
            "{} ({} {n})",
            shell.t("assets.register_title"),
            shell.t("assets.version")
        )
    } else {
        shell.t("assets.register_title").to_owned()
    };
    render(&RegisterPage {
        shell: shell.with_title(title),
        status,
        version: n,
        published_at: at,
        change_note: note,
        snapshot,
        current,
    })
}

async fn show_current(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    register_page(&state, shell, None).await
}

async fn show_version(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(version): Path<String>,
) -> AppResult<Response> {
    let v = version
        .parse::<i32>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(AppError::not_found)?;
    register_page(&state, shell, Some(v)).await
}

#[derive(Template)]
#[template(path = "assets/register_history.html")]
struct HistoryPage {
    shell: Shell,
    status: PublicationStatus,
    versions: Vec<(i32, DateTime<Utc>, String, usize)>,
}

async fn show_history(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let org = shell.tenant.id;
    let versions: Vec<_> = publication::list_versions(state.db.conn(), org, REGISTER_KIND, org)
        .await?
        .into_iter()
        .map(|v| {
            let items = v.snapshot["items"].as_array().map_or(0, Vec::len);
            (v.version, v.published_at, v.change_note, items)
        })
        .collect();
    if versions.is_empty() {
        return Err(AppError::not_found());
    }
    let status =
        publication::get_publication_status(state.db.conn(), org, REGISTER_KIND, org).await?;
    let title = shell.t("assets.register_history").to_owned();
    render(&HistoryPage {
        shell: shell.with_title(title),
        status,
        versions,
    })
}

const HEADERS: [&str; 9] = [
    "รหัสครุภัณฑ์",
    "รายการ",
    "ประเภท",
    "กองที่รับผิดชอบ",
    "สถานที่เก็บ",
    "มูลค่า (บาท)",
    "วันที่ได้มา",
    "สภาพ",
    "ให้ประชาชนยืม",
];

fn yes_no(b: bool) -> &'static str {
    if b { "ได้" } else { "ไม่ได้" }
}

/// The register as a worksheet; `notes` adds the internal notes column (staff only).
pub fn register_sheet(title: String, items: &[RegisterItem], notes: Option<&[String]>) -> Sheet {
    let mut columns: Vec<Column> = HEADERS
        .iter()
        .zip([16.0, 36.0, 24.0, 24.0, 22.0, 14.0, 16.0, 14.0, 12.0])
        .zip([
            ColumnKind::Text,
            ColumnKind::Paragraph,
            ColumnKind::Text,
            ColumnKind::Text,
            ColumnKind::Text,
            ColumnKind::Money,
            ColumnKind::Date,
            ColumnKind::Text,
            ColumnKind::Text,
        ])
        .map(|((h, w), k)| Column::new(*h, w, k))
        .collect();
    if notes.is_some() {
        columns.push(Column::new("หมายเหตุ", 30.0, ColumnKind::Paragraph));
    }
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = vec![
                Cell::Text(x.code.clone()),
                Cell::Text(x.name.clone()),
                Cell::Text(category_name(&x.category, false).to_owned()),
                Cell::Text(x.division.clone()),
                Cell::Text(x.location.clone()),
                Cell::Money(x.value_satang),
                x.acquired_on.map(Cell::Date).unwrap_or(Cell::Empty),
                Cell::Text(condition_name(&x.condition, false).to_owned()),
                Cell::Text(yes_no(x.borrowable).to_owned()),
            ];
            if let Some(n) = notes {
                row.push(Cell::Text(n.get(i).cloned().unwrap_or_default()));
            }
            row
        })
        .collect();
    Sheet {
        name: REGISTER_TITLE.to_owned(),
        title: Some(title),
        columns,
        rows,
    }
}

pub fn xlsx_response(sheet: Sheet, file_name: &'static str) -> AppResult<Response> {
    let bytes = prongsai_export::write_workbook(&[sheet]).map_err(AppError::internal)?;
    Ok(prongsai_web::api::xlsx_response(bytes, file_name))
}

/// The published register as CSV (404 until published).
async fn register_csv(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let (_, _, _, _, s) = published_version(&state.db, shell.tenant.id, None).await?;
    let rows = s.items.iter().map(|x| {
        vec![
            x.code.clone(),
            x.name.clone(),
            category_name(&x.category, false).to_owned(),
            x.division.clone(),
            x.location.clone(),
            format!("{}.{:02}", x.value_satang / 100, x.value_satang % 100),
            x.acquired_on.map(|d| d.to_string()).unwrap_or_default(),
            condition_name(&x.condition, false).to_owned(),
            yes_no(x.borrowable).to_owned(),
        ]
    });
    Ok(csv_response("asset-register.csv", &HEADERS, rows))
}

/// The published register as XLSX (404 until published).
async fn register_xlsx_public(
    State(state): State<AppState>,
    Page(shell): Page,
) -> AppResult<Response> {
    let (_, n, at, _, s) = published_version(&state.db, shell.tenant.id, None).await?;
    let day = crate::store::thai_date((at + chrono::Duration::hours(7)).date_naive());
    let title = format!(
        "{REGISTER_TITLE} {} (ฉบับที่ {n} เผยแพร่ {day})",
        shell.tenant.name_th
    );
    xlsx_response(register_sheet(title, &s.items, None), "asset-register.xlsx")
}

/// The published register as JSON (404 until published).
async fn register_json(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let (status, n, at, note, s) = published_version(&state.db, shell.tenant.id, None).await?;
    let items: Vec<Value> = s
        .items
        .iter()
        .map(|x| {
            serde_json::json!({
                "code": x.code, "name": x.name,
                "category": x.category, "category_th": category_name(&x.category, false),
                "division": x.division, "location": x.location,
                "value_baht": x.value_satang as f64 / 100.0, "acquired_on": x.acquired_on,
                "condition": x.condition, "condition_th": condition_name(&x.condition, false),
                "borrowable": x.borrowable,
            })
        })
        .collect();
    Ok(prongsai_web::api::json_response(serde_json::json!({
        "data": items,
        "meta": {
            "total": s.items.len(),
            "total_value_baht": s.total_value_satang as f64 / 100.0,
            "version": n,
            "published_at": at,
            "first_published_at": status.first_published_at,
            "change_note": note,
        },
    })))
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    change_note: String,
}

async fn publish(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    match publish_register(&state.db, &auth, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to("/staff/assets#register").into_response())
        }
        Err(Error::Invalid(errors)) => {
            crate::web::staff_list_with(&state, page, errors, form.change_note).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    withdraw_reason: String,
}

async fn withdraw(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<WithdrawForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    match withdraw_register(&state.db, &auth, &form.withdraw_reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to("/staff/assets#register").into_response())
        }
        Err(Error::Invalid(errors)) => {
            crate::web::staff_list_with(&state, page, errors, String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}
