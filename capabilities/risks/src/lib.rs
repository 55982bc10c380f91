//! Corruption-risk registers (see README.md).

pub mod api;
pub mod demo;
pub mod matrix;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod report;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of an assessment.
pub const KIND: &str = "risk_assessment";

pub fn capability() -> Capability {
    Capability {
        name: "risks",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "risks.menu",
            href: "/staff/risks",
            visible: |s| s.can::<permissions::ManageRisks>(),
        }],
        public_links: &[PublicLink {
            label: "risks.link_label",
            description: "risks.link_desc",
            href: "/risks",
            order: 70,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "corruption-risks",
            title: "risks.dataset_title",
            description: "risks.dataset_description",
            kind: KIND,
            page: "/risks",
            api: "/api/v1/risks",
            csv: "/risks.csv",
            keywords: &["ความเสี่ยงการทุจริต", "สินบน", "มาตรการ"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
