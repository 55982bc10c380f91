//! Staff pages: the form builder (`/staff/e-services...`), the request queue
//! (`/staff/requests...`) and the One Stop Service counter (`/staff/counter`).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::{HeaderMap, StatusCode};
use prongsai_db::entities::{attachment, division, user};
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_manuals::store::PublicManual;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Shell, StaffPage};
use serde::Deserialize;

use crate::form::{FieldInput, FieldKind, FieldSpec};
use crate::model::{RequestStatus, WalkInOutcome, request_event, walk_in};
use crate::permissions::{HandleRequests, ManageEServices, RecordWalkIns};
use crate::store::{
    self, EServiceInput, EServiceRecord, FieldChange, QueueFilter, QueueItem, RequestRecord,
    StatusInput, WalkInInput,
};
use crate::web::{FormPage, no_store, status_key};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/e-services", get(list_forms).post(create_form))
        .route(
            "/staff/e-services/{id}",
            get(show_builder).post(update_form),
        )
        .route("/staff/e-services/{id}/fields", post(add_field))
        .route(
            "/staff/e-services/{id}/fields/{key}",
            get(show_field).post(update_field),
        )
        .route("/staff/e-services/{id}/fields/{key}/move", post(move_field))
        .route(
            "/staff/e-services/{id}/fields/{key}/delete",
            post(remove_field),
        )
        .route("/staff/e-services/{id}/preview", get(preview))
        .route("/staff/e-services/{id}/publish", post(publish))
        .route("/staff/e-services/{id}/close", post(close))
        .route("/staff/requests", get(list_requests))
        .route("/staff/requests/{id}", get(show_request))
        .route("/staff/requests/{id}/assign", post(assign))
        .route("/staff/requests/{id}/status", post(change_status))
        .route("/staff/counter", get(show_counter).post(record_walk_in))
        .route("/staff/counter/{id}/qr", get(show_walk_in_qr))
}

fn division_name(shell: &Shell, divisions: &[division::Model], id: Option<i64>) -> String {
    id.and_then(|id| divisions.iter().find(|d| d.id == id))
        .map(|d| {
            if shell.is_en() && !d.name_en.is_empty() {
                d.name_en.clone()
            } else {
                d.name_th.clone()
            }
        })
        .unwrap_or_else(|| "-".to_owned())
}

fn kind_key(code: &str) -> String {
    format!("eservices.kind.{code}")
}

// ---------- the form builder ----------

#[derive(Template)]
#[template(path = "eservices/staff_forms.html")]
struct FormsPage {
    shell: Shell,
    items: Vec<EServiceRecord>,
    manuals: Vec<PublicManual>,
    form: EServiceInput,
    errors: FieldErrors,
}

impl FormsPage {
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
}

async fn forms_page(
    state: &AppState,
    page: StaffPage,
    form: EServiceInput,
    errors: FieldErrors,
) -> AppResult<FormsPage> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    let items = store::list_eservices(&state.db, &auth).await?;
    let manuals = store::list_service_manuals(&state.db, auth.organization_id()).await?;
    let title = page.shell.t("eservices.staff_forms_title").to_owned();
    Ok(FormsPage {
        shell: page.shell.with_title(title),
        items,
        manuals,
        form,
        errors,
    })
}

async fn list_forms(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    render(
        &forms_page(
            &state,
            page,
            EServiceInput::default(),
            FieldErrors::default(),
        )
        .await?,
    )
}

async fn create_form(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<EServiceInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    match store::create_eservice(&state.db, &auth, &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/staff/e-services/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &forms_page(&state, page, form, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "eservices/staff_builder.html")]
struct BuilderPage {
    shell: Shell,
    record: EServiceRecord,
    manuals: Vec<PublicManual>,
    details: EServiceInput,
    details_errors: FieldErrors,
    field: FieldInput,
    field_errors: FieldErrors,
    publish_errors: FieldErrors,
    kinds: Vec<(&'static str, String)>,
}

impl BuilderPage {
    fn id(&self) -> i64 {
        self.record.eservice.id
    }
    fn kind_label(&self, f: &FieldSpec) -> String {
        self.shell.t(kind_key(&f.kind)).to_owned()
    }
    fn is_published(&self) -> bool {
        self.record.status.state == PublicationState::Published
    }
    fn state_key(&self) -> String {
        format!("publication.{}", self.record.status.state.code())
    }
    fn is_first(&self, i: &usize) -> bool {
        *i == 0
    }
    fn is_last(&self, i: &usize) -> bool {
        *i + 1 == self.record.fields.len()
    }
}

struct BuilderParts {
    details: Option<EServiceInput>,
    details_errors: FieldErrors,
    field: FieldInput,
    field_errors: FieldErrors,
    publish_errors: FieldErrors,
}

impl Default for BuilderParts {
    fn default() -> Self {
        BuilderParts {
            details: None,
            details_errors: FieldErrors::default(),
            field: FieldInput {
                kind: FieldKind::ShortText.code().to_owned(),
                ..Default::default()
            },
            field_errors: FieldErrors::default(),
            publish_errors: FieldErrors::default(),
        }
    }
}

fn kinds(shell: &Shell) -> Vec<(&'static str, String)> {
    FieldKind::ALL
        .iter()
        .map(|k| (k.code(), shell.t(kind_key(k.code())).to_owned()))
        .collect()
}

async fn builder_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    parts: BuilderParts,
) -> AppResult<BuilderPage> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    let record = store::get_eservice(&state.db, &auth, id).await?;
    let manuals = store::list_service_manuals(&state.db, auth.organization_id()).await?;
    let details = parts.details.unwrap_or_else(|| EServiceInput {
        manual_id: record.eservice.manual_id.to_string(),
        title: record.eservice.title.clone(),
        description: record.eservice.description.clone(),
    });
    let kinds = kinds(&page.shell);
    let title = record.eservice.title.clone();
    Ok(BuilderPage {
        shell: page.shell.with_title(title),
        record,
        manuals,
        details,
        details_errors: parts.details_errors,
        field: parts.field,
        field_errors: parts.field_errors,
        publish_errors: parts.publish_errors,
        kinds,
    })
}

async fn show_builder(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&builder_page(&state, page, id, BuilderParts::default()).await?)
}

async fn update_form(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<EServiceInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    match store::update_eservice(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/e-services/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &builder_page(
                &state,
                page,
                id,
                BuilderParts {
                    details: Some(form),
                    details_errors: errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn add_field(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<FieldInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    match store::change_field(&state.db, &auth, id, FieldChange::Add(&form)).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/e-services/{id}#fields")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &builder_page(
                &state,
                page,
                id,
                BuilderParts {
                    field: form,
                    field_errors: errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "eservices/staff_field.html")]
struct FieldPage {
    shell: Shell,
    id: i64,
    key: String,
    field: FieldInput,
    errors: FieldErrors,
    kinds: Vec<(&'static str, String)>,
}

async fn show_field(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, key)): Path<(i64, String)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    let record = store::get_eservice(&state.db, &auth, id).await?;
    let spec = record
        .fields
        .iter()
        .find(|f| f.key == key)
        .ok_or_else(AppError::not_found)?;
    let kinds = kinds(&page.shell);
    let title = spec.label.clone();
    render(&FieldPage {
        shell: page.shell.with_title(title),
        id,
        field: FieldInput::of(spec),
        key,
        errors: FieldErrors::default(),
        kinds,
    })
}

async fn update_field(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, key)): Path<(i64, String)>,
    Form(form): Form<FieldInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    match store::change_field(&state.db, &auth, id, FieldChange::Update(&key, &form)).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/e-services/{id}#fields")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let kinds = kinds(&page.shell);
            let title = form.label.clone();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FieldPage {
                    shell: page.shell.with_title(title),
                    id,
                    key,
                    field: form,
                    errors,
                    kinds,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    direction: String,
}

async fn move_field(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, key)): Path<(i64, String)>,
    Form(form): Form<MoveForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::bad_request()),
    };
    store::change_field(&state.db, &auth, id, FieldChange::Move(&key, up)).await?;
    Ok(Redirect::to(&format!("/staff/e-services/{id}#fields")).into_response())
}

async fn remove_field(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, key)): Path<(i64, String)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    store::change_field(&state.db, &auth, id, FieldChange::Remove(&key)).await?;
    Ok(Redirect::to(&format!("/staff/e-services/{id}#fields")).into_response())
}

async fn preview(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    let record = store::get_eservice(&state.db, &auth, id).await?;
    let org = auth.organization_id();
    let manual = prongsai_manuals::store::get_public_service_manual(
        state.db.conn(),
        org,
        record.eservice.manual_id,
    )
    .await
    .ok();
    let villages = store::village_options(state.db.conn(), org).await?;
    let service = store::EServiceSnapshot {
        title: record.eservice.title.clone(),
        description: record.eservice.description.clone(),
        manual_id: record.eservice.manual_id,
        manual_title: manual
            .as_ref()
            .map(|m| m.snapshot.title.clone())
            .unwrap_or_default(),
        division_id: manual.as_ref().and_then(|m| m.snapshot.division_id),
        division_th: manual
            .as_ref()
            .map(|m| m.snapshot.division_th.clone())
            .unwrap_or_default(),
        division_en: manual
            .as_ref()
            .map(|m| m.snapshot.division_en.clone())
            .unwrap_or_default(),
        total: manual
            .as_ref()
            .map(|m| m.snapshot.total)
            .unwrap_or_default(),
        fee: manual
            .as_ref()
            .map(|m| m.snapshot.fee_label(false))
            .unwrap_or_default(),
        fields: record.fields,
    };
    let title = format!("{}: {}", page.shell.t("eservices.preview"), service.title);
    render(&FormPage {
        shell: page.shell.with_title(title),
        id,
        service,
        values: HashMap::new(),
        errors: FieldErrors::default(),
        form_token: String::new(),
        notice: None,
        villages,
        preview: true,
    })
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    change_note: String,
    #[serde(default)]
    reason: String,
}

async fn publish(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    match store::publish_eservice(&state.db, &auth, id, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/e-services/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &builder_page(
                &state,
                page,
                id,
                BuilderParts {
                    publish_errors: errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn close(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageEServices>()?;
    match store::close_eservice(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/e-services/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &builder_page(
                &state,
                page,
                id,
                BuilderParts {
                    publish_errors: errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------- the request queue ----------

#[derive(Deserialize, Default)]
struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    division: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    page: u64,
}

#[derive(Template)]
#[template(path = "eservices/staff_queue.html")]
struct QueuePage {
    shell: Shell,
    items: Vec<QueueItem>,
    counts: Vec<(RequestStatus, u64)>,
    overdue_count: u64,
    status: Option<RequestStatus>,
    division: String,
    assignee: String,
    overdue: bool,
    divisions: Vec<division::Model>,
    users: Vec<user::Model>,
    page: u64,
    has_more: bool,
    today: chrono::NaiveDate,
}

impl QueuePage {
    fn status_key(&self, s: &RequestStatus) -> String {
        status_key(*s)
    }
    fn is_current(&self, s: &RequestStatus) -> bool {
        self.status == Some(*s)
    }
    fn status_code(&self) -> &'static str {
        self.status.map(RequestStatus::code).unwrap_or("")
    }
    fn filters(&self) -> String {
        format!(
            "division={}&assignee={}{}",
            self.division,
            self.assignee,
            if self.overdue { "&overdue=1" } else { "" }
        )
    }
    fn item_status_key(&self, i: &QueueItem) -> String {
        status_key(i.status())
    }
    fn code(&self, i: &QueueItem) -> String {
        prongsai_kernel::tracking::format_tracking_code(&i.request.tracking_code)
    }
    fn division_name(&self, id: &Option<i64>) -> String {
        division_name(&self.shell, &self.divisions, *id)
    }
    fn assignee_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.users.iter().find(|u| u.id == id))
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| self.shell.t("eservices.unassigned").to_owned())
    }
    fn is_late(&self, i: &QueueItem) -> bool {
        i.request.overdue || (!i.status().is_closed() && i.request.due_on < self.today)
    }
    fn division_selected(&self, id: &i64) -> bool {
        self.division == id.to_string()
    }
    fn assignee_selected(&self, id: &i64) -> bool {
        self.assignee == id.to_string()
    }
}

const QUEUE_PER_PAGE: u64 = 25;

async fn list_requests(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<HandleRequests>()?;
    let status = match q.status.as_str() {
        "" | "open" => None,
        code => Some(RequestStatus::from_code(code).ok_or_else(AppError::bad_request)?),
    };
    // The staff member's own division unless they chose another (or all).
    let division = if q.division.is_empty() && q.status.is_empty() && q.assignee.is_empty() {
        page.staff
            .division_id
            .map(|d| d.to_string())
            .unwrap_or_default()
    } else {
        q.division.clone()
    };
    let division_id = match division.as_str() {
        "" | "all" => None,
        d => Some(d.parse::<i64>().map_err(|_| AppError::bad_request())?),
    };
    let assignee_filter = match q.assignee.as_str() {
        "" => None,
        "me" => Some(Some(page.staff.user_id)),
        "none" => Some(None),
        u => Some(Some(u.parse::<i64>().map_err(|_| AppError::bad_request())?)),
    };
    let filter = QueueFilter {
        status,
        division_id,
        assignee: assignee_filter,
        overdue_only: q.overdue == "1",
    };
    let (items, total) =
        store::list_requests(&state.db, &auth, &filter, q.page, QUEUE_PER_PAGE).await?;
    let (counts, overdue_count) = store::count_requests(&state.db, &auth, division_id).await?;
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    let users = store::list_assignees(&state.db, &auth).await?;
    let title = page.shell.t("eservices.queue_title").to_owned();
    render(&QueuePage {
        shell: page.shell.with_title(title),
        items,
        counts,
        overdue_count,
        status,
        division: if division_id.is_none() {
            "all".to_owned()
        } else {
            division
        },
        assignee: q.assignee,
        overdue: filter.overdue_only,
        divisions,
        users,
        page: q.page,
        has_more: q.page.saturating_add(1).saturating_mul(QUEUE_PER_PAGE) < total,
        today: prongsai_kernel::clock::today_in_thailand(),
    })
}

#[derive(Template)]
#[template(path = "eservices/staff_request.html")]
struct RequestPage {
    shell: Shell,
    record: RequestRecord,
    users: Vec<user::Model>,
    divisions: Vec<division::Model>,
    status_form: StatusInput,
    errors: FieldErrors,
    statuses: Vec<RequestStatus>,
    today: chrono::NaiveDate,
}

impl RequestPage {
    fn id(&self) -> i64 {
        self.record.request.id
    }
    fn code(&self) -> String {
        prongsai_kernel::tracking::format_tracking_code(&self.record.request.tracking_code)
    }
    fn status_key(&self, s: &RequestStatus) -> String {
        status_key(*s)
    }
    fn current_key(&self) -> String {
        status_key(self.record.status())
    }
    fn is_closed(&self) -> bool {
        self.record.status().is_closed()
    }
    fn is_late(&self) -> bool {
        self.record.request.overdue
            || (!self.is_closed() && self.record.request.due_on < self.today)
    }
    fn due_label(&self) -> String {
        self.shell.date_long(&self.record.request.due_on)
    }
    fn division_name(&self) -> String {
        division_name(
            &self.shell,
            &self.divisions,
            self.record.request.division_id,
        )
    }
    fn user_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.users.iter().find(|u| u.id == id))
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| self.shell.t("eservices.unassigned").to_owned())
    }
    fn assignee_selected(&self, id: &i64) -> bool {
        self.record.request.assignee_id == Some(*id)
    }
    fn status_selected(&self, s: &RequestStatus) -> bool {
        self.status_form.status == s.code()
    }
    fn event_status_key(&self, e: &request_event::Model) -> String {
        e.status
            .as_deref()
            .and_then(RequestStatus::from_code)
            .map(status_key)
            .unwrap_or_default()
    }
    fn is_status_event(&self, e: &request_event::Model) -> bool {
        e.kind == "status"
    }
    fn attachment_path(&self, a: &attachment::Model) -> String {
        format!(
            "/files/{}/{}",
            a.id,
            prongsai_web::error::urlencode(&a.file_name)
        )
    }
    fn attachment_for(&self, id: &Option<i64>) -> Option<String> {
        let id = (*id)?;
        self.record
            .attachments
            .iter()
            .find(|a| a.id == id)
            .map(|a| self.attachment_path(a))
    }
    fn answered_survey(&self) -> &'static str {
        match self.record.survey_answered {
            Some(true) => "eservices.survey_answered",
            Some(false) => "eservices.survey_waiting",
            None => "eservices.survey_none",
        }
    }
}

async fn request_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    status_form: StatusInput,
    errors: FieldErrors,
) -> AppResult<RequestPage> {
    let auth = page.staff.authorize::<HandleRequests>()?;
    let record = store::get_request(&state.db, &auth, id).await?;
    let users = store::list_assignees(&state.db, &auth).await?;
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    let title = format!(
        "{} {}",
        record.form.title,
        prongsai_kernel::tracking::format_tracking_code(&record.request.tracking_code)
    );
    Ok(RequestPage {
        shell: page.shell.with_title(title),
        record,
        users,
        divisions,
        status_form,
        errors,
        statuses: RequestStatus::ALL.to_vec(),
        today: prongsai_kernel::clock::today_in_thailand(),
    })
}

async fn show_request(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    Ok(no_store(render(
        &request_page(
            &state,
            page,
            id,
            StatusInput::default(),
            FieldErrors::default(),
        )
        .await?,
    )?))
}

#[derive(Deserialize)]
struct AssignForm {
    #[serde(default)]
    assignee_id: String,
}

async fn assign(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<AssignForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<HandleRequests>()?;
    let assignee = match form.assignee_id.trim() {
        "" => None,
        "me" => Some(page.staff.user_id),
        raw => Some(raw.parse::<i64>().map_err(|_| AppError::bad_request())?),
    };
    match store::assign_request(&state.db, &auth, id, assignee).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/requests/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => Ok(no_store(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &request_page(&state, page, id, StatusInput::default(), errors).await?,
        )?)),
        Err(e) => Err(e.into()),
    }
}

async fn change_status(
    State(state): State<AppState>,
    page: StaffPage,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<StatusInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<HandleRequests>()?;
    let origin = prongsai_web::api::origin(&headers, state.config.behind_proxy);
    match store::change_status(&state.db, &auth, id, &form, &origin).await {
        Ok(_) => {
            state.jobs_wakeup.notify_one();
            Ok(Redirect::to(&format!("/staff/requests/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => Ok(no_store(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &request_page(&state, page, id, form, errors).await?,
        )?)),
        Err(e) => Err(e.into()),
    }
}

// ---------- the counter ----------

#[derive(Template)]
#[template(path = "eservices/staff_counter.html")]
struct CounterPage {
    shell: Shell,
    services: Vec<PublicManual>,
    recent: Vec<walk_in::Model>,
    today_count: u64,
    form: WalkInInput,
    errors: FieldErrors,
    outcomes: Vec<&'static str>,
    saved: bool,
}

impl CounterPage {
    fn service_name(&self, id: &Option<i64>) -> String {
        match id {
            Some(id) => self
                .services
                .iter()
                .find(|m| m.id() == *id)
                .map(|m| m.snapshot.title.clone())
                .unwrap_or_else(|| format!("#{id}")),
            None => self.shell.t("eservices.other_service").to_owned(),
        }
    }
    fn outcome_key(&self, code: &str) -> String {
        format!("eservices.outcome.{code}")
    }
    fn time(&self, w: &walk_in::Model) -> String {
        w.served_at
            .with_timezone(&prongsai_web::shell::thailand())
            .format("%H:%M")
            .to_string()
    }
    fn service_selected(&self, id: i64) -> bool {
        self.form.service == id.to_string()
    }
    fn outcome_selected(&self, code: &str) -> bool {
        self.form.outcome == code
    }
}

#[derive(Deserialize)]
struct CounterQuery {
    #[serde(default)]
    saved: String,
}

async fn counter_page(
    state: &AppState,
    page: StaffPage,
    form: WalkInInput,
    errors: FieldErrors,
    saved: bool,
) -> AppResult<CounterPage> {
    let auth = page.staff.authorize::<RecordWalkIns>()?;
    let services = store::list_service_manuals(&state.db, auth.organization_id()).await?;
    let recent = store::list_recent_walk_ins(&state.db, &auth, 10).await?;
    let today_count = store::count_walk_ins_on(
        &state.db,
        &auth,
        prongsai_kernel::clock::today_in_thailand(),
    )
    .await?;
    let title = page.shell.t("eservices.counter_title").to_owned();
    Ok(CounterPage {
        shell: page.shell.with_title(title),
        services,
        recent,
        today_count,
        form,
        errors,
        outcomes: WalkInOutcome::ALL.iter().map(|o| o.code()).collect(),
        saved,
    })
}

async fn show_counter(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<CounterQuery>,
) -> AppResult<Response> {
    // Keep the service chosen last: counter staff often log the same service in a row.
    let form = WalkInInput {
        service: q
            .saved
            .split_once(':')
            .map(|(s, _)| s.to_owned())
            .unwrap_or_default(),
        outcome: WalkInOutcome::Completed.code().to_owned(),
        citizen_name: String::new(),
    };
    let saved = !q.saved.is_empty();
    render(&counter_page(&state, page, form, FieldErrors::default(), saved).await?)
}

async fn record_walk_in(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<WalkInInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<RecordWalkIns>()?;
    match store::record_walk_in(&state.db, &auth, page.staff.division_id, &form).await {
        Ok(id) => Ok(Redirect::to(&format!(
            "/staff/counter?saved={}:{id}",
            prongsai_web::error::urlencode(form.service.trim())
        ))
        .into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &counter_page(&state, page, form, errors, false).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "eservices/staff_qr.html")]
struct QrPage {
    shell: Shell,
    qr_svg: Option<String>,
    url: Option<String>,
}

async fn show_walk_in_qr(
    State(state): State<AppState>,
    page: StaffPage,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<RecordWalkIns>()?;
    let path = store::find_walk_in_survey(&state.db, &auth, id).await?;
    let origin = prongsai_web::api::origin(&headers, state.config.behind_proxy);
    let url = path.map(|p| format!("{origin}{p}"));
    let qr_svg = match &url {
        Some(u) => Some(prongsai_surveys::web::qr_svg(
            u,
            page.shell.t("eservices.qr_label"),
        )?),
        None => None,
    };
    let title = page.shell.t("eservices.qr_title").to_owned();
    Ok(no_store(render(&QrPage {
        shell: page.shell.with_title(title),
        qr_svg,
        url,
    })?))
}
