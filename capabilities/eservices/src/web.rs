//! Public pages: `/e-services` (the services), `/e-services/{id}` (a form), the receipt,
//! `/track` (a request by its code) and `/statistics`. Staff pages are in
//! [`crate::staff`].

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Duration;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use prongsai_charts::{BarChart, Series, with_chart_id};
use prongsai_kernel::FieldErrors;
use prongsai_kernel::form_guard::{self, FormTime};
use prongsai_kernel::throttle::Rule;
use prongsai_surveys::store::Period;
use prongsai_thai::FiscalYear;
use prongsai_web::extract::ClientAddress;
use prongsai_web::routes::{render, render_status};
use prongsai_web::upload::SubmittedForm;
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell};
use serde::Deserialize;

use crate::form::{FieldKind, FieldSpec};
use crate::model::RequestStatus;
use crate::stats::{self, Statistics};
use crate::store::{self, PublicEService, SentFile, Submission, TrackedRequest};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/e-services", get(list_public))
        .route("/e-services.csv", get(crate::api::eservices_csv))
        .route("/e-services/thanks", get(show_thanks))
        .route("/e-services/receipt/{code}", get(show_receipt))
        .route("/e-services/{id}", get(show_form).post(submit))
        .route("/track", get(show_track).post(track))
        .route("/statistics", get(show_statistics))
        .route("/statistics.csv", get(crate::api::statistics_csv))
        .route("/statistics.xlsx", get(statistics_xlsx))
        .route("/api/v1/e-services", get(crate::api::eservices_json))
        .route("/api/v1/statistics", get(crate::api::statistics_json))
        .route("/static/eservices.css", get(stylesheet))
        .merge(crate::staff::routes())
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/eservices.css"),
    )
        .into_response()
}

pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The purpose of the signed form times of request forms.
pub const FORM_PURPOSE: &str = "eservice";

/// Requests one client may send: 10 an hour, then an hour's wait.
pub const SUBMIT_RATE: Rule = Rule {
    max_failures: 10,
    window: Duration::hours(1),
    lockout: Duration::hours(1),
};

/// Unknown or mistyped tracking codes one client may try: 10 in 15 minutes.
pub const TRACK_RATE: Rule = Rule {
    max_failures: 10,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// A date as people read it in the page's language.
pub(crate) fn date_label(shell: &Shell, date: &chrono::NaiveDate) -> String {
    shell.date_long(date)
}

pub(crate) fn status_key(status: RequestStatus) -> String {
    format!("eservices.status.{}", status.code())
}

// ---------- the list ----------

#[derive(Template)]
#[template(path = "eservices/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicEService>,
}

impl PublicListPage {
    fn total_label(&self, s: &PublicEService) -> String {
        s.snapshot.total.label(self.shell.is_en())
    }
    fn division_label(&self, s: &PublicEService) -> String {
        s.snapshot.division(self.shell.is_en()).to_owned()
    }
}

async fn list_public(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_eservices(state.db.conn(), shell.tenant.id).await?;
    let title = shell.t("eservices.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
    })
}

// ---------- a form ----------

#[derive(Template)]
#[template(path = "eservices/form.html")]
pub(crate) struct FormPage {
    pub shell: Shell,
    pub id: i64,
    pub service: crate::store::EServiceSnapshot,
    pub values: HashMap<String, Vec<String>>,
    pub errors: FieldErrors,
    pub form_token: String,
    pub notice: Option<&'static str>,
    pub villages: Vec<(i64, String)>,
    /// Staff previewing a draft: the form cannot be sent.
    pub preview: bool,
}

impl FormPage {
    fn value(&self, key: &str) -> &str {
        self.values
            .get(key)
            .and_then(|v| v.first())
            .map(String::as_str)
            .unwrap_or("")
    }
    fn has_value(&self, key: &str, option: &str) -> bool {
        self.values
            .get(key)
            .is_some_and(|v| v.iter().any(|x| x == option))
    }
    fn village_selected(&self, key: &str, id: &i64) -> bool {
        self.value(key) == id.to_string()
    }
    fn error(&self, key: &str) -> Option<&str> {
        self.errors.get(key)
    }
    fn total_label(&self) -> String {
        self.service.total.label(self.shell.is_en())
    }
    fn division_label(&self) -> String {
        self.service.division(self.shell.is_en()).to_owned()
    }
    fn kind_is(&self, f: &FieldSpec, code: &str) -> bool {
        f.is(code)
    }
    /// Choices with few options are radio buttons (one tap on a phone); more, a list.
    fn as_radios(&self, f: &FieldSpec) -> bool {
        f.kind() == FieldKind::Choice && f.options.len() <= 6
    }
    fn described_by(&self, f: &FieldSpec) -> String {
        let mut ids = Vec::new();
        if !f.help.is_empty() {
            ids.push(format!("{}-help", f.key));
        }
        if self.errors.get(&f.key).is_some() {
            ids.push(format!("{}-error", f.key));
        }
        ids.join(" ")
    }
}

async fn fresh_form_token(state: &AppState, organization_id: i64) -> AppResult<String> {
    let key = form_guard::form_key(&state.db).await?;
    Ok(form_guard::sign_form_time(
        key.expose(),
        FORM_PURPOSE,
        organization_id,
        form_guard::now_seconds(),
    ))
}

async fn show_form(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let service = store::get_public_eservice(state.db.conn(), org, id).await?;
    let villages = store::village_options(state.db.conn(), org).await?;
    let form_token = fresh_form_token(&state, org).await?;
    let title = service.snapshot.title.clone();
    Ok(no_store(render(&FormPage {
        shell: shell.with_title(title),
        id,
        service: service.snapshot,
        values: HashMap::new(),
        errors: FieldErrors::default(),
        form_token,
        notice: None,
        villages,
        preview: false,
    })?))
}

#[derive(Template)]
#[template(path = "eservices/rate_limited.html")]
struct RateLimitedPage {
    shell: Shell,
}

fn rate_limited(shell: Shell) -> AppResult<Response> {
    let title = shell.t("eservices.rate_limited_title").to_owned();
    render_status(
        StatusCode::TOO_MANY_REQUESTS,
        &RateLimitedPage {
            shell: shell.with_title(title),
        },
    )
}

async fn submit(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: SubmittedForm,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let service = store::get_public_eservice(state.db.conn(), org, id).await?;
    let client_key =
        form_guard::client_key(&state.db, "eservice-client", org, client.as_deref()).await?;
    if form_guard::is_limited(&state.db, &client_key).await? {
        return rate_limited(shell);
    }
    // A script filled in the hidden field: thank it like anyone else, keep nothing.
    if !form.get(form_guard::HONEYPOT_FIELD).trim().is_empty() {
        form_guard::count_use(&state.db, &client_key, SUBMIT_RATE).await?;
        return Ok(Redirect::to("/e-services/thanks").into_response());
    }
    let key = form_guard::form_key(&state.db).await?;
    let sent_token = form.get("form_token").to_owned();
    let notice = match form_guard::check_form_time(
        key.expose(),
        FORM_PURPOSE,
        org,
        &sent_token,
        form_guard::now_seconds(),
    ) {
        FormTime::Fine => None,
        FormTime::TooFast => Some(("eservices.too_fast", sent_token.clone())),
        FormTime::Expired | FormTime::Invalid => Some((
            "eservices.expired",
            form_guard::sign_form_time(key.expose(), FORM_PURPOSE, org, form_guard::now_seconds()),
        )),
    };
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in &form.fields {
        if !matches!(
            k.as_str(),
            "csrf_token" | "form_token" | form_guard::HONEYPOT_FIELD
        ) {
            values.entry(k.clone()).or_default().push(v.clone());
        }
    }
    let villages = store::village_options(state.db.conn(), org).await?;
    let again = |shell: Shell,
                 values: HashMap<String, Vec<String>>,
                 errors: FieldErrors,
                 form_token: String,
                 notice: Option<&'static str>| {
        let title = service.snapshot.title.clone();
        render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage {
                shell: shell.with_title(title),
                id,
                service: service.snapshot.clone(),
                values,
                errors,
                form_token,
                notice,
                villages: villages.clone(),
                preview: false,
            },
        )
        .map(no_store)
    };
    if let Some((notice, token)) = notice {
        return again(shell, values, FieldErrors::default(), token, Some(notice));
    }
    let sent = Submission {
        fields: &form.fields,
        files: form
            .files
            .into_iter()
            .map(|f| SentFile {
                field: f.field,
                file_name: f.file_name,
                bytes: f.bytes,
            })
            .collect(),
    };
    let origin = prongsai_web::api::origin(&headers, state.config.behind_proxy);
    match store::submit_request(&state.db, &state.files, org, id, sent, &origin).await {
        Ok(receipt) => {
            form_guard::count_use(&state.db, &client_key, SUBMIT_RATE).await?;
            if !receipt.tracking_code.is_empty() {
                state.jobs_wakeup.notify_one();
            }
            Ok(
                Redirect::to(&format!("/e-services/receipt/{}", receipt.tracking_code))
                    .into_response(),
            )
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            again(shell, values, errors, sent_token, None)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "eservices/thanks.html")]
struct ThanksPage {
    shell: Shell,
}

async fn show_thanks(Page(shell): Page) -> AppResult<Response> {
    let title = shell.t("eservices.thanks_title").to_owned();
    render(&ThanksPage {
        shell: shell.with_title(title),
    })
}

// ---------- receipt and tracking ----------

/// Label helpers of pages that show a tracked request.
pub(crate) trait TrackedLabels {
    fn shell(&self) -> &Shell;

    fn code_label(&self, r: &TrackedRequest) -> String {
        prongsai_kernel::tracking::format_tracking_code(&r.tracking_code)
    }
    fn status_key(&self, s: &RequestStatus) -> String {
        status_key(*s)
    }
    fn due_label(&self, r: &TrackedRequest) -> String {
        date_label(self.shell(), &r.due_on)
    }
    fn division_label(&self, r: &TrackedRequest) -> String {
        if self.shell().is_en() && !r.division_en.is_empty() {
            r.division_en.clone()
        } else {
            r.division_th.clone()
        }
    }
}

#[derive(Template)]
#[template(path = "eservices/receipt.html")]
struct ReceiptPage {
    shell: Shell,
    request: TrackedRequest,
}

impl TrackedLabels for ReceiptPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

#[derive(Template)]
#[template(path = "eservices/track.html")]
struct TrackPage {
    shell: Shell,
    code: String,
    result: Option<TrackedRequest>,
    not_found: bool,
}

impl TrackedLabels for TrackPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

/// The one answer to an unknown, malformed or mistyped code (after counting it against
/// the client).
async fn track_not_found(
    state: &AppState,
    shell: Shell,
    client_key: &str,
    code: String,
) -> AppResult<Response> {
    form_guard::count_use(&state.db, client_key, TRACK_RATE).await?;
    let title = shell.t("eservices.track_title").to_owned();
    Ok(no_store(render_status(
        StatusCode::NOT_FOUND,
        &TrackPage {
            shell: shell.with_title(title),
            code,
            result: None,
            not_found: true,
        },
    )?))
}

async fn show_receipt(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let client_key =
        form_guard::client_key(&state.db, "track-client", org, client.as_deref()).await?;
    if form_guard::is_limited(&state.db, &client_key).await? {
        return rate_limited(shell);
    }
    match store::find_tracked_request(&state.db, org, &code).await? {
        Some(request) => {
            let title = shell.t("eservices.receipt_title").to_owned();
            Ok(no_store(render(&ReceiptPage {
                shell: shell.with_title(title),
                request,
            })?))
        }
        None => track_not_found(&state, shell, &client_key, String::new()).await,
    }
}

async fn show_track(Page(shell): Page) -> AppResult<Response> {
    let title = shell.t("eservices.track_title").to_owned();
    render(&TrackPage {
        shell: shell.with_title(title),
        code: String::new(),
        result: None,
        not_found: false,
    })
}

#[derive(Deserialize)]
struct TrackForm {
    #[serde(default)]
    code: String,
}

async fn track(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Form(form): Form<TrackForm>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let client_key =
        form_guard::client_key(&state.db, "track-client", org, client.as_deref()).await?;
    if form_guard::is_limited(&state.db, &client_key).await? {
        return rate_limited(shell);
    }
    let typed: String = form.code.chars().take(40).collect();
    match store::find_tracked_request(&state.db, org, &typed).await? {
        Some(result) => {
            let title = shell.t("eservices.track_title").to_owned();
            Ok(no_store(render(&TrackPage {
                shell: shell.with_title(title),
                code: prongsai_kernel::tracking::format_tracking_code(&result.tracking_code),
                result: Some(result),
                not_found: false,
            })?))
        }
        None => track_not_found(&state, shell, &client_key, typed).await,
    }
}

// ---------- statistics ----------

#[derive(Deserialize)]
pub(crate) struct StatsQuery {
    #[serde(default)]
    pub fy: String,
    #[serde(default)]
    pub period: String,
}

pub(crate) fn stats_params(q: &StatsQuery) -> AppResult<(FiscalYear, Period)> {
    let fy = match prongsai_thai::to_arabic_digits(q.fy.trim()).as_str() {
        "" => FiscalYear::of(prongsai_kernel::clock::today_in_thailand()),
        s => s
            .parse::<i32>()
            .ok()
            .filter(|y| (2500..=2700).contains(y))
            .map(FiscalYear::new)
            .ok_or_else(AppError::bad_request)?,
    };
    let period = Period::from_code(q.period.trim()).ok_or_else(AppError::bad_request)?;
    Ok((fy, period))
}

#[derive(Template)]
#[template(path = "eservices/statistics.html")]
struct StatisticsPage {
    shell: Shell,
    stats: Statistics,
    month_chart: String,
    division_chart: String,
    years: Vec<i32>,
}

impl StatisticsPage {
    fn month_name(&self, m: &chrono::NaiveDate) -> String {
        Statistics::month_name(*m, self.shell.is_en())
    }
    fn row_name(&self, r: &stats::Row) -> String {
        r.name(self.shell.is_en()).to_owned()
    }
    fn is_half(&self) -> bool {
        self.stats.period == Period::Half
    }
    fn fy(&self) -> i32 {
        self.stats.fiscal_year.be()
    }
    fn as_of(&self) -> String {
        date_label(&self.shell, &self.stats.as_of)
    }
}

fn month_abbr(shell: &Shell, m: &chrono::NaiveDate) -> String {
    let n = chrono::Datelike::month(m);
    if shell.is_en() {
        prongsai_thai::months::english_month(n)
            .unwrap_or("")
            .chars()
            .take(3)
            .collect()
    } else {
        prongsai_thai::months::thai_month_abbr(n)
            .unwrap_or("")
            .to_owned()
    }
}

async fn show_statistics(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<StatsQuery>,
) -> AppResult<Response> {
    let (fy, period) = stats_params(&q)?;
    let stats = stats::compute_statistics(&state.db, shell.tenant.id, fy, period).await?;
    let walk_in = shell.t("eservices.walk_in").to_owned();
    let online = shell.t("eservices.online").to_owned();
    let month_chart = with_chart_id(
        &prongsai_charts::bar_chart_svg(&BarChart {
            title: shell.t("eservices.chart_months").to_owned(),
            description: shell.t("eservices.chart_months_desc").to_owned(),
            categories: stats
                .months
                .iter()
                .map(|(m, _)| month_abbr(&shell, m))
                .collect(),
            series: vec![
                Series {
                    name: walk_in.clone(),
                    values: stats
                        .months
                        .iter()
                        .map(|(_, f)| f64::from(f.walk_in))
                        .collect(),
                },
                Series {
                    name: online.clone(),
                    values: stats
                        .months
                        .iter()
                        .map(|(_, f)| f64::from(f.online))
                        .collect(),
                },
            ],
            stacked: true,
            y_label: shell.t("eservices.count").to_owned(),
            ..Default::default()
        }),
        "by-month",
    );
    let division_chart = with_chart_id(
        &prongsai_charts::bar_chart_svg(&BarChart {
            title: shell.t("eservices.chart_divisions").to_owned(),
            description: shell.t("eservices.chart_divisions_desc").to_owned(),
            categories: stats
                .divisions
                .iter()
                .map(|r| r.name(shell.is_en()).to_owned())
                .collect(),
            series: vec![
                Series {
                    name: walk_in,
                    values: stats
                        .divisions
                        .iter()
                        .map(|r| f64::from(r.figures.walk_in))
                        .collect(),
                },
                Series {
                    name: online,
                    values: stats
                        .divisions
                        .iter()
                        .map(|r| f64::from(r.figures.online))
                        .collect(),
                },
            ],
            y_label: shell.t("eservices.count").to_owned(),
            ..Default::default()
        }),
        "by-division",
    );
    let current = FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let title = stats.title();
    render(&StatisticsPage {
        shell: shell.with_title(title),
        stats,
        month_chart,
        division_chart,
        years: (current - 4..=current).rev().collect(),
    })
}

async fn statistics_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<StatsQuery>,
) -> AppResult<Response> {
    let (fy, period) = stats_params(&q)?;
    let stats = stats::compute_statistics(&state.db, shell.tenant.id, fy, period).await?;
    let bytes = crate::api::statistics_workbook(&stats)?;
    let name = format!("service-statistics-{}-{}.xlsx", fy.be(), period.code());
    Ok(prongsai_web::api::xlsx_response(bytes, &name))
}
