use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, id, index, org_fk, organization_id};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateDocuments)]
}

struct CreateDocuments;

impl MigrationName for CreateDocuments {
    fn name(&self) -> &str {
        "m20261125_100001_documents"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateDocuments {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("documents")
                .col(id())
                .col(organization_id())
                .col(big_integer_null("division_id"))
                .col(text("category"))
                .col(text("title"))
                .col(text("body"))
                .col(integer("fiscal_year"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("documents"))
                .foreign_key(&mut fk("documents", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("documents", &["organization_id", "fiscal_year"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("documents").to_owned())
            .await
    }
}
