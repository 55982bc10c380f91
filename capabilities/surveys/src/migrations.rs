use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateSurveys)]
}

struct CreateSurveys;

impl MigrationName for CreateSurveys {
    fn name(&self) -> &str {
        "m20261126_200001_surveys"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateSurveys {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("survey_invitations")
                .col(id())
                .col(organization_id())
                .col(text("source_kind"))
                .col(big_integer("source_id"))
                .col(text("token_hash"))
                .col(big_integer_null("division_id"))
                .col(big_integer_null("manual_id"))
                .col(date("service_month"))
                .col(boolean("answered"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("survey_invitations"))
                .foreign_key(&mut fk("survey_invitations", "division_id", "divisions"))
                .foreign_key(&mut fk("survey_invitations", "manual_id", "manuals"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("survey_invitations", &["token_hash"]))
            .await?;
        m.create_index(unique_index(
            "survey_invitations",
            &["organization_id", "source_kind", "source_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("survey_responses")
                .col(id())
                .col(organization_id())
                .col(big_integer_null("division_id"))
                .col(big_integer_null("manual_id"))
                .col(text("channel"))
                .col(date("month"))
                .col(integer("q_process"))
                .col(integer("q_staff"))
                .col(integer("q_facility"))
                .col(integer("q_result"))
                .col(integer("q_overall"))
                .col(text("comment"))
                .col(text("comment_status"))
                .col(big_integer_null("reviewed_by"))
                .foreign_key(&mut org_fk("survey_responses"))
                .foreign_key(&mut fk("survey_responses", "division_id", "divisions"))
                .foreign_key(&mut fk("survey_responses", "manual_id", "manuals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("survey_responses", &["organization_id", "month"]))
            .await?;
        m.create_table(
            Table::create()
                .table("survey_summaries")
                .col(id())
                .col(organization_id())
                .col(date("month"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("survey_summaries"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "survey_summaries",
            &["organization_id", "month"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["survey_summaries", "survey_responses", "survey_invitations"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
