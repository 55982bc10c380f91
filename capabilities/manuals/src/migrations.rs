use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, fk_cascade, id, index, org_fk, organization_id};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateManuals)]
}

struct CreateManuals;

impl MigrationName for CreateManuals {
    fn name(&self) -> &str {
        "m20261126_100001_manuals"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateManuals {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("manuals")
                .col(id())
                .col(organization_id())
                .col(text("kind"))
                .col(text("title"))
                .col(big_integer_null("division_id"))
                .col(text("purpose"))
                .col(text("place"))
                .col(text("service_hours"))
                .col(json_binary("channels"))
                .col(text("channel_note"))
                .col(text("conditions"))
                .col(boolean("no_documents"))
                .col(big_integer_null("fee_satang"))
                .col(boolean("no_fee"))
                .col(text("fee_note"))
                .col(text("complaint_channel"))
                .col(boolean("no_sample_forms"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("manuals"))
                .foreign_key(&mut fk("manuals", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("manuals", &["organization_id", "kind"]))
            .await?;
        m.create_table(
            Table::create()
                .table("manual_steps")
                .col(id())
                .col(organization_id())
                .col(big_integer("manual_id"))
                .col(integer("position"))
                .col(text("title"))
                .col(text("detail"))
                .col(integer("duration_amount"))
                .col(text("duration_unit"))
                .col(text("responsible"))
                .foreign_key(&mut org_fk("manual_steps"))
                .foreign_key(&mut fk_cascade("manual_steps", "manual_id", "manuals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("manual_steps", &["manual_id", "position"]))
            .await?;
        m.create_table(
            Table::create()
                .table("manual_documents")
                .col(id())
                .col(organization_id())
                .col(big_integer("manual_id"))
                .col(integer("position"))
                .col(text("name"))
                .col(integer("originals"))
                .col(integer("copies"))
                .col(text("note"))
                .foreign_key(&mut org_fk("manual_documents"))
                .foreign_key(&mut fk_cascade("manual_documents", "manual_id", "manuals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("manual_documents", &["manual_id", "position"]))
            .await?;
        m.create_table(
            Table::create()
                .table("manual_laws")
                .col(id())
                .col(organization_id())
                .col(big_integer("manual_id"))
                .col(integer("position"))
                .col(text("title"))
                .foreign_key(&mut org_fk("manual_laws"))
                .foreign_key(&mut fk_cascade("manual_laws", "manual_id", "manuals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("manual_laws", &["manual_id", "position"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["manual_laws", "manual_documents", "manual_steps", "manuals"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
