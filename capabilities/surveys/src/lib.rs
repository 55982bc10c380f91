//! Satisfaction surveys (แบบประเมินความพึงพอใจ, see README.md).

pub mod api;
pub mod jobs;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of monthly summaries.
pub const SUMMARY_KIND: &str = "survey_summary";

pub fn capability() -> Capability {
    Capability {
        name: "surveys",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "surveys.menu",
            href: "/staff/surveys",
            visible: |s| s.can::<permissions::ReviewSurveys>(),
        }],
        public_links: &[PublicLink {
            label: "surveys.link_label",
            description: "surveys.link_desc",
            href: "/surveys",
            order: 55,
        }],
        jobs: jobs::register,
        datasets: &[Dataset {
            name: "satisfaction-surveys",
            title: "surveys.dataset_title",
            description: "surveys.dataset_description",
            kind: SUMMARY_KIND,
            page: "/surveys",
            api: "/api/v1/surveys",
            csv: "/surveys.csv",
            keywords: &["ความพึงพอใจ", "แบบประเมิน", "การให้บริการ"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
