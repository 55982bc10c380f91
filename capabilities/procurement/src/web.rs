//! Pages: public `/procurement...`, staff `/staff/procurement...`.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use http::StatusCode;
use prongsai_db::entities::division;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::PublicationStatus;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, FormFields, Page, Shell, StaffPage};

use crate::import::ImportPreview;
use crate::model::{item, notice};
use crate::permissions::{ManageProcurement, ViewRedFlags};
use crate::redflags::RedFlag;
use crate::reference::{YearReference, reference_for};
use crate::rows::ItemRow;
use crate::store::{self, AnnualSnapshot, ListSnapshot, NoticeSnapshot, PlanSnapshot};
use crate::summary::MonthSummary;
use crate::validate::ItemInput;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/procurement", get(show_index))
        .route("/procurement/notices", get(list_public_notices))
        .route("/procurement/latest.csv", get(latest_csv))
        .route("/procurement/latest-ocds.json", get(latest_ocds))
        .route("/procurement/notices/{id}", get(show_public_notice))
        .route("/procurement/{fy}", get(show_list))
        .route("/procurement/{fy}/plan", get(show_plan))
        .route("/procurement/{fy}/monthly", get(show_monthly))
        .route("/procurement/{fy}/annual", get(show_annual))
        .route(
            "/procurement/{fy}/procurement.xlsx",
            get(crate::api::list_xlsx),
        )
        .route(
            "/procurement/{fy}/procurement.csv",
            get(crate::api::list_csv),
        )
        .route(
            "/procurement/{fy}/ocds-releases.json",
            get(crate::api::ocds_releases),
        )
        .route(
            "/procurement/{fy}/ocds-records.json",
            get(crate::api::ocds_records),
        )
        .route(
            "/api/v1/procurement/{fy}/items",
            get(crate::api::items_json),
        )
        .route("/staff/procurement", get(staff_home))
        .route(
            "/staff/procurement/items/new",
            get(show_new_item).post(create_item),
        )
        .route(
            "/staff/procurement/items/{id}",
            get(show_item).post(update_item),
        )
        .route("/staff/procurement/items/{id}/delete", post(delete_item))
        .route(
            "/staff/procurement/import",
            get(show_import_form).post(upload_import),
        )
        .route("/staff/procurement/import/{id}", get(show_import))
        .route("/staff/procurement/import/{id}/commit", post(commit_import))
        .route(
            "/staff/procurement/notices/new",
            get(show_new_notice).post(create_notice),
        )
        .route("/staff/procurement/notices/{id}", get(show_notice))
        .route(
            "/staff/procurement/notices/{id}/files",
            post(upload_notice_file),
        )
        .route(
            "/staff/procurement/notices/{id}/publish",
            post(publish_notice),
        )
        .route(
            "/staff/procurement/plan/lines/{id}/delete",
            post(remove_plan_line),
        )
        .route("/staff/procurement/{fy}/publish", post(publish_list))
        .route(
            "/staff/procurement/{fy}/plan",
            get(show_staff_plan).post(save_plan_statement),
        )
        .route("/staff/procurement/{fy}/plan/lines", post(add_plan_line))
        .route("/staff/procurement/{fy}/plan/publish", post(publish_plan))
        .route(
            "/staff/procurement/{fy}/annual",
            get(show_staff_annual).post(save_annual),
        )
        .route("/staff/procurement/{fy}/red-flags", get(show_red_flags))
}

/// A fiscal year from the URL.
pub fn parse_year(raw: &str) -> Result<i32, AppError> {
    prongsai_thai::to_arabic_digits(raw)
        .parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
        .ok_or_else(AppError::not_found)
}

fn current_fiscal_year() -> i32 {
    prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be()
}

pub fn baht(satang: &i64) -> String {
    prongsai_thai::format_baht(*satang)
}

fn opt_baht(v: &Option<i64>) -> String {
    v.map(prongsai_thai::format_baht)
        .unwrap_or_else(|| "-".into())
}

/// Names of codes, for templates.
struct Names(&'static YearReference);

impl Names {
    fn method(&self, code: &str) -> String {
        self.0
            .method(code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
    fn status(&self, code: &str) -> String {
        self.0
            .status(code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
    fn source(&self, code: &str) -> String {
        self.0
            .budget_source(code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "procurement/index.html")]
struct IndexPage {
    shell: Shell,
    years: Vec<i32>,
    notices: Vec<(i64, NoticeSnapshot)>,
}

async fn published_notices(
    state: &AppState,
    org: i64,
    limit: u64,
) -> AppResult<Vec<(i64, NoticeSnapshot)>> {
    let (records, _) = prongsai_kernel::publication::list_published(
        state.db.conn(),
        org,
        store::NOTICE_KIND,
        &Default::default(),
        0,
        limit,
    )
    .await?;
    records
        .into_iter()
        .map(|r| Ok((r.record_id, serde_json::from_value(r.version.snapshot)?)))
        .collect()
}

async fn show_index(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let org = shell.tenant.id;
    let years = store::published_years(state.db.conn(), org).await?;
    let notices = published_notices(&state, org, 10).await?;
    let title = shell.t("procurement.title").to_owned();
    render(&IndexPage {
        shell: shell.with_title(title),
        years,
        notices,
    })
}

#[derive(Template)]
#[template(path = "procurement/list.html")]
struct ListPage {
    shell: Shell,
    list: ListSnapshot,
    status: PublicationStatus,
    version: i32,
    names: Names,
    counts: Vec<(String, usize)>,
}

impl ListPage {
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
    fn opt_baht(&self, v: &Option<i64>) -> String {
        opt_baht(v)
    }
}

async fn show_list(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_year(&fy)?;
    let (list, status, version) =
        store::published_list(state.db.conn(), shell.tenant.id, fy).await?;
    let (reference, _) = reference_for(fy);
    let counts = reference
        .statuses
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                list.rows.iter().filter(|r| r.item.status == s.code).count(),
            )
        })
        .collect();
    let title = format!("{} {fy}", shell.t("procurement.list_title"));
    render(&ListPage {
        shell: shell.with_title(title),
        list,
        status,
        version,
        names: Names(reference),
        counts,
    })
}

#[derive(Template)]
#[template(path = "procurement/plan.html")]
struct PlanPage {
    shell: Shell,
    plan: PlanSnapshot,
    status: PublicationStatus,
    threshold: i64,
}

impl PlanPage {
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
    fn month(&self, d: &NaiveDate) -> String {
        let m = prongsai_thai::months::thai_month(chrono::Datelike::month(d)).unwrap_or("");
        format!(
            "{m} {}",
            prongsai_thai::be_from_ce(chrono::Datelike::year(d))
        )
    }
}

async fn show_plan(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_year(&fy)?;
    let (plan, status) = store::published_plan(state.db.conn(), shell.tenant.id, fy).await?;
    let title = format!("{} {fy}", shell.t("procurement.plan_title"));
    render(&PlanPage {
        shell: shell.with_title(title),
        plan,
        status,
        threshold: reference_for(fy).0.specific_method_max_satang(),
    })
}

#[derive(Template)]
#[template(path = "procurement/monthly.html")]
struct MonthlyPage {
    shell: Shell,
    list: ListSnapshot,
    months: Vec<MonthSummary>,
    names: Names,
}

impl MonthlyPage {
    fn month(&self, d: &NaiveDate) -> String {
        let m = prongsai_thai::months::thai_month(chrono::Datelike::month(d)).unwrap_or("");
        format!(
            "{m} {}",
            prongsai_thai::be_from_ce(chrono::Datelike::year(d))
        )
    }
    fn rows_of(&self, m: &MonthSummary) -> Vec<&ItemRow> {
        self.list
            .rows
            .iter()
            .filter(|r| m.item_ids.contains(&r.id))
            .collect()
    }
    fn opt_baht(&self, v: &Option<i64>) -> String {
        opt_baht(v)
    }
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
}

async fn show_monthly(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_year(&fy)?;
    let (list, _, _) = store::published_list(state.db.conn(), shell.tenant.id, fy).await?;
    let months = store::monthly_of(&list);
    let title = format!("{} {fy}", shell.t("procurement.monthly_title"));
    render(&MonthlyPage {
        shell: shell.with_title(title),
        list,
        months,
        names: Names(reference_for(fy).0),
    })
}

#[derive(Template)]
#[template(path = "procurement/annual.html")]
struct AnnualPage {
    shell: Shell,
    report: AnnualSnapshot,
    status: PublicationStatus,
}

impl AnnualPage {
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
}

async fn show_annual(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_year(&fy)?;
    let (report, status) = store::published_annual(state.db.conn(), shell.tenant.id, fy).await?;
    let title = format!("{} {fy}", shell.t("procurement.annual_title"));
    render(&AnnualPage {
        shell: shell.with_title(title),
        report,
        status,
    })
}

#[derive(Template)]
#[template(path = "procurement/notices.html")]
struct NoticesPage {
    shell: Shell,
    notices: Vec<(i64, NoticeSnapshot)>,
}

async fn list_public_notices(
    State(state): State<AppState>,
    Page(shell): Page,
) -> AppResult<Response> {
    let notices = published_notices(&state, shell.tenant.id, 200).await?;
    let title = shell.t("procurement.notices").to_owned();
    render(&NoticesPage {
        shell: shell.with_title(title),
        notices,
    })
}

#[derive(Template)]
#[template(path = "procurement/notice.html")]
struct NoticePage {
    shell: Shell,
    notice: NoticeSnapshot,
    status: PublicationStatus,
}

async fn show_public_notice(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = prongsai_kernel::publication::find_published(
        state.db.conn(),
        shell.tenant.id,
        store::NOTICE_KIND,
        id,
    )
    .await?;
    let notice: NoticeSnapshot = serde_json::from_value(r.version.snapshot)?;
    let title = notice.title.clone();
    render(&NoticePage {
        shell: shell.with_title(title),
        notice,
        status: r.status,
    })
}

async fn latest_year(state: &AppState, org: i64) -> AppResult<i32> {
    store::published_years(state.db.conn(), org)
        .await?
        .first()
        .copied()
        .ok_or_else(AppError::not_found)
}

/// The newest published year's CSV (the catalog's stable download link).
async fn latest_csv(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let fy = latest_year(&state, shell.tenant.id).await?;
    Ok(Redirect::to(&format!("/procurement/{fy}/procurement.csv")).into_response())
}

async fn latest_ocds(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let fy = latest_year(&state, shell.tenant.id).await?;
    Ok(Redirect::to(&format!("/procurement/{fy}/ocds-releases.json")).into_response())
}

// ---------- staff ----------

fn year_param(q: &HashMap<String, String>) -> i32 {
    q.get("fy")
        .and_then(|v| parse_year(v).ok())
        .unwrap_or_else(current_fiscal_year)
}

#[derive(Template)]
#[template(path = "procurement/staff_home.html")]
struct StaffHomePage {
    shell: Shell,
    fy: i32,
    years: Vec<i32>,
    items: Vec<item::Model>,
    names: Names,
    published: Option<(NaiveDate, i32)>,
    can_manage: bool,
    can_see_flags: bool,
    notices: Vec<notice::Model>,
    errors: FieldErrors,
    default_as_of: String,
}

impl StaffHomePage {
    fn opt_baht(&self, v: &Option<i64>) -> String {
        opt_baht(v)
    }
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
}

async fn staff_home_page(
    state: &AppState,
    page: StaffPage,
    fy: i32,
    errors: FieldErrors,
) -> AppResult<StaffHomePage> {
    let org = page.shell.tenant.id;
    if !page.staff.can::<ManageProcurement>() && !page.staff.can::<ViewRedFlags>() {
        return Err(AppError::forbidden());
    }
    let items = store::list_items(state.db.conn(), org, fy).await?;
    let mut years = store::item_years(state.db.conn(), org).await?;
    for y in [current_fiscal_year(), current_fiscal_year() - 1, fy] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    let published = store::published_list(state.db.conn(), org, fy)
        .await
        .ok()
        .map(|(l, _, v)| (l.as_of, v));
    let notices = store::list_notices(state.db.conn(), org)
        .await?
        .into_iter()
        .filter(|n| n.fiscal_year == fy)
        .collect();
    let fy_info = prongsai_thai::FiscalYear::new(fy);
    let today = prongsai_kernel::clock::today_in_thailand();
    let default_as_of = if fy_info.contains(today) {
        today
    } else {
        fy_info.end()
    };
    let title = page.shell.t("procurement.staff_title").to_owned();
    Ok(StaffHomePage {
        can_manage: page.staff.can::<ManageProcurement>(),
        can_see_flags: page.staff.can::<ViewRedFlags>(),
        shell: page.shell.with_title(title),
        fy,
        years,
        items,
        names: Names(reference_for(fy).0),
        published,
        notices,
        errors,
        default_as_of: crate::validate::input_date(default_as_of),
    })
}

async fn staff_home(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fy = year_param(&q);
    render(&staff_home_page(&state, page, fy, FieldErrors::default()).await?)
}

#[derive(Template)]
#[template(path = "procurement/item_form.html")]
struct ItemFormPage {
    shell: Shell,
    id: Option<i64>,
    fy: i32,
    form: ItemInput,
    result_on: String,
    division_id: String,
    errors: FieldErrors,
    reference: &'static YearReference,
    divisions: Vec<division::Model>,
    read_only: bool,
}

async fn item_form(
    state: &AppState,
    page: StaffPage,
    id: Option<i64>,
    fy: i32,
    form: ItemInput,
    extras: (String, String),
    errors: FieldErrors,
) -> AppResult<ItemFormPage> {
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), page.shell.tenant.id).await?;
    let title = if id.is_some() {
        form.item_name.clone()
    } else {
        page.shell.t("procurement.new_item").to_owned()
    };
    Ok(ItemFormPage {
        shell: page.shell.with_title(title),
        id,
        fy,
        form,
        result_on: extras.0,
        division_id: extras.1,
        errors,
        reference: reference_for(fy).0,
        divisions,
        read_only: false,
    })
}

async fn show_new_item(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageProcurement>()?;
    let fy = year_param(&q);
    let form = ItemInput {
        fiscal_year: fy.to_string(),
        budget_source: "ordinance".into(),
        status: "not_signed".into(),
        method: "specific".into(),
        ..Default::default()
    };
    render(
        &item_form(
            &state,
            page,
            None,
            fy,
            form,
            (String::new(), String::new()),
            FieldErrors::default(),
        )
        .await?,
    )
}

fn extras_of(fields: &FormFields) -> Result<store::ItemExtras, FieldErrors> {
    let mut e = FieldErrors::default();
    let result_on = match fields.get("result_on").trim() {
        "" => None,
        raw => match crate::validate::parse_date(raw) {
            Ok(d) => Some(d),
            Err(m) => {
                e.add("result_on", format!("วันที่ประกาศผล: {m}"));
                None
            }
        },
    };
    let division_id = fields.get("division_id").trim().parse::<i64>().ok();
    e.into_result().map_err(|err| match err {
        prongsai_kernel::Error::Invalid(f) => f,
        _ => FieldErrors::default(),
    })?;
    Ok(store::ItemExtras {
        result_on,
        division_id,
    })
}

fn input_of_fields(fields: &FormFields) -> ItemInput {
    let g = |k: &str| fields.get(k).to_owned();
    ItemInput {
        fiscal_year: g("fiscal_year"),
        item_name: g("item_name"),
        allocated_budget: g("allocated_budget"),
        budget_source: g("budget_source"),
        status: g("status"),
        method: g("method"),
        reference_price: g("reference_price"),
        agreed_price: g("agreed_price"),
        vendor_name: g("vendor_name"),
        vendor_tax_id: g("vendor_tax_id"),
        egp_project_number: g("egp_project_number"),
        contract_start: g("contract_start"),
        contract_end: g("contract_end"),
        announced_on: g("announced_on"),
    }
}

async fn create_item(
    State(state): State<AppState>,
    page: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let input = input_of_fields(&fields);
    let fy = parse_year(&input.fiscal_year).unwrap_or_else(|_| current_fiscal_year());
    let extras_raw = (
        fields.get("result_on").to_owned(),
        fields.get("division_id").to_owned(),
    );
    let result = match extras_of(&fields) {
        Ok(extras) => store::create_item(&state.db, &auth, fy, &input, &extras).await,
        Err(e) => Err(prongsai_kernel::Error::Invalid(e)),
    };
    match result {
        Ok(m) => {
            Ok(Redirect::to(&format!("/staff/procurement?fy={}", m.fiscal_year)).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &item_form(&state, page, None, fy, input, extras_raw, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn show_item(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // Procurement staff edit; auditors and executives, who follow red flags here, read.
    let (m, read_only) = match page.staff.authorize::<ManageProcurement>() {
        Ok(auth) => (store::get_item(&state.db, &auth, id).await?, false),
        Err(_) => (
            store::view_item(&state.db, &page.staff.authorize::<ViewRedFlags>()?, id).await?,
            true,
        ),
    };
    let extras = (
        m.result_on
            .map(crate::validate::input_date)
            .unwrap_or_default(),
        m.division_id.map(|d| d.to_string()).unwrap_or_default(),
    );
    let mut form = item_form(
        &state,
        page,
        Some(id),
        m.fiscal_year,
        store::input_of(&m),
        extras,
        FieldErrors::default(),
    )
    .await?;
    form.read_only = read_only;
    render(&form)
}

async fn update_item(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let existing = store::get_item(&state.db, &auth, id).await?;
    let input = input_of_fields(&fields);
    let extras_raw = (
        fields.get("result_on").to_owned(),
        fields.get("division_id").to_owned(),
    );
    let result = match extras_of(&fields) {
        Ok(extras) => store::update_item(&state.db, &auth, id, &input, &extras).await,
        Err(e) => Err(prongsai_kernel::Error::Invalid(e)),
    };
    match result {
        Ok(m) => {
            Ok(Redirect::to(&format!("/staff/procurement?fy={}", m.fiscal_year)).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &item_form(
                &state,
                page,
                Some(id),
                existing.fiscal_year,
                input,
                extras_raw,
                errors,
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn delete_item(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let m = store::get_item(&state.db, &auth, id).await?;
    store::delete_item(&state.db, &auth, id).await?;
    Ok(Redirect::to(&format!("/staff/procurement?fy={}", m.fiscal_year)).into_response())
}

#[derive(serde::Deserialize)]
struct PublishForm {
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    note: String,
}

async fn publish_list(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    let mut errors = FieldErrors::default();
    let as_of = match crate::validate::parse_date(&form.as_of) {
        Ok(d) if prongsai_thai::FiscalYear::new(fy).contains(d) => Some(d),
        Ok(_) => {
            errors.add("as_of", format!("วันที่ข้อมูลต้องอยู่ในปีงบประมาณ {fy}"));
            None
        }
        Err(m) => {
            errors.add("as_of", format!("ข้อมูล ณ วันที่: {m}"));
            None
        }
    };
    let result = match as_of {
        Some(d) => store::publish_list(&state.db, &auth, fy, d, &form.note)
            .await
            .map(|_| ()),
        None => Err(prongsai_kernel::Error::Invalid(errors)),
    };
    match result {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/procurement?fy={fy}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_home_page(&state, page, fy, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// plan

#[derive(Template)]
#[template(path = "procurement/staff_plan.html")]
struct StaffPlanPage {
    shell: Shell,
    fy: i32,
    plan: Option<crate::model::plan::Model>,
    lines: Vec<crate::model::plan_line::Model>,
    status: PublicationStatus,
    names: Names,
    reference: &'static YearReference,
    errors: FieldErrors,
    line: store::PlanLineInput,
}

impl StaffPlanPage {
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
}

async fn staff_plan_page(
    state: &AppState,
    page: StaffPage,
    fy: i32,
    errors: FieldErrors,
    line: store::PlanLineInput,
) -> AppResult<StaffPlanPage> {
    let org = page.shell.tenant.id;
    let found = store::find_plan(state.db.conn(), org, fy).await?;
    let status = match &found {
        Some((p, _)) => {
            prongsai_kernel::publication::get_publication_status(
                state.db.conn(),
                org,
                store::PLAN_KIND,
                p.id,
            )
            .await?
        }
        None => PublicationStatus::DRAFT,
    };
    let (plan, lines) = match found {
        Some((p, l)) => (Some(p), l),
        None => (None, Vec::new()),
    };
    let title = format!("{} {fy}", page.shell.t("procurement.plan_title"));
    Ok(StaffPlanPage {
        shell: page.shell.with_title(title),
        fy,
        plan,
        lines,
        status,
        names: Names(reference_for(fy).0),
        reference: reference_for(fy).0,
        errors,
        line,
    })
}

async fn show_staff_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    render(
        &staff_plan_page(
            &state,
            page,
            fy,
            FieldErrors::default(),
            store::PlanLineInput::default(),
        )
        .await?,
    )
}

async fn save_plan_statement(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    let none = fields.get("none_above_threshold") == "1";
    match store::set_plan_statement(&state.db, &auth, fy, none, fields.get("statement")).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/procurement/{fy}/plan")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_plan_page(&state, page, fy, errors, store::PlanLineInput::default()).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn add_plan_line(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
    Form(line): Form<store::PlanLineInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    match store::add_plan_line(&state.db, &auth, fy, &line).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/procurement/{fy}/plan")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_plan_page(&state, page, fy, errors, line).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn remove_plan_line(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = store::remove_plan_line(&state.db, &auth, id).await?;
    Ok(Redirect::to(&format!("/staff/procurement/{fy}/plan")).into_response())
}

async fn publish_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    match store::publish_plan(&state.db, &auth, fy, fields.get("note")).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/procurement/{fy}/plan")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_plan_page(&state, page, fy, errors, store::PlanLineInput::default()).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// annual

#[derive(Template)]
#[template(path = "procurement/staff_annual.html")]
struct StaffAnnualPage {
    shell: Shell,
    fy: i32,
    problems: String,
    suggestions: String,
    status: PublicationStatus,
    errors: FieldErrors,
}

async fn show_staff_annual(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    let org = page.shell.tenant.id;
    let existing = store::find_annual(state.db.conn(), org, fy).await?;
    let status = match &existing {
        Some(a) => {
            prongsai_kernel::publication::get_publication_status(
                state.db.conn(),
                org,
                store::ANNUAL_KIND,
                a.id,
            )
            .await?
        }
        None => PublicationStatus::DRAFT,
    };
    let title = format!("{} {fy}", page.shell.t("procurement.annual_title"));
    render(&StaffAnnualPage {
        shell: page.shell.with_title(title),
        fy,
        problems: existing
            .as_ref()
            .map(|a| a.problems.clone())
            .unwrap_or_default(),
        suggestions: existing.map(|a| a.suggestions).unwrap_or_default(),
        status,
        errors: FieldErrors::default(),
    })
}

async fn save_annual(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(&fy)?;
    let publish = fields.get("publish") == "1";
    match store::save_annual(
        &state.db,
        &auth,
        fy,
        fields.get("problems"),
        fields.get("suggestions"),
        publish,
    )
    .await
    {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/procurement/{fy}/annual")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let title = format!("{} {fy}", page.shell.t("procurement.annual_title"));
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &StaffAnnualPage {
                    shell: page.shell.with_title(title),
                    fy,
                    problems: fields.get("problems").to_owned(),
                    suggestions: fields.get("suggestions").to_owned(),
                    status: PublicationStatus::DRAFT,
                    errors,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

// red flags

#[derive(Template)]
#[template(path = "procurement/red_flags.html")]
struct RedFlagsPage {
    shell: Shell,
    fy: i32,
    flags: Vec<RedFlag>,
    names: HashMap<i64, String>,
}

impl RedFlagsPage {
    fn name_of(&self, id: &i64) -> String {
        self.names.get(id).cloned().unwrap_or_default()
    }
}

async fn show_red_flags(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ViewRedFlags>()?;
    let fy = parse_year(&fy)?;
    let rows = store::item_rows(state.db.conn(), auth.organization_id(), fy).await?;
    let flags = crate::redflags::red_flags(reference_for(fy).0, &rows);
    let names = rows
        .iter()
        .map(|r| (r.id, r.item.item_name.clone()))
        .collect();
    let title = format!("{} {fy}", page.shell.t("procurement.red_flags"));
    render(&RedFlagsPage {
        shell: page.shell.with_title(title),
        fy,
        flags,
        names,
    })
}

// imports

#[derive(Template)]
#[template(path = "procurement/import_form.html")]
struct ImportFormPage {
    shell: Shell,
    fy: i32,
    file_error: Option<String>,
}

async fn show_import_form(
    page: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageProcurement>()?;
    let title = page.shell.t("procurement.import").to_owned();
    render(&ImportFormPage {
        shell: page.shell.with_title(title),
        fy: year_param(&q),
        file_error: None,
    })
}

async fn upload_import(
    State(state): State<AppState>,
    page: StaffPage,
    multipart: Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    let fy = upload
        .fields
        .get("fy")
        .and_then(|v| parse_year(v).ok())
        .unwrap_or_else(current_fiscal_year);
    if upload.bytes.is_empty() {
        let title = page.shell.t("procurement.import").to_owned();
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ImportFormPage {
                shell: page.shell.with_title(title),
                fy,
                file_error: Some("กรุณาเลือกไฟล์ .xlsx หรือ .csv".into()),
            },
        );
    }
    let m = store::start_import(&state.db, &auth, fy, &upload.file_name, &upload.bytes).await?;
    Ok(Redirect::to(&format!("/staff/procurement/import/{}", m.id)).into_response())
}

#[derive(Template)]
#[template(path = "procurement/import_preview.html")]
struct ImportPreviewPage {
    shell: Shell,
    id: i64,
    fy: i32,
    file_name: String,
    committed: bool,
    preview: ImportPreview,
    names: Names,
}

impl ImportPreviewPage {
    fn baht(&self, v: &i64) -> String {
        baht(v)
    }
}

async fn show_import(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let (m, preview) = store::get_import(state.db.conn(), auth.organization_id(), id).await?;
    let title = page.shell.t("procurement.import").to_owned();
    render(&ImportPreviewPage {
        shell: page.shell.with_title(title),
        id,
        fy: m.fiscal_year,
        file_name: m.file_name,
        committed: m.committed_at.is_some(),
        preview,
        names: Names(reference_for(m.fiscal_year).0),
    })
}

async fn commit_import(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let (m, _) = store::get_import(state.db.conn(), auth.organization_id(), id).await?;
    store::commit_import(&state.db, &auth, id).await?;
    Ok(Redirect::to(&format!("/staff/procurement?fy={}", m.fiscal_year)).into_response())
}

// notices

#[derive(Template)]
#[template(path = "procurement/notice_form.html")]
struct NoticeFormPage {
    shell: Shell,
    fy: i32,
    form: store::NoticeInput,
    errors: FieldErrors,
    items: Vec<item::Model>,
    kinds: &'static [(&'static str, &'static str, &'static str)],
}

async fn notice_form(
    state: &AppState,
    page: StaffPage,
    fy: i32,
    form: store::NoticeInput,
    errors: FieldErrors,
) -> AppResult<NoticeFormPage> {
    let items = store::list_items(state.db.conn(), page.shell.tenant.id, fy).await?;
    let title = page.shell.t("procurement.new_notice").to_owned();
    Ok(NoticeFormPage {
        shell: page.shell.with_title(title),
        fy,
        form,
        errors,
        items,
        kinds: crate::model::NOTICE_KINDS,
    })
}

async fn show_new_notice(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageProcurement>()?;
    let fy = year_param(&q);
    render(
        &notice_form(
            &state,
            page,
            fy,
            store::NoticeInput {
                kind: "invitation".into(),
                ..Default::default()
            },
            FieldErrors::default(),
        )
        .await?,
    )
}

async fn create_notice(
    State(state): State<AppState>,
    page: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let fy = parse_year(fields.get("fy")).unwrap_or_else(|_| current_fiscal_year());
    let input = store::NoticeInput {
        kind: fields.get("kind").to_owned(),
        title: fields.get("title").to_owned(),
        announced_on: fields.get("announced_on").to_owned(),
        egp_project_number: fields.get("egp_project_number").to_owned(),
        item_id: fields.get("item_id").to_owned(),
    };
    match store::create_notice(&state.db, &auth, fy, &input).await {
        Ok(n) => Ok(Redirect::to(&format!("/staff/procurement/notices/{}", n.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &notice_form(&state, page, fy, input, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "procurement/staff_notice.html")]
struct StaffNoticePage {
    shell: Shell,
    notice: notice::Model,
    files: Vec<prongsai_db::entities::attachment::Model>,
    status: PublicationStatus,
    kind_name: String,
    file_error: Option<String>,
}

async fn staff_notice_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    file_error: Option<String>,
) -> AppResult<StaffNoticePage> {
    let org = page.shell.tenant.id;
    let notice = store::get_notice(state.db.conn(), org, id).await?;
    let files =
        prongsai_files::list_attachments(state.db.conn(), org, store::NOTICE_KIND, id).await?;
    let status = prongsai_kernel::publication::get_publication_status(
        state.db.conn(),
        org,
        store::NOTICE_KIND,
        id,
    )
    .await?;
    let kind_name = crate::model::NOTICE_KINDS
        .iter()
        .find(|(k, _, _)| *k == notice.kind)
        .map(|(_, _, n)| (*n).to_owned())
        .unwrap_or_default();
    let title = notice.title.clone();
    Ok(StaffNoticePage {
        shell: page.shell.with_title(title),
        notice,
        files,
        status,
        kind_name,
        file_error,
    })
}

async fn show_notice(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageProcurement>()?;
    render(&staff_notice_page(&state, page, id, None).await?)
}

async fn upload_notice_file(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    match prongsai_files::CheckedFile::check(&upload.file_name, upload.bytes, state.files.max_bytes)
    {
        Ok(file) => {
            store::attach_notice_file(&state.db, &state.files, &auth, id, &file).await?;
            Ok(Redirect::to(&format!("/staff/procurement/notices/{id}")).into_response())
        }
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_notice_page(&state, page, id, Some(e.to_string())).await?,
        ),
    }
}

async fn publish_notice(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageProcurement>()?;
    store::publish_notice(&state.db, &auth, id).await?;
    state.pages.invalidate_organization(auth.organization_id());
    Ok(Redirect::to(&format!("/staff/procurement/notices/{id}")).into_response())
}
