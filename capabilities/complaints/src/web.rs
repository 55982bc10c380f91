//! Pages: public `/complaints...`, staff `/staff/complaints...`, and the capability's
//! stylesheet and script.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, Utc};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_db::entities::{attachment, division, village};
use prongsai_kernel::FieldErrors;
use prongsai_web::api::origin;
use prongsai_web::cookies::{read_cookie, set_cookie};
use prongsai_web::extract::ClientAddress;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, FormFields, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::manual::{self, ManualInput, ManualSnapshot};
use crate::model::{EventKind, Status, category, complaint, event};
use crate::permissions::{ManageComplaintSettings, SuperviseComplaints};
use crate::spam::{self, FormTime};
use crate::stats::{self, Statistics};
use crate::store::{
    self, AssignInput, CategoryInput, Directory, Handler, PhotoUpload, QueueFilter, StatusInput,
    SubmitInput,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/complaints", get(landing))
        .route("/complaints/new", get(show_form).post(submit))
        .route("/complaints/received", get(show_received))
        .route("/complaints/track", get(show_track).post(track))
        .route("/complaints/track/reopen", post(reopen))
        .route("/complaints/manual", get(show_manual))
        .route("/complaints/manual/history", get(manual_history))
        .route("/complaints/statistics", get(show_statistics))
        .route(
            "/complaints/statistics.xlsx",
            get(crate::api::statistics_xlsx),
        )
        .route(
            "/complaints/statistics.csv",
            get(crate::api::statistics_csv),
        )
        .route(
            "/api/v1/complaints/statistics",
            get(crate::api::statistics_api),
        )
        .route("/static/complaints.css", get(stylesheet))
        .route("/static/complaints.js", get(script))
        .route("/staff/complaints", get(queue))
        .route(
            "/staff/complaints/manual",
            get(edit_manual).post(publish_manual),
        )
        .route(
            "/staff/complaints/categories",
            get(show_categories).post(create_category),
        )
        .route("/staff/complaints/categories/{id}", post(update_category))
        .route("/staff/complaints/{id}", get(show_staff))
        .route("/staff/complaints/{id}/status", post(change_status))
        .route("/staff/complaints/{id}/note", post(add_note))
        .route("/staff/complaints/{id}/assign", post(assign))
        .route("/staff/complaints/{id}/reopen", post(staff_reopen))
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/complaints.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/complaints.js"),
    )
        .into_response()
}

/// Marks a response as not to be stored by any cache (it echoes personal data or a
/// tracking code).
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `K7M39QXPTA` → `K7M3-9QXP-TA`.
fn shown_code(code: &str) -> String {
    prongsai_kernel::tracking::format_tracking_code(code)
}

/// The first `n` characters of a text on one line, for lists.
fn excerpt(text: &str, n: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let cut: String = flat.chars().take(n).collect();
    format!("{}…", cut.trim_end())
}

fn status_of(c: &complaint::Model) -> Status {
    Status::from_code(&c.status).unwrap_or(Status::Received)
}

// ---------- public: the landing page ----------

#[derive(Template)]
#[template(path = "complaints/index.html")]
struct LandingPage {
    shell: Shell,
    stats: Statistics,
}

async fn landing(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let stats = stats::statistics(&state.db, shell.tenant.id, stats::current_fiscal_year()).await?;
    let title = shell.t("complaints.title").to_owned();
    render(&LandingPage {
        shell: shell.with_title(title),
        stats,
    })
}

// ---------- public: the form ----------

const TOO_FAST: &str = "complaints.too_fast";
const EXPIRED: &str = "complaints.expired";

#[derive(Template)]
#[template(path = "complaints/form.html")]
struct FormPage {
    shell: Shell,
    form: SubmitInput,
    errors: FieldErrors,
    form_token: String,
    notice: Option<&'static str>,
    categories: Vec<category::Model>,
    villages: Vec<village::Model>,
    /// The refused form had photos: they must be chosen again.
    photos_dropped: bool,
    max_photos: usize,
    max_photo_mb: usize,
}

impl FormPage {
    fn village_label(&self, v: &village::Model) -> String {
        store::village_label(v)
    }
    fn category_label<'a>(&self, c: &'a category::Model) -> &'a str {
        c.name(self.shell.is_en())
    }
    fn has_error(&self, field: &str) -> bool {
        self.errors.get(field).is_some()
    }
}

async fn fresh_form_token(state: &AppState, organization_id: i64) -> AppResult<String> {
    let key = spam::form_key(&state.db).await?;
    Ok(spam::sign_form_time(
        key.expose(),
        organization_id,
        spam::now_seconds(),
    ))
}

async fn form_page(
    state: &AppState,
    shell: Shell,
    form: SubmitInput,
    errors: FieldErrors,
    form_token: String,
    notice: Option<&'static str>,
    photos_dropped: bool,
) -> AppResult<FormPage> {
    let org = shell.tenant.id;
    let categories = store::list_categories(&state.db, org)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .collect();
    let villages = prongsai_kernel::tenant::list_villages(state.db.conn(), org).await?;
    let title = shell.t("complaints.form_title").to_owned();
    Ok(FormPage {
        shell: shell.with_title(title),
        form,
        errors,
        form_token,
        notice,
        categories,
        villages,
        photos_dropped,
        max_photos: store::MAX_PHOTOS,
        max_photo_mb: store::MAX_PHOTO_BYTES.min(state.files.max_bytes) / (1024 * 1024),
    })
}

async fn show_form(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let token = fresh_form_token(&state, shell.tenant.id).await?;
    let page = form_page(
        &state,
        shell,
        SubmitInput::default(),
        FieldErrors::default(),
        token,
        None,
        false,
    )
    .await?;
    render(&page)
}

async fn form_again(
    state: &AppState,
    shell: Shell,
    mut form: SubmitInput,
    errors: FieldErrors,
    token: String,
    notice: Option<&'static str>,
    photos_dropped: bool,
) -> AppResult<Response> {
    form.website.clear();
    let page = form_page(state, shell, form, errors, token, notice, photos_dropped).await?;
    Ok(no_store(render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page,
    )?))
}

/// The text fields of the multipart form and the files of its photo field (empty file
/// inputs, which browsers send when nothing was chosen, are skipped).
async fn read_submission(
    mut multipart: Multipart,
) -> AppResult<(HashMap<String, String>, Vec<PhotoUpload>)> {
    let mut fields = HashMap::new();
    let mut photos = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request())?
    {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name == "photos" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = field.bytes().await.map_err(|_| AppError::bad_request())?;
            if !(bytes.is_empty() && file_name.is_empty()) {
                photos.push(PhotoUpload { file_name, bytes });
            }
        } else {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            fields.insert(name, text);
        }
    }
    Ok((fields, photos))
}

#[derive(Template)]
#[template(path = "complaints/rate_limited.html")]
struct RateLimitedPage {
    shell: Shell,
    body_key: &'static str,
    back: &'static str,
}

fn rate_limited(shell: Shell, body_key: &'static str, back: &'static str) -> AppResult<Response> {
    let title = shell.t("complaints.rate_limited_title").to_owned();
    render_status(
        StatusCode::TOO_MANY_REQUESTS,
        &RateLimitedPage {
            shell: shell.with_title(title),
            body_key,
            back,
        },
    )
}

/// The cookie that carries the tracking code from the form to the receipt page (the
/// code never appears in a URL).
fn receipt_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-prongsai-complaint-receipt"
    } else {
        "prongsai-complaint-receipt"
    }
}

/// How long the receipt page can show the code.
const RECEIPT_SECONDS: i64 = 30 * 60;

async fn submit(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    multipart: Multipart,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let client_key = spam::submit_key(&state.db, org, client.as_deref()).await?;
    if spam::is_limited(&state.db, &client_key).await? {
        return rate_limited(shell, "complaints.rate_limited_body", "/complaints");
    }
    let (fields, photos) = read_submission(multipart).await?;
    let form = SubmitInput::from_fields(&fields);
    // A script filled in the hidden field: answer as if it worked, keep nothing.
    if !form.website.trim().is_empty() {
        spam::count(&state.db, &client_key, spam::RATE).await?;
        return Ok(Redirect::to("/complaints/received").into_response());
    }
    let had_photos = !photos.is_empty();
    let key = spam::form_key(&state.db).await?;
    match spam::check_form_time(key.expose(), org, &form.form_token, spam::now_seconds()) {
        FormTime::Fine => {}
        FormTime::TooFast => {
            let token = form.form_token.clone();
            return form_again(
                &state,
                shell,
                form,
                FieldErrors::default(),
                token,
                Some(TOO_FAST),
                had_photos,
            )
            .await;
        }
        FormTime::Expired | FormTime::Invalid => {
            let token = spam::sign_form_time(key.expose(), org, spam::now_seconds());
            return form_again(
                &state,
                shell,
                form,
                FieldErrors::default(),
                token,
                Some(EXPIRED),
                had_photos,
            )
            .await;
        }
    }
    let site = origin(&headers, state.config.behind_proxy);
    match store::submit_complaint(&state.db, &state.files, org, &form, &photos, &site).await {
        Ok((_, receipt)) => {
            spam::count(&state.db, &client_key, spam::RATE).await?;
            let mut r = Redirect::to("/complaints/received").into_response();
            let cookie = set_cookie(
                receipt_cookie(state.config.secure_cookies),
                &receipt.tracking_code,
                state.config.secure_cookies,
                true,
                Some(RECEIPT_SECONDS),
            );
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().append(SET_COOKIE, v);
            }
            state.jobs_wakeup.notify_one();
            Ok(r)
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let token = form.form_token.clone();
            form_again(&state, shell, form, errors, token, None, had_photos).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "complaints/received.html")]
struct ReceivedPage {
    shell: Shell,
    receipt: Option<ReceiptView>,
}

struct ReceiptView {
    code: String,
    due_on: NaiveDate,
    category: String,
    photos: usize,
    keep_location: bool,
    has_email: bool,
}

async fn show_received(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let mut receipt = None;
    if let Some(code) = read_cookie(&headers, receipt_cookie(state.config.secure_cookies))
        && let Some(t) = store::track(&state.db, org, &code).await?
    {
        let dir = store::directory(&state.db, org).await?;
        let photos = prongsai_files::list_attachments(
            state.db.conn(),
            org,
            store::PHOTO_OWNER,
            t.complaint.id,
        )
        .await?
        .len();
        receipt = Some(ReceiptView {
            code: shown_code(&t.complaint.tracking_code),
            due_on: t.complaint.due_on,
            category: dir.category_name(t.complaint.category_id, shell.is_en()),
            photos,
            keep_location: t.complaint.photos_keep_location,
            has_email: !t.complaint.email.is_empty(),
        });
    }
    let title = shell.t("complaints.received_title").to_owned();
    Ok(no_store(render(&ReceivedPage {
        shell: shell.with_title(title),
        receipt,
    })?))
}

// ---------- public: tracking ----------

/// A public event as the complainant reads it.
struct EventView {
    at: DateTime<Utc>,
    kind: EventKind,
    status: Status,
    message: String,
}

impl EventView {
    fn kind_key(&self) -> String {
        format!("complaints.event_{}", self.kind.code())
    }
    fn shows_status(&self) -> bool {
        matches!(
            self.kind,
            EventKind::StatusChanged | EventKind::Reopened | EventKind::Received
        )
    }
}

struct TrackView {
    code: String,
    status: Status,
    category: String,
    village: String,
    place: String,
    description: String,
    received_at: DateTime<Utc>,
    due_on: NaiveDate,
    waiting: bool,
    events: Vec<EventView>,
    reopen_until: Option<DateTime<Utc>>,
    /// The latest public answer or reason, shown on top.
    latest_answer: Option<String>,
}

#[derive(Template)]
#[template(path = "complaints/track.html")]
struct TrackPage {
    shell: Shell,
    /// What the visitor typed (shown back, escaped).
    typed: String,
    result: Option<TrackView>,
    not_found: bool,
    errors: FieldErrors,
    reason: String,
    notice: Option<&'static str>,
}

impl TrackPage {
    fn status_key(&self, s: &Status) -> String {
        s.label_key()
    }
    fn notice_class(&self) -> &'static str {
        if self.notice == Some(REOPENED) {
            "alert--success"
        } else {
            "alert--warning"
        }
    }
}

const REOPENED: &str = "complaints.reopened_notice";

fn track_view(t: store::Tracked, dir: &Directory, english: bool) -> TrackView {
    let reopen_until = t.reopen_until();
    let status = t.status();
    let c = t.complaint;
    let events: Vec<EventView> = t
        .events
        .into_iter()
        .filter_map(|e| {
            Some(EventView {
                at: e.created_at,
                kind: EventKind::from_code(&e.kind)?,
                status: Status::from_code(&e.status)?,
                message: e.message,
            })
        })
        .collect();
    let latest_answer = events
        .iter()
        .rev()
        .find(|e| {
            !e.message.is_empty() && matches!(e.kind, EventKind::StatusChanged | EventKind::Answer)
        })
        .map(|e| e.message.clone());
    TrackView {
        code: shown_code(&c.tracking_code),
        status,
        category: dir.category_name(c.category_id, english),
        village: dir.village_name(c.village_id),
        place: c.place,
        description: c.description,
        received_at: c.received_at,
        due_on: c.due_on,
        waiting: status == Status::Waiting,
        events,
        reopen_until,
        latest_answer,
    }
}

async fn show_track(Page(shell): Page) -> AppResult<Response> {
    let title = shell.t("complaints.track_title").to_owned();
    render(&TrackPage {
        shell: shell.with_title(title),
        typed: String::new(),
        result: None,
        not_found: false,
        errors: FieldErrors::default(),
        reason: String::new(),
        notice: None,
    })
}

#[derive(Deserialize)]
struct TrackForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    reason: String,
}

/// Looks a code up, counting failures against the client. `Err` carries the response
/// for a rate-limited client.
async fn look_up(
    state: &AppState,
    shell: &Shell,
    client: Option<&str>,
    typed: &str,
) -> AppResult<Result<Option<TrackView>, ()>> {
    let org = shell.tenant.id;
    let key = spam::track_key(&state.db, org, client).await?;
    if spam::is_limited(&state.db, &key).await? {
        return Ok(Err(()));
    }
    match store::track(&state.db, org, typed).await? {
        Some(t) => {
            let dir = store::directory(&state.db, org).await?;
            Ok(Ok(Some(track_view(t, &dir, shell.is_en()))))
        }
        None => {
            spam::count(&state.db, &key, spam::TRACK_RATE).await?;
            Ok(Ok(None))
        }
    }
}

fn typed_back(raw: &str) -> String {
    raw.trim().chars().take(40).collect()
}

async fn track(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Form(form): Form<TrackForm>,
) -> AppResult<Response> {
    let result = match look_up(&state, &shell, client.as_deref(), &form.code).await? {
        Ok(r) => r,
        Err(()) => {
            return rate_limited(shell, "complaints.track_limited_body", "/complaints/track");
        }
    };
    let title = shell.t("complaints.track_title").to_owned();
    Ok(no_store(render(&TrackPage {
        shell: shell.with_title(title),
        typed: typed_back(&form.code),
        not_found: result.is_none(),
        result,
        errors: FieldErrors::default(),
        reason: String::new(),
        notice: None,
    })?))
}

async fn reopen(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Form(form): Form<TrackForm>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let outcome = store::reopen_by_complainant(&state.db, org, &form.code, &form.reason).await;
    let (status, errors, notice, reason) = match outcome {
        Ok(()) => (
            StatusCode::OK,
            FieldErrors::default(),
            Some(REOPENED),
            String::new(),
        ),
        Err(prongsai_kernel::Error::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
            form.reason.clone(),
        ),
        Err(prongsai_kernel::Error::Conflict(_)) => (
            StatusCode::CONFLICT,
            FieldErrors::default(),
            Some("complaints.reopen_closed"),
            String::new(),
        ),
        Err(prongsai_kernel::Error::NotFound) => {
            (StatusCode::OK, FieldErrors::default(), None, String::new())
        }
        Err(e) => return Err(e.into()),
    };
    let result = match look_up(&state, &shell, client.as_deref(), &form.code).await? {
        Ok(r) => r,
        Err(()) => {
            return rate_limited(shell, "complaints.track_limited_body", "/complaints/track");
        }
    };
    let title = shell.t("complaints.track_title").to_owned();
    Ok(no_store(render_status(
        if result.is_none() {
            StatusCode::OK
        } else {
            status
        },
        &TrackPage {
            shell: shell.with_title(title),
            typed: typed_back(&form.code),
            not_found: result.is_none(),
            result,
            errors,
            reason,
            notice,
        },
    )?))
}

// ---------- public: the manual ----------

#[derive(Template)]
#[template(path = "complaints/manual.html")]
struct ManualPage {
    shell: Shell,
    manual: Option<ManualSnapshot>,
    published_at: Option<DateTime<Utc>>,
    version: i32,
}

async fn show_manual(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let current = manual::current(&state.db, shell.tenant.id).await?;
    let title = current
        .as_ref()
        .map(|(m, _, _)| m.title.clone())
        .unwrap_or_else(|| shell.t("complaints.manual_title").to_owned());
    let (manual, published_at, version) = match current {
        Some((m, at, v)) => (Some(m), Some(at), v),
        None => (None, None, 0),
    };
    render(&ManualPage {
        shell: shell.with_title(title),
        manual,
        published_at,
        version,
    })
}

#[derive(Template)]
#[template(path = "complaints/manual_history.html")]
struct ManualHistoryPage {
    shell: Shell,
    versions: Vec<manual::Version>,
}

async fn manual_history(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let versions = manual::versions(&state.db, shell.tenant.id).await?;
    if versions.is_empty() {
        return Err(AppError::not_found());
    }
    let title = shell.t("complaints.manual_history").to_owned();
    render(&ManualHistoryPage {
        shell: shell.with_title(title),
        versions,
    })
}

// ---------- public: statistics ----------

#[derive(Template)]
#[template(path = "complaints/statistics.html")]
struct StatisticsPage {
    shell: Shell,
    s: Statistics,
    years: Vec<i32>,
    month_chart: String,
    category_chart: String,
}

impl StatisticsPage {
    fn month_label(&self, m: &NaiveDate) -> String {
        stats::month_label(*m, self.shell.is_en())
    }
    fn on_time(&self) -> String {
        self.s
            .on_time_percent()
            .map(|p| format!("{p:.1}%"))
            .unwrap_or_else(|| "-".to_owned())
    }
    fn median(&self) -> String {
        self.s
            .median_days
            .map(|d| format!("{d:.1}"))
            .unwrap_or_else(|| "-".to_owned())
    }
}

/// A stacked bar chart of completed / in progress / not accepted per group, with ids
/// of its own (a page holds two charts).
fn stacked_chart(
    shell: &Shell,
    id: &str,
    title: String,
    description: String,
    groups: Vec<(String, stats::Counts)>,
) -> String {
    let chart = prongsai_charts::BarChart {
        title,
        description,
        categories: groups.iter().map(|(l, _)| l.clone()).collect(),
        series: vec![
            prongsai_charts::Series {
                name: shell.t("complaints.completed").to_owned(),
                values: groups.iter().map(|(_, c)| c.completed as f64).collect(),
            },
            prongsai_charts::Series {
                name: shell.t("complaints.in_progress").to_owned(),
                values: groups.iter().map(|(_, c)| c.in_progress as f64).collect(),
            },
            prongsai_charts::Series {
                name: shell.t("complaints.not_accepted").to_owned(),
                values: groups.iter().map(|(_, c)| c.not_accepted as f64).collect(),
            },
        ],
        stacked: true,
        y_label: shell.t("complaints.count_unit").to_owned(),
        y_max: None,
        decimals: 0,
    };
    prongsai_charts::bar_chart_svg(&chart)
        .replace("chart-title", &format!("{id}-title"))
        .replace("chart-desc", &format!("{id}-desc"))
}

async fn show_statistics(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let fy = crate::api::fiscal_year_param(&raw)
        .map_err(|_| AppError::bad_request())?
        .unwrap_or_else(stats::current_fiscal_year);
    let org = shell.tenant.id;
    let s = stats::statistics(&state.db, org, fy).await?;
    let mut years = stats::fiscal_years(&state.db, org).await?;
    if !years.contains(&fy) {
        years.push(fy);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    let english = shell.is_en();
    let month_chart = stacked_chart(
        &shell,
        "complaints-month",
        format!("{} {fy}", shell.t("complaints.chart_by_month")),
        shell.t("complaints.chart_by_month_desc").to_owned(),
        s.by_month
            .iter()
            .map(|(m, c)| (stats::month_label_short(*m, english), *c))
            .collect(),
    );
    let category_chart = stacked_chart(
        &shell,
        "complaints-category",
        format!("{} {fy}", shell.t("complaints.chart_by_category")),
        shell.t("complaints.chart_by_category_desc").to_owned(),
        s.by_category
            .iter()
            .map(|r| (r.label(english).to_owned(), r.counts))
            .collect(),
    );
    let title = format!("{} {fy}", shell.t("complaints.statistics_title"));
    render(&StatisticsPage {
        shell: shell.with_title(title),
        s,
        years,
        month_chart,
        category_chart,
    })
}

// ---------- staff: the queue ----------

const STAFF_PER_PAGE: u64 = 25;

struct QueueRow {
    id: i64,
    code: String,
    status: Status,
    category: String,
    village: String,
    place: String,
    received_at: DateTime<Utc>,
    due_on: NaiveDate,
    overdue: bool,
    division: String,
    assignee: String,
}

#[derive(Template)]
#[template(path = "complaints/staff_queue.html")]
struct QueuePage {
    shell: Shell,
    rows: Vec<QueueRow>,
    counts: Vec<(Status, u64)>,
    overdue_count: u64,
    total: u64,
    dir: Directory,
    sees_all: bool,
    /// The filter as given (for the form and the page links).
    status: String,
    division: String,
    category: String,
    village: String,
    overdue: bool,
    page: u64,
    has_more: bool,
    can_settings: bool,
}

impl QueuePage {
    fn status_key(&self, s: &Status) -> String {
        s.label_key()
    }
    fn village_label(&self, v: &village::Model) -> String {
        store::village_label(v)
    }
    fn division_label<'a>(&self, d: &'a division::Model) -> &'a str {
        if self.shell.is_en() && !d.name_en.is_empty() {
            &d.name_en
        } else {
            &d.name_th
        }
    }
    fn category_label<'a>(&self, c: &'a category::Model) -> &'a str {
        c.name(self.shell.is_en())
    }
    /// The query string of another page with the same filter.
    fn page_query(&self, page: u64) -> String {
        let mut q = format!(
            "?status={}&division={}&category={}&village={}",
            prongsai_web::error::urlencode(&self.status),
            prongsai_web::error::urlencode(&self.division),
            prongsai_web::error::urlencode(&self.category),
            prongsai_web::error::urlencode(&self.village),
        );
        if self.overdue {
            q.push_str("&overdue=1");
        }
        q.push_str(&format!("&page={page}"));
        q
    }
}

fn id_param(raw: &HashMap<String, String>, name: &str) -> AppResult<Option<i64>> {
    match raw.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::bad_request()),
    }
}

async fn queue(
    State(state): State<AppState>,
    page: StaffPage,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let h = store::handler(&state.db, &page.staff).await?;
    let org = h.organization_id();
    let status = raw.get("status").cloned().unwrap_or_default();
    let mut filter = QueueFilter::default();
    match status.as_str() {
        "" | "open" => {}
        "all" => filter.all = true,
        code => filter.status = Some(Status::from_code(code).ok_or_else(AppError::bad_request)?),
    }
    filter.division_id = id_param(&raw, "division")?;
    filter.category_id = id_param(&raw, "category")?;
    filter.village_id = id_param(&raw, "village")?;
    filter.overdue = raw.get("overdue").is_some_and(|v| v == "1");
    let page_no = match raw.get("page").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => 0,
        Some(v) => v.parse::<u64>().map_err(|_| AppError::bad_request())?,
    };
    let (models, total) =
        store::list_queue(&state.db, &h, &filter, page_no, STAFF_PER_PAGE).await?;
    let (counts, overdue_count) = store::queue_counts(&state.db, &h).await?;
    let dir = store::directory(&state.db, org).await?;
    let today = prongsai_kernel::clock::today_in_thailand();
    let english = page.shell.is_en();
    let rows = models
        .into_iter()
        .map(|c| QueueRow {
            id: c.id,
            code: shown_code(&c.tracking_code),
            status: status_of(&c),
            category: dir.category_name(c.category_id, english),
            village: dir.village_name(c.village_id),
            place: excerpt(&c.place, 80),
            received_at: c.received_at,
            due_on: c.due_on,
            overdue: store::is_overdue(&c, today),
            division: dir.division_name(c.division_id, english),
            assignee: dir.staff_name(c.assignee_id),
        })
        .collect();
    let show = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let can_settings = page.staff.can::<ManageComplaintSettings>();
    let title = page.shell.t("complaints.staff_title").to_owned();
    render(&QueuePage {
        shell: page.shell.with_title(title),
        rows,
        counts,
        overdue_count,
        total,
        sees_all: h.sees_all(),
        status: if filter.all {
            "all".into()
        } else {
            filter
                .status
                .map(|s| s.code().to_owned())
                .unwrap_or_default()
        },
        division: show(filter.division_id),
        category: show(filter.category_id),
        village: show(filter.village_id),
        overdue: filter.overdue,
        page: page_no,
        has_more: page_no.saturating_add(1).saturating_mul(STAFF_PER_PAGE) < total,
        dir,
        can_settings,
    })
}

// ---------- staff: one complaint ----------

struct StaffEvent {
    at: DateTime<Utc>,
    kind: EventKind,
    status: Status,
    public: bool,
    message: String,
    actor: String,
    division: String,
    assignee: String,
}

impl StaffEvent {
    fn kind_key(&self) -> String {
        format!("complaints.event_{}", self.kind.code())
    }
}

#[derive(Template)]
#[template(path = "complaints/staff_show.html")]
struct StaffShowPage {
    shell: Shell,
    c: complaint::Model,
    code: String,
    status: Status,
    overdue: bool,
    category: String,
    village: String,
    division: String,
    assignee: String,
    events: Vec<StaffEvent>,
    photos: Vec<attachment::Model>,
    dir: Directory,
    osm: Option<String>,
    status_form: StatusInput,
    note: String,
    reason: String,
    assign_form: AssignInput,
    errors: FieldErrors,
    can_assign: bool,
    settable: Vec<Status>,
}

impl StaffShowPage {
    fn status_key(&self, s: &Status) -> String {
        s.label_key()
    }
    fn is_open(&self) -> bool {
        self.status.is_open()
    }
    fn is_selected_status(&self, s: &Status) -> bool {
        if self.status_form.status.is_empty() {
            *s == self.status || (self.status == Status::Received && *s == Status::InProgress)
        } else {
            self.status_form.status == s.code()
        }
    }
    fn division_label<'a>(&self, d: &'a division::Model) -> &'a str {
        if self.shell.is_en() && !d.name_en.is_empty() {
            &d.name_en
        } else {
            &d.name_th
        }
    }
    fn category_label<'a>(&self, c: &'a category::Model) -> &'a str {
        c.name(self.shell.is_en())
    }
    fn phone_href(&self) -> String {
        let digits: String = prongsai_thai::to_arabic_digits(&self.c.phone)
            .chars()
            .filter(|ch| ch.is_ascii_digit() || *ch == '+')
            .collect();
        format!("tel:{digits}")
    }
    fn photo_href(&self, a: &attachment::Model) -> String {
        format!(
            "/files/{}/{}",
            a.id,
            prongsai_web::error::urlencode(&a.file_name)
        )
    }
    fn size_kb(&self, a: &attachment::Model) -> i64 {
        (a.size_bytes + 1023) / 1024
    }
}

#[derive(Default)]
struct StaffForms {
    status: Option<StatusInput>,
    note: String,
    reason: String,
    assign: Option<AssignInput>,
    errors: FieldErrors,
}

async fn staff_page(
    state: &AppState,
    page: StaffPage,
    h: &Handler,
    id: i64,
    forms: StaffForms,
) -> AppResult<StaffShowPage> {
    let view = store::get_complaint(&state.db, h, id).await?;
    let org = h.organization_id();
    let dir = store::directory(&state.db, org).await?;
    let english = page.shell.is_en();
    let c = view.complaint;
    let status = status_of(&c);
    let events = view
        .events
        .into_iter()
        .filter_map(|e: event::Model| {
            Some(StaffEvent {
                at: e.created_at,
                kind: EventKind::from_code(&e.kind)?,
                status: Status::from_code(&e.status)?,
                public: e.public,
                actor: dir.staff_name(e.actor_user_id),
                division: dir.division_name(e.division_id, english),
                assignee: dir.staff_name(e.assignee_id),
                message: e.message,
            })
        })
        .collect();
    let osm = match (&c.latitude, &c.longitude) {
        (Some(lat), Some(lon)) => Some(store::osm_url(lat, lon)),
        _ => None,
    };
    let assign_form = forms.assign.unwrap_or_else(|| AssignInput {
        division_id: c.division_id.map(|d| d.to_string()).unwrap_or_default(),
        assignee_id: c.assignee_id.map(|d| d.to_string()).unwrap_or_default(),
        category_id: c.category_id.to_string(),
    });
    let title = format!(
        "{} {}",
        page.shell.t("complaints.complaint"),
        shown_code(&c.tracking_code)
    );
    Ok(StaffShowPage {
        code: shown_code(&c.tracking_code),
        status,
        overdue: store::is_overdue(&c, prongsai_kernel::clock::today_in_thailand()),
        category: dir.category_name(c.category_id, english),
        village: dir.village_name(c.village_id),
        division: dir.division_name(c.division_id, english),
        assignee: dir.staff_name(c.assignee_id),
        events,
        photos: view.photos,
        osm,
        status_form: forms.status.unwrap_or_default(),
        note: forms.note,
        reason: forms.reason,
        assign_form,
        errors: forms.errors,
        can_assign: page.staff.can::<SuperviseComplaints>(),
        settable: Status::SETTABLE.to_vec(),
        dir,
        c,
        shell: page.shell.with_title(title),
    })
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let h = store::handler(&state.db, &page.staff).await?;
    render(&staff_page(&state, page, &h, id, StaffForms::default()).await?)
}

fn back_to(id: i64) -> Response {
    Redirect::to(&format!("/staff/complaints/{id}")).into_response()
}

async fn change_status(
    State(state): State<AppState>,
    page: StaffPage,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<StatusInput>,
) -> AppResult<Response> {
    let h = store::handler(&state.db, &page.staff).await?;
    let site = origin(&headers, state.config.behind_proxy);
    match store::change_status(&state.db, &h, id, &form, &site).await {
        Ok(()) => {
            state.jobs_wakeup.notify_one();
            Ok(back_to(id))
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(
                &state,
                page,
                &h,
                id,
                StaffForms {
                    status: Some(form),
                    errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    note: String,
}

async fn add_note(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let h = store::handler(&state.db, &page.staff).await?;
    match store::add_note(&state.db, &h, id, &form.note).await {
        Ok(()) => Ok(back_to(id)),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(
                &state,
                page,
                &h,
                id,
                StaffForms {
                    note: form.note,
                    errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn staff_reopen(
    State(state): State<AppState>,
    page: StaffPage,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let h = store::handler(&state.db, &page.staff).await?;
    let site = origin(&headers, state.config.behind_proxy);
    match store::reopen_by_staff(&state.db, &h, id, &form.reason, &site).await {
        Ok(()) => {
            state.jobs_wakeup.notify_one();
            Ok(back_to(id))
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(
                &state,
                page,
                &h,
                id,
                StaffForms {
                    reason: form.reason,
                    errors,
                    ..Default::default()
                },
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn assign(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<AssignInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<SuperviseComplaints>()?;
    match store::assign(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(back_to(id)),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let h = store::handler(&state.db, &page.staff).await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &staff_page(
                    &state,
                    page,
                    &h,
                    id,
                    StaffForms {
                        assign: Some(form),
                        errors,
                        ..Default::default()
                    },
                )
                .await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- staff: the manual ----------

#[derive(Template)]
#[template(path = "complaints/staff_manual.html")]
struct ManualEditPage {
    shell: Shell,
    form: ManualInput,
    errors: FieldErrors,
    version: Option<i32>,
    published_at: Option<DateTime<Utc>>,
}

async fn manual_edit_page(
    state: &AppState,
    page: StaffPage,
    form: Option<ManualInput>,
    errors: FieldErrors,
) -> AppResult<ManualEditPage> {
    let auth = page.staff.authorize::<ManageComplaintSettings>()?;
    let current = manual::current(&state.db, auth.organization_id()).await?;
    let (version, published_at) = match &current {
        Some((_, at, v)) => (Some(*v), Some(*at)),
        None => (None, None),
    };
    let form = form.unwrap_or_else(|| {
        let snapshot = current
            .map(|(m, _, _)| m)
            .unwrap_or_else(|| manual::default_manual(&page.shell.tenant.name_th));
        ManualInput::of(&snapshot)
    });
    let title = page.shell.t("complaints.manual_edit_title").to_owned();
    Ok(ManualEditPage {
        shell: page.shell.with_title(title),
        form,
        errors,
        version,
        published_at,
    })
}

async fn edit_manual(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    render(&manual_edit_page(&state, page, None, FieldErrors::default()).await?)
}

async fn publish_manual(
    State(state): State<AppState>,
    page: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageComplaintSettings>()?;
    let input = ManualInput::from_fields(&fields);
    match manual::publish(&state.db, &auth, &input).await {
        Ok(_) => {
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to("/complaints/manual").into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let mut form = input;
            while form.steps.len() < manual::STEP_ROWS {
                form.steps.push(manual::Step::default());
            }
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &manual_edit_page(&state, page, Some(form), errors).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- staff: categories ----------

#[derive(Template)]
#[template(path = "complaints/staff_categories.html")]
struct CategoriesPage {
    shell: Shell,
    categories: Vec<category::Model>,
    divisions: Vec<division::Model>,
    /// The row whose form has errors (0: the new-category form).
    error_row: Option<i64>,
    errors: FieldErrors,
    new_form: CategoryInput,
    /// What was sent for the row in error.
    row_form: CategoryInput,
}

impl CategoriesPage {
    fn division_label<'a>(&self, d: &'a division::Model) -> &'a str {
        if self.shell.is_en() && !d.name_en.is_empty() {
            &d.name_en
        } else {
            &d.name_th
        }
    }
    fn row_errors(&self, id: &i64) -> bool {
        self.error_row == Some(*id)
    }
    fn error_of(&self, id: &i64, field: &str) -> Option<&str> {
        if self.error_row == Some(*id) {
            self.errors.get(field)
        } else {
            None
        }
    }
    fn new_error(&self, field: &str) -> Option<&str> {
        self.error_of(&0, field)
    }
    fn is_division(&self, c: &category::Model, d: &division::Model) -> bool {
        c.division_id == Some(d.id)
    }
}

async fn categories_page(
    state: &AppState,
    page: StaffPage,
    error_row: Option<i64>,
    errors: FieldErrors,
    sent: CategoryInput,
) -> AppResult<CategoriesPage> {
    let auth = page.staff.authorize::<ManageComplaintSettings>()?;
    let org = auth.organization_id();
    let categories = store::list_categories(&state.db, org).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(state.db.conn(), org).await?;
    let title = page.shell.t("complaints.categories_title").to_owned();
    Ok(CategoriesPage {
        shell: page.shell.with_title(title),
        categories,
        divisions,
        new_form: if error_row == Some(0) {
            sent.clone()
        } else {
            CategoryInput {
                handling_days: "15".into(),
                ..Default::default()
            }
        },
        row_form: sent,
        error_row,
        errors,
    })
}

async fn show_categories(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    render(
        &categories_page(
            &state,
            page,
            None,
            FieldErrors::default(),
            CategoryInput::default(),
        )
        .await?,
    )
}

async fn create_category(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<CategoryInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageComplaintSettings>()?;
    match store::create_category(&state.db, &auth, &form).await {
        Ok(_) => Ok(Redirect::to("/staff/complaints/categories").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &categories_page(&state, page, Some(0), errors, form).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn update_category(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<CategoryInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageComplaintSettings>()?;
    match store::update_category(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to("/staff/complaints/categories").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &categories_page(&state, page, Some(id), errors, form).await?,
        ),
        Err(e) => Err(e.into()),
    }
}
