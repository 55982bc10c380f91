use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk_cascade, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateHr), Box::new(CreateEthics)]
}

struct CreateHr;

impl MigrationName for CreateHr {
    fn name(&self) -> &str {
        "m20261125_900002_hr"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateHr {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("hr_years")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("problems"))
                .col(text("suggestions"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("hr_years"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "hr_years",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("hr_staffing")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("year_id"))
                .col(text("position_type"))
                .col(integer("allotted"))
                .col(integer("filled"))
                .foreign_key(&mut org_fk("hr_staffing"))
                .foreign_key(&mut fk_cascade("hr_staffing", "year_id", "hr_years"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("hr_staffing", &["year_id", "position_type"]))
            .await?;
        m.create_table(
            Table::create()
                .table("hr_trainings")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("year_id"))
                .col(text("course"))
                .col(text("organiser"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(integer("hours"))
                .col(integer("executives"))
                .col(integer("officials"))
                .col(integer("permanent"))
                .col(integer("mission"))
                .col(integer("general"))
                .col(text("participants"))
                .col(big_integer_null("certificate_id"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("hr_trainings"))
                .foreign_key(&mut fk_cascade("hr_trainings", "year_id", "hr_years"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("hr_trainings", &["organization_id", "year_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["hr_trainings", "hr_staffing", "hr_years"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

struct CreateEthics;

impl MigrationName for CreateEthics {
    fn name(&self) -> &str {
        "m20261125_900003_ethics"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateEthics {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ethics_pages")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(text("slug"))
                .col(text("title"))
                .col(text("body"))
                .col(text("order_no"))
                .col(date_null("order_date"))
                .col(text("members"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("ethics_pages"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("ethics_pages", &["organization_id", "slug"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("ethics_pages").to_owned())
            .await?;
        Ok(())
    }
}
