use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema::{id, org_fk, organization_id, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("holidays")
                .col(id())
                .col(organization_id())
                .col(date("date"))
                .col(text("name_th"))
                .foreign_key(&mut org_fk("holidays"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("holidays", &["organization_id", "date"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("holidays").to_owned())
            .await
    }
}
