//! Open data: `/api/v1/meetings`, `/api/v1/meetings/{id}`, `/meetings.csv`; staff
//! `/staff/meetings.xlsx`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_error, json_response, origin, xlsx_response};
use prongsai_web::{AppError, AppResult, AppState, Page, StaffPage};
use serde_json::{Value, json};

use crate::permissions::ManageMeetings;
use crate::store::{self, MeetingSnapshot, PublicMeeting};
use crate::web::{filters, parse_fy};

fn to_json(base: &str, m: &PublicMeeting) -> Value {
    let s = &m.snapshot;
    json!({
        "id": m.id(),
        "url": format!("{base}/meetings/{}", m.id()),
        "kind": s.kind,
        "kind_th": s.kind_th,
        "title": s.title,
        "held_on": s.held_on,
        "fiscal_year": s.fiscal_year,
        "place": s.place,
        "agenda": s.agenda,
        "attendance": {
            "executives": s.executives, "council_members": s.council_members, "staff": s.staff,
            "citizens": s.citizens, "others": s.others, "total": s.total(),
        },
        "attendees": s.attendees,
        "minutes": s.minutes,
        "decisions": s.decisions,
        "participation": if s.is_forum() { json!({
            "issue": s.issue, "results": s.results, "what_changed": s.changes,
        }) } else { Value::Null },
        "plan_project": s.project.as_ref().map(|p| json!({
            "id": p.id, "title": p.title, "plan_title": p.plan_title, "url": format!("{base}{}", p.url),
        })),
        "publication": {
            "version": m.record.version.version,
            "first_published_at": m.record.status.first_published_at,
            "last_published_at": m.record.status.last_published_at,
        },
    })
}

fn bad_request(msg: String) -> Response {
    json_error(StatusCode::BAD_REQUEST, "bad_request", &msg)
}

pub async fn list_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (fy, kind) = match filters(&raw) {
        Ok(f) => f,
        Err(m) => return Ok(bad_request(m)),
    };
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_public(&state.db, shell.tenant.id, fy, kind.as_deref()).await?;
    let data: Vec<Value> = items.iter().map(|m| to_json(&base, m)).collect();
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
    let not_found = || json_error(StatusCode::NOT_FOUND, "not_found", "no published meeting");
    let Ok(id) = id.parse::<i64>() else {
        return Ok(not_found());
    };
    match store::get_public(&state.db, shell.tenant.id, id).await {
        Ok(m) if m.record.status.state.code() == "published" => {
            Ok(json_response(json!({ "data": to_json(&base, &m) })))
        }
        Ok(_) | Err(prongsai_kernel::Error::NotFound) => Ok(not_found()),
        Err(e) => Err(e.into()),
    }
}

const HEADERS: [&str; 17] = [
    "เลขที่",
    "ปีงบประมาณ",
    "วันที่",
    "ประเภท",
    "ชื่อการประชุม",
    "สถานที่",
    "ระเบียบวาระ",
    "ผู้บริหาร",
    "สมาชิกสภา",
    "พนักงาน",
    "ประชาชน",
    "อื่น ๆ",
    "มติที่ประชุม",
    "ประเด็นที่รับฟังความคิดเห็น",
    "ผลการรับฟังความคิดเห็น",
    "สิ่งที่เปลี่ยนแปลง",
    "โครงการตามแผน",
];

fn row(id: i64, s: &MeetingSnapshot) -> Vec<Cell> {
    vec![
        Cell::Int(id),
        Cell::Int(s.fiscal_year as i64),
        Cell::Date(s.held_on),
        Cell::Text(s.kind_th.clone()),
        Cell::Text(s.title.clone()),
        Cell::Text(s.place.clone()),
        Cell::Text(s.agenda.join("\n")),
        Cell::Int(s.executives as i64),
        Cell::Int(s.council_members as i64),
        Cell::Int(s.staff as i64),
        Cell::Int(s.citizens as i64),
        Cell::Int(s.others as i64),
        Cell::Text(s.decisions.join("\n")),
        Cell::Text(s.issue.clone()),
        Cell::Text(s.results.clone()),
        Cell::Text(s.changes.clone()),
        Cell::Text(
            s.project
                .as_ref()
                .map(|p| p.title.clone())
                .unwrap_or_default(),
        ),
    ]
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Money(n) => format!("{}.{:02}", n / 100, n % 100),
        Cell::Date(d) => d.to_string(),
        Cell::Decimal(f) => f.to_string(),
        Cell::Empty => String::new(),
    }
}

pub async fn list_csv(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let (fy, kind) = match filters(&raw) {
        Ok(f) => f,
        Err(m) => return Ok(bad_request(m)),
    };
    let items = store::list_public(&state.db, shell.tenant.id, fy, kind.as_deref()).await?;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|m| row(m.id(), &m.snapshot).iter().map(cell_text).collect())
        .collect();
    Ok(csv_response("meetings.csv", &HEADERS, rows))
}

/// Every meeting of the organization (drafts too) for staff, `?fy=` for one year.
pub async fn staff_xlsx(
    State(state): State<AppState>,
    page: StaffPage,
    Query(raw): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageMeetings>()?;
    let fy = raw.get("fy").and_then(|v| parse_fy(v));
    let rows = store::list(&state.db, &auth, fy).await?;
    let mut cells = Vec::with_capacity(rows.len());
    for r in &rows {
        let s = store::snapshot_of(state.db.conn(), &r.meeting).await?;
        let mut line = row(r.meeting.id, &s);
        line.push(Cell::Text(
            page.shell
                .t(format!("publication.{}", r.status.state.code()))
                .to_owned(),
        ));
        cells.push(line);
    }
    let kinds = [
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Date,
        ColumnKind::Text,
        ColumnKind::Paragraph,
        ColumnKind::Text,
        ColumnKind::Paragraph,
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Integer,
        ColumnKind::Paragraph,
        ColumnKind::Paragraph,
        ColumnKind::Paragraph,
        ColumnKind::Paragraph,
        ColumnKind::Text,
        ColumnKind::Text,
    ];
    let widths = [
        8.0, 10.0, 16.0, 20.0, 40.0, 25.0, 40.0, 10.0, 10.0, 10.0, 10.0, 10.0, 40.0, 30.0, 40.0,
        40.0, 30.0, 16.0,
    ];
    let headers = HEADERS.iter().copied().chain(["สถานะการเผยแพร่"]);
    let year = fy.map(|f| format!(" ปีงบประมาณ {f}")).unwrap_or_default();
    let sheet = Sheet {
        name: format!("การประชุม{year}"),
        title: Some(format!(
            "การประชุมและเวทีประชาคม{year} {}",
            page.shell.tenant.name_th
        )),
        columns: headers
            .zip(widths)
            .zip(kinds)
            .map(|((h, w), k)| Column::new(h, w, k))
            .collect(),
        rows: cells,
    };
    let bytes = prongsai_export::write_workbook(&[sheet]).map_err(AppError::internal)?;
    Ok(xlsx_response(bytes, "meetings.xlsx"))
}
