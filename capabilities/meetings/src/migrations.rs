use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, index, org_fk, organization_id};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateMeetings)]
}

struct CreateMeetings;

impl MigrationName for CreateMeetings {
    fn name(&self) -> &str {
        "m20261125_900001_meetings"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateMeetings {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("meetings")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(text("kind"))
                .col(text("title"))
                .col(date("held_on"))
                .col(integer("fiscal_year"))
                .col(text("place"))
                .col(text("agenda"))
                .col(integer("executives"))
                .col(integer("council_members"))
                .col(integer("staff"))
                .col(integer("citizens"))
                .col(integer("others"))
                .col(text("attendees"))
                .col(text("minutes"))
                .col(text("decisions"))
                .col(text("issue"))
                .col(text("results"))
                .col(text("changes"))
                .col(big_integer_null("plan_project_id"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("meetings"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("meetings", &["organization_id", "fiscal_year"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("meetings").to_owned())
            .await?;
        Ok(())
    }
}
