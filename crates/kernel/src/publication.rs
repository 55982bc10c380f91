//! Publication: the one mechanism by which anything becomes public.
//!
//! A record of a capability (`kind`, `record_id`) is a draft until published. Publishing
//! stores a snapshot, the capability's own serialisation of what the public sees, as a
//! new version; public pages render snapshots, never drafts, so an unpublished edit can
//! never leak. Every version is kept for the public history. Withdrawal hides the record
//! and keeps its history. The time of the first publication is the time of its audit
//! row, which is hash-chained, so it cannot be back-dated without `audit verify`
//! noticing (see [`verify_publication_times`]).

use chrono::{DateTime, Utc};
use prongsai_db::entities::{audit_entry, publication, publication_version};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::audit::{self, Target};
use crate::permissions::{Authorized, Permission};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationState {
    Draft,
    Published,
    Withdrawn,
}

impl PublicationState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "published" => Self::Published,
            "withdrawn" => Self::Withdrawn,
            _ => Self::Draft,
        }
    }
}

/// The publication status of a record, for staff screens and public pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicationStatus {
    pub state: PublicationState,
    pub current_version: Option<i32>,
    pub first_published_at: Option<DateTime<Utc>>,
    pub last_published_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl PublicationStatus {
    pub const DRAFT: PublicationStatus = PublicationStatus {
        state: PublicationState::Draft,
        current_version: None,
        first_published_at: None,
        last_published_at: None,
        withdrawn_at: None,
        withdrawn_reason: None,
    };
}

impl From<&publication::Model> for PublicationStatus {
    fn from(p: &publication::Model) -> Self {
        Self {
            state: PublicationState::from_code(&p.state),
            current_version: p.current_version,
            first_published_at: p.first_published_at,
            last_published_at: p.last_published_at,
            withdrawn_at: p.withdrawn_at,
            withdrawn_reason: p.withdrawn_reason.clone(),
        }
    }
}

async fn find_row(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    record_id: i64,
) -> crate::Result<Option<publication::Model>> {
    Ok(publication::Entity::find()
        .filter(publication::Column::OrganizationId.eq(organization_id))
        .filter(publication::Column::Kind.eq(kind))
        .filter(publication::Column::RecordId.eq(record_id))
        .one(db)
        .await?)
}

/// The status of a record (a draft when it was never published).
pub async fn get_publication_status(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    record_id: i64,
) -> crate::Result<PublicationStatus> {
    Ok(find_row(db, organization_id, kind, record_id)
        .await?
        .as_ref()
        .map(PublicationStatus::from)
        .unwrap_or(PublicationStatus::DRAFT))
}

/// What to publish: a record's public snapshot and the facets lists filter on.
#[derive(Clone, Debug)]
pub struct Publish<'a> {
    pub kind: &'a str,
    pub record_id: i64,
    pub title: &'a str,
    /// The capability's serialisation of what the public sees.
    pub snapshot: Value,
    pub change_note: &'a str,
    pub fiscal_year: Option<i32>,
    pub category: Option<&'a str>,
}

/// Publishes the current content of a record as a new version. Publishing content equal
/// to the current published version creates no new version.
pub async fn publish<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    request: Publish<'_>,
) -> crate::Result<publication_version::Model> {
    let Publish {
        kind,
        record_id,
        title,
        snapshot,
        change_note,
        fiscal_year,
        category,
    } = request;
    let org = auth.organization_id();
    let content_hash = crate::random::sha256_hex(audit::canonical_json(&snapshot).as_bytes());
    let now = crate::clock::now();
    let row = match find_row(txn, org, kind, record_id).await? {
        Some(row) => row,
        None => {
            publication::ActiveModel {
                organization_id: Set(org),
                kind: Set(kind.to_owned()),
                record_id: Set(record_id),
                state: Set(PublicationState::Draft.code().to_owned()),
                current_version: Set(None),
                title: Set(None),
                fiscal_year: Set(None),
                category: Set(None),
                first_published_at: Set(None),
                last_published_at: Set(None),
                withdrawn_at: Set(None),
                withdrawn_reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    if let (Some(current), "published") = (row.current_version, row.state.as_str()) {
        let latest = get_version(txn, org, kind, record_id, current).await?;
        if latest.content_hash == content_hash && latest.title == title {
            return Ok(latest);
        }
    }
    let version = row.current_version.unwrap_or(0) + 1;
    let first = row.first_published_at.is_none();
    let entry = audit::record(
        txn,
        Some(org),
        auth.actor(),
        "publication.publish",
        Target::new("publication", row.id),
        json!({
            "kind": kind,
            "record_id": record_id,
            "version": version,
            "content_hash": content_hash,
            "first": first,
        }),
    )
    .await?;
    let at = entry.occurred_at;
    let saved = publication_version::ActiveModel {
        organization_id: Set(org),
        publication_id: Set(row.id),
        version: Set(version),
        title: Set(title.to_owned()),
        snapshot: Set(snapshot),
        content_hash: Set(content_hash),
        change_note: Set(change_note.trim().to_owned()),
        published_at: Set(at),
        published_by: Set(auth.actor().user_id()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut active = row.clone().into_active_model();
    active.state = Set(PublicationState::Published.code().to_owned());
    active.current_version = Set(Some(version));
    active.title = Set(Some(title.to_owned()));
    active.fiscal_year = Set(fiscal_year);
    active.category = Set(category.map(str::to_owned));
    if first {
        active.first_published_at = Set(Some(at));
    }
    active.last_published_at = Set(Some(at));
    active.withdrawn_at = Set(None);
    active.withdrawn_reason = Set(None);
    active.updated_at = Set(at);
    active.update(txn).await?;
    Ok(saved)
}

/// Withdraws a published record from public view, keeping its history.
pub async fn withdraw<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    kind: &str,
    record_id: i64,
    reason: &str,
) -> crate::Result<()> {
    let org = auth.organization_id();
    let row = find_row(txn, org, kind, record_id)
        .await?
        .filter(|r| r.state == PublicationState::Published.code())
        .ok_or_else(|| crate::Error::Conflict("not published".into()))?;
    let entry = audit::record(
        txn,
        Some(org),
        auth.actor(),
        "publication.withdraw",
        Target::new("publication", row.id),
        json!({ "kind": kind, "record_id": record_id }),
    )
    .await?;
    let mut active = row.into_active_model();
    active.state = Set(PublicationState::Withdrawn.code().to_owned());
    active.withdrawn_at = Set(Some(entry.occurred_at));
    active.withdrawn_reason = Set(Some(reason.trim().to_owned()));
    active.updated_at = Set(entry.occurred_at);
    active.update(txn).await?;
    Ok(())
}

/// One published version.
pub async fn get_version(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    record_id: i64,
    version: i32,
) -> crate::Result<publication_version::Model> {
    let row = find_row(db, organization_id, kind, record_id)
        .await?
        .ok_or(crate::Error::NotFound)?;
    publication_version::Entity::find()
        .filter(publication_version::Column::PublicationId.eq(row.id))
        .filter(publication_version::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or(crate::Error::NotFound)
}

/// Every version of a record, newest first (the public history).
pub async fn list_versions(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    record_id: i64,
) -> crate::Result<Vec<publication_version::Model>> {
    let Some(row) = find_row(db, organization_id, kind, record_id).await? else {
        return Ok(Vec::new());
    };
    Ok(publication_version::Entity::find()
        .filter(publication_version::Column::PublicationId.eq(row.id))
        .order_by_desc(publication_version::Column::Version)
        .all(db)
        .await?)
}

/// A record as the public sees it: its status and the current version.
#[derive(Clone, Debug)]
pub struct PublishedRecord {
    pub record_id: i64,
    pub status: PublicationStatus,
    pub version: publication_version::Model,
}

/// The current public version of a record; `NotFound` for drafts. Withdrawn records are
/// returned with their last version so the page can say when and why it was withdrawn.
pub async fn find_published(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    record_id: i64,
) -> crate::Result<PublishedRecord> {
    let row = find_row(db, organization_id, kind, record_id)
        .await?
        .ok_or(crate::Error::NotFound)?;
    let version = row.current_version.ok_or(crate::Error::NotFound)?;
    let v = get_version(db, organization_id, kind, record_id, version).await?;
    Ok(PublishedRecord {
        record_id,
        status: PublicationStatus::from(&row),
        version: v,
    })
}

/// Filters of a public list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub fiscal_year: Option<i32>,
    pub category: Option<String>,
}

/// A page of currently published records of a kind, most recently published first, and
/// the total count. Two queries whatever the page size.
pub async fn list_published(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    filter: &ListFilter,
    page: u64,
    per_page: u64,
) -> crate::Result<(Vec<PublishedRecord>, u64)> {
    let mut query = publication::Entity::find()
        .filter(publication::Column::OrganizationId.eq(organization_id))
        .filter(publication::Column::Kind.eq(kind))
        .filter(publication::Column::State.eq(PublicationState::Published.code()));
    if let Some(year) = filter.fiscal_year {
        query = query.filter(publication::Column::FiscalYear.eq(year));
    }
    if let Some(category) = &filter.category {
        query = query.filter(publication::Column::Category.eq(category.as_str()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(publication::Column::LastPublishedAt)
        .order_by_desc(publication::Column::Id)
        .offset(page.saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    Ok((attach_current_versions(db, rows).await?, total))
}

/// The current versions of publication rows, in the rows' order (one query).
async fn attach_current_versions(
    db: &impl ConnectionTrait,
    rows: Vec<publication::Model>,
) -> crate::Result<Vec<PublishedRecord>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let versions = publication_version::Entity::find()
        .filter(publication_version::Column::PublicationId.is_in(ids))
        .all(db)
        .await?;
    let mut by_key: std::collections::HashMap<(i64, i32), publication_version::Model> = versions
        .into_iter()
        .map(|v| ((v.publication_id, v.version), v))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let version = by_key.remove(&(row.id, row.current_version?))?;
            Some(PublishedRecord {
                record_id: row.record_id,
                status: PublicationStatus::from(&row),
                version,
            })
        })
        .collect())
}

/// Every published record of a kind (for exports), newest first, in pages of 500 rows
/// read one after the other.
pub async fn list_all_published(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    filter: &ListFilter,
) -> crate::Result<Vec<PublishedRecord>> {
    let mut out = Vec::new();
    let mut page = 0;
    loop {
        let (batch, total) = list_published(db, organization_id, kind, filter, page, 500).await?;
        let n = batch.len();
        out.extend(batch);
        if n < 500 || out.len() as u64 >= total {
            break;
        }
        page += 1;
    }
    Ok(out)
}

/// The fiscal years that have published records of a kind, newest first.
pub async fn list_published_fiscal_years(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
) -> crate::Result<Vec<i32>> {
    let rows: Vec<Option<i32>> = publication::Entity::find()
        .select_only()
        .column(publication::Column::FiscalYear)
        .distinct()
        .filter(publication::Column::OrganizationId.eq(organization_id))
        .filter(publication::Column::Kind.eq(kind))
        .filter(publication::Column::State.eq(PublicationState::Published.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut years: Vec<i32> = rows.into_iter().flatten().collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// When a kind was last published or withdrawn (the "updated" date of a dataset).
pub async fn last_change_of_kind(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
) -> crate::Result<Option<DateTime<Utc>>> {
    Ok(publication::Entity::find()
        .filter(publication::Column::OrganizationId.eq(organization_id))
        .filter(publication::Column::Kind.eq(kind))
        .filter(publication::Column::State.ne(PublicationState::Draft.code()))
        .order_by_desc(publication::Column::UpdatedAt)
        .one(db)
        .await?
        .map(|p| p.updated_at))
}

/// Checks that every publication's first-publication time is the time of its audit row.
/// Returns a description of each mismatch.
pub async fn verify_publication_times(db: &impl ConnectionTrait) -> crate::Result<Vec<String>> {
    let mut problems = Vec::new();
    let rows = publication::Entity::find()
        .filter(publication::Column::FirstPublishedAt.is_not_null())
        .order_by_asc(publication::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        let entries = audit_entry::Entity::find()
            .filter(audit_entry::Column::Chain.eq(row.organization_id))
            .filter(audit_entry::Column::Action.eq("publication.publish"))
            .filter(audit_entry::Column::TargetKind.eq("publication"))
            .filter(audit_entry::Column::TargetId.eq(row.id))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(1)
            .all(db)
            .await?;
        match entries.first() {
            None => problems.push(format!(
                "publication {} ({} {}) has no audit row for its first publication",
                row.id, row.kind, row.record_id
            )),
            Some(entry) if Some(entry.occurred_at) != row.first_published_at => {
                problems.push(format!(
                    "publication {} ({} {}): first_published_at {} differs from its audit row ({})",
                    row.id,
                    row.kind,
                    row.record_id,
                    row.first_published_at
                        .map(|t| crate::clock::canonical(&t))
                        .unwrap_or_default(),
                    crate::clock::canonical(&entry.occurred_at)
                ))
            }
            Some(_) => {}
        }
    }
    Ok(problems)
}
