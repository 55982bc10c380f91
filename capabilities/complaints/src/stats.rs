//! Statistics of complaints per fiscal year, as the ITA asks them (total, completed, in
//! progress) with the breakdowns an organization reports: by category, by village, by
//! month, the median handling time and the share completed on time. Aggregates only:
//! nothing here reads a description, a name or a contact.

use chrono::{Datelike, NaiveDate};
use prongsai_db::Db;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use prongsai_thai::FiscalYear;
use prongsai_thai::calendar::{Holidays, working_days_between};

use crate::model::{Status, complaint};
use crate::store::{self, Result, thai_date};

/// Counts of one group of complaints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: u64,
    pub completed: u64,
    /// Still being handled: received, in progress or waiting for information.
    pub in_progress: u64,
    pub not_accepted: u64,
}

impl Counts {
    fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Completed => self.completed += 1,
            Status::NotAccepted => self.not_accepted += 1,
            _ => self.in_progress += 1,
        }
    }
}

/// One row of a breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub label_th: String,
    pub label_en: String,
    pub counts: Counts,
}

impl Row {
    pub fn label(&self, english: bool) -> &str {
        if english && !self.label_en.is_empty() {
            &self.label_en
        } else {
            &self.label_th
        }
    }
}

/// The statistics of one fiscal year (complaints received in it).
#[derive(Clone, Debug, PartialEq)]
pub struct Statistics {
    pub fiscal_year: i32,
    /// The day the numbers were counted (today, in Thailand).
    pub as_of: NaiveDate,
    pub counts: Counts,
    /// Completed on or before their deadline.
    pub completed_on_time: u64,
    /// Median working days from receipt to completion, of completed complaints.
    pub median_days: Option<f64>,
    pub by_category: Vec<Row>,
    pub by_village: Vec<Row>,
    /// October to September: the first day of each month and its counts.
    pub by_month: Vec<(NaiveDate, Counts)>,
}

impl Statistics {
    /// Percentage of completed complaints completed on time.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.counts.completed > 0)
            .then(|| self.completed_on_time as f64 * 100.0 / self.counts.completed as f64)
    }
}

/// The median of a list of numbers.
pub fn median(values: &mut [u32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        f64::from(values[n / 2])
    } else {
        (f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 2.0
    })
}

/// "ตุลาคม 2568" (or "Oct 2025" in English; `short` gives "ต.ค. 68").
pub fn month_label(month: NaiveDate, english: bool) -> String {
    month_label_styled(month, english, false)
}

/// A short month label for charts: "ต.ค. 68" / "Oct 25".
pub fn month_label_short(month: NaiveDate, english: bool) -> String {
    month_label_styled(month, english, true)
}

fn month_label_styled(month: NaiveDate, english: bool, short: bool) -> String {
    let m = month.month();
    if english {
        let name = prongsai_thai::months::english_month(m).unwrap_or("");
        if short {
            format!("{} {:02}", &name[..name.len().min(3)], month.year() % 100)
        } else {
            format!("{name} {}", month.year())
        }
    } else {
        let be = month.year() + 543;
        if short {
            format!(
                "{} {:02}",
                prongsai_thai::months::thai_month_abbr(m).unwrap_or(""),
                be % 100
            )
        } else {
            format!(
                "{} {be}",
                prongsai_thai::months::thai_month(m).unwrap_or("")
            )
        }
    }
}

/// The fiscal years that have complaints, and the current one, newest first.
pub async fn fiscal_years(db: &Db, org: i64) -> Result<Vec<i32>> {
    let mut years: Vec<i32> = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::FiscalYear)
        .distinct()
        .filter(complaint::Column::OrganizationId.eq(org))
        .into_tuple::<i32>()
        .all(db.conn())
        .await?;
    let current = FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    if !years.contains(&current) {
        years.push(current);
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// The current fiscal year (Buddhist Era).
pub fn current_fiscal_year() -> i32 {
    FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be()
}

/// Counts the complaints received in fiscal year `fy` (Buddhist Era).
pub async fn statistics(db: &Db, org: i64, fy: i32) -> Result<Statistics> {
    let dir = store::directory(db, org).await?;
    type RowTuple = (
        i64,
        Option<i64>,
        String,
        chrono::DateTime<chrono::Utc>,
        Option<chrono::DateTime<chrono::Utc>>,
        NaiveDate,
    );
    let rows: Vec<RowTuple> = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::CategoryId)
        .column(complaint::Column::VillageId)
        .column(complaint::Column::Status)
        .column(complaint::Column::ReceivedAt)
        .column(complaint::Column::ClosedAt)
        .column(complaint::Column::DueOn)
        .filter(complaint::Column::OrganizationId.eq(org))
        .filter(complaint::Column::FiscalYear.eq(fy))
        .order_by_asc(complaint::Column::Id)
        .into_tuple()
        .all(db.conn())
        .await?;
    let year = FiscalYear::new(fy);
    let holiday_rows = prongsai_kernel::calendar::list_holidays(
        db.conn(),
        org,
        year.start(),
        year.end() + chrono::Duration::days(400),
    )
    .await?;
    let holidays = Holidays::new(holiday_rows.into_iter().map(|h| h.date));
    let mut counts = Counts::default();
    let mut on_time = 0;
    let mut days = Vec::new();
    let mut by_category: Vec<(i64, Counts)> = dir
        .categories
        .iter()
        .map(|c| (c.id, Counts::default()))
        .collect();
    let mut by_village: Vec<(Option<i64>, Counts)> = dir
        .villages
        .iter()
        .map(|v| (Some(v.id), Counts::default()))
        .collect();
    by_village.push((None, Counts::default()));
    let months: Vec<NaiveDate> = (0..12)
        .filter_map(|i| {
            let m = (9 + i) % 12 + 1;
            let y = if m >= 10 {
                year.start().year()
            } else {
                year.start().year() + 1
            };
            NaiveDate::from_ymd_opt(y, m, 1)
        })
        .collect();
    let mut by_month: Vec<(NaiveDate, Counts)> =
        months.iter().map(|m| (*m, Counts::default())).collect();
    for (category_id, village_id, status, received_at, closed_at, due_on) in rows {
        let status = Status::from_code(&status).unwrap_or(Status::Received);
        counts.add(status);
        if status == Status::Completed
            && let Some(closed) = closed_at
        {
            let closed_on = thai_date(&closed);
            if closed_on <= due_on {
                on_time += 1;
            }
            days.push(working_days_between(
                thai_date(&received_at),
                closed_on,
                &holidays,
            ));
        }
        match by_category.iter_mut().find(|(id, _)| *id == category_id) {
            Some((_, c)) => c.add(status),
            None => {
                let mut c = Counts::default();
                c.add(status);
                by_category.push((category_id, c));
            }
        }
        let village_key = village_id.filter(|v| dir.village(*v).is_some());
        if let Some((_, c)) = by_village.iter_mut().find(|(id, _)| *id == village_key) {
            c.add(status);
        }
        let received_on = thai_date(&received_at);
        if let Some((_, c)) = by_month
            .iter_mut()
            .find(|(m, _)| m.year() == received_on.year() && m.month() == received_on.month())
        {
            c.add(status);
        }
    }
    let by_category = by_category
        .into_iter()
        .filter_map(|(id, counts)| {
            let c = dir.category(id)?;
            // Inactive categories appear only when they have complaints this year.
            (c.active || counts.total > 0).then(|| Row {
                label_th: c.name_th.clone(),
                label_en: c.name_en.clone(),
                counts,
            })
        })
        .collect();
    let by_village = by_village
        .into_iter()
        .filter(|(id, counts)| id.is_some() || counts.total > 0)
        .map(|(id, counts)| {
            let (label_th, label_en) = match id {
                Some(id) => {
                    let name = dir.village_name(Some(id));
                    let en = dir
                        .village(id)
                        .map(|v| format!("Village {}", v.number))
                        .unwrap_or_default();
                    (name, en)
                }
                None => (
                    "ไม่ระบุหมู่บ้าน / นอกเขต".to_owned(),
                    "Village not given / outside the area".to_owned(),
                ),
            };
            Row {
                label_th,
                label_en,
                counts,
            }
        })
        .collect();
    Ok(Statistics {
        fiscal_year: fy,
        as_of: prongsai_kernel::clock::today_in_thailand(),
        counts,
        completed_on_time: on_time,
        median_days: median(&mut days),
        by_category,
        by_village,
        by_month,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5.0));
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [1, 2, 3, 10]), Some(2.5));
    }

    #[test]
    fn counts_put_waiting_with_in_progress() {
        let mut c = Counts::default();
        for s in Status::ALL {
            c.add(s);
        }
        assert_eq!(
            c,
            Counts {
                total: 5,
                completed: 1,
                in_progress: 3,
                not_accepted: 1
            }
        );
    }
}
