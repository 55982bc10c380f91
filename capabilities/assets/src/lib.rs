//! Government assets (C9, see README.md): the register of durable goods, the borrowing
//! manual, borrow requests and their approval, the reservation calendar, hand-over and
//! return, overdue tracking and periodic inspections.

pub mod api;
pub mod demo;
pub mod jobs;
pub mod migrations;
pub mod model;
pub mod permissions;
pub mod register;
pub mod store;
pub mod web;

use prongsai_web::{Capability, Dataset, MenuItem, PublicLink};

pub fn capability() -> Capability {
    Capability {
        name: "assets",
        routes: web::routes,
        migrations: migrations::migrations,
        locales: (
            include_str!("../locales/th.toml"),
            include_str!("../locales/en.toml"),
        ),
        staff_menu: &[MenuItem {
            label: "assets.menu",
            href: "/staff/assets",
            visible: |s| s.can::<permissions::ManageAssets>(),
        }],
        public_links: &[PublicLink {
            label: "assets.link_label",
            description: "assets.link_desc",
            href: "/assets",
            order: 78,
        }],
        jobs: jobs::register,
        datasets: &[Dataset {
            name: "assets",
            title: "assets.dataset_title",
            description: "assets.dataset_description",
            kind: store::MANUAL_KIND,
            page: "/assets",
            api: "/api/v1/assets",
            csv: "/assets.csv",
            keywords: &["ครุภัณฑ์", "ยืม-คืนพัสดุ", "ทรัพย์สินของราชการ"],
        }],
        openapi: || serde_json::from_str(include_str!("../openapi.json")).unwrap_or_default(),
    }
}
