//! Summaries computed from rows: per month (the monthly summary, สขร.) and per method
//! (the annual report).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::reference::YearReference;
use crate::rows::ItemRow;

/// The items that count in one month (empty: "ไม่มีการจัดซื้อจัดจ้าง").
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MonthSummary {
    pub month: NaiveDate,
    pub item_ids: Vec<i64>,
    pub total_agreed: i64,
}

/// The twelve months of a fiscal year, October first, up to `until` (inclusive).
pub fn monthly(fiscal_year: i32, rows: &[ItemRow], until: NaiveDate) -> Vec<MonthSummary> {
    let fy = prongsai_thai::FiscalYear::new(fiscal_year);
    let mut months = Vec::new();
    let mut m = fy.start();
    while m <= fy.end() && m <= until {
        let items: Vec<&ItemRow> = rows
            .iter()
            .filter(|r| r.item.status != "cancelled" && r.summary_month() == Some(m))
            .collect();
        months.push(MonthSummary {
            month: m,
            item_ids: items.iter().map(|r| r.id).collect(),
            total_agreed: items.iter().filter_map(|r| r.item.agreed_price).sum(),
        });
        m = if m.month() == 12 {
            NaiveDate::from_ymd_opt(m.year() + 1, 1, 1).unwrap_or(m)
        } else {
            NaiveDate::from_ymd_opt(m.year(), m.month() + 1, 1).unwrap_or(m)
        };
        if months.len() > 12 {
            break;
        }
    }
    months
}

/// Count and amount of one method in the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodSummary {
    pub method: String,
    pub name: String,
    pub count: usize,
    pub allocated: i64,
    pub agreed: i64,
}

/// Per method, in the order of the year's list, cancelled items left out.
pub fn by_method(reference: &YearReference, rows: &[ItemRow]) -> Vec<MethodSummary> {
    reference
        .methods
        .iter()
        .map(|m| {
            let items: Vec<&ItemRow> = rows
                .iter()
                .filter(|r| r.item.method == m.code && r.item.status != "cancelled")
                .collect();
            MethodSummary {
                method: m.code.clone(),
                name: m.name.clone(),
                count: items.len(),
                allocated: items.iter().map(|r| r.item.allocated_budget).sum(),
                agreed: items.iter().filter_map(|r| r.item.agreed_price).sum(),
            }
        })
        .collect()
}
