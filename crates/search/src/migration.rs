//! The search tables. `search_documents` is the same on both engines; the full-text index
//! is where the SQL really differs:
//!
//! - SQLite: a contentless FTS5 table `search_fts(words, grams, scope)` whose rowid is
//!   `search_documents.id`. `contentless_delete=1` (SQLite 3.43 or later; the SQLite that
//!   sqlx bundles is 3.51) lets a row be deleted or replaced by rowid alone, without
//!   giving back the indexed text, which a contentless table does not keep.
//! - PostgreSQL: a `terms tsvector` column on `search_documents` with a GIN index.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, integer_null, text};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use prongsai_db::schema::{at, id, org_fk, organization_id, unique_index};

pub(crate) struct CreateSearch;

impl MigrationName for CreateSearch {
    fn name(&self) -> &str {
        "m20261125_200001_search"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateSearch {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("search_documents")
                .col(id())
                .col(organization_id())
                .col(text("kind"))
                .col(big_integer("record_id"))
                .col(text("url"))
                .col(text("title"))
                .col(text("body"))
                .col(at("published_at"))
                .col(integer_null("fiscal_year"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("search_documents"))
                .to_owned(),
        )
        .await?;
        // Its leading column also serves every lookup by organization alone, so there is
        // no separate index on `organization_id`.
        m.create_index(unique_index(
            "search_documents",
            &["organization_id", "kind", "record_id"],
        ))
        .await?;
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE search_documents ADD COLUMN terms tsvector NOT NULL DEFAULT ''::tsvector",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX ix_search_documents_terms ON search_documents USING GIN (terms)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts USING fts5(words, grams, scope, content='', contentless_delete=1)",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS search_fts")
                .await?;
        }
        // On PostgreSQL the `terms` column and its index go with the table.
        m.drop_table(Table::drop().table("search_documents").to_owned())
            .await
    }
}
