//! Published documents (see README.md).

pub mod api;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of documents.
pub const KIND: &str = "document";

pub fn capability() -> Capability {
    Capability {
        name: "documents",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "documents.menu",
            href: "/staff/documents",
            visible: |s| s.can::<permissions::ManageDocuments>(),
        }],
        public_links: &[PublicLink {
            label: "links.documents.label",
            description: "links.documents.desc",
            href: "/documents",
            order: 50,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "documents",
            title: "documents.dataset_title",
            description: "documents.dataset_description",
            kind: KIND,
            page: "/documents",
            api: "/api/v1/documents",
            csv: "/documents.csv",
            keywords: &["ประกาศ", "คำสั่ง", "รายงาน", "เอกสารเผยแพร่"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
