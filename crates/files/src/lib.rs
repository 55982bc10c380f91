//! Attachments. The type of a file is decided from its bytes, never from its name or
//! the browser's claim; only PDF, JPEG, PNG, WebP, DOCX and XLSX are accepted, up to a
//! size limit. Files are stored content-addressed (by SHA-256) through `object_store`:
//! local disk by default, S3-compatible storage when several servers share the load.

pub mod kinds;
pub mod metadata;
pub mod store;

pub use kinds::{FileKind, UploadError, check_upload, sniff};
pub use metadata::{strip_image_metadata, strip_metadata, strip_pdf_metadata};
pub use store::{
    CheckedFile, FileStore, get_attachment, list_attachments, read_attachment, sanitize_file_name,
    store_attachment, store_public_attachment,
};
