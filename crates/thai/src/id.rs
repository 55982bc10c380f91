//! The 13-digit Thai identification number (เลขประจำตัวประชาชน) used for
//! citizens, and the same scheme used for juristic persons' tax IDs.
//!
//! The last digit is a check digit over the first twelve:
//! `d13 = (11 − (Σ_{i=1..12} dᵢ × (14 − i)) mod 11) mod 10`.
//!
//! The first digit is *not* restricted to 1–8: company tax identification
//! numbers start with 0 (e.g. 0107537001510), and they must be accepted.
//!
//! The national checksum is weaker than it looks, and no implementation
//! can do better: the third digit has weight 11 ≡ 0 (mod 11), so a typo
//! there is never detected, and a change that moves the weighted sum's
//! residue between 0 and 10 leaves the check digit at 1. Every other
//! single-digit typo is caught. A valid check digit therefore means "no
//! detectable typo", not "this number was issued".

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::digits::digit_value;

/// A Thai identification number with a valid check digit, stored as 13
/// ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThaiId(String);

/// Why a text is not a valid Thai identification number. Messages are in Thai.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    /// Not 13 digits (spaces and dashes are not counted).
    #[error("เลขประจำตัวต้องมี 13 หลัก แต่พบ {found} หลัก")]
    WrongLength {
        /// How many digits were found.
        found: usize,
    },
    /// Something other than digits, spaces and dashes.
    #[error("เลขประจำตัวต้องเป็นตัวเลขเท่านั้น (เว้นวรรคหรือขีดคั่นได้)")]
    NotDigits,
    /// The check digit does not match the first twelve digits: a typo.
    #[error("เลขประจำตัวไม่ถูกต้อง: หลักสุดท้ายควรเป็น {expected} แต่เป็น {found}")]
    BadCheckDigit {
        /// The check digit computed from the first twelve digits.
        expected: u8,
        /// The last digit as written.
        found: u8,
    },
}

/// The check digit for the first twelve digits of an ID. Each element
/// should be 0–9; larger values are accepted without panicking but give a
/// meaningless result.
pub fn check_digit(first12: &[u8; 12]) -> u8 {
    let sum: u32 = first12
        .iter()
        .zip((2..=13u32).rev())
        .map(|(&d, weight)| u32::from(d) * weight)
        .sum();
    // (11 - sum % 11) is in 1..=11, so the result is in 0..=9.
    ((11 - sum % 11) % 10) as u8
}

impl ThaiId {
    /// Reads an ID written with Arabic or Thai digits, optionally grouped
    /// with spaces or dashes ("1-1017-00230-70-8", "๑๑๐๑๗๐๐๒๓๐๗๐๘"), and
    /// checks its length and check digit.
    pub fn parse(input: &str) -> Result<ThaiId, IdError> {
        let mut digits = [0u8; 13];
        let mut count = 0usize;
        for ch in input.chars() {
            if ch.is_whitespace() || matches!(ch, '-' | '–' | '\u{200B}') {
                continue;
            }
            let Some(v) = digit_value(ch) else {
                return Err(IdError::NotDigits);
            };
            if let Some(slot) = digits.get_mut(count) {
                *slot = v;
            }
            count += 1;
        }
        if count != 13 {
            return Err(IdError::WrongLength { found: count });
        }
        let [first12 @ .., last] = digits;
        let expected = check_digit(&first12);
        if expected != last {
            return Err(IdError::BadCheckDigit {
                expected,
                found: last,
            });
        }
        Ok(ThaiId(
            digits.iter().map(|d| char::from(b'0' + d)).collect(),
        ))
    }

    /// The 13 digits, no separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The customary grouping "N-NNNN-NNNNN-NN-N", as printed on ID cards.
    pub fn formatted(&self) -> String {
        let mut out = String::with_capacity(17);
        for (i, ch) in self.0.chars().enumerate() {
            if matches!(i, 1 | 5 | 10 | 12) {
                out.push('-');
            }
            out.push(ch);
        }
        out
    }
}

impl fmt::Display for ThaiId {
    /// The 13 digits, no separators (use [`ThaiId::formatted`] for dashes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ThaiId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ThaiId::parse(s)
    }
}

impl AsRef<str> for ThaiId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_by_hand() {
        // 1 1017 00230 70 ?: 1*13 + 1*12 + 0*11 + 1*10 + 7*9 + 0*8 + 0*7
        // + 2*6 + 3*5 + 0*4 + 7*3 + 0*2 = 146; 146 mod 11 = 3; 11 - 3 = 8.
        assert_eq!(check_digit(&[1, 1, 0, 1, 7, 0, 0, 2, 3, 0, 7, 0]), 8);
        // All zeros: sum 0, (11 - 0) mod 10 = 1.
        assert_eq!(check_digit(&[0; 12]), 1);
        // A sum ≡ 1 (mod 11) gives (11 − 1) mod 10 = 0: a 6 in the twelfth
        // place (weight 2) makes the sum 12 ≡ 1.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6]), 0);
        // Out-of-range input does not panic.
        let _ = check_digit(&[u8::MAX; 12]);
    }

    #[test]
    fn formatted_and_display() {
        let id = ThaiId::parse("1101700230708").expect("valid id");
        assert_eq!(id.as_str(), "1101700230708");
        assert_eq!(id.formatted(), "1-1017-00230-70-8");
        assert_eq!(id.to_string(), "1101700230708");
        assert_eq!("1-1017-00230-70-8".parse::<ThaiId>(), Ok(id));
    }

    #[test]
    fn lengths() {
        assert_eq!(ThaiId::parse(""), Err(IdError::WrongLength { found: 0 }));
        assert_eq!(
            ThaiId::parse("110170023070"),
            Err(IdError::WrongLength { found: 12 })
        );
        assert_eq!(
            ThaiId::parse("11017002307081"),
            Err(IdError::WrongLength { found: 14 })
        );
        assert_eq!(
            ThaiId::parse(&"1".repeat(10_000)),
            Err(IdError::WrongLength { found: 10_000 })
        );
    }
}
