//! Pages: public `/no-gift...`, staff `/staff/gifts...`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use http::StatusCode;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::publication::{PublicationState, PublicationStatus};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::Deserialize;

use crate::model::{DECISIONS, gift_declaration};
use crate::permissions::{ManageGifts, PublishGifts, SignGiftDeclaration};
use crate::store::{
    self, ActivityInput, DeclarationInput, EntryInput, GiftYearSnapshot, PublicYear, YearDetail,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/no-gift", get(list_public))
        .route("/no-gift.csv", get(crate::api::register_csv))
        .route("/no-gift/{fy}", get(show_public))
        .route("/no-gift/{fy}/history", get(show_history))
        .route("/no-gift/{fy}/{file}", get(crate::report::download))
        .route(
            "/no-gift/{fy}/register.xlsx",
            get(crate::api::register_xlsx),
        )
        .route("/api/v1/no-gift", get(crate::api::list_json))
        .route("/api/v1/no-gift/{fy}", get(crate::api::show_json))
        .route("/staff/gifts", get(list_staff))
        .route("/staff/gifts/new", get(show_new).post(create))
        .route("/staff/gifts/{id}", get(show_staff).post(update))
        .route("/staff/gifts/{id}/sign", post(sign))
        .route("/staff/gifts/{id}/activities", post(add_activity))
        .route("/staff/gifts/{id}/entries", post(add_entry))
        .route("/staff/gifts/{id}/nil", post(add_nil))
        .route("/staff/gifts/{id}/annual", post(annual))
        .route("/staff/gifts/{id}/publish", post(publish))
        .route("/staff/gifts/{id}/withdraw", post(withdraw))
}

pub fn parse_fy(raw: &str) -> Option<i32> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| (2500..=2700).contains(y))
}

pub fn baht(satang: &i64) -> String {
    prongsai_thai::format_baht(*satang)
}

fn month_label(shell: &Shell, m: &NaiveDate) -> String {
    use chrono::Datelike;
    if shell.is_en() {
        format!(
            "{} {}",
            prongsai_thai::months::english_month(m.month()).unwrap_or(""),
            m.year()
        )
    } else {
        format!(
            "{} {}",
            prongsai_thai::months::thai_month(m.month()).unwrap_or(""),
            prongsai_thai::be_from_ce(m.year())
        )
    }
}

// ---------- public ----------

#[derive(Template)]
#[template(path = "gifts/public_list.html")]
struct PublicListPage {
    shell: Shell,
    items: Vec<PublicYear>,
}

async fn list_public(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_years(&state.db, shell.tenant.id).await?;
    let title = shell.t("gifts.public_title").to_owned();
    render(&PublicListPage {
        shell: shell.with_title(title),
        items,
    })
}

#[derive(Template)]
#[template(path = "gifts/public_show.html")]
struct PublicShowPage {
    shell: Shell,
    item: GiftYearSnapshot,
    status: PublicationStatus,
}

impl PublicShowPage {
    fn month(&self, m: &NaiveDate) -> String {
        month_label(&self.shell, m)
    }
    fn baht(&self, s: &i64) -> String {
        baht(s)
    }
    fn signed_day(sig: &store::SignatureSnapshot) -> NaiveDate {
        sig.signed_at
            .with_timezone(&prongsai_web::shell::thailand())
            .date_naive()
    }
    fn signed_th(&self, sig: &store::SignatureSnapshot) -> String {
        prongsai_thai::format_date(
            Self::signed_day(sig),
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic,
        )
    }
    fn signed_en(&self, sig: &store::SignatureSnapshot) -> String {
        prongsai_thai::format_date_en(Self::signed_day(sig))
    }
    fn short_hash<'a>(&self, h: &'a str) -> &'a str {
        h.get(..16).unwrap_or(h)
    }
}

async fn show_public(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let y = store::get_public_year(&state.db, shell.tenant.id, fy).await?;
    let title = if shell.is_en() {
        y.snapshot.title_en.clone()
    } else {
        y.snapshot.title_th.clone()
    };
    render(&PublicShowPage {
        shell: shell.with_title(title),
        status: y.record.status,
        item: y.snapshot,
    })
}

struct VersionRow {
    version: i32,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "gifts/history.html")]
struct HistoryPage {
    shell: Shell,
    fiscal_year: i32,
    title: String,
    versions: Vec<VersionRow>,
}

async fn show_history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(fy): Path<String>,
) -> AppResult<Response> {
    let fy = parse_fy(&fy).ok_or_else(AppError::not_found)?;
    let org = shell.tenant.id;
    let current = store::get_public_year(&state.db, org, fy).await?;
    let versions = prongsai_kernel::publication::list_versions(
        state.db.conn(),
        org,
        crate::KIND,
        current.id(),
    )
    .await?
    .into_iter()
    .map(|v| VersionRow {
        version: v.version,
        published_at: v.published_at,
        change_note: v.change_note,
    })
    .collect();
    let title = format!(
        "{}: {}",
        shell.t("gifts.history"),
        current.snapshot.title_th
    );
    render(&HistoryPage {
        shell: shell.with_title(title),
        fiscal_year: fy,
        title: current.snapshot.title_th,
        versions,
    })
}

// ---------- staff ----------

#[derive(Template)]
#[template(path = "gifts/staff_list.html")]
struct StaffListPage {
    shell: Shell,
    rows: Vec<(gift_declaration::Model, PublicationStatus)>,
}

impl StaffListPage {
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
}

async fn list_staff(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let rows = store::list_declarations(&state.db, &auth).await?;
    let title = page.shell.t("gifts.staff_title").to_owned();
    render(&StaffListPage {
        shell: page.shell.with_title(title),
        rows,
    })
}

#[derive(Template)]
#[template(path = "gifts/new.html")]
struct NewPage {
    shell: Shell,
    form: DeclarationInput,
    errors: FieldErrors,
}

async fn show_new(page: StaffPage) -> AppResult<Response> {
    page.staff.authorize::<ManageGifts>()?;
    let fy = prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let form = DeclarationInput {
        fiscal_year: fy.to_string(),
        title_th: format!(
            "ประกาศเจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. {fy}"
        ),
        title_en: format!("Declaration of Intent: No Gift Policy, fiscal year {fy}"),
        ..Default::default()
    };
    let title = page.shell.t("gifts.new").to_owned();
    render(&NewPage {
        shell: page.shell.with_title(title),
        form,
        errors: FieldErrors::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<DeclarationInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    match store::create_declaration(&state.db, &auth, &form).await {
        Ok(d) => Ok(Redirect::to(&format!("/staff/gifts/{}", d.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let title = page.shell.t("gifts.new").to_owned();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewPage {
                    shell: page.shell.with_title(title),
                    form,
                    errors,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "gifts/staff_show.html")]
struct StaffShowPage {
    shell: Shell,
    detail: YearDetail,
    form: DeclarationInput,
    activity: ActivityInput,
    entry: EntryInput,
    nil_month: String,
    annual_notes: String,
    errors: FieldErrors,
    can_sign: bool,
    can_publish: bool,
    months: Vec<NaiveDate>,
}

impl StaffShowPage {
    fn state_key(&self) -> String {
        format!("publication.{}", self.detail.status.state.code())
    }
    fn is_published(&self) -> bool {
        self.detail.status.state == PublicationState::Published
    }
    fn month(&self, m: &NaiveDate) -> String {
        month_label(&self.shell, m)
    }
    fn baht(&self, s: &i64) -> String {
        baht(s)
    }
    fn decisions(&self) -> Vec<(&'static str, &'static str)> {
        DECISIONS.iter().map(|d| (d.0, d.1)).collect()
    }
    fn decision_th(&self, code: &str) -> &'static str {
        crate::model::decision_th(code)
    }
    fn kind_name(&self, code: &str) -> String {
        self.shell.t(format!("gifts.kind.{code}")).to_owned()
    }
}

#[derive(Default)]
struct Parts {
    form: Option<DeclarationInput>,
    activity: ActivityInput,
    entry: EntryInput,
    nil_month: String,
    annual_notes: Option<String>,
    errors: FieldErrors,
}

async fn staff_page(
    state: &AppState,
    page: StaffPage,
    id: i64,
    parts: Parts,
) -> AppResult<StaffShowPage> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let detail = store::get_year(&state.db, &auth, id).await?;
    let can_sign = page.staff.can::<SignGiftDeclaration>();
    let can_publish = page.staff.can::<PublishGifts>();
    let title = detail.declaration.title_th.clone();
    Ok(StaffShowPage {
        shell: page.shell.with_title(title),
        form: parts
            .form
            .unwrap_or_else(|| DeclarationInput::of(&detail.declaration)),
        activity: parts.activity,
        entry: parts.entry,
        nil_month: parts.nil_month,
        annual_notes: parts
            .annual_notes
            .unwrap_or_else(|| detail.declaration.annual_notes.clone()),
        months: store::months_of(detail.declaration.fiscal_year),
        detail,
        errors: parts.errors,
        can_sign,
        can_publish,
    })
}

async fn show_staff(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&staff_page(&state, page, id, Parts::default()).await?)
}

/// Redirects on success; re-renders the year's page with the errors (422) otherwise.
async fn after(
    state: &AppState,
    page: StaffPage,
    id: i64,
    result: prongsai_kernel::Result<()>,
    parts: impl FnOnce(FieldErrors) -> Parts,
    anchor: &str,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/gifts/{id}{anchor}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &staff_page(state, page, id, parts(errors)).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn update(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<DeclarationInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let r = store::update_declaration(&state.db, &auth, id, &form).await;
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            form: Some(form),
            errors,
            ..Default::default()
        },
        "",
    )
    .await
}

async fn sign(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<SignGiftDeclaration>()?;
    let r = store::sign_declaration(&state.db, &auth, id).await;
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            errors,
            ..Default::default()
        },
        "",
    )
    .await
}

async fn add_activity(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<ActivityInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let r = store::add_activity(&state.db, &auth, id, &form)
        .await
        .map(|_| ());
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            activity: form,
            errors,
            ..Default::default()
        },
        "#activities",
    )
    .await
}

async fn add_entry(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<EntryInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let r = store::add_entry(&state.db, &auth, id, &form)
        .await
        .map(|_| ());
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            entry: form,
            errors,
            ..Default::default()
        },
        "#register",
    )
    .await
}

#[derive(Deserialize)]
struct NilForm {
    #[serde(default)]
    nil_month: String,
}

async fn add_nil(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<NilForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let r = store::add_nil_report(&state.db, &auth, id, &form.nil_month).await;
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            nil_month: form.nil_month,
            errors,
            ..Default::default()
        },
        "#register",
    )
    .await
}

#[derive(Deserialize)]
struct AnnualForm {
    #[serde(default)]
    annual_notes: String,
}

async fn annual(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    Form(form): Form<AnnualForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageGifts>()?;
    let r = store::update_annual_notes(&state.db, &auth, id, &form.annual_notes).await;
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            annual_notes: Some(form.annual_notes),
            errors,
            ..Default::default()
        },
        "#annual",
    )
    .await
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
    let auth = page.staff.authorize::<PublishGifts>()?;
    let r = store::publish_year(&state.db, &auth, id, &form.change_note)
        .await
        .map(|_| ());
    if r.is_ok() {
        state.pages.invalidate_organization(auth.organization_id());
    }
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            errors,
            ..Default::default()
        },
        "",
    )
    .await
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
    let auth = page.staff.authorize::<PublishGifts>()?;
    let r = store::withdraw_year(&state.db, &auth, id, &form.reason).await;
    if r.is_ok() {
        state.pages.invalidate_organization(auth.organization_id());
    }
    after(
        &state,
        page,
        id,
        r,
        |errors| Parts {
            errors,
            ..Default::default()
        },
        "",
    )
    .await
}
