//! The small core every capability builds on: who the tenant is, who is acting and what
//! they may do, the audit chain, publication, settings, time and errors.
//!
//! Nothing here knows about HTTP; `prongsai-web` maps [`Error`] to responses in one place.

pub mod audit;
pub mod calendar;
pub mod clock;
pub mod error;
pub mod form_guard;
pub mod permissions;
pub mod publication;
pub mod random;
pub mod secret;
pub mod settings;
pub mod tenant;
pub mod throttle;
pub mod tracking;
pub mod validation;

pub use error::{Error, Result};
pub use permissions::{Actor, Authorized, Permission, Role, Staff};
pub use secret::Secret;
pub use tenant::Tenant;
pub use validation::{FieldError, FieldErrors};
