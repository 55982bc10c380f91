mod auth;
mod csrf;
pub mod documents;
mod home;
pub mod news;
mod opendata;
mod setup;
mod system;
mod users;
