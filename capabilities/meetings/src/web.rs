//! Pages: public `/meetings...`, staff `/staff/meetings...`.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{GROUPS, KINDS};
use crate::permissions::{ManageMeetings, PublishMeetings};
use crate::store::{self, MeetingInput, MeetingSnapshot, ProjectChoice, PublicMeeting, Row};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings", get(list_public))
        .route("/meetings.csv", get(crate::api::list_csv))
        .route("/meetings/{id}", get(show_public))
        .route("/meetings/{id}/history", get(show_history))
        .route("/api/v1/meetings", get(crate::api::list_json))
        .route("/api/v1/meetings/{id}", get(crate::api::show_json))
        .route("/staff/meetings", get(list_staff))
        .route("/staff/meetings.xlsx", get(crate::api::staff_xlsx))
        .route("/staff/meetings/new", get(show_new).post(create))
        .route("/staff/meetings/{id}", get(show_staff).post(update))
        .route("/staff/meetings/{id}/minutes", post(upload_minutes))
        .route("/staff/meetings/{id}/publish", post(publish))
        .route("/staff/meetings/{id}/withdraw", post(withdraw))
}

pub fn parse_fy(raw: &str) -> Option<i32> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
}

/// `fy` and `kind` of a list's query: `Err` with a message when present but wrong.
pub fn filters(raw: &HashMap<String, String>) -> Result<(Option<i32>, Option<String>), String> {
    let fy = match raw.get("fy").map(String::as_str) {
        None | Some("") => None,
        Some(v) => Some(parse_fy(v).ok_or("fy: a Buddhist Era year such as 2569")?),
    };
    let kind = match raw.get("kind").map(String::as_str) {
        None | Some("") => None,
        Some(k) if KINDS.iter().any(|x| x.0 == k) => Some(k.to_owned()),
        Some(_) => return Err("kind: staff, council, committee or forum".to_owned()),
    };
    Ok((fy, kind))
}

fn kind_label(shell: &Shell, code: &str) -> String {
    if shell.is_en() {
        crate::model::kind_en(code).to_owned()
    } else {
        crate::model::kind_th(code).to_owned()
    }
}

fn groups(shell: &Shell) -> Vec<(&'static str, &'static str)> {
    GROUPS
        .iter()
        .map(|g| (g.0, if shell.is_en() { g.2 } else { g.1 }))
        .collect()
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "meetings/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicMeeting>,
    years: Vec<i32>,
    fy: Option<i32>,
    kind: Option<String>,
}

impl PublicListPage {
    fn kinds(&self) -> Vec<(&'static str, String)> {
        KINDS
            .iter()
            .map(|k| (k.0, kind_label(&self.shell, k.0)))
            .collect()
    }
    fn kind_name(&self, code: &str) -> String {
        kind_label(&self.shell, code)
    }
    fn is_kind(&self, code: &str) -> bool {
        self.kind.as_deref() == Some(code)
    }
    fn is_fy(&self, y: &i32) -> bool {
        self.fy == Some(*y)
    }
    fn query(&self) -> String {
        let mut q = Vec::new();
        if let Some(fy) = self.fy {
            q.push(format!("fy={fy}"));
        }
        if let Some(k) = &self.kind {
            q.push(format!("kind={k}"));
        }
        if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        }
    }
    fn fy_query(&self) -> String {
        self.fy.map(|f| format!("fy={f}&")).unwrap_or_default()
    }
    fn kind_query(&self) -> String {
        self.kind
            .as_ref()
            .map(|k| format!("&kind={k}"))
            .unwrap_or_default()
    }
}

async fn list_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let Ok((fy, kind)) = filters(&raw) else {
        return Err(AppError::not_found());
    };
    let items = store::list_public(&state.db, shell.tenant.id, fy, kind.as_deref()).await?;
    let years = store::public_years(&state.db, shell.tenant.id).await?;
    let mut title = shell.t("meetings.public_title").to_owned();
    if let Some(fy) = fy {
        title = format!("{title} {} {fy}", shell.t("meetings.fiscal_year"));
    }
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
        years,
        fy,
        kind,
    })
}

#[derive(Template)]
#[template(path = "meetings/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    id: i64,
    item: MeetingSnapshot,
    status: PublicationStatus,
}

impl PublicShowPage {
    fn kind_name(&self) -> String {
        kind_label(&self.shell, &self.item.kind)
    }
    fn groups(&self) -> Vec<(&'static str, &'static str)> {
        groups(&self.shell)
    }
    fn is_withdrawn(&self) -> bool {
        self.status.state == PublicationState::Withdrawn
    }
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let m = store::get_public(&state.db, shell.tenant.id, id).await?;
    let title = m.snapshot.title.clone();
    render(&PublicShowPage {
        shell: shell.with_title(title),
        id,
        status: m.record.status,
        item: m.snapshot,
    })
}

struct VersionRow {
    version: i32,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "meetings/history.html")]
struct HistoryPage {
    shell: Shell,
    id: i64,
    title: String,
    versions: Vec<VersionRow>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let org = shell.tenant.id;
    let current = store::get_public(&state.db, org, id).await?;
    let versions =
        prongsai_kernel::publication::list_versions(state.db.conn(), org, crate::KIND, id)
            .await?
            .into_iter()
            .map(|v| VersionRow {
                version: v.version,
                published_at: v.published_at,
                change_note: v.change_note,
            })
            .collect();
    let title = format!(
        "{}: {}",
        shell.t("meetings.history"),
        current.snapshot.title
    );
    render(&HistoryPage {
        shell: shell.with_title(title),
        id,
        title: current.snapshot.title,
        versions,
    })
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "meetings/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<Row>,
    fy: Option<i32>,
}

impl StaffListPage {
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
    fn kind_name(&self, code: &str) -> String {
        kind_label(&self.shell, code)
    }
    fn xlsx_href(&self) -> String {
        match self.fy {
            Some(fy) => format!("/staff/meetings.xlsx?fy={fy}"),
            None => "/staff/meetings.xlsx".to_owned(),
        }
    }
}

async fn list_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeetings>()?;
    let fy = raw.get("fy").and_then(|v| parse_fy(v));
    let rows = store::list(&state.db, &auth, fy).await?;
    let title = page.shell.t("meetings.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        rows,
        fy,
    })
}

#[derive(Template)]
#[template(path = "meetings/form.html")]
struct FormPage {
    shell: Shell,
    /// `None` for a new record.
    row: Option<Row>,
    form: MeetingInput,
    errors: FieldErrors,
    projects: Vec<ProjectChoice>,
    can_publish: bool,
    files: Vec<store::FileRef>,
    file_error: Option<String>,
}

impl FormPage {
    fn kinds(&self) -> Vec<(&'static str, String)> {
        KINDS
            .iter()
            .map(|k| (k.0, kind_label(&self.shell, k.0)))
            .collect()
    }
    fn groups(&self) -> Vec<(&'static str, &'static str)> {
        groups(&self.shell)
    }
    fn action(&self) -> String {
        match &self.row {
            Some(r) => format!("/staff/meetings/{}", r.meeting.id),
            None => "/staff/meetings/new".to_owned(),
        }
    }
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
    fn is_published(&self, s: &PublicationStatus) -> bool {
        s.state == PublicationState::Published
    }
    fn project_selected(&self, id: &i64) -> bool {
        self.form.plan_project_id == id.to_string()
    }
}

async fn form_page(
    state: &AppState,
    page: StaffPage,
    id: Option<i64>,
    form: Option<MeetingInput>,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    form_page_with(state, page, id, form, errors, None).await
}

async fn form_page_with(
    state: &AppState,
    page: StaffPage,
    id: Option<i64>,
    form: Option<MeetingInput>,
    errors: FieldErrors,
    file_error: Option<String>,
) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageMeetings>()?;
    let row = match id {
        Some(id) => Some(store::get(&state.db, &auth, id).await?),
        None => None,
    };
    let projects = store::project_choices(&state.db, &auth).await?;
    let files = match &row {
        Some(r) => store::files_of(state.db.conn(), auth.organization_id(), r.meeting.id).await?,
        None => Vec::new(),
    };
    let form = form.unwrap_or_else(|| {
        row.as_ref()
            .map(|r| MeetingInput::of(&r.meeting))
            .unwrap_or_else(|| MeetingInput {
                kind: "staff".into(),
                ..Default::default()
            })
    });
    let title = match &row {
        Some(r) => r.meeting.title.clone(),
        None => page.shell.t("meetings.new").to_owned(),
    };
    Ok(FormPage {
        can_publish: page.staff.can::<PublishMeetings>(),
        shell: page.shell.with_title(title),
        row,
        form,
        errors,
        projects,
        files,
        file_error,
    })
}

async fn upload_minutes(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeetings>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    match prongsai_files::CheckedFile::check(&upload.file_name, upload.bytes, state.files.max_bytes)
    {
        Ok(file) => {
            store::attach_minutes(&state.db, &state.files, &auth, id, &file).await?;
            Ok(Redirect::to(&format!("/staff/meetings/{id}#minutes-file")).into_response())
        }
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page_with(
                &state,
                page,
                Some(id),
                None,
                FieldErrors::default(),
                Some(e.to_string()),
            )
            .await?,
        ),
    }
}

async fn show_new(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    render(&form_page(&state, page, None, None, FieldErrors::default()).await?)
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<MeetingInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeetings>()?;
    match store::create(&state.db, &auth, &form).await {
        Ok(m) => Ok(Redirect::to(&format!("/staff/meetings/{}", m.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, page, None, Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&form_page(&state, page, Some(id), None, FieldErrors::default()).await?)
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<MeetingInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeetings>()?;
    match store::update(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/meetings/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, page, Some(id), Some(form), errors).await?,
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
    let auth = page.staff.authorize::<PublishMeetings>()?;
    match store::publish(&state.db, &auth, id, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/meetings/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, page, Some(id), None, errors).await?,
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
    let auth = page.staff.authorize::<PublishMeetings>()?;
    match store::withdraw(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/meetings/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, page, Some(id), None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}
