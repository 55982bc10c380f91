use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, fk_cascade, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreatePlans)]
}

struct CreatePlans;

impl MigrationName for CreatePlans {
    fn name(&self) -> &str {
        "m20261125_700001_plans"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreatePlans {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("plans")
                .col(id())
                .col(organization_id())
                .col(text("kind"))
                .col(integer("fiscal_year"))
                .col(text("title"))
                .col(date_null("approved_on"))
                .col(text("notes"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("plans"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "plans",
            &["organization_id", "kind", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("plan_projects")
                .col(id())
                .col(organization_id())
                .col(big_integer("plan_id"))
                .col(text("title"))
                .col(text("objective"))
                .col(text("outputs"))
                .col(big_integer("budget_satang"))
                .col(text("budget_source"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(big_integer_null("division_id"))
                .col(integer("sort_order"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("plan_projects"))
                .foreign_key(&mut fk_cascade("plan_projects", "plan_id", "plans"))
                .foreign_key(&mut fk("plan_projects", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("plan_projects", &["plan_id", "sort_order"]))
            .await?;
        m.create_table(
            Table::create()
                .table("plan_progress")
                .col(id())
                .col(organization_id())
                .col(big_integer("project_id"))
                .col(date("as_of"))
                .col(integer("percent"))
                .col(big_integer("spent_satang"))
                .col(text("milestone"))
                .col(text("problems"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("plan_progress"))
                .foreign_key(&mut fk_cascade(
                    "plan_progress",
                    "project_id",
                    "plan_projects",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("plan_progress", &["project_id", "as_of"]))
            .await?;
        m.create_table(
            Table::create()
                .table("plan_reports")
                .col(id())
                .col(organization_id())
                .col(big_integer("plan_id"))
                .col(text("kind"))
                .col(date("as_of"))
                .col(text("problems"))
                .col(text("suggestions"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("plan_reports"))
                .foreign_key(&mut fk_cascade("plan_reports", "plan_id", "plans"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("plan_reports", &["plan_id", "kind"]))
            .await?;
        m.create_table(
            Table::create()
                .table("plan_report_lines")
                .col(id())
                .col(organization_id())
                .col(big_integer("report_id"))
                .col(big_integer("project_id"))
                .col(integer("percent"))
                .col(text("result"))
                .col(big_integer("allocated_satang"))
                .col(big_integer("spent_satang"))
                .col(date_null("actual_start"))
                .col(date_null("actual_end"))
                .col(text("problems"))
                .col(text("suggestions"))
                .foreign_key(&mut org_fk("plan_report_lines"))
                .foreign_key(&mut fk_cascade(
                    "plan_report_lines",
                    "report_id",
                    "plan_reports",
                ))
                .foreign_key(&mut fk_cascade(
                    "plan_report_lines",
                    "project_id",
                    "plan_projects",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "plan_report_lines",
            &["report_id", "project_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "plan_report_lines",
            "plan_reports",
            "plan_progress",
            "plan_projects",
            "plans",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
