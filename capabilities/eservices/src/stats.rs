//! Service statistics (ข้อมูลสถิติการให้บริการ, OIT o16/O11): per month, per service and
//! per division, the walk-in and online counts, the median completion time and the share
//! completed on time, over a fiscal year or its first half (as of 31 March).
//!
//! A request counts in the month it was sent; a walk-in in the month it was served. The
//! completion figures are those of online requests (a walk-in is served on the spot).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use prongsai_db::Db;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use prongsai_surveys::store::{Period, month_label, next_month};
use prongsai_thai::FiscalYear;

use crate::model::{RequestStatus, service_request, walk_in};
use crate::store::thai_date;

/// The figures of one group (a month, a service, a division, or everything).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub walk_in: u32,
    pub online: u32,
    pub completed: u32,
    pub on_time: u32,
    /// Days from sending to completion of each completed online request.
    durations: Vec<f64>,
}

impl Figures {
    pub fn total(&self) -> u32 {
        self.walk_in + self.online
    }

    /// The median days to complete an online request, if any was completed.
    pub fn median_days(&self) -> Option<f64> {
        if self.durations.is_empty() {
            return None;
        }
        let mut d = self.durations.clone();
        d.sort_by(f64::total_cmp);
        let n = d.len();
        Some(if n % 2 == 1 {
            d[n / 2]
        } else {
            (d[n / 2 - 1] + d[n / 2]) / 2.0
        })
    }

    /// The share of completed online requests completed by their due day, in percent.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.completed > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(self.completed))
    }

    pub fn median_label(&self) -> String {
        self.median_days()
            .map(|d| format!("{d:.1}"))
            .unwrap_or_else(|| "-".to_owned())
    }

    pub fn on_time_label(&self) -> String {
        self.on_time_percent()
            .map(|p| format!("{p:.1}%"))
            .unwrap_or_else(|| "-".to_owned())
    }

    fn add_request(&mut self, r: &service_request::Model) {
        self.online += 1;
        if r.status == RequestStatus::Completed.code()
            && let Some(done) = r.completed_at
        {
            self.completed += 1;
            let hours = (done - r.submitted_at).num_minutes() as f64 / 60.0;
            self.durations.push((hours / 24.0).max(0.0));
            if thai_date(&done) <= r.due_on {
                self.on_time += 1;
            }
        }
    }
}

/// A named group's figures.
#[derive(Clone, Debug)]
pub struct Row {
    pub key: Option<i64>,
    pub name_th: String,
    pub name_en: String,
    pub figures: Figures,
}

impl Row {
    pub fn name(&self, english: bool) -> &str {
        if english && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name_th
        }
    }
}

/// A line of the detail: a month and a service.
#[derive(Clone, Debug)]
pub struct DetailRow {
    pub month: NaiveDate,
    pub service_th: String,
    pub division_th: String,
    pub figures: Figures,
}

/// The statistics of a period.
pub struct Statistics {
    pub fiscal_year: FiscalYear,
    pub period: Period,
    /// The last day counted (31 March for the half year, 30 September, or today when
    /// the period is still running).
    pub as_of: NaiveDate,
    pub total: Figures,
    pub months: Vec<(NaiveDate, Figures)>,
    pub services: Vec<Row>,
    pub divisions: Vec<Row>,
    pub detail: Vec<DetailRow>,
}

impl Statistics {
    pub fn title(&self) -> String {
        format!(
            "สถิติการให้บริการ {} ปีงบประมาณ {}",
            match self.period {
                Period::Half => "รอบ 6 เดือน (1 ตุลาคม - 31 มีนาคม)",
                Period::Year => "รอบ 12 เดือน",
            },
            self.fiscal_year.be()
        )
    }

    pub fn month_name(month: NaiveDate, english: bool) -> String {
        month_label(month, english)
    }
}

/// Computes the statistics of `period` of `fiscal_year`.
pub async fn compute_statistics(
    db: &Db,
    organization_id: i64,
    fiscal_year: FiscalYear,
    period: Period,
) -> prongsai_kernel::Result<Statistics> {
    let (from, until) = period.range(fiscal_year);
    let start = from
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
        .unwrap_or_default();
    let end = until
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
        .unwrap_or_default();
    let requests = service_request::Entity::find()
        .filter(service_request::Column::OrganizationId.eq(organization_id))
        .filter(service_request::Column::SubmittedAt.gte(start))
        .filter(service_request::Column::SubmittedAt.lt(end))
        .order_by_asc(service_request::Column::Id)
        .all(db.conn())
        .await?;
    let walk_ins = walk_in::Entity::find()
        .filter(walk_in::Column::OrganizationId.eq(organization_id))
        .filter(walk_in::Column::ServedAt.gte(start))
        .filter(walk_in::Column::ServedAt.lt(end))
        .order_by_asc(walk_in::Column::Id)
        .all(db.conn())
        .await?;
    let divisions = prongsai_kernel::tenant::list_divisions(db.conn(), organization_id).await?;
    let division_names: HashMap<i64, (String, String)> = divisions
        .iter()
        .map(|d| (d.id, (d.name_th.clone(), d.name_en.clone())))
        .collect();
    let manuals = prongsai_manuals::store::list_all_public_manuals(
        db.conn(),
        organization_id,
        Some(prongsai_manuals::model::ManualKind::Service),
    )
    .await?;
    let mut manual_names: HashMap<i64, String> = manuals
        .iter()
        .map(|m| (m.id(), m.snapshot.title.clone()))
        .collect();
    // Services whose manual is no longer published keep their last title.
    for id in requests
        .iter()
        .map(|r| r.manual_id)
        .chain(walk_ins.iter().filter_map(|w| w.manual_id))
    {
        if let std::collections::hash_map::Entry::Vacant(v) = manual_names.entry(id)
            && let Ok(versions) = prongsai_kernel::publication::list_versions(
                db.conn(),
                organization_id,
                prongsai_manuals::KIND,
                id,
            )
            .await
            && let Some(title) = versions.first().map(|v| v.title.clone())
        {
            v.insert(title);
        }
    }
    let mut total = Figures::default();
    let mut months: BTreeMap<NaiveDate, Figures> = BTreeMap::new();
    let mut m = from;
    while m < until {
        months.insert(m, Figures::default());
        m = next_month(m);
    }
    let mut services: BTreeMap<Option<i64>, Figures> = BTreeMap::new();
    let mut by_division: BTreeMap<Option<i64>, Figures> = BTreeMap::new();
    let mut detail: BTreeMap<(NaiveDate, Option<i64>), (Option<i64>, Figures)> = BTreeMap::new();
    let month_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    for r in &requests {
        let month = month_of(thai_date(&r.submitted_at));
        total.add_request(r);
        months.entry(month).or_default().add_request(r);
        services
            .entry(Some(r.manual_id))
            .or_default()
            .add_request(r);
        by_division.entry(r.division_id).or_default().add_request(r);
        detail
            .entry((month, Some(r.manual_id)))
            .or_insert_with(|| (r.division_id, Figures::default()))
            .1
            .add_request(r);
    }
    for w in &walk_ins {
        let month = month_of(thai_date(&w.served_at));
        total.walk_in += 1;
        months.entry(month).or_default().walk_in += 1;
        services.entry(w.manual_id).or_default().walk_in += 1;
        by_division.entry(w.division_id).or_default().walk_in += 1;
        detail
            .entry((month, w.manual_id))
            .or_insert_with(|| (w.division_id, Figures::default()))
            .1
            .walk_in += 1;
    }
    let service_name = |id: &Option<i64>| match id {
        Some(id) => manual_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}")),
        None => "งานบริการอื่น ๆ".to_owned(),
    };
    let division_name = |id: &Option<i64>| match id.and_then(|id| division_names.get(&id)) {
        Some((th, en)) => (th.clone(), en.clone()),
        None => ("ไม่ระบุส่วนงาน".to_owned(), "No division".to_owned()),
    };
    let mut services: Vec<Row> = services
        .into_iter()
        .map(|(key, figures)| Row {
            name_th: service_name(&key),
            name_en: String::new(),
            key,
            figures,
        })
        .collect();
    services.sort_by(|a, b| {
        b.figures
            .total()
            .cmp(&a.figures.total())
            .then(a.name_th.cmp(&b.name_th))
    });
    let order: HashMap<i64, usize> = divisions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let mut division_rows: Vec<Row> = by_division
        .into_iter()
        .map(|(key, figures)| {
            let (th, en) = division_name(&key);
            Row {
                key,
                name_th: th,
                name_en: en,
                figures,
            }
        })
        .collect();
    division_rows.sort_by_key(|r| {
        r.key
            .and_then(|k| order.get(&k).copied())
            .unwrap_or(usize::MAX)
    });
    let detail = detail
        .into_iter()
        .map(|((month, service), (division, figures))| DetailRow {
            month,
            service_th: service_name(&service),
            division_th: division_name(&division).0,
            figures,
        })
        .collect();
    let last_day = until - chrono::Duration::days(1);
    let today = prongsai_kernel::clock::today_in_thailand();
    Ok(Statistics {
        fiscal_year,
        period,
        as_of: last_day.min(today.max(from)),
        total,
        months: months.into_iter().collect(),
        services,
        divisions: division_rows,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_on_time_shares() {
        let mut f = Figures::default();
        assert_eq!(f.median_days(), None);
        assert_eq!(f.on_time_label(), "-");
        f.durations = vec![3.0, 1.0, 2.0];
        f.completed = 3;
        f.on_time = 2;
        assert_eq!(f.median_days(), Some(2.0));
        assert_eq!(f.on_time_label(), "66.7%");
        f.durations.push(10.0);
        assert_eq!(f.median_days(), Some(2.5));
    }
}
