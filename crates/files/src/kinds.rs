//! Recognising file types from their content.

use std::io::Cursor;

/// The file types Prongsai accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Webp,
    Docx,
    Xlsx,
}

impl FileKind {
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn from_mime(mime: &str) -> Option<FileKind> {
        [
            FileKind::Pdf,
            FileKind::Jpeg,
            FileKind::Png,
            FileKind::Webp,
            FileKind::Docx,
            FileKind::Xlsx,
        ]
        .into_iter()
        .find(|k| k.mime() == mime)
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png | FileKind::Webp)
    }

    /// Whether browsers may show it in the page (images, PDF) rather than download it.
    pub fn inline(self) -> bool {
        self.is_image() || self == FileKind::Pdf
    }
}

/// Detects the type from the first bytes (and, for office files, the zip directory).
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(FileKind::Webp);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_office(bytes);
    }
    None
}

fn sniff_office(bytes: &[u8]) -> Option<FileKind> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |wanted: &str| names.iter().any(|n| n == wanted);
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(FileKind::Docx)
    } else if has("xl/workbook.xml") {
        Some(FileKind::Xlsx)
    } else {
        None
    }
}

/// Why an upload was refused; the messages are shown next to the file field.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum UploadError {
    #[error("ไฟล์ว่างเปล่า")]
    Empty,
    #[error("ไฟล์ใหญ่เกินไป ({size_mb:.1} MB; ไม่เกิน {max_mb} MB)")]
    TooLarge { size_mb: f64, max_mb: usize },
    #[error("ไม่รองรับไฟล์ประเภทนี้ (รับเฉพาะ PDF, JPEG, PNG, WebP, DOCX และ XLSX)")]
    Unsupported,
    #[error("ไม่รองรับไฟล์ประเภทนี้ในช่องนี้")]
    NotAllowedHere,
}

/// Checks an upload's size and type.
pub fn check_upload(bytes: &[u8], max_bytes: usize) -> Result<FileKind, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(UploadError::TooLarge {
            size_mb: bytes.len() as f64 / 1_048_576.0,
            max_mb: max_bytes / 1_048_576,
        });
    }
    sniff(bytes).ok_or(UploadError::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            for name in names {
                z.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.write_all(b"<x/>").unwrap();
            }
            z.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn recognises_each_kind_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileKind::Png));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(
            sniff(&zip_with(&["[Content_Types].xml", "word/document.xml"])),
            Some(FileKind::Docx)
        );
        assert_eq!(
            sniff(&zip_with(&["[Content_Types].xml", "xl/workbook.xml"])),
            Some(FileKind::Xlsx)
        );
    }

    #[test]
    fn refuses_look_alikes() {
        // A plain zip, HTML renamed to .pdf, an SVG (scriptable), an executable.
        assert_eq!(sniff(&zip_with(&["a.txt"])), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b"PK\x03\x04truncated"), None);
    }

    #[test]
    fn size_limit_and_empty() {
        assert_eq!(check_upload(b"", 10), Err(UploadError::Empty));
        assert!(matches!(
            check_upload(b"%PDF-1.4 0123456789", 10),
            Err(UploadError::TooLarge { .. })
        ));
        assert_eq!(check_upload(b"%PDF-1.4", 100), Ok(FileKind::Pdf));
    }

    proptest::proptest! {
        #[test]
        fn sniff_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = sniff(&bytes);
            let mut zipish = b"PK\x03\x04".to_vec();
            zipish.extend_from_slice(&bytes);
            let _ = sniff(&zipish);
        }
    }
}
