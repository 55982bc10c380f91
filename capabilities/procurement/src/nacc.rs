//! The procurement sheet "in the format NACC prescribes" (XLSX) and the same table as CSV.
//! Column order and headers come from the year's data file, never from code.

use prongsai_export::{Cell, Column, ColumnKind, Sheet};

use crate::reference::YearReference;
use crate::rows::{Agency, ItemRow};

fn kind_of(field: &str) -> (ColumnKind, f64) {
    match field {
        "row_number" => (ColumnKind::Integer, 6.0),
        "fiscal_year" => (ColumnKind::Integer, 11.0),
        "allocated_budget" | "reference_price" | "agreed_price" => (ColumnKind::Money, 16.0),
        "contract_start" | "contract_end" => (ColumnKind::Date, 18.0),
        "item_name" => (ColumnKind::Paragraph, 48.0),
        "vendor_name" | "agency_name" => (ColumnKind::Paragraph, 30.0),
        "egp_project_number" | "vendor_tax_id" => (ColumnKind::Text, 17.0),
        _ => (ColumnKind::Text, 18.0),
    }
}

/// The value of one field of a row, as a cell.
pub fn cell_of(
    field: &str,
    index: usize,
    row: &ItemRow,
    agency: &Agency,
    reference: &YearReference,
) -> Cell {
    let i = &row.item;
    let text = |s: &str| Cell::Text(s.to_owned());
    let opt_text = |s: &Option<String>| s.as_deref().map(text).unwrap_or(Cell::Empty);
    match field {
        "row_number" => Cell::Int(index as i64 + 1),
        "fiscal_year" => Cell::Int(i64::from(i.fiscal_year)),
        "agency_name" => text(&agency.name),
        "district" => text(&agency.district),
        "province" => text(&agency.province),
        "ministry" => text(&reference.agency.ministry),
        "agency_type" => text(&reference.agency.agency_type),
        "item_name" => text(&i.item_name),
        "allocated_budget" => Cell::Money(i.allocated_budget),
        "budget_source" => text(
            reference
                .budget_source(&i.budget_source)
                .map(|c| c.name.as_str())
                .unwrap_or(&i.budget_source),
        ),
        "status" => text(
            reference
                .status(&i.status)
                .map(|c| c.name.as_str())
                .unwrap_or(&i.status),
        ),
        "method" => text(
            reference
                .method(&i.method)
                .map(|c| c.name.as_str())
                .unwrap_or(&i.method),
        ),
        "reference_price" => i.reference_price.map(Cell::Money).unwrap_or(Cell::Empty),
        "agreed_price" => i.agreed_price.map(Cell::Money).unwrap_or(Cell::Empty),
        "vendor_name" => opt_text(&i.vendor_name),
        "egp_project_number" => opt_text(&i.egp_project_number),
        "vendor_tax_id" => opt_text(&i.vendor_tax_id),
        "contract_start" => i.contract_start.map(Cell::Date).unwrap_or(Cell::Empty),
        "contract_end" => i.contract_end.map(Cell::Date).unwrap_or(Cell::Empty),
        _ => Cell::Empty,
    }
}

/// The sheet of a fiscal year's items, without its rows (see [`nacc_cells`]).
pub fn nacc_sheet_head(reference: &YearReference) -> Sheet {
    Sheet {
        name: "ข้อมูลการจัดซื้อจัดจ้าง".into(),
        title: None,
        columns: reference
            .columns
            .iter()
            .map(|c| {
                let (kind, width) = kind_of(&c.field);
                Column::new(c.header.clone(), width, kind)
            })
            .collect(),
        rows: Vec::new(),
    }
}

/// The rows of the sheet, one at a time, in the year's column order.
pub fn nacc_cells<'a>(
    reference: &'a YearReference,
    agency: &'a Agency,
    rows: &'a [ItemRow],
) -> impl Iterator<Item = Vec<Cell>> + 'a {
    rows.iter().enumerate().map(move |(i, row)| {
        reference
            .columns
            .iter()
            .map(|c| cell_of(&c.field, i, row, agency, reference))
            .collect()
    })
}

/// The XLSX file of a fiscal year's items, written one row at a time (a year of 100,000
/// items does not hold the whole sheet in memory).
pub fn nacc_xlsx(
    reference: &YearReference,
    agency: &Agency,
    rows: &[ItemRow],
) -> Result<Vec<u8>, prongsai_export::ExportError> {
    prongsai_export::write_streamed_workbook(
        &nacc_sheet_head(reference),
        nacc_cells(reference, agency, rows),
    )
}

/// The same table as CSV cells (amounts in baht with two decimals, dates ISO): the header,
/// then the rows one at a time.
pub fn csv_rows<'a>(
    reference: &'a YearReference,
    agency: &'a Agency,
    rows: &'a [ItemRow],
) -> (Vec<String>, impl Iterator<Item = Vec<String>> + 'a) {
    let header = reference.columns.iter().map(|c| c.header.clone()).collect();
    let body = nacc_cells(reference, agency, rows).map(|cells| {
        cells
            .into_iter()
            .map(|cell| match cell {
                Cell::Text(s) => s,
                Cell::Int(n) => n.to_string(),
                Cell::Money(satang) => format!("{}.{:02}", satang / 100, (satang % 100).abs()),
                Cell::Date(d) => d.to_string(),
                Cell::Decimal(v) => format!("{v:.2}"),
                Cell::Empty => String::new(),
            })
            .collect()
    });
    (header, body)
}
