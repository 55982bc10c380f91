use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, fk_cascade, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateMeasures)]
}

struct CreateMeasures;

impl MigrationName for CreateMeasures {
    fn name(&self) -> &str {
        "m20261125_170001_measures"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateMeasures {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The report settings of one fiscal year, and whether its measures are public.
        m.create_table(
            Table::create()
                .table("measure_years")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("title"))
                .col(text("subtitle"))
                .col(text("prepared_by"))
                .col(text("intro"))
                .col(boolean("published"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("measure_years"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "measure_years",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        // Topics (ITA issues) of a year, in report order: data, not code.
        m.create_table(
            Table::create()
                .table("measure_topics")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(integer("position"))
                .col(text("title"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("measure_topics"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "measure_topics",
            &["organization_id", "fiscal_year", "position"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("measures")
                .col(id())
                .col(organization_id())
                .col(big_integer("topic_id"))
                .col(integer("position"))
                .col(text("title"))
                .col(text("steps"))
                .col(small_integer("quarter_from"))
                .col(small_integer("quarter_to"))
                .col(big_integer_null("division_id"))
                .col(text("summary"))
                .col(text("outcomes"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("measures"))
                .foreign_key(&mut fk("measures", "topic_id", "measure_topics"))
                .foreign_key(&mut fk("measures", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("measures", &["topic_id", "position"]))
            .await?;
        // The records that carried a measure out: (kind, reference, title, date).
        m.create_table(
            Table::create()
                .table("measure_links")
                .col(id())
                .col(organization_id())
                .col(big_integer("measure_id"))
                .col(text("kind"))
                .col(text("reference"))
                .col(text("title"))
                .col(date_null("occurred_on"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("measure_links"))
                .foreign_key(&mut fk_cascade("measure_links", "measure_id", "measures"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("measure_links", &["measure_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "measure_links",
            "measures",
            "measure_topics",
            "measure_years",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
