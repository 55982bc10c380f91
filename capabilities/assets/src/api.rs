//! Open data: `/api/v1/assets`, `/api/v1/assets/{id}`, `/assets.csv` (borrowable items and
//! their booked periods, never a borrower), and the staff's XLSX of the whole register.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_web::api::{csv_response, json_error, json_response, origin};
use prongsai_web::{AppResult, AppState, Page, StaffPage};
use serde_json::{Value, json};

use crate::model::{category_name, condition_name};
use crate::permissions::ManageAssets;
use crate::store::{self, Availability};

fn today() -> chrono::NaiveDate {
    prongsai_kernel::clock::today_in_thailand()
}

async fn division_names(
    state: &AppState,
    org: i64,
) -> prongsai_kernel::Result<HashMap<i64, String>> {
    Ok(store::division_names(&state.db, org)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name_th))
        .collect())
}

fn to_json(base: &str, a: &Availability, divisions: &HashMap<i64, String>) -> Value {
    let x = &a.asset;
    json!({
        "id": x.id,
        "code": x.code,
        "name": x.name,
        "category": x.category,
        "category_th": category_name(&x.category, false),
        "division": x.division_id.and_then(|d| divisions.get(&d)),
        "location": x.location,
        "condition": x.condition,
        "condition_th": condition_name(&x.condition, false),
        "value_baht": x.value_satang as f64 / 100.0,
        "acquired_on": x.acquired_on,
        "url": format!("{base}/assets/{}", x.id),
        "booked": a.booked.iter().map(|(s, e)| json!({ "from": s, "to": e })).collect::<Vec<_>>(),
        "next_free_date": a.next_free,
    })
}

pub async fn list_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let org = shell.tenant.id;
    let items = store::public_availability(&state.db, org, today()).await?;
    let divisions = division_names(&state, org).await?;
    let data: Vec<Value> = items
        .iter()
        .map(|a| to_json(&base, a, &divisions))
        .collect();
    Ok(json_response(
        json!({ "data": data, "meta": { "total": items.len() } }),
    ))
}

pub async fn show_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let org = shell.tenant.id;
    let not_found = || {
        json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "no borrowable item with this id",
        )
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(not_found());
    };
    let a = match store::public_asset(&state.db, org, id).await {
        Ok(a) => a,
        Err(prongsai_kernel::Error::NotFound) => return Ok(not_found()),
        Err(e) => return Err(e.into()),
    };
    let a = store::availability_of(&state.db, a, today()).await?;
    let divisions = division_names(&state, org).await?;
    Ok(json_response(
        json!({ "data": to_json(&base, &a, &divisions) }),
    ))
}

const CSV_HEADERS: [&str; 9] = [
    "รหัสครุภัณฑ์",
    "รายการ",
    "ประเภท",
    "กองที่รับผิดชอบ",
    "สถานที่เก็บ",
    "สภาพ",
    "มูลค่า (บาท)",
    "ช่วงที่ถูกจอง",
    "วันที่ว่างถัดไป",
];

pub async fn assets_csv(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let org = shell.tenant.id;
    let items = store::public_availability(&state.db, org, today()).await?;
    let divisions = division_names(&state, org).await?;
    let rows = items.iter().map(|a| {
        let x = &a.asset;
        vec![
            x.code.clone(),
            x.name.clone(),
            category_name(&x.category, false).to_owned(),
            x.division_id
                .and_then(|d| divisions.get(&d).cloned())
                .unwrap_or_default(),
            x.location.clone(),
            condition_name(&x.condition, false).to_owned(),
            format!("{}.{:02}", x.value_satang / 100, x.value_satang % 100),
            a.booked
                .iter()
                .map(|(s, e)| format!("{s}/{e}"))
                .collect::<Vec<_>>()
                .join("; "),
            a.next_free.to_string(),
        ]
    });
    Ok(csv_response("assets.csv", &CSV_HEADERS, rows))
}

/// The whole register as it stands, with the internal notes (staff only).
pub async fn register_xlsx(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageAssets>()?;
    let org = auth.organization_id();
    let assets = store::list_assets(&state.db, org).await?;
    let divisions = division_names(&state, org).await?;
    let snapshot = crate::register::RegisterSnapshot::of(&assets, |id| divisions.get(&id).cloned());
    let notes: Vec<String> = assets.iter().map(|a| a.notes.clone()).collect();
    let sheet = crate::register::register_sheet(
        format!("ทะเบียนครุภัณฑ์ {}", page.shell.tenant.name_th),
        &snapshot.items,
        Some(&notes),
    );
    crate::register::xlsx_response(sheet, "asset-register.xlsx")
}
