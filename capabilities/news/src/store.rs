//! News: categories, drafting, publishing, attachments, and what the public reads.

use bytes::Bytes;
use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::entities::attachment;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use prongsai_files::{FileKind, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{DEFAULT_CATEGORIES, news_category, news_item};
use crate::permissions::{ManageNews, PublishNews};

/// The organization's categories in display order, creating the defaults the first time.
pub async fn list_categories(
    db: &Db,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<news_category::Model>> {
    let existing = news_category::Entity::find()
        .filter(news_category::Column::OrganizationId.eq(organization_id))
        .order_by_asc(news_category::Column::SortOrder)
        .order_by_asc(news_category::Column::Id)
        .all(db.conn())
        .await?;
    if !existing.is_empty() {
        return Ok(existing);
    }
    let txn = db.begin_write().await?;
    // Another request may have created them meanwhile (the write lock orders us).
    let count = news_category::Entity::find()
        .filter(news_category::Column::OrganizationId.eq(organization_id))
        .count(&txn)
        .await?;
    if count == 0 {
        for (i, (code, th, en)) in DEFAULT_CATEGORIES.iter().enumerate() {
            news_category::ActiveModel {
                organization_id: Set(organization_id),
                code: Set((*code).to_owned()),
                name_th: Set((*th).to_owned()),
                name_en: Set((*en).to_owned()),
                sort_order: Set(i as i32 * 10),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(news_category::Entity::find()
        .filter(news_category::Column::OrganizationId.eq(organization_id))
        .order_by_asc(news_category::Column::SortOrder)
        .order_by_asc(news_category::Column::Id)
        .all(db.conn())
        .await?)
}

/// Adds a category.
pub async fn create_category(
    db: &Db,
    auth: &Authorized<PublishNews>,
    code: &str,
    name_th: &str,
    name_en: &str,
) -> prongsai_kernel::Result<news_category::Model> {
    let org = auth.organization_id();
    let existing = list_categories(db, org).await?;
    let mut e = FieldErrors::default();
    let code = code.trim().to_ascii_lowercase();
    if code.is_empty()
        || code.len() > 40
        || !code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        e.add("code", "รหัสหมวดหมู่ใช้ได้เฉพาะ a-z, 0-9 และ - ไม่เกิน 40 ตัวอักษร");
    } else if existing.iter().any(|c| c.code == code) {
        e.add("code", "รหัสหมวดหมู่นี้มีอยู่แล้ว");
    }
    let name_th = e.required("name_th", name_th, "ชื่อหมวดหมู่");
    e.max_chars("name_th", &name_th, 100, "ชื่อหมวดหมู่");
    e.into_result()?;
    let txn = db.begin_write().await?;
    let saved = news_category::ActiveModel {
        organization_id: Set(org),
        code: Set(code),
        name_th: Set(name_th),
        name_en: Set(name_en.trim().to_owned()),
        sort_order: Set(existing.iter().map(|c| c.sort_order).max().unwrap_or(0) + 10),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "news_category.create",
        Target::new("news_category", saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The fields staff fill in.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewsInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub category_id: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub event_date: String,
    #[serde(default)]
    pub fiscal_year: String,
}

struct Valid {
    title: String,
    category_id: i64,
    summary: String,
    body: String,
    event_date: Option<NaiveDate>,
    fiscal_year: i32,
}

async fn validate(
    db: &Db,
    organization_id: i64,
    input: &NewsInput,
) -> prongsai_kernel::Result<Valid> {
    let categories = list_categories(db, organization_id).await?;
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "หัวข้อข่าว");
    e.max_chars("title", &title, 300, "หัวข้อข่าว");
    let category_id = input
        .category_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| categories.iter().any(|c| c.id == *id));
    if category_id.is_none() {
        e.add("category_id", "กรุณาเลือกหมวดหมู่ข่าว");
    }
    let summary = input.summary.trim().to_owned();
    e.max_chars("summary", &summary, 500, "สรุปข่าว");
    let body = input.body.trim().to_owned();
    e.max_chars("body", &body, 50_000, "เนื้อหาข่าว");
    let event_date = match input.event_date.trim() {
        "" => None,
        raw => match raw.parse::<NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) => match prongsai_thai::parse_thai_date(raw) {
                Ok(prongsai_thai::ThaiDate::Day(d)) => Some(d),
                Ok(prongsai_thai::ThaiDate::Range(d, _)) => Some(d),
                Err(err) => {
                    e.add("event_date", format!("วันที่จัดกิจกรรม: {err}"));
                    None
                }
            },
        },
    };
    let fiscal_year = match input.fiscal_year.trim() {
        "" => match event_date {
            Some(d) => prongsai_thai::FiscalYear::of(d).be(),
            None => prongsai_thai::FiscalYear::of(prongsai_kernel::clock::today_in_thailand()).be(),
        },
        raw => match prongsai_thai::to_arabic_digits(raw).parse::<i32>() {
            Ok(y) if (2500..=2700).contains(&y) => y,
            _ => {
                e.add("fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569");
                0
            }
        },
    };
    e.into_result()?;
    Ok(Valid {
        title,
        category_id: category_id.unwrap_or_default(),
        summary,
        body,
        event_date,
        fiscal_year,
    })
}

pub async fn create_news(
    db: &Db,
    auth: &Authorized<ManageNews>,
    input: &NewsInput,
) -> prongsai_kernel::Result<news_item::Model> {
    let org = auth.organization_id();
    let v = validate(db, org, input).await?;
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let saved = news_item::ActiveModel {
        organization_id: Set(org),
        category_id: Set(v.category_id),
        title: Set(v.title),
        summary: Set(v.summary),
        body: Set(v.body),
        event_date: Set(v.event_date),
        fiscal_year: Set(v.fiscal_year),
        cover_attachment_id: Set(None),
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
        "news.create",
        Target::new(KIND, saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn update_news(
    db: &Db,
    auth: &Authorized<ManageNews>,
    id: i64,
    input: &NewsInput,
) -> prongsai_kernel::Result<news_item::Model> {
    let org = auth.organization_id();
    let v = validate(db, org, input).await?;
    let txn = db.begin_write().await?;
    let existing = get_news_in(&txn, org, id).await?;
    let mut a = existing.into_active_model();
    a.title = Set(v.title);
    a.category_id = Set(v.category_id);
    a.summary = Set(v.summary);
    a.body = Set(v.body);
    a.event_date = Set(v.event_date);
    a.fiscal_year = Set(v.fiscal_year);
    a.updated_at = Set(prongsai_kernel::clock::now());
    let saved = a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "news.update",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

async fn get_news_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<news_item::Model> {
    news_item::Entity::find_by_id(id)
        .filter(news_item::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// A draft with its status and files, for staff.
pub async fn get_news(
    db: &Db,
    auth: &Authorized<ManageNews>,
    id: i64,
) -> prongsai_kernel::Result<(news_item::Model, PublicationStatus, Vec<attachment::Model>)> {
    let org = auth.organization_id();
    let item = get_news_in(db.conn(), org, id).await?;
    let status = publication::get_publication_status(db.conn(), org, KIND, id).await?;
    let files = prongsai_files::list_attachments(db.conn(), org, KIND, id).await?;
    Ok((item, status, files))
}

/// Staff list rows, most recently edited first.
pub async fn list_news(
    db: &Db,
    auth: &Authorized<ManageNews>,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<(news_item::Model, PublicationStatus)>, u64)> {
    let org = auth.organization_id();
    let query = news_item::Entity::find().filter(news_item::Column::OrganizationId.eq(org));
    let total = query.clone().count(db.conn()).await?;
    let items = query
        .order_by_desc(news_item::Column::UpdatedAt)
        .order_by_desc(news_item::Column::Id)
        .offset(page * per_page)
        .limit(per_page)
        .all(db.conn())
        .await?;
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let status = publication::get_publication_status(db.conn(), org, KIND, item.id).await?;
        rows.push((item, status));
    }
    Ok((rows, total))
}

/// What the public sees of a news item.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewsSnapshot {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub category_code: String,
    pub category_th: String,
    pub category_en: String,
    pub event_date: Option<NaiveDate>,
    pub fiscal_year: i32,
    pub cover: Option<FileRef>,
    pub attachments: Vec<FileRef>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
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

impl From<attachment::Model> for FileRef {
    fn from(a: attachment::Model) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
        }
    }
}

/// Publishes the item as it is now.
pub async fn publish_news(
    db: &Db,
    auth: &Authorized<PublishNews>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let categories = list_categories(db, org).await?;
    let txn = db.begin_write().await?;
    let item = get_news_in(&txn, org, id).await?;
    let category = categories
        .iter()
        .find(|c| c.id == item.category_id)
        .ok_or_else(|| Error::internal("news category missing"))?;
    let files = prongsai_files::list_attachments(&txn, org, KIND, id).await?;
    let cover = item
        .cover_attachment_id
        .and_then(|cid| files.iter().find(|f| f.id == cid).cloned())
        .map(FileRef::from);
    let snapshot = NewsSnapshot {
        title: item.title.clone(),
        summary: item.summary.clone(),
        body: item.body.clone(),
        category_code: category.code.clone(),
        category_th: category.name_th.clone(),
        category_en: category.name_en.clone(),
        event_date: item.event_date,
        fiscal_year: item.fiscal_year,
        cover,
        attachments: files.into_iter().map(FileRef::from).collect(),
    };
    let version = publication::publish(
        &txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &item.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(item.fiscal_year),
            category: Some(&category.code),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version.version)
}

pub async fn withdraw_news(
    db: &Db,
    auth: &Authorized<PublishNews>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let txn = db.begin_write().await?;
    get_news_in(&txn, auth.organization_id(), id).await?;
    publication::withdraw(&txn, auth, KIND, id, reason).await?;
    txn.commit().await?;
    Ok(())
}

/// Attaches a file; an image becomes the cover when the item has none (or when asked).
#[expect(clippy::too_many_arguments, reason = "the parts of one upload")]
pub async fn attach_news_file(
    db: &Db,
    files: &FileStore,
    auth: &Authorized<ManageNews>,
    id: i64,
    file_name: &str,
    kind: FileKind,
    bytes: Bytes,
    make_cover: bool,
) -> prongsai_kernel::Result<attachment::Model> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let item = get_news_in(&txn, org, id).await?;
    let saved =
        prongsai_files::store_attachment(&txn, files, auth, KIND, id, file_name, kind, bytes)
            .await?;
    if kind.is_image() && (make_cover || item.cover_attachment_id.is_none()) {
        let mut a = item.into_active_model();
        a.cover_attachment_id = Set(Some(saved.id));
        a.updated_at = Set(prongsai_kernel::clock::now());
        a.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// A published news item as the public sees it.
pub struct PublicNews {
    pub record: PublishedRecord,
    pub snapshot: NewsSnapshot,
}

impl PublicNews {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

pub async fn list_public_news(
    db: &Db,
    organization_id: i64,
    filter: &ListFilter,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<PublicNews>, u64)> {
    let (records, total) =
        publication::list_published(db.conn(), organization_id, KIND, filter, page, per_page)
            .await?;
    let items = records
        .into_iter()
        .map(PublicNews::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    Ok((items, total))
}

pub async fn get_public_news(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicNews> {
    PublicNews::from_record(
        publication::find_published(db.conn(), organization_id, KIND, id).await?,
    )
}
