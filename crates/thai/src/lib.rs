//! Thai-specific conventions for Prongsai, kept in one pure crate.
//!
//! Thai local-government documents write dates in the Buddhist Era
//! (พ.ศ., C.E. + 543), often with Thai digits and abbreviated month names
//! ("8 ธ.ค.65"), count budgets by a fiscal year that starts on 1 October,
//! spell amounts of money out in words on official forms ("หนึ่งร้อยบาทถ้วน"),
//! and identify people and companies by a 13-digit number with a check digit.
//! Everything here is a pure function of its input: no I/O, no clock reads,
//! no global state, and no input can make it panic.
//!
//! Modules:
//! - [`era`]: Buddhist Era ⇄ Common Era years.
//! - [`fiscal`]: the Thai government fiscal year and its quarters.
//! - [`digits`]: Thai digits (๐–๙) ⇄ Arabic digits.
//! - [`months`]: Thai and English month and weekday names.
//! - [`format`](mod@format): dates, date ranges and date-times as Thai (or English) text.
//! - [`parse`]: reading Thai dates written by people, strictly or from free text.
//! - [`money`]: baht amounts held as integer satang, formatted, parsed and spelled out.
//! - [`id`]: the 13-digit Thai citizen / taxpayer identification number.
//! - [`calendar`]: working days of government offices (weekends and holidays).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calendar;
pub mod digits;
pub mod era;
pub mod fiscal;
pub mod format;
pub mod id;
pub mod money;
pub mod months;
pub mod parse;

pub use digits::{to_arabic_digits, to_thai_digits};
pub use era::{be_from_ce, ce_from_be};
pub use fiscal::{FiscalQuarter, FiscalYear};
pub use format::{
    Digits, MonthStyle, format_date, format_date_en, format_date_range, format_date_range_en,
    format_date_short_year, format_datetime,
};
pub use id::{IdError, ThaiId};
pub use money::{MoneyParseError, baht_text, format_baht, parse_baht};
pub use parse::{DateParseError, ThaiDate, extract_thai_dates, parse_thai_date};
