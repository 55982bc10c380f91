//! Human resources (see README.md).

pub mod api;
pub mod demo;
pub mod ethics;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod report;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of a fiscal year's HR report (staffing, trainings, plan results).
pub const KIND: &str = "hr_report";

pub fn capability() -> Capability {
    Capability {
        name: "hr",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[
            MenuItem {
                label: "hr.menu",
                href: "/staff/hr",
                visible: |s| s.can::<permissions::ManageHr>(),
            },
            MenuItem {
                label: "hr.ethics_menu",
                href: "/staff/ethics",
                visible: |s| s.can::<permissions::ManageHr>(),
            },
        ],
        public_links: &[
            PublicLink {
                label: "hr.link_label",
                description: "hr.link_desc",
                href: "/hr",
                order: 79,
            },
            PublicLink {
                label: "hr.ethics_link_label",
                description: "hr.ethics_link_desc",
                href: "/ethics",
                order: 80,
            },
        ],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "hr",
            title: "hr.dataset_title",
            description: "hr.dataset_description",
            kind: KIND,
            page: "/hr",
            api: "/api/v1/hr",
            csv: "/hr.csv",
            keywords: &[
                "อัตรากำลัง",
                "ทรัพยากรบุคคล",
                "การฝึกอบรม",
                "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล",
            ],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
