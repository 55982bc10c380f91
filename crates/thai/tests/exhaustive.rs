//! Day-by-day sweeps: formatting then parsing gives the same date for every
//! day from 1950-01-01 to 2100-12-31, and fiscal years and quarters are
//! checked structurally for every day of several years.

use chrono::{Datelike, Days, NaiveDate};
use prongsai_thai::fiscal::{FiscalQuarter, FiscalYear};
use prongsai_thai::format::{
    Digits, MonthStyle, format_date, format_date_en, format_date_range, format_date_range_en,
    format_date_short_year,
};
use prongsai_thai::parse::{ThaiDate, extract_thai_dates, parse_thai_date};

const STYLES: [MonthStyle; 2] = [MonthStyle::Full, MonthStyle::Abbreviated];
const DIGITS: [Digits; 2] = [Digits::Arabic, Digits::Thai];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

#[test]
fn every_day_1950_to_2100_round_trips_in_every_style() {
    let mut count = 0;
    for date in days(d(1950, 1, 1), d(2100, 12, 31)) {
        for style in STYLES {
            for digits in DIGITS {
                let text = format_date(date, style, digits);
                assert_eq!(parse_thai_date(&text), Ok(ThaiDate::Day(date)), "{text}");
                count += 1;
            }
        }
        let en = format_date_en(date);
        assert_eq!(parse_thai_date(&en), Ok(ThaiDate::Day(date)), "{en}");
    }
    // 151 years, 37 of them leap years (2100 is not one).
    assert_eq!(count, (151 * 365 + 37) * 4);
}

#[test]
fn short_years_round_trip_for_be_2500_to_2599() {
    // Two-digit years are read as B.E. 25xx, so the round trip holds
    // exactly for C.E. 1957..=2056.
    for date in days(d(1957, 1, 1), d(2056, 12, 31)) {
        for style in STYLES {
            for digits in DIGITS {
                let text = format_date_short_year(date, style, digits);
                assert_eq!(parse_thai_date(&text), Ok(ThaiDate::Day(date)), "{text}");
            }
        }
    }
    // Outside that century the two-digit year names a different date.
    let before = format_date_short_year(d(1956, 12, 31), MonthStyle::Full, Digits::Arabic);
    assert_eq!(parse_thai_date(&before), Ok(ThaiDate::Day(d(2056, 12, 31))));
}

#[test]
fn ranges_round_trip_for_every_start_day() {
    // Lengths chosen to hit: same month, next month, across a year end,
    // and more than a year.
    let lengths = [1u64, 2, 27, 45, 400];
    for start in days(d(1950, 1, 1), d(2100, 12, 31)) {
        for len in lengths {
            let end = start + Days::new(len);
            for style in STYLES {
                let text = format_date_range(start, end, style, Digits::Arabic);
                assert_eq!(
                    parse_thai_date(&text),
                    Ok(ThaiDate::Range(start, end)),
                    "{text}"
                );
            }
        }
    }
}

#[test]
fn ranges_round_trip_with_thai_digits_and_in_english() {
    for start in days(d(2020, 1, 1), d(2026, 12, 31)) {
        for len in [0u64, 1, 33, 370] {
            let end = start + Days::new(len);
            for style in STYLES {
                let text = format_date_range(start, end, style, Digits::Thai);
                let parsed = parse_thai_date(&text).expect(&text);
                assert_eq!((parsed.start(), parsed.end()), (start, end), "{text}");
            }
            let en = format_date_range_en(start, end);
            let parsed = parse_thai_date(&en).expect(&en);
            assert_eq!((parsed.start(), parsed.end()), (start, end), "{en}");
        }
    }
}

#[test]
fn reversed_ranges_are_formatted_in_full_and_refused() {
    for start in days(d(2023, 1, 1), d(2023, 12, 31)) {
        let end = start - Days::new(3);
        let text = format_date_range(start, end, MonthStyle::Abbreviated, Digits::Arabic);
        assert!(parse_thai_date(&text).is_err(), "{text}");
    }
}

#[test]
fn extraction_finds_every_formatted_date_in_a_long_text() {
    let mut text = String::new();
    let mut expected = Vec::new();
    let separators = ["/วันที่ ", " และ ", "วันที่", ", ", "\n• "];
    for (i, date) in days(d(2022, 10, 1), d(2024, 9, 30)).enumerate() {
        let style = STYLES[i % 2];
        let digits = DIGITS[(i / 2) % 2];
        text.push_str(separators[i % separators.len()]);
        let begin = text.len();
        text.push_str(&format_date_short_year(date, style, digits));
        expected.push((begin..text.len(), ThaiDate::Day(date)));
    }
    assert_eq!(extract_thai_dates(&text), expected);
}

#[test]
fn fiscal_years_day_by_day() {
    // Walk every day of C.E. 2015-01-01 ..= 2030-12-31 (leap years 2016,
    // 2020, 2024, 2028) and check the structure, not the formula: the
    // fiscal year changes exactly on 1 October, its first and last days
    // are the first and last days seen, it lasts 365 or 366 days (366 iff
    // it contains 29 February), and 31 March lies inside it.
    let mut previous: Option<NaiveDate> = None;
    let mut first_day_of_fy = d(2015, 1, 1);
    let mut length = 0;
    for date in days(d(2015, 1, 1), d(2030, 12, 31)) {
        let fy = FiscalYear::of(date);
        assert!(fy.contains(date));
        assert!(fy.start() <= date && date <= fy.end(), "{date}");
        assert!(!fy.previous().contains(date) && !fy.next().contains(date));
        if let Some(prev) = previous {
            let prev_fy = FiscalYear::of(prev);
            let new_year = date.month() == 10 && date.day() == 1;
            assert_eq!(prev_fy != fy, new_year, "{prev} → {date}");
            if new_year {
                assert_eq!(fy, prev_fy.next());
                assert_eq!(prev_fy.end(), prev);
                assert_eq!(fy.start(), date);
                if first_day_of_fy == prev_fy.start() {
                    let leap = days(prev_fy.start(), prev_fy.end())
                        .any(|x| x.month() == 2 && x.day() == 29);
                    assert_eq!(length, if leap { 366 } else { 365 }, "FY {prev_fy}");
                }
                first_day_of_fy = date;
                length = 0;
            }
        }
        let half = fy.half_year_end();
        assert!(fy.contains(half) && half.month() == 3 && half.day() == 31);
        length += 1;
        previous = Some(date);
    }
}

#[test]
fn fiscal_quarters_day_by_day() {
    let mut previous: Option<FiscalQuarter> = None;
    for date in days(d(2015, 1, 1), d(2030, 12, 31)) {
        let q = FiscalQuarter::of(date);
        assert!(q.contains(date));
        assert!(q.start() <= date && date <= q.end());
        assert_eq!(q.year, FiscalYear::of(date));
        assert_eq!(q.year.quarter(q.number), Some(q));
        let quarter_starts = [(10, 1), (1, 1), (4, 1), (7, 1)];
        let starts_here = quarter_starts.contains(&(date.month(), date.day()));
        if let Some(prev) = previous {
            assert_eq!(prev != q, starts_here, "{date}");
            if starts_here {
                // Quarters are consecutive: 1→2→3→4→next year's 1.
                let expected = if prev.number == 4 {
                    (prev.year.next(), 1)
                } else {
                    (prev.year, prev.number + 1)
                };
                assert_eq!((q.year, q.number), expected);
                assert_eq!(q.start(), date);
                assert_eq!(prev.end(), date.pred_opt().expect("has a previous day"));
            }
        }
        previous = Some(q);
    }
}

#[test]
fn fiscal_boundaries_by_name() {
    let cases = [
        (d(2022, 9, 30), 2565, 4),
        (d(2022, 10, 1), 2566, 1),
        (d(2022, 12, 31), 2566, 1),
        (d(2023, 1, 1), 2566, 2),
        (d(2023, 3, 31), 2566, 2),
        (d(2023, 4, 1), 2566, 3),
        (d(2023, 6, 30), 2566, 3),
        (d(2023, 7, 1), 2566, 4),
        (d(2023, 9, 30), 2566, 4),
        (d(2023, 10, 1), 2567, 1),
        (d(2024, 2, 29), 2567, 2),
        (d(2020, 2, 29), 2563, 2),
        (d(2000, 2, 29), 2543, 2),
    ];
    for (date, be, number) in cases {
        let q = FiscalQuarter::of(date);
        assert_eq!((q.year.be(), q.number), (be, number), "{date}");
    }
    // Fiscal year 2567 contains 29 Feb 2024 and so has 366 days.
    let fy = FiscalYear::new(2567);
    assert_eq!(
        fy.end().signed_duration_since(fy.start()).num_days() + 1,
        366
    );
    let fy = FiscalYear::new(2566);
    assert_eq!(
        fy.end().signed_duration_since(fy.start()).num_days() + 1,
        365
    );
}
