//! Manuals (คู่มือ, see README.md): work manuals for staff and service manuals for
//! citizens, every field of ita-catalog §5.7 stored as a field.

pub mod api;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of manuals; the category is the manual's kind (`service`, `work`).
pub const KIND: &str = "manual";

pub fn capability() -> Capability {
    Capability {
        name: "manuals",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "manuals.menu",
            href: "/staff/manuals",
            visible: |s| s.can::<permissions::ManageManuals>(),
        }],
        public_links: &[PublicLink {
            label: "manuals.link_label",
            description: "manuals.link_desc",
            href: "/manuals",
            order: 12,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[
            Dataset {
                name: "service-manuals",
                title: "manuals.dataset_service_title",
                description: "manuals.dataset_service_description",
                kind: KIND,
                page: "/manuals?category=service",
                api: "/api/v1/manuals?category=service",
                csv: "/manuals.csv?category=service",
                keywords: &["คู่มือสำหรับประชาชน", "คู่มือการให้บริการ", "งานบริการ"],
            },
            Dataset {
                name: "work-manuals",
                title: "manuals.dataset_work_title",
                description: "manuals.dataset_work_description",
                kind: KIND,
                page: "/manuals?category=work",
                api: "/api/v1/manuals?category=work",
                csv: "/manuals.csv?category=work",
                keywords: &["คู่มือการปฏิบัติงาน", "มาตรฐานการปฏิบัติงาน"],
            },
        ],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
