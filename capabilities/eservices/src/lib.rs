//! E-services, the One Stop Service counter and service statistics (see README.md).

pub mod api;
pub mod form;
pub mod jobs;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod staff;
pub mod stats;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of e-services: each published version is a version of the form.
pub const KIND: &str = "eservice";
/// The owner kind of files sent with requests (staff only).
pub const REQUEST_KIND: &str = "service_request";

pub fn capability() -> Capability {
    Capability {
        name: "eservices",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[
            MenuItem {
                label: "eservices.menu_requests",
                href: "/staff/requests",
                visible: |s| s.can::<permissions::HandleRequests>(),
            },
            MenuItem {
                label: "eservices.menu_counter",
                href: "/staff/counter",
                visible: |s| s.can::<permissions::RecordWalkIns>(),
            },
            MenuItem {
                label: "eservices.menu_forms",
                href: "/staff/e-services",
                visible: |s| s.can::<permissions::ManageEServices>(),
            },
        ],
        public_links: &[
            PublicLink {
                label: "eservices.link_label",
                description: "eservices.link_desc",
                href: "/e-services",
                order: 10,
            },
            PublicLink {
                label: "eservices.statistics_link_label",
                description: "eservices.statistics_link_desc",
                href: "/statistics",
                order: 50,
            },
        ],
        jobs: jobs::register,
        datasets: &[
            Dataset {
                name: "e-services",
                title: "eservices.dataset_title",
                description: "eservices.dataset_description",
                kind: KIND,
                page: "/e-services",
                api: "/api/v1/e-services",
                csv: "/e-services.csv",
                keywords: &["E-Service", "งานบริการออนไลน์", "คำร้อง"],
            },
            Dataset {
                name: "service-statistics",
                title: "eservices.stats_dataset_title",
                description: "eservices.stats_dataset_description",
                kind: KIND,
                page: "/statistics",
                api: "/api/v1/statistics",
                csv: "/statistics.csv",
                keywords: &["สถิติการให้บริการ", "Walk-in", "E-Service", "One Stop Service"],
            },
        ],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
