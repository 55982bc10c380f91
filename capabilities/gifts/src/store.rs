//! No Gift Policy: the declaration and its signature, activities, the register with nil
//! reports, the annual report, publication and public reads.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use prongsai_db::Db;
use prongsai_db::entities::{audit_entry, user};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_thai::FiscalYear;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::KIND;
use crate::model::{
    DECISIONS, KEEP_LIMIT_SATANG, decision_en, decision_th, gift_activity, gift_declaration,
    gift_entry,
};
use crate::permissions::{ManageGifts, PublishGifts, SignGiftDeclaration};

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

fn fy_range_text(fy: i32) -> String {
    let f = FiscalYear::new(fy);
    let fmt = |d| {
        prongsai_thai::format_date(
            d,
            prongsai_thai::MonthStyle::Abbreviated,
            prongsai_thai::Digits::Arabic,
        )
    };
    format!("{} ถึง {}", fmt(f.start()), fmt(f.end()))
}

/// The twelve months of a fiscal year (first days), October first.
pub fn months_of(fy: i32) -> Vec<NaiveDate> {
    let start = FiscalYear::new(fy).start();
    (0..12)
        .filter_map(|i| {
            let m0 = start.month0() + i;
            NaiveDate::from_ymd_opt(start.year() + (m0 / 12) as i32, m0 % 12 + 1, 1)
        })
        .collect()
}

fn same_month(a: NaiveDate, b: NaiveDate) -> bool {
    a.year() == b.year() && a.month() == b.month()
}

/// The hash of what is signed: both languages' title and body.
pub fn content_sha256(d: &gift_declaration::Model) -> String {
    let mut h = Sha256::new();
    for part in [&d.title_th, &d.body_th, &d.title_en, &d.body_en] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    data_encoding::HEXLOWER.encode(&h.finalize())
}

// ---------- declarations ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct DeclarationInput {
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub title_th: String,
    #[serde(default)]
    pub body_th: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub body_en: String,
}

impl DeclarationInput {
    pub fn of(d: &gift_declaration::Model) -> Self {
        Self {
            fiscal_year: d.fiscal_year.to_string(),
            title_th: d.title_th.clone(),
            body_th: d.body_th.clone(),
            title_en: d.title_en.clone(),
            body_en: d.body_en.clone(),
        }
    }
}

struct ValidDeclaration {
    fiscal_year: i32,
    title_th: String,
    body_th: String,
    title_en: String,
    body_en: String,
}

async fn validate_declaration(
    db: &impl ConnectionTrait,
    org: i64,
    id: Option<i64>,
    input: &DeclarationInput,
) -> prongsai_kernel::Result<ValidDeclaration> {
    let mut e = FieldErrors::default();
    let fiscal_year = match prongsai_thai::to_arabic_digits(input.fiscal_year.trim()).parse() {
        Ok(y) if (2500..=2700).contains(&y) => y,
        _ => {
            e.add("fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569");
            0
        }
    };
    if fiscal_year != 0 {
        let other = gift_declaration::Entity::find()
            .filter(gift_declaration::Column::OrganizationId.eq(org))
            .filter(gift_declaration::Column::FiscalYear.eq(fiscal_year))
            .one(db)
            .await?;
        if other.is_some_and(|o| Some(o.id) != id) {
            e.add(
                "fiscal_year",
                format!("มีประกาศนโยบาย No Gift Policy ของปีงบประมาณ {fiscal_year} อยู่แล้ว"),
            );
        }
    }
    let title_th = e.required("title_th", &input.title_th, "ชื่อประกาศภาษาไทย");
    e.max_chars("title_th", &title_th, 300, "ชื่อประกาศภาษาไทย");
    let body_th = e.required("body_th", &input.body_th, "ข้อความประกาศภาษาไทย");
    e.max_chars("body_th", &body_th, 20_000, "ข้อความประกาศภาษาไทย");
    let title_en = e.required("title_en", &input.title_en, "ชื่อประกาศภาษาอังกฤษ");
    e.max_chars("title_en", &title_en, 300, "ชื่อประกาศภาษาอังกฤษ");
    let body_en = e.required("body_en", &input.body_en, "ข้อความประกาศภาษาอังกฤษ");
    e.max_chars("body_en", &body_en, 20_000, "ข้อความประกาศภาษาอังกฤษ");
    e.into_result()?;
    Ok(ValidDeclaration {
        fiscal_year,
        title_th,
        body_th,
        title_en,
        body_en,
    })
}

pub async fn create_declaration(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    input: &DeclarationInput,
) -> prongsai_kernel::Result<gift_declaration::Model> {
    let txn = db.begin_write().await?;
    let saved = create_declaration_in(&txn, auth, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_declaration_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageGifts>,
    input: &DeclarationInput,
) -> prongsai_kernel::Result<gift_declaration::Model> {
    let org = auth.organization_id();
    let v = validate_declaration(txn, org, None, input).await?;
    let now = prongsai_kernel::clock::now();
    let saved = gift_declaration::ActiveModel {
        organization_id: Set(org),
        fiscal_year: Set(v.fiscal_year),
        title_th: Set(v.title_th),
        body_th: Set(v.body_th),
        title_en: Set(v.title_en),
        body_en: Set(v.body_en),
        signed_by: Set(None),
        signer_name: Set(String::new()),
        signer_position: Set(String::new()),
        signed_at: Set(None),
        signature_audit_id: Set(None),
        signature_hash: Set(String::new()),
        annual_notes: Set(String::new()),
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
        "gift_declaration.create",
        Target::new(KIND, saved.id),
        json!({ "fiscal_year": saved.fiscal_year }),
    )
    .await?;
    Ok(saved)
}

async fn get_declaration_in(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<gift_declaration::Model> {
    gift_declaration::Entity::find_by_id(id)
        .filter(gift_declaration::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn update_declaration(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    id: i64,
    input: &DeclarationInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_declaration_in(&txn, org, id).await?;
    if existing.signed_at.is_some() {
        return Err(Error::invalid(
            "body_th",
            "ประกาศที่ผู้บริหารลงนามแล้วแก้ไขไม่ได้ หากต้องแก้ไขให้จัดทำประกาศฉบับใหม่",
        ));
    }
    let v = validate_declaration(&txn, org, Some(id), input).await?;
    let mut a = existing.into_active_model();
    a.fiscal_year = Set(v.fiscal_year);
    a.title_th = Set(v.title_th);
    a.body_th = Set(v.body_th);
    a.title_en = Set(v.title_en);
    a.body_en = Set(v.body_en);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "gift_declaration.update",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Signs the declaration as the signed-in executive: an audit row of that account holding
/// the hash of both languages' text; the declaration keeps the row's id and hash, the
/// signer's name and position, and can no longer be edited.
pub async fn sign_declaration(
    db: &Db,
    auth: &Authorized<SignGiftDeclaration>,
    id: i64,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    sign_declaration_in(&txn, auth, id).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn sign_declaration_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<SignGiftDeclaration>,
    id: i64,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let user_id = auth.actor().user_id().ok_or(Error::Forbidden)?;
    let signer = user::Entity::find_by_id(user_id)
        .filter(user::Column::OrganizationId.eq(org))
        .one(txn)
        .await?
        .ok_or(Error::Forbidden)?;
    let existing = get_declaration_in(txn, org, id).await?;
    if existing.signed_at.is_some() {
        return Err(Error::invalid("sign", "ประกาศนี้ลงนามแล้ว"));
    }
    let sha = content_sha256(&existing);
    let row = audit::record(
        txn,
        Some(org),
        auth.actor(),
        "gift_declaration.sign",
        Target::new(KIND, id),
        json!({ "fiscal_year": existing.fiscal_year, "content_sha256": sha }),
    )
    .await?;
    let mut a = existing.into_active_model();
    a.signed_by = Set(Some(signer.id));
    a.signer_name = Set(signer.display_name.clone());
    a.signer_position = Set(signer.position_th.clone());
    a.signed_at = Set(Some(row.occurred_at));
    a.signature_audit_id = Set(Some(row.id));
    a.signature_hash = Set(row.hash.clone());
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(txn).await?;
    Ok(())
}

/// The signature of a declaration as the audit chain holds it, checked against the text:
/// `None` when unsigned or when the audit row does not match (then it must not be shown).
pub async fn verify_signature(
    db: &impl ConnectionTrait,
    d: &gift_declaration::Model,
) -> prongsai_kernel::Result<Option<SignatureSnapshot>> {
    let (Some(audit_id), Some(signed_at)) = (d.signature_audit_id, d.signed_at) else {
        return Ok(None);
    };
    let Some(row) = audit_entry::Entity::find_by_id(audit_id).one(db).await? else {
        return Ok(None);
    };
    let ok = row.organization_id == Some(d.organization_id)
        && row.action == "gift_declaration.sign"
        && row.target_id == Some(d.id)
        && row.actor_id == d.signed_by
        && row.hash == d.signature_hash
        && row.details["content_sha256"].as_str() == Some(content_sha256(d).as_str());
    Ok(ok.then(|| SignatureSnapshot {
        name: d.signer_name.clone(),
        position: d.signer_position.clone(),
        signed_at,
        audit_seq: row.seq,
        audit_hash: row.hash.clone(),
        content_sha256: content_sha256(d),
    }))
}

pub async fn update_annual_notes(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    id: i64,
    notes: &str,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let notes = notes.trim();
    let mut e = FieldErrors::default();
    e.max_chars("annual_notes", notes, 10_000, "ปัญหาและข้อเสนอแนะ");
    e.into_result()?;
    let txn = db.begin_write().await?;
    let existing = get_declaration_in(&txn, org, id).await?;
    let mut a = existing.into_active_model();
    a.annual_notes = Set(notes.to_owned());
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "gift_declaration.annual_notes",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Staff list rows, newest year first.
pub async fn list_declarations(
    db: &Db,
    auth: &Authorized<ManageGifts>,
) -> prongsai_kernel::Result<Vec<(gift_declaration::Model, PublicationStatus)>> {
    let org = auth.organization_id();
    let rows = gift_declaration::Entity::find()
        .filter(gift_declaration::Column::OrganizationId.eq(org))
        .order_by_desc(gift_declaration::Column::FiscalYear)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for d in rows {
        let status = publication::get_publication_status(db.conn(), org, KIND, d.id).await?;
        out.push((d, status));
    }
    Ok(out)
}

pub struct YearDetail {
    pub declaration: gift_declaration::Model,
    pub status: PublicationStatus,
    pub activities: Vec<gift_activity::Model>,
    pub entries: Vec<gift_entry::Model>,
    pub signature: Option<SignatureSnapshot>,
}

async fn load_year(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<YearDetail> {
    let declaration = get_declaration_in(db, org, id).await?;
    let status = publication::get_publication_status(db, org, KIND, id).await?;
    let activities = gift_activity::Entity::find()
        .filter(gift_activity::Column::OrganizationId.eq(org))
        .filter(gift_activity::Column::DeclarationId.eq(id))
        .order_by_asc(gift_activity::Column::HeldOn)
        .order_by_asc(gift_activity::Column::Id)
        .all(db)
        .await?;
    let entries = gift_entry::Entity::find()
        .filter(gift_entry::Column::OrganizationId.eq(org))
        .filter(gift_entry::Column::DeclarationId.eq(id))
        .order_by_asc(gift_entry::Column::EntryDate)
        .order_by_asc(gift_entry::Column::Id)
        .all(db)
        .await?;
    let signature = verify_signature(db, &declaration).await?;
    Ok(YearDetail {
        declaration,
        status,
        activities,
        entries,
        signature,
    })
}

pub async fn get_year(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    id: i64,
) -> prongsai_kernel::Result<YearDetail> {
    load_year(db.conn(), auth.organization_id(), id).await
}

// ---------- activities ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActivityInput {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub activity_title: String,
    #[serde(default)]
    pub activity_description: String,
    #[serde(default)]
    pub participants: String,
}

pub async fn add_activity(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    id: i64,
    input: &ActivityInput,
) -> prongsai_kernel::Result<gift_activity::Model> {
    let txn = db.begin_write().await?;
    let saved = add_activity_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn add_activity_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageGifts>,
    id: i64,
    input: &ActivityInput,
) -> prongsai_kernel::Result<gift_activity::Model> {
    let org = auth.organization_id();
    let d = get_declaration_in(txn, org, id).await?;
    let fy = FiscalYear::new(d.fiscal_year);
    let mut e = FieldErrors::default();
    let held_on = match parse_date(&input.held_on) {
        Ok(Some(day)) if fy.contains(day) => Some(day),
        Ok(Some(_)) => {
            e.add(
                "held_on",
                format!(
                    "วันที่จัดกิจกรรมต้องอยู่ในปีงบประมาณ {} ({})",
                    d.fiscal_year,
                    fy_range_text(d.fiscal_year)
                ),
            );
            None
        }
        Ok(None) => {
            e.add("held_on", "กรุณาระบุวันที่จัดกิจกรรม");
            None
        }
        Err(err) => {
            e.add("held_on", format!("วันที่จัดกิจกรรม: {err}"));
            None
        }
    };
    let title = e.required("activity_title", &input.activity_title, "ชื่อกิจกรรม");
    e.max_chars("activity_title", &title, 300, "ชื่อกิจกรรม");
    let description = input.activity_description.trim().to_owned();
    e.max_chars(
        "activity_description",
        &description,
        5_000,
        "รายละเอียดกิจกรรม",
    );
    let participants = match prongsai_thai::to_arabic_digits(input.participants.trim()).as_str() {
        "" => 0,
        raw => match raw.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => n,
            _ => {
                e.add("participants", "จำนวนผู้เข้าร่วมต้องเป็นจำนวนเต็มไม่ติดลบ");
                0
            }
        },
    };
    e.into_result()?;
    let saved = gift_activity::ActiveModel {
        organization_id: Set(org),
        declaration_id: Set(id),
        held_on: Set(held_on.unwrap_or(fy.start())),
        title: Set(title),
        description: Set(description),
        participants: Set(participants),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "gift_activity.create",
        Target::new("gift_activity", saved.id),
        json!({ "declaration_id": id }),
    )
    .await?;
    Ok(saved)
}

// ---------- register ----------

#[derive(Clone, Debug, Default, Deserialize)]
pub struct EntryInput {
    #[serde(default)]
    pub entry_kind: String,
    #[serde(default)]
    pub entry_date: String,
    #[serde(default)]
    pub giver_relation: String,
    #[serde(default)]
    pub gift_description: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub recipient_position: String,
}

pub async fn add_entry(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    id: i64,
    input: &EntryInput,
) -> prongsai_kernel::Result<gift_entry::Model> {
    let txn = db.begin_write().await?;
    let saved = add_entry_in(&txn, auth, id, input).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn entries_of(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<Vec<gift_entry::Model>> {
    Ok(gift_entry::Entity::find()
        .filter(gift_entry::Column::OrganizationId.eq(org))
        .filter(gift_entry::Column::DeclarationId.eq(id))
        .all(db)
        .await?)
}

pub async fn add_entry_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageGifts>,
    id: i64,
    input: &EntryInput,
) -> prongsai_kernel::Result<gift_entry::Model> {
    let org = auth.organization_id();
    let d = get_declaration_in(txn, org, id).await?;
    let existing = entries_of(txn, org, id).await?;
    let fy = FiscalYear::new(d.fiscal_year);
    let mut e = FieldErrors::default();
    let kind = input.entry_kind.trim();
    if kind != "received" && kind != "refused" {
        e.add("entry_kind", "กรุณาเลือกว่ารับไว้หรือปฏิเสธ");
    }
    let entry_date = match parse_date(&input.entry_date) {
        Ok(Some(day)) if !fy.contains(day) => {
            e.add(
                "entry_date",
                format!(
                    "วันที่ต้องอยู่ในปีงบประมาณ {} ({})",
                    d.fiscal_year,
                    fy_range_text(d.fiscal_year)
                ),
            );
            None
        }
        Ok(Some(day)) => {
            if existing
                .iter()
                .any(|x| x.kind == "nil" && same_month(x.entry_date, day))
            {
                e.add(
                    "entry_date",
                    "เดือนนี้รายงานแล้วว่าไม่มีการรับของขวัญ กรุณาตรวจสอบรายงานประจำเดือน",
                );
            }
            Some(day)
        }
        Ok(None) => {
            e.add("entry_date", "กรุณาระบุวันที่");
            None
        }
        Err(err) => {
            e.add("entry_date", format!("วันที่: {err}"));
            None
        }
    };
    let giver_relation = e.required("giver_relation", &input.giver_relation, "ความสัมพันธ์ของผู้ให้");
    e.max_chars("giver_relation", &giver_relation, 200, "ความสัมพันธ์ของผู้ให้");
    let description = e.required(
        "gift_description",
        &input.gift_description,
        "รายการของขวัญหรือประโยชน์",
    );
    e.max_chars(
        "gift_description",
        &description,
        2_000,
        "รายการของขวัญหรือประโยชน์",
    );
    let value = match prongsai_thai::parse_baht(&input.value) {
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
    let decision = input.decision.trim();
    if !DECISIONS.iter().any(|x| x.0 == decision) {
        e.add("decision", "กรุณาเลือกการดำเนินการ");
    } else if kind == "refused" && decision != "refused" {
        e.add("decision", "รายการที่ปฏิเสธต้องเลือก \"ปฏิเสธการรับ\"");
    } else if kind == "received" && decision == "refused" {
        e.add(
            "decision",
            "รายการที่รับไว้ต้องระบุว่าส่งคืน ส่งมอบ หรือรับไว้ตามหลักเกณฑ์",
        );
    } else if decision == "kept" && value > KEEP_LIMIT_SATANG {
        e.add(
            "decision",
            "ของขวัญมูลค่าเกิน 3,000 บาทรับไว้เป็นของตนเองไม่ได้ ต้องส่งคืนหรือส่งมอบให้หน่วยงาน",
        );
    }
    let recipient_position = input.recipient_position.trim().to_owned();
    e.max_chars("recipient_position", &recipient_position, 200, "ตำแหน่งผู้รับ");
    e.into_result()?;
    let saved = gift_entry::ActiveModel {
        organization_id: Set(org),
        declaration_id: Set(id),
        kind: Set(kind.to_owned()),
        entry_date: Set(entry_date.unwrap_or(fy.start())),
        giver_relation: Set(giver_relation),
        description: Set(description),
        value_satang: Set(value),
        decision: Set(decision.to_owned()),
        recipient_position: Set(recipient_position),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "gift_entry.create",
        Target::new("gift_entry", saved.id),
        json!({ "declaration_id": id, "kind": kind }),
    )
    .await?;
    Ok(saved)
}

/// Records that nobody received a gift in a month ("ไม่มีการรับของขวัญ").
pub async fn add_nil_report(
    db: &Db,
    auth: &Authorized<ManageGifts>,
    id: i64,
    month: &str,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    add_nil_report_in(&txn, auth, id, month).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn add_nil_report_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageGifts>,
    id: i64,
    month: &str,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let d = get_declaration_in(txn, org, id).await?;
    let months = months_of(d.fiscal_year);
    let Some(first) = month
        .trim()
        .parse::<NaiveDate>()
        .ok()
        .filter(|m| months.contains(m))
    else {
        return Err(Error::invalid(
            "nil_month",
            format!("กรุณาเลือกเดือนในปีงบประมาณ {}", d.fiscal_year),
        ));
    };
    let existing = entries_of(txn, org, id).await?;
    if existing
        .iter()
        .any(|x| x.kind == "nil" && same_month(x.entry_date, first))
    {
        return Err(Error::invalid("nil_month", "เดือนนี้รายงานแล้ว"));
    }
    if existing
        .iter()
        .any(|x| x.kind != "nil" && same_month(x.entry_date, first))
    {
        return Err(Error::invalid(
            "nil_month",
            "เดือนนี้มีรายการรับหรือปฏิเสธของขวัญในทะเบียนแล้ว จึงรายงานว่าไม่มีการรับไม่ได้",
        ));
    }
    let saved = gift_entry::ActiveModel {
        organization_id: Set(org),
        declaration_id: Set(id),
        kind: Set("nil".to_owned()),
        entry_date: Set(first),
        giver_relation: Set(String::new()),
        description: Set("ไม่มีการรับของขวัญ".to_owned()),
        value_satang: Set(0),
        decision: Set(String::new()),
        recipient_position: Set(String::new()),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "gift_entry.nil_report",
        Target::new("gift_entry", saved.id),
        json!({ "declaration_id": id, "month": first }),
    )
    .await?;
    Ok(())
}

// ---------- publication ----------

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignatureSnapshot {
    pub name: String,
    pub position: String,
    pub signed_at: DateTime<Utc>,
    pub audit_seq: i64,
    pub audit_hash: String,
    pub content_sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActivitySnapshot {
    pub held_on: NaiveDate,
    pub title: String,
    pub description: String,
    pub participants: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EntrySnapshot {
    pub kind: String,
    pub entry_date: NaiveDate,
    pub giver_relation: String,
    pub description: String,
    pub value_satang: i64,
    pub decision: String,
    pub decision_th: String,
    pub decision_en: String,
    pub recipient_position: String,
}

/// One month of the register: what was recorded, or that nothing was reported.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MonthSnapshot {
    pub month: NaiveDate,
    pub received: usize,
    pub refused: usize,
    pub nil_report: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GiftYearSnapshot {
    pub fiscal_year: i32,
    pub title_th: String,
    pub body_th: String,
    pub title_en: String,
    pub body_en: String,
    pub signature: Option<SignatureSnapshot>,
    pub activities: Vec<ActivitySnapshot>,
    pub entries: Vec<EntrySnapshot>,
    pub months: Vec<MonthSnapshot>,
    pub received: usize,
    pub refused: usize,
    pub value_satang: i64,
    pub annual_notes: String,
}

impl GiftYearSnapshot {
    pub fn of(y: &YearDetail) -> Self {
        let d = &y.declaration;
        let gifts: Vec<&gift_entry::Model> = y.entries.iter().filter(|e| e.kind != "nil").collect();
        let months = months_of(d.fiscal_year)
            .into_iter()
            .map(|m| MonthSnapshot {
                month: m,
                received: gifts
                    .iter()
                    .filter(|e| e.kind == "received" && same_month(e.entry_date, m))
                    .count(),
                refused: gifts
                    .iter()
                    .filter(|e| e.kind == "refused" && same_month(e.entry_date, m))
                    .count(),
                nil_report: y
                    .entries
                    .iter()
                    .any(|e| e.kind == "nil" && same_month(e.entry_date, m)),
            })
            .collect();
        Self {
            fiscal_year: d.fiscal_year,
            title_th: d.title_th.clone(),
            body_th: d.body_th.clone(),
            title_en: d.title_en.clone(),
            body_en: d.body_en.clone(),
            signature: y.signature.clone(),
            activities: y
                .activities
                .iter()
                .map(|a| ActivitySnapshot {
                    held_on: a.held_on,
                    title: a.title.clone(),
                    description: a.description.clone(),
                    participants: a.participants,
                })
                .collect(),
            entries: gifts
                .iter()
                .map(|e| EntrySnapshot {
                    kind: e.kind.clone(),
                    entry_date: e.entry_date,
                    giver_relation: e.giver_relation.clone(),
                    description: e.description.clone(),
                    value_satang: e.value_satang,
                    decision: e.decision.clone(),
                    decision_th: decision_th(&e.decision).to_owned(),
                    decision_en: decision_en(&e.decision).to_owned(),
                    recipient_position: e.recipient_position.clone(),
                })
                .collect(),
            months,
            received: gifts.iter().filter(|e| e.kind == "received").count(),
            refused: gifts.iter().filter(|e| e.kind == "refused").count(),
            value_satang: gifts.iter().map(|e| e.value_satang).sum(),
            annual_notes: d.annual_notes.clone(),
        }
    }

    pub fn nil_months(&self) -> usize {
        self.months.iter().filter(|m| m.nil_report).count()
    }
}

pub async fn publish_year(
    db: &Db,
    auth: &Authorized<PublishGifts>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_year_in(&txn, auth, id, change_note).await?;
    txn.commit().await?;
    Ok(v)
}

pub async fn publish_year_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<PublishGifts>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let y = load_year(txn, org, id).await?;
    if y.signature.is_none() {
        return Err(Error::invalid(
            "publish",
            "ยังเผยแพร่ไม่ได้: ผู้บริหารสูงสุดต้องลงนามในประกาศก่อน",
        ));
    }
    let snapshot = GiftYearSnapshot::of(&y);
    let d = &y.declaration;
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &d.title_th,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(d.fiscal_year),
            category: None,
        },
    )
    .await?;
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/no-gift/{}", d.fiscal_year),
            title: &d.title_th,
            body: &d.body_th,
            published_at: version.published_at,
            fiscal_year: Some(d.fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn withdraw_year(
    db: &Db,
    auth: &Authorized<PublishGifts>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let txn = db.begin_write().await?;
    get_declaration_in(&txn, auth.organization_id(), id).await?;
    publication::withdraw(&txn, auth, KIND, id, reason).await?;
    prongsai_search::remove_record(&txn, auth.organization_id(), KIND, id).await?;
    txn.commit().await?;
    Ok(())
}

pub struct PublicYear {
    pub record: PublishedRecord,
    pub snapshot: GiftYearSnapshot,
}

impl PublicYear {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

pub async fn list_public_years(
    db: &Db,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<PublicYear>> {
    let records =
        publication::list_all_published(db.conn(), organization_id, KIND, &ListFilter::default())
            .await?;
    let mut out = records
        .into_iter()
        .map(PublicYear::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    out.sort_by_key(|a| std::cmp::Reverse(a.snapshot.fiscal_year));
    Ok(out)
}

pub async fn get_public_year(
    db: &Db,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<PublicYear> {
    let (records, _) = publication::list_published(
        db.conn(),
        organization_id,
        KIND,
        &ListFilter {
            fiscal_year: Some(fiscal_year),
            category: None,
        },
        0,
        1,
    )
    .await?;
    PublicYear::from_record(records.into_iter().next().ok_or(Error::NotFound)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fiscal_year_has_twelve_months_from_october() {
        let m = months_of(2569);
        assert_eq!(m.len(), 12);
        assert_eq!(m[0], NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
        assert_eq!(m[3], NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(m[11], NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
    }
}
