use sea_orm::entity::prelude::*;

/// A local administrative organization (อปท.): the tenant every record belongs to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Short ASCII name, used as the host-name label (`kudjok.localhost`).
    #[sea_orm(unique)]
    pub slug: String,
    /// `sao`, `municipality` or `pao`.
    pub kind: String,
    pub name_th: String,
    pub name_en: String,
    pub subdistrict_th: String,
    pub district_th: String,
    pub province_th: String,
    pub district_en: String,
    pub province_en: String,
    pub address_th: String,
    pub phone: String,
    pub email: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
