//! Pages: public `/manuals...` (list, one manual, its A4 print version, its history),
//! staff `/staff/manuals...` (drafting, sample forms, publishing).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use prongsai_db::entities::{attachment, division};
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::PublicationStatus;
use prongsai_web::extract::FormFields;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{Channel, DurationUnit, ManualKind};
use crate::permissions::{ManageManuals, PublishManuals};
use crate::store::{
    self, DocumentInput, ManualInput, ManualListItem, ManualSnapshot, PublicManual, PublicVersion,
    StepInput,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/manuals", get(list_public))
        .route("/manuals.csv", get(crate::api::manuals_csv))
        .route("/manuals/{id}", get(show_public))
        .route("/manuals/{id}/print", get(show_print))
        .route("/manuals/{id}/history", get(show_history))
        .route("/api/v1/manuals", get(crate::api::list_manuals_json))
        .route("/api/v1/manuals/{id}", get(crate::api::show_manual_json))
        .route("/static/manuals.css", get(stylesheet))
        .route("/staff/manuals", get(list_staff))
        .route("/staff/manuals/new", get(show_new).post(create))
        .route("/staff/manuals/{id}", get(show_edit).post(update))
        .route("/staff/manuals/{id}/publish", post(publish))
        .route("/staff/manuals/{id}/withdraw", post(withdraw))
        .route("/staff/manuals/{id}/attachments", post(upload))
        .route(
            "/staff/manuals/{id}/attachments/{attachment_id}/detach",
            post(detach),
        )
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/manuals.css"),
    )
        .into_response()
}

/// Locale key of a manual kind's name.
pub fn kind_key(kind: &str) -> String {
    format!("manuals.kind.{kind}")
}

fn size_label(bytes: i64) -> String {
    let b = bytes as f64;
    if b >= 1_048_576.0 {
        format!("{:.1} MB", b / 1_048_576.0)
    } else {
        format!("{:.0} KB", (b / 1024.0).max(1.0))
    }
}

/// What the manual pages share: the names of channels and the labels of a snapshot.
pub trait SnapshotLabels {
    fn shell(&self) -> &Shell;

    fn channel_label(&self, code: &str) -> String {
        match Channel::from_code(code) {
            Some(c) => self.shell().t(c.label_key()).to_owned(),
            None => code.to_owned(),
        }
    }

    fn step_duration(&self, s: &store::StepSnapshot) -> String {
        s.duration_label(self.shell().is_en())
    }

    fn total_label(&self, m: &ManualSnapshot) -> String {
        m.total.label(self.shell().is_en())
    }

    fn fee_label(&self, m: &ManualSnapshot) -> String {
        m.fee_label(self.shell().is_en())
    }

    fn division_label(&self, m: &ManualSnapshot) -> String {
        m.division(self.shell().is_en()).to_owned()
    }

    fn size(&self, bytes: &i64) -> String {
        size_label(*bytes)
    }
}

// ---------- public ----------

const PER_PAGE: u64 = 50;

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "manuals/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicManual>,
    kind: Option<ManualKind>,
    page: u64,
    total: u64,
}

impl SnapshotLabels for PublicListPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

impl PublicListPage {
    fn is_kind(&self, code: &str) -> bool {
        self.kind.map(|k| k.code()) == Some(code)
    }
    fn kind_code(&self) -> &'static str {
        self.kind.map(|k| k.code()).unwrap_or("")
    }
    fn has_next(&self) -> bool {
        self.page.saturating_mul(PER_PAGE) < self.total
    }
    fn kind_key(&self, kind: &str) -> String {
        kind_key(kind)
    }
}

fn kind_of_query(raw: &str) -> AppResult<Option<ManualKind>> {
    match raw.trim() {
        "" => Ok(None),
        code => ManualKind::from_code(code)
            .map(Some)
            .ok_or_else(AppError::bad_request),
    }
}

fn page_of_query(raw: &str) -> AppResult<u64> {
    match prongsai_thai::to_arabic_digits(raw.trim()).as_str() {
        "" => Ok(1),
        s => s
            .parse::<u64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(AppError::bad_request),
    }
}

async fn list_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let kind = kind_of_query(&q.category)?;
    let page = page_of_query(&q.page)?;
    let (items, total) =
        store::list_public_manuals(&state.db, shell.tenant.id, kind, page - 1, PER_PAGE).await?;
    let title = match kind {
        Some(k) => shell.t(kind_key(k.code())).to_owned(),
        None => shell.t("manuals.public_title").to_owned(),
    };
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
        kind,
        page,
        total,
    })
}

#[derive(Template)]
#[template(path = "manuals/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    item: PublicManual,
}

impl SnapshotLabels for PublicShowPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

impl PublicShowPage {
    fn kind_key(&self) -> String {
        kind_key(&self.item.snapshot.kind)
    }
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let item = store::get_public_manual(state.db.conn(), shell.tenant.id, id).await?;
    let title = item.snapshot.title.clone();
    render(&PublicShowPage {
        shell: shell.with_title(title),
        item,
    })
}

#[derive(Template)]
#[template(path = "manuals/print.html")]
struct PrintPage {
    shell: Shell,
    item: PublicManual,
}

impl SnapshotLabels for PrintPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

impl PrintPage {
    fn kind_key(&self) -> String {
        kind_key(&self.item.snapshot.kind)
    }
}

async fn show_print(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let item = store::get_public_manual(state.db.conn(), shell.tenant.id, id).await?;
    let title = item.snapshot.title.clone();
    render(&PrintPage {
        shell: shell.with_title(title),
        item,
    })
}

#[derive(Template)]
#[template(path = "manuals/history.html")]
struct HistoryPage {
    shell: Shell,
    id: i64,
    title: String,
    versions: Vec<PublicVersion>,
}

impl SnapshotLabels for HistoryPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let current = store::get_public_manual(state.db.conn(), org, id).await?;
    let versions = store::list_public_versions(&state.db, org, id).await?;
    let title = format!("{}: {}", shell.t("manuals.history"), current.snapshot.title);
    render(&HistoryPage {
        shell: shell.with_title(title),
        id,
        title: current.snapshot.title,
        versions,
    })
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "manuals/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    items: Vec<ManualListItem>,
    kind: Option<ManualKind>,
    divisions: Vec<division::Model>,
}

impl StaffListPage {
    fn kind_key(&self, kind: &str) -> String {
        kind_key(kind)
    }
    fn is_kind(&self, code: &str) -> bool {
        self.kind.map(|k| k.code()) == Some(code)
    }
    fn state_key(&self, status: &PublicationStatus) -> String {
        format!("publication.{}", status.state.code())
    }
    fn division_name(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.divisions.iter().find(|d| d.id == id))
            .map(|d| {
                if self.shell.is_en() && !d.name_en.is_empty() {
                    d.name_en.clone()
                } else {
                    d.name_th.clone()
                }
            })
            .unwrap_or_else(|| "-".to_owned())
    }
}

async fn list_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    let kind = kind_of_query(&q.category)?;
    let items = store::list_manuals(&state.db, &auth, kind).await?;
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    let title = page.shell.t("manuals.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        items,
        kind,
        divisions,
    })
}

/// Blank rows offered under the filled ones, so staff can add steps, documents and laws
/// without a script.
const BLANK_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "manuals/form.html")]
struct FormPage {
    shell: Shell,
    id: Option<i64>,
    kind: ManualKind,
    form: ManualInput,
    errors: FieldErrors,
    divisions: Vec<division::Model>,
    status: PublicationStatus,
    attachments: Vec<attachment::Model>,
    can_publish: bool,
    file_error: Option<String>,
    saved: bool,
    step_rows: Vec<StepInput>,
    doc_rows: Vec<DocumentInput>,
    law_rows: Vec<String>,
    units: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, String)>,
}

impl FormPage {
    fn is_service(&self) -> bool {
        self.kind == ManualKind::Service
    }
    fn kind_key(&self) -> String {
        kind_key(self.kind.code())
    }
    fn state_key(&self) -> String {
        format!("publication.{}", self.status.state.code())
    }
    fn is_published(&self) -> bool {
        self.status.state == prongsai_kernel::publication::PublicationState::Published
    }
    fn division_label<'a>(&self, d: &'a division::Model) -> &'a str {
        if self.shell.is_en() && !d.name_en.is_empty() {
            &d.name_en
        } else {
            &d.name_th
        }
    }
    fn size(&self, bytes: &i64) -> String {
        size_label(*bytes)
    }
    /// Every message about a field (lists of steps and documents have one per row).
    fn messages(&self, field: &str) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
            .collect()
    }
}

fn with_blank_rows(form: &ManualInput) -> (Vec<StepInput>, Vec<DocumentInput>, Vec<String>) {
    let mut steps = form.steps.clone();
    let mut docs = form.documents.clone();
    let mut laws = form.laws.clone();
    for _ in 0..BLANK_ROWS {
        steps.push(StepInput {
            unit: DurationUnit::WorkingDays.code().to_owned(),
            ..Default::default()
        });
        docs.push(DocumentInput {
            originals: "1".into(),
            copies: "0".into(),
            ..Default::default()
        });
        laws.push(String::new());
    }
    (steps, docs, laws)
}

struct FormParts {
    id: Option<i64>,
    kind: ManualKind,
    form: ManualInput,
    errors: FieldErrors,
    file_error: Option<String>,
    saved: bool,
}

async fn form_page(state: &AppState, page: StaffPage, parts: FormParts) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    let org = auth.organization_id();
    let (status, attachments) = match parts.id {
        Some(id) => {
            let record = store::get_manual(&state.db, &auth, id).await?;
            (record.status, record.attachments)
        }
        None => (PublicationStatus::DRAFT, Vec::new()),
    };
    let divisions = prongsai_kernel::tenant::list_divisions(state.db.conn(), org).await?;
    let (step_rows, doc_rows, law_rows) = with_blank_rows(&parts.form);
    let title = if parts.form.title.trim().is_empty() {
        page.shell.t("manuals.new").to_owned()
    } else {
        parts.form.title.clone()
    };
    let channels = Channel::ALL
        .iter()
        .map(|c| (c.code(), page.shell.t(c.label_key()).to_owned()))
        .collect();
    let units = DurationUnit::ALL
        .iter()
        .map(|u| match u {
            DurationUnit::Minutes => (u.code(), "manuals.unit.minutes"),
            DurationUnit::Hours => (u.code(), "manuals.unit.hours"),
            DurationUnit::WorkingDays => (u.code(), "manuals.unit.working_days"),
        })
        .collect();
    Ok(FormPage {
        can_publish: page.staff.can::<PublishManuals>(),
        shell: page.shell.with_title(title),
        id: parts.id,
        kind: parts.kind,
        form: parts.form,
        errors: parts.errors,
        divisions,
        status,
        attachments,
        file_error: parts.file_error,
        saved: parts.saved,
        step_rows,
        doc_rows,
        law_rows,
        units,
        channels,
    })
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    kind: String,
}

/// A new manual's form, with the usual answers already filled in (staff change them).
fn new_form(kind: ManualKind, staff_division: Option<i64>, shell: &Shell) -> ManualInput {
    let mut form = ManualInput {
        division_id: staff_division.map(|d| d.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    if kind == ManualKind::Service {
        form.place = format!(
            "ศูนย์บริการแบบเบ็ดเสร็จ (One Stop Service) {}",
            shell.tenant.name_th
        );
        form.service_hours = "วันจันทร์ ถึง วันศุกร์ (เว้นวันหยุดราชการ) ตั้งแต่เวลา 08.30-16.30 น.".to_owned();
        form.channels = vec![
            Channel::OneStop.code().to_owned(),
            Channel::InPerson.code().to_owned(),
        ];
        form.complaint_channel =
            format!("ร้องเรียนได้ที่{} หรือทางเว็บไซต์ของหน่วยงาน", shell.tenant.name_th);
    }
    form
}

async fn show_new(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageManuals>()?;
    let kind = ManualKind::from_code(&q.kind).unwrap_or(ManualKind::Service);
    let form = new_form(kind, page.staff.division_id, &page.shell);
    render(
        &form_page(
            &state,
            page,
            FormParts {
                id: None,
                kind,
                form,
                errors: FieldErrors::default(),
                file_error: None,
                saved: false,
            },
        )
        .await?,
    )
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    FormFields(fields): FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    let kind = fields
        .iter()
        .find(|(k, _)| k == "kind")
        .and_then(|(_, v)| ManualKind::from_code(v))
        .ok_or_else(AppError::bad_request)?;
    let form = ManualInput::from_pairs(&fields);
    match store::create_manual(&state.db, &auth, kind, &form).await {
        Ok(id) => Ok(Redirect::to(&format!("/staff/manuals/{id}?saved=1")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(
                &state,
                page,
                FormParts {
                    id: None,
                    kind,
                    form,
                    errors,
                    file_error: None,
                    saved: false,
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct EditQuery {
    #[serde(default)]
    saved: String,
}

async fn edit_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<ManualInput>,
    errors: FieldErrors,
    file_error: Option<String>,
    saved: bool,
) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    let record = store::get_manual(&state.db, &auth, id).await?;
    let kind = record.kind();
    let form = form.unwrap_or_else(|| record.input());
    form_page(
        state,
        page,
        FormParts {
            id: Some(id),
            kind,
            form,
            errors,
            file_error,
            saved,
        },
    )
    .await
}

async fn show_edit(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> AppResult<Response> {
    render(
        &edit_page(
            &state,
            page,
            id,
            None,
            FieldErrors::default(),
            None,
            q.saved == "1",
        )
        .await?,
    )
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    FormFields(fields): FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    let form = ManualInput::from_pairs(&fields);
    match store::update_manual(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/manuals/{id}?saved=1")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, page, id, Some(form), errors, None, false).await?,
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

async fn publish(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishManuals>()?;
    match store::publish_manual(&state.db, &auth, id, &form.change_note).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/manuals/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, page, id, None, errors, None, false).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishManuals>()?;
    match store::withdraw_manual(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/manuals/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, page, id, None, errors, None, false).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn upload(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    if upload.bytes.is_empty() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(
                &state,
                page,
                id,
                None,
                FieldErrors::default(),
                Some("กรุณาเลือกไฟล์แบบฟอร์ม".to_owned()),
                false,
            )
            .await?,
        );
    }
    match prongsai_files::CheckedFile::check(&upload.file_name, upload.bytes, state.files.max_bytes)
    {
        Ok(file) => {
            store::attach_sample_form(&state.db, &state.files, &auth, id, &file).await?;
            Ok(Redirect::to(&format!("/staff/manuals/{id}#sample-forms")).into_response())
        }
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(
                &state,
                page,
                id,
                None,
                FieldErrors::default(),
                Some(e.to_string()),
                false,
            )
            .await?,
        ),
    }
}

async fn detach(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageManuals>()?;
    store::detach_sample_form(&state.db, &auth, id, attachment_id).await?;
    Ok(Redirect::to(&format!("/staff/manuals/{id}#sample-forms")).into_response())
}

/// Query parameters of the public list, for the API (category and page).
pub fn list_query(raw: &HashMap<String, String>) -> Result<(Option<ManualKind>, u64), String> {
    let kind = match raw.get("category").map(|s| s.trim()).unwrap_or("") {
        "" => None,
        code => Some(
            ManualKind::from_code(code)
                .ok_or_else(|| "category: must be service or work".to_owned())?,
        ),
    };
    let page = match raw.get("page").map(|s| s.trim()).unwrap_or("") {
        "" => 1,
        p => prongsai_thai::to_arabic_digits(p)
            .parse::<u64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| "page: must be a whole number from 1".to_owned())?,
    };
    Ok((kind, page))
}
