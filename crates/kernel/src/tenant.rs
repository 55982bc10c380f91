//! The organization a request is for.

use prongsai_db::entities::{organization, organization_host};
use prongsai_db::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

/// The organization (tenant) a request or job acts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub name_th: String,
    pub name_en: String,
    pub district_th: String,
    pub province_th: String,
    pub district_en: String,
    pub province_en: String,
}

impl From<organization::Model> for Tenant {
    fn from(m: organization::Model) -> Self {
        Self {
            id: m.id,
            slug: m.slug,
            kind: m.kind,
            name_th: m.name_th,
            name_en: m.name_en,
            district_th: m.district_th,
            province_th: m.province_th,
            district_en: m.district_en,
            province_en: m.province_en,
        }
    }
}

/// Finds the organization for a request's host name (port removed, lower case):
/// an exact entry in `organization_hosts`, else the first label as a slug
/// (`kudjok.localhost`, `kudjok.example.go.th`), else the only organization when there
/// is exactly one.
pub async fn find_tenant_for_host(
    db: &impl ConnectionTrait,
    host: &str,
) -> crate::Result<Option<Tenant>> {
    let host = normalize_host(host);
    if !host.is_empty() {
        if let Some(entry) = organization_host::Entity::find()
            .filter(organization_host::Column::Host.eq(host.as_str()))
            .one(db)
            .await?
        {
            return Ok(organization::Entity::find_by_id(entry.organization_id)
                .one(db)
                .await?
                .map(Tenant::from));
        }
        if let Some(label) = host.split('.').next().filter(|_| host.contains('.'))
            && let Some(org) = organization::Entity::find()
                .filter(organization::Column::Slug.eq(label))
                .one(db)
                .await?
        {
            return Ok(Some(org.into()));
        }
    }
    if organization::Entity::find().count(db).await? == 1 {
        return Ok(organization::Entity::find()
            .order_by_asc(organization::Column::Id)
            .one(db)
            .await?
            .map(Tenant::from));
    }
    Ok(None)
}

pub async fn get_tenant(db: &impl ConnectionTrait, id: i64) -> crate::Result<Tenant> {
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Tenant::from)
        .ok_or(crate::Error::NotFound)
}

/// The site's address for links in e-mails sent by jobs: the organization's first host
/// name (plain HTTP for `*.localhost`, HTTPS otherwise).
pub async fn site_origin(db: &impl ConnectionTrait, organization_id: i64) -> crate::Result<String> {
    let host = organization_host::Entity::find()
        .filter(organization_host::Column::OrganizationId.eq(organization_id))
        .order_by_asc(organization_host::Column::Id)
        .one(db)
        .await?
        .map(|h| h.host);
    Ok(match host {
        Some(h) if h.ends_with(".localhost") || h == "localhost" => format!("http://{h}"),
        Some(h) => format!("https://{h}"),
        None => {
            let t = get_tenant(db, organization_id).await?;
            format!("http://{}.localhost", t.slug)
        }
    })
}

pub async fn find_tenant_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> crate::Result<Option<Tenant>> {
    Ok(organization::Entity::find()
        .filter(organization::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(Tenant::from))
}

/// Lower-cases a `Host` header and strips the port and a trailing dot.
pub fn normalize_host(host: &str) -> String {
    let host = host.trim();
    let without_port = if host.starts_with('[') {
        // IPv6 literal: keep as is up to the closing bracket.
        host.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.rsplit_once(':')
            .map(|(h, _)| h.to_owned())
            .unwrap_or_else(|| host.to_owned())
    };
    without_port.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::normalize_host;

    #[test]
    fn hosts_are_normalized() {
        assert_eq!(normalize_host("KudJok.localhost:8080"), "kudjok.localhost");
        assert_eq!(normalize_host("kudjok.go.th."), "kudjok.go.th");
        assert_eq!(normalize_host("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(normalize_host("[::1]:8080"), "[::1]");
        assert_eq!(normalize_host(""), "");
    }
}

/// What is needed to create an organization.
#[derive(Clone, Debug, Default)]
pub struct NewOrganization {
    pub slug: String,
    pub kind: String,
    pub name_th: String,
    pub name_en: String,
    pub subdistrict_th: String,
    pub district_th: String,
    pub province_th: String,
    pub district_en: String,
    pub province_en: String,
    pub address_th: String,
    pub phone: String,
    pub email: String,
    /// Host names that serve it, besides `<slug>.<anything>`.
    pub hosts: Vec<String>,
}

pub const ORGANIZATION_KINDS: [&str; 3] = ["sao", "municipality", "pao"];

impl NewOrganization {
    /// Checks the fields; messages in Thai, by field.
    pub fn validate(&self) -> crate::FieldErrors {
        let mut e = crate::FieldErrors::default();
        let slug_ok = !self.slug.is_empty()
            && self.slug.len() <= 40
            && self
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !self.slug.starts_with('-');
        if !slug_ok {
            e.add(
                "slug",
                "ชื่อย่อภาษาอังกฤษใช้ได้เฉพาะ a-z, 0-9 และ - ไม่เกิน 40 ตัวอักษร (เช่น kudjok)",
            );
        }
        if !ORGANIZATION_KINDS.contains(&self.kind.as_str()) {
            e.add("kind", "กรุณาเลือกประเภทองค์กร");
        }
        e.required("name_th", &self.name_th, "ชื่อองค์กรภาษาไทย");
        e.required("district_th", &self.district_th, "อำเภอ");
        e.required("province_th", &self.province_th, "จังหวัด");
        e.max_chars("name_th", &self.name_th, 200, "ชื่อองค์กร");
        e
    }
}

/// Creates an organization with its audit chain, inside the caller's transaction.
pub async fn create_organization(
    txn: &prongsai_db::sea_orm::DatabaseTransaction,
    input: &NewOrganization,
    actor: crate::Actor,
) -> crate::Result<Tenant> {
    use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set};
    input.validate().into_result()?;
    if find_tenant_by_slug(txn, &input.slug).await?.is_some() {
        return Err(crate::Error::invalid("slug", "ชื่อย่อนี้มีองค์กรอื่นใช้แล้ว"));
    }
    let now = crate::clock::now();
    let org = organization::ActiveModel {
        slug: Set(input.slug.clone()),
        kind: Set(input.kind.clone()),
        name_th: Set(input.name_th.trim().to_owned()),
        name_en: Set(input.name_en.trim().to_owned()),
        subdistrict_th: Set(input.subdistrict_th.trim().to_owned()),
        district_th: Set(input.district_th.trim().to_owned()),
        province_th: Set(input.province_th.trim().to_owned()),
        district_en: Set(input.district_en.trim().to_owned()),
        province_en: Set(input.province_en.trim().to_owned()),
        address_th: Set(input.address_th.trim().to_owned()),
        phone: Set(input.phone.trim().to_owned()),
        email: Set(input.email.trim().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for host in &input.hosts {
        organization_host::ActiveModel {
            organization_id: Set(org.id),
            host: Set(normalize_host(host)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    crate::audit::create_chain(txn, org.id).await?;
    // The new organization's chain starts with its own creation; the deployment chain
    // records that an organization was created, and by whom.
    for chain_org in [Some(org.id), None] {
        crate::audit::record(
            txn,
            chain_org,
            actor,
            "organization.create",
            crate::audit::Target::new("organization", org.id),
            serde_json::json!({ "slug": org.slug }),
        )
        .await?;
    }
    Ok(org.into())
}

/// Adds a division (or a unit inside one) to an organization.
pub async fn add_division(
    txn: &prongsai_db::sea_orm::DatabaseTransaction,
    organization_id: i64,
    parent_id: Option<i64>,
    code: &str,
    name_th: &str,
    name_en: &str,
    sort_order: i32,
) -> crate::Result<prongsai_db::entities::division::Model> {
    use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set};
    Ok(prongsai_db::entities::division::ActiveModel {
        organization_id: Set(organization_id),
        parent_id: Set(parent_id),
        code: Set(code.to_owned()),
        name_th: Set(name_th.to_owned()),
        name_en: Set(name_en.to_owned()),
        sort_order: Set(sort_order),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// Adds a village (หมู่ที่ `number`).
pub async fn add_village(
    txn: &prongsai_db::sea_orm::DatabaseTransaction,
    organization_id: i64,
    number: i32,
    name_th: &str,
) -> crate::Result<prongsai_db::entities::village::Model> {
    use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set};
    Ok(prongsai_db::entities::village::ActiveModel {
        organization_id: Set(organization_id),
        number: Set(number),
        name_th: Set(name_th.to_owned()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// The divisions of an organization in display order.
pub async fn list_divisions(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> crate::Result<Vec<prongsai_db::entities::division::Model>> {
    use prongsai_db::entities::division;
    Ok(division::Entity::find()
        .filter(division::Column::OrganizationId.eq(organization_id))
        .order_by_asc(division::Column::SortOrder)
        .order_by_asc(division::Column::Id)
        .all(db)
        .await?)
}

/// The villages of an organization by number.
pub async fn list_villages(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> crate::Result<Vec<prongsai_db::entities::village::Model>> {
    use prongsai_db::entities::village;
    Ok(village::Entity::find()
        .filter(village::Column::OrganizationId.eq(organization_id))
        .order_by_asc(village::Column::Number)
        .all(db)
        .await?)
}

/// Every organization, for the operator's `admin list-orgs`.
pub async fn list_organizations(db: &impl ConnectionTrait) -> crate::Result<Vec<Tenant>> {
    Ok(organization::Entity::find()
        .order_by_asc(organization::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::from)
        .collect())
}
