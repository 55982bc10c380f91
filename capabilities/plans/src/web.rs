//! Pages: public `/plans...`, staff `/staff/plans...`.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use prongsai_db::entities::division;
use prongsai_kernel::publication::{ListFilter, PublicationStatus};
use prongsai_kernel::{Error, FieldErrors};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::kinds::{self, PlanKind, ReportKind};
use crate::model::{plan, progress, project, report, report_line};
use crate::permissions::{ManagePlans, PublishPlans};
use crate::store::{self, PLAN_KIND, PublicPlan, PublicReport, REPORT_KIND};
use crate::validate::{
    LineInput, PlanInput, ProgressInput, ProjectInput, ReportInput, input_amount, input_date,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list_public))
        .route("/plans.csv", get(crate::api::all_projects_csv))
        .route("/plans/print.css", get(print_css))
        .route("/plans/print.js", get(print_js))
        .route("/plans/{kind}/{fy}", get(show_plan))
        .route("/plans/{kind}/{fy}/history", get(plan_history))
        .route(
            "/plans/{kind}/{fy}/projects.xlsx",
            get(crate::api::plan_xlsx),
        )
        .route("/plans/{kind}/{fy}/projects.csv", get(crate::api::plan_csv))
        .route("/plans/{kind}/{fy}/{report}", get(show_report))
        .route("/plans/{kind}/{fy}/{report}/history", get(report_history))
        .route(
            "/plans/{kind}/{fy}/{report}/{file}",
            get(crate::report::download),
        )
        .route(
            "/plans/{kind}/{fy}/{report}/report.xlsx",
            get(crate::api::report_xlsx),
        )
        .route(
            "/plans/{kind}/{fy}/{report}/report.csv",
            get(crate::api::report_csv),
        )
        .route("/api/v1/plans", get(crate::api::list_plans_json))
        .route("/api/v1/plans/{kind}/{fy}", get(crate::api::plan_json))
        .route(
            "/api/v1/plans/{kind}/{fy}/{report}",
            get(crate::api::report_json),
        )
        .route("/staff/plans", get(staff_list))
        .route("/staff/plans/new", get(new_plan).post(create_plan))
        .route("/staff/plans/{id}", get(edit_plan).post(update_plan))
        .route("/staff/plans/{id}/publish", post(publish_plan))
        .route("/staff/plans/{id}/withdraw", post(withdraw_plan))
        .route(
            "/staff/plans/{id}/projects/new",
            get(new_project).post(create_project),
        )
        .route(
            "/staff/plans/{id}/projects/{pid}",
            get(edit_project).post(update_project),
        )
        .route(
            "/staff/plans/{id}/projects/{pid}/delete",
            post(delete_project),
        )
        .route(
            "/staff/plans/{id}/projects/{pid}/progress",
            post(add_progress),
        )
        .route(
            "/staff/plans/{id}/projects/{pid}/progress/{eid}/delete",
            post(delete_progress),
        )
        .route("/staff/plans/{id}/reports", post(create_report))
        .route(
            "/staff/plans/{id}/reports/{rid}",
            get(edit_report).post(update_report),
        )
        .route(
            "/staff/plans/{id}/reports/{rid}/refresh",
            post(refresh_report),
        )
        .route(
            "/staff/plans/{id}/reports/{rid}/publish",
            post(publish_report),
        )
        .route(
            "/staff/plans/{id}/reports/{rid}/withdraw",
            post(withdraw_report),
        )
        .route(
            "/staff/plans/{id}/reports/{rid}/lines/{lid}",
            get(edit_line).post(update_line),
        )
}

// ---------- shared helpers ----------

pub fn baht(satang: i64) -> String {
    prongsai_thai::format_baht(satang)
}

/// What every page template can call.
trait Helpers {
    fn sh(&self) -> &Shell;

    fn baht(&self, satang: &i64) -> String {
        baht(*satang)
    }

    fn day(&self, d: &NaiveDate) -> String {
        self.sh().date(d)
    }

    fn day_opt(&self, d: &Option<NaiveDate>) -> String {
        d.as_ref()
            .map(|d| self.sh().date(d))
            .unwrap_or_else(|| "—".into())
    }

    fn kind_name(&self, code: &str) -> String {
        kinds::find(code)
            .map(|k| k.name(self.sh().is_en()).to_owned())
            .unwrap_or_else(|| code.to_owned())
    }

    fn report_name(&self, plan_kind: &str, report_kind: &str) -> String {
        match (kinds::find(plan_kind), ReportKind::from_code(report_kind)) {
            (Some(k), Some(r)) => k.report_name(r, self.sh().is_en()).to_owned(),
            _ => report_kind.to_owned(),
        }
    }

    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }

    fn pick<'a>(&self, th: &'a str, en: &'a str) -> &'a str {
        if self.sh().is_en() && !en.is_empty() {
            en
        } else {
            th
        }
    }
}

macro_rules! helpers {
    ($($t:ty),*) => {
        $(impl Helpers for $t {
            fn sh(&self) -> &Shell {
                &self.shell
            }
        })*
    };
}

helpers!(
    PublicListPage,
    PlanPage,
    ReportPage,
    HistoryPage,
    StaffListPage,
    PlanFormPage,
    ProjectFormPage,
    ReportFormPage,
    LineFormPage
);

fn parse_kind_year(kind: &str, fy: &str) -> Result<(&'static PlanKind, i32), AppError> {
    let k = kinds::find(kind).ok_or_else(|| AppError::from(Error::NotFound))?;
    let y = fy
        .parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
        .ok_or_else(|| AppError::from(Error::NotFound))?;
    Ok((k, y))
}

fn static_text(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

async fn print_css() -> Response {
    static_text(
        include_str!("../static/plans.css"),
        "text/css; charset=utf-8",
    )
}

async fn print_js() -> Response {
    static_text(
        include_str!("../static/print.js"),
        "text/javascript; charset=utf-8",
    )
}

// ---------- public ----------

struct KindGroup {
    year: i32,
    plans: Vec<PublicPlan>,
}

#[derive(Template)]
#[template(path = "plans/public_list.html")]
struct PublicListPage {
    shell: Shell,
    groups: Vec<KindGroup>,
    kinds: &'static [PlanKind],
    selected_kind: String,
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    kind: String,
}

async fn list_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let selected_kind = kinds::find(&q.kind)
        .map(|k| k.code.clone())
        .unwrap_or_default();
    let filter = ListFilter {
        fiscal_year: None,
        category: (!selected_kind.is_empty()).then(|| selected_kind.clone()),
    };
    let plans = store::list_public_plans(state.db.conn(), org, &filter).await?;
    let mut groups: Vec<KindGroup> = Vec::new();
    for p in plans {
        let year = p.snapshot.fiscal_year;
        match groups.last_mut() {
            Some(g) if g.year == year => g.plans.push(p),
            _ => groups.push(KindGroup {
                year,
                plans: vec![p],
            }),
        }
    }
    let title = shell.t("plans.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        groups,
        kinds: kinds::all(),
        selected_kind,
    })
}

#[derive(Template)]
#[template(path = "plans/public_plan.html")]
struct PlanPage {
    shell: Shell,
    plan: PublicPlan,
    kind: &'static PlanKind,
    reports: Vec<PublicReport>,
}

async fn show_plan(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy)): Path<(String, String)>,
) -> AppResult<Response> {
    let (k, y) = parse_kind_year(&kind, &fy)?;
    let org = shell.tenant.id;
    let plan = store::public_plan(state.db.conn(), org, &k.code, y).await?;
    let reports = if plan.withdrawn() {
        vec![]
    } else {
        store::public_reports_of(state.db.conn(), org, plan.plan_id).await?
    };
    let withdrawn = plan.withdrawn();
    let title = plan.snapshot.title.clone();
    let page = PlanPage {
        shell: shell.with_title(title),
        plan,
        kind: k,
        reports,
    };
    if withdrawn {
        render_status(StatusCode::GONE, &page)
    } else {
        render(&page)
    }
}

#[derive(Template)]
#[template(path = "plans/public_report.html")]
struct ReportPage {
    shell: Shell,
    report: PublicReport,
    plan_url: String,
    org_name: String,
}

impl ReportPage {
    fn is_six_month(&self) -> bool {
        self.report.snapshot.report_kind == ReportKind::SixMonth.code()
    }
}

fn parse_report_kind(code: &str) -> Result<ReportKind, AppError> {
    ReportKind::from_code(code).ok_or_else(|| AppError::from(Error::NotFound))
}

async fn show_report(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy, rk)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (k, y) = parse_kind_year(&kind, &fy)?;
    let rk = parse_report_kind(&rk)?;
    let org = shell.tenant.id;
    // The plan must be public too.
    let plan = store::public_plan(state.db.conn(), org, &k.code, y).await?;
    let report = store::public_report(state.db.conn(), org, &k.code, y, rk).await?;
    let withdrawn = report.withdrawn() || plan.withdrawn();
    let title = report.snapshot.title_th.clone();
    let title = if shell.is_en() {
        report.snapshot.title_en.clone()
    } else {
        title
    };
    let org_name = shell.org_name().to_owned();
    let page = ReportPage {
        shell: shell.with_title(title),
        report,
        plan_url: plan.url(),
        org_name,
    };
    if withdrawn {
        render_status(StatusCode::GONE, &page)
    } else {
        render(&page)
    }
}

struct VersionRow {
    version: i32,
    title: String,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "plans/history.html")]
struct HistoryPage {
    shell: Shell,
    back: String,
    title: String,
    versions: Vec<VersionRow>,
}

async fn versions(state: &AppState, org: i64, kind: &str, id: i64) -> AppResult<Vec<VersionRow>> {
    Ok(
        prongsai_kernel::publication::list_versions(state.db.conn(), org, kind, id)
            .await?
            .into_iter()
            .map(|v| VersionRow {
                version: v.version,
                title: v.title,
                published_at: v.published_at,
                change_note: v.change_note,
            })
            .collect(),
    )
}

async fn plan_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy)): Path<(String, String)>,
) -> AppResult<Response> {
    let (k, y) = parse_kind_year(&kind, &fy)?;
    let org = shell.tenant.id;
    let plan = store::public_plan(state.db.conn(), org, &k.code, y).await?;
    let versions = versions(&state, org, PLAN_KIND, plan.plan_id).await?;
    let title = format!("{}: {}", shell.t("plans.history"), plan.snapshot.title);
    render(&HistoryPage {
        shell: shell.with_title(title),
        back: plan.url(),
        title: plan.snapshot.title,
        versions,
    })
}

async fn report_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((kind, fy, rk)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (k, y) = parse_kind_year(&kind, &fy)?;
    let rk = parse_report_kind(&rk)?;
    let org = shell.tenant.id;
    let report = store::public_report(state.db.conn(), org, &k.code, y, rk).await?;
    let versions = versions(&state, org, REPORT_KIND, report.report_id).await?;
    let title = format!("{}: {}", shell.t("plans.history"), report.snapshot.title_th);
    render(&HistoryPage {
        shell: shell.with_title(title),
        back: report.url(),
        title: report.snapshot.title_th.clone(),
        versions,
    })
}

// ---------- staff: plans ----------

#[derive(Template)]
#[template(path = "plans/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<(plan::Model, PublicationStatus)>,
}

async fn staff_list(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    let rows = store::list_plans(&state.db, &auth).await?;
    let title = page.shell.t("plans.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        rows,
    })
}

struct ProjectRow {
    project: project::Model,
    division: String,
    latest: Option<progress::Model>,
}

#[derive(Template)]
#[template(path = "plans/plan_form.html")]
struct PlanFormPage {
    shell: Shell,
    id: Option<i64>,
    form: PlanInput,
    errors: FieldErrors,
    kinds: &'static [PlanKind],
    status: PublicationStatus,
    projects: Vec<ProjectRow>,
    total_budget: i64,
    reports: Vec<(report::Model, PublicationStatus)>,
    can_publish: bool,
    public_url: String,
}

fn plan_input(p: &plan::Model) -> PlanInput {
    PlanInput {
        kind: p.kind.clone(),
        fiscal_year: p.fiscal_year.to_string(),
        title: p.title.clone(),
        approved_on: p.approved_on.map(input_date).unwrap_or_default(),
        notes: p.notes.clone(),
    }
}

async fn new_plan(
    page: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    page.staff.authorize::<ManagePlans>()?;
    let fy = prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let kind = q
        .get("kind")
        .and_then(|k| kinds::find(k))
        .map(|k| k.code.clone())
        .unwrap_or_default();
    let title = kinds::find(&kind)
        .map(|k| format!("{} ประจำปีงบประมาณ {fy}", k.name_th))
        .unwrap_or_default();
    let form = PlanInput {
        kind,
        fiscal_year: fy.to_string(),
        title,
        ..Default::default()
    };
    render(&plan_form(page, None, form, FieldErrors::default()))
}

fn plan_form(
    page: StaffPage,
    id: Option<i64>,
    form: PlanInput,
    errors: FieldErrors,
) -> PlanFormPage {
    let can_publish = page.staff.can::<PublishPlans>();
    let title = page.shell.t("plans.new").to_owned();
    PlanFormPage {
        shell: page.shell.with_title(title),
        id,
        form,
        errors,
        kinds: kinds::all(),
        status: PublicationStatus::DRAFT,
        projects: vec![],
        total_budget: 0,
        reports: vec![],
        can_publish,
        public_url: String::new(),
    }
}

async fn create_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<PlanInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::create_plan(&state.db, &auth, &form).await {
        Ok(p) => Ok(Redirect::to(&format!("/staff/plans/{}", p.id)).into_response()),
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &plan_form(page, None, form, errors),
        ),
        Err(e) => Err(e.into()),
    }
}

async fn plan_edit_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<PlanInput>,
    errors: FieldErrors,
) -> AppResult<PlanFormPage> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    let org = auth.organization_id();
    let conn = state.db.conn();
    let p = store::get_plan(conn, org, id).await?;
    let status =
        prongsai_kernel::publication::get_publication_status(conn, org, PLAN_KIND, id).await?;
    let divisions = store::list_divisions(conn, org).await?;
    let projects = store::list_projects(conn, org, id).await?;
    let entries =
        store::list_plan_progress(conn, org, projects.iter().map(|p| p.id).collect()).await?;
    let total_budget = projects.iter().map(|p| p.budget_satang).sum();
    let projects = projects
        .into_iter()
        .map(|project| ProjectRow {
            division: division_name(&divisions, project.division_id),
            latest: entries.iter().find(|e| e.project_id == project.id).cloned(),
            project,
        })
        .collect();
    let mut reports = Vec::new();
    for r in store::list_reports(conn, org, id).await? {
        let s = prongsai_kernel::publication::get_publication_status(conn, org, REPORT_KIND, r.id)
            .await?;
        reports.push((r, s));
    }
    let can_publish = page.staff.can::<PublishPlans>();
    Ok(PlanFormPage {
        public_url: store::plan_url(&p.kind, p.fiscal_year),
        form: form.unwrap_or_else(|| plan_input(&p)),
        shell: page.shell.with_title(p.title.clone()),
        id: Some(id),
        errors,
        kinds: kinds::all(),
        status,
        projects,
        total_budget,
        reports,
        can_publish,
    })
}

fn division_name(divisions: &[division::Model], id: Option<i64>) -> String {
    id.and_then(|id| divisions.iter().find(|d| d.id == id))
        .map(|d| d.name_th.clone())
        .unwrap_or_default()
}

async fn edit_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&plan_edit_page(&state, page, id, None, FieldErrors::default()).await?)
}

async fn update_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<PlanInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::update_plan(&state.db, &auth, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/plans/{id}")).into_response()),
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &plan_edit_page(&state, page, id, Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    change_note: String,
    #[serde(default)]
    reason: String,
}

async fn publish_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishPlans>()?;
    match store::publish_plan(&state.db, &auth, id, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/plans/{id}")).into_response())
        }
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &plan_edit_page(&state, page, id, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn withdraw_plan(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishPlans>()?;
    match store::withdraw_plan(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/plans/{id}")).into_response())
        }
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &plan_edit_page(&state, page, id, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------- staff: projects and progress ----------

#[derive(Template)]
#[template(path = "plans/project_form.html")]
struct ProjectFormPage {
    shell: Shell,
    plan: plan::Model,
    id: Option<i64>,
    form: ProjectInput,
    errors: FieldErrors,
    divisions: Vec<division::Model>,
    entries: Vec<progress::Model>,
    progress: ProgressInput,
    progress_errors: FieldErrors,
    fiscal_range: String,
}

fn project_input(p: &project::Model) -> ProjectInput {
    ProjectInput {
        title: p.title.clone(),
        objective: p.objective.clone(),
        outputs: p.outputs.clone(),
        budget: input_amount(p.budget_satang),
        budget_source: p.budget_source.clone(),
        starts_on: input_date(p.starts_on),
        ends_on: input_date(p.ends_on),
        division_id: p.division_id.map(|d| d.to_string()).unwrap_or_default(),
        sort_order: p.sort_order.to_string(),
    }
}

struct ProjectParts {
    id: Option<i64>,
    form: Option<ProjectInput>,
    errors: FieldErrors,
    progress: ProgressInput,
    progress_errors: FieldErrors,
}

async fn project_page(
    state: &AppState,
    page: StaffPage,
    plan_id: i64,
    parts: ProjectParts,
) -> AppResult<ProjectFormPage> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    let org = auth.organization_id();
    let conn = state.db.conn();
    let plan = store::get_plan(conn, org, plan_id).await?;
    let divisions = store::list_divisions(conn, org).await?;
    let (form, entries) = match parts.id {
        Some(pid) => {
            let p = store::get_project(conn, org, plan_id, pid).await?;
            let entries = store::list_progress(conn, org, pid).await?;
            (parts.form.unwrap_or_else(|| project_input(&p)), entries)
        }
        None => (
            parts.form.unwrap_or_else(|| ProjectInput {
                budget_source: "ข้อบัญญัติงบประมาณรายจ่ายประจำปี".into(),
                ..Default::default()
            }),
            vec![],
        ),
    };
    let fy = prongsai_thai::FiscalYear::new(plan.fiscal_year);
    let fiscal_range = format!("{} – {}", input_date(fy.start()), input_date(fy.end()));
    let title = if parts.id.is_some() {
        form.title.clone()
    } else {
        page.shell.t("plans.new_project").to_owned()
    };
    Ok(ProjectFormPage {
        shell: page.shell.with_title(title),
        plan,
        id: parts.id,
        form,
        errors: parts.errors,
        divisions,
        entries,
        progress: parts.progress,
        progress_errors: parts.progress_errors,
        fiscal_range,
    })
}

fn default_progress() -> ProgressInput {
    ProgressInput {
        as_of: input_date(prongsai_kernel::clock::today_in_thailand()),
        ..Default::default()
    }
}

async fn new_project(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let parts = ProjectParts {
        id: None,
        form: None,
        errors: FieldErrors::default(),
        progress: default_progress(),
        progress_errors: FieldErrors::default(),
    };
    render(&project_page(&state, page, id, parts).await?)
}

async fn create_project(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<ProjectInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::create_project(&state.db, &auth, id, &form).await {
        Ok(p) => Ok(Redirect::to(&format!("/staff/plans/{id}/projects/{}", p.id)).into_response()),
        Err(Error::Invalid(errors)) => {
            let parts = ProjectParts {
                id: None,
                form: Some(form),
                errors,
                progress: default_progress(),
                progress_errors: FieldErrors::default(),
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &project_page(&state, page, id, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_project(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, pid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let parts = ProjectParts {
        id: Some(pid),
        form: None,
        errors: FieldErrors::default(),
        progress: default_progress(),
        progress_errors: FieldErrors::default(),
    };
    render(&project_page(&state, page, id, parts).await?)
}

async fn update_project(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, pid)): Path<(i64, i64)>,
    Form(form): Form<ProjectInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::update_project(&state.db, &auth, id, pid, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/plans/{id}/projects/{pid}")).into_response()),
        Err(Error::Invalid(errors)) => {
            let parts = ProjectParts {
                id: Some(pid),
                form: Some(form),
                errors,
                progress: default_progress(),
                progress_errors: FieldErrors::default(),
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &project_page(&state, page, id, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_project(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, pid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    store::delete_project(&state.db, &auth, id, pid).await?;
    Ok(Redirect::to(&format!("/staff/plans/{id}")).into_response())
}

async fn add_progress(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, pid)): Path<(i64, i64)>,
    Form(form): Form<ProgressInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::add_progress(&state.db, &auth, id, pid, &form).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/staff/plans/{id}/projects/{pid}#progress")).into_response())
        }
        Err(Error::Invalid(errors)) => {
            let parts = ProjectParts {
                id: Some(pid),
                form: None,
                errors: FieldErrors::default(),
                progress: form,
                progress_errors: errors,
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &project_page(&state, page, id, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_progress(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, pid, eid)): Path<(i64, i64, i64)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    store::delete_progress(&state.db, &auth, id, pid, eid).await?;
    Ok(Redirect::to(&format!("/staff/plans/{id}/projects/{pid}#progress")).into_response())
}

// ---------- staff: reports ----------

#[derive(Deserialize)]
struct NewReportForm {
    #[serde(default)]
    kind: String,
}

async fn create_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NewReportForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    let Some(kind) = ReportKind::from_code(&form.kind) else {
        return Err(AppError::bad_request());
    };
    let r = store::create_report(&state.db, &auth, id, kind).await?;
    Ok(Redirect::to(&format!("/staff/plans/{id}/reports/{}", r.id)).into_response())
}

struct LineRow {
    line: report_line::Model,
    title: String,
}

#[derive(Template)]
#[template(path = "plans/report_form.html")]
struct ReportFormPage {
    shell: Shell,
    plan: plan::Model,
    report: report::Model,
    title: String,
    form: ReportInput,
    errors: FieldErrors,
    lines: Vec<LineRow>,
    status: PublicationStatus,
    can_publish: bool,
    public_url: String,
}

async fn report_page(
    state: &AppState,
    page: StaffPage,
    plan_id: i64,
    rid: i64,
    form: Option<ReportInput>,
    errors: FieldErrors,
) -> AppResult<ReportFormPage> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    let org = auth.organization_id();
    let conn = state.db.conn();
    let plan = store::get_plan(conn, org, plan_id).await?;
    let report = store::get_report(conn, org, plan_id, rid).await?;
    let projects = store::list_projects(conn, org, plan_id).await?;
    let mut lines: Vec<LineRow> = Vec::new();
    let all = store::list_lines(conn, org, rid).await?;
    for p in &projects {
        if let Some(l) = all.iter().find(|l| l.project_id == p.id) {
            lines.push(LineRow {
                line: l.clone(),
                title: p.title.clone(),
            });
        }
    }
    let status =
        prongsai_kernel::publication::get_publication_status(conn, org, REPORT_KIND, rid).await?;
    let title = match (kinds::find(&plan.kind), ReportKind::from_code(&report.kind)) {
        (Some(k), Some(r)) => format!(
            "{} ปีงบประมาณ {}",
            k.report_name(r, page.shell.is_en()),
            plan.fiscal_year
        ),
        _ => report.kind.clone(),
    };
    let can_publish = page.staff.can::<PublishPlans>();
    Ok(ReportFormPage {
        shell: page.shell.with_title(title.clone()),
        public_url: store::report_url(&plan.kind, plan.fiscal_year, &report.kind),
        form: form.unwrap_or_else(|| ReportInput {
            problems: report.problems.clone(),
            suggestions: report.suggestions.clone(),
        }),
        plan,
        report,
        title,
        errors,
        lines,
        status,
        can_publish,
    })
}

async fn edit_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, rid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    render(&report_page(&state, page, id, rid, None, FieldErrors::default()).await?)
}

async fn update_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, rid)): Path<(i64, i64)>,
    Form(form): Form<ReportInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::update_report(&state.db, &auth, id, rid, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/plans/{id}/reports/{rid}")).into_response()),
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &report_page(&state, page, id, rid, Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn refresh_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, rid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    store::refresh_report(&state.db, &auth, id, rid).await?;
    Ok(Redirect::to(&format!("/staff/plans/{id}/reports/{rid}")).into_response())
}

async fn publish_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, rid)): Path<(i64, i64)>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishPlans>()?;
    match store::publish_report(&state.db, &auth, id, rid, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/plans/{id}/reports/{rid}")).into_response())
        }
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &report_page(&state, page, id, rid, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn withdraw_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, rid)): Path<(i64, i64)>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishPlans>()?;
    match store::withdraw_report(&state.db, &auth, id, rid, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/plans/{id}/reports/{rid}")).into_response())
        }
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &report_page(&state, page, id, rid, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "plans/line_form.html")]
struct LineFormPage {
    shell: Shell,
    plan_id: i64,
    report: report::Model,
    line_id: i64,
    project: project::Model,
    form: LineInput,
    errors: FieldErrors,
}

fn line_input(l: &report_line::Model) -> LineInput {
    LineInput {
        percent: l.percent.to_string(),
        result: l.result.clone(),
        allocated: input_amount(l.allocated_satang),
        spent: input_amount(l.spent_satang),
        actual_start: l.actual_start.map(input_date).unwrap_or_default(),
        actual_end: l.actual_end.map(input_date).unwrap_or_default(),
        problems: l.problems.clone(),
        suggestions: l.suggestions.clone(),
    }
}

async fn line_page(
    state: &AppState,
    page: StaffPage,
    (plan_id, rid, lid): (i64, i64, i64),
    form: Option<LineInput>,
    errors: FieldErrors,
) -> AppResult<LineFormPage> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    let org = auth.organization_id();
    let conn = state.db.conn();
    let report = store::get_report(conn, org, plan_id, rid).await?;
    let line = store::get_line(conn, org, rid, lid).await?;
    let project = store::get_project(conn, org, plan_id, line.project_id).await?;
    Ok(LineFormPage {
        shell: page.shell.with_title(project.title.clone()),
        plan_id,
        report,
        line_id: lid,
        form: form.unwrap_or_else(|| line_input(&line)),
        project,
        errors,
    })
}

async fn edit_line(
    State(state): State<AppState>,
    page: StaffPage,
    Path(ids): Path<(i64, i64, i64)>,
) -> AppResult<Response> {
    render(&line_page(&state, page, ids, None, FieldErrors::default()).await?)
}

async fn update_line(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, rid, lid)): Path<(i64, i64, i64)>,
    Form(form): Form<LineInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManagePlans>()?;
    match store::update_line(&state.db, &auth, id, rid, lid, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/plans/{id}/reports/{rid}")).into_response()),
        Err(Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &line_page(&state, page, (id, rid, lid), Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}
