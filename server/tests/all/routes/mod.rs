mod auth;
mod csrf;
pub mod documents;
mod home;
mod setup;
mod system;
mod users;
