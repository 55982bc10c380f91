//! General complaints (เรื่องร้องเรียน/ร้องทุกข์ทั่วไป, see README.md). Not the
//! corruption-report channel, which is a separate capability with its own protections.

pub mod api;
pub mod jobs;
pub mod manual;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod spam;
pub mod stats;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The audit target kind of complaints.
pub const KIND: &str = "complaint";
/// The dataset of statistics (no publication: aggregates counted when asked).
pub const STATISTICS_KIND: &str = "complaint_statistics";

pub fn capability() -> Capability {
    Capability {
        name: "complaints",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "complaints.menu",
            href: "/staff/complaints",
            visible: |s| s.can::<permissions::HandleComplaints>(),
        }],
        public_links: &[PublicLink {
            label: "complaints.link_label",
            description: "complaints.link_desc",
            href: "/complaints",
            order: 20,
        }],
        jobs: jobs::register,
        datasets: &[Dataset {
            name: "complaint-statistics",
            title: "complaints.dataset_title",
            description: "complaints.dataset_description",
            kind: STATISTICS_KIND,
            page: "/complaints/statistics",
            api: "/api/v1/complaints/statistics",
            csv: "/complaints/statistics.csv",
            keywords: &["เรื่องร้องเรียน", "ร้องทุกข์", "สถิติ", "complaints"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
