//! E-services: building and publishing forms, receiving requests (tracking code, due
//! date), handling them (assignment, status history), the counter's walk-ins, and what
//! the citizen reads by tracking code.

use std::collections::HashMap;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use prongsai_db::Db;
use prongsai_db::entities::{attachment, user};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use prongsai_files::{CheckedFile, FileKind, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Actor, Authorized, Error, FieldErrors};
use prongsai_manuals::store::{PublicManual, TotalDuration, expected_completion};
use prongsai_surveys::model::Source;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::form::{self, FieldInput, FieldKind, FieldSpec, MAX_FIELDS};
use crate::model::{
    RequestStatus, WalkInOutcome, eservice, request_event, service_request, walk_in,
};
use crate::permissions::{HandleRequests, ManageEServices, RecordWalkIns};
use crate::{KIND, REQUEST_KIND};

pub const MAX_NAME: usize = 200;
pub const MAX_NOTE: usize = 2000;

/// The date of a moment in Thailand (UTC+7).
pub fn thai_date(at: &DateTime<Utc>) -> NaiveDate {
    (*at + chrono::Duration::hours(7)).date_naive()
}

// ---------- building forms ----------

/// What the e-service details form sends.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EServiceInput {
    #[serde(default)]
    pub manual_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
}

async fn get_eservice_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<eservice::Model> {
    eservice::Entity::find_by_id(id)
        .filter(eservice::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

async fn validate_details(
    db: &impl ConnectionTrait,
    organization_id: i64,
    input: &EServiceInput,
) -> prongsai_kernel::Result<(i64, String, String)> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่องานบริการ");
    e.max_chars("title", &title, 200, "ชื่องานบริการ");
    let description = input.description.trim().to_owned();
    e.max_chars("description", &description, 2000, "คำอธิบาย");
    let manual_id = match input.manual_id.trim().parse::<i64>() {
        Ok(id) => match prongsai_manuals::store::get_public_service_manual(db, organization_id, id)
            .await
        {
            Ok(_) => id,
            Err(Error::NotFound) => {
                e.add("manual_id", "กรุณาเลือกคู่มือสำหรับประชาชนที่เผยแพร่แล้ว");
                0
            }
            Err(other) => return Err(other),
        },
        Err(_) => {
            e.add("manual_id", "กรุณาเลือกคู่มือสำหรับประชาชนของงานบริการนี้");
            0
        }
    };
    e.into_result()?;
    Ok((manual_id, title, description))
}

/// Creates an e-service (a draft form with no field) attached to a published service
/// manual.
pub async fn create_eservice(
    db: &Db,
    auth: &Authorized<ManageEServices>,
    input: &EServiceInput,
) -> prongsai_kernel::Result<i64> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let (manual_id, title, description) = validate_details(&txn, org, input).await?;
    let now = prongsai_kernel::clock::now();
    let saved = eservice::ActiveModel {
        organization_id: Set(org),
        manual_id: Set(manual_id),
        title: Set(title),
        description: Set(description),
        draft_fields: Set(json!([])),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "eservice.create",
        Target::new(KIND, saved.id),
        json!({ "manual_id": manual_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

pub async fn update_eservice(
    db: &Db,
    auth: &Authorized<ManageEServices>,
    id: i64,
    input: &EServiceInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_eservice_in(&txn, org, id).await?;
    let (manual_id, title, description) = validate_details(&txn, org, input).await?;
    let mut a = existing.into_active_model();
    a.manual_id = Set(manual_id);
    a.title = Set(title);
    a.description = Set(description);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "eservice.update",
        Target::new(KIND, id),
        json!({ "manual_id": manual_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An e-service with its draft and publication status, for staff.
pub struct EServiceRecord {
    pub eservice: eservice::Model,
    pub fields: Vec<FieldSpec>,
    pub status: PublicationStatus,
}

pub async fn get_eservice(
    db: &Db,
    auth: &Authorized<ManageEServices>,
    id: i64,
) -> prongsai_kernel::Result<EServiceRecord> {
    let org = auth.organization_id();
    let e = get_eservice_in(db.conn(), org, id).await?;
    let status = publication::get_publication_status(db.conn(), org, KIND, id).await?;
    Ok(EServiceRecord {
        fields: form::fields_of(&e.draft_fields),
        eservice: e,
        status,
    })
}

pub async fn list_eservices(
    db: &Db,
    auth: &Authorized<ManageEServices>,
) -> prongsai_kernel::Result<Vec<EServiceRecord>> {
    let org = auth.organization_id();
    let rows = eservice::Entity::find()
        .filter(eservice::Column::OrganizationId.eq(org))
        .order_by_asc(eservice::Column::Title)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let status = publication::get_publication_status(db.conn(), org, KIND, e.id).await?;
        out.push(EServiceRecord {
            fields: form::fields_of(&e.draft_fields),
            eservice: e,
            status,
        });
    }
    Ok(out)
}

/// How a change to the draft's fields is made.
pub enum FieldChange<'a> {
    Add(&'a FieldInput),
    Update(&'a str, &'a FieldInput),
    Remove(&'a str),
    Move(&'a str, bool),
}

/// Changes the draft form's fields (published versions are untouched until the next
/// publication).
pub async fn change_field(
    db: &Db,
    auth: &Authorized<ManageEServices>,
    id: i64,
    change: FieldChange<'_>,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_eservice_in(&txn, org, id).await?;
    let mut fields = form::fields_of(&existing.draft_fields);
    let position = |fields: &[FieldSpec], key: &str| {
        fields
            .iter()
            .position(|f| f.key == key)
            .ok_or(Error::NotFound)
    };
    let (action, key) = match change {
        FieldChange::Add(input) => {
            if fields.len() >= MAX_FIELDS {
                return Err(Error::invalid(
                    "label",
                    format!("แบบฟอร์มมีได้ไม่เกิน {MAX_FIELDS} ช่อง"),
                ));
            }
            let key = form::FIELD_KEYS
                .iter()
                .find(|k| !fields.iter().any(|f| f.key == **k))
                .copied()
                .ok_or_else(|| Error::invalid("label", "แบบฟอร์มเต็มแล้ว"))?;
            fields.push(form::validate_field(input, key)?);
            ("eservice.field_add", key.to_owned())
        }
        FieldChange::Update(key, input) => {
            let i = position(&fields, key)?;
            fields[i] = form::validate_field(input, key)?;
            ("eservice.field_update", key.to_owned())
        }
        FieldChange::Remove(key) => {
            let i = position(&fields, key)?;
            fields.remove(i);
            ("eservice.field_remove", key.to_owned())
        }
        FieldChange::Move(key, up) => {
            let i = position(&fields, key)?;
            if up && i > 0 {
                fields.swap(i, i - 1);
            } else if !up && i + 1 < fields.len() {
                fields.swap(i, i + 1);
            }
            ("eservice.field_move", key.to_owned())
        }
    };
    let mut a = existing.into_active_model();
    a.draft_fields = Set(serde_json::to_value(&fields)?);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        action,
        Target::new(KIND, id),
        json!({ "field": key }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What the public form of an e-service is: a published version.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EServiceSnapshot {
    pub title: String,
    pub description: String,
    pub manual_id: i64,
    pub manual_title: String,
    pub division_id: Option<i64>,
    pub division_th: String,
    pub division_en: String,
    pub total: TotalDuration,
    pub fee: String,
    pub fields: Vec<FieldSpec>,
}

impl EServiceSnapshot {
    pub fn has_files(&self) -> bool {
        self.fields.iter().any(|f| f.kind() == FieldKind::File)
    }

    pub fn division(&self, english: bool) -> &str {
        if english && !self.division_en.is_empty() {
            &self.division_en
        } else {
            &self.division_th
        }
    }
}

/// Publishes the draft form as the e-service's next version: from now on citizens fill
/// in this version, and requests keep the version they were sent with.
pub async fn publish_eservice(
    db: &Db,
    auth: &Authorized<ManageEServices>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let version = publish_in(&txn, auth, id, change_note).await?;
    txn.commit().await?;
    Ok(version)
}

async fn publish_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageEServices>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let e = get_eservice_in(txn, org, id).await?;
    let manual =
        match prongsai_manuals::store::get_public_service_manual(txn, org, e.manual_id).await {
            Ok(m) => m,
            Err(Error::NotFound) => {
                return Err(Error::invalid(
                    "manual_id",
                    "คู่มือสำหรับประชาชนของงานนี้ยังไม่ได้เผยแพร่ หรือถูกยกเลิกการเผยแพร่",
                ));
            }
            Err(other) => return Err(other),
        };
    let fields = form::fields_of(&e.draft_fields);
    let snapshot = EServiceSnapshot {
        title: e.title.clone(),
        description: e.description.clone(),
        manual_id: e.manual_id,
        manual_title: manual.snapshot.title.clone(),
        division_id: manual.snapshot.division_id,
        division_th: manual.snapshot.division_th.clone(),
        division_en: manual.snapshot.division_en.clone(),
        total: manual.snapshot.total,
        fee: manual.snapshot.fee_label(false),
        fields,
    };
    let fiscal_year =
        prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be();
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &snapshot.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(fiscal_year),
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
            url: &format!("/e-services/{id}"),
            title: &snapshot.title,
            body: &format!("{}\n{}", snapshot.description, snapshot.manual_title),
            published_at: version.published_at,
            fiscal_year: Some(fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

/// An e-service created with its fields and published in one go, inside the caller's
/// transaction (the demo organization's services).
pub async fn seed_eservice_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageEServices>,
    manual_id: i64,
    title: &str,
    description: &str,
    fields: &[FieldInput],
) -> prongsai_kernel::Result<i64> {
    let org = auth.organization_id();
    let mut specs = Vec::with_capacity(fields.len());
    for (input, key) in fields.iter().zip(form::FIELD_KEYS) {
        specs.push(form::validate_field(input, key)?);
    }
    let now = prongsai_kernel::clock::now();
    let saved = eservice::ActiveModel {
        organization_id: Set(org),
        manual_id: Set(manual_id),
        title: Set(title.to_owned()),
        description: Set(description.to_owned()),
        draft_fields: Set(serde_json::to_value(&specs)?),
        created_by: Set(None),
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
        "eservice.create",
        Target::new(KIND, saved.id),
        json!({ "manual_id": manual_id }),
    )
    .await?;
    publish_in(txn, auth, saved.id, "").await?;
    Ok(saved.id)
}

/// Stops accepting requests (the form's versions are kept).
pub async fn close_eservice(
    db: &Db,
    auth: &Authorized<ManageEServices>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    let mut e = FieldErrors::default();
    let reason = e.required("reason", reason, "เหตุผลที่ปิดรับคำร้อง");
    e.into_result()?;
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    get_eservice_in(&txn, org, id).await?;
    publication::withdraw(&txn, auth, KIND, id, &reason).await?;
    prongsai_search::remove_record(&txn, org, KIND, id).await?;
    txn.commit().await?;
    Ok(())
}

/// A published e-service.
pub struct PublicEService {
    pub record: PublishedRecord,
    pub snapshot: EServiceSnapshot,
}

impl PublicEService {
    fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }

    pub fn version(&self) -> i32 {
        self.record.version.version
    }
}

/// Every e-service accepting requests, by title.
pub async fn list_public_eservices(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<PublicEService>> {
    let mut items = publication::list_all_published(
        db,
        organization_id,
        KIND,
        &publication::ListFilter::default(),
    )
    .await?
    .into_iter()
    .map(PublicEService::from_record)
    .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    items.sort_by(|a, b| a.snapshot.title.cmp(&b.snapshot.title));
    Ok(items)
}

/// One e-service accepting requests; `NotFound` otherwise.
pub async fn get_public_eservice(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicEService> {
    let record = publication::find_published(db, organization_id, KIND, id).await?;
    if record.status.state != publication::PublicationState::Published {
        return Err(Error::NotFound);
    }
    PublicEService::from_record(record)
}

/// The form of an e-service as it was at `version`.
pub async fn get_form_version(
    db: &impl ConnectionTrait,
    organization_id: i64,
    eservice_id: i64,
    version: i32,
) -> prongsai_kernel::Result<EServiceSnapshot> {
    let v = publication::get_version(db, organization_id, KIND, eservice_id, version).await?;
    Ok(serde_json::from_value(v.snapshot)?)
}

// ---------- receiving requests ----------

/// A file a citizen sent with a request, not yet checked.
pub struct SentFile {
    pub field: String,
    pub file_name: String,
    pub bytes: Bytes,
}

/// What a citizen sent: the raw fields (repeated names kept) and the files.
pub struct Submission<'a> {
    pub fields: &'a [(String, String)],
    pub files: Vec<SentFile>,
}

impl Submission<'_> {
    fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn get(&self, name: &str) -> &str {
        self.all(name).first().copied().unwrap_or("")
    }
}

/// What was accepted.
#[derive(Clone, Debug)]
pub struct Receipt {
    pub request_id: i64,
    pub tracking_code: String,
    pub due_on: NaiveDate,
}

/// The organization's villages as `(id, name)`.
pub async fn village_options(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<(i64, String)>> {
    Ok(prongsai_kernel::tenant::list_villages(db, organization_id)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name_th))
        .collect())
}

struct CheckedSubmission {
    name: String,
    phone: String,
    email: String,
    answers: serde_json::Map<String, Value>,
    files: Vec<(String, CheckedFile)>,
}

fn check_submission(
    snapshot: &EServiceSnapshot,
    mut sent: Submission<'_>,
    villages: &[(i64, String)],
    max_bytes: usize,
) -> prongsai_kernel::Result<CheckedSubmission> {
    let mut e = FieldErrors::default();
    let name = e.required("applicant_name", sent.get("applicant_name"), "ชื่อ-นามสกุล");
    e.max_chars("applicant_name", &name, MAX_NAME, "ชื่อ-นามสกุล");
    let phone = sent.get("phone").trim().to_owned();
    if phone.is_empty() {
        e.add("phone", "กรุณากรอกหมายเลขโทรศัพท์ที่ติดต่อได้");
    } else if !form::is_phone(&phone) {
        e.add("phone", "หมายเลขโทรศัพท์ต้องมี 9-10 หลัก เช่น 081-234-5678");
    }
    let email = sent.get("email").trim().to_owned();
    if !email.is_empty()
        && (email.chars().count() > 254 || !prongsai_notify::looks_like_email(&email))
    {
        e.add("email", "อีเมลไม่ถูกต้อง ตัวอย่าง name@example.com (ไม่กรอกก็ได้)");
    }
    let mut answers = serde_json::Map::new();
    let mut files = Vec::new();
    let mut sent_files = std::mem::take(&mut sent.files);
    for field in &snapshot.fields {
        let Some(key) = form::static_key(&field.key) else {
            continue;
        };
        if field.kind() == FieldKind::File {
            let Some(i) = sent_files.iter().position(|f| f.field == field.key) else {
                if field.required {
                    e.add(key, format!("กรุณาแนบ{}", field.label));
                }
                continue;
            };
            let file = sent_files.swap_remove(i);
            match CheckedFile::check(&file.file_name, file.bytes, max_bytes) {
                Ok(mut checked) => {
                    if checked.kind.is_image() {
                        match prongsai_files::strip_image_metadata(checked.kind, &checked.bytes) {
                            Some(clean) => checked.bytes = Bytes::from(clean),
                            None => {
                                e.add(key, format!("{}: ไฟล์ภาพเสียหาย กรุณาแนบไฟล์อื่น", field.label));
                                continue;
                            }
                        }
                    }
                    files.push((field.key.clone(), checked));
                }
                Err(err) => e.add(key, format!("{}: {err}", field.label)),
            }
            continue;
        }
        let values = sent.all(&field.key);
        let value = form::check_answer(&mut e, field, &values, villages);
        if !value.is_null() {
            answers.insert(field.key.clone(), value);
        }
    }
    e.into_result()?;
    Ok(CheckedSubmission {
        name,
        phone,
        email,
        answers,
        files,
    })
}

/// Receives a request for the e-service `eservice_id` as it is published now: checks
/// every field, stores the request with a fresh tracking code, its files (checked by
/// content, pictures without metadata) and its first status, computes the due date from
/// the manual's steps in working days, and queues the receipt e-mail when an address was
/// given: all in one transaction, committed before the code is shown.
pub async fn submit_request(
    db: &Db,
    files: &FileStore,
    organization_id: i64,
    eservice_id: i64,
    sent: Submission<'_>,
    origin: &str,
) -> prongsai_kernel::Result<Receipt> {
    let org = organization_id;
    let service = get_public_eservice(db.conn(), org, eservice_id).await?;
    let villages = village_options(db.conn(), org).await?;
    let checked = check_submission(&service.snapshot, sent, &villages, files.max_bytes)?;
    let now = prongsai_kernel::clock::now();
    let today = thai_date(&now);
    let txn = db.begin_write().await?;
    // The manual as published now decides the time; if it was withdrawn meanwhile, the
    // time the form was published with still holds.
    let total = match prongsai_manuals::store::get_public_service_manual(
        &txn,
        org,
        service.snapshot.manual_id,
    )
    .await
    {
        Ok(m) => m.snapshot.total,
        Err(Error::NotFound) => service.snapshot.total,
        Err(other) => return Err(other),
    };
    let holidays = prongsai_kernel::calendar::holidays_from(&txn, org, today).await?;
    let due_on = expected_completion(today, &total, &holidays);
    let mut code = prongsai_kernel::tracking::new_tracking_code();
    while service_request::Entity::find()
        .filter(service_request::Column::OrganizationId.eq(org))
        .filter(service_request::Column::TrackingCode.eq(code.as_str()))
        .count(&txn)
        .await?
        > 0
    {
        code = prongsai_kernel::tracking::new_tracking_code();
    }
    let saved = service_request::ActiveModel {
        organization_id: Set(org),
        eservice_id: Set(eservice_id),
        form_version: Set(service.version()),
        manual_id: Set(service.snapshot.manual_id),
        division_id: Set(service.snapshot.division_id),
        tracking_code: Set(code.clone()),
        status: Set(RequestStatus::Received.code().to_owned()),
        assignee_id: Set(None),
        applicant_name: Set(checked.name),
        phone: Set(checked.phone),
        email: Set(checked.email.clone()),
        answers: Set(Value::Object(checked.answers.clone())),
        submitted_at: Set(now),
        due_on: Set(due_on),
        completed_at: Set(None),
        overdue: Set(false),
        overdue_at: Set(None),
        fiscal_year: Set(prongsai_thai::FiscalYear::of(today).be()),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if !checked.files.is_empty() {
        let mut answers = checked.answers;
        for (key, file) in &checked.files {
            let a = prongsai_files::store_public_attachment(
                &txn,
                files,
                org,
                REQUEST_KIND,
                saved.id,
                file,
            )
            .await?;
            answers.insert(
                key.clone(),
                json!({ "attachment_id": a.id, "file_name": a.file_name }),
            );
        }
        let mut a = saved.clone().into_active_model();
        a.answers = Set(Value::Object(answers));
        a.update(&txn).await?;
    }
    let event = request_event::ActiveModel {
        organization_id: Set(org),
        request_id: Set(saved.id),
        kind: Set("status".to_owned()),
        status: Set(Some(RequestStatus::Received.code().to_owned())),
        note: Set(String::new()),
        assignee_id: Set(None),
        actor_id: Set(None),
        at: Set(now),
        notified_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        Actor::Public,
        "service_request.submit",
        Target::new(REQUEST_KIND, saved.id),
        json!({ "eservice_id": eservice_id, "form_version": service.version() }),
    )
    .await?;
    if !checked.email.is_empty() {
        crate::jobs::enqueue_status_mail(&txn, org, saved.id, event.id, origin).await?;
    }
    txn.commit().await?;
    Ok(Receipt {
        request_id: saved.id,
        tracking_code: code,
        due_on,
    })
}

// ---------- handling requests ----------

/// Which requests the staff queue shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// `None`: every open request.
    pub status: Option<RequestStatus>,
    pub division_id: Option<i64>,
    /// `Some(None)`: unassigned.
    pub assignee: Option<Option<i64>>,
    pub overdue_only: bool,
}

/// A line of the queue.
pub struct QueueItem {
    pub request: service_request::Model,
    pub service_title: String,
}

impl QueueItem {
    pub fn status(&self) -> RequestStatus {
        RequestStatus::from_code(&self.request.status).unwrap_or(RequestStatus::Received)
    }
}

fn queue_query(
    org: i64,
    filter: &QueueFilter,
) -> prongsai_db::sea_orm::Select<service_request::Entity> {
    let mut q =
        service_request::Entity::find().filter(service_request::Column::OrganizationId.eq(org));
    q = match filter.status {
        Some(s) => q.filter(service_request::Column::Status.eq(s.code())),
        None => q.filter(service_request::Column::Status.is_not_in([
            RequestStatus::Completed.code(),
            RequestStatus::Rejected.code(),
        ])),
    };
    if let Some(d) = filter.division_id {
        q = q.filter(service_request::Column::DivisionId.eq(d));
    }
    match filter.assignee {
        Some(Some(u)) => q = q.filter(service_request::Column::AssigneeId.eq(u)),
        Some(None) => q = q.filter(service_request::Column::AssigneeId.is_null()),
        None => {}
    }
    if filter.overdue_only {
        q = q.filter(service_request::Column::Overdue.eq(true));
    }
    q
}

/// A page of the queue: open requests by due date (oldest due first), closed ones most
/// recent first.
pub async fn list_requests(
    db: &Db,
    auth: &Authorized<HandleRequests>,
    filter: &QueueFilter,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<QueueItem>, u64)> {
    let org = auth.organization_id();
    let q = queue_query(org, filter);
    let total = q.clone().count(db.conn()).await?;
    let q = if filter.status.is_some_and(RequestStatus::is_closed) {
        q.order_by_desc(service_request::Column::UpdatedAt)
    } else {
        q.order_by_asc(service_request::Column::DueOn)
            .order_by_asc(service_request::Column::SubmittedAt)
    };
    let rows = q
        .order_by_asc(service_request::Column::Id)
        .offset(page.saturating_mul(per_page))
        .limit(per_page)
        .all(db.conn())
        .await?;
    let titles: HashMap<i64, String> = eservice::Entity::find()
        .filter(eservice::Column::OrganizationId.eq(org))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect();
    Ok((
        rows.into_iter()
            .map(|r| QueueItem {
                service_title: titles.get(&r.eservice_id).cloned().unwrap_or_default(),
                request: r,
            })
            .collect(),
        total,
    ))
}

/// Counts for the queue's tabs: open requests by status, and the overdue ones, within
/// the division filter.
pub async fn count_requests(
    db: &Db,
    auth: &Authorized<HandleRequests>,
    division_id: Option<i64>,
) -> prongsai_kernel::Result<(Vec<(RequestStatus, u64)>, u64)> {
    let org = auth.organization_id();
    let mut out = Vec::new();
    for s in RequestStatus::ALL {
        let n = queue_query(
            org,
            &QueueFilter {
                status: Some(s),
                division_id,
                ..Default::default()
            },
        )
        .count(db.conn())
        .await?;
        out.push((s, n));
    }
    let overdue = queue_query(
        org,
        &QueueFilter {
            division_id,
            overdue_only: true,
            ..Default::default()
        },
    )
    .count(db.conn())
    .await?;
    Ok((out, overdue))
}

/// Active staff of the organization who can be assigned, by name.
pub async fn list_assignees(
    db: &Db,
    auth: &Authorized<HandleRequests>,
) -> prongsai_kernel::Result<Vec<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(auth.organization_id()))
        .filter(user::Column::IsActive.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(db.conn())
        .await?)
}

/// A request with everything staff need.
pub struct RequestRecord {
    pub request: service_request::Model,
    pub form: EServiceSnapshot,
    pub events: Vec<request_event::Model>,
    pub attachments: Vec<attachment::Model>,
    pub survey_answered: Option<bool>,
}

impl RequestRecord {
    pub fn status(&self) -> RequestStatus {
        RequestStatus::from_code(&self.request.status).unwrap_or(RequestStatus::Received)
    }

    /// The answers with their questions, in the form's order, as text.
    pub fn answer_rows(&self) -> Vec<(String, String, Option<i64>)> {
        self.form
            .fields
            .iter()
            .map(|f| {
                let v = self
                    .request
                    .answers
                    .get(&f.key)
                    .cloned()
                    .unwrap_or(Value::Null);
                let attachment = v.get("attachment_id").and_then(Value::as_i64);
                let text = match v.get("file_name").and_then(Value::as_str) {
                    Some(name) => name.to_owned(),
                    None => form::display_answer(f, &v),
                };
                (f.label.clone(), text, attachment)
            })
            .collect()
    }
}

async fn get_request_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<service_request::Model> {
    service_request::Entity::find_by_id(id)
        .filter(service_request::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

async fn list_events(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> prongsai_kernel::Result<Vec<request_event::Model>> {
    Ok(request_event::Entity::find()
        .filter(request_event::Column::RequestId.eq(request_id))
        .order_by_asc(request_event::Column::At)
        .order_by_asc(request_event::Column::Id)
        .all(db)
        .await?)
}

pub async fn get_request(
    db: &Db,
    auth: &Authorized<HandleRequests>,
    id: i64,
) -> prongsai_kernel::Result<RequestRecord> {
    let org = auth.organization_id();
    let request = get_request_in(db.conn(), org, id).await?;
    let form = get_form_version(db.conn(), org, request.eservice_id, request.form_version).await?;
    let events = list_events(db.conn(), id).await?;
    let attachments = prongsai_files::list_attachments(db.conn(), org, REQUEST_KIND, id).await?;
    let survey_answered =
        prongsai_surveys::store::find_answered(db.conn(), org, Source::Request, id).await?;
    Ok(RequestRecord {
        request,
        form,
        events,
        attachments,
        survey_answered,
    })
}

/// Assigns a request to a staff member of the organization (or to nobody).
pub async fn assign_request(
    db: &Db,
    auth: &Authorized<HandleRequests>,
    id: i64,
    assignee: Option<i64>,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let r = get_request_in(&txn, org, id).await?;
    if let Some(u) = assignee {
        user::Entity::find_by_id(u)
            .filter(user::Column::OrganizationId.eq(org))
            .filter(user::Column::IsActive.eq(true))
            .one(&txn)
            .await?
            .ok_or_else(|| Error::invalid("assignee_id", "ไม่พบเจ้าหน้าที่ที่เลือก"))?;
    }
    if r.assignee_id == assignee {
        return Ok(());
    }
    let now = prongsai_kernel::clock::now();
    let mut a = r.into_active_model();
    a.assignee_id = Set(assignee);
    a.updated_at = Set(now);
    a.update(&txn).await?;
    request_event::ActiveModel {
        organization_id: Set(org),
        request_id: Set(id),
        kind: Set("assign".to_owned()),
        status: Set(None),
        note: Set(String::new()),
        assignee_id: Set(assignee),
        actor_id: Set(auth.actor().user_id()),
        at: Set(now),
        notified_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "service_request.assign",
        Target::new(REQUEST_KIND, id),
        json!({ "assignee_id": assignee }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What the status form sends.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StatusInput {
    #[serde(default)]
    pub status: String,
    /// Shown to the citizen: required for "waiting" (what is needed) and "rejected" (why).
    #[serde(default)]
    pub note: String,
}

/// Moves a request to a new status, keeping the history. Waiting and rejecting need a
/// note for the citizen; completing opens the satisfaction survey; a citizen who gave an
/// e-mail address is told (by a job, once per change).
pub async fn change_status(
    db: &Db,
    auth: &Authorized<HandleRequests>,
    id: i64,
    input: &StatusInput,
    origin: &str,
) -> prongsai_kernel::Result<RequestStatus> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let status = RequestStatus::from_code(input.status.trim());
    if status.is_none() {
        e.add("status", "กรุณาเลือกสถานะ");
    }
    let note = input.note.trim().to_owned();
    e.max_chars("note", &note, MAX_NOTE, "ข้อความถึงผู้ยื่นคำร้อง");
    match status {
        Some(RequestStatus::Rejected) if note.is_empty() => {
            e.add("note", "กรุณากรอกเหตุผลที่ไม่อนุมัติ ผู้ยื่นคำร้องจะเห็นข้อความนี้")
        }
        Some(RequestStatus::Waiting) if note.is_empty() => {
            e.add("note", "กรุณาระบุเอกสารหรือข้อมูลที่ต้องการจากผู้ยื่นคำร้อง")
        }
        _ => {}
    }
    e.into_result()?;
    let Some(status) = status else {
        return Err(Error::internal("status checked above"));
    };
    let txn = db.begin_write().await?;
    let r = get_request_in(&txn, org, id).await?;
    let current = RequestStatus::from_code(&r.status).unwrap_or(RequestStatus::Received);
    if current.is_closed() {
        return Err(Error::Conflict("the request is closed".into()));
    }
    if current == status && note.is_empty() {
        return Ok(status);
    }
    let now = prongsai_kernel::clock::now();
    let email = r.email.clone();
    let (division_id, manual_id) = (r.division_id, r.manual_id);
    let mut a = r.into_active_model();
    a.status = Set(status.code().to_owned());
    if status == RequestStatus::Completed {
        a.completed_at = Set(Some(now));
    }
    a.updated_at = Set(now);
    a.update(&txn).await?;
    let event = request_event::ActiveModel {
        organization_id: Set(org),
        request_id: Set(id),
        kind: Set("status".to_owned()),
        status: Set(Some(status.code().to_owned())),
        note: Set(note),
        assignee_id: Set(None),
        actor_id: Set(auth.actor().user_id()),
        at: Set(now),
        notified_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if status == RequestStatus::Completed {
        let key = prongsai_surveys::store::token_key(&txn).await?;
        prongsai_surveys::store::invite(
            &txn,
            key.expose(),
            org,
            Source::Request,
            id,
            division_id,
            Some(manual_id),
            thai_date(&now),
        )
        .await?;
    }
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "service_request.status",
        Target::new(REQUEST_KIND, id),
        json!({ "from": current.code(), "to": status.code() }),
    )
    .await?;
    if !email.is_empty() {
        crate::jobs::enqueue_status_mail(&txn, org, id, event.id, origin).await?;
    }
    txn.commit().await?;
    Ok(status)
}

// ---------- what the citizen reads ----------

/// A request as its tracking code shows it: the service, dates and the status history
/// with the notes meant for the citizen. Nothing personal.
pub struct TrackedRequest {
    pub tracking_code: String,
    pub service_title: String,
    pub division_th: String,
    pub division_en: String,
    pub submitted_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub status: RequestStatus,
    pub history: Vec<(DateTime<Utc>, RequestStatus, String)>,
    /// The survey's link while it waits for an answer.
    pub survey_path: Option<String>,
}

/// The request with this code in the organization; `None` for an unknown or malformed
/// code (the caller gives one answer for both).
pub async fn find_tracked_request(
    db: &Db,
    organization_id: i64,
    code: &str,
) -> prongsai_kernel::Result<Option<TrackedRequest>> {
    let Some(code) = prongsai_kernel::tracking::parse_tracking_code(code) else {
        return Ok(None);
    };
    let Some(r) = service_request::Entity::find()
        .filter(service_request::Column::OrganizationId.eq(organization_id))
        .filter(service_request::Column::TrackingCode.eq(code.as_str()))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let form = get_form_version(db.conn(), organization_id, r.eservice_id, r.form_version).await?;
    let history = list_events(db.conn(), r.id)
        .await?
        .into_iter()
        .filter(|e| e.kind == "status")
        .filter_map(|e| {
            let s = RequestStatus::from_code(e.status.as_deref()?)?;
            Some((e.at, s, e.note))
        })
        .collect();
    let status = RequestStatus::from_code(&r.status).unwrap_or(RequestStatus::Received);
    let survey_path = if status == RequestStatus::Completed {
        prongsai_surveys::store::find_open_token(db.conn(), organization_id, Source::Request, r.id)
            .await?
            .map(|t| prongsai_surveys::store::survey_path(&t))
    } else {
        None
    };
    Ok(Some(TrackedRequest {
        tracking_code: r.tracking_code,
        service_title: form.title,
        division_th: form.division_th,
        division_en: form.division_en,
        submitted_at: r.submitted_at,
        due_on: r.due_on,
        status,
        history,
        survey_path,
    }))
}

// ---------- the counter ----------

/// What the counter screen sends.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct WalkInInput {
    /// A service manual's id, or "other".
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub citizen_name: String,
}

/// Logs a walk-in service and opens its satisfaction survey (for a QR code). The
/// division is the manual's, or the staff member's for "other".
pub async fn record_walk_in(
    db: &Db,
    auth: &Authorized<RecordWalkIns>,
    staff_division: Option<i64>,
    input: &WalkInInput,
) -> prongsai_kernel::Result<i64> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let outcome = WalkInOutcome::from_code(input.outcome.trim());
    if outcome.is_none() {
        e.add("outcome", "กรุณาเลือกผลการให้บริการ");
    }
    let name = input.citizen_name.trim().to_owned();
    e.max_chars("citizen_name", &name, MAX_NAME, "ชื่อผู้รับบริการ");
    let (manual_id, division_id) = match input.service.trim() {
        "other" => (None, staff_division),
        "" => {
            e.add("service", "กรุณาเลือกงานบริการ");
            (None, None)
        }
        raw => match raw.parse::<i64>() {
            Ok(id) => {
                match prongsai_manuals::store::get_public_service_manual(db.conn(), org, id).await {
                    Ok(m) => (Some(id), m.snapshot.division_id.or(staff_division)),
                    Err(Error::NotFound) => {
                        e.add("service", "ไม่พบงานบริการที่เลือก");
                        (None, None)
                    }
                    Err(other) => return Err(other),
                }
            }
            Err(_) => {
                e.add("service", "ไม่พบงานบริการที่เลือก");
                (None, None)
            }
        },
    };
    e.into_result()?;
    let Some(outcome) = outcome else {
        return Err(Error::internal("outcome checked above"));
    };
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let saved = walk_in::ActiveModel {
        organization_id: Set(org),
        manual_id: Set(manual_id),
        division_id: Set(division_id),
        outcome: Set(outcome.code().to_owned()),
        citizen_name: Set(name),
        served_by: Set(auth.actor().user_id()),
        served_at: Set(now),
        fiscal_year: Set(prongsai_thai::FiscalYear::of(thai_date(&now)).be()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let key = prongsai_surveys::store::token_key(&txn).await?;
    prongsai_surveys::store::invite(
        &txn,
        key.expose(),
        org,
        Source::WalkIn,
        saved.id,
        division_id,
        manual_id,
        thai_date(&now),
    )
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "walk_in.record",
        Target::new("walk_in", saved.id),
        json!({ "manual_id": manual_id, "outcome": outcome.code() }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// The counter's latest entries (today's and before), newest first.
pub async fn list_recent_walk_ins(
    db: &Db,
    auth: &Authorized<RecordWalkIns>,
    limit: u64,
) -> prongsai_kernel::Result<Vec<walk_in::Model>> {
    Ok(walk_in::Entity::find()
        .filter(walk_in::Column::OrganizationId.eq(auth.organization_id()))
        .order_by_desc(walk_in::Column::ServedAt)
        .order_by_desc(walk_in::Column::Id)
        .limit(limit)
        .all(db.conn())
        .await?)
}

/// How many walk-ins the organization logged on a day (Thai time).
pub async fn count_walk_ins_on(
    db: &Db,
    auth: &Authorized<RecordWalkIns>,
    day: NaiveDate,
) -> prongsai_kernel::Result<u64> {
    let start = day
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
        .unwrap_or_default();
    let end = start + chrono::Duration::days(1);
    Ok(walk_in::Entity::find()
        .filter(walk_in::Column::OrganizationId.eq(auth.organization_id()))
        .filter(
            Condition::all()
                .add(walk_in::Column::ServedAt.gte(start))
                .add(walk_in::Column::ServedAt.lt(end)),
        )
        .count(db.conn())
        .await?)
}

/// The survey link of a walk-in while it waits for an answer (for its QR code).
pub async fn find_walk_in_survey(
    db: &Db,
    auth: &Authorized<RecordWalkIns>,
    id: i64,
) -> prongsai_kernel::Result<Option<String>> {
    let org = auth.organization_id();
    walk_in::Entity::find_by_id(id)
        .filter(walk_in::Column::OrganizationId.eq(org))
        .one(db.conn())
        .await?
        .ok_or(Error::NotFound)?;
    Ok(
        prongsai_surveys::store::find_open_token(db.conn(), org, Source::WalkIn, id)
            .await?
            .map(|t| prongsai_surveys::store::survey_path(&t)),
    )
}

/// Published service manuals for pickers, by title.
pub async fn list_service_manuals(
    db: &Db,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<PublicManual>> {
    prongsai_manuals::store::list_all_public_manuals(
        db.conn(),
        organization_id,
        Some(prongsai_manuals::model::ManualKind::Service),
    )
    .await
}

/// Whether a stored file kind is one the request page shows inline.
pub fn is_picture(content_type: &str) -> bool {
    FileKind::from_mime(content_type).is_some_and(FileKind::is_image)
}
