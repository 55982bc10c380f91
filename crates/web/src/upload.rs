//! Reading a multipart form with one file field.

use std::collections::HashMap;

use axum::extract::Multipart;
use bytes::Bytes;

use crate::error::AppError;

/// The file of a form and its other (text) fields.
#[derive(Debug, Default)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Bytes,
    pub fields: HashMap<String, String>,
}

/// Reads every field; the one named `file_field` is the file (empty when none was sent).
/// The size limit is enforced before this, by the body limit of the router.
pub async fn read_upload(mut multipart: Multipart, file_field: &str) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request())?
    {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name == file_field {
            upload.file_name = field.file_name().unwrap_or("file").to_owned();
            upload.bytes = field.bytes().await.map_err(|_| AppError::bad_request())?;
        } else {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            upload.fields.insert(name, text);
        }
    }
    Ok(upload)
}
