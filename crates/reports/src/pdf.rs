//! PDF through typst used as a library: a small `World` with one main source (the template
//! in `report.typ`), one virtual data file (`data.json`, the report as JSON, read by the
//! template with `json(...)`: user text is never spliced into markup) and the fonts.

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::{CONTINUED, ReportDocument, ReportError, paragraphs};

const TEMPLATE: &str = include_str!("report.typ");
/// The font files read at run time (GPL-2+ with font exception: shipped beside the binary,
/// not compiled into it).
pub const FONT_FILES: [&str; 2] = ["Laksaman.ttf", "Laksaman-Bold.ttf"];

/// Fonts loaded from files at run time.
#[derive(Clone)]
pub struct Fonts {
    fonts: Vec<Font>,
    dir: PathBuf,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("dir", &self.dir)
            .field("count", &self.fonts.len())
            .finish()
    }
}

impl Fonts {
    /// Loads Laksaman regular and bold from `dir`.
    pub fn load(dir: &Path) -> Result<Self, ReportError> {
        let mut fonts = Vec::new();
        for name in FONT_FILES {
            let path = dir.join(name);
            let data = std::fs::read(&path)
                .map_err(|e| ReportError::Font(format!("{}: {e}", path.display())))?;
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                return Err(ReportError::Font(format!(
                    "{}: not a font file",
                    path.display()
                )));
            }
        }
        Ok(Self {
            fonts,
            dir: dir.to_owned(),
        })
    }

    /// Finds the font directory: `$PRONGSAI_FONT_DIR`, then `fonts/` beside the executable,
    /// then `/usr/share/prongsai/fonts`, then this crate's `assets/fonts` in a source
    /// checkout, then Debian's `fonts-tlwg-laksaman-ttf`.
    pub fn discover() -> Result<Self, ReportError> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(dir) = std::env::var_os("PRONGSAI_FONT_DIR") {
            candidates.push(PathBuf::from(dir));
        }
        if let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("fonts")))
        {
            candidates.push(dir);
        }
        candidates.push(PathBuf::from("/usr/share/prongsai/fonts"));
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts"));
        candidates.push(PathBuf::from("/usr/share/fonts/truetype/tlwg"));
        for dir in &candidates {
            if FONT_FILES.iter().all(|f| dir.join(f).is_file()) {
                return Self::load(dir);
            }
        }
        Err(ReportError::Font(format!(
            "Laksaman.ttf and Laksaman-Bold.ttf not found in any of {candidates:?}; set PRONGSAI_FONT_DIR"
        )))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(PathBuf::from(format!("{id:?}"))))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

fn file_id(path: &str) -> Result<FileId, ReportError> {
    let vpath = VirtualPath::new(path).map_err(|e| ReportError::Typeset(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The JSON the template reads: the cover lines, the column headings and the cells already
/// split into paragraphs.
fn template_data(doc: &ReportDocument) -> serde_json::Value {
    let topics: Vec<serde_json::Value> = doc
        .topics
        .iter()
        .map(|t| {
            serde_json::json!({
                "title": t.title,
                "rows": t.rows.iter().map(|r| (0..doc.columns.len()).map(|i| paragraphs(r.cell(i))).collect::<Vec<_>>()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "title": doc.title,
        "fiscal_year": doc.fiscal_year,
        "cover": doc.cover_lines(),
        "table_title": doc.table_title,
        "intro": doc.intro,
        "closing": doc.closing,
        "columns": doc.columns.iter().map(|c| &c.title).collect::<Vec<_>>(),
        "widths": doc.columns.iter().map(|c| c.width).collect::<Vec<_>>(),
        "continued": CONTINUED,
        "topics": topics,
    })
}

/// Renders the report as PDF.
pub fn render_pdf(doc: &ReportDocument, fonts: &Fonts) -> Result<Vec<u8>, ReportError> {
    let main_id = file_id("/report.typ")?;
    let data_id = file_id("/data.json")?;
    let data =
        serde_json::to_vec(&template_data(doc)).map_err(|e| ReportError::Typeset(e.to_string()))?;
    let world = ReportWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts.fonts)),
        fonts: fonts.fonts.clone(),
        main: Source::new(main_id, TEMPLATE.to_owned()),
        data_id,
        data: Bytes::new(data),
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        ReportError::Typeset(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        ReportError::Typeset(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
