use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{
    at, at_null, fk, fk_cascade, index, org_fk, organization_id, unique_index,
};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateGifts)]
}

struct CreateGifts;

impl MigrationName for CreateGifts {
    fn name(&self) -> &str {
        "m20261125_800002_gifts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateGifts {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("gift_declarations")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("title_th"))
                .col(text("body_th"))
                .col(text("title_en"))
                .col(text("body_en"))
                .col(big_integer_null("signed_by"))
                .col(text("signer_name"))
                .col(text("signer_position"))
                .col(at_null("signed_at"))
                .col(big_integer_null("signature_audit_id"))
                .col(text("signature_hash"))
                .col(text("annual_notes"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("gift_declarations"))
                .foreign_key(&mut fk("gift_declarations", "signed_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "gift_declarations",
            &["organization_id", "fiscal_year"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("gift_activities")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("declaration_id"))
                .col(date("held_on"))
                .col(text("title"))
                .col(text("description"))
                .col(integer("participants"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("gift_activities"))
                .foreign_key(&mut fk_cascade(
                    "gift_activities",
                    "declaration_id",
                    "gift_declarations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "gift_activities",
            &["organization_id", "declaration_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("gift_entries")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(big_integer("declaration_id"))
                .col(text("kind"))
                .col(date("entry_date"))
                .col(text("giver_relation"))
                .col(text("description"))
                .col(big_integer("value_satang"))
                .col(text("decision"))
                .col(text("recipient_position"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("gift_entries"))
                .foreign_key(&mut fk_cascade(
                    "gift_entries",
                    "declaration_id",
                    "gift_declarations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "gift_entries",
            &["organization_id", "declaration_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["gift_entries", "gift_activities", "gift_declarations"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
