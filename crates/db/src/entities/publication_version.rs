use sea_orm::entity::prelude::*;

/// Every version ever published, kept for the public history.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub publication_id: i64,
    pub version: i32,
    pub title: String,
    /// What the public saw: the capability's own serialisation of the record.
    pub snapshot: Json,
    /// SHA-256 of the snapshot, also written to the audit chain.
    pub content_hash: String,
    pub change_note: String,
    pub published_at: DateTimeUtc,
    pub published_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
