//! XLSX through `prongsai-export`: one sheet, a title row, the topic in the first column and
//! the five report columns after it, one row per table row (paragraphs kept as lines).

use prongsai_export::{Cell, Column, ColumnKind, Sheet, write_workbook};

use crate::{COLUMNS, ReportDocument, ReportError, paragraphs};

/// The heading of the topic column.
pub const TOPIC_COLUMN: &str = "ประเด็น/ตัวชี้วัด";
/// Excel refuses cells longer than this.
const MAX_CELL: usize = 32_767;

fn text(s: &str) -> Cell {
    let joined = paragraphs(s).join("\n");
    if joined.chars().count() > MAX_CELL {
        Cell::Text(joined.chars().take(MAX_CELL).collect())
    } else {
        Cell::Text(joined)
    }
}

/// Renders the report as an Excel workbook.
pub fn render_xlsx(doc: &ReportDocument) -> Result<Vec<u8>, ReportError> {
    let widths = [30.0, 40.0, 45.0, 14.0, 50.0, 36.0];
    let mut columns = vec![Column::new(TOPIC_COLUMN, widths[0], ColumnKind::Paragraph)];
    for (i, h) in COLUMNS.iter().enumerate() {
        columns.push(Column::new(*h, widths[i + 1], ColumnKind::Paragraph));
    }
    let rows = doc
        .topics
        .iter()
        .flat_map(|t| {
            t.rows.iter().map(move |r| {
                let mut cells = vec![text(&t.title)];
                cells.extend(r.cells().iter().map(|c| text(c)));
                cells
            })
        })
        .collect();
    let sheet = Sheet {
        name: format!("มาตรการ {}", doc.fiscal_year),
        title: Some(format!(
            "{} ประจำปีงบประมาณ พ.ศ. {} {}",
            doc.title, doc.fiscal_year, doc.organization
        )),
        columns,
        rows,
    };
    Ok(write_workbook(&[sheet])?)
}
