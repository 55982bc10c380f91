//! Working days of Thai government offices: Monday to Friday, except public holidays.
//!
//! The holidays themselves are data: the fixed-date national holidays are listed here by
//! [`fixed_national_holidays`]; holidays that follow the lunar calendar (มาฆบูชา, วิสาขบูชา,
//! อาสาฬหบูชา, เข้าพรรษา) and special holidays announced by the Cabinet change every year and
//! are entered by each organization for each year.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A set of non-working dates (besides weekends).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holidays(BTreeSet<NaiveDate>);

impl Holidays {
    /// A set of holidays.
    pub fn new(dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self(dates.into_iter().collect())
    }

    /// Whether `date` is a holiday.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.0.contains(&date)
    }

    /// How many holidays.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether offices are open on `date`.
pub fn is_working_day(date: NaiveDate, holidays: &Holidays) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(date)
}

/// The date `days` working days after `start` (the day of `start` itself is not counted,
/// as in "within 3 working days of receiving the request"). Zero days gives `start`.
/// At most ten years ahead, so a wrong holiday list can never loop forever.
pub fn add_working_days(start: NaiveDate, days: u32, holidays: &Holidays) -> NaiveDate {
    let mut date = start;
    let mut left = days;
    let limit = start + Duration::days(3660);
    while left > 0 && date < limit {
        date += Duration::days(1);
        if is_working_day(date, holidays) {
            left -= 1;
        }
    }
    date
}

/// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
pub fn working_days_between(from: NaiveDate, to: NaiveDate, holidays: &Holidays) -> u32 {
    let mut n = 0;
    let mut date = from;
    while date < to {
        date += Duration::days(1);
        if is_working_day(date, holidays) {
            n += 1;
        }
    }
    n
}

/// National holidays on a fixed date of the (Common Era) `year`, with their Thai names.
/// When one falls on a weekend, the Cabinet usually gives a substitute day; substitutes
/// are announced each year and belong in the organization's own list.
pub fn fixed_national_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let days: [(u32, u32, &str); 13] = [
        (1, 1, "วันขึ้นปีใหม่"),
        (
            4,
            6,
            "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราชและวันที่ระลึกมหาจักรีบรมราชวงศ์",
        ),
        (4, 13, "วันสงกรานต์"),
        (4, 14, "วันสงกรานต์"),
        (4, 15, "วันสงกรานต์"),
        (5, 4, "วันฉัตรมงคล"),
        (6, 3, "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี"),
        (7, 28, "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว"),
        (
            8,
            12,
            "วันเฉลิมพระชนมพรรษาสมเด็จพระบรมราชชนนีพันปีหลวง และวันแม่แห่งชาติ",
        ),
        (10, 13, "วันนวมินทรมหาราช"),
        (10, 23, "วันปิยมหาราช"),
        (12, 5, "วันคล้ายวันพระบรมราชสมภพ รัชกาลที่ 9 วันชาติ และวันพ่อแห่งชาติ"),
        (12, 10, "วันรัฐธรรมนูญ"),
    ];
    let mut out: Vec<(NaiveDate, &'static str)> = days
        .iter()
        .filter_map(|(m, d, name)| NaiveDate::from_ymd_opt(year, *m, *d).map(|date| (date, *name)))
        .collect();
    if let Some(eve) = NaiveDate::from_ymd_opt(year, 12, 31) {
        out.push((eve, "วันสิ้นปี"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_are_skipped() {
        let none = Holidays::default();
        // Friday 2025-11-21 + 1 working day = Monday 24.
        assert_eq!(add_working_days(d(2025, 11, 21), 1, &none), d(2025, 11, 24));
        // Wednesday + 3 = Monday.
        assert_eq!(add_working_days(d(2025, 11, 19), 3, &none), d(2025, 11, 24));
        assert_eq!(add_working_days(d(2025, 11, 19), 0, &none), d(2025, 11, 19));
        // A request received on Saturday: the first working day is Monday.
        assert_eq!(add_working_days(d(2025, 11, 22), 1, &none), d(2025, 11, 24));
    }

    #[test]
    fn holidays_are_skipped() {
        let h = Holidays::new(fixed_national_holidays(2025).into_iter().map(|(d, _)| d));
        // Thursday 4 Dec 2025 + 1: Friday 5 Dec is วันพ่อ, so Monday 8 Dec.
        assert_eq!(add_working_days(d(2025, 12, 4), 1, &h), d(2025, 12, 8));
        // 10 Dec (Wednesday) is วันรัฐธรรมนูญ.
        assert_eq!(add_working_days(d(2025, 12, 9), 1, &h), d(2025, 12, 11));
        assert!(!is_working_day(d(2025, 4, 14), &h));
        assert!(is_working_day(d(2025, 4, 16), &h));
    }

    #[test]
    fn counting_between_dates_agrees_with_adding() {
        let h = Holidays::new(
            fixed_national_holidays(2025)
                .into_iter()
                .chain(fixed_national_holidays(2026))
                .map(|(d, _)| d),
        );
        let start = d(2025, 9, 1);
        for days in 0..200 {
            let end = add_working_days(start, days, &h);
            assert_eq!(working_days_between(start, end, &h), days, "{days}");
        }
        assert_eq!(working_days_between(d(2025, 1, 10), d(2025, 1, 1), &h), 0);
    }

    #[test]
    fn fixed_holidays_of_a_year() {
        let list = fixed_national_holidays(2026);
        assert_eq!(list.len(), 14);
        assert!(
            list.iter()
                .any(|(date, name)| *date == d(2026, 8, 12) && name.contains("วันแม่"))
        );
    }
}
