//! Pages: public `/documents...`, staff `/staff/documents...`.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_db::entities::{attachment, division};
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use std::collections::HashMap;

use prongsai_web::listing::{ListParams, parse_list_params};
use serde::Deserialize;

use crate::model::{self, CATEGORIES};
use crate::permissions::{ManageDocuments, PublishDocuments};
use crate::store::{self, DocumentInput, DocumentRow, DocumentSnapshot, PublicDocument};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/documents", get(list_public))
        .route("/documents/{id}", get(show_public))
        .route("/documents/{id}/history", get(show_history))
        .route("/documents/{id}/versions/{version}", get(show_version))
        .route("/documents.csv", get(crate::api::documents_csv))
        .route("/api/v1/documents", get(crate::api::list_documents_json))
        .route(
            "/api/v1/documents/{id}",
            get(crate::api::show_document_json),
        )
        .route("/staff/documents", get(list_staff))
        .route("/staff/documents/new", get(show_new).post(create))
        .route("/staff/documents/{id}", get(show_edit).post(update))
        .route("/staff/documents/{id}/publish", post(publish))
        .route("/staff/documents/{id}/withdraw", post(withdraw))
        .route("/staff/documents/{id}/attachments", post(upload))
}

const PER_PAGE: u64 = 20;

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    page: u64,
}

fn category_key(code: &str) -> String {
    format!("documents.category.{code}")
}

fn size_label(bytes: &i64) -> String {
    let b = *bytes as f64;
    if b >= 1_048_576.0 {
        format!("{:.1} MB", b / 1_048_576.0)
    } else {
        format!("{:.0} KB", (b / 1024.0).max(1.0))
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "documents/public_list.html")]
struct PublicListPage {
    shell: Shell,
    documents: Vec<PublicDocument>,
    params: ListParams,
    total: u64,
    years: Vec<i32>,
    categories: Vec<(&'static str, String)>,
}

impl PublicListPage {
    fn category_key(&self, code: &str) -> String {
        category_key(code)
    }
}

async fn list_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = parse_list_params(&raw, PER_PAGE, 100).map_err(|_| AppError::bad_request())?;
    let org = shell.tenant.id;
    let (documents, total) = store::list_public_documents(
        &state.db,
        org,
        &params.filter(),
        params.page_index(),
        params.per_page,
    )
    .await?;
    let years = prongsai_kernel::publication::list_published_fiscal_years(
        state.db.conn(),
        org,
        crate::KIND,
    )
    .await?;
    let title = shell.t("documents.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        documents,
        params,
        total,
        years,
        categories: CATEGORIES.iter().map(|c| (*c, category_key(c))).collect(),
    })
}

#[derive(Template)]
#[template(path = "documents/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    id: i64,
    doc: DocumentSnapshot,
    status: PublicationStatus,
    version: i32,
    withdrawn: bool,
}

impl PublicShowPage {
    fn category_key(&self, code: &str) -> String {
        category_key(code)
    }
    fn size_label(&self, bytes: &i64) -> String {
        size_label(bytes)
    }
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let doc = store::get_public_document(&state.db, shell.tenant.id, id).await?;
    let withdrawn = doc.record.status.state == PublicationState::Withdrawn;
    let title = doc.snapshot.title.clone();
    let page = PublicShowPage {
        shell: shell.with_title(title),
        id,
        version: doc.record.version.version,
        status: doc.record.status,
        doc: doc.snapshot,
        withdrawn,
    };
    if withdrawn {
        // 410 tells crawlers and assessors the document was deliberately withdrawn.
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
#[template(path = "documents/history.html")]
struct HistoryPage {
    shell: Shell,
    id: i64,
    title: String,
    status: PublicationStatus,
    versions: Vec<VersionRow>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let current = store::get_public_document(&state.db, org, id).await?;
    let versions =
        prongsai_kernel::publication::list_versions(state.db.conn(), org, crate::KIND, id)
            .await?
            .into_iter()
            .map(|v| VersionRow {
                version: v.version,
                title: v.title,
                published_at: v.published_at,
                change_note: v.change_note,
            })
            .collect();
    let title = format!(
        "{}: {}",
        shell.t("documents.history"),
        current.snapshot.title
    );
    render(&HistoryPage {
        shell: shell.with_title(title),
        id,
        title: current.snapshot.title,
        status: current.record.status,
        versions,
    })
}

#[derive(Template)]
#[template(path = "documents/version.html")]
struct VersionPage {
    shell: Shell,
    id: i64,
    version: i32,
    doc: DocumentSnapshot,
    published_at: chrono::DateTime<chrono::Utc>,
}

impl VersionPage {
    fn category_key(&self, code: &str) -> String {
        category_key(code)
    }
}

async fn show_version(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((id, version)): Path<(i64, i32)>,
) -> AppResult<Response> {
    let (doc, published_at) =
        store::get_public_version(&state.db, shell.tenant.id, id, version).await?;
    let title = doc.title.clone();
    render(&VersionPage {
        shell: shell.with_title(title),
        id,
        version,
        doc,
        published_at,
    })
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "documents/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<DocumentRow>,
    page: u64,
    has_more: bool,
}

async fn list_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageDocuments>()?;
    let (rows, total) = store::list_documents(&state.db, &auth, q.page, PER_PAGE).await?;
    let title = page.shell.t("documents.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        rows,
        page: q.page,
        has_more: (q.page + 1) * PER_PAGE < total,
    })
}

#[derive(Template)]
#[template(path = "documents/form.html")]
struct FormPage {
    shell: Shell,
    /// `None` for a new document.
    id: Option<i64>,
    form: DocumentInput,
    errors: FieldErrors,
    categories: Vec<(&'static str, String)>,
    divisions: Vec<division::Model>,
    status: PublicationStatus,
    attachments: Vec<attachment::Model>,
    can_publish: bool,
    file_error: Option<String>,
}

impl FormPage {
    fn size_label(&self, bytes: &i64) -> String {
        size_label(bytes)
    }
    fn state_key(&self) -> String {
        format!("publication.{}", self.status.state.code())
    }
}

fn input_of(doc: &model::Model) -> DocumentInput {
    DocumentInput {
        title: doc.title.clone(),
        category: doc.category.clone(),
        body: doc.body.clone(),
        fiscal_year: doc.fiscal_year.to_string(),
        division_id: doc.division_id.map(|d| d.to_string()).unwrap_or_default(),
    }
}

#[expect(clippy::too_many_arguments, reason = "the parts of one page")]
async fn form_page(
    state: &AppState,
    shell: Shell,
    id: Option<i64>,
    form: DocumentInput,
    errors: FieldErrors,
    status: PublicationStatus,
    attachments: Vec<attachment::Model>,
    can_publish: bool,
    file_error: Option<String>,
) -> AppResult<FormPage> {
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), shell.tenant.id).await?;
    let title = if id.is_some() {
        form.title.clone()
    } else {
        shell.t("documents.new").to_owned()
    };
    Ok(FormPage {
        shell: shell.with_title(title),
        id,
        form,
        errors,
        categories: CATEGORIES.iter().map(|c| (*c, category_key(c))).collect(),
        divisions,
        status,
        attachments,
        can_publish,
        file_error,
    })
}

async fn show_new(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    page.staff.authorize::<ManageDocuments>()?;
    let form = DocumentInput {
        category: "announcement".into(),
        fiscal_year: store::current_fiscal_year().to_string(),
        division_id: page
            .staff
            .division_id
            .map(|d| d.to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    let can_publish = page.staff.can::<PublishDocuments>();
    render(
        &form_page(
            &state,
            page.shell,
            None,
            form,
            FieldErrors::default(),
            PublicationStatus::DRAFT,
            vec![],
            can_publish,
            None,
        )
        .await?,
    )
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<DocumentInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageDocuments>()?;
    match store::create_document(&state.db, &auth, &form).await {
        Ok(doc) => Ok(Redirect::to(&format!("/staff/documents/{}", doc.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let can_publish = page.staff.can::<PublishDocuments>();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(
                    &state,
                    page.shell,
                    None,
                    form,
                    errors,
                    PublicationStatus::DRAFT,
                    vec![],
                    can_publish,
                    None,
                )
                .await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<DocumentInput>,
    errors: FieldErrors,
    file_error: Option<String>,
) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageDocuments>()?;
    let (doc, status, attachments) = store::get_document(&state.db, &auth, id).await?;
    let form = form.unwrap_or_else(|| input_of(&doc));
    let can_publish = page.staff.can::<PublishDocuments>();
    form_page(
        state,
        page.shell,
        Some(id),
        form,
        errors,
        status,
        attachments,
        can_publish,
        file_error,
    )
    .await
}

async fn show_edit(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&edit_page(&state, page, id, None, FieldErrors::default(), None).await?)
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<DocumentInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageDocuments>()?;
    match store::update_document(&state.db, &auth, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/documents/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, page, id, Some(form), errors, None).await?,
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
    let auth = page.staff.authorize::<PublishDocuments>()?;
    store::publish_document(&state.db, &auth, id, &form.change_note).await?;
    state.pages.invalidate_organization(auth.organization_id());
    Ok(Redirect::to(&format!("/staff/documents/{id}")).into_response())
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
    let auth = page.staff.authorize::<PublishDocuments>()?;
    match store::withdraw_document(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/documents/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, page, id, None, errors, None).await?,
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
    let auth = page.staff.authorize::<ManageDocuments>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    match prongsai_files::CheckedFile::check(&upload.file_name, upload.bytes, state.files.max_bytes)
    {
        Ok(file) => {
            store::attach_file(&state.db, &state.files, &auth, id, &file).await?;
            Ok(Redirect::to(&format!("/staff/documents/{id}")).into_response())
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
            )
            .await?,
        ),
    }
}
