//! Excel workbooks for Thai government offices, and reading spreadsheets back.
//!
//! Written with `rust_xlsxwriter`: cells in TH SarabunPSK (installed on government PCs),
//! Buddhist Era dates through the number format `[$-107041E]d mmmm yyyy` (LibreOffice and
//! Excel show `10 ตุลาคม 2565`), money with two decimals and grouped digits, a bold header
//! row that stays in view, filters, and column widths set by hand (automatic widths count
//! Thai's zero-width marks). Read back with `calamine` (tests, imports).

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// The font Thai government offices have installed.
pub const FONT: &str = "TH SarabunPSK";
/// Dates in Buddhist Era with full Thai month names.
pub const BE_DATE_FORMAT: &str = "[$-107041E]d mmmm yyyy";
pub const MONEY_FORMAT: &str = "#,##0.00";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("excel: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("reading the spreadsheet: {0}")]
    Read(String),
}

/// What a column holds, which decides its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Long text, wrapped.
    Paragraph,
    Integer,
    /// Amounts in satang, shown in baht.
    Money,
    Date,
    /// A decimal number with two places (averages, percentages).
    Decimal,
}

#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    /// Width in Excel character units.
    pub width: f64,
    pub kind: ColumnKind,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f64, kind: ColumnKind) -> Self {
        Self {
            header: header.into(),
            width,
            kind,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Satang.
    Money(i64),
    Date(NaiveDate),
    Decimal(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// One worksheet: an optional title row above the table, the columns and the rows.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// Sheet tab name (Thai allowed; at most 31 characters, no `[]:*?/\`).
    pub name: String,
    /// A title written above the table (e.g. "สถิติการให้บริการ ปีงบประมาณ 2569").
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A sheet name Excel accepts.
pub fn safe_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Sheet1".to_owned()
    } else {
        cleaned
    }
}

/// Sheets with more rows than this are written in rust_xlsxwriter's "low memory" mode: one
/// row in memory at a time (plus the table of distinct strings), the rest in a temporary file.
const LOW_MEMORY_ROWS: usize = 2_000;

/// The cell formats of a workbook.
struct Formats {
    header: Format,
    title: Format,
    text: Format,
    wrapped: Format,
    int: Format,
    money: Format,
    decimal: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(14);
        let header = base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#E8EEF7")
            .set_border(FormatBorder::Thin);
        let title = base.clone().set_bold().set_font_size(16);
        let text = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let wrapped = text.clone().set_text_wrap();
        let int = text.clone().set_num_format("#,##0");
        let money = text.clone().set_num_format(MONEY_FORMAT);
        let decimal = text.clone().set_num_format("#,##0.00");
        let date = text
            .clone()
            .set_num_format(BE_DATE_FORMAT)
            .set_align(FormatAlign::Left);
        Self {
            header,
            title,
            text,
            wrapped,
            int,
            money,
            decimal,
            date,
        }
    }
}

/// Writes the title, the header and the rows of one sheet, strictly row after row (which
/// the low-memory mode requires).
fn write_sheet<R: AsRef<[Cell]>>(
    ws: &mut Worksheet,
    f: &Formats,
    sheet: &Sheet,
    rows: impl IntoIterator<Item = R>,
) -> Result<(), ExportError> {
    ws.set_name(safe_sheet_name(&sheet.name))?;
    let mut row: u32 = 0;
    if let Some(t) = &sheet.title {
        ws.write_string_with_format(0, 0, t, &f.title)?;
        ws.set_row_height(0, 24)?;
        row = 2;
    }
    let header_row = row;
    for (c, col) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, col.width)?;
        ws.write_string_with_format(row, c, &col.header, &f.header)?;
    }
    ws.set_row_height(row, 36)?;
    for cells in rows {
        row += 1;
        let mut lines = 1usize;
        for (c, cell) in cells.as_ref().iter().enumerate() {
            let kind = sheet
                .columns
                .get(c)
                .map(|k| k.kind)
                .unwrap_or(ColumnKind::Text);
            let c16 = c as u16;
            match cell {
                Cell::Text(s) if kind == ColumnKind::Paragraph => {
                    let width = sheet
                        .columns
                        .get(c)
                        .map(|k| k.width)
                        .unwrap_or(30.0)
                        .max(10.0);
                    // Thai: about 1.3 characters per width unit in TH SarabunPSK 14.
                    let per_line = (width * 1.3) as usize;
                    let n: usize = s
                        .lines()
                        .map(|l| l.chars().count().div_ceil(per_line.max(1)).max(1))
                        .sum();
                    lines = lines.max(n);
                    ws.write_string_with_format(row, c16, s, &f.wrapped)?;
                }
                Cell::Text(s) => {
                    ws.write_string_with_format(row, c16, s, &f.text)?;
                }
                Cell::Int(n) => {
                    ws.write_number_with_format(row, c16, *n as f64, &f.int)?;
                }
                Cell::Money(satang) => {
                    ws.write_number_with_format(row, c16, *satang as f64 / 100.0, &f.money)?;
                }
                Cell::Decimal(v) if v.is_finite() => {
                    ws.write_number_with_format(row, c16, *v, &f.decimal)?;
                }
                Cell::Date(d) => {
                    ws.write_date_with_format(row, c16, d, &f.date)?;
                }
                Cell::Decimal(_) | Cell::Empty => {
                    ws.write_blank(row, c16, &f.text)?;
                }
            }
        }
        if lines > 1 {
            ws.set_row_height(row, 20.0 * lines.min(40) as f64)?;
        }
    }
    if !sheet.columns.is_empty() {
        ws.set_freeze_panes(header_row + 1, 0)?;
        ws.autofilter(
            header_row,
            0,
            row.max(header_row),
            (sheet.columns.len() - 1) as u16,
        )?;
    }
    Ok(())
}

/// Writes the workbook and returns the bytes of the `.xlsx` file.
pub fn write_workbook(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    for sheet in sheets {
        let ws = if sheet.rows.len() > LOW_MEMORY_ROWS {
            book.add_worksheet_with_low_memory()?
        } else {
            book.add_worksheet()
        };
        write_sheet(ws, &f, sheet, &sheet.rows)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Writes a one-sheet workbook whose rows come from an iterator, one row in memory at a
/// time: `sheet` gives the name, title and columns (its own `rows` are ignored). For
/// exports of any size (a year of 100,000 procurement items).
pub fn write_streamed_workbook<R: AsRef<[Cell]>>(
    sheet: &Sheet,
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let ws = book.add_worksheet_with_low_memory()?;
    write_sheet(ws, &f, sheet, rows)?;
    Ok(book.save_to_buffer()?)
}

/// A read cell, for tests and imports.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadCell {
    Text(String),
    Number(f64),
    Empty,
    /// Anything else (booleans, errors, dates as calamine sees them), as text.
    Other(String),
}

impl ReadCell {
    pub fn as_text(&self) -> String {
        match self {
            ReadCell::Text(s) | ReadCell::Other(s) => s.clone(),
            ReadCell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    n.to_string()
                }
            }
            ReadCell::Empty => String::new(),
        }
    }
}

/// A read worksheet: its name and its rows.
pub type ReadSheet = (String, Vec<Vec<ReadCell>>);

/// Every sheet of an `.xlsx` file.
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<ReadSheet>, ExportError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| ExportError::Read(e.to_string()))?;
    let mut out = Vec::new();
    for name in book.sheet_names().to_owned() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ExportError::Read(e.to_string()))?;
        let rows = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => ReadCell::Text(s.clone()),
                        Data::Float(f) => ReadCell::Number(*f),
                        Data::Int(i) => ReadCell::Number(*i as f64),
                        Data::Empty => ReadCell::Empty,
                        Data::DateTime(d) => ReadCell::Number(d.as_f64()),
                        other => ReadCell::Other(other.to_string()),
                    })
                    .collect()
            })
            .collect();
        out.push((name, rows));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_sheets_read_back_exactly() {
        let sheet = Sheet {
            name: "สถิติ: ปี/2569".into(),
            title: Some("สถิติการให้บริการ ปีงบประมาณ พ.ศ. 2569".into()),
            columns: vec![
                Column::new("งานบริการ", 30.0, ColumnKind::Text),
                Column::new("จำนวน", 10.0, ColumnKind::Integer),
                Column::new("วงเงิน (บาท)", 16.0, ColumnKind::Money),
                Column::new("วันที่", 18.0, ColumnKind::Date),
                Column::new("หมายเหตุ", 20.0, ColumnKind::Paragraph),
            ],
            rows: vec![
                vec![
                    "ขอยืมเต็นท์/เก้าอี้".into(),
                    Cell::Int(12),
                    Cell::Money(12_345_678),
                    Cell::Date(NaiveDate::from_ymd_opt(2022, 10, 10).unwrap()),
                    "ผู้สูงอายุ ผู้พิการ และผู้ป่วยเอดส์ ได้รับความสะดวกมากขึ้นกว่าเดิม".into(),
                ],
                vec![
                    "คำร้องทั่วไป".into(),
                    Cell::Int(0),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
            ],
        };
        let bytes = write_workbook(&[sheet]).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let sheets = read_workbook(&bytes).unwrap();
        assert_eq!(
            sheets[0].0, "สถิติ ปี2569",
            "forbidden characters removed from the tab name"
        );
        let rows = &sheets[0].1;
        assert_eq!(rows[0][0].as_text(), "สถิติการให้บริการ ปีงบประมาณ พ.ศ. 2569");
        assert_eq!(rows[2][0].as_text(), "งานบริการ");
        assert_eq!(rows[3][0].as_text(), "ขอยืมเต็นท์/เก้าอี้");
        assert_eq!(rows[3][1], ReadCell::Number(12.0));
        assert_eq!(rows[3][2], ReadCell::Number(123_456.78));
        // 10 Oct 2022 is Excel serial 44844.
        assert_eq!(rows[3][3], ReadCell::Number(44844.0));
        assert!(rows[3][4].as_text().contains("ผู้ป่วยเอดส์"));
        assert_eq!(rows[4][2], ReadCell::Empty);
    }

    #[test]
    fn the_date_format_is_buddhist_era() {
        let bytes = write_workbook(&[Sheet {
            name: "a".into(),
            title: None,
            columns: vec![Column::new("d", 10.0, ColumnKind::Date)],
            rows: vec![vec![Cell::Date(
                NaiveDate::from_ymd_opt(2023, 1, 9).unwrap(),
            )]],
        }])
        .unwrap();
        // The styles part carries the Thai Buddhist-calendar number format.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let mut styles = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/styles.xml").unwrap(), &mut styles)
            .unwrap();
        assert!(
            styles.contains("formatCode=\"[$-107041E]d mmmm yyyy\""),
            "{styles}"
        );
        assert!(styles.contains("TH SarabunPSK"));
        let archive = read_workbook(&bytes).unwrap();
        assert_eq!(archive[0].1[1][0], ReadCell::Number(44935.0));
    }

    #[test]
    fn a_streamed_sheet_reads_back_like_a_built_one() {
        let columns = vec![
            Column::new("รายการ", 30.0, ColumnKind::Text),
            Column::new("วงเงิน", 16.0, ColumnKind::Money),
            Column::new("วันที่", 18.0, ColumnKind::Date),
            Column::new("รายละเอียด", 20.0, ColumnKind::Paragraph),
        ];
        let day = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        // More rows than LOW_MEMORY_ROWS, so both paths use the low-memory worksheet.
        let row = |i: usize| -> Vec<Cell> {
            vec![
                format!("จ้างซ่อมแซมถนนลูกรัง หมู่ที่ {}", i % 14 + 1).into(),
                Cell::Money(i as i64 * 101),
                Cell::Date(day + chrono::Duration::days((i % 365) as i64)),
                if i.is_multiple_of(7) {
                    Cell::Empty
                } else {
                    format!("บรรทัดแรก {i}\nบรรทัดที่สอง").into()
                },
            ]
        };
        let n = LOW_MEMORY_ROWS + 500;
        let built = Sheet {
            name: "จัดซื้อ".into(),
            title: Some("ปีงบประมาณ 2569".into()),
            columns: columns.clone(),
            rows: (0..n).map(row).collect(),
        };
        let spec = Sheet {
            rows: Vec::new(),
            ..built.clone()
        };
        let streamed = write_streamed_workbook(&spec, (0..n).map(row)).unwrap();
        let from_built = write_workbook(&[built]).unwrap();
        let a = read_workbook(&streamed).unwrap();
        let b = read_workbook(&from_built).unwrap();
        assert_eq!(a, b);
        let rows = &a[0].1;
        assert_eq!(rows.len(), n + 3, "title, blank, header and {n} rows");
        assert_eq!(rows[3][0].as_text(), "จ้างซ่อมแซมถนนลูกรัง หมู่ที่ 1");
        assert_eq!(
            rows[n + 2][1],
            ReadCell::Number((n - 1) as f64 * 101.0 / 100.0)
        );
        assert_eq!(rows[4][3].as_text(), "บรรทัดแรก 1\nบรรทัดที่สอง");
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(read_workbook(b"not a spreadsheet").is_err());
        assert!(read_workbook(b"PK\x03\x04 truncated").is_err());
    }
}
