//! Helpers that keep migrations short and identical on both engines, and the rules the
//! schema must follow (checked by tests).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema as col;

/// Tables that belong to the deployment, not to one organization. Every other table has
/// a non-null `organization_id` (a test checks this on both engines).
pub const DEPLOYMENT_TABLES: &[&str] = &[
    "seaql_migrations",
    "organizations",
    "settings",
    "jobs",
    "audit_log",
    "audit_chain_heads",
    "login_throttles",
];

/// `id` primary key, 64-bit, auto-increment.
pub fn id() -> ColumnDef {
    col::big_pk_auto("id")
}

/// The owning organization, with its foreign key added by [`org_fk`].
pub fn organization_id() -> ColumnDef {
    col::big_integer("organization_id")
}

/// Foreign key from `table.organization_id` to `organizations.id`.
pub fn org_fk(table: &str) -> ForeignKeyCreateStatement {
    fk(table, "organization_id", "organizations")
}

/// Foreign key `table.column -> target.id`, restricting deletes.
pub fn fk(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(target), Alias::new("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// Foreign key that deletes the row with its parent.
pub fn fk_cascade(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    let mut fk = fk(table, column, target);
    fk.on_delete(ForeignKeyAction::Cascade);
    fk
}

/// A `timestamptz` (PostgreSQL) / ISO text (SQLite) column.
pub fn at(name: &'static str) -> ColumnDef {
    col::timestamp_with_time_zone(name)
}

pub fn at_null(name: &'static str) -> ColumnDef {
    col::timestamp_with_time_zone_null(name)
}

/// A unique index over `columns`.
pub fn unique_index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(format!("ux_{}_{}", table, columns.join("_")))
        .table(Alias::new(table))
        .unique();
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}

/// A plain index over `columns`.
pub fn index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(format!("ix_{}_{}", table, columns.join("_")))
        .table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}
