//! Dates as Thai (or English) text.
//!
//! Thai dates are written day, month, Buddhist Era year with no leading
//! zeros: "10 ตุลาคม 2565", "10 ต.ค. 2565", "๑๐ ตุลาคม ๒๕๖๕". Everything
//! written here is read back by [`crate::parse::parse_thai_date`].

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::digits::to_thai_digits;
use crate::era::be_from_ce;
use crate::months::{ENGLISH_MONTHS, THAI_MONTHS, THAI_MONTHS_ABBR};

/// How the month is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MonthStyle {
    /// "ตุลาคม"
    #[default]
    Full,
    /// "ต.ค."
    Abbreviated,
}

/// Which digits numbers are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Digits {
    /// 0123456789
    #[default]
    Arabic,
    /// ๐๑๒๓๔๕๖๗๘๙, as in formal government documents.
    Thai,
}

fn month_name(month: u32, style: MonthStyle) -> &'static str {
    let table = match style {
        MonthStyle::Full => &THAI_MONTHS,
        MonthStyle::Abbreviated => &THAI_MONTHS_ABBR,
    };
    // chrono months are always 1..=12, so the fallback is never used.
    table
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

fn english_month_name(month: u32) -> &'static str {
    ENGLISH_MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

fn with_digits(text: String, digits: Digits) -> String {
    match digits {
        Digits::Arabic => text,
        Digits::Thai => to_thai_digits(&text),
    }
}

fn be_year(date: NaiveDate) -> i32 {
    be_from_ce(date.year())
}

/// "day month" without the year, in Arabic digits.
fn day_month(date: NaiveDate, style: MonthStyle) -> String {
    format!("{} {}", date.day(), month_name(date.month(), style))
}

/// "10 ตุลาคม 2565", "10 ต.ค. 2565" or "๑๐ ตุลาคม ๒๕๖๕".
pub fn format_date(date: NaiveDate, style: MonthStyle, digits: Digits) -> String {
    with_digits(
        format!("{} {}", day_month(date, style), be_year(date)),
        digits,
    )
}

/// The date with a two-digit Buddhist Era year, as in informal documents:
/// "10 ต.ค. 65". The century is lost, so this reads back as the same date
/// only for B.E. 2500–2599 (C.E. 1957–2056), which is how two-digit years are
/// parsed.
pub fn format_date_short_year(date: NaiveDate, style: MonthStyle, digits: Digits) -> String {
    with_digits(
        format!(
            "{} {:02}",
            day_month(date, style),
            be_year(date).rem_euclid(100)
        ),
        digits,
    )
}

/// A date range written the way Thai documents collapse it:
/// - same day: a single date, "26 มกราคม 2566";
/// - same month: "26-27 มกราคม 2566";
/// - same year: "30 ก.ย. - 2 ต.ค. 2566";
/// - different years, or `end` before `start`: both dates in full,
///   "30 ธ.ค. 2565 - 2 ม.ค. 2566". A reversed range is written as given
///   (not silently swapped) so that the mistake stays visible; parsing it
///   back is refused.
pub fn format_date_range(
    start: NaiveDate,
    end: NaiveDate,
    style: MonthStyle,
    digits: Digits,
) -> String {
    if start == end {
        return format_date(start, style, digits);
    }
    let text = if start > end || start.year() != end.year() {
        format!(
            "{} {} - {} {}",
            day_month(start, style),
            be_year(start),
            day_month(end, style),
            be_year(end)
        )
    } else if start.month() == end.month() {
        format!(
            "{}-{} {} {}",
            start.day(),
            end.day(),
            month_name(end.month(), style),
            be_year(end)
        )
    } else {
        format!(
            "{} - {} {}",
            day_month(start, style),
            day_month(end, style),
            be_year(end)
        )
    };
    with_digits(text, digits)
}

/// An English date with the Common Era year, for the English interface:
/// "10 October 2022".
pub fn format_date_en(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        english_month_name(date.month()),
        date.year()
    )
}

/// An English date range, collapsed like [`format_date_range`] but with an
/// en dash: "26–27 January 2023", "30 September – 2 October 2023",
/// "30 December 2022 – 2 January 2023".
pub fn format_date_range_en(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return format_date_en(start);
    }
    if start > end || start.year() != end.year() {
        format!("{} – {}", format_date_en(start), format_date_en(end))
    } else if start.month() == end.month() {
        format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            english_month_name(end.month()),
            end.year()
        )
    } else {
        format!(
            "{} {} – {} {} {}",
            start.day(),
            english_month_name(start.month()),
            end.day(),
            english_month_name(end.month()),
            end.year()
        )
    }
}

/// A date and time as in Thai notices: "10 ต.ค. 2565 เวลา 14:05 น."
/// (24-hour clock, "น." for นาฬิกา; seconds are not shown).
pub fn format_datetime(datetime: NaiveDateTime, style: MonthStyle, digits: Digits) -> String {
    let date = format_date(datetime.date(), style, digits);
    let time = with_digits(
        format!("{:02}:{:02}", datetime.hour(), datetime.minute()),
        digits,
    );
    format!("{date} เวลา {time} น.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn single_dates() {
        let date = d(2022, 10, 10);
        assert_eq!(
            format_date(date, MonthStyle::Full, Digits::Arabic),
            "10 ตุลาคม 2565"
        );
        assert_eq!(
            format_date(date, MonthStyle::Abbreviated, Digits::Arabic),
            "10 ต.ค. 2565"
        );
        assert_eq!(
            format_date(date, MonthStyle::Full, Digits::Thai),
            "๑๐ ตุลาคม ๒๕๖๕"
        );
        assert_eq!(
            format_date(d(2023, 1, 9), MonthStyle::Abbreviated, Digits::Thai),
            "๙ ม.ค. ๒๕๖๖"
        );
        assert_eq!(format_date_en(date), "10 October 2022");
        assert_eq!(format_date_en(d(2024, 2, 29)), "29 February 2024");
    }

    #[test]
    fn short_year() {
        assert_eq!(
            format_date_short_year(d(2022, 10, 10), MonthStyle::Abbreviated, Digits::Arabic),
            "10 ต.ค. 65"
        );
        assert_eq!(
            format_date_short_year(d(1957, 1, 1), MonthStyle::Full, Digits::Arabic),
            "1 มกราคม 00"
        );
        assert_eq!(
            format_date_short_year(d(1966, 5, 3), MonthStyle::Abbreviated, Digits::Thai),
            "๓ พ.ค. ๐๙"
        );
    }

    #[test]
    fn ranges() {
        let full = MonthStyle::Full;
        let abbr = MonthStyle::Abbreviated;
        let ar = Digits::Arabic;
        assert_eq!(
            format_date_range(d(2023, 1, 26), d(2023, 1, 27), full, ar),
            "26-27 มกราคม 2566"
        );
        assert_eq!(
            format_date_range(d(2023, 9, 30), d(2023, 10, 2), abbr, ar),
            "30 ก.ย. - 2 ต.ค. 2566"
        );
        assert_eq!(
            format_date_range(d(2022, 12, 30), d(2023, 1, 2), abbr, ar),
            "30 ธ.ค. 2565 - 2 ม.ค. 2566"
        );
        assert_eq!(
            format_date_range(d(2023, 1, 26), d(2023, 1, 26), full, ar),
            "26 มกราคม 2566"
        );
        assert_eq!(
            format_date_range(d(2023, 1, 27), d(2023, 1, 26), full, ar),
            "27 มกราคม 2566 - 26 มกราคม 2566"
        );
        assert_eq!(
            format_date_range(d(2023, 1, 26), d(2023, 1, 27), full, Digits::Thai),
            "๒๖-๒๗ มกราคม ๒๕๖๖"
        );
    }

    #[test]
    fn english_ranges() {
        assert_eq!(
            format_date_range_en(d(2023, 1, 26), d(2023, 1, 27)),
            "26–27 January 2023"
        );
        assert_eq!(
            format_date_range_en(d(2023, 9, 30), d(2023, 10, 2)),
            "30 September – 2 October 2023"
        );
        assert_eq!(
            format_date_range_en(d(2022, 12, 30), d(2023, 1, 2)),
            "30 December 2022 – 2 January 2023"
        );
        assert_eq!(
            format_date_range_en(d(2023, 1, 2), d(2023, 1, 2)),
            "2 January 2023"
        );
    }

    #[test]
    fn datetimes() {
        let dt = d(2022, 10, 10).and_hms_opt(14, 5, 59).expect("valid time");
        assert_eq!(
            format_datetime(dt, MonthStyle::Abbreviated, Digits::Arabic),
            "10 ต.ค. 2565 เวลา 14:05 น."
        );
        assert_eq!(
            format_datetime(dt, MonthStyle::Full, Digits::Thai),
            "๑๐ ตุลาคม ๒๕๖๕ เวลา ๑๔:๐๕ น."
        );
        let midnight = d(2023, 1, 1).and_hms_opt(0, 0, 0).expect("valid time");
        assert_eq!(
            format_datetime(midnight, MonthStyle::Abbreviated, Digits::Arabic),
            "1 ม.ค. 2566 เวลา 00:00 น."
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            assert!(!format_date(date, MonthStyle::Full, Digits::Thai).is_empty());
            assert!(!format_date_short_year(date, MonthStyle::Full, Digits::Thai).is_empty());
            assert!(!format_date_en(date).is_empty());
        }
        assert!(
            format_date_range(
                NaiveDate::MAX,
                NaiveDate::MIN,
                MonthStyle::Full,
                Digits::Arabic
            )
            .contains(" - ")
        );
    }
}
