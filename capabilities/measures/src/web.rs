//! Pages: public `/measures`, staff `/staff/measures...`, report downloads.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_db::entities::division;
use prongsai_kernel::FieldErrors;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{LINK_KINDS, link, topic, year};
use crate::permissions::{ManageMeasures, PublishMeasures};
use crate::report::{self, Format};
use crate::store::{self, LinkInput, MeasureInput, MeasureView, TopicInput, TopicView, YearInput};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/measures", get(public_year))
        .route("/measures/{year}/{file}", get(public_report))
        .route("/measures.csv", get(crate::api::measures_csv))
        .route("/api/v1/measures", get(crate::api::measures_json))
        .route("/staff/measures", get(staff_year))
        .route("/staff/measures/years/{year}", post(save_year))
        .route("/staff/measures/years/{year}/{file}", get(staff_report))
        .route("/staff/measures/topics", post(create_topic))
        .route("/staff/measures/topics/{id}", post(rename_topic))
        .route("/staff/measures/new", get(show_new).post(create))
        .route("/staff/measures/{id}", get(show_edit).post(update))
        .route("/staff/measures/{id}/draft-summary", post(draft_summary))
        .route("/staff/measures/{id}/links", post(add_link))
        .route(
            "/staff/measures/{id}/links/{link}/delete",
            post(delete_link),
        )
}

fn kind_key(code: &str) -> String {
    format!("measures.kind.{code}")
}

/// The fiscal year asked for (`?year=2566`, Thai digits accepted), if valid.
fn year_param(raw: &HashMap<String, String>) -> Option<i32> {
    raw.get("year")
        .and_then(|y| {
            prongsai_thai::to_arabic_digits(y.trim())
                .parse::<i32>()
                .ok()
        })
        .filter(|y| (2500..=2700).contains(y))
}

/// Where a linked record can be opened, if anywhere.
pub fn link_href(l: &link::Model) -> Option<String> {
    if l.reference.starts_with("https://") || l.reference.starts_with("http://") {
        return Some(l.reference.clone());
    }
    let base = LINK_KINDS
        .iter()
        .find(|(k, _)| *k == l.kind)
        .and_then(|(_, b)| *b)?;
    l.reference
        .parse::<u64>()
        .ok()
        .map(|id| format!("{base}{id}"))
}

/// Helpers shared by the templates.
trait Helpers {
    fn shell(&self) -> &Shell;
    fn kind_key(&self, code: &str) -> String {
        kind_key(code)
    }
    fn href(&self, l: &link::Model) -> String {
        link_href(l).unwrap_or_default()
    }
    fn date(&self, l: &link::Model) -> String {
        l.occurred_on
            .map(|d| self.shell().date(&d))
            .unwrap_or_default()
    }
    fn paras<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "measures/public.html")]
struct PublicPage {
    shell: Shell,
    fiscal_year: Option<i32>,
    years: Vec<i32>,
    settings: Option<year::Model>,
    topics: Vec<TopicView>,
}

impl Helpers for PublicPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

impl PublicPage {
    fn period_dates(&self, m: &MeasureView) -> String {
        store::period_dates(
            self.fiscal_year.unwrap_or_default(),
            m.measure.quarter_from,
            m.measure.quarter_to,
        )
    }
}

async fn public_year(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let years = store::list_years(state.db.conn(), org, true).await?;
    let fiscal_year = match year_param(&raw) {
        Some(y) if years.contains(&y) => Some(y),
        Some(_) => return Err(AppError::not_found()),
        None => years.first().copied(),
    };
    let (settings, topics) = match fiscal_year {
        Some(y) => (
            Some(store::year_settings(state.db.conn(), org, y).await?),
            store::load_year(state.db.conn(), org, y).await?,
        ),
        None => (None, Vec::new()),
    };
    let title = match fiscal_year {
        Some(y) => format!("{} {y}", shell.t("measures.public_title")),
        None => shell.t("measures.public_title").to_owned(),
    };
    render(&PublicPage {
        shell: shell.with_title(title),
        fiscal_year,
        years,
        settings,
        topics,
    })
}

async fn report_for(
    state: &AppState,
    tenant: &prongsai_kernel::Tenant,
    fiscal_year: i32,
    file: &str,
) -> AppResult<Response> {
    let format = file
        .strip_prefix("report.")
        .and_then(Format::parse)
        .ok_or_else(AppError::not_found)?;
    let doc = store::report_document(state.db.conn(), tenant, fiscal_year).await?;
    let bytes = report::render(doc, format).await?;
    Ok(report::download(bytes, format, fiscal_year))
}

async fn public_report(
    State(state): State<AppState>,
    Page(shell): Page,
    Path((fiscal_year, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let fiscal_year: i32 = fiscal_year.parse().map_err(|_| AppError::not_found())?;
    let settings = store::year_settings(state.db.conn(), shell.tenant.id, fiscal_year).await?;
    if !settings.published {
        return Err(AppError::not_found());
    }
    report_for(&state, &shell.tenant, fiscal_year, &file).await
}

// ---------- staff: the year ----------

#[derive(Template)]
#[template(path = "measures/staff_year.html")]
struct StaffYearPage {
    shell: Shell,
    fiscal_year: i32,
    years: Vec<i32>,
    settings: YearInput,
    topics: Vec<TopicView>,
    topic_form: TopicInput,
    errors: FieldErrors,
    can_publish: bool,
}

impl Helpers for StaffYearPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

fn year_input(y: &year::Model) -> YearInput {
    YearInput {
        title: y.title.clone(),
        subtitle: y.subtitle.clone(),
        prepared_by: y.prepared_by.clone(),
        intro: y.intro.clone(),
        published: if y.published {
            "on".into()
        } else {
            String::new()
        },
    }
}

async fn year_page(
    state: &AppState,
    page: StaffPage,
    fiscal_year: i32,
    settings: Option<YearInput>,
    topic_form: Option<TopicInput>,
    errors: FieldErrors,
) -> AppResult<StaffYearPage> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    let org = auth.organization_id();
    let mut years = store::list_years(state.db.conn(), org, false).await?;
    let current = store::current_fiscal_year();
    for y in [current, current + 1, fiscal_year] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    let stored = store::year_settings(state.db.conn(), org, fiscal_year).await?;
    let topics = store::load_year(state.db.conn(), org, fiscal_year).await?;
    let title = format!("{} {fiscal_year}", page.shell.t("measures.staff_title"));
    Ok(StaffYearPage {
        shell: page.shell.with_title(title),
        fiscal_year,
        years,
        settings: settings.unwrap_or_else(|| year_input(&stored)),
        topics,
        topic_form: topic_form.unwrap_or(TopicInput {
            fiscal_year: fiscal_year.to_string(),
            title: String::new(),
        }),
        errors,
        can_publish: page.staff.can::<PublishMeasures>(),
    })
}

async fn staff_year(
    State(state): State<AppState>,
    page: StaffPage,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fiscal_year = year_param(&raw).unwrap_or_else(store::current_fiscal_year);
    render(
        &year_page(
            &state,
            page,
            fiscal_year,
            None,
            None,
            FieldErrors::default(),
        )
        .await?,
    )
}

async fn save_year(
    State(state): State<AppState>,
    page: StaffPage,
    Path(fiscal_year): Path<i32>,
    Form(form): Form<YearInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishMeasures>()?;
    if !(2500..=2700).contains(&fiscal_year) {
        return Err(AppError::not_found());
    }
    match store::save_year(&state.db, &auth, fiscal_year, &form).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/measures?year={fiscal_year}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &year_page(&state, page, fiscal_year, Some(form), None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn staff_report(
    State(state): State<AppState>,
    page: StaffPage,
    Path((fiscal_year, file)): Path<(String, String)>,
) -> AppResult<Response> {
    page.staff.authorize::<ManageMeasures>()?;
    let fiscal_year: i32 = fiscal_year.parse().map_err(|_| AppError::not_found())?;
    report_for(&state, &page.shell.tenant, fiscal_year, &file).await
}

async fn create_topic(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<TopicInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    match store::create_topic(&state.db, &auth, &form).await {
        Ok(t) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/measures?year={}", t.fiscal_year)).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let fiscal_year = prongsai_thai::to_arabic_digits(form.fiscal_year.trim())
                .parse::<i32>()
                .ok()
                .filter(|y| (2500..=2700).contains(y))
                .unwrap_or_else(store::current_fiscal_year);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &year_page(&state, page, fiscal_year, None, Some(form), errors).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct RenameForm {
    #[serde(default)]
    topic_title: String,
}

async fn rename_topic(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<RenameForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    let t = store::get_topic(state.db.conn(), auth.organization_id(), id).await?;
    match store::rename_topic(&state.db, &auth, id, &form.topic_title).await {
        Ok(t) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/measures?year={}", t.fiscal_year)).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &year_page(&state, page, t.fiscal_year, None, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------- staff: one measure ----------

#[derive(Template)]
#[template(path = "measures/form.html")]
struct FormPage {
    shell: Shell,
    id: Option<i64>,
    fiscal_year: i32,
    form: MeasureInput,
    errors: FieldErrors,
    topics: Vec<topic::Model>,
    divisions: Vec<division::Model>,
    links: Vec<link::Model>,
    link_form: LinkInput,
    link_errors: FieldErrors,
    kinds: Vec<&'static str>,
    drafted: bool,
}

impl Helpers for FormPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

struct FormParts {
    id: Option<i64>,
    fiscal_year: i32,
    form: MeasureInput,
    errors: FieldErrors,
    link_form: LinkInput,
    link_errors: FieldErrors,
    drafted: bool,
}

async fn form_page(state: &AppState, shell: Shell, parts: FormParts) -> AppResult<FormPage> {
    let org = shell.tenant.id;
    let topics = store::list_topics(state.db.conn(), org, parts.fiscal_year).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(state.db.conn(), org).await?;
    let links = match parts.id {
        Some(id) => store::list_links(state.db.conn(), org, &[id]).await?,
        None => Vec::new(),
    };
    let title = match parts.id {
        Some(_) => parts
            .form
            .title
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(80)
            .collect(),
        None => shell.t("measures.new").to_owned(),
    };
    Ok(FormPage {
        shell: shell.with_title(title),
        id: parts.id,
        fiscal_year: parts.fiscal_year,
        form: parts.form,
        errors: parts.errors,
        topics,
        divisions,
        links,
        link_form: parts.link_form,
        link_errors: parts.link_errors,
        kinds: LINK_KINDS.iter().map(|(k, _)| *k).collect(),
        drafted: parts.drafted,
    })
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    topic: Option<i64>,
}

async fn show_new(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    let topic_id = q.topic.ok_or_else(AppError::bad_request)?;
    let t = store::get_topic(state.db.conn(), auth.organization_id(), topic_id).await?;
    let form = MeasureInput {
        topic_id: t.id.to_string(),
        quarter_from: "1".into(),
        quarter_to: "4".into(),
        division_id: page
            .staff
            .division_id
            .map(|d| d.to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    render(
        &form_page(
            &state,
            page.shell,
            FormParts {
                id: None,
                fiscal_year: t.fiscal_year,
                form,
                errors: FieldErrors::default(),
                link_form: LinkInput::default(),
                link_errors: FieldErrors::default(),
                drafted: false,
            },
        )
        .await?,
    )
}

/// The fiscal year of the topic a form names (for re-rendering it).
async fn form_year(state: &AppState, org: i64, form: &MeasureInput) -> i32 {
    match form.topic_id.trim().parse::<i64>() {
        Ok(id) => store::get_topic(state.db.conn(), org, id)
            .await
            .map(|t| t.fiscal_year)
            .unwrap_or_else(|_| store::current_fiscal_year()),
        Err(_) => store::current_fiscal_year(),
    }
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<MeasureInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    match store::create_measure(&state.db, &auth, &form).await {
        Ok(m) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/measures/{}", m.id)).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let fiscal_year = form_year(&state, auth.organization_id(), &form).await;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(
                    &state,
                    page.shell,
                    FormParts {
                        id: None,
                        fiscal_year,
                        form,
                        errors,
                        link_form: LinkInput::default(),
                        link_errors: FieldErrors::default(),
                        drafted: false,
                    },
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
    form: Option<MeasureInput>,
    errors: FieldErrors,
    link_form: Option<LinkInput>,
    link_errors: FieldErrors,
) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    let org = auth.organization_id();
    let m = store::get_measure(state.db.conn(), org, id).await?;
    let t = store::get_topic(state.db.conn(), org, m.topic_id).await?;
    form_page(
        state,
        page.shell,
        FormParts {
            id: Some(id),
            fiscal_year: t.fiscal_year,
            form: form.unwrap_or_else(|| MeasureInput::of(&m)),
            errors,
            link_form: link_form.unwrap_or_default(),
            link_errors,
            drafted: false,
        },
    )
    .await
}

async fn show_edit(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(
        &edit_page(
            &state,
            page,
            id,
            None,
            FieldErrors::default(),
            None,
            FieldErrors::default(),
        )
        .await?,
    )
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<MeasureInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    match store::update_measure(&state.db, &auth, id, &form).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/measures/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(
                &state,
                page,
                id,
                Some(form),
                errors,
                None,
                FieldErrors::default(),
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

/// Re-renders the form with the summary drafted from the linked records (nothing is saved
/// until the clerk saves the form). What the clerk had typed in the other fields is kept.
async fn draft_summary(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(mut form): Form<MeasureInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    let org = auth.organization_id();
    let m = store::get_measure(state.db.conn(), org, id).await?;
    let t = store::get_topic(state.db.conn(), org, m.topic_id).await?;
    let links = store::list_links(state.db.conn(), org, &[id]).await?;
    let draft = store::draft_summary(&links);
    if form.title.trim().is_empty() && form.topic_id.trim().is_empty() {
        form = MeasureInput::of(&m);
    }
    form.summary = if form.summary.trim().is_empty() {
        draft
    } else {
        format!("{}\n{draft}", form.summary.trim_end())
    };
    render(
        &form_page(
            &state,
            page.shell,
            FormParts {
                id: Some(id),
                fiscal_year: t.fiscal_year,
                form,
                errors: FieldErrors::default(),
                link_form: LinkInput::default(),
                link_errors: FieldErrors::default(),
                drafted: true,
            },
        )
        .await?,
    )
}

async fn add_link(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<LinkInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    match store::add_link(&state.db, &auth, id, &form).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/measures/{id}#links")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(
                &state,
                page,
                id,
                None,
                FieldErrors::default(),
                Some(form),
                errors,
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn delete_link(
    State(state): State<AppState>,
    page: StaffPage,
    Path((id, link_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeasures>()?;
    store::delete_link(&state.db, &auth, id, link_id).await?;
    state.pages.invalidate_organization(auth.organization_id());
    Ok(Redirect::to(&format!("/staff/measures/{id}#links")).into_response())
}
