//! The profile: editing the working copy (fields, positions and people, laws, villages),
//! publishing it as one snapshot, and reading what was published.
//!
//! The whole profile is one publication of kind [`KIND`] whose record id is the
//! organization id. Its attachments (photos, law PDFs) belong to the same record, so the
//! foundation's `/files/...` route serves exactly those the current snapshot lists.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use prongsai_db::Db;
use prongsai_db::entities::{attachment, organization, village};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_files::{FileKind, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, PublicationState, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors, Permission};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{Branch, Group, law, position, profile, village_detail};
use crate::permissions::ManageProfile;

type Result<T> = prongsai_kernel::Result<T>;

// ---------- checks (pure) ----------

/// A value that fails a check (the caller words the message for its field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotValid;

/// A web address people may follow: `http(s)://host/...` with a real host name and no
/// spaces, quotes or angle brackets. `allowed` limits the host to those domains (and
/// their subdomains) when not empty. Returns the trimmed address, "" for "".
pub fn check_web_url(raw: &str, allowed: &[&str]) -> std::result::Result<String, NotValid> {
    let url = raw.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(NotValid)?;
    if url.chars().count() > 500
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    {
        return Err(NotValid);
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(NotValid);
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return Err(NotValid),
        None => authority,
    };
    let labels_ok = host.contains('.')
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !labels_ok {
        return Err(NotValid);
    }
    if !allowed.is_empty()
        && !allowed
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    {
        return Err(NotValid);
    }
    Ok(url.to_owned())
}

/// A plausible e-mail address (one `@`, a dotted domain, no spaces or markup).
pub fn check_email(raw: &str) -> bool {
    let e = raw.trim();
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && e.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && e.chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"\"'<>(),;:\\[]".contains(c))
}

/// A phone number as people write it: digits (Thai digits too), spaces, `-`, `+`, `()`,
/// `,` between several numbers, and "ต่อ" for an extension.
pub fn check_phone(raw: &str) -> bool {
    let p = raw.trim();
    let digits = p
        .chars()
        .filter(|c| c.is_ascii_digit() || ('๐'..='๙').contains(c));
    let rest = p.replace("ต่อ", "");
    p.chars().count() <= 60
        && digits.count() >= 3
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c) || " -+(),./".contains(c))
}

/// Decimal degrees within `-limit..=limit`, normalised to at most 6 decimals
/// ("15.5834"). Thai digits are accepted. `Ok(None)` for an empty value.
pub fn parse_coordinate(raw: &str, limit: f64) -> std::result::Result<Option<String>, NotValid> {
    let text = prongsai_thai::to_arabic_digits(raw.trim());
    if text.is_empty() {
        return Ok(None);
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return Err(NotValid);
    }
    let v: f64 = text.parse().map_err(|_| NotValid)?;
    if !v.is_finite() || v.abs() > limit {
        return Err(NotValid);
    }
    let fixed = format!("{v:.6}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    Ok(Some(if trimmed == "-0" {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }))
}

/// The OpenStreetMap page of a point (a link only: no map is embedded, nothing is loaded
/// from another site).
pub fn osm_url(lat: &str, lon: &str) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
}

const LINE_HOSTS: &[&str] = &["line.me", "lin.ee"];
const FACEBOOK_HOSTS: &[&str] = &["facebook.com", "fb.com", "fb.me"];

fn optional_text(
    e: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    max: usize,
    label: &str,
) -> String {
    let v = raw.trim().to_owned();
    e.max_chars(field, &v, max, label);
    v
}

// ---------- the profile's own fields ----------

/// The fields of the profile form (those of `organizations` included).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub address_th: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub office_hours: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub line_url: String,
    #[serde(default)]
    pub facebook_url: String,
    #[serde(default)]
    pub powers_and_duties: String,
    #[serde(default)]
    pub vision: String,
    #[serde(default)]
    pub mission: String,
}

struct ValidProfile {
    address_th: String,
    phone: String,
    email: String,
    office_hours: String,
    latitude: Option<String>,
    longitude: Option<String>,
    line_url: String,
    facebook_url: String,
    powers_and_duties: String,
    vision: String,
    mission: String,
}

fn validate_profile(input: &ProfileInput) -> Result<ValidProfile> {
    let mut e = FieldErrors::default();
    let address_th = optional_text(&mut e, "address_th", &input.address_th, 500, "ที่อยู่");
    let phone = input.phone.trim().to_owned();
    if !phone.is_empty() && !check_phone(&phone) {
        e.add(
            "phone",
            "หมายเลขโทรศัพท์ไม่ถูกต้อง (ใช้ตัวเลข ช่องว่าง - หรือ + เช่น 044-123456)",
        );
    }
    let email = input.email.trim().to_owned();
    if !email.is_empty() && !check_email(&email) {
        e.add("email", "รูปแบบอีเมลไม่ถูกต้อง (เช่น saraban@kudjok.go.th)");
    }
    let office_hours = optional_text(
        &mut e,
        "office_hours",
        &input.office_hours,
        300,
        "เวลาทำการ",
    );
    let latitude = parse_coordinate(&input.latitude, 90.0).unwrap_or_else(|NotValid| {
        e.add(
            "latitude",
            "ละติจูดต้องเป็นตัวเลขทศนิยมระหว่าง -90 ถึง 90 (เช่น 15.58)",
        );
        None
    });
    let longitude = parse_coordinate(&input.longitude, 180.0).unwrap_or_else(|NotValid| {
        e.add(
            "longitude",
            "ลองจิจูดต้องเป็นตัวเลขทศนิยมระหว่าง -180 ถึง 180 (เช่น 102.43)",
        );
        None
    });
    let lat_given = !input.latitude.trim().is_empty();
    let lon_given = !input.longitude.trim().is_empty();
    if lat_given != lon_given && e.get("latitude").is_none() && e.get("longitude").is_none() {
        let field = if lat_given { "longitude" } else { "latitude" };
        e.add(field, "กรุณากรอกทั้งละติจูดและลองจิจูด หรือเว้นว่างทั้งสองช่อง");
    }
    let line_url = check_web_url(&input.line_url, LINE_HOSTS).unwrap_or_else(|NotValid| {
        e.add(
            "line_url",
            "ที่อยู่ LINE Official Account ต้องเป็นลิงก์ https://line.me/... หรือ https://lin.ee/...",
        );
        String::new()
    });
    let facebook_url =
        check_web_url(&input.facebook_url, FACEBOOK_HOSTS).unwrap_or_else(|NotValid| {
            e.add(
                "facebook_url",
                "ที่อยู่เพจ Facebook ต้องเป็นลิงก์ https://www.facebook.com/...",
            );
            String::new()
        });
    let powers_and_duties = optional_text(
        &mut e,
        "powers_and_duties",
        &input.powers_and_duties,
        20_000,
        "อำนาจหน้าที่",
    );
    let vision = optional_text(&mut e, "vision", &input.vision, 2_000, "วิสัยทัศน์");
    let mission = optional_text(&mut e, "mission", &input.mission, 5_000, "พันธกิจ");
    e.into_result()?;
    Ok(ValidProfile {
        address_th,
        phone,
        email,
        office_hours,
        latitude,
        longitude,
        line_url,
        facebook_url,
        powers_and_duties,
        vision,
        mission,
    })
}

async fn organization_row(conn: &impl ConnectionTrait, org: i64) -> Result<organization::Model> {
    organization::Entity::find_by_id(org)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

async fn profile_row(conn: &impl ConnectionTrait, org: i64) -> Result<Option<profile::Model>> {
    Ok(profile::Entity::find()
        .filter(profile::Column::OrganizationId.eq(org))
        .one(conn)
        .await?)
}

/// The form as it is now.
pub async fn get_profile_input(db: &Db, auth: &Authorized<ManageProfile>) -> Result<ProfileInput> {
    let org = auth.organization_id();
    let o = organization_row(db.conn(), org).await?;
    let p = profile_row(db.conn(), org).await?;
    Ok(ProfileInput {
        address_th: o.address_th,
        phone: o.phone,
        email: o.email,
        office_hours: p
            .as_ref()
            .map(|p| p.office_hours.clone())
            .unwrap_or_default(),
        latitude: p
            .as_ref()
            .and_then(|p| p.latitude.clone())
            .unwrap_or_default(),
        longitude: p
            .as_ref()
            .and_then(|p| p.longitude.clone())
            .unwrap_or_default(),
        line_url: p.as_ref().map(|p| p.line_url.clone()).unwrap_or_default(),
        facebook_url: p
            .as_ref()
            .map(|p| p.facebook_url.clone())
            .unwrap_or_default(),
        powers_and_duties: p
            .as_ref()
            .map(|p| p.powers_and_duties.clone())
            .unwrap_or_default(),
        vision: p.as_ref().map(|p| p.vision.clone()).unwrap_or_default(),
        mission: p.map(|p| p.mission).unwrap_or_default(),
    })
}

async fn save_profile_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    v: ValidProfile,
) -> Result<()> {
    let org = auth.organization_id();
    let now = prongsai_kernel::clock::now();
    let o = organization_row(txn, org).await?;
    let mut changed = Vec::new();
    for (name, old, new) in [
        ("address_th", &o.address_th, &v.address_th),
        ("phone", &o.phone, &v.phone),
        ("email", &o.email, &v.email),
    ] {
        if old != new {
            changed.push(name);
        }
    }
    let mut a = o.into_active_model();
    a.address_th = Set(v.address_th);
    a.phone = Set(v.phone);
    a.email = Set(v.email);
    a.updated_at = Set(now);
    a.update(txn).await?;
    match profile_row(txn, org).await? {
        Some(p) => {
            for (name, differs) in [
                ("office_hours", p.office_hours != v.office_hours),
                ("latitude", p.latitude != v.latitude),
                ("longitude", p.longitude != v.longitude),
                ("line_url", p.line_url != v.line_url),
                ("facebook_url", p.facebook_url != v.facebook_url),
                (
                    "powers_and_duties",
                    p.powers_and_duties != v.powers_and_duties,
                ),
                ("vision", p.vision != v.vision),
                ("mission", p.mission != v.mission),
            ] {
                if differs {
                    changed.push(name);
                }
            }
            let mut a = p.into_active_model();
            a.office_hours = Set(v.office_hours);
            a.latitude = Set(v.latitude);
            a.longitude = Set(v.longitude);
            a.line_url = Set(v.line_url);
            a.facebook_url = Set(v.facebook_url);
            a.powers_and_duties = Set(v.powers_and_duties);
            a.vision = Set(v.vision);
            a.mission = Set(v.mission);
            a.updated_by = Set(auth.actor().user_id());
            a.updated_at = Set(now);
            a.update(txn).await?;
        }
        None => {
            changed.push("profile");
            profile::ActiveModel {
                organization_id: Set(org),
                powers_and_duties: Set(v.powers_and_duties),
                vision: Set(v.vision),
                mission: Set(v.mission),
                office_hours: Set(v.office_hours),
                latitude: Set(v.latitude),
                longitude: Set(v.longitude),
                line_url: Set(v.line_url),
                facebook_url: Set(v.facebook_url),
                updated_by: Set(auth.actor().user_id()),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "profile.update",
        Target::new(KIND, org),
        json!({ "fields": changed }),
    )
    .await?;
    Ok(())
}

/// Saves the profile form (the working copy; the public sees it once published).
pub async fn update_profile(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    input: &ProfileInput,
) -> Result<()> {
    let v = validate_profile(input)?;
    let txn = db.begin_write().await?;
    save_profile_in(&txn, auth, v).await?;
    txn.commit().await?;
    Ok(())
}

// ---------- positions and people ----------

async fn positions_of(conn: &impl ConnectionTrait, org: i64) -> Result<Vec<position::Model>> {
    Ok(position::Entity::find()
        .filter(position::Column::OrganizationId.eq(org))
        .order_by_asc(position::Column::SortOrder)
        .order_by_asc(position::Column::Id)
        .all(conn)
        .await?)
}

async fn position_in(conn: &impl ConnectionTrait, org: i64, id: i64) -> Result<position::Model> {
    position::Entity::find_by_id(id)
        .filter(position::Column::OrganizationId.eq(org))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// Every position of the organization, in chart order (staff view, drafts included).
pub async fn list_positions(
    db: &Db,
    auth: &Authorized<ManageProfile>,
) -> Result<Vec<position::Model>> {
    positions_of(db.conn(), auth.organization_id()).await
}

/// One position with its photo, for the edit page.
pub async fn get_position(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
) -> Result<(position::Model, Option<attachment::Model>)> {
    let org = auth.organization_id();
    let p = position_in(db.conn(), org, id).await?;
    let photo = match p.photo_attachment_id {
        Some(a) => Some(prongsai_files::get_attachment(db.conn(), org, a).await?),
        None => None,
    };
    Ok((p, photo))
}

/// The fields of the position form.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PositionInput {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub title_th: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub person_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub parent_id: String,
    #[serde(default)]
    pub division_id: String,
    #[serde(default)]
    pub sort_order: String,
}

impl PositionInput {
    pub fn of(p: &position::Model) -> Self {
        Self {
            group: p.group_code.clone(),
            title_th: p.title_th.clone(),
            title_en: p.title_en.clone(),
            person_name: p.person_name.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            parent_id: p.parent_id.map(|i| i.to_string()).unwrap_or_default(),
            division_id: p.division_id.map(|i| i.to_string()).unwrap_or_default(),
            sort_order: p.sort_order.to_string(),
        }
    }
}

struct ValidPosition {
    group: Group,
    title_th: String,
    title_en: String,
    person_name: String,
    phone: String,
    email: String,
    parent_id: Option<i64>,
    division_id: Option<i64>,
    sort_order: Option<i32>,
}

/// Whether making `parent` the parent of `id` would put `id` above itself.
fn makes_cycle(all: &[position::Model], id: i64, parent: i64) -> bool {
    let parents: HashMap<i64, Option<i64>> = all.iter().map(|p| (p.id, p.parent_id)).collect();
    let mut at = Some(parent);
    let mut seen = HashSet::new();
    while let Some(current) = at {
        if current == id || !seen.insert(current) {
            return true;
        }
        at = parents.get(&current).copied().flatten();
    }
    false
}

async fn validate_position(
    conn: &impl ConnectionTrait,
    org: i64,
    editing: Option<i64>,
    input: &PositionInput,
) -> Result<ValidPosition> {
    let all = positions_of(conn, org).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(conn, org).await?;
    let mut e = FieldErrors::default();
    let group = Group::from_code(input.group.trim());
    if group.is_none() {
        e.add("group", "กรุณาเลือกกลุ่มของตำแหน่ง");
    }
    let title_th = e.required("title_th", &input.title_th, "ชื่อตำแหน่ง");
    e.max_chars("title_th", &title_th, 200, "ชื่อตำแหน่ง");
    let title_en = optional_text(
        &mut e,
        "title_en",
        &input.title_en,
        200,
        "ชื่อตำแหน่งภาษาอังกฤษ",
    );
    let person_name = optional_text(&mut e, "person_name", &input.person_name, 200, "ชื่อ-นามสกุล");
    let phone = input.phone.trim().to_owned();
    if !phone.is_empty() && !check_phone(&phone) {
        e.add(
            "phone",
            "หมายเลขโทรศัพท์ไม่ถูกต้อง (ใช้ตัวเลข ช่องว่าง - หรือ + เช่น 081-2345678)",
        );
    }
    let email = input.email.trim().to_owned();
    if !email.is_empty() && !check_email(&email) {
        e.add("email", "รูปแบบอีเมลไม่ถูกต้อง (เช่น nayok@kudjok.go.th)");
    }
    let parent_id = match input.parent_id.trim() {
        "" => None,
        raw => match raw
            .parse::<i64>()
            .ok()
            .and_then(|id| all.iter().find(|p| p.id == id))
        {
            None => {
                e.add("parent_id", "ไม่พบตำแหน่งที่เลือกเป็นผู้บังคับบัญชา");
                None
            }
            Some(parent) => {
                if group.is_some_and(|g| g.branch().code() != parent.branch) {
                    e.add(
                        "parent_id",
                        "ตำแหน่งที่อยู่เหนือขึ้นไปต้องอยู่ฝ่ายเดียวกัน (ฝ่ายการเมืองหรือฝ่ายข้าราชการประจำ)",
                    );
                } else if editing.is_some_and(|id| makes_cycle(&all, id, parent.id)) {
                    e.add(
                        "parent_id",
                        "เลือกตำแหน่งนี้หรือตำแหน่งที่อยู่ใต้ตำแหน่งนี้เป็นผู้บังคับบัญชาไม่ได้",
                    );
                }
                Some(parent.id)
            }
        },
    };
    let division_id = match input.division_id.trim() {
        "" => None,
        raw => match raw
            .parse::<i64>()
            .ok()
            .filter(|id| divisions.iter().any(|d| d.id == *id))
        {
            Some(id) => Some(id),
            None => {
                e.add("division_id", "ไม่พบส่วนราชการที่เลือก");
                None
            }
        },
    };
    let sort_order = match prongsai_thai::to_arabic_digits(input.sort_order.trim()).as_str() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => Some(n),
            _ => {
                e.add("sort_order", "ลำดับต้องเป็นจำนวนเต็ม 0 ถึง 100000");
                None
            }
        },
    };
    e.into_result()?;
    Ok(ValidPosition {
        group: group.unwrap_or(Group::Division),
        title_th,
        title_en,
        person_name,
        phone,
        email,
        parent_id,
        division_id,
        sort_order,
    })
}

fn next_sort_order(all: &[position::Model], branch: Branch, parent: Option<i64>) -> i32 {
    all.iter()
        .filter(|p| p.branch == branch.code() && p.parent_id == parent)
        .map(|p| p.sort_order)
        .max()
        .map_or(10, |m| m + 10)
}

async fn insert_position_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    v: ValidPosition,
) -> Result<position::Model> {
    let org = auth.organization_id();
    let all = positions_of(txn, org).await?;
    let branch = v.group.branch();
    let now = prongsai_kernel::clock::now();
    let saved = position::ActiveModel {
        organization_id: Set(org),
        branch: Set(branch.code().to_owned()),
        group_code: Set(v.group.code().to_owned()),
        title_th: Set(v.title_th),
        title_en: Set(v.title_en),
        person_name: Set(v.person_name),
        phone: Set(v.phone),
        email: Set(v.email),
        photo_attachment_id: Set(None),
        parent_id: Set(v.parent_id),
        division_id: Set(v.division_id),
        sort_order: Set(v
            .sort_order
            .unwrap_or_else(|| next_sort_order(&all, branch, v.parent_id))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "profile_position.create",
        Target::new("profile_position", saved.id),
        json!({}),
    )
    .await?;
    Ok(saved)
}

pub async fn create_position(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    input: &PositionInput,
) -> Result<position::Model> {
    let txn = db.begin_write().await?;
    let v = validate_position(&txn, auth.organization_id(), None, input).await?;
    let saved = insert_position_in(&txn, auth, v).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_position(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
    input: &PositionInput,
) -> Result<position::Model> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = position_in(&txn, org, id).await?;
    let v = validate_position(&txn, org, Some(id), input).await?;
    let all = positions_of(&txn, org).await?;
    let branch = v.group.branch();
    let moved = existing.parent_id != v.parent_id || existing.branch != branch.code();
    // Children stay on the side of their parent: a post moved to the other side takes
    // no one with it.
    if existing.branch != branch.code() {
        for child in all.iter().filter(|p| p.parent_id == Some(id)) {
            let mut a = child.clone().into_active_model();
            a.parent_id = Set(existing.parent_id);
            a.update(&txn).await?;
        }
    }
    let sort_order = match v.sort_order {
        Some(n) => n,
        None if moved => next_sort_order(&all, branch, v.parent_id),
        None => existing.sort_order,
    };
    let mut a = existing.into_active_model();
    a.branch = Set(branch.code().to_owned());
    a.group_code = Set(v.group.code().to_owned());
    a.title_th = Set(v.title_th);
    a.title_en = Set(v.title_en);
    a.person_name = Set(v.person_name);
    a.phone = Set(v.phone);
    a.email = Set(v.email);
    a.parent_id = Set(v.parent_id);
    a.division_id = Set(v.division_id);
    a.sort_order = Set(sort_order);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_position.update",
        Target::new("profile_position", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Removes a position; the posts under it move up to its own parent.
pub async fn delete_position(db: &Db, auth: &Authorized<ManageProfile>, id: i64) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = position_in(&txn, org, id).await?;
    let children = position::Entity::find()
        .filter(position::Column::OrganizationId.eq(org))
        .filter(position::Column::ParentId.eq(id))
        .all(&txn)
        .await?;
    for child in children {
        let mut a = child.into_active_model();
        a.parent_id = Set(existing.parent_id);
        a.update(&txn).await?;
    }
    position::Entity::delete_many()
        .filter(position::Column::OrganizationId.eq(org))
        .filter(position::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_position.delete",
        Target::new("profile_position", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a position one place up or down among the posts under the same parent.
pub async fn move_position(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
    up: bool,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let me = position_in(&txn, org, id).await?;
    let mut siblings: Vec<position::Model> = positions_of(&txn, org)
        .await?
        .into_iter()
        .filter(|p| p.branch == me.branch && p.parent_id == me.parent_id)
        .collect();
    let Some(at) = siblings.iter().position(|p| p.id == id) else {
        return Err(Error::NotFound);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(other) = other.filter(|o| *o < siblings.len()) {
        siblings.swap(at, other);
    }
    for (i, p) in siblings.into_iter().enumerate() {
        let order = (i as i32 + 1) * 10;
        if p.sort_order != order {
            let mut a = p.into_active_model();
            a.sort_order = Set(order);
            a.update(&txn).await?;
        }
    }
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_position.move",
        Target::new("profile_position", id),
        json!({ "direction": if up { "up" } else { "down" } }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Stores a photo (an image checked by content) and makes it the position's photo.
pub async fn set_position_photo(
    db: &Db,
    files: &FileStore,
    auth: &Authorized<ManageProfile>,
    id: i64,
    file_name: &str,
    kind: FileKind,
    bytes: Bytes,
) -> Result<()> {
    if !kind.is_image() {
        return Err(Error::invalid(
            "file",
            "รูปถ่ายต้องเป็นไฟล์ภาพ JPEG, PNG หรือ WebP",
        ));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let p = position_in(&txn, org, id).await?;
    let file = prongsai_files::CheckedFile {
        file_name: file_name.to_owned(),
        kind,
        bytes,
    };
    let saved = prongsai_files::store_attachment(&txn, files, auth, KIND, org, &file).await?;
    let mut a = p.into_active_model();
    a.photo_attachment_id = Set(Some(saved.id));
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_position.photo",
        Target::new("profile_position", id),
        json!({ "attachment": saved.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn remove_position_photo(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let p = position_in(&txn, org, id).await?;
    let mut a = p.into_active_model();
    a.photo_attachment_id = Set(None);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_position.photo_remove",
        Target::new("profile_position", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- laws ----------

async fn laws_of(conn: &impl ConnectionTrait, org: i64) -> Result<Vec<law::Model>> {
    Ok(law::Entity::find()
        .filter(law::Column::OrganizationId.eq(org))
        .order_by_asc(law::Column::SortOrder)
        .order_by_asc(law::Column::Id)
        .all(conn)
        .await?)
}

async fn law_in(conn: &impl ConnectionTrait, org: i64, id: i64) -> Result<law::Model> {
    law::Entity::find_by_id(id)
        .filter(law::Column::OrganizationId.eq(org))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn list_laws(db: &Db, auth: &Authorized<ManageProfile>) -> Result<Vec<law::Model>> {
    laws_of(db.conn(), auth.organization_id()).await
}

pub async fn get_law(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
) -> Result<(law::Model, Option<attachment::Model>)> {
    let org = auth.organization_id();
    let l = law_in(db.conn(), org, id).await?;
    let file = match l.attachment_id {
        Some(a) => Some(prongsai_files::get_attachment(db.conn(), org, a).await?),
        None => None,
    };
    Ok((l, file))
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct LawInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
}

fn validate_law(input: &LawInput) -> Result<(String, String)> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่อกฎหมาย");
    e.max_chars("title", &title, 300, "ชื่อกฎหมาย");
    let url = check_web_url(&input.url, &[]).unwrap_or_else(|NotValid| {
        e.add(
            "url",
            "ลิงก์ต้องขึ้นต้นด้วย https:// หรือ http:// ตามด้วยชื่อเว็บไซต์ (เช่น https://www.ocs.go.th/...)",
        );
        String::new()
    });
    e.into_result()?;
    Ok((title, url))
}

async fn insert_law_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    title: String,
    url: String,
) -> Result<law::Model> {
    let org = auth.organization_id();
    let next = laws_of(txn, org)
        .await?
        .iter()
        .map(|l| l.sort_order)
        .max()
        .map_or(10, |m| m + 10);
    let now = prongsai_kernel::clock::now();
    let saved = law::ActiveModel {
        organization_id: Set(org),
        title: Set(title),
        url: Set(url),
        attachment_id: Set(None),
        sort_order: Set(next),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "profile_law.create",
        Target::new("profile_law", saved.id),
        json!({}),
    )
    .await?;
    Ok(saved)
}

pub async fn create_law(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    input: &LawInput,
) -> Result<law::Model> {
    let (title, url) = validate_law(input)?;
    let txn = db.begin_write().await?;
    let saved = insert_law_in(&txn, auth, title, url).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_law(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
    input: &LawInput,
) -> Result<()> {
    let (title, url) = validate_law(input)?;
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let mut a = law_in(&txn, org, id).await?.into_active_model();
    a.title = Set(title);
    a.url = Set(url);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_law.update",
        Target::new("profile_law", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_law(db: &Db, auth: &Authorized<ManageProfile>, id: i64) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    law_in(&txn, org, id).await?;
    law::Entity::delete_many()
        .filter(law::Column::OrganizationId.eq(org))
        .filter(law::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_law.delete",
        Target::new("profile_law", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn move_law(db: &Db, auth: &Authorized<ManageProfile>, id: i64, up: bool) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    law_in(&txn, org, id).await?;
    let mut all = laws_of(&txn, org).await?;
    let Some(at) = all.iter().position(|l| l.id == id) else {
        return Err(Error::NotFound);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(other) = other.filter(|o| *o < all.len()) {
        all.swap(at, other);
    }
    for (i, l) in all.into_iter().enumerate() {
        let order = (i as i32 + 1) * 10;
        if l.sort_order != order {
            let mut a = l.into_active_model();
            a.sort_order = Set(order);
            a.update(&txn).await?;
        }
    }
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_law.move",
        Target::new("profile_law", id),
        json!({ "direction": if up { "up" } else { "down" } }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Attaches the law's text as a PDF (replacing an earlier one).
pub async fn set_law_file(
    db: &Db,
    files: &FileStore,
    auth: &Authorized<ManageProfile>,
    id: i64,
    file_name: &str,
    kind: FileKind,
    bytes: Bytes,
) -> Result<()> {
    if kind != FileKind::Pdf {
        return Err(Error::invalid("file", "ไฟล์กฎหมายต้องเป็นไฟล์ PDF"));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let l = law_in(&txn, org, id).await?;
    let file = prongsai_files::CheckedFile {
        file_name: file_name.to_owned(),
        kind,
        bytes,
    };
    let saved = prongsai_files::store_attachment(&txn, files, auth, KIND, org, &file).await?;
    let mut a = l.into_active_model();
    a.attachment_id = Set(Some(saved.id));
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_law.file",
        Target::new("profile_law", id),
        json!({ "attachment": saved.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn remove_law_file(db: &Db, auth: &Authorized<ManageProfile>, id: i64) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let mut a = law_in(&txn, org, id).await?.into_active_model();
    a.attachment_id = Set(None);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "profile_law.file_remove",
        Target::new("profile_law", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- villages ----------

/// A village with its headman.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageRow {
    pub id: i64,
    pub number: i32,
    pub name_th: String,
    pub headman_name: String,
}

async fn villages_of(conn: &impl ConnectionTrait, org: i64) -> Result<Vec<VillageRow>> {
    let villages = prongsai_kernel::tenant::list_villages(conn, org).await?;
    let heads: HashMap<i64, String> = village_detail::Entity::find()
        .filter(village_detail::Column::OrganizationId.eq(org))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.village_id, d.headman_name))
        .collect();
    Ok(villages
        .into_iter()
        .map(|v| VillageRow {
            headman_name: heads.get(&v.id).cloned().unwrap_or_default(),
            id: v.id,
            number: v.number,
            name_th: v.name_th,
        })
        .collect())
}

pub async fn list_villages(db: &Db, auth: &Authorized<ManageProfile>) -> Result<Vec<VillageRow>> {
    villages_of(db.conn(), auth.organization_id()).await
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct VillageInput {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub name_th: String,
    #[serde(default)]
    pub headman_name: String,
}

fn validate_village(input: &VillageInput, e: &mut FieldErrors) -> (String, String) {
    let name = e.required("name_th", &input.name_th, "ชื่อหมู่บ้าน");
    e.max_chars("name_th", &name, 100, "ชื่อหมู่บ้าน");
    let headman = optional_text(e, "headman_name", &input.headman_name, 100, "ชื่อผู้ใหญ่บ้าน");
    (name, headman)
}

async fn set_headman(
    txn: &DatabaseTransaction,
    org: i64,
    village_id: i64,
    headman: String,
) -> Result<()> {
    match village_detail::Entity::find()
        .filter(village_detail::Column::OrganizationId.eq(org))
        .filter(village_detail::Column::VillageId.eq(village_id))
        .one(txn)
        .await?
    {
        Some(d) => {
            let mut a = d.into_active_model();
            a.headman_name = Set(headman);
            a.update(txn).await?;
        }
        None => {
            village_detail::ActiveModel {
                organization_id: Set(org),
                village_id: Set(village_id),
                headman_name: Set(headman),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// Renames a village and sets its headman.
pub async fn update_village(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    id: i64,
    input: &VillageInput,
) -> Result<()> {
    let mut e = FieldErrors::default();
    let (name, headman) = validate_village(input, &mut e);
    e.into_result()?;
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let v = village::Entity::find_by_id(id)
        .filter(village::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut a = v.into_active_model();
    a.name_th = Set(name);
    a.update(&txn).await?;
    set_headman(&txn, org, id, headman).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "village.update",
        Target::new("village", id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a village (หมู่ที่ `number`).
pub async fn add_village(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    input: &VillageInput,
) -> Result<()> {
    let org = auth.organization_id();
    let existing = villages_of(db.conn(), org).await?;
    let mut e = FieldErrors::default();
    let number = match prongsai_thai::to_arabic_digits(input.number.trim()).parse::<i32>() {
        Ok(n) if (1..=999).contains(&n) => {
            if existing.iter().any(|v| v.number == n) {
                e.add("number", format!("มีหมู่ที่ {n} อยู่แล้ว"));
            }
            n
        }
        _ => {
            e.add("number", "หมู่ที่ต้องเป็นตัวเลข 1 ถึง 999");
            0
        }
    };
    let (name, headman) = validate_village(input, &mut e);
    e.into_result()?;
    let txn = db.begin_write().await?;
    let saved = prongsai_kernel::tenant::add_village(&txn, org, number, &name).await?;
    set_headman(&txn, org, saved.id, headman).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "village.create",
        Target::new("village", saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- the public snapshot ----------

/// A file the snapshot refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

impl FileRef {
    pub fn path(&self) -> String {
        format!(
            "/files/{}/{}",
            self.id,
            prongsai_web::error::urlencode(&self.file_name)
        )
    }
}

impl From<&attachment::Model> for FileRef {
    fn from(a: &attachment::Model) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.size_bytes,
            sha256: a.sha256.clone(),
        }
    }
}

/// The organization as the profile shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationInfo {
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
}

/// A post as published. `phone` and `email` are empty unless the post is an
/// executive's ([`Group::is_executive`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionSnapshot {
    pub id: i64,
    pub branch: String,
    pub group: String,
    pub title_th: String,
    pub title_en: String,
    pub person_name: String,
    pub phone: String,
    pub email: String,
    pub photo: Option<FileRef>,
    pub parent_id: Option<i64>,
    pub division_id: Option<i64>,
    pub division_th: String,
    pub division_en: String,
    pub sort_order: i32,
}

impl PositionSnapshot {
    pub fn group(&self) -> Option<Group> {
        Group::from_code(&self.group)
    }

    pub fn is_executive(&self) -> bool {
        self.group().is_some_and(Group::is_executive)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawSnapshot {
    pub title: String,
    pub url: String,
    pub file: Option<FileRef>,
}

/// Everything the public sees of the profile: one publication version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSnapshot {
    pub organization: OrganizationInfo,
    pub powers_and_duties: String,
    pub vision: String,
    pub mission: String,
    pub office_hours: String,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub line_url: String,
    pub facebook_url: String,
    pub positions: Vec<PositionSnapshot>,
    pub laws: Vec<LawSnapshot>,
    pub villages: Vec<VillageRow>,
    /// Every file the snapshot shows (the `/files/` route serves these to the public).
    pub attachments: Vec<FileRef>,
}

/// The snapshot of the working copy as it is now.
pub async fn build_snapshot(conn: &impl ConnectionTrait, org: i64) -> Result<ProfileSnapshot> {
    let o = organization_row(conn, org).await?;
    let p = profile_row(conn, org).await?;
    let positions = positions_of(conn, org).await?;
    let laws = laws_of(conn, org).await?;
    let villages = villages_of(conn, org).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(conn, org).await?;
    let files: HashMap<i64, attachment::Model> =
        prongsai_files::list_attachments(conn, org, KIND, org)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
    let mut used: Vec<FileRef> = Vec::new();
    let mut file_ref = |id: Option<i64>| -> Option<FileRef> {
        let f = FileRef::from(files.get(&id?)?);
        if !used.iter().any(|u| u.id == f.id) {
            used.push(f.clone());
        }
        Some(f)
    };
    let ids: HashSet<i64> = positions.iter().map(|p| p.id).collect();
    let positions = positions
        .iter()
        .map(|p| {
            let executive = Group::from_code(&p.group_code).is_some_and(Group::is_executive);
            let division = p
                .division_id
                .and_then(|d| divisions.iter().find(|x| x.id == d));
            PositionSnapshot {
                id: p.id,
                branch: p.branch.clone(),
                group: p.group_code.clone(),
                title_th: p.title_th.clone(),
                title_en: p.title_en.clone(),
                person_name: p.person_name.clone(),
                phone: if executive {
                    p.phone.clone()
                } else {
                    String::new()
                },
                email: if executive {
                    p.email.clone()
                } else {
                    String::new()
                },
                photo: file_ref(p.photo_attachment_id),
                parent_id: p.parent_id.filter(|id| ids.contains(id)),
                division_id: division.map(|d| d.id),
                division_th: division.map(|d| d.name_th.clone()).unwrap_or_default(),
                division_en: division.map(|d| d.name_en.clone()).unwrap_or_default(),
                sort_order: p.sort_order,
            }
        })
        .collect();
    let laws = laws
        .iter()
        .map(|l| LawSnapshot {
            title: l.title.clone(),
            url: l.url.clone(),
            file: file_ref(l.attachment_id),
        })
        .collect();
    let p = p.unwrap_or(profile::Model {
        id: 0,
        organization_id: org,
        powers_and_duties: String::new(),
        vision: String::new(),
        mission: String::new(),
        office_hours: String::new(),
        latitude: None,
        longitude: None,
        line_url: String::new(),
        facebook_url: String::new(),
        updated_by: None,
        updated_at: o.updated_at,
    });
    Ok(ProfileSnapshot {
        organization: OrganizationInfo {
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
        },
        powers_and_duties: p.powers_and_duties,
        vision: p.vision,
        mission: p.mission,
        office_hours: p.office_hours,
        latitude: p.latitude,
        longitude: p.longitude,
        line_url: p.line_url,
        facebook_url: p.facebook_url,
        positions,
        laws,
        villages,
        attachments: used,
    })
}

/// The working copy's snapshot, for the staff preview.
pub async fn preview(db: &Db, auth: &Authorized<ManageProfile>) -> Result<ProfileSnapshot> {
    build_snapshot(db.conn(), auth.organization_id()).await
}

/// Whether the working copy differs from what is published (or nothing is).
pub async fn has_unpublished_changes(db: &Db, auth: &Authorized<ManageProfile>) -> Result<bool> {
    let org = auth.organization_id();
    let current = match publication::find_published(db.conn(), org, KIND, org).await {
        Ok(r) if r.status.state == PublicationState::Published => r,
        Ok(_) | Err(Error::NotFound) => return Ok(true),
        Err(e) => return Err(e),
    };
    let draft = serde_json::to_value(build_snapshot(db.conn(), org).await?)?;
    let hash = prongsai_kernel::random::sha256_hex(audit::canonical_json(&draft).as_bytes());
    Ok(hash != current.version.content_hash)
}

/// The status of the profile's publication.
pub async fn status(db: &Db, organization_id: i64) -> Result<PublicationStatus> {
    publication::get_publication_status(db.conn(), organization_id, KIND, organization_id).await
}

/// Publishes the working copy inside the caller's transaction; returns the version.
pub async fn publish_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    change_note: &str,
) -> Result<i32> {
    let org = auth.organization_id();
    let snapshot = build_snapshot(txn, org).await?;
    let title = snapshot.organization.name_th.clone();
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: org,
            title: &title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: None,
            category: None,
        },
    )
    .await?;
    let mut body = vec![
        snapshot.powers_and_duties.clone(),
        snapshot.vision.clone(),
        snapshot.mission.clone(),
        snapshot.office_hours.clone(),
    ];
    body.extend(snapshot.laws.iter().map(|l| l.title.clone()));
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: org,
            url: "/about",
            title: &title,
            body: &body.join("\n"),
            published_at: version.published_at,
            fiscal_year: None,
        },
    )
    .await?;
    Ok(version.version)
}

/// Publishes the profile as it is now (no new version when nothing changed).
pub async fn publish_profile(
    db: &Db,
    auth: &Authorized<ManageProfile>,
    change_note: &str,
) -> Result<i32> {
    let mut e = FieldErrors::default();
    e.max_chars("change_note", change_note.trim(), 500, "บันทึกการเปลี่ยนแปลง");
    e.into_result()?;
    let txn = db.begin_write().await?;
    let version = publish_in(&txn, auth, change_note).await?;
    txn.commit().await?;
    Ok(version)
}

/// The published profile as the public sees it.
pub struct PublicProfile {
    pub record: PublishedRecord,
    pub snapshot: ProfileSnapshot,
}

/// The current published profile, or `None` before the first publication.
pub async fn get_public_profile(db: &Db, organization_id: i64) -> Result<Option<PublicProfile>> {
    match publication::find_published(db.conn(), organization_id, KIND, organization_id).await {
        Ok(record) if record.status.state == PublicationState::Published => {
            let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
            Ok(Some(PublicProfile { record, snapshot }))
        }
        Ok(_) | Err(Error::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every published version, newest first.
pub async fn list_versions(
    db: &Db,
    organization_id: i64,
) -> Result<Vec<prongsai_db::entities::publication_version::Model>> {
    publication::list_versions(db.conn(), organization_id, KIND, organization_id).await
}

// ---------- starting data ----------

/// A profile to start from (the demo organization's, from `server/demo/kudjok.toml`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Seed {
    #[serde(default)]
    pub powers_and_duties: String,
    #[serde(default)]
    pub vision: String,
    #[serde(default)]
    pub mission: String,
    #[serde(default)]
    pub office_hours: String,
    #[serde(default)]
    pub line_url: String,
    #[serde(default)]
    pub facebook_url: String,
    #[serde(default)]
    pub positions: Vec<SeedPosition>,
    #[serde(default)]
    pub laws: Vec<SeedLaw>,
}

/// A post of the starting chart; `parent` names another post's `key`, `division` a
/// division's code.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SeedPosition {
    pub key: String,
    pub group: String,
    pub title_th: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub division: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct SeedLaw {
    pub title: String,
    #[serde(default)]
    pub url: String,
}

/// Writes a starting profile inside the caller's transaction (every row audited), with
/// the same checks as the staff forms.
pub async fn seed_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    seed: &Seed,
) -> Result<()> {
    let org = auth.organization_id();
    let o = organization_row(txn, org).await?;
    let v = validate_profile(&ProfileInput {
        address_th: o.address_th,
        phone: o.phone,
        email: o.email,
        office_hours: seed.office_hours.clone(),
        latitude: String::new(),
        longitude: String::new(),
        line_url: seed.line_url.clone(),
        facebook_url: seed.facebook_url.clone(),
        powers_and_duties: seed.powers_and_duties.clone(),
        vision: seed.vision.clone(),
        mission: seed.mission.clone(),
    })?;
    save_profile_in(txn, auth, v).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(txn, org).await?;
    let mut ids: HashMap<&str, i64> = HashMap::new();
    for p in &seed.positions {
        let parent = match &p.parent {
            Some(key) => Some(*ids.get(key.as_str()).ok_or_else(|| {
                Error::internal(format!("seed position {}: unknown parent {key}", p.key))
            })?),
            None => None,
        };
        let division = match &p.division {
            Some(code) => Some(
                divisions
                    .iter()
                    .find(|d| &d.code == code)
                    .map(|d| d.id)
                    .ok_or_else(|| {
                        Error::internal(format!("seed position {}: unknown division {code}", p.key))
                    })?,
            ),
            None => None,
        };
        let input = PositionInput {
            group: p.group.clone(),
            title_th: p.title_th.clone(),
            title_en: p.title_en.clone(),
            parent_id: parent.map(|i| i.to_string()).unwrap_or_default(),
            division_id: division.map(|i| i.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        let valid = validate_position(txn, org, None, &input).await?;
        let saved = insert_position_in(txn, auth, valid).await?;
        ids.insert(p.key.as_str(), saved.id);
    }
    for l in &seed.laws {
        let (title, url) = validate_law(&LawInput {
            title: l.title.clone(),
            url: l.url.clone(),
        })?;
        insert_law_in(txn, auth, title, url).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_need_a_scheme_and_a_real_host() {
        assert_eq!(
            check_web_url(" https://line.me/R/ti/p/@kudjok ", LINE_HOSTS),
            Ok("https://line.me/R/ti/p/@kudjok".into())
        );
        assert!(check_web_url("https://lin.ee/abc", LINE_HOSTS).is_ok());
        assert!(check_web_url("https://www.facebook.com/kudjok", FACEBOOK_HOSTS).is_ok());
        assert!(check_web_url("https://m.facebook.com/kudjok", FACEBOOK_HOSTS).is_ok());
        assert_eq!(check_web_url("", LINE_HOSTS), Ok(String::new()));
        for bad in [
            "javascript:alert(1)",
            "line.me/abc",
            "https://",
            "https://localhost/x",
            "https://evil.example/\"><script>",
            "https://user@line.me/",
            "https://line.me:abc/",
            "ftp://line.me/",
        ] {
            assert!(check_web_url(bad, LINE_HOSTS).is_err(), "{bad}");
        }
        assert!(check_web_url("https://notline.me/x", LINE_HOSTS).is_err());
        assert!(check_web_url("https://www.ocs.go.th/council-of-state", &[]).is_ok());
    }

    #[test]
    fn e_mail_and_phone_checks() {
        assert!(check_email("saraban@kudjok.go.th"));
        assert!(!check_email("saraban@"));
        assert!(!check_email("a b@kudjok.go.th"));
        assert!(!check_email("<x>@y.th"));
        assert!(check_phone("044-123456"));
        assert!(check_phone("๐๔๔-๑๒๓๔๕๖ ต่อ 12"));
        assert!(check_phone("+66 44 123 456"));
        assert!(!check_phone("โทรหาได้เลย"));
        assert!(!check_phone("12"));
    }

    #[test]
    fn coordinates_are_checked_and_normalised() {
        assert_eq!(
            parse_coordinate("15.583400", 90.0),
            Ok(Some("15.5834".into()))
        );
        assert_eq!(parse_coordinate("๑๕.๕", 90.0), Ok(Some("15.5".into())));
        assert_eq!(parse_coordinate("102", 180.0), Ok(Some("102".into())));
        assert_eq!(parse_coordinate(" ", 90.0), Ok(None));
        assert_eq!(parse_coordinate("123", 90.0), Err(NotValid));
        assert_eq!(parse_coordinate("NaN", 90.0), Err(NotValid));
        assert_eq!(parse_coordinate("1e3", 180.0), Err(NotValid));
        assert_eq!(parse_coordinate("-0.0000001", 90.0), Ok(Some("0".into())));
        assert_eq!(
            osm_url("15.5834", "102.43"),
            "https://www.openstreetmap.org/?mlat=15.5834&mlon=102.43#map=17/15.5834/102.43"
        );
    }

    fn pos(id: i64, parent: Option<i64>) -> position::Model {
        position::Model {
            id,
            organization_id: 1,
            branch: "permanent".into(),
            group_code: "division".into(),
            title_th: String::new(),
            title_en: String::new(),
            person_name: String::new(),
            phone: String::new(),
            email: String::new(),
            photo_attachment_id: None,
            parent_id: parent,
            division_id: None,
            sort_order: 0,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_post_cannot_report_to_itself_or_to_those_under_it() {
        let all = [pos(1, None), pos(2, Some(1)), pos(3, Some(2)), pos(4, None)];
        assert!(makes_cycle(&all, 1, 1));
        assert!(makes_cycle(&all, 1, 3));
        assert!(!makes_cycle(&all, 3, 1));
        assert!(!makes_cycle(&all, 1, 4));
    }
}
