//! Renders a report in the three formats and reads each back with an independent reader:
//! `pdftotext` (poppler) for the PDF, an XML parse of `word/document.xml` for the DOCX, and
//! calamine for the XLSX.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use prongsai_reports::{
    COLUMNS, CONTINUED, Fonts, ReportDocument, Row, Topic, render_docx, render_pdf, render_xlsx,
};

/// Words that break with a careless text layer: sara am (ำ), stacked marks (ทั้ง, ผู้ใหญ่,
/// ที่นั่ง), and long words that must not be split.
const HARD_WORDS: [&str; 10] = [
    "กำหนด",
    "ทั้งนี้",
    "ผู้ใหญ่บ้าน",
    "ที่นั่ง",
    "น้ำประปา",
    "ผลสัมฤทธิ์",
    "อิเล็กทรอนิกส์",
    "ประชาสัมพันธ์",
    "คอร์รัปชัน",
    "สำนักงาน",
];

fn sample(rows_per_topic: usize) -> ReportDocument {
    let mut topics = Vec::new();
    for t in 0..3 {
        let mut rows = Vec::new();
        for r in 0..rows_per_topic {
            let w = HARD_WORDS[(t * 3 + r) % HARD_WORDS.len()];
            rows.push(Row::new([
                format!("{}. มาตรการที่ {} ว่าด้วยการ{}และการมีส่วนร่วมของประชาชน", r + 1, r + 1, w),
                format!(
                    "1.จัดทำคู่มือและ{w} โดยกำหนดขั้นตอนและระยะเวลาที่ใช้ในการปฏิบัติงาน\n2.ประชุมพนักงานประจำเดือน ทั้งนี้ให้ถือปฏิบัติอย่างเคร่งครัด\n3.เผยแพร่ทางสื่ออิเล็กทรอนิกส์และป้ายประชาสัมพันธ์ของหน่วยงานทุกช่องทาง"
                ),
                "ไตรมาสที่ 1-4".into(),
                format!(
                    "ประชุมวันที่ 10 ต.ค. 2565 และวันที่ 7 พ.ย. 2565 ผู้ใหญ่บ้านทุกหมู่บ้านเข้าร่วม\nผลการดำเนินงาน{w}เป็นไปตามแผน"
                ),
                "ประชาชนมีความพึงพอใจ มุ่งผลสัมฤทธิ์ของงาน ไม่มีเรื่องร้องเรียนการทุจริตคอร์รัปชัน".into(),
            ]));
        }
        topics.push(Topic {
            title: format!(
                "หัวข้อที่ {} กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ E{}",
                t + 1,
                t + 3
            ),
            rows,
        });
    }
    ReportDocument {
        title: "ผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".into(),
        subtitle: "(รอบ ๑๒ เดือน)".into(),
        fiscal_year: 2566,
        organization: "องค์การบริหารส่วนตำบลกุดจอก".into(),
        district: "บัวใหญ่".into(),
        province: "นครราชสีมา".into(),
        prepared_by: "สำนักปลัด งานธุรการ".into(),
        table_title: "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566".into(),
        intro: vec!["จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส".into()],
        columns: prongsai_reports::measure_columns(),
        closing: Vec::new(),
        sheet_name: "มาตรการ 2566".into(),
        topics,
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdftotext(pdf: &[u8], dir: &Path, first: Option<u32>) -> String {
    let path = dir.join("r.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = first {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn page_count(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|n| n.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

#[test]
fn pdf_text_layer_has_every_cell_intact() {
    let fonts = Fonts::discover().expect("Laksaman fonts in assets/fonts");
    let doc = sample(6);
    let pdf = render_pdf(&doc, &fonts).expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
    #[expect(
        clippy::disallowed_methods,
        reason = "a test's switch to keep the PDF for a person to look at"
    )]
    let keep = std::env::var("REPORTS_PDF_OUT");
    if let Ok(out) = keep {
        std::fs::write(out, &pdf).expect("write the PDF to look at");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let text = pdftotext(&pdf, dir.path(), None);
    let flat = squash(&text);
    // Cover page.
    for line in [
        "ประจำปีงบประมาณพ.ศ.๒๕๖๖",
        "อำเภอบัวใหญ่จังหวัดนครราชสีมา",
        "จัดทำโดย",
        "สำนักปลัดงานธุรการ",
    ] {
        assert!(flat.contains(line), "cover misses {line}");
    }
    for h in COLUMNS {
        let head: String = h.chars().take(8).collect();
        assert!(flat.contains(&head), "heading {h} missing");
    }
    // pdftotext reads a table line by line across the columns, interleaving the wrapped
    // lines of neighbouring cells: headings are checked by their first part, cells by the
    // first 8 letters of each paragraph (which fit on a line of the narrowest column).
    for topic in &doc.topics {
        assert!(
            flat.contains(&squash(&topic.title)),
            "topic {}",
            topic.title
        );
        for row in &topic.rows {
            for cell in row.cells() {
                for p in cell.lines() {
                    let word: String = squash(p).chars().take(8).collect();
                    assert!(
                        flat.contains(&word),
                        "word {word:?} missing or broken in the PDF text"
                    );
                }
            }
        }
    }
    for w in HARD_WORDS {
        assert!(text.contains(w), "{w} broken");
    }
}

#[test]
fn pdf_continued_pages_repeat_the_header_and_mark_the_topic() {
    let fonts = Fonts::discover().expect("fonts");
    let doc = sample(12);
    let pdf = render_pdf(&doc, &fonts).expect("pdf");
    let pages = page_count(&pdf);
    assert!(pages >= 4, "expected a long report, got {pages} pages");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut continued_pages = 0;
    for p in 2..=pages as u32 {
        let text = squash(&pdftotext(&pdf, dir.path(), Some(p)));
        for h in COLUMNS {
            let head: String = h.chars().take(8).collect();
            assert!(text.contains(&head), "page {p} lacks the heading {h}");
        }
        // Page numbers in Thai digits, counted from the first table page.
        let number = prongsai_thai::to_thai_digits(&(p - 1).to_string());
        assert!(
            text.contains(&format!("หน้า{number}")),
            "page {p} lacks หน้า {number}"
        );
        if text.contains(CONTINUED) {
            continued_pages += 1;
        }
    }
    assert!(
        continued_pages >= 1,
        "no page marks a continued topic with (ต่อ)"
    );
    // The first page of the tables starts topic 1 and does not say (ต่อ).
    let first = squash(&pdftotext(&pdf, dir.path(), Some(2)));
    assert!(first.contains(&squash(&doc.topics[0].title)));
    assert!(!first.contains(CONTINUED));
}

#[test]
fn missing_font_dir_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(Fonts::load(dir.path()).is_err());
}

fn unzip(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = zip.by_name(name).expect(name);
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

/// Text of every `<w:t>` in order, via a small XML tokenizer that also checks nesting.
fn wordml_paragraphs(xml: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut paras = Vec::new();
    let mut current = String::new();
    let mut rest = xml;
    if let Some(i) = rest.find("?>") {
        rest = &rest[i + 2..];
    }
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if matches!(
            stack.last().map(String::as_str),
            Some("w:t" | "w:instrText")
        ) {
            current.push_str(
                &text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            );
        } else {
            assert!(text.trim().is_empty(), "stray text {text:?}");
        }
        let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
        let tag = &rest[lt + 1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().expect("close without open");
            assert_eq!(open, name, "mismatched tags");
            if name == "w:p" {
                paras.push(std::mem::take(&mut current));
            }
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().expect("name").to_owned());
        } else if tag.starts_with("w:p") && tag.split_whitespace().next() == Some("w:p/") {
            paras.push(String::new());
        }
        rest = &rest[gt + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    paras
}

#[test]
fn docx_is_well_formed_landscape_with_repeated_headers_and_all_text() {
    let doc = sample(4);
    let bytes = render_docx(&doc).expect("docx");
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/footer1.xml",
    ] {
        wordml_paragraphs(&unzip(&bytes, part));
    }
    let xml = unzip(&bytes, "word/document.xml");
    let paras = wordml_paragraphs(&xml);
    assert!(xml.contains(r#"w:orient="landscape""#));
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 2 * doc.topics.len());
    for topic in &doc.topics {
        assert!(paras.contains(&topic.title));
        for row in &topic.rows {
            for cell in row.cells() {
                for p in cell.lines() {
                    assert!(paras.iter().any(|x| x == p), "paragraph {p:?} missing");
                }
            }
        }
    }
    // Order: the rows come in the document's order.
    let pos = |s: &str| paras.iter().position(|x| x == s).expect(s);
    let measures: Vec<&str> = doc
        .topics
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.cell(0)))
        .collect();
    for w in measures.windows(2) {
        assert!(pos(w[0]) < pos(w[1]) || w[0] == w[1]);
    }
    if let Some(soffice) = ["soffice", "libreoffice"]
        .iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok())
    {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.docx");
        std::fs::write(&path, &bytes).expect("write");
        let status = Command::new(soffice)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&path)
            .status()
            .expect("soffice");
        assert!(status.success());
        assert!(dir.path().join("r.pdf").is_file());
    }
}

#[test]
fn xlsx_reads_back_with_every_row_in_order() {
    let doc = sample(3);
    let bytes = render_xlsx(&doc).expect("xlsx");
    let sheets = prongsai_export::read_workbook(&bytes).expect("read");
    assert_eq!(sheets.len(), 1);
    let rows: Vec<Vec<String>> = sheets[0]
        .1
        .iter()
        .map(|r| r.iter().map(|c| c.as_text()).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.get(1).map(String::as_str) == Some(COLUMNS[0]))
        .expect("header row");
    let body = &rows[header + 1..];
    let expected: Vec<(&Topic, &Row)> = doc
        .topics
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t, r)))
        .collect();
    assert_eq!(body.len(), expected.len());
    for (got, (t, r)) in body.iter().zip(expected) {
        assert_eq!(got[0], t.title);
        for (i, cell) in r.cells().iter().enumerate() {
            assert_eq!(&got[i + 1], cell);
        }
    }
}

/// Known defect, kept visible: in some rows `pdftotext` reads the upper marks of "ศักดิ์ศรี"
/// (ดิ์, รี) on a line of their own ("ศักดิ์ศ" ... "ดิ์ รี"). Found on 2026-11-25, not yet
/// understood (font, typst's text layer or poppler's line grouping).
#[test]
#[ignore = "known defect: ศักดิ์ศรี read back split by pdftotext"]
fn pdf_text_layer_keeps_sak_si_whole() {
    let fonts = Fonts::discover().expect("fonts");
    let mut doc = sample(6);
    doc.topics[0].rows[0].cells[1] = "1.จัดทำคู่มือและศักดิ์ศรี โดยกำหนดขั้นตอน".into();
    let pdf = render_pdf(&doc, &fonts).expect("pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(pdftotext(&pdf, dir.path(), None).contains("ศักดิ์ศรี"));
}

/// The other yearly tables (risk management, No Gift...) bring their own columns: every
/// format follows them, and a row shorter than the columns is padded, never a panic.
#[test]
fn a_report_with_its_own_columns_keeps_them_in_every_format() {
    let mut doc = sample(2);
    doc.title = "รายงานผลการบริหารจัดการความเสี่ยงการทุจริต".into();
    doc.sheet_name = "ความเสี่ยง 2566".into();
    doc.columns = vec![
        prongsai_reports::ReportColumn::new("เหตุการณ์ความเสี่ยง", 40),
        prongsai_reports::ReportColumn::new("ระดับความเสี่ยง", 15),
        prongsai_reports::ReportColumn::new("ผลการดำเนินการ", 45),
    ];
    for t in &mut doc.topics {
        for r in &mut t.rows {
            r.cells.truncate(3);
        }
        t.rows.push(Row::new(["แถวที่มีช่องเดียว"]));
    }
    doc.closing = vec!["ปัญหาอุปสรรค: งบประมาณจำกัด".into()];
    let fonts = Fonts::discover().expect("Laksaman fonts in assets/fonts");
    let pdf = render_pdf(&doc, &fonts).expect("pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let flat = squash(&pdftotext(&pdf, dir.path(), None));
    for h in [
        "เหตุการณ์ความเสี่ยง",
        "ระดับความเสี่ยง",
        "ผลการดำเนินการ",
        "แถวที่มีช่องเดียว",
        "ปัญหาอุปสรรค: งบประมาณจำกัด",
    ] {
        assert!(flat.contains(&squash(h)), "{h} missing from the PDF");
    }
    assert!(
        !flat.contains(&squash(COLUMNS[1])),
        "the measures columns must not appear"
    );

    let xml = unzip(&render_docx(&doc).expect("docx"), "word/document.xml");
    let grid = xml.split("<w:tblGrid>").nth(1).expect("a table grid");
    let grid = grid.split("</w:tblGrid>").next().unwrap_or_default();
    assert_eq!(grid.matches("<w:gridCol").count(), 3);
    assert!(
        xml.contains(r#"<w:gridSpan w:val="3"/>"#),
        "topic row spans 3"
    );
    assert!(xml.contains("ปัญหาอุปสรรค: งบประมาณจำกัด"));

    let sheets = prongsai_export::read_workbook(&render_xlsx(&doc).expect("xlsx")).expect("read");
    assert_eq!(sheets[0].0, "ความเสี่ยง 2566");
    let header = sheets[0]
        .1
        .iter()
        .find(|r| r.get(1).map(|c| c.as_text()) == Some("เหตุการณ์ความเสี่ยง".into()))
        .expect("header row");
    assert_eq!(header.len(), 4, "topic column and the three columns");
    assert_eq!(header[3].as_text(), "ผลการดำเนินการ");
    let last = sheets[0].1.last().expect("rows");
    assert_eq!(last[0].as_text(), prongsai_reports::CLOSING_LABEL);
    assert_eq!(last[1].as_text(), "ปัญหาอุปสรรค: งบประมาณจำกัด");
}

/// The DOCX opens in LibreOffice: `soffice --headless --convert-to pdf` succeeds and the PDF
/// holds the cover, the tables and page numbers in Thai digits. LibreOffice is big, so the
/// test runs where it is installed and is skipped elsewhere, unless
/// `PRONGSAI_REQUIRE_LIBREOFFICE=1` (set by `.ci/run`, which installs it) makes its absence a
/// failure.
#[test]
fn docx_converts_with_libreoffice() {
    #[expect(clippy::disallowed_methods, reason = "the test's switch, read once")]
    let required = std::env::var("PRONGSAI_REQUIRE_LIBREOFFICE").is_ok_and(|v| v == "1");
    let has_soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_soffice {
        assert!(
            !required,
            "soffice (LibreOffice) is required but not installed"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let doc = sample(6);
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, render_docx(&doc).expect("docx")).expect("write");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("report.pdf")).expect("soffice wrote the PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdftotext(&pdf, dir.path(), None);
    let flat = squash(&text);
    for want in [
        "ประจำปีงบประมาณพ.ศ.๒๕๖๖",
        "อำเภอบัวใหญ่จังหวัดนครราชสีมา",
        &squash(&doc.topics[0].title),
    ] {
        assert!(flat.contains(want), "LibreOffice's PDF misses {want:?}");
    }
    // The section numbers its pages `thaiNumbers`: Word shows ๒, LibreOffice 7 shows 2 (it
    // does not map that format). Never Thai letters (ก ข), which the `\* ThaiArabic` field
    // switch gave in LibreOffice.
    assert!(
        flat.contains("หน้า๒") || flat.contains("หน้า2"),
        "page 2 is numbered"
    );
    assert!(
        !flat.contains("หน้าข"),
        "page numbers must be digits, not letters"
    );
    assert!(page_count(&pdf) > 2, "cover and landscape table pages");
}
