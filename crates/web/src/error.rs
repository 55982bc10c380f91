//! Every error of a request handler becomes an HTTP answer here, and only here.
//!
//! Handlers return `Result<_, AppError>`. [`AppError::into_response`] decides the status
//! and marks the response with its [`ErrorKind`]; the `render_errors` middleware then
//! writes the body: an error page in the visitor's language, or JSON under `/api/`.

use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;
use prongsai_kernel::Error;

/// The kinds of error a visitor can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    RateLimited,
    CsrfFailed,
    PayloadTooLarge,
    UnknownOrganization,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::NotFound | ErrorKind::UnknownOrganization => StatusCode::NOT_FOUND,
            ErrorKind::Forbidden | ErrorKind::CsrfFailed => StatusCode::FORBIDDEN,
            ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Locale key stem of its page: `error.<code>.title` and `error.<code>.body`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Conflict => "conflict",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::CsrfFailed => "csrf",
            ErrorKind::PayloadTooLarge => "too_large",
            ErrorKind::UnknownOrganization => "unknown_organization",
            ErrorKind::Internal => "internal",
        }
    }

    pub fn from_status(status: StatusCode) -> Option<ErrorKind> {
        Some(match status.as_u16() {
            400 => ErrorKind::BadRequest,
            403 => ErrorKind::Forbidden,
            404 | 405 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            413 => ErrorKind::PayloadTooLarge,
            415 | 422 => ErrorKind::Invalid,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Internal,
            _ => return None,
        })
    }
}

/// An error leaving a handler.
#[derive(Debug)]
pub enum AppError {
    Kind(ErrorKind),
    /// Not signed in: go to the sign-in page, then come back to `next`.
    SignInRequired {
        next: String,
    },
    /// A fresh install without an organization: go to `/setup`.
    SetupRequired,
    /// Go elsewhere first (a local path).
    Redirect(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn not_found() -> Self {
        Self::Kind(ErrorKind::NotFound)
    }

    pub fn forbidden() -> Self {
        Self::Kind(ErrorKind::Forbidden)
    }

    pub fn bad_request() -> Self {
        Self::Kind(ErrorKind::BadRequest)
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "internal error");
        Self::Kind(ErrorKind::Internal)
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::NotFound => Self::Kind(ErrorKind::NotFound),
            Error::Forbidden => Self::Kind(ErrorKind::Forbidden),
            Error::Unauthenticated => Self::SignInRequired {
                next: "/staff".into(),
            },
            Error::Invalid(_) => Self::Kind(ErrorKind::Invalid),
            Error::Conflict(_) => Self::Kind(ErrorKind::Conflict),
            Error::RateLimited => Self::Kind(ErrorKind::RateLimited),
            Error::Db(e) => Self::internal(format!("database: {e}")),
            Error::Internal(e) => Self::internal(e),
        }
    }
}

impl From<prongsai_db::sea_orm::DbErr> for AppError {
    fn from(e: prongsai_db::sea_orm::DbErr) -> Self {
        Self::from(Error::from(e))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        Self::internal(format!("json: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Kind(kind) => {
                let mut response = kind.status().into_response();
                response.extensions_mut().insert(kind);
                response
            }
            AppError::SignInRequired { next } => {
                let next = if crate::extract::is_local_path(&next) {
                    next
                } else {
                    "/staff".into()
                };
                Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response()
            }
            AppError::SetupRequired => Redirect::to("/setup").into_response(),
            AppError::Redirect(to) => Redirect::to(&to).into_response(),
        }
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
