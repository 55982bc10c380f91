use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, at_null, fk, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateComplaints)]
}

struct CreateComplaints;

impl MigrationName for CreateComplaints {
    fn name(&self) -> &str {
        "m20261125_700001_complaints"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateComplaints {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("complaint_categories")
                .col(id())
                .col(organization_id())
                .col(text("code"))
                .col(text("name_th"))
                .col(text("name_en"))
                .col(integer("handling_days"))
                .col(big_integer_null("division_id"))
                .col(integer("sort_order"))
                .col(boolean("active"))
                .foreign_key(&mut org_fk("complaint_categories"))
                .foreign_key(&mut fk("complaint_categories", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "complaint_categories",
            &["organization_id", "code"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("complaints")
                .col(id())
                .col(organization_id())
                .col(text("tracking_code"))
                .col(big_integer("category_id"))
                .col(big_integer_null("village_id"))
                .col(text("place"))
                .col(text_null("latitude"))
                .col(text_null("longitude"))
                .col(text("description"))
                .col(text("complainant_name"))
                .col(text("phone"))
                .col(text("email"))
                .col(boolean("photos_keep_location"))
                .col(text("status"))
                .col(big_integer_null("division_id"))
                .col(big_integer_null("assignee_id"))
                .col(at("received_at"))
                .col(integer("fiscal_year"))
                .col(integer("handling_days"))
                .col(date("due_on"))
                .col(date_null("waiting_since"))
                .col(at_null("closed_at"))
                .col(at_null("overdue_at"))
                .col(integer("reopen_count"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("complaints"))
                .foreign_key(&mut fk("complaints", "category_id", "complaint_categories"))
                .foreign_key(&mut fk("complaints", "village_id", "villages"))
                .foreign_key(&mut fk("complaints", "division_id", "divisions"))
                .foreign_key(&mut fk("complaints", "assignee_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("complaints", &["tracking_code"]))
            .await?;
        m.create_index(index(
            "complaints",
            &["organization_id", "status", "due_on"],
        ))
        .await?;
        m.create_index(index("complaints", &["organization_id", "fiscal_year"]))
            .await?;
        m.create_table(
            Table::create()
                .table("complaint_events")
                .col(id())
                .col(organization_id())
                .col(big_integer("complaint_id"))
                .col(text("kind"))
                .col(text("status"))
                .col(boolean("public"))
                .col(text("message"))
                .col(big_integer_null("division_id"))
                .col(big_integer_null("assignee_id"))
                .col(big_integer_null("actor_user_id"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("complaint_events"))
                .foreign_key(&mut fk("complaint_events", "complaint_id", "complaints"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "complaint_events",
            &["organization_id", "complaint_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("complaint_events").to_owned())
            .await?;
        m.drop_table(Table::drop().table("complaints").to_owned())
            .await?;
        m.drop_table(Table::drop().table("complaint_categories").to_owned())
            .await
    }
}
