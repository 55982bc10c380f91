use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, fk_cascade, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateAssets), Box::new(AddBorrowerEmail)]
}

struct CreateAssets;

impl MigrationName for CreateAssets {
    fn name(&self) -> &str {
        "m20261125_900001_assets"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateAssets {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("assets")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(text("code"))
                .col(text("name"))
                .col(text("category"))
                .col(big_integer_null("division_id"))
                .col(text("location"))
                .col(big_integer("value_satang"))
                .col(date_null("acquired_on"))
                .col(text("condition"))
                .col(boolean("borrowable"))
                .col(text("notes"))
                .col(big_integer("booking_version"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("assets"))
                .foreign_key(&mut fk("assets", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("assets", &["organization_id", "code"]))
            .await?;
        m.create_table(
            Table::create()
                .table("asset_bookings")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("asset_id"))
                .col(text("tracking_code"))
                .col(text("source"))
                .col(text("borrower_name"))
                .col(text("borrower_phone"))
                .col(text("purpose"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(text("status"))
                .col(big_integer_null("decided_by"))
                .col(prongsai_db::schema::at_null("decided_at"))
                .col(text("decision_note"))
                .col(date_null("handed_over_on"))
                .col(text("handed_over_by"))
                .col(text("handover_notes"))
                .col(date_null("returned_on"))
                .col(text("return_condition"))
                .col(text("return_notes"))
                .col(prongsai_db::schema::at_null("reminded_at"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("asset_bookings"))
                .foreign_key(&mut fk_cascade("asset_bookings", "asset_id", "assets"))
                .foreign_key(&mut fk("asset_bookings", "decided_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("asset_bookings", &["tracking_code"]))
            .await?;
        m.create_index(index("asset_bookings", &["organization_id", "asset_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("asset_inspections")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(date("inspected_on"))
                .col(text("committee"))
                .col(text("summary"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("asset_inspections"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("asset_inspections", &["organization_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("asset_findings")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("inspection_id"))
                .col(big_integer("asset_id"))
                .col(boolean("found"))
                .col(text("condition"))
                .col(text("notes"))
                .foreign_key(&mut org_fk("asset_findings"))
                .foreign_key(&mut fk_cascade(
                    "asset_findings",
                    "inspection_id",
                    "asset_inspections",
                ))
                .foreign_key(&mut fk_cascade("asset_findings", "asset_id", "assets"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "asset_findings",
            &["inspection_id", "asset_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "asset_findings",
            "asset_inspections",
            "asset_bookings",
            "assets",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

/// Citizens may leave an e-mail address to hear of the decision and of a late return.
struct AddBorrowerEmail;

impl MigrationName for AddBorrowerEmail {
    fn name(&self) -> &str {
        "m20261207_900002_asset_booking_email"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AddBorrowerEmail {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("asset_bookings")
                .add_column(text("borrower_email").default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("asset_bookings")
                .drop_column("borrower_email")
                .to_owned(),
        )
        .await
    }
}
