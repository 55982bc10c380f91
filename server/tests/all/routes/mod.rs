mod auth;
mod csrf;
pub mod documents;
mod home;
mod profile;
mod setup;
mod system;
mod users;
