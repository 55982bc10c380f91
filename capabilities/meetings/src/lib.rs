//! Meetings and public participation (see README.md).

pub mod api;
pub mod demo;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of a meeting record (its category is the meeting kind).
pub const KIND: &str = "meeting";

pub fn capability() -> Capability {
    Capability {
        name: "meetings",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "meetings.menu",
            href: "/staff/meetings",
            visible: |s| s.can::<permissions::ManageMeetings>(),
        }],
        public_links: &[PublicLink {
            label: "meetings.link_label",
            description: "meetings.link_desc",
            href: "/meetings",
            order: 78,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "meetings",
            title: "meetings.dataset_title",
            description: "meetings.dataset_description",
            kind: KIND,
            page: "/meetings",
            api: "/api/v1/meetings",
            csv: "/meetings.csv",
            keywords: &["การประชุม", "เวทีประชาคม", "การมีส่วนร่วม", "รายงานการประชุม"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
