//! The organization's holidays (`/staff/holidays`), which working-day deadlines skip.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_db::entities::holiday;
use prongsai_kernel::FieldErrors;
use prongsai_kernel::permissions::ManageOrganization;

use crate::error::AppResult;
use crate::extract::{FormFields, StaffPage};
use crate::manifest::MenuItem;
use crate::shell::Shell;
use crate::state::AppState;

pub const MENU: MenuItem = MenuItem {
    label: "holidays.menu",
    href: "/staff/holidays",
    visible: |s| s.can::<ManageOrganization>(),
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/holidays", get(show_holidays).post(add_holiday))
        .route("/staff/holidays/national", post(add_national))
        .route("/staff/holidays/{id}/delete", post(remove_holiday))
}

#[derive(Template)]
#[template(path = "staff/holidays.html")]
struct HolidaysPage {
    shell: Shell,
    /// Buddhist Era year shown.
    year_be: i32,
    holidays: Vec<holiday::Model>,
    errors: FieldErrors,
    date: String,
    holiday_name: String,
}

fn year_of(q: &HashMap<String, String>) -> i32 {
    q.get("year")
        .and_then(|y| prongsai_thai::to_arabic_digits(y).parse::<i32>().ok())
        .filter(|y| (2500..=2700).contains(y))
        .unwrap_or_else(|| {
            prongsai_thai::be_from_ce(chrono::Datelike::year(
                &prongsai_kernel::clock::today_in_thailand(),
            ))
        })
}

async fn page(
    state: &AppState,
    shell: Shell,
    org: i64,
    year_be: i32,
    errors: FieldErrors,
    date: String,
    name: String,
) -> AppResult<HolidaysPage> {
    let ce = prongsai_thai::ce_from_be(year_be);
    let from = chrono::NaiveDate::from_ymd_opt(ce, 1, 1).unwrap_or_default();
    let to = chrono::NaiveDate::from_ymd_opt(ce, 12, 31).unwrap_or_default();
    let holidays = prongsai_kernel::calendar::list_holidays(state.db.conn(), org, from, to).await?;
    let title = shell.t("holidays.title").to_owned();
    Ok(HolidaysPage {
        shell: shell.with_title(title),
        year_be,
        holidays,
        errors,
        date,
        holiday_name: name,
    })
}

async fn show_holidays(
    State(state): State<AppState>,
    p: StaffPage,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let auth = p.staff.authorize::<ManageOrganization>()?;
    super::render(
        &page(
            &state,
            p.shell,
            auth.organization_id(),
            year_of(&q),
            FieldErrors::default(),
            String::new(),
            String::new(),
        )
        .await?,
    )
}

async fn add_holiday(
    State(state): State<AppState>,
    p: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = p.staff.authorize::<ManageOrganization>()?;
    let raw_date = fields.get("date").trim().to_owned();
    let name = fields.get("name_th").to_owned();
    let mut errors = FieldErrors::default();
    let date = match chrono::NaiveDate::parse_from_str(&raw_date, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => match prongsai_thai::parse_thai_date(&raw_date) {
            Ok(prongsai_thai::ThaiDate::Day(d)) => Some(d),
            Ok(prongsai_thai::ThaiDate::Range(..)) => {
                errors.add("date", "กรุณากรอกวันเดียว (เพิ่มทีละวัน)");
                None
            }
            Err(e) => {
                errors.add("date", format!("วันที่: {e}"));
                None
            }
        },
    };
    if name.trim().is_empty() {
        errors.add("name_th", "กรุณากรอกชื่อวันหยุด");
    }
    let year_be = date
        .map(|d| prongsai_thai::be_from_ce(chrono::Datelike::year(&d)))
        .unwrap_or_else(|| year_of(&HashMap::new()));
    match (date, errors.is_empty()) {
        (Some(d), true) => {
            prongsai_kernel::calendar::add_holiday(&state.db, &auth, d, &name).await?;
            Ok(Redirect::to(&format!("/staff/holidays?year={year_be}")).into_response())
        }
        _ => super::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                p.shell,
                auth.organization_id(),
                year_be,
                errors,
                raw_date,
                name,
            )
            .await?,
        ),
    }
}

async fn add_national(
    State(state): State<AppState>,
    p: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = p.staff.authorize::<ManageOrganization>()?;
    let year_be = year_of(&fields.0.iter().cloned().collect());
    prongsai_kernel::calendar::add_national_holidays(
        &state.db,
        &auth,
        prongsai_thai::ce_from_be(year_be),
    )
    .await?;
    Ok(Redirect::to(&format!("/staff/holidays?year={year_be}")).into_response())
}

async fn remove_holiday(
    State(state): State<AppState>,
    p: StaffPage,
    Path(id): Path<i64>,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = p.staff.authorize::<ManageOrganization>()?;
    prongsai_kernel::calendar::remove_holiday(&state.db, &auth, id).await?;
    let year_be = year_of(&fields.0.iter().cloned().collect());
    Ok(Redirect::to(&format!("/staff/holidays?year={year_be}")).into_response())
}
