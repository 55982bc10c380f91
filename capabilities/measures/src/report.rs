//! Downloads of the annual measures report (PDF, DOCX, XLSX) through `prongsai-reports`.

use axum::response::Response;
use prongsai_reports::ReportDocument;
pub use prongsai_reports::download::Format;
use prongsai_web::{AppError, AppResult};

/// Renders `doc` off the async threads.
pub async fn render(doc: ReportDocument, format: Format) -> AppResult<Vec<u8>> {
    prongsai_reports::download::render(doc, format)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "measures report");
            AppError::from(prongsai_kernel::Error::internal(e))
        })
}

/// The download response.
pub fn download(bytes: Vec<u8>, format: Format, fiscal_year: i32) -> Response {
    prongsai_reports::download::download(
        bytes,
        format,
        &format!("measures-{fiscal_year}"),
        &format!("มาตรการ-ITA-{fiscal_year}"),
    )
}
