//! Pages: the public ITA page `/ita` (what assessors open), the staff dashboard
//! `/staff/ita`, the ITAS submission sheet `/ita.xlsx` and `/ita.csv`, and the JSON API
//! `/api/v1/ita`. All of them evaluate the same report.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::CACHE_CONTROL;
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_error, json_response, origin, xlsx_response};
use prongsai_web::routes::render;
use prongsai_web::{AppError, AppResult, AppState, Page, Shell, StaffPage};
use serde_json::json;

use crate::catalog::{self, Catalog};
use crate::check::{self, Installed, ItemResult, Report, Status};
use crate::permissions::{EnterItaResults, ViewItaDashboard};
use crate::results;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ita", get(public_page))
        .route("/ita.csv", get(sheet_csv))
        .route("/ita.xlsx", get(sheet_xlsx))
        .route("/api/v1/ita", get(api))
        .route("/staff/ita", get(dashboard))
        .route("/staff/ita/results", get(show_results).post(save_results))
}

/// What the installed capabilities provide, from the application state.
pub fn installed(state: &AppState) -> Installed {
    Installed::new(&state.datasets, &state.public_links)
}

/// `?year=2568` (or `fy`): `Ok(None)` when absent, `Err` when not a number.
fn year_param(raw: &HashMap<String, String>) -> Result<Option<i32>, ()> {
    match raw
        .get("year")
        .or_else(|| raw.get("fy"))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => v
            .parse::<i32>()
            .ok()
            .filter(|y| (2500..=2700).contains(y))
            .map(Some)
            .ok_or(()),
    }
}

enum YearError {
    Bad,
    Unknown,
}

fn pick_catalog(raw: &HashMap<String, String>) -> Result<&'static Catalog, YearError> {
    let year = match year_param(raw).map_err(|()| YearError::Bad)? {
        Some(y) => y,
        None => catalog::default_year(prongsai_kernel::clock::today_in_thailand())
            .ok_or(YearError::Unknown)?,
    };
    catalog::for_year(year).ok_or(YearError::Unknown)
}

fn page_catalog(raw: &HashMap<String, String>) -> AppResult<&'static Catalog> {
    pick_catalog(raw).map_err(|e| match e {
        YearError::Bad => AppError::bad_request(),
        YearError::Unknown => AppError::not_found(),
    })
}

async fn report_for(state: &AppState, org: i64, catalog: &Catalog) -> AppResult<Report> {
    Ok(check::check(
        state.db.conn(),
        org,
        catalog,
        &installed(state),
        prongsai_kernel::clock::today_in_thailand(),
    )
    .await?)
}

/// The years with a catalog, newest first.
fn years() -> Vec<(i32, bool)> {
    let mut v: Vec<(i32, bool)> = catalog::all().iter().map(|c| (c.year, c.draft)).collect();
    v.reverse();
    v
}

fn badge(status: &Status) -> &'static str {
    match status {
        Status::Satisfied => "badge badge--published",
        Status::Partly => "badge badge--draft",
        Status::Missing => "badge badge--withdrawn",
    }
}

fn status_key(status: &Status) -> &'static str {
    match status {
        Status::Satisfied => "ita.status_satisfied",
        Status::Partly => "ita.status_partly",
        Status::Missing => "ita.status_missing",
    }
}

// ---------- the public page ----------

#[derive(Template)]
#[template(path = "ita/public.html")]
struct PublicPage {
    shell: Shell,
    report: Report,
    years: Vec<(i32, bool)>,
    site: String,
    /// The previous assessment's results, when entered.
    previous: Vec<results::Line>,
}

impl PublicPage {
    fn badge(&self, s: &Status) -> &'static str {
        badge(s)
    }
    fn period(&self, item: &ItemResult) -> String {
        if self.shell.is_en() {
            item.period.describe_en(self.report.year)
        } else {
            item.period_th.clone()
        }
    }
    fn status_key(&self, s: &Status) -> &'static str {
        status_key(s)
    }
}

async fn public_page(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let catalog = page_catalog(&raw)?;
    let report = report_for(&state, shell.tenant.id, catalog).await?;
    let site = origin(&headers, state.config.behind_proxy);
    let title = format!("{} {}", shell.t("ita.public_title"), report.year);
    let previous = results::load(&state.db, shell.tenant.id, report.year - 1).await?;
    let previous = if results::any_entered(&previous) {
        previous
    } else {
        Vec::new()
    };
    render(&PublicPage {
        shell: shell.with_title(title),
        report,
        years: years(),
        site,
        previous,
    })
}

// ---------- the staff dashboard ----------

#[derive(Template)]
#[template(path = "ita/dashboard.html")]
struct DashboardPage {
    shell: Shell,
    report: Report,
    years: Vec<(i32, bool)>,
    site: String,
}

impl DashboardPage {
    fn badge(&self, s: &Status) -> &'static str {
        badge(s)
    }
    fn period(&self, item: &ItemResult) -> String {
        if self.shell.is_en() {
            item.period.describe_en(self.report.year)
        } else {
            item.period_th.clone()
        }
    }
    fn status_key(&self, s: &Status) -> &'static str {
        status_key(s)
    }
    fn due(&self, item: &ItemResult) -> String {
        self.shell.date_long(&item.due)
    }
}

async fn dashboard(
    State(state): State<AppState>,
    page: StaffPage,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ViewItaDashboard>()?;
    let catalog = page_catalog(&raw)?;
    let report = report_for(&state, auth.organization_id(), catalog).await?;
    let site = origin(&headers, state.config.behind_proxy);
    let title = format!("{} {}", page.shell.t("ita.dashboard_title"), report.year);
    render(&DashboardPage {
        shell: page.shell.with_title(title),
        report,
        years: years(),
        site,
    })
}

// ---------- last year's results ----------

#[derive(Template)]
#[template(path = "ita/results.html")]
struct ResultsPage {
    shell: Shell,
    /// The assessed year.
    year: i32,
    lines: Vec<results::Line>,
    /// What was typed, re-shown after an error.
    form: HashMap<String, String>,
    errors: prongsai_kernel::FieldErrors,
    saved: bool,
    pass_score: f64,
}

impl ResultsPage {
    fn value(&self, field: &str, stored: &str) -> String {
        self.form
            .get(field)
            .cloned()
            .unwrap_or_else(|| stored.to_owned())
    }
}

/// `?year=` the assessed year; by default the one before the current fiscal year.
fn results_year(raw: &HashMap<String, String>) -> AppResult<i32> {
    match year_param(raw) {
        Ok(Some(y)) => Ok(y),
        Ok(None) => {
            Ok(prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be() - 1)
        }
        Err(()) => Err(AppError::bad_request()),
    }
}

async fn show_results(
    State(state): State<AppState>,
    page: StaffPage,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<EnterItaResults>()?;
    let year = results_year(&raw)?;
    let lines = results::load(&state.db, auth.organization_id(), year).await?;
    let title = format!("{} {}", page.shell.t("ita.results_title"), year);
    render(&ResultsPage {
        shell: page.shell.with_title(title),
        year,
        lines,
        form: HashMap::new(),
        errors: Default::default(),
        saved: raw.contains_key("saved"),
        pass_score: results::indicators().pass_score,
    })
}

async fn save_results(
    State(state): State<AppState>,
    page: StaffPage,
    Query(raw): Query<HashMap<String, String>>,
    prongsai_web::Form(form): prongsai_web::Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<EnterItaResults>()?;
    let year = results_year(&raw)?;
    match results::save(&state.db, &auth, year, &form).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(
                axum::response::Redirect::to(&format!("/staff/ita/results?year={year}&saved=1"))
                    .into_response(),
            )
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let lines = results::load(&state.db, auth.organization_id(), year).await?;
            let title = format!("{} {}", page.shell.t("ita.results_title"), year);
            prongsai_web::routes::render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ResultsPage {
                    shell: page.shell.with_title(title),
                    year,
                    lines,
                    form,
                    errors,
                    saved: false,
                    pass_score: results::indicators().pass_score,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- the submission sheet and the API ----------

/// The sheet's columns, in the order of the ITAS form: item, title, URL, then the
/// checker's findings.
pub const SHEET_HEADER: [&str; 9] = [
    "ข้อ",
    "ตัวชี้วัดย่อย",
    "ข้อมูล",
    "URL",
    "สถานะ",
    "ช่วงข้อมูล",
    "กำหนดส่ง",
    "รูปแบบ",
    "สิ่งที่ยังขาด",
];

fn format_flags(item: &ItemResult) -> String {
    let mut f = Vec::new();
    if item.excel {
        f.push("ต้องมีไฟล์ Excel");
    }
    if item.signed {
        f.push("ลงนามโดยผู้บริหารสูงสุด");
    }
    if item.main_site {
        f.push("เชื่อมโยงจากเว็บไซต์หลัก");
    }
    f.join(", ")
}

fn absolute(site: &str, url: &Option<String>) -> String {
    match url {
        Some(u) if u.starts_with('/') => format!("{site}{u}"),
        Some(u) => u.clone(),
        None => String::new(),
    }
}

/// One text row per item (CSV and the CLI's text output share it).
pub fn sheet_rows(report: &Report, site: &str) -> Vec<Vec<String>> {
    report
        .items
        .iter()
        .map(|i| {
            vec![
                i.code.clone(),
                i.sub_indicator.clone(),
                i.title.clone(),
                absolute(site, &i.url),
                i.status.label_th().to_owned(),
                i.period_th.clone(),
                prongsai_thai::format_date(
                    i.due,
                    prongsai_thai::MonthStyle::Full,
                    prongsai_thai::Digits::Arabic,
                ),
                format_flags(i),
                i.missing.join(" / "),
            ]
        })
        .collect()
}

/// The ITAS submission workbook.
pub fn workbook(report: &Report, organization: &str, site: &str) -> anyhow::Result<Vec<u8>> {
    let widths = [8.0, 28.0, 50.0, 45.0, 12.0, 30.0, 20.0, 30.0, 60.0];
    let columns = SHEET_HEADER
        .iter()
        .zip(widths)
        .map(|(h, w)| {
            let kind = if *h == "กำหนดส่ง" {
                ColumnKind::Date
            } else if w >= 45.0 {
                ColumnKind::Paragraph
            } else {
                ColumnKind::Text
            };
            Column::new(*h, w, kind)
        })
        .collect();
    let rows = report
        .items
        .iter()
        .map(|i| {
            vec![
                Cell::from(i.code.as_str()),
                Cell::from(i.sub_indicator.as_str()),
                Cell::from(i.title.as_str()),
                Cell::from(absolute(site, &i.url)),
                Cell::from(i.status.label_th()),
                Cell::from(i.period_th.as_str()),
                Cell::Date(i.due),
                Cell::from(format_flags(i)),
                Cell::from(i.missing.join(" / ")),
            ]
        })
        .collect();
    Ok(prongsai_export::write_workbook(&[Sheet {
        name: prongsai_export::safe_sheet_name(&format!("OIT {}", report.year)),
        title: Some(format!("{} {organization}", report.title)),
        columns,
        rows,
    }])?)
}

/// The JSON of a report.
pub fn report_json(report: &Report, site: &str) -> serde_json::Value {
    json!({
        "year": report.year,
        "draft": report.draft,
        "title": report.title,
        "checked_on": report.checked_on,
        "counts": {
            "items": report.items.len(),
            "satisfied": report.satisfied,
            "partly": report.partly,
            "missing": report.missing,
        },
        "items": report.items.iter().map(|i| json!({
            "code": i.code,
            "title": i.title,
            "sub_indicator": i.sub_indicator,
            "confidence": i.confidence,
            "components": i.components,
            "period": i.period.code(),
            "period_th": i.period_th,
            "excel": i.excel,
            "signed_by_top_executive": i.signed,
            "linked_from_main_site": i.main_site,
            "status": i.status.code(),
            "due": i.due,
            "url": absolute(site, &i.url),
            "missing": i.missing,
            "evidence": i.rules.iter().map(|r| json!({
                "need": r.need,
                "ok": r.ok,
                "reason": r.reason,
                "records": r.records,
                "fix": r.fix,
                "url": r.url.as_ref().map(|u| absolute(site, &Some(u.clone()))),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

async fn api(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let catalog = match pick_catalog(&raw) {
        Ok(c) => c,
        Err(YearError::Bad) => {
            return Ok(json_error(
                StatusCode::BAD_REQUEST,
                "bad_parameter",
                "year: a Buddhist Era fiscal year such as 2568",
            ));
        }
        Err(YearError::Unknown) => {
            return Ok(json_error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no ITA catalog for that year",
            ));
        }
    };
    let report = report_for(&state, shell.tenant.id, catalog).await?;
    let site = origin(&headers, state.config.behind_proxy);
    Ok(json_response(json!({
        "data": report_json(&report, &site),
        "meta": { "years": years().iter().map(|(y, _)| y).collect::<Vec<_>>() },
    })))
}

async fn sheet_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let catalog = page_catalog(&raw)?;
    let report = report_for(&state, shell.tenant.id, catalog).await?;
    let site = origin(&headers, state.config.behind_proxy);
    Ok(csv_response(
        &format!("ita-oit-{}.csv", report.year),
        &SHEET_HEADER,
        sheet_rows(&report, &site),
    ))
}

async fn sheet_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let catalog = page_catalog(&raw)?;
    let report = report_for(&state, shell.tenant.id, catalog).await?;
    let site = origin(&headers, state.config.behind_proxy);
    let bytes = workbook(&report, &shell.tenant.name_th, &site).map_err(AppError::internal)?;
    let mut r = xlsx_response(bytes, &format!("ita-oit-{}.xlsx", report.year));
    let h = r.headers_mut();
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
