use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateNews)]
}

struct CreateNews;

impl MigrationName for CreateNews {
    fn name(&self) -> &str {
        "m20261125_300001_news"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateNews {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("news_categories")
                .col(id())
                .col(organization_id())
                .col(text("code"))
                .col(text("name_th"))
                .col(text("name_en"))
                .col(integer("sort_order"))
                .foreign_key(&mut org_fk("news_categories"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "news_categories",
            &["organization_id", "code"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("news_items")
                .col(id())
                .col(organization_id())
                .col(big_integer("category_id"))
                .col(text("title"))
                .col(text("summary"))
                .col(text("body"))
                .col(date_null("event_date"))
                .col(integer("fiscal_year"))
                .col(big_integer_null("cover_attachment_id"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("news_items"))
                .foreign_key(&mut fk("news_items", "category_id", "news_categories"))
                .foreign_key(&mut fk("news_items", "cover_attachment_id", "attachments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("news_items", &["organization_id", "updated_at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("news_items").to_owned())
            .await?;
        m.drop_table(Table::drop().table("news_categories").to_owned())
            .await
    }
}
