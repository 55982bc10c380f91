//! Every concrete example from the specification and from the
//! organisation's real report, with expected values worked out by hand.
#![expect(
    clippy::inconsistent_digit_grouping,
    reason = "amounts in satang are written baht_satang, e.g. 1_000_001_00 = 1,000,001.00 baht"
)]

use chrono::NaiveDate;
use prongsai_thai::fiscal::{FiscalQuarter, FiscalYear};
use prongsai_thai::format::{
    Digits, MonthStyle, format_date, format_date_en, format_date_range, format_date_short_year,
    format_datetime,
};
use prongsai_thai::id::{IdError, ThaiId, check_digit};
use prongsai_thai::money::{MoneyParseError, baht_text, format_baht, parse_baht};
use prongsai_thai::parse::{DateParseError, ThaiDate, extract_thai_dates, parse_thai_date};
use prongsai_thai::{be_from_ce, ce_from_be, to_arabic_digits, to_thai_digits};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn day(y: i32, m: u32, dd: u32) -> ThaiDate {
    ThaiDate::Day(d(y, m, dd))
}

fn range(a: NaiveDate, b: NaiveDate) -> ThaiDate {
    ThaiDate::Range(a, b)
}

// ---------------------------------------------------------------- era, digits

#[test]
fn era_examples() {
    assert_eq!(be_from_ce(2022), 2565);
    assert_eq!(ce_from_be(2566), 2023);
}

#[test]
fn digit_examples() {
    assert_eq!(to_thai_digits("31 สิงหาคม 2566"), "๓๑ สิงหาคม ๒๕๖๖");
    assert_eq!(to_arabic_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
}

// ---------------------------------------------------------------- fiscal

#[test]
fn fiscal_examples() {
    let fy = FiscalYear::new(2566);
    assert_eq!((fy.start(), fy.end()), (d(2022, 10, 1), d(2023, 9, 30)));
    assert_eq!(fy.half_year_end(), d(2023, 3, 31));
    assert_eq!(fy.to_string(), "2566");
    // Oct–Dec of C.E. Y belong to fiscal year (Y + 1) + 543.
    assert_eq!(FiscalYear::of(d(2022, 10, 1)).be(), 2566);
    assert_eq!(FiscalYear::of(d(2022, 12, 31)).be(), 2566);
    assert_eq!(FiscalYear::of(d(2022, 9, 30)).be(), 2565);
    assert_eq!(FiscalYear::of(d(2023, 1, 1)).be(), 2566);
    assert_eq!(
        FiscalQuarter::of(d(2022, 11, 15)),
        FiscalQuarter {
            year: FiscalYear::new(2566),
            number: 1
        }
    );
    assert_eq!(FiscalQuarter::of(d(2023, 2, 28)).number, 2);
    assert_eq!(FiscalQuarter::of(d(2023, 5, 1)).number, 3);
    assert_eq!(FiscalQuarter::of(d(2023, 9, 30)).number, 4);
    let q3 = fy.quarter(3).expect("Q3 exists");
    assert_eq!((q3.start(), q3.end()), (d(2023, 4, 1), d(2023, 6, 30)));
}

// ---------------------------------------------------------------- format

#[test]
fn format_examples() {
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
        format_date_short_year(date, MonthStyle::Abbreviated, Digits::Arabic),
        "10 ต.ค. 65"
    );
    assert_eq!(
        format_date_range(
            d(2023, 1, 26),
            d(2023, 1, 27),
            MonthStyle::Full,
            Digits::Arabic
        ),
        "26-27 มกราคม 2566"
    );
    assert_eq!(
        format_date_range(
            d(2023, 9, 30),
            d(2023, 10, 2),
            MonthStyle::Abbreviated,
            Digits::Arabic
        ),
        "30 ก.ย. - 2 ต.ค. 2566"
    );
    assert_eq!(
        format_date_range(
            d(2022, 12, 31),
            d(2023, 1, 1),
            MonthStyle::Full,
            Digits::Arabic
        ),
        "31 ธันวาคม 2565 - 1 มกราคม 2566"
    );
    assert_eq!(format_date_en(date), "10 October 2022");
    let dt = date.and_hms_opt(14, 5, 0).expect("valid time");
    assert_eq!(
        format_datetime(dt, MonthStyle::Abbreviated, Digits::Arabic),
        "10 ต.ค. 2565 เวลา 14:05 น."
    );
}

// ---------------------------------------------------------------- parse

#[test]
fn real_report_examples_parse() {
    let cases = [
        ("10 ต.ค. 65", day(2022, 10, 10)),
        ("9 มกราคม 66", day(2023, 1, 9)),
        ("วันที่ 31 พ.ค.66", day(2023, 5, 31)),
        ("๓๑ สิงหาคม ๒๕๖๖", day(2023, 8, 31)),
        ("26-27 มกราคม 2566", range(d(2023, 1, 26), d(2023, 1, 27))),
        ("11 ม.ค. 67", day(2024, 1, 11)),
        ("วันที่ 7 ก.ค66", day(2023, 7, 7)),
        ("8 ธ.ค.65", day(2022, 12, 8)),
        ("1 มี.ค. 66", day(2023, 3, 1)),
        ("27 ก.พ.67", day(2024, 2, 27)),
        ("7 ก.ย.66", day(2023, 9, 7)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_thai_date(text), Ok(expected), "{text:?}");
    }
}

#[test]
fn other_accepted_forms() {
    let cases = [
        // Ranges across months, with every dash and spacing.
        ("30 ก.ย. - 2 ต.ค. 66", range(d(2023, 9, 30), d(2023, 10, 2))),
        ("30 ก.ย.-2 ต.ค.66", range(d(2023, 9, 30), d(2023, 10, 2))),
        ("26 – 27 มกราคม 2566", range(d(2023, 1, 26), d(2023, 1, 27))),
        ("26 -27 ม.ค.2566", range(d(2023, 1, 26), d(2023, 1, 27))),
        ("26—27 ม.ค. 66", range(d(2023, 1, 26), d(2023, 1, 27))),
        (
            "วันที่ 10 ถึง 12 ต.ค. 65",
            range(d(2022, 10, 10), d(2022, 10, 12)),
        ),
        (
            "ระหว่างวันที่ 26-27 ม.ค. 66",
            range(d(2023, 1, 26), d(2023, 1, 27)),
        ),
        // Across the new year: the start takes the previous year, but only
        // when its month and day come after the end's.
        ("30 ธ.ค. - 2 ม.ค. 67", range(d(2023, 12, 30), d(2024, 1, 2))),
        ("2 ม.ค. - 2 ม.ค. 67", range(d(2024, 1, 2), d(2024, 1, 2))),
        ("1 ม.ค. - 2 ม.ค. 67", range(d(2024, 1, 1), d(2024, 1, 2))),
        // Two complete dates.
        (
            "10 ต.ค. 65 - 12 ต.ค. 65",
            range(d(2022, 10, 10), d(2022, 10, 12)),
        ),
        (
            "30 ธันวาคม 2565 - 2 มกราคม 2566",
            range(d(2022, 12, 30), d(2023, 1, 2)),
        ),
        (
            "วันที่ 9/1/2566 - วันที่ 10/1/2566",
            range(d(2023, 1, 9), d(2023, 1, 10)),
        ),
        ("26-26 ม.ค. 66", range(d(2023, 1, 26), d(2023, 1, 26))),
        // Numeric forms.
        ("2023-01-09", day(2023, 1, 9)),
        ("9/1/2566", day(2023, 1, 9)),
        ("09/01/2566", day(2023, 1, 9)),
        ("9/1/66", day(2023, 1, 9)),
        ("9/1/2023", day(2023, 1, 9)),
        ("๙/๑/๒๕๖๖", day(2023, 1, 9)),
        // Spacing, digits and spellings.
        ("10ต.ค.65", day(2022, 10, 10)),
        ("10 ตค 65", day(2022, 10, 10)),
        ("10 ต.ค 65", day(2022, 10, 10)),
        ("10 ตุลา 65", day(2022, 10, 10)),
        ("  วันที่10 ต.ค. 65  ", day(2022, 10, 10)),
        ("วัน 10 ต.ค. 65", day(2022, 10, 10)),
        ("10\u{200B}ต.ค.\u{200B}65", day(2022, 10, 10)),
        ("๑๐ ต.ค. 65", day(2022, 10, 10)),
        ("1๐ ต.ค. ๖5", day(2022, 10, 10)),
        ("10 ตุลาคม พ.ศ. 2565", day(2022, 10, 10)),
        // C.E. years and English.
        ("10 ต.ค. 2022", day(2022, 10, 10)),
        ("10 October 2022", day(2022, 10, 10)),
        ("10 oct 2022", day(2022, 10, 10)),
        // Leap day.
        ("29 ก.พ. 67", day(2024, 2, 29)),
        ("29 กุมภาพันธ์ 2543", day(2000, 2, 29)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_thai_date(text), Ok(expected), "{text:?}");
    }
}

#[test]
fn thai_date_start_and_end() {
    let one = day(2023, 1, 9);
    assert_eq!((one.start(), one.end()), (d(2023, 1, 9), d(2023, 1, 9)));
    let span = range(d(2023, 1, 26), d(2023, 1, 27));
    assert_eq!((span.start(), span.end()), (d(2023, 1, 26), d(2023, 1, 27)));
}

#[test]
fn refusals_name_what_is_wrong() {
    use DateParseError::*;
    let cases: Vec<(&str, DateParseError, &str)> = vec![
        ("", Empty, "ไม่มีวันที่: ข้อความว่าง"),
        ("  \t ", Empty, "ไม่มีวันที่: ข้อความว่าง"),
        ("10 ฟ้า 65", UnknownMonth("ฟ้า".into()), "ไม่รู้จักชื่อเดือน \"ฟ้า\""),
        (
            "10 Foo 2022",
            UnknownMonth("Foo".into()),
            "ไม่รู้จักชื่อเดือน \"Foo\"",
        ),
        (
            "31 ก.พ. 66",
            InvalidDay {
                day: 31,
                month: 2,
                be_year: Some(2566),
            },
            "วันที่ 31 ไม่มีในเดือนกุมภาพันธ์ 2566",
        ),
        (
            "29 ก.พ. 66",
            InvalidDay {
                day: 29,
                month: 2,
                be_year: Some(2566),
            },
            "วันที่ 29 ไม่มีในเดือนกุมภาพันธ์ 2566",
        ),
        (
            "31 เม.ย. 2566",
            InvalidDay {
                day: 31,
                month: 4,
                be_year: Some(2566),
            },
            "วันที่ 31 ไม่มีในเดือนเมษายน 2566",
        ),
        (
            "0 ม.ค. 66",
            InvalidDay {
                day: 0,
                month: 1,
                be_year: Some(2566),
            },
            "วันที่ 0 ไม่มีในเดือนมกราคม 2566",
        ),
        (
            "2023-02-30",
            InvalidDay {
                day: 30,
                month: 2,
                be_year: Some(2566),
            },
            "วันที่ 30 ไม่มีในเดือนกุมภาพันธ์ 2566",
        ),
        (
            "9/13/2566",
            InvalidMonthNumber(13),
            "ไม่มีเดือนที่ 13 (เดือนต้องเป็น 1 ถึง 12)",
        ),
        (
            "27-26 ม.ค. 66",
            RangeReversed {
                start: d(2023, 1, 27),
                end: d(2023, 1, 26),
            },
            "ช่วงวันที่กลับด้าน: วันสิ้นสุด 26 มกราคม 2566 อยู่ก่อนวันเริ่มต้น 27 มกราคม 2566",
        ),
        (
            "10 ต.ค. 65 - 9 ต.ค. 65",
            RangeReversed {
                start: d(2022, 10, 10),
                end: d(2022, 10, 9),
            },
            "ช่วงวันที่กลับด้าน: วันสิ้นสุด 9 ตุลาคม 2565 อยู่ก่อนวันเริ่มต้น 10 ตุลาคม 2565",
        ),
        (
            "10 ต.ค. 65 abc",
            TrailingInput("abc".into()),
            "มีข้อความเกินมาหลังวันที่: \"abc\"",
        ),
        (
            "10 ต.ค. 65.",
            TrailingInput(".".into()),
            "มีข้อความเกินมาหลังวันที่: \".\"",
        ),
        (
            "10 ต.ค. 65 - 2 ฟ้า 65",
            UnknownMonth("ฟ้า".into()),
            "ไม่รู้จักชื่อเดือน \"ฟ้า\"",
        ),
        ("abc", Malformed("abc".into()), "รูปแบบวันที่ไม่ถูกต้อง: \"abc\""),
        (
            "ต.ค. 65",
            Malformed("ต.ค. 65".into()),
            "รูปแบบวันที่ไม่ถูกต้อง: \"ต.ค. 65\"",
        ),
        ("วันที่", Malformed("วันที่".into()), "รูปแบบวันที่ไม่ถูกต้อง: \"วันที่\""),
        ("10", MissingMonth("10".into()), "ไม่มีชื่อเดือนในวันที่ \"10\""),
        (
            "10 ต.ค.",
            MissingYear("10 ต.ค.".into()),
            "ไม่ได้ระบุปีในวันที่ \"10 ต.ค.\"",
        ),
        (
            "1 ม.ค. - 2 ม.ค.",
            MissingYear("2 ม.ค.".into()),
            "ไม่ได้ระบุปีในวันที่ \"2 ม.ค.\"",
        ),
        ("9/1", Malformed("9/1".into()), "รูปแบบวันที่ไม่ถูกต้อง: \"9/1\""),
        (
            "1 ม.ค. 1850",
            YearOutOfRange(1850),
            "ปี 1850 อยู่นอกช่วงที่รองรับ (พ.ศ. 2400–2700 หรือ ค.ศ. 1900–2399)",
        ),
        (
            "1 ม.ค. 256",
            InvalidYear("256".into()),
            "ปีต้องเป็นตัวเลข 2 หลักหรือ 4 หลัก: \"256\"",
        ),
    ];
    for (text, expected, message) in cases {
        let err = parse_thai_date(text).expect_err(text);
        assert_eq!(err, expected, "{text:?}");
        assert_eq!(err.to_string(), message, "{text:?}");
    }
}

#[test]
fn extract_from_the_meeting_log() {
    let text = "ประชุมพนักงานประจำเดือน วันที่ 10 ต.ค. 65/วันที่ 7 พ.ย. 65/วันที่ 8 ธ.ค.65วันที่ 9 มกราคม 66/วันที่ 1 มี.ค. 66";
    let found = extract_thai_dates(text);
    let slices: Vec<&str> = found
        .iter()
        .map(|(r, _)| text.get(r.clone()).expect("range on char boundaries"))
        .collect();
    assert_eq!(
        slices,
        [
            "10 ต.ค. 65",
            "7 พ.ย. 65",
            "8 ธ.ค.65",
            "9 มกราคม 66",
            "1 มี.ค. 66"
        ]
    );
    let dates: Vec<ThaiDate> = found.into_iter().map(|(_, date)| date).collect();
    assert_eq!(
        dates,
        [
            day(2022, 10, 10),
            day(2022, 11, 7),
            day(2022, 12, 8),
            day(2023, 1, 9),
            day(2023, 3, 1)
        ]
    );
}

#[test]
fn extract_ranges_and_skip_non_dates() {
    let text = "อบรม 26-27 มกราคม 2566 ณ ห้องประชุม, ศึกษาดูงาน 30 ก.ย. - 2 ต.ค. 66 รวม 2 ครั้ง \
                หนังสือที่ 123/2566 ลงวันที่ 31 ก.พ. 66 (ผิด) และ 110 ต.ค. 65 งบ 1,234.50 บาท \
                ส่ง ๓๑ สิงหาคม ๒๕๖๖ และ 2023-01-09";
    let found = extract_thai_dates(text);
    let got: Vec<(&str, ThaiDate)> = found
        .iter()
        .map(|(r, date)| (text.get(r.clone()).expect("char boundaries"), *date))
        .collect();
    assert_eq!(
        got,
        [
            ("26-27 มกราคม 2566", range(d(2023, 1, 26), d(2023, 1, 27))),
            ("30 ก.ย. - 2 ต.ค. 66", range(d(2023, 9, 30), d(2023, 10, 2))),
            ("๓๑ สิงหาคม ๒๕๖๖", day(2023, 8, 31)),
            ("2023-01-09", day(2023, 1, 9)),
        ]
    );
}

#[test]
fn extract_keeps_a_date_whose_range_fails() {
    let text = "10 ต.ค. 65 - 5 คน";
    let found = extract_thai_dates(text);
    assert_eq!(found, vec![(0.."10 ต.ค. 65".len(), day(2022, 10, 10))]);
    assert!(extract_thai_dates("").is_empty());
    assert!(extract_thai_dates("ไม่มีวันที่ 12 34 ก.ค.").is_empty());
}

// ---------------------------------------------------------------- money

/// Amounts in satang and their words, each checked by hand against the
/// Royal Institute reading rules (see the `money` module docs for "เอ็ด").
const BAHT_TEXT_TABLE: &[(i64, &str)] = &[
    (0, "ศูนย์บาทถ้วน"),
    (1, "หนึ่งสตางค์"),
    (10, "สิบสตางค์"),
    (11, "สิบเอ็ดสตางค์"),
    (21, "ยี่สิบเอ็ดสตางค์"),
    (25, "ยี่สิบห้าสตางค์"),
    (99, "เก้าสิบเก้าสตางค์"),
    (1_00, "หนึ่งบาทถ้วน"),
    (1_01, "หนึ่งบาทหนึ่งสตางค์"),
    (1_50, "หนึ่งบาทห้าสิบสตางค์"),
    (2_00, "สองบาทถ้วน"),
    (5_05, "ห้าบาทห้าสตางค์"),
    (10_00, "สิบบาทถ้วน"),
    (11_00, "สิบเอ็ดบาทถ้วน"),
    (12_00, "สิบสองบาทถ้วน"),
    (20_00, "ยี่สิบบาทถ้วน"),
    (21_00, "ยี่สิบเอ็ดบาทถ้วน"),
    (22_00, "ยี่สิบสองบาทถ้วน"),
    (30_00, "สามสิบบาทถ้วน"),
    (31_00, "สามสิบเอ็ดบาทถ้วน"),
    (99_99, "เก้าสิบเก้าบาทเก้าสิบเก้าสตางค์"),
    (100_00, "หนึ่งร้อยบาทถ้วน"),
    (101_00, "หนึ่งร้อยเอ็ดบาทถ้วน"),
    (110_00, "หนึ่งร้อยสิบบาทถ้วน"),
    (111_00, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
    (120_00, "หนึ่งร้อยยี่สิบบาทถ้วน"),
    (201_00, "สองร้อยเอ็ดบาทถ้วน"),
    (1_000_00, "หนึ่งพันบาทถ้วน"),
    (1_001_00, "หนึ่งพันเอ็ดบาทถ้วน"),
    (1_010_00, "หนึ่งพันสิบบาทถ้วน"),
    (2_501_00, "สองพันห้าร้อยเอ็ดบาทถ้วน"),
    (3_060_00, "สามพันหกสิบบาทถ้วน"),
    (10_000_00, "หนึ่งหมื่นบาทถ้วน"),
    (12_345_67, "หนึ่งหมื่นสองพันสามร้อยสี่สิบห้าบาทหกสิบเจ็ดสตางค์"),
    (15_000_00, "หนึ่งหมื่นห้าพันบาทถ้วน"),
    (40_000_40, "สี่หมื่นบาทสี่สิบสตางค์"),
    (100_000_00, "หนึ่งแสนบาทถ้วน"),
    (250_000_00, "สองแสนห้าหมื่นบาทถ้วน"),
    (999_999_00, "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทถ้วน"),
    (1_000_000_00, "หนึ่งล้านบาทถ้วน"),
    (1_000_001_00, "หนึ่งล้านเอ็ดบาทถ้วน"),
    (1_000_010_00, "หนึ่งล้านสิบบาทถ้วน"),
    (1_100_000_00, "หนึ่งล้านหนึ่งแสนบาทถ้วน"),
    (
        1_234_567_89,
        "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์",
    ),
    (2_000_000_00, "สองล้านบาทถ้วน"),
    (10_000_000_00, "สิบล้านบาทถ้วน"),
    (10_000_001_00, "สิบล้านเอ็ดบาทถ้วน"),
    (11_000_000_00, "สิบเอ็ดล้านบาทถ้วน"),
    (21_000_021_00, "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทถ้วน"),
    (100_000_000_00, "หนึ่งร้อยล้านบาทถ้วน"),
    (101_000_000_00, "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
    // The Royal Institute's own example, ๕๐๑,๗๔๑,๒๒๑.
    (
        501_741_221_00,
        "ห้าร้อยเอ็ดล้านเจ็ดแสนสี่หมื่นหนึ่งพันสองร้อยยี่สิบเอ็ดบาทถ้วน",
    ),
    (1_000_000_000_000_00, "หนึ่งล้านล้านบาทถ้วน"),
    (1_000_000_000_001_00, "หนึ่งล้านล้านเอ็ดบาทถ้วน"),
    (2_000_001_000_000_00, "สองล้านเอ็ดล้านบาทถ้วน"),
    (-25, "ลบยี่สิบห้าสตางค์"),
    (-1_50, "ลบหนึ่งบาทห้าสิบสตางค์"),
    (-21_00, "ลบยี่สิบเอ็ดบาทถ้วน"),
    (
        i64::MAX,
        "เก้าหมื่นสองพันสองร้อยสามสิบสามล้านเจ็ดแสนสองหมื่นสามร้อยหกสิบแปดล้านห้าแสนสี่หมื่นเจ็ดพันเจ็ดร้อยห้าสิบแปดบาทเจ็ดสตางค์",
    ),
    (
        i64::MIN,
        "ลบเก้าหมื่นสองพันสองร้อยสามสิบสามล้านเจ็ดแสนสองหมื่นสามร้อยหกสิบแปดล้านห้าแสนสี่หมื่นเจ็ดพันเจ็ดร้อยห้าสิบแปดบาทแปดสตางค์",
    ),
];

#[test]
fn baht_text_table() {
    assert!(BAHT_TEXT_TABLE.len() >= 40);
    for &(satang, words) in BAHT_TEXT_TABLE {
        assert_eq!(baht_text(satang), words, "{satang}");
    }
}

#[test]
fn baht_text_one_million_and_one_uses_et() {
    // The documented choice: "เอ็ด" (Royal Institute, banks, BAHTTEXT),
    // not the per-million-group reading "หนึ่งล้านหนึ่ง".
    assert_eq!(baht_text(1_000_001_00), "หนึ่งล้านเอ็ดบาทถ้วน");
    assert_ne!(baht_text(1_000_001_00), "หนึ่งล้านหนึ่งบาทถ้วน");
}

#[test]
fn format_baht_examples() {
    assert_eq!(format_baht(1_234_567_50), "1,234,567.50");
    assert_eq!(format_baht(-1_234_567_50), "-1,234,567.50");
    assert_eq!(format_baht(100), "1.00");
    assert_eq!(format_baht(123_400), "1,234.00");
    assert_eq!(format_baht(100_000_000), "1,000,000.00");
}

#[test]
fn parse_baht_examples() {
    assert_eq!(parse_baht("1,234.50"), Ok(1_234_50));
    assert_eq!(parse_baht("1234"), Ok(1_234_00));
    assert_eq!(parse_baht("๑,๒๓๔.๕๐"), Ok(1_234_50));
    assert_eq!(parse_baht("1,234.5 บาท"), Ok(1_234_50));
    assert_eq!(
        parse_baht("1.234.5"),
        Err(MoneyParseError::MultipleDecimalPoints)
    );
    assert_eq!(
        parse_baht("abc"),
        Err(MoneyParseError::InvalidCharacter('a'))
    );
    assert_eq!(
        parse_baht("1.005"),
        Err(MoneyParseError::TooManyDecimals { found: 3 })
    );
    assert_eq!(
        parse_baht("99999999999999999999"),
        Err(MoneyParseError::Overflow)
    );
    assert_eq!(
        MoneyParseError::Overflow.to_string(),
        "จำนวนเงินเกินขอบเขตที่รองรับ (ไม่เกิน 92,233,720,368,547,758.07 บาท)"
    );
}

// ---------------------------------------------------------------- id

#[test]
fn company_tax_ids_starting_with_zero_are_valid() {
    for text in ["0107537001510", "0993000132246", "0994000189940"] {
        let id = ThaiId::parse(text).expect(text);
        assert_eq!(id.as_str(), text);
    }
    let id = ThaiId::parse("0107537001510").expect("valid");
    assert_eq!(id.formatted(), "0-1075-37001-51-0");
}

#[test]
fn id_separators_and_thai_digits() {
    let plain = ThaiId::parse("0993000132246").expect("valid");
    for text in [
        "0-9930-00132-24-6",
        "0 9930 00132 24 6",
        " 0993000132246 ",
        "๐๙๙๓๐๐๐๑๓๒๒๔๖",
        "๐-๙๙๓๐-๐๐๑๓๒-๒๔-๖",
    ] {
        assert_eq!(ThaiId::parse(text).as_ref(), Ok(&plain), "{text:?}");
    }
}

#[test]
fn id_errors() {
    assert_eq!(
        ThaiId::parse("0107537001511"),
        Err(IdError::BadCheckDigit {
            expected: 0,
            found: 1
        })
    );
    assert_eq!(
        ThaiId::parse("0107537001511").map_err(|e| e.to_string()),
        Err("เลขประจำตัวไม่ถูกต้อง: หลักสุดท้ายควรเป็น 0 แต่เป็น 1".to_string())
    );
    assert_eq!(
        ThaiId::parse("010753700151"),
        Err(IdError::WrongLength { found: 12 })
    );
    assert_eq!(
        IdError::WrongLength { found: 12 }.to_string(),
        "เลขประจำตัวต้องมี 13 หลัก แต่พบ 12 หลัก"
    );
    assert_eq!(ThaiId::parse("01075370015a0"), Err(IdError::NotDigits));
    assert_eq!(ThaiId::parse("0107537001510.0"), Err(IdError::NotDigits));
    assert_eq!(
        ThaiId::parse("01075370015100"),
        Err(IdError::WrongLength { found: 14 })
    );
}

#[test]
fn check_digit_examples() {
    // 0 1075 37001 51 → Σ = 12 + 70 + 45 + 24 + 49 + 4 + 15 + 2 = 221,
    // 221 mod 11 = 1, (11 − 1) mod 10 = 0.
    assert_eq!(check_digit(&[0, 1, 0, 7, 5, 3, 7, 0, 0, 1, 5, 1]), 0);
    assert_eq!(check_digit(&[0, 9, 9, 3, 0, 0, 0, 1, 3, 2, 2, 4]), 6);
    assert_eq!(check_digit(&[0, 9, 9, 4, 0, 0, 0, 1, 8, 9, 9, 4]), 0);
}
