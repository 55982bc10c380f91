//! The home page and the site search (see README.md).

pub mod web;

use prongsai_web::Capability;

pub fn capability() -> Capability {
    Capability {
        name: "portal",
        routes: web::routes,
        migrations: prongsai_web::manifest::no_migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[],
        public_links: &[],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[],
        openapi: prongsai_web::manifest::no_openapi,
    }
}
