//! Open data: `/api/v1/questions`, `/api/v1/questions/{id}`, `/questions.csv`. Built from
//! published snapshots only, which hold no contact and a name only when the asker chose
//! to show it.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_web::api::{
    bad_param, csv_response, json_error, json_response, list_envelope, origin,
};
use prongsai_web::listing::{ListParams, ParamError, parse_list_params};
use prongsai_web::{AppResult, AppState, Page};
use serde_json::{Value, json};

use crate::store::{self, PublicQuestion};

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
/// apostrophe: the title, question and name come from anyone on the internet.
fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn to_json(base: &str, q: &PublicQuestion) -> Value {
    let s = &q.snapshot;
    let st = &q.record.status;
    json!({
        "id": q.id(),
        "title": s.title,
        "question": s.question,
        "asker_name": s.asker_name,
        "asked_on": s.asked_on,
        "answer": s.answer,
        "division": s.division_th.as_ref().map(|th| json!({
            "name_th": th,
            "name_en": s.division_en,
        })),
        "answered_on": s.answered_on,
        "fiscal_year": s.fiscal_year,
        "url": format!("{base}/questions/{}", q.id()),
        "publication": {
            "version": q.record.version.version,
            "first_published_at": st.first_published_at,
            "last_published_at": st.last_published_at,
        },
    })
}

/// List parameters of questions: those of every list, without categories.
fn params_of(raw: &HashMap<String, String>) -> Result<ListParams, ParamError> {
    let params = parse_list_params(raw, 20, 100)?;
    if params.category.is_some() {
        return Err(ParamError {
            param: "category",
            message: "questions have no categories".into(),
        });
    }
    Ok(params)
}

pub async fn list_questions_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match params_of(&raw) {
        Ok(p) => p,
        Err(e) => return Ok(bad_param(e)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let (items, total) = store::list_public_questions(
        &state.db,
        shell.tenant.id,
        &params.filter(),
        params.page_index(),
        params.per_page,
    )
    .await?;
    let data = items.iter().map(|q| to_json(&base, q)).collect();
    Ok(json_response(list_envelope(
        "/api/v1/questions",
        &params,
        total,
        data,
    )))
}

pub async fn show_question_json(
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
    match store::get_public_question(&state.db, shell.tenant.id, id).await {
        Ok(q) => Ok(json_response(json!({ "data": to_json(&base, &q) }))),
        Err(prongsai_kernel::Error::NotFound) => Ok(prongsai_web::api::not_found()),
        Err(e) => Err(e.into()),
    }
}

pub async fn questions_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let params = match params_of(&raw) {
        Ok(p) => p,
        Err(e) => return Ok(bad_param(e)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let items =
        store::list_all_public_questions(&state.db, shell.tenant.id, &params.filter()).await?;
    let rows = items.iter().map(|q| {
        let s = &q.snapshot;
        let st = &q.record.status;
        vec![
            q.id().to_string(),
            spreadsheet_safe(&s.title),
            spreadsheet_safe(&s.question),
            spreadsheet_safe(s.asker_name.as_deref().unwrap_or_default()),
            s.asked_on.to_string(),
            spreadsheet_safe(&s.answer),
            s.division_th.clone().unwrap_or_default(),
            s.answered_on.to_string(),
            s.fiscal_year.to_string(),
            st.first_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            st.last_published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            format!("{base}/questions/{}", q.id()),
        ]
    });
    Ok(csv_response(
        "questions.csv",
        &[
            "id",
            "title",
            "question",
            "asker_name",
            "asked_on",
            "answer",
            "division",
            "answered_on",
            "fiscal_year",
            "first_published_at",
            "last_published_at",
            "url",
        ],
        rows.collect::<Vec<_>>(),
    ))
}
