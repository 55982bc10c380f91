use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{
    at, at_null, fk, fk_cascade, id, index, org_fk, organization_id, unique_index,
};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateProcurement)]
}

struct CreateProcurement;

impl MigrationName for CreateProcurement {
    fn name(&self) -> &str {
        "m20261125_500001_procurement"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateProcurement {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("procurement_items")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("item_name"))
                .col(big_integer("allocated_budget"))
                .col(text("budget_source"))
                .col(text("status"))
                .col(text("method"))
                .col(big_integer_null("reference_price"))
                .col(big_integer_null("agreed_price"))
                .col(text_null("vendor_name"))
                .col(text_null("vendor_tax_id"))
                .col(text_null("egp_project_number"))
                .col(date_null("contract_start"))
                .col(date_null("contract_end"))
                .col(date_null("announced_on"))
                .col(date_null("result_on"))
                .col(big_integer_null("division_id"))
                .col(text("source"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("procurement_items"))
                .foreign_key(&mut fk("procurement_items", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "procurement_items",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("procurement_plans")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(boolean("none_above_threshold"))
                .col(text("statement"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("procurement_plans"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "procurement_plans",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("procurement_plan_lines")
                .col(id())
                .col(organization_id())
                .col(big_integer("plan_id"))
                .col(text("item_name"))
                .col(big_integer("budget"))
                .col(text("budget_source"))
                .col(text("method"))
                .col(date("expected_month"))
                .col(boolean("investment"))
                .col(integer("sort_order"))
                .foreign_key(&mut org_fk("procurement_plan_lines"))
                .foreign_key(&mut fk_cascade(
                    "procurement_plan_lines",
                    "plan_id",
                    "procurement_plans",
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("procurement_notices")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(big_integer_null("item_id"))
                .col(text("kind"))
                .col(text("title"))
                .col(date("announced_on"))
                .col(text_null("egp_project_number"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("procurement_notices"))
                .foreign_key(&mut fk(
                    "procurement_notices",
                    "item_id",
                    "procurement_items",
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("procurement_annual_reports")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("problems"))
                .col(text("suggestions"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("procurement_annual_reports"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "procurement_annual_reports",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("procurement_imports")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("file_name"))
                .col(text("sha256"))
                .col(json_binary("preview"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at_null("committed_at"))
                .foreign_key(&mut org_fk("procurement_imports"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "procurement_imports",
            "procurement_annual_reports",
            "procurement_notices",
            "procurement_plan_lines",
            "procurement_plans",
            "procurement_items",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
