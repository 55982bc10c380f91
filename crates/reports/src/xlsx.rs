//! XLSX through `prongsai-export`: one sheet, a title row, the topic in the first column and
//! the report's columns after it, one row per table row (paragraphs kept as lines).

use prongsai_export::{Cell, Column, ColumnKind, Sheet, write_workbook};

use crate::{ReportDocument, ReportError, paragraphs};

/// The heading of the topic column.
pub const TOPIC_COLUMN: &str = "ประเด็น/ตัวชี้วัด";
/// The topic cell of the rows that carry the paragraphs after the tables.
pub const CLOSING_LABEL: &str = "สรุป";
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
    let mut columns = vec![Column::new(TOPIC_COLUMN, 30.0, ColumnKind::Paragraph)];
    for c in &doc.columns {
        // The measures report's shares (10-25 %) give widths of 14-50 characters.
        let width = (f64::from(c.width) * 1.9).clamp(10.0, 60.0);
        columns.push(Column::new(c.title.clone(), width, ColumnKind::Paragraph));
    }
    let mut rows: Vec<Vec<Cell>> = doc
        .topics
        .iter()
        .flat_map(|t| {
            t.rows.iter().map(move |r| {
                let mut cells = vec![text(&t.title)];
                cells.extend((0..doc.columns.len()).map(|i| text(r.cell(i))));
                cells
            })
        })
        .collect();
    // The paragraphs after the tables, one row each, under "สรุป".
    for p in &doc.closing {
        rows.push(vec![text(CLOSING_LABEL), text(p)]);
    }
    let sheet = Sheet {
        name: if doc.sheet_name.trim().is_empty() {
            format!("รายงาน {}", doc.fiscal_year)
        } else {
            doc.sheet_name.clone()
        },
        title: Some(format!(
            "{} ประจำปีงบประมาณ พ.ศ. {} {}",
            doc.title, doc.fiscal_year, doc.organization
        )),
        columns,
        rows,
    };
    Ok(write_workbook(&[sheet])?)
}
