//! News and announcements (see README.md).

pub mod api;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

/// The publication kind of news items.
pub const KIND: &str = "news";

pub fn capability() -> Capability {
    Capability {
        name: "news",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "news.menu",
            href: "/staff/news",
            visible: |s| s.can::<permissions::ManageNews>(),
        }],
        public_links: &[PublicLink {
            label: "news.link_label",
            description: "news.link_desc",
            href: "/news",
            order: 5,
        }],
        jobs: prongsai_web::manifest::no_jobs,
        datasets: &[Dataset {
            name: "news",
            title: "news.dataset_title",
            description: "news.dataset_description",
            kind: KIND,
            page: "/news",
            api: "/api/v1/news",
            csv: "/news.csv",
            keywords: &["ข่าวประชาสัมพันธ์", "ประกาศ", "กิจกรรม"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
