//! Tracking codes given to citizens for what they submit (a request, a complaint).
//!
//! Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), nine of them
//! random (45 bits: a valid code cannot be found by trying others) and one check
//! character that catches a mistyped character or two swapped ones. Shown grouped
//! `K7M3-9QXP-TA`; typed back in any case, with or without dashes and spaces.

const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ#";

/// Characters used (the 32nd symbol `#` never appears: 31 symbols are in use, a prime,
/// which makes the weighted check detect every transposition).
const BASE: u32 = 31;

fn value_of(c: char) -> Option<u32> {
    let c = c.to_ascii_uppercase();
    ALPHABET[..BASE as usize]
        .iter()
        .position(|a| *a as char == c)
        .map(|p| p as u32)
}

fn check_char(values: &[u32]) -> char {
    let sum: u32 = values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as u32 + 1) * v)
        .sum();
    ALPHABET[(sum % BASE) as usize] as char
}

/// A fresh code (normalized form, without dashes).
pub fn new_tracking_code() -> String {
    let values: Vec<u32> = (0..9)
        .map(|_| crate::random::below(u64::from(BASE)) as u32)
        .collect();
    let mut code: String = values
        .iter()
        .map(|v| ALPHABET[*v as usize] as char)
        .collect();
    code.push(check_char(&values));
    code
}

/// The normalized form of what a citizen typed, or `None` when it cannot be a code.
pub fn parse_tracking_code(input: &str) -> Option<String> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if cleaned.chars().count() != 10 {
        return None;
    }
    let values: Vec<u32> = cleaned.chars().map(value_of).collect::<Option<_>>()?;
    let (body, check) = values.split_at(9);
    (ALPHABET[check[0] as usize] as char == check_char(body)).then(|| cleaned.to_ascii_uppercase())
}

/// `K7M39QXPTA` → `K7M3-9QXP-TA`.
pub fn format_tracking_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_their_display_form() {
        for _ in 0..500 {
            let code = new_tracking_code();
            assert_eq!(code.len(), 10);
            let shown = format_tracking_code(&code);
            assert_eq!(parse_tracking_code(&shown).as_deref(), Some(code.as_str()));
            assert_eq!(
                parse_tracking_code(&shown.to_lowercase()).as_deref(),
                Some(code.as_str())
            );
            assert_eq!(
                parse_tracking_code(&format!(" {} ", shown.replace('-', " "))).as_deref(),
                Some(code.as_str())
            );
        }
    }

    #[test]
    fn single_typos_and_swaps_are_caught() {
        for _ in 0..200 {
            let code: Vec<char> = new_tracking_code().chars().collect();
            for i in 0..10 {
                for replacement in ALPHABET[..BASE as usize].iter().map(|b| *b as char) {
                    if replacement == code[i] {
                        continue;
                    }
                    let mut typo = code.clone();
                    typo[i] = replacement;
                    let typo: String = typo.into_iter().collect();
                    assert_eq!(parse_tracking_code(&typo), None, "{typo}");
                }
                if i < 9 && code[i] != code[i + 1] {
                    let mut swapped = code.clone();
                    swapped.swap(i, i + 1);
                    let swapped: String = swapped.into_iter().collect();
                    assert_eq!(parse_tracking_code(&swapped), None, "{swapped}");
                }
            }
        }
    }

    #[test]
    fn junk_is_not_a_code() {
        for junk in [
            "",
            "12345",
            "O0O0O0O0O0",
            "ABCDEFGHIJK",
            "ก ข ค ง จ ฉ ช ซ ฌ ญ",
            "K7M3-9QXP-T",
        ] {
            assert_eq!(parse_tracking_code(junk), None, "{junk}");
        }
    }

    #[test]
    fn codes_differ() {
        let a: std::collections::HashSet<String> = (0..2000).map(|_| new_tracking_code()).collect();
        assert_eq!(a.len(), 2000);
    }
}
