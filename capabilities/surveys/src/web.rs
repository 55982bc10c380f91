//! Pages: the survey a citizen answers (`/surveys/answer/{token}`), the published monthly
//! summaries (`/surveys`, `/surveys/{yyyy-mm}`), the 6- and 12-month reports
//! (`/surveys/report`, `.xlsx`), and the staff's review of comments (`/staff/surveys`).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use prongsai_charts::{BarChart, LineChart, Series, with_chart_id};
use prongsai_kernel::FieldErrors;
use prongsai_thai::FiscalYear;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::QUESTIONS;
use crate::permissions::ReviewSurveys;
use crate::store::{
    self, AnswerInput, DivisionScores, PendingComment, Period, PublicSummary, Report, Scores,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/surveys", get(list_public))
        .route("/surveys.csv", get(crate::api::surveys_csv))
        .route("/api/v1/surveys", get(crate::api::surveys_json))
        .route("/surveys/report", get(show_report))
        .route("/surveys/report.xlsx", get(report_xlsx))
        .route("/surveys/thanks", get(show_thanks))
        .route("/surveys/answer/{token}", get(show_answer).post(answer))
        .route("/surveys/{month}", get(show_month))
        .route("/static/surveys.css", get(stylesheet))
        .route("/staff/surveys", get(staff_home))
        .route("/staff/surveys/comments/{id}", post(review))
        .route("/staff/surveys/summaries", post(produce))
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/surveys.css"),
    )
        .into_response()
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An SVG QR code of `url`, labelled for screen readers, for pages and printouts.
pub fn qr_svg(url: &str, label: &str) -> AppResult<String> {
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map_err(AppError::internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .build();
    let label = prongsai_charts::xml_escape(label);
    Ok(match svg.find("<svg") {
        Some(i) => svg[i..].replacen(
            "<svg",
            &format!("<svg role=\"img\" aria-label=\"{label}\""),
            1,
        ),
        None => svg,
    })
}

// ---------- answering ----------

#[derive(Template)]
#[template(path = "surveys/answer.html")]
struct AnswerPage {
    shell: Shell,
    token: String,
    form: AnswerInput,
    errors: FieldErrors,
    questions: Vec<(&'static str, &'static str)>,
}

impl AnswerPage {
    fn scale(&self) -> [u8; 5] {
        [5, 4, 3, 2, 1]
    }
    fn is_checked(&self, field: &str, value: &u8) -> bool {
        self.form.value(field).trim() == value.to_string()
    }
    fn scale_key(&self, value: &u8) -> String {
        format!("surveys.scale.{value}")
    }
}

#[derive(Template)]
#[template(path = "surveys/closed.html")]
struct ClosedPage {
    shell: Shell,
}

/// One page for an unknown, mistyped or used link.
fn closed(shell: Shell) -> AppResult<Response> {
    let title = shell.t("surveys.closed_title").to_owned();
    Ok(no_store(render_status(
        StatusCode::NOT_FOUND,
        &ClosedPage {
            shell: shell.with_title(title),
        },
    )?))
}

fn answer_page(shell: Shell, token: String, form: AnswerInput, errors: FieldErrors) -> AnswerPage {
    let title = shell.t("surveys.answer_title").to_owned();
    AnswerPage {
        shell: shell.with_title(title),
        token,
        form,
        errors,
        questions: QUESTIONS.to_vec(),
    }
}

fn plausible_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_alphanumeric())
}

async fn show_answer(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !plausible_token(&token) {
        return closed(shell);
    }
    match store::get_open_invitation(state.db.conn(), shell.tenant.id, &token).await {
        Ok(_) => Ok(no_store(render(&answer_page(
            shell,
            token,
            AnswerInput::default(),
            FieldErrors::default(),
        ))?)),
        Err(prongsai_kernel::Error::NotFound) => closed(shell),
        Err(e) => Err(e.into()),
    }
}

async fn answer(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(token): Path<String>,
    Form(form): Form<AnswerInput>,
) -> AppResult<Response> {
    if !plausible_token(&token) {
        return closed(shell);
    }
    match store::answer_survey(&state.db, shell.tenant.id, &token, &form).await {
        Ok(()) => Ok(Redirect::to("/surveys/thanks").into_response()),
        Err(prongsai_kernel::Error::NotFound) => closed(shell),
        Err(prongsai_kernel::Error::Invalid(errors)) => Ok(no_store(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &answer_page(shell, token, form, errors),
        )?)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "surveys/thanks.html")]
struct ThanksPage {
    shell: Shell,
}

async fn show_thanks(Page(shell): Page) -> AppResult<Response> {
    let title = shell.t("surveys.thanks_title").to_owned();
    render(&ThanksPage {
        shell: shell.with_title(title),
    })
}

// ---------- published summaries ----------

/// Label helpers shared by the summary and report pages.
pub trait ScoreLabels {
    fn shell(&self) -> &Shell;

    fn month_name(&self, month: &chrono::NaiveDate) -> String {
        store::month_label(*month, self.shell().is_en())
    }

    fn division_name(&self, d: &DivisionScores) -> String {
        d.name(self.shell().is_en()).to_owned()
    }

    fn mean(&self, s: &Scores, i: &usize) -> String {
        s.mean_label(*i)
    }
}

#[derive(Template)]
#[template(path = "surveys/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicSummary>,
    current_fy: i32,
}

impl ScoreLabels for PublicListPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

async fn list_public(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_summaries(state.db.conn(), shell.tenant.id).await?;
    let title = shell.t("surveys.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
        current_fy: FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be(),
    })
}

#[derive(Template)]
#[template(path = "surveys/month.html")]
struct MonthPage {
    shell: Shell,
    item: PublicSummary,
    question_chart: String,
    division_chart: String,
    questions: Vec<(usize, &'static str)>,
}

impl ScoreLabels for MonthPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

impl MonthPage {
    /// The day the summary was first published (no finer time on these pages).
    fn published_on(&self) -> String {
        self.item
            .record
            .status
            .first_published_at
            .map(|at| {
                self.shell.date(
                    &at.with_timezone(&prongsai_web::shell::thailand())
                        .date_naive(),
                )
            })
            .unwrap_or_default()
    }
}

fn question_chart(shell: &Shell, id: &str, title: &str, scores: &Scores) -> String {
    let chart = BarChart {
        title: title.to_owned(),
        description: shell.t("surveys.chart_questions_desc").to_owned(),
        categories: (1..=QUESTIONS.len())
            .map(|i| format!("{} {i}", shell.t("surveys.question_short")))
            .collect(),
        series: vec![Series {
            name: shell.t("surveys.mean").to_owned(),
            values: scores.means.clone(),
        }],
        y_label: shell.t("surveys.mean").to_owned(),
        y_max: Some(5.0),
        decimals: 2,
        ..Default::default()
    };
    with_chart_id(&prongsai_charts::bar_chart_svg(&chart), id)
}

fn division_chart(shell: &Shell, id: &str, title: &str, divisions: &[DivisionScores]) -> String {
    let chart = BarChart {
        title: title.to_owned(),
        description: shell.t("surveys.chart_divisions_desc").to_owned(),
        categories: divisions
            .iter()
            .map(|d| d.name(shell.is_en()).to_owned())
            .collect(),
        series: vec![Series {
            name: shell.t("surveys.overall_mean").to_owned(),
            values: divisions.iter().map(|d| d.scores.overall()).collect(),
        }],
        y_label: shell.t("surveys.mean").to_owned(),
        y_max: Some(5.0),
        decimals: 2,
        ..Default::default()
    };
    with_chart_id(&prongsai_charts::bar_chart_svg(&chart), id)
}

async fn show_month(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(month): Path<String>,
) -> AppResult<Response> {
    let month = store::parse_month_code(&month).ok_or_else(AppError::not_found)?;
    let item = store::get_public_summary(state.db.conn(), shell.tenant.id, month).await?;
    let label = store::month_label(item.snapshot.month, shell.is_en());
    let question_chart = question_chart(
        &shell,
        "questions",
        &format!("{} {label}", shell.t("surveys.chart_questions")),
        &item.snapshot.total,
    );
    let division_chart = division_chart(
        &shell,
        "divisions",
        &format!("{} {label}", shell.t("surveys.chart_divisions")),
        &item.snapshot.divisions,
    );
    let title = format!("{} {label}", shell.t("surveys.month_title"));
    render(&MonthPage {
        shell: shell.with_title(title),
        item,
        question_chart,
        division_chart,
        questions: QUESTIONS.iter().map(|(_, k)| *k).enumerate().collect(),
    })
}

#[derive(Deserialize)]
struct ReportQuery {
    #[serde(default)]
    fy: String,
    #[serde(default)]
    period: String,
}

fn report_params(q: &ReportQuery) -> AppResult<(FiscalYear, Period)> {
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
#[template(path = "surveys/report.html")]
struct ReportPage {
    shell: Shell,
    report: Report,
    month_chart: String,
    division_chart: String,
    questions: Vec<(usize, &'static str)>,
    years: Vec<i32>,
}

impl ScoreLabels for ReportPage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

impl ReportPage {
    fn is_half(&self) -> bool {
        self.report.period == Period::Half
    }
    fn fy(&self) -> i32 {
        self.report.fiscal_year.be()
    }
}

async fn show_report(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (fy, period) = report_params(&q)?;
    let report = store::build_report(state.db.conn(), shell.tenant.id, fy, period).await?;
    let month_chart = with_chart_id(
        &prongsai_charts::line_chart_svg(&LineChart {
            title: shell.t("surveys.chart_months").to_owned(),
            description: shell.t("surveys.chart_months_desc").to_owned(),
            categories: report
                .months
                .iter()
                .map(|(m, _)| {
                    if shell.is_en() {
                        prongsai_thai::months::english_month(chrono::Datelike::month(m))
                            .unwrap_or("")
                            .chars()
                            .take(3)
                            .collect()
                    } else {
                        prongsai_thai::months::thai_month_abbr(chrono::Datelike::month(m))
                            .unwrap_or("")
                            .to_owned()
                    }
                })
                .collect(),
            series: vec![Series {
                name: shell.t("surveys.overall_mean").to_owned(),
                values: report.months.iter().map(|(_, s)| s.overall()).collect(),
            }],
            y_label: shell.t("surveys.mean").to_owned(),
            y_max: Some(5.0),
            decimals: 2,
        }),
        "months",
    );
    let division_chart = division_chart(
        &shell,
        "divisions",
        shell.t("surveys.chart_divisions"),
        &report.divisions,
    );
    let current = FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let title = report.title();
    render(&ReportPage {
        shell: shell.with_title(title),
        report,
        month_chart,
        division_chart,
        questions: QUESTIONS.iter().map(|(_, k)| *k).enumerate().collect(),
        years: (current - 4..=current).rev().collect(),
    })
}

async fn report_xlsx(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (fy, period) = report_params(&q)?;
    let report = store::build_report(state.db.conn(), shell.tenant.id, fy, period).await?;
    let bytes = crate::api::report_workbook(&report, &shell)?;
    let name = format!("survey-report-{}-{}.xlsx", fy.be(), period.code());
    Ok(prongsai_web::api::xlsx_response(bytes, &name))
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "surveys/staff.html")]
struct StaffHomePage {
    shell: Shell,
    comments: Vec<PendingComment>,
    months: Vec<(String, String)>,
    notice: Option<&'static str>,
}

impl ScoreLabels for StaffHomePage {
    fn shell(&self) -> &Shell {
        &self.shell
    }
}

#[derive(Deserialize)]
struct StaffQuery {
    #[serde(default)]
    done: String,
}

async fn staff_home(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<StaffQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ReviewSurveys>()?;
    let comments = store::list_pending_comments(&state.db, &auth).await?;
    let this_month = store::month_of(prongsai_kernel::clock::today_in_thailand());
    let mut months = Vec::new();
    let mut m = this_month;
    for _ in 0..12 {
        months.push((
            store::month_code(m),
            store::month_label(m, page.shell.is_en()),
        ));
        m = store::previous_month(m);
    }
    let notice = match q.done.as_str() {
        "summary" => Some("surveys.summary_done"),
        "review" => Some("surveys.review_done"),
        _ => None,
    };
    let title = page.shell.t("surveys.staff_title").to_owned();
    render(&StaffHomePage {
        shell: page.shell.with_title(title),
        comments,
        months,
        notice,
    })
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    action: String,
}

async fn review(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<ReviewForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ReviewSurveys>()?;
    let approve = match form.action.as_str() {
        "approve" => true,
        "hide" => false,
        _ => return Err(AppError::bad_request()),
    };
    store::review_comment(&state.db, &auth, id, approve).await?;
    state.pages.invalidate_organization(auth.organization_id());
    Ok(Redirect::to("/staff/surveys?done=review").into_response())
}

#[derive(Deserialize)]
struct ProduceForm {
    #[serde(default)]
    month: String,
}

async fn produce(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<ProduceForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ReviewSurveys>()?;
    let month = store::parse_month_code(&form.month).ok_or_else(AppError::bad_request)?;
    let produced = store::produce_monthly_summary(&state.db, &auth, month).await?;
    if produced.first {
        crate::jobs::enqueue_summary_mails(&state.db, auth.organization_id(), month).await?;
        state.jobs_wakeup.notify_one();
    }
    state.pages.invalidate_organization(auth.organization_id());
    Ok(Redirect::to("/staff/surveys?done=summary").into_response())
}

/// The parameters of `/surveys/report`, for the API.
pub fn parse_report_query(raw: &HashMap<String, String>) -> AppResult<(FiscalYear, Period)> {
    report_params(&ReportQuery {
        fy: raw.get("fy").cloned().unwrap_or_default(),
        period: raw.get("period").cloned().unwrap_or_default(),
    })
}
