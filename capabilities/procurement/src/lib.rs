//! Plans, budget and procurement disclosure (see README.md).

pub mod api;
pub mod demo;
pub mod import;
pub mod migrations;
pub mod model;
pub mod nacc;
pub mod ocds;
pub mod permissions;
pub mod redflags;
pub mod reference;
pub mod rows;
pub mod store;
pub mod summary;
pub mod validate;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

pub fn capability() -> Capability {
    Capability {
        name: "procurement",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "procurement.menu",
            href: "/staff/procurement",
            visible: |s| {
                s.can::<permissions::ManageProcurement>() || s.can::<permissions::ViewRedFlags>()
            },
        }],
        public_links: &[PublicLink {
            label: "procurement.link_label",
            description: "procurement.link_desc",
            href: "/procurement",
            order: 60,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "procurement",
            title: "procurement.dataset_title",
            description: "procurement.dataset_description",
            kind: store::LIST_KIND,
            page: "/procurement",
            api: "/procurement/latest-ocds.json",
            csv: "/procurement/latest.csv",
            keywords: &["จัดซื้อจัดจ้าง", "สขร.", "e-GP", "OCDS"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
