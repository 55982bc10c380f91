//! Pages: public `/assets...`, staff `/staff/assets...`.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use http::header::CACHE_CONTROL;
use http::{HeaderValue, StatusCode};
use prongsai_db::entities::division;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::throttle::{self, Rule};
use prongsai_web::extract::ClientAddress;
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, FormFields, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{CATEGORIES, CONDITIONS, asset, inspection};
use crate::permissions::{DecideBookings, ManageAssets};
use crate::store::{
    self, AssetInput, Availability, BookingInput, BookingRow, DecisionScope, FindingInput,
    HandoverInput, InspectionDetail, InspectionInput, MonthGrid, ReturnInput,
};

/// Borrow requests one client may send: 5 an hour, then an hour's wait.
pub const RATE: Rule = Rule {
    max_failures: 5,
    window: chrono::Duration::hours(1),
    lockout: chrono::Duration::hours(1),
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets", get(list_public))
        .route("/assets.csv", get(crate::api::assets_csv))
        .route("/assets/track", get(track))
        .route("/assets/requests/{code}", get(show_request))
        .route("/assets/requests/{code}/cancel", post(cancel_request))
        .route("/assets/inspections/{id}", get(show_inspection_public))
        .route("/assets/{id}", get(show_public))
        .route("/assets/{id}/book", post(book))
        .route("/api/v1/assets", get(crate::api::list_json))
        .route("/api/v1/assets/{id}", get(crate::api::show_json))
        .route("/staff/assets", get(list_staff))
        .route(
            "/staff/assets/register.xlsx",
            get(crate::api::register_xlsx),
        )
        .route("/staff/assets/new", get(show_new).post(create))
        .route("/staff/assets/manual", get(show_manual).post(save_manual))
        .route("/staff/assets/bookings", get(list_bookings))
        .route(
            "/staff/assets/bookings/new",
            get(show_new_booking).post(create_booking),
        )
        .route("/staff/assets/bookings/{id}", get(show_booking))
        .route("/staff/assets/bookings/{id}/decide", post(decide))
        .route("/staff/assets/bookings/{id}/hand-over", post(hand_over))
        .route("/staff/assets/bookings/{id}/return", post(record_return))
        .route("/staff/assets/bookings/{id}/cancel", post(cancel_booking))
        .route(
            "/staff/assets/inspections/new",
            get(show_new_inspection).post(create_inspection),
        )
        .route("/staff/assets/inspections/{id}", get(show_inspection_staff))
        .route("/staff/assets/{id}", get(show_staff).post(update))
        .merge(crate::register::routes())
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn today() -> NaiveDate {
    prongsai_kernel::clock::today_in_thailand()
}

/// Helpers every page of this capability uses in its templates.
pub trait Labels {
    fn shell(&self) -> &Shell;
    fn condition(&self, code: &str) -> &'static str {
        crate::model::condition_name(code, self.shell().is_en())
    }
    fn category(&self, code: &str) -> &'static str {
        crate::model::category_name(code, self.shell().is_en())
    }
    fn status(&self, code: &str) -> &'static str {
        crate::model::status_name(code, self.shell().is_en())
    }
    fn day(&self, d: &NaiveDate) -> String {
        if self.shell().is_en() {
            prongsai_thai::format_date_en(*d)
        } else {
            store::thai_date(*d)
        }
    }
    fn range(&self, a: &NaiveDate, b: &NaiveDate) -> String {
        if self.shell().is_en() {
            prongsai_thai::format_date_range_en(*a, *b)
        } else {
            store::thai_range(*a, *b)
        }
    }
    fn baht(&self, s: &i64) -> String {
        prongsai_thai::format_baht(*s)
    }
    fn month_title(&self, first: &NaiveDate) -> String {
        use chrono::Datelike;
        if self.shell().is_en() {
            format!(
                "{} {}",
                prongsai_thai::months::english_month(first.month()).unwrap_or(""),
                first.year()
            )
        } else {
            format!(
                "{} {}",
                prongsai_thai::months::thai_month(first.month()).unwrap_or(""),
                prongsai_thai::be_from_ce(first.year())
            )
        }
    }
    fn day_num(&self, d: &NaiveDate) -> u32 {
        use chrono::Datelike;
        d.day()
    }
    fn code(&self, c: &str) -> String {
        prongsai_kernel::tracking::format_tracking_code(c)
    }
}

macro_rules! labels {
    ($($t:ty),*) => { $(impl Labels for $t { fn shell(&self) -> &Shell { &self.shell } })* };
}

labels!(
    PublicListPage,
    PublicShowPage,
    RequestPage,
    InspectionPage,
    StaffListPage,
    AssetFormPage,
    BookingsPage,
    BookingFormPage,
    BookingPage,
    NewInspectionPage
);

const WEEKDAYS_TH: [&str; 7] = ["จ", "อ", "พ", "พฤ", "ศ", "ส", "อา"];
const WEEKDAYS_EN: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

fn weekdays(shell: &Shell) -> [&'static str; 7] {
    if shell.is_en() {
        WEEKDAYS_EN
    } else {
        WEEKDAYS_TH
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "assets/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<Availability>,
    manual: Option<(String, i32, chrono::DateTime<chrono::Utc>)>,
    inspections: Vec<inspection::Model>,
    register_published: bool,
}

async fn list_public(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let org = shell.tenant.id;
    let items = store::public_availability(&state.db, org, today()).await?;
    let manual = store::manual(&state.db, org).await?;
    let inspections = store::list_inspections(&state.db, org).await?;
    let register_published = prongsai_kernel::publication::get_publication_status(
        state.db.conn(),
        org,
        crate::register::REGISTER_KIND,
        org,
    )
    .await?
    .state
        == prongsai_kernel::publication::PublicationState::Published;
    let title = shell.t("assets.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
        manual,
        inspections,
        register_published,
    })
}

#[derive(Template)]
#[template(path = "assets/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    item: Availability,
    grid: MonthGrid,
    prev: String,
    next: String,
    weekdays: [&'static str; 7],
    form: BookingInput,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct MonthQuery {
    #[serde(default)]
    month: String,
}

async fn public_page(
    state: &AppState,
    shell: Shell,
    id: i64,
    month: &str,
    form: BookingInput,
    errors: FieldErrors,
) -> AppResult<PublicShowPage> {
    let org = shell.tenant.id;
    let a = store::public_asset(&state.db, org, id).await?;
    let today = today();
    let item = store::availability_of(&state.db, a, today).await?;
    let first = store::parse_month(month).unwrap_or_else(|| store::add_months(today, 0));
    let first = store::add_months(first, 0);
    let grid = store::month_grid(first, &item.booked, today);
    let title = item.asset.name.clone();
    Ok(PublicShowPage {
        weekdays: weekdays(&shell),
        shell: shell.with_title(title),
        prev: store::add_months(grid.first, -1)
            .format("%Y-%m")
            .to_string(),
        next: store::add_months(grid.first, 1).format("%Y-%m").to_string(),
        item,
        grid,
        form,
        errors,
    })
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    let page = public_page(
        &state,
        shell,
        id,
        &q.month,
        BookingInput::default(),
        FieldErrors::default(),
    )
    .await?;
    Ok(no_store(render(&page)?))
}

#[derive(Template)]
#[template(path = "assets/rate_limited.html")]
struct RateLimitedPage {
    shell: Shell,
}

async fn book(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Path(id): Path<i64>,
    Form(mut form): Form<BookingInput>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    // The item must exist and be borrowable before anything else.
    store::public_asset(&state.db, org, id).await?;
    let secret =
        prongsai_kernel::settings::get_or_create_secret(state.db.conn(), "throttle_key").await?;
    let key = throttle::throttle_key(
        secret.expose(),
        "asset-booking-client",
        &format!("{org}:{}", client.as_deref().unwrap_or("unknown")),
    );
    if throttle::is_locked(&state.db, &key).await? {
        let title = shell.t("assets.rate_limited_title").to_owned();
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &RateLimitedPage {
                shell: shell.with_title(title),
            },
        );
    }
    // A script filled in the hidden field: count it, keep nothing.
    if !form.website.trim().is_empty() {
        throttle::record_failure(&state.db, &key, RATE).await?;
        return Ok(Redirect::to(&format!("/assets/{id}")).into_response());
    }
    form.asset_id = id.to_string();
    match store::request_booking(&state.db, org, &form).await {
        Ok(b) => {
            throttle::record_failure(&state.db, &key, RATE).await?;
            Ok(Redirect::to(&format!("/assets/requests/{}", b.tracking_code)).into_response())
        }
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let month = store::parse_date(&form.starts_on)
                .ok()
                .flatten()
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default();
            let page = public_page(&state, shell, id, &month, form, errors).await?;
            Ok(no_store(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page,
            )?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "assets/request.html")]
struct RequestPage {
    shell: Shell,
    row: BookingRow,
    errors: FieldErrors,
}

async fn show_request(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let row = store::find_by_tracking_code(&state.db, shell.tenant.id, &code).await?;
    let title = shell.t("assets.request_title").to_owned();
    Ok(no_store(render(&RequestPage {
        shell: shell.with_title(title),
        row,
        errors: FieldErrors::default(),
    })?))
}

/// The borrower cancels on the status page; the tracking code is the proof.
async fn cancel_request(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    match store::cancel_by_borrower(&state.db, org, &code).await {
        Ok(()) => Ok(Redirect::to(&format!("/assets/requests/{code}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let row = store::find_by_tracking_code(&state.db, org, &code).await?;
            let title = shell.t("assets.request_title").to_owned();
            Ok(no_store(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &RequestPage {
                    shell: shell.with_title(title),
                    row,
                    errors,
                },
            )?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct TrackQuery {
    #[serde(default)]
    code: String,
}

async fn track(Query(q): Query<TrackQuery>) -> AppResult<Response> {
    match prongsai_kernel::tracking::parse_tracking_code(&q.code) {
        Some(code) => Ok(Redirect::to(&format!("/assets/requests/{code}")).into_response()),
        None => Err(AppError::not_found()),
    }
}

#[derive(Template)]
#[template(path = "assets/inspection.html")]
struct InspectionPage {
    shell: Shell,
    detail: InspectionDetail,
    staff: bool,
}

async fn show_inspection_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let detail = store::get_inspection(&state.db, shell.tenant.id, id).await?;
    let title = shell.t("assets.inspection_title").to_owned();
    render(&InspectionPage {
        shell: shell.with_title(title),
        detail,
        staff: false,
    })
}

// ---------- staff: register ----------

#[derive(Template)]
#[template(path = "assets/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<asset::Model>,
    divisions: HashMap<i64, String>,
    overdue: usize,
    pending: usize,
    inspections: Vec<inspection::Model>,
    register: crate::register::RegisterState,
    errors: FieldErrors,
    change_note: String,
}

impl StaffListPage {
    fn division(&self, id: &Option<i64>) -> &str {
        id.and_then(|i| self.divisions.get(&i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

fn division_map(shell: &Shell, divisions: &[division::Model]) -> HashMap<i64, String> {
    divisions
        .iter()
        .map(|d| {
            (
                d.id,
                if shell.is_en() && !d.name_en.is_empty() {
                    d.name_en.clone()
                } else {
                    d.name_th.clone()
                },
            )
        })
        .collect()
}

async fn list_staff(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    staff_list_with(&state, page, FieldErrors::default(), String::new()).await
}

/// The register's staff page; with `errors` (from publishing or withdrawing the register)
/// it answers 422 with the messages next to the form.
pub async fn staff_list_with(
    state: &AppState,
    page: StaffPage,
    errors: FieldErrors,
    change_note: String,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let org = auth.organization_id();
    let rows = store::list_assets(&state.db, org).await?;
    let divisions = division_map(&page.shell, &store::division_names(&state.db, org).await?);
    let bookings = store::list_bookings(&state.db, org, None).await?;
    let today = today();
    let overdue = bookings.iter().filter(|b| b.is_overdue(today)).count();
    let pending = bookings
        .iter()
        .filter(|b| b.booking.status == "pending")
        .count();
    let inspections = store::list_inspections(&state.db, org).await?;
    let register = crate::register::register_state(&state.db, org).await?;
    let title = page.shell.t("assets.staff_title").to_owned();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &StaffListPage {
            shell: page.shell.with_title(title),
            rows,
            divisions,
            overdue,
            pending,
            inspections,
            register,
            errors,
            change_note,
        },
    )
}

#[derive(Template)]
#[template(path = "assets/asset_form.html")]
struct AssetFormPage {
    shell: Shell,
    id: Option<i64>,
    form: AssetInput,
    errors: FieldErrors,
    divisions: Vec<division::Model>,
    bookings: Vec<BookingRow>,
}

impl AssetFormPage {
    fn categories(&self) -> Vec<(&'static str, &'static str)> {
        CATEGORIES
            .iter()
            .map(|c| (c.0, if self.shell.is_en() { c.2 } else { c.1 }))
            .collect()
    }
    fn conditions(&self) -> Vec<(&'static str, &'static str)> {
        CONDITIONS
            .iter()
            .map(|c| (c.0, if self.shell.is_en() { c.2 } else { c.1 }))
            .collect()
    }
    fn division_selected(&self, id: &i64) -> bool {
        self.form.division_id.trim() == id.to_string()
    }
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/staff/assets/{id}"),
            None => "/staff/assets/new".to_owned(),
        }
    }
}

async fn asset_form(
    state: &AppState,
    page: StaffPage,
    id: Option<i64>,
    form: Option<AssetInput>,
    errors: FieldErrors,
) -> AppResult<AssetFormPage> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let org = auth.organization_id();
    let (form, bookings) = match id {
        Some(id) => {
            let a = store::get_asset(&state.db, &auth, id).await?;
            (
                form.unwrap_or_else(|| AssetInput::of(&a)),
                store::list_bookings(&state.db, org, Some(id)).await?,
            )
        }
        None => (
            form.unwrap_or_else(|| AssetInput {
                condition: "good".into(),
                ..Default::default()
            }),
            Vec::new(),
        ),
    };
    let title = if id.is_some() {
        format!("{} {}", page.shell.t("assets.edit"), form.code)
    } else {
        page.shell.t("assets.new").to_owned()
    };
    Ok(AssetFormPage {
        shell: page.shell.with_title(title),
        id,
        form,
        errors,
        divisions: store::division_names(&state.db, org).await?,
        bookings,
    })
}

async fn show_new(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    render(&asset_form(&state, page, None, None, FieldErrors::default()).await?)
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<AssetInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    match store::create_asset(&state.db, &auth, &form).await {
        Ok(a) => Ok(Redirect::to(&format!("/staff/assets/{}", a.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &asset_form(&state, page, None, Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&asset_form(&state, page, Some(id), None, FieldErrors::default()).await?)
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<AssetInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    match store::update_asset(&state.db, &auth, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/assets/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &asset_form(&state, page, Some(id), Some(form), errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------- staff: the borrowing manual ----------

#[derive(Template)]
#[template(path = "assets/manual_form.html")]
struct ManualPage {
    shell: Shell,
    body: String,
    version: Option<i32>,
    errors: FieldErrors,
}

#[derive(Deserialize)]
struct ManualForm {
    #[serde(default)]
    manual_body: String,
}

async fn show_manual(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let current = store::manual(&state.db, auth.organization_id()).await?;
    let title = page.shell.t("assets.manual").to_owned();
    render(&ManualPage {
        shell: page.shell.with_title(title),
        version: current.as_ref().map(|c| c.1),
        body: current
            .map(|c| c.0)
            .unwrap_or_else(|| store::DEFAULT_MANUAL.to_owned()),
        errors: FieldErrors::default(),
    })
}

async fn save_manual(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<ManualForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    match store::publish_manual(&state.db, &auth, &form.manual_body).await {
        Ok(_) => Ok(Redirect::to("/staff/assets/manual").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let title = page.shell.t("assets.manual").to_owned();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ManualPage {
                    shell: page.shell.with_title(title),
                    version: None,
                    body: form.manual_body,
                    errors,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- staff: bookings ----------

#[derive(Template)]
#[template(path = "assets/bookings.html")]
struct BookingsPage {
    shell: Shell,
    rows: Vec<BookingRow>,
    today: NaiveDate,
}

async fn list_bookings(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let rows = store::list_bookings(&state.db, auth.organization_id(), None).await?;
    let title = page.shell.t("assets.bookings").to_owned();
    render(&BookingsPage {
        shell: page.shell.with_title(title),
        rows,
        today: today(),
    })
}

#[derive(Template)]
#[template(path = "assets/booking_form.html")]
struct BookingFormPage {
    shell: Shell,
    assets: Vec<asset::Model>,
    form: BookingInput,
    errors: FieldErrors,
}

async fn booking_form(
    state: &AppState,
    page: StaffPage,
    form: BookingInput,
    errors: FieldErrors,
) -> AppResult<BookingFormPage> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let assets = store::list_assets(&state.db, auth.organization_id())
        .await?
        .into_iter()
        .filter(|a| a.condition != "disposed")
        .collect();
    let title = page.shell.t("assets.new_booking").to_owned();
    Ok(BookingFormPage {
        shell: page.shell.with_title(title),
        assets,
        form,
        errors,
    })
}

#[derive(Deserialize)]
struct NewBookingQuery {
    #[serde(default)]
    asset: String,
}

async fn show_new_booking(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<NewBookingQuery>,
) -> AppResult<Response> {
    let form = BookingInput {
        asset_id: q.asset,
        ..Default::default()
    };
    render(&booking_form(&state, page, form, FieldErrors::default()).await?)
}

async fn create_booking(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<BookingInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    match store::create_staff_booking(&state.db, &auth, &form).await {
        Ok(b) => Ok(Redirect::to(&format!("/staff/assets/bookings/{}", b.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &booking_form(&state, page, form, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "assets/booking.html")]
struct BookingPage {
    shell: Shell,
    row: BookingRow,
    can_decide: bool,
    errors: FieldErrors,
    decision_note: String,
    handover: HandoverInput,
    ret: ReturnInput,
    grid: MonthGrid,
    weekdays: [&'static str; 7],
    today: NaiveDate,
    cancel_reason: String,
}

impl BookingPage {
    fn conditions(&self) -> Vec<(&'static str, &'static str)> {
        CONDITIONS
            .iter()
            .filter(|c| c.0 != "disposed")
            .map(|c| (c.0, if self.shell.is_en() { c.2 } else { c.1 }))
            .collect()
    }
    fn is_overdue(&self) -> bool {
        self.row.is_overdue(self.today)
    }
}

#[derive(Default)]
struct BookingParts {
    errors: FieldErrors,
    decision_note: String,
    handover: Option<HandoverInput>,
    ret: Option<ReturnInput>,
    cancel_reason: String,
}

async fn booking_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    parts: BookingParts,
) -> AppResult<BookingPage> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let row = store::get_booking(&state.db, &auth, id).await?;
    let can_decide = page.staff.can::<DecideBookings>()
        && DecisionScope::of(&page.staff)
            .allows(state.db.conn(), &row.asset)
            .await?;
    let booked: Vec<(NaiveDate, NaiveDate)> =
        store::holding_bookings(state.db.conn(), auth.organization_id(), row.asset.id)
            .await?
            .into_iter()
            .map(|b| (b.starts_on, b.ends_on))
            .collect();
    let today = today();
    let grid = store::month_grid(row.booking.starts_on, &booked, today);
    let title = format!(
        "{} {}",
        page.shell.t("assets.booking"),
        prongsai_kernel::tracking::format_tracking_code(&row.booking.tracking_code)
    );
    Ok(BookingPage {
        weekdays: weekdays(&page.shell),
        shell: page.shell.with_title(title),
        handover: parts.handover.unwrap_or_else(|| HandoverInput {
            handed_over_on: store::input_date(today),
            handed_over_by: page.staff.display_name.clone(),
            ..Default::default()
        }),
        ret: parts.ret.unwrap_or_else(|| ReturnInput {
            returned_on: store::input_date(today),
            return_condition: "good".into(),
            ..Default::default()
        }),
        row,
        can_decide,
        errors: parts.errors,
        decision_note: parts.decision_note,
        cancel_reason: parts.cancel_reason,
        grid,
        today,
    })
}

async fn show_booking(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&booking_page(&state, page, id, BookingParts::default()).await?)
}

async fn after_booking(
    state: &AppState,
    page: StaffPage,
    id: i64,
    result: prongsai_kernel::Result<()>,
    parts: impl FnOnce(FieldErrors) -> BookingParts,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/assets/bookings/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &booking_page(state, page, id, parts(errors)).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    decision_note: String,
}

async fn decide(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<DecideBookings>()?;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(AppError::bad_request()),
    };
    let scope = DecisionScope::of(&page.staff);
    let r = store::decide(&state.db, &auth, &scope, id, approve, &form.decision_note).await;
    after_booking(&state, page, id, r, |errors| BookingParts {
        errors,
        decision_note: form.decision_note,
        ..Default::default()
    })
    .await
}

async fn hand_over(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<HandoverInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let r = store::hand_over(&state.db, &auth, id, &form).await;
    after_booking(&state, page, id, r, |errors| BookingParts {
        errors,
        handover: Some(form),
        ..Default::default()
    })
    .await
}

async fn record_return(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<ReturnInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let r = store::record_return(&state.db, &auth, id, &form).await;
    after_booking(&state, page, id, r, |errors| BookingParts {
        errors,
        ret: Some(form),
        ..Default::default()
    })
    .await
}

#[derive(Deserialize)]
struct CancelForm {
    #[serde(default)]
    cancel_reason: String,
}

async fn cancel_booking(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<CancelForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let r = store::cancel_by_staff(&state.db, &auth, id, &form.cancel_reason).await;
    after_booking(&state, page, id, r, |errors| BookingParts {
        errors,
        cancel_reason: form.cancel_reason,
        ..Default::default()
    })
    .await
}

// ---------- staff: inspections ----------

#[derive(Template)]
#[template(path = "assets/inspection_form.html")]
struct NewInspectionPage {
    shell: Shell,
    assets: Vec<asset::Model>,
    form: InspectionInput,
    findings: HashMap<i64, FindingInput>,
    errors: FieldErrors,
}

impl NewInspectionPage {
    fn conditions(&self) -> Vec<(&'static str, &'static str)> {
        CONDITIONS
            .iter()
            .map(|c| (c.0, if self.shell.is_en() { c.2 } else { c.1 }))
            .collect()
    }
    fn found(&self, id: &i64) -> bool {
        self.findings.get(id).is_none_or(|f| f.found)
    }
    fn condition_of(&self, a: &asset::Model) -> String {
        self.findings
            .get(&a.id)
            .map(|f| f.condition.clone())
            .unwrap_or_else(|| a.condition.clone())
    }
    fn notes_of(&self, id: &i64) -> String {
        self.findings
            .get(id)
            .map(|f| f.notes.clone())
            .unwrap_or_default()
    }
}

async fn new_inspection_page(
    state: &AppState,
    page: StaffPage,
    form: InspectionInput,
    findings: HashMap<i64, FindingInput>,
    errors: FieldErrors,
) -> AppResult<NewInspectionPage> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let assets = store::list_assets(&state.db, auth.organization_id())
        .await?
        .into_iter()
        .filter(|a| a.condition != "disposed")
        .collect();
    let title = page.shell.t("assets.new_inspection").to_owned();
    Ok(NewInspectionPage {
        shell: page.shell.with_title(title),
        assets,
        form,
        findings,
        errors,
    })
}

async fn show_new_inspection(
    State(state): State<AppState>,
    page: StaffPage,
) -> AppResult<Response> {
    let form = InspectionInput {
        inspected_on: store::input_date(today()),
        ..Default::default()
    };
    render(&new_inspection_page(&state, page, form, HashMap::new(), FieldErrors::default()).await?)
}

/// The form's findings: `found_<id>`, `condition_<id>`, `notes_<id>` for every item listed
/// (`item` repeated).
fn findings_of(fields: &FormFields) -> Vec<FindingInput> {
    fields
        .all("item")
        .into_iter()
        .filter_map(|raw| raw.parse::<i64>().ok())
        .map(|id| FindingInput {
            asset_id: id,
            found: !fields.get(&format!("found_{id}")).is_empty(),
            condition: fields.get(&format!("condition_{id}")).to_owned(),
            notes: fields.get(&format!("notes_{id}")).to_owned(),
        })
        .collect()
}

async fn create_inspection(
    State(state): State<AppState>,
    page: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let form = InspectionInput {
        inspected_on: fields.get("inspected_on").to_owned(),
        committee: fields.get("committee").to_owned(),
        summary: fields.get("summary").to_owned(),
    };
    let findings = findings_of(&fields);
    match store::create_inspection(&state.db, &auth, &form, &findings).await {
        Ok(i) => Ok(Redirect::to(&format!("/staff/assets/inspections/{}", i.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let map = findings.into_iter().map(|f| (f.asset_id, f)).collect();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_inspection_page(&state, page, form, map, errors).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

async fn show_inspection_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let detail = store::get_inspection(&state.db, auth.organization_id(), id).await?;
    let title = page.shell.t("assets.inspection_title").to_owned();
    render(&InspectionPage {
        shell: page.shell.with_title(title),
        detail,
        staff: true,
    })
}
