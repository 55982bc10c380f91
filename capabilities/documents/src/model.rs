use sea_orm::entity::prelude::*;

/// The working copy of a document, edited by staff. The public sees its published
/// versions (snapshots), never this row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub division_id: Option<i64>,
    /// One of [`CATEGORIES`].
    pub category: String,
    pub title: String,
    pub body: String,
    /// Buddhist Era fiscal year the document belongs to.
    pub fiscal_year: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Document categories (codes; names are in the locale files under `documents.category`).
pub const CATEGORIES: [&str; 6] = ["announcement", "order", "report", "plan", "manual", "other"];
