use sea_orm::entity::prelude::*;

/// The publication state of one record of a capability (`kind`, `record_id`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub record_id: i64,
    /// `draft`, `published` or `withdrawn`.
    pub state: String,
    pub current_version: Option<i32>,
    /// The current published title, for lists.
    pub title: Option<String>,
    /// Facets every list filters on: the Buddhist Era fiscal year and a category code
    /// of the capability, both set at publication.
    pub fiscal_year: Option<i32>,
    pub category: Option<String>,
    pub first_published_at: Option<DateTimeUtc>,
    pub last_published_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
