//! Open data: `/api/v1/measures?year=`, `/measures.csv?year=` (published years only).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_web::api::{csv_response, json_error, json_response, origin};
use prongsai_web::{AppResult, AppState, Page};
use serde_json::json;

use crate::store::{self, TopicView};
use crate::web::link_href;

/// The published year asked for, or the newest published one; `Err` is the API's answer.
async fn published_year(
    state: &AppState,
    org: i64,
    raw: &HashMap<String, String>,
) -> AppResult<Result<Option<i32>, Response>> {
    let years = store::list_years(state.db.conn(), org, true).await?;
    Ok(match raw.get("year") {
        None => Ok(years.first().copied()),
        Some(y) => match prongsai_thai::to_arabic_digits(y.trim()).parse::<i32>() {
            Ok(y) if years.contains(&y) => Ok(Some(y)),
            Ok(_) => Err(json_error(
                StatusCode::NOT_FOUND,
                "not_found",
                "ไม่มีมาตรการที่เผยแพร่ของปีงบประมาณนี้",
            )),
            Err(_) => Err(json_error(
                StatusCode::BAD_REQUEST,
                "bad_parameter",
                "year ต้องเป็นปี พ.ศ. เช่น 2566",
            )),
        },
    })
}

fn topics_json(base: &str, topics: &[TopicView]) -> Vec<serde_json::Value> {
    topics
        .iter()
        .map(|t| {
            json!({
                "title": t.topic.title,
                "measures": t.measures.iter().map(|m| json!({
                    "id": m.measure.id,
                    "title": m.measure.title,
                    "steps": m.measure.steps,
                    "period": m.period(),
                    "quarter_from": m.measure.quarter_from,
                    "quarter_to": m.measure.quarter_to,
                    "division": m.division,
                    "summary": m.measure.summary,
                    "outcomes": m.measure.outcomes,
                    "records": m.links.iter().map(|l| json!({
                        "kind": l.kind,
                        "title": l.title,
                        "date": l.occurred_on,
                        "url": link_href(l).map(|h| if h.starts_with('/') { format!("{base}{h}") } else { h }),
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

pub async fn measures_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let fiscal_year = match published_year(&state, org, &raw).await? {
        Ok(y) => y,
        Err(r) => return Ok(r),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let Some(y) = fiscal_year else {
        return Ok(json_response(json!({ "fiscal_year": null, "topics": [] })));
    };
    let topics = store::load_year(state.db.conn(), org, y).await?;
    Ok(json_response(json!({
        "fiscal_year": y,
        "topics": topics_json(&base, &topics),
        "reports": {
            "pdf": format!("{base}/measures/{y}/report.pdf"),
            "docx": format!("{base}/measures/{y}/report.docx"),
            "xlsx": format!("{base}/measures/{y}/report.xlsx"),
        },
    })))
}

pub async fn measures_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let fiscal_year = match published_year(&state, org, &raw).await? {
        Ok(y) => y,
        Err(r) => return Ok(r),
    };
    let topics = match fiscal_year {
        Some(y) => store::load_year(state.db.conn(), org, y).await?,
        None => Vec::new(),
    };
    let rows = topics.iter().flat_map(|t| {
        t.measures.iter().map(move |m| {
            vec![
                fiscal_year.unwrap_or_default().to_string(),
                t.topic.title.clone(),
                m.measure.title.clone(),
                m.measure.steps.clone(),
                m.period(),
                m.division.clone().unwrap_or_default(),
                m.measure.summary.clone(),
                m.measure.outcomes.clone(),
            ]
        })
    });
    Ok(csv_response(
        &format!("measures-{}.csv", fiscal_year.unwrap_or_default()),
        &[
            "ปีงบประมาณ",
            "ประเด็น",
            "มาตรการ/กิจกรรม",
            "ขั้นตอน/วิธีการปฏิบัติ",
            "ระยะเวลาการดำเนินการ",
            "ผู้รับผิดชอบ",
            "สรุปผลการดำเนินการ",
            "ผลลัพธ์/ความสำเร็จของการดำเนินงาน",
        ],
        rows,
    ))
}
