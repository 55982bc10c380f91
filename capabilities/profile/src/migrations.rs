use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use prongsai_db::schema::{at, fk, id, index, org_fk, organization_id, unique_index};

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateProfile)]
}

struct CreateProfile;

impl MigrationName for CreateProfile {
    fn name(&self) -> &str {
        "m20261125_400001_profile"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateProfile {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("profiles")
                .col(id())
                .col(organization_id())
                .col(text("powers_and_duties"))
                .col(text("vision"))
                .col(text("mission"))
                .col(text("office_hours"))
                .col(text_null("latitude"))
                .col(text_null("longitude"))
                .col(text("line_url"))
                .col(text("facebook_url"))
                .col(big_integer_null("updated_by"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("profiles"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("profiles", &["organization_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("profile_positions")
                .col(id())
                .col(organization_id())
                .col(text("branch"))
                .col(text("group_code"))
                .col(text("title_th"))
                .col(text("title_en"))
                .col(text("person_name"))
                .col(text("phone"))
                .col(text("email"))
                .col(big_integer_null("photo_attachment_id"))
                .col(big_integer_null("parent_id"))
                .col(big_integer_null("division_id"))
                .col(integer("sort_order"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("profile_positions"))
                .foreign_key(&mut fk(
                    "profile_positions",
                    "photo_attachment_id",
                    "attachments",
                ))
                .foreign_key(&mut fk(
                    "profile_positions",
                    "parent_id",
                    "profile_positions",
                ))
                .foreign_key(&mut fk("profile_positions", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "profile_positions",
            &["organization_id", "branch", "sort_order"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("profile_laws")
                .col(id())
                .col(organization_id())
                .col(text("title"))
                .col(text("url"))
                .col(big_integer_null("attachment_id"))
                .col(integer("sort_order"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("profile_laws"))
                .foreign_key(&mut fk("profile_laws", "attachment_id", "attachments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("profile_laws", &["organization_id", "sort_order"]))
            .await?;

        m.create_table(
            Table::create()
                .table("profile_villages")
                .col(id())
                .col(organization_id())
                .col(big_integer("village_id"))
                .col(text("headman_name"))
                .foreign_key(&mut org_fk("profile_villages"))
                .foreign_key(&mut fk("profile_villages", "village_id", "villages"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("profile_villages", &["village_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "profile_villages",
            "profile_laws",
            "profile_positions",
            "profiles",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
