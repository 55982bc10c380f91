//! The ITA (การประเมินคุณธรรมและความโปร่งใส) catalog and compliance checker (issue 8,
//! parts 2 and 3; see README.md).
//!
//! - [`catalog`]: the OIT items of each assessment year, read from `data/oit-<year>.toml`.
//! - [`check`]: evaluates a year's items against the organization's published records.
//! - [`web`]: the staff dashboard `/staff/ita`, the public page `/ita`, the ITAS
//!   submission sheet (XLSX, CSV) and the JSON API.
//! - [`results`]: last year's result per indicator and its analysis into this year's
//!   measures (`/staff/ita/results`), shown on the public page.

pub mod catalog;
pub mod check;
pub mod permissions;
pub mod results;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The kind the open-data entry names (the sheet is computed, never published).
pub const KIND: &str = "ita_check";

pub fn capability() -> Capability {
    Capability {
        name: "ita",
        routes: web::routes,
        migrations: results::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "ita.menu",
            href: "/staff/ita",
            visible: |s| s.can::<permissions::ViewItaDashboard>(),
        }],
        public_links: &[PublicLink {
            label: "links.ita.label",
            description: "links.ita.desc",
            href: "/ita",
            order: 90,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "ita-oit",
            title: "ita.dataset_title",
            description: "ita.dataset_description",
            kind: KIND,
            page: "/ita",
            api: "/api/v1/ita",
            csv: "/ita.csv",
            keywords: &["ITA", "OIT", "การเปิดเผยข้อมูลสาธารณะ", "คุณธรรมและความโปร่งใส"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
