//! Pages: public `/questions...`, staff `/staff/questions...`.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use http::header::CACHE_CONTROL;
use http::{HeaderValue, StatusCode, Uri};
use prongsai_db::entities::division;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::PublicationStatus;
use prongsai_web::extract::ClientAddress;
use prongsai_web::listing::{ListParams, parse_list_params};
use prongsai_web::page_cache::PageKey;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{Status, question};
use crate::permissions::{AnswerQuestions, ModerateQuestions};
use crate::spam::{self, FormTime};
use crate::store::{self, AnswerInput, AskInput, PublicQuestion, PublicVersion};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/questions", get(list_public))
        .route("/questions.csv", get(crate::api::questions_csv))
        .route("/questions/new", get(show_ask).post(ask))
        .route("/questions/thanks", get(show_thanks))
        .route("/questions/{id}", get(show_public))
        .route("/questions/{id}/history", get(show_history))
        .route("/api/v1/questions", get(crate::api::list_questions_json))
        .route(
            "/api/v1/questions/{id}",
            get(crate::api::show_question_json),
        )
        .route("/staff/questions", get(list_staff))
        .route("/staff/questions/{id}", get(show_staff))
        .route("/staff/questions/{id}/answer", post(answer))
        .route("/staff/questions/{id}/reject", post(reject))
}

const PER_PAGE: u64 = 12;
const STAFF_PER_PAGE: u64 = 20;

/// The first `n` characters of a text on one line, for lists.
pub fn excerpt(text: &str, n: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let cut: String = flat.chars().take(n).collect();
    format!("{}…", cut.trim_end())
}

/// Marks a response as not to be stored by any cache (forms echoing personal data).
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

// ---------- public: asking ----------

/// Locale keys of the problems a whole ask form can have (besides its fields).
const TOO_FAST: &str = "questions.too_fast";
const EXPIRED: &str = "questions.expired";

#[derive(Template)]
#[template(path = "questions/ask.html")]
struct AskPage {
    shell: Shell,
    form: AskInput,
    errors: FieldErrors,
    form_token: String,
    notice: Option<&'static str>,
}

/// A fresh signed form time for an ask form of the organization.
async fn fresh_form_token(state: &AppState, organization_id: i64) -> AppResult<String> {
    let key = spam::form_key(&state.db).await?;
    Ok(spam::sign_form_time(
        key.expose(),
        organization_id,
        spam::now_seconds(),
    ))
}

async fn show_ask(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let form_token = fresh_form_token(&state, shell.tenant.id).await?;
    let title = shell.t("questions.ask_title").to_owned();
    render(&AskPage {
        shell: shell.with_title(title),
        form: AskInput::default(),
        errors: FieldErrors::default(),
        form_token,
        notice: None,
    })
}

fn ask_again(
    shell: Shell,
    mut form: AskInput,
    errors: FieldErrors,
    form_token: String,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    form.website.clear();
    let title = shell.t("questions.ask_title").to_owned();
    Ok(no_store(render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &AskPage {
            shell: shell.with_title(title),
            form,
            errors,
            form_token,
            notice,
        },
    )?))
}

#[derive(Template)]
#[template(path = "questions/rate_limited.html")]
struct RateLimitedPage {
    shell: Shell,
    max: i32,
}

async fn ask(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Form(form): Form<AskInput>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let client_key = spam::client_key(&state.db, org, client.as_deref()).await?;
    if spam::is_limited(&state.db, &client_key).await? {
        let title = shell.t("questions.rate_limited_title").to_owned();
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &RateLimitedPage {
                shell: shell.with_title(title),
                max: spam::RATE.max_failures,
            },
        );
    }
    // A script filled in the hidden field: thank it like anyone else, keep nothing.
    if !form.website.trim().is_empty() {
        spam::count_question(&state.db, &client_key).await?;
        return Ok(Redirect::to("/questions/thanks").into_response());
    }
    let key = spam::form_key(&state.db).await?;
    match spam::check_form_time(key.expose(), org, &form.form_token, spam::now_seconds()) {
        FormTime::Fine => {}
        FormTime::TooFast => {
            // The same token: once a few seconds have passed, sending again works.
            let token = form.form_token.clone();
            return ask_again(shell, form, FieldErrors::default(), token, Some(TOO_FAST));
        }
        FormTime::Expired | FormTime::Invalid => {
            let token = spam::sign_form_time(key.expose(), org, spam::now_seconds());
            return ask_again(shell, form, FieldErrors::default(), token, Some(EXPIRED));
        }
    }
    match store::ask_question(&state.db, org, &form).await {
        Ok(_) => {
            spam::count_question(&state.db, &client_key).await?;
            Ok(Redirect::to("/questions/thanks").into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let token = form.form_token.clone();
            ask_again(shell, form, errors, token, None)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "questions/thanks.html")]
struct ThanksPage {
    shell: Shell,
}

async fn show_thanks(Page(shell): Page) -> AppResult<Response> {
    let title = shell.t("questions.thanks_title").to_owned();
    render(&ThanksPage {
        shell: shell.with_title(title),
    })
}

// ---------- public: reading ----------

#[derive(Template)]
#[template(path = "questions/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicQuestion>,
    params: ListParams,
    total: u64,
    years: Vec<i32>,
    form: AskInput,
    errors: FieldErrors,
    form_token: String,
    notice: Option<&'static str>,
}

impl PublicListPage {
    fn excerpt(&self, text: &str) -> String {
        excerpt(text, 160)
    }
}

/// Stand-ins for the per-visitor values of the list page's ask form, so the rest of the page
/// can be kept rendered (see [`list_public`]).
const CSRF_MARK: &str = "PRONGSAI-CSRF-MARK-3f9a";
const FORM_TOKEN_MARK: &str = "PRONGSAI-FORM-TOKEN-MARK-3f9a";

/// The list of answered questions with the ask form under it. The page is kept rendered
/// until the organization next answers a question, with stand-ins where the visitor's CSRF
/// token and the form's signed time go; each request fills in its own.
async fn list_public(
    State(state): State<AppState>,
    Page(shell): Page,
    uri: Uri,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let mut params = parse_list_params(&raw, PER_PAGE, 100).map_err(|_| AppError::bad_request())?;
    // Questions have no categories.
    params.category = None;
    let org = shell.tenant.id;
    let form_token = fresh_form_token(&state, org).await?;
    let csrf = shell.csrf.clone();
    let fill = |html: &str| {
        Html(
            html.replace(CSRF_MARK, &csrf)
                .replace(FORM_TOKEN_MARK, &form_token),
        )
        .into_response()
    };
    let key = PageKey::for_request(&shell, &uri, "");
    if let Some(html) = state.pages.get(&key) {
        return Ok(fill(&String::from_utf8_lossy(&html)));
    }
    let (items, total) = store::list_public_questions(
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
    let title = shell.t("questions.public_title").to_owned();
    let mut shell = shell.with_title(title);
    shell.csrf = CSRF_MARK.to_owned();
    let html = PublicListPage {
        shell,
        items,
        params,
        total,
        years,
        form: AskInput::default(),
        errors: FieldErrors::default(),
        form_token: FORM_TOKEN_MARK.to_owned(),
        notice: None,
    }
    .render()?;
    state.pages.put(key, Bytes::from(html.clone()));
    Ok(fill(&html))
}

#[derive(Template)]
#[template(path = "questions/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    item: PublicQuestion,
    description: String,
}

/// An answered question's page has no form, so it is kept rendered until the organization
/// next answers or edits a question (see `answer`).
async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    uri: Uri,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let key = PageKey::for_request(&shell, &uri, "");
    if let Some(html) = state.pages.get(&key) {
        return Ok(Html(html).into_response());
    }
    let item = store::get_public_question(&state.db, shell.tenant.id, id).await?;
    let description = excerpt(&item.snapshot.question, 200);
    let title = item.snapshot.title.clone();
    let html = Bytes::from(
        PublicShowPage {
            shell: shell.with_title(title),
            item,
            description,
        }
        .render()?,
    );
    state.pages.put(key, html.clone());
    Ok(Html(html).into_response())
}

#[derive(Template)]
#[template(path = "questions/history.html")]
struct HistoryPage {
    shell: Shell,
    id: i64,
    title: String,
    versions: Vec<PublicVersion>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let current = store::get_public_question(&state.db, org, id).await?;
    let versions = store::list_public_versions(&state.db, org, id).await?;
    let title = format!(
        "{}: {}",
        shell.t("questions.history"),
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

#[derive(Deserialize)]
struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: u64,
}

#[derive(Template)]
#[template(path = "questions/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    status: Status,
    counts: Vec<(Status, u64)>,
    rows: Vec<question::Model>,
    page: u64,
    has_more: bool,
}

impl StaffListPage {
    fn status_key(&self, s: &Status) -> String {
        format!("questions.status_{}", s.code())
    }
    fn is_current(&self, s: &Status) -> bool {
        *s == self.status
    }
    fn excerpt(&self, text: &str) -> String {
        excerpt(text, 120)
    }
}

async fn list_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<AnswerQuestions>()?;
    let status = match q.status.as_str() {
        "" => Status::Pending,
        code => Status::from_code(code).ok_or_else(AppError::bad_request)?,
    };
    let (rows, total) =
        store::list_questions(&state.db, &auth, status, q.page, STAFF_PER_PAGE).await?;
    let counts = store::count_questions(&state.db, &auth).await?;
    let title = page.shell.t("questions.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        status,
        counts,
        rows,
        page: q.page,
        has_more: q.page.saturating_add(1).saturating_mul(STAFF_PER_PAGE) < total,
    })
}

#[derive(Template)]
#[template(path = "questions/staff_show.html")]
struct StaffShowPage {
    shell: Shell,
    q: question::Model,
    status: Status,
    publication: PublicationStatus,
    form: AnswerInput,
    errors: FieldErrors,
    reason: String,
    divisions: Vec<division::Model>,
    can_moderate: bool,
}

impl StaffShowPage {
    fn status_key(&self) -> String {
        format!("questions.status_{}", self.status.code())
    }
    fn is_pending(&self) -> bool {
        self.status == Status::Pending
    }
    fn is_answered(&self) -> bool {
        self.status == Status::Answered
    }
    fn is_rejected(&self) -> bool {
        self.status == Status::Rejected
    }
    /// A `mailto:` or `tel:` link to the asker's contact.
    fn contact_href(&self) -> String {
        let c = self.q.contact.trim();
        if c.contains('@') {
            format!("mailto:{c}")
        } else {
            let digits: String = prongsai_thai::to_arabic_digits(c)
                .chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect();
            format!("tel:{digits}")
        }
    }
    fn division_label<'a>(&self, d: &'a division::Model) -> &'a str {
        if self.shell.is_en() && !d.name_en.is_empty() {
            &d.name_en
        } else {
            &d.name_th
        }
    }
}

fn answer_input_of(q: &question::Model) -> AnswerInput {
    AnswerInput {
        title: q.title.clone(),
        body: q.body.clone(),
        answer: q.answer.clone(),
        division_id: q
            .answer_division_id
            .map(|d| d.to_string())
            .unwrap_or_default(),
        change_note: String::new(),
    }
}

async fn staff_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    form: Option<AnswerInput>,
    errors: FieldErrors,
    reason: String,
) -> AppResult<StaffShowPage> {
    let auth = page.staff.authorize::<AnswerQuestions>()?;
    let (q, publication) = store::get_question(&state.db, &auth, id).await?;
    let status = Status::from_code(&q.status)
        .ok_or_else(|| AppError::internal("a question has an unknown status"))?;
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    let mut form = form.unwrap_or_else(|| answer_input_of(&q));
    if form.division_id.is_empty()
        && status == Status::Pending
        && let Some(d) = page.staff.division_id
    {
        form.division_id = d.to_string();
    }
    let can_moderate = page.staff.can::<ModerateQuestions>();
    let title = q.title.clone();
    Ok(StaffShowPage {
        shell: page.shell.with_title(title),
        q,
        status,
        publication,
        form,
        errors,
        reason,
        divisions,
        can_moderate,
    })
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(
        &staff_page(
            &state,
            page,
            id,
            None,
            FieldErrors::default(),
            String::new(),
        )
        .await?,
    )
}

async fn answer(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<AnswerInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<AnswerQuestions>()?;
    match store::answer_question(&state.db, &auth, id, &form).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/questions/{id}")).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(&state, page, id, Some(form), errors, String::new()).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct RejectForm {
    #[serde(default)]
    reason: String,
}

async fn reject(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<RejectForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ModerateQuestions>()?;
    match store::reject_question(&state.db, &auth, id, &form.reason).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/questions/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(&state, page, id, None, errors, form.reason).await?,
        ),
        Err(e) => Err(e.into()),
    }
}
