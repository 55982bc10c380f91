//! Built without the `pdf` feature: the same API, every PDF request an error.

use std::path::{Path, PathBuf};

use crate::{ReportDocument, ReportError};

const DISABLED: &str = "this build has no PDF renderer (the `pdf` feature is off)";

#[derive(Clone, Debug)]
pub struct Fonts {
    dir: PathBuf,
}

impl Fonts {
    pub fn load(dir: &Path) -> Result<Self, ReportError> {
        Err(ReportError::Font(format!("{}: {DISABLED}", dir.display())))
    }

    pub fn discover() -> Result<Self, ReportError> {
        Err(ReportError::Font(DISABLED.to_owned()))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

pub fn render_pdf(_doc: &ReportDocument, _fonts: &Fonts) -> Result<Vec<u8>, ReportError> {
    Err(ReportError::Typeset(DISABLED.to_owned()))
}
