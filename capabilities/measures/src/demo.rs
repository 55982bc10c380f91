//! The demo organization's measures: a year read from a data file (the FY2566 measures of
//! the seed report, in its order), stored through the same tables the clerks fill.

use prongsai_db::sea_orm::DatabaseTransaction;
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Authorized, Error, Result};
use prongsai_thai::{ThaiDate, extract_thai_dates};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::Deserialize;
use serde_json::json;

use crate::model::{link, measure, topic, year};
use crate::permissions::ManageMeasures;
use crate::store::parse_period;

/// A year of measures as stored in `server/demo/measures-YYYY.json`. Texts are lists of
/// paragraphs.
#[derive(Clone, Debug, Deserialize)]
pub struct DemoYear {
    pub fiscal_year: i32,
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    pub prepared_by: String,
    #[serde(default)]
    pub intro: Vec<String>,
    pub topics: Vec<DemoTopic>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DemoTopic {
    pub title: String,
    pub measures: Vec<DemoMeasure>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DemoMeasure {
    pub title: Vec<String>,
    pub steps: Vec<String>,
    pub period: String,
    pub summary: Vec<String>,
    pub outcomes: Vec<String>,
}

/// The monthly staff meeting the seed's summaries list by date.
const MEETING: &str = "ประชุมพนักงานประจำเดือน";

/// Seeds one year inside the caller's transaction, published. The dates of the monthly
/// staff meetings named in a summary become linked meeting records of the measure.
pub async fn seed_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageMeasures>,
    data: &DemoYear,
) -> Result<()> {
    let org = auth.organization_id();
    let now = prongsai_kernel::clock::now();
    year::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(data.fiscal_year),
        title: Set(data.title.clone()),
        subtitle: Set(data.subtitle.clone()),
        prepared_by: Set(data.prepared_by.clone()),
        intro: Set(data.intro.join("\n")),
        published: Set(true),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (ti, t) in data.topics.iter().enumerate() {
        let saved_topic = topic::ActiveModel {
            organization_id: Set(org),
            fiscal_year: Set(data.fiscal_year),
            position: Set(ti as i32 + 1),
            title: Set(t.title.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for (mi, m) in t.measures.iter().enumerate() {
            let (quarter_from, quarter_to) = parse_period(&m.period)
                .ok_or_else(|| Error::invalid("period", format!("period {:?}", m.period)))?;
            let saved = measure::ActiveModel {
                organization_id: Set(org),
                topic_id: Set(saved_topic.id),
                position: Set(mi as i32 + 1),
                title: Set(m.title.join("\n")),
                steps: Set(m.steps.join("\n")),
                quarter_from: Set(quarter_from),
                quarter_to: Set(quarter_to),
                division_id: Set(None),
                summary: Set(m.summary.join("\n")),
                outcomes: Set(m.outcomes.join("\n")),
                created_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            if let Some(p) = m.summary.iter().find(|p| p.contains(MEETING)) {
                for (_, d) in extract_thai_dates(p) {
                    if let ThaiDate::Day(day) = d {
                        link::ActiveModel {
                            organization_id: Set(org),
                            measure_id: Set(saved.id),
                            kind: Set("meeting".into()),
                            reference: Set(String::new()),
                            title: Set(MEETING.into()),
                            occurred_on: Set(Some(day)),
                            created_at: Set(now),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?;
                    }
                }
            }
        }
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "measures.demo.seed",
        Target::kind("measure_year"),
        json!({ "fiscal_year": data.fiscal_year }),
    )
    .await?;
    Ok(())
}
