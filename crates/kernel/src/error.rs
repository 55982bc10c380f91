//! The errors of the domain. The web layer turns each into one HTTP answer
//! (`prongsai-web/src/error.rs`); nothing else decides status codes.

use crate::validation::FieldErrors;
use prongsai_db::sea_orm::DbErr;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record does not exist, or exists in another organization, or the actor may
    /// not know that it exists. One answer for all three, so that ids cannot be probed.
    #[error("not found")]
    NotFound,
    /// Signed in but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// Not signed in (or the second factor is still missing).
    #[error("sign-in required")]
    Unauthenticated,
    /// Input that fails validation; each message names its field.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The request conflicts with the current state (double booking, stale edit...).
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many attempts; try again later.
    #[error("too many requests")]
    RateLimited,
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self::Internal(message.to_string())
    }

    /// A single-field validation error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        Self::Invalid(errors)
    }
}

impl From<FieldErrors> for Error {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::Internal(format!("json: {e}"))
    }
}
