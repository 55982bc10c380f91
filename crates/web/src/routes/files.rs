//! Serving attachments: `/files/{id}/{name}`.
//!
//! The public may fetch an attachment only when it is part of the current published
//! version of its record (listed in the snapshot's `attachments`); staff of the
//! organization may fetch any of the organization's attachments. Files are served with
//! their detected type, `nosniff`, and a sandboxing Content-Security-Policy, so even a
//! crafted PDF cannot run script in the site's origin.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::HeaderValue;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use prongsai_db::entities::attachment;
use prongsai_files::FileKind;

use crate::error::{AppError, AppResult};
use crate::extract::{Page, StaffPage};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/files/{id}/{name}", get(download_attachment))
}

/// Whether the attachment belongs to the current published version of its record.
pub async fn is_public_attachment(state: &AppState, model: &attachment::Model) -> AppResult<bool> {
    let published = match prongsai_kernel::publication::find_published(
        state.db.conn(),
        model.organization_id,
        &model.owner_kind,
        model.owner_id,
    )
    .await
    {
        Ok(p) => p,
        Err(prongsai_kernel::Error::NotFound) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    if published.status.state != prongsai_kernel::publication::PublicationState::Published {
        return Ok(false);
    }
    Ok(published.version.snapshot["attachments"]
        .as_array()
        .is_some_and(|list| list.iter().any(|a| a["id"].as_i64() == Some(model.id))))
}

async fn download_attachment(
    State(state): State<AppState>,
    Page(shell): Page,
    staff: Option<StaffPage>,
    Path((id, _name)): Path<(i64, String)>,
) -> AppResult<Response> {
    let org = shell.tenant.id;
    let model = prongsai_files::get_attachment(state.db.conn(), org, id).await?;
    let allowed = staff.is_some_and(|s| s.staff.organization_id == org)
        || is_public_attachment(&state, &model).await?;
    if !allowed {
        return Err(AppError::not_found());
    }
    let bytes = prongsai_files::read_attachment(&state.files, &model).await?;
    let kind = FileKind::from_mime(&model.content_type).ok_or_else(AppError::not_found)?;
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if kind.inline() {
            "inline"
        } else {
            "attachment"
        },
        ascii_fallback(&model.file_name),
        crate::error::urlencode(&model.file_name)
    );
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&model.size_bytes.to_string()) {
        h.insert(CONTENT_LENGTH, v);
    }
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        ),
    );
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    Ok(response)
}

/// An ASCII stand-in for old clients that ignore `filename*`.
fn ascii_fallback(name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
    let stem: String = name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("{}.{ext}", if stem.is_empty() { "file" } else { &stem })
}
