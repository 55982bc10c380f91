//! Pages. Public: `/corruption-reports...` (the reporter: what to report, the form, the
//! receipt, follow-up with the receipt, the handling manual, statistics). Staff:
//! `/staff/integrity...` (recipients: unlock, inbox, report; administrators: set-up,
//! recipients, recovery, retention).
//!
//! Every response of this router is marked [`Confidential`]: not logged nor counted per
//! request, `Cache-Control: no-store`, `Referrer-Policy: no-referrer`.

use askama::Template;
use axum::Router;
use axum::extract::{FromRef, FromRequestParts, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use hmac::{Hmac, Mac};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use prongsai_kernel::throttle::{self, Rule};
use prongsai_kernel::{Error, FieldErrors, Secret, Staff};
use prongsai_web::cookies::read_cookie;
use prongsai_web::extract::{ClientAddress, session_token};
use prongsai_web::middleware::Confidential;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, FormFields, Page, Shell, StaffPage};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::memory;
use crate::model::{AUTHORITIES, OUTCOMES, Status, recipient};
use crate::permissions::ManageIntegrityChannel;
use crate::store::{
    self, AttachmentView, Costs, EventView, Identity, MessageView, NewReferral, NewReport,
    RecipientAccess, RecipientInfo, RecipientView, ReportContent, Upload, YearStatistics,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/corruption-reports", get(show_landing))
        .route("/corruption-reports/new", get(show_new).post(submit))
        .route("/corruption-reports/receipt", get(show_receipt))
        .route(
            "/corruption-reports/follow-up",
            get(show_follow_up).post(follow_up),
        )
        .route("/corruption-reports/my-report", get(show_my_report))
        .route(
            "/corruption-reports/my-report/messages",
            post(reporter_message),
        )
        .route("/corruption-reports/my-report/files", post(reporter_files))
        .route(
            "/corruption-reports/my-report/identity",
            post(reporter_identity),
        )
        .route("/corruption-reports/my-report/close", post(reporter_close))
        .route("/corruption-reports/manual", get(show_manual))
        .route("/corruption-reports/statistics", get(show_statistics))
        .route("/corruption-reports/statistics.csv", get(statistics_csv))
        .route(
            "/api/v1/corruption-reports/statistics",
            get(statistics_json),
        )
        .route("/staff/integrity", get(show_staff_home))
        .route("/staff/integrity/unlock", get(show_unlock).post(unlock))
        .route("/staff/integrity/lock", post(lock))
        .route("/staff/integrity/reports/{id}", get(show_report))
        .route(
            "/staff/integrity/reports/{id}/messages",
            post(recipient_message),
        )
        .route("/staff/integrity/reports/{id}/status", post(change_status))
        .route("/staff/integrity/reports/{id}/reveal", post(reveal))
        .route("/staff/integrity/reports/{id}/referrals", post(refer))
        .route(
            "/staff/integrity/reports/{id}/files/{file}",
            get(download_file),
        )
        .route("/staff/integrity/reports/{id}/export", get(export))
        .route("/staff/integrity/settings", get(show_settings))
        .route("/staff/integrity/setup", post(set_up))
        .route("/staff/integrity/recipients", post(add_recipient))
        .route(
            "/staff/integrity/recipients/{id}/remove",
            post(remove_recipient),
        )
        .route("/staff/integrity/retention", post(set_retention))
        .route("/staff/integrity/rewrap", post(rewrap))
        .route_layer(axum::middleware::map_response(mark_confidential))
}

async fn mark_confidential(mut response: Response) -> Response {
    response.extensions_mut().insert(Confidential);
    response
}

fn costs(state: &AppState) -> Costs {
    Costs::for_passwords(state.config.password_params)
}

// ---------- the reporter's cookie ----------

fn reporter_cookie(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-prongsai-report"
    } else {
        "prongsai-report"
    }
}

fn set_reporter_cookie(state: &AppState, token: &str, max_age: Option<i64>) -> HeaderValue {
    let mut c = format!(
        "{}={token}; Path=/; SameSite=Strict; HttpOnly",
        reporter_cookie(state)
    );
    if state.config.secure_cookies {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The reporter's follow-up session, from their cookie.
struct Reporter {
    token: String,
    session: memory::ReporterSession,
}

fn reporter_of(state: &AppState, parts_headers: &http::HeaderMap, org: i64) -> Option<Reporter> {
    let token = read_cookie(parts_headers, reporter_cookie(state))?;
    let session = memory::of(state).reporter_session(&token, org)?;
    Some(Reporter { token, session })
}

/// The public page extractor plus the request headers (for the reporter's cookie).
struct PublicPage {
    shell: Shell,
    headers: http::HeaderMap,
}

impl<S> FromRequestParts<S> for PublicPage
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Page(shell) = Page::from_request_parts(parts, state).await?;
        Ok(PublicPage {
            shell,
            headers: parts.headers.clone(),
        })
    }
}

// ---------- public: landing, manual, statistics ----------

#[derive(Template)]
#[template(path = "integrity/landing.html")]
struct LandingPage {
    shell: Shell,
    open: bool,
}

async fn show_landing(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let open = store::find_channel(state.db.conn(), shell.tenant.id)
        .await?
        .is_some();
    let title = shell.t("integrity.title").to_owned();
    render(&LandingPage {
        shell: shell.with_title(title),
        open,
    })
}

/// One step of the handling manual.
pub struct ManualStep {
    pub title: &'static str,
    pub body: &'static str,
    pub who: &'static str,
    pub duration: &'static str,
}

/// The handling manual (คู่มือการจัดการเรื่องร้องเรียนการทุจริต): locale keys of each step.
pub const MANUAL: [ManualStep; 6] = [
    ManualStep {
        title: "integrity.manual.s1.title",
        body: "integrity.manual.s1.body",
        who: "integrity.manual.s1.who",
        duration: "integrity.manual.s1.duration",
    },
    ManualStep {
        title: "integrity.manual.s2.title",
        body: "integrity.manual.s2.body",
        who: "integrity.manual.s2.who",
        duration: "integrity.manual.s2.duration",
    },
    ManualStep {
        title: "integrity.manual.s3.title",
        body: "integrity.manual.s3.body",
        who: "integrity.manual.s3.who",
        duration: "integrity.manual.s3.duration",
    },
    ManualStep {
        title: "integrity.manual.s4.title",
        body: "integrity.manual.s4.body",
        who: "integrity.manual.s4.who",
        duration: "integrity.manual.s4.duration",
    },
    ManualStep {
        title: "integrity.manual.s5.title",
        body: "integrity.manual.s5.body",
        who: "integrity.manual.s5.who",
        duration: "integrity.manual.s5.duration",
    },
    ManualStep {
        title: "integrity.manual.s6.title",
        body: "integrity.manual.s6.body",
        who: "integrity.manual.s6.who",
        duration: "integrity.manual.s6.duration",
    },
];

#[derive(Template)]
#[template(path = "integrity/manual.html")]
struct ManualPage {
    shell: Shell,
    steps: &'static [ManualStep],
    recipients: Vec<RecipientInfo>,
    retention_days: i32,
}

async fn show_manual(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let org = shell.tenant.id;
    let retention_days = store::find_channel(state.db.conn(), org)
        .await?
        .map(|c| c.retention_days)
        .unwrap_or(store::DEFAULT_RETENTION_DAYS);
    let recipients = store::list_recipients(state.db.conn(), org).await?;
    let title = shell.t("integrity.manual.title").to_owned();
    render(&ManualPage {
        shell: shell.with_title(title),
        steps: &MANUAL,
        recipients,
        retention_days,
    })
}

#[derive(Template)]
#[template(path = "integrity/statistics.html")]
struct StatisticsPage {
    shell: Shell,
    years: Vec<YearStatistics>,
    as_of: NaiveDate,
}

async fn show_statistics(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let (years, as_of) = store::public_statistics(state.db.conn(), shell.tenant.id).await?;
    let title = shell.t("integrity.stats.title").to_owned();
    render(&StatisticsPage {
        shell: shell.with_title(title),
        years,
        as_of,
    })
}

async fn statistics_json(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let (years, as_of) = store::public_statistics(state.db.conn(), shell.tenant.id).await?;
    Ok(axum::Json(serde_json::json!({
        "organization": shell.tenant.slug,
        "as_of": as_of.to_string(),
        "years": years,
    }))
    .into_response())
}

async fn statistics_csv(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let (years, _) = store::public_statistics(state.db.conn(), shell.tenant.id).await?;
    let mut csv = String::from("\u{feff}fiscal_year,received,completed,in_progress\r\n");
    for y in years {
        csv.push_str(&format!(
            "{},{},{},{}\r\n",
            y.fiscal_year, y.received, y.completed, y.in_progress
        ));
    }
    let mut response = csv.into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    response.headers_mut().insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"corruption-report-statistics.csv\""),
    );
    Ok(response)
}

// ---------- public: the form ----------

/// The setting holding the key of the form's signed time (created on first use).
pub const FORM_KEY_SETTING: &str = "integrity_form_key";
const MIN_FORM_AGE_SECONDS: i64 = 3;
const MAX_FORM_AGE_SECONDS: i64 = 24 * 3600;
const HONEYPOT_FIELD: &str = "website";

fn form_mac(key: &[u8], org: i64, issued_at: i64) -> Vec<u8> {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(format!("prongsai-integrity-form-v1|{org}|{issued_at}").as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The hidden `form_token` of a report form shown at `issued_at` (Unix seconds):
/// `"<issued_at>.<HMAC>"`, bound to the organization.
pub fn sign_form_time(key: &[u8], organization_id: i64, issued_at: i64) -> String {
    format!(
        "{issued_at}.{}",
        data_encoding::BASE64URL_NOPAD.encode(&form_mac(key, organization_id, issued_at))
    )
}

async fn form_token(state: &AppState, org: i64) -> AppResult<String> {
    let key =
        prongsai_kernel::settings::get_or_create_secret(state.db.conn(), FORM_KEY_SETTING).await?;
    let now = prongsai_kernel::clock::now().timestamp();
    Ok(sign_form_time(key.expose(), org, now))
}

/// `Ok(())` when the form was shown long enough ago and not too long; otherwise the
/// locale key of the problem.
async fn check_form_time(
    state: &AppState,
    org: i64,
    token: &str,
) -> AppResult<Result<(), &'static str>> {
    let key =
        prongsai_kernel::settings::get_or_create_secret(state.db.conn(), FORM_KEY_SETTING).await?;
    let parsed = token.split_once('.').and_then(|(t, m)| {
        Some((
            t.parse::<i64>().ok()?,
            data_encoding::BASE64URL_NOPAD.decode(m.as_bytes()).ok()?,
        ))
    });
    let Some((issued_at, mac)) = parsed else {
        return Ok(Err("integrity.form_expired"));
    };
    let expected = form_mac(key.expose(), org, issued_at);
    if expected.len() != mac.len() || !bool::from(expected.ct_eq(&mac)) {
        return Ok(Err("integrity.form_expired"));
    }
    let age = prongsai_kernel::clock::now().timestamp() - issued_at;
    Ok(if !(0..=MAX_FORM_AGE_SECONDS).contains(&age) {
        Err("integrity.form_expired")
    } else if age < MIN_FORM_AGE_SECONDS {
        Err("integrity.form_too_fast")
    } else {
        Ok(())
    })
}

#[derive(Template)]
#[template(path = "integrity/new.html")]
struct NewReportPage {
    shell: Shell,
    form: NewReport,
    errors: FieldErrors,
    recipients: Vec<RecipientInfo>,
    form_token: String,
    notice: Option<&'static str>,
    open: bool,
}

impl NewReportPage {
    fn excluded(&self, user_id: &i64) -> bool {
        self.form.excluded_users.contains(user_id)
    }
}

async fn show_new(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let org = shell.tenant.id;
    let open = store::find_channel(state.db.conn(), org).await?.is_some();
    let recipients = store::list_recipients(state.db.conn(), org).await?;
    let token = form_token(&state, org).await?;
    let title = shell.t("integrity.new.title").to_owned();
    render(&NewReportPage {
        shell: shell.with_title(title),
        form: NewReport::default(),
        errors: FieldErrors::default(),
        recipients,
        form_token: token,
        notice: None,
        open,
    })
}

/// A multipart form read into its text fields and files.
struct MultipartForm {
    fields: Vec<(String, String)>,
    files: Vec<Upload>,
}

impl MultipartForm {
    fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

async fn read_multipart(mut multipart: Multipart) -> AppResult<MultipartForm> {
    let mut form = MultipartForm {
        fields: Vec::new(),
        files: Vec::new(),
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request())?
    {
        let name = field.name().unwrap_or("").to_owned();
        if field.file_name().is_some() {
            let bytes: Bytes = field.bytes().await.map_err(|_| AppError::bad_request())?;
            if !bytes.is_empty() {
                form.files.push(Upload { bytes });
            }
        } else {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            form.fields.push((name, text));
        }
    }
    Ok(form)
}

fn client_of(address: &Option<String>) -> String {
    address.clone().unwrap_or_else(|| "unknown".to_owned())
}

#[derive(Template)]
#[template(path = "integrity/rate_limited.html")]
struct RateLimitedPage {
    shell: Shell,
    body: &'static str,
}

fn rate_limited(shell: Shell, body: &'static str) -> AppResult<Response> {
    let title = shell.t("integrity.rate_limited_title").to_owned();
    render_status(
        StatusCode::TOO_MANY_REQUESTS,
        &RateLimitedPage {
            shell: shell.with_title(title),
            body,
        },
    )
}

/// The form again, with what was typed (never the files) and the problems.
async fn form_again(
    state: &AppState,
    shell: Shell,
    input: NewReport,
    errors: FieldErrors,
    notice: Option<&'static str>,
    token: String,
) -> AppResult<Response> {
    let recipients = store::list_recipients(state.db.conn(), shell.tenant.id).await?;
    let title = shell.t("integrity.new.title").to_owned();
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &NewReportPage {
            shell: shell.with_title(title),
            form: input,
            errors,
            recipients,
            form_token: token,
            notice,
            open: true,
        },
    )
}

async fn submit(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(address): ClientAddress,
    multipart: Multipart,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let memory = memory::of(&state);
    let client = client_of(&address);
    if memory.reports.is_blocked(&client) {
        return rate_limited(shell, "integrity.rate_limited_reports");
    }
    let form = read_multipart(multipart).await?;
    let input = NewReport {
        who: form.get("who"),
        position: form.get("position"),
        when: form.get("when"),
        place: form.get("place"),
        what: form.get("what"),
        evidence: form.get("evidence"),
        name: form.get("name"),
        contact: form.get("contact"),
        consent_to_share: !form.get("consent_to_share").is_empty(),
        excluded_users: form
            .all("exclude")
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect(),
    };
    // A script filled in the hidden field: answer as if sent, keep nothing.
    if !form.get(HONEYPOT_FIELD).trim().is_empty() {
        memory.reports.record(&client);
        return Ok(Redirect::to("/corruption-reports").into_response());
    }
    let token = form.get("form_token");
    match check_form_time(&state, org, &token).await? {
        Ok(()) => {}
        Err("integrity.form_too_fast") => {
            return form_again(
                &state,
                shell,
                input,
                FieldErrors::default(),
                Some("integrity.form_too_fast"),
                token,
            )
            .await;
        }
        Err(notice) => {
            let fresh = form_token(&state, org).await?;
            return form_again(
                &state,
                shell,
                input,
                FieldErrors::default(),
                Some(notice),
                fresh,
            )
            .await;
        }
    }
    let had_files = !form.files.is_empty();
    match store::submit_report(
        &state.db,
        &state.files,
        costs(&state),
        org,
        input.clone(),
        form.files,
    )
    .await
    {
        Ok(submitted) => {
            memory.reports.record(&client);
            let cookie_token = memory.open_reporter_session(
                org,
                submitted.report_id,
                submitted.report_key,
                Some(submitted.receipt.into_inner()),
            );
            let mut response = Redirect::to("/corruption-reports/receipt").into_response();
            response
                .headers_mut()
                .append(SET_COOKIE, set_reporter_cookie(&state, &cookie_token, None));
            Ok(response)
        }
        Err(Error::Invalid(errors)) => {
            let notice = had_files.then_some("integrity.files_again");
            form_again(&state, shell, input, errors, notice, token).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "integrity/receipt.html")]
struct ReceiptPage {
    shell: Shell,
    receipt: String,
}

async fn show_receipt(State(state): State<AppState>, page: PublicPage) -> AppResult<Response> {
    let org = page.shell.tenant.id;
    let Some(reporter) = reporter_of(&state, &page.headers, org) else {
        return Ok(Redirect::to("/corruption-reports/follow-up").into_response());
    };
    let Some(receipt) = memory::of(&state).take_receipt(&reporter.token) else {
        return Ok(Redirect::to("/corruption-reports/my-report").into_response());
    };
    let title = page.shell.t("integrity.receipt.title").to_owned();
    render(&ReceiptPage {
        shell: page.shell.with_title(title),
        receipt: crate::crypto::format_receipt(&receipt),
    })
}

// ---------- public: follow-up ----------

#[derive(Template)]
#[template(path = "integrity/follow_up.html")]
struct FollowUpPage {
    shell: Shell,
    failed: bool,
}

async fn show_follow_up(Page(shell): Page) -> AppResult<Response> {
    let title = shell.t("integrity.follow.title").to_owned();
    render(&FollowUpPage {
        shell: shell.with_title(title),
        failed: false,
    })
}

#[derive(Deserialize)]
struct ReceiptForm {
    #[serde(default)]
    receipt: String,
}

async fn follow_up(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(address): ClientAddress,
    Form(form): Form<ReceiptForm>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let memory = memory::of(&state);
    let client = client_of(&address);
    if memory.wrong_receipts.is_blocked(&client) {
        return rate_limited(shell, "integrity.rate_limited_receipts");
    }
    let receipt = Secret::new(form.receipt);
    match store::open_with_receipt(&state.db, costs(&state), org, receipt.expose()).await? {
        Some((report_id, key)) => {
            let token = memory.open_reporter_session(org, report_id, key, None);
            let mut response = Redirect::to("/corruption-reports/my-report").into_response();
            response
                .headers_mut()
                .append(SET_COOKIE, set_reporter_cookie(&state, &token, None));
            Ok(response)
        }
        None => {
            memory.wrong_receipts.record(&client);
            let title = shell.t("integrity.follow.title").to_owned();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FollowUpPage {
                    shell: shell.with_title(title),
                    failed: true,
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "integrity/my_report.html")]
struct MyReportPage {
    shell: Shell,
    status: Status,
    outcome: Option<String>,
    received_on: NaiveDate,
    content: ReportContent,
    messages: Vec<MessageView>,
    attachments: Vec<AttachmentView>,
    identity_given: bool,
    consent_to_share: bool,
    revealed_on: Vec<DateTime<Utc>>,
    errors: FieldErrors,
    text: String,
}

async fn my_report_page(
    state: &AppState,
    shell: Shell,
    reporter: &Reporter,
    errors: FieldErrors,
    text: String,
) -> AppResult<Response> {
    let s = &reporter.session;
    let v = store::reporter_view(&state.db, s.organization_id, s.report_id, &s.report_key).await?;
    let title = shell.t("integrity.mine.title").to_owned();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &MyReportPage {
            shell: shell.with_title(title),
            status: v.status,
            outcome: v.outcome,
            received_on: v.received_on,
            content: v.content,
            messages: v.messages,
            attachments: v.attachments,
            identity_given: v.identity_given,
            consent_to_share: v.consent_to_share,
            revealed_on: v.revealed_on,
            errors,
            text,
        },
    )
}

fn need_receipt() -> Response {
    Redirect::to("/corruption-reports/follow-up").into_response()
}

async fn show_my_report(State(state): State<AppState>, page: PublicPage) -> AppResult<Response> {
    let Some(reporter) = reporter_of(&state, &page.headers, page.shell.tenant.id) else {
        return Ok(need_receipt());
    };
    my_report_page(
        &state,
        page.shell,
        &reporter,
        FieldErrors::default(),
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default)]
    text: String,
}

async fn reporter_message(
    State(state): State<AppState>,
    page: PublicPage,
    Form(form): Form<MessageForm>,
) -> AppResult<Response> {
    let Some(reporter) = reporter_of(&state, &page.headers, page.shell.tenant.id) else {
        return Ok(need_receipt());
    };
    let s = &reporter.session;
    match store::add_reporter_message(
        &state.db,
        s.organization_id,
        s.report_id,
        &s.report_key,
        &form.text,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/corruption-reports/my-report#messages").into_response()),
        Err(Error::Invalid(errors)) => {
            my_report_page(&state, page.shell, &reporter, errors, form.text).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn reporter_files(
    State(state): State<AppState>,
    page: PublicPage,
    multipart: Multipart,
) -> AppResult<Response> {
    let Some(reporter) = reporter_of(&state, &page.headers, page.shell.tenant.id) else {
        return Ok(need_receipt());
    };
    let form = read_multipart(multipart).await?;
    let s = &reporter.session;
    match store::add_reporter_files(
        &state.db,
        &state.files,
        s.organization_id,
        s.report_id,
        &s.report_key,
        form.files,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/corruption-reports/my-report#files").into_response()),
        Err(Error::Invalid(errors)) => {
            my_report_page(&state, page.shell, &reporter, errors, String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn reporter_identity(
    State(state): State<AppState>,
    page: PublicPage,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let Some(reporter) = reporter_of(&state, &page.headers, page.shell.tenant.id) else {
        return Ok(need_receipt());
    };
    let s = &reporter.session;
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    match store::set_reporter_identity(
        &state.db,
        s.organization_id,
        s.report_id,
        &s.report_key,
        &get("name"),
        &get("contact"),
        !get("consent_to_share").is_empty(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/corruption-reports/my-report#identity").into_response()),
        Err(Error::Invalid(errors)) => {
            my_report_page(&state, page.shell, &reporter, errors, String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn reporter_close(State(state): State<AppState>, page: PublicPage) -> AppResult<Response> {
    if let Some(token) = read_cookie(&page.headers, reporter_cookie(&state)) {
        memory::of(&state).close_reporter_session(&token);
    }
    let mut response = Redirect::to("/corruption-reports").into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, set_reporter_cookie(&state, "", Some(0)));
    response.headers_mut().insert(
        http::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\""),
    );
    Ok(response)
}

// ---------- staff: recipients ----------

/// A signed-in staff member who is a named recipient of their organization.
struct RecipientPage {
    shell: Shell,
    staff: Staff,
    token: String,
    row: recipient::Model,
}

/// A named recipient of the organization, or 404 for anyone else (administrators
/// included: the channel's pages do not show a non-recipient that reports exist).
async fn recipient_page(
    state: &AppState,
    page: StaffPage,
    parts_token: Option<String>,
) -> AppResult<RecipientPage> {
    let org = page.staff.organization_id;
    let token = parts_token.ok_or(AppError::not_found())?;
    let row = store::find_recipient(state.db.conn(), org, page.staff.user_id)
        .await?
        .ok_or(AppError::not_found())?;
    Ok(RecipientPage {
        shell: page.shell,
        staff: page.staff,
        token,
        row,
    })
}

/// The session token of a request, for handlers.
struct SessionToken(Option<String>);

impl<S> FromRequestParts<S> for SessionToken
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        Ok(SessionToken(session_token(parts, &app)))
    }
}

/// Whether the user has a second factor (the session is complete, so it was used).
async fn has_second_factor(state: &AppState, staff: &Staff) -> AppResult<bool> {
    use prongsai_db::entities::user;
    use prongsai_db::sea_orm::EntityTrait;
    Ok(user::Entity::find_by_id(staff.user_id)
        .one(state.db.conn())
        .await?
        .is_some_and(|u| u.totp_secret.is_some() && u.organization_id == staff.organization_id))
}

/// The proof needed to open reports: recipient, second factor, key unlocked in this
/// session. Otherwise a redirect to the unlock page.
async fn access_of(state: &AppState, rp: &RecipientPage) -> AppResult<RecipientAccess> {
    if !has_second_factor(state, &rp.staff).await? {
        return Err(AppError::Redirect("/staff/integrity/unlock".into()));
    }
    let unlocked = memory::of(state)
        .unlocked(&rp.token, rp.staff.organization_id, rp.staff.user_id)
        .filter(|u| u.recipient_id == rp.row.id)
        .ok_or_else(|| AppError::Redirect("/staff/integrity/unlock".into()))?;
    Ok(RecipientAccess {
        organization_id: unlocked.organization_id,
        user_id: unlocked.user_id,
        recipient_id: unlocked.recipient_id,
        secret: unlocked.secret,
    })
}

#[derive(Template)]
#[template(path = "integrity/staff_home.html")]
struct StaffHomePage {
    shell: Shell,
    is_admin: bool,
    is_recipient: bool,
    items: Vec<store::InboxItem>,
    channel_open: bool,
}

async fn show_staff_home(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
) -> AppResult<Response> {
    let org = page.staff.organization_id;
    let is_admin = page.staff.can::<ManageIntegrityChannel>();
    let is_recipient = store::find_recipient(state.db.conn(), org, page.staff.user_id)
        .await?
        .is_some();
    if !is_admin && !is_recipient {
        return Err(AppError::not_found());
    }
    let channel_open = store::find_channel(state.db.conn(), org).await?.is_some();
    let mut items = Vec::new();
    let shell = page.shell.clone();
    if is_recipient {
        let rp = recipient_page(&state, page, token).await?;
        let access = access_of(&state, &rp).await?;
        items = store::list_inbox(&state.db, &access).await?;
    }
    let title = shell.t("integrity.staff.title").to_owned();
    render(&StaffHomePage {
        shell: shell.with_title(title),
        is_admin,
        is_recipient,
        items,
        channel_open,
    })
}

#[derive(Template)]
#[template(path = "integrity/unlock.html")]
struct UnlockPage {
    shell: Shell,
    has_key: bool,
    second_factor: bool,
    error: Option<&'static str>,
    ask_previous: bool,
}

async fn show_unlock(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let second_factor = has_second_factor(&state, &rp.staff).await?;
    let title = rp.shell.t("integrity.unlock.title").to_owned();
    render(&UnlockPage {
        shell: rp.shell.with_title(title),
        has_key: rp.row.public_key.is_some(),
        second_factor,
        error: None,
        ask_previous: false,
    })
}

#[derive(Deserialize)]
struct UnlockForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    previous_password: String,
}

async fn unlock(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Form(form): Form<UnlockForm>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    if !has_second_factor(&state, &rp.staff).await? {
        return Err(AppError::forbidden());
    }
    let org = rp.staff.organization_id;
    let key = throttle::throttle_key(
        state.signin.throttle_secret.expose(),
        "integrity-unlock",
        &format!("{org}:{}", rp.staff.user_id),
    );
    let fail = |rp: RecipientPage, error: &'static str, ask_previous: bool| {
        let title = rp.shell.t("integrity.unlock.title").to_owned();
        render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &UnlockPage {
                shell: rp.shell.with_title(title),
                has_key: rp.row.public_key.is_some(),
                second_factor: true,
                error: Some(error),
                ask_previous,
            },
        )
    };
    if throttle::is_locked(&state.db, &key).await? {
        return fail(rp, "integrity.unlock.throttled", false);
    }
    let previous =
        (!form.previous_password.is_empty()).then(|| Secret::new(form.previous_password));
    match store::unlock_recipient_key(
        &state.db,
        costs(&state),
        org,
        rp.staff.user_id,
        Secret::new(form.password),
        previous.clone(),
    )
    .await
    {
        Ok((row, secret)) => {
            throttle::clear(&state.db, &key).await?;
            memory::of(&state).unlock(&rp.token, org, rp.staff.user_id, row.id, secret);
            Ok(Redirect::to("/staff/integrity").into_response())
        }
        Err(store::UnlockError::WrongPassword) => {
            throttle::record_failure(&state.db, &key, Rule::ACCOUNT).await?;
            fail(rp, "integrity.unlock.wrong", false)
        }
        Err(store::UnlockError::NeedsPreviousPassword) => {
            if previous.is_some() {
                throttle::record_failure(&state.db, &key, Rule::ACCOUNT).await?;
            }
            let error = if previous.is_some() {
                "integrity.unlock.previous_wrong"
            } else {
                "integrity.unlock.needs_previous"
            };
            fail(rp, error, true)
        }
        Err(store::UnlockError::Other(e)) => Err(e.into()),
    }
}

async fn lock(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    memory::of(&state).lock_session(&rp.token);
    Ok(Redirect::to("/staff").into_response())
}

#[derive(Template)]
#[template(path = "integrity/report.html")]
struct ReportPage {
    shell: Shell,
    v: RecipientView,
    revealed: Option<Identity>,
    errors: FieldErrors,
    authorities: &'static [&'static str],
    outcomes: &'static [&'static str],
    statuses: &'static [Status],
    today: String,
}

fn outcome_key(code: &str) -> String {
    format!("integrity.outcome.{code}")
}

fn size_in_kb(bytes: &usize) -> String {
    format!("{:.0}", (*bytes as f64 / 1024.0).ceil())
}

impl MyReportPage {
    fn day_of(&self, at: &DateTime<Utc>) -> String {
        self.shell.date(&at.date_naive())
    }

    fn outcome_label(&self, code: &str) -> String {
        outcome_key(code)
    }

    fn status_help(&self) -> String {
        format!("integrity.status_help.{}", self.status.code())
    }

    fn size_kb(&self, bytes: &usize) -> String {
        size_in_kb(bytes)
    }
}

impl ReportPage {
    fn day_of(&self, at: &DateTime<Utc>) -> String {
        self.shell.date(&at.date_naive())
    }

    fn outcome_label(&self, code: &str) -> String {
        outcome_key(code)
    }

    fn is_current_status(&self, s: &Status) -> bool {
        *s == self.v.status
    }

    fn authority_label(&self, code: &str) -> String {
        format!("integrity.authority.{code}")
    }

    fn status_label(&self, code: &str) -> String {
        format!("integrity.status.{code}")
    }

    /// Locale key of an audit action (`integrity.report.read` -> `integrity.action.report_read`).
    fn action_label(&self, action: &str) -> String {
        format!(
            "integrity.action.{}",
            action.trim_start_matches("integrity.").replace('.', "_")
        )
    }

    fn size_kb(&self, bytes: &usize) -> String {
        size_in_kb(bytes)
    }

    /// Locale key of an event's kind.
    fn event_label(&self, e: &EventView) -> &'static str {
        match e.kind.as_str() {
            "status" => "integrity.event.status",
            "reveal" => "integrity.event.reveal",
            _ => "integrity.event.referral",
        }
    }
}

async fn report_page(
    state: &AppState,
    shell: Shell,
    v: RecipientView,
    revealed: Option<Identity>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let title = format!("{} #{}", shell.t("integrity.report.title"), v.id);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let _ = state;
    render_status(
        status,
        &ReportPage {
            shell: shell.with_title(title),
            v,
            revealed,
            errors,
            authorities: &AUTHORITIES,
            outcomes: &OUTCOMES,
            statuses: &Status::ALL,
            today: prongsai_kernel::clock::today_in_thailand().to_string(),
        },
    )
}

async fn show_report(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    let v = store::read_report(&state.db, &access, id).await?;
    report_page(&state, rp.shell, v, None, FieldErrors::default()).await
}

/// After a failed action on a report: the page again with the errors (the re-read is
/// audited like any read).
async fn report_again(
    state: &AppState,
    rp: RecipientPage,
    access: &RecipientAccess,
    id: i64,
    e: Error,
) -> AppResult<Response> {
    match e {
        Error::Invalid(errors) => {
            let v = store::read_report(&state.db, access, id).await?;
            report_page(state, rp.shell, v, None, errors).await
        }
        other => Err(other.into()),
    }
}

async fn recipient_message(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path(id): Path<i64>,
    Form(form): Form<MessageForm>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    match store::add_recipient_message(&state.db, &access, id, &form.text).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/staff/integrity/reports/{id}#messages")).into_response())
        }
        Err(e) => report_again(&state, rp, &access, id, e).await,
    }
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

async fn change_status(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    match store::change_status(
        &state.db,
        &access,
        id,
        &form.status,
        &form.outcome,
        &form.note,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/integrity/reports/{id}")).into_response()),
        Err(e) => report_again(&state, rp, &access, id, e).await,
    }
}

#[derive(Deserialize)]
struct RevealForm {
    #[serde(default)]
    reason: String,
}

async fn reveal(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path(id): Path<i64>,
    Form(form): Form<RevealForm>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    match store::reveal_identity(&state.db, &access, id, &form.reason).await {
        Ok(who) => {
            let v = store::read_report(&state.db, &access, id).await?;
            report_page(&state, rp.shell, v, Some(who), FieldErrors::default()).await
        }
        Err(e) => report_again(&state, rp, &access, id, e).await,
    }
}

async fn refer(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path(id): Path<i64>,
    Form(form): Form<NewReferral>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    match store::record_referral(&state.db, &access, id, &form).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/staff/integrity/reports/{id}#events")).into_response())
        }
        Err(e) => report_again(&state, rp, &access, id, e).await,
    }
}

async fn download_file(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path((id, file)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    let (view, bytes) = store::read_attachment(&state.db, &state.files, &access, id, file).await?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&view.mime)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"evidence-{}.{}\"",
            view.id,
            view.name.rsplit('.').next().unwrap_or("bin")
        ))
        .unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(
        http::HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}

async fn export(
    State(state): State<AppState>,
    page: StaffPage,
    SessionToken(token): SessionToken,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let rp = recipient_page(&state, page, token).await?;
    let access = access_of(&state, &rp).await?;
    let text = store::export_report(&state.db, &access, id).await?;
    let mut response = text.into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response.headers_mut().insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"corruption-report-{id}.txt\""
        ))
        .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(response)
}

// ---------- staff: administrators ----------

#[derive(Template)]
#[template(path = "integrity/settings.html")]
struct SettingsPage {
    shell: Shell,
    channel: Option<crate::model::channel::Model>,
    recipients: Vec<RecipientInfo>,
    candidates: Vec<(i64, String)>,
    missing_wraps: u64,
    errors: FieldErrors,
    recovery_key: Option<String>,
    rewrapped: Option<u64>,
}

async fn settings_page(
    state: &AppState,
    page: StaffPage,
    errors: FieldErrors,
    recovery_key: Option<String>,
    rewrapped: Option<u64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageIntegrityChannel>()?;
    let org = auth.organization_id();
    let channel = store::find_channel(state.db.conn(), org).await?;
    let recipients = store::list_recipients(state.db.conn(), org).await?;
    let candidates = store::list_recipient_candidates(state.db.conn(), org).await?;
    let missing_wraps = store::count_missing_wraps(state.db.conn(), org).await?;
    let title = page.shell.t("integrity.settings.title").to_owned();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SettingsPage {
            shell: page.shell.with_title(title),
            channel,
            recipients,
            candidates,
            missing_wraps,
            errors,
            recovery_key,
            rewrapped,
        },
    )
}

async fn show_settings(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    settings_page(&state, page, FieldErrors::default(), None, None).await
}

async fn set_up(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageIntegrityChannel>()?;
    let key = store::set_up_channel(&state.db, &auth).await?;
    settings_page(
        &state,
        page,
        FieldErrors::default(),
        Some(key.into_inner()),
        None,
    )
    .await
}

#[derive(Deserialize)]
struct AddRecipientForm {
    #[serde(default)]
    user_id: String,
}

async fn add_recipient(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<AddRecipientForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageIntegrityChannel>()?;
    let user_id: i64 = form.user_id.parse().map_err(|_| AppError::bad_request())?;
    store::add_recipient(&state.db, &auth, user_id).await?;
    Ok(Redirect::to("/staff/integrity/settings").into_response())
}

async fn remove_recipient(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageIntegrityChannel>()?;
    let user_id = store::remove_recipient(&state.db, &auth, id).await?;
    memory::of(&state).lock_user(auth.organization_id(), user_id);
    Ok(Redirect::to("/staff/integrity/settings").into_response())
}

#[derive(Deserialize)]
struct RetentionForm {
    #[serde(default)]
    retention_days: String,
}

async fn set_retention(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<RetentionForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageIntegrityChannel>()?;
    let days: i32 = form.retention_days.trim().parse().unwrap_or(0);
    match store::set_retention(&state.db, &auth, days).await {
        Ok(()) => Ok(Redirect::to("/staff/integrity/settings").into_response()),
        Err(Error::Invalid(errors)) => settings_page(&state, page, errors, None, None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct RewrapForm {
    #[serde(default)]
    recovery_key: String,
}

async fn rewrap(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<RewrapForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageIntegrityChannel>()?;
    match store::rewrap_with_recovery_key(&state.db, &auth, Secret::new(form.recovery_key)).await {
        Ok(n) => settings_page(&state, page, FieldErrors::default(), None, Some(n)).await,
        Err(Error::Invalid(errors)) => settings_page(&state, page, errors, None, None).await,
        Err(e) => Err(e.into()),
    }
}
