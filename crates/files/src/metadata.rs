//! Removing metadata from pictures before they are stored: a phone photo's EXIF block can
//! hold the place it was taken (GPS), the phone's make and serial, and the time: enough to
//! identify the person who sent it.
//!
//! - JPEG: every APP1 (EXIF, XMP), APP13 (IPTC) and comment segment is dropped. The
//!   orientation alone is kept (in a minimal new EXIF block) so photos are not shown
//!   sideways.
//! - PNG: `eXIf`, `tEXt`, `zTXt`, `iTXt` and `tIME` chunks are dropped.
//! - WebP: `EXIF` and `XMP ` chunks are dropped and the extended header's flags cleared.
//!
//! Pixels are never decoded or re-encoded: the picture is exactly the same.
//!
//! PDFs ([`strip_pdf_metadata`]) lose their document information dictionary (Author,
//! Creator, Producer, Title, Subject, Keywords, dates), every XMP metadata stream, the
//! private data of the program that made them (`PieceInfo`), the file identifier (which
//! can match the copy on the author's computer) and every earlier revision (incremental
//! updates keep old metadata); the file is written anew.

use crate::kinds::FileKind;

/// The bytes without the metadata this module knows for their kind: pictures as
/// [`strip_image_metadata`], PDFs as [`strip_pdf_metadata`]; other kinds unchanged.
/// `None` when the file does not parse (refuse it rather than store it as is).
pub fn strip_metadata(kind: FileKind, bytes: &[u8]) -> Option<Vec<u8>> {
    match kind {
        FileKind::Pdf => strip_pdf_metadata(bytes),
        _ => strip_image_metadata(kind, bytes),
    }
}

/// A PDF without its metadata (see the module's documentation). Encrypted PDFs and PDFs
/// that do not parse give `None`.
pub fn strip_pdf_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    use lopdf::{Document, Object};
    let mut doc = Document::load_mem(bytes).ok()?;
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return None;
    }
    doc.trailer.remove(b"Info");
    doc.trailer.remove(b"ID");
    let metadata_streams: Vec<_> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Stream(stream) => stream
                .dict
                .get(b"Type")
                .ok()
                .and_then(|t| t.as_name().ok())
                .filter(|name| *name == b"Metadata")
                .map(|_| *id),
            _ => None,
        })
        .collect();
    for id in metadata_streams {
        doc.objects.remove(&id);
    }
    for object in doc.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &mut stream.dict,
            _ => continue,
        };
        dict.remove(b"Metadata");
        dict.remove(b"PieceInfo");
        dict.remove(b"LastModified");
    }
    doc.prune_objects();
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).ok()?;
    Some(out)
}

/// The bytes without metadata, for a picture; other kinds are returned unchanged. A file
/// that does not parse is returned as `None` (refuse it rather than store it as is).
pub fn strip_image_metadata(kind: FileKind, bytes: &[u8]) -> Option<Vec<u8>> {
    match kind {
        FileKind::Jpeg => strip_jpeg(bytes),
        FileKind::Png => strip_png(bytes),
        FileKind::Webp => strip_webp(bytes),
        _ => Some(bytes.to_vec()),
    }
}

/// The EXIF orientation (1-8) found in a TIFF structure, if any.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let le = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = tiff.get(i..i + 2)?;
        Some(if le {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = tiff.get(i..i + 4)?;
        Some(if le {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        } else {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    for i in 0..count.min(512) {
        let entry = ifd + 2 + i * 12;
        if u16_at(entry)? == 0x0112 {
            let v = u16_at(entry + 8)?;
            return (1..=8).contains(&v).then_some(v);
        }
    }
    None
}

/// An APP1 segment holding only the orientation.
fn orientation_app1(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2a\x00\x00\x00\x08"); // big-endian, IFD at 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count 1
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // padding of the value field
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut seg = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(b"Exif\x00\x00");
    seg.extend_from_slice(&tiff);
    seg
}

fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = vec![0xFF, 0xD8];
    let mut orientation = None;
    let mut kept = Vec::new();
    let mut i = 2;
    loop {
        // Skip fill bytes.
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if bytes.get(i) != Some(&0xFF) {
            return None;
        }
        let marker = *bytes.get(i + 1)?;
        if marker == 0xDA || marker == 0xD9 {
            // Start of scan (or end of image): the rest is image data.
            if let Some(o) = orientation.filter(|o| *o != 1) {
                out.extend_from_slice(&orientation_app1(o));
            }
            out.extend_from_slice(&kept);
            out.extend_from_slice(&bytes[i..]);
            return Some(out);
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            kept.extend_from_slice(&bytes[i..i + 2]);
            i += 2;
            continue;
        }
        let len = u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]) as usize;
        if len < 2 {
            return None;
        }
        let end = i + 2 + len;
        let segment = bytes.get(i..end)?;
        let payload = &segment[4..];
        match marker {
            0xE1 => {
                if let Some(tiff) = payload.strip_prefix(b"Exif\x00\x00") {
                    orientation = orientation.or_else(|| exif_orientation(tiff));
                }
            }
            0xED | 0xFE => {}
            _ => kept.extend_from_slice(segment),
        }
        i = end;
    }
}

fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIG) {
        return None;
    }
    let mut out = SIG.to_vec();
    let mut i = SIG.len();
    while i < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(i + 4..i + 8)?;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk = bytes.get(i..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        i = end;
        if kind == b"IEND" {
            break;
        }
    }
    Some(out)
}

fn strip_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut body = Vec::new();
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let kind = &bytes[i..i + 4];
        let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().ok()?) as usize;
        let padded = len + (len & 1);
        let end = i.checked_add(8)?.checked_add(padded)?.min(bytes.len());
        let chunk = &bytes[i..end];
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut c = chunk.to_vec();
                if let Some(flags) = c.get_mut(8) {
                    *flags &= !(0x08 | 0x04); // EXIF and XMP present
                }
                body.extend_from_slice(&c);
            }
            _ => body.extend_from_slice(chunk),
        }
        i = end;
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF with an Info dictionary, an XMP stream, a file identifier and an
    /// earlier revision, each holding `marker`.
    fn pdf_with_metadata(marker: &str) -> Vec<u8> {
        let xmp = format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>{marker}</dc:creator></x:xmpmeta>"
        );
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R /PieceInfo << /App << /Private (MARK) >> >> >>".replace("MARK", marker),
            format!("<< /Author ({marker}) /Creator ({marker}) /Producer ({marker}) /Title ({marker}) /Subject ({marker}) /Keywords ({marker}) >>"),
            format!("<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{xmp}\nendstream", xmp.len()),
        ];
        let content = "BT /F1 12 Tf 10 100 Td (evidence) Tj ET";
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref_at = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in &offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R /ID [<{hex}> <{hex}>] >>\nstartxref\n{xref_at}\n%%EOF\n",
                objects.len() + 1,
                hex = marker.bytes().map(|b| format!("{b:02x}")).collect::<String>()
            )
            .as_bytes(),
        );
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn pdf_metadata_is_removed_and_the_page_kept() {
        let marker = "AuthorMarker7731";
        let pdf = pdf_with_metadata(marker);
        assert!(contains(&pdf, marker.as_bytes()));
        let hex: String = marker.bytes().map(|b| format!("{b:02x}")).collect();
        let clean = strip_pdf_metadata(&pdf).expect("parses");
        assert!(
            !contains(&clean, marker.as_bytes()),
            "{}",
            String::from_utf8_lossy(&clean)
        );
        assert!(!contains(&clean.to_ascii_lowercase(), hex.as_bytes()));
        assert!(!contains(&clean, b"/Info"));
        assert!(!contains(&clean, b"/Metadata"));
        // Still a PDF with its page and content.
        let doc = lopdf::Document::load_mem(&clean).expect("valid PDF");
        assert_eq!(doc.get_pages().len(), 1);
        assert!(contains(&clean, b"evidence") || doc.objects.len() >= 3);
        assert_eq!(crate::sniff(&clean), Some(FileKind::Pdf));
        assert_eq!(strip_metadata(FileKind::Pdf, &pdf), Some(clean));
    }

    #[test]
    fn a_broken_pdf_is_refused() {
        assert_eq!(strip_pdf_metadata(b"%PDF-1.4\nnot really"), None);
    }

    /// A JPEG-shaped file: SOI, APP0, APP1 with EXIF (orientation 6 and a GPS-ish marker
    /// string), a comment, a quantisation table, SOS and data, EOI.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        tiff.extend_from_slice(&2u16.to_be_bytes());
        tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
        tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0]);
        tiff.extend_from_slice(&0u32.to_be_bytes());
        tiff.extend_from_slice(b"GPS-LAT-15.7N-LONG-102.4E secret-phone-serial");
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        app1.extend_from_slice(b"Exif\x00\x00");
        app1.extend_from_slice(&tiff);
        let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        f.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
        f.extend_from_slice(&app1);
        f.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x0C]);
        f.extend_from_slice(b"my comment");
        f.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
        f.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]);
        f
    }

    #[test]
    fn jpeg_loses_exif_and_comments_but_keeps_orientation_and_pixels() {
        let original = jpeg_with_exif();
        let clean = strip_image_metadata(FileKind::Jpeg, &original).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS-LAT"));
        assert!(!text.contains("secret-phone-serial"));
        assert!(!text.contains("my comment"));
        assert!(text.contains("JFIF"));
        // The scan data is untouched, at the end.
        assert!(clean.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]));
        // Orientation 6 survives in a new minimal EXIF block.
        let at = clean.windows(6).position(|w| w == b"Exif\x00\x00").unwrap();
        assert_eq!(exif_orientation(&clean[at + 6..]), Some(6));
        assert_eq!(crate::sniff(&clean), Some(FileKind::Jpeg));
        // Stripping twice changes nothing more.
        assert_eq!(strip_image_metadata(FileKind::Jpeg, &clean).unwrap(), clean);
    }

    fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    }

    #[test]
    fn png_loses_text_and_exif_chunks() {
        let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
        f.extend(png_chunk(b"IHDR", &[0; 13]));
        f.extend(png_chunk(b"tEXt", b"Author\x00Somchai"));
        f.extend(png_chunk(b"eXIf", b"MM\x00\x2aGPS"));
        f.extend(png_chunk(b"IDAT", b"pixels"));
        f.extend(png_chunk(b"IEND", b""));
        let clean = strip_image_metadata(FileKind::Png, &f).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("Somchai") && !text.contains("GPS"));
        assert!(text.contains("IHDR") && text.contains("pixels") && text.contains("IEND"));
    }

    #[test]
    fn webp_loses_exif_and_xmp() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = kind.to_vec();
            c.extend_from_slice(&(data.len() as u32).to_le_bytes());
            c.extend_from_slice(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        let mut body = chunk(b"VP8X", &[0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        body.extend(chunk(b"VP8 ", b"imagedata"));
        body.extend(chunk(b"EXIF", b"GPS here"));
        body.extend(chunk(b"XMP ", b"<x:creator>Somchai</x:creator>"));
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        f.extend_from_slice(b"WEBP");
        f.extend(body);
        let clean = strip_image_metadata(FileKind::Webp, &f).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS") && !text.contains("Somchai"));
        assert!(text.contains("imagedata"));
        assert_eq!(clean[20] & 0x0C, 0, "VP8X flags cleared");
        let riff_len = u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff_len + 8, clean.len());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            for kind in [FileKind::Jpeg, FileKind::Png, FileKind::Webp] {
                let mut b = match kind {
                    FileKind::Jpeg => vec![0xFF, 0xD8],
                    FileKind::Png => b"\x89PNG\r\n\x1a\n".to_vec(),
                    _ => b"RIFF\0\0\0\0WEBP".to_vec(),
                };
                b.extend_from_slice(&bytes);
                let _ = strip_image_metadata(kind, &b);
                let _ = strip_image_metadata(kind, &bytes);
            }
        }
    }
}
