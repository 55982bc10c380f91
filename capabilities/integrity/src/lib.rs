//! The confidential corruption-report channel (ร้องเรียนการทุจริตและประพฤติมิชอบ,
//! SPEC C8, issue 5; see README.md and docs/SECURITY.md).
//!
//! Nothing but the server depends on this crate (a test in the server checks it).

pub mod crypto;
pub mod jobs;
pub mod memory;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod web;

use prongsai_web::{Capability, MenuItem, PublicLink};

pub fn capability() -> Capability {
    Capability {
        name: "integrity",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "integrity.menu",
            href: "/staff/integrity",
            visible: |s| {
                s.has_role(prongsai_kernel::Role::InternalAuditor)
                    || s.can::<permissions::ManageIntegrityChannel>()
            },
        }],
        public_links: &[PublicLink {
            label: "links.corruption.label",
            description: "links.corruption.desc",
            href: "/corruption-reports",
            order: 30,
        }],
        jobs: jobs::register,
        datasets: &[],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
