//! The rows every export works from: an item with the organization's details.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::validate::ValidItem;

/// The organization as the sheet names it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Agency {
    pub slug: String,
    pub name: String,
    pub district: String,
    pub province: String,
}

/// One procurement item, checked, with what exports need around it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemRow {
    pub id: i64,
    pub item: ValidItem,
    pub updated_at: DateTime<Utc>,
    /// The date the annual procurement plan listing it was published, if it is in one.
    pub plan_published_on: Option<NaiveDate>,
    /// The date of the result (award); the month it counts in for monthly summaries.
    pub result_on: Option<NaiveDate>,
    pub division: Option<String>,
}

impl ItemRow {
    /// The month (first day) in which the item counts in the monthly summary: the result
    /// date, else the contract date.
    pub fn summary_month(&self) -> Option<NaiveDate> {
        use chrono::Datelike;
        self.result_on
            .or(self.item.contract_start)
            .and_then(|d| NaiveDate::from_ymd_opt(d.year(), d.month(), 1))
    }
}
