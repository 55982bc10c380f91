use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, fk_cascade, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateRisks)]
}

struct CreateRisks;

impl MigrationName for CreateRisks {
    fn name(&self) -> &str {
        "m20261125_800001_risks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateRisks {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("risk_assessments")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("title"))
                .col(text("scope"))
                .col(date_null("assessed_on"))
                .col(text("monitoring_summary"))
                .col(text("annual_results"))
                .col(text("annual_problems"))
                .col(text("annual_suggestions"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("risk_assessments"))
                .to_owned(),
        )
        .await?;
        // One assessment per organization and fiscal year.
        m.create_index(unique_index(
            "risk_assessments",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("risk_events")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("assessment_id"))
                .col(text("area_code"))
                .col(text("description"))
                .col(text("cause"))
                .col(text("existing_controls"))
                .col(integer("likelihood"))
                .col(integer("impact"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("risk_events"))
                .foreign_key(&mut fk_cascade(
                    "risk_events",
                    "assessment_id",
                    "risk_assessments",
                ))
                .check(Expr::cust(
                    "likelihood BETWEEN 1 AND 5 AND impact BETWEEN 1 AND 5",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("risk_events", &["organization_id", "assessment_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("risk_measures")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("event_id"))
                .col(text("description"))
                .col(big_integer("owner_division_id"))
                .col(date("due_date"))
                .col(text("status"))
                .col(text("six_month_result"))
                .col(text("annual_result"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("risk_measures"))
                .foreign_key(&mut fk_cascade("risk_measures", "event_id", "risk_events"))
                .foreign_key(&mut fk("risk_measures", "owner_division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("risk_measures", &["organization_id", "event_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["risk_measures", "risk_events", "risk_assessments"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
