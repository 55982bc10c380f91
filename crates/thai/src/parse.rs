//! Reading Thai dates as people write them.
//!
//! Real reports mix styles freely: "10 ต.ค. 65", "วันที่ 31 พ.ค.66",
//! "7 ก.ค66", "๓๑ สิงหาคม ๒๕๖๖", "26-27 มกราคม 2566",
//! "30 ก.ย. - 2 ต.ค. 66". [`parse_thai_date`] reads one such date (or date
//! range) strictly, refusing anything left over, and explains in Thai what
//! is wrong; [`extract_thai_dates`] finds every date in free text and
//! silently skips what is not one.
//!
//! # What is accepted
//!
//! - An optional lead-in: "วันที่", "วัน", "ระหว่างวันที่", or a weekday
//!   ("วันจันทร์ที่ 10 ต.ค. 65"). A weekday is checked against the date.
//! - A day (1–2 digits), a month name, and a year, with or without spaces
//!   between them. Month names may be full ("ตุลาคม"), abbreviated with,
//!   partly with or without dots ("ต.ค.", "ต.ค", "ตค"), colloquial
//!   ("ตุลา"), or English ("October", "Oct"); see
//!   [`crate::months::month_from_name`]. An era marker "พ.ศ." or "ค.ศ." may
//!   precede the year.
//! - Thai or Arabic digits, even mixed.
//! - Years:
//!   - 2 digits: Buddhist Era 25xx ("65" = 2565 = 2022), or 20xx after
//!     "ค.ศ.". There is deliberately no sliding century window: the result
//!     must not depend on today's date.
//!   - 4 digits: 2400–2700 is Buddhist Era, 1900–2399 is Common Era, and
//!     any other 4-digit year is refused. "พ.ศ." or "ค.ศ." before the year
//!     only confirms the era: "พ.ศ. 2023" (a C.E. year labelled B.E.) is
//!     refused rather than read as C.E. 1480.
//! - Ranges with "-", "–", "—" or "ถึง" (spaces optional): "26-27 มกราคม
//!   2566" (same month), "30 ก.ย. - 2 ต.ค. 66" (the start takes the end's
//!   year, or the year before when its month and day come later, as in
//!   "30 ธ.ค. - 2 ม.ค. 67"), or two complete dates.
//! - ISO "2023-01-09" and "9/1/2566" (day/month/year); their years follow
//!   the same rules.

use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use thiserror::Error;

use crate::digits::{digit_value, is_digit};
use crate::era::{be_from_ce, ce_from_be};
use crate::format::{Digits, MonthStyle, format_date};
use crate::months::{
    is_space, is_thai_letter, match_abbr, match_month_prefix, match_weekday_prefix, thai_month,
    thai_weekday,
};

/// A date read from text: a single day or an inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThaiDate {
    /// One day.
    Day(NaiveDate),
    /// From the first date to the second, both inclusive; never reversed
    /// when produced by this module (the two may be equal).
    Range(NaiveDate, NaiveDate),
}

impl ThaiDate {
    /// The first day.
    pub fn start(&self) -> NaiveDate {
        match *self {
            ThaiDate::Day(d) | ThaiDate::Range(d, _) => d,
        }
    }

    /// The last day (inclusive).
    pub fn end(&self) -> NaiveDate {
        match *self {
            ThaiDate::Day(d) | ThaiDate::Range(_, d) => d,
        }
    }
}

/// Why a text is not a date. The messages are in Thai, for the people who
/// typed the text, and name the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateParseError {
    /// Nothing but spaces.
    #[error("ไม่มีวันที่: ข้อความว่าง")]
    Empty,
    /// The text does not have the shape of a date at all.
    #[error("รูปแบบวันที่ไม่ถูกต้อง: \"{0}\"")]
    Malformed(String),
    /// A word where the month should be is not a month name.
    #[error("ไม่รู้จักชื่อเดือน \"{0}\"")]
    UnknownMonth(String),
    /// A day number is not followed by a month.
    #[error("ไม่มีชื่อเดือนในวันที่ \"{0}\"")]
    MissingMonth(String),
    /// A numeric month (as in "9/13/2566") outside 1–12.
    #[error("ไม่มีเดือนที่ {0} (เดือนต้องเป็น 1 ถึง 12)")]
    InvalidMonthNumber(u32),
    /// The day does not exist in that month (and year, when known).
    #[error("{}", invalid_day_message(.day, .month, .be_year))]
    InvalidDay {
        /// The day as written.
        day: u32,
        /// The month, 1–12.
        month: u32,
        /// The Buddhist Era year, when the text gave one.
        be_year: Option<i32>,
    },
    /// A day and month with no year.
    #[error("ไม่ได้ระบุปีในวันที่ \"{0}\"")]
    MissingYear(String),
    /// A year that is neither 2 nor 4 digits long.
    #[error("ปีต้องเป็นตัวเลข 2 หลักหรือ 4 หลัก: \"{0}\"")]
    InvalidYear(String),
    /// A 4-digit year that is neither a plausible B.E. nor C.E. year.
    #[error("ปี {0} อยู่นอกช่วงที่รองรับ (พ.ศ. 2400–2700 หรือ ค.ศ. 1900–2399)")]
    YearOutOfRange(u32),
    /// A 4-digit year after an era marker that is outside that era's
    /// range, as in "พ.ศ. 2023" (a C.E. year labelled B.E.).
    #[error("ปี {era} {year} อยู่นอกช่วงที่รองรับ ({era} {})", era_range(.era))]
    YearOutOfEraRange {
        /// "พ.ศ." or "ค.ศ.", as it was given.
        era: &'static str,
        /// The year as written.
        year: u32,
    },
    /// A range that ends before it starts.
    #[error("ช่วงวันที่กลับด้าน: วันสิ้นสุด {} อยู่ก่อนวันเริ่มต้น {}", thai_full(.end), thai_full(.start))]
    RangeReversed {
        /// The date written first.
        start: NaiveDate,
        /// The date written second.
        end: NaiveDate,
    },
    /// The weekday written does not match the date.
    #[error("{} ตรงกับวัน{} ไม่ใช่วัน{}", thai_full(.date), weekday_of(.date), weekday_name(.written))]
    WeekdayMismatch {
        /// The date.
        date: NaiveDate,
        /// The weekday that was written before it.
        written: Weekday,
    },
    /// A date followed by something that is not part of it.
    #[error("มีข้อความเกินมาหลังวันที่: \"{0}\"")]
    TrailingInput(String),
}

fn thai_full(date: &NaiveDate) -> String {
    format_date(*date, MonthStyle::Full, Digits::Arabic)
}

fn era_range(era: &&'static str) -> &'static str {
    if *era == "ค.ศ." {
        "1900–2399"
    } else {
        "2400–2700"
    }
}

fn weekday_of(date: &NaiveDate) -> &'static str {
    thai_weekday(date.weekday())
}

fn weekday_name(weekday: &Weekday) -> &'static str {
    thai_weekday(*weekday)
}

fn invalid_day_message(day: &u32, month: &u32, be_year: &Option<i32>) -> String {
    let month_name = match thai_month(*month) {
        Some(name) => name.to_string(),
        None => format!("ที่ {month}"),
    };
    match be_year {
        Some(year) => format!("วันที่ {day} ไม่มีในเดือน{month_name} {year}"),
        None => format!("วันที่ {day} ไม่มีในเดือน{month_name}"),
    }
}

/// At most 40 characters of `s` (cut on a character boundary), for messages.
fn snippet(s: &str) -> String {
    const MAX: usize = 40;
    let s = s.trim_matches(is_space);
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or("")),
        None => s.to_string(),
    }
}

/// A position in the text being read. `pos` only ever moves by the byte
/// length of something just matched, so it stays on a character boundary;
/// even so, every slice goes through `str::get` so a mistake could only
/// cause a failed match, never a panic.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn from(&self, start: usize) -> &'a str {
        self.text.get(start..).unwrap_or("")
    }

    fn between(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn at_end(&self) -> bool {
        self.rest().is_empty()
    }

    fn advance(&mut self, len: usize) {
        self.pos = self.pos.saturating_add(len).min(self.text.len());
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.rest().starts_with(literal) {
            self.advance(literal.len());
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches(is_space);
        self.advance(rest.len() - trimmed.len());
    }
}

/// A run of digits. `value` saturates, so absurdly long runs are harmless
/// (they fail the digit-count checks anyway).
#[derive(Clone, Copy)]
struct Num {
    value: u32,
    digits: usize,
    start: usize,
    end: usize,
}

fn number(c: &mut Cursor) -> Option<Num> {
    let start = c.pos;
    let mut value: u32 = 0;
    let mut digits = 0;
    for ch in c.rest().chars() {
        let Some(v) = digit_value(ch) else { break };
        value = value.saturating_mul(10).saturating_add(u32::from(v));
        digits += 1;
        c.advance(ch.len_utf8());
    }
    (digits > 0).then_some(Num {
        value,
        digits,
        start,
        end: c.pos,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Era {
    Buddhist,
    Common,
}

impl Era {
    fn label(self) -> &'static str {
        match self {
            Era::Buddhist => "พ.ศ.",
            Era::Common => "ค.ศ.",
        }
    }
}

/// Four-digit years read as Buddhist Era.
const BE_YEARS: std::ops::RangeInclusive<i32> = 2400..=2700;
/// Four-digit years read as Common Era.
const CE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2399;

/// "พ.ศ." / "ค.ศ." with or without dots.
fn era(c: &mut Cursor) -> Option<Era> {
    for (groups, era) in [(["พ", "ศ"], Era::Buddhist), (["ค", "ศ"], Era::Common)] {
        if let Some(len) = match_abbr(c.rest(), &groups) {
            let next = c.rest().get(len..).and_then(|r| r.chars().next());
            let ends_with_dot = c.rest().get(..len).is_some_and(|m| m.ends_with('.'));
            if ends_with_dot || !next.is_some_and(is_thai_letter) {
                c.advance(len);
                return Some(era);
            }
        }
    }
    None
}

/// The Common Era year for a written year; see the module docs for the rules.
fn resolve_year(c: &Cursor, year: Num, era: Option<Era>) -> Result<i32, DateParseError> {
    // `value` has at most 4 digits in every branch that uses it.
    let v = i32::try_from(year.value).unwrap_or(i32::MAX);
    match (year.digits, era) {
        (2, Some(Era::Common)) => Ok(2000 + v),
        (2, _) => Ok(ce_from_be(2500 + v)),
        (4, Some(Era::Buddhist)) if BE_YEARS.contains(&v) => Ok(ce_from_be(v)),
        (4, Some(Era::Common)) if CE_YEARS.contains(&v) => Ok(v),
        (4, Some(era)) => Err(DateParseError::YearOutOfEraRange {
            era: era.label(),
            year: year.value,
        }),
        (4, None) => match v {
            _ if BE_YEARS.contains(&v) => Ok(ce_from_be(v)),
            _ if CE_YEARS.contains(&v) => Ok(v),
            _ => Err(DateParseError::YearOutOfRange(year.value)),
        },
        _ => Err(DateParseError::InvalidYear(snippet(
            c.between(year.start, year.end),
        ))),
    }
}

fn make_date(c: &Cursor, day: Num, month: u32, ce_year: i32) -> Result<NaiveDate, DateParseError> {
    if day.digits > 2 && day.value <= 31 {
        // "001 ม.ค. 66": a plausible value hidden in an implausible number.
        return Err(DateParseError::Malformed(snippet(c.from(day.start))));
    }
    NaiveDate::from_ymd_opt(ce_year, month, day.value).ok_or(DateParseError::InvalidDay {
        day: day.value,
        month,
        be_year: Some(be_from_ce(ce_year)),
    })
}

/// One side of a date expression, as far as it could be read.
enum Side {
    /// A complete date.
    Date(NaiveDate),
    /// Only a day number ("26" in "26-27 มกราคม 2566").
    DayOnly(Num),
    /// A day and a month without a year ("30 ก.ย." in "30 ก.ย. - 2 ต.ค. 66").
    DayMonth(Num, u32),
}

/// `yyyy-mm-dd` after the year has been read. `None` when the text does not
/// have that shape (so the caller can try others), `Some(Err)` when it does
/// but names no real date.
fn iso_tail(c: &mut Cursor, year: Num) -> Option<Result<NaiveDate, DateParseError>> {
    if !c.eat("-") {
        return None;
    }
    let month = number(c).filter(|n| n.digits <= 2)?;
    if !c.eat("-") {
        return None;
    }
    let day = number(c).filter(|n| n.digits <= 2)?;
    Some(numeric_date(c, day, month, year))
}

fn numeric_date(c: &Cursor, day: Num, month: Num, year: Num) -> Result<NaiveDate, DateParseError> {
    let ce = resolve_year(c, year, None)?;
    if month.digits > 2 || !(1..=12).contains(&month.value) {
        return Err(DateParseError::InvalidMonthNumber(month.value));
    }
    make_date(c, day, month.value, ce)
}

/// `/m/yyyy` after the day has been read.
fn slash_tail(c: &mut Cursor, day: Num) -> Result<NaiveDate, DateParseError> {
    let malformed = |c: &Cursor| DateParseError::Malformed(snippet(c.from(day.start)));
    if !c.eat("/") {
        return Err(malformed(c));
    }
    let Some(month) = number(c) else {
        return Err(malformed(c));
    };
    if !c.eat("/") {
        return Err(malformed(c));
    }
    let Some(year) = number(c) else {
        return Err(malformed(c));
    };
    numeric_date(c, day, month, year)
}

/// A word (letters and dots) at the cursor, for "unknown month" messages.
fn word_at(c: &Cursor) -> String {
    let rest = c.rest();
    let end = rest
        .char_indices()
        .find(|&(_, ch)| !(is_thai_letter(ch) || ch.is_alphabetic() || ch == '.'))
        .map_or(rest.len(), |(i, _)| i);
    snippet(rest.get(..end).unwrap_or(""))
}

fn side(c: &mut Cursor) -> Result<Side, DateParseError> {
    let start = c.pos;
    let Some(first) = number(c) else {
        let rest = c.from(start);
        // At the very end ("1 ต.ค. 66 ถึง"), show what came before instead.
        let shown = if rest.trim_matches(is_space).is_empty() {
            c.text
        } else {
            rest
        };
        return Err(DateParseError::Malformed(snippet(shown)));
    };
    if first.digits == 4 {
        let save = *c;
        if let Some(result) = iso_tail(c, first) {
            return result.map(Side::Date);
        }
        *c = save;
    }
    if c.peek() == Some('/') {
        return slash_tail(c, first).map(Side::Date);
    }
    let after_day = c.pos;
    c.skip_space();
    if let Some((month, len)) = match_month_prefix(c.rest()) {
        c.advance(len);
        let after_month = c.pos;
        c.skip_space();
        let era = era(c);
        if era.is_some() {
            c.skip_space();
        }
        if let Some(year) = number(c) {
            let ce = resolve_year(c, year, era)?;
            return make_date(c, first, month, ce).map(Side::Date);
        }
        if era.is_some() {
            return Err(DateParseError::MissingYear(snippet(
                c.between(start, c.pos),
            )));
        }
        c.pos = after_month;
        return Ok(Side::DayMonth(first, month));
    }
    c.pos = after_day;
    Ok(Side::DayOnly(first))
}

/// The error for a side that should have been a complete date but is not.
fn incomplete(c: &Cursor, side: &Side, start: usize) -> DateParseError {
    match side {
        Side::Date(_) => DateParseError::Malformed(snippet(c.from(start))),
        Side::DayOnly(day) => missing_month(c, *day),
        Side::DayMonth(day, month) => {
            if NaiveDate::from_ymd_opt(2000, *month, day.value).is_none() {
                // Impossible in every year (2000 was a leap year).
                DateParseError::InvalidDay {
                    day: day.value,
                    month: *month,
                    be_year: None,
                }
            } else {
                DateParseError::MissingYear(snippet(c.between(start, c.pos)))
            }
        }
    }
}

/// The error for a day number followed by something other than a month.
fn missing_month(c: &Cursor, day: Num) -> DateParseError {
    let mut after = *c;
    after.pos = day.end;
    after.skip_space();
    let word = word_at(&after);
    if word.is_empty() {
        DateParseError::MissingMonth(snippet(c.from(day.start)))
    } else {
        DateParseError::UnknownMonth(word)
    }
}

/// "-", "–", "—" or "ถึง" with optional spaces, and an optional lead-in
/// after it ("ถึงวันที่"). Returns the weekday of that lead-in, if any; the
/// cursor is left untouched when there is no dash.
fn dash(c: &mut Cursor) -> Option<Option<Weekday>> {
    let save = *c;
    c.skip_space();
    if c.eat("-") || c.eat("–") || c.eat("—") || c.eat("ถึง") {
        c.skip_space();
        Some(lead_in(c))
    } else {
        *c = save;
        None
    }
}

/// The optional "ระหว่าง", "วัน", weekday and "ที่" before a date.
fn lead_in(c: &mut Cursor) -> Option<Weekday> {
    c.skip_space();
    if c.eat("ระหว่าง") {
        c.skip_space();
    }
    if !c.eat("วัน") {
        return None;
    }
    c.skip_space();
    let weekday = match_weekday_prefix(c.rest()).map(|(weekday, len)| {
        c.advance(len);
        c.skip_space();
        weekday
    });
    c.eat("ที่");
    c.skip_space();
    weekday
}

fn check_weekday(written: Option<Weekday>, date: NaiveDate) -> Result<(), DateParseError> {
    match written {
        Some(w) if w != date.weekday() => Err(DateParseError::WeekdayMismatch { date, written: w }),
        _ => Ok(()),
    }
}

fn make_range(start: NaiveDate, end: NaiveDate) -> Result<ThaiDate, DateParseError> {
    if end < start {
        Err(DateParseError::RangeReversed { start, end })
    } else {
        Ok(ThaiDate::Range(start, end))
    }
}

/// The complete date after a dash; `Err` if it is anything less.
fn end_side(c: &mut Cursor) -> Result<NaiveDate, DateParseError> {
    let start = c.pos;
    match side(c)? {
        Side::Date(date) => Ok(date),
        other => Err(incomplete(c, &other, start)),
    }
}

/// A date or date range starting at the cursor (after any lead-in, whose
/// weekday is `weekday`). The cursor ends just after the last character of
/// the date. When a complete date is followed by a dash and something that
/// does not finish a range, the single date is returned and the reason the
/// range failed is stored in `deferred`, to be reported if the caller
/// cannot accept what follows.
fn expr(
    c: &mut Cursor,
    weekday: Option<Weekday>,
    deferred: &mut Option<DateParseError>,
) -> Result<ThaiDate, DateParseError> {
    let start = c.pos;
    match side(c)? {
        Side::Date(first) => {
            check_weekday(weekday, first)?;
            let before_dash = c.pos;
            if let Some(end_weekday) = dash(c) {
                let range = end_side(c).and_then(|end| {
                    check_weekday(end_weekday, end)?;
                    make_range(first, end)
                });
                match range {
                    Ok(range) => return Ok(range),
                    Err(e) => {
                        *deferred = Some(e);
                        c.pos = before_dash;
                    }
                }
            }
            Ok(ThaiDate::Day(first))
        }
        Side::DayOnly(day) => {
            let Some(end_weekday) = dash(c) else {
                return Err(missing_month(c, day));
            };
            let end = end_side(c)?;
            let first = make_date(c, day, end.month(), end.year())?;
            check_weekday(weekday, first)?;
            check_weekday(end_weekday, end)?;
            make_range(first, end)
        }
        Side::DayMonth(day, month) => {
            let Some(end_weekday) = dash(c) else {
                return Err(incomplete(c, &Side::DayMonth(day, month), start));
            };
            let end = end_side(c)?;
            let year = if (month, day.value) > (end.month(), end.day()) {
                end.year() - 1
            } else {
                end.year()
            };
            let first = make_date(c, day, month, year)?;
            check_weekday(weekday, first)?;
            check_weekday(end_weekday, end)?;
            make_range(first, end)
        }
    }
}

/// Reads one date or date range, strictly: the whole input must be the
/// date (surrounding spaces aside). See the module docs for the accepted
/// forms.
///
/// ```
/// use chrono::NaiveDate;
/// use prongsai_thai::{parse_thai_date, ThaiDate};
///
/// let d = parse_thai_date("วันที่ 31 พ.ค.66").unwrap();
/// assert_eq!(d, ThaiDate::Day(NaiveDate::from_ymd_opt(2023, 5, 31).unwrap()));
/// let err = parse_thai_date("31 ก.พ. 2566").unwrap_err();
/// assert_eq!(err.to_string(), "วันที่ 31 ไม่มีในเดือนกุมภาพันธ์ 2566");
/// ```
pub fn parse_thai_date(input: &str) -> Result<ThaiDate, DateParseError> {
    let mut c = Cursor::new(input);
    c.skip_space();
    if c.at_end() {
        return Err(DateParseError::Empty);
    }
    let weekday = lead_in(&mut c);
    if c.at_end() {
        // A lead-in ("วันที่") and nothing after it.
        return Err(DateParseError::Malformed(snippet(input)));
    }
    let mut deferred = None;
    let date = expr(&mut c, weekday, &mut deferred)?;
    c.skip_space();
    if c.at_end() {
        Ok(date)
    } else {
        Err(deferred.unwrap_or_else(|| DateParseError::TrailingInput(snippet(c.rest()))))
    }
}

/// Finds every date and date range in free text, in order, with its byte
/// range in `text`. Anything that is not a date is skipped, including
/// would-be dates that are invalid ("31 ก.พ. 66") or incomplete (no year).
///
/// A date is looked for only where a number starts (not in the middle of a
/// longer number), and its byte range covers the date itself, from the
/// first digit of the day to the last digit of the year: a lead-in such as
/// "วันที่" is not included.
///
/// ```
/// use prongsai_thai::extract_thai_dates;
///
/// let text = "ประชุม วันที่ 10 ต.ค. 65/วันที่ 8 ธ.ค.65วันที่ 9 มกราคม 66";
/// let found = extract_thai_dates(text);
/// assert_eq!(found.len(), 3);
/// assert_eq!(&text[found[1].0.clone()], "8 ธ.ค.65");
/// ```
pub fn extract_thai_dates(text: &str) -> Vec<(Range<usize>, ThaiDate)> {
    let mut found = Vec::new();
    let mut pos = 0;
    let mut previous: Option<char> = None;
    while let Some(ch) = text.get(pos..).and_then(|rest| rest.chars().next()) {
        if is_digit(ch) && !previous.is_some_and(is_digit) {
            let mut c = Cursor { text, pos };
            let mut deferred = None;
            if let Ok(date) = expr(&mut c, None, &mut deferred)
                && c.pos > pos
            {
                found.push((pos..c.pos, date));
                previous = text.get(..c.pos).and_then(|done| done.chars().next_back());
                pos = c.pos;
                continue;
            }
        }
        previous = Some(ch);
        pos += ch.len_utf8();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn day(s: &str) -> NaiveDate {
        match parse_thai_date(s) {
            Ok(ThaiDate::Day(date)) => date,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    #[test]
    fn snippet_cuts_on_char_boundaries() {
        let long = "ก".repeat(100);
        let s = snippet(&long);
        assert_eq!(s.chars().count(), 41);
        assert!(s.ends_with('…'));
        assert_eq!(snippet("  สั้น "), "สั้น");
    }

    #[test]
    fn era_markers() {
        assert_eq!(day("10 ต.ค. พ.ศ. 2565"), d(2022, 10, 10));
        assert_eq!(day("10 ต.ค. พศ 2565"), d(2022, 10, 10));
        assert_eq!(day("10 October ค.ศ. 2022"), d(2022, 10, 10));
        assert_eq!(day("10 ต.ค. ค.ศ. 22"), d(2022, 10, 10));
        assert_eq!(
            parse_thai_date("1 ม.ค. พ.ศ. 2300"),
            Err(DateParseError::YearOutOfEraRange {
                era: "พ.ศ.",
                year: 2300
            })
        );
        let err = parse_thai_date("1 ก.พ. พ.ศ. 2023").expect_err("C.E. year labelled B.E.");
        assert_eq!(
            err.to_string(),
            "ปี พ.ศ. 2023 อยู่นอกช่วงที่รองรับ (พ.ศ. 2400–2700)"
        );
        assert_eq!(
            parse_thai_date("1 ก.พ. ค.ศ. 2566").map_err(|e| e.to_string()),
            Err("ปี ค.ศ. 2566 อยู่นอกช่วงที่รองรับ (ค.ศ. 1900–2399)".to_string())
        );
        assert_eq!(
            parse_thai_date("1 ต.ค. 66 ถึง"),
            Err(DateParseError::Malformed("1 ต.ค. 66 ถึง".into()))
        );
        assert_eq!(
            parse_thai_date("10 ต.ค. พ.ศ."),
            Err(DateParseError::MissingYear("10 ต.ค. พ.ศ.".into()))
        );
    }

    #[test]
    fn year_rules() {
        assert_eq!(day("1 ม.ค. 00"), d(1957, 1, 1));
        assert_eq!(day("1 ม.ค. 99"), d(2056, 1, 1));
        assert_eq!(day("1 ม.ค. 2400"), d(1857, 1, 1));
        assert_eq!(day("1 ม.ค. 2700"), d(2157, 1, 1));
        assert_eq!(day("1 ม.ค. 2399"), d(2399, 1, 1));
        assert_eq!(day("1 ม.ค. 1900"), d(1900, 1, 1));
        assert_eq!(
            parse_thai_date("1 ม.ค. 1899"),
            Err(DateParseError::YearOutOfRange(1899))
        );
        assert_eq!(
            parse_thai_date("1 ม.ค. 2701"),
            Err(DateParseError::YearOutOfRange(2701))
        );
        assert_eq!(
            parse_thai_date("1 ม.ค. 566"),
            Err(DateParseError::InvalidYear("566".into()))
        );
        assert_eq!(
            parse_thai_date("1 ม.ค. 6"),
            Err(DateParseError::InvalidYear("6".into()))
        );
        assert_eq!(
            parse_thai_date("1 ม.ค. 25660"),
            Err(DateParseError::InvalidYear("25660".into()))
        );
    }

    #[test]
    fn weekday_lead_in() {
        // 10 October 2022 was a Monday.
        assert_eq!(day("วันจันทร์ที่ 10 ต.ค. 65"), d(2022, 10, 10));
        assert_eq!(day("วันจันทร์ 10 ต.ค. 65"), d(2022, 10, 10));
        assert_eq!(day("วันพฤหัสบดีที่ 13 ต.ค. 65"), d(2022, 10, 13));
        assert_eq!(day("วันพฤหัสที่ 13 ต.ค. 65"), d(2022, 10, 13));
        let err = parse_thai_date("วันอังคารที่ 10 ต.ค. 65").expect_err("wrong weekday");
        assert_eq!(
            err,
            DateParseError::WeekdayMismatch {
                date: d(2022, 10, 10),
                written: Weekday::Tue
            }
        );
        assert_eq!(err.to_string(), "10 ตุลาคม 2565 ตรงกับวันจันทร์ ไม่ใช่วันอังคาร");
        // The weekday after a dash is checked against the end date.
        assert!(matches!(
            parse_thai_date("10 ต.ค. 65 ถึงวันศุกร์ที่ 13 ต.ค. 65"),
            Err(DateParseError::WeekdayMismatch { .. })
        ));
        assert_eq!(
            parse_thai_date("10 ต.ค. 65 ถึงวันพฤหัสบดีที่ 13 ต.ค. 65"),
            Ok(ThaiDate::Range(d(2022, 10, 10), d(2022, 10, 13)))
        );
    }

    #[test]
    fn day_month_without_year_errors() {
        assert_eq!(
            parse_thai_date("31 ก.พ."),
            Err(DateParseError::InvalidDay {
                day: 31,
                month: 2,
                be_year: None
            })
        );
        assert_eq!(
            parse_thai_date("29 ก.พ."),
            Err(DateParseError::MissingYear("29 ก.พ.".into()))
        );
        assert_eq!(
            parse_thai_date("31 ก.พ.").map_err(|e| e.to_string()),
            Err("วันที่ 31 ไม่มีในเดือนกุมภาพันธ์".to_string())
        );
    }

    #[test]
    fn leading_zero_days() {
        assert_eq!(day("09 ม.ค. 66"), d(2023, 1, 9));
        assert!(matches!(
            parse_thai_date("009 ม.ค. 66"),
            Err(DateParseError::Malformed(_))
        ));
        assert_eq!(
            parse_thai_date("100 ม.ค. 66"),
            Err(DateParseError::InvalidDay {
                day: 100,
                month: 1,
                be_year: Some(2566)
            })
        );
    }

    #[test]
    fn huge_numbers_saturate() {
        let many = "9".repeat(500);
        assert!(parse_thai_date(&format!("{many} ม.ค. 66")).is_err());
        assert!(parse_thai_date(&format!("1 ม.ค. {many}")).is_err());
        assert!(parse_thai_date(&format!("{many}/{many}/{many}")).is_err());
        assert!(extract_thai_dates(&many).is_empty());
    }
}
