#![expect(
    clippy::unwrap_used,
    reason = "helpers of tests fail loudly on anything unexpected"
)]
//! Integration tests of `prongsai-search` on a real database: SQLite by default, a
//! fresh PostgreSQL database when `PRONGSAI_TEST_DATABASE_URL` is set.

mod harness;
mod properties;
mod search;
