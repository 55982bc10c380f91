use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema::{
    at, at_null, fk, fk_cascade, id, index, org_fk, organization_id, unique_index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("settings")
                .col(text("key").primary_key())
                .col(text("value"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("organizations")
                .col(id())
                .col(text_uniq("slug"))
                .col(text("kind"))
                .col(text("name_th"))
                .col(text("name_en"))
                .col(text("subdistrict_th"))
                .col(text("district_th"))
                .col(text("province_th"))
                .col(text("district_en"))
                .col(text("province_en"))
                .col(text("address_th"))
                .col(text("phone"))
                .col(text("email"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("organization_hosts")
                .col(id())
                .col(organization_id())
                .col(text_uniq("host"))
                .foreign_key(&mut org_fk("organization_hosts"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("divisions")
                .col(id())
                .col(organization_id())
                .col(big_integer_null("parent_id"))
                .col(text("code"))
                .col(text("name_th"))
                .col(text("name_en"))
                .col(integer("sort_order"))
                .foreign_key(&mut org_fk("divisions"))
                .foreign_key(&mut fk("divisions", "parent_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("divisions", &["organization_id", "code"]))
            .await?;

        m.create_table(
            Table::create()
                .table("villages")
                .col(id())
                .col(organization_id())
                .col(integer("number"))
                .col(text("name_th"))
                .foreign_key(&mut org_fk("villages"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("villages", &["organization_id", "number"]))
            .await?;

        m.create_table(
            Table::create()
                .table("users")
                .col(id())
                .col(organization_id())
                .col(text("username"))
                .col(text("display_name"))
                .col(text("position_th"))
                .col(text_null("email"))
                .col(big_integer_null("division_id"))
                .col(text("password_hash"))
                .col(boolean("must_change_password"))
                .col(text_null("totp_secret"))
                .col(big_integer_null("totp_last_step"))
                .col(boolean("is_active"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .col(at_null("last_login_at"))
                .foreign_key(&mut org_fk("users"))
                .foreign_key(&mut fk("users", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("users", &["organization_id", "username"]))
            .await?;

        m.create_table(
            Table::create()
                .table("role_grants")
                .col(id())
                .col(organization_id())
                .col(big_integer("user_id"))
                .col(text("role"))
                .col(at("granted_at"))
                .foreign_key(&mut org_fk("role_grants"))
                .foreign_key(&mut fk_cascade("role_grants", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("role_grants", &["user_id", "role"]))
            .await?;

        m.create_table(
            Table::create()
                .table("role_policies")
                .col(id())
                .col(organization_id())
                .col(text("role"))
                .col(boolean("require_totp"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("role_policies"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("role_policies", &["organization_id", "role"]))
            .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(id())
                .col(text_uniq("token_hash"))
                .col(organization_id())
                .col(big_integer("user_id"))
                .col(boolean("second_factor_done"))
                .col(at("created_at"))
                .col(at("last_seen_at"))
                .col(at("expires_at"))
                .foreign_key(&mut org_fk("sessions"))
                .foreign_key(&mut fk_cascade("sessions", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["expires_at"])).await?;

        m.create_table(
            Table::create()
                .table("login_throttles")
                .col(id())
                .col(text_uniq("key_hash"))
                .col(integer("failures"))
                .col(at("window_started_at"))
                .col(at_null("locked_until"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("audit_chain_heads")
                .col(big_integer("chain").primary_key())
                .col(big_integer("last_seq"))
                .col(text("last_hash"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(id())
                .col(big_integer("chain"))
                .col(big_integer("seq"))
                .col(big_integer_null("organization_id"))
                .col(text("actor_kind"))
                .col(big_integer_null("actor_id"))
                .col(text("action"))
                .col(text("target_kind"))
                .col(big_integer_null("target_id"))
                .col(json_binary("details"))
                .col(at("occurred_at"))
                .col(text("prev_hash"))
                .col(text("hash"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index("audit_log", &["chain", "seq"]))
            .await?;
        m.create_index(index(
            "audit_log",
            &["organization_id", "target_kind", "target_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("publications")
                .col(id())
                .col(organization_id())
                .col(text("kind"))
                .col(big_integer("record_id"))
                .col(text("state"))
                .col(integer_null("current_version"))
                .col(text_null("title"))
                .col(integer_null("fiscal_year"))
                .col(text_null("category"))
                .col(at_null("first_published_at"))
                .col(at_null("last_published_at"))
                .col(at_null("withdrawn_at"))
                .col(text_null("withdrawn_reason"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("publications"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "publications",
            &["organization_id", "kind", "record_id"],
        ))
        .await?;
        m.create_index(index(
            "publications",
            &["organization_id", "kind", "state", "last_published_at"],
        ))
        .await?;
        m.create_index(index(
            "publications",
            &["organization_id", "kind", "state", "fiscal_year"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("publication_versions")
                .col(id())
                .col(organization_id())
                .col(big_integer("publication_id"))
                .col(integer("version"))
                .col(text("title"))
                .col(json_binary("snapshot"))
                .col(text("content_hash"))
                .col(text("change_note"))
                .col(at("published_at"))
                .col(big_integer_null("published_by"))
                .foreign_key(&mut org_fk("publication_versions"))
                .foreign_key(&mut fk(
                    "publication_versions",
                    "publication_id",
                    "publications",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "publication_versions",
            &["publication_id", "version"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("attachments")
                .col(id())
                .col(organization_id())
                .col(text("owner_kind"))
                .col(big_integer("owner_id"))
                .col(text("file_name"))
                .col(text("content_type"))
                .col(big_integer("size_bytes"))
                .col(text("sha256"))
                .col(text("storage_key"))
                .col(big_integer_null("created_by"))
                .col(at("created_at"))
                .foreign_key(&mut org_fk("attachments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "attachments",
            &["organization_id", "owner_kind", "owner_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("jobs")
                .col(id())
                .col(big_integer_null("organization_id"))
                .col(text("name"))
                .col(text_null("dedupe_key").unique_key())
                .col(json_binary("payload"))
                .col(text("status"))
                .col(integer("attempts"))
                .col(integer("max_attempts"))
                .col(at("run_at"))
                .col(at_null("locked_until"))
                .col(text_null("locked_by"))
                .col(text_null("last_error"))
                .col(at("created_at"))
                .col(at_null("finished_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("jobs", &["status", "run_at"])).await?;

        // The deployment-wide audit chain exists from the start; each organization's
        // chain head is created with the organization.
        m.exec_stmt(
            Query::insert()
                .into_table("audit_chain_heads")
                .columns(["chain", "last_seq", "last_hash"])
                .values_panic([0i64.into(), 0i64.into(), crate::GENESIS_HASH.into()])
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "jobs",
            "attachments",
            "publication_versions",
            "publications",
            "audit_log",
            "audit_chain_heads",
            "login_throttles",
            "sessions",
            "role_policies",
            "role_grants",
            "users",
            "villages",
            "divisions",
            "organization_hosts",
            "organizations",
            "settings",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
