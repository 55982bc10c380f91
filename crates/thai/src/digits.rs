//! Thai digits (๐๑๒๓๔๕๖๗๘๙, U+0E50..=U+0E59) ⇄ Arabic digits (0–9).
//!
//! Official Thai documents are often typed with Thai digits, while data
//! entry and spreadsheets use Arabic ones; both must be read and written.
//! Every other character passes through unchanged.

/// The Thai digit zero, ๐ (U+0E50); the other nine follow it in order.
const THAI_ZERO: u32 = 0x0E50;

/// Value of a single Arabic (`0`–`9`) or Thai (`๐`–`๙`) digit.
pub fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{0E50}'..='\u{0E59}' => u8::try_from(c as u32 - THAI_ZERO).ok(),
        _ => None,
    }
}

/// Whether `c` is an Arabic or a Thai digit.
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// The Thai digit for an Arabic one; any other character is returned as is.
pub fn thai_digit(c: char) -> char {
    if c.is_ascii_digit() {
        char::from_u32(THAI_ZERO + (c as u32 - '0' as u32)).unwrap_or(c)
    } else {
        c
    }
}

/// The Arabic digit for a Thai one; any other character is returned as is.
pub fn arabic_digit(c: char) -> char {
    match c {
        '\u{0E50}'..='\u{0E59}' => char::from_u32('0' as u32 + (c as u32 - THAI_ZERO)).unwrap_or(c),
        _ => c,
    }
}

/// Replaces every Arabic digit with its Thai digit: `"2566"` → `"๒๕๖๖"`.
pub fn to_thai_digits(s: &str) -> String {
    s.chars().map(thai_digit).collect()
}

/// Replaces every Thai digit with its Arabic digit: `"๒๕๖๖"` → `"2566"`.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars().map(arabic_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_digit_both_ways() {
        let thai = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'];
        for (i, t) in thai.iter().enumerate() {
            let a = char::from(b'0' + i as u8);
            assert_eq!(thai_digit(a), *t);
            assert_eq!(arabic_digit(*t), a);
            assert_eq!(digit_value(a), Some(i as u8));
            assert_eq!(digit_value(*t), Some(i as u8));
        }
    }

    #[test]
    fn strings() {
        assert_eq!(to_thai_digits("10 ต.ค. 2565"), "๑๐ ต.ค. ๒๕๖๕");
        assert_eq!(to_arabic_digits("๓๑ สิงหาคม ๒๕๖๖"), "31 สิงหาคม 2566");
        assert_eq!(to_arabic_digits("mixed ๑2๓"), "mixed 123");
        assert_eq!(to_thai_digits(""), "");
        assert_eq!(to_thai_digits("abc-,."), "abc-,.");
    }

    #[test]
    fn non_digits_are_not_digits() {
        for c in ['a', ' ', '/', '\u{0E4F}', '\u{0E5A}', 'ก', '٣', '²'] {
            assert_eq!(digit_value(c), None, "{c:?}");
            assert!(!is_digit(c));
            assert_eq!(thai_digit(c), c);
            assert_eq!(arabic_digit(c), c);
        }
    }
}
