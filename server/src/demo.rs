//! The demo organization (องค์การบริหารส่วนตำบลกุดจอก), loaded on an empty database.

use std::collections::HashMap;

use anyhow::Context;
use chrono::NaiveDate;
use prongsai_accounts::PasswordParams;
use prongsai_accounts::password::hash_password_blocking;
use prongsai_accounts::users::{NewUser, insert_user, validate_new_user};
use prongsai_complaints::permissions::ManageComplaintSettings;
use prongsai_db::Db;
use prongsai_eservices::form::FieldInput;
use prongsai_eservices::permissions::ManageEServices;
use prongsai_kernel::tenant::{NewOrganization, add_division, add_village, create_organization};
use prongsai_kernel::{Actor, Authorized, Role, Secret, Tenant};
use prongsai_manuals::model::ManualKind;
use prongsai_manuals::permissions::{ManageManuals, PublishManuals};
use prongsai_manuals::store::{DocumentInput, ManualInput, StepInput};
use prongsai_procurement::permissions::ManageProcurement;
use prongsai_profile::permissions::ManageProfile;
use prongsai_profile::store::{Seed, SeedLaw, SeedPosition};
use serde::Deserialize;

const DEMO: &str = include_str!("../demo/kudjok.toml");

/// The demo measures of FY2566, extracted from the seed report (see
/// `demo/extract-measures-2566.py`).
pub const DEMO_MEASURES_2566: &str = include_str!("../demo/measures-2566.json");

pub fn demo_measures() -> anyhow::Result<prongsai_measures::demo::DemoYear> {
    serde_json::from_str(DEMO_MEASURES_2566).context("demo measures data file")
}

/// The demo procurement, in the NACC form (fictional suppliers marked ตัวอย่าง; the tax IDs
/// pass the check digit but belong to no one).
fn demo_procurement() -> anyhow::Result<Vec<prongsai_procurement::demo::DemoYear<'static>>> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).context("demo date");
    Ok(vec![
        prongsai_procurement::demo::DemoYear {
            fiscal_year: 2569,
            sheet: include_bytes!("../demo/procurement-2569.csv"),
            plan_announced_on: date(2025, 10, 8)?,
            as_of: date(2026, 9, 30)?,
            annual: Some((
                "ผู้ประกอบการในพื้นที่ที่ยื่นเสนอราคาในระบบ e-GP มีจำนวนน้อย งานซ่อมแซมถนนลูกรังหลายหมู่บ้านดำเนินการในช่วงเวลาใกล้กันหลังฤดูฝน",
                "วางแผนงานซ่อมแซมถนนที่มีลักษณะเดียวกันรวมเป็นโครงการเดียวตั้งแต่ต้นปีงบประมาณ และประชาสัมพันธ์การจัดซื้อจัดจ้างให้ผู้ประกอบการทราบมากขึ้น",
            )),
        },
        prongsai_procurement::demo::DemoYear {
            fiscal_year: 2570,
            sheet: include_bytes!("../demo/procurement-2570.csv"),
            plan_announced_on: date(2026, 10, 7)?,
            as_of: date(2026, 10, 31)?,
            annual: None,
        },
    ])
}

#[derive(Deserialize)]
struct DemoFile {
    organization: DemoOrganization,
    divisions: Vec<DemoDivision>,
    profile: DemoProfile,
    users: Vec<DemoUser>,
    #[serde(default)]
    manuals: Vec<DemoManual>,
    #[serde(default)]
    eservices: Vec<DemoEService>,
}

/// A manual of the demo file; `division` is a division code of the file.
#[derive(Deserialize)]
struct DemoManual {
    key: String,
    kind: String,
    title: String,
    division: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    service_hours: String,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    channel_note: String,
    #[serde(default)]
    conditions: String,
    #[serde(default)]
    no_documents: bool,
    #[serde(default)]
    fee: String,
    #[serde(default)]
    no_fee: bool,
    #[serde(default)]
    fee_note: String,
    #[serde(default)]
    complaint_channel: String,
    #[serde(default)]
    laws: Vec<String>,
    #[serde(default)]
    steps: Vec<DemoStep>,
    #[serde(default)]
    documents: Vec<DemoDocument>,
}

#[derive(Deserialize)]
struct DemoStep {
    title: String,
    amount: i32,
    unit: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    detail: String,
}

#[derive(Deserialize)]
struct DemoDocument {
    name: String,
    originals: i32,
    copies: i32,
    #[serde(default)]
    note: String,
}

/// An online service of the demo file; `manual` names the `key` of a manual.
#[derive(Deserialize)]
struct DemoEService {
    manual: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    fields: Vec<DemoField>,
}

#[derive(Deserialize)]
struct DemoField {
    label: String,
    kind: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    help: String,
    #[serde(default)]
    options: Vec<String>,
}

impl DemoManual {
    fn input(&self, division_id: Option<i64>) -> ManualInput {
        ManualInput {
            title: self.title.clone(),
            division_id: division_id.map(|d| d.to_string()).unwrap_or_default(),
            purpose: self.purpose.clone(),
            place: self.place.clone(),
            service_hours: self.service_hours.clone(),
            channels: self.channels.clone(),
            channel_note: self.channel_note.clone(),
            conditions: self.conditions.trim().to_owned(),
            no_documents: self.no_documents,
            fee: self.fee.clone(),
            no_fee: self.no_fee,
            fee_note: self.fee_note.clone(),
            complaint_channel: self.complaint_channel.clone(),
            no_sample_forms: true,
            steps: self
                .steps
                .iter()
                .map(|s| StepInput {
                    title: s.title.clone(),
                    detail: s.detail.clone(),
                    amount: s.amount.to_string(),
                    unit: s.unit.clone(),
                    responsible: s.responsible.clone(),
                })
                .collect(),
            documents: self
                .documents
                .iter()
                .map(|d| DocumentInput {
                    name: d.name.clone(),
                    originals: d.originals.to_string(),
                    copies: d.copies.to_string(),
                    note: d.note.clone(),
                })
                .collect(),
            laws: self.laws.clone(),
        }
    }
}

/// The profile: a [`Seed`] plus the council members, generated per village.
#[derive(Deserialize)]
struct DemoProfile {
    #[serde(default)]
    office_hours: String,
    #[serde(default)]
    powers_and_duties: String,
    positions: Vec<SeedPosition>,
    council_members: Option<DemoCouncil>,
    #[serde(default)]
    laws: Vec<SeedLaw>,
}

#[derive(Deserialize)]
struct DemoCouncil {
    parent: String,
    per_village: i32,
    /// `{n}` is replaced by the village number.
    title_th: String,
    title_en: String,
}

impl DemoProfile {
    fn into_seed(self, villages: i32) -> Seed {
        let mut positions = self.positions;
        if let Some(c) = &self.council_members {
            for n in 1..=villages {
                for k in 1..=c.per_village {
                    let nth = |title: &str, suffix: String| {
                        let t = title.replace("{n}", &n.to_string());
                        if c.per_village > 1 {
                            format!("{t} {suffix}")
                        } else {
                            t
                        }
                    };
                    positions.push(SeedPosition {
                        key: format!("council-member-{n}-{k}"),
                        group: "council".into(),
                        title_th: nth(&c.title_th, format!("คนที่ {k}")),
                        title_en: nth(&c.title_en, format!("({k})")),
                        parent: Some(c.parent.clone()),
                        division: None,
                    });
                }
            }
        }
        Seed {
            office_hours: self.office_hours,
            powers_and_duties: self.powers_and_duties,
            positions,
            laws: self.laws,
            ..Default::default()
        }
    }
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

/// Creates the demo organization with its divisions, villages, accounts and published
/// profile, in one transaction. `password_of(username)` may fix an account's password (the
/// administrator's from `PRONGSAI_ADMIN_PASSWORD`; every one in tests); the others are
/// generated.
pub async fn load_demo(
    db: &Db,
    params: PasswordParams,
    password_of: &(dyn Fn(&str) -> Option<String> + Sync),
) -> anyhow::Result<(Tenant, Vec<Credential>)> {
    let demo: DemoFile = toml::from_str(DEMO).context("demo data file")?;
    let o = demo.organization;
    let profile_seed = demo.profile.into_seed(o.villages);
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
    // The profile, published once so that the public pages work on first start.
    let system = Authorized::<ManageProfile>::system(tenant.id, Actor::System);
    prongsai_profile::store::seed_in(&txn, &system, &profile_seed).await?;
    prongsai_profile::store::publish_in(&txn, &system, "ข้อมูลองค์กรชุดเริ่มต้น").await?;
    // Service manuals and the online services attached to them, published.
    let manage = Authorized::<ManageManuals>::system(tenant.id, Actor::System);
    let publish = Authorized::<PublishManuals>::system(tenant.id, Actor::System);
    let mut manual_ids: HashMap<String, i64> = HashMap::new();
    for m in &demo.manuals {
        let kind = ManualKind::from_code(&m.kind)
            .with_context(|| format!("unknown manual kind {} in demo data", m.kind))?;
        let division = division_ids.get(&m.division).copied();
        let id = prongsai_manuals::store::seed_manual_in(
            &txn,
            &manage,
            &publish,
            kind,
            &m.input(division),
            true,
        )
        .await
        .with_context(|| format!("demo manual {}", m.key))?;
        manual_ids.insert(m.key.clone(), id);
    }
    let services = Authorized::<ManageEServices>::system(tenant.id, Actor::System);
    for e in &demo.eservices {
        let manual_id = *manual_ids
            .get(&e.manual)
            .with_context(|| format!("demo e-service {}: no manual {}", e.title, e.manual))?;
        let fields: Vec<FieldInput> = e
            .fields
            .iter()
            .map(|f| FieldInput {
                label: f.label.clone(),
                kind: f.kind.clone(),
                required: if f.required {
                    "1".into()
                } else {
                    String::new()
                },
                help: f.help.clone(),
                options: f.options.join("\n"),
            })
            .collect();
        prongsai_eservices::store::seed_eservice_in(
            &txn,
            &services,
            manual_id,
            &e.title,
            &e.description,
            &fields,
        )
        .await
        .with_context(|| format!("demo e-service {}", e.title))?;
    }
    let procurement = Authorized::<ManageProcurement>::system(tenant.id, Actor::System);
    for year in demo_procurement()? {
        prongsai_procurement::demo::seed_in(&txn, &procurement, &year).await?;
    }
    // Complaints: the default categories and the complaint-handling manual, published.
    let complaints = Authorized::<ManageComplaintSettings>::system(tenant.id, Actor::System);
    prongsai_complaints::manual::seed_in(&txn, &complaints, &tenant.name_th).await?;
    // Plans of fiscal year 2569 with progress, the six-month reports and an annual report.
    let plans =
        Authorized::<prongsai_plans::permissions::PublishPlans>::system(tenant.id, Actor::System);
    prongsai_plans::demo::seed_in(&txn, &plans, include_str!("../demo/plans-2569.toml")).await?;
    // The corruption-risk assessment of FY2569 with its monitoring and annual report.
    prongsai_risks::demo::seed_in(
        &txn,
        &Authorized::system(tenant.id, Actor::System),
        &Authorized::system(tenant.id, Actor::System),
        include_str!("../demo/risks-2569.toml"),
    )
    .await?;
    // The No Gift Policy of FY2569, signed by the demo mayor's account.
    prongsai_gifts::demo::seed_in(&txn, tenant.id, "mayor").await?;
    // Measures: the FY2566 measures of the seed report, in its order.
    let measures = Authorized::<prongsai_measures::permissions::ManageMeasures>::system(
        tenant.id,
        Actor::System,
    );
    prongsai_measures::demo::seed_in(&txn, &measures, &demo_measures()?).await?;
    // Assets: the register, the borrowing manual, bookings around today, an inspection.
    prongsai_assets::demo::seed_in(&txn, tenant.id).await?;
    // Meetings and public forums (after plans and measures: they link to both).
    prongsai_meetings::demo::seed_in(&txn, tenant.id).await?;
    prongsai_meetings::demo::link_measures(&txn, tenant.id).await?;
    // HR: staffing, trainings and the annual HR report of FY2566 and FY2569.
    prongsai_hr::demo::seed_in(&txn, tenant.id).await?;
    prongsai_hr::demo::seed_ethics_in(&txn, tenant.id).await?;
    txn.commit().await?;
    Ok((tenant, credentials))
}

/// Opens the demo organization's corruption-report channel: makes its recovery key
/// (returned, to be printed once) and the demo internal auditor's recipient key, sealed
/// under the auditor's password (which only this first start knows).
pub async fn set_up_demo_channel(
    db: &Db,
    tenant: &Tenant,
    auditor_password: &str,
    params: PasswordParams,
) -> anyhow::Result<Secret<String>> {
    use prongsai_integrity::permissions::ManageIntegrityChannel;
    use prongsai_integrity::store;
    let auth = Authorized::<ManageIntegrityChannel>::system(tenant.id, Actor::Cli);
    let recovery = store::set_up_channel(db, &auth).await?;
    let auditor = prongsai_accounts::users::find_user_by_username(db.conn(), tenant.id, "auditor")
        .await?
        .context("the demo internal auditor is missing")?;
    store::unlock_recipient_key(
        db,
        store::Costs::for_passwords(params),
        tenant.id,
        auditor.id,
        Secret::new(auditor_password.to_owned()),
        None,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo auditor's recipient key: {e}"))?;
    Ok(recovery)
}
