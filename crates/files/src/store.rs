//! Storing and reading attachments.

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use prongsai_db::entities::attachment;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Actor, Authorized, Permission};

use crate::kinds::FileKind;

/// Where attachments live, and how big they may be.
#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    pub max_bytes: usize,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("store", &self.store.to_string())
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

/// Default upload limit: 20 MB (a scanned, signed document of several pages).
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;

impl FileStore {
    /// Files under a directory of the local disk (created if missing).
    pub fn local(dir: &std::path::Path, max_bytes: usize) -> prongsai_kernel::Result<Self> {
        std::fs::create_dir_all(dir).map_err(prongsai_kernel::Error::internal)?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(prongsai_kernel::Error::internal)?;
        Ok(Self {
            store: Arc::new(store),
            max_bytes,
        })
    }

    pub fn with_store(store: Arc<dyn ObjectStore>, max_bytes: usize) -> Self {
        Self { store, max_bytes }
    }

    /// Stores opaque bytes under `key` (for capabilities that keep their own records of
    /// what they store, such as the corruption-report channel's sealed files).
    pub async fn put_blob(&self, key: &str, bytes: Bytes) -> prongsai_kernel::Result<()> {
        self.put(key, bytes).await
    }

    /// The bytes stored under `key`.
    pub async fn get_blob(&self, key: &str) -> prongsai_kernel::Result<Bytes> {
        self.get(key).await
    }

    /// Deletes what is stored under `key` (nothing there is not an error).
    pub async fn delete_blob(&self, key: &str) -> prongsai_kernel::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(prongsai_kernel::Error::internal(e)),
        }
    }

    async fn put(&self, key: &str, bytes: Bytes) -> prongsai_kernel::Result<()> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .map_err(prongsai_kernel::Error::internal)?;
        Ok(())
    }

    async fn get(&self, key: &str) -> prongsai_kernel::Result<Bytes> {
        self.store
            .get(&Path::from(key))
            .await
            .map_err(prongsai_kernel::Error::internal)?
            .bytes()
            .await
            .map_err(prongsai_kernel::Error::internal)
    }
}

/// A file name safe to show and to put in a `Content-Disposition` header: no path, no
/// control characters, at most 120 characters, with the extension of its real type.
pub fn sanitize_file_name(name: &str, kind: FileKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(base);
    let cleaned: String = stem
        .chars()
        .filter(|c| !c.is_control() && !"\"<>:|?*;".contains(*c))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_matches('.');
    let stem = if cleaned.is_empty() { "file" } else { cleaned };
    format!("{stem}.{}", kind.extension())
}

/// An upload whose type and size were checked (see [`CheckedFile::check`]).
#[derive(Clone, Debug)]
pub struct CheckedFile {
    pub file_name: String,
    pub kind: FileKind,
    pub bytes: Bytes,
}

impl CheckedFile {
    /// Checks size and type; the error message is for the file field.
    pub fn check(
        file_name: &str,
        bytes: Bytes,
        max_bytes: usize,
    ) -> Result<Self, crate::UploadError> {
        let kind = crate::check_upload(&bytes, max_bytes)?;
        Ok(Self {
            file_name: file_name.to_owned(),
            kind,
            bytes,
        })
    }
}

/// Stores a checked upload and records it against its owner record, inside the caller's
/// transaction. The bytes are written first: if the transaction then rolls back, an
/// unreferenced file remains, which is harmless.
pub async fn store_attachment<P: Permission>(
    txn: &DatabaseTransaction,
    files: &FileStore,
    auth: &Authorized<P>,
    owner_kind: &str,
    owner_id: i64,
    file: &CheckedFile,
) -> prongsai_kernel::Result<attachment::Model> {
    store_as(
        txn,
        files,
        auth.organization_id(),
        auth.actor(),
        owner_kind,
        owner_id,
        file,
    )
    .await
}

/// [`store_attachment`] for a file sent by a member of the public with their submission
/// (a complaint's photos), recorded as [`Actor::Public`]. The owner record decides who
/// may read it; nothing makes it public by itself.
pub async fn store_public_attachment(
    txn: &DatabaseTransaction,
    files: &FileStore,
    organization_id: i64,
    owner_kind: &str,
    owner_id: i64,
    file: &CheckedFile,
) -> prongsai_kernel::Result<attachment::Model> {
    store_as(
        txn,
        files,
        organization_id,
        Actor::Public,
        owner_kind,
        owner_id,
        file,
    )
    .await
}

async fn store_as(
    txn: &DatabaseTransaction,
    files: &FileStore,
    org: i64,
    actor: Actor,
    owner_kind: &str,
    owner_id: i64,
    file: &CheckedFile,
) -> prongsai_kernel::Result<attachment::Model> {
    let (file_name, kind, bytes) = (file.file_name.as_str(), file.kind, file.bytes.clone());
    let sha256 = prongsai_kernel::random::sha256_hex(&bytes);
    let key = format!("{org}/{}/{sha256}", &sha256[..2]);
    let size = bytes.len() as i64;
    files.put(&key, bytes).await?;
    let saved = attachment::ActiveModel {
        organization_id: Set(org),
        owner_kind: Set(owner_kind.to_owned()),
        owner_id: Set(owner_id),
        file_name: Set(sanitize_file_name(file_name, kind)),
        content_type: Set(kind.mime().to_owned()),
        size_bytes: Set(size),
        sha256: Set(sha256.clone()),
        storage_key: Set(key),
        created_by: Set(actor.user_id()),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(org),
        actor,
        "attachment.create",
        Target::new("attachment", saved.id),
        serde_json::json!({
            "owner_kind": owner_kind,
            "owner_id": owner_id,
            "sha256": sha256,
            "size": size,
        }),
    )
    .await?;
    Ok(saved)
}

/// The attachments of a record, oldest first.
pub async fn list_attachments(
    db: &impl ConnectionTrait,
    organization_id: i64,
    owner_kind: &str,
    owner_id: i64,
) -> prongsai_kernel::Result<Vec<attachment::Model>> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::OrganizationId.eq(organization_id))
        .filter(attachment::Column::OwnerKind.eq(owner_kind))
        .filter(attachment::Column::OwnerId.eq(owner_id))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?)
}

/// One attachment of the organization.
pub async fn get_attachment(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<attachment::Model> {
    attachment::Entity::find_by_id(id)
        .filter(attachment::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(prongsai_kernel::Error::NotFound)
}

/// The bytes of an attachment, checked against the stored SHA-256.
pub async fn read_attachment(
    files: &FileStore,
    model: &attachment::Model,
) -> prongsai_kernel::Result<Bytes> {
    let bytes = files.get(&model.storage_key).await?;
    if prongsai_kernel::random::sha256_hex(&bytes) != model.sha256 {
        tracing::error!(attachment = model.id, "stored file does not match its hash");
        return Err(prongsai_kernel::Error::internal("attachment corrupted"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned_and_get_their_real_extension() {
        assert_eq!(
            sanitize_file_name("../../etc/passwd", FileKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            sanitize_file_name("C:\\Users\\ประกาศ ผลการจัดซื้อ.PDF", FileKind::Pdf),
            "ประกาศ ผลการจัดซื้อ.pdf"
        );
        assert_eq!(
            sanitize_file_name("report.exe", FileKind::Xlsx),
            "report.xlsx"
        );
        assert_eq!(sanitize_file_name("\"\";", FileKind::Png), "file.png");
        assert_eq!(sanitize_file_name("a\r\nb.jpg", FileKind::Jpeg), "ab.jpg");
    }
}
