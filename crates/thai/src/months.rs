//! Month and weekday names, Thai and English, and recognition of the many
//! ways Thai writers spell a month.
//!
//! Months are numbered 1 (January) to 12 (December), as in `chrono`.

use chrono::Weekday;

/// Full Thai month names, January first.
pub const THAI_MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Standard abbreviated Thai month names, January first.
pub const THAI_MONTHS_ABBR: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// English month names for the English interface, January first.
pub const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Three-letter English month abbreviations, January first.
pub const ENGLISH_MONTHS_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Thai weekday names (without the leading "วัน"), Monday first as in
/// [`Weekday::num_days_from_monday`].
pub const THAI_WEEKDAYS: [&str; 7] = ["จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์"];

fn pick(table: &'static [&'static str; 12], month: u32) -> Option<&'static str> {
    let index = usize::try_from(month).ok()?.checked_sub(1)?;
    table.get(index).copied()
}

/// Full Thai name of month `month` (1–12): `10` → `"ตุลาคม"`.
pub fn thai_month(month: u32) -> Option<&'static str> {
    pick(&THAI_MONTHS, month)
}

/// Abbreviated Thai name of month `month` (1–12): `10` → `"ต.ค."`.
pub fn thai_month_abbr(month: u32) -> Option<&'static str> {
    pick(&THAI_MONTHS_ABBR, month)
}

/// English name of month `month` (1–12): `10` → `"October"`.
pub fn english_month(month: u32) -> Option<&'static str> {
    pick(&ENGLISH_MONTHS, month)
}

/// Thai weekday name, without the leading "วัน": Monday → `"จันทร์"`.
pub fn thai_weekday(weekday: Weekday) -> &'static str {
    // num_days_from_monday() is 0..=6, so the fallback is never used.
    let index = weekday.num_days_from_monday() as usize;
    THAI_WEEKDAYS.get(index).copied().unwrap_or("")
}

/// How one spelling of a month is matched.
enum Form {
    /// Exactly this text.
    Literal(&'static str),
    /// Letter groups each optionally followed by a dot: `["มี", "ค"]`
    /// matches "มี.ค.", "มี.ค", "มีค." and "มีค" (and "มี. ค." with a space
    /// after an inner dot, as some typists write it).
    Abbr(&'static [&'static str]),
    /// ASCII, case-insensitive, optionally followed by a dot ("Oct.").
    English(&'static str),
}

/// Every accepted spelling of every month. Colloquial short forms
/// ("ตุลา") and common misspellings seen in real documents are included so
/// that a typo in a source document does not hide a date.
static FORMS: &[(Form, u32)] = &[
    (Form::Literal("มกราคม"), 1),
    (Form::Literal("มกรา"), 1),
    (Form::Abbr(&["ม", "ค"]), 1),
    (Form::Literal("กุมภาพันธ์"), 2),
    (Form::Literal("กุมภาพันธ"), 2),
    (Form::Literal("กุมภา"), 2),
    (Form::Abbr(&["ก", "พ"]), 2),
    (Form::Literal("มีนาคม"), 3),
    (Form::Literal("มีนา"), 3),
    (Form::Abbr(&["มี", "ค"]), 3),
    (Form::Literal("เมษายน"), 4),
    (Form::Literal("เมษา"), 4),
    (Form::Abbr(&["เม", "ย"]), 4),
    (Form::Literal("พฤษภาคม"), 5),
    (Form::Literal("พฤษภา"), 5),
    (Form::Abbr(&["พ", "ค"]), 5),
    (Form::Literal("มิถุนายน"), 6),
    (Form::Literal("มิถุนา"), 6),
    (Form::Abbr(&["มิ", "ย"]), 6),
    (Form::Literal("กรกฎาคม"), 7),
    (Form::Literal("กรกฏาคม"), 7),
    (Form::Literal("กรกฎา"), 7),
    (Form::Literal("กรกฏา"), 7),
    (Form::Abbr(&["ก", "ค"]), 7),
    (Form::Literal("สิงหาคม"), 8),
    (Form::Literal("สิงหา"), 8),
    (Form::Abbr(&["ส", "ค"]), 8),
    (Form::Literal("กันยายน"), 9),
    (Form::Literal("กันยา"), 9),
    (Form::Abbr(&["ก", "ย"]), 9),
    (Form::Literal("ตุลาคม"), 10),
    (Form::Literal("ตุลา"), 10),
    (Form::Abbr(&["ต", "ค"]), 10),
    (Form::Literal("พฤศจิกายน"), 11),
    (Form::Literal("พฤษจิกายน"), 11),
    (Form::Literal("พฤศจิกา"), 11),
    (Form::Abbr(&["พ", "ย"]), 11),
    (Form::Literal("ธันวาคม"), 12),
    (Form::Literal("ธันวา"), 12),
    (Form::Abbr(&["ธ", "ค"]), 12),
    (Form::English("january"), 1),
    (Form::English("february"), 2),
    (Form::English("march"), 3),
    (Form::English("april"), 4),
    (Form::English("may"), 5),
    (Form::English("june"), 6),
    (Form::English("july"), 7),
    (Form::English("august"), 8),
    (Form::English("september"), 9),
    (Form::English("sept"), 9),
    (Form::English("october"), 10),
    (Form::English("november"), 11),
    (Form::English("december"), 12),
    (Form::English("jan"), 1),
    (Form::English("feb"), 2),
    (Form::English("mar"), 3),
    (Form::English("apr"), 4),
    (Form::English("jun"), 6),
    (Form::English("jul"), 7),
    (Form::English("aug"), 8),
    (Form::English("sep"), 9),
    (Form::English("oct"), 10),
    (Form::English("nov"), 11),
    (Form::English("dec"), 12),
];

/// Whether `c` is a Thai letter, vowel or tone mark (U+0E01..=U+0E4E): a
/// month name followed by one of these is part of a longer word.
pub(crate) fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E4E}').contains(&c)
}

/// Whitespace as found in Thai text: Unicode whitespace plus the zero-width
/// space (U+200B) and BOM (U+FEFF) that Thai word processors insert.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

fn match_literal(s: &str, lit: &str) -> Option<usize> {
    s.starts_with(lit).then_some(lit.len())
}

pub(crate) fn match_abbr(s: &str, groups: &[&str]) -> Option<usize> {
    let mut pos = 0;
    for (i, group) in groups.iter().enumerate() {
        if !s.get(pos..)?.starts_with(group) {
            return None;
        }
        pos += group.len();
        if s.get(pos..)?.starts_with('.') {
            pos += 1;
            if i + 1 < groups.len() {
                // "ม. ค." — tolerate spaces after an inner dot only.
                let rest = s.get(pos..)?;
                let trimmed = rest.trim_start_matches(is_space);
                pos += rest.len() - trimmed.len();
            }
        }
    }
    Some(pos)
}

fn match_english(s: &str, name: &str) -> Option<usize> {
    let head = s.as_bytes().get(..name.len())?;
    if !head.eq_ignore_ascii_case(name.as_bytes()) {
        return None;
    }
    let mut len = name.len();
    if s.as_bytes().get(len) == Some(&b'.') {
        len += 1;
    }
    Some(len)
}

/// Recognises a month name at the start of `s` and returns the month (1–12)
/// and the length in bytes of the name (including its dots).
///
/// The longest spelling wins ("มีนาคม" over "มีนา"), and a name running on
/// into more letters ("มีนาคมที่", "Mayor") is not a month: a name must end
/// with a dot or be followed by something other than a letter.
pub fn match_month_prefix(s: &str) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    for (form, month) in FORMS {
        let len = match form {
            Form::Literal(lit) => match_literal(s, lit),
            Form::Abbr(groups) => match_abbr(s, groups),
            Form::English(name) => match_english(s, name),
        };
        let Some(len) = len else { continue };
        let Some(matched) = s.get(..len) else {
            continue;
        };
        let next = s.get(len..).and_then(|rest| rest.chars().next());
        let runs_on = !matched.ends_with('.')
            && next.is_some_and(|c| is_thai_letter(c) || c.is_ascii_alphabetic());
        if runs_on {
            continue;
        }
        if best.is_none_or(|(_, best_len)| len > best_len) {
            best = Some((*month, len));
        }
    }
    best
}

/// The month named by `name` in any accepted spelling (full, abbreviated
/// with or without dots, colloquial, or English), ignoring surrounding
/// spaces: `"ต.ค."`, `"ตค"`, `"ตุลาคม"`, `"ตุลา"` and `"Oct"` all give `10`.
pub fn month_from_name(name: &str) -> Option<u32> {
    let name = name.trim_matches(is_space);
    match match_month_prefix(name) {
        Some((month, len)) if len == name.len() => Some(month),
        _ => None,
    }
}

/// Recognises a Thai weekday name at the start of `s` (longest first, so
/// "พฤหัสบดี" beats "พฤหัส").
pub(crate) fn match_weekday_prefix(s: &str) -> Option<(Weekday, usize)> {
    const EXTRA: [(&str, Weekday); 1] = [("พฤหัส", Weekday::Thu)];
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .map(|w| (thai_weekday(w), w))
    .chain(EXTRA);
    let mut best: Option<(Weekday, usize)> = None;
    for (name, weekday) in all {
        if s.starts_with(name) && best.is_none_or(|(_, len)| name.len() > len) {
            best = Some((weekday, name.len()));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_by_number() {
        assert_eq!(thai_month(1), Some("มกราคม"));
        assert_eq!(thai_month(12), Some("ธันวาคม"));
        assert_eq!(thai_month_abbr(10), Some("ต.ค."));
        assert_eq!(thai_month_abbr(4), Some("เม.ย."));
        assert_eq!(english_month(10), Some("October"));
        for bad in [0, 13, u32::MAX] {
            assert_eq!(thai_month(bad), None);
            assert_eq!(thai_month_abbr(bad), None);
            assert_eq!(english_month(bad), None);
        }
    }

    #[test]
    fn every_table_entry_is_recognised() {
        for m in 1..=12u32 {
            let i = (m - 1) as usize;
            assert_eq!(month_from_name(THAI_MONTHS[i]), Some(m));
            assert_eq!(month_from_name(THAI_MONTHS_ABBR[i]), Some(m));
            assert_eq!(
                month_from_name(&THAI_MONTHS_ABBR[i].replace('.', "")),
                Some(m)
            );
            assert_eq!(
                month_from_name(THAI_MONTHS_ABBR[i].trim_end_matches('.')),
                Some(m)
            );
            assert_eq!(month_from_name(ENGLISH_MONTHS[i]), Some(m));
            assert_eq!(month_from_name(&ENGLISH_MONTHS[i].to_uppercase()), Some(m));
            assert_eq!(month_from_name(ENGLISH_MONTHS_ABBR[i]), Some(m));
        }
    }

    #[test]
    fn variants() {
        assert_eq!(month_from_name("ม. ค."), Some(1));
        assert_eq!(month_from_name("ตุลา"), Some(10));
        assert_eq!(month_from_name("กรกฏาคม"), Some(7));
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_from_name("  ก.ค  "), Some(7));
        assert_eq!(month_from_name("มีนาคม"), Some(3));
    }

    #[test]
    fn non_months() {
        for s in [
            "",
            "ม",
            "มค.ค",
            "ตุลาคมม",
            "ก.ข.",
            "Mayor",
            "มกราคม 2566",
            "ค.ศ.",
            "พ.ศ.",
        ] {
            assert_eq!(month_from_name(s), None, "{s:?}");
        }
    }

    #[test]
    fn prefix_lengths() {
        assert_eq!(match_month_prefix("ก.ค66"), Some((7, "ก.ค".len())));
        assert_eq!(match_month_prefix("ธ.ค.65วันที่"), Some((12, "ธ.ค.".len())));
        assert_eq!(match_month_prefix("มีนาคม 66"), Some((3, "มีนาคม".len())));
        assert_eq!(match_month_prefix("ตุลาคมที่"), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(thai_weekday(Weekday::Mon), "จันทร์");
        assert_eq!(thai_weekday(Weekday::Sun), "อาทิตย์");
        assert_eq!(
            match_weekday_prefix("พฤหัสบดีที่"),
            Some((Weekday::Thu, "พฤหัสบดี".len()))
        );
        assert_eq!(
            match_weekday_prefix("พฤหัสที่"),
            Some((Weekday::Thu, "พฤหัส".len()))
        );
        assert_eq!(match_weekday_prefix("ที่ 5"), None);
    }
}
