//! Reading forms with files: a multipart form with one file field ([`read_upload`]), or
//! a public form that may carry several ([`SubmittedForm`]).

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

/// A file sent with a form.
#[derive(Default)]
pub struct UploadedFile {
    /// The form field it was sent under.
    pub field: String,
    pub file_name: String,
    pub bytes: Bytes,
}

// By hand: the bytes of a citizen's file never reach a log line.
impl std::fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadedFile")
            .field("field", &self.field)
            .field("size", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// A form sent either URL-encoded or as multipart (when it has file fields), read as its
/// raw text fields (repeated names kept, in order) and its files. File fields left empty
/// by the browser (no file chosen) are skipped. The size limit is the router's body limit.
#[derive(Default)]
pub struct SubmittedForm {
    pub fields: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

impl SubmittedForm {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The file sent under `field`, if any.
    pub fn file(&self, field: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|f| f.field == field)
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for SubmittedForm {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let content_type = req
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(req, state)
                .await
                .map_err(|_| AppError::bad_request())?;
            let mut form = SubmittedForm::default();
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|_| AppError::bad_request())?
            {
                let Some(name) = field.name().map(str::to_owned) else {
                    continue;
                };
                match field.file_name().map(str::to_owned) {
                    Some(file_name) => {
                        let bytes = field.bytes().await.map_err(|_| AppError::bad_request())?;
                        if !(file_name.is_empty() && bytes.is_empty()) {
                            form.files.push(UploadedFile {
                                field: name,
                                file_name,
                                bytes,
                            });
                        }
                    }
                    None => {
                        let text = field.text().await.map_err(|_| AppError::bad_request())?;
                        form.fields.push((name, text));
                    }
                }
            }
            Ok(form)
        } else {
            let crate::extract::FormFields(fields) =
                crate::extract::FormFields::from_request(req, state).await?;
            Ok(SubmittedForm {
                fields,
                files: Vec::new(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submitted_forms_read_repeated_fields_in_order() {
        let form = SubmittedForm {
            fields: vec![
                ("a".into(), "1".into()),
                ("b".into(), "2".into()),
                ("a".into(), "3".into()),
            ],
            files: vec![UploadedFile {
                field: "f".into(),
                file_name: "x.pdf".into(),
                bytes: Bytes::from_static(b"%PDF"),
            }],
        };
        assert_eq!(form.get("a"), "1");
        assert_eq!(form.all("a"), vec!["1", "3"]);
        assert_eq!(form.get("missing"), "");
        assert!(form.file("f").is_some() && form.file("g").is_none());
        assert_eq!(
            format!("{:?}", form.files[0]),
            "UploadedFile { field: \"f\", size: 4, .. }"
        );
    }
}
