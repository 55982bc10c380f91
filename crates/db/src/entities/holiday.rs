use sea_orm::entity::prelude::*;

/// A day the organization's offices are closed (besides weekends): national holidays,
/// lunar-calendar holidays and special days announced each year. Working-day deadlines
/// skip them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "holidays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub date: Date,
    pub name_th: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
