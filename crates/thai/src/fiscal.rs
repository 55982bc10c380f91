//! The Thai government fiscal year (ปีงบประมาณ) and its quarters.
//!
//! A fiscal year runs from 1 October to 30 September and is named by the
//! Buddhist Era year in which it ends: fiscal year 2566 is
//! 1 October 2565 (2022-10-01) ..= 30 September 2566 (2023-09-30). So
//! October–December of C.E. year `Y` belong to fiscal year `Y + 1 + 543`.
//!
//! Quarters: 1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep.
//!
//! `chrono` only represents years −262144..=262143. A [`FiscalYear`] is
//! clamped to the fiscal years that overlap that range, and the dates of
//! the two partial fiscal years at its very edges are clamped to
//! [`NaiveDate::MIN`] / [`NaiveDate::MAX`], so that no method can panic.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::era::{be_from_ce, ce_from_be};

/// A Thai government fiscal year, named by its Buddhist Era year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FiscalYear(i32);

/// One quarter of a fiscal year. `number` is 1..=4; a value outside that
/// range (the fields are public) is treated as the nearest valid quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FiscalQuarter {
    /// The fiscal year this quarter belongs to.
    pub year: FiscalYear,
    /// 1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep.
    pub number: u8,
}

/// A date, or the nearest representable one when the year is outside
/// chrono's range (only reachable for the edge fiscal years).
fn ymd_clamped(ce_year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(ce_year, month, day).unwrap_or(if ce_year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

fn fiscal_be_of(date: NaiveDate) -> i32 {
    let ce = if date.month() >= 10 {
        date.year().saturating_add(1)
    } else {
        date.year()
    };
    be_from_ce(ce)
}

impl FiscalYear {
    /// The earliest fiscal year containing a date chrono can represent.
    pub fn min_value() -> Self {
        FiscalYear(fiscal_be_of(NaiveDate::MIN))
    }

    /// The latest fiscal year containing a date chrono can represent.
    pub fn max_value() -> Self {
        FiscalYear(fiscal_be_of(NaiveDate::MAX))
    }

    /// Fiscal year named by the Buddhist Era year `be` (e.g. `2566`),
    /// clamped to [`min_value`](Self::min_value)..=[`max_value`](Self::max_value).
    pub fn new(be: i32) -> Self {
        FiscalYear(be.clamp(Self::min_value().0, Self::max_value().0))
    }

    /// The fiscal year containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        FiscalYear(fiscal_be_of(date))
    }

    /// The Buddhist Era year naming this fiscal year.
    pub fn be(self) -> i32 {
        self.0
    }

    /// The Common Era year in which this fiscal year ends.
    pub fn ce_end_year(self) -> i32 {
        ce_from_be(self.0)
    }

    /// First day: 1 October of the previous C.E. year.
    pub fn start(self) -> NaiveDate {
        ymd_clamped(self.ce_end_year() - 1, 10, 1)
    }

    /// Last day, inclusive: 30 September.
    pub fn end(self) -> NaiveDate {
        ymd_clamped(self.ce_end_year(), 9, 30)
    }

    /// Whether `date` falls within this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of(date) == self
    }

    /// 31 March inside this fiscal year: the half-year cut-off used by the
    /// ITA assessment ("ข้อมูล ณ วันที่ 31 มีนาคม").
    pub fn half_year_end(self) -> NaiveDate {
        ymd_clamped(self.ce_end_year(), 3, 31)
    }

    /// Quarter `n` (1..=4) of this fiscal year; `None` for any other `n`.
    pub fn quarter(self, n: u8) -> Option<FiscalQuarter> {
        (1..=4).contains(&n).then_some(FiscalQuarter {
            year: self,
            number: n,
        })
    }

    /// The four quarters of this fiscal year, in order.
    pub fn quarters(self) -> [FiscalQuarter; 4] {
        [1, 2, 3, 4].map(|number| FiscalQuarter { year: self, number })
    }

    /// The fiscal year before this one (saturating at [`min_value`](Self::min_value)).
    pub fn previous(self) -> Self {
        Self::new(self.0.saturating_sub(1))
    }

    /// The fiscal year after this one (saturating at [`max_value`](Self::max_value)).
    pub fn next(self) -> Self {
        Self::new(self.0.saturating_add(1))
    }
}

impl fmt::Display for FiscalYear {
    /// The Buddhist Era year alone, e.g. `2566`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FiscalQuarter {
    /// The fiscal quarter containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        let number = match date.month() {
            10..=12 => 1,
            1..=3 => 2,
            4..=6 => 3,
            _ => 4,
        };
        FiscalQuarter {
            year: FiscalYear::of(date),
            number,
        }
    }

    fn clamped_number(self) -> u8 {
        self.number.clamp(1, 4)
    }

    /// First day of the quarter.
    pub fn start(self) -> NaiveDate {
        let ce = self.year.ce_end_year();
        match self.clamped_number() {
            1 => ymd_clamped(ce - 1, 10, 1),
            2 => ymd_clamped(ce, 1, 1),
            3 => ymd_clamped(ce, 4, 1),
            _ => ymd_clamped(ce, 7, 1),
        }
    }

    /// Last day of the quarter, inclusive.
    pub fn end(self) -> NaiveDate {
        let ce = self.year.ce_end_year();
        match self.clamped_number() {
            1 => ymd_clamped(ce - 1, 12, 31),
            2 => ymd_clamped(ce, 3, 31),
            3 => ymd_clamped(ce, 6, 30),
            _ => ymd_clamped(ce, 9, 30),
        }
    }

    /// Whether `date` falls within this quarter.
    pub fn contains(self, date: NaiveDate) -> bool {
        let q = FiscalQuarter::of(date);
        q.year == self.year && q.number == self.clamped_number()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn fy2566() {
        let fy = FiscalYear::new(2566);
        assert_eq!(fy.be(), 2566);
        assert_eq!(fy.start(), d(2022, 10, 1));
        assert_eq!(fy.end(), d(2023, 9, 30));
        assert_eq!(fy.half_year_end(), d(2023, 3, 31));
        assert_eq!(fy.to_string(), "2566");
        assert_eq!(fy.previous(), FiscalYear::new(2565));
        assert_eq!(fy.next(), FiscalYear::new(2567));
        assert!(fy.contains(d(2022, 10, 1)));
        assert!(fy.contains(d(2023, 9, 30)));
        assert!(!fy.contains(d(2022, 9, 30)));
        assert!(!fy.contains(d(2023, 10, 1)));
    }

    #[test]
    fn quarters_of_2566() {
        let fy = FiscalYear::new(2566);
        let expect = [
            (d(2022, 10, 1), d(2022, 12, 31)),
            (d(2023, 1, 1), d(2023, 3, 31)),
            (d(2023, 4, 1), d(2023, 6, 30)),
            (d(2023, 7, 1), d(2023, 9, 30)),
        ];
        for (i, (s, e)) in expect.into_iter().enumerate() {
            let q = fy.quarter(i as u8 + 1).expect("quarter exists");
            assert_eq!((q.start(), q.end()), (s, e), "Q{}", i + 1);
            assert_eq!(fy.quarters()[i], q);
        }
        assert_eq!(fy.quarter(0), None);
        assert_eq!(fy.quarter(5), None);
        assert_eq!(fy.quarter(u8::MAX), None);
    }

    #[test]
    fn out_of_range_quarter_numbers_clamp() {
        let fy = FiscalYear::new(2566);
        let zero = FiscalQuarter {
            year: fy,
            number: 0,
        };
        let big = FiscalQuarter {
            year: fy,
            number: 200,
        };
        assert_eq!(zero.start(), d(2022, 10, 1));
        assert_eq!(big.end(), d(2023, 9, 30));
        assert!(big.contains(d(2023, 8, 1)));
        assert!(!big.contains(d(2022, 11, 1)));
    }

    #[test]
    fn ordering() {
        assert!(FiscalYear::new(2565) < FiscalYear::new(2566));
        let q4_65 = FiscalYear::new(2565).quarter(4).expect("q4");
        let q1_66 = FiscalYear::new(2566).quarter(1).expect("q1");
        assert!(q4_65 < q1_66);
    }

    #[test]
    fn extremes_do_not_panic() {
        for be in [i32::MIN, i32::MIN + 1, -1_000_000, 0, 1_000_000, i32::MAX] {
            let fy = FiscalYear::new(be);
            assert!(fy >= FiscalYear::min_value() && fy <= FiscalYear::max_value());
            assert!(fy.start() <= fy.end());
            let _ = (fy.half_year_end(), fy.previous(), fy.next());
            for q in fy.quarters() {
                assert!(q.start() <= q.end());
            }
        }
        assert_eq!(FiscalYear::new(i32::MAX), FiscalYear::max_value());
        assert_eq!(FiscalYear::max_value().next(), FiscalYear::max_value());
        assert_eq!(FiscalYear::min_value().previous(), FiscalYear::min_value());
        assert_eq!(FiscalYear::max_value().end(), NaiveDate::MAX);
        assert_eq!(FiscalYear::min_value().start(), NaiveDate::MIN);
        assert!(FiscalYear::of(NaiveDate::MAX).contains(NaiveDate::MAX));
        assert!(FiscalYear::of(NaiveDate::MIN).contains(NaiveDate::MIN));
        assert_eq!(FiscalYear::of(NaiveDate::MAX), FiscalYear::max_value());
    }
}
