use sea_orm::entity::prelude::*;

/// One row of the append-only, hash-chained audit log.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The chain this row belongs to: the organization's id, or 0 for deployment-wide
    /// actions. Each chain is verified on its own.
    pub chain: i64,
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    pub organization_id: Option<i64>,
    /// `user`, `system`, `cli` or `public`.
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub details: Json,
    pub occurred_at: DateTimeUtc,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
