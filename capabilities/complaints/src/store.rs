//! Complaints: categories, submission by the public, tracking by code, the staff queue
//! and its actions (status, answers, notes, assignment, reopening), and the overdue
//! flag. Every change writes its audit row in its own transaction; audit details hold
//! ids, status codes and field names, never the description, name or contact.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_db::Db;
use prongsai_db::entities::{attachment, division, user, village};
use prongsai_db::sea_orm::sea_query::Expr;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use prongsai_files::{CheckedFile, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Actor, Authorized, Error, FieldErrors, Staff};
use prongsai_thai::calendar::{Holidays, add_working_days, working_days_between};
use serde::Deserialize;
use serde_json::json;

use crate::KIND;
use crate::model::{EventKind, Status, category, complaint, event};
use crate::permissions::{HandleComplaints, ManageComplaintSettings, SuperviseComplaints};

pub type Result<T> = prongsai_kernel::Result<T>;

/// Longest texts, in characters.
pub const MAX_PLACE: usize = 300;
pub const MAX_DESCRIPTION: usize = 4000;
pub const MAX_NAME: usize = 100;
pub const MAX_PHONE: usize = 40;
pub const MAX_EMAIL: usize = 254;
pub const MAX_MESSAGE: usize = 4000;
pub const MAX_REASON: usize = 2000;
/// At most this many photos per complaint.
pub const MAX_PHOTOS: usize = 5;
/// Each photo at most this big (and the whole form within the upload limit).
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// A completed complaint may be reopened by its complainant for this many days.
pub const REOPEN_DAYS: i64 = 30;
/// The owner kind of complaint photos in `attachments`.
pub const PHOTO_OWNER: &str = "complaint";

/// The date of a moment in Thailand (UTC+7).
pub fn thai_date(at: &DateTime<Utc>) -> NaiveDate {
    (*at + chrono::Duration::hours(7)).date_naive()
}

/// The organization's holidays from `from` on (for deadlines).
async fn holidays(db: &impl ConnectionTrait, org: i64, from: NaiveDate) -> Result<Holidays> {
    prongsai_kernel::calendar::holidays_from(db, org, from - chrono::Duration::days(400)).await
}

// ---------- categories ----------

/// The categories every organization starts with: code, Thai and English names,
/// handling time in working days, and the code of the division that usually handles
/// them (used when the organization has a division with that code).
pub const DEFAULT_CATEGORIES: &[(&str, &str, &str, i32, &str)] = &[
    (
        "road",
        "ถนน/ทางเท้า",
        "Roads and footpaths",
        15,
        "engineering",
    ),
    ("light", "ไฟฟ้าส่องสว่าง", "Street lighting", 7, "engineering"),
    (
        "water",
        "น้ำประปา/ท่อระบายน้ำ",
        "Water supply and drains",
        7,
        "engineering",
    ),
    ("waste", "ขยะ/สิ่งแวดล้อม", "Waste and environment", 5, "palad"),
    ("nuisance", "เหตุเดือดร้อนรำคาญ", "Nuisance", 10, "palad"),
    (
        "service",
        "การให้บริการของเจ้าหน้าที่",
        "Service by staff",
        15,
        "palad",
    ),
    ("other", "อื่น ๆ", "Other", 15, "palad"),
];

/// Creates the default categories of an organization that has none (several servers
/// may try at once: the unique code makes the second attempt a no-op).
pub async fn ensure_default_categories(db: &impl ConnectionTrait, org: i64) -> Result<()> {
    let existing = category::Entity::find()
        .filter(category::Column::OrganizationId.eq(org))
        .count(db)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let divisions = prongsai_kernel::tenant::list_divisions(db, org).await?;
    for (i, (code, th, en, days, division_code)) in DEFAULT_CATEGORIES.iter().enumerate() {
        let division_id = divisions
            .iter()
            .find(|d| d.code == *division_code)
            .map(|d| d.id);
        let row = category::ActiveModel {
            organization_id: Set(org),
            code: Set((*code).to_owned()),
            name_th: Set((*th).to_owned()),
            name_en: Set((*en).to_owned()),
            handling_days: Set(*days),
            division_id: Set(division_id),
            sort_order: Set(i as i32 * 10),
            active: Set(true),
            ..Default::default()
        };
        category::Entity::insert(row)
            .on_conflict_do_nothing_on([category::Column::OrganizationId, category::Column::Code])
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The organization's categories in display order (created on first use).
pub async fn list_categories(db: &Db, org: i64) -> Result<Vec<category::Model>> {
    ensure_default_categories(db.conn(), org).await?;
    Ok(category::Entity::find()
        .filter(category::Column::OrganizationId.eq(org))
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id)
        .all(db.conn())
        .await?)
}

/// What the category forms send.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CategoryInput {
    #[serde(default)]
    pub name_th: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub handling_days: String,
    #[serde(default)]
    pub division_id: String,
    /// `"1"` when the category is offered on the form.
    #[serde(default)]
    pub active: String,
    #[serde(default)]
    pub sort_order: String,
}

struct ValidCategory {
    name_th: String,
    name_en: String,
    handling_days: i32,
    division_id: Option<i64>,
    active: bool,
    sort_order: Option<i32>,
}

async fn find_division(
    db: &impl ConnectionTrait,
    org: i64,
    raw: &str,
) -> Result<Option<Option<division::Model>>> {
    match raw.trim() {
        "" => Ok(Some(None)),
        raw => {
            let Ok(id) = raw.parse::<i64>() else {
                return Ok(None);
            };
            Ok(division::Entity::find_by_id(id)
                .filter(division::Column::OrganizationId.eq(org))
                .one(db)
                .await?
                .map(Some))
        }
    }
}

async fn validate_category(
    db: &impl ConnectionTrait,
    org: i64,
    input: &CategoryInput,
) -> Result<ValidCategory> {
    let mut e = FieldErrors::default();
    let name_th = e.required("name_th", &input.name_th, "ชื่อประเภทเรื่อง");
    e.max_chars("name_th", &name_th, 100, "ชื่อประเภทเรื่อง");
    let name_en = input.name_en.trim().to_owned();
    e.max_chars("name_en", &name_en, 100, "ชื่อภาษาอังกฤษ");
    let days = prongsai_thai::to_arabic_digits(input.handling_days.trim());
    let handling_days = match days.parse::<i32>() {
        Ok(n) if (1..=180).contains(&n) => n,
        _ => {
            e.add(
                "handling_days",
                "ระยะเวลาดำเนินการต้องเป็นจำนวนวันทำการ 1 ถึง 180 วัน",
            );
            0
        }
    };
    let division_id = match find_division(db, org, &input.division_id).await? {
        Some(d) => d.map(|d| d.id),
        None => {
            e.add("division_id", "ไม่พบหน่วยงานที่เลือก");
            None
        }
    };
    let sort_order = prongsai_thai::to_arabic_digits(input.sort_order.trim())
        .parse::<i32>()
        .ok();
    e.into_result()?;
    Ok(ValidCategory {
        name_th,
        name_en,
        handling_days,
        division_id,
        active: matches!(input.active.as_str(), "1" | "on" | "true"),
        sort_order,
    })
}

/// Adds a category.
pub async fn create_category(
    db: &Db,
    auth: &Authorized<ManageComplaintSettings>,
    input: &CategoryInput,
) -> Result<category::Model> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    ensure_default_categories(&txn, org).await?;
    let v = validate_category(&txn, org, input).await?;
    let all = category::Entity::find()
        .filter(category::Column::OrganizationId.eq(org))
        .all(&txn)
        .await?;
    let next_sort = all.iter().map(|c| c.sort_order).max().unwrap_or(0) + 10;
    let mut n = all.len() + 1;
    let mut code = format!("c{n}");
    while all.iter().any(|c| c.code == code) {
        n += 1;
        code = format!("c{n}");
    }
    let saved = category::ActiveModel {
        organization_id: Set(org),
        code: Set(code),
        name_th: Set(v.name_th),
        name_en: Set(v.name_en),
        handling_days: Set(v.handling_days),
        division_id: Set(v.division_id),
        sort_order: Set(v.sort_order.unwrap_or(next_sort)),
        active: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "complaint_category.create",
        Target::new("complaint_category", saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Changes a category (its name, handling time, division, whether it is offered).
pub async fn update_category(
    db: &Db,
    auth: &Authorized<ManageComplaintSettings>,
    id: i64,
    input: &CategoryInput,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = category::Entity::find_by_id(id)
        .filter(category::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let v = validate_category(&txn, org, input).await?;
    let mut changed: Vec<&str> = Vec::new();
    if existing.name_th != v.name_th {
        changed.push("name_th");
    }
    if existing.name_en != v.name_en {
        changed.push("name_en");
    }
    if existing.handling_days != v.handling_days {
        changed.push("handling_days");
    }
    if existing.division_id != v.division_id {
        changed.push("division_id");
    }
    if existing.active != v.active {
        changed.push("active");
    }
    let sort_order = v.sort_order.unwrap_or(existing.sort_order);
    if existing.sort_order != sort_order {
        changed.push("sort_order");
    }
    if changed.is_empty() {
        return Ok(());
    }
    let mut a = existing.into_active_model();
    a.name_th = Set(v.name_th);
    a.name_en = Set(v.name_en);
    a.handling_days = Set(v.handling_days);
    a.division_id = Set(v.division_id);
    a.active = Set(v.active);
    a.sort_order = Set(sort_order);
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "complaint_category.update",
        Target::new("complaint_category", id),
        json!({ "fields": changed }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- names of things, for pages ----------

/// The names a page needs to show complaints: categories, villages, divisions and
/// staff members of the organization.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    pub categories: Vec<category::Model>,
    pub villages: Vec<village::Model>,
    pub divisions: Vec<division::Model>,
    /// Active staff accounts: (id, display name, division).
    pub staff: Vec<(i64, String, Option<i64>)>,
}

impl Directory {
    pub fn category(&self, id: i64) -> Option<&category::Model> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn category_name(&self, id: i64, english: bool) -> String {
        self.category(id)
            .map(|c| c.name(english).to_owned())
            .unwrap_or_default()
    }

    pub fn village(&self, id: i64) -> Option<&village::Model> {
        self.villages.iter().find(|v| v.id == id)
    }

    /// "หมู่ที่ 3" or "หมู่ที่ 3 บ้านโนนสูง".
    pub fn village_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.village(id))
            .map(village_label)
            .unwrap_or_default()
    }

    pub fn division_name(&self, id: Option<i64>, english: bool) -> String {
        id.and_then(|id| self.divisions.iter().find(|d| d.id == id))
            .map(|d| {
                if english && !d.name_en.is_empty() {
                    d.name_en.clone()
                } else {
                    d.name_th.clone()
                }
            })
            .unwrap_or_default()
    }

    pub fn staff_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.staff.iter().find(|s| s.0 == id))
            .map(|s| s.1.clone())
            .unwrap_or_default()
    }
}

/// How a village is named on pages.
pub fn village_label(v: &village::Model) -> String {
    let name = v.name_th.trim();
    if name.starts_with("หมู่") {
        name.to_owned()
    } else if name.is_empty() {
        format!("หมู่ที่ {}", v.number)
    } else {
        format!("หมู่ที่ {} {name}", v.number)
    }
}

/// Everything [`Directory`] holds, for one organization.
pub async fn directory(db: &Db, org: i64) -> Result<Directory> {
    let categories = list_categories(db, org).await?;
    let villages = prongsai_kernel::tenant::list_villages(db.conn(), org).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(db.conn(), org).await?;
    let staff = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::IsActive.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name, u.division_id))
        .collect();
    Ok(Directory {
        categories,
        villages,
        divisions,
        staff,
    })
}

// ---------- submission ----------

/// What the public form sends besides the photos. Deliberately without `Debug`: it
/// holds a name and contact.
#[derive(Clone, Default)]
pub struct SubmitInput {
    pub category_id: String,
    pub village_id: String,
    pub place: String,
    pub latitude: String,
    pub longitude: String,
    pub description: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// `"1"` when the complainant ticks "share the place of the photo".
    pub keep_photo_location: String,
    /// The honeypot ([`crate::spam::HONEYPOT_FIELD`]).
    pub website: String,
    /// The signed time the form was shown ([`crate::spam::sign_form_time`]).
    pub form_token: String,
}

impl SubmitInput {
    /// Reads the text fields of the form.
    pub fn from_fields(fields: &HashMap<String, String>) -> Self {
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        Self {
            category_id: get("category_id"),
            village_id: get("village_id"),
            place: get("place"),
            latitude: get("latitude"),
            longitude: get("longitude"),
            description: get("description"),
            name: get("name"),
            phone: get("phone"),
            email: get("email"),
            keep_photo_location: get("keep_photo_location"),
            website: get(crate::spam::HONEYPOT_FIELD),
            form_token: get("form_token"),
        }
    }

    pub fn keeps_photo_location(&self) -> bool {
        matches!(self.keep_photo_location.as_str(), "1" | "on" | "true")
    }
}

/// A file the form sent in its photo field.
#[derive(Clone, Debug)]
pub struct PhotoUpload {
    pub file_name: String,
    pub bytes: bytes::Bytes,
}

pub use prongsai_kernel::validation::{is_email, is_phone};

/// A coordinate that is not a decimal number within range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadCoordinate;

/// A decimal coordinate within `limit` degrees, normalized to at most 6 decimals
/// (about 10 cm); `Ok(None)` when blank.
pub fn parse_coordinate(
    raw: &str,
    limit: f64,
) -> std::result::Result<Option<String>, BadCoordinate> {
    let text = prongsai_thai::to_arabic_digits(raw.trim());
    if text.is_empty() {
        return Ok(None);
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return Err(BadCoordinate);
    }
    let v: f64 = text.parse().map_err(|_| BadCoordinate)?;
    if !v.is_finite() || v.abs() > limit {
        return Err(BadCoordinate);
    }
    let fixed = format!("{v:.6}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    Ok(Some(if trimmed == "-0" {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }))
}

/// The OpenStreetMap page of a point (a link only: nothing is loaded from another site).
pub fn osm_url(lat: &str, lon: &str) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")
}

struct ValidSubmission {
    category: category::Model,
    village_id: Option<i64>,
    place: String,
    latitude: Option<String>,
    longitude: Option<String>,
    description: String,
    name: String,
    phone: String,
    email: String,
    keep_location: bool,
    photos: Vec<CheckedFile>,
}

async fn validate_submission(
    db: &Db,
    org: i64,
    input: &SubmitInput,
    photos: &[PhotoUpload],
    max_photo_bytes: usize,
) -> Result<ValidSubmission> {
    let mut e = FieldErrors::default();
    let categories = list_categories(db, org).await?;
    let category = input
        .category_id
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| categories.iter().find(|c| c.id == id && c.active))
        .cloned();
    if category.is_none() {
        e.add("category_id", "กรุณาเลือกประเภทเรื่องร้องเรียน");
    }
    let village_id = match input.village_id.trim() {
        "" => None,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(id) => village::Entity::find_by_id(id)
                    .filter(village::Column::OrganizationId.eq(org))
                    .one(db.conn())
                    .await?
                    .map(|v| v.id),
                Err(_) => None,
            };
            if found.is_none() {
                e.add("village_id", "ไม่พบหมู่บ้านที่เลือก");
            }
            found
        }
    };
    let place = e.required("place", &input.place, "สถานที่เกิดเหตุ");
    e.max_chars("place", &place, MAX_PLACE, "สถานที่เกิดเหตุ");
    let latitude = parse_coordinate(&input.latitude, 90.0).unwrap_or_else(|BadCoordinate| {
        e.add(
            "latitude",
            "ละติจูดต้องเป็นตัวเลขทศนิยมระหว่าง -90 ถึง 90 (เช่น 15.58)",
        );
        None
    });
    let longitude = parse_coordinate(&input.longitude, 180.0).unwrap_or_else(|BadCoordinate| {
        e.add(
            "longitude",
            "ลองจิจูดต้องเป็นตัวเลขทศนิยมระหว่าง -180 ถึง 180 (เช่น 102.43)",
        );
        None
    });
    if latitude.is_some() != longitude.is_some() && e.get("latitude").is_none() {
        e.add("latitude", "กรุณากรอกทั้งละติจูดและลองจิจูด หรือเว้นว่างทั้งสองช่อง");
    }
    let description = e.required("description", &input.description, "รายละเอียดเรื่องร้องเรียน");
    e.max_chars(
        "description",
        &description,
        MAX_DESCRIPTION,
        "รายละเอียดเรื่องร้องเรียน",
    );
    let name = input.name.trim().to_owned();
    e.max_chars("name", &name, MAX_NAME, "ชื่อ");
    let phone = input.phone.trim().to_owned();
    if phone.chars().count() > MAX_PHONE || (!phone.is_empty() && !is_phone(&phone)) {
        e.add(
            "phone",
            "หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวเลข 9-15 หลัก เช่น 081-234-5678)",
        );
    }
    let email = input.email.trim().to_owned();
    if email.chars().count() > MAX_EMAIL || (!email.is_empty() && !is_email(&email)) {
        e.add("email", "รูปแบบอีเมลไม่ถูกต้อง (เช่น name@example.com)");
    }
    let keep_location = input.keeps_photo_location();
    let mut checked = Vec::new();
    if photos.len() > MAX_PHOTOS {
        e.add(
            "photos",
            format!(
                "แนบรูปภาพได้ไม่เกิน {MAX_PHOTOS} รูป (ท่านเลือก {} รูป)",
                photos.len()
            ),
        );
    } else {
        for (i, p) in photos.iter().enumerate() {
            let n = i + 1;
            match CheckedFile::check(&p.file_name, p.bytes.clone(), max_photo_bytes) {
                Ok(file) if file.kind.is_image() => {
                    if keep_location {
                        checked.push(file);
                    } else {
                        match prongsai_files::strip_image_metadata(file.kind, &file.bytes) {
                            Some(clean) => checked.push(CheckedFile {
                                bytes: clean.into(),
                                ..file
                            }),
                            None => {
                                e.add("photos", format!("รูปภาพที่ {n} เปิดไม่ได้ (ไฟล์อาจเสียหาย)"));
                                break;
                            }
                        }
                    }
                }
                Ok(_) => {
                    e.add(
                        "photos",
                        format!("ไฟล์ที่ {n} ไม่ใช่รูปภาพ (รับเฉพาะ JPEG, PNG และ WebP)"),
                    );
                    break;
                }
                Err(err) => {
                    e.add("photos", format!("ไฟล์ที่ {n}: {err}"));
                    break;
                }
            }
        }
    }
    e.into_result()?;
    let Some(category) = category else {
        return Err(Error::invalid("category_id", "กรุณาเลือกประเภทเรื่องร้องเรียน"));
    };
    Ok(ValidSubmission {
        category,
        village_id,
        place,
        latitude,
        longitude,
        description,
        name,
        phone,
        email,
        keep_location,
        photos: checked,
    })
}

/// A fresh tracking code not used by any complaint (45 random bits: a clash is rare,
/// but checked).
async fn fresh_tracking_code(db: &impl ConnectionTrait) -> Result<String> {
    loop {
        let code = prongsai_kernel::tracking::new_tracking_code();
        let taken = complaint::Entity::find()
            .filter(complaint::Column::TrackingCode.eq(code.as_str()))
            .count(db)
            .await?
            > 0;
        if !taken {
            return Ok(code);
        }
    }
}

/// Inserts an event of a complaint.
#[expect(clippy::too_many_arguments, reason = "one row's columns")]
async fn add_event(
    txn: &DatabaseTransaction,
    c: &complaint::Model,
    kind: EventKind,
    status: Status,
    public: bool,
    message: &str,
    assignment: (Option<i64>, Option<i64>),
    actor: Actor,
) -> Result<event::Model> {
    Ok(event::ActiveModel {
        organization_id: Set(c.organization_id),
        complaint_id: Set(c.id),
        kind: Set(kind.code().to_owned()),
        status: Set(status.code().to_owned()),
        public: Set(public),
        message: Set(message.to_owned()),
        division_id: Set(assignment.0),
        assignee_id: Set(assignment.1),
        actor_user_id: Set(actor.user_id()),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// E-mails the complainant about a public event, from a job (when they gave an e-mail).
async fn notify(
    txn: &DatabaseTransaction,
    c: &complaint::Model,
    e: &event::Model,
    site: &str,
) -> Result<()> {
    if c.email.is_empty() || !e.public {
        return Ok(());
    }
    prongsai_jobs::enqueue::<prongsai_web::AppState, _>(
        txn,
        &crate::jobs::NotifyComplainant {
            organization_id: c.organization_id,
            complaint_id: c.id,
            event_id: e.id,
            site: site.to_owned(),
        },
    )
    .await?;
    Ok(())
}

/// What the complainant is told after sending.
#[derive(Clone, Debug)]
pub struct Receipt {
    pub tracking_code: String,
    pub due_on: NaiveDate,
    pub photos: usize,
    pub photos_keep_location: bool,
}

/// Stores a complaint from the public as `received`, with its photos (their location
/// data removed unless the complainant asked to keep it), routes it to the category's
/// division and sets its deadline in working days. The audit row names the complaint
/// only. `site` is the origin the complainant used (for links in e-mail).
pub async fn submit_complaint(
    db: &Db,
    files: &FileStore,
    org: i64,
    input: &SubmitInput,
    photos: &[PhotoUpload],
    site: &str,
) -> Result<(complaint::Model, Receipt)> {
    let v =
        validate_submission(db, org, input, photos, MAX_PHOTO_BYTES.min(files.max_bytes)).await?;
    let now = prongsai_kernel::clock::now();
    let today = thai_date(&now);
    let txn = db.begin_write().await?;
    let holidays = holidays(&txn, org, today).await?;
    let due_on = add_working_days(today, v.category.handling_days.max(0) as u32, &holidays);
    let code = fresh_tracking_code(&txn).await?;
    let saved = complaint::ActiveModel {
        organization_id: Set(org),
        tracking_code: Set(code.clone()),
        category_id: Set(v.category.id),
        village_id: Set(v.village_id),
        place: Set(v.place),
        latitude: Set(v.latitude),
        longitude: Set(v.longitude),
        description: Set(v.description),
        complainant_name: Set(v.name),
        phone: Set(v.phone),
        email: Set(v.email),
        photos_keep_location: Set(v.keep_location && !v.photos.is_empty()),
        status: Set(Status::Received.code().to_owned()),
        division_id: Set(v.category.division_id),
        assignee_id: Set(None),
        received_at: Set(now),
        fiscal_year: Set(prongsai_thai::FiscalYear::of(today).be()),
        handling_days: Set(v.category.handling_days),
        due_on: Set(due_on),
        waiting_since: Set(None),
        closed_at: Set(None),
        overdue_at: Set(None),
        reopen_count: Set(0),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for photo in &v.photos {
        prongsai_files::store_public_attachment(&txn, files, org, PHOTO_OWNER, saved.id, photo)
            .await?;
    }
    let received = add_event(
        &txn,
        &saved,
        EventKind::Received,
        Status::Received,
        true,
        "",
        (saved.division_id, None),
        Actor::Public,
    )
    .await?;
    audit::record(
        &txn,
        Some(org),
        Actor::Public,
        "complaint.submit",
        Target::new(KIND, saved.id),
        json!({
            "category_id": saved.category_id,
            "village_id": saved.village_id,
            "division_id": saved.division_id,
            "photos": v.photos.len(),
            "photos_keep_location": saved.photos_keep_location,
            "due_on": due_on.to_string(),
        }),
    )
    .await?;
    notify(&txn, &saved, &received, site).await?;
    txn.commit().await?;
    let receipt = Receipt {
        tracking_code: code,
        due_on,
        photos: v.photos.len(),
        photos_keep_location: saved.photos_keep_location,
    };
    Ok((saved, receipt))
}

// ---------- tracking by code ----------

/// What the holder of a tracking code sees: the complaint without the complainant's
/// name or contact, and its public events.
#[derive(Clone, Debug)]
pub struct Tracked {
    pub complaint: complaint::Model,
    pub events: Vec<event::Model>,
}

impl Tracked {
    pub fn status(&self) -> Status {
        Status::from_code(&self.complaint.status).unwrap_or(Status::Received)
    }

    /// Until when the complainant may reopen it, if they still may.
    pub fn reopen_until(&self) -> Option<DateTime<Utc>> {
        reopen_deadline(&self.complaint).filter(|until| *until > prongsai_kernel::clock::now())
    }
}

fn reopen_deadline(c: &complaint::Model) -> Option<DateTime<Utc>> {
    (Status::from_code(&c.status) == Some(Status::Completed))
        .then_some(c.closed_at)
        .flatten()
        .map(|at| at + chrono::Duration::days(REOPEN_DAYS))
}

async fn find_by_code(
    db: &impl ConnectionTrait,
    org: i64,
    typed: &str,
) -> Result<Option<complaint::Model>> {
    let Some(code) = prongsai_kernel::tracking::parse_tracking_code(typed) else {
        return Ok(None);
    };
    Ok(complaint::Entity::find()
        .filter(complaint::Column::OrganizationId.eq(org))
        .filter(complaint::Column::TrackingCode.eq(code))
        .one(db)
        .await?)
}

/// The complaint of a typed code with its public history; `None` for a code that is
/// mistyped or unknown (the same answer for both).
pub async fn track(db: &Db, org: i64, typed: &str) -> Result<Option<Tracked>> {
    let Some(c) = find_by_code(db.conn(), org, typed).await? else {
        return Ok(None);
    };
    let events = event::Entity::find()
        .filter(event::Column::OrganizationId.eq(org))
        .filter(event::Column::ComplaintId.eq(c.id))
        .filter(event::Column::Public.eq(true))
        .order_by_asc(event::Column::CreatedAt)
        .order_by_asc(event::Column::Id)
        .all(db.conn())
        .await?;
    Ok(Some(Tracked {
        complaint: c,
        events,
    }))
}

/// Moves a closed complaint back to `in_progress` with a fresh deadline.
async fn reopen_in(
    txn: &DatabaseTransaction,
    c: complaint::Model,
    reason: &str,
    actor: Actor,
) -> Result<(complaint::Model, event::Model)> {
    let now = prongsai_kernel::clock::now();
    let today = thai_date(&now);
    let holidays = holidays(txn, c.organization_id, today).await?;
    let due_on = add_working_days(today, c.handling_days.max(0) as u32, &holidays);
    let reopen_count = c.reopen_count + 1;
    let mut a = c.into_active_model();
    a.status = Set(Status::InProgress.code().to_owned());
    a.closed_at = Set(None);
    a.overdue_at = Set(None);
    a.waiting_since = Set(None);
    a.due_on = Set(due_on);
    a.reopen_count = Set(reopen_count);
    a.updated_at = Set(now);
    let c = a.update(txn).await?;
    let e = add_event(
        txn,
        &c,
        EventKind::Reopened,
        Status::InProgress,
        true,
        reason,
        (None, None),
        actor,
    )
    .await?;
    audit::record(
        txn,
        Some(c.organization_id),
        actor,
        "complaint.reopen",
        Target::new(KIND, c.id),
        json!({ "reopen_count": reopen_count, "due_on": due_on.to_string() }),
    )
    .await?;
    Ok((c, e))
}

fn required_reason(raw: &str) -> Result<String> {
    let mut e = FieldErrors::default();
    let reason = e.required("reason", raw, "เหตุผลที่ขอเปิดเรื่องอีกครั้ง");
    e.max_chars("reason", &reason, MAX_REASON, "เหตุผล");
    e.into_result()?;
    Ok(reason)
}

/// The complainant reopens their completed complaint within [`REOPEN_DAYS`] days, with
/// a reason. `NotFound` for a bad code, `Conflict` when it may not be reopened.
pub async fn reopen_by_complainant(db: &Db, org: i64, typed: &str, reason: &str) -> Result<()> {
    let reason = required_reason(reason)?;
    let txn = db.begin_write().await?;
    let c = find_by_code(&txn, org, typed)
        .await?
        .ok_or(Error::NotFound)?;
    let open = reopen_deadline(&c).is_some_and(|until| until > prongsai_kernel::clock::now());
    if !open {
        return Err(Error::Conflict("this complaint cannot be reopened".into()));
    }
    reopen_in(&txn, c, &reason, Actor::Public).await?;
    txn.commit().await?;
    Ok(())
}

// ---------- the staff side ----------

/// A staff member handling complaints, with the reach of their role: supervisors see
/// every complaint of the organization; everyone else those of their division (the
/// division they belong to, with its units) and those assigned to them.
#[derive(Clone)]
pub struct Handler {
    auth: Authorized<HandleComplaints>,
    user_id: i64,
    /// `None`: every complaint of the organization.
    divisions: Option<Vec<i64>>,
}

impl Handler {
    pub fn auth(&self) -> &Authorized<HandleComplaints> {
        &self.auth
    }

    pub fn organization_id(&self) -> i64 {
        self.auth.organization_id()
    }

    pub fn sees_all(&self) -> bool {
        self.divisions.is_none()
    }

    fn condition(&self) -> Condition {
        let mut c =
            Condition::all().add(complaint::Column::OrganizationId.eq(self.organization_id()));
        if let Some(divisions) = &self.divisions {
            let mut reach = Condition::any().add(complaint::Column::AssigneeId.eq(self.user_id));
            if !divisions.is_empty() {
                reach = reach.add(complaint::Column::DivisionId.is_in(divisions.clone()));
            }
            c = c.add(reach);
        }
        c
    }
}

/// The root division of `id` (a unit belongs to its division) and every unit under it.
fn division_family(divisions: &[division::Model], id: i64) -> Vec<i64> {
    let mut root = id;
    for _ in 0..16 {
        match divisions
            .iter()
            .find(|d| d.id == root)
            .and_then(|d| d.parent_id)
        {
            Some(parent) => root = parent,
            None => break,
        }
    }
    let mut family = vec![root];
    let mut i = 0;
    while i < family.len() && family.len() < 1000 {
        let parent = family[i];
        family.extend(
            divisions
                .iter()
                .filter(|d| d.parent_id == Some(parent))
                .map(|d| d.id),
        );
        i += 1;
    }
    family
}

/// The handler a signed-in staff member is (`Forbidden` without the permission).
pub async fn handler(db: &Db, staff: &Staff) -> Result<Handler> {
    let auth = staff.authorize::<HandleComplaints>()?;
    let divisions = if staff.can::<SuperviseComplaints>() {
        None
    } else {
        let all = prongsai_kernel::tenant::list_divisions(db.conn(), staff.organization_id).await?;
        Some(
            staff
                .division_id
                .map(|d| division_family(&all, d))
                .unwrap_or_default(),
        )
    };
    Ok(Handler {
        auth,
        user_id: staff.user_id,
        divisions,
    })
}

/// Which complaints of the queue to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// `None`: every open complaint (received, in progress, waiting).
    pub status: Option<Status>,
    /// Every status, open or closed.
    pub all: bool,
    pub division_id: Option<i64>,
    pub category_id: Option<i64>,
    pub village_id: Option<i64>,
    /// Past their deadline and still open (not waiting for the complainant).
    pub overdue: bool,
}

fn overdue_condition(today: NaiveDate) -> Condition {
    Condition::all()
        .add(complaint::Column::Status.is_in([Status::Received.code(), Status::InProgress.code()]))
        .add(complaint::Column::DueOn.lt(today))
}

/// Whether a complaint is past its deadline today.
pub fn is_overdue(c: &complaint::Model, today: NaiveDate) -> bool {
    matches!(
        Status::from_code(&c.status),
        Some(Status::Received | Status::InProgress)
    ) && c.due_on < today
}

/// A page of the queue: open complaints by deadline (most urgent first), others most
/// recently changed first.
pub async fn list_queue(
    db: &Db,
    h: &Handler,
    filter: &QueueFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<complaint::Model>, u64)> {
    let today = prongsai_kernel::clock::today_in_thailand();
    let mut query = complaint::Entity::find().filter(h.condition());
    let open_only = !filter.all && filter.status.is_none();
    if let Some(status) = filter.status {
        query = query.filter(complaint::Column::Status.eq(status.code()));
    } else if open_only {
        query = query.filter(complaint::Column::Status.is_in(Status::OPEN.map(Status::code)));
    }
    if let Some(d) = filter.division_id {
        query = query.filter(complaint::Column::DivisionId.eq(d));
    }
    if let Some(c) = filter.category_id {
        query = query.filter(complaint::Column::CategoryId.eq(c));
    }
    if let Some(v) = filter.village_id {
        query = query.filter(complaint::Column::VillageId.eq(v));
    }
    if filter.overdue {
        query = query.filter(overdue_condition(today));
    }
    let total = query.clone().count(db.conn()).await?;
    let by_deadline = open_only || filter.overdue || filter.status.is_some_and(Status::is_open);
    let query = if by_deadline {
        query
            .order_by_asc(complaint::Column::DueOn)
            .order_by_asc(complaint::Column::Id)
    } else {
        query
            .order_by_desc(complaint::Column::UpdatedAt)
            .order_by_desc(complaint::Column::Id)
    };
    let rows = query
        .offset(page.saturating_mul(per_page))
        .limit(per_page)
        .all(db.conn())
        .await?;
    Ok((rows, total))
}

/// Counts for the queue's summary: open, overdue, and per status.
pub async fn queue_counts(db: &Db, h: &Handler) -> Result<(Vec<(Status, u64)>, u64)> {
    let mut per_status = Vec::new();
    for status in Status::ALL {
        let n = complaint::Entity::find()
            .filter(h.condition())
            .filter(complaint::Column::Status.eq(status.code()))
            .count(db.conn())
            .await?;
        per_status.push((status, n));
    }
    let overdue = complaint::Entity::find()
        .filter(h.condition())
        .filter(overdue_condition(
            prongsai_kernel::clock::today_in_thailand(),
        ))
        .count(db.conn())
        .await?;
    Ok((per_status, overdue))
}

async fn get_in(db: &impl ConnectionTrait, h: &Handler, id: i64) -> Result<complaint::Model> {
    complaint::Entity::find_by_id(id)
        .filter(h.condition())
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// A complaint as staff see it: every event (internal notes too) and the photos.
pub struct StaffView {
    pub complaint: complaint::Model,
    pub events: Vec<event::Model>,
    pub photos: Vec<attachment::Model>,
}

/// One complaint in the handler's reach (`NotFound` otherwise, also for another
/// organization's id).
pub async fn get_complaint(db: &Db, h: &Handler, id: i64) -> Result<StaffView> {
    let c = get_in(db.conn(), h, id).await?;
    let events = event::Entity::find()
        .filter(event::Column::OrganizationId.eq(h.organization_id()))
        .filter(event::Column::ComplaintId.eq(c.id))
        .order_by_asc(event::Column::CreatedAt)
        .order_by_asc(event::Column::Id)
        .all(db.conn())
        .await?;
    let photos =
        prongsai_files::list_attachments(db.conn(), h.organization_id(), PHOTO_OWNER, c.id).await?;
    Ok(StaffView {
        complaint: c,
        events,
        photos,
    })
}

/// The status form: the new status (or the current one, to only answer) and the
/// message to the complainant.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StatusInput {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub message: String,
}

/// Sets a complaint's status and/or writes a public answer to the complainant.
/// Completing needs an answer, not accepting a reason, waiting says what is needed.
/// Leaving "waiting" moves the deadline by the working days waited.
pub async fn change_status(
    db: &Db,
    h: &Handler,
    id: i64,
    input: &StatusInput,
    site: &str,
) -> Result<()> {
    let mut e = FieldErrors::default();
    let target = Status::from_code(input.status.trim()).filter(|s| Status::SETTABLE.contains(s));
    let message = input.message.trim().to_owned();
    e.max_chars("message", &message, MAX_MESSAGE, "ข้อความถึงผู้ร้องเรียน");
    let org = h.organization_id();
    let txn = db.begin_write().await?;
    let c = get_in(&txn, h, id).await?;
    let current = Status::from_code(&c.status).unwrap_or(Status::Received);
    let Some(target) = target else {
        e.add("status", "กรุณาเลือกสถานะ");
        return Err(Error::Invalid(e));
    };
    let same = target == current;
    if message.is_empty() {
        let needed = match (same, target) {
            (true, _) => Some("กรุณากรอกข้อความถึงผู้ร้องเรียน"),
            (false, Status::Completed) => Some("กรุณากรอกผลการดำเนินการที่จะแจ้งผู้ร้องเรียน"),
            (false, Status::NotAccepted) => Some("กรุณากรอกเหตุผลที่ไม่รับเรื่อง"),
            (false, Status::Waiting) => Some("กรุณาระบุข้อมูลที่ต้องการเพิ่มเติมจากผู้ร้องเรียน"),
            _ => None,
        };
        if let Some(m) = needed {
            e.add("message", m);
        }
    }
    e.into_result()?;
    if !current.is_open() && !same {
        return Err(Error::Conflict(
            "a closed complaint is reopened before its status changes".into(),
        ));
    }
    let now = prongsai_kernel::clock::now();
    let today = thai_date(&now);
    let mut a = c.clone().into_active_model();
    let mut due_on = c.due_on;
    if !same {
        if current == Status::Waiting
            && let Some(since) = c.waiting_since
        {
            let holidays = holidays(&txn, org, since).await?;
            let waited = working_days_between(since, today, &holidays);
            due_on = add_working_days(c.due_on, waited, &holidays);
            a.due_on = Set(due_on);
            a.waiting_since = Set(None);
        }
        if target == Status::Waiting {
            a.waiting_since = Set(Some(today));
        }
        if !target.is_open() {
            a.closed_at = Set(Some(now));
        }
        a.status = Set(target.code().to_owned());
    }
    a.updated_at = Set(now);
    let c = a.update(&txn).await?;
    let kind = if same {
        EventKind::Answer
    } else {
        EventKind::StatusChanged
    };
    let ev = add_event(
        &txn,
        &c,
        kind,
        target,
        true,
        &message,
        (None, None),
        h.auth.actor(),
    )
    .await?;
    audit::record(
        &txn,
        Some(org),
        h.auth.actor(),
        if same {
            "complaint.answer"
        } else {
            "complaint.status"
        },
        Target::new(KIND, c.id),
        json!({
            "from": current.code(),
            "to": target.code(),
            "fields": if message.is_empty() { vec!["status"] } else if same { vec!["message"] } else { vec!["status", "message"] },
            "due_on": due_on.to_string(),
        }),
    )
    .await?;
    notify(&txn, &c, &ev, site).await?;
    txn.commit().await?;
    Ok(())
}

/// Writes an internal note (never shown to the complainant).
pub async fn add_note(db: &Db, h: &Handler, id: i64, note: &str) -> Result<()> {
    let mut e = FieldErrors::default();
    let note = e.required("note", note, "บันทึกภายใน");
    e.max_chars("note", &note, MAX_MESSAGE, "บันทึกภายใน");
    e.into_result()?;
    let txn = db.begin_write().await?;
    let c = get_in(&txn, h, id).await?;
    let status = Status::from_code(&c.status).unwrap_or(Status::Received);
    add_event(
        &txn,
        &c,
        EventKind::Note,
        status,
        false,
        &note,
        (None, None),
        h.auth.actor(),
    )
    .await?;
    audit::record(
        &txn,
        Some(h.organization_id()),
        h.auth.actor(),
        "complaint.note",
        Target::new(KIND, c.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Staff reopen a closed complaint (the complainant called, the fix did not hold...).
pub async fn reopen_by_staff(
    db: &Db,
    h: &Handler,
    id: i64,
    reason: &str,
    site: &str,
) -> Result<()> {
    let reason = required_reason(reason)?;
    let txn = db.begin_write().await?;
    let c = get_in(&txn, h, id).await?;
    if Status::from_code(&c.status).is_some_and(Status::is_open) {
        return Err(Error::Conflict("the complaint is still open".into()));
    }
    let (c, ev) = reopen_in(&txn, c, &reason, h.auth.actor()).await?;
    notify(&txn, &c, &ev, site).await?;
    txn.commit().await?;
    Ok(())
}

/// The assignment form of supervisors.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AssignInput {
    #[serde(default)]
    pub division_id: String,
    #[serde(default)]
    pub assignee_id: String,
    #[serde(default)]
    pub category_id: String,
}

/// Assigns a complaint to a division and a person, and may reclassify it. The deadline
/// stays: it was promised when the complaint was received.
pub async fn assign(
    db: &Db,
    auth: &Authorized<SuperviseComplaints>,
    id: i64,
    input: &AssignInput,
) -> Result<()> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let txn = db.begin_write().await?;
    let c = complaint::Entity::find_by_id(id)
        .filter(complaint::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut division_id = match find_division(&txn, org, &input.division_id).await? {
        Some(d) => d.map(|d| d.id),
        None => {
            e.add("division_id", "ไม่พบหน่วยงานที่เลือก");
            None
        }
    };
    let assignee = match input.assignee_id.trim() {
        "" => None,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(uid) => {
                    user::Entity::find_by_id(uid)
                        .filter(user::Column::OrganizationId.eq(org))
                        .filter(user::Column::IsActive.eq(true))
                        .one(&txn)
                        .await?
                }
                Err(_) => None,
            };
            if found.is_none() {
                e.add("assignee_id", "ไม่พบเจ้าหน้าที่ที่เลือก");
            }
            found
        }
    };
    let category_id = match input.category_id.trim() {
        "" => c.category_id,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(cid) => {
                    category::Entity::find_by_id(cid)
                        .filter(category::Column::OrganizationId.eq(org))
                        .one(&txn)
                        .await?
                }
                Err(_) => None,
            };
            match found {
                Some(cat) => cat.id,
                None => {
                    e.add("category_id", "ไม่พบประเภทเรื่องที่เลือก");
                    c.category_id
                }
            }
        }
    };
    e.into_result()?;
    if division_id.is_none() {
        division_id = assignee.as_ref().and_then(|u| u.division_id);
    }
    let assignee_id = assignee.map(|u| u.id);
    let mut changed: Vec<&str> = Vec::new();
    if c.division_id != division_id {
        changed.push("division_id");
    }
    if c.assignee_id != assignee_id {
        changed.push("assignee_id");
    }
    if c.category_id != category_id {
        changed.push("category_id");
    }
    if changed.is_empty() {
        return Ok(());
    }
    let status = Status::from_code(&c.status).unwrap_or(Status::Received);
    let mut a = c.into_active_model();
    a.division_id = Set(division_id);
    a.assignee_id = Set(assignee_id);
    a.category_id = Set(category_id);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let c = a.update(&txn).await?;
    add_event(
        &txn,
        &c,
        EventKind::Assigned,
        status,
        false,
        "",
        (division_id, assignee_id),
        auth.actor(),
    )
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "complaint.assign",
        Target::new(KIND, c.id),
        json!({
            "fields": changed,
            "division_id": division_id,
            "assignee_id": assignee_id,
            "category_id": category_id,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- overdue ----------

/// Flags open complaints past their deadline (once each) with an internal event and an
/// audit row. Returns how many were flagged. Safe to run twice.
pub async fn flag_overdue(db: &Db) -> Result<usize> {
    let today = prongsai_kernel::clock::today_in_thailand();
    let due = complaint::Entity::find()
        .filter(overdue_condition(today))
        .filter(complaint::Column::OverdueAt.is_null())
        .order_by_asc(complaint::Column::OrganizationId)
        .order_by_asc(complaint::Column::Id)
        .all(db.conn())
        .await?;
    let mut flagged = 0;
    for c in due {
        let txn = db.begin_write().await?;
        let now = prongsai_kernel::clock::now();
        // The condition again: another worker may have flagged it meanwhile.
        let changed = complaint::Entity::update_many()
            .col_expr(complaint::Column::OverdueAt, Expr::value(now))
            .filter(complaint::Column::Id.eq(c.id))
            .filter(complaint::Column::OverdueAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 1 {
            let status = Status::from_code(&c.status).unwrap_or(Status::Received);
            add_event(
                &txn,
                &c,
                EventKind::Overdue,
                status,
                false,
                "",
                (c.division_id, c.assignee_id),
                Actor::System,
            )
            .await?;
            audit::record(
                &txn,
                Some(c.organization_id),
                Actor::System,
                "complaint.overdue",
                Target::new(KIND, c.id),
                json!({ "due_on": c.due_on.to_string(), "division_id": c.division_id }),
            )
            .await?;
            flagged += 1;
        }
        txn.commit().await?;
    }
    Ok(flagged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn div(id: i64, parent: Option<i64>) -> division::Model {
        division::Model {
            id,
            organization_id: 1,
            parent_id: parent,
            code: format!("d{id}"),
            name_th: String::new(),
            name_en: String::new(),
            sort_order: 0,
        }
    }

    #[test]
    fn a_unit_belongs_to_its_division() {
        let all = [
            div(1, None),
            div(2, Some(1)),
            div(3, None),
            div(4, Some(3)),
            div(5, Some(1)),
        ];
        let mut f = division_family(&all, 2);
        f.sort();
        assert_eq!(f, vec![1, 2, 5]);
        let mut f = division_family(&all, 3);
        f.sort();
        assert_eq!(f, vec![3, 4]);
        // A loop in bad data ends.
        let looped = [div(7, Some(8)), div(8, Some(7))];
        assert!(!division_family(&looped, 7).is_empty());
    }

    #[test]
    fn contacts_and_coordinates() {
        assert!(is_email("somchai@example.com"));
        assert!(!is_email("<script>@x.com"));
        assert!(is_phone("๐๘๑-๒๓๔-๕๖๗๘"));
        assert!(!is_phone("1234"));
        assert_eq!(parse_coordinate(" ๑๕.๕๘ ", 90.0), Ok(Some("15.58".into())));
        assert_eq!(parse_coordinate("", 90.0), Ok(None));
        assert!(parse_coordinate("91", 90.0).is_err());
        assert!(parse_coordinate("15,5", 90.0).is_err());
    }

    #[test]
    fn villages_are_named_by_number() {
        let v = |n: i32, name: &str| village::Model {
            id: 1,
            organization_id: 1,
            number: n,
            name_th: name.into(),
        };
        assert_eq!(village_label(&v(3, "หมู่ที่ 3")), "หมู่ที่ 3");
        assert_eq!(village_label(&v(3, "บ้านโนนสูง")), "หมู่ที่ 3 บ้านโนนสูง");
        assert_eq!(village_label(&v(4, "")), "หมู่ที่ 4");
    }
}
