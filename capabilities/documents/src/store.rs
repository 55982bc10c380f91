//! Documents: drafting, publishing, attaching files, and reading what is public.

use prongsai_db::Db;
use prongsai_db::entities::{attachment, division};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use prongsai_files::{CheckedFile, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_thai::FiscalYear;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{self, CATEGORIES};
use crate::permissions::{ManageDocuments, PublishDocuments};

/// The fields staff fill in.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DocumentInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub division_id: String,
}

struct Valid {
    title: String,
    category: String,
    body: String,
    fiscal_year: i32,
    division_id: Option<i64>,
}

async fn validate(
    db: &impl ConnectionTrait,
    organization_id: i64,
    input: &DocumentInput,
) -> prongsai_kernel::Result<Valid> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่อเอกสาร");
    e.max_chars("title", &title, 300, "ชื่อเอกสาร");
    if !CATEGORIES.contains(&input.category.as_str()) {
        e.add("category", "กรุณาเลือกประเภทเอกสาร");
    }
    let body = input.body.trim().to_owned();
    e.max_chars("body", &body, 50_000, "รายละเอียด");
    let fiscal_year = match prongsai_thai::to_arabic_digits(input.fiscal_year.trim()).parse::<i32>()
    {
        Ok(y) if (2500..=2700).contains(&y) => y,
        _ => {
            e.add("fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569");
            0
        }
    };
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
                e.add("division_id", "ไม่พบหน่วยงานที่เลือก");
            }
            found
        }
    };
    e.into_result()?;
    Ok(Valid {
        title,
        category: input.category.clone(),
        body,
        fiscal_year,
        division_id,
    })
}

/// The current fiscal year (B.E.), the default for new documents.
pub fn current_fiscal_year() -> i32 {
    FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be()
}

/// Creates a draft.
pub async fn create_document(
    db: &Db,
    auth: &Authorized<ManageDocuments>,
    input: &DocumentInput,
) -> prongsai_kernel::Result<model::Model> {
    let org = auth.organization_id();
    let v = validate(db.conn(), org, input).await?;
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let saved = model::ActiveModel {
        organization_id: Set(org),
        division_id: Set(v.division_id),
        category: Set(v.category),
        title: Set(v.title),
        body: Set(v.body),
        fiscal_year: Set(v.fiscal_year),
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
        "document.create",
        Target::new(KIND, saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Changes a draft (the published version stays as it was until published again).
pub async fn update_document(
    db: &Db,
    auth: &Authorized<ManageDocuments>,
    id: i64,
    input: &DocumentInput,
) -> prongsai_kernel::Result<model::Model> {
    let org = auth.organization_id();
    let v = validate(db.conn(), org, input).await?;
    let txn = db.begin_write().await?;
    let existing = get_document_in(&txn, org, id).await?;
    let mut changed = Vec::new();
    if existing.title != v.title {
        changed.push("title");
    }
    if existing.body != v.body {
        changed.push("body");
    }
    if existing.category != v.category {
        changed.push("category");
    }
    if existing.fiscal_year != v.fiscal_year {
        changed.push("fiscal_year");
    }
    if existing.division_id != v.division_id {
        changed.push("division_id");
    }
    let mut a = existing.into_active_model();
    a.title = Set(v.title);
    a.body = Set(v.body);
    a.category = Set(v.category);
    a.fiscal_year = Set(v.fiscal_year);
    a.division_id = Set(v.division_id);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "document.update",
        Target::new(KIND, id),
        json!({ "fields": changed }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

async fn get_document_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<model::Model> {
    model::Entity::find_by_id(id)
        .filter(model::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// A draft, for staff of its organization.
pub async fn get_document(
    db: &Db,
    auth: &Authorized<ManageDocuments>,
    id: i64,
) -> prongsai_kernel::Result<(model::Model, PublicationStatus, Vec<attachment::Model>)> {
    let org = auth.organization_id();
    let doc = get_document_in(db.conn(), org, id).await?;
    let status = publication::get_publication_status(db.conn(), org, KIND, id).await?;
    let files = prongsai_files::list_attachments(db.conn(), org, KIND, id).await?;
    Ok((doc, status, files))
}

/// A staff list row.
#[derive(Clone, Debug)]
pub struct DocumentRow {
    pub document: model::Model,
    pub status: PublicationStatus,
}

/// The organization's documents for staff, newest first.
pub async fn list_documents(
    db: &Db,
    auth: &Authorized<ManageDocuments>,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<DocumentRow>, u64)> {
    let org = auth.organization_id();
    let query = model::Entity::find().filter(model::Column::OrganizationId.eq(org));
    let total = query.clone().count(db.conn()).await?;
    let docs = query
        .order_by_desc(model::Column::UpdatedAt)
        .order_by_desc(model::Column::Id)
        .offset(page * per_page)
        .limit(per_page)
        .all(db.conn())
        .await?;
    let mut rows = Vec::with_capacity(docs.len());
    for d in docs {
        let status = publication::get_publication_status(db.conn(), org, KIND, d.id).await?;
        rows.push(DocumentRow {
            document: d,
            status,
        });
    }
    Ok((rows, total))
}

/// What the public sees of a document.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocumentSnapshot {
    pub title: String,
    pub category: String,
    pub body: String,
    pub fiscal_year: i32,
    pub division: Option<String>,
    pub attachments: Vec<AttachmentRef>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Publishes the document as it is now, with all its attachments.
pub async fn publish_document(
    db: &Db,
    auth: &Authorized<PublishDocuments>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let doc = get_document_in(&txn, org, id).await?;
    let division = match doc.division_id {
        Some(d) => division::Entity::find_by_id(d)
            .one(&txn)
            .await?
            .map(|d| d.name_th),
        None => None,
    };
    let attachments = prongsai_files::list_attachments(&txn, org, KIND, id)
        .await?
        .into_iter()
        .map(|a| AttachmentRef {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
        })
        .collect();
    let snapshot = DocumentSnapshot {
        title: doc.title.clone(),
        category: doc.category,
        body: doc.body,
        fiscal_year: doc.fiscal_year,
        division,
        attachments,
    };
    let version = publication::publish(
        &txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &doc.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(snapshot.fiscal_year),
            category: Some(&snapshot.category),
        },
    )
    .await?;
    prongsai_search::index_record(
        &txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/documents/{id}"),
            title: &snapshot.title,
            body: &snapshot.body,
            published_at: version.published_at,
            fiscal_year: Some(snapshot.fiscal_year),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version.version)
}

/// Withdraws the document from public view.
pub async fn withdraw_document(
    db: &Db,
    auth: &Authorized<PublishDocuments>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let txn = db.begin_write().await?;
    get_document_in(&txn, auth.organization_id(), id).await?;
    publication::withdraw(&txn, auth, KIND, id, reason).await?;
    prongsai_search::remove_record(&txn, auth.organization_id(), KIND, id).await?;
    txn.commit().await?;
    Ok(())
}

/// Attaches a checked file.
pub async fn attach_file(
    db: &Db,
    files: &FileStore,
    auth: &Authorized<ManageDocuments>,
    id: i64,
    file: &CheckedFile,
) -> prongsai_kernel::Result<attachment::Model> {
    let txn = db.begin_write().await?;
    get_document_in(&txn, auth.organization_id(), id).await?;
    let saved = prongsai_files::store_attachment(&txn, files, auth, KIND, id, file).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A published document as the public sees it.
pub struct PublicDocument {
    pub record: PublishedRecord,
    pub snapshot: DocumentSnapshot,
}

impl PublicDocument {
    fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }
}

/// Published documents, newest first.
pub async fn list_public_documents(
    db: &Db,
    organization_id: i64,
    filter: &publication::ListFilter,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<PublicDocument>, u64)> {
    let (records, total) =
        publication::list_published(db.conn(), organization_id, KIND, filter, page, per_page)
            .await?;
    let docs = records
        .into_iter()
        .map(PublicDocument::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    Ok((docs, total))
}

/// The current public version of a document (withdrawn documents included, so the page
/// can say so); `NotFound` for drafts.
pub async fn get_public_document(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicDocument> {
    PublicDocument::from_record(
        publication::find_published(db.conn(), organization_id, KIND, id).await?,
    )
}

/// One past version of a published document.
pub async fn get_public_version(
    db: &Db,
    organization_id: i64,
    id: i64,
    version: i32,
) -> prongsai_kernel::Result<(DocumentSnapshot, chrono::DateTime<chrono::Utc>)> {
    // A document never published has no public versions at all.
    publication::find_published(db.conn(), organization_id, KIND, id).await?;
    let v = publication::get_version(db.conn(), organization_id, KIND, id, version).await?;
    Ok((serde_json::from_value(v.snapshot)?, v.published_at))
}
