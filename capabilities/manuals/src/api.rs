//! Open data: `/api/v1/manuals`, `/api/v1/manuals/{id}`, `/manuals.csv` (both kinds, or
//! one with `?category=service|work`), built from published snapshots only.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_web::api::{csv_response, json_error, json_response, origin};
use prongsai_web::{AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, ManualSnapshot, PublicManual};

const PER_PAGE: u64 = 50;

fn to_json(base: &str, m: &PublicManual) -> Value {
    let s = &m.snapshot;
    let st = &m.record.status;
    json!({
        "id": m.id(),
        "kind": s.kind,
        "title": s.title,
        "purpose": s.purpose,
        "division": { "id": s.division_id, "name_th": s.division_th, "name_en": s.division_en },
        "place": s.place,
        "service_hours": s.service_hours,
        "channels": s.channels,
        "channel_note": s.channel_note,
        "conditions": s.conditions,
        "steps": s.steps.iter().map(|st| json!({
            "title": st.title,
            "detail": st.detail,
            "duration": st.amount,
            "unit": st.unit,
            "responsible": st.responsible,
        })).collect::<Vec<_>>(),
        "total": {
            "working_days": s.total.working_days,
            "minutes": s.total.minutes,
            "label_th": s.total.label(false),
            "due_working_days": s.total.due_working_days(),
        },
        "documents": if s.no_documents { Value::String("ไม่มี".into()) } else {
            json!(s.documents.iter().map(|d| json!({
                "name": d.name, "originals": d.originals, "copies": d.copies, "note": d.note,
            })).collect::<Vec<_>>())
        },
        "fee": if s.no_fee { Value::String("ไม่มีค่าธรรมเนียม".into()) } else {
            json!({ "baht": s.fee_satang.map(|v| v as f64 / 100.0), "note": s.fee_note })
        },
        "laws": s.laws,
        "complaint_channel": s.complaint_channel,
        "sample_forms": if s.no_sample_forms && s.is_service() { Value::String("ไม่มี".into()) } else {
            json!(s.attachments.iter().map(|a| json!({
                "file_name": a.file_name,
                "url": format!("{base}{}", a.path()),
                "sha256": a.sha256,
            })).collect::<Vec<_>>())
        },
        "url": format!("{base}/manuals/{}", m.id()),
        "publication": {
            "version": m.record.version.version,
            "first_published_at": st.first_published_at,
            "last_published_at": st.last_published_at,
        },
    })
}

pub async fn list_manuals_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (kind, page) = match crate::web::list_query(&raw) {
        Ok(v) => v,
        Err(message) => return Ok(json_error(StatusCode::BAD_REQUEST, "bad_request", &message)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let (items, total) =
        store::list_public_manuals(&state.db, shell.tenant.id, kind, page - 1, PER_PAGE).await?;
    let next = (page.saturating_mul(PER_PAGE) < total).then(|| {
        format!(
            "/api/v1/manuals?page={}{}",
            page + 1,
            kind.map(|k| format!("&category={}", k.code()))
                .unwrap_or_default()
        )
    });
    Ok(json_response(json!({
        "data": items.iter().map(|m| to_json(&base, m)).collect::<Vec<_>>(),
        "meta": { "page": page, "per_page": PER_PAGE, "total": total },
        "links": { "next": next },
    })))
}

pub async fn show_manual_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(json_error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "id: must be a number",
        ));
    };
    let base = origin(&headers, state.config.behind_proxy);
    match store::get_public_manual(state.db.conn(), shell.tenant.id, id).await {
        Ok(m) => Ok(json_response(json!({ "data": to_json(&base, &m) }))),
        Err(prongsai_kernel::Error::NotFound) => Ok(prongsai_web::api::not_found()),
        Err(e) => Err(e.into()),
    }
}

fn steps_cell(s: &ManualSnapshot) -> String {
    s.steps
        .iter()
        .enumerate()
        .map(|(i, st)| format!("{}. {} ({})", i + 1, st.title, st.duration_label(false)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn documents_cell(s: &ManualSnapshot) -> String {
    if s.no_documents {
        return "ไม่มี".to_owned();
    }
    s.documents
        .iter()
        .map(|d| {
            format!(
                "{} (ฉบับจริง {} ฉบับ, สำเนา {} ฉบับ)",
                d.name, d.originals, d.copies
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe.
fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

pub async fn manuals_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (kind, _) = match crate::web::list_query(&raw) {
        Ok(v) => v,
        Err(message) => return Ok(json_error(StatusCode::BAD_REQUEST, "bad_request", &message)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_all_public_manuals(state.db.conn(), shell.tenant.id, kind).await?;
    let rows = items.iter().map(|m| {
        let s = &m.snapshot;
        let st = &m.record.status;
        vec![
            m.id().to_string(),
            s.kind.clone(),
            spreadsheet_safe(&s.title),
            s.division_th.clone(),
            spreadsheet_safe(&s.place),
            spreadsheet_safe(&s.service_hours),
            s.channels.join(" "),
            spreadsheet_safe(&s.conditions),
            spreadsheet_safe(&steps_cell(s)),
            s.total.label(false),
            spreadsheet_safe(&documents_cell(s)),
            s.fee_label(false),
            spreadsheet_safe(&s.laws.join("; ")),
            spreadsheet_safe(&s.complaint_channel),
            if s.no_sample_forms {
                "ไม่มี".to_owned()
            } else {
                s.attachments
                    .iter()
                    .map(|a| format!("{base}{}", a.path()))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
            st.first_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            st.last_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            format!("{base}/manuals/{}", m.id()),
        ]
    });
    Ok(csv_response(
        "manuals.csv",
        &[
            "id",
            "kind",
            "title",
            "division",
            "place",
            "service_hours",
            "channels",
            "conditions",
            "steps",
            "total_duration",
            "documents",
            "fee",
            "laws",
            "complaint_channel",
            "sample_forms",
            "first_published_at",
            "last_published_at",
            "url",
        ],
        rows.collect::<Vec<_>>(),
    ))
}
