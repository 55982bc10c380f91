mod auth;
mod csrf;
pub mod documents;
mod home;
mod questions;
mod setup;
mod system;
mod users;
