//! Pages: public `/news...`, staff `/staff/news...`.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use prongsai_db::entities::attachment;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_web::api::origin;
use prongsai_web::listing::{ListParams, parse_list_params};
use prongsai_web::page_cache::PageKey;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{news_category, news_item};
use crate::permissions::{ManageNews, PublishNews};
use crate::store::{self, NewsInput, NewsSnapshot, PublicNews};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/news", get(list_public))
        .route("/news/feed.atom", get(crate::api::atom_feed))
        .route("/news.csv", get(crate::api::news_csv))
        .route("/news/{id}", get(show_public))
        .route("/news/{id}/history", get(show_history))
        .route("/api/v1/news", get(crate::api::list_news_json))
        .route("/api/v1/news/{id}", get(crate::api::show_news_json))
        .route("/staff/news", get(list_staff))
        .route("/staff/news/new", get(show_new).post(create))
        .route(
            "/staff/news/categories",
            get(show_categories).post(create_category),
        )
        .route("/staff/news/{id}", get(show_edit).post(update))
        .route("/staff/news/{id}/publish", post(publish))
        .route("/staff/news/{id}/withdraw", post(withdraw))
        .route("/staff/news/{id}/attachments", post(upload))
}

const PER_PAGE: u64 = 12;

pub fn size_label(bytes: &i64) -> String {
    let b = *bytes as f64;
    if b >= 1_048_576.0 {
        format!("{:.1} MB", b / 1_048_576.0)
    } else {
        format!("{:.0} KB", (b / 1024.0).max(1.0))
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "news/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicNews>,
    params: ListParams,
    total: u64,
    years: Vec<i32>,
    categories: Vec<news_category::Model>,
}

impl PublicListPage {
    fn category_name<'a>(&self, s: &'a NewsSnapshot) -> &'a str {
        if self.shell.is_en() && !s.category_en.is_empty() {
            &s.category_en
        } else {
            &s.category_th
        }
    }
    fn category_label<'a>(&self, c: &'a news_category::Model) -> &'a str {
        if self.shell.is_en() && !c.name_en.is_empty() {
            &c.name_en
        } else {
            &c.name_th
        }
    }
}

/// The public list: cached until the organization next publishes (see `PageCache`).
async fn list_public(
    State(state): State<AppState>,
    Page(shell): Page,
    uri: http::Uri,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = parse_list_params(&raw, PER_PAGE, 100).map_err(|_| AppError::bad_request())?;
    let key = PageKey::for_request(&shell, &uri, "");
    if let Some(html) = state.pages.get(&key) {
        return Ok(Html(html).into_response());
    }
    let org = shell.tenant.id;
    let (items, total) = store::list_public_news(
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
    let categories = store::list_categories(&state.db, org).await?;
    let title = shell.t("news.public_title").to_owned();
    let html = Bytes::from(
        PublicListPage {
            shell: shell.with_title(title),
            items,
            params,
            total,
            years,
            categories,
        }
        .render()?,
    );
    state.pages.put(key, html.clone());
    Ok(Html(html).into_response())
}

#[derive(Template)]
#[template(path = "news/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    id: i64,
    item: NewsSnapshot,
    status: PublicationStatus,
    version: i32,
    withdrawn: bool,
    /// Absolute URLs for Open Graph.
    page_url: String,
    image_url: Option<String>,
    description: String,
}

impl PublicShowPage {
    fn category_name(&self) -> &str {
        if self.shell.is_en() && !self.item.category_en.is_empty() {
            &self.item.category_en
        } else {
            &self.item.category_th
        }
    }
    fn size_label(&self, bytes: &i64) -> String {
        size_label(bytes)
    }
}

/// The first `n` characters, cut at a space when one is near, for descriptions.
pub fn excerpt(text: &str, n: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let cut: String = flat.chars().take(n).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => cut[..i].to_owned(),
        _ => cut,
    };
    format!("{cut}…")
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    uri: http::Uri,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let key = PageKey::for_request(&shell, &uri, &base);
    if let Some(html) = state.pages.get(&key) {
        return Ok(Html(html).into_response());
    }
    let news = store::get_public_news(&state.db, shell.tenant.id, id).await?;
    let withdrawn = news.record.status.state == PublicationState::Withdrawn;
    let description = if news.snapshot.summary.is_empty() {
        excerpt(&news.snapshot.body, 200)
    } else {
        excerpt(&news.snapshot.summary, 200)
    };
    let title = news.snapshot.title.clone();
    let page = PublicShowPage {
        shell: shell.with_title(title),
        id,
        page_url: format!("{base}/news/{id}"),
        image_url: news
            .snapshot
            .cover
            .as_ref()
            .map(|c| format!("{base}{}", c.path())),
        description,
        version: news.record.version.version,
        status: news.record.status,
        item: news.snapshot,
        withdrawn,
    };
    if withdrawn {
        render_status(StatusCode::GONE, &page)
    } else {
        let html = Bytes::from(page.render()?);
        state.pages.put(key, html.clone());
        Ok(Html(html).into_response())
    }
}

struct VersionRow {
    version: i32,
    title: String,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "news/history.html")]
struct HistoryPage {
    shell: Shell,
    id: i64,
    title: String,
    versions: Vec<VersionRow>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let current = store::get_public_news(&state.db, org, id).await?;
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
    let title = format!("{}: {}", shell.t("news.history"), current.snapshot.title);
    render(&HistoryPage {
        shell: shell.with_title(title),
        id,
        title: current.snapshot.title,
        versions,
    })
}

// ---------- staff ----------

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    page: u64,
}

#[derive(Template)]
#[template(path = "news/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<(news_item::Model, PublicationStatus)>,
    page: u64,
    has_more: bool,
}

impl StaffListPage {
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
}

async fn list_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageNews>()?;
    let (rows, total) = store::list_news(&state.db, &auth, q.page, 20).await?;
    let title = page.shell.t("news.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        rows,
        page: q.page,
        has_more: (q.page + 1) * 20 < total,
    })
}

#[derive(Template)]
#[template(path = "news/form.html")]
struct FormPage {
    shell: Shell,
    id: Option<i64>,
    form: NewsInput,
    errors: FieldErrors,
    categories: Vec<news_category::Model>,
    status: PublicationStatus,
    attachments: Vec<attachment::Model>,
    cover_id: Option<i64>,
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
    fn is_cover(&self, id: &i64) -> bool {
        self.cover_id == Some(*id)
    }
}

struct FormParts {
    id: Option<i64>,
    form: NewsInput,
    errors: FieldErrors,
    status: PublicationStatus,
    attachments: Vec<attachment::Model>,
    cover_id: Option<i64>,
    file_error: Option<String>,
}

async fn form_page(state: &AppState, page: StaffPage, parts: FormParts) -> AppResult<FormPage> {
    let categories = store::list_categories(&state.db, page.shell.tenant.id).await?;
    let title = if parts.id.is_some() {
        parts.form.title.clone()
    } else {
        page.shell.t("news.new").to_owned()
    };
    let can_publish = page.staff.can::<PublishNews>();
    Ok(FormPage {
        shell: page.shell.with_title(title),
        id: parts.id,
        form: parts.form,
        errors: parts.errors,
        categories,
        status: parts.status,
        attachments: parts.attachments,
        cover_id: parts.cover_id,
        can_publish,
        file_error: parts.file_error,
    })
}

fn input_of(item: &news_item::Model) -> NewsInput {
    NewsInput {
        title: item.title.clone(),
        category_id: item.category_id.to_string(),
        summary: item.summary.clone(),
        body: item.body.clone(),
        event_date: item.event_date.map(|d| d.to_string()).unwrap_or_default(),
        fiscal_year: item.fiscal_year.to_string(),
    }
}

async fn show_new(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    page.staff.authorize::<ManageNews>()?;
    let form = NewsInput {
        fiscal_year: prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand())
            .be()
            .to_string(),
        ..Default::default()
    };
    let parts = FormParts {
        id: None,
        form,
        errors: FieldErrors::default(),
        status: PublicationStatus::DRAFT,
        attachments: vec![],
        cover_id: None,
        file_error: None,
    };
    render(&form_page(&state, page, parts).await?)
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<NewsInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageNews>()?;
    match store::create_news(&state.db, &auth, &form).await {
        Ok(item) => Ok(Redirect::to(&format!("/staff/news/{}", item.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let parts = FormParts {
                id: None,
                form,
                errors,
                status: PublicationStatus::DRAFT,
                attachments: vec![],
                cover_id: None,
                file_error: None,
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, page, parts).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<NewsInput>,
    errors: FieldErrors,
    file_error: Option<String>,
) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageNews>()?;
    let (item, status, attachments) = store::get_news(&state.db, &auth, id).await?;
    let parts = FormParts {
        id: Some(id),
        form: form.unwrap_or_else(|| input_of(&item)),
        errors,
        status,
        attachments,
        cover_id: item.cover_attachment_id,
        file_error,
    };
    form_page(state, page, parts).await
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
    Form(form): Form<NewsInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageNews>()?;
    match store::update_news(&state.db, &auth, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/news/{id}")).into_response()),
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
    let auth = page.staff.authorize::<PublishNews>()?;
    store::publish_news(&state.db, &auth, id, &form.change_note).await?;
    state.pages.invalidate_organization(auth.organization_id());
    Ok(Redirect::to(&format!("/staff/news/{id}")).into_response())
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
    let auth = page.staff.authorize::<PublishNews>()?;
    match store::withdraw_news(&state.db, &auth, id, &form.reason).await {
        Ok(()) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/news/{id}")).into_response())
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
    let auth = page.staff.authorize::<ManageNews>()?;
    let upload = prongsai_web::upload::read_upload(multipart, "file").await?;
    let make_cover = upload.fields.get("cover").is_some_and(|v| v == "1");
    match prongsai_files::CheckedFile::check(&upload.file_name, upload.bytes, state.files.max_bytes)
    {
        Ok(file) => {
            store::attach_news_file(&state.db, &state.files, &auth, id, &file, make_cover).await?;
            Ok(Redirect::to(&format!("/staff/news/{id}")).into_response())
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

#[derive(Template)]
#[template(path = "news/categories.html")]
struct CategoriesPage {
    shell: Shell,
    categories: Vec<news_category::Model>,
    errors: FieldErrors,
    code: String,
    name_th: String,
    name_en: String,
}

async fn show_categories(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    page.staff.authorize::<PublishNews>()?;
    let categories = store::list_categories(&state.db, page.shell.tenant.id).await?;
    let title = page.shell.t("news.categories").to_owned();
    render(&CategoriesPage {
        shell: page.shell.with_title(title),
        categories,
        errors: FieldErrors::default(),
        code: String::new(),
        name_th: String::new(),
        name_en: String::new(),
    })
}

#[derive(Deserialize)]
struct CategoryForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    name_en: String,
}

async fn create_category(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<CategoryForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishNews>()?;
    match store::create_category(&state.db, &auth, &form.code, &form.name_th, &form.name_en).await {
        Ok(_) => {
            // The public list shows the categories in its filter.
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to("/staff/news/categories").into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let categories = store::list_categories(&state.db, auth.organization_id()).await?;
            let title = page.shell.t("news.categories").to_owned();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CategoriesPage {
                    shell: page.shell.with_title(title),
                    categories,
                    errors,
                    code: form.code,
                    name_th: form.name_th,
                    name_en: form.name_en,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}
