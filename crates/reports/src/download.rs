//! Serving a report: the three formats, rendering off the async threads, and the download
//! response with a Thai file name. Every capability that offers a yearly report uses these.

use std::sync::OnceLock;

use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::{Fonts, ReportDocument};

/// The fonts, found once on first use (see [`Fonts::discover`]).
pub fn fonts() -> Result<&'static Fonts, String> {
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
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Docx, Format::Xlsx];

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

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Renders `doc` on a blocking thread (typesetting takes a fraction of a second).
pub async fn render(doc: ReportDocument, format: Format) -> Result<Vec<u8>, String> {
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        match format {
            Format::Pdf => crate::render_pdf(&doc, fonts()?).map_err(|e| e.to_string()),
            Format::Docx => crate::render_docx(&doc).map_err(|e| e.to_string()),
            Format::Xlsx => crate::render_xlsx(&doc).map_err(|e| e.to_string()),
        }
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Percent-encodes a file name for `filename*=UTF-8''...`.
fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The download response: `ascii_stem` for old browsers, `thai_stem` for the others
/// (both without the extension).
pub fn download(bytes: Vec<u8>, format: Format, ascii_stem: &str, thai_stem: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let ext = format.ext();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii_stem}.{ext}\"; filename*=UTF-8''{}",
        encode(&format!("{thai_stem}.{ext}"))
    )) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    r
}

/// Renders `doc` and answers with the download: what every yearly report's handler does.
pub async fn respond(
    doc: ReportDocument,
    format: Format,
    ascii_stem: &str,
    thai_stem: &str,
) -> Result<Response, String> {
    let bytes = render(doc, format).await?;
    Ok(download(bytes, format, ascii_stem, thai_stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_and_names_are_encoded() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.ext()), Some(f));
        }
        assert_eq!(Format::parse("exe"), None);
        let r = download(b"x".to_vec(), Format::Docx, "risks-2569", "ความเสี่ยง 2569");
        let cd = r.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cd.contains("filename=\"risks-2569.docx\""), "{cd}");
        assert!(
            cd.contains("UTF-8''%E0%B8%84%E0%B8%A7%E0%B8%B2%E0%B8%A1"),
            "{cd}"
        );
        assert!(cd.contains("%202569.docx"), "{cd}");
    }
}
