use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{
    at, at_null, fk, fk_cascade, id, index, org_fk, organization_id, unique_index,
};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateEServices)]
}

struct CreateEServices;

impl MigrationName for CreateEServices {
    fn name(&self) -> &str {
        "m20261126_300001_eservices"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateEServices {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("eservices")
                .col(id())
                .col(organization_id())
                .col(big_integer("manual_id"))
                .col(text("title"))
                .col(text("description"))
                .col(json_binary("draft_fields"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("eservices"))
                .foreign_key(&mut fk("eservices", "manual_id", "manuals"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("service_requests")
                .col(id())
                .col(organization_id())
                .col(big_integer("eservice_id"))
                .col(integer("form_version"))
                .col(big_integer("manual_id"))
                .col(big_integer_null("division_id"))
                .col(text("tracking_code"))
                .col(text("status"))
                .col(big_integer_null("assignee_id"))
                .col(text("applicant_name"))
                .col(text("phone"))
                .col(text("email"))
                .col(json_binary("answers"))
                .col(at("submitted_at"))
                .col(date("due_on"))
                .col(at_null("completed_at"))
                .col(boolean("overdue"))
                .col(at_null("overdue_at"))
                .col(integer("fiscal_year"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("service_requests"))
                .foreign_key(&mut fk("service_requests", "eservice_id", "eservices"))
                .foreign_key(&mut fk("service_requests", "manual_id", "manuals"))
                .foreign_key(&mut fk("service_requests", "division_id", "divisions"))
                .foreign_key(&mut fk("service_requests", "assignee_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "service_requests",
            &["organization_id", "tracking_code"],
        ))
        .await?;
        m.create_index(index(
            "service_requests",
            &["organization_id", "status", "due_on"],
        ))
        .await?;
        m.create_index(index(
            "service_requests",
            &["organization_id", "submitted_at"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("service_request_events")
                .col(id())
                .col(organization_id())
                .col(big_integer("request_id"))
                .col(text("kind"))
                .col(text_null("status"))
                .col(text("note"))
                .col(big_integer_null("assignee_id"))
                .col(big_integer_null("actor_id"))
                .col(at("at"))
                .col(at_null("notified_at"))
                .foreign_key(&mut org_fk("service_request_events"))
                .foreign_key(&mut fk_cascade(
                    "service_request_events",
                    "request_id",
                    "service_requests",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("service_request_events", &["request_id", "at"]))
            .await?;
        m.create_table(
            Table::create()
                .table("walk_ins")
                .col(id())
                .col(organization_id())
                .col(big_integer_null("manual_id"))
                .col(big_integer_null("division_id"))
                .col(text("outcome"))
                .col(text("citizen_name"))
                .col(big_integer_null("served_by"))
                .col(at("served_at"))
                .col(integer("fiscal_year"))
                .foreign_key(&mut org_fk("walk_ins"))
                .foreign_key(&mut fk("walk_ins", "manual_id", "manuals"))
                .foreign_key(&mut fk("walk_ins", "division_id", "divisions"))
                .foreign_key(&mut fk("walk_ins", "served_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("walk_ins", &["organization_id", "served_at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "walk_ins",
            "service_request_events",
            "service_requests",
            "eservices",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
