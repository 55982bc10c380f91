//! Baht amounts, held as integer satang (1 baht = 100 satang) in an `i64`
//! so that sums are exact: formatted with grouping ("1,234,567.50"),
//! parsed back, and spelled out in Thai words as official forms and
//! cheques require ("หนึ่งร้อยบาทถ้วน").
//!
//! # The "เอ็ด" rule in [`baht_text`]
//!
//! A 1 in the units place is read "เอ็ด" whenever the number it ends has
//! more than one digit, and "หนึ่ง" only when the number is 1 itself. This
//! is the Royal Institute rule (ราชบัณฑิตยสถาน, *อ่านอย่างไร และ
//! เขียนอย่างไร*: "การอ่านจำนวนเลขตั้งแต่ ๒ หลักขึ้นไป ถ้าเลขตัวท้ายเป็นเลข ๑
//! ให้ออกเสียงว่า เอ็ด", e.g. ๑๐๑ หนึ่งร้อยเอ็ด, ๕๐๑,๗๔๑,๒๒๑
//! ห้าร้อยเอ็ดล้าน…ยี่สิบเอ็ด), and it is also what banks and Excel's
//! `BAHTTEXT` write. So:
//!
//! - 1,000,001 → "หนึ่งล้านเอ็ด" (the number has seven digits and ends in 1),
//!   *not* "หนึ่งล้านหนึ่ง";
//! - 1,000,000 → "หนึ่งล้าน" and 11,000,000 → "สิบเอ็ดล้าน": the count of
//!   millions is itself a number read by the same rule;
//! - baht and satang are separate numbers: 1.01 → "หนึ่งบาทหนึ่งสตางค์".
//!
//! Millions nest: 10¹² is "หนึ่งล้านล้าน", which covers every `i64`.

use thiserror::Error;

use crate::digits::digit_value;
use crate::months::is_space;

const DIGIT_WORDS: [&str; 10] = [
    "ศูนย์",
    "หนึ่ง",
    "สอง",
    "สาม",
    "สี่",
    "ห้า",
    "หก",
    "เจ็ด",
    "แปด",
    "เก้า",
];

/// Place names within a group of six digits, units first.
const PLACE_WORDS: [&str; 6] = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"];

/// Formats satang as baht with thousands separators and always two
/// decimals: `123456750` → `"1,234,567.50"`, `-5` → `"-0.05"`.
pub fn format_baht(satang: i64) -> String {
    let magnitude = satang.unsigned_abs();
    let baht = (magnitude / 100).to_string();
    let mut grouped = String::with_capacity(baht.len() + baht.len() / 3 + 4);
    for (i, ch) in baht.chars().enumerate() {
        if i > 0 && (baht.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if satang < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{:02}", magnitude % 100)
}

fn digit_word(d: u64) -> &'static str {
    DIGIT_WORDS.get(d as usize).copied().unwrap_or("")
}

/// Thai words for `n > 0` (appends nothing for 0).
fn push_number_words(out: &mut String, n: u64) {
    if n >= 1_000_000 {
        push_number_words(out, n / 1_000_000);
        out.push_str("ล้าน");
    }
    let group = n % 1_000_000;
    let mut divisor = 100_000;
    for place in (0..6).rev() {
        let digit = (group / divisor) % 10;
        divisor /= 10;
        if digit == 0 {
            continue;
        }
        match place {
            0 if digit == 1 && n != 1 => out.push_str("เอ็ด"),
            0 => out.push_str(digit_word(digit)),
            1 => {
                match digit {
                    1 => {}
                    2 => out.push_str("ยี่"),
                    _ => out.push_str(digit_word(digit)),
                }
                out.push_str("สิบ");
            }
            _ => {
                out.push_str(digit_word(digit));
                out.push_str(PLACE_WORDS.get(place).copied().unwrap_or(""));
            }
        }
    }
}

/// The amount in Thai words as written on official documents and cheques:
/// `100_00` → "หนึ่งร้อยบาทถ้วน", `1_50` → "หนึ่งบาทห้าสิบสตางค์",
/// `25` → "ยี่สิบห้าสตางค์", `0` → "ศูนย์บาทถ้วน"; negative amounts are
/// prefixed with "ลบ". See the module docs for when 1 is "เอ็ด".
pub fn baht_text(satang: i64) -> String {
    let magnitude = satang.unsigned_abs();
    let (baht, satang_part) = (magnitude / 100, magnitude % 100);
    let mut out = String::new();
    if satang < 0 {
        out.push_str("ลบ");
    }
    if baht == 0 && satang_part == 0 {
        out.push_str("ศูนย์บาทถ้วน");
        return out;
    }
    if baht > 0 {
        push_number_words(&mut out, baht);
        out.push_str("บาท");
        if satang_part == 0 {
            out.push_str("ถ้วน");
        }
    }
    if satang_part > 0 {
        push_number_words(&mut out, satang_part);
        out.push_str("สตางค์");
    }
    out
}

/// Why a text is not an amount of baht. Messages are in Thai.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyParseError {
    /// Nothing but spaces.
    #[error("ไม่มีจำนวนเงิน: ข้อความว่าง")]
    Empty,
    /// A character that has no place in an amount.
    #[error("จำนวนเงินมีอักขระที่ไม่ใช่ตัวเลข: '{0}'")]
    InvalidCharacter(char),
    /// More than one decimal point ("1.234.5").
    #[error("จำนวนเงินมีจุดทศนิยมมากกว่าหนึ่งจุด")]
    MultipleDecimalPoints,
    /// More than two decimals: satang is the smallest unit.
    #[error("จำนวนเงินมีทศนิยม {found} ตำแหน่ง แต่ละเอียดได้ไม่เกิน 2 ตำแหน่ง (สตางค์)")]
    TooManyDecimals {
        /// How many decimals were written.
        found: usize,
    },
    /// Thousands separators in the wrong places ("1,23,4").
    #[error("ใส่เครื่องหมายจุลภาคคั่นหลักพันไม่ถูกตำแหน่ง")]
    BadGrouping,
    /// No digits where digits are needed ("-", ".50", "1.", "บาท").
    #[error("รูปแบบจำนวนเงินไม่ถูกต้อง: ไม่มีตัวเลข{0}")]
    MissingDigits(&'static str),
    /// Beyond ±92,233,720,368,547,758.07 baht.
    #[error("จำนวนเงินเกินขอบเขตที่รองรับ (ไม่เกิน 92,233,720,368,547,758.07 บาท)")]
    Overflow,
}

/// Reads an amount of baht into satang: `"1,234.50"` → `123450`.
///
/// Accepts Thai or Arabic digits, optional thousands separators (which must
/// then be in the right places), up to two decimals, a leading `-` or `+`,
/// and an optional "฿" before or "บาท" / "บ." after the number. Refuses
/// everything else, with a Thai message saying what is wrong.
pub fn parse_baht(input: &str) -> Result<i64, MoneyParseError> {
    let mut s = input.trim_matches(is_space);
    if s.is_empty() {
        return Err(MoneyParseError::Empty);
    }
    let mut negative = false;
    let mut signed = false;
    let mut take_sign = |s: &mut &str| {
        if !signed && let Some(ch @ ('-' | '+' | '\u{2212}')) = s.chars().next() {
            negative = ch != '+';
            signed = true;
            *s = s
                .get(ch.len_utf8()..)
                .unwrap_or("")
                .trim_start_matches(is_space);
        }
    };
    take_sign(&mut s);
    if let Some(rest) = s.strip_prefix('฿') {
        s = rest.trim_start_matches(is_space);
    }
    take_sign(&mut s);
    for suffix in ["บาท", "บ."] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end_matches(is_space);
            break;
        }
    }

    let (int_part, frac_part) = match s.split_once('.') {
        Some((int_part, frac_part)) => (int_part, Some(frac_part)),
        None => (s, None),
    };
    if frac_part.is_some_and(|f| f.contains('.')) {
        return Err(MoneyParseError::MultipleDecimalPoints);
    }

    let mut magnitude: u128 = 0;
    let mut int_digits = 0usize;
    // Digits since the last comma, once there has been one.
    let mut group_len: Option<usize> = None;
    for ch in int_part.chars() {
        if ch == ',' {
            match group_len {
                None if int_digits == 0 => return Err(MoneyParseError::BadGrouping),
                None if int_digits > 3 => return Err(MoneyParseError::BadGrouping),
                None => {}
                Some(3) => {}
                Some(_) => return Err(MoneyParseError::BadGrouping),
            }
            group_len = Some(0);
            continue;
        }
        let Some(v) = digit_value(ch) else {
            return Err(MoneyParseError::InvalidCharacter(ch));
        };
        int_digits += 1;
        if let Some(len) = group_len.as_mut() {
            *len += 1;
        }
        magnitude = magnitude.saturating_mul(10).saturating_add(u128::from(v));
    }
    if group_len.is_some_and(|len| len != 3) {
        return Err(MoneyParseError::BadGrouping);
    }
    if int_digits == 0 {
        return Err(MoneyParseError::MissingDigits("หน้าจุดทศนิยม"));
    }

    let mut satang: u128 = 0;
    if let Some(frac) = frac_part {
        let mut count = 0usize;
        for ch in frac.chars() {
            let Some(v) = digit_value(ch) else {
                return Err(MoneyParseError::InvalidCharacter(ch));
            };
            count += 1;
            if count <= 2 {
                satang = satang * 10 + u128::from(v);
            }
        }
        match count {
            0 => return Err(MoneyParseError::MissingDigits("หลังจุดทศนิยม")),
            1 => satang *= 10,
            2 => {}
            found => return Err(MoneyParseError::TooManyDecimals { found }),
        }
    }

    let total = magnitude.saturating_mul(100).saturating_add(satang);
    let limit = if negative {
        u128::from(i64::MIN.unsigned_abs())
    } else {
        i64::MAX as u128
    };
    if total > limit {
        return Err(MoneyParseError::Overflow);
    }
    let total = i128::try_from(total).map_err(|_| MoneyParseError::Overflow)?;
    let signed_total = if negative { -total } else { total };
    i64::try_from(signed_total).map_err(|_| MoneyParseError::Overflow)
}

#[cfg(test)]
#[expect(
    clippy::inconsistent_digit_grouping,
    reason = "amounts in satang are written baht_satang, e.g. 1_000_001_00 = 1,000,001.00 baht"
)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(format_baht(0), "0.00");
        assert_eq!(format_baht(5), "0.05");
        assert_eq!(format_baht(-5), "-0.05");
        assert_eq!(format_baht(99_999), "999.99");
        assert_eq!(format_baht(100_000), "1,000.00");
        assert_eq!(format_baht(123_456_750), "1,234,567.50");
        assert_eq!(format_baht(-123_456_750), "-1,234,567.50");
        assert_eq!(format_baht(i64::MAX), "92,233,720,368,547,758.07");
        assert_eq!(format_baht(i64::MIN), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn words_for_large_places() {
        assert_eq!(baht_text(1_000_000_000_000_00), "หนึ่งล้านล้านบาทถ้วน");
        assert_eq!(baht_text(1_000_001_000_000_00), "หนึ่งล้านเอ็ดล้านบาทถ้วน");
    }

    #[test]
    fn parse_errors() {
        use MoneyParseError::*;
        assert_eq!(parse_baht(""), Err(Empty));
        assert_eq!(parse_baht("   "), Err(Empty));
        assert_eq!(parse_baht("abc"), Err(InvalidCharacter('a')));
        assert_eq!(parse_baht("1.234.5"), Err(MultipleDecimalPoints));
        assert_eq!(parse_baht("1.234"), Err(TooManyDecimals { found: 3 }));
        assert_eq!(parse_baht("1,23,4"), Err(BadGrouping));
        assert_eq!(parse_baht("1234,567"), Err(BadGrouping));
        assert_eq!(parse_baht(",123"), Err(BadGrouping));
        assert_eq!(parse_baht("1,2345"), Err(BadGrouping));
        assert_eq!(parse_baht("1,"), Err(BadGrouping));
        assert_eq!(parse_baht("-"), Err(MissingDigits("หน้าจุดทศนิยม")));
        assert_eq!(parse_baht(".50"), Err(MissingDigits("หน้าจุดทศนิยม")));
        assert_eq!(parse_baht("1."), Err(MissingDigits("หลังจุดทศนิยม")));
        assert_eq!(parse_baht("1 234"), Err(InvalidCharacter(' ')));
        assert_eq!(parse_baht("--1"), Err(InvalidCharacter('-')));
        assert_eq!(parse_baht("92233720368547758.08"), Err(Overflow));
        assert_eq!(parse_baht("-92233720368547758.09"), Err(Overflow));
        assert_eq!(parse_baht(&"9".repeat(400)), Err(Overflow));
    }

    #[test]
    fn parse_accepts() {
        assert_eq!(parse_baht("1,234.50"), Ok(123_450));
        assert_eq!(parse_baht("1234"), Ok(123_400));
        assert_eq!(parse_baht("๑,๒๓๔.๕๐"), Ok(123_450));
        assert_eq!(parse_baht("1,234.5 บาท"), Ok(123_450));
        assert_eq!(parse_baht("1,234.5บาท"), Ok(123_450));
        assert_eq!(parse_baht("50 บ."), Ok(5_000));
        assert_eq!(parse_baht("฿1,000"), Ok(100_000));
        assert_eq!(parse_baht("-฿1,000"), Ok(-100_000));
        assert_eq!(parse_baht("฿-1,000"), Ok(-100_000));
        assert_eq!(parse_baht("+7"), Ok(700));
        assert_eq!(parse_baht("−7.01"), Ok(-701));
        assert_eq!(parse_baht("  0.05  "), Ok(5));
        assert_eq!(parse_baht("-0"), Ok(0));
        assert_eq!(parse_baht("1,000,000"), Ok(100_000_000));
        assert_eq!(parse_baht("92,233,720,368,547,758.07"), Ok(i64::MAX));
        assert_eq!(parse_baht("-92,233,720,368,547,758.08"), Ok(i64::MIN));
    }

    #[test]
    fn messages_are_thai_and_specific() {
        assert_eq!(
            MoneyParseError::TooManyDecimals { found: 3 }.to_string(),
            "จำนวนเงินมีทศนิยม 3 ตำแหน่ง แต่ละเอียดได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"
        );
        assert_eq!(
            MoneyParseError::InvalidCharacter('a').to_string(),
            "จำนวนเงินมีอักขระที่ไม่ใช่ตัวเลข: 'a'"
        );
    }
}
