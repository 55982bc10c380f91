//! The home page and the site search (see README.md).

pub mod search;
pub mod web;

use prongsai_web::Capability;

pub fn capability() -> Capability {
    Capability {
        name: "portal",
        routes: web::routes,
        // The search index belongs to the portal, which offers the search box.
        migrations: prongsai_search::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[],
        public_links: &[],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
