//! Property tests: nothing panics on any input, and formatting, parsing and
//! spelling out are consistent with each other and with independent
//! re-implementations written here straight from the specification.

use chrono::{Datelike, Days, NaiveDate};
use prongsai_thai::digits::{to_arabic_digits, to_thai_digits};
use prongsai_thai::fiscal::{FiscalQuarter, FiscalYear};
use prongsai_thai::format::{Digits, MonthStyle, format_date, format_date_range};
use prongsai_thai::id::{IdError, ThaiId, check_digit};
use prongsai_thai::money::{baht_text, format_baht, parse_baht};
use prongsai_thai::parse::{ThaiDate, extract_thai_dates, parse_thai_date};
use proptest::prelude::*;

// ---------------------------------------------------------------- inputs

fn arbitrary_bytes_as_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..96)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Strings built from pieces of real dates, so that the parser's deeper
/// branches are reached far more often than by uniform random text.
fn date_soup() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "1",
        "9",
        "10",
        "26",
        "27",
        "29",
        "30",
        "31",
        "0",
        "๓๑",
        "๒๕๖๖",
        "65",
        "66",
        "2566",
        "2023",
        "1850",
        "99999999999",
        " ",
        "  ",
        "\u{200B}",
        "-",
        "–",
        "—",
        "/",
        ".",
        ",",
        "ถึง",
        "วันที่",
        "วัน",
        "วันจันทร์ที่",
        "ระหว่าง",
        "ที่",
        "ต.ค.",
        "ต.ค",
        "ตค",
        "ก.พ.",
        "มี.ค",
        "มกราคม",
        "ธันวาคม",
        "ตุลา",
        "ม.",
        "ค",
        "ก",
        "พ.ศ.",
        "ค.ศ",
        "October",
        "oct",
        "x",
        "ฯ",
        "\u{0E47}",
        "é",
        "🙂",
        "\n",
    ];
    proptest::collection::vec(proptest::sample::select(PIECES), 0..14).prop_map(|v| v.concat())
}

/// Date-shaped strings: lead-in, day, month, era and year each drawn from
/// valid and invalid choices, optionally followed by a second date, so that
/// a good share parse and the rest fail at every possible step.
fn date_shaped() -> impl Strategy<Value = String> {
    const LEADS: &[&str] = &["", "วันที่ ", "วันที่", "วันจันทร์ที่ ", "ระหว่างวันที่ ", "วัน"];
    const DAYS: &[&str] = &[
        "1", "7", "09", "26", "29", "30", "31", "๓๑", "0", "32", "123", "",
    ];
    const SEPS: &[&str] = &["", " ", "  ", "\u{200B}"];
    const MONTHS: &[&str] = &[
        "ต.ค.",
        "ต.ค",
        "ตค",
        "ก.พ.",
        "กุมภาพันธ์",
        "ม.ค.",
        "ธันวาคม",
        "ก.ย.",
        "มี.ค",
        "ตุลา",
        "Oct",
        "ฟ้า",
        "",
        "/1/",
        "-01-",
    ];
    const ERAS: &[&str] = &["", "", "", "พ.ศ. ", "ค.ศ. "];
    const YEARS: &[&str] = &[
        "65", "66", "67", "2566", "2567", "2023", "๖๖", "1850", "6", "",
    ];
    const DASHES: &[&str] = &["", "", " - ", "-", " – ", " ถึง ", "ถึงวันที่ "];
    const TAILS: &[&str] = &["", "", ".", " x", "/"];
    let piece = |table: &'static [&'static str]| proptest::sample::select(table);
    let date = (
        piece(DAYS),
        piece(SEPS),
        piece(MONTHS),
        piece(SEPS),
        piece(ERAS),
        piece(YEARS),
    )
        .prop_map(|(a, b, c, d, e, f)| [a, b, c, d, e, f].concat());
    (
        piece(LEADS),
        date.clone(),
        piece(DASHES),
        date,
        piece(TAILS),
    )
        .prop_map(|(lead, first, dash, second, tail)| {
            if dash.is_empty() {
                format!("{lead}{first}{tail}")
            } else {
                format!("{lead}{first}{dash}{second}{tail}")
            }
        })
}

/// A date whose Buddhist Era year has four digits in 2400..=2700, which is
/// what a formatted date reads back as.
fn plausible_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1857, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(2157, 12, 31).expect("valid");
    let span = last.signed_duration_since(first).num_days() as u64;
    (0..=span).prop_map(move |offset| first + Days::new(offset))
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let span = NaiveDate::MAX
        .signed_duration_since(NaiveDate::MIN)
        .num_days() as u64;
    (0..=span).prop_map(|offset| NaiveDate::MIN + Days::new(offset))
}

// ---------------------------------------------------------------- independent re-implementations

/// The check digit exactly as the specification states it, 1-based:
/// d13 = (11 − (Σ_{i=1..12} d_i × (14 − i)) mod 11) mod 10.
fn spec_check_digit(d: &[u8]) -> u8 {
    let mut sum = 0u32;
    for i in 1..=12u32 {
        sum += u32::from(d[(i - 1) as usize]) * (14 - i);
    }
    ((11 - sum % 11) % 10) as u8
}

fn spec_residue(d: &[u8]) -> u32 {
    (1..=12u32)
        .map(|i| u32::from(d[(i - 1) as usize]) * (14 - i))
        .sum::<u32>()
        % 11
}

/// Reads Thai number words back into a number, and refuses any text that
/// breaks the reading rules: "หนึ่งสิบ", "สองสิบ", "ยี่" not before "สิบ",
/// "เอ็ด" as the whole number, or "หนึ่ง" in the units place of a number
/// with more than one digit (the Royal Institute rule the crate follows).
fn words_to_number(mut rest: &str) -> Option<u128> {
    const DIGITS: [(&str, u128); 12] = [
        ("ศูนย์", 0),
        ("หนึ่ง", 1),
        ("เอ็ด", 1),
        ("สอง", 2),
        ("ยี่", 2),
        ("สาม", 3),
        ("สี่", 4),
        ("ห้า", 5),
        ("หก", 6),
        ("เจ็ด", 7),
        ("แปด", 8),
        ("เก้า", 9),
    ];
    const PLACES: [(&str, u128); 5] = [
        ("สิบ", 10),
        ("ร้อย", 100),
        ("พัน", 1_000),
        ("หมื่น", 10_000),
        ("แสน", 100_000),
    ];
    if rest.is_empty() {
        return None;
    }
    let mut total: u128 = 0;
    let mut current: u128 = 0;
    let mut pending: Option<(&str, u128)> = None;
    // Closes a number at "ล้าน" or at the end, checking its units word.
    let close = |total: u128, current: u128, pending: Option<(&str, u128)>| -> Option<u128> {
        match pending {
            Some(("หนึ่ง", _)) if total + current != 0 => None,
            Some(("ยี่", _)) => None,
            Some((_, v)) => Some(current + v),
            None => Some(current),
        }
    };
    'outer: while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("ล้าน") {
            let segment = close(total, current, pending.take())?;
            if total + segment == 0 {
                return None;
            }
            total = (total + segment).checked_mul(1_000_000)?;
            current = 0;
            rest = r;
            continue;
        }
        for (word, value) in PLACES {
            if let Some(r) = rest.strip_prefix(word) {
                let multiplier = match (word, pending.take()) {
                    ("สิบ", None) => 1,
                    ("สิบ", Some(("หนึ่ง" | "สอง" | "เอ็ด", _))) => {
                        return None;
                    }
                    (_, Some(("ยี่", _))) if word != "สิบ" => return None,
                    (_, Some(("เอ็ด" | "ศูนย์", _))) => return None,
                    (_, Some((_, v))) => v,
                    (_, None) => return None,
                };
                current += multiplier * value;
                rest = r;
                continue 'outer;
            }
        }
        for (word, value) in DIGITS {
            if let Some(r) = rest.strip_prefix(word) {
                if pending.is_some() || (word == "เอ็ด" && total + current == 0) {
                    return None;
                }
                pending = Some((word, value));
                rest = r;
                continue 'outer;
            }
        }
        return None;
    }
    let last = close(total, current, pending)?;
    Some(total + last)
}

/// Satang from the full baht text, or `None` if it is not well formed.
fn baht_words_to_satang(text: &str) -> Option<i128> {
    let (negative, text) = match text.strip_prefix("ลบ") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = if text == "ศูนย์บาทถ้วน" {
        0
    } else if let Some(baht) = text.strip_suffix("บาทถ้วน") {
        words_to_number(baht)? * 100
    } else {
        let satang_words = text.strip_suffix("สตางค์")?;
        let (baht, satang) = match satang_words.split_once("บาท") {
            Some((baht, satang)) => (words_to_number(baht)?, words_to_number(satang)?),
            None => (0, words_to_number(satang_words)?),
        };
        if !(1..=99).contains(&satang) {
            return None;
        }
        baht * 100 + satang
    };
    let magnitude = i128::try_from(magnitude).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

#[test]
fn the_word_reader_itself_refuses_wrong_readings() {
    // So that the round-trip property below can fail.
    assert_eq!(words_to_number("หนึ่งร้อยเอ็ด"), Some(101));
    assert_eq!(words_to_number("หนึ่งล้านเอ็ด"), Some(1_000_001));
    assert_eq!(words_to_number("หนึ่งล้านล้าน"), Some(1_000_000_000_000));
    assert_eq!(words_to_number("หนึ่งร้อยหนึ่ง"), None);
    assert_eq!(words_to_number("หนึ่งล้านหนึ่ง"), None);
    assert_eq!(words_to_number("เอ็ด"), None);
    assert_eq!(words_to_number("หนึ่งสิบ"), None);
    assert_eq!(words_to_number("สองสิบ"), None);
    assert_eq!(words_to_number("ยี่ร้อย"), None);
    assert_eq!(baht_words_to_satang("หนึ่งบาทหนึ่งสตางค์"), Some(101));
    assert_eq!(baht_words_to_satang("หนึ่งบาท"), None);
    assert_eq!(baht_words_to_satang("ลบยี่สิบห้าสตางค์"), Some(-25));
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn parse_thai_date_never_panics_on_strings(s in any::<String>()) {
        let _ = parse_thai_date(&s);
        let _ = extract_thai_dates(&s);
    }

    #[test]
    fn parse_thai_date_never_panics_on_bytes(s in arbitrary_bytes_as_text()) {
        let _ = parse_thai_date(&s);
        let _ = extract_thai_dates(&s);
    }

    #[test]
    fn parsed_soup_is_consistent(s in prop_oneof![date_soup(), date_shaped()]) {
        if let Ok(date) = parse_thai_date(&s) {
            prop_assert!(date.start() <= date.end());
            let plausible = |d: NaiveDate| (1857..=2157).contains(&d.year());
            if !plausible(date.start()) || !plausible(date.end()) {
                // Only a C.E. year 2158..=2399 reaches beyond B.E. 2700.
                prop_assert!(date.end().year() <= 2399, "{:?} gave {:?}", s, date);
                prop_assert!(date.start().year() >= 1857, "{:?} gave {:?}", s, date);
                return Ok(());
            }
            // Whatever was accepted reads back from its canonical form.
            let text = format_date_range(date.start(), date.end(), MonthStyle::Full, Digits::Arabic);
            let again = parse_thai_date(&text).map(|d| (d.start(), d.end()));
            prop_assert_eq!(again, Ok((date.start(), date.end())), "{} → {}", s, text);
        }
    }

    #[test]
    fn extracted_dates_are_in_order_and_reparse(
        s in prop_oneof![date_soup(), date_shaped(), any::<String>()],
    ) {
        let found = extract_thai_dates(&s);
        let mut previous_end = 0;
        for (range, date) in found {
            prop_assert!(range.start >= previous_end && range.start < range.end);
            let slice = s.get(range.clone());
            prop_assert!(slice.is_some(), "range {:?} not on char boundaries", range);
            let slice = slice.unwrap_or_default();
            prop_assert_eq!(parse_thai_date(slice), Ok(date), "{:?}", slice);
            previous_end = range.end;
        }
    }

    #[test]
    fn formatted_dates_read_back(
        date in plausible_date(),
        full in any::<bool>(),
        thai in any::<bool>(),
    ) {
        let style = if full { MonthStyle::Full } else { MonthStyle::Abbreviated };
        let digits = if thai { Digits::Thai } else { Digits::Arabic };
        let text = format_date(date, style, digits);
        prop_assert_eq!(parse_thai_date(&text), Ok(ThaiDate::Day(date)), "{}", text);
        // The same date inside a sentence is found at the right place.
        let sentence = format!("ประชุมวันที่ {text} ณ ศาลากลาง");
        let begin = "ประชุมวันที่ ".len();
        prop_assert_eq!(
            extract_thai_dates(&sentence),
            vec![(begin..begin + text.len(), ThaiDate::Day(date))]
        );
    }

    #[test]
    fn formatted_ranges_read_back(start in plausible_date(), len in 0u64..800, thai in any::<bool>()) {
        let end = start + Days::new(len);
        prop_assume!(end.year() <= 2157);
        let digits = if thai { Digits::Thai } else { Digits::Arabic };
        let text = format_date_range(start, end, MonthStyle::Abbreviated, digits);
        let parsed = parse_thai_date(&text).map(|d| (d.start(), d.end()));
        prop_assert_eq!(parsed, Ok((start, end)), "{}", text);
    }

    #[test]
    fn fiscal_year_and_quarter_contain_their_date(date in any_date()) {
        let fy = FiscalYear::of(date);
        prop_assert!(fy.contains(date));
        prop_assert!(fy.start() <= date && date <= fy.end());
        let q = FiscalQuarter::of(date);
        prop_assert_eq!(q.year, fy);
        prop_assert!(q.contains(date) && q.start() <= date && date <= q.end());
        prop_assert!(fy.start() <= q.start() && q.end() <= fy.end());
        prop_assert_eq!(FiscalYear::new(fy.be()), fy);
    }

    #[test]
    fn fiscal_year_new_never_panics(be in any::<i32>(), n in any::<u8>()) {
        let fy = FiscalYear::new(be);
        prop_assert!(fy.start() <= fy.end());
        prop_assert!(fy.contains(fy.start()) && fy.contains(fy.end()));
        prop_assert_eq!(fy.quarter(n).is_some(), (1..=4).contains(&n));
        let q = FiscalQuarter { year: fy, number: n };
        prop_assert!(q.start() <= q.end());
        let _ = (fy.previous(), fy.next(), fy.half_year_end(), fy.to_string());
    }

    #[test]
    fn thai_digits_round_trip(s in any::<String>()) {
        let thai = to_thai_digits(&s);
        prop_assert!(!thai.chars().any(|c| c.is_ascii_digit()));
        prop_assert_eq!(to_arabic_digits(&thai), to_arabic_digits(&s));
        prop_assert_eq!(thai.chars().count(), s.chars().count());
    }

    #[test]
    fn parse_baht_never_panics(s in prop_oneof![any::<String>(), arbitrary_bytes_as_text()]) {
        let _ = parse_baht(&s);
    }

    #[test]
    fn parse_baht_never_panics_on_money_soup(
        s in proptest::collection::vec(
            proptest::sample::select(&["1", "0", "๙", ",", ".", "-", "+", "฿", "บาท", " ", "999999999", "a"][..]),
            0..16,
        ).prop_map(|v| v.concat())
    ) {
        if let Ok(satang) = parse_baht(&s) {
            // Anything accepted is what its canonical form says.
            prop_assert_eq!(parse_baht(&format_baht(satang)), Ok(satang));
        }
    }

    #[test]
    fn format_then_parse_baht_round_trips(satang in any::<i64>()) {
        let text = format_baht(satang);
        prop_assert_eq!(parse_baht(&text), Ok(satang), "{}", &text);
        prop_assert_eq!(parse_baht(&to_thai_digits(&text)), Ok(satang));
        prop_assert_eq!(parse_baht(&format!("{text} บาท")), Ok(satang));
        let plain = text.replace(',', "");
        prop_assert_eq!(parse_baht(&plain), Ok(satang));
    }

    #[test]
    fn baht_text_reads_back(satang in any::<i64>()) {
        let words = baht_text(satang);
        prop_assert_eq!(baht_words_to_satang(&words), Some(i128::from(satang)), "{}", words);
    }

    #[test]
    fn baht_text_reads_back_small_amounts(satang in -2_000_000i64..2_000_000) {
        let words = baht_text(satang);
        prop_assert_eq!(baht_words_to_satang(&words), Some(i128::from(satang)), "{}", words);
    }

    #[test]
    fn thai_id_parse_never_panics(s in prop_oneof![any::<String>(), arbitrary_bytes_as_text()]) {
        let _ = ThaiId::parse(&s);
    }

    #[test]
    fn generated_valid_ids_parse(first12 in proptest::array::uniform12(0u8..10)) {
        let check = spec_check_digit(&first12);
        prop_assert_eq!(check_digit(&first12), check);
        let plain: String = first12.iter().chain([check].iter()).map(|d| char::from(b'0' + d)).collect();
        let id = ThaiId::parse(&plain);
        prop_assert!(id.is_ok(), "{} refused: {:?}", plain, id);
        let id = id.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(id.as_str(), plain.as_str());
        prop_assert_eq!(ThaiId::parse(&id.formatted()), Ok(id.clone()));
        prop_assert_eq!(ThaiId::parse(&to_thai_digits(&id.formatted())), Ok(id.clone()));
        prop_assert_eq!(id.formatted().replace('-', ""), plain);
    }

    /// A single changed digit is refused, with two exceptions that the
    /// national checksum itself cannot see: the third digit has weight 11
    /// (≡ 0 mod 11) and so never affects the check digit, and a change that
    /// moves the weighted sum's residue between 0 and 10 leaves the check
    /// digit at 1. Both exceptions are computed independently here.
    #[test]
    fn single_digit_changes_are_refused_unless_the_checksum_is_blind(
        first12 in proptest::array::uniform12(0u8..10),
        position in 0usize..13,
        delta in 1u8..10,
    ) {
        let mut digits: Vec<u8> = first12.to_vec();
        digits.push(spec_check_digit(&first12));
        let original_residue = spec_residue(&digits);
        let mut changed = digits.clone();
        changed[position] = (changed[position] + delta) % 10;
        let text: String = changed.iter().map(|d| char::from(b'0' + d)).collect();
        let result = ThaiId::parse(&text);
        let new_residue = spec_residue(&changed);
        let blind = position == 2
            || (position < 12
                && original_residue != new_residue
                && [original_residue, new_residue].contains(&0)
                && [original_residue, new_residue].contains(&10));
        if blind {
            prop_assert!(result.is_ok(), "{} should (regrettably) pass", text);
        } else {
            let expected = spec_check_digit(&changed);
            prop_assert_eq!(
                result,
                Err(IdError::BadCheckDigit { expected, found: changed[12] }),
                "{}", text
            );
        }
    }

    #[test]
    fn ids_of_the_wrong_length_are_refused(digits in proptest::collection::vec(0u8..10, 0..40)) {
        prop_assume!(digits.len() != 13);
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        prop_assert_eq!(ThaiId::parse(&text), Err(IdError::WrongLength { found: digits.len() }));
    }
}

#[test]
fn the_third_digit_is_invisible_to_the_checksum() {
    // A documented weakness of the national scheme, not of this crate:
    // 0107537001510 is valid, and so is every variant of its third digit.
    for third in 0..10u8 {
        let text = format!("01{third}7537001510");
        assert!(ThaiId::parse(&text).is_ok(), "{text}");
    }
}
