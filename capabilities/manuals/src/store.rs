//! Manuals: drafting (every field of ita-catalog §5.7 a field), completeness checks,
//! publication with history, and what the public and the e-services read.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_db::Db;
use prongsai_db::entities::{attachment, division};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_files::{CheckedFile, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_thai::calendar::{Holidays, add_working_days, is_working_day};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{
    Channel, DurationUnit, MINUTES_PER_WORKING_DAY, ManualKind, manual, manual_document,
    manual_law, manual_step,
};
use crate::permissions::{ManageManuals, PublishManuals};

pub const MAX_TITLE: usize = 300;
pub const MAX_TEXT: usize = 4000;
pub const MAX_LINE: usize = 500;
/// More rows than this in one list is a mistake (or an attack), not a manual.
pub const MAX_ROWS: usize = 60;

/// Attachments detached from a manual keep their row (old versions named them) under
/// this owner kind, so they no longer belong to the manual.
const DETACHED_KIND: &str = "manual.detached";

// ---------- what the staff form sends ----------

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepInput {
    pub title: String,
    pub detail: String,
    pub amount: String,
    pub unit: String,
    pub responsible: String,
}

impl StepInput {
    fn is_blank(&self) -> bool {
        [&self.title, &self.detail, &self.amount, &self.responsible]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentInput {
    pub name: String,
    pub originals: String,
    pub copies: String,
    pub note: String,
}

impl DocumentInput {
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.note.trim().is_empty()
    }
}

/// The staff form of a manual, every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManualInput {
    pub title: String,
    pub division_id: String,
    pub purpose: String,
    pub place: String,
    pub service_hours: String,
    pub channels: Vec<String>,
    pub channel_note: String,
    pub conditions: String,
    pub no_documents: bool,
    pub fee: String,
    pub no_fee: bool,
    pub fee_note: String,
    pub complaint_channel: String,
    pub no_sample_forms: bool,
    pub steps: Vec<StepInput>,
    pub documents: Vec<DocumentInput>,
    pub laws: Vec<String>,
}

fn ticked(v: &str) -> bool {
    matches!(v, "1" | "on" | "true")
}

impl ManualInput {
    /// Reads the form's fields; rows come as repeated names (`step_title`, `step_amount`...)
    /// in order.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |name: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let (st, sd, sa, su, sr) = (
            all("step_title"),
            all("step_detail"),
            all("step_amount"),
            all("step_unit"),
            all("step_responsible"),
        );
        let n = [st.len(), sd.len(), sa.len(), sr.len()]
            .into_iter()
            .max()
            .unwrap_or(0);
        let steps = (0..n)
            .map(|i| StepInput {
                title: at(&st, i),
                detail: at(&sd, i),
                amount: at(&sa, i),
                unit: at(&su, i),
                responsible: at(&sr, i),
            })
            .filter(|s| !s.is_blank())
            .collect();
        let (dn, dorig, dcop, dnote) = (
            all("doc_name"),
            all("doc_originals"),
            all("doc_copies"),
            all("doc_note"),
        );
        let n = dn.len().max(dnote.len());
        let documents = (0..n)
            .map(|i| DocumentInput {
                name: at(&dn, i),
                originals: at(&dorig, i),
                copies: at(&dcop, i),
                note: at(&dnote, i),
            })
            .filter(|d| !d.is_blank())
            .collect();
        ManualInput {
            title: get("title"),
            division_id: get("division_id"),
            purpose: get("purpose"),
            place: get("place"),
            service_hours: get("service_hours"),
            channels: all("channels"),
            channel_note: get("channel_note"),
            conditions: get("conditions"),
            no_documents: ticked(&get("no_documents")),
            fee: get("fee"),
            no_fee: ticked(&get("no_fee")),
            fee_note: get("fee_note"),
            complaint_channel: get("complaint_channel"),
            no_sample_forms: ticked(&get("no_sample_forms")),
            steps,
            documents,
            laws: all("law")
                .into_iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
        }
    }

    pub fn has_channel(&self, code: &str) -> bool {
        self.channels.iter().any(|c| c == code)
    }
}

/// A whole number typed with Arabic or Thai digits, with commas allowed.
fn parse_count(raw: &str) -> Option<i64> {
    let s: String = prongsai_thai::to_arabic_digits(raw.trim())
        .chars()
        .filter(|c| *c != ',')
        .collect();
    s.parse::<i64>().ok()
}

struct ValidStep {
    title: String,
    detail: String,
    amount: i32,
    unit: DurationUnit,
    responsible: String,
}

struct ValidDocument {
    name: String,
    originals: i32,
    copies: i32,
    note: String,
}

struct ValidManual {
    title: String,
    division_id: Option<i64>,
    purpose: String,
    place: String,
    service_hours: String,
    channels: Vec<Channel>,
    channel_note: String,
    conditions: String,
    no_documents: bool,
    fee_satang: Option<i64>,
    no_fee: bool,
    fee_note: String,
    complaint_channel: String,
    no_sample_forms: bool,
    steps: Vec<ValidStep>,
    documents: Vec<ValidDocument>,
    laws: Vec<String>,
}

/// Checks what a draft may hold: the right shapes and lengths. Whether the manual is
/// complete is checked when it is published ([`completeness_errors`]).
async fn validate_draft(
    db: &impl ConnectionTrait,
    organization_id: i64,
    input: &ManualInput,
) -> prongsai_kernel::Result<ValidManual> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่อคู่มือ (ชื่องาน)");
    e.max_chars("title", &title, MAX_TITLE, "ชื่อคู่มือ");
    let text = |e: &mut FieldErrors, field: &'static str, v: &str, max: usize, label: &str| {
        let v = v.trim().to_owned();
        e.max_chars(field, &v, max, label);
        v
    };
    let purpose = text(&mut e, "purpose", &input.purpose, MAX_TEXT, "วัตถุประสงค์");
    let place = text(&mut e, "place", &input.place, MAX_LINE, "สถานที่ให้บริการ");
    let service_hours = text(
        &mut e,
        "service_hours",
        &input.service_hours,
        MAX_LINE,
        "ระยะเวลาเปิดให้บริการ",
    );
    let channel_note = text(
        &mut e,
        "channel_note",
        &input.channel_note,
        MAX_LINE,
        "รายละเอียดช่องทาง",
    );
    let conditions = text(
        &mut e,
        "conditions",
        &input.conditions,
        MAX_TEXT,
        "หลักเกณฑ์ วิธีการ เงื่อนไข",
    );
    let fee_note = text(
        &mut e,
        "fee_note",
        &input.fee_note,
        MAX_LINE,
        "หมายเหตุค่าธรรมเนียม",
    );
    let complaint_channel = text(
        &mut e,
        "complaint_channel",
        &input.complaint_channel,
        MAX_TEXT,
        "ช่องทางการร้องเรียน",
    );
    let division_id = match input.division_id.trim() {
        "" => None,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(id) => division::Entity::find_by_id(id)
                    .filter(division::Column::OrganizationId.eq(organization_id))
                    .one(db)
                    .await?
                    .map(|d| d.id),
                Err(_) => None,
            };
            if found.is_none() {
                e.add("division_id", "ไม่พบส่วนงานที่เลือก");
            }
            found
        }
    };
    let mut channels = Vec::new();
    for code in &input.channels {
        match Channel::from_code(code) {
            Some(c) if !channels.contains(&c) => channels.push(c),
            Some(_) => {}
            None => e.add("channels", "ช่องทางให้บริการที่เลือกไม่ถูกต้อง"),
        }
    }
    let fee_satang = match input.fee.trim() {
        "" => None,
        raw => match prongsai_thai::parse_baht(raw) {
            Ok(v) if v > 0 => Some(v),
            Ok(_) => {
                e.add(
                    "fee",
                    "ค่าธรรมเนียมต้องมากกว่า 0 บาท หากไม่มีค่าธรรมเนียม ให้เลือก \"ไม่มีค่าธรรมเนียม\"",
                );
                None
            }
            Err(_) => {
                e.add("fee", "ค่าธรรมเนียมต้องเป็นจำนวนเงิน เช่น 20 หรือ 1,250.50");
                None
            }
        },
    };
    if input.no_fee && !input.fee.trim().is_empty() {
        e.add(
            "fee",
            "กรอกค่าธรรมเนียม หรือเลือก \"ไม่มีค่าธรรมเนียม\" อย่างใดอย่างหนึ่ง",
        );
    }
    if input.steps.len() > MAX_ROWS
        || input.documents.len() > MAX_ROWS
        || input.laws.len() > MAX_ROWS
    {
        e.add("steps", format!("รายการยาวเกิน {MAX_ROWS} แถว"));
    }
    let mut steps = Vec::new();
    for (i, s) in input.steps.iter().enumerate() {
        let n = i + 1;
        let amount = match s.amount.trim() {
            "" => 0,
            raw => match parse_count(raw) {
                Some(v) if (1..=10_000).contains(&v) => v as i32,
                _ => {
                    e.add(
                        "steps",
                        format!("ขั้นตอนที่ {n}: ระยะเวลาต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 10,000"),
                    );
                    0
                }
            },
        };
        let unit = match DurationUnit::from_code(s.unit.trim()) {
            Some(u) => u,
            None if s.unit.trim().is_empty() => DurationUnit::WorkingDays,
            None => {
                e.add("steps", format!("ขั้นตอนที่ {n}: หน่วยของระยะเวลาไม่ถูกต้อง"));
                DurationUnit::WorkingDays
            }
        };
        let title = s.title.trim().to_owned();
        e.max_chars("steps", &title, MAX_LINE, &format!("ขั้นตอนที่ {n}"));
        let detail = s.detail.trim().to_owned();
        e.max_chars("steps", &detail, MAX_TEXT, &format!("รายละเอียดขั้นตอนที่ {n}"));
        let responsible = s.responsible.trim().to_owned();
        e.max_chars(
            "steps",
            &responsible,
            MAX_LINE,
            &format!("ผู้รับผิดชอบขั้นตอนที่ {n}"),
        );
        steps.push(ValidStep {
            title,
            detail,
            amount,
            unit,
            responsible,
        });
    }
    let mut documents = Vec::new();
    for (i, d) in input.documents.iter().enumerate() {
        let n = i + 1;
        let count = |e: &mut FieldErrors, raw: &str, what: &str| match raw.trim() {
            "" => 0,
            raw => match parse_count(raw) {
                Some(v) if (0..=99).contains(&v) => v as i32,
                _ => {
                    e.add(
                        "documents",
                        format!("เอกสารลำดับที่ {n}: จำนวน{what}ต้องเป็นจำนวนเต็ม 0 ถึง 99"),
                    );
                    0
                }
            },
        };
        let originals = count(&mut e, &d.originals, "ฉบับจริง");
        let copies = count(&mut e, &d.copies, "สำเนา");
        let name = d.name.trim().to_owned();
        e.max_chars("documents", &name, MAX_LINE, &format!("เอกสารลำดับที่ {n}"));
        let note = d.note.trim().to_owned();
        e.max_chars(
            "documents",
            &note,
            MAX_LINE,
            &format!("หมายเหตุเอกสารลำดับที่ {n}"),
        );
        documents.push(ValidDocument {
            name,
            originals,
            copies,
            note,
        });
    }
    for (i, l) in input.laws.iter().enumerate() {
        e.max_chars("laws", l, MAX_LINE, &format!("กฎหมายลำดับที่ {}", i + 1));
    }
    e.into_result()?;
    Ok(ValidManual {
        title,
        division_id,
        purpose,
        place,
        service_hours,
        channels,
        channel_note,
        conditions,
        no_documents: input.no_documents,
        fee_satang,
        no_fee: input.no_fee,
        fee_note,
        complaint_channel,
        no_sample_forms: input.no_sample_forms,
        steps,
        documents,
        laws: input.laws.clone(),
    })
}

// ---------- drafting ----------

async fn get_manual_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<manual::Model> {
    manual::Entity::find_by_id(id)
        .filter(manual::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

async fn replace_rows(
    txn: &DatabaseTransaction,
    organization_id: i64,
    manual_id: i64,
    v: &ValidManual,
) -> prongsai_kernel::Result<()> {
    manual_step::Entity::delete_many()
        .filter(manual_step::Column::ManualId.eq(manual_id))
        .exec(txn)
        .await?;
    manual_document::Entity::delete_many()
        .filter(manual_document::Column::ManualId.eq(manual_id))
        .exec(txn)
        .await?;
    manual_law::Entity::delete_many()
        .filter(manual_law::Column::ManualId.eq(manual_id))
        .exec(txn)
        .await?;
    for (i, s) in v.steps.iter().enumerate() {
        manual_step::ActiveModel {
            organization_id: Set(organization_id),
            manual_id: Set(manual_id),
            position: Set(i as i32),
            title: Set(s.title.clone()),
            detail: Set(s.detail.clone()),
            duration_amount: Set(s.amount),
            duration_unit: Set(s.unit.code().to_owned()),
            responsible: Set(s.responsible.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (i, d) in v.documents.iter().enumerate() {
        manual_document::ActiveModel {
            organization_id: Set(organization_id),
            manual_id: Set(manual_id),
            position: Set(i as i32),
            name: Set(d.name.clone()),
            originals: Set(d.originals),
            copies: Set(d.copies),
            note: Set(d.note.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (i, l) in v.laws.iter().enumerate() {
        manual_law::ActiveModel {
            organization_id: Set(organization_id),
            manual_id: Set(manual_id),
            position: Set(i as i32),
            title: Set(l.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

fn channel_codes(channels: &[Channel]) -> serde_json::Value {
    json!(channels.iter().map(|c| c.code()).collect::<Vec<_>>())
}

/// Creates a draft manual of `kind`. The audit row names the manual, never its text.
pub async fn create_manual(
    db: &Db,
    auth: &Authorized<ManageManuals>,
    kind: ManualKind,
    input: &ManualInput,
) -> prongsai_kernel::Result<i64> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let v = validate_draft(&txn, org, input).await?;
    let id = create_manual_in(&txn, auth, kind, &v).await?;
    txn.commit().await?;
    Ok(id)
}

async fn create_manual_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageManuals>,
    kind: ManualKind,
    v: &ValidManual,
) -> prongsai_kernel::Result<i64> {
    let org = auth.organization_id();
    let now = prongsai_kernel::clock::now();
    let saved = manual::ActiveModel {
        organization_id: Set(org),
        kind: Set(kind.code().to_owned()),
        title: Set(v.title.clone()),
        division_id: Set(v.division_id),
        purpose: Set(v.purpose.clone()),
        place: Set(v.place.clone()),
        service_hours: Set(v.service_hours.clone()),
        channels: Set(channel_codes(&v.channels)),
        channel_note: Set(v.channel_note.clone()),
        conditions: Set(v.conditions.clone()),
        no_documents: Set(v.no_documents),
        fee_satang: Set(v.fee_satang),
        no_fee: Set(v.no_fee),
        fee_note: Set(v.fee_note.clone()),
        complaint_channel: Set(v.complaint_channel.clone()),
        no_sample_forms: Set(v.no_sample_forms),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    replace_rows(txn, org, saved.id, v).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "manual.create",
        Target::new(KIND, saved.id),
        json!({ "kind": kind.code() }),
    )
    .await?;
    Ok(saved.id)
}

/// Saves the draft of a manual (the published version stays as it was until published
/// again).
pub async fn update_manual(
    db: &Db,
    auth: &Authorized<ManageManuals>,
    id: i64,
    input: &ManualInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_manual_in(&txn, org, id).await?;
    let v = validate_draft(&txn, org, input).await?;
    let mut a = existing.into_active_model();
    a.title = Set(v.title.clone());
    a.division_id = Set(v.division_id);
    a.purpose = Set(v.purpose.clone());
    a.place = Set(v.place.clone());
    a.service_hours = Set(v.service_hours.clone());
    a.channels = Set(channel_codes(&v.channels));
    a.channel_note = Set(v.channel_note.clone());
    a.conditions = Set(v.conditions.clone());
    a.no_documents = Set(v.no_documents);
    a.fee_satang = Set(v.fee_satang);
    a.no_fee = Set(v.no_fee);
    a.fee_note = Set(v.fee_note.clone());
    a.complaint_channel = Set(v.complaint_channel.clone());
    a.no_sample_forms = Set(v.no_sample_forms);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    replace_rows(&txn, org, id, &v).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "manual.update",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A manual with everything that belongs to it, for staff.
#[derive(Clone, Debug)]
pub struct ManualRecord {
    pub manual: manual::Model,
    pub steps: Vec<manual_step::Model>,
    pub documents: Vec<manual_document::Model>,
    pub laws: Vec<manual_law::Model>,
    pub attachments: Vec<attachment::Model>,
    pub status: PublicationStatus,
}

impl ManualRecord {
    pub fn kind(&self) -> ManualKind {
        ManualKind::from_code(&self.manual.kind).unwrap_or(ManualKind::Work)
    }

    /// The staff form filled in with the stored draft.
    pub fn input(&self) -> ManualInput {
        let m = &self.manual;
        ManualInput {
            title: m.title.clone(),
            division_id: m.division_id.map(|d| d.to_string()).unwrap_or_default(),
            purpose: m.purpose.clone(),
            place: m.place.clone(),
            service_hours: m.service_hours.clone(),
            channels: channel_list(&m.channels),
            channel_note: m.channel_note.clone(),
            conditions: m.conditions.clone(),
            no_documents: m.no_documents,
            fee: m
                .fee_satang
                .map(prongsai_thai::format_baht)
                .unwrap_or_default(),
            no_fee: m.no_fee,
            fee_note: m.fee_note.clone(),
            complaint_channel: m.complaint_channel.clone(),
            no_sample_forms: m.no_sample_forms,
            steps: self
                .steps
                .iter()
                .map(|s| StepInput {
                    title: s.title.clone(),
                    detail: s.detail.clone(),
                    amount: if s.duration_amount > 0 {
                        s.duration_amount.to_string()
                    } else {
                        String::new()
                    },
                    unit: s.duration_unit.clone(),
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
            laws: self.laws.iter().map(|l| l.title.clone()).collect(),
        }
    }
}

fn channel_list(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn load_record(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<ManualRecord> {
    let manual = get_manual_in(db, organization_id, id).await?;
    let steps = manual_step::Entity::find()
        .filter(manual_step::Column::ManualId.eq(id))
        .order_by_asc(manual_step::Column::Position)
        .all(db)
        .await?;
    let documents = manual_document::Entity::find()
        .filter(manual_document::Column::ManualId.eq(id))
        .order_by_asc(manual_document::Column::Position)
        .all(db)
        .await?;
    let laws = manual_law::Entity::find()
        .filter(manual_law::Column::ManualId.eq(id))
        .order_by_asc(manual_law::Column::Position)
        .all(db)
        .await?;
    let attachments = prongsai_files::list_attachments(db, organization_id, KIND, id).await?;
    let status = publication::get_publication_status(db, organization_id, KIND, id).await?;
    Ok(ManualRecord {
        manual,
        steps,
        documents,
        laws,
        attachments,
        status,
    })
}

/// One manual with its rows, for staff.
pub async fn get_manual(
    db: &Db,
    auth: &Authorized<ManageManuals>,
    id: i64,
) -> prongsai_kernel::Result<ManualRecord> {
    load_record(db.conn(), auth.organization_id(), id).await
}

/// A line of the staff list.
pub struct ManualListItem {
    pub manual: manual::Model,
    pub status: PublicationStatus,
}

/// Every manual of the organization (of one kind, or both), by title.
pub async fn list_manuals(
    db: &Db,
    auth: &Authorized<ManageManuals>,
    kind: Option<ManualKind>,
) -> prongsai_kernel::Result<Vec<ManualListItem>> {
    let org = auth.organization_id();
    let mut q = manual::Entity::find().filter(manual::Column::OrganizationId.eq(org));
    if let Some(k) = kind {
        q = q.filter(manual::Column::Kind.eq(k.code()));
    }
    let rows = q
        .order_by_asc(manual::Column::Kind)
        .order_by_asc(manual::Column::Title)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let status = publication::get_publication_status(db.conn(), org, KIND, m.id).await?;
        out.push(ManualListItem { manual: m, status });
    }
    Ok(out)
}

/// Attaches a sample form (แบบฟอร์ม), checked by content, to a manual.
pub async fn attach_sample_form(
    db: &Db,
    files: &FileStore,
    auth: &Authorized<ManageManuals>,
    id: i64,
    file: &CheckedFile,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_manual_in(&txn, org, id).await?;
    let saved = prongsai_files::store_attachment(&txn, files, auth, KIND, id, file).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "manual.attach",
        Target::new(KIND, id),
        json!({ "attachment": saved.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes a sample form off a manual (from the next published version on).
pub async fn detach_sample_form(
    db: &Db,
    auth: &Authorized<ManageManuals>,
    id: i64,
    attachment_id: i64,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_manual_in(&txn, org, id).await?;
    let a = prongsai_files::get_attachment(&txn, org, attachment_id).await?;
    if a.owner_kind != KIND || a.owner_id != id {
        return Err(Error::NotFound);
    }
    let mut active = a.into_active_model();
    active.owner_kind = Set(DETACHED_KIND.to_owned());
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "manual.detach",
        Target::new(KIND, id),
        json!({ "attachment": attachment_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- completeness and publication ----------

/// What a manual lacks before it may be published, each in Thai next to its field: the
/// ITA asks that no field be left blank, and that "none" be said explicitly (no fee, no
/// documents).
pub fn completeness_errors(record: &ManualRecord) -> FieldErrors {
    let m = &record.manual;
    let mut e = FieldErrors::default();
    let blank = |s: &str| s.trim().is_empty();
    if blank(&m.title) {
        e.add("title", "กรุณากรอกชื่อคู่มือ (ชื่องาน)");
    }
    if m.division_id.is_none() {
        e.add("division_id", "กรุณาเลือกส่วนงานที่รับผิดชอบ");
    }
    if record.steps.is_empty() {
        e.add(
            "steps",
            "กรุณากรอกขั้นตอนอย่างน้อย 1 ขั้นตอน พร้อมระยะเวลาของแต่ละขั้นตอน",
        );
    }
    for (i, s) in record.steps.iter().enumerate() {
        let n = i + 1;
        if blank(&s.title) {
            e.add("steps", format!("ขั้นตอนที่ {n}: กรุณากรอกชื่อขั้นตอน"));
        }
        if s.duration_amount <= 0 {
            e.add("steps", format!("ขั้นตอนที่ {n}: กรุณากรอกระยะเวลาของขั้นตอน"));
        }
    }
    if record.laws.is_empty() {
        e.add("laws", "กรุณากรอกกฎหมายที่เกี่ยวข้องอย่างน้อย 1 ฉบับ");
    }
    if record.kind() == ManualKind::Service {
        if blank(&m.place) {
            e.add("place", "กรุณากรอกสถานที่ให้บริการ");
        }
        if blank(&m.service_hours) {
            e.add("service_hours", "กรุณากรอกระยะเวลาเปิดให้บริการ");
        }
        if channel_list(&m.channels).is_empty() {
            e.add("channels", "กรุณาเลือกช่องทางให้บริการอย่างน้อย 1 ช่องทาง");
        }
        if blank(&m.conditions) {
            e.add(
                "conditions",
                "กรุณากรอกหลักเกณฑ์ วิธีการ เงื่อนไข (หากไม่มี ให้พิมพ์ว่า \"ไม่มี\")",
            );
        }
        match (record.documents.is_empty(), m.no_documents) {
            (true, false) => e.add(
                "documents",
                "กรุณากรอกรายการเอกสารหลักฐาน หรือเลือก \"ไม่มี\" หากไม่ต้องใช้เอกสาร",
            ),
            (false, true) => e.add(
                "documents",
                "มีรายการเอกสารอยู่แล้ว จึงเลือก \"ไม่มี\" ไม่ได้: ลบรายการเอกสาร หรือยกเลิกการเลือก \"ไม่มี\"",
            ),
            _ => {}
        }
        for (i, d) in record.documents.iter().enumerate() {
            let n = i + 1;
            if blank(&d.name) {
                e.add("documents", format!("เอกสารลำดับที่ {n}: กรุณากรอกชื่อเอกสาร"));
            }
            if d.originals + d.copies == 0 {
                e.add(
                    "documents",
                    format!("เอกสารลำดับที่ {n}: กรุณากรอกจำนวนฉบับจริงหรือสำเนา"),
                );
            }
        }
        match (m.fee_satang, m.no_fee) {
            (None, false) => e.add("fee", "กรุณากรอกค่าธรรมเนียม หรือเลือก \"ไม่มีค่าธรรมเนียม\""),
            (Some(_), true) => e.add(
                "fee",
                "กรอกค่าธรรมเนียม หรือเลือก \"ไม่มีค่าธรรมเนียม\" อย่างใดอย่างหนึ่ง",
            ),
            _ => {}
        }
        if blank(&m.complaint_channel) {
            e.add("complaint_channel", "กรุณากรอกช่องทางการร้องเรียน");
        }
        match (record.attachments.is_empty(), m.no_sample_forms) {
            (true, false) => e.add(
                "sample_forms",
                "กรุณาแนบตัวอย่างแบบฟอร์ม หรือเลือก \"ไม่มีแบบฟอร์ม\"",
            ),
            (false, true) => e.add(
                "sample_forms",
                "มีแบบฟอร์มแนบอยู่แล้ว จึงเลือก \"ไม่มีแบบฟอร์ม\" ไม่ได้",
            ),
            _ => {}
        }
    }
    e
}

/// A step as published.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StepSnapshot {
    pub title: String,
    pub detail: String,
    pub amount: i32,
    pub unit: String,
    pub responsible: String,
}

impl StepSnapshot {
    pub fn unit(&self) -> DurationUnit {
        DurationUnit::from_code(&self.unit).unwrap_or(DurationUnit::WorkingDays)
    }

    /// "3 วันทำการ" / "3 working days".
    pub fn duration_label(&self, english: bool) -> String {
        let n = i64::from(self.amount);
        if english {
            format!("{n} {}", self.unit().english(n))
        } else {
            format!("{n} {}", self.unit().thai())
        }
    }
}

/// The time of all steps: working days, and minutes of the steps counted in hours and
/// minutes.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TotalDuration {
    pub working_days: u32,
    pub minutes: u32,
}

impl TotalDuration {
    pub fn of(steps: &[StepSnapshot]) -> Self {
        let mut t = TotalDuration::default();
        for s in steps {
            let n = s.amount.max(0) as u32;
            match s.unit() {
                DurationUnit::WorkingDays => t.working_days += n,
                DurationUnit::Hours => t.minutes += n * 60,
                DurationUnit::Minutes => t.minutes += n,
            }
        }
        t
    }

    /// Working days a request may take: the days, plus the hours and minutes rounded
    /// up to whole working days of seven hours.
    pub fn due_working_days(&self) -> u32 {
        self.working_days + self.minutes.div_ceil(MINUTES_PER_WORKING_DAY)
    }

    /// "3 วันทำการ 1 ชั่วโมง 30 นาที" / "3 working days 1 hour 30 minutes".
    pub fn label(&self, english: bool) -> String {
        let mut parts = Vec::new();
        let (h, m) = (i64::from(self.minutes / 60), i64::from(self.minutes % 60));
        let d = i64::from(self.working_days);
        for (n, unit) in [
            (d, DurationUnit::WorkingDays),
            (h, DurationUnit::Hours),
            (m, DurationUnit::Minutes),
        ] {
            if n > 0 {
                parts.push(if english {
                    format!("{n} {}", unit.english(n))
                } else {
                    format!("{n} {}", unit.thai())
                });
            }
        }
        if parts.is_empty() {
            "-".to_owned()
        } else {
            parts.join(" ")
        }
    }
}

/// The day a request received on `received` is due: `received` plus the manual's total in
/// working days (a service of minutes is due the day it is received, or the next working
/// day when received on a weekend or holiday).
pub fn expected_completion(
    received: NaiveDate,
    total: &TotalDuration,
    holidays: &Holidays,
) -> NaiveDate {
    match total.due_working_days() {
        0 if is_working_day(received, holidays) => received,
        0 => add_working_days(received, 1, holidays),
        n => add_working_days(received, n, holidays),
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentSnapshot {
    pub name: String,
    pub originals: i32,
    pub copies: i32,
    pub note: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AttachmentRef {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

impl AttachmentRef {
    /// The download path (`/files/{id}/{name}`).
    pub fn path(&self) -> String {
        format!(
            "/files/{}/{}",
            self.id,
            prongsai_web::error::urlencode(&self.file_name)
        )
    }
}

/// What the public sees of a manual: every field of ita-catalog §5.7 as a field.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ManualSnapshot {
    pub kind: String,
    pub title: String,
    pub purpose: String,
    pub division_id: Option<i64>,
    pub division_th: String,
    pub division_en: String,
    pub place: String,
    pub service_hours: String,
    pub channels: Vec<String>,
    pub channel_note: String,
    pub conditions: String,
    pub steps: Vec<StepSnapshot>,
    pub total: TotalDuration,
    pub no_documents: bool,
    pub documents: Vec<DocumentSnapshot>,
    pub no_fee: bool,
    pub fee_satang: Option<i64>,
    pub fee_note: String,
    pub laws: Vec<String>,
    pub complaint_channel: String,
    pub no_sample_forms: bool,
    pub attachments: Vec<AttachmentRef>,
    pub fiscal_year: i32,
}

impl ManualSnapshot {
    pub fn is_service(&self) -> bool {
        self.kind == ManualKind::Service.code()
    }

    pub fn has_channel(&self, code: &str) -> bool {
        self.channels.iter().any(|c| c == code)
    }

    pub fn division(&self, english: bool) -> &str {
        if english && !self.division_en.is_empty() {
            &self.division_en
        } else {
            &self.division_th
        }
    }

    /// "ไม่มีค่าธรรมเนียม" or "20.00 บาท".
    pub fn fee_label(&self, english: bool) -> String {
        match (self.no_fee, self.fee_satang, english) {
            (true, _, false) => "ไม่มีค่าธรรมเนียม".to_owned(),
            (true, _, true) => "No fee".to_owned(),
            (false, Some(s), false) => format!("{} บาท", prongsai_thai::format_baht(s)),
            (false, Some(s), true) => format!("{} baht", prongsai_thai::format_baht(s)),
            (false, None, _) => "-".to_owned(),
        }
    }

    /// Plain text for the search index.
    fn search_body(&self) -> String {
        let mut parts = vec![
            self.purpose.clone(),
            self.division_th.clone(),
            self.place.clone(),
            self.conditions.clone(),
        ];
        parts.extend(
            self.steps
                .iter()
                .map(|s| format!("{} {}", s.title, s.detail)),
        );
        parts.extend(self.documents.iter().map(|d| d.name.clone()));
        parts.extend(self.laws.iter().cloned());
        parts.retain(|p| !p.trim().is_empty());
        parts.join("\n")
    }
}

async fn snapshot_of(
    db: &impl ConnectionTrait,
    record: &ManualRecord,
    fiscal_year: i32,
) -> prongsai_kernel::Result<ManualSnapshot> {
    let m = &record.manual;
    let division = match m.division_id {
        Some(d) => division::Entity::find_by_id(d).one(db).await?,
        None => None,
    };
    let steps: Vec<StepSnapshot> = record
        .steps
        .iter()
        .map(|s| StepSnapshot {
            title: s.title.clone(),
            detail: s.detail.clone(),
            amount: s.duration_amount,
            unit: s.duration_unit.clone(),
            responsible: s.responsible.clone(),
        })
        .collect();
    let total = TotalDuration::of(&steps);
    let service = record.kind() == ManualKind::Service;
    Ok(ManualSnapshot {
        kind: m.kind.clone(),
        title: m.title.clone(),
        purpose: m.purpose.clone(),
        division_id: m.division_id,
        division_th: division
            .as_ref()
            .map(|d| d.name_th.clone())
            .unwrap_or_default(),
        division_en: division.map(|d| d.name_en).unwrap_or_default(),
        place: if service {
            m.place.clone()
        } else {
            String::new()
        },
        service_hours: if service {
            m.service_hours.clone()
        } else {
            String::new()
        },
        channels: if service {
            channel_list(&m.channels)
        } else {
            Vec::new()
        },
        channel_note: if service {
            m.channel_note.clone()
        } else {
            String::new()
        },
        conditions: if service {
            m.conditions.clone()
        } else {
            String::new()
        },
        steps,
        total,
        no_documents: service && m.no_documents,
        documents: if service {
            record
                .documents
                .iter()
                .map(|d| DocumentSnapshot {
                    name: d.name.clone(),
                    originals: d.originals,
                    copies: d.copies,
                    note: d.note.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        no_fee: service && m.no_fee,
        fee_satang: if service { m.fee_satang } else { None },
        fee_note: if service {
            m.fee_note.clone()
        } else {
            String::new()
        },
        laws: record.laws.iter().map(|l| l.title.clone()).collect(),
        complaint_channel: if service {
            m.complaint_channel.clone()
        } else {
            String::new()
        },
        no_sample_forms: service && m.no_sample_forms,
        attachments: if service {
            record
                .attachments
                .iter()
                .map(|a| AttachmentRef {
                    id: a.id,
                    file_name: a.file_name.clone(),
                    content_type: a.content_type.clone(),
                    size_bytes: a.size_bytes,
                    sha256: a.sha256.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        fiscal_year,
    })
}

/// Publishes the manual as it is now, as a new version, once it is complete; otherwise
/// the errors say, field by field, what is missing. Returns the version number.
pub async fn publish_manual(
    db: &Db,
    auth: &Authorized<PublishManuals>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let record = load_record(&txn, org, id).await?;
    completeness_errors(&record).into_result()?;
    let fiscal_year =
        prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let snapshot = snapshot_of(&txn, &record, fiscal_year).await?;
    let version = publication::publish(
        &txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &snapshot.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(fiscal_year),
            category: Some(&snapshot.kind),
        },
    )
    .await?;
    prongsai_search::index_record(
        &txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/manuals/{id}"),
            title: &snapshot.title,
            body: &snapshot.search_body(),
            published_at: version.published_at,
            fiscal_year: Some(fiscal_year),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version.version)
}

/// Withdraws a published manual from public view, with a reason.
pub async fn withdraw_manual(
    db: &Db,
    auth: &Authorized<PublishManuals>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    let mut e = FieldErrors::default();
    let reason = e.required("reason", reason, "เหตุผลที่ยกเลิกการเผยแพร่");
    e.max_chars("reason", &reason, MAX_LINE, "เหตุผล");
    e.into_result()?;
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_manual_in(&txn, org, id).await?;
    publication::withdraw(&txn, auth, KIND, id, &reason).await?;
    prongsai_search::remove_record(&txn, org, KIND, id).await?;
    txn.commit().await?;
    Ok(())
}

/// A manual created and published in one go, inside the caller's transaction (the demo
/// organization's manuals).
pub async fn seed_manual_in(
    txn: &DatabaseTransaction,
    manage: &Authorized<ManageManuals>,
    publish: &Authorized<PublishManuals>,
    kind: ManualKind,
    input: &ManualInput,
    no_sample_forms: bool,
) -> prongsai_kernel::Result<i64> {
    let org = manage.organization_id();
    let mut input = input.clone();
    input.no_sample_forms = no_sample_forms;
    let v = validate_draft(txn, org, &input).await?;
    let id = create_manual_in(txn, manage, kind, &v).await?;
    let record = load_record(txn, org, id).await?;
    completeness_errors(&record).into_result()?;
    let fiscal_year =
        prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let snapshot = snapshot_of(txn, &record, fiscal_year).await?;
    let version = publication::publish(
        txn,
        publish,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &snapshot.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note: "",
            fiscal_year: Some(fiscal_year),
            category: Some(&snapshot.kind),
        },
    )
    .await?;
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/manuals/{id}"),
            title: &snapshot.title,
            body: &snapshot.search_body(),
            published_at: version.published_at,
            fiscal_year: Some(fiscal_year),
        },
    )
    .await?;
    Ok(id)
}

// ---------- what the public reads ----------

/// A published manual as the public sees it.
pub struct PublicManual {
    pub record: PublishedRecord,
    pub snapshot: ManualSnapshot,
}

impl PublicManual {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

fn filter_of(kind: Option<ManualKind>) -> ListFilter {
    ListFilter {
        fiscal_year: None,
        category: kind.map(|k| k.code().to_owned()),
    }
}

/// Published manuals (of one kind or both), most recently published first.
pub async fn list_public_manuals(
    db: &Db,
    organization_id: i64,
    kind: Option<ManualKind>,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<PublicManual>, u64)> {
    let (records, total) = publication::list_published(
        db.conn(),
        organization_id,
        KIND,
        &filter_of(kind),
        page,
        per_page,
    )
    .await?;
    let items = records
        .into_iter()
        .map(PublicManual::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    Ok((items, total))
}

/// Every published manual of a kind (or both), for exports and pickers, by title.
pub async fn list_all_public_manuals(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: Option<ManualKind>,
) -> prongsai_kernel::Result<Vec<PublicManual>> {
    let mut items = publication::list_all_published(db, organization_id, KIND, &filter_of(kind))
        .await?
        .into_iter()
        .map(PublicManual::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    items.sort_by(|a, b| a.snapshot.title.cmp(&b.snapshot.title));
    Ok(items)
}

/// One published manual; `NotFound` for anything not currently published.
pub async fn get_public_manual(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicManual> {
    let record = publication::find_published(db, organization_id, KIND, id).await?;
    if record.status.state != publication::PublicationState::Published {
        return Err(Error::NotFound);
    }
    PublicManual::from_record(record)
}

/// The published service manual `id` (e-services are attached to one); `NotFound` for a
/// work manual or anything unpublished.
pub async fn get_public_service_manual(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicManual> {
    let m = get_public_manual(db, organization_id, id).await?;
    if !m.snapshot.is_service() {
        return Err(Error::NotFound);
    }
    Ok(m)
}

/// One published version, for the public history.
pub struct PublicVersion {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub change_note: String,
    pub snapshot: ManualSnapshot,
}

/// Every published version of a manual, newest first.
pub async fn list_public_versions(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<Vec<PublicVersion>> {
    publication::list_versions(db.conn(), organization_id, KIND, id)
        .await?
        .into_iter()
        .map(|v| {
            Ok(PublicVersion {
                version: v.version,
                published_at: v.published_at,
                change_note: v.change_note,
                snapshot: serde_json::from_value(v.snapshot)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(amount: i32, unit: &str) -> StepSnapshot {
        StepSnapshot {
            title: "ขั้นตอน".into(),
            detail: String::new(),
            amount,
            unit: unit.into(),
            responsible: String::new(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn totals_add_days_and_carry_time_into_working_days() {
        let t = TotalDuration::of(&[
            step(1, "working_days"),
            step(90, "minutes"),
            step(2, "hours"),
        ]);
        assert_eq!(
            t,
            TotalDuration {
                working_days: 1,
                minutes: 210
            }
        );
        assert_eq!(t.label(false), "1 วันทำการ 3 ชั่วโมง 30 นาที");
        assert_eq!(t.label(true), "1 working day 3 hours 30 minutes");
        assert_eq!(t.due_working_days(), 2);
        let t = TotalDuration::of(&[step(8, "hours")]);
        assert_eq!(t.due_working_days(), 2, "8 hours is more than a 7-hour day");
        assert_eq!(
            TotalDuration::of(&[step(15, "minutes")]).label(false),
            "15 นาที"
        );
        assert_eq!(TotalDuration::default().due_working_days(), 0);
    }

    #[test]
    fn due_dates_skip_weekends_and_holidays() {
        let holidays = Holidays::new([d(2025, 12, 5), d(2025, 12, 10)]);
        let three_days = TotalDuration {
            working_days: 3,
            minutes: 0,
        };
        // Wednesday 3 Dec + 3 working days: Thu 4, (Fri 5 holiday), Mon 8, Tue 9.
        assert_eq!(
            expected_completion(d(2025, 12, 3), &three_days, &holidays),
            d(2025, 12, 9)
        );
        let minutes = TotalDuration {
            working_days: 0,
            minutes: 30,
        };
        assert_eq!(
            expected_completion(d(2025, 12, 3), &minutes, &holidays),
            d(2025, 12, 4),
            "30 minutes round up to one working day"
        );
        let nothing = TotalDuration::default();
        assert_eq!(
            expected_completion(d(2025, 12, 6), &nothing, &holidays),
            d(2025, 12, 8),
            "received on a Saturday: due on Monday"
        );
        assert_eq!(
            expected_completion(d(2025, 12, 3), &nothing, &holidays),
            d(2025, 12, 3)
        );
    }

    #[test]
    fn blank_rows_are_dropped_and_rows_keep_their_order() {
        let pairs: Vec<(String, String)> = [
            ("title", "ขอยืมเต็นท์"),
            ("step_title", "รับคำขอ"),
            ("step_detail", ""),
            ("step_amount", "๑๕"),
            ("step_unit", "minutes"),
            ("step_responsible", ""),
            ("step_title", ""),
            ("step_detail", ""),
            ("step_amount", ""),
            ("step_unit", "working_days"),
            ("step_responsible", ""),
            ("step_title", "อนุมัติ"),
            ("step_detail", ""),
            ("step_amount", "1"),
            ("step_unit", "working_days"),
            ("step_responsible", "ปลัด"),
            ("channels", "one_stop"),
            ("channels", "e_service"),
            ("no_fee", "1"),
            ("law", "  "),
            ("law", "พระราชบัญญัติ"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let input = ManualInput::from_pairs(&pairs);
        assert_eq!(input.steps.len(), 2);
        assert_eq!(input.steps[1].title, "อนุมัติ");
        assert_eq!(input.steps[1].responsible, "ปลัด");
        assert_eq!(input.channels, vec!["one_stop", "e_service"]);
        assert!(input.no_fee && !input.no_documents);
        assert_eq!(input.laws, vec!["พระราชบัญญัติ"]);
        assert_eq!(parse_count("๑๕"), Some(15));
    }
}
