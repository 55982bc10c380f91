//! DOCX written by hand (WordprocessingML in a zip): the cover page in a portrait section,
//! then the topic tables in an A4 landscape section with the heading and topic rows repeated
//! on every page a table continues on, and page numbers in Thai digits in the footer.
//! The font named is TH SarabunPSK, which Thai government PCs have installed.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::{ReportDocument, ReportError, paragraphs};

const FONT: &str = "TH SarabunPSK";
/// A4 in twips.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const MARGIN: u32 = 720;

/// Escapes text for XML, dropping characters XML 1.0 cannot carry.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, bold: bool, half_points: u32) -> String {
    let b = if bold { "<w:b/><w:bCs/>" } else { "" };
    format!(
        r#"<w:r><w:rPr>{b}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

fn para(text: &str, bold: bool, half_points: u32, center: bool) -> String {
    let jc = if center {
        r#"<w:jc w:val="center"/>"#
    } else {
        ""
    };
    format!(
        r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{jc}</w:pPr>{}</w:p>"#,
        run(text, bold, half_points)
    )
}

fn cell(width: u32, span: u32, paras: &[&str], bold: bool, shade: Option<&str>) -> String {
    let span = if span > 1 {
        format!(r#"<w:gridSpan w:val="{span}"/>"#)
    } else {
        String::new()
    };
    let shade = shade
        .map(|fill| format!(r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#))
        .unwrap_or_default();
    let mut body: String = paras.iter().map(|p| para(p, bold, 28, false)).collect();
    if body.is_empty() {
        // A cell must hold at least one paragraph.
        body = "<w:p/>".to_owned();
    }
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{shade}</w:tcPr>{body}</w:tc>"#
    )
}

fn document_xml(doc: &ReportDocument) -> String {
    let table_width = A4_LONG - 2 * MARGIN;
    let shares: u32 = doc.columns.iter().map(|c| c.width).sum::<u32>().max(1);
    let widths: Vec<u32> = doc
        .columns
        .iter()
        .map(|c| table_width * c.width / shares)
        .collect();
    let mut body = String::new();

    // Cover page, portrait.
    let cover = doc.cover_lines();
    for _ in 0..6 {
        body.push_str("<w:p/>");
    }
    for l in &cover.title {
        body.push_str(&para(l, true, 48, true));
    }
    body.push_str("<w:p/><w:p/><w:p/>");
    for l in &cover.place {
        body.push_str(&para(l, true, 40, true));
    }
    body.push_str("<w:p/><w:p/><w:p/>");
    for l in &cover.prepared {
        body.push_str(&para(l, false, 36, true));
    }
    body.push_str(&format!(
        r#"<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="{A4_SHORT}" w:h="{A4_LONG}"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/><w:pgNumType w:start="1"/></w:sectPr></w:pPr></w:p>"#
    ));

    // Tables, landscape.
    if !doc.table_title.trim().is_empty() {
        body.push_str(&para(&doc.table_title, true, 36, true));
    }
    for p in &doc.intro {
        body.push_str(&para(p, false, 32, true));
    }
    let grid: String = widths
        .iter()
        .map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#))
        .collect();
    let borders = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|b| format!(r#"<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#))
        .collect::<String>();
    for topic in &doc.topics {
        body.push_str(&format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="{table_width}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"#
        ));
        // The heading row and the topic row repeat on every page the table continues on.
        body.push_str(r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#);
        for (c, w) in doc.columns.iter().zip(&widths) {
            body.push_str(&cell(*w, 1, &[&c.title], true, Some("E1E1E1")));
        }
        body.push_str("</w:tr>");
        body.push_str(r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#);
        body.push_str(&cell(
            table_width,
            doc.columns.len() as u32,
            &[&topic.title],
            true,
            Some("F5F5F5"),
        ));
        body.push_str("</w:tr>");
        for row in &topic.rows {
            body.push_str("<w:tr>");
            for (i, w) in widths.iter().enumerate() {
                body.push_str(&cell(*w, 1, &paragraphs(row.cell(i)), false, None));
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
        body.push_str(&para("", false, 16, false));
    }
    for p in &doc.closing {
        body.push_str(&para(p, false, 32, false));
    }
    body.push_str(&format!(
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="{A4_LONG}" w:h="{A4_SHORT}" w:orient="landscape"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="360" w:footer="360" w:gutter="0"/><w:pgNumType w:fmt="thaiNumbers" w:start="1"/></w:sectPr>"#
    ));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}</w:body></w:document>"#
    )
}

fn styles_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="th-TH" w:eastAsia="en-US" w:bidi="th-TH"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    )
}

/// The footer: "หน้า" and the page number in Thai digits (`\* ThaiArabic`).
fn footer_xml() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t xml:space="preserve">หน้า </w:t></w:r><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t>๑</w:t></w:r><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#
        .to_owned()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

fn core_xml(doc: &ReportDocument) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>th-TH</dc:language></cp:coreProperties>"#,
        esc(&doc.title),
        esc(&doc.organization)
    )
}

/// Renders the report as a Word document.
pub fn render_docx(doc: &ReportDocument) -> Result<Vec<u8>, ReportError> {
    let err = |e: &dyn std::fmt::Display| ReportError::Docx(e.to_string());
    let mut out = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts: [(&str, String); 7] = [
            ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
            ("_rels/.rels", ROOT_RELS.to_owned()),
            ("docProps/core.xml", core_xml(doc)),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
            ("word/document.xml", document_xml(doc)),
            ("word/styles.xml", styles_xml()),
            ("word/footer1.xml", footer_xml()),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).map_err(|e| err(&e))?;
            zip.write_all(text.as_bytes()).map_err(|e| err(&e))?;
        }
        zip.finish().map_err(|e| err(&e))?;
    }
    Ok(out.into_inner())
}
