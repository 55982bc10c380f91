use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, at_null, fk, id, index, org_fk, organization_id};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateQuestions)]
}

struct CreateQuestions;

impl MigrationName for CreateQuestions {
    fn name(&self) -> &str {
        "m20261125_400001_questions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateQuestions {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("questions")
                .col(id())
                .col(organization_id())
                .col(text("title"))
                .col(text("body"))
                .col(text("asker_name"))
                .col(boolean("show_name"))
                .col(text("contact"))
                .col(text("status"))
                .col(integer("fiscal_year"))
                .col(at("asked_at"))
                .col(text("answer"))
                .col(big_integer_null("answer_division_id"))
                .col(big_integer_null("answered_by"))
                .col(at_null("answered_at"))
                .col(text_null("rejected_reason"))
                .col(big_integer_null("rejected_by"))
                .col(at_null("rejected_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("questions"))
                .foreign_key(&mut fk("questions", "answer_division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "questions",
            &["organization_id", "status", "asked_at"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("questions").to_owned())
            .await
    }
}
