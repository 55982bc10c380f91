use sea_orm::entity::prelude::*;

/// A division (สำนักปลัด, กองคลัง, ...) or a unit inside one (`parent_id`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "divisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub parent_id: Option<i64>,
    /// Stable ASCII code, unique in the organization (`palad`, `finance`).
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
