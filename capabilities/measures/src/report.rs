//! Downloads of the annual measures report (PDF, DOCX, XLSX) through `prongsai-reports`.

use std::sync::OnceLock;

use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use prongsai_reports::{Fonts, ReportDocument};
use prongsai_web::{AppError, AppResult};

/// The fonts, found once on first use (see `prongsai_reports::Fonts::discover`).
fn fonts() -> Result<&'static Fonts, String> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| Fonts::discover().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The formats offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
}

impl Format {
    pub fn parse(ext: &str) -> Option<Self> {
        match ext {
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
        }
    }
    fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Renders `doc` off the async threads (typesetting takes a fraction of a second).
pub async fn render(doc: ReportDocument, format: Format) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        match format {
            Format::Pdf => prongsai_reports::render_pdf(&doc, fonts()?).map_err(|e| e.to_string()),
            Format::Docx => prongsai_reports::render_docx(&doc).map_err(|e| e.to_string()),
            Format::Xlsx => prongsai_reports::render_xlsx(&doc).map_err(|e| e.to_string()),
        }
    })
    .await
    .map_err(|e| AppError::from(prongsai_kernel::Error::internal(e)))?
    .map_err(|e| {
        tracing::error!(error = %e, "measures report");
        AppError::from(prongsai_kernel::Error::internal(e))
    })
}

/// The download response.
pub fn download(bytes: Vec<u8>, format: Format, fiscal_year: i32) -> Response {
    let name = format!("มาตรการ-ITA-{fiscal_year}.{}", format.ext());
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"measures-{fiscal_year}.{}\"; filename*=UTF-8''{}",
        format.ext(),
        prongsai_web::error::urlencode(&name)
    )) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    r
}
