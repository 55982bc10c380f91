use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, fk_cascade, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateIntegrity)]
}

struct CreateIntegrity;

impl MigrationName for CreateIntegrity {
    fn name(&self) -> &str {
        "m20261125_500001_integrity"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateIntegrity {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("integrity_channels")
                .col(id())
                .col(organization_id())
                .col(blob("recovery_public_key"))
                .col(integer("retention_days"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("integrity_channels"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("integrity_channels", &["organization_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_recipients")
                .col(id())
                .col(organization_id())
                .col(big_integer("user_id"))
                .col(blob_null("public_key"))
                .col(blob_null("sealed_secret_key"))
                .col(blob_null("kdf_salt"))
                .col(text_null("kdf_params"))
                .col(big_integer_null("added_by"))
                .col(at("added_at"))
                .col(timestamp_with_time_zone_null("key_created_at"))
                .foreign_key(&mut org_fk("integrity_recipients"))
                .foreign_key(&mut fk("integrity_recipients", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "integrity_recipients",
            &["organization_id", "user_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("integrity_reports")
                .col(id())
                .col(organization_id())
                .col(text("uid"))
                .col(blob("receipt_index"))
                .col(blob("sealed_reporter_key"))
                .col(blob("key_check"))
                .col(blob("sealed_content"))
                .col(text("status"))
                .col(text_null("outcome"))
                .col(date("received_on"))
                .col(integer("fiscal_year"))
                .col(date_null("closed_on"))
                .foreign_key(&mut org_fk("integrity_reports"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "integrity_reports",
            &["organization_id", "receipt_index"],
        ))
        .await?;
        m.create_index(index("integrity_reports", &["organization_id", "status"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_report_keys")
                .col(id())
                .col(organization_id())
                .col(big_integer("report_id"))
                .col(big_integer_null("recipient_id"))
                .col(blob("wrapped"))
                .foreign_key(&mut org_fk("integrity_report_keys"))
                .foreign_key(&mut fk_cascade(
                    "integrity_report_keys",
                    "report_id",
                    "integrity_reports",
                ))
                .foreign_key(&mut fk_cascade(
                    "integrity_report_keys",
                    "recipient_id",
                    "integrity_recipients",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("integrity_report_keys", &["report_id"]))
            .await?;
        m.create_index(index("integrity_report_keys", &["recipient_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_identities")
                .col(id())
                .col(organization_id())
                .col(big_integer("report_id"))
                .col(blob("sealed"))
                .foreign_key(&mut org_fk("integrity_identities"))
                .foreign_key(&mut fk_cascade(
                    "integrity_identities",
                    "report_id",
                    "integrity_reports",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("integrity_identities", &["report_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_messages")
                .col(id())
                .col(organization_id())
                .col(big_integer("report_id"))
                .col(text("author"))
                .col(big_integer_null("author_user_id"))
                .col(at("sent_at"))
                .col(blob("sealed"))
                .foreign_key(&mut org_fk("integrity_messages"))
                .foreign_key(&mut fk_cascade(
                    "integrity_messages",
                    "report_id",
                    "integrity_reports",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("integrity_messages", &["report_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_attachments")
                .col(id())
                .col(organization_id())
                .col(big_integer("report_id"))
                .col(text("added_by"))
                .col(at("added_at"))
                .col(text("storage_key"))
                .col(blob("sealed_meta"))
                .foreign_key(&mut org_fk("integrity_attachments"))
                .foreign_key(&mut fk_cascade(
                    "integrity_attachments",
                    "report_id",
                    "integrity_reports",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("integrity_attachments", &["report_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_events")
                .col(id())
                .col(organization_id())
                .col(big_integer("report_id"))
                .col(text("kind"))
                .col(big_integer_null("actor_user_id"))
                .col(at("at"))
                .col(text_null("status"))
                .col(text_null("authority"))
                .col(date_null("sent_on"))
                .col(boolean("identity_included"))
                .col(blob_null("sealed"))
                .foreign_key(&mut org_fk("integrity_events"))
                .foreign_key(&mut fk_cascade(
                    "integrity_events",
                    "report_id",
                    "integrity_reports",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("integrity_events", &["report_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("integrity_tallies")
                .col(id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("month"))
                .col(integer("received"))
                .col(integer("completed"))
                .foreign_key(&mut org_fk("integrity_tallies"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "integrity_tallies",
            &["organization_id", "fiscal_year", "month"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "integrity_tallies",
            "integrity_events",
            "integrity_attachments",
            "integrity_messages",
            "integrity_identities",
            "integrity_report_keys",
            "integrity_reports",
            "integrity_recipients",
            "integrity_channels",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
