//! The foundation's migrations. Capabilities bring their own; the server puts every list
//! together in one `Migrator` (see `server/src/capabilities.rs`).

mod m20261125_000001_foundation;
mod m20261125_000002_holidays;

use sea_orm_migration::MigrationTrait;

pub fn foundation_migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![
        Box::new(m20261125_000001_foundation::Migration),
        Box::new(m20261125_000002_holidays::Migration),
    ]
}
