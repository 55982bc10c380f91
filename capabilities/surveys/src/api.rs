//! Open data: the published monthly summaries as JSON (`/api/v1/surveys`) and CSV
//! (`/surveys.csv`, one row per month and division), and the report workbook. Aggregates
//! only: never a single answer, never a time finer than the month.

use axum::extract::State;
use axum::response::Response;
use http::HeaderMap;
use prongsai_export::{Cell, Column, ColumnKind, Sheet};
use prongsai_web::api::{csv_response, json_response, origin};
use prongsai_web::{AppError, AppResult, AppState, Page, Shell};
use serde_json::{Value, json};

use crate::model::QUESTIONS;
use crate::store::{self, Report, Scores};

fn scores_json(s: &Scores) -> Value {
    json!({
        "responses": s.responses,
        "means": QUESTIONS.iter().zip(&s.means).map(|((field, _), m)| (field.trim_start_matches("q_").to_owned(), json!((m * 100.0).round() / 100.0))).collect::<serde_json::Map<_, _>>(),
        "overall_counts": s.overall_counts,
        "satisfied_percent": (s.satisfied_percent() * 10.0).round() / 10.0,
    })
}

pub async fn surveys_json(
    State(state): State<AppState>,
    Page(shell): Page,
    headers: HeaderMap,
) -> AppResult<Response> {
    let base = origin(&headers, state.config.behind_proxy);
    let items = store::list_public_summaries(state.db.conn(), shell.tenant.id).await?;
    let data: Vec<Value> = items
        .iter()
        .map(|s| {
            let snap = &s.snapshot;
            json!({
                "month": store::month_code(snap.month),
                "fiscal_year": snap.fiscal_year,
                "total": scores_json(&snap.total),
                "online": scores_json(&snap.online),
                "walk_in": scores_json(&snap.walk_in),
                "divisions": snap.divisions.iter().map(|d| json!({
                    "name_th": d.name_th,
                    "name_en": d.name_en,
                    "scores": scores_json(&d.scores),
                })).collect::<Vec<_>>(),
                "comments": snap.comments.iter().map(|c| json!({
                    "division_th": c.division_th,
                    "text": c.text,
                })).collect::<Vec<_>>(),
                "url": format!("{base}/surveys/{}", s.code()),
                "publication": {
                    "version": s.record.version.version,
                    "first_published_at": s.record.status.first_published_at,
                    "last_published_at": s.record.status.last_published_at,
                },
            })
        })
        .collect();
    Ok(json_response(json!({
        "data": data,
        "questions": QUESTIONS.iter().map(|(f, _)| f.trim_start_matches("q_")).collect::<Vec<_>>(),
        "scale": "1 (least satisfied) to 5 (most satisfied)",
    })))
}

pub async fn surveys_csv(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let items = store::list_public_summaries(state.db.conn(), shell.tenant.id).await?;
    let mut rows = Vec::new();
    for s in &items {
        let snap = &s.snapshot;
        let mut push = |division: &str, sc: &Scores| {
            let mut row = vec![
                store::month_code(snap.month),
                snap.fiscal_year.to_string(),
                division.to_owned(),
                sc.responses.to_string(),
            ];
            row.extend((0..QUESTIONS.len()).map(|i| sc.mean_label(i)));
            row.push(format!("{:.1}", sc.satisfied_percent()));
            rows.push(row);
        };
        push("รวม", &snap.total);
        for d in &snap.divisions {
            push(&d.name_th, &d.scores);
        }
    }
    Ok(csv_response(
        "surveys.csv",
        &[
            "month",
            "fiscal_year",
            "division",
            "responses",
            "mean_process",
            "mean_staff",
            "mean_facility",
            "mean_result",
            "mean_overall",
            "satisfied_percent",
        ],
        rows,
    ))
}

fn score_cells(s: &Scores) -> Vec<Cell> {
    let mut cells = vec![Cell::Int(i64::from(s.responses))];
    for i in 0..QUESTIONS.len() {
        cells.push(if s.responses == 0 {
            Cell::Empty
        } else {
            Cell::Decimal(s.means.get(i).copied().unwrap_or(0.0))
        });
    }
    cells.push(if s.responses == 0 {
        Cell::Empty
    } else {
        Cell::Decimal(s.satisfied_percent())
    });
    cells
}

fn score_columns(shell: &Shell, first: &str) -> Vec<Column> {
    let mut cols = vec![
        Column::new(first, 34.0, ColumnKind::Text),
        Column::new(shell.t("surveys.responses"), 12.0, ColumnKind::Integer),
    ];
    for (i, _) in QUESTIONS.iter().enumerate() {
        cols.push(Column::new(
            format!("{} {}", shell.t("surveys.question_short"), i + 1),
            10.0,
            ColumnKind::Decimal,
        ));
    }
    cols.push(Column::new(
        shell.t("surveys.satisfied"),
        16.0,
        ColumnKind::Decimal,
    ));
    cols
}

/// The 6- or 12-month report as a workbook: by division, by month, and the questions.
pub fn report_workbook(report: &Report, shell: &Shell) -> AppResult<Vec<u8>> {
    let mut by_division: Vec<Vec<Cell>> = report
        .divisions
        .iter()
        .map(|d| {
            let mut row = vec![Cell::Text(d.name_th.clone())];
            row.extend(score_cells(&d.scores));
            row
        })
        .collect();
    let mut total = vec![Cell::Text("รวมทั้งหน่วยงาน".into())];
    total.extend(score_cells(&report.total));
    by_division.push(total);
    let by_month: Vec<Vec<Cell>> = report
        .months
        .iter()
        .map(|(m, s)| {
            let mut row = vec![Cell::Text(store::month_label(*m, false))];
            row.extend(score_cells(s));
            row
        })
        .collect();
    let questions: Vec<Vec<Cell>> = QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, (_, key))| {
            vec![
                Cell::Text(format!("{} {}", shell.t("surveys.question_short"), i + 1)),
                Cell::Text(shell.t(key).to_owned()),
            ]
        })
        .collect();
    let sheets = [
        Sheet {
            name: "ตามส่วนงาน".into(),
            title: Some(report.title()),
            columns: score_columns(shell, shell.t("surveys.division")),
            rows: by_division,
        },
        Sheet {
            name: "รายเดือน".into(),
            title: Some(report.title()),
            columns: score_columns(shell, shell.t("surveys.month")),
            rows: by_month,
        },
        Sheet {
            name: "คำถาม".into(),
            title: Some(shell.t("surveys.scale_note").to_owned()),
            columns: vec![
                Column::new(shell.t("surveys.question_short"), 12.0, ColumnKind::Text),
                Column::new(shell.t("surveys.question"), 70.0, ColumnKind::Paragraph),
            ],
            rows: questions,
        },
    ];
    prongsai_export::write_workbook(&sheets).map_err(AppError::internal)
}
