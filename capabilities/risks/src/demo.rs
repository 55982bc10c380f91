//! The demo organization's assessment, read from a TOML file (server/demo/) and entered
//! through the same functions staff use, then published.

use chrono::NaiveDate;
use prongsai_db::sea_orm::DatabaseTransaction;
use prongsai_kernel::{Authorized, Error, Result};
use serde::Deserialize;

use crate::permissions::{ManageRisks, PublishRisks};
use crate::store::{self, AssessmentInput, EventInput, MeasureInput, ReportsInput};

#[derive(Debug, Deserialize)]
pub struct DemoAssessment {
    pub fiscal_year: i32,
    pub title: String,
    pub scope: String,
    pub assessed_on: NaiveDate,
    #[serde(default)]
    pub monitoring_summary: String,
    #[serde(default)]
    pub annual_results: String,
    #[serde(default)]
    pub annual_problems: String,
    #[serde(default)]
    pub annual_suggestions: String,
    pub events: Vec<DemoEvent>,
}

#[derive(Debug, Deserialize)]
pub struct DemoEvent {
    pub area: String,
    pub description: String,
    #[serde(default)]
    pub cause: String,
    #[serde(default)]
    pub existing_controls: String,
    pub likelihood: u8,
    pub impact: u8,
    #[serde(default)]
    pub measures: Vec<DemoMeasure>,
}

#[derive(Debug, Deserialize)]
pub struct DemoMeasure {
    pub description: String,
    /// A division code of the demo organization.
    pub owner: String,
    pub due_date: NaiveDate,
    pub status: String,
    #[serde(default)]
    pub six_month_result: String,
    #[serde(default)]
    pub annual_result: String,
}

/// Seeds and publishes one assessment inside the caller's transaction.
pub async fn seed_in(
    txn: &DatabaseTransaction,
    manage: &Authorized<ManageRisks>,
    publish: &Authorized<PublishRisks>,
    file: &str,
) -> Result<()> {
    let demo: DemoAssessment =
        toml::from_str(file).map_err(|e| Error::invalid("demo", format!("demo risks: {e}")))?;
    let org = manage.organization_id();
    let divisions = prongsai_kernel::tenant::list_divisions(txn, org).await?;
    let a = store::create_assessment_in(
        txn,
        manage,
        &AssessmentInput {
            fiscal_year: demo.fiscal_year.to_string(),
            title: demo.title.clone(),
            scope: demo.scope.clone(),
            assessed_on: demo.assessed_on.to_string(),
        },
    )
    .await?;
    for e in &demo.events {
        let event = store::create_event_in(
            txn,
            manage,
            a.id,
            &EventInput {
                area_code: e.area.clone(),
                description: e.description.clone(),
                cause: e.cause.clone(),
                existing_controls: e.existing_controls.clone(),
                likelihood: e.likelihood.to_string(),
                impact: e.impact.to_string(),
            },
        )
        .await?;
        for m in &e.measures {
            let owner = divisions
                .iter()
                .find(|d| d.code == m.owner)
                .ok_or_else(|| {
                    Error::invalid("demo", format!("demo risks: division {}", m.owner))
                })?;
            store::create_measure_in(
                txn,
                manage,
                a.id,
                event.id,
                &MeasureInput {
                    description: m.description.clone(),
                    owner_division_id: owner.id.to_string(),
                    due_date: m.due_date.to_string(),
                    status: m.status.clone(),
                    six_month_result: m.six_month_result.clone(),
                    annual_result: m.annual_result.clone(),
                },
            )
            .await?;
        }
    }
    store::update_reports_in(
        txn,
        manage,
        a.id,
        &ReportsInput {
            monitoring_summary: demo.monitoring_summary.clone(),
            annual_results: demo.annual_results.clone(),
            annual_problems: demo.annual_problems.clone(),
            annual_suggestions: demo.annual_suggestions.clone(),
        },
    )
    .await?;
    store::publish_assessment_in(
        txn,
        publish,
        a.id,
        "แบบประเมินความเสี่ยงการทุจริตพร้อมผลการติดตามและรายงานผลประจำปี",
    )
    .await?;
    Ok(())
}
