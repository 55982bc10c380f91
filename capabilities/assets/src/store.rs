//! The register, bookings (with the double-booking guard), hand-over and return, the
//! borrowing manual, inspections, and public reads.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use prongsai_db::Db;
use prongsai_db::entities::division;
use prongsai_db::sea_orm::sea_query::{Expr, ExprTrait};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication;
use prongsai_kernel::{Actor, Authorized, Error, FieldErrors, Role, Staff};
use serde::Deserialize;
use serde_json::json;

use crate::model::{CATEGORIES, CONDITIONS, HOLDING, asset, booking, finding, inspection};
use crate::permissions::{DecideBookings, ManageAssets};

/// The publication kind of the borrowing manual (one record per organization, its id
/// being the organization's).
pub const MANUAL_KIND: &str = "asset_borrowing_manual";
/// The publication kind of an inspection report.
pub const INSPECTION_KIND: &str = "asset_inspection";

/// The longest a citizen may borrow an item at once.
pub const MAX_DAYS: i64 = 30;
/// How far ahead a citizen may book.
pub const MAX_AHEAD_DAYS: i64 = 365;

pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = raw.parse::<NaiveDate>() {
        return Ok(Some(d));
    }
    match prongsai_thai::parse_thai_date(raw) {
        Ok(prongsai_thai::ThaiDate::Day(d)) => Ok(Some(d)),
        Ok(prongsai_thai::ThaiDate::Range(d, _)) => Ok(Some(d)),
        Err(e) => Err(e.to_string()),
    }
}

/// `1 ธ.ค. 2569`.
pub fn thai_date(d: NaiveDate) -> String {
    prongsai_thai::format_date(
        d,
        prongsai_thai::MonthStyle::Abbreviated,
        prongsai_thai::Digits::Arabic,
    )
}

/// `1/12/2569`: what the date fields show and accept back.
pub fn input_date(d: NaiveDate) -> String {
    format!(
        "{}/{}/{}",
        d.day(),
        d.month(),
        prongsai_thai::be_from_ce(d.year())
    )
}

pub fn thai_range(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        thai_date(a)
    } else {
        format!("{} – {}", thai_date(a), thai_date(b))
    }
}

fn overlaps(a0: NaiveDate, a1: NaiveDate, b0: NaiveDate, b1: NaiveDate) -> bool {
    a0 <= b1 && b0 <= a1
}

// ---------- register ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AssetInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub division_id: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub acquired_on: String,
    #[serde(default)]
    pub condition: String,
    #[serde(default)]
    pub borrowable: String,
    #[serde(default)]
    pub notes: String,
}

impl AssetInput {
    pub fn of(a: &asset::Model) -> Self {
        Self {
            code: a.code.clone(),
            name: a.name.clone(),
            category: a.category.clone(),
            division_id: a.division_id.map(|d| d.to_string()).unwrap_or_default(),
            location: a.location.clone(),
            value: prongsai_thai::format_baht(a.value_satang),
            acquired_on: a.acquired_on.map(input_date).unwrap_or_default(),
            condition: a.condition.clone(),
            borrowable: if a.borrowable {
                "1".into()
            } else {
                String::new()
            },
            notes: a.notes.clone(),
        }
    }

    pub fn is_borrowable(&self) -> bool {
        !self.borrowable.trim().is_empty()
    }
}

struct ValidAsset {
    code: String,
    name: String,
    category: String,
    division_id: Option<i64>,
    location: String,
    value_satang: i64,
    acquired_on: Option<NaiveDate>,
    condition: String,
    borrowable: bool,
    notes: String,
}

/// A register code: groups of digits (and letters) joined by dashes or slashes, such as
/// `416-59-0001` or `ครุภัณฑ์ 001/2566` kept as typed; here only its length and characters
/// are checked.
fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= 40
        && code
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.' | ' ' | '(' | ')'))
        && code.chars().any(|c| c.is_ascii_digit())
}

async fn validate_asset(
    db: &impl ConnectionTrait,
    org: i64,
    id: Option<i64>,
    input: &AssetInput,
) -> prongsai_kernel::Result<ValidAsset> {
    let mut e = FieldErrors::default();
    let code = prongsai_thai::to_arabic_digits(input.code.trim());
    if code.is_empty() {
        e.add("code", "กรุณากรอกรหัสครุภัณฑ์");
    } else if !valid_code(&code) {
        e.add(
            "code",
            "รหัสครุภัณฑ์ต้องมีตัวเลข และใช้ได้เฉพาะตัวอักษร ตัวเลข และเครื่องหมาย - / . เช่น 416-59-0001",
        );
    } else {
        let other = asset::Entity::find()
            .filter(asset::Column::OrganizationId.eq(org))
            .filter(asset::Column::Code.eq(code.as_str()))
            .one(db)
            .await?;
        if other.is_some_and(|o| Some(o.id) != id) {
            e.add("code", format!("รหัสครุภัณฑ์ {code} มีอยู่ในทะเบียนแล้ว"));
        }
    }
    let name = e.required("name", &input.name, "ชื่อครุภัณฑ์");
    e.max_chars("name", &name, 300, "ชื่อครุภัณฑ์");
    let category = input.category.trim().to_owned();
    if !CATEGORIES.iter().any(|c| c.0 == category) {
        e.add("category", "กรุณาเลือกประเภทครุภัณฑ์");
    }
    let division_id = match input.division_id.trim() {
        "" => {
            e.add("division_id", "กรุณาเลือกกองที่รับผิดชอบ");
            None
        }
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(d) => division::Entity::find_by_id(d)
                    .filter(division::Column::OrganizationId.eq(org))
                    .one(db)
                    .await?
                    .map(|d| d.id),
                Err(_) => None,
            };
            if found.is_none() {
                e.add("division_id", "กรุณาเลือกกองที่รับผิดชอบจากรายการ");
            }
            found
        }
    };
    let location = input.location.trim().to_owned();
    e.max_chars("location", &location, 300, "สถานที่เก็บ");
    let value_satang = match prongsai_thai::parse_baht(&input.value) {
        Ok(v) if v >= 0 => v,
        Ok(_) => {
            e.add("value", "มูลค่าต้องไม่ติดลบ");
            0
        }
        Err(err) => {
            e.add("value", format!("มูลค่า: {err}"));
            0
        }
    };
    let today = prongsai_kernel::clock::today_in_thailand();
    let acquired_on = match parse_date(&input.acquired_on) {
        Ok(Some(d)) if d > today => {
            e.add("acquired_on", "วันที่ได้มาต้องไม่เกินวันนี้");
            None
        }
        Ok(d) => d,
        Err(err) => {
            e.add("acquired_on", format!("วันที่ได้มา: {err}"));
            None
        }
    };
    let condition = input.condition.trim().to_owned();
    if !CONDITIONS.iter().any(|c| c.0 == condition) {
        e.add("condition", "กรุณาเลือกสภาพครุภัณฑ์");
    }
    let borrowable = input.is_borrowable();
    if borrowable && (condition == "disposed" || condition == "broken") {
        e.add("borrowable", "ครุภัณฑ์ที่ชำรุดหรือจำหน่ายแล้วเปิดให้ประชาชนยืมไม่ได้");
    }
    let notes = input.notes.trim().to_owned();
    e.max_chars("notes", &notes, 2_000, "หมายเหตุ");
    e.into_result()?;
    Ok(ValidAsset {
        code,
        name,
        category,
        division_id,
        location,
        value_satang,
        acquired_on,
        condition,
        borrowable,
        notes,
    })
}

pub async fn create_asset(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    input: &AssetInput,
) -> prongsai_kernel::Result<asset::Model> {
    let txn = db.begin_write().await?;
    let saved = create_asset_in(&txn, auth, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_asset_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    input: &AssetInput,
) -> prongsai_kernel::Result<asset::Model> {
    let org = auth.organization_id();
    let v = validate_asset(txn, org, None, input).await?;
    let now = prongsai_kernel::clock::now();
    let saved = asset::ActiveModel {
        organization_id: Set(org),
        code: Set(v.code),
        name: Set(v.name),
        category: Set(v.category),
        division_id: Set(v.division_id),
        location: Set(v.location),
        value_satang: Set(v.value_satang),
        acquired_on: Set(v.acquired_on),
        condition: Set(v.condition),
        borrowable: Set(v.borrowable),
        notes: Set(v.notes),
        booking_version: Set(0),
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
        "asset.create",
        Target::new("asset", saved.id),
        json!({ "code": saved.code, "name": saved.name }),
    )
    .await?;
    Ok(saved)
}

pub async fn update_asset(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    id: i64,
    input: &AssetInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_asset_in(&txn, org, id).await?;
    let v = validate_asset(&txn, org, Some(id), input).await?;
    let before = json!({
        "code": existing.code, "condition": existing.condition,
        "borrowable": existing.borrowable, "value_satang": existing.value_satang,
    });
    let mut a = existing.into_active_model();
    a.code = Set(v.code.clone());
    a.name = Set(v.name);
    a.category = Set(v.category);
    a.division_id = Set(v.division_id);
    a.location = Set(v.location);
    a.value_satang = Set(v.value_satang);
    a.acquired_on = Set(v.acquired_on);
    a.condition = Set(v.condition.clone());
    a.borrowable = Set(v.borrowable);
    a.notes = Set(v.notes);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "asset.update",
        Target::new("asset", id),
        json!({ "before": before, "after": {
            "code": v.code, "condition": v.condition,
            "borrowable": v.borrowable, "value_satang": v.value_satang,
        }}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn get_asset_in(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<asset::Model> {
    asset::Entity::find_by_id(id)
        .filter(asset::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn get_asset(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    id: i64,
) -> prongsai_kernel::Result<asset::Model> {
    get_asset_in(db.conn(), auth.organization_id(), id).await
}

/// Every item of the register, by code.
pub async fn list_assets(db: &Db, org: i64) -> prongsai_kernel::Result<Vec<asset::Model>> {
    list_assets_in(db.conn(), org).await
}

pub async fn list_assets_in(
    db: &impl ConnectionTrait,
    org: i64,
) -> prongsai_kernel::Result<Vec<asset::Model>> {
    Ok(asset::Entity::find()
        .filter(asset::Column::OrganizationId.eq(org))
        .order_by_asc(asset::Column::Code)
        .all(db)
        .await?)
}

/// The names of the organization's divisions by id.
pub async fn division_names(db: &Db, org: i64) -> prongsai_kernel::Result<Vec<division::Model>> {
    division_names_in(db.conn(), org).await
}

pub async fn division_names_in(
    db: &impl ConnectionTrait,
    org: i64,
) -> prongsai_kernel::Result<Vec<division::Model>> {
    prongsai_kernel::tenant::list_divisions(db, org).await
}

// ---------- bookings ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BookingInput {
    #[serde(default)]
    pub asset_id: String,
    #[serde(default)]
    pub borrower_name: String,
    #[serde(default)]
    pub borrower_phone: String,
    /// Optional: the decision and a late-return reminder are e-mailed there.
    #[serde(default)]
    pub borrower_email: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    /// The honeypot: only scripts fill it in.
    #[serde(default)]
    pub website: String,
}

struct ValidBooking {
    asset: asset::Model,
    borrower_name: String,
    borrower_phone: String,
    borrower_email: String,
    purpose: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

/// The bookings that hold an item (approved or handed over), by start date.
pub async fn holding_bookings(
    db: &impl ConnectionTrait,
    org: i64,
    asset_id: i64,
) -> prongsai_kernel::Result<Vec<booking::Model>> {
    Ok(booking::Entity::find()
        .filter(booking::Column::OrganizationId.eq(org))
        .filter(booking::Column::AssetId.eq(asset_id))
        .filter(booking::Column::Status.is_in(HOLDING))
        .order_by_asc(booking::Column::StartsOn)
        .all(db)
        .await?)
}

fn clash_message(b: &booking::Model) -> String {
    format!(
        "ช่วงวันที่นี้มีผู้จองและได้รับอนุมัติแล้ว ({}) กรุณาเลือกวันอื่นที่ว่าง",
        thai_range(b.starts_on, b.ends_on)
    )
}

async fn validate_booking(
    db: &impl ConnectionTrait,
    org: i64,
    input: &BookingInput,
    public: bool,
) -> prongsai_kernel::Result<ValidBooking> {
    let mut e = FieldErrors::default();
    let asset = match input.asset_id.trim().parse::<i64>() {
        Ok(id) => get_asset_in(db, org, id).await.ok(),
        Err(_) => None,
    };
    let asset = match asset {
        Some(a) if public && !a.borrowable => {
            e.add("asset_id", "ครุภัณฑ์รายการนี้ไม่เปิดให้ประชาชนยืม");
            Some(a)
        }
        Some(a) if a.condition == "disposed" || a.condition == "repair" => {
            e.add("asset_id", "ครุภัณฑ์รายการนี้ส่งซ่อมหรือจำหน่ายแล้ว ยืมไม่ได้");
            Some(a)
        }
        Some(a) => Some(a),
        None => {
            e.add("asset_id", "กรุณาเลือกรายการที่ต้องการยืม");
            None
        }
    };
    let borrower_name = e.required("borrower_name", &input.borrower_name, "ชื่อผู้ยืม");
    e.max_chars("borrower_name", &borrower_name, 200, "ชื่อผู้ยืม");
    let phone: String = prongsai_thai::to_arabic_digits(input.borrower_phone.trim())
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if phone.is_empty() {
        e.add("borrower_phone", "กรุณากรอกหมายเลขโทรศัพท์");
    } else if !(phone.starts_with('0')
        && (9..=10).contains(&phone.len())
        && phone.chars().all(|c| c.is_ascii_digit()))
    {
        e.add(
            "borrower_phone",
            "หมายเลขโทรศัพท์ต้องเป็นตัวเลข 9-10 หลัก ขึ้นต้นด้วย 0 เช่น 0812345678",
        );
    }
    let borrower_email = input.borrower_email.trim().to_owned();
    if borrower_email.chars().count() > 254
        || (!borrower_email.is_empty() && !prongsai_kernel::validation::is_email(&borrower_email))
    {
        e.add(
            "borrower_email",
            "รูปแบบอีเมลไม่ถูกต้อง (เช่น name@example.com) หรือเว้นว่างไว้",
        );
    }
    let purpose = e.required("purpose", &input.purpose, "วัตถุประสงค์การยืม");
    e.max_chars("purpose", &purpose, 1_000, "วัตถุประสงค์การยืม");
    let today = prongsai_kernel::clock::today_in_thailand();
    let starts_on = match parse_date(&input.starts_on) {
        Ok(Some(d)) if public && d < today => {
            e.add("starts_on", "วันที่เริ่มยืมต้องไม่ก่อนวันนี้");
            None
        }
        Ok(Some(d)) if d > today + Duration::days(MAX_AHEAD_DAYS) => {
            e.add("starts_on", "จองล่วงหน้าได้ไม่เกิน 1 ปี");
            None
        }
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("starts_on", "กรุณาระบุวันที่เริ่มยืม");
            None
        }
        Err(err) => {
            e.add("starts_on", format!("วันที่เริ่มยืม: {err}"));
            None
        }
    };
    let ends_on = match parse_date(&input.ends_on) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("ends_on", "กรุณาระบุวันที่คืน");
            None
        }
        Err(err) => {
            e.add("ends_on", format!("วันที่คืน: {err}"));
            None
        }
    };
    if let (Some(s), Some(t)) = (starts_on, ends_on) {
        if t < s {
            e.add("ends_on", "วันที่คืนต้องไม่ก่อนวันที่เริ่มยืม");
        } else if (t - s).num_days() + 1 > MAX_DAYS {
            e.add("ends_on", format!("ยืมได้ครั้งละไม่เกิน {MAX_DAYS} วัน"));
        } else if let Some(a) = &asset
            && let Some(b) = holding_bookings(db, org, a.id)
                .await?
                .iter()
                .find(|b| overlaps(s, t, b.starts_on, b.ends_on))
        {
            e.add("starts_on", clash_message(b));
        }
    }
    e.into_result()?;
    let (Some(asset), Some(starts_on), Some(ends_on)) = (asset, starts_on, ends_on) else {
        return Err(Error::internal("validated booking without its parts"));
    };
    Ok(ValidBooking {
        asset,
        borrower_name,
        borrower_phone: phone,
        borrower_email,
        purpose,
        starts_on,
        ends_on,
    })
}

async fn insert_booking(
    txn: &DatabaseTransaction,
    org: i64,
    actor: Actor,
    v: ValidBooking,
    source: &str,
) -> prongsai_kernel::Result<booking::Model> {
    let now = prongsai_kernel::clock::now();
    let saved = booking::ActiveModel {
        organization_id: Set(org),
        asset_id: Set(v.asset.id),
        tracking_code: Set(prongsai_kernel::tracking::new_tracking_code()),
        source: Set(source.to_owned()),
        borrower_name: Set(v.borrower_name),
        borrower_phone: Set(v.borrower_phone),
        borrower_email: Set(v.borrower_email),
        purpose: Set(v.purpose),
        starts_on: Set(v.starts_on),
        ends_on: Set(v.ends_on),
        status: Set("pending".to_owned()),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_note: Set(String::new()),
        handed_over_on: Set(None),
        handed_over_by: Set(String::new()),
        handover_notes: Set(String::new()),
        returned_on: Set(None),
        return_condition: Set(String::new()),
        return_notes: Set(String::new()),
        reminded_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // The borrower's name and phone stay out of the audit log's details.
    audit::record(
        txn,
        Some(org),
        actor,
        "asset_booking.request",
        Target::new("asset_booking", saved.id),
        json!({ "asset_id": saved.asset_id, "source": source,
                "starts_on": saved.starts_on, "ends_on": saved.ends_on }),
    )
    .await?;
    Ok(saved)
}

/// A citizen's borrow request from the public form: waits for the division head.
pub async fn request_booking(
    db: &Db,
    org: i64,
    input: &BookingInput,
) -> prongsai_kernel::Result<booking::Model> {
    let txn = db.begin_write().await?;
    let v = validate_booking(&txn, org, input, true).await?;
    let saved = insert_booking(&txn, org, Actor::Public, v, "public").await?;
    txn.commit().await?;
    Ok(saved)
}

/// A borrow request recorded by staff (for a person who came to the office, or for
/// another division's use).
pub async fn create_staff_booking(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    input: &BookingInput,
) -> prongsai_kernel::Result<booking::Model> {
    let txn = db.begin_write().await?;
    let saved = create_staff_booking_in(&txn, auth, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_staff_booking_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    input: &BookingInput,
) -> prongsai_kernel::Result<booking::Model> {
    let org = auth.organization_id();
    let v = validate_booking(txn, org, input, false).await?;
    insert_booking(txn, org, auth.actor(), v, "staff").await
}

/// Which items a decider may decide for.
#[derive(Clone, Debug)]
pub struct DecisionScope {
    /// Executives and administrators: every item.
    pub all: bool,
    /// A division head's division (its units included).
    pub division_id: Option<i64>,
}

impl DecisionScope {
    pub fn of(staff: &Staff) -> Self {
        Self {
            all: staff.has_role(Role::Executive) || staff.has_role(Role::Administrator),
            division_id: staff
                .division_id
                .filter(|_| staff.has_role(Role::DivisionHead)),
        }
    }

    /// For the operator and background jobs.
    pub fn everything() -> Self {
        Self {
            all: true,
            division_id: None,
        }
    }

    pub async fn allows(
        &self,
        db: &impl ConnectionTrait,
        asset: &asset::Model,
    ) -> prongsai_kernel::Result<bool> {
        if self.all {
            return Ok(true);
        }
        let (Some(mine), Some(its)) = (self.division_id, asset.division_id) else {
            return Ok(false);
        };
        if mine == its {
            return Ok(true);
        }
        let parent = division::Entity::find_by_id(its)
            .filter(division::Column::OrganizationId.eq(asset.organization_id))
            .one(db)
            .await?
            .and_then(|d| d.parent_id);
        Ok(parent == Some(mine))
    }
}

async fn get_booking_in(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<booking::Model> {
    booking::Entity::find_by_id(id)
        .filter(booking::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// Approves or refuses a pending request.
///
/// An approval first bumps the item's `booking_version`: that write locks the item's row
/// (PostgreSQL) or is already serialised by the write transaction (SQLite), so two
/// approvals of the same item run one after the other, and the second sees the first's
/// booking when it checks for overlaps. Two overlapping approvals can never both succeed.
pub async fn decide(
    db: &Db,
    auth: &Authorized<DecideBookings>,
    scope: &DecisionScope,
    id: i64,
    approve: bool,
    note: &str,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    decide_in(&txn, auth, scope, id, approve, note).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn decide_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<DecideBookings>,
    scope: &DecisionScope,
    id: i64,
    approve: bool,
    note: &str,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let note = note.trim();
    let mut e = FieldErrors::default();
    e.max_chars("decision_note", note, 1_000, "หมายเหตุการพิจารณา");
    if !approve && note.is_empty() {
        e.add("decision_note", "กรุณาระบุเหตุผลที่ไม่อนุมัติ");
    }
    e.into_result()?;
    let b = get_booking_in(txn, org, id).await?;
    let item = get_asset_in(txn, org, b.asset_id).await?;
    if !scope.allows(txn, &item).await? {
        return Err(Error::Forbidden);
    }
    if approve {
        // The guard: lock the item's row before looking at its bookings.
        asset::Entity::update_many()
            .col_expr(
                asset::Column::BookingVersion,
                Expr::col(asset::Column::BookingVersion).add(1),
            )
            .filter(asset::Column::Id.eq(item.id))
            .filter(asset::Column::OrganizationId.eq(org))
            .exec(txn)
            .await?;
    }
    // Read again after the lock: another decision may have just been committed.
    let b = get_booking_in(txn, org, id).await?;
    if b.status != "pending" {
        return Err(Error::invalid(
            "decision",
            "คำขอนี้ได้รับการพิจารณาไปแล้ว กรุณาโหลดหน้าใหม่",
        ));
    }
    if approve
        && let Some(other) = holding_bookings(txn, org, item.id)
            .await?
            .iter()
            .find(|o| o.id != b.id && overlaps(b.starts_on, b.ends_on, o.starts_on, o.ends_on))
    {
        return Err(Error::invalid(
            "decision",
            format!(
                "อนุมัติไม่ได้: {} ถูกจองและอนุมัติแล้วในช่วง {} ซึ่งซ้อนกับคำขอนี้",
                item.name,
                thai_range(other.starts_on, other.ends_on)
            ),
        ));
    }
    let status = if approve { "approved" } else { "refused" };
    notify_borrower(txn, &b, status).await?;
    let mut a = b.into_active_model();
    a.status = Set(status.to_owned());
    a.decided_by = Set(auth.actor().user_id());
    a.decided_at = Set(Some(prongsai_kernel::clock::now()));
    a.decision_note = Set(note.to_owned());
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        if approve {
            "asset_booking.approve"
        } else {
            "asset_booking.refuse"
        },
        Target::new("asset_booking", id),
        json!({ "asset_id": item.id }),
    )
    .await?;
    Ok(())
}

/// Queues the e-mail telling the borrower of `event` (`approved`, `refused`, `cancelled`,
/// `overdue`), when they left an address. Sent by [`crate::jobs::NotifyBorrower`] once the
/// transaction commits; once per booking and event whatever the retries.
pub async fn notify_borrower(
    txn: &impl ConnectionTrait,
    b: &booking::Model,
    event: &str,
) -> prongsai_kernel::Result<()> {
    if b.borrower_email.is_empty() {
        return Ok(());
    }
    prongsai_jobs::enqueue::<prongsai_web::AppState, _>(
        txn,
        &crate::jobs::NotifyBorrower {
            organization_id: b.organization_id,
            booking_id: b.id,
            event: event.to_owned(),
        },
    )
    .await?;
    Ok(())
}

/// Statuses a request may still be cancelled in: before the item is handed over.
pub const CANCELLABLE: [&str; 2] = ["pending", "approved"];

/// Who cancels a request.
pub enum Canceller<'a> {
    /// The borrower, by the tracking code (the code is the proof).
    Borrower,
    /// Staff for the borrower (who phoned, or came to the office), with the reason.
    Staff(&'a Authorized<ManageAssets>, &'a str),
}

async fn cancel_in(
    txn: &DatabaseTransaction,
    b: booking::Model,
    who: Canceller<'_>,
) -> prongsai_kernel::Result<()> {
    let (actor, note, by) = match who {
        Canceller::Borrower => (Actor::Public, String::new(), "borrower"),
        Canceller::Staff(auth, reason) => {
            let reason = reason.trim();
            let mut e = FieldErrors::default();
            e.required("cancel_reason", reason, "เหตุผลที่ยกเลิก");
            e.max_chars("cancel_reason", reason, 1_000, "เหตุผลที่ยกเลิก");
            e.into_result()?;
            (auth.actor(), format!("ยกเลิกโดยเจ้าหน้าที่: {reason}"), "staff")
        }
    };
    if !CANCELLABLE.contains(&b.status.as_str()) {
        return Err(Error::invalid(
            "cancel",
            "ยกเลิกได้เฉพาะคำขอที่รอพิจารณาหรืออนุมัติแล้วและยังไม่ได้รับของไป",
        ));
    }
    let (org, id) = (b.organization_id, b.id);
    if by == "staff" {
        notify_borrower(txn, &b, "cancelled").await?;
    }
    let mut a = b.into_active_model();
    a.status = Set("cancelled".to_owned());
    if !note.is_empty() {
        a.decision_note = Set(note);
    }
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        actor,
        "asset_booking.cancel",
        Target::new("asset_booking", id),
        json!({ "by": by }),
    )
    .await?;
    Ok(())
}

/// The borrower cancels their own request on its status page: the days become free again.
pub async fn cancel_by_borrower(db: &Db, org: i64, code: &str) -> prongsai_kernel::Result<()> {
    let code = prongsai_kernel::tracking::parse_tracking_code(code).ok_or(Error::NotFound)?;
    let txn = db.begin_write().await?;
    let b = booking::Entity::find()
        .filter(booking::Column::OrganizationId.eq(org))
        .filter(booking::Column::TrackingCode.eq(code))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    cancel_in(&txn, b, Canceller::Borrower).await?;
    txn.commit().await?;
    Ok(())
}

/// Staff cancel a request for the borrower, with the reason (e-mailed to the borrower).
pub async fn cancel_by_staff(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    let b = get_booking_in(&txn, auth.organization_id(), id).await?;
    cancel_in(&txn, b, Canceller::Staff(auth, reason)).await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct HandoverInput {
    #[serde(default)]
    pub handed_over_on: String,
    #[serde(default)]
    pub handed_over_by: String,
    #[serde(default)]
    pub handover_notes: String,
}

/// Records that the item was handed to the borrower.
pub async fn hand_over(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    id: i64,
    input: &HandoverInput,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    hand_over_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn hand_over_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    id: i64,
    input: &HandoverInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let b = get_booking_in(txn, org, id).await?;
    let mut e = FieldErrors::default();
    if b.status != "approved" {
        e.add("status", "ส่งมอบได้เฉพาะคำขอที่อนุมัติแล้ว");
    }
    let day = match parse_date(&input.handed_over_on) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("handed_over_on", "กรุณาระบุวันที่ส่งมอบ");
            None
        }
        Err(err) => {
            e.add("handed_over_on", format!("วันที่ส่งมอบ: {err}"));
            None
        }
    };
    let by = e.required("handed_over_by", &input.handed_over_by, "ชื่อผู้ส่งมอบ");
    e.max_chars("handed_over_by", &by, 200, "ชื่อผู้ส่งมอบ");
    let notes = input.handover_notes.trim().to_owned();
    e.max_chars("handover_notes", &notes, 1_000, "สภาพเมื่อส่งมอบ");
    e.into_result()?;
    let mut a = b.into_active_model();
    a.status = Set("handed_over".to_owned());
    a.handed_over_on = Set(day);
    a.handed_over_by = Set(by);
    a.handover_notes = Set(notes);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "asset_booking.hand_over",
        Target::new("asset_booking", id),
        json!({ "handed_over_on": day }),
    )
    .await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReturnInput {
    #[serde(default)]
    pub returned_on: String,
    #[serde(default)]
    pub return_condition: String,
    #[serde(default)]
    pub return_notes: String,
}

/// Records the return and the item's condition, which becomes the register's.
pub async fn record_return(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    id: i64,
    input: &ReturnInput,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    record_return_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn record_return_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    id: i64,
    input: &ReturnInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let b = get_booking_in(txn, org, id).await?;
    let mut e = FieldErrors::default();
    if b.status != "handed_over" {
        e.add("status", "บันทึกการคืนได้เฉพาะรายการที่ส่งมอบแล้ว");
    }
    let day = match parse_date(&input.returned_on) {
        Ok(Some(d)) if b.handed_over_on.is_some_and(|h| d < h) => {
            e.add("returned_on", "วันที่คืนต้องไม่ก่อนวันที่ส่งมอบ");
            None
        }
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("returned_on", "กรุณาระบุวันที่คืน");
            None
        }
        Err(err) => {
            e.add("returned_on", format!("วันที่คืน: {err}"));
            None
        }
    };
    let condition = input.return_condition.trim().to_owned();
    if !CONDITIONS
        .iter()
        .any(|c| c.0 == condition && c.0 != "disposed")
    {
        e.add("return_condition", "กรุณาเลือกสภาพเมื่อรับคืน");
    }
    let notes = input.return_notes.trim().to_owned();
    e.max_chars("return_notes", &notes, 1_000, "บันทึกสภาพเมื่อรับคืน");
    if condition != "good" && condition != "worn" && notes.is_empty() {
        e.add(
            "return_notes",
            "ครุภัณฑ์ที่คืนมาชำรุดหรือต้องส่งซ่อม กรุณาบันทึกรายละเอียดความเสียหาย",
        );
    }
    e.into_result()?;
    let asset_id = b.asset_id;
    let mut a = b.into_active_model();
    a.status = Set("returned".to_owned());
    a.returned_on = Set(day);
    a.return_condition = Set(condition.clone());
    a.return_notes = Set(notes);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    let item = get_asset_in(txn, org, asset_id).await?;
    if item.condition != condition {
        let mut i = item.into_active_model();
        i.condition = Set(condition.clone());
        if condition == "broken" || condition == "repair" {
            i.borrowable = Set(false);
        }
        i.updated_at = Set(prongsai_kernel::clock::now());
        i.update(txn).await?;
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "asset_booking.return",
        Target::new("asset_booking", id),
        json!({ "returned_on": day, "condition": condition }),
    )
    .await?;
    Ok(())
}

/// A booking with its item, for lists.
pub struct BookingRow {
    pub booking: booking::Model,
    pub asset: asset::Model,
}

impl BookingRow {
    /// Handed over and not back by its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.booking.status == "handed_over" && self.booking.ends_on < today
    }
}

/// Every booking of the organization (or of one item), newest start first.
pub async fn list_bookings(
    db: &Db,
    org: i64,
    asset_id: Option<i64>,
) -> prongsai_kernel::Result<Vec<BookingRow>> {
    let mut q = booking::Entity::find().filter(booking::Column::OrganizationId.eq(org));
    if let Some(a) = asset_id {
        q = q.filter(booking::Column::AssetId.eq(a));
    }
    let rows = q
        .order_by_desc(booking::Column::StartsOn)
        .order_by_desc(booking::Column::Id)
        .all(db.conn())
        .await?;
    let assets: HashMap<i64, asset::Model> = list_assets(db, org)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|b| {
            assets.get(&b.asset_id).map(|a| BookingRow {
                asset: a.clone(),
                booking: b,
            })
        })
        .collect())
}

pub async fn get_booking(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    id: i64,
) -> prongsai_kernel::Result<BookingRow> {
    let org = auth.organization_id();
    let booking = get_booking_in(db.conn(), org, id).await?;
    let asset = get_asset_in(db.conn(), org, booking.asset_id).await?;
    Ok(BookingRow { booking, asset })
}

/// A citizen's own request, by its tracking code.
pub async fn find_by_tracking_code(
    db: &Db,
    org: i64,
    code: &str,
) -> prongsai_kernel::Result<BookingRow> {
    let code = prongsai_kernel::tracking::parse_tracking_code(code).ok_or(Error::NotFound)?;
    let booking = booking::Entity::find()
        .filter(booking::Column::OrganizationId.eq(org))
        .filter(booking::Column::TrackingCode.eq(code))
        .one(db.conn())
        .await?
        .ok_or(Error::NotFound)?;
    let asset = get_asset_in(db.conn(), org, booking.asset_id).await?;
    Ok(BookingRow { booking, asset })
}

/// Overdue loans not yet reminded of, across organizations (for the reminder job).
pub async fn overdue_unreminded(
    db: &Db,
    today: NaiveDate,
) -> prongsai_kernel::Result<Vec<booking::Model>> {
    Ok(booking::Entity::find()
        .filter(booking::Column::Status.eq("handed_over"))
        .filter(booking::Column::EndsOn.lt(today))
        .filter(booking::Column::RemindedAt.is_null())
        .all(db.conn())
        .await?)
}

pub async fn mark_reminded(db: &impl ConnectionTrait, id: i64) -> prongsai_kernel::Result<()> {
    booking::Entity::update_many()
        .col_expr(
            booking::Column::RemindedAt,
            Expr::value(prongsai_kernel::clock::now()),
        )
        .filter(booking::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

// ---------- availability ----------

/// A borrowable item as the public sees it: no borrower, only the booked days.
pub struct Availability {
    pub asset: asset::Model,
    /// Approved or handed-over periods that end today or later.
    pub booked: Vec<(NaiveDate, NaiveDate)>,
    /// The first day from today that is not booked.
    pub next_free: NaiveDate,
}

pub fn next_free_day(booked: &[(NaiveDate, NaiveDate)], from: NaiveDate) -> NaiveDate {
    let mut day = from;
    loop {
        match booked.iter().find(|(s, e)| *s <= day && day <= *e) {
            Some((_, e)) => day = *e + Duration::days(1),
            None => return day,
        }
    }
}

pub async fn availability_of(
    db: &Db,
    a: asset::Model,
    today: NaiveDate,
) -> prongsai_kernel::Result<Availability> {
    let booked: Vec<(NaiveDate, NaiveDate)> = holding_bookings(db.conn(), a.organization_id, a.id)
        .await?
        .into_iter()
        // An item handed over and not back yet is out until it comes back.
        .map(|b| {
            if b.status == "handed_over" && b.ends_on < today {
                (b.starts_on, today)
            } else {
                (b.starts_on, b.ends_on)
            }
        })
        .filter(|(_, e)| *e >= today)
        .collect();
    let next_free = next_free_day(&booked, today);
    Ok(Availability {
        asset: a,
        booked,
        next_free,
    })
}

/// The items citizens may borrow, with their booked periods.
pub async fn public_availability(
    db: &Db,
    org: i64,
    today: NaiveDate,
) -> prongsai_kernel::Result<Vec<Availability>> {
    let mut out = Vec::new();
    for a in list_assets(db, org).await? {
        if a.borrowable {
            out.push(availability_of(db, a, today).await?);
        }
    }
    Ok(out)
}

/// A borrowable item of the organization (public pages).
pub async fn public_asset(db: &Db, org: i64, id: i64) -> prongsai_kernel::Result<asset::Model> {
    let a = get_asset_in(db.conn(), org, id).await?;
    if a.borrowable {
        Ok(a)
    } else {
        Err(Error::NotFound)
    }
}

/// One month of an item's reservation calendar: weeks of seven days (Monday first),
/// `None` outside the month.
pub struct MonthGrid {
    pub first: NaiveDate,
    pub weeks: Vec<Vec<Option<CalendarDay>>>,
}

pub struct CalendarDay {
    pub date: NaiveDate,
    pub booked: bool,
    pub today: bool,
}

pub fn month_grid(
    first: NaiveDate,
    booked: &[(NaiveDate, NaiveDate)],
    today: NaiveDate,
) -> MonthGrid {
    let first = first.with_day(1).unwrap_or(first);
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut cells: Vec<Option<CalendarDay>> = (0..lead).map(|_| None).collect();
    let mut d = first;
    while d.month() == first.month() {
        cells.push(Some(CalendarDay {
            date: d,
            booked: booked.iter().any(|(s, e)| *s <= d && d <= *e),
            today: d == today,
        }));
        d += Duration::days(1);
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let mut weeks = Vec::new();
    let mut it = cells.into_iter().peekable();
    while it.peek().is_some() {
        weeks.push(it.by_ref().take(7).collect());
    }
    MonthGrid { first, weeks }
}

/// `2026-12` → the first of that month.
pub fn parse_month(raw: &str) -> Option<NaiveDate> {
    let (y, m) = raw.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

pub fn add_months(first: NaiveDate, n: i32) -> NaiveDate {
    let m0 = first.year() * 12 + first.month0() as i32 + n;
    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1).unwrap_or(first)
}

// ---------- the borrowing manual ----------

pub const DEFAULT_MANUAL: &str = "คู่มือการยืมพัสดุ/ครุภัณฑ์\n\n1. ผู้ประสงค์จะยืมกรอกแบบคำขอยืมทางเว็บไซต์นี้ หรือยื่นคำขอที่สำนักงาน ระบุรายการ วัตถุประสงค์ และวันที่ยืม-คืน\n2. หัวหน้าส่วนราชการที่รับผิดชอบครุภัณฑ์พิจารณาอนุมัติภายใน 3 วันทำการ ผู้ยืมตรวจสอบผลได้ด้วยรหัสติดตาม\n3. รับครุภัณฑ์ตามวันที่อนุมัติ เจ้าหน้าที่บันทึกสภาพเมื่อส่งมอบ\n4. ส่งคืนภายในกำหนด ในสภาพที่ใช้การได้เรียบร้อย หากชำรุดเสียหายหรือสูญหาย ผู้ยืมต้องซ่อมแซมให้คงสภาพเดิม หรือชดใช้ตามระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 ข้อ 209\n5. ยืมได้ครั้งละไม่เกิน 30 วัน";

/// The published borrowing manual: its text, version and publication time.
pub async fn manual(
    db: &Db,
    org: i64,
) -> prongsai_kernel::Result<Option<(String, i32, chrono::DateTime<chrono::Utc>)>> {
    match publication::find_published(db.conn(), org, MANUAL_KIND, org).await {
        Ok(r) => Ok(Some((
            r.version.snapshot["body"].as_str().unwrap_or("").to_owned(),
            r.version.version,
            r.version.published_at,
        ))),
        Err(Error::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Saves and publishes a new version of the borrowing manual.
pub async fn publish_manual(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    body: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_manual_in(&txn, auth, body).await?;
    txn.commit().await?;
    Ok(v)
}

pub async fn publish_manual_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    body: &str,
) -> prongsai_kernel::Result<i32> {
    let body = body.trim();
    let mut e = FieldErrors::default();
    e.required("manual_body", body, "ข้อความคู่มือการยืม");
    e.max_chars("manual_body", body, 20_000, "ข้อความคู่มือการยืม");
    e.into_result()?;
    let org = auth.organization_id();
    let v = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: MANUAL_KIND,
            record_id: org,
            title: "คู่มือการยืมพัสดุ/ครุภัณฑ์",
            snapshot: json!({ "body": body }),
            change_note: "",
            fiscal_year: None,
            category: None,
        },
    )
    .await?;
    Ok(v.version)
}

// ---------- inspections ----------

pub struct InspectionDetail {
    pub inspection: inspection::Model,
    pub findings: Vec<(finding::Model, asset::Model)>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct InspectionInput {
    #[serde(default)]
    pub inspected_on: String,
    #[serde(default)]
    pub committee: String,
    #[serde(default)]
    pub summary: String,
}

/// One item's finding as typed: `found` is "1" or "", `condition` a code.
#[derive(Clone, Debug, Default)]
pub struct FindingInput {
    pub asset_id: i64,
    pub found: bool,
    pub condition: String,
    pub notes: String,
}

/// Records an inspection of every item of the register with its findings.
pub async fn create_inspection(
    db: &Db,
    auth: &Authorized<ManageAssets>,
    input: &InspectionInput,
    findings: &[FindingInput],
) -> prongsai_kernel::Result<inspection::Model> {
    let txn = db.begin_write().await?;
    let saved = create_inspection_in(&txn, auth, input, findings).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_inspection_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageAssets>,
    input: &InspectionInput,
    findings: &[FindingInput],
) -> prongsai_kernel::Result<inspection::Model> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let today = prongsai_kernel::clock::today_in_thailand();
    let day = match parse_date(&input.inspected_on) {
        Ok(Some(d)) if d > today => {
            e.add("inspected_on", "วันที่ตรวจสอบต้องไม่เกินวันนี้");
            None
        }
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("inspected_on", "กรุณาระบุวันที่ตรวจสอบ");
            None
        }
        Err(err) => {
            e.add("inspected_on", format!("วันที่ตรวจสอบ: {err}"));
            None
        }
    };
    let committee = e.required("committee", &input.committee, "รายชื่อคณะกรรมการตรวจสอบ");
    e.max_chars("committee", &committee, 2_000, "รายชื่อคณะกรรมการตรวจสอบ");
    let summary = input.summary.trim().to_owned();
    e.max_chars("summary", &summary, 5_000, "สรุปผลการตรวจสอบ");
    let assets: HashMap<i64, asset::Model> = asset::Entity::find()
        .filter(asset::Column::OrganizationId.eq(org))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    if findings.is_empty() {
        e.add("findings", "ยังไม่มีครุภัณฑ์ในทะเบียนให้ตรวจสอบ");
    }
    for f in findings {
        if !assets.contains_key(&f.asset_id) {
            return Err(Error::NotFound);
        }
        if f.found && !CONDITIONS.iter().any(|c| c.0 == f.condition) {
            e.add(
                "findings",
                format!(
                    "กรุณาเลือกสภาพของ {}",
                    assets
                        .get(&f.asset_id)
                        .map(|a| a.code.as_str())
                        .unwrap_or("")
                ),
            );
        }
    }
    e.into_result()?;
    let day = day.unwrap_or(today);
    let saved = inspection::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(prongsai_thai::FiscalYear::of(day).be()),
        inspected_on: Set(day),
        committee: Set(committee),
        summary: Set(summary),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for f in findings {
        finding::ActiveModel {
            organization_id: Set(org),
            inspection_id: Set(saved.id),
            asset_id: Set(f.asset_id),
            found: Set(f.found),
            condition: Set(if f.found {
                f.condition.clone()
            } else {
                String::new()
            }),
            notes: Set(f.notes.trim().chars().take(1_000).collect()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "asset_inspection.create",
        Target::new(INSPECTION_KIND, saved.id),
        json!({ "inspected_on": day, "items": findings.len() }),
    )
    .await?;
    // The report is public once recorded (an inspection is never edited): published as a
    // snapshot so that it has a version and a date in the publication history.
    let snapshot = json!({
        "inspected_on": day,
        "fiscal_year": saved.fiscal_year,
        "committee": saved.committee,
        "summary": saved.summary,
        "findings": findings.iter().map(|f| json!({
            "code": assets.get(&f.asset_id).map(|a| a.code.clone()),
            "name": assets.get(&f.asset_id).map(|a| a.name.clone()),
            "found": f.found,
            "condition": if f.found { f.condition.as_str() } else { "" },
        })).collect::<Vec<_>>(),
    });
    publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: INSPECTION_KIND,
            record_id: saved.id,
            title: &format!("รายงานผลการตรวจสอบพัสดุประจำปีงบประมาณ {}", saved.fiscal_year),
            snapshot,
            change_note: "",
            fiscal_year: Some(saved.fiscal_year),
            category: None,
        },
    )
    .await?;
    Ok(saved)
}

pub async fn list_inspections(
    db: &Db,
    org: i64,
) -> prongsai_kernel::Result<Vec<inspection::Model>> {
    Ok(inspection::Entity::find()
        .filter(inspection::Column::OrganizationId.eq(org))
        .order_by_desc(inspection::Column::InspectedOn)
        .all(db.conn())
        .await?)
}

pub async fn get_inspection(
    db: &Db,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<InspectionDetail> {
    let inspection = inspection::Entity::find_by_id(id)
        .filter(inspection::Column::OrganizationId.eq(org))
        .one(db.conn())
        .await?
        .ok_or(Error::NotFound)?;
    let assets: HashMap<i64, asset::Model> = list_assets(db, org)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut findings: Vec<(finding::Model, asset::Model)> = finding::Entity::find()
        .filter(finding::Column::OrganizationId.eq(org))
        .filter(finding::Column::InspectionId.eq(id))
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|f| assets.get(&f.asset_id).cloned().map(|a| (f, a)))
        .collect();
    findings.sort_by(|a, b| a.1.code.cmp(&b.1.code));
    Ok(InspectionDetail {
        inspection,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_next_free_day_skips_booked_periods_that_touch() {
        let booked = [
            (d(2026, 12, 1), d(2026, 12, 3)),
            (d(2026, 12, 4), d(2026, 12, 5)),
        ];
        assert_eq!(next_free_day(&booked, d(2026, 11, 30)), d(2026, 11, 30));
        assert_eq!(next_free_day(&booked, d(2026, 12, 2)), d(2026, 12, 6));
    }

    #[test]
    fn a_month_grid_starts_on_monday_and_marks_booked_days() {
        // 1 December 2026 is a Tuesday.
        let g = month_grid(
            d(2026, 12, 15),
            &[(d(2026, 12, 30), d(2027, 1, 2))],
            d(2026, 12, 1),
        );
        assert_eq!(g.first, d(2026, 12, 1));
        assert!(g.weeks[0][0].is_none());
        assert_eq!(g.weeks[0][1].as_ref().unwrap().date, d(2026, 12, 1));
        assert!(g.weeks[0][1].as_ref().unwrap().today);
        let booked: Vec<u32> = g
            .weeks
            .iter()
            .flatten()
            .flatten()
            .filter(|c| c.booked)
            .map(|c| c.date.day())
            .collect();
        assert_eq!(booked, vec![30, 31]);
        assert!(g.weeks.iter().all(|w| w.len() == 7));
    }

    #[test]
    fn months_are_added_across_years() {
        assert_eq!(add_months(d(2026, 12, 1), 1), d(2027, 1, 1));
        assert_eq!(add_months(d(2026, 1, 1), -1), d(2025, 12, 1));
        assert_eq!(parse_month("2026-12"), Some(d(2026, 12, 1)));
        assert_eq!(parse_month("2026-13"), None);
    }

    #[test]
    fn codes_need_a_digit_and_plain_characters() {
        assert!(valid_code("416-59-0001"));
        assert!(valid_code("ครภ 001/2566"));
        assert!(!valid_code("เต็นท์"));
        assert!(!valid_code("416<59>"));
    }
}
