//! What a capability brings to the application: its routes, migrations, interface text,
//! staff menu entries, links on the public home page and background jobs. The server
//! lists every capability once (`server/src/capabilities.rs`).

use axum::Router;
use prongsai_jobs::Registry;
use prongsai_kernel::Staff;
use sea_orm_migration::MigrationTrait;

use crate::state::AppState;

pub struct Capability {
    /// Short English name, as in `capabilities/<name>`.
    pub name: &'static str,
    pub routes: fn() -> Router<AppState>,
    pub migrations: fn() -> Vec<Box<dyn MigrationTrait>>,
    /// `(th.toml, en.toml)` contents.
    pub locales: (&'static str, &'static str),
    pub staff_menu: &'static [MenuItem],
    pub public_links: &'static [PublicLink],
    pub jobs: fn(&mut Registry<AppState>),
    /// Open datasets: each is listed in `/open-data`, `/catalog.jsonld` and the CKAN API.
    pub datasets: &'static [Dataset],
    /// OpenAPI 3 fragment: `{"paths": {...}, "schemas": {...}}` of the capability's API.
    pub openapi: fn() -> serde_json::Value,
}

/// A list a capability publishes as open data.
#[derive(Clone, Copy, Debug)]
pub struct Dataset {
    /// URL-safe name (`news`); the CKAN package is `<organization>-<name>`.
    pub name: &'static str,
    /// Locale keys of its title and description.
    pub title: &'static str,
    pub description: &'static str,
    /// The publication kind whose records it lists (for its update date and years).
    pub kind: &'static str,
    /// The human page, the JSON list and the CSV download.
    pub page: &'static str,
    pub api: &'static str,
    pub csv: &'static str,
    pub keywords: &'static [&'static str],
}

/// No API of its own.
pub fn no_openapi() -> serde_json::Value {
    serde_json::json!({})
}

/// An entry of the staff area's menu, shown to those `visible` allows (the routes check
/// permissions again on the server).
#[derive(Clone, Copy)]
pub struct MenuItem {
    pub label: &'static str,
    pub href: &'static str,
    pub visible: fn(&Staff) -> bool,
}

/// A service link on the public home page.
#[derive(Clone, Copy, Debug)]
pub struct PublicLink {
    pub label: &'static str,
    pub description: &'static str,
    pub href: &'static str,
    /// Lower numbers come first.
    pub order: u16,
}

pub fn no_jobs(_: &mut Registry<AppState>) {}

pub fn no_migrations() -> Vec<Box<dyn MigrationTrait>> {
    Vec::new()
}
