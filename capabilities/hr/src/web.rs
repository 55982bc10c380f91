//! Pages: public `/hr...`, staff `/staff/hr...`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_charts::{BarChart, Series};
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{PARTICIPANT_GROUPS, POSITION_TYPES, hr_year};
use crate::permissions::{ManageHr, PublishHr};
use crate::store::{
    self, HrYearSnapshot, PublicYear, StaffingInput, TrainingInput, TrainingSnapshot, YearDetail,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/hr", get(list_public))
        .route("/hr.csv", get(crate::api::staffing_csv))
        .route("/hr/print.css", get(print_css))
        .route("/hr/trainings/{id}", get(show_training))
        .route("/hr/{fy}", get(show_public))
        .route("/hr/{fy}/history", get(show_history))
        .route("/hr/{fy}/report.xlsx", get(crate::api::report_xlsx))
        .route("/hr/{fy}/{file}", get(crate::report::download))
        .route("/api/v1/hr", get(crate::api::list_json))
        .route("/api/v1/hr/{fy}", get(crate::api::show_json))
        .route("/staff/hr", get(list_staff))
        .route("/staff/hr/new", post(create))
        .route("/staff/hr/{id}", get(show_staff))
        .route("/staff/hr/{id}/staffing", post(staffing))
        .route("/staff/hr/{id}/trainings", post(add_training))
        .route(
            "/staff/hr/{id}/trainings/{training_id}/certificate",
            post(upload_certificate),
        )
        .route("/staff/hr/{id}/notes", post(notes))
        .route("/staff/hr/{id}/publish", post(publish))
        .route("/staff/hr/{id}/withdraw", post(withdraw))
        .merge(crate::ethics::routes())
}

async fn print_css() -> Response {
    let mut r = include_str!("../static/hr.css").into_response();
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/css; charset=utf-8"),
    );
    r.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

pub fn parse_fy(raw: &str) -> Option<i32> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
}

fn label(shell: &Shell, th: &'static str, en: &'static str) -> &'static str {
    if shell.is_en() { en } else { th }
}

fn groups(shell: &Shell) -> Vec<(&'static str, &'static str)> {
    PARTICIPANT_GROUPS
        .iter()
        .map(|g| (g.0, label(shell, g.1, g.2)))
        .collect()
}

pub fn baht(satang: &i64) -> String {
    prongsai_thai::format_baht(*satang)
}

/// The staffing chart: allotted, filled and vacant posts by position type.
fn staffing_chart(shell: &Shell, s: &HrYearSnapshot) -> String {
    prongsai_charts::with_chart_id(
        &prongsai_charts::bar_chart_svg(&BarChart {
            title: format!("{} {}", shell.t("hr.chart_title"), s.fiscal_year),
            description: shell.t("hr.chart_desc").to_owned(),
            categories: s
                .staffing
                .iter()
                .map(|r| {
                    if shell.is_en() {
                        r.label_en.clone()
                    } else {
                        r.label_th.clone()
                    }
                })
                .collect(),
            series: vec![
                Series {
                    name: shell.t("hr.filled").to_owned(),
                    values: s.staffing.iter().map(|r| f64::from(r.filled)).collect(),
                },
                Series {
                    name: shell.t("hr.vacant").to_owned(),
                    values: s.staffing.iter().map(|r| f64::from(r.vacant)).collect(),
                },
            ],
            stacked: true,
            y_label: shell.t("hr.posts").to_owned(),
            ..Default::default()
        }),
        "staffing",
    )
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "hr/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicYear>,
}

async fn list_public(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_years(&state.db, shell.tenant.id).await?;
    let title = shell.t("hr.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
    })
}

#[derive(Template)]
#[template(path = "hr/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    item: HrYearSnapshot,
    status: PublicationStatus,
    chart: String,
    report_title: String,
}

impl PublicShowPage {
    fn baht(&self, s: &i64) -> String {
        baht(s)
    }
    fn groups(&self) -> Vec<(&'static str, &'static str)> {
        groups(&self.shell)
    }
    fn is_withdrawn(&self) -> bool {
        self.status.state == PublicationState::Withdrawn
    }
    fn position(&self, th: &str, en: &str) -> String {
        if self.shell.is_en() { en } else { th }.to_owned()
    }
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let y = store::get_public_year(&state.db, shell.tenant.id, fy).await?;
    let report_title = store::report_title(fy);
    let chart = staffing_chart(&shell, &y.snapshot);
    render(&PublicShowPage {
        shell: shell.with_title(report_title.clone()),
        status: y.record.status,
        item: y.snapshot,
        chart,
        report_title,
    })
}

#[derive(Template)]
#[template(path = "hr/training.html")]
struct TrainingPage {
    shell: Shell,
    fiscal_year: i32,
    t: TrainingSnapshot,
}

impl TrainingPage {
    fn groups(&self) -> Vec<(&'static str, &'static str)> {
        groups(&self.shell)
    }
}

async fn show_training(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let (fiscal_year, t) = store::get_public_training(&state.db, shell.tenant.id, id).await?;
    let title = t.course.clone();
    render(&TrainingPage {
        shell: shell.with_title(title),
        fiscal_year,
        t,
    })
}

struct VersionRow {
    version: i32,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "hr/history.html")]
struct HistoryPage {
    shell: Shell,
    fiscal_year: i32,
    versions: Vec<VersionRow>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let org = shell.tenant.id;
    let current = store::get_public_year(&state.db, org, fy).await?;
    let versions = prongsai_kernel::publication::list_versions(
        state.db.conn(),
        org,
        crate::KIND,
        current.id(),
    )
    .await?
    .into_iter()
    .map(|v| VersionRow {
        version: v.version,
        published_at: v.published_at,
        change_note: v.change_note,
    })
    .collect();
    let title = format!("{}: {}", shell.t("hr.history"), store::report_title(fy));
    render(&HistoryPage {
        shell: shell.with_title(title),
        fiscal_year: fy,
        versions,
    })
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "hr/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<(hr_year::Model, PublicationStatus)>,
    fiscal_year: String,
    errors: FieldErrors,
}

impl StaffListPage {
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
}

async fn list_page(
    state: &AppState,
    page: StaffPage,
    fiscal_year: String,
    errors: FieldErrors,
) -> AppResult<StaffListPage> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let rows = store::list_years(&state.db, &auth).await?;
    let title = page.shell.t("hr.staff_title").to_owned();
    Ok(StaffListPage {
        shell: page.shell.with_title(title),
        rows,
        fiscal_year,
        errors,
    })
}

async fn list_staff(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let fy = prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    render(&list_page(&state, page, fy.to_string(), FieldErrors::default()).await?)
}

#[derive(Deserialize)]
struct NewForm {
    #[serde(default)]
    fiscal_year: String,
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<NewForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    match store::create_year(&state.db, &auth, &form.fiscal_year).await {
        Ok(y) => Ok(Redirect::to(&format!("/staff/hr/{}", y.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &list_page(&state, page, form.fiscal_year, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "hr/staff_show.html")]
struct StaffShowPage {
    shell: Shell,
    detail: YearDetail,
    staffing: StaffingInput,
    training: TrainingInput,
    problems: String,
    suggestions: String,
    errors: FieldErrors,
    can_publish: bool,
    file_error: Option<(i64, String)>,
}

impl StaffShowPage {
    fn certificate(&self, id: &Option<i64>) -> Option<&store::FileRef> {
        id.and_then(|c| self.detail.files.iter().find(|f| f.id == c))
    }
    fn file_error_for(&self, id: &i64) -> Option<&str> {
        self.file_error
            .as_ref()
            .filter(|(t, _)| t == id)
            .map(|(_, e)| e.as_str())
    }
    fn state_key(&self) -> String {
        format!("publication.{}", self.detail.status.state.code())
    }
    fn is_published(&self) -> bool {
        self.detail.status.state == PublicationState::Published
    }
    fn positions(&self) -> Vec<(&'static str, &'static str)> {
        POSITION_TYPES
            .iter()
            .map(|p| (p.0, label(&self.shell, p.1, p.2)))
            .collect()
    }
    fn groups(&self) -> Vec<(&'static str, &'static str)> {
        groups(&self.shell)
    }
    fn baht(&self, s: &i64) -> String {
        baht(s)
    }
}

#[derive(Default)]
struct Parts {
    staffing: Option<StaffingInput>,
    training: TrainingInput,
    notes: Option<(String, String)>,
    errors: FieldErrors,
    file_error: Option<(i64, String)>,
}

async fn staff_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    parts: Parts,
) -> AppResult<StaffShowPage> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let detail = store::get_year(&state.db, &auth, id).await?;
    let (problems, suggestions) = parts.notes.unwrap_or_else(|| {
        (
            detail.year.problems.clone(),
            detail.year.suggestions.clone(),
        )
    });
    let title = store::report_title(detail.year.fiscal_year);
    Ok(StaffShowPage {
        can_publish: page.staff.can::<PublishHr>(),
        shell: page.shell.with_title(title),
        staffing: parts
            .staffing
            .unwrap_or_else(|| StaffingInput::of(&detail.staffing)),
        training: parts.training,
        problems,
        suggestions,
        detail,
        errors: parts.errors,
        file_error: parts.file_error,
    })
}

async fn upload_certificate(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, training_id)): Path<(i64, i64)>,
    multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    match prongsai_files::CheckedFile::check(&upload.file_name, upload.bytes, state.files.max_bytes)
    {
        Ok(file) => {
            store::attach_certificate(&state.db, &state.files, &auth, id, training_id, &file)
                .await?;
            Ok(Redirect::to(&format!("/staff/hr/{id}#trainings")).into_response())
        }
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(
                &state,
                page,
                id,
                Parts {
                    file_error: Some((training_id, e.to_string())),
                    ..Default::default()
                },
            )
            .await?,
        ),
    }
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&staff_page(&state, page, id, Parts::default()).await?)
}

async fn after(
    state: &AppState,
    page: StaffPage,
    id: i64,
    result: prongsai_kernel::Result<()>,
    parts: impl FnOnce(FieldErrors) -> Parts,
    anchor: &str,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/hr/{id}{anchor}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(state, page, id, parts(errors)).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn staffing(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<StaffingInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let r = store::save_staffing(&state.db, &auth, id, &form).await;
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            staffing: Some(form),
            errors,
            ..Default::default()
        },
        "#staffing",
    )
    .await
}

async fn add_training(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<TrainingInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let r = store::add_training(&state.db, &auth, id, &form)
        .await
        .map(|_| ());
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            training: form,
            errors,
            ..Default::default()
        },
        "#trainings",
    )
    .await
}

#[derive(Deserialize)]
struct NotesForm {
    #[serde(default)]
    problems: String,
    #[serde(default)]
    suggestions: String,
}

async fn notes(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NotesForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let r = store::update_notes(&state.db, &auth, id, &form.problems, &form.suggestions).await;
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            notes: Some((form.problems, form.suggestions)),
            errors,
            ..Default::default()
        },
        "#notes",
    )
    .await
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    change_note: String,
}

async fn publish(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishHr>()?;
    let r = store::publish_year(&state.db, &auth, id, &form.change_note)
        .await
        .map(|_| ());
    if r.is_ok() {
        state.pages.invalidate_organization(auth.organization_id());
    }
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            errors,
            ..Default::default()
        },
        "",
    )
    .await
}

#[derive(Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

async fn withdraw(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishHr>()?;
    let r = store::withdraw_year(&state.db, &auth, id, &form.reason).await;
    if r.is_ok() {
        state.pages.invalidate_organization(auth.organization_id());
    }
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            errors,
            ..Default::default()
        },
        "",
    )
    .await
}
