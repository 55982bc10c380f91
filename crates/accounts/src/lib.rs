//! Staff accounts: users and their roles, Argon2id password hashes, sessions stored in
//! the database (so several servers can share them), the TOTP second factor and its
//! per-role policy, and sign-in throttling.
//!
//! Failed sign-ins of every kind (unknown account, wrong password, disabled account,
//! throttled) produce the same [`SignInError::Failed`] or
//! [`SignInError::Throttled`] answers, and take the same time, so the sign-in form does
//! not reveal which accounts exist.

pub mod password;
pub mod policy;
pub mod sessions;
pub mod signin;
pub mod totp;
pub mod users;

pub use password::PasswordParams;
pub use sessions::{SessionContext, SessionStage};
pub use signin::{SignInError, sign_in};
