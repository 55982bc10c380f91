//! The demo organization (องค์การบริหารส่วนตำบลกุดจอก), loaded on an empty database.

use std::collections::HashMap;

use anyhow::Context;
use prongsai_accounts::PasswordParams;
use prongsai_accounts::password::hash_password_blocking;
use prongsai_accounts::users::{NewUser, insert_user, validate_new_user};
use prongsai_db::Db;
use prongsai_kernel::tenant::{NewOrganization, add_division, add_village, create_organization};
use prongsai_kernel::{Actor, Role, Secret, Tenant};
use serde::Deserialize;

const DEMO: &str = include_str!("../demo/kudjok.toml");

#[derive(Deserialize)]
struct DemoFile {
    organization: DemoOrganization,
    divisions: Vec<DemoDivision>,
    users: Vec<DemoUser>,
}

#[derive(Deserialize)]
struct DemoOrganization {
    slug: String,
    kind: String,
    name_th: String,
    name_en: String,
    subdistrict_th: String,
    district_th: String,
    province_th: String,
    district_en: String,
    province_en: String,
    address_th: String,
    phone: String,
    email: String,
    hosts: Vec<String>,
    villages: i32,
}

#[derive(Deserialize)]
struct DemoDivision {
    code: String,
    parent: Option<String>,
    name_th: String,
    name_en: String,
}

#[derive(Deserialize)]
struct DemoUser {
    username: String,
    display_name: String,
    position_th: String,
    division: Option<String>,
    roles: Vec<String>,
}

/// A demo account and its password, printed once.
pub struct Credential {
    pub username: String,
    pub roles: Vec<String>,
    pub password: Secret<String>,
}

/// Creates the demo organization with its divisions, villages and accounts, in one
/// transaction. `password_of(username)` may fix an account's password (the
/// administrator's from `PRONGSAI_ADMIN_PASSWORD`; every one in tests); the others are
/// generated.
pub async fn load_demo(
    db: &Db,
    params: PasswordParams,
    password_of: &(dyn Fn(&str) -> Option<String> + Sync),
) -> anyhow::Result<(Tenant, Vec<Credential>)> {
    let demo: DemoFile = toml::from_str(DEMO).context("demo data file")?;
    let o = demo.organization;
    let org = NewOrganization {
        slug: o.slug,
        kind: o.kind,
        name_th: o.name_th,
        name_en: o.name_en,
        subdistrict_th: o.subdistrict_th,
        district_th: o.district_th,
        province_th: o.province_th,
        district_en: o.district_en,
        province_en: o.province_en,
        address_th: o.address_th,
        phone: o.phone,
        email: o.email,
        hosts: o.hosts,
    };
    // Validate and hash everything before the transaction: hashing is slow.
    let mut prepared = Vec::new();
    for u in &demo.users {
        let password = password_of(&u.username).unwrap_or_else(prongsai_kernel::random::password);
        let roles: Vec<Role> = u
            .roles
            .iter()
            .map(|r| Role::from_code(r).with_context(|| format!("unknown role {r} in demo data")))
            .collect::<anyhow::Result<_>>()?;
        let input = NewUser {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            position_th: u.position_th.clone(),
            email: None,
            division_id: None,
            password: Secret::new(password.clone()),
            roles,
        };
        let valid = validate_new_user(db.conn(), 0, &input)
            .await
            .with_context(|| format!("demo account {}", u.username))?;
        let hash = hash_password_blocking(params, Secret::new(password.clone())).await;
        prepared.push((u, valid, hash, password));
    }
    let txn = db.begin_write().await?;
    let tenant = create_organization(&txn, &org, Actor::Cli).await?;
    let mut division_ids: HashMap<String, i64> = HashMap::new();
    for (i, d) in demo.divisions.iter().enumerate() {
        let parent = d.parent.as_ref().and_then(|p| division_ids.get(p).copied());
        let saved = add_division(
            &txn,
            tenant.id,
            parent,
            &d.code,
            &d.name_th,
            &d.name_en,
            i as i32 * 10,
        )
        .await?;
        division_ids.insert(d.code.clone(), saved.id);
    }
    for n in 1..=o.villages {
        add_village(&txn, tenant.id, n, &format!("หมู่ที่ {n}")).await?;
    }
    let mut credentials = Vec::new();
    for (u, mut valid, hash, password) in prepared {
        valid.division_id = u
            .division
            .as_ref()
            .and_then(|d| division_ids.get(d).copied());
        insert_user(&txn, tenant.id, Actor::Cli, &valid, hash).await?;
        credentials.push(Credential {
            username: u.username.clone(),
            roles: u.roles.clone(),
            password: Secret::new(password),
        });
    }
    txn.commit().await?;
    Ok((tenant, credentials))
}
