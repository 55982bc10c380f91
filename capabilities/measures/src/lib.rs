//! Measures of the year and the annual measures report (see README.md).

pub mod api;
pub mod demo;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod report;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The audit target kind of a measure.
pub const KIND: &str = "measure";

pub fn capability() -> Capability {
    Capability {
        name: "measures",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "measures.menu",
            href: "/staff/measures",
            visible: |s| s.can::<permissions::ManageMeasures>(),
        }],
        public_links: &[PublicLink {
            label: "measures.link_label",
            description: "measures.link_desc",
            href: "/measures",
            order: 75,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "measures",
            title: "measures.dataset_title",
            description: "measures.dataset_description",
            kind: KIND,
            page: "/measures",
            api: "/api/v1/measures",
            csv: "/measures.csv",
            keywords: &[
                "มาตรการ",
                "ITA",
                "คุณธรรมและความโปร่งใส",
                "รายงานผลการดำเนินการ",
            ],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
