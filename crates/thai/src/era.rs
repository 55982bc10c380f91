//! Buddhist Era (พ.ศ.) ⇄ Common Era (ค.ศ.) years.
//!
//! Thai official documents count years in the Buddhist Era, which is the
//! Common Era year plus 543 (2566 = 2023).
//!
//! The offset is applied to every date of the year. That is the convention
//! since 1 January 2484 (1941); before it the Thai year began on 1 April, so
//! January–March of earlier years were numbered one lower in documents of the
//! time. Prongsai only deals with modern records, so the historical shift is
//! deliberately not modelled.
//!
//! The conversions saturate at the limits of `i32` instead of overflowing, so
//! no input can make them panic.

/// Years between the Common Era and the Buddhist Era.
pub const BE_OFFSET: i32 = 543;

/// Buddhist Era year for a Common Era year: `2023` → `2566`.
pub fn be_from_ce(ce_year: i32) -> i32 {
    ce_year.saturating_add(BE_OFFSET)
}

/// Common Era year for a Buddhist Era year: `2566` → `2023`.
pub fn ce_from_be(be_year: i32) -> i32 {
    be_year.saturating_sub(BE_OFFSET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_years() {
        assert_eq!(be_from_ce(2023), 2566);
        assert_eq!(be_from_ce(2022), 2565);
        assert_eq!(be_from_ce(1957), 2500);
        assert_eq!(ce_from_be(2566), 2023);
        assert_eq!(ce_from_be(2500), 1957);
        assert_eq!(be_from_ce(0), 543);
        assert_eq!(ce_from_be(0), -543);
    }

    #[test]
    fn round_trip_and_saturation() {
        for y in -3000..5000 {
            assert_eq!(ce_from_be(be_from_ce(y)), y);
            assert_eq!(be_from_ce(ce_from_be(y)), y);
        }
        assert_eq!(be_from_ce(i32::MAX), i32::MAX);
        assert_eq!(ce_from_be(i32::MIN), i32::MIN);
        assert_eq!(be_from_ce(i32::MIN), i32::MIN + 543);
        assert_eq!(ce_from_be(i32::MAX), i32::MAX - 543);
    }
}
