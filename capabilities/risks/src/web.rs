//! Pages: public `/risks...`, staff `/staff/risks...`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_db::entities::division;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::matrix::{self, Area};
use crate::model::{MEASURE_STATUSES, risk_assessment, risk_event, risk_measure};
use crate::permissions::{ManageRisks, PublishRisks};
use crate::store::{
    self, AssessmentDetail, AssessmentInput, AssessmentSnapshot, EventInput, EventSnapshot,
    MeasureInput, PublicAssessment, ReportsInput,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/risks", get(list_public))
        .route("/risks.csv", get(crate::api::risks_csv))
        .route("/risks/{fy}", get(show_public))
        .route("/risks/{fy}/history", get(show_history))
        .route("/risks/{fy}/heat-map.svg", get(crate::api::heat_map_svg))
        .route("/risks/{fy}/risks.xlsx", get(crate::api::risks_xlsx))
        .route("/risks/{fy}/{file}", get(crate::report::download))
        .route("/api/v1/risks", get(crate::api::list_risks_json))
        .route("/api/v1/risks/{fy}", get(crate::api::show_risks_json))
        .route("/staff/risks", get(list_staff))
        .route("/staff/risks/new", get(show_new).post(create))
        .route("/staff/risks/{id}", get(show_staff).post(update))
        .route("/staff/risks/{id}/reports", post(update_reports))
        .route("/staff/risks/{id}/publish", post(publish))
        .route("/staff/risks/{id}/withdraw", post(withdraw))
        .route(
            "/staff/risks/{id}/events/new",
            get(show_new_event).post(create_event),
        )
        .route(
            "/staff/risks/{id}/events/{event_id}",
            get(show_event).post(update_event),
        )
        .route(
            "/staff/risks/{id}/events/{event_id}/measures",
            post(create_measure),
        )
        .route(
            "/staff/risks/{id}/measures/{measure_id}",
            get(show_measure).post(update_measure),
        )
}

pub fn parse_fy(raw: &str) -> Option<i32> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
}

fn area_name<'a>(shell: &Shell, th: &'a str, en: &'a str) -> &'a str {
    if shell.is_en() && !en.is_empty() {
        en
    } else {
        th
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "risks/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicAssessment>,
}

async fn list_public(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_assessments(&state.db, shell.tenant.id).await?;
    let title = shell.t("risks.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
    })
}

#[derive(Template)]
#[template(path = "risks/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    item: AssessmentSnapshot,
    status: PublicationStatus,
    version: i32,
    heat_map: String,
}

impl PublicShowPage {
    fn area(&self, e: &EventSnapshot) -> String {
        area_name(&self.shell, &e.area_th, &e.area_en).to_owned()
    }
    fn level(&self, e: &EventSnapshot) -> String {
        area_name(&self.shell, &e.level_th, &e.level_en).to_owned()
    }
    fn level_name(&self, l: &matrix::Level) -> String {
        area_name(&self.shell, &l.name_th, &l.name_en).to_owned()
    }
    fn status_name(&self, code: &str) -> String {
        self.shell.t(format!("risks.status.{code}")).to_owned()
    }
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let a = store::get_public_assessment(&state.db, shell.tenant.id, fy).await?;
    let heat_map = a.snapshot.heat_map_svg(shell.is_en());
    let title = a.snapshot.title.clone();
    render(&PublicShowPage {
        shell: shell.with_title(title),
        version: a.record.version.version,
        status: a.record.status,
        item: a.snapshot,
        heat_map,
    })
}

struct VersionRow {
    version: i32,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "risks/history.html")]
struct HistoryPage {
    shell: Shell,
    fiscal_year: i32,
    title: String,
    versions: Vec<VersionRow>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let org = shell.tenant.id;
    let current = store::get_public_assessment(&state.db, org, fy).await?;
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
    let title = format!("{}: {}", shell.t("risks.history"), current.snapshot.title);
    render(&HistoryPage {
        shell: shell.with_title(title),
        fiscal_year: fy,
        title: current.snapshot.title,
        versions,
    })
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "risks/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<(risk_assessment::Model, PublicationStatus, usize)>,
}

impl StaffListPage {
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
}

async fn list_staff(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    let rows = store::list_assessments(&state.db, &auth).await?;
    let title = page.shell.t("risks.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        rows,
    })
}

#[derive(Template)]
#[template(path = "risks/new.html")]
struct NewPage {
    shell: Shell,
    form: AssessmentInput,
    errors: FieldErrors,
}

async fn show_new(page: StaffPage) -> AppResult<Response> {
    page.staff.authorize::<ManageRisks>()?;
    let form = AssessmentInput {
        fiscal_year: prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand())
            .be()
            .to_string(),
        ..Default::default()
    };
    let title = page.shell.t("risks.new").to_owned();
    render(&NewPage {
        shell: page.shell.with_title(title),
        form,
        errors: FieldErrors::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<AssessmentInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::create_assessment(&state.db, &auth, &form).await {
        Ok(a) => Ok(Redirect::to(&format!("/staff/risks/{}", a.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let title = page.shell.t("risks.new").to_owned();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewPage {
                    shell: page.shell.with_title(title),
                    form,
                    errors,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "risks/staff_show.html")]
struct StaffShowPage {
    shell: Shell,
    detail: AssessmentDetail,
    form: AssessmentInput,
    reports: ReportsInput,
    errors: FieldErrors,
    can_publish: bool,
}

impl StaffShowPage {
    fn state_key(&self) -> String {
        format!("publication.{}", self.detail.status.state.code())
    }
    fn area(&self, e: &risk_event::Model) -> String {
        matrix::find_area(&e.area_code)
            .map(|a| area_name(&self.shell, &a.name_th, &a.name_en).to_owned())
            .unwrap_or_else(|| e.area_code.clone())
    }
    fn level(&self, e: &risk_event::Model) -> String {
        matrix::level_of(e.likelihood as u32, e.impact as u32)
            .map(|l| area_name(&self.shell, &l.name_th, &l.name_en).to_owned())
            .unwrap_or_default()
    }
    fn level_code(&self, e: &risk_event::Model) -> String {
        matrix::level_of(e.likelihood as u32, e.impact as u32)
            .map(|l| l.code.clone())
            .unwrap_or_default()
    }
    fn division(&self, id: &i64) -> &str {
        self.detail.division_name(*id)
    }
    fn status_name(&self, code: &str) -> String {
        self.shell.t(format!("risks.status.{code}")).to_owned()
    }
    fn is_published(&self) -> bool {
        self.detail.status.state == PublicationState::Published
    }
}

async fn staff_show_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<AssessmentInput>,
    reports: Option<ReportsInput>,
    errors: FieldErrors,
) -> AppResult<StaffShowPage> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    let detail = store::get_assessment(&state.db, &auth, id).await?;
    let can_publish = page.staff.can::<PublishRisks>();
    let title = detail.assessment.title.clone();
    Ok(StaffShowPage {
        shell: page.shell.with_title(title),
        form: form.unwrap_or_else(|| AssessmentInput::of(&detail.assessment)),
        reports: reports.unwrap_or_else(|| ReportsInput::of(&detail.assessment)),
        detail,
        errors,
        can_publish,
    })
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&staff_show_page(&state, page, id, None, None, FieldErrors::default()).await?)
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<AssessmentInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::update_assessment(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/risks/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_show_page(&state, page, id, Some(form), None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn update_reports(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<ReportsInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::update_reports(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/risks/{id}#reports")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_show_page(&state, page, id, None, Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
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
    let auth = page.staff.authorize::<PublishRisks>()?;
    match store::publish_assessment(&state.db, &auth, id, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/risks/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_show_page(&state, page, id, None, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
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
    let auth = page.staff.authorize::<PublishRisks>()?;
    match store::withdraw_assessment(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/risks/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_show_page(&state, page, id, None, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------- events and measures ----------

#[derive(Template)]
#[template(path = "risks/event_form.html")]
struct EventPage {
    shell: Shell,
    assessment: risk_assessment::Model,
    event_id: Option<i64>,
    form: EventInput,
    errors: FieldErrors,
    areas: &'static [Area],
    measures: Vec<risk_measure::Model>,
    divisions: Vec<division::Model>,
    measure: MeasureInput,
    measure_errors: FieldErrors,
}

impl EventPage {
    fn area_label(&self, a: &Area) -> String {
        area_name(&self.shell, &a.name_th, &a.name_en).to_owned()
    }
    fn division(&self, id: &i64) -> &str {
        self.divisions
            .iter()
            .find(|d| d.id == *id)
            .map(|d| d.name_th.as_str())
            .unwrap_or("")
    }
    fn status_name(&self, code: &str) -> String {
        self.shell.t(format!("risks.status.{code}")).to_owned()
    }
    fn scale(&self) -> [&'static str; 5] {
        ["1", "2", "3", "4", "5"]
    }
}

struct EventParts {
    event_id: Option<i64>,
    form: Option<EventInput>,
    errors: FieldErrors,
    measure: MeasureInput,
    measure_errors: FieldErrors,
}

async fn event_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    parts: EventParts,
) -> AppResult<EventPage> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    let detail = store::get_assessment(&state.db, &auth, id).await?;
    let (form, measures) = match parts.event_id {
        Some(event_id) => {
            let (event, measures) = detail
                .events
                .iter()
                .find(|(e, _)| e.id == event_id)
                .cloned()
                .ok_or_else(AppError::not_found)?;
            (
                parts.form.unwrap_or_else(|| EventInput::of(&event)),
                measures,
            )
        }
        None => (parts.form.unwrap_or_default(), vec![]),
    };
    let title = if parts.event_id.is_some() {
        page.shell.t("risks.event_edit").to_owned()
    } else {
        page.shell.t("risks.event_new").to_owned()
    };
    Ok(EventPage {
        shell: page.shell.with_title(title),
        assessment: detail.assessment,
        event_id: parts.event_id,
        form,
        errors: parts.errors,
        areas: matrix::areas(),
        measures,
        divisions: detail.divisions,
        measure: parts.measure,
        measure_errors: parts.measure_errors,
    })
}

fn blank_parts(event_id: Option<i64>) -> EventParts {
    EventParts {
        event_id,
        form: None,
        errors: FieldErrors::default(),
        measure: MeasureInput::default(),
        measure_errors: FieldErrors::default(),
    }
}

async fn show_new_event(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&event_page(&state, page, id, blank_parts(None)).await?)
}

async fn create_event(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<EventInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::create_event(&state.db, &auth, id, &form).await {
        Ok(e) => Ok(Redirect::to(&format!("/staff/risks/{id}/events/{}", e.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = EventParts {
                form: Some(form),
                errors,
                ..blank_parts(None)
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &event_page(&state, page, id, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn show_event(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, event_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    render(&event_page(&state, page, id, blank_parts(Some(event_id))).await?)
}

async fn update_event(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, event_id)): Path<(i64, i64)>,
    Form(form): Form<EventInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::update_event(&state.db, &auth, id, event_id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/risks/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = EventParts {
                form: Some(form),
                errors,
                ..blank_parts(Some(event_id))
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &event_page(&state, page, id, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_measure(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, event_id)): Path<(i64, i64)>,
    Form(form): Form<MeasureInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::create_measure(&state.db, &auth, id, event_id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/risks/{id}/events/{event_id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = EventParts {
                measure: form,
                measure_errors: errors,
                ..blank_parts(Some(event_id))
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &event_page(&state, page, id, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "risks/measure_form.html")]
struct MeasurePage {
    shell: Shell,
    assessment_id: i64,
    measure_id: i64,
    event: risk_event::Model,
    fiscal_year: i32,
    form: MeasureInput,
    errors: FieldErrors,
    divisions: Vec<division::Model>,
}

impl MeasurePage {
    fn status_name(&self, code: &str) -> String {
        self.shell.t(format!("risks.status.{code}")).to_owned()
    }
    fn statuses(&self) -> Vec<&'static str> {
        MEASURE_STATUSES.iter().map(|s| s.0).collect()
    }
}

async fn measure_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    measure_id: i64,
    form: Option<MeasureInput>,
    errors: FieldErrors,
) -> AppResult<MeasurePage> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    let detail = store::get_assessment(&state.db, &auth, id).await?;
    let (event, measure) = store::get_measure(&state.db, &auth, id, measure_id).await?;
    let title = page.shell.t("risks.measure_edit").to_owned();
    Ok(MeasurePage {
        shell: page.shell.with_title(title),
        assessment_id: id,
        measure_id,
        event,
        fiscal_year: detail.assessment.fiscal_year,
        form: form.unwrap_or_else(|| MeasureInput::of(&measure)),
        errors,
        divisions: detail.divisions,
    })
}

async fn show_measure(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, measure_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    render(&measure_page(&state, page, id, measure_id, None, FieldErrors::default()).await?)
}

async fn update_measure(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, measure_id)): Path<(i64, i64)>,
    Form(form): Form<MeasureInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageRisks>()?;
    match store::update_measure(&state.db, &auth, id, measure_id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/risks/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &measure_page(&state, page, id, measure_id, Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}
