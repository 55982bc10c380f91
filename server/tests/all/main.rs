#![expect(
    clippy::unwrap_used,
    reason = "helpers of tests fail loudly on anything unexpected"
)]
//! Integration tests of the whole application, on SQLite by default and on PostgreSQL
//! when `PRONGSAI_TEST_DATABASE_URL` is set. One test binary, modules mirroring the
//! URL tree under `routes/`.

mod audit;
mod binary;
mod cli;
mod durability;
mod i18n;
mod integrity_leaks;
mod jobs;
mod publication;
pub mod routes;
mod schema;
mod tenancy;
mod routes_helpers {
    pub use crate::routes::documents::create_document;
}
mod util;
