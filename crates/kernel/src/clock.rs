//! Time. Timestamps are truncated to whole microseconds, the precision PostgreSQL keeps,
//! so that a value read back is equal to the value written on both engines (the audit
//! chain hashes timestamps and must recompute the same hash).

use chrono::{DateTime, SubsecRound, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Today's date in Thailand (UTC+7), which is what "today" means to every user.
pub fn today_in_thailand() -> chrono::NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The canonical text of a timestamp in hashes and exports: RFC 3339, microseconds, `Z`.
pub fn canonical(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
