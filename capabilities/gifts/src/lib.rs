//! No Gift Policy (see README.md).

pub mod api;
pub mod demo;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod report;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of a year's No Gift Policy page.
pub const KIND: &str = "no_gift_year";

pub fn capability() -> Capability {
    Capability {
        name: "gifts",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "gifts.menu",
            href: "/staff/gifts",
            visible: |s| s.can::<permissions::ManageGifts>(),
        }],
        public_links: &[PublicLink {
            label: "gifts.link_label",
            description: "gifts.link_desc",
            href: "/no-gift",
            order: 75,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "no-gift-register",
            title: "gifts.dataset_title",
            description: "gifts.dataset_description",
            kind: KIND,
            page: "/no-gift",
            api: "/api/v1/no-gift",
            csv: "/no-gift.csv",
            keywords: &["No Gift Policy", "ของขวัญ", "ผลประโยชน์"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
