//! Reading a procurement sheet (XLSX, or CSV in UTF-8 or Windows-874) into items: the
//! header row is found by its headers (those of the year's data file), each cell is read
//! as the person meant it (amounts with commas or Thai digits, B.E. dates typed as text or
//! stored as Excel dates, tax IDs that Excel turned into numbers), and each row is checked
//! like a form. Every problem names its row, its column and a Thai reason.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::reference::{YearReference, squash};
use crate::validate::{ItemInput, Problem, ValidItem, validate_item};

/// Rows beyond this are refused (the benchmark's 100,000 fit).
pub const MAX_ROWS: usize = 200_000;
/// Columns an import must have.
pub const REQUIRED: &[&str] = &[
    "item_name",
    "allocated_budget",
    "budget_source",
    "status",
    "method",
];

/// A problem in the file, by row and column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellProblem {
    /// Row number as a spreadsheet shows it (1-based).
    pub row: usize,
    /// Column letter (`H`), or empty for problems of the whole row.
    pub column: String,
    pub header: String,
    pub message: String,
}

/// What an import would do.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ImportPreview {
    pub items: Vec<(usize, ValidItem)>,
    pub problems: Vec<CellProblem>,
    /// Problems of the file as a whole (no header row, missing columns).
    pub file_problems: Vec<String>,
    pub rows_read: usize,
}

impl ImportPreview {
    pub fn can_commit(&self) -> bool {
        self.file_problems.is_empty() && self.problems.is_empty() && !self.items.is_empty()
    }
}

/// `0` → `A`, `27` → `AB`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// A raw table: rows of cells as text (dates already in ISO form).
pub type Table = Vec<Vec<String>>;

/// Excel's day count to a date (the 1900 leap-year bug included, as Excel does).
fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let d = base.checked_add_signed(chrono::Duration::days(serial.floor() as i64))?;
    // A B.E. year typed into a date cell (2565 stored as a Common Era year).
    use chrono::Datelike;
    if d.year() >= 2400 {
        return d.with_year(d.year() - 543);
    }
    Some(d)
}

/// The cells of the first worksheet of an `.xlsx` file.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, String> {
    use calamine::{DataRef, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|_| "ไฟล์ Excel เสียหรือไม่ใช่ไฟล์ .xlsx".to_owned())?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("ไฟล์ Excel ไม่มีแผ่นงาน")?;
    let unreadable = || "อ่านแผ่นงานแรกของไฟล์ Excel ไม่ได้".to_owned();
    // The cells are streamed into the table (a year of 100,000 rows is never held twice).
    // Like calamine's ranges, the table starts at the first row and the first column that
    // hold a value; empty rows in between are kept, so row numbers stay those of the sheet.
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|_| unreadable())?;
    let mut table: Table = Vec::new();
    let mut first_row: Option<u32> = None;
    let mut first_col = u32::MAX;
    let mut width = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        let text = match cell.get_value() {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    format!("{f:.2}")
                }
            }
            DataRef::Int(i) => i.to_string(),
            DataRef::DateTime(d) => excel_date(d.as_f64())
                .map(|d| d.to_string())
                .unwrap_or_default(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::Error(_) | DataRef::Empty => continue,
        };
        if text.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        let top = *first_row.get_or_insert(r);
        let Some(index) = r.checked_sub(top).map(|i| i as usize) else {
            continue;
        };
        if index >= MAX_ROWS + 20 {
            break;
        }
        while table.len() <= index {
            table.push(Vec::new());
        }
        let row = &mut table[index];
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
        first_col = first_col.min(c as u32);
        width = width.max(c + 1);
    }
    // Every row the same width, from the first column that holds a value.
    let skip = if first_col == u32::MAX {
        0
    } else {
        first_col as usize
    };
    for row in &mut table {
        row.resize(width, String::new());
        row.drain(..skip);
    }
    Ok(table)
}

/// Windows-874 (TIS-620 and Microsoft's additions) to text.
fn decode_windows_874(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x00..=0x7F => b as char,
            0x80 => '€',
            0x85 => '…',
            0x91 => '\u{2018}',
            0x92 => '\u{2019}',
            0x93 => '\u{201C}',
            0x94 => '\u{201D}',
            0x95 => '•',
            0x96 => '–',
            0x97 => '—',
            0xA0 => '\u{00A0}',
            0xA1..=0xDA | 0xDF..=0xFB => {
                char::from_u32(0x0E00 + u32::from(b - 0xA0)).unwrap_or('\u{FFFD}')
            }
            _ => '\u{FFFD}',
        })
        .collect()
}

/// The cells of a CSV file (RFC 4180 quoting; UTF-8 with or without BOM, else Windows-874).
pub fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => decode_windows_874(bytes),
    };
    let mut table = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                table.push(std::mem::take(&mut row));
                if table.len() > MAX_ROWS + 20 {
                    break;
                }
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err("ไฟล์ CSV มีเครื่องหมายคำพูด (\") ที่ไม่ได้ปิด".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        table.push(row);
    }
    Ok(table)
}

/// Finds the header row and maps columns to fields.
fn map_header(
    table: &Table,
    reference: &YearReference,
) -> Option<(usize, BTreeMap<usize, String>)> {
    let known: Vec<(String, String)> = reference
        .columns
        .iter()
        .map(|c| (squash(&c.header), c.field.clone()))
        .collect();
    let mut best: Option<(usize, BTreeMap<usize, String>)> = None;
    for (r, row) in table.iter().enumerate().take(15) {
        let mut map = BTreeMap::new();
        for (c, cell) in row.iter().enumerate() {
            let s = squash(cell);
            if s.is_empty() {
                continue;
            }
            if let Some((_, field)) = known.iter().find(|(h, _)| {
                *h == s
                    || (s.len() > 6 && h.starts_with(&s))
                    || (h.len() > 6 && s.starts_with(h.as_str()))
            }) && !map.values().any(|f| f == field)
            {
                map.insert(c, field.clone());
            }
        }
        if map.len() >= 4 && best.as_ref().is_none_or(|(_, m)| map.len() > m.len()) {
            best = Some((r, map));
        }
    }
    best
}

/// Reads and checks every row of a table.
pub fn preview(table: &Table, reference: &YearReference, fiscal_year: i32) -> ImportPreview {
    let mut p = ImportPreview::default();
    let Some((header_row, map)) = map_header(table, reference) else {
        p.file_problems.push("ไม่พบแถวหัวตาราง: แถวหัวตารางต้องมีชื่อคอลัมน์ตามแบบฟอร์มของ ป.ป.ช. เช่น \"ชื่อรายการของงานที่ซื้อหรือจ้าง\"".into());
        return p;
    };
    let header_of = |field: &str| {
        reference
            .columns
            .iter()
            .find(|c| c.field == field)
            .map(|c| c.header.clone())
            .unwrap_or_default()
    };
    for required in REQUIRED {
        if !map.values().any(|f| f == required) {
            p.file_problems
                .push(format!("ไม่พบคอลัมน์ \"{}\"", header_of(required)));
        }
    }
    if !p.file_problems.is_empty() {
        return p;
    }
    let column_of: BTreeMap<&str, usize> = map.iter().map(|(c, f)| (f.as_str(), *c)).collect();
    let rows = &table[header_row + 1..];
    if rows.len() > MAX_ROWS {
        p.file_problems.push(format!("ไฟล์มีมากกว่า {MAX_ROWS} แถว"));
        return p;
    }
    for (i, cells) in rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row_number = header_row + 2 + i;
        p.rows_read += 1;
        let get = |field: &str| {
            column_of
                .get(field)
                .and_then(|c| cells.get(*c))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let mut tax = get("vendor_tax_id");
        // Excel drops the leading zero of a company's tax ID stored as a number.
        if tax.len() == 12 && tax.bytes().all(|b| b.is_ascii_digit()) {
            tax.insert(0, '0');
        }
        let input = ItemInput {
            fiscal_year: get("fiscal_year"),
            item_name: get("item_name"),
            allocated_budget: get("allocated_budget"),
            budget_source: get("budget_source"),
            status: get("status"),
            method: get("method"),
            reference_price: get("reference_price"),
            agreed_price: get("agreed_price"),
            vendor_name: get("vendor_name"),
            vendor_tax_id: tax,
            egp_project_number: get("egp_project_number"),
            contract_start: get("contract_start"),
            contract_end: get("contract_end"),
            announced_on: String::new(),
        };
        match validate_item(&input, fiscal_year) {
            Ok(item) => p.items.push((row_number, item)),
            Err(problems) => {
                for Problem { field, message } in problems {
                    let column = column_of
                        .get(field)
                        .map(|c| column_letter(*c))
                        .unwrap_or_default();
                    p.problems.push(CellProblem {
                        row: row_number,
                        column,
                        header: header_of(field),
                        message,
                    });
                }
            }
        }
    }
    if p.rows_read == 0 {
        p.file_problems.push("ไม่มีข้อมูลใต้แถวหัวตาราง".into());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> &'static YearReference {
        crate::reference::reference_for(2569).0
    }

    fn csv(text: &str) -> ImportPreview {
        preview(&read_csv(text.as_bytes()).unwrap(), reference(), 2569)
    }

    const HEADER: &str = "ที่,ปีงบประมาณ,ชื่อรายการของงานที่ซื้อหรือจ้าง,วงเงินงบประมาณที่ได้รับจัดสรร (บาท),แหล่งที่มาของงบประมาณ,สถานะการจัดซื้อจัดจ้าง,วิธีการจัดซื้อจัดจ้าง,ราคากลาง (บาท),ราคาที่ตกลงซื้อหรือจ้าง (บาท),รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก,เลขที่โครงการในระบบ e-GP,เลขประจำตัวผู้เสียภาษี,วันที่ลงนามในสัญญา,วันที่สิ้นสุดสัญญา\n";

    #[test]
    fn a_good_csv_is_read_with_thai_forms() {
        let p = csv(&format!(
            "{HEADER}1,2569,\"จัดซื้อวัสดุสำนักงาน, ครั้งที่ 1\",\"๑๒,๕๐๐\",ข้อบัญญัติงบประมาณรายจ่ายประจำปี,สิ้นสุดระยะสัญญา,เฉพาะเจาะจง,12500,12000 บาท,ร้านตัวอย่างพาณิชย์,68129000001,107537001510,10 ธ.ค. 68,20 ธ.ค. 2568\n"
        ));
        assert!(p.can_commit(), "{p:?}");
        let (row, item) = &p.items[0];
        assert_eq!(*row, 2);
        assert_eq!(item.item_name, "จัดซื้อวัสดุสำนักงาน, ครั้งที่ 1");
        assert_eq!(item.allocated_budget, 12_500 * 100);
        assert_eq!(item.agreed_price, Some(12_000 * 100));
        assert_eq!(
            item.vendor_tax_id.as_deref(),
            Some("0107537001510"),
            "leading zero restored"
        );
        assert_eq!(item.contract_start, NaiveDate::from_ymd_opt(2025, 12, 10));
    }

    #[test]
    fn every_bad_cell_is_reported_by_row_and_column() {
        let p = csv(&format!(
            "{HEADER}1,2569,งานหนึ่ง,abc,เงินกู้,สิ้นสุดระยะสัญญา,เฉพาะเจาะจง,,1000,ร้าน,123,0107537001511,2025-12-31,2025-12-01\n2,2569,,1000,ข้อบัญญัติงบประมาณรายจ่ายประจำปี,ยังไม่ลงนามในสัญญา,เฉพาะเจาะจง,,,,,,,\n"
        ));
        assert!(!p.can_commit());
        let at = |row: usize, column: &str| {
            p.problems
                .iter()
                .find(|q| q.row == row && q.column == column)
                .unwrap_or_else(|| panic!("no problem at {column}{row}: {:?}", p.problems))
        };
        assert!(at(2, "D").message.contains("วงเงินงบประมาณ"));
        assert!(at(2, "E").message.contains("เงินกู้"));
        assert!(at(2, "K").message.contains("11 หลัก"));
        assert!(at(2, "L").message.contains("เลขประจำตัวผู้เสียภาษี"));
        assert!(at(2, "N").message.contains("ต้องไม่ก่อน"));
        assert!(at(3, "C").message.contains("ชื่อรายการ"));
        assert_eq!(at(2, "D").header, "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)");
    }

    #[test]
    fn files_without_the_right_header_say_so() {
        let p = csv("a,b,c\n1,2,3\n");
        assert_eq!(p.file_problems.len(), 1);
        let p = csv(
            "ที่,ปีงบประมาณ,ชื่อรายการของงานที่ซื้อหรือจ้าง,วิธีการจัดซื้อจัดจ้าง,สถานะการจัดซื้อจัดจ้าง\n1,2569,x,เฉพาะเจาะจง,สิ้นสุดระยะสัญญา\n",
        );
        assert!(
            p.file_problems.iter().any(|m| m.contains("วงเงินงบประมาณ")),
            "{:?}",
            p.file_problems
        );
        assert!(read_csv(b"\"open quote,1\n").is_err());
    }

    #[test]
    fn windows_874_is_decoded() {
        // "ที่" in TIS-620: 0xB7 0xD5 0xE8.
        let t = read_csv(&[0xB7, 0xD5, 0xE8, b',', b'x', b'\n']).unwrap();
        assert_eq!(t[0][0], "ที่");
    }

    #[test]
    fn excel_dates_and_be_years_in_date_cells() {
        assert_eq!(excel_date(44844.0), NaiveDate::from_ymd_opt(2022, 10, 10));
        // 10 Oct 2565 stored as if 2565 were a Common Era year.
        let serial = (NaiveDate::from_ymd_opt(2565, 10, 10).unwrap()
            - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
        .num_days() as f64;
        assert_eq!(excel_date(serial), NaiveDate::from_ymd_opt(2022, 10, 10));
        assert_eq!(excel_date(-5.0), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }

    proptest::proptest! {
        #[test]
        fn importing_junk_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            if let Ok(t) = read_csv(&bytes) {
                let _ = preview(&t, reference(), 2569);
            }
            let _ = read_xlsx(&bytes);
            let mut zipish = b"PK\x03\x04".to_vec();
            zipish.extend_from_slice(&bytes);
            let _ = read_xlsx(&zipish);
        }

        #[test]
        fn truncated_real_files_never_panic(cut in 0usize..6000) {
            let full = sample_xlsx();
            let _ = read_xlsx(&full[..cut.min(full.len())]);
        }
    }

    fn sample_xlsx() -> Vec<u8> {
        use prongsai_export::{Cell, Column, ColumnKind, Sheet};
        prongsai_export::write_workbook(&[Sheet {
            name: "x".into(),
            title: None,
            columns: vec![
                Column::new("ชื่อรายการของงานที่ซื้อหรือจ้าง", 30.0, ColumnKind::Text),
                Column::new("วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", 10.0, ColumnKind::Money),
            ],
            rows: (0..50)
                .map(|i| vec![Cell::Text(format!("งาน {i}")), Cell::Money(i * 100)])
                .collect(),
        }])
        .unwrap()
    }
}
